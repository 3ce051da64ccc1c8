<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ArchiveActions</name>
    <message>
        <location filename="../../ui/archive_actions.py" line="134"/>
        <location filename="../../ui/archive_actions.py" line="141"/>
        <source>Leave the archive…</source>
        <translation>脱困/退档…</translation>
    </message>
    <message>
        <location filename="../../ui/archive_actions.py" line="136"/>
        <location filename="../../ui/archive_actions.py" line="141"/>
        <source>Back on file…</source>
        <translation>恢复在档…</translation>
    </message>
    <message>
        <location filename="../../ui/archive_actions.py" line="210"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <location filename="../../ui/archive_actions.py" line="61"/>
        <location filename="../../ui/archive_actions.py" line="96"/>
        <source>Leave the archive</source>
        <translation>脱困/退档</translation>
    </message>
    <message>
        <location filename="../../ui/archive_actions.py" line="61"/>
        <location filename="../../ui/archive_actions.py" line="96"/>
        <source>Back on file</source>
        <translation>恢复在档</translation>
    </message>
    <message>
        <location filename="../../ui/archive_actions.py" line="87"/>
        <source>The family leaves the list of families on file; its record and history stay.</source>
        <translation>该家庭将移出在档名单，档案和帮扶记录都会保留。</translation>
    </message>
    <message>
        <location filename="../../ui/archive_actions.py" line="89"/>
        <source>The family is on file again; the earlier exit stays in the audit log.</source>
        <translation>该家庭将重新在档，原来的脱困/退档记录保留在操作日志中。</translation>
    </message>
    <message>
        <location filename="../../ui/archive_actions.py" line="97"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>AttachmentTableModel</name>
    <message>
        <location filename="../../ui/attachments_panel.py" line="64"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../ui/attachments_panel.py" line="85"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="86"/>
        <location filename="../../ui/attachments_panel.py" line="92"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="87"/>
        <location filename="../../ui/attachments_panel.py" line="92"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="88"/>
        <location filename="../../ui/attachments_panel.py" line="95"/>
        <source>Note…</source>
        <translation>说明…</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="89"/>
        <location filename="../../ui/attachments_panel.py" line="95"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="106"/>
        <source>Add documents</source>
        <translation>添加证明材料</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="108"/>
        <source>Scans, photos and documents ({0});;All files (*)</source>
        <translation>扫描件、照片和文档 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="136"/>
        <source>{0} of {1} files were added. Not added:</source>
        <translation>已添加 {0} 份（共 {1} 份），以下文件未添加：</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="138"/>
        <source>No file was added:</source>
        <translation>没有添加任何文件：</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="141"/>
        <source>Documents</source>
        <translation>证明材料</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="158"/>
        <location filename="../../ui/attachments_panel.py" line="163"/>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="164"/>
        <source>No program on this computer opens “{0}”. Use Save as… to copy it.</source>
        <translation>这台电脑上没有能打开“{0}”的程序。可以用“另存为…”把它复制出来。</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="180"/>
        <source>Save document as</source>
        <translation>证明材料另存为</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="188"/>
        <location filename="../../ui/attachments_panel.py" line="215"/>
        <location filename="../../ui/attachments_panel.py" line="218"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="205"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/attachments_panel.py" line="205"/>
        <source>Note on this document:</source>
        <translation>这份证明材料的说明：</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../../ui/audit_dialog.py" line="51"/>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="53"/>
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="58"/>
        <source>Record number</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="64"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="65"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="66"/>
        <source>Table</source>
        <translation>表</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="67"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="68"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="69"/>
        <source>Changes</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="117"/>
        <source>{0} entries (newest first)</source>
        <translation>共 {0} 条（最新在前）</translation>
    </message>
</context>
<context>
    <name>ChildPanel</name>
    <message>
        <location filename="../../ui/child_panel.py" line="38"/>
        <source>The database is open read-only: records can be read, printed and exported, not changed.</source>
        <translation>数据库以只读方式打开：可以查看、打印和导出，不能修改。</translation>
    </message>
    <message>
        <location filename="../../ui/child_panel.py" line="97"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/child_panel.py" line="98"/>
        <location filename="../../ui/child_panel.py" line="103"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/child_panel.py" line="99"/>
        <location filename="../../ui/child_panel.py" line="103"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/child_panel.py" line="161"/>
        <source>{0}: {1} times, ¥{2:,.2f}</source>
        <translation>{0}年：{1}次，¥{2:,.2f}</translation>
    </message>
    <message>
        <location filename="../../ui/child_panel.py" line="164"/>
        <source>Total per year — </source>
        <translation>按年合计：</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="36"/>
        <source>Both sides changed the same field</source>
        <translation>同一字段两边都改了</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="37"/>
        <source>Changed on one side, deleted on the other</source>
        <translation>一边修改一边删除</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="38"/>
        <source>The same ID number registered twice</source>
        <translation>身份证号重复</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="39"/>
        <source>Possibly on file in another street office as well</source>
        <translation>可能与其他街道重复建档</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="42"/>
        <source>Archive number already used by another archive of this office</source>
        <translation>档案编号已被本街道另一份档案使用</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="66"/>
        <source>Sync conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="78"/>
        <source>Value on this PC</source>
        <translation>本机的值</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="79"/>
        <source>Value on the server</source>
        <translation>服务器的值</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="90"/>
        <source>Show full numbers (recorded in the audit log)</source>
        <translation>显示完整号码（记入操作日志）</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="93"/>
        <source>Keep this PC&apos;s</source>
        <translation>保留本机</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="96"/>
        <source>Keep the server&apos;s</source>
        <translation>保留服务器</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="99"/>
        <source>Two different households</source>
        <translation>两户不同</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="103"/>
        <source>One of the two numbers was mistyped: the record here goes up on its own once the wrong number is corrected (here, or on the PC that entered the other one)</source>
        <translation>两户中有一户的号码登记错了：改正错号后（在本机改，或由登记另一户的电脑改正并同步），本机这户单独上传</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="108"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="111"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="153"/>
        <source>{0} decided; they are carried out at the next sync.</source>
        <translation>已决定 {0} 项，下次同步时生效。</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="192"/>
        <source> (decided: keep this PC&apos;s)</source>
        <translation>（已决定：保留本机）</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="194"/>
        <source> (decided: keep the server&apos;s)</source>
        <translation>（已决定：保留服务器）</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="196"/>
        <source> (decided: two different households)</source>
        <translation>（已决定：两户不同）</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="210"/>
        <source>No open conflicts.</source>
        <translation>没有未决的同步冲突。</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="218"/>
        <source>On file at: {0}</source>
        <translation>已在此处建档：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="218"/>
        <source>another office</source>
        <translation>另一个街道</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="230"/>
        <source>If both are the same household, keep one side: the two become one record. If they are two households, correct the mistyped number first (here, or on the PC that entered the other one), then choose Two different households.</source>
        <translation>如果两边是同一户，选择保留一边，两条合为一户；如果是两户不同，请先改正登记错的号码（在本机改，或由登记另一户的电脑改正），再选择“两户不同”。</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="238"/>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="241"/>
        <source>Registered on the server as: {0}</source>
        <translation>服务器上登记为：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="254"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="275"/>
        <source>No sync address is kept yet: set it under File &gt; Sync…</source>
        <translation>尚未填写同步地址：请在 文件 &gt; 同步… 中填写</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="280"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
</context>
<context>
    <name>DatabaseActions</name>
    <message>
        <location filename="../../ui/database_actions.py" line="58"/>
        <source>The database failed its integrity check:
{0}</source>
        <translation>数据库完整性检查未通过：
{0}</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="60"/>
        <location filename="../../ui/database_actions.py" line="69"/>
        <source>Database damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="65"/>
        <source>Restore the newest sound backup, taken {0}?</source>
        <translation>是否恢复最近一份完好的备份（{0}）？</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="80"/>
        <source>Back up to</source>
        <translation>备份到</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="82"/>
        <location filename="../../ui/database_actions.py" line="253"/>
        <source>Database files (*.sqlite3)</source>
        <translation>数据库文件 (*.sqlite3)</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="88"/>
        <location filename="../../ui/database_actions.py" line="93"/>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="91"/>
        <source> (encrypted: restoring it needs the same password)</source>
        <translation>（已加密：恢复时需要同一密码）</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="93"/>
        <source>Backed up to {0}</source>
        <translation>已备份到 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="100"/>
        <source>Restore from</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="102"/>
        <location filename="../../ui/database_actions.py" line="243"/>
        <source>Database files (*.sqlite3 *.db *.sqlite);;All files (*)</source>
        <translation>数据库文件 (*.sqlite3 *.db *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="108"/>
        <location filename="../../ui/database_actions.py" line="136"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="110"/>
        <source>Replace the current data with {0}? A copy of the current database is kept in the backups folder.</source>
        <translation>用 {0} 替换当前数据吗？当前数据库的副本会保存在备份文件夹中。</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="140"/>
        <source>Checking {0}…</source>
        <translation>正在检查“{0}”…</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="153"/>
        <source>Restoring from {0}…</source>
        <translation>正在从“{0}”恢复…</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="170"/>
        <location filename="../../ui/database_actions.py" line="184"/>
        <source>Database password</source>
        <translation>数据库密码</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="171"/>
        <source>A password can be set only on a local database opened for writing.</source>
        <translation>只能为以正常方式打开的本机数据库设置密码。</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="188"/>
        <source>Encrypting the database and its backups…</source>
        <translation>正在加密数据库及其备份…</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="210"/>
        <location filename="../../ui/database_actions.py" line="235"/>
        <source>Cannot open database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="224"/>
        <source>The database is encrypted. Enter its password to open it.</source>
        <translation>数据库已加密，请输入密码打开。</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="233"/>
        <source>The password is wrong.</source>
        <translation>密码不正确。</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="241"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="251"/>
        <location filename="../../ui/database_actions.py" line="259"/>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <location filename="../../ui/database_actions.py" line="260"/>
        <source>That file exists already; choose a new name.</source>
        <translation>该文件已存在，请换一个文件名。</translation>
    </message>
</context>
<context>
    <name>DistrictPanel</name>
    <message>
        <location filename="../../ui/district_panel.py" line="27"/>
        <source>Street office</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../ui/district_panel.py" line="28"/>
        <source>Enterprises</source>
        <translation>企业数</translation>
    </message>
    <message>
        <location filename="../../ui/district_panel.py" line="29"/>
        <source>Unionised</source>
        <translation>已建会</translation>
    </message>
    <message>
        <location filename="../../ui/district_panel.py" line="30"/>
        <source>Congresses (above-size)</source>
        <translation>规上企业职代会</translation>
    </message>
    <message>
        <location filename="../../ui/district_panel.py" line="31"/>
        <source>Hardship families (on file)</source>
        <translation>困难职工户数（在档）</translation>
    </message>
    <message>
        <location filename="../../ui/district_panel.py" line="32"/>
        <source>Aid this year (yuan)</source>
        <translation>本年帮扶金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/district_panel.py" line="33"/>
        <source>Last sync</source>
        <translation>上次同步时间</translation>
    </message>
    <message>
        <location filename="../../ui/district_panel.py" line="54"/>
        <source>Street offices</source>
        <translation>各街道工会</translation>
    </message>
    <message>
        <location filename="../../ui/district_panel.py" line="101"/>
        <source>never</source>
        <translation>从未同步</translation>
    </message>
</context>
<context>
    <name>DrillDownDialog</name>
    <message>
        <location filename="../../ui/target_dialogs.py" line="46"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1} 条</translation>
    </message>
    <message>
        <location filename="../../ui/target_dialogs.py" line="48"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/target_dialogs.py" line="48"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>EditGuard</name>
    <message>
        <location filename="../../ui/form_conflict.py" line="80"/>
        <location filename="../../ui/form_conflict.py" line="108"/>
        <source>This record has been deleted by someone else.</source>
        <translation>此记录已被他人删除。</translation>
    </message>
    <message>
        <location filename="../../ui/form_conflict.py" line="84"/>
        <source>This record has been changed by someone else. Your edits are kept; saving will ask what to do.</source>
        <translation>此记录已被他人修改。您的修改仍保留；保存时会询问如何处理。</translation>
    </message>
    <message>
        <location filename="../../ui/form_conflict.py" line="96"/>
        <source>Record deleted</source>
        <translation>记录已被删除</translation>
    </message>
    <message>
        <location filename="../../ui/form_conflict.py" line="99"/>
        <source>This record was deleted by someone else after you opened it; your edits were not saved. The form can stay open so you can copy text from it.</source>
        <translation>您打开这条记录之后，它已被他人删除；您的修改未保存。表单可以保持打开，以便复制其中的文字。</translation>
    </message>
    <message>
        <location filename="../../ui/form_conflict.py" line="103"/>
        <source>Keep the form open</source>
        <translation>保持表单打开</translation>
    </message>
    <message>
        <location filename="../../ui/form_conflict.py" line="104"/>
        <source>Close the form</source>
        <translation>关闭表单</translation>
    </message>
    <message>
        <location filename="../../ui/form_conflict.py" line="115"/>
        <source>Changed by someone else</source>
        <translation>记录已被他人修改</translation>
    </message>
    <message>
        <location filename="../../ui/form_conflict.py" line="119"/>
        <source>Someone else changed this record after you opened it; your edits are not saved yet. What should be done?</source>
        <translation>您打开这条记录之后，它已被他人修改；您的修改尚未保存。要怎样处理？</translation>
    </message>
    <message>
        <location filename="../../ui/form_conflict.py" line="123"/>
        <source>Load the latest content</source>
        <translation>载入最新内容</translation>
    </message>
    <message>
        <location filename="../../ui/form_conflict.py" line="125"/>
        <source>Save my edits over it</source>
        <translation>仍用我的修改覆盖</translation>
    </message>
    <message>
        <location filename="../../ui/form_conflict.py" line="127"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="34"/>
        <source>The computer ran out of memory. Nothing was saved by the step that failed; close other programs and try again.</source>
        <translation>电脑内存不足。出错的这一步没有保存任何内容；请关闭其他程序后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="44"/>
        <source>Something went wrong inside the program ({0}). What was already saved is safe. The details are in the log file:
{1}</source>
        <translation>程序内部出错（{0}）。已经保存的数据不受影响。详细信息已写入日志文件：
{1}</translation>
    </message>
</context>
<context>
    <name>FieldCaption</name>
    <message>
        <location filename="../../ui/form_parts.py" line="92"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../ui/form_parts.py" line="98"/>
        <source>Follows from the other fields; not typed</source>
        <translation>由其他项自动得出，无需填写</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../ui/editors.py" line="45"/>
        <source>yyyy-mm-dd, e.g. 2024-03-01</source>
        <translation>年-月-日，如 2024-03-01</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="46"/>
        <source>yuan, e.g. 1500.00</source>
        <translation>元，如 1500.00</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="47"/>
        <source>18-digit ID number</source>
        <translation>18位身份证号</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="48"/>
        <source>18-character unified credit code</source>
        <translation>18位统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="49"/>
        <source>mobile or landline</source>
        <translation>手机或固定电话</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="50"/>
        <source>leave blank to number automatically</source>
        <translation>留空则自动编号</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="51"/>
        <source>12 to 19 digits</source>
        <translation>12到19位数字</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="52"/>
        <source>type to choose from the survey, or any name</source>
        <translation>输入后可从企业名录中选择，也可填写任意单位</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="53"/>
        <source>e.g. 2024</source>
        <translation>如 2024</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="217"/>
        <source>(not given)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="220"/>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="230"/>
        <source>Choose from a calendar</source>
        <translation>从日历中选择</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ui/first_start.py" line="33"/>
        <source>First-time setup</source>
        <translation>初次使用设置</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="39"/>
        <source>Welcome. Three things before the first form is printed; you can change them later in Tools &gt; Settings.</source>
        <translation>欢迎使用工会工作台。打印第一张表格之前，请先填写以下三项；以后可以在“工具 &gt; 设置”中修改。</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="45"/>
        <source>e.g. 秣陵街道工会</source>
        <translation>例如：秣陵街道工会</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="62"/>
        <source>Union name</source>
        <translation>工会名称</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="64"/>
        <source>Printed on every form and sign-off sheet.</source>
        <translation>打印在每张审批表和签领表上。</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="66"/>
        <source>Archive number prefix</source>
        <translation>档案编号前缀</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="69"/>
        <source>Your name</source>
        <translation>操作员姓名</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="71"/>
        <source>Written in the log beside each change.</source>
        <translation>每次修改都会连同姓名记入操作日志。</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="89"/>
        <source>Start</source>
        <translation>开始使用</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="90"/>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="91"/>
        <source>Ask again at the next start</source>
        <translation>下次启动时再询问</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="103"/>
        <source>Archive numbers will look like {0}.</source>
        <translation>档案编号将形如 {0}。</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="126"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>GoalsDialog</name>
    <message>
        <location filename="../../ui/target_dialogs.py" line="70"/>
        <source>Targets for {0}</source>
        <translation>{0}年目标</translation>
    </message>
    <message>
        <location filename="../../ui/target_dialogs.py" line="96"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../ui/guide.py" line="28"/>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="34"/>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="38"/>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="40"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="99"/>
        <source>Import {0}</source>
        <translation>导入 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="102"/>
        <source>Update records already on file</source>
        <translation>用表格内容更新已在册的记录</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="109"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="110"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="111"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="112"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="113"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="114"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="124"/>
        <source>Save this report…</source>
        <translation>保存检查报告…</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="126"/>
        <source>Blank template…</source>
        <translation>空白模板…</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="127"/>
        <source>A sheet with the right headings and an example row</source>
        <translation>生成列名正确、带一行示例的空白表格</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="137"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="138"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="154"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="155"/>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="186"/>
        <source>Save this report</source>
        <translation>保存检查报告</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="195"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="41"/>
        <source>Enterprise survey</source>
        <translation>企业普查</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="42"/>
        <source>Workers&apos; congress</source>
        <translation>职代会</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="43"/>
        <source>Hardship families</source>
        <translation>困难职工</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="44"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="45"/>
        <source>Discount units</source>
        <translation>优惠服务单位</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>&amp;New record</source>
        <translation>新建记录(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136"/>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="140"/>
        <source>New &amp;database…</source>
        <translation>新建数据库(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142"/>
        <source>&amp;Back up to…</source>
        <translation>备份到(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="144"/>
        <source>&amp;Restore from…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="159"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161"/>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <location filename="../../ui/main_window.py" line="376"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>&amp;Audit log…</source>
        <translation>操作日志(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>&amp;First-time setup…</source>
        <translation>初次使用设置(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>Database &amp;password…</source>
        <translation>数据库密码(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="180"/>
        <source>&amp;User guide</source>
        <translation>使用说明(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="305"/>
        <source>Showing {0} of {1}</source>
        <translation>显示 {0} / 共 {1} 条</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="367"/>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="377"/>
        <source>The new language applies the next time you start the program.</source>
        <translation>新的语言将在下次启动程序时生效。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="393"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="394"/>
        <source>{0} {1}

Database: {2}</source>
        <translation>{0} {1}

数据库：{2}</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <location filename="../../ui/overview_tab.py" line="42"/>
        <source>Workers&apos; congresses</source>
        <translation>职代会</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="43"/>
        <source>Wage agreements</source>
        <translation>工资协议</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="44"/>
        <source>Family reviews</source>
        <translation>家庭复核</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="78"/>
        <source>Targets for the year</source>
        <translation>年度目标</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="80"/>
        <source>Edit targets…</source>
        <translation>编辑目标…</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="82"/>
        <source>Annual report…</source>
        <translation>年度报告…</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="114"/>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="134"/>
        <source>The year month by month</source>
        <translation>全年逐月情况</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="144"/>
        <source>Start here</source>
        <translation>从这里开始</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="152"/>
        <source>Import the street&apos;s enterprise register (a spreadsheet), or add enterprises one by one on the Enterprise survey tab.</source>
        <translation>导入辖区企业名册（Excel 表格），或在“企业普查”页逐家新增企业。</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="156"/>
        <source>Open an archive for each hardship family (一户一档) on the Hardship families tab, or import the family roster.</source>
        <translation>在“困难职工”页为每户困难职工家庭建立档案（一户一档），或导入困难职工花名册。</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="160"/>
        <source>Record congresses and training as they happen; the targets above fill in by themselves.</source>
        <translation>职代会、培训等工作随做随记，上面的年度目标会自动统计。</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="164"/>
        <source>Check the union&apos;s name and the wording of the application form in Tools &gt; Settings before printing.</source>
        <translation>打印之前，在“工具 &gt; 设置”中核对工会名称和审批表的措辞。</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="175"/>
        <source>Import enterprises…</source>
        <translation>导入企业名册…</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="176"/>
        <source>New family archive…</source>
        <translation>新建困难职工档案…</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="177"/>
        <source>Import a family roster…</source>
        <translation>导入困难职工花名册…</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="178"/>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="234"/>
        <source>Reminders ({0})</source>
        <translation>提醒（{0}）</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="238"/>
        <source>All ({0})</source>
        <translation>全部（{0}）</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="265"/>
        <source>{0} more not listed</source>
        <translation>另有 {0} 条未列出</translation>
    </message>
    <message>
        <location filename="../../ui/overview_tab.py" line="267"/>
        <source>Only the first {0} are listed; each tab&apos;s filters find them all</source>
        <translation>只列出前 {0} 条；在各页用筛选可找到全部</translation>
    </message>
</context>
<context>
    <name>PasswordChangeDialog</name>
    <message>
        <location filename="../../ui/password_dialog.py" line="25"/>
        <source>Database password</source>
        <translation>数据库密码</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="29"/>
        <source>Remove the password (the database is decrypted)</source>
        <translation>取消密码（数据库将解密）</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="37"/>
        <source>With a password the database, its backups and attachments are encrypted on disk; the password is asked when the program starts.</source>
        <translation>设置密码后，数据库、备份和附件在磁盘上都是加密的；每次启动程序时需要输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="50"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="51"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="52"/>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="79"/>
        <source>The current password is wrong.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="88"/>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/guard.py" line="38"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="271"/>
        <location filename="../../ui/guard.py" line="64"/>
        <source>Wrong password ({0} tries).</source>
        <translation>密码错误（已试 {0} 次）。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="275"/>
        <source>The database is encrypted. Enter its password to open it.</source>
        <translation>数据库已加密，请输入密码打开。</translation>
    </message>
    <message>
        <location filename="../../ui/guard.py" line="119"/>
        <source>Locked after being idle. Enter the password.</source>
        <translation>长时间未操作，已锁定。请输入密码。</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../ui/preview.py" line="62"/>
        <source>Preview — {0}</source>
        <translation>预览 — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="82"/>
        <source>{0} pages</source>
        <translation>共 {0} 页</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="86"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="87"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="88"/>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="96"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="97"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="98"/>
        <source>Open in system viewer</source>
        <translation>用系统查看器打开</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="99"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="181"/>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="187"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../ui/print_dialog.py" line="62"/>
        <source>Print / export PDF</source>
        <translation>打印 / 导出 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="76"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="80"/>
        <source>Print bank card numbers in full (recorded in the log)</source>
        <translation>打印完整银行卡号（记入操作日志）</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="83"/>
        <source>For payment in the worker&apos;s own name; otherwise only the last digits print.</source>
        <translation>用于实名制发放；不勾选时只打印卡号末四位。</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="88"/>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="89"/>
        <source>Records</source>
        <translation>记录范围</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="90"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="91"/>
        <source>Assistance kind</source>
        <translation>帮扶类型</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="97"/>
        <source>Print to PDF</source>
        <translation>生成 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="98"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="110"/>
        <location filename="../../ui/print_dialog.py" line="120"/>
        <source>Current record</source>
        <translation>当前记录</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="113"/>
        <source>Selected records ({0})</source>
        <translation>选中的记录（{0} 条）</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="116"/>
        <source>Filtered records ({0})</source>
        <translation>筛选结果（{0} 条）</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="118"/>
        <source>All families on file</source>
        <translation>全部在册家庭</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="126"/>
        <source>Select a training session first.</source>
        <translation>请先选择一个培训场次。</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../ui/worker.py" line="100"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="171"/>
        <location filename="../../ui/send_dialog.py" line="143"/>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="153"/>
        <source>Sent to the printer “{0}” (job {1}).</source>
        <translation>已送交打印机“{0}”（打印任务 {1}）。</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <location filename="../../ui/record_form.py" line="52"/>
        <source>Archive</source>
        <translation>档案</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="53"/>
        <source>Personal details</source>
        <translation>基本情况</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="54"/>
        <source>Work and security</source>
        <translation>工作与保障</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="55"/>
        <source>Household income</source>
        <translation>家庭收支</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="56"/>
        <source>Hardship</source>
        <translation>困难情况</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="88"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="88"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="138"/>
        <source>Checked against the business licence; save anyway</source>
        <translation>已与营业执照核对，仍然保存</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="150"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="151"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="174"/>
        <source>(yearly income − rigid costs) ÷ 12 ÷ household size</source>
        <translation>（年总收入−刚性支出）÷12÷家庭人口</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="243"/>
        <source>This record no longer exists.</source>
        <translation>该记录已不存在。</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="322"/>
        <source>Linked to this enterprise in the survey register</source>
        <translation>已关联企业普查名录中的同名企业</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="324"/>
        <source>Not in the survey register: saved as typed</source>
        <translation>不在企业普查名录中，按填写的名称保存</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="377"/>
        <source>{0} (aged {1})</source>
        <translation>{0}（{1}岁）</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="427"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="482"/>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location filename="../../ui/record_form.py" line="483"/>
        <source>Save the changes to this record?</source>
        <translation>是否保存对这条记录的修改？</translation>
    </message>
</context>
<context>
    <name>RecordTab</name>
    <message>
        <location filename="../../ui/record_tab.py" line="55"/>
        <source>Visits</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="56"/>
        <source>Honours</source>
        <translation>荣誉</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="57"/>
        <source>Workers&apos; congresses</source>
        <translation>职代会</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="60"/>
        <source>Household members</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="61"/>
        <source>Assistance</source>
        <translation>帮扶记录</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="62"/>
        <source>Yearly reviews</source>
        <translation>年审记录</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="63"/>
        <source>Documents</source>
        <translation>证明材料</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="65"/>
        <source>Attendees</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="116"/>
        <source>Syncing with the district server; changes can be made once it ends.</source>
        <translation>正在与区总工会服务器同步，同步结束后才能修改。</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="178"/>
        <source>Search names, codes, ID numbers, phones, addresses</source>
        <translation>搜索名称、代码、身份证号、电话、地址</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="189"/>
        <source>{0}: all</source>
        <translation>{0}：全部</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="199"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="200"/>
        <location filename="../../ui/record_tab.py" line="257"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="201"/>
        <location filename="../../ui/record_tab.py" line="257"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="202"/>
        <location filename="../../ui/record_tab.py" line="264"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="204"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="205"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="269"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="366"/>
        <source>The record was saved; it no longer matches the filters.</source>
        <translation>记录已保存，但已不符合当前的搜索或筛选条件，所以不在列表中。</translation>
    </message>
    <message>
        <location filename="../../ui/record_tab.py" line="406"/>
        <source>Cannot edit</source>
        <translation>无法编辑</translation>
    </message>
</context>
<context>
    <name>SendDialog</name>
    <message>
        <location filename="../../ui/send_dialog.py" line="45"/>
        <location filename="../../ui/send_dialog.py" line="84"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="51"/>
        <source> copies</source>
        <translation> 份</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="53"/>
        <source>One-sided</source>
        <translation>单面</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="54"/>
        <source>Two-sided, flip on long edge</source>
        <translation>双面（长边翻页）</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="55"/>
        <source>Two-sided, flip on short edge</source>
        <translation>双面（短边翻页）</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="56"/>
        <source>Only pages</source>
        <translation>仅打印页码</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="69"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="76"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="77"/>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="78"/>
        <source>Sides</source>
        <translation>单双面</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="79"/>
        <source>Pages</source>
        <translation>页码</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="85"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="99"/>
        <source>{0} (default)</source>
        <translation>{0}（默认）</translation>
    </message>
    <message>
        <location filename="../../ui/send_dialog.py" line="104"/>
        <source>No printer is set up here: add one, or save the PDF.</source>
        <translation>这台电脑还没有设置打印机：请先在系统设置中添加打印机，或另存为 PDF 文件后到别处打印。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="51"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="57"/>
        <source>Union and archive</source>
        <translation>工会与档案</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="58"/>
        <source>Application form</source>
        <translation>审批表</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="63"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="64"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="96"/>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="97"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="103"/>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="104"/>
        <source>Union name (printed in headers)</source>
        <translation>工会名称（打印在页眉）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="105"/>
        <source>Operator (written in the audit log)</source>
        <translation>操作员（记入操作日志）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="108"/>
        <source>The idle lock needs a database password (Tools &gt; Database password…).</source>
        <translation>闲置锁定需要先设置数据库密码（工具 &gt; 数据库密码…）。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="106"/>
        <source>Lock after idle</source>
        <translation>无操作后锁定</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="112"/>
        <source>Archive number prefix</source>
        <translation>档案编号前缀</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="118"/>
        <source>Minimum living line (yuan a person a month)</source>
        <translation>当地低保标准（元/人·月）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="127"/>
        <source>New archive numbers look like {0}; numbers given already stay.</source>
        <translation>新建档案的编号形如 {0}；已编的档案编号不变。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="140"/>
        <source>Title</source>
        <translation>表格标题</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="141"/>
        <source>Approval boxes (one per line)</source>
        <translation>审批栏（每行一级）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="142"/>
        <source>Applicant&apos;s commitment</source>
        <translation>申请人承诺</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="143"/>
        <source>Note under the form</source>
        <translation>表下注释</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="144"/>
        <source>Preview on an example family…</source>
        <translation>用示例家庭预览…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="146"/>
        <source>Usual wording</source>
        <translation>恢复默认措辞</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="147"/>
        <source>Put back the wording the program started with</source>
        <translation>恢复程序自带的标准措辞</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="162"/>
        <source>New ownership type, e.g. 混合所有制</source>
        <translation>新增经济类型，如 混合所有制</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="59"/>
        <location filename="../../ui/settings_dialog.py" line="163"/>
        <source>Ownership types</source>
        <translation>经济类型</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="240"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>Spreadsheets</name>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="55"/>
        <location filename="../../ui/sheet_dialogs.py" line="79"/>
        <location filename="../../ui/sheet_dialogs.py" line="245"/>
        <location filename="../../ui/sheet_dialogs.py" line="253"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="224"/>
        <source>Blank template</source>
        <translation>空白模板</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="254"/>
        <source>Add the people in this file to the selected training session?
(No: the file names each person&apos;s session in its own columns.)</source>
        <translation>把文件中的人员加入选中的培训场次吗？
（选“否”：文件中每一行自带培训名称和日期。）</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="279"/>
        <location filename="../../ui/sheet_dialogs.py" line="292"/>
        <location filename="../../ui/sheet_dialogs.py" line="318"/>
        <location filename="../../ui/sheet_dialogs.py" line="324"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="293"/>
        <source>Export full ID and phone numbers? (No keeps them masked; a masked file cannot be imported again.)</source>
        <translation>导出完整的身份证号和电话吗？（选“否”则遮盖显示；遮盖后的文件不能再导入。）</translation>
    </message>
    <message>
        <location filename="../../ui/sheet_dialogs.py" line="325"/>
        <source>{0} records written to {1}</source>
        <translation>已导出 {0} 条到 {1}</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/app.py" line="333"/>
        <source>This database is open in another copy of the program (process {0}).
Open it read-only, or quit?</source>
        <translation>这个数据库正在被另一个工会工作台使用（进程 {0}）。
以只读方式打开，还是退出？</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="340"/>
        <location filename="../../ui/app.py" line="351"/>
        <source>Open read-only</source>
        <translation>只读打开</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="342"/>
        <location filename="../../ui/app.py" line="353"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="382"/>
        <source>{0}

Restore the newest sound backup, taken {1}? A copy of the current file is kept.</source>
        <translation>{0}

是否恢复最近一份完好的备份（{1}）？当前文件会保留一份副本。</translation>
    </message>
</context>
<context>
    <name>SyncActions</name>
    <message>
        <location filename="../../ui/sync_actions.py" line="68"/>
        <source>S&amp;ync…</source>
        <translation>同步(&amp;Y)…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_actions.py" line="71"/>
        <source>Sync &amp;conflicts…</source>
        <translation>同步冲突(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_actions.py" line="108"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_actions.py" line="110"/>
        <source>Not synced</source>
        <translation>未同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_actions.py" line="112"/>
        <source>Last sync {0}</source>
        <translation>上次同步 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_actions.py" line="114"/>
        <source>{0} to upload</source>
        <translation>待上传 {0} 项</translation>
    </message>
    <message>
        <location filename="../../ui/sync_actions.py" line="118"/>
        <source>failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_actions.py" line="119"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../ui/sync_actions.py" line="123"/>
        <source>{0} conflicts</source>
        <translation>冲突 {0} 项</translation>
    </message>
    <message>
        <location filename="../../ui/sync_actions.py" line="196"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <location filename="../../ui/sync_dialog.py" line="32"/>
        <source>Sync with the district</source>
        <translation>与区总工会同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="39"/>
        <source>Paste the address from “server add-office” to change it</source>
        <translation>要更改时，粘贴“server add-office”给出的地址</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="44"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="44"/>
        <source>Every {0} minutes</source>
        <translation>每 {0} 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="54"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="57"/>
        <source>Conflicts…</source>
        <translation>冲突…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="60"/>
        <source>Office&apos;s address:</source>
        <translation>本街道的同步地址：</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="61"/>
        <source>New address:</source>
        <translation>新地址：</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="62"/>
        <source>Automatic sync:</source>
        <translation>自动同步：</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="63"/>
        <source>Last result:</source>
        <translation>上次结果：</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="68"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="98"/>
        <source>Paste the office&apos;s sync address first (ask the district for it).</source>
        <translation>请先粘贴本街道的同步地址（向区总工会索取）。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="109"/>
        <source>(none yet)</source>
        <translation>（尚未填写）</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="112"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="115"/>
        <source>Not completed: {0}</source>
        <translation>未完成：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="124"/>
        <source>Last synced {0}</source>
        <translation>上次同步于 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="126"/>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_dialog.py" line="130"/>
        <source>Uploaded {0} (resent {1}), downloaded {2}; {3} new conflicts, {4} open.</source>
        <translation>上传 {0} 条（重发 {1} 条），下载 {2} 条；新冲突 {3} 个，未决冲突共 {4} 个。</translation>
    </message>
</context>
<context>
    <name>TableView</name>
    <message>
        <location filename="../../ui/table_view.py" line="23"/>
        <location filename="../../ui/table_view.py" line="79"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="80"/>
        <source>{0} rows are selected. Copy at most {1} at a time, or use Export… for a list this long.</source>
        <translation>已选中 {0} 行。一次最多复制 {1} 行；这么长的名单请用“导出…”。</translation>
    </message>
</context>
<context>
    <name>UndoStack</name>
    <message>
        <location filename="../../ui/operations.py" line="46"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="47"/>
        <source>Undo delete of {0}</source>
        <translation>撤销删除{0}</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="59"/>
        <location filename="../../ui/operations.py" line="62"/>
        <source>Could not undo</source>
        <translation>无法撤销</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="82"/>
        <source>Cannot delete</source>
        <translation>不能删除</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="84"/>
        <source>Delete {0} “{1}”?</source>
        <translation>删除{0}“{1}”？</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="86"/>
        <source>This also deletes {0}.</source>
        <translation>将一并删除{0}。</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="87"/>
        <source>You can undo this from the Edit menu.</source>
        <translation>可在“编辑”菜单中撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="90"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="101"/>
        <source>Not deleted</source>
        <translation>未删除</translation>
    </message>
</context>
</TS>

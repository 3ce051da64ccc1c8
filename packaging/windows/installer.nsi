[#
  The installer, as a pynsist template (Jinja with [[ ]] and [% %]); builder.py fills it in.
  Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\unionapp, the
  data stays in %LOCALAPPDATA%\unionapp, which neither an upgrade nor the uninstaller touches.
  Every file is listed in sorted order (no File /r), so two builds pack the same bytes.
#]
Unicode true
ManifestDPIAware true
ManifestSupportedOS Win10
SetCompressor /SOLID lzma
SetCompressorDictSize 64
RequestExecutionLevel user
ShowInstDetails show
ShowUninstDetails show

!define PRODUCT_NAME "[[ ib.appname ]]"
!define PRODUCT_VERSION "[[ ib.version ]]"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\unionapp"
!define SHORTCUT "[[ ib.appname ]].lnk"
!define ICON "stage\resources\icons\unionapp.ico"

Name "${PRODUCT_NAME}"
OutFile "[[ ib.installer_name ]]"
InstallDir "$LOCALAPPDATA\Programs\unionapp"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT_NAME} ${PRODUCT_VERSION}"
VIProductVersion "[[ ib.version4 ]]"
VIFileVersion "[[ ib.version4 ]]"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${PRODUCT_VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${PRODUCT_VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "LegalCopyright" "GPL-3.0-or-later"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION StartProgram
!define MUI_FINISHPAGE_RUN_TEXT "打开 ${PRODUCT_NAME}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 17763
    MessageBox MB_ICONSTOP "${PRODUCT_NAME} 需要 64 位的 Windows 10（1809 或更新）或 Windows 11。" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Function StartProgram
  Exec '"$INSTDIR\pythonw.exe" "$INSTDIR\main.py"'
FunctionEnd

Section "${PRODUCT_NAME}" sec_app
  SectionIn RO
  SetShellVarContext current
  SetOverwrite on
  ; Upgrade: an older version's program folders go first, so nothing it had and this one dropped
  ; stays importable. Only done where our own program is found; the data is elsewhere.
  ${If} ${FileExists} "$INSTDIR\unionapp\__main__.py"
    DetailPrint "移除旧版本的程序文件（数据不受影响）…"
    [% for folder in ib.owned_folders %]
    RMDir /r "$INSTDIR\[[ folder ]]"
    [% endfor %]
    ; The embeddable Python of an older version (python311.dll … when this one ships another).
    Delete "$INSTDIR\*.pyd"
    Delete "$INSTDIR\*.dll"
    Delete "$INSTDIR\python*.*"
  ${EndIf}

  [% for folder, files in ib.file_groups %]
  SetOutPath "[[ folder ]]"
  [% for file in files %]
  File "[[ file ]]"
  [% endfor %]
  [% endfor %]

  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ; The window starts without a console (pythonw.exe); the working folder is the install folder.
  CreateShortCut "$SMPROGRAMS\${SHORTCUT}" "$INSTDIR\pythonw.exe" '"$INSTDIR\main.py"' \
    "$INSTDIR\resources\icons\unionapp.ico" 0 SW_SHOWNORMAL "" "${PRODUCT_NAME}"
  CreateShortCut "$DESKTOP\${SHORTCUT}" "$INSTDIR\pythonw.exe" '"$INSTDIR\main.py"' \
    "$INSTDIR\resources\icons\unionapp.ico" 0 SW_SHOWNORMAL "" "${PRODUCT_NAME}"

  DetailPrint "把 unionapp-cli 命令加入用户的 PATH…"
  nsExec::ExecToLog '"$INSTDIR\python.exe" "$INSTDIR\user_path.py" add "$INSTDIR\bin"'
  DetailPrint "预编译 Python 模块…"
  nsExec::ExecToLog '"$INSTDIR\python.exe" -m compileall -q "$INSTDIR\unionapp" "$INSTDIR\ui" "$INSTDIR\pkgs"'

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${PRODUCT_VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\resources\icons\unionapp.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  nsExec::ExecToLog '"$INSTDIR\python.exe" "$INSTDIR\user_path.py" remove "$INSTDIR\bin"'
  Delete "$SMPROGRAMS\${SHORTCUT}"
  Delete "$DESKTOP\${SHORTCUT}"
  [% for folder in ib.owned_folders %]
  RMDir /r "$INSTDIR\[[ folder ]]"
  [% endfor %]
  [% for file in ib.top_files %]
  Delete "$INSTDIR\[[ file ]]"
  [% endfor %]
  ; What an older version installed and this one does not ship (another Python's DLLs).
  Delete "$INSTDIR\*.pyd"
  Delete "$INSTDIR\*.dll"
  Delete "$INSTDIR\python*.*"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DetailPrint "数据文件夹 $LOCALAPPDATA\unionapp 已保留。"
SectionEnd

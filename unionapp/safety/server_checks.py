"""Is a database on a PostgreSQL server sound? What can be checked from a clerk's connection:
the connection itself, the schema revision, what the catalog says of constraints, indexes and
triggers (a constraint added NOT VALID, an index a failed build left invalid, foreign keys
switched off by ``DISABLE TRIGGER ALL`` during someone's load), rows whose parent is gone, id
sequences behind the ids in their table (the next save would fail), and the parts migration
0005 adds (the search indexes, the change notices).

The storage itself (pages, checksums) is the server's business: the district checks it with its
own tools (``pg_amcheck``, its backups).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, exc, text

from unionapp.db.engine import translate
from unionapp.db.revision import HEAD_REVISION
from unionapp.models import Base
from unionapp.safety.findings import Finding, Kind

CHANNEL_TRIGGER = "trg_{table}_notify"
SEARCH_INDEX = "ix_{table}_{column}_trgm"
SHOWN_ROWS = 5  # orphans named per foreign key, then "more"
ADMIN = "请管理数据库服务器的同事"
EXPLICIT_IDS = {
    "audit_log"
}  # numbered by the chain itself (under the writers' lock), not the sequence


def check_server(connection: Connection, *, quick: bool = False) -> list[Finding]:
    """What is wrong, in Chinese ([] when sound). ``quick``: the connection and the revision."""
    try:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except exc.DBAPIError as error:
        return [Finding(Kind.SERVER, f"无法读取数据库：{translate(error)}")]
    if revision != HEAD_REVISION:
        return [
            Finding(
                Kind.SERVER,
                f"数据库结构版本为 {revision}，本程序需要 {HEAD_REVISION}；请重新打开数据库以升级",
            )
        ]
    if quick:
        return []
    findings = list(_catalog(connection))
    findings += list(_orphans(connection))
    findings += list(_sequences(connection))
    findings += list(_our_parts(connection))
    return findings


def _catalog(connection: Connection) -> Iterator[Finding]:
    for table, name in connection.execute(
        text(
            "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c "
            "WHERE c.connamespace = current_schema()::regnamespace AND NOT c.convalidated "
            "ORDER BY 1, 2"
        )
    ):
        yield Finding(Kind.REFERENCES, f"表 {table} 的约束 {name} 未经验证：已有的数据可能不符合它")
    for table, name in connection.execute(
        text(
            "SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace "
            "AND NOT (i.indisvalid AND i.indisready) ORDER BY 1, 2"
        )
    ):
        yield Finding(Kind.DAMAGED, f"表 {table} 的索引 {name} 无效，需要重建（REINDEX）")
    for (table,) in connection.execute(
        text(
            "SELECT DISTINCT g.tgrelid::regclass::text FROM pg_trigger g "
            "JOIN pg_class t ON t.oid = g.tgrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace "
            "AND g.tgconstraint <> 0 AND g.tgenabled = 'D' ORDER BY 1"
        )
    ):
        yield Finding(
            Kind.REFERENCES, f"表 {table} 的外键检查被停用（DISABLE TRIGGER），引用可能已不完整"
        )


def _orphans(connection: Connection) -> Iterator[Finding]:
    """Rows referring to a parent that is not there (possible only with the checks off)."""
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            column, parent = key.parent, key.column
            rows = connection.execute(
                text(
                    f"SELECT c.id FROM {table.name} c WHERE c.{column.name} IS NOT NULL AND "
                    f"NOT EXISTS (SELECT 1 FROM {parent.table.name} p "
                    f"WHERE p.{parent.name} = c.{column.name}) ORDER BY c.id LIMIT {SHOWN_ROWS + 1}"
                )
            ).all()
            for (row_id,) in rows[:SHOWN_ROWS]:
                yield Finding(
                    Kind.REFERENCES,
                    f"表 {table.name} 第 {row_id} 行引用的 {parent.table.name} 记录不存在",
                )
            if len(rows) > SHOWN_ROWS:
                yield Finding(
                    Kind.REFERENCES,
                    f"表 {table.name} 还有更多行引用的 {parent.table.name} 记录不存在",
                )


def _sequences(connection: Connection) -> Iterator[Finding]:
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key or table.name in EXPLICIT_IDS:
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar()
        if sequence is None:
            continue
        last, called = connection.execute(
            text(f"SELECT last_value, is_called FROM {sequence}")
        ).one()
        largest = connection.execute(text(f"SELECT max(id) FROM {table.name}")).scalar() or 0
        next_id = last + 1 if called else last
        if next_id <= largest:
            yield Finding(
                Kind.SERVER,
                f"表 {table.name} 的编号序列（下一个 {next_id}）落后于已有记录（最大 {largest}），"
                f"新增记录会失败；{ADMIN}执行 SELECT setval('{sequence}', {largest})",
            )


def _our_parts(connection: Connection) -> Iterator[Finding]:
    """What migration 0005 put in: a missing piece makes search slow or the refresh blind."""
    from unionapp.schema import ALL_SPECS

    indexes = set(
        connection.execute(
            text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        ).scalars()
    )
    triggers = set(
        connection.execute(
            text(
                "SELECT g.tgname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid "
                "WHERE t.relnamespace = current_schema()::regnamespace AND g.tgenabled <> 'D'"
            )
        ).scalars()
    )
    searched = sorted(
        {
            (spec.model.__tablename__, key)
            for spec in ALL_SPECS
            for key in spec.search
            if spec.field(key).kind != "enterprise"  # searched through the enterprise's name
        }
    )
    for table, column in searched:
        name = SEARCH_INDEX.format(table=table, column=column)
        if name not in indexes:
            yield Finding(
                Kind.SERVER, f"表 {table} 缺少搜索索引 {name}，搜索会变慢；{ADMIN}按迁移 0005 重建"
            )
    versioned = sorted(t.name for t in Base.metadata.sorted_tables if "version" in t.c)
    for table in versioned:
        name = CHANNEL_TRIGGER.format(table=table)
        if name not in triggers:
            yield Finding(
                Kind.SERVER,
                f"表 {table} 的变更通知触发器 {name} 缺失或停用，别的电脑不会自动刷新；"
                f"{ADMIN}按迁移 0005 恢复",
            )

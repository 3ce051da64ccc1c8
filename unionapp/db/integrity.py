"""Integrity checks: SQLite's own, foreign keys, and the schema revision."""

from __future__ import annotations

from sqlalchemy import text

from unionapp.db.engine import Database


def check_database(database: Database, *, quick: bool = False) -> list[str]:
    """Problems found, in Chinese; an empty list means the database is sound."""
    problems: list[str] = []
    if database.path is None:
        return problems
    pragma = "quick_check" if quick else "integrity_check"
    with database.engine.connect() as conn:
        rows = [row[0] for row in conn.execute(text(f"PRAGMA {pragma}"))]
        if rows != ["ok"]:
            problems.extend(f"数据库结构损坏：{row}" for row in rows[:20])
        if not quick:
            for table, rowid, parent, _index in conn.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
    return problems

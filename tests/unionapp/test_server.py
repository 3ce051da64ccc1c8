"""What only a PostgreSQL database has: search through the trigram indexes, ids after the demo
data, ``check`` on what the catalog and the rows say, backups through pg_dump read back by
pg_restore, restores left to the district, and clear refusals at opening."""

from __future__ import annotations

import stat
import subprocess
import sys

import pytest
from sqlalchemy import func, select, text

from tests.pg_server import PostgresServer
from unionapp.cli.main import main
from unionapp.database import open_database
from unionapp.db.errors import DatabaseError
from unionapp.models import Enterprise, HardshipFamily, TrainingSession
from unionapp.safety.backups import back_up, backup_suffix, restore_refusal
from unionapp.safety.checking import Kind, check_database
from unionapp.schema.filters import ListQuery
from unionapp.schema.records import ENTERPRISE, FAMILY, TRAINING
from unionapp.services import records
from unionapp.services.demo import generate
from unionapp.services.listing import ids_statement, list_ids
from unionapp.validation.idcard import id_check_char


def admin(db, statement: str) -> list[tuple]:
    """The district's administrator at psql, past the program."""
    import psycopg

    with psycopg.connect(db.location.url.replace("+psycopg", ""), autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else []


def demo(db, **counts: int) -> None:
    counts = {"enterprises": 60, "families": 20, "trainings": 4} | counts
    with db.write() as session:
        generate(session, seed=7, **counts)


def test_search_is_answered_by_the_trigram_index_for_chinese_and_digits(pg_db) -> None:
    demo(pg_db, enterprises=300)
    with pg_db.read() as session:
        name = session.scalar(select(Enterprise.name).order_by(Enterprise.id).limit(1))
        found = list_ids(session, ENTERPRISE, ListQuery(search=name[2:6]))
        assert found and all(
            name[2:6] in session.get(Enterprise, i).name
            or name[2:6] in (session.get(Enterprise, i).address or "")
            for i in found
        )
        session.execute(text("SET LOCAL enable_seqscan = off"))  # as on a large table
        for needle in (name[2:6], "5210"):
            query = ListQuery(search=needle)
            statement = ids_statement(ENTERPRISE, query, "postgresql").order_by(None)
            sql = statement.compile(
                dialect=session.connection().dialect, compile_kwargs={"literal_binds": True}
            )
            explained = session.connection().exec_driver_sql(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in explained)
            assert "Bitmap Index Scan on ix_enterprise_name_trgm" in plan, plan


def test_after_the_demo_data_every_record_type_saves_with_a_new_id(pg_db) -> None:
    demo(pg_db)
    body = "32011519800101123"
    with pg_db.write() as session:
        context = records.make_context(session)
        company = records.create(
            session, ENTERPRISE, {"name": "新企业", "union_status": "未建会"}, context
        )
        family = records.create(
            session,
            FAMILY,
            {
                "worker_name": "新户",
                "id_number": body + id_check_char(body),
                "category": "相对困难",
            },
            context,
        )
        training = records.create(
            session,
            TRAINING,
            {"title": "新培训", "kind": "安全培训", "held_on": "2024-05-01"},
            context,
        )
    with pg_db.read() as session:
        for model, new in (
            (Enterprise, company),
            (HardshipFamily, family),
            (TrainingSession, training),
        ):
            assert new.id == session.scalar(select(func.max(model.id)))
    assert check_database(pg_db) == []


DAMAGE = {
    "orphan": (
        "ALTER TABLE visit DISABLE TRIGGER ALL; "
        "INSERT INTO visit (enterprise_id, visit_date, visitor, outcome, notice_issued, uid) "
        "VALUES (424242, '2024-03-01', '', '', false, gen_random_uuid()::text)",
        Kind.REFERENCES,
        ["表 visit 的外键检查被停用", "引用的 enterprise 记录不存在"],
    ),
    "not valid": (
        "ALTER TABLE honour ADD CONSTRAINT ck_honour_recent CHECK (year > 2100) NOT VALID",
        Kind.REFERENCES,
        ["表 honour 的约束 ck_honour_recent 未经验证"],
    ),
    "sequence": (
        "SELECT setval('enterprise_id_seq', 1)",
        Kind.SERVER,
        ["表 enterprise 的编号序列", "新增记录会失败", "setval"],
    ),
    "trigger": (
        "DROP TRIGGER trg_visit_notify ON visit",
        Kind.SERVER,
        ["trg_visit_notify 缺失或停用"],
    ),
    "index": (
        "DROP INDEX ix_family_worker_name_trgm",
        Kind.SERVER,
        ["表 family 缺少搜索索引 ix_family_worker_name_trgm"],
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_check_names_what_is_wrong_on_the_server(pg_db, damage, capsys) -> None:
    demo(pg_db)
    assert check_database(pg_db) == []
    assert main(["--db", pg_db.location.target, "check"]) == 0
    assert "数据库完好" in capsys.readouterr().out
    statements, kind, expected = DAMAGE[damage]
    for statement in statements.split("; "):
        admin(pg_db, statement)
    findings = check_database(pg_db)
    messages = "\n".join(str(f) for f in findings)
    assert kind in {f.kind for f in findings}, messages
    for part in expected:
        assert part in messages, messages
    assert main(["--db", pg_db.location.target, "check"]) == 1
    assert expected[0] in capsys.readouterr().err


def test_check_of_a_database_at_another_revision_says_so(pg_db) -> None:
    admin(pg_db, "UPDATE alembic_version SET version_num = '0004'")
    for quick in (True, False):
        findings = check_database(pg_db, quick=quick)
        assert findings[0].kind is Kind.SERVER and "0004" in str(findings[0])


def test_check_of_a_server_that_went_away_is_a_finding(pg_server: PostgresServer) -> None:
    pg_server.create_database("gone_soon", template="unionapp_template")
    database = open_database(pg_server.url("gone_soon"))
    try:
        pg_server.drop_database("gone_soon")
        findings = check_database(database)
    finally:
        database.close()
    assert [f.kind for f in findings] == [Kind.SERVER] and "无法检查数据库" in str(findings[0])


def test_a_backup_through_pg_dump_restores_with_pg_restore(
    pg_db, pg_server: PostgresServer, tmp_path, capsys
) -> None:
    demo(pg_db)
    with pg_db.read() as session:
        before = session.execute(
            select(HardshipFamily.archive_no, HardshipFamily.worker_name).order_by(
                HardshipFamily.id
            )
        ).all()
    assert backup_suffix(pg_db) == ".dump"
    target = back_up(pg_db, tmp_path / "U盘" / f"备份{backup_suffix(pg_db)}")
    assert target.stat().st_size > 0 and not list(target.parent.glob(".*"))  # no partial left
    if sys.platform != "win32":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600  # owner-only from the first byte
    pg_server.create_database("restored")
    restored = subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={pg_server.libpq('restored')}", str(target)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert restored.returncode == 0, restored.stderr
    again = open_database(pg_server.url("restored"))
    try:
        with again.read() as session:
            after = session.execute(
                select(HardshipFamily.archive_no, HardshipFamily.worker_name).order_by(
                    HardshipFamily.id
                )
            ).all()
        assert after == before and check_database(again) == []
    finally:
        again.close()
        pg_server.drop_database("restored")
    out = tmp_path / "命令行.dump"
    assert main(["--db", pg_db.location.target, "backup", "--out", str(out)]) == 0
    assert "pg_dump" in capsys.readouterr().out and out.stat().st_size > 0


def test_without_pg_dump_the_backup_says_what_to_do_and_writes_nothing(
    pg_db, tmp_path, monkeypatch
) -> None:
    empty = tmp_path / "no-tools"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # a PC without PostgreSQL's client tools
    target = tmp_path / "备份.dump"
    with pytest.raises(DatabaseError, match="pg_dump") as caught:
        back_up(pg_db, target)
    assert "安装" in str(caught.value) and "区总工会" in str(caught.value)
    assert not target.exists() and list(tmp_path.iterdir()) == [empty]


def test_a_dump_that_fails_names_pg_dumps_reason_and_keeps_the_old_backup(
    pg_server: PostgresServer, tmp_path
) -> None:
    pg_server.create_database("dropped_soon", template="unionapp_template")
    database = open_database(pg_server.url("dropped_soon"))
    target = tmp_path / "备份.dump"
    target.write_bytes(b"yesterday's backup")
    try:
        pg_server.drop_database("dropped_soon")
        with pytest.raises(DatabaseError, match="备份失败，pg_dump 报告：") as caught:
            back_up(database, target)
    finally:
        database.close()
    assert "dropped_soon" in str(caught.value)
    assert target.read_bytes() == b"yesterday's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["备份.dump"]


def test_a_restore_on_the_server_is_left_to_the_district(pg_db, tmp_path, capsys) -> None:
    source = tmp_path / "备份.dump"
    source.write_bytes(b"PGDMP")
    assert restore_refusal(pg_db) is not None and "pg_restore" in restore_refusal(pg_db)
    assert main(["--db", pg_db.location.target, "restore", str(source)]) == 1
    err = capsys.readouterr().err
    assert "pg_restore" in err and "区总工会" in err and err.count("\n") == 1


def test_opening_a_server_that_refuses_says_why(pg_server: PostgresServer) -> None:
    with pytest.raises(DatabaseError, match=r"无法连接数据库服务器.*no_such_database"):
        open_database(pg_server.url("no_such_database"))
    with pytest.raises(
        DatabaseError, match=r"无法连接数据库服务器“unionapp@127\.0\.0\.1”：请检查网络"
    ):
        open_database("postgresql+psycopg://postgres@127.0.0.1:1/unionapp")


def test_a_save_waiting_too_long_for_another_clerks_is_told_busy(pg_db, monkeypatch) -> None:
    """Saves follow one another; one that waits past the limit is refused as busy, unsaved."""
    from unionapp.db import engine
    from unionapp.db.errors import DatabaseBusy

    monkeypatch.setattr(engine, "WRITE_WAIT_MS", 300)
    other = open_database(pg_db.location.target, operator="另一位")
    try:
        with other.write() as holding:  # another clerk's long import, still under way
            records.create(
                holding,
                ENTERPRISE,
                {"name": "导入中的企业", "union_status": "未建会"},
                records.make_context(holding),
            )
            with pytest.raises(DatabaseBusy, match="稍后重试"), pg_db.write() as session:
                records.create(
                    session,
                    ENTERPRISE,
                    {"name": "等不及的企业", "union_status": "未建会"},
                    records.make_context(session),
                )
    finally:
        other.close()
    with pg_db.read() as session:
        assert list(session.scalars(select(Enterprise.name))) == ["导入中的企业"]

"""A failing statement never puts a record's values into an error's text, which reaches the
log file: no full ID number in SQLAlchemy's errors (its parameters are hidden), none in
PostgreSQL's DETAIL line (only the driver's own sentence is kept), no password from a server
address that cannot be read."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, insert

from unionapp.db import DatabaseError
from unionapp.db.engine import server_engine, translate
from unionapp.models import HardshipFamily, HouseholdMember
from unionapp.validation.idcard import id_check_char

BODY = "32011519800101002"
NUMBER = BODY + id_check_char(BODY)


def test_a_refused_statement_names_no_value(db) -> None:
    with pytest.raises(exc.IntegrityError) as refused, db.engine.begin() as connection:
        connection.execute(  # no such family: a foreign key refuses the member
            insert(HouseholdMember.__table__),
            {"family_id": 987_654, "name": "张三", "id_number": NUMBER, "uid": "u-1"},
        )
    text = str(refused.value)
    assert NUMBER not in text and "张三" not in text
    assert NUMBER not in str(translate(refused.value))


def test_a_missing_value_names_no_other_value_to_the_clerk_or_the_log(db, tmp_path) -> None:
    """PostgreSQL's not-null refusal lists the whole row in its DETAIL: the clerk's message keeps
    the driver's sentence alone, and the log masks the number in the traceback."""
    import logging

    from unionapp.system.logs import setup_logging

    with pytest.raises(exc.IntegrityError) as refused, db.engine.begin() as connection:
        connection.execute(
            insert(HardshipFamily.__table__),
            {"worker_name": None, "id_number": NUMBER, "uid": "u-2", "archive_no": "DA-1"},
        )
    assert NUMBER not in str(translate(refused.value))
    root = logging.getLogger()
    before = list(root.handlers)
    log_file = setup_logging(tmp_path / "日志 文件夹")
    try:
        logging.getLogger("unionapp.test").error("save failed", exc_info=refused.value)
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                handler.close()
                root.removeHandler(handler)
    assert log_file is not None
    logged = log_file.read_text(encoding="utf-8")
    assert "IntegrityError" in logged and NUMBER not in logged


def test_an_unreadable_server_address_does_not_repeat_its_password() -> None:
    with pytest.raises(DatabaseError) as refused:
        server_engine("postgresql+psycopg://clerk:秘密-Pa55@host:notaport/street")
    assert "秘密-Pa55" not in str(refused.value)

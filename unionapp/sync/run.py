"""One whole sync of a PC with its district: check the server, bind the PC to its office the
first time, send the clerk's decisions on conflicts, push, pull.

Each step is its own transaction on each side, so a dropped connection at any point leaves
both databases consistent; the next sync takes up where this one stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, exc, insert, select, text
from sqlalchemy.engine import make_url

from unionapp.database import Database
from unionapp.db.errors import DatabaseError
from unionapp.db.revision import HEAD_REVISION, REVISIONS, sync_schema
from unionapp.models import SyncBinding, SyncChange, SyncConflict
from unionapp.models.ids import uuid7
from unionapp.sync import district_sql as sql
from unionapp.sync import tables
from unionapp.sync.decisions import send_decisions
from unionapp.sync.errors import BadAddress, SchemaMismatch, ServerUnreachable, SyncRefused
from unionapp.sync.failures import as_sync_error, first_line
from unionapp.sync.faults import Faults
from unionapp.sync.pull import pull
from unionapp.sync.push import push
from unionapp.sync.recorder import ParentUids

BIND_ROWS = 5000  # change-log entries written at once when a PC is bound (or fewer, if large)
CONNECT_TIMEOUT = 10  # seconds: an office's network may be slow, never hang the window


@dataclass
class SyncReport:
    office: str
    pushed: int
    replayed: int
    pulled: int
    new_conflicts: int
    open_conflicts: int
    first: bool  # this sync bound the PC to its office


@dataclass(frozen=True)
class Server:
    server_id: str
    office: str
    office_name: str


def server_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except (exc.ArgumentError, ValueError) as error:  # its text repeats the password
        raise BadAddress(
            "无法识别的服务器地址；应为 postgresql+psycopg://用户名:密码@服务器:端口/数据库，"
            "请按 server add-office 给出的地址原样填写"
        ) from error
    if parsed.get_backend_name() != "postgresql":
        raise BadAddress("同步的服务器须为区总工会的 PostgreSQL 数据库（postgresql+psycopg://…）")
    return create_engine(
        parsed,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT},
        hide_parameters=True,  # an error's text never carries a record's values (ID numbers)
    )


def _same_schema(conn: Connection) -> str:
    """The server carries what this program syncs: the same district layer, and the same
    revision or one only revisions that change nothing a sync carries apart
    (``revision.SYNC_NEUTRAL``). ``server init`` records the server's sync schema with the
    revision it was worked out at; once a migration alone has moved the server on (a newer
    program opening it), or on a server set up before it kept one, the revision tells.
    Returns the server's id, read with them."""
    district = conn.execute(
        text(
            "SELECT (SELECT version_num FROM alembic_version), to_jsonb(d) ->> 'sync_schema', "
            "to_jsonb(d) ->> 'sync_revision', layer, server_id FROM district d"
        )
    ).first()
    if district is None:  # its one row removed by hand: server init writes it again
        raise SyncRefused(
            "区总工会的服务器没有设置完整（未记录本区信息）；请区总工会重新运行 server init"
        )
    found, stored, at, layer, server_id = district
    revision = str(found)
    if layer != sql.LAYER:
        older = "旧" if layer < sql.LAYER else "新"
        advice = (
            "请区总工会先用新版程序运行 server init 升级服务器"
            if layer < sql.LAYER
            else "请先把本机程序升级到新版再同步"
        )
        raise SchemaMismatch(
            f"服务器的同步设置（第 {layer} 版）比本机程序（第 {sql.LAYER} 版）{older}；"
            f"{advice}，本机数据不受影响"
        )
    if revision == HEAD_REVISION:
        return str(server_id)
    known = revision in REVISIONS
    if stored and at == revision:
        theirs: str | None = stored
    else:
        theirs = sync_schema(revision) if known else None
    if theirs == sync_schema(HEAD_REVISION):
        return str(server_id)
    if known and REVISIONS.index(revision) < REVISIONS.index(HEAD_REVISION):
        raise SchemaMismatch(
            f"服务器的数据库版本（{revision}）比本机程序（{HEAD_REVISION}）旧，同步的内容已有变化；"
            "请区总工会先用新版程序运行 server init 升级服务器，本机数据不受影响"
        )
    raise SchemaMismatch(
        f"服务器的数据库版本（{revision}）比本机程序（{HEAD_REVISION}）新，同步的内容已有变化；"
        "请先把本机程序升级到新版再同步，本机数据不受影响"
    )


def handshake(engine: Engine) -> Server:
    """The server is a district database at this program's schema, and the address is an
    office's."""
    try:
        with engine.connect() as conn:
            tables_there = set(
                conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ).scalars()
            )
            if "district" not in tables_there:
                raise SyncRefused("这个数据库不是区总工会的同步服务器（未运行 server init）")
            server_id = _same_schema(conn)
            office, name = conn.execute(
                text(
                    "SELECT o.code, (SELECT name FROM office WHERE code = o.code) "
                    "FROM (SELECT unionapp_office() AS code) o"
                )
            ).one()
            if office is None:
                raise SyncRefused(
                    "这个地址不是某个街道工会的同步账号；请用 server add-office 给出的地址"
                )
    except exc.OperationalError as error:
        raise ServerUnreachable(
            f"连不上区总工会的服务器（{first_line(error.orig)}）；网络恢复后再同步，本机数据不受影响"
        ) from error
    return Server(str(server_id), str(office), str(name))


def bind(local: Database, engine: Engine, server: Server) -> SyncBinding:
    """The first sync: this PC gets its number in the office, and every record already here
    goes into the change log as new (they are not on the server yet)."""
    pc_id = uuid7()
    with engine.begin() as conn:
        pc_no = conn.execute(text("SELECT unionapp_register_pc(:p)"), {"p": pc_id}).scalar()
    with local.write() as session:
        binding = SyncBinding(
            id=1,
            server_id=server.server_id,
            office_code=server.office,
            office_name=server.office_name,
            pc_id=pc_id,
            pc_no=int(pc_no),
            cursor_xid=0,
            cursor_seq=0,
            last_error="",
        )
        session.add(binding)
        uids = ParentUids(session)
        entries: list[dict[str, Any]] = []
        held = 0  # characters of change data in ``entries``
        for name in tables.SYNCED:
            table = tables.table(name)
            query = select(table).where(table.c.sync_version == 0)
            if name == "setting":
                query = query.where(table.c.key.in_(tables.SHARED_SETTINGS))
            for row in session.execute(query).mappings():  # read a row at a time
                data = {k: v for k, v in uids.encode_row(name, row).items() if v is not None}
                entries.append(
                    {
                        "change_id": uuid7(),
                        "table_name": name,
                        "uid": row["uid"],
                        "op": "insert",
                        "base_version": 0,
                        "data": tables.dumps(data),
                        "sent": False,
                    }
                )
                held += len(entries[-1]["data"])
                if len(entries) >= BIND_ROWS or held >= tables.BATCH_BYTES:
                    session.execute(insert(SyncChange.__table__), entries)
                    entries, held = [], 0
        if entries:
            session.execute(insert(SyncChange.__table__), entries)
    local.sync_bound = True
    return binding


def sync(local: Database, url: str, *, faults: Faults | None = None) -> SyncReport:
    """Push then pull; the counts of what moved. Raises a SyncError saying why it stopped
    (whatever failed, as a typed kind; the message, kept as the last error, says what to do)."""
    if local.read_only:
        raise SyncRefused("只读方式下不能同步")
    try:
        return _sync(local, url, faults or Faults())
    except Exception as error:
        failure = as_sync_error(error)
        _note_error(local, str(failure))
        if failure is error:
            raise
        raise failure from error


def _sync(local: Database, url: str, faults: Faults) -> SyncReport:
    engine = server_engine(url)
    try:
        server = handshake(engine)
        with local.read() as session:
            binding = session.get(SyncBinding, 1)
        first = binding is None
        if binding is None:
            binding = bind(local, engine, server)
        elif (binding.server_id, binding.office_code) != (server.server_id, server.office):
            raise SyncRefused(
                f"这个数据库属于{binding.office_name}（{binding.office_code}），"
                f"不能与{server.office_name}（{server.office}）同步"
            )
        else:
            with engine.begin() as conn:
                conn.execute(text("SELECT unionapp_register_pc(:p)"), {"p": binding.pc_id})
        send_decisions(local, engine, binding.pc_id)  # a failure: see failures.as_sync_error
        pushed = push(local, engine, binding.pc_id, faults)
        pulled = pull(local, engine, server.office, faults)
        with local.write() as session:
            stored = session.get(SyncBinding, 1)
            stored.last_sync_at = datetime.now().replace(microsecond=0)
            stored.last_error = ""
            still_open = len(
                session.scalars(select(SyncConflict.id).where(SyncConflict.done.is_(False))).all()
            )
        return SyncReport(
            office=server.office,
            pushed=pushed.sent,
            replayed=pushed.replayed,
            pulled=pulled.changes,
            new_conflicts=pushed.conflicts,
            open_conflicts=still_open,
            first=first,
        )
    finally:
        engine.dispose()


def _note_error(local: Database, message: str) -> None:
    try:
        with local.write() as session:
            binding = session.get(SyncBinding, 1)
            if binding is not None:
                binding.last_error = message[:400]
    except DatabaseError:  # the sync's own error is what the clerk must read
        return

"""A PC and the district's server at different program versions. They sync when only
revisions that change nothing a sync carries lie between them (0007 added indexes for the
families list), so the district upgrades its server when it suits it; otherwise the clerk is
told which side to upgrade, and nothing moves."""

from __future__ import annotations

import ast

import pytest
from sqlalchemy import exc, text

from tests.district import District
from tests.unionapp.sync.test_sync_scenarios import add_family
from unionapp.db.migrate import MIGRATIONS
from unionapp.db.revision import HEAD_REVISION, REVISIONS, SYNC_NEUTRAL, sync_schema
from unionapp.sync.errors import SchemaMismatch
from unionapp.sync.run import server_engine, sync
from unionapp.sync.status import sync_status

VERSIONS = MIGRATIONS / "versions"  # where the program itself finds them (an installed one too)


def server_at(district: District, revision: str, stored: str | None, at: str | None = None) -> None:
    """The server at ``revision``, with the sync schema ``stored`` that ``server init``
    recorded at revision ``at`` (both None: set up by a program from before it kept one)."""
    district.admin("UPDATE alembic_version SET version_num = :r", r=revision)
    district.admin("UPDATE district SET sync_schema = :s, sync_revision = :a", s=stored, a=at)


def server_families(district: District) -> list[str]:
    return [name for (name,) in district.admin("SELECT worker_name FROM family ORDER BY 1")]


def test_server_init_records_what_this_program_syncs(district: District) -> None:
    assert district.admin("SELECT sync_schema FROM district") == [(sync_schema(HEAD_REVISION),)]


@pytest.mark.parametrize(
    ("revision", "stored", "at"),
    [
        ("0006", None, None),  # set up by the program before the list's indexes, which kept none
        ("0006", "0006", "0006"),
        ("0099", sync_schema(HEAD_REVISION), "0099"),  # a newer program, neutral revisions since
    ],
)
def test_a_server_only_neutral_revisions_apart_still_syncs(
    district: District, revision: str, stored: str | None, at: str | None
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    server_at(district, revision, stored, at)
    add_family(pc, "王芳", 1, members=1)
    sync(pc, office.url)
    assert server_families(district) == ["王芳"]


@pytest.mark.parametrize(
    ("revision", "stored", "at", "advice"),
    [
        ("0005", None, None, "server init"),  # before the archive's versions: an older server
        ("0099", "0099", "0099", "把本机程序升级"),  # a newer program changed what syncs
        ("9999", None, None, "把本机程序升级"),  # a revision this program does not know
        # set up by this program, then moved on by a newer one's migration alone: what this
        # program recorded says nothing of the revisions since
        ("0099", sync_schema(HEAD_REVISION), HEAD_REVISION, "把本机程序升级"),
    ],
)
def test_a_server_that_syncs_other_fields_names_the_side_to_upgrade(
    district: District, revision: str, stored: str | None, at: str | None, advice: str
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    sync(pc, office.url)  # bound while both were at this version
    add_family(pc, "王芳", 1, members=1)
    server_at(district, revision, stored, at)
    with pytest.raises(SchemaMismatch) as caught:
        sync(pc, office.url)
    assert advice in str(caught.value) and revision in str(caught.value)
    assert "本机数据不受影响" in str(caught.value)
    assert server_families(district) == []  # nothing went up
    status = sync_status(pc)
    assert status.waiting and advice in status.last_error  # the window shows both


@pytest.mark.parametrize(("step", "advice"), [(-1, "server init"), (1, "把本机程序升级")])
def test_a_server_with_another_district_layer_names_the_side_to_upgrade(
    district: District, step: int, advice: str
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    district.admin("UPDATE district SET layer = layer + :s", s=step)
    with pytest.raises(SchemaMismatch, match="同步设置") as caught:
        sync(pc, office.url)
    assert advice in str(caught.value)


def test_a_server_without_its_district_row_asks_for_server_init(district: District) -> None:
    """The district's own row removed by hand: the clerk is told to have server init run again,
    not that the sync stopped unexpectedly, and nothing moves."""
    from unionapp.sync.errors import SyncRefused

    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    add_family(pc, "王芳", 1)
    district.admin("DELETE FROM district")
    with pytest.raises(SyncRefused, match="重新运行 server init"):
        sync(pc, office.url)
    assert sync_status(pc).waiting == 0  # never bound: nothing was recorded to go up
    assert district.admin("SELECT count(*) FROM family") == [(0,)]


def test_an_office_reads_the_district_layer_but_cannot_change_it(district: District) -> None:
    """What the server records of itself (its identity, layer and sync schema), its offices
    and their PCs is written by ``server init`` and the layer's own functions, never by an
    office's login; a PC's session inside a transaction it left idle is ended."""
    office = district.office("JN", "江宁街道工会")
    engine = server_engine(office.url)  # as a PC's sync connects
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT sync_schema FROM district")).scalar()
        for statement in (
            "UPDATE district SET sync_schema = 'zz'",
            "UPDATE office SET name = '别的街道'",
            "DELETE FROM office_pc",
            "DELETE FROM server_change",
        ):
            with (
                pytest.raises(exc.ProgrammingError, match="permission denied"),
                engine.begin() as conn,
            ):
                conn.execute(text(statement))
    finally:
        engine.dispose()
    assert district.admin("SELECT sync_schema FROM district") == [(sync_schema(HEAD_REVISION),)]


def test_only_index_revisions_are_neutral() -> None:
    """A revision called neutral creates and drops indexes, none of them unique (a unique one
    is a rule a sync runs into), and does nothing else."""
    assert set(REVISIONS) >= SYNC_NEUTRAL and REVISIONS[0] not in SYNC_NEUTRAL
    for revision in SYNC_NEUTRAL:
        (path,) = VERSIONS.glob(f"{revision}_*.py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "op"
        ]
        names = {call.func.attr for call in calls}  # type: ignore[attr-defined]
        assert names and names <= {"create_index", "drop_index"}, (revision, names)
        for call in calls:
            unique = [k.value for k in call.keywords if k.arg == "unique"]
            assert all(isinstance(v, ast.Constant) and not v.value for v in unique), revision
    assert sync_schema("0008") == sync_schema("0007") == sync_schema("0006") == "0006"

"""A PC and the district's server at different program versions. They sync when only
revisions that change nothing a sync carries lie between them (0007 added indexes for the
families list), so the district upgrades its server when it suits it; otherwise the clerk is
told which side to upgrade, and nothing moves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.district import District
from tests.unionapp.sync.test_sync_scenarios import add_family
from unionapp.db.revision import HEAD_REVISION, REVISIONS, SYNC_NEUTRAL, sync_schema
from unionapp.sync.errors import SchemaMismatch
from unionapp.sync.run import sync
from unionapp.sync.status import sync_status

MIGRATIONS = Path(__file__).parents[3] / "unionapp" / "db" / "migrations" / "versions"


def server_at(district: District, revision: str, stored: str | None) -> None:
    """The server as a program of ``revision`` left it (``stored``: the sync schema it wrote;
    None for a program from before the server kept one)."""
    district.admin("UPDATE alembic_version SET version_num = :r", r=revision)
    district.admin("UPDATE district SET sync_schema = :s", s=stored)


def server_families(district: District) -> list[str]:
    return [name for (name,) in district.admin("SELECT worker_name FROM family ORDER BY 1")]


def test_server_init_records_what_this_program_syncs(district: District) -> None:
    assert district.admin("SELECT sync_schema FROM district") == [(sync_schema(HEAD_REVISION),)]


@pytest.mark.parametrize(
    ("revision", "stored"),
    [
        ("0006", None),  # set up by the program before the list's indexes, which kept no schema
        ("0006", "0006"),
        ("0099", sync_schema(HEAD_REVISION)),  # a newer program whose revisions since are neutral
    ],
)
def test_a_server_only_neutral_revisions_apart_still_syncs(
    district: District, revision: str, stored: str | None
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    server_at(district, revision, stored)
    add_family(pc, "王芳", 1, members=1)
    sync(pc, office.url)
    assert server_families(district) == ["王芳"]


@pytest.mark.parametrize(
    ("revision", "stored", "advice"),
    [
        ("0005", None, "server init"),  # before the archive's version columns: an older server
        ("0099", "0099", "把本机程序升级"),  # a newer program changed what syncs
        ("9999", None, "把本机程序升级"),  # a revision this program does not know
    ],
)
def test_a_server_that_syncs_other_fields_names_the_side_to_upgrade(
    district: District, revision: str, stored: str | None, advice: str
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    sync(pc, office.url)  # bound while both were at this version
    add_family(pc, "王芳", 1, members=1)
    server_at(district, revision, stored)
    with pytest.raises(SchemaMismatch) as caught:
        sync(pc, office.url)
    assert advice in str(caught.value) and revision in str(caught.value)
    assert "本机数据不受影响" in str(caught.value)
    assert server_families(district) == []  # nothing went up
    status = sync_status(pc)
    assert status.waiting and advice in status.last_error  # the window shows both


def test_a_server_with_an_older_district_layer_is_upgraded_first(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    district.admin("UPDATE district SET layer = layer - 1")
    with pytest.raises(SchemaMismatch, match="server init"):
        sync(pc, office.url)


def test_only_index_revisions_are_neutral() -> None:
    """A revision called neutral creates and drops indexes and does nothing else."""
    assert set(REVISIONS) >= SYNC_NEUTRAL and REVISIONS[0] not in SYNC_NEUTRAL
    for revision in SYNC_NEUTRAL:
        (path,) = MIGRATIONS.glob(f"{revision}_*.py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        (upgrade,) = [
            n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"
        ]
        calls = {
            node.func.attr
            for node in ast.walk(upgrade)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "op"
        }
        assert calls and calls <= {"create_index", "drop_index"}, (revision, calls)
    assert sync_schema("0007") == "0006" and sync_schema("0006") == "0006"

"""The same ID number registered twice in an office, but for two households: one number was
mistyped. The clerk says so (``apart``) instead of merging two families' archives; the record
here goes up on its own once the wrong number is corrected, here or on the PC that entered the
other one, and waits until then."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.district import District
from tests.unionapp.sync.test_sync_scenarios import add_family, edit, families, person
from unionapp.cli.main import main
from unionapp.database import Database
from unionapp.models import HardshipFamily, SyncConflict
from unionapp.sync.conflicts import decide, open_conflicts
from unionapp.sync.errors import SyncRefused
from unionapp.sync.run import sync


def by_name(database: Database) -> dict[str, tuple[str, int]]:
    """Each family's ID number and number of members, by the worker's name."""
    with database.read() as session:
        return {
            family.worker_name: (family.id_number, len(family.members))
            for family in session.scalars(select(HardshipFamily))
        }


def server_families(district: District) -> list[tuple[str, str]]:
    rows = district.admin("SELECT worker_name, id_number FROM family ORDER BY worker_name")
    return [tuple(row) for row in rows]


def conflict_on(database: Database, office_url: str) -> int:
    [conflict] = open_conflicts(database)
    assert conflict.kind == "duplicate" and conflict.field == "id_number"
    return conflict.id


def test_a_number_mistyped_here_is_corrected_and_the_two_households_stay_apart(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    sync(first, office.url)
    sync(second, office.url)
    add_family(first, "王芳", 7, members=1)
    sync(first, office.url)
    uid = add_family(second, "李娜", 7, members=2)  # her own number is 8: mistyped
    sync(second, office.url)
    conflict = conflict_on(second, office.url)
    edit(second, HardshipFamily, uid, id_number=person(8))  # corrected while it is open
    decide(second, conflict, "apart")
    sync(second, office.url)
    sync(first, office.url)
    expected = {"王芳": (person(7), 1), "李娜": (person(8), 2)}
    assert by_name(first) == by_name(second) == expected  # two archives, no member moved
    assert server_families(district) == [("李娜", person(8)), ("王芳", person(7))]
    assert open_conflicts(first) == open_conflicts(second) == []
    assert families(first) == families(second)  # the same archive numbers on both PCs
    # the correction went up inside the whole record: no edit reached the server on its own
    conflicts = district.admin("SELECT kind FROM server_conflict WHERE resolution IS NULL")
    assert conflicts == []


def test_apart_waits_while_the_server_still_holds_the_number(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    sync(first, office.url)
    sync(second, office.url)
    add_family(first, "王芳", 7)
    sync(first, office.url)
    uid = add_family(second, "李娜", 7, members=1)
    sync(second, office.url)
    conflict = conflict_on(second, office.url)
    decide(second, conflict, "apart")  # nobody has corrected a number yet
    sync(second, office.url)
    # not merged: 李娜 keeps her archive here, and 王芳 (the same number) waits on the server
    assert by_name(second) == {"李娜": (person(7), 1)}
    assert server_families(district) == [("王芳", person(7))]
    with second.read() as session:
        waiting = session.get(SyncConflict, conflict)
        assert waiting is not None and not waiting.done and waiting.resolution == "apart"
    edit(second, HardshipFamily, uid, id_number=person(8))
    sync(second, office.url)
    sync(first, office.url)
    expected = {"王芳": (person(7), 0), "李娜": (person(8), 1)}
    assert by_name(first) == by_name(second) == expected
    assert open_conflicts(first) == open_conflicts(second) == []


def test_the_number_mistyped_on_the_other_pc_is_corrected_there(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    sync(first, office.url)
    sync(second, office.url)
    wrong = add_family(first, "王芳", 7)  # her number is 9; 7 is 李娜's
    sync(first, office.url)
    add_family(second, "李娜", 7, members=1)
    sync(second, office.url)
    conflict = conflict_on(second, office.url)
    edit(first, HardshipFamily, wrong, id_number=person(9))  # the first PC corrects it
    sync(first, office.url)
    decide(second, conflict, "apart")  # nothing to change here: 7 is right
    sync(second, office.url)
    sync(first, office.url)
    expected = {"王芳": (person(9), 0), "李娜": (person(7), 1)}
    assert by_name(first) == by_name(second) == expected
    assert open_conflicts(first) == open_conflicts(second) == []


def test_apart_is_only_for_a_number_registered_twice(district: District, capsys) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    uid = add_family(first, "王芳", 7)
    sync(first, office.url)
    sync(second, office.url)
    edit(first, HardshipFamily, uid, phone="13800000001")
    edit(second, HardshipFamily, uid, phone="13900000002")
    sync(first, office.url)
    sync(second, office.url)
    [conflict] = open_conflicts(second)
    assert conflict.kind == "edit"
    with pytest.raises(SyncRefused, match="两户不同"):
        decide(second, conflict.id, "apart")
    code = main(["--db", str(second.path), "resolve", str(conflict.id), "--keep", "apart"])
    assert code == 1 and "两户不同" in capsys.readouterr().err
    with pytest.raises(SyncRefused, match="apart"):
        decide(second, conflict.id, "neither")


def test_the_command_line_decides_apart(district: District, capsys) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    sync(first, office.url)
    sync(second, office.url)
    add_family(first, "王芳", 7)
    sync(first, office.url)
    uid = add_family(second, "李娜", 7)
    sync(second, office.url)
    conflict = conflict_on(second, office.url)
    edit(second, HardshipFamily, uid, id_number=person(8))
    code = main(["--db", str(second.path), "resolve", str(conflict), "--keep", "apart"])
    assert code == 0 and "两户不同" in capsys.readouterr().out
    assert main(["--db", str(second.path), "sync", office.url]) == 0
    assert server_families(district) == [("李娜", person(8)), ("王芳", person(7))]

"""Syncing from the window against a real district on the tests' PostgreSQL: the sync dialog
(address kept masked, 立即同步, the last result), the status bar, the conflicts dialog, retries
after an unreachable server, a refusal said once, and the district's view of its offices."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.district import District
from tests.unionapp.sync.test_sync_scenarios import add_company, companies, edit
from ui.conflicts_dialog import ConflictsDialog
from ui.main_window import MainWindow
from ui.sync_dialog import SyncDialog
from unionapp.database import Database
from unionapp.models import AuditEntry, Enterprise
from unionapp.sync.errors import ServerUnreachable, SyncRefused
from unionapp.sync.run import sync

UNREACHABLE = "postgresql+psycopg://unionapp_x:secret@127.0.0.1:1/district"


def window_on(qtbot, database: Database) -> MainWindow:
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    return window


def run_sync(qtbot, window: MainWindow, start) -> object:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.syncing.finished, timeout=60000) as blocker:
        start()
    return blocker.args[0]


def test_the_dialog_keeps_the_address_masked_and_syncs(qtbot, district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    add_company(pc, "甲机械有限公司")
    window = window_on(qtbot, pc)
    assert window.syncing.label.isHidden()  # an office that does not sync sees nothing of it
    dialog = SyncDialog(window.syncing, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.address.setText(office.url)
    password = office.url.split(":")[2].split("@")[0]

    def start() -> None:
        dialog.sync_button.click()
        assert window.syncing.running and not window.new_action.isEnabled()  # writing waits

    report = run_sync(qtbot, window, start)
    assert report.pushed >= 1 and window.new_action.isEnabled()
    assert password not in dialog.current.text() and "***" in dialog.current.text()
    assert f"Uploaded {report.pushed}" in dialog.result.text()
    assert window.syncing.label.text().startswith("Last sync ")
    assert not window.syncing.label.isHidden()
    assert not window.syncing.conflicts_button.isVisible()
    assert district.admin("SELECT name FROM enterprise") == [("甲机械有限公司",)]
    with pc.read() as session:
        logged = " ".join(e.changes for e in session.scalars(select(AuditEntry)))
    assert password not in logged
    dialog.done(0)
    again = window_on(qtbot, pc)  # the address stays with this PC's database
    assert again.syncing.url == office.url


def test_conflicts_are_shown_side_by_side_and_decided(qtbot, district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_company(first, "甲机械有限公司")
    sync(first, office.url)
    sync(second, office.url)
    uid = next(iter(companies(first)))
    edit(first, Enterprise, uid, address="天元中路1号")
    edit(second, Enterprise, uid, address="天元中路2号")
    sync(first, office.url)
    window = window_on(qtbot, second)
    window.syncing.set_address(office.url, 0)
    run_sync(qtbot, window, window.syncing.sync_now)
    assert window.syncing.conflicts_button.isVisible()
    assert window.syncing.conflicts_button.text() == "1 conflicts"
    dialog = ConflictsDialog(window.syncing, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.count() == 1
    title = dialog.list.item(0).text()
    assert "甲机械有限公司" in title and "地址" in title and "same field" in title
    assert dialog.mine.toPlainText() == "天元中路2号"
    assert dialog.theirs.toPlainText() == "天元中路1号"
    dialog.full.setChecked(True)  # audited like `conflicts --full`
    with second.read() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "disclose"))
    dialog.keep_theirs.click()
    assert "keep the server's" in dialog.list.item(0).text()
    run_sync(qtbot, window, dialog.sync_button.click)
    assert dialog.list.count() == 0 and not window.syncing.conflicts_button.isVisible()
    assert companies(second)[uid][1] == "天元中路1号"
    assert dialog.apart.isHidden()  # an edit conflict: two households does not apply
    dialog.done(0)


def test_two_households_with_one_number_are_kept_apart_from_the_window(
    qtbot, district: District
) -> None:
    from tests.unionapp.sync.test_sync_apart import by_name
    from tests.unionapp.sync.test_sync_scenarios import add_family, person
    from unionapp.models import HardshipFamily

    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    sync(first, office.url)
    add_family(first, "王芳", 7)
    sync(first, office.url)
    uid = add_family(second, "李娜", 7, members=1)  # mistyped: hers is 8
    window = window_on(qtbot, second)
    window.syncing.set_address(office.url, 0)
    run_sync(qtbot, window, window.syncing.sync_now)
    dialog = ConflictsDialog(window.syncing, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.count() == 1 and "ID number registered twice" in dialog.list.item(0).text()
    assert dialog.apart.isVisible() and dialog.apart.isEnabled()
    assert dialog.theirs.toPlainText().startswith("Registered on the server as: 王芳（")
    assert "two households" in dialog.what.text()
    edit(second, HardshipFamily, uid, id_number=person(8))
    dialog.apart.click()
    assert "two different households" in dialog.list.item(0).text()
    run_sync(qtbot, window, dialog.sync_button.click)
    assert dialog.list.count() == 0
    assert by_name(second) == {"王芳": (person(7), 0), "李娜": (person(8), 1)}
    dialog.done(0)


def test_an_unreachable_server_is_retried_with_backoff(qtbot, district: District) -> None:
    pc = district.pc("pc1")
    window = window_on(qtbot, pc)
    syncing = window.syncing
    syncing.set_address(UNREACHABLE, 5)
    assert syncing.auto_timer.isActive() and syncing.auto_timer.interval() == 5 * 60_000
    outcome = run_sync(qtbot, window, syncing.sync_now)
    assert isinstance(outcome, ServerUnreachable)
    assert syncing.retry_timer.isActive() and syncing.retry_timer.interval() == 30_000
    assert "failed" in syncing.label.text() and syncing.label.toolTip() == str(outcome)
    run_sync(qtbot, window, syncing.sync_now)
    assert syncing.retry_timer.interval() == 60_000
    run_sync(qtbot, window, syncing.sync_now)
    assert syncing.retry_timer.interval() == 120_000
    syncing.set_address(UNREACHABLE, 0)  # automatic sync off: no retry
    run_sync(qtbot, window, syncing.sync_now)
    assert not syncing.retry_timer.isActive()


def test_only_one_sync_at_a_time(qtbot, district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    window = window_on(qtbot, district.pc("pc1"))
    window.syncing.set_address(office.url, 0)

    def start_twice() -> None:
        assert window.syncing.sync_now() is True
        assert window.syncing.sync_now() is False

    run_sync(qtbot, window, start_twice)


def test_a_refusal_is_said_once_and_not_retried(qtbot, district: District) -> None:
    pc = district.pc("pc1")
    window = window_on(qtbot, pc)
    syncing = window.syncing
    syncing.set_address(district.url, 5)  # the district's own account, not an office's
    outcome = run_sync(qtbot, window, syncing.sync_now)
    assert isinstance(outcome, SyncRefused)
    assert not syncing.retry_timer.isActive()
    box = syncing._box
    assert box.isVisible() and box.text() == str(outcome)
    box.close()
    run_sync(qtbot, window, syncing.sync_now)
    assert not box.isVisible()  # the same refusal is not shown again


def test_the_district_sees_every_office_in_the_overview(qtbot, district: District) -> None:
    jn, ml = district.office("JN", "江宁街道工会"), district.office("ML", "秣陵街道工会")
    pc = district.pc("jn")
    add_company(pc, "甲机械有限公司")
    sync(pc, jn.url)
    add_company(district.direct(ml), "丙物流有限公司")
    add_company(district.direct(ml), "丁食品有限公司", union_status="未建会")
    window = window_on(qtbot, district.direct_url(district.url, "区总工会"))
    window.tabs.setCurrentWidget(window.overview_page)
    panel = window.district_panel
    qtbot.waitUntil(lambda: panel.figures is not None, timeout=20000)
    assert [f.code for f in panel.figures] == ["JN", "ML"]
    table = panel.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert set(rows) == {"江宁街道工会", "秣陵街道工会"}
    assert table.item(rows["秣陵街道工会"], 1).text() == "2"
    assert table.item(rows["秣陵街道工会"], 2).text() == "1"
    assert table.item(rows["江宁街道工会"], 6).text().startswith(str(date.today().year))
    assert table.item(rows["秣陵街道工会"], 6).text() == "never"
    assert not window.syncing.sync_action.isVisible()  # a server database syncs nothing

    office_window = window_on(qtbot, district.direct(ml, "秣陵"))
    office_window.tabs.setCurrentWidget(office_window.overview_page)
    own = office_window.district_panel
    qtbot.waitUntil(lambda: own.figures is not None, timeout=20000)
    assert [f.code for f in own.figures] == ["ML"]

"""The overview: targets as progress bars, drill-down, reminders on a given date, goals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.unionapp.test_targets import YEAR, fixture
from ui.overview_tab import OverviewTab
from ui.overview_widgets import MonthlyChart
from ui.target_dialogs import GoalsDialog
from unionapp.models import Target


def shown(qtbot, db, today: date) -> OverviewTab:
    tab = OverviewTab(db, today=today)
    qtbot.addWidget(tab)
    tab.year.setValue(YEAR)
    with qtbot.waitSignal(tab.updated, timeout=10_000):
        tab.refresh()
    return tab


def test_targets_show_value_goal_and_status(qtbot, db) -> None:
    fixture(db)
    tab = shown(qtbot, db, date(YEAR, 3, 1))
    row = tab.rows["new_unions"]
    assert row.figures.text() == "2 / 20家"
    assert row.bar.value() == 100  # 2 of 20, per mille
    assert row.status.text() == "落后" or row.status.text() == "Behind"
    assert tab.rows["cadre_trainings"].bar.value() == 1000


def test_clicking_a_target_lists_the_records_behind_it(qtbot, db) -> None:
    fixture(db)
    tab = shown(qtbot, db, date(YEAR, 8, 1))
    dialog = tab.drill_down("families_helped")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "李"


def test_reminders_for_the_injected_date(qtbot, db) -> None:
    fixture(db)
    tab = shown(qtbot, db, date(YEAR, 7, 20))
    texts = [tab.reminder_list.item(i).text() for i in range(tab.reminder_list.count())]
    assert "乙：职代会逾期未开（计划 2024-07-10）" in texts
    assert any(text.startswith("李：今年尚未复核") for text in texts)
    assert tab.chart.figures["unions"][0] == 1  # 乙 founded in January
    kinds = [tab.reminder_kind.itemText(i) for i in range(tab.reminder_kind.count())]
    assert kinds[0] == tab.tr("All ({0})").format(len(texts))
    tab.reminder_kind.setCurrentIndex(tab.reminder_kind.findData("review"))
    shown_now = [tab.reminder_list.item(i).text() for i in range(tab.reminder_list.count())
                 if not tab.reminder_list.item(i).isHidden()]  # fmt: skip
    assert shown_now and all("复核" in text for text in shown_now)
    assert "乙：职代会逾期未开（计划 2024-07-10）" not in shown_now
    assert f"({len(shown_now)})" in tab.reminder_kind.currentText()


def test_editing_goals_changes_the_bars(qtbot, db) -> None:
    fixture(db)
    dialog = GoalsDialog(db, YEAR)
    qtbot.addWidget(dialog)
    dialog.boxes["new_unions"].setValue(4)
    dialog.save()
    with db.read() as session:
        assert session.scalar(select(Target.value).where(Target.metric == "new_unions")) == 4
    tab = shown(qtbot, db, date(YEAR, 3, 1))
    assert tab.rows["new_unions"].figures.text() == "2 / 4家"


def test_chart_axis_is_wide_enough_for_large_figures(qtbot) -> None:
    """A street with thousands of visits in a month: the axis figures are not cut off."""
    chart = MonthlyChart()
    qtbot.addWidget(chart)
    chart.resize(900, 200)
    chart.set_figures({"visits": [10_896] + [0] * 11, "unions": [3] * 12})
    image = chart.grab().toImage()
    edge = {image.pixelColor(x, y).name() for x in range(3) for y in range(image.height())}
    assert edge == {"#ffffff"}  # nothing drawn against the left edge
    inked = [x for x in range(60) if any(image.pixelColor(x, y).lightness() < 160
                                          for y in range(image.height()))]  # fmt: skip
    assert inked and inked[0] >= 3  # the figures are there, right of the edge


def test_an_empty_database_is_told_what_to_do_first(qtbot, db) -> None:
    from PySide6.QtWidgets import QPushButton

    from tests.ui.conftest import when_modal
    from ui.main_window import MainWindow
    from ui.record_form import RecordForm

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.overview.data is not None, timeout=10_000)
    overview = window.overview
    assert overview.start_here.isVisible()
    statuses = {row.status.text() for row in overview.rows.values()}
    assert statuses <= {"无数据", "No data"}  # not "behind": nothing is recorded yet
    opened: list[str] = []
    when_modal(lambda form: (opened.append(form.spec.key), form.reject()), RecordForm)
    button = next(
        b
        for b in overview.start_here.findChildren(QPushButton)
        if "family archive" in b.text() or "困难职工档案" in b.text()
    )
    button.click()
    assert opened == ["family"]
    assert window.tabs.currentWidget() is window.record_tabs["family"]


def test_the_guidance_goes_once_something_is_recorded(qtbot, db) -> None:
    fixture(db)
    tab = shown(qtbot, db, date(YEAR, 3, 1))
    assert not tab.start_here.isVisible() and tab.data is not None and not tab.data.empty


def test_a_long_list_of_reminders_lists_the_first_thousand_and_counts_the_rest(qtbot, db) -> None:
    """Each entry wraps, so the list measures every one on the window's thread: a large
    archive's tens of thousands of reviews due are counted, and the first LISTED_AT_MOST of
    the chosen kind listed, with a line saying how many more (which opens nothing)."""
    from dataclasses import replace

    from ui.overview_tab import LISTED_AT_MOST
    from unionapp.services.reminders import Reminder

    fixture(db)
    tab = shown(qtbot, db, date(YEAR, 7, 20))
    due = [
        Reminder("review", n, f"职工{n}：今年尚未复核（上次 从未复核）", None) for n in range(3000)
    ]
    tab._show(replace(tab.data, reminders=tab.data.reminders + due))
    everything = tab.data.reminders
    listed = [tab.reminder_list.item(i) for i in range(tab.reminder_list.count())]
    assert [item.text() for item in listed[:-1]] == [r.text for r in everything[:LISTED_AT_MOST]]
    rest = f"{len(everything) - LISTED_AT_MOST:,}"
    assert listed[-1].text() == tab.tr("{0} more not listed").format(rest)
    assert tab.reminder_kind.itemText(0) == tab.tr("All ({0})").format(len(everything))
    with qtbot.assertNotEmitted(tab.open_record):
        tab.reminder_list.itemDoubleClicked.emit(listed[-1])
    with qtbot.waitSignal(tab.open_record) as opened:
        tab.reminder_list.itemDoubleClicked.emit(listed[0])
    assert opened.args[1] == everything[0].record_id

    congress = [r.text for r in everything if r.kind == "congress"]
    tab.reminder_kind.setCurrentIndex(tab.reminder_kind.findData("congress"))
    texts = [tab.reminder_list.item(i).text() for i in range(tab.reminder_list.count())]
    assert texts == congress  # few: every one, and no line about more
    reviews = [r.text for r in everything if r.kind == "review"]
    tab.reminder_kind.setCurrentIndex(tab.reminder_kind.findData("review"))
    texts = [tab.reminder_list.item(i).text() for i in range(tab.reminder_list.count())]
    rest = f"{len(reviews) - LISTED_AT_MOST:,}"
    assert texts == [*reviews[:LISTED_AT_MOST], tab.tr("{0} more not listed").format(rest)]

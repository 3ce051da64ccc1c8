"""A household as real rosters have them (fifteen members, a 127-character address, names in
Uyghur and Tibetan and with 𠇔, every text at its maximum length): the form still fits a
1366×768 screen without scrolling, shows every value whole, saves it back unchanged, and the
lists show the names as written."""

from __future__ import annotations

from PySide6.QtCore import QRect

from tests.ui.families import ADDRESS, RARE, TIBETAN, UYGHUR, real_looking_family
from ui.main_window import MainWindow
from ui.record_form import RecordForm
from unionapp.models import HardshipFamily
from unionapp.schema.records import FAMILY, MEMBER

SCREEN = QRect(0, 0, 1366, 728)


def test_the_form_fits_and_keeps_every_value_of_a_real_looking_household(qtbot, db) -> None:
    family_id = real_looking_family(db)
    with db.read() as session:
        family = session.get(HardshipFamily, family_id)
        stored = {f.key: getattr(family, f.key) for f in FAMILY.editable}
    form = RecordForm(db, FAMILY, record_id=family_id)
    qtbot.addWidget(form)
    form.fit_to(SCREEN)
    form.show()
    assert form.width() <= SCREEN.width() and form.height() <= SCREEN.height()
    for index, (_group, scroll, _keys) in enumerate(form.sections):
        form.pages.setCurrentIndex(index)
        qtbot.wait(10)
        assert scroll.verticalScrollBar().maximum() == 0, form.pages.tabText(index)
    assert form.editors["address"].value() == ADDRESS  # wraps in its box, nothing cut
    assert form.editors["worker_name"].value() == RARE
    assert form.derived["income_per_head_fen"].text() == "200.00"  # (48000 − 12000) ÷ 12 ÷ 15
    assert not form.validate()
    assert form.save()  # saved back unchanged
    with db.read() as session:
        family = session.get(HardshipFamily, family_id)
        assert {f.key: getattr(family, f.key) for f in FAMILY.editable} == stored


def test_the_lists_show_the_names_as_written(qtbot, db) -> None:
    family_id = real_looking_family(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    tab = window.record_tabs["family"]
    window.tabs.setCurrentWidget(tab)
    tab.select_id(family_id)
    name_column = [f.key for f in tab.model.columns].index("worker_name")
    assert tab.model.index(tab.model.row_of(family_id), name_column).data() == RARE
    members = next(p for p in tab.children_panels if p.spec.key == MEMBER.key)
    names = [members.model.index(r, 0).data() for r in range(members.model.rowCount())]
    assert len(names) == 15 and UYGHUR in names and TIBETAN in names and RARE + "娟" in names
    assert RARE in tab.summary.toPlainText() and ADDRESS in tab.summary.toPlainText()

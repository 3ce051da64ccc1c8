"""证明材料 under a family, through the real panel: files added from the file dialog (several at
once), refusals named with their reason, a copy opened from a private folder under the user
cache, 另存为, a note, and delete with undo; the family's document count follows."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from tests.ui.conftest import answer, when_modal
from tests.ui.families import new_family
from ui.attachments_panel import human_size
from ui.main_window import MainWindow
from unionapp.models import Attachment
from unionapp.models.archive import MAX_ATTACHMENT_BYTES
from unionapp.system.folders import cache_dir

PDF = b"%PDF-1.4\n% scanned income certificate\n" + bytes(range(256)) * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00JFIF" + bytes(reversed(range(256))) * 300


class Viewer(QObject):
    """Stands where the system's viewer would: receives the URL the panel asks to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url)


def documents_of(qtbot, db):
    family_id = new_family(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    tab = window.record_tabs["family"]
    window.tabs.setCurrentWidget(tab)
    tab.select_id(family_id)
    panel = next(p for p in tab.children_panels if p.spec.key == "attachment")
    return window, tab, panel, family_id


def count_cell(tab, family_id: int) -> str:
    column = [f.key for f in tab.model.columns].index("attachment_count")
    return tab.model.index(tab.model.row_of(family_id), column).data()


def pick_files(folder: Path, *names: str):
    def pick(dialog) -> None:
        assert isinstance(dialog, QFileDialog), type(dialog)
        dialog.setDirectory(str(folder))
        typed = " ".join(f'"{name}"' for name in names) if len(names) > 1 else names[0]
        dialog.findChild(QLineEdit, "fileNameEdit").setText(typed)
        dialog.accept()

    return pick


def test_documents_are_added_opened_saved_noted_and_deleted_with_undo(qtbot, db, tmp_path) -> None:
    (tmp_path / "收入证明.pdf").write_bytes(PDF)
    (tmp_path / "低保证 照片.jpg").write_bytes(JPEG)
    window, tab, panel, family_id = documents_of(qtbot, db)
    assert panel.add_button.isEnabled() and not panel.open_button.isEnabled()

    when_modal(pick_files(tmp_path, "收入证明.pdf", "低保证 照片.jpg"), QFileDialog)
    panel.add()
    assert panel.model.rowCount() == 2
    assert [panel.model.index(r, 0).data() for r in range(2)] == ["收入证明.pdf", "低保证 照片.jpg"]
    size_column = [f.key for f in panel.model.columns].index("size")
    assert panel.model.index(1, size_column).data() == human_size(len(JPEG)) == "75 KB"
    assert count_cell(tab, family_id) == "2"
    assert panel.selected_id() is not None  # the last one added

    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show")
    try:
        panel.view.selectRow(0)
        opened = panel.open_selected()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert viewer.opened == [QUrl.fromLocalFile(str(opened))]
    assert opened.read_bytes() == PDF
    assert (cache_dir() / "opened") in opened.parents  # private, under the user cache

    target = tmp_path / "出" / "给民政的收入证明.pdf"
    target.parent.mkdir()
    when_modal(pick_files(target.parent, target.name), QFileDialog)
    assert panel.save_as() == target
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(PDF).digest()

    def note(dialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("2024年度，街道盖章")
        dialog.accept()

    when_modal(note, QInputDialog)
    panel.edit()
    note_column = [f.key for f in panel.model.columns].index("note")
    assert panel.model.index(0, note_column).data() == "2024年度，街道盖章"

    first = panel.selected_id()
    when_modal(answer(QMessageBox.StandardButton.Yes))
    panel.delete()
    assert panel.model.rowCount() == 1 and count_cell(tab, family_id) == "1"
    window.undo_action.trigger()
    assert panel.model.rowCount() == 2 and panel.selected_id() == first
    assert count_cell(tab, family_id) == "2"
    with db.read() as session:
        assert session.get(Attachment, first).data == PDF


def test_refused_files_are_named_with_their_reason_and_the_rest_added(qtbot, db, tmp_path) -> None:
    big = tmp_path / "全部病历扫描.pdf"
    with big.open("wb") as handle:  # sparse: over the limit without writing 20 MB
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    empty = tmp_path / "空白.jpg"
    empty.write_bytes(b"")
    good = tmp_path / "医疗票据.jpg"
    good.write_bytes(JPEG)
    _window, tab, panel, family_id = documents_of(qtbot, db)
    when_modal(answer(QMessageBox.StandardButton.Ok), QMessageBox)
    added = panel.add_files([big, empty, good, tmp_path])
    assert len(added) == 1 and panel.model.rowCount() == 1
    told = answer.last_text
    assert "1 of 4" in told
    assert "全部病历扫描.pdf" in told and "20 MB" in told
    assert "空白.jpg" in told and "空文件" in told
    assert f"“{tmp_path.name}”不是普通文件" in told
    assert count_cell(tab, family_id) == "1"
    with db.read() as session:
        assert [a.name for a in session.query(Attachment)] == ["医疗票据.jpg"]

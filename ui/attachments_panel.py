"""证明材料 under a family: the scans and photos kept in its archive (inside the database).

添加… takes several files at once (each refused one is named with the reason: over 20 MB, empty,
not a plain file); 打开 writes a copy into a private folder under the user's cache and hands it
to the system's viewer; 另存为… writes it where the clerk chooses; 删除 can be undone like any
delete.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from ui.child_panel import ChildPanel
from ui.table_model import SORT_ROLE, RecordTableModel
from unionapp.db import DatabaseError
from unionapp.services.errors import RefusedError
from unionapp.system.folders import cache_dir

OPENED_FOLDER = "opened"  # under the user cache: copies handed to a viewer
OPENED_KEEP_SECONDS = 600  # a viewer has read its copy by then; older copies are removed
FILE_TYPES = "*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.bmp *.gif *.webp *.heic *.doc *.docx"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def opened_folder() -> Path:
    """A new private folder for one opened copy (owner-only, made by mkdtemp), after removing
    the copies opened more than ten minutes ago (a viewer still holding one keeps it)."""
    base = cache_dir() / OPENED_FOLDER
    base.mkdir(parents=True, exist_ok=True)
    limit = time.time() - OPENED_KEEP_SECONDS
    for old in base.iterdir():
        try:
            if old.stat().st_mtime < limit:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue
    return Path(tempfile.mkdtemp(dir=base))


class AttachmentTableModel(RecordTableModel):
    """The documents of one family; sizes read as KB and MB."""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and self.columns[section].key == "size"
        ):
            return self.tr("Size")
        return super().headerData(section, orientation, role)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.isValid()
            and self.columns[index.column()].key == "size"
        ):
            size = super().data(index, SORT_ROLE)
            return human_size(size) if isinstance(size, int) else ""
        return super().data(index, role)


class AttachmentsPanel(ChildPanel):
    def make_model(self) -> RecordTableModel:
        return AttachmentTableModel(self.database, self.spec, self)

    def _build_buttons(self) -> None:
        self.add_button = self.button(self.tr("Add…"), self.add, writes=True, selected=False)
        self.open_button = self.button(self.tr("Open"), self.open_selected, writes=False)
        self.save_as_button = self.button(self.tr("Save as…"), self.save_as, writes=False)
        self.edit_button = self.button(self.tr("Note…"), self.edit, writes=True)
        self.delete_button = self.button(self.tr("Delete"), self.delete, writes=True)
        self.view.doubleClicked.connect(self.open_selected)
        self.view.add_row_actions(
            (self.tr("Open"), self.open_selected), (self.tr("Save as…"), self.save_as)
        )
        self.writing_actions += self.view.add_row_actions(
            (self.tr("Note…"), self.edit), (self.tr("Delete"), self.delete)
        )

    # Adding ------------------------------------------------------------------
    def add(self) -> None:
        if self.parent_id is None or not self.writable():
            return
        settings = QSettings()
        start = str(settings.value("attachments/folder", "") or Path.home())
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add documents"),
            start,
            self.tr("Scans, photos and documents ({0});;All files (*)").format(FILE_TYPES),
        )
        if names:
            settings.setValue("attachments/folder", str(Path(names[0]).parent))
            self.add_files([Path(name) for name in names])

    def add_files(self, paths: list[Path]) -> list[int]:
        """Add each file in its own transaction; say which were refused and why."""
        from unionapp.services import attachments

        added: list[int] = []
        refused: list[str] = []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for path in paths:
                try:
                    with self.database.write() as session:
                        added.append(attachments.add_file(session, self.parent_id, path).id)
                except RefusedError as error:
                    refused.append(str(error))
                except DatabaseError as error:
                    refused.append(f"“{path.name}”：{error}")
        finally:
            QApplication.restoreOverrideCursor()
        if added:
            self._after_change(added[-1])
        if refused:
            head = (
                self.tr("{0} of {1} files were added. Not added:").format(len(added), len(paths))
                if added
                else self.tr("No file was added:")
            )
            QMessageBox.warning(
                self, self.tr("Documents"), head + "\n" + "\n".join(f"• {r}" for r in refused)
            )
        return added

    # Reading -----------------------------------------------------------------
    def open_selected(self) -> Path | None:
        """Write a copy to a private folder and open it with the system's viewer."""
        from unionapp.services import attachments

        record_id = self.selected_id()
        if record_id is None:
            return None
        try:
            folder = opened_folder()
            with self.database.read() as session:
                path = attachments.save_copy(session, record_id, folder)
        except (RefusedError, DatabaseError, OSError) as error:
            QMessageBox.warning(self, self.tr("Cannot open"), str(error))
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.information(
                self,
                self.tr("Cannot open"),
                self.tr("No program on this computer opens “{0}”. Use Save as… to copy it.").format(
                    path.name
                ),
            )
        return path

    def save_as(self) -> Path | None:
        from unionapp.services import attachments

        record_id = self.selected_id()
        row = self.model.row_of(record_id) if record_id is not None else None
        if record_id is None or row is None:
            return None
        name = str(self.model.index(row, 0).data())
        settings = QSettings()
        start = Path(str(settings.value("attachments/save_folder", "") or Path.home())) / name
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save document as"), str(start))
        if not target:
            return None
        settings.setValue("attachments/save_folder", str(Path(target).parent))
        try:
            with self.database.read() as session:
                return attachments.save_as(session, record_id, Path(target))
        except (RefusedError, DatabaseError, OSError) as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return None

    # Changing ----------------------------------------------------------------
    def edit(self) -> None:
        """The note is what may change (the name stays the file's own)."""
        from unionapp.schema.records import ATTACHMENT
        from unionapp.services import records
        from unionapp.services.records import RecordInvalid, make_context

        record_id = self.selected_id()
        if record_id is None or not self.writable():
            return
        row = self.model.row_of(record_id)
        column = [f.key for f in self.model.columns].index("note")
        current = str(self.model.index(row, column).data() or "") if row is not None else ""
        text, ok = QInputDialog.getText(
            self, self.tr("Note"), self.tr("Note on this document:"), text=current
        )
        if not ok:
            return
        try:
            with self.database.write() as session:
                records.update(
                    session, ATTACHMENT, record_id, {"note": text}, make_context(session)
                )
        except RecordInvalid as invalid:
            QMessageBox.warning(self, self.tr("Not saved"), "\n".join(invalid.errors.values()))
            return
        except (RefusedError, DatabaseError) as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return
        self._after_change(record_id)

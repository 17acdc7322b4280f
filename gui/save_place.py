"""Where an export is saved, for the ledger and the exchange package alike: the folder
field, the question before a file is replaced, and the progress while the worker writes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from gui import file_dialogs


def folder_for(key: str) -> str:
    """Where a file dialog or a save folder starts: the folder last used for it (``key`` in
    the settings) while it still exists, else the documents folder, else home. Never the
    program's working folder (the install folder; System32 from some Windows shortcuts),
    nor a USB stick pulled out since."""
    remembered = str(QSettings().value(key, "") or "")
    if remembered and Path(remembered).is_dir():
        return remembered
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


class FolderField(QWidget):
    """A folder typed or chosen (选择…); focus and the form's label go to the text."""

    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(folder)
        browse = QPushButton(self.tr("Choose…"))
        browse.setAutoDefault(False)  # Enter in the form exports; it never opens this
        browse.clicked.connect(self._choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)
        self.setFocusProxy(self.edit)

    def _choose(self) -> None:
        folder = file_dialogs.existing_folder(self, self.tr("Folder"), self.edit.text())
        if folder:
            self.edit.setText(folder)


def may_write(parent: QWidget, target: Path) -> bool:
    """True when ``target`` is free, or the clerk agrees to replace it."""
    if not target.exists():
        return True
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("FolderField", "Replace file?"),
        QCoreApplication.translate("FolderField", "“%1” already exists. Replace it?").replace(
            "%1", target.name
        ),
    )
    return answer == QMessageBox.StandardButton.Yes


def writing_progress(parent: QWidget, text: str) -> QProgressDialog:
    """Shown once a write takes longer than 0.3 s; it cannot be cancelled (all or nothing
    happens on the worker, and a half-written file is never left)."""
    progress = QProgressDialog(text, "", 0, 100, parent)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    return progress

"""帮助 → 关于: version, where the data is, and the versions underneath."""

from __future__ import annotations

import sqlite3

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core.paths import data_dir
from core.version import __version__
from gui.session import Session


class AboutDialog(QMessageBox):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Taizhang"))
        icon = QApplication.windowIcon()  # the program's icon (resources/icons)
        if icon.isNull():
            self.setIcon(QMessageBox.Icon.Information)
        else:
            self.setIconPixmap(icon.pixmap(64, 64))
        self.setText(
            self.tr("Taizhang %1 — science and technology work ledger").replace("%1", __version__)
        )
        details = [
            self.tr("Data folder: %1").replace("%1", str(data_dir())),
            self.tr("Database file: %1").replace("%1", str(session.path)),
            f"SQLite {sqlite3.sqlite_version} · Qt {qVersion()} · PySide6 {pyside_version}",
        ]
        self.setInformativeText("\n".join(details))
        # Room for a Windows path on one line, and selectable, for an IT person to copy.
        self.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 32em; }")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

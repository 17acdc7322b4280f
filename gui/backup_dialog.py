"""文件 → 从备份恢复: the backups of this database, newest first; restoring asks first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.backups import Backup
from gui.forms import button_box


class BackupDialog(QDialog):
    """Emits ``chosen(backup)`` once the user has picked one and confirmed."""

    chosen = Signal(object)

    def __init__(self, found: list[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups = found
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.resize(720, 420)
        intro = QLabel(
            self.tr(
                "Choose the backup to go back to. The data as it is now is backed up first, "
                "so a restore can itself be undone by restoring that backup."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(found), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Taken"), self.tr("Why"), self.tr("File")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, backup in enumerate(found):
            taken = QTableWidgetItem(f"{backup.taken:%Y-%m-%d %H:%M:%S}")
            taken.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 0, taken)
            self.table.setItem(row, 1, QTableWidgetItem(backup.reason_name))
            self.table.setItem(row, 2, QTableWidgetItem(backup.path.name))
        self.table.resizeColumnToContents(0)
        if found:
            self.table.selectRow(0)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        buttons, self.restore_button = button_box(self, self.tr("Restore"))
        self.restore_button.setEnabled(bool(found))
        self.restore_button.clicked.connect(self._confirm)
        layout.addWidget(buttons)
        self.table.setFocus()

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _confirm(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Restore?"),
            self.tr("Replace the data with the backup of %1?").replace(
                "%1", f"{backup.taken:%Y-%m-%d %H:%M}"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # all the data replaced: never by a stray Enter
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.chosen.emit(backup)
            self.accept()

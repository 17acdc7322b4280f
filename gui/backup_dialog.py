"""文件 → 从备份恢复: the backups of this database, newest first, or any other backup
file (the old version's, one copied onto a stick); restoring asks first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import file_owner, messages
from core.backups import Backup
from gui import file_dialogs
from gui.forms import button_box


class BackupDialog(QDialog):
    """Emits ``chosen(backup)`` once the user has picked one and confirmed: a listed
    ``Backup``, or the ``Path`` of another file.

    ``unnumbered``: how many backups in ``folder`` bear this file's name but no id (the
    old version's); they are not listed as its own (whose they are cannot be told), only
    said to be there, to be chosen as another file.
    """

    chosen = Signal(object)

    def __init__(
        self,
        found: list[Backup],
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
        unnumbered: int = 0,
        owner: file_owner.Owner | None = None,
    ) -> None:
        super().__init__(parent)
        self.backups = found
        self.folder = folder
        self.owner = owner  # this database's: another's file chosen is asked about
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.resize(720, 420)
        intro = QLabel(
            self.tr(
                "Choose the backup to go back to. The data as it is now is backed up first, "
                "so a restore can itself be undone by restoring that backup."
            )
        )
        intro.setWordWrap(True)
        self.unnumbered_note = QLabel(self._note(bool(found), unnumbered))
        self.unnumbered_note.setWordWrap(True)
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
        layout.addWidget(self.unnumbered_note)
        self.unnumbered_note.setVisible(bool(self.unnumbered_note.text()))
        buttons, self.restore_button = button_box(self, self.tr("Restore"))
        self.restore_button.setEnabled(bool(found))
        self.restore_button.clicked.connect(self._confirm)
        self.other_button = QPushButton(self.tr("&Other backup file…"))
        self.other_button.setAutoDefault(False)  # Enter restores the listed one, never this
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.other_button.clicked.connect(self._choose_file)
        layout.addWidget(buttons)
        self.table.setFocus()

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _note(self, listed: bool, unnumbered: int) -> str:
        if unnumbered:
            return self.tr(
                "%n backup(s) in the backups folder made by an older version (no id of this "
                "file in their names) are not listed: choose one with Other backup file….",
                "",
                unnumbered,
            )
        if not listed:
            return self.tr(
                "No backup of this file was found in the backups folder. A backup kept "
                "elsewhere can be chosen with Other backup file…."
            )
        return ""

    def _confirm(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        chosen = file_owner.owner_of_file(backup.path)  # its name says ours; its data too?
        if file_owner.ask_before_restoring(self.owner, chosen):
            answer = ask_other_database(self, file_owner.warning(self.owner, chosen), backup.path)
        else:
            question = self.tr("Replace the data with the backup of %1?")
            answer = self._asked(question.replace("%1", f"{backup.taken:%Y-%m-%d %H:%M}"))
        if answer:
            self.chosen.emit(backup)
            self.accept()

    def _choose_file(self) -> None:
        """Any file: it is checked when restored, as ``restore FILE`` checks it (another
        program's file, or a damaged one, is refused with the reason)."""
        path = file_dialogs.open_file_name(
            self,
            self.tr("Other backup file"),
            str(self.folder or ""),
            self.tr("Taizhang backups (*.db);;All files (*)"),
        )
        if not path:
            return
        chosen = file_owner.owner_of_file(path)
        if file_owner.ask_before_restoring(self.owner, chosen):
            answer = ask_other_database(self, file_owner.warning(self.owner, chosen), path)
        else:
            question = self.tr("Replace all the data with the backup file %1?")
            answer = self._asked(question.replace("%1", path))
        if answer:
            self.chosen.emit(Path(path))
            self.accept()

    def _asked(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Restore?"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # all the data replaced: never by a stray Enter
        )
        return answer == QMessageBox.StandardButton.Yes


def restoring_note(parent: QWidget) -> QProgressDialog:
    """“Restoring…”, shown at once and modal over every window until the restore ends
    (the caller closes it): nothing the clerk does meanwhile is queued behind it."""
    text = QCoreApplication.translate("BackupDialog", "Restoring the backup…")
    note = QProgressDialog(text, "", 0, 0, parent)
    note.setWindowTitle(QCoreApplication.translate("BackupDialog", "Restore from a backup"))
    note.setCancelButton(None)  # all or nothing happens on the worker
    note.setWindowModality(Qt.WindowModality.ApplicationModal)
    note.setMinimumDuration(0)
    note.show()
    return note


def ask_other_database(parent: QWidget | None, warning: messages.Both, path) -> bool:
    """Whether to replace the data with another database's file (another unit's): both
    units and their records named (``core/file_owner.py``), 取消 the default."""
    title = QCoreApplication.translate("BackupDialog", "Another database's file")
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, f"{warning.zh}。",
        QMessageBox.StandardButton.NoButton, parent,
    )  # fmt: skip
    asked = QCoreApplication.translate(
        "BackupDialog",
        "Replace all the data here with it? The data as it is now is backed up first.",
    )
    english = warning.en[:1].upper() + warning.en[1:]  # a sentence here, not a fragment
    box.setInformativeText(f"{path}\n\n{asked}\n\n{english}.")
    restore = box.addButton(
        QCoreApplication.translate("BackupDialog", "&Restore it"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)  # all the data replaced by another's: never by a stray Enter
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is restore

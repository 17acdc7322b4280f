"""Import (Ctrl+I): check the whole file first, show every problem, write only on confirm."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.messages import text as message
from gui import i18n
from gui.operations import OpChanges, Operations
from gui.session import Session


class ImportDialog(QDialog):
    """Emits ``confirmed(activities, file name)``; the caller adds them (undoable)."""

    confirmed = Signal(list, str)

    def __init__(self, session: Session, ops: Operations, path: str, parent: QWidget | None):
        super().__init__(parent)
        self.path = Path(path)
        self.plan = None
        QSettings().setValue("import/folder", str(self.path.parent))
        self.setWindowTitle(self.tr("Import %1").replace("%1", self.path.name))
        self.resize(760, 460)
        self.status = QLabel(self.tr("Checking “%1”…").replace("%1", self.path.name))
        self.status.setWordWrap(True)
        self.errors = QTableWidget(0, 3)
        self.errors.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Column"), self.tr("Problem")]
        )
        self.errors.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.errors.verticalHeader().setVisible(False)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.errors.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.buttons)

        template = session.template

        def job(_db):
            from core.importer import plan_import  # openpyxl only when importing

            return plan_import(self.path, template)

        ops.run(job, OpChanges(), self._show_plan, self._show_failure)

    def _show_plan(self, plan) -> None:
        self.plan = plan
        if plan.ok:
            self.status.setText(
                self.tr("%n record(s) can be imported. Nothing has been written yet.", "",
                        len(plan.activities))
            )  # fmt: skip
            self.import_button.setEnabled(bool(plan.activities))
            self.import_button.setFocus()
            return
        rows = plan.bad_rows
        status = self.tr(
            "%n row(s) have problems. Nothing will be imported until the file is corrected:",
            "",
            rows,
        )
        if plan.more_errors:  # only the first problems are kept (core/importer.py)
            language = "en" if i18n.current_language() == "en" else "zh"
            status += "\n" + message(
                "import_more_problems", language, shown=len(plan.errors), more=plan.more_errors
            )
        self.status.setText(status)
        self.errors.setRowCount(len(plan.errors))
        for index, error in enumerate(plan.errors):
            row_item = QTableWidgetItem(str(error.row) if error.row else "")
            row_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.errors.setItem(index, 0, row_item)
            self.errors.setItem(index, 1, QTableWidgetItem(error.column))
            english = i18n.current_language() == "en" and error.en
            self.errors.setItem(index, 2, QTableWidgetItem(error.en if english else error.reason))
        self.errors.resizeColumnToContents(0)
        self.errors.resizeColumnToContents(1)
        self.errors.show()

    def _show_failure(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;")

    def _confirm(self) -> None:
        if self.plan is not None and self.plan.ok:
            self.confirmed.emit(list(self.plan.activities), self.path.name)
            self.accept()

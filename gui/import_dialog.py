"""Import (Ctrl+I): check the whole file first, show every problem, write only on confirm."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.duplicates import named
from core.messages import text as message
from gui import i18n
from gui.activity_model import figures_text
from gui.forms import button_box
from gui.operations import OpChanges, Operations
from gui.session import Session

PREVIEW_ROWS = 200  # records listed before importing; the rest are counted


class ImportDialog(QDialog):
    """Emits ``confirmed(activities, file name, repeats skipped)``; the caller adds them
    (undoable). Rows already in the database are skipped unless the clerk ticks the box."""

    confirmed = Signal(list, str, int)

    def __init__(self, session: Session, ops: Operations, path: str, parent: QWidget | None):
        super().__init__(parent)
        self.path = Path(path)
        self.plan = None
        QSettings().setValue("import/folder", str(self.path.parent))
        self.setWindowTitle(self.tr("Import %1").replace("%1", self.path.name))
        self.resize(760, 460)
        self.status = QLabel(self.tr("Checking “%1”…").replace("%1", self.path.name))
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.errors = QTableWidget(0, 3)
        self.errors.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Column"), self.tr("Problem")]
        )
        self.errors.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.errors.verticalHeader().setVisible(False)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.errors.hide()
        # What a clean file will add, as the list will show it (the first PREVIEW_ROWS).
        self.preview = QTableWidget(0, 5)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Type"), self.tr("Title"), self.tr("Place"),
             self.tr("Key figures")]
        )  # fmt: skip
        self.preview.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.preview.verticalHeader().setVisible(False)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.preview.hide()
        self.template = session.template
        self.repeats = None
        self.allow_repeats = QCheckBox()
        self.allow_repeats.hide()
        self.allow_repeats.toggled.connect(lambda _on: self._update_import_button())
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.allow_repeats)
        self.buttons, self.import_button = button_box(self, self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._confirm)
        layout.addWidget(self.buttons)

        template = self.template = session.template

        def job(db):
            from core import duplicates
            from core.importer import plan_import  # openpyxl only when importing

            plan = plan_import(self.path, template)
            repeats = duplicates.find_repeats(db, plan.activities, plan.source_ids)
            return plan, repeats

        ops.run(job, OpChanges(), self._show_plan, self._show_failure)

    def _show_plan(self, result) -> None:
        plan, repeats = result
        self.plan = plan
        from core.importer import plan_notes  # loaded by the job already

        language = "en" if i18n.current_language() == "en" else "zh"
        above = "".join(f"\n{note}" for note in plan_notes(plan, language))
        if plan.ok:
            self.repeats = repeats
            # What the file holds; what will be added is said below it (the repeats
            # skipped): “可导入 4 条” over an empty list, 导入 off, read as a contradiction.
            text = self.tr("The file holds %n record(s). Nothing has been written yet.", "",
                           len(plan.activities)) + above  # fmt: skip
            in_database = repeats.count - repeats.in_file
            if in_database:
                text += "\n" + self.tr(
                    "%n of them are already in the database (the same 编号, or the same type, "
                    "date, title, place and figures) and will be skipped.", "", in_database
                )  # fmt: skip
            if repeats.in_file:
                text += "\n" + self.tr(
                    "%n of them repeat an earlier row of the file (the same 编号, or the same "
                    "type, date, title, place and figures, e.g. a copied sheet) and will be "
                    "skipped.", "", repeats.in_file
                )  # fmt: skip
            if repeats.changed:
                text += "\n" + message(
                    "import_changed_by_id", language, count=len(repeats.changed),
                    records=named(repeats.changed),
                )  # fmt: skip
            if repeats.count:
                self.allow_repeats.setText(
                    self.tr("Import the %n repeated record(s) anyway", "", repeats.count)
                )
                self.allow_repeats.show()
            self.status.setText(text)
            self._update_import_button()
            self.import_button.setFocus()
            return
        rows = plan.bad_rows
        status = self.tr(
            "%n row(s) have problems. Nothing will be imported until the file is corrected:",
            "",
            rows,
        )
        status += above
        if plan.more_errors:  # only the first problems are kept (core/importer.py)
            status += "\n" + message(
                "import_more_problems", language, shown=len(plan.errors), more=plan.more_errors
            )
        self.status.setText(status)
        self.errors.setRowCount(len(plan.errors))
        for index, error in enumerate(plan.errors):
            row = str(error.row) if error.row else ""
            row_item = QTableWidgetItem(f"{error.sheet} {row}" if error.sheet else row)
            row_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.errors.setItem(index, 0, row_item)
            self.errors.setItem(index, 1, QTableWidgetItem(error.column))
            english = i18n.current_language() == "en" and error.en
            self.errors.setItem(index, 2, QTableWidgetItem(error.en if english else error.reason))
        self.errors.resizeColumnToContents(0)
        self.errors.resizeColumnToContents(1)
        self.errors.show()

    def _show_preview(self, items: list) -> None:
        shown = items[:PREVIEW_ROWS]
        self.preview.clearSpans()
        self.preview.setRowCount(len(shown) + (len(items) > len(shown)))
        for row, a in enumerate(shown):
            cells = (a.date.isoformat(), self.template.type(a.type_id).name, a.title,
                     a.location, figures_text(self.template, a))  # fmt: skip
            for column, text in enumerate(cells):
                self.preview.setItem(row, column, QTableWidgetItem(text))
        if len(items) > len(shown):
            more = self.tr("… and %n more", "", len(items) - len(shown))
            self.preview.setItem(len(shown), 0, QTableWidgetItem(more))
            self.preview.setSpan(len(shown), 0, 1, 5)
        for column in range(4):
            self.preview.resizeColumnToContents(column)
        self.preview.show()

    def _show_failure(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;")

    def to_import(self) -> list:
        """The records the import will add: without the repeats unless they are allowed."""
        if self.plan is None or not self.plan.ok:
            return []
        if self.repeats is None or self.allow_repeats.isChecked():
            return list(self.plan.activities)
        return self.repeats.new_items(self.plan.activities)

    def checks(self) -> tuple:
        """What the import must find unchanged when it writes: the template the file was
        checked against, and whether repeats are skipped (looked for again then)."""
        return self.template, self.repeats is not None and not self.allow_repeats.isChecked()

    def skipped(self) -> int:
        if self.repeats is None or self.allow_repeats.isChecked():
            return 0
        return self.repeats.count

    def _update_import_button(self) -> None:
        items = self.to_import()
        self.import_button.setEnabled(bool(items))
        self._show_preview(items)

    def _confirm(self) -> None:
        items = self.to_import()
        if items:
            self.confirmed.emit(items, self.path.name, self.skipped())
            self.accept()

"""Export a period's ledger (Ctrl+E): choose period and file; it runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from core.ledger import ledger_file_name
from core.ledger_sources import NO_UNIT, units_in_period
from core.periods import Period, current_quarter
from gui import file_dialogs
from gui.earlier_export_note import EarlierExportNote
from gui.forms import button_box, tab_as_read
from gui.operations import OpChanges, Operations
from gui.period_bar import PeriodBar
from gui.save_place import FolderField, folder_for, may_write, writing_progress
from gui.session import Session

_ALL_UNITS = "<all units>"  # the choice of 全部单位, as remembered


class ExportDialog(QDialog):
    def __init__(
        self, session: Session, ops: Operations, period: Period | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.ops = ops
        self.written: Path | None = None
        self.evidence: Path | None = None
        self.setWindowTitle(self.tr("Export ledger"))
        self.setMinimumWidth(620)

        self.period_bar = PeriodBar(self, allow_all=False)
        self.period_bar.set_period(period or current_quarter())
        self.unit_box = QComboBox()  # 填报单位: all units, or one (main.py export --unit)
        self.unit_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.units_note = QLabel()
        self.units_note.setWordWrap(True)
        self.units_note.hide()
        self.earlier_note = EarlierExportNote(ops)  # exported before? changed since?
        self.evidence_check = QCheckBox(self.tr("Also export the e&vidence"))
        self.evidence_check.setToolTip(
            self.tr(
                "A zip beside the workbook: the workbook, one folder per section and one "
                "sub-folder per record with its files"
            )
        )
        self.evidence_check.setChecked(QSettings().value("export/evidence", False, type=bool))
        self.name_edit = QLineEdit()
        folder_field = FolderField(folder_for("export/folder"))
        self.folder_edit = folder_field.edit

        form = QFormLayout()
        form.addRow(self.tr("Period"), self.period_bar)
        form.addRow(self.tr("Reporting unit"), self.unit_box)
        form.addRow("", self.units_note)
        form.addRow("", self.earlier_note)
        form.addRow(self.tr("File name"), self.name_edit)
        form.addRow(self.tr("Folder"), folder_field)
        form.addRow("", self.evidence_check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons, self.export_button = button_box(self, self.tr("Export"))
        self.export_button.clicked.connect(lambda: self.start_export())
        layout.addWidget(buttons)

        self._wanted_unit = self._remembered_unit()
        self.period_bar.changed.connect(lambda _p: self._fill_units())
        self.unit_box.currentIndexChanged.connect(lambda _i: self._remember_choice())
        self.unit_box.currentIndexChanged.connect(lambda _i: self._suggest_name())
        self.unit_box.currentIndexChanged.connect(lambda _i: self._say_earlier_export())
        self._fill_units()
        tab_as_read(self)
        self.period_bar.kind_box.setFocus()

    def _fill_units(self) -> None:
        """The units with records in the period, the one wanted chosen if it has any.

        Wanted: the clerk's choice in this dialog, else the one made last time for this
        file; where that unit has no record, this database's own unit: a township that
        took the county's package holds every office's records, and its own ledger is its
        records alone. A county chooses 全部单位 once; it is kept. A period whose list
        holds 全部单位 alone (no record, one unit) changes nothing of what is wanted.
        """
        period = self.period_bar.period() or current_quarter()
        units = units_in_period(self.session.reader, period)
        chosen = self._wanted_among(units)
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItem(self.tr("All units"), None)
        for unit in units:
            self.unit_box.addItem(unit or NO_UNIT, unit)
        found = self.unit_box.findData(chosen) if chosen is not None else 0
        self.unit_box.setCurrentIndex(max(found, 0))
        self.unit_box.blockSignals(False)
        self.unit_box.setEnabled(self.unit_box.count() > 2)  # one unit: all of them is it
        self.units_note.setText(
            self.tr("This period holds records of %n units. A unit's own ledger has its "
                    "records alone; “All units” is the combined ledger, with a sheet of each "
                    "unit's totals.", "", len(units))
        )  # fmt: skip
        self.units_note.setVisible(len(units) > 1)
        self._suggest_name()
        self._say_earlier_export()

    def _say_earlier_export(self) -> None:
        period = self.period_bar.period() or current_quarter()
        self.earlier_note.show_for(period, self.unit())

    def _unit_key(self) -> str:
        return self.session.settings_key("export/unit")

    def _remembered_unit(self) -> str | None:
        """The unit chosen at the last export from this file, ``_ALL_UNITS``, or None."""
        remembered = QSettings().value(self._unit_key(), None)
        return remembered if isinstance(remembered, str) else None

    def _remember_choice(self) -> None:
        """The clerk chose in a list of more than 全部单位 (the only way the index moves
        with its signals on)."""
        unit = self.unit()
        self._wanted_unit = _ALL_UNITS if unit is None else unit

    def _wanted_among(self, units: list[str]) -> str | None:
        if self._wanted_unit == _ALL_UNITS:
            return None
        for unit in (self._wanted_unit, self.session.unit_name):
            if unit is not None and unit in units:
                return unit
        return None

    def unit(self) -> str | None:
        """The 填报单位 chosen, or None for all units."""
        return self.unit_box.currentData()

    def _suggest_name(self) -> None:
        period = self.period_bar.period() or current_quarter()
        unit = self.unit()
        name = unit if unit else self.session.unit_name  # a ledger of one unit bears its name
        self.name_edit.setText(ledger_file_name(name, period))

    def target(self) -> Path:
        name = self.name_edit.text().strip() or "台账.xlsx"
        if not name.lower().endswith(".xlsx"):
            name += ".xlsx"
        return Path(self.folder_edit.text().strip()) / name

    def start_export(self, confirmed: bool = False) -> None:
        target = self.target()
        if not confirmed and not may_write(self, target):
            return
        period = self.period_bar.period() or current_quarter()
        QSettings().setValue("export/folder", str(target.parent))
        progress = writing_progress(self, self.tr("Exporting the ledger…"))
        template = self.session.template
        unit = self.unit()
        QSettings().setValue(self._unit_key(), _ALL_UNITS if unit is None else unit)
        with_evidence = self.evidence_check.isChecked()
        QSettings().setValue("export/evidence", with_evidence)
        protected = [self.session.path]
        self.export_button.setEnabled(False)

        def job(db, report):
            from core.ledger_export import export_ledger_file  # openpyxl only now

            return export_ledger_file(
                db, template, period, target, unit=unit, with_evidence=with_evidence,
                protected=protected, progress=report,
            )  # fmt: skip

        def show_progress(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

        def done(result) -> None:
            progress.close()
            self.export_button.setEnabled(True)
            self.written = result.path
            self.evidence = result.evidence
            self._offer_to_open(result)

        def failed(text: str) -> None:
            progress.close()
            self.export_button.setEnabled(True)
            if target.exists() and ("Excel" in text or "WPS" in text):
                self._offer_retry(text)  # held open by Excel/WPS: retry, or save elsewhere
            else:
                QMessageBox.warning(self, self.tr("Export failed"), text)

        self.ops.run(job, OpChanges(), done, failed, show_progress)

    def _offer_retry(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Export failed"), text, parent=self)
        retry = box.addButton(self.tr("Retry"), QMessageBox.ButtonRole.AcceptRole)
        save_as = box.addButton(self.tr("Save as…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self._after_retry_box(box, retry, save_as))
        self.retry_box = box
        box.open()

    def _after_retry_box(self, box, retry, save_as) -> None:
        if box.clickedButton() is retry:
            self.start_export(confirmed=True)
        elif box.clickedButton() is save_as:
            path = file_dialogs.save_file_name(
                self, self.tr("Save as"), str(self.target()), "Excel (*.xlsx)"
            )
            if path:
                self.folder_edit.setText(str(Path(path).parent))
                self.name_edit.setText(Path(path).name)
                self.start_export()

    def _offer_to_open(self, result) -> None:
        path, warnings = result.path, result.warnings
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Exported"))
        text = self.tr("The ledger was saved (%n record(s)):", "", result.records) + f"\n{path}"
        if result.evidence is not None:
            text += "\n" + self.tr("Its evidence (%n file(s)):", "", result.evidence_files)
            text += f"\n{result.evidence}"
        box.setText(text)
        if warnings:  # nothing cut silently: say which cells differ from the database
            box.setIcon(QMessageBox.Icon.Warning)
            box.setInformativeText("\n".join(warnings[:5]) + ("\n…" if len(warnings) > 5 else ""))
            box.setDetailedText("\n".join(warnings))
        open_file = box.addButton(self.tr("Open file"), QMessageBox.ButtonRole.ActionRole)
        open_folder = box.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.finished.connect(lambda _r: self._after_message(box, open_file, open_folder, path))
        self.message_box = box
        box.open()

    def _after_message(self, box, open_file, open_folder, path: Path) -> None:
        if box.clickedButton() is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        self.accept()

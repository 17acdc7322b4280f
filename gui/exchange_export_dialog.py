"""文件 → 导出交换包: what to send (the changes since the last package, or everything; all
dates or one period) and where; ``core.exchange.export_package`` runs off the GUI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core import exchange, messages
from gui.forms import button_box, tab_as_read
from gui.operations import OpChanges, Operations
from gui.period_bar import PeriodBar
from gui.save_place import FolderField, folder_for, may_write, writing_progress
from gui.session import Session


def shown_time(stamp: str, seconds: bool = False) -> str:
    """2026-04-01T09:05:00 as a clerk reads it: 2026-04-01 09:05 (with ``seconds``, where
    two changes of one minute are told apart by it: a conflict's sides)."""
    return stamp.replace("T", " ")[: 19 if seconds else 16]


class ExchangeExportDialog(QDialog):
    def __init__(self, session: Session, ops: Operations, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.session = session
        self.ops = ops
        self.result_box: QMessageBox | None = None
        self.written: exchange.ExportResult | None = None
        self.setWindowTitle(self.tr("Export exchange package"))
        self.setMinimumWidth(640)

        last = exchange.last_sent(session.reader)
        if last:
            since_text = self.tr("&Changes since the last package sent (%1)").replace(
                "%1", shown_time(last)
            )
        else:
            since_text = self.tr("&Changes since the last package sent (none yet: all records)")
        self.since_button = QRadioButton(since_text)
        self.all_button = QRadioButton(self.tr("&All records"))
        self.since_button.setChecked(True)
        which = QButtonGroup(self)
        which.addButton(self.since_button)
        which.addButton(self.all_button)
        self.period_bar = PeriodBar(self, allow_all=True)
        self.period_bar.set_period(None)
        self.period_bar.kind_box.setToolTip(
            self.tr("Only the records dated in this period (all dates by default)")
        )
        folder_field = FolderField(folder_for("exchange/folder"))
        self.folder_edit = folder_field.edit
        self.name_edit = QLineEdit(self._free_name())

        form = QFormLayout()
        form.addRow(self.tr("Records"), self.since_button)
        form.addRow("", self.all_button)
        form.addRow(self.tr("Dated in"), self.period_bar)
        form.addRow(self.tr("File name"), self.name_edit)
        form.addRow(self.tr("Folder"), folder_field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons, self.export_button = button_box(self, self.tr("Export"))
        self.export_button.clicked.connect(lambda: self.start_export())
        layout.addWidget(buttons)
        tab_as_read(self)
        self.since_button.setFocus()

    def _free_name(self) -> str:
        """胡集镇-李四-2026-04-01.tzpkg, or …(2).tzpkg when today's first is there already:
        the package sent this morning is never replaced by the one sent this afternoon."""
        name = exchange.package_file_name(
            self.session.unit_name, self.session.staff_name, dt.date.today()
        )
        folder = Path(self.folder_edit.text().strip())
        stem = name[: -len(exchange.SUFFIX)]
        number = 1
        while (folder / name).exists():
            number += 1
            name = f"{stem}({number}){exchange.SUFFIX}"
        return name

    def target(self) -> Path:
        name = self.name_edit.text().strip() or exchange.package_file_name(
            self.session.unit_name, "", dt.date.today()
        )
        if not name.lower().endswith(exchange.SUFFIX):
            name += exchange.SUFFIX
        return Path(self.folder_edit.text().strip()) / name

    def start_export(self, confirmed: bool = False) -> None:
        target = self.target()
        if not confirmed and not may_write(self, target):
            return
        everything = self.all_button.isChecked()
        period = self.period_bar.period()
        QSettings().setValue("exchange/folder", str(target.parent))
        progress = writing_progress(self, self.tr("Exporting the exchange package…"))
        self.export_button.setEnabled(False)

        def job(db, report):
            return exchange.export_package(
                db, target, everything=everything, period=period, progress=report
            )

        def show_progress(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

        def done(result: exchange.ExportResult) -> None:
            progress.close()
            self.export_button.setEnabled(True)
            self.written = result
            self._say_written(result, changes_only=not everything)

        def failed(text: str) -> None:
            progress.close()
            self.export_button.setEnabled(True)
            QMessageBox.warning(self, self.tr("Export failed"), text)

        # Writes: a complete package is remembered as sent (the next one starts there).
        self.ops.run(job, OpChanges(), done, failed, show_progress, writes=True)

    def _say_written(self, result: exchange.ExportResult, changes_only: bool) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Exchange package exported"))
        text = self.tr("The exchange package was saved: %n record(s)", "", result.records)
        text += self.tr(", %n attachment file(s).", "", result.files)
        if result.in_bin:  # the list shows fewer: the deletions travel too
            text += "\n" + self.tr(
                "%n of the records are in the recycle bin: the other side deletes them too.",
                "", result.in_bin,
            )  # fmt: skip
        if not result.records and changes_only:
            text += "\n" + self.tr("Nothing has changed since the last package was sent.")
        text += f"\n{result.path}"
        if result.missing:  # files gone from this computer's store: said, by record
            box.setIcon(QMessageBox.Icon.Warning)
            text += "\n\n" + messages.text(
                "package_files_left_out", count=len(result.missing),
                details="；".join(result.missing),
            )  # fmt: skip
        box.setText(text)
        box.setInformativeText(self.tr("Hand it over on a USB stick or as a message attachment."))
        open_folder = box.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.finished.connect(lambda _r: self._after_message(box, open_folder, result.path))
        self.result_box = box
        box.open()

    def _after_message(self, box: QMessageBox, open_folder, path: Path) -> None:
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        self.accept()
        if self.parentWidget() is not None:
            self.parentWidget().activateWindow()

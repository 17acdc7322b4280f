"""The export dialog's line on the period's last export: when, which file, how many records,
and how many of the period's records were added, changed or deleted since (core/export_log).

A quarter's ledger handed in is what the year's report must agree with: a clerk about to
export it again learns, before she does, that it will not be the same file.
"""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import QLabel, QWidget

from core import export_log
from core.periods import Period
from gui import i18n

CHANGED_STYLE = "color: #8a4b00;"  # amber: worth reading, not an error
# A name with no place to break widens the dialog: beyond this it is shortened (the
# whole name is in the tooltip).
FILE_NAME_SHOWN_CHARS = 48


class EarlierExportNote(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.last: export_log.LastExport | None = None
        self.hide()

    def show_for(self, reader: sqlite_utils.Database, period: Period, unit: str | None) -> None:
        """Say what the last export of ``period`` (of ``unit``'s ledger, or all units') was
        and what changed since; nothing when it was never exported from this file."""
        self.last = export_log.last_export(reader, period, unit)
        if self.last is None:
            self.hide()
            return
        self.setText(self.text_of(self.last))
        self.setToolTip(self.last.file_name)
        self.setStyleSheet(CHANGED_STYLE if self.last.changed else "")
        self.show()

    def text_of(self, last: export_log.LastExport) -> str:
        said = (
            self.tr("This period was exported on %1 (%2, %n record(s)); ", "", last.records)
            .replace("%1", last.when)
            .replace("%2", export_log.shortened(last.file_name, FILE_NAME_SHOWN_CHARS))
        )
        if not last.changed:
            return said + self.tr("none of its records has changed since.")
        language = "zh" if i18n.current_language() == "zh_CN" else "en"
        return said + self.tr(
            "since then %n of its records were added, changed or deleted: %1. "
            "The ledger exported now will differ from that one.",
            "",
            last.changed,
        ).replace("%1", export_log.titles_said(last, language))

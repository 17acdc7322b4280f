"""The export dialog's line on the period's last export: when, which file, how many records,
how many of the period's records were added, changed or deleted since, and whether the
template, the 统计指标 or the 年度目标 changed since (core/export_log).

A quarter's ledger handed in is what the year's report must agree with: a clerk about to
export it again learns, before she does, that it will not be the same file.

The history it reads grows with the file (0.4 s at 100,000 records when every record
changed since): it is read on the worker, as the 汇总 and the list's totals are, and the
line says only what was found for the period and unit still chosen. A clerk stepping
through the quarters with the arrow keys waits for none of them.
"""

from __future__ import annotations

import contextlib

from PySide6.QtWidgets import QLabel, QWidget

from core import export_log
from core.periods import Period
from gui import i18n
from gui.operations import OpChanges, Operations
from gui.screen_fit import fit_height_to_text

CHANGED_STYLE = "color: #8a4b00;"  # amber: worth reading, not an error
# A name with no place to break widens the dialog: beyond this it is shortened (the
# whole name is in the tooltip).
FILE_NAME_SHOWN_CHARS = 48


class _Asked:
    """The period and unit the note is wanted for now: read by the worker's job too (a
    plain object, alive when the dialog is gone)."""

    key: tuple[str, str | None] | None = None


class EarlierExportNote(QLabel):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWordWrap(True)
        self.last: export_log.LastExport | None = None
        self._asked = _Asked()
        self.hide()

    def show_for(self, period: Period, unit: str | None) -> None:
        """Say what the last export of ``period`` (of ``unit``'s ledger, or all units') was
        and what changed since, once the worker has read it; nothing when it was never
        exported from this file. Until then the line of another period is not shown."""
        key = (period.code, unit)
        asked = self._asked
        if key != asked.key:
            self.last = None
            self.hide()
        asked.key = key

        def job(db):
            if asked.key != key:
                return None  # another period chosen while this one waited: not read
            return export_log.last_export(db, period, unit)

        def done(last: export_log.LastExport | None) -> None:
            if asked.key != key:
                return  # the answer for a period no longer chosen
            with contextlib.suppress(RuntimeError):  # the dialog was closed meanwhile
                self._show(last)

        # A line that cannot be read is no reason for a message: the export says its own.
        self.ops.run(job, OpChanges(), done, lambda _text: None)

    def _show(self, last: export_log.LastExport | None) -> None:
        self.last = last
        if last is None:
            self.hide()
            self._fit_window()
            return
        self.setText(self.text_of(last))
        self.setToolTip(last.file_name)
        self.setStyleSheet(CHANGED_STYLE if last.changed or last.others else "")
        self.show()
        self._fit_window()

    def _fit_window(self) -> None:
        """The note comes from the worker after the dialog was laid out: its two lines had
        the room of one, or left their room empty once hidden."""
        window = self.window()
        if window is not self:
            fit_height_to_text(window, shrink=True)

    def text_of(self, last: export_log.LastExport) -> str:
        said = (
            self.tr("This period was exported on %1 (%2, %n record(s)); ", "", last.records)
            .replace("%1", last.when)
            .replace("%2", export_log.shortened(last.file_name, FILE_NAME_SHOWN_CHARS))
        )
        language = "zh" if i18n.current_language() == "zh_CN" else "en"
        others = export_log.others_said(last, language) if last.others else ""
        if not last.changed and not others:
            return said + self.tr("none of its records has changed since.")
        if not last.changed:
            return said + self.tr(
                "none of its records has changed since, but %1 changed: "
                "the ledger exported now will differ from that one."
            ).replace("%1", others)
        titles = export_log.titles_said(last, language)
        if not others:
            return said + self.tr(
                "since then %n of its records were added, changed or deleted: %1. "
                "The ledger exported now will differ from that one.",
                "",
                last.changed,
            ).replace("%1", titles)
        return said + self.tr(
            "since then %n of its records were added, changed or deleted: %1; %2 changed "
            "too. The ledger exported now will differ from that one.",
            "",
            last.changed,
        ).replace("%1", titles).replace("%2", others)

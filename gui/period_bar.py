"""Choose the period shown: all, a year, a half-year, a quarter, a month, or any range of
days (this quarter by default)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QToolButton, QWidget

from core.errors import TaizhangError
from core.periods import PER_YEAR, Period, current_quarter, parse_period, range_period
from core.values import MAX_YEAR, MIN_YEAR
from gui.date_field import DateField

KINDS = ("all", "year", "half", "quarter", "month", "range")


class PeriodBar(QWidget):
    changed = Signal(object)  # Period, or None for all records
    refused = Signal(str)  # a range's day that is no date, or a start after the end

    def __init__(self, parent: QWidget | None = None, allow_all: bool = True) -> None:
        super().__init__(parent)
        self.allow_all = allow_all
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kind_box = QComboBox()
        labels = (
            self.tr("All"),
            self.tr("Year"),
            self.tr("Half-year"),
            self.tr("Quarter"),
            self.tr("Month"),
            self.tr("Date range"),
        )
        for kind, label in zip(KINDS, labels, strict=True):
            if kind != "all" or allow_all:
                self.kind_box.addItem(label, kind)
        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.previous_button.setToolTip(self.tr("Previous period"))
        self.year_box = QSpinBox()
        self.year_box.setRange(MIN_YEAR, MAX_YEAR)
        self.year_box.setSuffix(self.tr(" (year)"))
        self.part_box = QComboBox()
        # A range of days: from … to …, typed or picked in a calendar.
        self.first_edit = DateField()
        self.to_label = QLabel(self.tr("to"))
        self.last_edit = DateField()
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip(self.tr("Next period"))
        self.today_button = QToolButton()
        self._today_labels = {
            "year": self.tr("This year"),
            "half": self.tr("This half-year"),
            "month": self.tr("This month"),
        }
        for widget in (
            self.kind_box,
            self.previous_button,
            self.year_box,
            self.part_box,
            self.first_edit,
            self.to_label,
            self.last_edit,
            self.next_button,
            self.today_button,
        ):
            layout.addWidget(widget)
        self._parts = {
            "half": [self.tr("First half"), self.tr("Second half")],
            "quarter": [self.tr("Q1"), self.tr("Q2"), self.tr("Q3"), self.tr("Q4")],
            "month": [self.tr("Month %1").replace("%1", str(m)) for m in range(1, 13)],
        }
        self._range = range_period(*_this_quarter_days())
        self.set_period(current_quarter())
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.year_box.valueChanged.connect(self._emit)
        self.part_box.currentIndexChanged.connect(self._emit)
        for edit in (self.first_edit, self.last_edit):
            edit.editingFinished.connect(self._range_edited)
            edit.date_chosen.connect(lambda _date: self._range_edited())
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(lambda: self.set_period(self._current(), emit=True))

    # --- value ----------------------------------------------------------------

    def period(self) -> Period | None:
        kind = self.kind_box.currentData()
        if kind == "all":
            return None
        if kind == "range":
            return self._range
        year = self.year_box.value()
        if kind == "year":
            return Period("year", year)
        return Period(kind, year, self.part_box.currentIndex() + 1)

    def set_period(self, period: Period | None, emit: bool = False) -> None:
        widgets = (self, self.kind_box, self.year_box, self.part_box)
        for widget in widgets:
            widget.blockSignals(True)
        if period is None and not self.allow_all:
            period = current_quarter()
        kind = period.kind if period else "all"
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        if period is not None:
            self.year_box.setValue(period.year)
        self._fill_parts(kind)
        if period is not None and period.kind in PER_YEAR:
            self.part_box.setCurrentIndex(period.number - 1)
        if period is not None and period.kind == "range":
            self._range = period
        self._show_range()
        for widget in widgets:
            widget.blockSignals(False)
        self._update_enabled()
        self._shown = self.period()
        if emit:
            self.changed.emit(self._shown)

    def code(self) -> str:
        period = self.period()
        return period.code if period else "all"

    def set_code(self, code: str) -> None:
        """Restore a remembered period (``"all"``, ``"2026Q1"`` …); junk is ignored."""
        if code == "all":
            self.set_period(None)
            return
        try:
            self.set_period(parse_period(code))
        except TaizhangError:
            self.set_period(current_quarter())

    def step(self, delta: int) -> None:
        period = self.period()
        if period is None:
            return
        moved = period.step(delta)
        if moved.start.year >= MIN_YEAR and moved.end.year <= MAX_YEAR:
            self.set_period(moved, emit=True)

    # --- internals ------------------------------------------------------------

    def _fill_parts(self, kind: str) -> None:
        self.part_box.clear()
        self.part_box.addItems(self._parts.get(kind, []))

    def _kind_changed(self) -> None:
        kind = self.kind_box.currentData()
        today = dt.date.today()
        shown = getattr(self, "_shown", None)
        if kind == "range" and shown is not None:  # 自定义 begins with the days on screen
            self._range = range_period(shown.start, shown.end)
            self._show_range()
        self.part_box.blockSignals(True)
        self._fill_parts(kind)
        if kind in PER_YEAR:
            self.part_box.setCurrentIndex((today.month - 1) // (12 // PER_YEAR[kind]))
        self.part_box.blockSignals(False)
        self._update_enabled()
        self._emit()

    def _show_range(self) -> None:
        self.first_edit.set_date(self._range.start)
        self.last_edit.set_date(self._range.end)

    def _range_edited(self) -> None:
        """A new range once both days read as dates, in order; else the last good one."""
        first, last = self.first_edit.date(), self.last_edit.date()
        if first is None or last is None or last < first:
            self.refused.emit(self._why_refused(first, last))
            self._show_range()
            return
        if (first, last) != (self._range.start, self._range.end):
            self._range = range_period(first, last)
            self._show_range()
            self._emit()

    def _current(self) -> Period:
        """Today's period of the kind shown: 本年, 本半年, 本季度, 本月 (else this quarter)."""
        kind = self.kind_box.currentData()
        today = dt.date.today()
        if kind == "year":
            return Period("year", today.year)
        if kind in PER_YEAR:
            return Period(kind, today.year, (today.month - 1) // (12 // PER_YEAR[kind]) + 1)
        return current_quarter()

    def _update_enabled(self) -> None:
        kind = self.kind_box.currentData()
        # The button names where it goes: 本月 in 月份 mode, not 本季度 (a quarter).
        self.today_button.setText(self._today_labels.get(kind, self.tr("This quarter")))
        calendar_kind = kind in ("year", *PER_YEAR)
        self.year_box.setVisible(calendar_kind)
        for widget in (self.previous_button, self.next_button):
            widget.setVisible(kind != "all")
        self.part_box.setVisible(kind in PER_YEAR)
        for widget in (self.first_edit, self.to_label, self.last_edit):
            widget.setVisible(kind == "range")

    def _why_refused(self, first: dt.date | None, last: dt.date | None) -> str:
        for day, edit in ((first, self.first_edit), (last, self.last_edit)):
            if day is None:
                return self.tr("“%1” is not a date; the range stays as it was.").replace(
                    "%1", edit.text()
                )
        return self.tr("The range starts after it ends; it stays as it was.")

    def _emit(self) -> None:
        self._shown = self.period()
        self.changed.emit(self._shown)


def _this_quarter_days() -> tuple[dt.date, dt.date]:
    quarter = current_quarter()
    return quarter.start, quarter.end

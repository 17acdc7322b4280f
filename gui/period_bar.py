"""Choose the period shown: all, a year, a quarter or a month (this quarter by default)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QToolButton, QWidget

from core.errors import TaizhangError
from core.periods import Period, current_quarter, parse_period

KINDS = ("all", "year", "quarter", "month")


class PeriodBar(QWidget):
    changed = Signal(object)  # Period, or None for all records

    def __init__(self, parent: QWidget | None = None, allow_all: bool = True) -> None:
        super().__init__(parent)
        self.allow_all = allow_all
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kind_box = QComboBox()
        for kind, label in zip(
            KINDS,
            (self.tr("All"), self.tr("Year"), self.tr("Quarter"), self.tr("Month")),
            strict=True,
        ):
            if kind != "all" or allow_all:
                self.kind_box.addItem(label, kind)
        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.previous_button.setToolTip(self.tr("Previous period"))
        self.year_box = QSpinBox()
        self.year_box.setRange(1901, 2999)
        self.year_box.setSuffix(self.tr(" (year)"))
        self.part_box = QComboBox()
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip(self.tr("Next period"))
        self.today_button = QToolButton()
        self.today_button.setText(self.tr("This quarter"))
        for widget in (
            self.kind_box,
            self.previous_button,
            self.year_box,
            self.part_box,
            self.next_button,
            self.today_button,
        ):
            layout.addWidget(widget)
        self._quarters = [self.tr("Q1"), self.tr("Q2"), self.tr("Q3"), self.tr("Q4")]
        self._months = [self.tr("Month %1").replace("%1", str(m)) for m in range(1, 13)]
        self.set_period(current_quarter())
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.year_box.valueChanged.connect(self._emit)
        self.part_box.currentIndexChanged.connect(self._emit)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(lambda: self.set_period(current_quarter(), emit=True))

    # --- value ----------------------------------------------------------------

    def period(self) -> Period | None:
        kind = self.kind_box.currentData()
        if kind == "all":
            return None
        year = self.year_box.value()
        if kind == "year":
            return Period("year", year)
        return Period(kind, year, self.part_box.currentIndex() + 1)

    def set_period(self, period: Period | None, emit: bool = False) -> None:
        self.blockSignals(True)
        for box in (self.kind_box, self.year_box, self.part_box):
            box.blockSignals(True)
        if period is None and not self.allow_all:
            period = current_quarter()
        kind = period.kind if period else "all"
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        if period is not None:
            self.year_box.setValue(period.year)
        self._fill_parts(kind)
        if period is not None and period.number:
            self.part_box.setCurrentIndex(period.number - 1)
        for box in (self.kind_box, self.year_box, self.part_box):
            box.blockSignals(False)
        self.blockSignals(False)
        self._update_enabled()
        if emit:
            self.changed.emit(self.period())

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
        if period.kind == "year":
            moved = Period("year", period.year + delta)
        else:
            size = 4 if period.kind == "quarter" else 12
            index = period.year * size + period.number - 1 + delta
            moved = Period(period.kind, index // size, index % size + 1)
        if 1901 <= moved.year <= 2999:
            self.set_period(moved, emit=True)

    # --- internals ------------------------------------------------------------

    def _fill_parts(self, kind: str) -> None:
        self.part_box.clear()
        if kind == "quarter":
            self.part_box.addItems(self._quarters)
        elif kind == "month":
            self.part_box.addItems(self._months)

    def _kind_changed(self) -> None:
        kind = self.kind_box.currentData()
        today = dt.date.today()
        self.part_box.blockSignals(True)
        self._fill_parts(kind)
        if kind == "quarter":
            self.part_box.setCurrentIndex((today.month - 1) // 3)
        elif kind == "month":
            self.part_box.setCurrentIndex(today.month - 1)
        self.part_box.blockSignals(False)
        self._update_enabled()
        self._emit()

    def _update_enabled(self) -> None:
        kind = self.kind_box.currentData()
        for widget in (self.year_box, self.previous_button, self.next_button):
            widget.setVisible(kind != "all")
        self.part_box.setVisible(kind in ("quarter", "month"))

    def _emit(self) -> None:
        self.changed.emit(self.period())

"""A date typed as clerks type it, with a calendar beside it.

A QDateEdit reads keys section by section: after Tab, ``2026-03-05`` becomes 2026-12-03,
and an impossible date is quietly turned into another. This is a plain line: what is
typed stays as typed until it is saved, read by the one parser of the program
(``core.values.parse_date``: 2026-03-05, 2026-3-5, 2026/3/5, 2026.3.5, 2026年3月5日,
20260305); a date it cannot read is refused beside the field. The calendar opens from
the button in the field, with Alt+↓ or with F4.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QLineEdit,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import ValidationError
from core.values import MAX_YEAR, MIN_YEAR, parse_date


class DateField(QLineEdit):
    date_chosen = Signal(object)  # dt.date, picked in the calendar

    def __init__(self, date: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("2026-03-05")
        self.setMaxLength(40)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("2026-03-05") + 48)
        self._popup: _CalendarPopup | None = None
        action = self.addAction(_calendar_icon(), QLineEdit.ActionPosition.TrailingPosition)
        action.setToolTip(self.tr("Choose from a calendar (Alt+Down)"))
        action.triggered.connect(self.show_calendar)
        self.editingFinished.connect(self._tidy)
        if date is not None:
            self.set_date(date)

    def date(self) -> dt.date | None:
        """The date typed, or None when the field is empty or holds no real date."""
        try:
            return parse_date(self.text())
        except ValidationError:
            return None

    def set_date(self, date: dt.date) -> None:
        self.setText(date.isoformat())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        alt_down = event.key() == Qt.Key.Key_Down and (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def _tidy(self) -> None:
        # A readable date is shown the one way (2026-03-05); anything else stays as typed.
        date = self.date()
        if date is not None and self.text() != date.isoformat():
            self.set_date(date)

    def show_calendar(self) -> None:
        if not self.isEnabled():
            return
        popup = _CalendarPopup(self.date() or dt.date.today(), self)
        popup.chosen.connect(self._picked)
        self._popup = popup
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        popup.show()
        popup.calendar.setFocus()

    def _picked(self, date: dt.date) -> None:
        self.set_date(date)
        self.setFocus()
        self.date_chosen.emit(date)


class _CalendarPopup(QWidget):
    chosen = Signal(object)

    def __init__(self, date: dt.date, owner: QWidget) -> None:
        super().__init__(owner, Qt.WindowType.Popup)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        # No bureau form counts ISO weeks: no column of week numbers.
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumDate(QDate(MIN_YEAR, 1, 1))
        self.calendar.setMaximumDate(QDate(MAX_YEAR, 12, 31))
        self.calendar.setSelectedDate(QDate(date.year, date.month, date.day))
        self.calendar.activated.connect(self._choose)  # Enter or a double click
        self.calendar.clicked.connect(self._choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar)
        self._tall_enough()
        if QLocale().language() == QLocale.Language.Chinese:
            self._year_first()

    def _tall_enough(self) -> None:
        """Room for the day names and six weeks: with a Chinese font, taller than Qt's
        own guess, the sixth week was cut through the middle."""
        view = self.calendar.findChild(QTableView)
        if view is None:
            return
        row = view.fontMetrics().height() + 4
        bar = self.calendar.findChild(QWidget, "qt_calendar_navigationbar")
        bar_height = bar.sizeHint().height() if bar is not None else 0
        self.calendar.setMinimumHeight(bar_height + 7 * row + 4)

    def _year_first(self) -> None:
        """The heading as Chinese writes it, 2026年12月, not 十二月 2026: the year's button
        before the month's, the month as 12月."""
        bar = self.calendar.findChild(QWidget, "qt_calendar_navigationbar")
        month = self.calendar.findChild(QToolButton, "qt_calendar_monthbutton")
        year = self.calendar.findChild(QToolButton, "qt_calendar_yearbutton")
        year_edit = self.calendar.findChild(QSpinBox, "qt_calendar_yearedit")
        layout = bar.layout() if bar is not None else None
        if None in (layout, month, year):
            return  # another Qt: its own heading stays
        layout.removeWidget(month)
        layout.insertWidget(layout.indexOf(year) + 1, month)
        if year_edit is not None:  # the year button shows the year box's text
            year_edit.setSuffix("年")
            year_edit.setGroupSeparatorShown(False)
        self._month_button = month
        self._name_month(self.calendar.yearShown(), self.calendar.monthShown())
        self.calendar.currentPageChanged.connect(self._name_month)

    def _name_month(self, year: int, month: int) -> None:
        self._month_button.setText(f"{month}月")
        year_button = self.calendar.findChild(QToolButton, "qt_calendar_yearbutton")
        year_button.setText(f"{year}年")

    def _choose(self, qdate: QDate) -> None:
        self.chosen.emit(qdate.toPython())
        self.close()


def _calendar_icon() -> QIcon:
    themed = QIcon.fromTheme("x-office-calendar")
    if not themed.isNull():
        return themed
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor("#555555"), 1))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(2, 3, 12, 3, QColor("#c0392b"))
    for x in (4, 7, 10):
        for y in (8, 11):
            painter.fillRect(x, y, 2, 2, QColor("#555555"))
    painter.end()
    return QIcon(pixmap)

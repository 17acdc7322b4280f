"""Calendar periods: ``2026``, ``2026Q1``, ``2026-03`` → date ranges and Chinese names."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from core.errors import TaizhangError
from core.values import normalize_text

QUARTER_NAMES = ("一", "二", "三", "四")

_YEAR = re.compile(r"^(\d{4})(年)?$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:[-_ ]?Q|年第?)\s*([1-4一二三四])\s*(?:季度?)?$", re.I)
_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$")


@dataclass(frozen=True, order=True)
class Period:
    """A year, a quarter or a month; ``start`` and ``end`` are inclusive."""

    kind: str  # "year", "quarter" or "month"
    year: int
    number: int = 0  # quarter 1–4, month 1–12; 0 for a year

    @property
    def start(self) -> dt.date:
        if self.kind == "year":
            return dt.date(self.year, 1, 1)
        first_month = self.number * 3 - 2 if self.kind == "quarter" else self.number
        return dt.date(self.year, first_month, 1)

    @property
    def end(self) -> dt.date:
        if self.kind == "year":
            return dt.date(self.year, 12, 31)
        last_month = self.number * 3 if self.kind == "quarter" else self.number
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def code(self) -> str:
        """The canonical text form, the one ``parse_period`` reads."""
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    @property
    def name(self) -> str:
        """2026年, 2026年第一季度, 2026年3月."""
        return f"{self.year}年{self.short_name}"

    @property
    def short_name(self) -> str:
        """第一季度, 3月; empty for a year (the year is said on its own)."""
        if self.kind == "quarter":
            return f"第{QUARTER_NAMES[self.number - 1]}季度"
        if self.kind == "month":
            return f"{self.number}月"
        return ""

    def year_to_date(self) -> DateSpan:
        """From 1 January of the period's year to the end of the period."""
        return DateSpan(dt.date(self.year, 1, 1), self.end)

    def span(self) -> DateSpan:
        return DateSpan(self.start, self.end)

    def previous_year(self) -> Period:
        return Period(self.kind, self.year - 1, self.number)

    def contains(self, date: dt.date) -> bool:
        return self.start <= date <= self.end

    def containing(self, date: dt.date) -> Period:
        """The period of the same kind (year, quarter, month) that holds ``date``."""
        if self.kind == "year":
            return Period("year", date.year)
        if self.kind == "quarter":
            return quarter_of(date)
        return Period("month", date.year, date.month)


@dataclass(frozen=True)
class DateSpan:
    start: dt.date
    end: dt.date

    def previous_year(self) -> DateSpan:
        """The same span one year earlier (29 February falls back to the 28th)."""
        return DateSpan(_year_earlier(self.start), _year_earlier(self.end))


def _year_earlier(date: dt.date) -> dt.date:
    day = min(date.day, calendar.monthrange(date.year - 1, date.month)[1])
    return date.replace(year=date.year - 1, day=day)


def parse_period(text: str) -> Period:
    """``2026`` / ``2026Q1`` / ``2026-03``, and the Chinese forms 2026年第一季度, 2026年3月."""
    cleaned = normalize_text(str(text))
    if match := _YEAR.match(cleaned):
        return _checked(Period("year", int(match[1])), text)
    if match := _QUARTER.match(cleaned):
        q = match[2]
        number = int(q) if q.isdigit() else QUARTER_NAMES.index(q) + 1
        return _checked(Period("quarter", int(match[1]), number), text)
    if match := _MONTH.match(cleaned):
        month = int(match[2])
        if 1 <= month <= 12:
            return _checked(Period("month", int(match[1]), month), text)
    raise TaizhangError("bad_period", text=text)


def _checked(period: Period, text: str) -> Period:
    if not 1901 <= period.year <= 2999:
        raise TaizhangError("bad_period", text=text)
    return period


def quarter_of(date: dt.date) -> Period:
    return Period("quarter", date.year, (date.month - 1) // 3 + 1)


def current_quarter(today: dt.date | None = None) -> Period:
    return quarter_of(today or dt.date.today())

"""Calendar periods → date ranges and Chinese names.

``2026`` (a year), ``2026H1`` / ``2026H2`` (上半年 / 下半年), ``2026Q1`` (a quarter),
``2026-03`` (a month), and any range of days ``2026-01-15..2026-06-30``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from core.errors import TaizhangError, ValidationError
from core.values import MAX_YEAR, MIN_YEAR, normalize_text, parse_date

QUARTER_NAMES = ("一", "二", "三", "四")

HALF_NAMES = ("上半年", "下半年")

_YEAR = re.compile(r"^(\d{4})(年)?$")
_HALF = re.compile(r"^(\d{4})\s*(?:[-_ ]?H([12])|年?\s*(上|下)半年)$", re.I)
# Two dates joined by .., ～, ~, 至 or 到 (a hyphen is part of the dates themselves).
_RANGE = re.compile(r"^(.+?)\s*(?:\.\.|～|~|至|到)\s*(.+)$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:[-_ ]?Q|年第?)\s*([1-4一二三四])\s*(?:季度?)?$", re.I)
_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$")


KINDS = ("year", "half", "quarter", "month", "range")
# How many of each calendar kind a year holds.
PER_YEAR = {"half": 2, "quarter": 4, "month": 12}


@dataclass(frozen=True, order=True)
class Period:
    """A year, a half-year, a quarter, a month, or a range of days; ``start`` and ``end``
    are inclusive. A range keeps its own first and last day (``first``, ``last``); its
    ``year`` is the year it ends in."""

    kind: str  # one of KINDS
    year: int
    number: int = 0  # half 1–2, quarter 1–4, month 1–12; 0 for a year or a range
    first: dt.date | None = None  # a range only
    last: dt.date | None = None  # a range only

    @property
    def start(self) -> dt.date:
        if self.kind == "range":
            return self.first
        if self.kind == "year":
            return dt.date(self.year, 1, 1)
        months = 12 // PER_YEAR[self.kind]
        return dt.date(self.year, (self.number - 1) * months + 1, 1)

    @property
    def end(self) -> dt.date:
        if self.kind == "range":
            return self.last
        if self.kind == "year":
            return dt.date(self.year, 12, 31)
        last_month = self.number * (12 // PER_YEAR[self.kind])
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def code(self) -> str:
        """The canonical text form, the one ``parse_period`` reads."""
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "half":
            return f"{self.year}H{self.number}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    @property
    def name(self) -> str:
        """2026年, 2026年上半年, 2026年第一季度, 2026年3月, 2026年1月15日至6月30日."""
        if self.kind == "range":
            first, last = self.first, self.last
            tail = f"{last.month}月{last.day}日"
            if last.year != first.year:
                tail = f"{last.year}年{tail}"
            if first == last:
                return _day_name(first)
            return f"{_day_name(first)}至{tail}"
        return f"{self.year}年{self.short_name}"

    @property
    def short_name(self) -> str:
        """上半年, 第一季度, 3月; empty for a year (the year is said on its own)."""
        if self.kind == "half":
            return HALF_NAMES[self.number - 1]
        if self.kind == "quarter":
            return f"第{QUARTER_NAMES[self.number - 1]}季度"
        if self.kind == "month":
            return f"{self.number}月"
        if self.kind == "range":
            return self.name
        return ""

    def year_to_date(self) -> DateSpan:
        """From 1 January of the year the period ends in, to the end of the period."""
        return DateSpan(dt.date(self.end.year, 1, 1), self.end)

    def span(self) -> DateSpan:
        return DateSpan(self.start, self.end)

    def previous_year(self) -> Period:
        if self.kind == "range":
            earlier = self.span().previous_year()
            return range_period(earlier.start, earlier.end)
        return Period(self.kind, self.year - 1, self.number)

    def contains(self, date: dt.date) -> bool:
        return self.start <= date <= self.end

    def step(self, delta: int) -> Period:
        """The period ``delta`` places later (earlier when negative) of the same kind; a
        range moves by its own length."""
        if self.kind == "year":
            return Period("year", self.year + delta)
        if self.kind == "range":
            days = (self.last - self.first).days + 1
            moved = dt.timedelta(days=days * delta)
            return range_period(self.first + moved, self.last + moved)
        size = PER_YEAR[self.kind]
        index = self.year * size + self.number - 1 + delta
        return Period(self.kind, index // size, index % size + 1)

    def containing(self, date: dt.date) -> Period:
        """The period of the same kind that holds ``date`` (a range: that day's quarter)."""
        if self.kind == "year":
            return Period("year", date.year)
        if self.kind in PER_YEAR:
            months = 12 // PER_YEAR[self.kind]
            return Period(self.kind, date.year, (date.month - 1) // months + 1)
        return quarter_of(date)


def range_period(first: dt.date, last: dt.date) -> Period:
    return Period("range", last.year, 0, first, last)


def _day_name(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


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
    """``2026`` / ``2026H1`` / ``2026Q1`` / ``2026-03`` / ``2026-01-15..2026-06-30``, and the
    Chinese forms 2026年上半年, 2026年第一季度, 2026年3月, 2026年1月15日至2026年6月30日."""
    cleaned = normalize_text(str(text))
    if match := _YEAR.match(cleaned):
        return _checked(Period("year", int(match[1])), text)
    if match := _HALF.match(cleaned):
        number = int(match[2]) if match[2] else (1 if match[3] == "上" else 2)
        return _checked(Period("half", int(match[1]), number), text)
    if match := _RANGE.match(cleaned):
        return _parsed_range(match[1], match[2], text)
    if match := _QUARTER.match(cleaned):
        q = match[2]
        number = int(q) if q.isdigit() else QUARTER_NAMES.index(q) + 1
        return _checked(Period("quarter", int(match[1]), number), text)
    if match := _MONTH.match(cleaned):
        month = int(match[2])
        if 1 <= month <= 12:
            return _checked(Period("month", int(match[1]), month), text)
    raise TaizhangError("bad_period", text=text)


def _parsed_range(first_text: str, last_text: str, text: str) -> Period:
    try:
        first, last = parse_date(first_text), parse_date(last_text)
    except ValidationError as error:
        if error.key == "date_out_of_range":
            raise _out_of_range(text) from None
        raise TaizhangError("bad_period", text=text) from None
    if last < first:
        raise TaizhangError("period_range_backwards", text=text)
    return _checked(range_period(first, last), text)


def _checked(period: Period, text: str) -> Period:
    """Periods reach the years a record's date may have (``core.values``), no further."""
    if not (period.start.year >= MIN_YEAR and period.end.year <= MAX_YEAR):
        raise _out_of_range(text)
    return period


def _out_of_range(text: str) -> TaizhangError:
    return TaizhangError("period_out_of_range", text=text, first=MIN_YEAR, last=MAX_YEAR)


def quarter_of(date: dt.date) -> Period:
    return Period("quarter", date.year, (date.month - 1) // 3 + 1)


def current_quarter(today: dt.date | None = None) -> Period:
    return quarter_of(today or dt.date.today())

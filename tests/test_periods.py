import datetime as dt

import pytest

from core.errors import TaizhangError
from core.periods import DateSpan, Period, current_quarter, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "name"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026年"),
        ("2026Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026年第一季度"),
        ("2026q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30), "2026年第二季度"),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026年第三季度"),
        ("2026Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026年第四季度"),
        ("2026年第四季度", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026年第四季度"),
        ("2026-03", dt.date(2026, 3, 1), dt.date(2026, 3, 31), "2026年3月"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024年2月"),
        ("2026年11月", dt.date(2026, 11, 1), dt.date(2026, 11, 30), "2026年11月"),
        ("２０２６Ｑ１", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026年第一季度"),
    ],
)
def test_parse_period(text, start, end, name):
    period = parse_period(text)
    assert (period.start, period.end, period.name) == (start, end, name)
    assert parse_period(period.code) == period


@pytest.mark.parametrize("text", ["", "2026Q5", "2026-13", "26Q1", "Q1", "2026-00", "abc"])
def test_bad_periods_are_refused(text):
    with pytest.raises(TaizhangError) as caught:
        parse_period(text)
    assert caught.value.key == "bad_period"


def test_year_to_date_and_previous_year():
    period = parse_period("2026Q2")
    ytd = period.year_to_date()
    assert ytd == DateSpan(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert ytd.previous_year() == DateSpan(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert period.previous_year() == Period("quarter", 2025, 2)


def test_leap_day_falls_back_a_year_earlier():
    span = parse_period("2024-02").year_to_date().previous_year()
    assert span.end == dt.date(2023, 2, 28)


def test_month_year_to_date():
    assert parse_period("2026-03").year_to_date().start == dt.date(2026, 1, 1)


def test_current_quarter():
    assert current_quarter(dt.date(2026, 11, 28)).code == "2026Q4"
    assert current_quarter(dt.date(2026, 1, 1)).name == "2026年第一季度"

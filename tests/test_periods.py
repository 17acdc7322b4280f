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


@pytest.mark.parametrize(
    ("text", "start", "end", "name", "code"),
    [
        ("2026H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026年上半年", "2026H1"),
        ("2026h2", dt.date(2026, 7, 1), dt.date(2026, 12, 31), "2026年下半年", "2026H2"),
        ("2026年上半年", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026年上半年", "2026H1"),
        ("2026下半年", dt.date(2026, 7, 1), dt.date(2026, 12, 31), "2026年下半年", "2026H2"),
        ("2026-01-15..2026-06-30", dt.date(2026, 1, 15), dt.date(2026, 6, 30),
         "2026年1月15日至6月30日", "2026-01-15..2026-06-30"),
        ("2026/1/15至2026/6/30", dt.date(2026, 1, 15), dt.date(2026, 6, 30),
         "2026年1月15日至6月30日", "2026-01-15..2026-06-30"),
        ("2025年12月1日 ~ 2026年1月31日", dt.date(2025, 12, 1), dt.date(2026, 1, 31),
         "2025年12月1日至2026年1月31日", "2025-12-01..2026-01-31"),
        ("2026-03-05..2026-03-05", dt.date(2026, 3, 5), dt.date(2026, 3, 5), "2026年3月5日",
         "2026-03-05..2026-03-05"),
    ],
)  # fmt: skip
def test_half_years_and_ranges(text, start, end, name, code):
    period = parse_period(text)
    assert (period.start, period.end, period.name, period.code) == (start, end, name, code)
    assert parse_period(period.code) == period


@pytest.mark.parametrize("text", ["2026H3", "2026-06-30..2026-01-15", "2026-02-30..2026-03-01"])
def test_bad_half_years_and_ranges_are_refused(text):
    with pytest.raises(TaizhangError) as caught:
        parse_period(text)
    assert caught.value.key in ("bad_period", "period_range_backwards")


def test_a_range_compares_with_the_same_days_a_year_earlier():
    period = parse_period("2026-01-15..2026-06-30")
    assert period.year_to_date() == DateSpan(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert period.previous_year().span() == DateSpan(dt.date(2025, 1, 15), dt.date(2025, 6, 30))
    assert period.step(1).span() == DateSpan(dt.date(2026, 7, 1), dt.date(2026, 12, 14))  # 167 days


def test_half_years_step_and_hold_their_dates():
    first = parse_period("2026H1")
    assert first.step(1) == parse_period("2026H2") and first.step(-1) == parse_period("2025H2")
    assert first.containing(dt.date(2026, 9, 1)) == parse_period("2026H2")
    assert parse_period("2026Q4").step(1) == parse_period("2027Q1")
    assert parse_period("2026-01").step(-1) == parse_period("2025-12")

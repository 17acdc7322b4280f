"""The 汇总's new columns as data (issue 11): 上年同期, 年度目标 and 完成进度, and the
standing indicators, against figures worked out here."""

from __future__ import annotations

import datetime as dt

import pytest

from core import activities as A
from core import indicators, targets
from core.ledger import compute_ledger
from core.periods import Period, parse_period
from core.sample_data import generate_activities


@pytest.fixture
def records(db, template):
    data = generate_activities(template, 1500, dt.date(2025, 1, 1), dt.date(2026, 12, 31), seed=11)
    return A.add_activities(db, data)


def _count(records, type_id, start, end):
    return sum(1 for r in records if r.type_id == type_id and start <= r.date <= end)


@pytest.mark.parametrize("code", ["2026Q2", "2026-03", "2026H1", "2026"])
def test_same_span_last_year_is_shown_for_a_quarter_or_a_month(db, template, records, code):
    period = parse_period(code)
    ledger = compute_ledger(db, template, period, with_records=False)
    lecture = template.type_by_name("科普讲座")
    row = next(f for f in ledger.figures if f.type_id == lecture.id and f.field_id is None)
    last = period.span().previous_year()
    if period.kind in ("quarter", "month"):
        assert ledger.shows_same_span_last_year
        assert row.same_span_last_year == _count(records, lecture.id, last.start, last.end)
    else:
        assert not ledger.shows_same_span_last_year and row.same_span_last_year is None
    ytd = period.year_to_date().previous_year()
    assert row.last_year == _count(records, lecture.id, ytd.start, ytd.end)


def test_targets_and_progress_of_rows(db, template, records):
    lixiang = template.type_by_name("项目立项")
    money = lixiang.field_by_label("争取资金")
    targets.set_target(db, 2026, targets.count_key(lixiang.id), 8)
    targets.set_target(db, 2026, targets.field_key(money.id), 500)
    hightech = template.type_by_name("高新技术企业认定")
    option_row = targets.option_key(hightech.id, hightech.breakdown_by, "新认定")
    targets.set_target(db, 2026, option_row, 5)
    ledger = compute_ledger(db, template, parse_period("2026Q2"), with_records=False)
    by_key = {f.row_key: f for f in ledger.figures}
    count = by_key[targets.count_key(lixiang.id)]
    expected = _count(records, lixiang.id, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert count.year_to_date == expected and count.target == 8
    assert count.progress == round(expected / 8 * 100, 1)
    assert by_key[targets.field_key(money.id)].target == 500
    new = by_key[option_row]
    assert new.option == "新认定" and new.target == 5
    assert new.progress == round(new.year_to_date / 5 * 100, 1)
    assert ledger.has_targets
    other_year = compute_ledger(db, template, parse_period("2025Q2"), with_records=False)
    assert not other_year.has_targets  # a target belongs to its year


def test_indicators_in_the_ledger(db, template):
    stock = indicators.indicator_by_name(db, "高新技术企业总数")
    flow = indicators.indicator_by_name(db, "技术合同成交额")
    for quarter, value in ((1, 35), (2, 39)):
        indicators.set_value(db, stock.id, Period("quarter", 2026, quarter), value)
    indicators.set_value(db, stock.id, Period("quarter", 2025, 2), 30)
    for month, value in ((1, 100), (4, 250.5), (5, 49.5)):
        indicators.set_value(db, flow.id, Period("month", 2026, month), value)
    indicators.set_value(db, flow.id, Period("month", 2025, 5), 200)
    targets.set_target(db, 2026, targets.indicator_key(stock.id), 45)
    ledger = compute_ledger(db, template, parse_period("2026Q2"), with_records=False)
    rows = {i.name: i for i in ledger.indicators}
    assert (rows["高新技术企业总数"].current, rows["高新技术企业总数"].year_to_date) == (39, 39)
    assert rows["高新技术企业总数"].last_year == 30
    assert rows["高新技术企业总数"].change_percent == 30.0
    assert rows["高新技术企业总数"].progress == round(39 / 45 * 100, 1)
    assert (rows["技术合同成交额"].current, rows["技术合同成交额"].year_to_date) == (300, 400)
    assert rows["技术合同成交额"].last_year == 200 and rows["技术合同成交额"].target is None
    assert rows["科技支出"].current is None and rows["科技支出"].year_to_date is None


@pytest.mark.parametrize("code", ["2026Q2", "2026-05", "2026H1", "2026"])
def test_an_indicators_same_span_last_year_is_that_span_alone(db, template, code):
    """A quarter's 上年同期 of a 累计 indicator is last year's same quarter, not its sum to
    date (which is 上年同期累计: what 同比 compares with)."""
    flow = indicators.indicator_by_name(db, "技术合同成交额")
    stock = indicators.indicator_by_name(db, "高新技术企业总数")
    for month, value in ((1, 6000), (5, 4000), (8, 900)):
        indicators.set_value(db, flow.id, Period("month", 2025, month), value)
    for quarter, value in ((1, 20), (2, 21), (3, 26)):
        indicators.set_value(db, stock.id, Period("quarter", 2025, quarter), value)
    ledger = compute_ledger(db, template, parse_period(code), with_records=False)
    rows = {i.name: i for i in ledger.indicators}
    expected = {  # (上年同期累计/期末, 上年同期 alone)
        "2026Q2": ((10000, 21), (4000, 21)),
        "2026-05": ((10000, 20), (4000, None)),  # Q2 lies past May; nothing in May alone
        "2026H1": ((10000, 21), (None, None)),
        "2026": ((10900, 26), (None, None)),
    }[code]
    assert (rows["技术合同成交额"].last_year, rows["高新技术企业总数"].last_year) == expected[0]
    assert (
        rows["技术合同成交额"].same_span_last_year,
        rows["高新技术企业总数"].same_span_last_year,
    ) == expected[1]

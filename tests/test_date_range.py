"""One range of years for record dates and for periods (tester's F5).

A record dated 1900-02-28 was accepted, yet no period (1900, 1900Q1, 1900-02, a range of
days in 1900) could list or export it: periods started at 1901. A date cell left as 0 or
1 in an old workbook (Excel's 1900-01-00/01) landed there. Now a record's date must lie
in the years a period can reach, and every way in (form, CLI, import) says so.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from core import cli
from core.errors import TaizhangError, ValidationError
from core.importer import plan_import
from core.periods import parse_period
from core.values import MAX_YEAR, MIN_YEAR, parse_date


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("text", ["1900-02-28", "1900-01-01", "1900-12-31", "3000-01-01"])
def test_a_date_no_period_reaches_is_refused_naming_the_range(text):
    with pytest.raises(ValidationError) as caught:
        parse_date(text)
    assert caught.value.key == "date_out_of_range"
    assert f"{MIN_YEAR} 至 {MAX_YEAR} 年" in caught.value.zh
    assert f"{MIN_YEAR} to {MAX_YEAR}" in caught.value.en


def test_the_first_and_last_accepted_days_are_in_every_kind_of_period():
    first, last = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)
    assert parse_date(first.isoformat()) == first and parse_date(last.isoformat()) == last
    for day in (first, last):
        y, m = day.year, day.month
        for code in (f"{y}", f"{y}H{(m - 1) // 6 + 1}", f"{y}Q{(m - 1) // 3 + 1}", f"{y}-{m:02d}",
                     f"{day}..{day}"):  # fmt: skip
            assert parse_period(code).contains(day), code


@pytest.mark.parametrize("text", ["1900", "1900Q1", "1900-02", "3000", "1900-01-01..1900-12-31"])
def test_a_period_outside_the_range_says_so_not_that_it_is_unknown(text):
    with pytest.raises(TaizhangError) as caught:
        parse_period(text)
    assert caught.value.key == "period_out_of_range"
    assert f"{MIN_YEAR} 至 {MAX_YEAR} 年" in caught.value.zh and text in caught.value.zh


def test_the_cli_refuses_a_record_dated_1900(capsys, tmp_path):
    db = tmp_path / "d.db"
    assert run(capsys, "--db", db, "settings", "--unit", "某某县科技局")[0] == 0
    code, out, err = run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "1900-02-28",
                         "--title", "x")  # fmt: skip
    assert code == 1 and out == ""
    assert "日期" in err and f"{MIN_YEAR} 至 {MAX_YEAR} 年" in err and "Traceback" not in err
    code, out, _ = run(capsys, "--db", db, "list", "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_an_import_row_dated_1900_is_listed_as_a_problem(tmp_path, template):
    """Excel's serial 1 is 1900-01-01: a date cell left as 1 is a slip, not a record."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["日期", "活动类型", "活动名称", "听众人次"])
    sheet.append([dt.datetime(1900, 1, 1), "科普讲座", "讲座一", 10])
    sheet.append([dt.datetime(2026, 3, 5), "科普讲座", "讲座二", 20])
    path = tmp_path / "导入.xlsx"
    workbook.save(path)
    plan = plan_import(path, template)
    assert not plan.ok
    [error] = plan.errors
    assert (error.row, error.column) == (2, "日期")
    assert f"{MIN_YEAR} 至 {MAX_YEAR} 年" in error.reason
    assert f"{MIN_YEAR} to {MAX_YEAR}" in error.en

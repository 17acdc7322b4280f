"""Standing indicators and annual targets (issue 11, items 1–3), against sums worked out
here without the program's own code."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from core import cli, indicators, targets
from core import db as database
from core.bureau_file import open_bureau
from core.errors import TaizhangError
from core.ledger import compute_ledger
from core.periods import Period, parse_period
from core.template import load_template

FIXTURES = Path(__file__).parent / "fixtures"
DEFAULTS = {
    "高新技术企业总数": ("家", "last"),
    "科技型中小企业总数": ("家", "last"),
    "技术合同成交额": ("万元", "sum"),
    "科技支出": ("万元", "sum"),
    "万人发明专利拥有量": ("件", "last"),
    "省级以上创新平台总数": ("个", "last"),
}


def by_name(db, name):
    return indicators.indicator_by_name(db, name)


def test_the_default_template_carries_the_indicators_of_the_reports(db):
    found = {i.name: (i.unit, i.aggregation) for i in indicators.load_indicators(db)}
    assert found == DEFAULTS


@pytest.fixture
def monthly(db):
    """A year of 技术合同成交额 (累计) and 高新技术企业总数 (期末) per month, some months
    not reported; the values as entered, by month."""
    rng = random.Random(7)
    flow, stock = by_name(db, "技术合同成交额"), by_name(db, "高新技术企业总数")
    entered = {flow.id: {}, stock.id: {}}
    for month in range(1, 13):
        if month in (4, 9):
            continue  # not reported
        for indicator in (flow, stock):
            value = round(rng.uniform(0, 900), 2) if indicator is flow else 30 + month
            indicators.set_value(db, indicator.id, Period("month", 2026, month), value)
            entered[indicator.id][month] = value
    return flow, stock, entered


SPANS = ["2026-03", "2026-04", "2026Q1", "2026Q2", "2026H1", "2026H2", "2026",
         "2026-02-15..2026-06-30", "2026-03-01..2026-05-31"]  # fmt: skip


@pytest.mark.parametrize("code", SPANS)
def test_sum_and_last_over_every_kind_of_span(db, monthly, code):
    flow, stock, entered = monthly
    span = parse_period(code).span()
    months = [m for m in range(1, 13)
              if span.start <= Period("month", 2026, m).start
              and Period("month", 2026, m).end <= span.end]  # fmt: skip
    reported = [m for m in months if m in entered[flow.id]]
    got = indicators.figures(db, [flow, stock], [span])
    if not reported:
        assert got == {flow.id: [None], stock.id: [None]}  # not reported is not 0
        return
    assert got[flow.id][0] == pytest.approx(sum(entered[flow.id][m] for m in reported))
    assert got[stock.id][0] == entered[stock.id][max(reported)]


def test_quarterly_values_count_only_where_the_whole_quarter_is_inside(db):
    stock = by_name(db, "高新技术企业总数")
    for quarter, value in ((1, 35), (2, 39), (3, 0)):
        indicators.set_value(db, stock.id, Period("quarter", 2026, quarter), value)
    spans = [parse_period(c).span() for c in ("2026Q2", "2026H1", "2026", "2026-05", "2026Q4")]
    assert indicators.figures(db, [stock], spans)[stock.id] == [39, 39, 0, None, None]


def test_a_year_is_reported_per_month_or_per_quarter_never_both(db):
    stock = by_name(db, "高新技术企业总数")
    indicators.set_value(db, stock.id, Period("quarter", 2026, 1), 35)
    with pytest.raises(TaizhangError) as refused:
        indicators.set_value(db, stock.id, Period("month", 2026, 3), 36)
    assert refused.value.key == "indicator_kind_mixed"
    indicators.set_value(db, stock.id, Period("month", 2025, 3), 30)  # another year may
    indicators.set_value(db, stock.id, Period("quarter", 2026, 1), None)  # cleared …
    indicators.set_value(db, stock.id, Period("month", 2026, 3), 36)  # … then monthly
    with pytest.raises(TaizhangError):
        indicators.set_value(db, stock.id, parse_period("2026H1"), 1)


def test_every_change_of_a_value_is_in_the_history(db):
    stock = by_name(db, "高新技术企业总数")
    indicators.set_value(db, stock.id, Period("quarter", 2026, 2), 38)
    indicators.set_value(db, stock.id, Period("quarter", 2026, 2), 39)
    indicators.set_value(db, stock.id, Period("quarter", 2026, 2), None)
    changes = indicators.history_of(db, f"indicator:{stock.id}:")
    assert [(c.before, c.after) for c in changes] == [(None, 38), (38, 39), (39, None)]
    assert {c.staff for c in changes} == {"张三"}


def test_typed_values_and_their_refusals(db):
    stock = by_name(db, "万人发明专利拥有量")
    assert indicators.parse_value(stock, "０.７０") == 0.7
    assert indicators.parse_value(stock, "1,200件") == 1200
    assert indicators.parse_value(stock, " ") is None
    for bad in ("-1", "abc", "1.234"):
        with pytest.raises(TaizhangError):
            indicators.parse_value(stock, bad)


def test_targets_and_progress(db, template):
    lixiang = template.type_by_name("项目立项")
    key = targets.count_key(lixiang.id)
    targets.set_target(db, 2026, key, 8)
    targets.set_target(db, 2026, key, 10)
    assert targets.targets_of_year(db, 2026) == {key: 10}
    assert targets.targets_of_year(db, 2025) == {}
    assert targets.progress(6, 8) == 75.0 and targets.progress(9, 8) == 112.5
    assert targets.progress(None, 8) is None and targets.progress(3, None) is None
    targets.set_target(db, 2026, key, None)
    assert targets.targets_of_year(db, 2026) == {}
    assert [(c.before, c.after) for c in indicators.history_of(db, "target:2026:")] == [
        (None, 8), (8, 10), (10, None)
    ]  # fmt: skip
    with pytest.raises(TaizhangError):
        targets.parse_target("0", "项数")


def test_the_command_line(capsys, tmp_path):
    db = tmp_path / "d.db"

    def run(*argv):
        code = cli.main(["--db", str(db), *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("indicator", "set", "--period", "2026Q2", "--name", "高新技术企业总数",
               "--value", "39")[0] == 0  # fmt: skip
    run("indicator", "set", "--period", "2026-01", "--name", "技术合同成交额", "--value", "1,200")
    run("indicator", "set", "--period", "2026-02", "--name", "技术合同成交额", "--value", "800.5")
    code, out, _ = run("indicator", "list", "--year", "2026", "--format", "json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert (
        rows["高新技术企业总数"]["values"] == {"2026Q2": 39}
        and rows["高新技术企业总数"]["year"] == 39
    )
    assert (
        rows["技术合同成交额"]["year"] == 2000.5 and rows["技术合同成交额"]["reported_by"] == "按月"
    )
    assert rows["科技支出"]["values"] == {} and rows["科技支出"]["year"] is None
    # a year by month says each quarter as its ledger does (it said nothing: —)
    assert rows["技术合同成交额"]["quarters_from_months"] == {"2026Q1": 2000.5}
    code, out, _ = run("indicator", "list", "--year", "2026")
    assert out.splitlines()[0].startswith("板块,统计指标,单位,汇总方式,填报方式,1月")
    contracts = next(line for line in out.splitlines() if ",技术合同成交额," in line)
    header = out.splitlines()[0].split(",")
    assert contracts.split(",")[header.index("第一季度")] == "2000.5"
    code, _, err = run("indicator", "set", "--period", "2026-03", "--name", "高新技术企业总数",
                       "--value", "40")  # fmt: skip
    assert code == 1 and "按季度" in err and "Traceback" not in err
    code, _, err = run(
        "indicator", "set", "--period", "2026Q1", "--name", "无此指标", "--value", "1"
    )
    assert code == 1 and "无此指标" in err
    assert run("target", "set", "--year", "2026", "--type", "项目立项", "--indicator", "项数",
               "--value", "8")[0] == 0  # fmt: skip
    assert run("target", "set", "--year", "2026", "--indicator-name", "高新技术企业总数",
               "--value", "45")[0] == 0  # fmt: skip
    code, _, err = run("target", "set", "--year", "2026", "--type", "项目立项", "--indicator",
                       "件数", "--value", "8")  # fmt: skip
    assert code == 1 and "项数、争取资金" in err
    code, out, _ = run("target", "list", "--year", "2026", "--format", "json")
    assert {(r["row"], r["target"]) for r in json.loads(out)} == {
        ("项目立项 项数", 8), ("高新技术企业总数", 45)
    }  # fmt: skip


def test_an_older_database_is_upgraded_with_the_default_indicators(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_v2.db", path)
    columns = _columns(path)
    before = _records(path, columns)
    db = open_bureau(path, create=True)
    try:
        assert {i.name for i in indicators.load_indicators(db)} == set(DEFAULTS)
        assert database.schema_version(db) == database.SCHEMA_VERSION
    finally:
        db.close()
    assert _records(path, columns) == before  # nothing recorded was touched


def _columns(path):
    conn = database.open_snapshot(path)
    try:
        return ", ".join(r[1] for r in conn.execute("PRAGMA table_info(activities)"))
    finally:
        conn.close()


def _records(path, columns):
    conn = database.open_snapshot(path)
    try:
        return conn.execute(f"SELECT {columns} FROM activities ORDER BY seq").fetchall()
    finally:
        conn.close()


def test_a_target_can_be_set_on_a_breakdown_row_from_the_command_line(capsys, tmp_path):
    """力争全年新增高企5家: the 汇总's 其中：新认定 row, by its name as printed (or its
    option alone where that names one row); a name several rows share is listed."""
    db = tmp_path / "台账.db"

    def run(*argv):
        code = cli.main(["--db", str(db), *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err

    for indicator in ("其中：新认定", "新认定", "家数 其中：新认定"):
        code, out, err = run("target", "set", "--year", "2026", "--type", "高新技术企业认定",
                             "--indicator", indicator, "--value", "5")  # fmt: skip
        assert (code, err) == (0, ""), indicator
    code, _, err = run("target", "set", "--year", "2026", "--type", "项目立项",
                       "--indicator", "其中：国家级", "--value", "2")  # fmt: skip
    assert code == 1 and "项数 其中：国家级" in err and "争取资金 其中：国家级" in err
    assert "几行都是" in err and "没有" not in err
    assert run("target", "set", "--year", "2026", "--type", "项目立项", "--indicator",
               "争取资金 其中：国家级", "--value", "300")[0] == 0  # fmt: skip
    code, _, err = run("target", "set", "--year", "2026", "--type", "项目立项", "--indicator",
                       "项数", "--value", "7.5")  # fmt: skip
    assert code == 1 and "整数" in err  # no 7.5 of a count
    code, out, _ = run("target", "list", "--year", "2026", "--format", "json")
    assert {(r["row"], r["target"]) for r in json.loads(out)} == {
        ("高新技术企业认定 其中：新认定", 5), ("项目立项 争取资金 其中：国家级", 300)
    }  # fmt: skip
    opened = open_bureau(db)
    try:
        template = load_template(opened)
        ledger = compute_ledger(opened, template, parse_period("2026"), with_records=False)
    finally:
        opened.close()
    rows = {(f.type_name, f.indicator, f.field_id is None): f.target for f in ledger.figures}
    assert rows[("高新技术企业认定", "其中：新认定", True)] == 5
    assert rows[("项目立项", "其中：国家级", False)] == 300

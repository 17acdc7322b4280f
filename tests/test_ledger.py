"""Ledger figures against sums computed independently from the generated records."""

import datetime as dt

import pytest

from core import activities as A
from core.ledger import compute_ledger, section_columns
from core.periods import parse_period
from core.sample_data import generate_activities


@pytest.fixture
def records(db, template):
    data = generate_activities(template, 3000, dt.date(2025, 1, 1), dt.date(2026, 12, 31), seed=11)
    stored = A.add_activities(db, data)
    binned = stored[::17]  # records in the recycle bin count nowhere
    A.delete_activities(db, [a.id for a in binned])
    gone = {a.id for a in binned}
    return [a for a in stored if a.id not in gone]


def _expected(records, template, start, end):
    """(type id or field id, option) → count or sum, over records dated start..end.

    A type counted by a field counts each record as that value (1 when empty); a type
    broken down by a choice field adds each record to its option too ("未填写" if empty).
    """
    counts: dict[tuple, int] = {}
    sums: dict[tuple, float] = {}
    for a in records:
        if not start <= a.date <= end:
            continue
        t = template.type(a.type_id)
        keys = [None]
        if t.breakdown_by is not None:
            keys.append(a.values.get(t.breakdown_by, "未填写"))
        weight = a.values.get(t.counted_by, 1) if t.counted_by is not None else 1
        for option in keys:
            counts[(t.id, option)] = counts.get((t.id, option), 0) + weight
            for fid, value in a.values.items():
                if template.fields_by_id[fid].is_numeric:
                    sums[(fid, option)] = sums.get((fid, option), 0) + value
    return counts, sums


@pytest.mark.parametrize("code", ["2026Q2", "2026", "2026-03", "2025Q4"])
def test_figures_equal_independent_sums(db, template, records, code):
    period = parse_period(code)
    ledger = compute_ledger(db, template, period, made_on=dt.date(2026, 7, 3))
    ytd_start = dt.date(period.year, 1, 1)
    now = _expected(records, template, period.start, period.end)
    ytd = _expected(records, template, ytd_start, period.end)
    last = _expected(
        records,
        template,
        ytd_start.replace(year=period.year - 1),
        period.end.replace(year=period.year - 1),
    )
    assert ledger.figures, "no figure rows"
    assert any(f.option for f in ledger.figures), "no breakdown rows"
    for figure in ledger.figures:
        t = template.type_by_name(figure.type_name)
        got = (figure.current, figure.year_to_date, figure.last_year)
        if figure.field_id is None:
            want = tuple(e[0].get((t.id, figure.option), 0) for e in (now, ytd, last))
            assert got == want, figure
        else:
            key = (figure.field_id, figure.option)
            want = tuple(e[1].get(key, 0) for e in (now, ytd, last))
            assert got == pytest.approx(want, abs=0.005), figure


def test_breakdown_rows_add_up_to_their_type_row(db, template, records):
    ledger = compute_ledger(db, template, parse_period("2026"))
    checked = 0
    for index, figure in enumerate(ledger.figures):
        if figure.option is not None:
            continue
        parts = []
        for below in ledger.figures[index + 1 :]:
            if below.option is None:
                break
            parts.append(below)
        if parts:
            assert all(p.indicator == f"其中：{p.option}" for p in parts)
            for column in ("current", "year_to_date", "last_year"):
                total = sum(getattr(p, column) for p in parts)
                assert total == pytest.approx(getattr(figure, column), abs=0.01), figure
            checked += 1
    broken_down = [t for t in template.types if t.breakdown_by is not None]
    assert checked == sum(bool(t.count_unit) + len(t.numeric_fields) for t in broken_down)


def _rows_of(t):
    """The 汇总 rows of a type as PRODUCT.md §3 and issue 10 say, options given."""
    breakdown = t.breakdown_field
    options = [f"其中：{o}" for o in breakdown.options] if breakdown else []
    rows = []
    if t.count_unit:
        rows += [(t.count_label, t.count_row_unit)] + [(o, t.count_row_unit) for o in options]
    for f in t.numeric_fields:
        if f.id != t.counted_by:
            rows += [(f.label, f.unit)] + [(o, f.unit) for o in options]
    return rows


def test_every_type_and_numeric_field_has_a_row_in_template_order(db, template, records):
    ledger = compute_ledger(db, template, parse_period("2026Q1"))
    expected = []
    for section in template.sections:
        for t in section.types:
            expected += [(section.name, t.name, *row) for row in _rows_of(t)]
    got = [(f.section, f.type_name, f.indicator, f.unit) for f in ledger.figures]
    # 未填写 rows appear only where records left the breakdown empty
    assert [row for row in got if row[2] != "其中：未填写"] == expected


def test_change_percent(db, template):
    lecture = template.type_by_name("科普讲座")
    for date in ("2025-02-01", "2025-03-01", "2026-02-01", "2026-02-02", "2026-03-03"):
        A.add_activity(
            db,
            A.validate_activity(template, {"type_id": lecture.id, "date": date, "title": "讲座"}),
        )
    ledger = compute_ledger(db, template, parse_period("2026Q1"))
    row = next(f for f in ledger.figures if f.type_name == "科普讲座" and f.field_id is None)
    assert (row.current, row.year_to_date, row.last_year) == (3, 3, 2)
    assert row.change_percent == 50.0
    empty = next(f for f in ledger.figures if f.type_name == "学习会议")
    assert empty.change_percent is None and empty.current == 0


def test_section_sheets_hold_the_period_records(db, template, records):
    period = parse_period("2026Q3")
    ledger = compute_ledger(db, template, period)
    assert [s.name for s in ledger.sections] == [s.name for s in template.sections]
    in_period = [a for a in records if period.contains(a.date)]
    assert ledger.record_count == len(in_period)
    for sheet, section in zip(ledger.sections, template.sections, strict=True):
        names = {t.name for t in section.types}
        assert {r.type_name for r in sheet.records} <= names
        mine = [a for a in in_period if template.type(a.type_id).name in names]
        assert len(sheet.records) == len(mine)
        keys = [(r.date, [t.name for t in section.types].index(r.type_name)) for r in sheet.records]
        assert keys == sorted(keys)
        for index, column in enumerate(sheet.columns):
            want = sum(a.values.get(fid, 0) for a in mine for fid in column.field_ids)
            assert sheet.totals[index] == pytest.approx(want, abs=0.005)


def test_shared_columns_and_remarks(db, template):
    section = next(s for s in template.sections if s.name == "八、科普宣传与培训")
    sheet_columns = section_columns(template)[section.id]  # every figure of the section
    headings = [c.heading for c in sheet_columns]
    assert headings[:2] == ["参训人次（人次）", "发放资料（册）"]
    assert len(headings) == len(set(headings))
    material = next(c for c in sheet_columns if c.label == "发放资料")
    assert len(material.field_ids) == 4  # 科技培训班, 科技下乡, 科技活动周, 科普资料发放
    assert section.types[0].name == "科技培训班"

    project = template.type_by_name("项目申报")
    level, money = project.fields
    draft = {
        "type_id": project.id,
        "date": "2026-01-09",
        "title": "申报",
        "notes": "已上报",
        "values": {level.id: "省级", money.id: "12.5"},
    }
    A.add_activity(db, A.validate_activity(template, draft))
    record = compute_ledger(db, template, parse_period("2026Q1")).sections[0].records[0]
    assert record.remarks == "级别：省级；已上报"
    assert record.numbers == (12.5,)  # 争取资金 (项目立项) holds nothing this quarter: no column


def test_file_names(db, template):
    assert compute_ledger(db, template, parse_period("2026Q1")).file_name == (
        "某某县科技局2026年第一季度工作台账.xlsx"
    )
    assert (
        compute_ledger(db, template, parse_period("2026")).file_name
        == "某某县科技局2026年工作台账.xlsx"
    )


def test_file_name_never_holds_path_characters():
    from core.ledger import ledger_file_name

    name = ledger_file_name(' 某县/科技局:"一"? ', parse_period("2026Q1"))
    assert name == "某县／科技局：＂一＂？2026年第一季度工作台账.xlsx"
    assert not set(name) & set('/\\:*?"<>|')


def test_multi_day_activity_shows_its_end_in_remarks(db, template):
    t = template.type_by_name("科技活动周")
    draft = {"type_id": t.id, "date": "2026-05-18", "end_date": "2026-05-24", "title": "科技周"}
    A.add_activity(db, A.validate_activity(template, draft))
    record = compute_ledger(db, template, parse_period("2026Q2")).sections[7].records[0]
    assert record.remarks == "至2026-05-24"


def test_a_type_counted_by_a_field_names_its_count_row_after_that_field(db, template):
    """校企对接活动 (场) counted by 参加企业 (家): one meeting with 7 firms read 场次 | 场 | 7."""
    from core import template_edit as E
    from core.template import load_template

    spec = E.spec_of(template)
    meeting = next(t for s in spec for t in s.types if t.name == "校企对接活动")
    meeting.counted_by = next(f.uid for f in meeting.fields if f.label == "参加企业")
    E.change_template(db, spec)
    template = load_template(db)
    t = template.type_by_name("校企对接活动")
    firms = t.field_by_label("参加企业")
    draft = {"type_id": t.id, "date": "2026-02-03", "title": "对接会", "values": {firms.id: 7}}
    A.add_activity(db, A.validate_activity(template, draft))
    ledger = compute_ledger(db, template, parse_period("2026Q1"))
    rows = [(f.indicator, f.unit, f.current) for f in ledger.figures if f.type_id == t.id]
    assert rows[0] == ("参加企业", "家", 7)
    assert "场次" not in [r[0] for r in rows]


def test_a_count_row_counted_by_a_field_without_a_unit_has_none(db, template):
    from core import template_edit as E
    from core.template import load_template

    spec = E.spec_of(template)
    meeting = next(t for s in spec for t in s.types if t.name == "校企对接活动")
    firms = next(f for f in meeting.fields if f.label == "参加企业")
    firms.unit = ""
    meeting.counted_by = firms.uid
    E.change_template(db, spec)
    t = load_template(db).type_by_name("校企对接活动")
    ledger = compute_ledger(db, load_template(db), parse_period("2026Q1"))
    first = next(f for f in ledger.figures if f.type_id == t.id)
    assert (first.indicator, first.unit) == ("参加企业", "")  # not 场: they are firms

"""Ledger figures against sums computed independently from the generated records."""

import datetime as dt

import pytest

from core import activities as A
from core.ledger import compute_ledger
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
    """(type id or field id) → count or sum, over records dated start..end."""
    counts: dict[int, int] = {}
    sums: dict[int, float] = {}
    for a in records:
        if start <= a.date <= end:
            counts[a.type_id] = counts.get(a.type_id, 0) + 1
            for fid, value in a.values.items():
                if template.fields_by_id[fid].is_numeric:
                    sums[fid] = sums.get(fid, 0) + value
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
    for figure in ledger.figures:
        t = template.type_by_name(figure.type_name)
        if figure.field_id is None:
            got = (figure.current, figure.year_to_date, figure.last_year)
            want = tuple(e[0].get(t.id, 0) for e in (now, ytd, last))
            assert got == want, figure
        else:
            got = (figure.current, figure.year_to_date, figure.last_year)
            want = tuple(e[1].get(figure.field_id, 0) for e in (now, ytd, last))
            assert got == pytest.approx(want, abs=0.005), figure


def test_every_type_and_numeric_field_has_a_row_in_template_order(db, template, records):
    ledger = compute_ledger(db, template, parse_period("2026Q1"))
    expected = []
    for section in template.sections:
        for t in section.types:
            if t.count_unit:
                expected.append((section.name, t.name, t.count_label, t.count_unit))
            expected += [(section.name, t.name, f.label, f.unit) for f in t.numeric_fields]
    assert [(f.section, f.type_name, f.indicator, f.unit) for f in ledger.figures] == expected


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
    sheet_columns = compute_ledger(db, template, parse_period("2026Q1")).sections[7].columns
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
    assert record.numbers == (12.5, None)


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

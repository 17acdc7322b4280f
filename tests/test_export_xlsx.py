"""The quarterly ledger workbook, read back with openpyxl as Excel would see it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import itertools
import os
import re
import tempfile
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from core.activities import Activity, add_activities
from core.errors import TaizhangError
from core.ledger import Column, Figure, Ledger, Record, SectionSheet, compute_ledger
from core.periods import parse_period
from core.sample_data import generate_activities
from core.xlsx import export_ledger, sheet_names, writer
from core.xlsx.layout import ONE_PAGE_WIDTH, PAGE_WIDTH_AT_FULL_SIZE, PAGE_WIDTH_BUDGET
from core.xstring import decoded

MADE_ON = dt.date(2026, 4, 3)
QUARTER = parse_period("2026Q1")
INFO_LINE = "填报单位：某某县科技局\u3000填报人：张三\u3000填报日期：2026年4月3日"
SUMMARY_HEADER = [
    "序号",
    "工作板块",
    "活动类型",
    "指标",
    "单位",
    "本期",
    "本年累计",
    "上年同期累计",
    "上年同期",  # a quarter's 汇总: last year's same quarter alone
    "同比增减(%)",
    "年度目标",
    "完成进度(%)",
]
RECORD_HEADER = [
    "序号", "日期", "活动类型", "活动名称", "地点", "主办单位", "联合单位", "参与对象", "经办人",
]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Helpers


def activity(template, type_name, date, title, values=None, **fields):
    activity_type = template.type_by_name(type_name)
    by_id = {activity_type.field_by_label(k).id: v for k, v in (values or {}).items()}
    return Activity(type_id=activity_type.id, date=date, title=title, values=by_id, **fields)


@pytest.fixture
def activities(db, template):
    """A small quarter: two sections with records, last year's figures, the rest empty."""
    added = [
        activity(
            template,
            "科技培训班",
            dt.date(2026, 3, 5),
            "春季农业技术培训班",
            {"参训人次": 120, "发放资料": 300},
            location="县农业产业园",
            notes='=HYPERLINK("http://x")',
        ),
        activity(
            template,
            "科技下乡",
            dt.date(2026, 1, 20),
            "科技下乡集中示范活动",
            {"展板": 50, "咨询": 500, "参与人次": 1500, "发放资料": 1200},
            partners="县科协",
        ),
        activity(template, "科普讲座", dt.date(2026, 2, 1), "防灾科普讲座", {"听众人次": 80}),
        activity(
            template,
            "项目申报",
            dt.date(2026, 2, 14),
            "+省级重点研发项目申报",
            {"级别": "省级", "申请资金": 35.5},
        ),
        activity(
            template, "项目立项", dt.date(2026, 3, 31), "-立项", {"级别": "市级", "争取资金": 12.25}
        ),
        activity(template, "科技培训班", dt.date(2025, 3, 1), "去年培训", {"参训人次": 100}),
        activity(template, "科技培训班", dt.date(2026, 4, 1), "下季度培训", {"参训人次": 999}),
    ]
    return add_activities(db, added)


@pytest.fixture
def ledger(db, template, activities):
    return compute_ledger(db, template, QUARTER, made_on=MADE_ON)


@pytest.fixture
def workbook_path(ledger, tmp_path):
    return export_ledger(ledger, tmp_path / "台账.xlsx")


@pytest.fixture
def book(workbook_path):
    return openpyxl.load_workbook(workbook_path)


def merged_value(ws, row, column):
    """The value a reader sees in a cell: the first cell's of its merged range, if any."""
    for merged in ws.merged_cells.ranges:
        if (row, column) in {(r, c) for r, c in merged.cells}:
            return ws.cell(merged.min_row, merged.min_col).value
    return ws.cell(row, column).value


def row_values(ws, row):
    return [cell.value for cell in ws[row]]


def figure_rows(ws, ledger):
    """The rows of the 汇总 that hold the activity figures (the indicators follow them)."""
    return range(4, 4 + len(ledger.figures))


def total_row(ws):
    return next(row for row in range(4, ws.max_row + 1) if ws.cell(row, 1).value == "合计")


def cell_contents(path):
    """Every cell's value, type, format and look, sheet by sheet."""
    book = openpyxl.load_workbook(path)
    return {ws.title: [cell_content(ws, c) for row in ws.iter_rows() for c in row] for ws in book}


def cell_content(ws, c):
    border = getattr(c.border.left, "style", None)
    look = (c.style, c.font.name, c.font.sz, border, c.alignment.horizontal)
    return (c.coordinate, c.value, c.data_type, c.number_format, c.quotePrefix, *look) + (
        ws.row_dimensions[c.row].height,
    )


def section_ledger(*sections, unit="某某县科技局", staff="张三"):
    return Ledger(QUARTER, unit, staff, MADE_ON, figures=[], sections=list(sections))


def record(title="标题", location="地点", notes="", numbers=(), date=dt.date(2026, 3, 5)):
    return Record(
        date, None, "科技培训班", title, location, "县科技局", "", "", "", notes, numbers, ()
    )


# ---------------------------------------------------------------------------------------------
# Structure


def test_sheets_are_the_summary_then_every_section_in_template_order(book, template):
    assert book.sheetnames == ["汇总", *(section.name for section in template.sections)]


def test_every_sheets_rows_are_written_once_in_ascending_order(workbook_path):
    """OOXML wants each sheet's rows in ascending order, each once: Excel offers to repair
    a workbook that breaks this (LibreOffice and WPS say nothing). The section sheets' first
    record row was written a second time, empty, after the last record."""
    import zipfile

    with zipfile.ZipFile(workbook_path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) > 2
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            rows = [int(r) for r in re.findall(r'<row [^>]*?r="(\d+)"', xml)]
            assert rows == sorted(set(rows)), f"{name}: rows {rows}"


def test_returns_the_absolute_path_it_wrote(ledger, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    written = export_ledger(ledger, "相对路径.xlsx")
    assert written == tmp_path / "相对路径.xlsx"
    assert written.is_absolute() and written.is_file()


def test_summary_has_title_info_line_and_header(book):
    ws = book["汇总"]
    assert ws["A1"].value == "某某县科技局2026年第一季度科技工作台账汇总表"
    assert ws["A2"].value == INFO_LINE
    assert row_values(ws, 3) == SUMMARY_HEADER
    assert {"A1:L1", "A2:L2"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].font.bold and ws["A1"].font.sz >= 16


def test_summary_rows_are_the_ledgers_figures(book, ledger):
    ws = book["汇总"]
    # The figures, a blank row, the indicators' heading and rows, a blank row, the signatures.
    assert ws.max_row == 3 + len(ledger.figures) + 2 + len(ledger.indicators) + 2
    for row, figure in enumerate(ledger.figures, 4):
        change = "—" if figure.change_percent is None else figure.change_percent
        assert [merged_value(ws, row, column) for column in range(1, 13)] == [
            row - 3,
            figure.section,
            figure.type_name,
            figure.indicator,
            figure.unit,
            figure.current,
            figure.year_to_date,
            figure.last_year,
            figure.same_span_last_year,
            change,
            None,  # no target set
            None,
        ]


def test_summary_figures_match_the_records(book):
    rows = {
        (merged_value(book["汇总"], r, 3), merged_value(book["汇总"], r, 4)): row_values(
            book["汇总"], r
        )[5:10]
        for r in range(4, book["汇总"].max_row + 1)
    }
    # 本期, 本年累计, 上年同期累计, 上年同期 (2025Q1 alone), 同比增减(%)
    assert rows["科技培训班", "期数"] == [1, 1, 1, 1, 0.0]
    assert rows["科技培训班", "参训人次"] == [120, 120, 100, 100, 20.0]
    assert rows["项目申报", "申请资金"] == [35.5, 35.5, 0, 0, "—"]
    assert rows["应急疏散演练", "场次"] == [0, 0, 0, 0, "—"]


def test_summary_merges_each_section_and_type_over_its_rows(book, ledger):
    ws = book["汇总"]
    breaks = {b.id for b in ws.row_breaks.brk}
    rows = [i for i, f in enumerate(ledger.figures, 4) if f.section == "八、科普宣传与培训"]
    pieces = [
        r
        for r in ws.merged_cells.ranges
        if r.min_col == r.max_col == 2 and rows[0] <= r.min_row <= rows[-1]
    ]
    # One merged cell over the section's rows, cut only where a printed page ends.
    cuts = sorted(b for b in breaks if rows[0] <= b < rows[-1])
    expected = zip([rows[0], *(b + 1 for b in cuts)], [*cuts, rows[-1]], strict=True)
    assert sorted((r.min_row, r.max_row) for r in pieces) == [
        (start, end) for start, end in expected if start < end
    ]
    assert all(merged_value(ws, row, 2) == "八、科普宣传与培训" for row in rows)
    training = [i for i, f in enumerate(ledger.figures, 4) if f.type_name == "科技培训班"]
    assert all(merged_value(ws, row, 3) == "科技培训班" for row in training)
    # The covered cells are empty, as when a person merges them in Excel.
    assert ws.cell(pieces[0].min_row + 1, 2).value is None


def test_section_sheet_has_title_info_line_and_header_with_units(book):
    ws = book["八、科普宣传与培训"]
    # 八 prints two pages across: its title and info line span the repeated columns, in
    # lines broken between the period and the section, and at a gap.
    assert ws["A1"].value == "某某县科技局2026年第一季度\n八、科普宣传与培训工作台账"
    assert ws["A2"].value == INFO_LINE.replace("\u3000填报日期", "\n填报日期")
    # The unit goes on a line of its own under the label; a figure no record of the
    # period holds (报送信息, 被采用信息) has no column.
    assert row_values(ws, 3) == [
        *RECORD_HEADER,
        "参训人次\n（人次）",
        "发放资料\n（册）",
        "听众人次\n（人次）",
        "展板\n（块）",
        "咨询\n（人次）",
        "参与人次\n（人次）",
        "备注",
    ]


def test_section_rows_are_the_records_by_date(book):
    ws = book["八、科普宣传与培训"]
    bureau = "某某县科技局"
    down, lecture, training = (row_values(ws, row) for row in (4, 5, 6))
    assert down[:9] == [1, dt.datetime(2026, 1, 20), "科技下乡", "科技下乡集中示范活动"] + [
        None,
        bureau,
        "县科协",
        None,
        "张三",  # 经办人: the staff member by default
    ]
    assert lecture[:9] == [2, dt.datetime(2026, 2, 1), "科普讲座", "防灾科普讲座"] + [
        None,
        bureau,
        None,
        None,
        "张三",
    ]
    assert training[:9] == [3, dt.datetime(2026, 3, 5), "科技培训班", "春季农业技术培训班"] + [
        "县农业产业园",
        bureau,
        None,
        None,
        "张三",
    ]
    assert training[9:] == [120, 300, *[None] * 4, '=HYPERLINK("http://x")']


def test_remarks_hold_the_choice_fields_then_the_notes(book):
    ws = book["一、科技项目"]
    assert ws.cell(4, 12).value == "级别：省级"
    assert ws.cell(5, 12).value == "级别：市级"


def test_total_row_holds_the_sums_of_the_records_as_values(book, template, activities):
    # Sums worked out here from the records added, by section and column heading.
    expected = defaultdict(int)
    for a in activities:
        if not QUARTER.contains(a.date):
            continue
        section = template.section_of(a.type_id).name
        for field_id, value in a.values.items():
            f = template.fields_by_id[field_id]
            if f.is_numeric:
                expected[section, f.label_with_unit] += value
    checked = 0
    for ws in book.worksheets[1:]:
        if ws["A4"].value == "本期无记录":
            continue
        row = total_row(ws)
        assert row == 4 + sum(1 for r in range(4, row) if ws.cell(r, 1).value is not None)
        for column in range(10, ws.max_column):
            total = ws.cell(row, column)
            assert total.data_type == "n"  # a value, never a formula
            heading = ws.cell(3, column).value.replace("\n", "")
            assert total.value == pytest.approx(expected[ws.title, heading])
            checked += 1
    assert checked == 2 + 6  # 一、科技项目 and 八、科普宣传与培训 (its figures held)


def test_an_empty_section_says_no_records(book):
    ws = book["九、防震减灾"]
    assert ws["A4"].value == "本期无记录"
    assert ws.max_row == 6 and ws["A6"].value.startswith("填报人：")  # then the signatures
    assert f"A4:{openpyxl.utils.get_column_letter(ws.max_column)}4" in {
        str(r) for r in ws.merged_cells.ranges
    }


# ---------------------------------------------------------------------------------------------
# Cell types and formats


def test_dates_are_real_dates_shown_as_iso(book):
    cell = book["八、科普宣传与培训"]["B4"]
    assert cell.is_date and cell.data_type == "d"
    assert cell.value == dt.datetime(2026, 1, 20)
    assert cell.number_format == "yyyy-mm-dd"


def test_figures_are_numbers_with_thousands_separators(book):
    ws = book["八、科普宣传与培训"]
    count = ws.cell(5, 9 + 3)  # 听众人次 of the lecture
    assert (count.value, count.data_type, count.number_format) == (80, "n", "#,##0")
    money = book["一、科技项目"].cell(4, 10)  # 申请资金（万元）
    assert (money.value, money.data_type, money.number_format) == (35.5, "n", "#,##0.00")
    summary = book["汇总"]
    for row in range(4, 4 + sum(1 for r in summary.iter_rows(min_row=4) if r[3].value)):
        for column in (6, 7, 8):
            assert summary.cell(row, column).data_type == "n"
        assert summary.cell(row, 6).number_format in ("#,##0", "#,##0.00")


def test_change_is_a_number_with_one_decimal_or_a_dash(book, ledger):
    ws = book["汇总"]
    changes = [ws.cell(row, 10) for row in figure_rows(ws, ledger)]
    numbers = [c for c in changes if c.data_type == "n"]
    assert numbers and all(c.number_format == "0.0" for c in numbers)
    assert {c.value for c in changes if c.data_type == "s"} == {"—"}


def test_looks_like_a_government_ledger(book):
    ws = book["八、科普宣传与培训"]
    assert ws["A1"].font.name == "黑体"
    assert ws["A3"].font.name == "黑体"
    assert ws["D4"].font.name == "宋体" and ws["D4"].font.sz >= 10.5
    for cell in (ws["A3"], ws["D4"], ws["I6"], ws["P4"]):
        assert {cell.border.left.style, cell.border.right.style} == {"thin"}
        assert {cell.border.top.style, cell.border.bottom.style} == {"thin"}
    assert ws["D4"].alignment.wrap_text and ws["D4"].alignment.vertical == "center"


def test_column_widths_fit_chinese_text(book):
    ws = book["八、科普宣传与培训"]
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGHIR"}
    assert widths["B"] >= 11  # 2026-03-05
    assert 12 <= widths["D"] <= 40  # 活动名称
    assert 6 <= widths["I"] <= 10  # 经办人
    assert 12 <= widths["R"] <= 40  # 备注
    summary = book["汇总"]
    # 四、产学研合作与成果转化 (24 units) on two lines at most, the whole 汇总 within the page.
    assert summary.column_dimensions["B"].width >= 12
    letters = [openpyxl.utils.get_column_letter(c) for c in range(1, summary.max_column + 1)]
    # A4 landscape holds ~111 units of 宋体 at 100 % (measured in LibreOffice's PDF; Excel's
    # unit is narrower): 130 prints at 85 %.
    assert sum(summary.column_dimensions[c].width for c in letters) <= 130


def test_rows_are_tall_enough_for_wrapped_text(tmp_path):
    long_title = "关于组织开展二〇二六年度全县农业科技特派员服务乡村振兴系列活动" * 3
    sheet = SectionSheet("八、科普宣传与培训", (), [record(title=long_title), record()])
    book = openpyxl.load_workbook(export_ledger(section_ledger(sheet), tmp_path / "a.xlsx"))
    ws = book.worksheets[1]
    width = ws.column_dimensions["D"].width
    lines = len(long_title) * 2 / (width - 2)
    assert ws.row_dimensions[4].height >= lines * 14
    assert ws.row_dimensions[5].height < ws.row_dimensions[4].height


@pytest.mark.parametrize(
    "sheet", ["汇总", "八、科普宣传与培训", "九、防震减灾", "四、产学研合作与成果转化"]
)
def test_print_setup(book, sheet):
    ws = book[sheet]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    pages = int(ws.page_setup.fitToWidth)
    if sum(widths) <= ONE_PAGE_WIDTH:  # one page at 75 % or more
        assert pages == 1 and not ws.print_title_cols
    else:  # pages across, each repeating 序号 … 活动名称, and none printed below 85 %
        assert pages > 1 and ws.print_title_cols == "$A:$D"
        assert ws.page_setup.pageOrder == "overThenDown"
        kept = sum(widths[:4])
        scale = min(1, PAGE_WIDTH_AT_FULL_SIZE * pages / (sum(widths) + kept * (pages - 1)))
        assert scale >= 0.85
        # The title, the info line and the signature lie within the repeated columns, so
        # no merged cell is cut by a page's edge.
        for merged in ws.merged_cells.ranges:
            if merged.min_row <= 2 or merged.min_col == 1 and merged.max_row == ws.max_row:
                assert merged.max_col <= 4, merged
    assert ws.print_title_rows == "$1:$3"  # the title too: every page names its sheet
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.freeze_panes == "A4"
    assert 0.3 <= ws.page_margins.left <= 1 and 0.3 <= ws.page_margins.top <= 1


def test_the_widest_sections_print_pages_across_and_the_narrow_ones_one(book):
    """八 (nine figures) cannot print at 85 % on one A4 page; 九 (two) can."""
    assert int(book["八、科普宣传与培训"].page_setup.fitToWidth) > 1
    assert int(book["九、防震减灾"].page_setup.fitToWidth) == 1


def test_long_summaries_break_pages_between_merged_cells(db, template, tmp_path):
    ledger = compute_ledger(db, template, QUARTER, made_on=MADE_ON)
    book = openpyxl.load_workbook(export_ledger(ledger, tmp_path / "a.xlsx"))
    ws = book["汇总"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks  # the default template's 60-odd rows take more than one page
    for merged in ws.merged_cells.ranges:
        if merged.min_row > 3:
            assert not any(merged.min_row <= b < merged.max_row for b in breaks), merged
    # Each page's first row names its section again.
    assert all(ws.cell(b + 1, 2).value for b in breaks)


# ---------------------------------------------------------------------------------------------
# Sheet names


def test_sheet_names_are_made_safe_short_and_unique():
    long_name = "十一、" + "很长的工作板块名称" * 5
    names = sheet_names(
        [
            "一、科技[项目]:*?/\\",
            long_name,
            long_name,
            "汇总",
            "History",
            "'引号'",
            "\x01",
            "Ab",
            "aB",
        ]
    )
    assert names[0] == "一、科技［项目］：＊？／＼"
    assert all(len(name) <= 31 for name in names)
    assert names[1].startswith("十一、很长") and names[2].endswith("(2)")
    assert names[3] != "汇总" and names[4].casefold() != "history"
    assert names[5] == "引号"
    assert names[6] == "板块7"
    assert len({name.casefold() for name in names}) == len(names)
    assert not any(set(name) & set("[]:*?/\\") for name in names)


def test_workbook_with_awkward_section_names_opens(tmp_path):
    long_name = "十一、" + "很长的工作板块名称" * 5
    sections = [SectionSheet(name, (), []) for name in ("科技[项目]/统计?", long_name, long_name)]
    path = export_ledger(section_ledger(*sections), tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总", *sheet_names(s.name for s in sections)]
    # The title keeps the section's own name.
    assert book.worksheets[1]["A1"].value == "某某县科技局2026年第一季度科技[项目]/统计?工作台账"


def test_sheet_names_count_characters_beyond_the_bmp_twice():
    (name,) = sheet_names(["𠀀" * 20])
    assert len(name.encode("utf-16-le")) // 2 <= 31


# ---------------------------------------------------------------------------------------------
# Text safety


def excel_text(text: str) -> str:
    """What a cell shows of ``text``: line breaks as LF, no lone surrogates (the control
    characters XML forbids are carried as Excel's ``_xHHHH_`` escapes)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\ud800-\udfff]", "", text)[:32767]


def shown(cell) -> str | None:
    """A cell's text as Excel shows it: openpyxl leaves the escapes of inline strings."""
    return decoded(cell.value) if isinstance(cell.value, str) else cell.value


risky_text = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(["=", "+", "-", "@", "\t", "\r", "=SUM(", "@A1", "\r\n-"]),
    st.text(
        st.one_of(
            st.characters(),
            st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x1f", "\r", "\n", "\ufffe", "#"]),
        ),
        max_size=40,
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=risky_text, location=risky_text, notes=risky_text, unit=risky_text)
@example(title="=", location="=", notes="=", unit="=0\ud800")  # a name from a garbled package
def test_risky_text_comes_back_as_the_same_text_never_a_formula(title, location, notes, unit):
    sheet = SectionSheet("八、科普宣传与培训", (), [record(title, location, notes)])
    ledger = section_ledger(sheet, unit=unit)
    with tempfile.TemporaryDirectory() as folder:
        book = openpyxl.load_workbook(export_ledger(ledger, Path(folder) / "a.xlsx"))
    ws = book.worksheets[1]
    cells = {
        ws["D4"]: title,
        ws["E4"]: location,
        ws["J4"]: notes,
        ws["A1"]: f"{unit}2026年第一季度八、科普宣传与培训工作台账",
        book["汇总"]["A1"]: f"{unit}2026年第一季度科技工作台账汇总表",
    }
    for cell, text in cells.items():
        expected = excel_text(text)
        assert (shown(cell) or "") == expected
        if expected:
            assert cell.data_type == "s"
            assert cell.quotePrefix == expected.startswith(("=", "+", "-", "@", "\t", "\n"))


def test_error_codes_and_huge_text_stay_text(tmp_path):
    huge = "长" * 40_000
    sheet = SectionSheet("八、科普宣传与培训", (), [record("#N/A", huge, "#DIV/0!")])
    ws = openpyxl.load_workbook(export_ledger(section_ledger(sheet), tmp_path / "a.xlsx"))[
        "八、科普宣传与培训"
    ]
    assert (ws["D4"].value, ws["D4"].data_type) == ("#N/A", "s")
    assert (ws["J4"].value, ws["J4"].data_type) == ("#DIV/0!", "s")
    assert ws["E4"].value == "长" * 32_767


def test_formula_text_in_sample_data_stays_text(db, template, tmp_path):
    add_activities(db, generate_activities(template, 200, QUARTER.start, QUARTER.end))
    ledger = compute_ledger(db, template, QUARTER, made_on=MADE_ON)
    book = openpyxl.load_workbook(export_ledger(ledger, tmp_path / "a.xlsx"))
    formulas = [
        c
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(("=", "+"))
    ]
    assert formulas
    assert all(c.data_type == "s" and c.quotePrefix for c in formulas)


# ---------------------------------------------------------------------------------------------
# Same data, same workbook; speed path


def test_the_same_ledger_gives_the_same_cells(ledger, tmp_path):
    first = export_ledger(ledger, tmp_path / "1.xlsx")
    second = export_ledger(ledger, tmp_path / "2.xlsx")
    assert cell_contents(first) == cell_contents(second)
    properties = openpyxl.load_workbook(first).properties
    assert properties.created == properties.modified == dt.datetime(2026, 4, 3)


def test_record_rows_go_past_openpyxls_cell_writer(ledger, tmp_path, monkeypatch):
    # The slow path through openpyxl cells must not be taken with the libraries we ship.
    def slow_path(*args):
        raise AssertionError("record rows written cell by cell")

    monkeypatch.setattr(writer, "write_cell", slow_path)
    export_ledger(ledger, tmp_path / "a.xlsx")


def test_the_slow_path_writes_the_same_workbook(db, template, tmp_path, monkeypatch):
    add_activities(db, generate_activities(template, 100, QUARTER.start, QUARTER.end))
    ledger = compute_ledger(db, template, QUARTER, made_on=MADE_ON)
    fast = export_ledger(ledger, tmp_path / "fast.xlsx")
    monkeypatch.setattr(writer, "_raw_writer", lambda xf: None)
    slow = export_ledger(ledger, tmp_path / "slow.xlsx")
    assert cell_contents(fast) == cell_contents(slow)


def test_progress_counts_up_to_its_total(ledger, tmp_path):
    calls = []
    export_ledger(
        ledger, tmp_path / "a.xlsx", progress=lambda done, total: calls.append((done, total))
    )
    totals = {total for _, total in calls}
    assert len(totals) == 1
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[0] == 0 and done[-1] == totals.pop()
    assert len(calls) > len(ledger.sections)


def test_an_exception_from_progress_cancels_and_leaves_nothing(ledger, folder):
    def cancel(done, total):
        if done > total // 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_ledger(ledger, folder / "a.xlsx", progress=cancel)
    assert os.listdir(folder) == []


# ---------------------------------------------------------------------------------------------
# Failures: the target stays as it was, no temporary file is left behind


@pytest.fixture
def folder(tmp_path):
    """A folder of its own for the workbook (the test database sits in tmp_path)."""
    path = tmp_path / "导出"
    path.mkdir()
    return path


@pytest.fixture
def existing(folder):
    target = folder / "台账.xlsx"
    target.write_bytes(b"last quarter's workbook")
    return target


def assert_untouched(target):
    assert target.read_bytes() == b"last quarter's workbook"
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(
        [target.name, *(p.name for p in target.parent.iterdir() if p.name.startswith("~$"))]
    )


def failing_save(error):
    def save(book, stream, sheet_written):
        stream.write(b"PK\x03\x04 half a workbook")
        raise error

    return save


def test_a_full_disk_leaves_the_old_file(ledger, existing, monkeypatch):
    monkeypatch.setattr(
        writer, "_save_workbook", failing_save(OSError(errno.ENOSPC, "No space left"))
    )
    with pytest.raises(TaizhangError) as raised:
        export_ledger(ledger, existing)
    assert raised.value.key == "export_disk_full"
    assert_untouched(existing)


def test_another_write_error_is_an_export_failure(ledger, existing, monkeypatch):
    monkeypatch.setattr(writer, "_save_workbook", failing_save(OSError(errno.EIO, "I/O")))
    with pytest.raises(TaizhangError) as raised:
        export_ledger(ledger, existing)
    assert raised.value.key == "export_failed"
    assert "I/O" in str(raised.value)
    assert_untouched(existing)


def test_a_bug_while_saving_still_cleans_up(ledger, existing, monkeypatch):
    monkeypatch.setattr(writer, "_save_workbook", failing_save(ValueError("bug")))
    with pytest.raises(ValueError):
        export_ledger(ledger, existing)
    assert_untouched(existing)


def test_a_file_held_open_by_excel_is_reported_as_locked(ledger, existing, monkeypatch):
    # On Windows, replacing a file Excel or WPS has open fails with PermissionError.
    def replace(source, target):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(writer.os, "replace", replace)
    with pytest.raises(TaizhangError) as raised:
        export_ledger(ledger, existing)
    assert raised.value.key == "export_locked"
    assert_untouched(existing)


def test_a_folder_without_write_permission_is_reported(ledger, existing, monkeypatch):
    def refuse(path, mode):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(writer, "open", refuse, raising=False)
    with pytest.raises(TaizhangError) as raised:
        export_ledger(ledger, existing)
    assert raised.value.key == "export_no_permission"
    assert_untouched(existing)


@pytest.mark.parametrize("lock_name", ["~$台账.xlsx", ".~lock.台账.xlsx#"])
def test_an_office_lock_file_beside_the_target_means_locked(ledger, existing, lock_name):
    (existing.parent / lock_name).write_bytes(b"owner")
    with pytest.raises(TaizhangError) as raised:
        export_ledger(ledger, existing)
    assert raised.value.key == "export_locked"
    assert existing.read_bytes() == b"last quarter's workbook"
    assert sorted(p.name for p in existing.parent.iterdir()) == sorted([existing.name, lock_name])


def test_a_missing_folder_is_reported(ledger, tmp_path):
    with pytest.raises(TaizhangError) as raised:
        export_ledger(ledger, tmp_path / "没有这个文件夹" / "台账.xlsx")
    assert raised.value.key == "export_folder_missing"
    assert "没有这个文件夹" in raised.value.zh


def test_a_successful_export_replaces_the_old_file(ledger, existing):
    export_ledger(ledger, existing)
    assert openpyxl.load_workbook(existing).sheetnames[0] == "汇总"
    assert os.listdir(existing.parent) == [existing.name]


# ---------------------------------------------------------------------------------------------
# Ledgers built by hand


def test_decimal_columns_and_missing_numbers(tmp_path):
    columns = (Column("申请资金", "万元", (1,), True), Column("参训人次", "人次", (2,), False))
    sheet = SectionSheet(
        "一、科技项目",
        columns,
        [record(numbers=(1234.5, None)), record(numbers=(None, 1200)), record(numbers=(0.25, 0))],
    )
    figure = Figure("一、科技项目", "项目申报", "申请资金", "万元", 1, True, 1.5, 2.5, 2.0)
    ledger = Ledger(QUARTER, "某某县科技局", "张三", MADE_ON, [figure], [sheet])
    book = openpyxl.load_workbook(export_ledger(ledger, tmp_path / "a.xlsx"))
    ws = book["一、科技项目"]
    assert [ws.cell(r, 10).value for r in (4, 5, 6, 7)] == [1234.5, None, 0.25, 1234.75]
    assert [ws.cell(r, 11).value for r in (4, 5, 6, 7)] == [None, 1200, 0, 1200]
    assert ws.cell(7, 10).number_format == "#,##0.00" and ws.cell(7, 11).number_format == "#,##0"
    assert ws.cell(5, 10).border.left.style == "thin"  # empty cells are still ruled
    summary = book["汇总"]
    assert row_values(summary, 4)[5:] == [1.5, 2.5, 2.0, None, 25.0, None, None]
    assert summary.cell(4, 6).number_format == "#,##0.00"


_prefix = st.sampled_from(["=", "+", "-", "@", "\t", "=HYPERLINK(", "+86 ", "-1", "@SUM("])
_body = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), min_codepoint=0, max_codepoint=0x9FFF),
    max_size=30,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(prefix=_prefix, body=_body)
def test_typed_text_through_the_database_export_and_back(db, template, tmp_path, prefix, body):
    """What a clerk types (formula-like, control characters) → database → .xlsx → read back."""
    from core import activities as A
    from core.xlsx import export_warnings

    text = prefix + body
    if not text.strip():
        return  # no title at all: refused at entry, nothing to export
    t = template.type_by_name("科普讲座")
    draft = {"type_id": t.id, "date": "2026-02-02", "title": text, "notes": "备注" + text}
    stored = A.add_activity(db, A.validate_activity(template, draft))
    try:
        assert A.get_activity(db, stored.id).title == stored.title  # the database keeps it whole
        ledger = compute_ledger(db, template, QUARTER, made_on=MADE_ON)
        target = tmp_path / "往返.xlsx"
        export_ledger(ledger, target)
        sheet = openpyxl.load_workbook(target)["八、科普宣传与培训"]
        cell = sheet.cell(4, 4)
        assert shown(cell) == stored.title  # control characters and all, as Excel shows it
        assert cell.data_type == "s"  # text, never a formula
        assert export_warnings(ledger) == []  # nothing left out
    finally:
        A.purge_activities(db, [stored.id])


def test_breakdown_and_counted_by_rows_as_the_summary_prints_them(tmp_path, capsys):
    """篇二: 新认定高新技术企业6家……通过复审5家; 篇一: 科技特派员……下派12名."""
    from core.cli import main

    db = str(tmp_path / "县.db")
    for number in range(11):
        kind = "新认定" if number < 6 else "复审"
        args = ["--type", "高新技术企业认定", "--date", f"2026-0{number % 9 + 1}-10"]
        assert (
            main(
                [
                    "--db",
                    db,
                    "add",
                    *args,
                    "--title",
                    f"企业{number}",
                    "--field",
                    f"认定类别={kind}",
                ]
            )
            == 0
        )
    for date, people in (("2026-03-01", "5"), ("2026-06-01", "4"), ("2026-09-01", "")):
        args = ["--db", db, "add", "--type", "科技特派员派驻", "--date", date, "--title", "派驻"]
        assert main(args + (["--field", f"人数={people}"] if people else [])) == 0
    main(["--db", db, "add", "--type", "科技特派员派驻", "--date", "2026-10-01", "--title", "派驻",
          "--field", "人数=2"])  # fmt: skip
    out = tmp_path / "台账.xlsx"
    assert main(["--db", db, "export", "--period", "2026", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["汇总"]
    rows = [
        [merged_value(ws, r, c) for c in range(3, 8)]
        for r in range(4, ws.max_row + 1)
        if merged_value(ws, r, 3) in ("高新技术企业认定", "科技特派员派驻")
    ]
    assert rows == [
        ["高新技术企业认定", "家数", "家", 11, 11],
        ["高新技术企业认定", "其中：新认定", "家", 6, 6],
        ["高新技术企业认定", "其中：复审", "家", 5, 5],
        ["科技特派员派驻", "人数", "人", 12, 12],
        ["科技特派员派驻", "服务对象", "个", 0, 0],
    ]
    # A breakdown row is set in under its type's row; the type's own rows are not.
    indents = {
        ws.cell(r, 4).value: ws.cell(r, 4).alignment.indent
        for r in range(4, ws.max_row + 1)
        if merged_value(ws, r, 3) == "高新技术企业认定"
    }
    assert indents == {"家数": 0, "其中：新认定": 1, "其中：复审": 1}


# ---------------------------------------------------------------------------------------------
# Print (issue 11: looked at page by page in LibreOffice's PDF)

A4_LANDSCAPE_ROOM = (8.27 - 0.6 - 0.7) * 72  # points between the top and bottom margins


def one_line_width(text, indent=0):
    """The column width that holds Chinese ``text`` on one line in Excel, with 10 % to spare:
    a unit is a 宋体 digit, 8 px; a character 15 px; 6 px of cell margins (``indent`` in units)."""
    return (15 * len(text) + 8 * indent + 6) / 8 * 1.1


def test_short_audiences_stay_whole_even_on_a_wide_sheet(tmp_path):
    # Twelve numeric columns: every text column is narrowed to its minimum.
    columns = tuple(Column(f"数量{i}", "件", (i,), False) for i in range(12))
    audiences = ["科技特派员", "企业负责人", "农业技术人员", "群众"]
    records = [
        Record(dt.date(2026, 3, 5), None, "科普讲座", "讲座", "县科技馆", "县科技局", "", a,
               "张三", "", (1,) * 12, ())
        for a in audiences
    ]  # fmt: skip
    sheet = SectionSheet("八、科普宣传与培训", columns, records)
    ws = openpyxl.load_workbook(export_ledger(section_ledger(sheet), tmp_path / "a.xlsx"))[
        "八、科普宣传与培训"
    ]
    assert ws["H3"].value == "参与对象"
    assert ws.column_dimensions["H"].width >= one_line_width("农业技术人员")  # never 科技特派/员
    # 活动名称 gives up width instead, down to its minimum.
    assert ws.column_dimensions["D"].width < one_line_width("讲座" * 7)


def test_breakdown_rows_of_the_summary_stay_on_one_line(book):
    ws = book["汇总"]
    breakdowns = [ws.cell(r, 4).value for r in range(4, ws.max_row + 1)]
    longest = max((v for v in breakdowns if isinstance(v, str) and v.startswith("其中")), key=len)
    assert longest == "其中：国家级"
    assert ws.column_dimensions["D"].width >= one_line_width(longest, indent=2)


def summary_pages(ws):
    """(first, last) row of each printed page of the 汇总, by its own page breaks."""
    last_row = ws.max_row
    edges = [3, *sorted(b.id for b in ws.row_breaks.brk), last_row]
    return [(first + 1, last) for first, last in itertools.pairwise(edges)]


def row_height(ws, row):
    return ws.row_dimensions[row].height or 15  # a blank row: LibreOffice's default for 宋体


@pytest.mark.parametrize("figure_count", range(60, 100, 3))
def test_summary_pages_fit_and_keep_the_indicators_and_signature_together(
    db, template, tmp_path, figure_count
):
    ledger = compute_ledger(db, template, parse_period("2026Q2"), made_on=MADE_ON)
    assert len(ledger.indicators) >= 6 and len(ledger.figures) >= 97
    short = dataclasses.replace(ledger, figures=ledger.figures[:figure_count], sections=[])
    ws = openpyxl.load_workbook(export_ledger(short, tmp_path / "a.xlsx"))["汇总"]
    heading = sum(row_height(ws, r) for r in (1, 2, 3))  # repeated on every page
    for first, last in summary_pages(ws):
        assert heading + sum(row_height(ws, r) for r in range(first, last + 1)) <= (
            A4_LANDSCAPE_ROOM * 0.96
        ), (first, last)
    block = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 3).value == "统计指标")
    signature = next(
        r for r in range(4, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("填报人")
    )
    assert signature == ws.max_row
    first, last = summary_pages(ws)[-1]
    assert first <= block and last == signature  # the block and the signature: one page


@pytest.mark.parametrize("code", ["2026Q2", "2026"])
def test_an_indicators_last_year_stands_in_the_columns_of_the_figures(db, template, tmp_path, code):
    """A quarter's 汇总: an indicator's last year to date under 上年同期累计, and last year's
    same quarter alone under 上年同期, as for the figures above (not the sum to date
    under 上年同期, which a reader compares with 本期). A year's: one 上年同期 column."""
    from core import indicators
    from core.periods import Period

    flow = indicators.indicator_by_name(db, "科技支出")
    for quarter, value in ((1, 4000), (2, 4000), (3, 5000)):
        indicators.set_value(db, flow.id, Period("quarter", 2025, quarter), value)
    for quarter, value in ((1, 4000), (2, 5000)):
        indicators.set_value(db, flow.id, Period("quarter", 2026, quarter), value)
    ledger = compute_ledger(db, template, parse_period(code), made_on=MADE_ON)
    ws = openpyxl.load_workbook(export_ledger(ledger, tmp_path / "a.xlsx"))["汇总"]
    block = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 3).value == "统计指标")
    heading = [merged_value(ws, block, c) for c in range(1, ws.max_column + 1)]
    row = next(r for r in range(block, ws.max_row + 1) if "科技支出" in str(ws.cell(r, 3).value))
    shown = dict(
        zip(heading, [ws.cell(row, c).value for c in range(1, ws.max_column + 1)], strict=True)
    )
    if code == "2026Q2":
        columns = [c.value for c in ws[3]]
        at = columns.index("上年同期累计")
        assert heading[at : at + 2] == ["上年同期\n累计/期末", "上年同期"]
        assert (shown["本期"], shown["本年累计/期末"]) == (5000, 9000)
        assert (shown["上年同期\n累计/期末"], shown["上年同期"]) == (8000, 4000)
        merged = {str(m) for m in ws.merged_cells.ranges}
        assert not any(get_column_letter(at + 1) + str(row) in m for m in merged)
    else:
        assert (shown["本期"], shown["上年同期"]) == (9000, 13000)
    assert shown["同比增减(%)"] == {"2026Q2": 12.5, "2026": -30.8}[code]


def test_the_indicator_blocks_sections_break_only_after_their_number(book, template):
    """二、创新主体培育 is too wide for the column: it prints as 二、 over 创新主体培育."""
    ws = book["汇总"]
    block = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 3).value == "统计指标")
    width = ws.column_dimensions["B"].width
    names = {s.name for s in template.sections}
    seen = []
    for row in range(block + 1, ws.max_row + 1):
        value = ws.cell(row, 2).value
        if not isinstance(value, str) or value.startswith("填报人"):
            continue
        assert value.replace("\n", "") in names
        assert "\n" not in value or value.index("\n") == value.index("、") + 1, value
        seen.append(value)
    wide = [v for v in seen if len(v.replace("\n", "")) * 2 > width]
    assert wide and all("\n" in v for v in wide)
    assert all("\n" not in v for v in seen if v not in wide)  # 一、科技项目 stays whole


def test_money_and_fractions_print_with_two_places_whole_counts_without(db, template, tmp_path):
    """万元 prints as #,##0.00 wherever it stands (the indicators' block, a target beside a
    decimal figure), as the activity figures in 万元 do, whether or not its value is whole;
    a row of whole counts prints without places, a row with a fraction with two."""
    from core import indicators, targets
    from core.periods import Period

    money = indicators.indicator_by_name(db, "科技支出")
    stock = indicators.indicator_by_name(db, "高新技术企业总数")
    patents = indicators.indicator_by_name(db, "万人发明专利拥有量")
    indicators.set_value(db, money.id, Period("quarter", 2026, 1), 20000)
    indicators.set_value(db, stock.id, Period("quarter", 2026, 1), 39)
    indicators.set_value(db, patents.id, Period("quarter", 2026, 1), 0.7)
    indicators.set_value(db, patents.id, Period("quarter", 2025, 1), 1)
    funds = next(f for f in template.type_by_name("项目立项").fields if f.unit == "万元")
    targets.set_target(db, 2026, targets.field_key(funds.id), 500)
    ws = openpyxl.load_workbook(
        export_ledger(compute_ledger(db, template, parse_period("2026"), made_on=MADE_ON),
                      tmp_path / "a.xlsx")
    )["汇总"]  # fmt: skip
    header = [c.value for c in ws[3]]
    current, target = header.index("本期") + 1, header.index("年度目标") + 1

    def row_named(text):
        return next(r for r in range(4, ws.max_row + 1) if text in str(ws.cell(r, 3).value)
                    or text in str(ws.cell(r, 4).value) and "项目立项" in str(
                        merged_value(ws, r, 3)))  # fmt: skip

    def formats(row, *columns):
        return [ws.cell(row, c).number_format for c in columns]

    assert formats(row_named("科技支出"), current, current + 1) == ["#,##0.00"] * 2
    assert formats(row_named("高新技术企业总数"), current, current + 1) == ["#,##0"] * 2
    assert (
        formats(row_named("万人发明专利拥有量"), current, current + 1, current + 2)
        == ["#,##0.00"] * 3
    )  # the 1 of last year too: one row, one format
    funds_row = row_named(funds.label)
    assert ws.cell(funds_row, target).value == 500
    assert formats(funds_row, current, target) == ["#,##0.00"] * 2


def test_a_sheet_a_little_over_the_budget_prints_one_page_wide(db, template, tmp_path):
    """One 科技下乡 record (展板, 咨询, 参与人次, 发放资料): its figures used to go on a second
    sheet of paper, apart from its name, for a sheet a few units over the budget."""
    kind = template.type_by_name("科技下乡")
    values = {f.id: n for f, n in zip(kind.fields, (50, 500, 150, 1200), strict=False)}
    add_activities(db, [Activity(kind.id, dt.date(2026, 2, 26), "2026年科技三下乡活动",
                                 location="胡集镇文化广场", partners="县科协", audience="村民",
                                 notes="县科协联合举办", values=values)])  # fmt: skip
    ledger = compute_ledger(db, template, parse_period("2026Q1"), made_on=MADE_ON)
    book = openpyxl.load_workbook(export_ledger(ledger, tmp_path / "a.xlsx"))
    ws = book[next(s.name for s in template.sections if s.id == kind.section_id)]
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    assert PAGE_WIDTH_BUDGET < sum(widths) <= ONE_PAGE_WIDTH
    assert int(ws.page_setup.fitToWidth) == 1 and not ws.print_title_cols


def test_empty_text_columns_give_their_room_to_the_title(db, template, tmp_path):
    """No record of the sheet has a 地点, 联合单位 or 参与对象: those columns shrink to their
    heading, and 活动名称 gets the room instead of wrapping onto three lines."""
    kind = template.type_by_name("科技下乡")
    values = {f.id: n for f, n in zip(kind.fields, (50, 500, 150, 1200), strict=False)}
    add_activities(db, [Activity(kind.id, dt.date(2026, 2, 26), "2026年科技三下乡活动",
                                 values=values)])  # fmt: skip
    ledger = compute_ledger(db, template, parse_period("2026Q1"), made_on=MADE_ON)
    book = openpyxl.load_workbook(export_ledger(ledger, tmp_path / "a.xlsx"))
    ws = book[next(s.name for s in template.sections if s.id == kind.section_id)]
    width = {c.value: ws.column_dimensions[c.column_letter].width for c in ws[3]}
    assert all(width[h] <= 6 for h in ("地点", "联合单位", "参与对象"))
    assert width["活动名称"] >= 20  # was 14: 2026年科技三下乡活动 on three lines


def _band_pages(ws):
    """(first, last) row of each band of pages down, by the sheet's own page breaks."""
    edges = [3, *sorted(b.id for b in ws.row_breaks.brk), ws.max_row]
    return [(first + 1, last) for first, last in itertools.pairwise(edges)]


@pytest.mark.parametrize("count", range(4, 40, 3))
def test_a_wide_sheets_signature_never_prints_alone_nor_leaves_a_blank_page(tmp_path, count):
    """A sheet printed pages across: its last band of pages holds records with the 合计 and
    the signature. A band of the signature alone printed it on a page of its own, and the
    band's right-hand page blank."""
    columns = tuple(Column(f"指标{n}", "人次", (n,), False) for n in range(12))
    records = [record(title=f"第{n}期培训班", numbers=tuple(range(12))) for n in range(count)]
    sheet = SectionSheet("八、科普宣传与培训", columns, records)
    ws = openpyxl.load_workbook(
        export_ledger(section_ledger(sheet), tmp_path / "a.xlsx")
    ).worksheets[1]
    assert int(ws.page_setup.fitToWidth) > 1
    heading = sum(row_height(ws, r) for r in (1, 2, 3))
    for first, last in _band_pages(ws):
        assert heading + sum(row_height(ws, r) for r in range(first, last + 1)) <= A4_LANDSCAPE_ROOM
    first, last = _band_pages(ws)[-1]
    assert str(ws.cell(last, 1).value).startswith("填报人")
    assert isinstance(ws.cell(first, 1).value, int)  # a record's 序号 begins the last band


def test_a_wide_sheet_of_more_pages_than_excel_takes_breaks_gets_none(tmp_path, monkeypatch):
    """Excel takes at most 1,026 manual page breaks in a sheet: past our limit, none of ours
    (9,500 records of a wide section made 1,050)."""
    from core.xlsx import sections

    monkeypatch.setattr(sections, "MAX_PAGE_BREAKS", 3)
    columns = tuple(Column(f"指标{n}", "人次", (n,), False) for n in range(12))
    records = [record(title=f"第{n}期培训班", numbers=tuple(range(12))) for n in range(80)]
    sheet = SectionSheet("八、科普宣传与培训", columns, records)
    ws = openpyxl.load_workbook(
        export_ledger(section_ledger(sheet), tmp_path / "a.xlsx")
    ).worksheets[1]
    assert int(ws.page_setup.fitToWidth) > 1 and len(ws.row_breaks.brk) == 0
    monkeypatch.setattr(sections, "MAX_PAGE_BREAKS", 1000)
    ws = openpyxl.load_workbook(
        export_ledger(section_ledger(sheet), tmp_path / "b.xlsx")
    ).worksheets[1]
    assert len(ws.row_breaks.brk) > 3


def test_a_character_left_out_of_the_handler_is_said_like_in_any_other_column():
    """经办人 is cleaned as the other columns are, but was the one column not named. A lone
    surrogate (a garbled package's text) is what a cell cannot carry, even escaped."""
    from core.xlsx.cells import record_warnings

    handled = Record(dt.date(2026, 3, 5), None, "科技培训班", "标题", "地点", "县科技局", "", "",
                     "张\ud800三", "", (), ())  # fmt: skip
    (said,) = record_warnings("八、科普宣传与培训", 1, handled)
    assert "经办人" in said and "残缺字符" in said


@pytest.mark.parametrize(
    ("unit", "section"),
    [("某某县科学技术局", "四、产学研合作与成果转化"), ("某某县科学技术局", "六、人才与科技特派员"),
     ("胡集镇", "九、防震减灾")],
)  # fmt: skip
def test_an_empty_section_sheet_prints_as_a_blank_form_across_the_page(tmp_path, unit, section):
    """Tester's L5: with no records the table printed squeezed to half the page, 活动名称 as
    活动名/称, the title broken mid-word (…成果转化 / 工作台账). An empty sheet is the blank
    form: every heading on one line, the title on one, the page's width filled."""
    from core.xlsx.layout import BODY_SIZE, TITLE_SIZE, text_lines

    ws = openpyxl.load_workbook(
        export_ledger(
            section_ledger(SectionSheet(section, (), []), unit=unit), tmp_path / "a.xlsx"
        )  # fmt: skip
    ).worksheets[1]
    assert ws["A4"].value == "本期无记录"
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    for c, width in enumerate(widths, 1):
        heading = ws.cell(3, c).value
        assert text_lines(heading, width) == 1, (heading, width)
    title = ws["A1"].value
    assert "\n" not in title and text_lines(title, sum(widths) * BODY_SIZE / TITLE_SIZE) == 1
    assert PAGE_WIDTH_AT_FULL_SIZE <= sum(widths) <= PAGE_WIDTH_BUDGET
    assert int(ws.page_setup.fitToWidth) == 1

"""The flat import (PRODUCT.md §5): formats, encodings, headers, row errors, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.activities import ActivityQuery, count_activities, iter_activities
from core.errors import TaizhangError
from core.importer import ImportPlan, RowError, plan_import, run_import
from core.template import ActivityType, Field, Section, Template
from core.values import clean_text

HEADER = ["日期", "活动类型", "活动名称", "地点", "参训人次（人次）", "发放资料（册）", "备注"]
MARCH_5 = dt.date(2026, 3, 5)


# --- helpers -----------------------------------------------------------------------


def csv_text(rows: list[list[object]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


def write_csv(
    folder: Path,
    rows: list[list[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    name: str = "导入.csv",
) -> Path:
    path = folder / name
    path.write_bytes(csv_text(rows, delimiter).encode(encoding))
    return path


def write_xlsx(folder: Path, rows: list[list[object]], name: str = "导入.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":  # text such as =SUM(A1), stored as text like Excel does
                cell.data_type = "s"
    path = folder / name
    workbook.save(path)
    return path


def training(date: object = "2026-03-05", title: str = "春季科技培训班", **overrides) -> list:
    """A 科技培训班 row under HEADER."""
    row = dict(
        zip(
            HEADER,
            [date, "科技培训班", title, "县科技馆", "120", "300", ""],
            strict=True,
        )
    )
    row.update(overrides)
    return [row[h] for h in HEADER]


def stored(db) -> list:
    return list(iter_activities(db, ActivityQuery(order_by="date", descending=False)))


def count(db) -> int:
    return count_activities(db, ActivityQuery())


def field_id(template: Template, type_name: str, label: str) -> int:
    return template.type_by_name(type_name).field_by_label(label).id


def where(plan: ImportPlan) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in plan.errors]


def refused(path: Path, template: Template) -> str:
    """The catalogue key of the TaizhangError that planning ``path`` raises."""
    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)
    return caught.value.key


# --- formats and encodings ---------------------------------------------------------


def test_utf8_csv_is_planned_then_imported(tmp_path, db, template):
    path = write_csv(tmp_path, [HEADER, training(), training("2026-03-06", "第二期")])

    plan = plan_import(path, template)

    assert plan.ok and plan.errors == []
    assert count(db) == 0  # planning writes nothing
    assert run_import(db, plan) == 2
    first, second = stored(db)
    assert (first.date, first.title, first.location) == (MARCH_5, "春季科技培训班", "县科技馆")
    assert first.values == {
        field_id(template, "科技培训班", "参训人次"): 120,
        field_id(template, "科技培训班", "发放资料"): 300,
    }
    assert first.organizer == "某某县科技局"  # the bureau, filled in as for any new record
    assert second.title == "第二期"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030"])
def test_csv_in_the_encodings_excel_and_wps_save(tmp_path, template, encoding):
    title = "科技下乡·石桥乡" if encoding == "gbk" else "科技下乡𡈼"  # 𡈼 exists only in GB18030
    path = write_csv(tmp_path, [HEADER, training(title=title)], encoding=encoding)

    plan = plan_import(path, template)

    assert plan.ok
    assert plan.activities[0].title == title


@pytest.mark.parametrize("name", ["Unicode文本.txt", "导出.csv"])
def test_excels_unicode_text_utf16_with_tabs(tmp_path, template, name):
    """Excel's “Unicode 文本” (UTF-16 with its byte-order mark, tabs between cells, .txt)
    keeps every character (𠮷, emoji); it was refused as of an unknown encoding."""
    path = tmp_path / name
    rows = [HEADER, training(title="𠮷祥村科技培训🌾")]
    path.write_bytes(csv_text(rows, "\t").encode("utf-16"))

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert [a.title for a in plan.activities] == ["𠮷祥村科技培训🌾"]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_csv(tmp_path, template, delimiter):
    # Commas in the data must not fool the sniffing: the header decides.
    rows = [HEADER, training(title="培训,第一期,上午"), training(title="培训,第二期")]
    path = write_csv(tmp_path, rows, delimiter=delimiter)

    plan = plan_import(path, template)

    assert plan.ok
    assert [a.title for a in plan.activities] == ["培训,第一期,上午", "培训,第二期"]


def test_xlsx_with_real_dates_and_numbers(tmp_path, template):
    header = ["日期", "结束日期", "活动类型", "活动名称", "申请资金（万元）", "级别"]
    rows = [
        header,
        [dt.datetime(2026, 3, 5), dt.datetime(2026, 3, 7), "项目申报", "申报一", 57.5, "省级"],
        # Excel sums come back with binary noise; the value shown in Excel is what counts.
        [dt.datetime(2026, 3, 6, 9, 30), None, "项目申报", "申报二", 57.900000000000006, None],
        [dt.date(2026, 3, 7), None, "项目申报", "申报三", 12, None],
    ]
    plan = plan_import(write_xlsx(tmp_path, rows), template)

    assert plan.ok, [str(e) for e in plan.errors]
    money = field_id(template, "项目申报", "申请资金")
    first, second, third = plan.activities
    assert (first.date, first.end_date) == (MARCH_5, dt.date(2026, 3, 7))
    assert first.values == {money: 57.5, field_id(template, "项目申报", "级别"): "省级"}
    assert second.date == dt.date(2026, 3, 6)
    assert second.values == {money: 57.9}
    assert third.values == {money: 12}


FIXTURES = Path(__file__).parent / "fixtures"


def test_a_workbook_saved_by_libreoffice_reads_as_the_csv_it_was_made_from(template):
    # LibreOffice, Excel and WPS keep text in the shared-strings table; openpyxl (and so
    # every other fixture here) writes it inline.
    from_csv = plan_import(FIXTURES / "libreoffice_records.csv", template)
    from_xlsx = plan_import(FIXTURES / "libreoffice_records.xlsx", template)

    assert from_xlsx.ok, [str(e) for e in from_xlsx.errors]
    assert [a.title for a in from_xlsx.activities][0] == '关于"双创"政策的培训'
    assert from_xlsx.activities == from_csv.activities


def test_a_workbook_of_shared_strings_and_built_in_formats(tmp_path, template):
    from tests import excel_like

    path = excel_like.write(tmp_path / "excel.xlsx", [HEADER, training(title="共享字符串")])

    (activity,) = plan_import(path, template).activities

    assert (activity.title, activity.location) == ("共享字符串", "县科技馆")


@pytest.mark.parametrize("format_id", [14, 27, 31, 36, 50, 57, 58])
def test_dates_in_the_built_in_formats_a_chinese_excel_writes(tmp_path, template, format_id):
    # 31 is yyyy"年"m"月"d"日": the file names the id alone, no format code.
    from tests import excel_like

    day = excel_like.Styled(excel_like.serial(MARCH_5), format_id)
    path = excel_like.write(tmp_path / "日期.xlsx", [HEADER, training(date=day)])

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.activities[0].date == MARCH_5


def test_xlsx_reads_the_first_sheet_even_when_another_is_active(tmp_path, template):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(training(title="第一个工作表"))
    other = workbook.create_sheet("说明")
    other.append(["这里不是数据"])
    workbook.active = 1
    path = tmp_path / "两个工作表.xlsx"
    workbook.save(path)

    plan = plan_import(path, template)

    assert [a.title for a in plan.activities] == ["第一个工作表"]


def test_xlsx_numbers_in_text_columns_read_as_shown(tmp_path, template):
    header = ["日期", "活动类型", "活动名称", "经办人", "地点", "备注"]
    when = dt.datetime(2026, 3, 5)
    rows = [header, [when, "座谈会", 2026, 13800138000, when, 1.5]]

    activity = plan_import(write_xlsx(tmp_path, rows), template).activities[0]

    assert (activity.title, activity.handler) == ("2026", "13800138000")
    assert (activity.location, activity.notes) == ("2026-03-05", "1.5")


def test_numbers_in_text_columns_keep_the_text_their_number_format_shows(tmp_path, template):
    # Finding 5: a clerk types 007 into a cell formatted 000, or 50% into a percent cell;
    # the file holds 7 and 0.5, and the clerk sees 007 and 50%.
    from tests import excel_like

    header = ["日期", "活动类型", "活动名称", "地点", "经办人", "备注", "参训人次（人次）"]
    shown = excel_like.Formatted
    rows = [
        header,
        ["2026-03-05", "科技培训班", shown(7, "000"), shown(0.125, "0.0%"),
         excel_like.Styled(12345, 3), excel_like.Styled(0.5, 9), shown(120, "000")],
        ["2026-03-06", "科技培训班", excel_like.Styled(3.5, 2), excel_like.Styled(1234.5, 4),
         shown(42, "00000"), shown(1.5, "# ?/?"), shown(80, "#,##0")],
    ]  # fmt: skip
    path = excel_like.write(tmp_path / "格式.xlsx", rows)

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    first, second = plan.activities
    assert (first.title, first.location, first.handler, first.notes) == (
        "007", "12.5%", "12,345", "50%",
    )  # fmt: skip
    assert (second.title, second.location, second.handler) == ("3.50", "1,234.50", "00042")
    assert second.notes == "1.5"  # a fraction format is not rendered: the number as before

    huge = [header, ["2026-03-05", "科技培训班", "大数", "", "", shown(1e30, "0.00"), ""]]
    (activity,) = plan_import(excel_like.write(tmp_path / "大数.xlsx", huge), template).activities
    assert activity.notes == str(int(1e30))  # past what a format can render: as before
    people = field_id(template, "科技培训班", "参训人次")
    assert (first.values[people], second.values[people]) == (120, 80)  # figures stay numbers


def test_a_workbook_that_records_a_wrong_size_is_read_whole(tmp_path, template):
    # Some programs write <dimension ref="A1"/> whatever the sheet holds.
    right = write_xlsx(tmp_path, [HEADER, training(), training()], name="对.xlsx")
    wrong = tmp_path / "错.xlsx"
    with zipfile.ZipFile(right) as source, zipfile.ZipFile(wrong, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            target.writestr(item, data)

    plan = plan_import(wrong, template)

    assert plan.ok and len(plan.activities) == 2


# --- values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日", "２０２６/３/５", " 2026-3-5 "],
)
def test_the_date_formats_clerks_type(tmp_path, template, written):
    plan = plan_import(write_csv(tmp_path, [HEADER, training(written)]), template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.activities[0].date == MARCH_5


def test_mixed_date_formats_in_one_file(tmp_path, template):
    dates = ["2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日", "２０２６/３/５"]
    path = write_csv(tmp_path, [HEADER, *(training(d) for d in dates)])

    plan = plan_import(path, template)

    assert [a.date for a in plan.activities] == [MARCH_5] * len(dates)


@pytest.mark.parametrize("written", ["1,200", "１２００", "１，２００", "1，200", "1200人次"])
def test_thousands_separators_and_full_width_digits(tmp_path, template, written):
    path = write_csv(tmp_path, [HEADER, training(**{"参训人次（人次）": written})])

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.activities[0].values[field_id(template, "科技培训班", "参训人次")] == 1200


@pytest.mark.parametrize("text", ["''双创''政策培训", "'-'字头", "'=号", "'+1'说明", "''"])
def test_a_leading_apostrophe_in_a_clerks_csv_is_kept(tmp_path, template, text):
    # Only our own list export marks cells with a ' (its rows begin with the record's id).
    path = write_csv(tmp_path, [HEADER, training(title=text)])

    (activity,) = plan_import(path, template).activities

    assert activity.title == text


@pytest.mark.parametrize("text", ["=SUM(A1)", "+86 138 0013 8000", "-", "@张三", "=1+1"])
def test_formula_like_text_is_plain_text_in_csv(tmp_path, template, text):
    path = write_csv(tmp_path, [HEADER, training(title=text, 备注=text)])

    activity = plan_import(path, template).activities[0]

    assert (activity.title, activity.notes) == (text, text)


def test_formula_like_text_is_plain_text_in_xlsx(tmp_path, template):
    texts = ["=SUM(A1)", "+86 138 0013 8000", "-", "@张三"]
    rows = [HEADER, *(training(title=t, 备注=t) for t in texts)]

    plan = plan_import(write_xlsx(tmp_path, rows), template)

    assert [(a.title, a.notes) for a in plan.activities] == [(t, t) for t in texts]


# --- headers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "参训人次",
        "参训人次（人次）",
        "参训人次(人次)",
        "参训人次【人次】",
        "参训人次[人次]",
        " 参训人次 ",
    ],
)
def test_field_headers_with_or_without_unit_in_brackets(tmp_path, template, header):
    rows = [["日期", "活动类型", "活动名称", header], ["2026-03-05", "科技培训班", "培训", "88"]]

    plan = plan_import(write_csv(tmp_path, rows), template)

    assert plan.activities[0].values == {field_id(template, "科技培训班", "参训人次"): 88}


def test_headers_are_compared_after_full_width_and_spaces_are_ignored(tmp_path, template):
    rows = [
        ["　日 期　", "活动类型 ", "活动名称", "参训人次（人次）"],
        ["2026-03-05", "科技培训班", "培训", "5"],
    ]

    plan = plan_import(write_csv(tmp_path, rows), template)

    assert plan.ok and plan.activities[0].title == "培训"


def test_a_unit_that_is_not_the_templates_is_refused(tmp_path, template):
    # 500000 元 read as 500000 万元 would be ten thousand times too much.
    rows = [
        ["日期", "活动类型", "活动名称", "申请资金（元）"],
        ["2026-03-05", "项目申报", "申报", "500000"],
    ]

    with pytest.raises(TaizhangError) as caught:
        plan_import(write_csv(tmp_path, rows), template)

    assert caught.value.key == "import_unit_mismatch"
    assert "申请资金（元）" in str(caught.value) and "万元" in str(caught.value)


def test_numbering_columns_are_ignored(tmp_path, template):
    rows = [["编号", "序号", *HEADER], ["a1b2-c3", "1", *training()]]

    plan = plan_import(write_csv(tmp_path, rows), template)

    assert plan.ok and len(plan.activities) == 1


def test_a_clerks_own_numbering_in_a_bianhao_column_is_not_dropped_without_a_word(
    tmp_path, template
):
    # Finding 9: 编号 is where our list export writes each record's id; a bureau's ledger
    # numbers its projects there (007, XM2026-012), and that numbering is not imported.
    from core.importer import plan_notes

    header = ["编号", "日期", "活动类型", "活动名称", "申请资金（万元）"]
    rows = [
        header,
        ["007", "2026-03-05", "项目申报", "食用菌深加工项目", "50"],
        ["XM2026-012", "2026-03-06", "项目申报", "茶叶数字化项目", "1,200.50"],
    ]
    plan = plan_import(write_csv(tmp_path, rows), template)

    assert plan.ok and len(plan.activities) == 2
    (note,) = [n for n in plan_notes(plan, "zh") if "编号" in n]
    assert "“编号”列不是本程序的记录编号" in note and "“007”" in note
    assert "未导入" in note and "如需保留请并入“备注”" in note
    assert any("编号" in n and "not imported" in n for n in plan_notes(plan, "en"))

    # Our own ids, and hand rows added under them with the 编号 left empty: nothing to say.
    ours = [header, ["0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b", *rows[1][1:]], ["", *rows[2][1:]]]
    plan = plan_import(write_csv(tmp_path, ours, name="我们的.csv"), template)
    assert plan.ok and not [n for n in plan_notes(plan, "zh") if "编号" in n]


def test_an_unknown_column_is_refused_so_nothing_is_silently_lost(tmp_path, template):
    path = write_csv(tmp_path, [[*HEADER, "工作量"], [*training(), "很多"]])

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    assert caught.value.key == "import_unknown_columns"
    assert "工作量" in str(caught.value)


def test_an_unknown_header_gets_the_likely_one_and_the_way_forward(tmp_path, template):
    # Finding 10: a near miss (参训人数 for 参训人次) is named with what it likely meant, and
    # every unknown column is told what to do with it.
    header = ["日期", "活动类型", "活动名称", "参训人数", "联系电话", "发放资料数（册）"]
    path = write_csv(tmp_path, [header, ["2026-03-05", "科技培训班", "一期", "120", "1", "3"]])

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    zh, en = caught.value.zh, caught.value.en
    assert "“参训人数”（是否应为“参训人次”？）" in zh
    assert "“发放资料数（册）”（是否应为“发放资料（册）”？）" in zh
    assert "“联系电话”" in zh and "“联系电话”（" not in zh  # nothing close: no guess
    assert "删除该列，或把它的内容并入“备注”后再导入" in zh
    assert "'参训人数' (did you mean '参训人次'?)" in en and "备注" in en


@pytest.mark.parametrize("dropped", ["日期", "活动类型", "活动名称"])
def test_a_missing_required_column_is_refused(tmp_path, template, dropped):
    header = [h for h in HEADER if h != dropped]
    path = write_csv(tmp_path, [header, ["x"] * len(header)])

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    assert caught.value.key == "import_missing_columns_found"
    assert dropped in caught.value.zh


def test_a_ledgers_title_and_unit_lines_above_the_header_are_passed_over(tmp_path, template):
    """A clerk's sheet starts with its title (merged across) and a 填报单位 line: the header
    is the first row naming 日期, 活动类型 and 活动名称, and rows keep their numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["某某县科技局2026年第一季度科技培训台账"])
    sheet.merge_cells("A1:G1")
    sheet.append(["填报单位：某某县科技局", None, None, "填报人：李四", None, "审核人：王五"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(training())
    sheet.append(training("2026-03-06", "第二期", **{"参训人次（人次）": "八十"}))
    sheet.append(["合计", None, None, None, 200, 600])
    sheet.append([])
    sheet.append(["填报人：李四\u3000\u3000审核人：\u3000\u3000单位负责人：\u3000（单位盖章）"])
    path = tmp_path / "台账.xlsx"
    workbook.save(path)

    plan = plan_import(path, template)

    assert [(t.header_row, t.rows_above_header) for t in plan.sheets] == [(4, 2)]
    assert where(plan) == [(6, "参训人次（人次）")]
    fixed = write_csv(tmp_path, [["某某县科技局2026年第一季度台账"], HEADER, training()])
    plan = plan_import(fixed, template)
    assert plan.ok and [a.title for a in plan.activities] == ["春季科技培训班"]
    assert [(t.name, t.header_row, t.rows_above_header) for t in plan.sheets] == [("", 2, 1)]


def test_a_signature_line_is_no_record_but_a_record_beginning_so_is(tmp_path, template):
    path = write_csv(tmp_path, [
        HEADER, training(), ["审核人：王五"], training(title="审核人：王五的调研"),
        ["", "", "", "", "120"],
    ])  # fmt: skip

    plan = plan_import(path, template)

    assert [a.title for a in plan.activities] == ["春季科技培训班", "审核人：王五的调研"]
    assert {e.row for e in plan.errors} == {5}  # a figure without a record is a problem


def test_a_signature_line_with_a_name_under_the_title_column(tmp_path, template):
    path = write_csv(tmp_path, [HEADER, training(), ["填报人：张三", "", "审核人：李四"]])

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert len(plan.activities) == 1


def test_sum_rows_as_clerks_word_them_and_a_repeated_header_are_passed_over(tmp_path, template):
    figure = HEADER.index("参训人次（人次）")

    def sum_row(*cells):
        row = ["", "", "", "", "", "", ""]
        for position, text in cells:
            row[position] = text
        row[figure] = "220"
        return row

    path = write_csv(tmp_path, [
        HEADER, training(), sum_row((0, "本季度合计")), sum_row((0, "合计（人次）")),
        sum_row((0, "共计：")), sum_row((0, "一季度小计")), sum_row((2, "合  计")),
        HEADER, training("2026-03-09", "第二期"),
    ])  # fmt: skip

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert [a.title for a in plan.activities] == ["春季科技培训班", "第二期"]


def test_a_subtotal_row_under_a_merged_date_and_type_is_no_record(tmp_path, template):
    """日期 and 活动类型 merged down over a group *and* its 小计 row: the merge gives the
    小计 row a date and a type, but what the row itself holds is a sum."""
    from tests import excel_like

    rows = [
        HEADER,
        ["2026-03-05", "科技培训班", "一期", "县科技馆", 100, None, None],
        [None, None, "二期", "县科技馆", 50, None, None],
        [None, None, "小计", None, 150, None, None],
        [None, None, None, None, None, None, None],
    ]
    path = excel_like.write(tmp_path / "小计.xlsx", rows, merges=("A2:A5", "B2:B5"))

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert [a.title for a in plan.activities] == ["一期", "二期"]


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_a_title_line_above_a_tab_or_semicolon_header(tmp_path, template, delimiter):
    """Copied from WPS into Notepad: the title line has no delimiter we know, and the
    comma was taken, so the header was not found."""
    rows = [["城关县科技局2026年第一季度台账"], HEADER, training(title="分号,带逗号的标题")]
    path = write_csv(tmp_path, rows, delimiter=delimiter, encoding="gbk")

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert [a.title for a in plan.activities] == ["分号,带逗号的标题"]


def test_the_end_of_file_mark_of_older_programs_is_no_row(tmp_path, template):
    path = write_csv(tmp_path, [HEADER, training()], encoding="gbk")
    path.write_bytes(path.read_bytes() + b"\x1a")

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert len(plan.activities) == 1


def test_a_header_coloured_far_past_its_text_is_as_wide_as_its_text(tmp_path, template):
    from openpyxl.styles import PatternFill

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(training())
    yellow = PatternFill("solid", fgColor="FFFF00")
    for column in range(1, 700):
        sheet.cell(1, column).fill = yellow
    path = tmp_path / "着色.xlsx"
    workbook.save(path)

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert len(plan.activities) == 1


def test_a_title_that_is_a_types_name_is_passed_over(tmp_path, template):
    """A sheet kept for one type, titled with its name (科技下乡) above the header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["科技下乡"])
    sheet.merge_cells("A1:E1")
    sheet.append(["日期", "活动类型", "活动名称", "地点", "发放资料（册）"])
    sheet.append([dt.date(2026, 3, 5), "科技下乡", "三下乡", "甲村", 500])
    path = tmp_path / "科技下乡.xlsx"
    workbook.save(path)

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    assert [(a.title, a.location) for a in plan.activities] == [("三下乡", "甲村")]


def test_without_a_header_in_its_first_rows_the_first_row_is_named_in_the_error(tmp_path, template):
    rows = [["某某县科技局2026年第一季度台账"]] + [[f"说明第{n}条"] for n in range(30)]
    path = write_csv(tmp_path, [*rows, HEADER, training()])

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    assert caught.value.key == "import_missing_columns_found"
    assert "第 1 行" in caught.value.zh and "某某县科技局2026年第一季度台账" in caught.value.zh


def test_a_row_of_records_above_a_header_is_never_passed_over(tmp_path, template):
    """A row naming an activity type could be a record: it is taken as the header, and its
    error says so, rather than being passed over unsaid."""
    path = write_csv(tmp_path, [training(), HEADER, training("2026-03-06", "第二期")])

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    assert caught.value.key == "import_missing_columns_found"
    assert "第 1 行" in caught.value.zh


def _workbook(path: Path, sheets: dict[str, list[list[object]]], hidden=()) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


def test_every_sheet_with_a_header_is_read_and_each_is_said(tmp_path, template):
    """A year's ledger kept a sheet a month, after a sheet of instructions: every month is
    read (each by its own header), none silently left out, and problems name the sheet."""
    path = _workbook(tmp_path / "全年.xlsx", {
        "填表说明": [["请在各月工作表中填写，每行一条活动"]],
        "1月": [HEADER, training("2026-01-05", "一月培训")],
        "2月": [["2月台账"], HEADER[:3], ["2026-02-05", "科普讲座", "二月讲座"],
                ["2026-02-30", "科普讲座", "错日期"]],
        "Sheet4": [],
        "备用": [HEADER, training("2026-03-05", "藏起来的")],
    }, hidden=("备用",))  # fmt: skip

    plan = plan_import(path, template)

    read = [(t.name, t.header_row, t.records) for t in plan.sheets]
    assert read == [("1月", 1, 1), ("2月", 2, 2)]
    assert [(e.sheet, e.row, e.column) for e in plan.errors] == [("2月", 4, "日期")]
    assert str(plan.errors[0]).startswith("工作表“2月”第 4 行“日期”列")
    assert plan.sheets_passed_over == (("填表说明", "header"), ("备用", "hidden"))
    from core.importer import plan_notes

    assert plan_notes(plan, "zh") == [
        "读取了 2 个工作表：“1月” 1 行、“2月” 2 行",
        "1 个工作表的表头上方共有 1 行（标题、填报单位等），不是记录，不导入",
        "工作表“填表说明”没有表头（日期、活动类型、活动名称），未读取",
        "隐藏的工作表“备用”未读取（要导入，请先在 Excel/WPS 中取消隐藏）",
    ]
    fixed = _workbook(tmp_path / "改好.xlsx", {
        "1月": [HEADER, training("2026-01-05", "一月培训")],
        "2月": [HEADER[:3], ["2026-02-05", "科普讲座", "二月讲座"]],
    })  # fmt: skip
    plan = plan_import(fixed, template)
    assert plan.ok and [a.title for a in plan.activities] == ["一月培训", "二月讲座"]


def test_a_workbook_whose_records_are_all_hidden_says_so(tmp_path, template):
    path = _workbook(tmp_path / "隐藏.xlsx", {"封面": [], "数据": [HEADER, training()]},
                     hidden=("数据",))  # fmt: skip

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    assert caught.value.key == "import_only_hidden" and "“数据”" in caught.value.zh


def test_a_workbook_without_a_header_on_any_sheet_names_the_first_filled_one(tmp_path, template):
    path = _workbook(tmp_path / "无表头.xlsx", {
        "Sheet1": [], "说明": [["这是说明"]], "数据": [["2026-01-05", "无", "x"]],
    })  # fmt: skip

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    assert caught.value.key == "import_sheet_refused"
    assert caught.value.zh.startswith("工作表“说明”：缺少必需的列")


def test_a_bad_header_on_one_sheet_of_several_names_that_sheet(tmp_path, template):
    path = _workbook(tmp_path / "两表.xlsx", {
        "1月": [HEADER, training()], "2月": [[*HEADER, "工作量"], training()],
    })  # fmt: skip

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    assert caught.value.zh.startswith("工作表“2月”：") and "工作量" in caught.value.zh


def test_a_cell_merged_down_several_rows_counts_for_each_of_them(tmp_path, template):
    """Clerks merge 活动类型 (and 日期) down the rows of one kind: the merged cell shows its
    value on every row it spans, so each of those records has it. Merges across a row (the
    title) change nothing."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2026年第一季度台账"])
    sheet.merge_cells("A1:G1")
    sheet.append(HEADER)
    sheet.append(training("2026-03-05", "第一期"))
    sheet.append([None, None, "第二期", "县科技馆", 80])
    sheet.append([None, None, "第三期", "青山村", 60])
    sheet.append(["2026-03-09", "科普讲座", "讲座", "县科技馆"])
    sheet.merge_cells("A3:A5")
    sheet.merge_cells("B3:B5")
    path = tmp_path / "合并.xlsx"
    workbook.save(path)

    plan = plan_import(path, template)

    assert plan.ok, plan.errors
    got = [(a.date.isoformat(), template.type(a.type_id).name, a.title) for a in plan.activities]
    assert got == [
        ("2026-03-05", "科技培训班", "第一期"), ("2026-03-05", "科技培训班", "第二期"),
        ("2026-03-05", "科技培训班", "第三期"), ("2026-03-09", "科普讲座", "讲座"),
    ]  # fmt: skip


def test_a_figure_merged_down_several_rows_is_refused_not_counted_for_each(tmp_path, template):
    """“两场共发 300 册”: one number merged over two records. Given to each row it would
    count 600 in the ledger; it is a row error naming the merged range instead. Text
    merged down (地点, 备注) still counts for each row."""
    from tests import excel_like

    rows = [
        HEADER,
        ["2026-03-05", "科技培训班", "第一期", "县科技馆", 120, 300, "两期合办"],
        ["2026-03-06", "科技培训班", "第二期", None, 80, None, None],
    ]
    path = excel_like.write(tmp_path / "合并数字.xlsx", rows, merges=("F2:F3", "D2:D3", "G2:G3"))

    plan = plan_import(path, template)

    assert where(plan) == [(3, "发放资料（册）")]
    assert "F2:F3" in plan.errors[0].reason and "合并" in plan.errors[0].reason
    assert "F2:F3" in plan.errors[0].en
    first_only = excel_like.write(tmp_path / "文字合并.xlsx", rows, merges=("D2:D3", "G2:G3"))
    first, second = plan_import(first_only, template).activities
    assert (second.location, second.notes) == ("县科技馆", "两期合办")
    assert field_id(template, "科技培训班", "发放资料") not in second.values


def test_hidden_and_filtered_out_rows_are_imported_and_said(tmp_path, template):
    # Finding 7: a clerk who hid a cancelled session, or filtered the sheet, sees fewer
    # rows than are imported. They are records, so they are imported, and the plan says so.
    from core.importer import plan_notes
    from tests import excel_like

    rows = [HEADER] + [training(title=f"第{n}期") for n in range(1, 10)]
    one = excel_like.write(tmp_path / "一行.xlsx", rows, hidden_rows=(6,))
    plan = plan_import(one, template)
    assert plan.ok and len(plan.activities) == 9  # the hidden row is a record all the same
    assert "第 6 行为隐藏行（或被筛选隐藏），已一并导入" in plan_notes(plan, "zh")
    assert any("row 6 is hidden" in note for note in plan_notes(plan, "en"))

    many = excel_like.write(tmp_path / "多行.xlsx", rows, hidden_rows=(3, 4, 5, 6, 8, 9, 11))
    plan = plan_import(many, template)
    assert len(plan.activities) == 9
    # Row 11 is hidden but empty: no record, not counted.
    assert "第 3、4、5、6、8 等 6 行为隐藏行（或被筛选隐藏），已一并导入" in plan_notes(plan, "zh")

    shown = excel_like.write(tmp_path / "没有隐藏.xlsx", rows)
    assert not any("隐藏" in note for note in plan_notes(plan_import(shown, template), "zh"))


def test_rows_hidden_in_a_workbook_openpyxl_wrote_are_said_too(tmp_path, template):
    from core.importer import plan_notes

    path = write_xlsx(tmp_path, [HEADER, training(), training(title="取消的一期")])
    workbook = openpyxl.load_workbook(path)
    workbook.active.row_dimensions[3].hidden = True
    workbook.save(path)

    assert "第 3 行为隐藏行（或被筛选隐藏），已一并导入" in plan_notes(
        plan_import(path, template), "zh"
    )


def test_a_formula_whose_result_is_an_error_is_a_row_error_naming_the_cell(tmp_path, template):
    from tests import excel_like

    rows = [
        HEADER,
        training(title=excel_like.FormulaError("#N/A"), 备注=excel_like.FormulaError("#DIV/0!")),
    ]
    path = excel_like.write(tmp_path / "错误.xlsx", rows)

    plan = plan_import(path, template)

    assert where(plan) == [(2, "活动名称"), (2, "备注")]
    assert "C2" in plan.errors[0].reason and "#N/A" in plan.errors[0].reason
    assert "G2" in plan.errors[1].en and "#DIV/0!" in plan.errors[1].en


def test_a_header_of_two_rows_a_group_over_its_fields(tmp_path, template):
    """主要指标 merged across its fields, their names on the row under it, 日期… merged
    down over both: the usual government ledger, refused as “无法识别的列“主要指标””."""
    from tests import excel_like

    rows = [
        ["某某县科技局2026年第一季度台账"],
        ["日期", "活动类型", "活动名称", "地点", "主要指标", None, "备注"],
        [None, None, None, None, "参训人次（人次）", "发放资料（册）", None],
        ["2026-03-05", "科技培训班", "两行表头的培训", "县科技馆", 120, 300, "备注一"],
    ]
    merges = ("A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:G3")
    path = excel_like.write(tmp_path / "两行表头.xlsx", rows, merges=merges)

    plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    (activity,) = plan.activities
    training = template.type_by_name("科技培训班")
    figures = {
        training.field_by_label("参训人次").id: 120,
        training.field_by_label("发放资料").id: 300,
    }
    assert (activity.title, activity.notes, activity.values) == (
        "两行表头的培训",
        "备注一",
        figures,
    )
    # A column of its own under such a name, with a record under it, is still refused.
    alone = write_csv(tmp_path, [rows[1][:5], ["2026-03-05", "科技培训班", "一", "县", "120"]])
    assert refused(alone, template).startswith("import_unknown_column")


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_merged_ranges_are_found_prefixed_or_not_and_across_a_read_boundary(prefix):
    from core import importer

    class Sheet:
        def _get_source(self):
            cells = b"".join(
                f'<{prefix}mergeCell ref="{ref}"/>'.encode()
                for ref in ("B3:B5", "A1:G1", "C10:D12", "bad", "A7:A7")
            )
            tail = f"<{prefix}mergeCells>".encode() + cells + b"</worksheet>"
            # The first read (1 MiB) ends 8 bytes into the first range's tag.
            start = b"<worksheet><sheetData></sheetData>"
            pad = (1 << 20) - len(start) - len(f"<{prefix}mergeCells>") - 8
            return io.BytesIO(start + b" " * pad + tail)

    assert importer._vertical_merges(Sheet()) == [(3, 5, 2), (10, 12, 3)]


def test_rows_a_program_wrote_out_of_order_keep_their_own_numbers(tmp_path, template):
    """Some programs write a sheet's rows out of order (Taizhang's own ledgers did, once):
    a problem must still name the row the spreadsheet shows it in."""
    path = write_xlsx(tmp_path, [HEADER, training("2026-02-30"), training(), training()])
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    rows = re.findall(r'<row r="\d+".*?</row>', xml)
    moved = [rows[0], rows[2], rows[3], rows[1]]  # rows 1, 3, 4, 2
    parts["xl/worksheets/sheet1.xml"] = xml.replace("".join(rows), "".join(moved)).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    plan = plan_import(path, template)

    assert where(plan) == [(2, "日期")] and len(plan.activities) == 2


def test_a_ledger_this_program_exported_is_refused_with_the_way_to_merge(tmp_path, db, template):
    """Its sheets have headers now read, but its 备注 holds 级别 and the like: imported, its
    records would come back changed and twice."""
    from core.activities import add_activities
    from core.ledger import compute_ledger
    from core.periods import parse_period
    from core.sample_data import generate_activities
    from core.xlsx import export_ledger

    add_activities(
        db, generate_activities(template, 40, dt.date(2026, 1, 1), dt.date(2026, 3, 31), 3)
    )
    ledger = compute_ledger(db, template, parse_period("2026Q1"))
    path = export_ledger(ledger, tmp_path / "台账.xlsx")

    assert refused(path, template) == "import_own_ledger"


def _exported_ledger(tmp_path, db, template) -> Path:
    from core.activities import add_activities
    from core.ledger import compute_ledger
    from core.periods import parse_period
    from core.sample_data import generate_activities
    from core.xlsx import export_ledger

    add_activities(
        db, generate_activities(template, 40, dt.date(2026, 1, 1), dt.date(2026, 3, 31), 3)
    )
    return export_ledger(
        compute_ledger(db, template, parse_period("2026Q1")), tmp_path / "台账.xlsx"
    )


def test_a_ledger_sheet_pasted_into_a_workbook_of_ones_own_is_refused_too(tmp_path, db, template):
    """The workbook is not ours (another creator, no 汇总), but the sheet is our ledger's: its
    备注 folds 级别 in, so its records would come back changed, and twice."""
    exported = openpyxl.load_workbook(_exported_ledger(tmp_path, db, template))
    pasted = openpyxl.Workbook()
    pasted.active.title = exported.sheetnames[1]
    for row in exported.worksheets[1].iter_rows(values_only=True):
        pasted.active.append(row)
    path = tmp_path / "抄过来的.xlsx"
    pasted.save(path)

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    assert caught.value.key == "import_own_ledger_sheet"
    assert exported.sheetnames[1] in str(caught.value)


def test_a_hand_made_ledger_with_a_title_and_a_unit_line_imports(tmp_path, template):
    """A county's own ledger typed by hand looks like ours (title, 填报单位, 序号): it is a list
    of records, not one of our exports."""
    path = write_xlsx(
        tmp_path,
        [
            ["某某县科技局2025年第一季度工作台账"],
            ["填报单位：某某县科技局   填报日期：2025年4月3日"],
            ["序号", *HEADER],
            [1, *training(MARCH_5)],
        ],
    )

    plan = plan_import(path, template)

    assert plan.ok and len(plan.activities) == 1


def test_a_workbook_on_the_1904_date_system_reads_its_dates_right(tmp_path, template):
    """Excel for Mac's workbooks count days from 1904: the same serial is another date."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    workbook = openpyxl.Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(training(MARCH_5, **{"参训人次（人次）": "1,200"}))
    path = tmp_path / "mac.xlsx"
    workbook.save(path)

    plan = plan_import(path, template)

    assert plan.ok and plan.activities[0].date == MARCH_5
    assert plan.activities[0].values[field_id(template, "科技培训班", "参训人次")] == 1200


def test_a_duplicate_column_is_refused(tmp_path, template):
    path = write_csv(tmp_path, [[*HEADER, "参训人次"], [*training(), "1"]])

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    assert caught.value.key == "import_duplicate_column"


def test_a_column_without_header_must_stay_empty(tmp_path, template):
    rows = [
        [*HEADER, ""],
        [*training(), ""],
        [*training(), "漏掉的内容"],
        [*training(), "", "多出"],
    ]

    plan = plan_import(write_csv(tmp_path, rows), template)

    assert where(plan) == [(3, ""), (4, "")]
    assert "第 8 列" in plan.errors[0].reason and "漏掉的内容" in plan.errors[0].reason
    assert "第 9 列" in plan.errors[1].reason


def test_rows_shorter_than_the_header_are_fine(tmp_path, template):
    path = write_csv(tmp_path, [HEADER, ["2026-03-05", "座谈会", "座谈"]])

    plan = plan_import(path, template)

    assert plan.ok and plan.activities[0].title == "座谈"


# --- rows --------------------------------------------------------------------------


def test_each_problem_is_reported_with_its_row_and_column(tmp_path, template):
    header = ["日期", "活动类型", "活动名称", "参训人次（人次）", "级别"]
    rows = [
        header,
        ["2026-03-05", "科技培训班", "好的一行", "10", ""],
        ["2026-03-05", "不存在的类型", "类型不对", "", ""],
        ["2026-02-30", "科技培训班", "日期不对", "10", ""],
        ["2026-03-05", "科技培训班", "负数", "-5", ""],
        ["2026-03-05", "项目申报", "选项不对", "", "乡级"],
    ]
    plan = plan_import(write_csv(tmp_path, rows), template)

    assert where(plan) == [(3, "活动类型"), (4, "日期"), (5, "参训人次（人次）"), (6, "级别")]
    assert "不存在的类型" in plan.errors[0].reason
    assert "2026-02-30" in plan.errors[1].reason
    assert "负数" in plan.errors[2].reason
    assert "国家级" in plan.errors[3].reason and "乡级" in plan.errors[3].reason
    assert [a.title for a in plan.activities] == ["好的一行"]


def test_every_problem_of_one_row_is_reported_in_column_order(tmp_path, template):
    # Columns in another order than the form's: the report follows the file.
    header = ["活动名称", "发放资料（册）", "日期", "活动类型", "参训人次（人次）", "地点"]
    rows = [header, ["  ", "三百", "2026/3/32", "科技培训班", "-1", "县科技馆", "多出"]]

    plan = plan_import(write_csv(tmp_path, rows), template)

    assert where(plan) == [
        (2, "活动名称"),
        (2, "发放资料（册）"),
        (2, "日期"),
        (2, "参训人次（人次）"),
        (2, ""),
    ]


def test_an_end_before_the_start_is_reported_on_the_end_date(tmp_path, template):
    rows = [
        ["日期", "结束日期", "活动类型", "活动名称"],
        ["2026-03-05", "2026-03-01", "座谈会", "座谈"],
    ]

    plan = plan_import(write_csv(tmp_path, rows), template)

    assert where(plan) == [(2, "结束日期")]


def test_figures_are_checked_even_when_the_type_is_mistyped(tmp_path, template):
    path = write_csv(
        tmp_path, [HEADER, training(活动类型="科技培训", **{"参训人次（人次）": "-3"})]
    )

    plan = plan_import(path, template)

    assert where(plan) == [(2, "活动类型"), (2, "参训人次（人次）")]
    assert "科技培训班" in plan.errors[0].reason  # the likely meaning is suggested


def test_type_names_are_matched_after_trimming_and_nfkc(tmp_path, template):
    path = write_csv(tmp_path, [HEADER, training(活动类型=" 科技培训班　")])

    plan = plan_import(path, template)

    assert plan.ok
    assert plan.activities[0].type_id == template.type_by_name("科技培训班").id


def test_zero_width_characters_are_ignored_in_names_and_headers(tmp_path, template):
    # Finding 13: text pasted from a web page or WeChat carries U+200B and kin; without
    # this, “没有名为“科技培训班”的活动类型，是否应为“科技培训班”？” names two equal-looking names.
    header = ["日期\u200b", "活动\u2060类型", "\ufeff活动名称", "级别\u200c", "申请资金（万元）"]
    rows = [
        header,
        ["2026-03-05", "项目申报\u200b", "一期\u200b说明", "省级\u200d", "5"],
        ["2026-03-06", "\ufeff项目申报", "二期", "\u200b国家级", "6"],
    ]
    plan = plan_import(write_csv(tmp_path, rows), template)

    assert plan.ok, [str(e) for e in plan.errors]
    first, second = plan.activities
    level = field_id(template, "项目申报", "级别")
    assert first.type_id == second.type_id == template.type_by_name("项目申报").id
    assert (first.values[level], second.values[level]) == ("省级", "国家级")  # the matched name
    assert first.title == "一期\u200b说明"  # text that matched nothing stays as typed


def test_a_figure_of_another_type_is_an_error_but_an_empty_one_is_fine(tmp_path, template):
    header = ["日期", "活动类型", "活动名称", "参训人次（人次）", "参会人数（人）"]
    rows = [
        header,
        ["2026-03-05", "座谈会", "空着没关系", "", "30"],
        ["2026-03-05", "座谈会", "填了不行", "40", "30"],
    ]
    plan = plan_import(write_csv(tmp_path, rows), template)

    assert where(plan) == [(3, "参训人次（人次）")]
    assert "座谈会" in plan.errors[0].reason and "参训人次" in plan.errors[0].reason


def test_row_numbers_are_those_a_spreadsheet_shows(tmp_path, template):
    rows = [[], [], HEADER, training(), [], training("不是日期"), training()]

    plan = plan_import(write_csv(tmp_path, rows), template)

    assert where(plan) == [(6, "日期")]
    assert len(plan.activities) == 2


def test_row_numbers_in_xlsx_count_blank_rows(tmp_path, template):
    rows = [[None], HEADER, training(), [None], training(dt.datetime(2026, 3, 5), title="")]

    plan = plan_import(write_xlsx(tmp_path, rows), template)

    assert where(plan) == [(5, "活动名称")]


def test_a_trailing_total_row_is_skipped(tmp_path, template):
    rows = [
        ["序号", *HEADER],
        ["1", *training()],
        ["2", *training()],
        ["合计", "", "", "", "", "240", "600", ""],
        ["总 计：", "", "", "", "", "240", "600", ""],
    ]
    plan = plan_import(write_csv(tmp_path, rows), template)

    assert plan.ok and len(plan.activities) == 2


def test_a_record_titled_total_is_still_a_record(tmp_path, template):
    rows = [["活动名称", "日期", "活动类型"], ["合计", "2026-03-05", "座谈会"]]

    plan = plan_import(write_csv(tmp_path, rows), template)

    assert [a.title for a in plan.activities] == ["合计"]


def test_progress_is_reported_while_planning(tmp_path, template):
    rows = [HEADER, *(training() for _ in range(2500))]
    reached: list[int] = []

    plan_import(write_csv(tmp_path, rows), template, progress=reached.append)

    assert reached == [1000, 2000]


def test_row_error_reads_as_one_line_in_each_language():
    error = RowError(4, "日期", "“日期”必须填写", "'日期' is required")

    assert error.text("zh") == "第 4 行“日期”列：“日期”必须填写"
    assert error.text("en") == "row 4, column '日期': '日期' is required"
    assert str(error) == f"{error.text('zh')} ({error.text('en')})"
    assert RowError(7, "", "整行有误").text("zh") == "第 7 行：整行有误"


# --- all or nothing ----------------------------------------------------------------


def test_a_bad_import_changes_nothing(tmp_path, db, template):
    run_import(db, plan_import(write_csv(tmp_path, [HEADER, training()], name="先.csv"), template))
    before = count(db)
    plan = plan_import(write_csv(tmp_path, [HEADER, training(), training("昨天")]), template)

    with pytest.raises(TaizhangError) as caught:
        run_import(db, plan)

    assert caught.value.key == "import_rejected"
    assert count(db) == before == 1


def test_only_the_last_row_bad_still_writes_nothing(tmp_path, db, template):
    rows = [HEADER, *(training(title=f"第{i}期") for i in range(200)), training(title="")]
    plan = plan_import(write_csv(tmp_path, rows), template)

    assert len(plan.activities) == 200 and where(plan) == [(202, "活动名称")]
    with pytest.raises(TaizhangError):
        run_import(db, plan)
    assert count(db) == 0


def test_run_import_refuses_any_plan_with_errors(db, template, tmp_path):
    good = plan_import(write_csv(tmp_path, [HEADER, training()]), template)
    tampered = ImportPlan(good.path, good.activities, [RowError(9, "日期", "坏")])

    with pytest.raises(TaizhangError) as caught:
        run_import(db, tampered)

    assert caught.value.key == "import_rejected" and "1" in caught.value.zh
    assert count(db) == 0


# --- files that are not what they claim ----------------------------------------------


def test_binary_garbage_is_refused_not_a_crash(tmp_path, template):
    garbage = random.Random(7).randbytes(4096)
    for name in ("乱码.csv", "乱码.xlsx"):
        (tmp_path / name).write_bytes(garbage)

    assert refused(tmp_path / "乱码.csv", template) in ("import_encoding", "import_not_csv")
    assert refused(tmp_path / "乱码.xlsx", template) == "import_not_xlsx"


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path, template):
    path = tmp_path / "文档.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")

    assert refused(path, template) == "import_not_xlsx"


@pytest.mark.parametrize("damage", [b"<worksheet><sheetData><row r=", b"\x89PNG not xml"])
def test_a_damaged_workbook_is_refused_not_a_crash(tmp_path, template, damage):
    good = write_xlsx(tmp_path, [HEADER, *(training() for _ in range(50))], name="好.xlsx")
    damaged = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2] + damage
            target.writestr(item, data)

    assert refused(damaged, template) == "import_unreadable"


def test_a_cell_past_the_limit_is_a_row_error_and_a_long_one_imports(tmp_path, template):
    """Issue 9, finding 15: on 80e8515 a cell over 131,072 characters stopped the import."""
    from core import importer

    long_notes = "长" * 200_000
    too_long = "长" * (importer.MAX_CELL_CHARS + 1)
    path = write_csv(
        tmp_path, [HEADER, training(**{"备注": long_notes}), training(**{"备注": too_long})]
    )

    plan = plan_import(path, template)

    assert [e.row for e in plan.errors] == [3] and "字符" in plan.errors[0].reason
    assert plan.activities[0].notes == long_notes


def test_text_in_an_unknown_encoding_is_refused(tmp_path, template):
    path = tmp_path / "乱码.csv"
    # bytes that are neither UTF-8 nor GB18030 (0xFF leads no character in either)
    path.write_bytes(csv_text([HEADER, training()]).encode("utf-8") + b"\xff\xff\xff\n")

    assert refused(path, template) == "import_encoding"


def test_a_binary_file_that_decodes_is_still_refused(tmp_path, template):
    path = tmp_path / "零.csv"
    path.write_bytes(bytes(1024))  # valid UTF-8, but no text file holds NUL

    assert refused(path, template) == "import_not_csv"


def test_a_renamed_workbook_is_read_as_a_workbook(tmp_path, template):
    path = write_xlsx(tmp_path, [HEADER, training()]).rename(tmp_path / "其实是表格.csv")

    plan = plan_import(path, template)

    assert plan.ok and len(plan.activities) == 1


def test_old_xls_and_other_formats_are_refused_with_advice(tmp_path, template):
    (tmp_path / "旧.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    (tmp_path / "加密.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    (tmp_path / "台账.docx").write_bytes(b"whatever")

    assert refused(tmp_path / "旧.xls", template) == "import_old_xls"
    assert refused(tmp_path / "加密.xlsx", template) == "import_old_xls"
    assert refused(tmp_path / "台账.docx", template) == "import_bad_format"
    assert refused(tmp_path / "不存在.csv", template) == "file_missing"
    # an exchange package chosen in 导入: the message names the way it does import
    (tmp_path / "城关镇-李四.tzpkg").write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(TaizhangError) as caught:
        plan_import(tmp_path / "城关镇-李四.tzpkg", template)
    assert caught.value.key == "import_is_package" and "导入交换包" in caught.value.zh
    with pytest.raises(TaizhangError) as caught:
        plan_import(tmp_path / "台账.docx", template)
    assert ".txt" in caught.value.zh and ".xlsm" in caught.value.zh


def test_a_folder_is_said_to_be_a_folder_not_a_missing_file(tmp_path, template):
    # Finding 11: “文件不存在” for a folder that is right there misleads.
    folder = tmp_path / "台账.xlsx"
    folder.mkdir()
    for path in (folder, tmp_path):
        with pytest.raises(TaizhangError) as caught:
            plan_import(path, template)
        assert caught.value.key == "import_is_folder"
        assert "文件夹" in caught.value.zh and "folder" in caught.value.en
    assert refused(tmp_path / "没有.csv", template) == "file_missing"


@pytest.mark.parametrize("name", ["~$台账.xlsx", "~$台账.csv", ".~lock.台账.xlsx#"])
def test_the_lock_file_beside_an_open_workbook_is_named_as_such(tmp_path, template, name):
    # Finding 11: Excel and WPS leave ~$台账.xlsx (the name of who has it open) beside an
    # open workbook, LibreOffice .~lock.台账.xlsx#; a clerk picks it by mistake.
    path = tmp_path / name
    path.write_bytes(b"\x0cuser      \x00\x00" + b" " * 150)

    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)

    assert caught.value.key == "import_lock_file"
    assert "锁定文件" in caught.value.zh and "lock file" in caught.value.en
    assert name in caught.value.zh  # named, so the clerk sees which file was picked


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_file_locked_by_another_program_is_refused_with_advice(
    tmp_path, template, monkeypatch, suffix
):
    path = write_csv(tmp_path, [HEADER, training()], name=f"打开中{suffix}")

    def locked(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")  # what Windows says while WPS has it

    monkeypatch.setattr(Path, "open", locked)

    assert refused(path, template) == "import_locked"


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n,,,\r\n"])
def test_an_empty_csv_is_refused(tmp_path, template, content):
    path = tmp_path / "空.csv"
    path.write_bytes(content)

    assert refused(path, template) == "import_empty"


def test_a_header_without_rows_is_refused(tmp_path, template):
    path = write_csv(tmp_path, [HEADER, [], ["", "", ""]])

    assert refused(path, template) == "import_empty"


def test_an_empty_sheet_is_refused(tmp_path, template):
    path = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(path)

    assert refused(path, template) == "import_empty_sheet"


def test_our_own_list_csv_imports_as_the_same_records(tmp_path, db_path, db, template):
    from core import cli
    from core.activities import add_activities
    from core.sample_data import generate_activities

    originals = generate_activities(template, 300, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    add_activities(db, originals)
    listed = tmp_path / "list.csv"
    assert cli.main(["--db", str(db_path), "list", "--format", "csv", "--out", str(listed)]) == 0

    plan = plan_import(listed, template)

    assert plan.ok, [str(e) for e in plan.errors[:5]]

    def content(a):
        return (a.date, a.type_id, a.title, a.location, a.partners, a.audience, a.notes, a.values)

    assert sorted(map(content, plan.activities), key=repr) == sorted(
        map(content, stored(db)), key=repr
    )


# --- templates other than the default ------------------------------------------------


def small_template(unit_b: str = "元") -> Template:
    """One section, two types sharing the label 资金 in different units; 人数 required."""
    money_a = Field(1, 1, "资金", "万元", "decimal", (), False, 1)
    people = Field(2, 1, "人数", "人", "integer", (), True, 2)
    money_b = Field(3, 2, "资金", unit_b, "decimal", (), False, 1)
    type_a = ActivityType(1, 1, "甲类", "次", 1, (money_a, people))
    type_b = ActivityType(2, 1, "乙类", "次", 2, (money_b,))
    return Template(
        (Section(1, "一、测试", 1, (type_a, type_b)),),
        {1: type_a, 2: type_b},
        {1: money_a, 2: people, 3: money_b},
    )


def test_a_unit_that_fits_one_type_but_not_the_rows(tmp_path):
    rows = [
        ["日期", "活动类型", "活动名称", "资金（元）", "人数"],
        ["2026-03-05", "乙类", "单位相符", "500", ""],
        ["2026-03-05", "甲类", "单位不符", "500", "3"],
    ]
    plan = plan_import(write_csv(tmp_path, rows), small_template())

    assert where(plan) == [(3, "资金（元）")]
    assert "万元" in plan.errors[0].reason


def test_a_required_field_without_a_column_is_reported_by_its_label(tmp_path):
    rows = [["日期", "活动类型", "活动名称"], ["2026-03-05", "甲类", "缺人数"]]

    plan = plan_import(write_csv(tmp_path, rows), small_template())

    assert where(plan) == [(2, "人数")]


# --- any text survives ---------------------------------------------------------------

# NUL marks a binary file; surrogates cannot be written in UTF-8.
any_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # the template is read-only
)
@given(title=any_text.filter(lambda t: clean_text(t) != ""), notes=any_text)
def test_any_title_and_notes_round_trip_through_csv(template, title, notes):
    with tempfile.TemporaryDirectory() as folder:
        rows = [["日期", "活动类型", "活动名称", "备注"], ["2026-03-05", "座谈会", title, notes]]
        path = write_csv(Path(folder), rows, encoding="utf-8-sig")

        plan = plan_import(path, template)

    assert plan.ok, [str(e) for e in plan.errors]
    activity = plan.activities[0]
    assert (activity.title, activity.notes) == (clean_text(title), clean_text(notes))


def test_an_import_is_written_in_date_order_keeping_the_files_order_within_a_day(
    tmp_path, db, template
):
    """Rows are written by date (the indexes by date then grow at their end); records of
    one day keep the file's order, which is how lists and ledgers show them."""
    days = [f"2026-0{m}-0{d}" for m in (3, 1, 2) for d in (5, 2)]
    rows = [(day, f"讲座{n}") for n, day in enumerate(days * 2)]
    path = tmp_path / "乱序.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["日期", "活动类型", "活动名称"])
        writer.writerows([(day, "科普讲座", title) for day, title in rows])
    assert run_import(db, plan_import(path, template)) == len(rows)
    stored = db.conn.execute("SELECT date, title FROM activities ORDER BY seq").fetchall()
    expected = sorted(rows, key=lambda r: r[0])  # stable: the file's order within a day
    assert [tuple(r) for r in stored] == expected
    history = db.conn.execute(
        "SELECT a.title FROM activity_history h JOIN activities a ON a.id = h.activity_id "
        "ORDER BY h.id"
    ).fetchall()
    assert [r[0] for r in history] == [title for _, title in expected]


def test_our_own_list_saved_as_a_workbook_imports_as_it_was(tmp_path, template):
    """Our CSV opened in a spreadsheet and saved as .xlsx kept the Excel-safety marks (the
    titles came back as '=1+2, ''单引号')."""
    from tests import excel_like

    ids = ["019a0000-0000-7000-8000-00000000000" + str(n) for n in range(4)]
    header = ["编号", "日期", "活动类型", "活动名称", "地点"]
    rows = [
        [ids[0], "2026-03-05", "科技培训班", "'=1+2", "'+86 138"],
        [ids[1], "2026-03-05", "科技培训班", "''单引号'", "'-5度"],
        [ids[2], "2026-03-05", "科技培训班", "'=1'", "'中间'的引号"],
    ]
    path = excel_like.write(tmp_path / "list.xlsx", [header, *rows])
    # a clerk's own workbook (no 编号 of ours): a leading ' is text as typed
    theirs = excel_like.write(tmp_path / "theirs.xlsx", [header[1:], rows[0][1:]])

    got = [(a.title, a.location) for a in plan_import(path, template).activities]
    assert got == [("=1+2", "+86 138"), ("'单引号'", "-5度"), ("=1'", "'中间'的引号")]
    (mine,) = plan_import(theirs, template).activities
    assert (mine.title, mine.location) == ("'=1+2", "'+86 138")

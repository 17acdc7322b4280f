"""Imports of files that are odd or hostile: wrong quotes, formulas without values, huge.

Issue 9, findings 8, 9, 10 and 16; each test says how it failed on 80e8515.
"""

import zipfile

import openpyxl
import pytest

from core import importer
from core.errors import TaizhangError
from core.importer import plan_import
from tests import excel_like
from tests.excel_like import Inline

HEADER = "日期,活动类型,活动名称,听众人次（人次）\n"


def lectures(count: int, start: int = 1) -> list[str]:
    return [
        f"2026-03-{(n % 28) + 1:02d},科普讲座,第{n}场讲座,{n}\n"
        for n in range(start, start + count)
    ]


def write(tmp_path, lines, name="a.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def test_an_unclosed_quote_is_one_row_error_not_the_rest_of_the_file(tmp_path, template):
    """Finding 8: on 80e8515 10 rows gave "已导入 2 条": the rest became one title."""
    rows = lectures(10)
    rows[2] = '2026-03-05,科普讲座,"没有闭合的引号,5\n'
    plan = plan_import(write(tmp_path, rows), template)
    assert [e.row for e in plan.errors] == [4]
    assert "引号" in plan.errors[0].reason
    assert len(plan.activities) == 9
    assert all(a.title.startswith("第") for a in plan.activities)


def test_a_quote_opening_a_cell_is_never_dropped_silently(tmp_path, template):
    """Finding 8: on 80e8515 "十四五"规划宣讲 was imported as 十四五规划宣讲."""
    rows = ['2026-03-05,科普讲座,"十四五"规划宣讲,30\n', '2026-03-06,科普讲座,"""十四五""规划",3\n']
    plan = plan_import(write(tmp_path, rows), template)
    assert [e.row for e in plan.errors] == [2] and "引号" in plan.errors[0].reason
    assert [a.title for a in plan.activities] == ['"十四五"规划']


def test_a_quoted_cell_may_still_hold_line_breaks(tmp_path, template):
    rows = ['2026-03-05,科普讲座,"第一行\n第二行",30\n', *lectures(2)]
    plan = plan_import(write(tmp_path, rows), template)
    assert plan.ok and plan.activities[0].title == "第一行\n第二行"
    assert len(plan.activities) == 3


def test_two_stray_quotes_never_swallow_the_rows_between_them(tmp_path, template):
    """A quote opening one title and another closing a title three rows down is valid
    CSV: one cell of four lines. It imported as 7 records of 10 (讲座3's title held rows
    4 to 6, which were gone), with 检查通过. A line inside a cell that reads as a record
    of its own (a date, then cells) is a row error, and nothing of it is imported."""
    rows = lectures(10)
    rows[2] = '2026-03-04,科普讲座,"第3场讲座,3\n'
    rows[5] = '2026-03-07,科普讲座,第6场讲座",6\n'
    plan = plan_import(write(tmp_path, rows), template)
    assert [e.row for e in plan.errors] == [4]
    assert (
        "引号" in plan.errors[0].reason and "2026-03-05,科普讲座,第4场讲座" in plan.errors[0].reason
    )
    assert len(plan.activities) == 6
    assert all("\n" not in a.title for a in plan.activities)


def test_a_note_of_several_lines_with_commas_and_dates_still_imports(tmp_path, template):
    """Line breaks in a quoted cell stay allowed: a note listing dates, one per line."""
    rows = ['2026-03-05,科普讲座,讲座,30,"3月5日上午\n2026-03-06,下午补课\n共两次"\n', *lectures(2)]
    path = tmp_path / "a.csv"
    path.write_text("日期,活动类型,活动名称,听众人次,备注\n" + "".join(rows), encoding="utf-8")
    plan = plan_import(path, template)
    assert plan.ok, [e.reason for e in plan.errors]
    assert plan.activities[0].notes == "3月5日上午\n2026-03-06,下午补课\n共两次"


def test_a_formula_without_a_cached_value_is_a_row_error_naming_the_cell(tmp_path, template):
    """Finding 9: on 80e8515 the figure was imported as empty, without a word."""
    path = tmp_path / "脚本写的.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "活动类型", "活动名称", "听众人次（人次）"])
    sheet.append(["2026-03-05", "科普讲座", "讲座甲", "=10*12"])
    sheet.append(["2026-03-06", "科普讲座", "讲座乙", 30])
    book.save(path)  # openpyxl stores formulas without their results
    plan = plan_import(path, template)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "听众人次（人次）")]
    assert "公式没有计算结果" in plan.errors[0].reason and "D2" in plan.errors[0].reason
    assert [a.title for a in plan.activities] == ["讲座乙"]


def test_only_the_first_200_problems_are_kept_and_the_rest_counted(tmp_path, template):
    """Finding 10: on 80e8515 every problem was kept and shown (1M rows: 2.6 GB)."""
    rows = [f"2026-03-05,科普讲座,讲座{n},很多\n" for n in range(350)]
    plan = plan_import(write(tmp_path, rows), template)
    assert len(plan.errors) == importer.MAX_ERRORS_KEPT == 200
    assert plan.more_errors == 150 and plan.bad_rows == 350


def test_a_huge_header_gives_a_short_message(tmp_path, template):
    """Finding 10: on 80e8515 a 10 MB header line gave a 20 MB message."""
    path = tmp_path / "a.csv"
    path.write_text("日期,活动类型,活动名称," + "怪" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)
    assert len(str(caught.value)) < 1000


def test_too_many_rows_are_refused_before_they_are_all_read(tmp_path, template, monkeypatch):
    """Finding 10: on 80e8515 nothing bounded an import (400,000 rows: 54 s, 2.6 GB)."""
    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    with pytest.raises(TaizhangError) as caught:
        plan_import(write(tmp_path, lectures(100)), template)
    assert caught.value.key == "import_too_many_rows"


def test_a_workbook_that_unpacks_to_too_much_is_refused(tmp_path, template):
    """Finding 10: on 80e8515 a 1 MB .xlsx expanded to 2.3 GB of memory."""
    path = tmp_path / "炸弹.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["日期", "活动类型", "活动名称"])
    book.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.bin", b"\0" * (importer.MAX_XLSX_UNPACKED_BYTES + 1))
    assert path.stat().st_size < 2 << 20
    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)
    assert caught.value.key == "import_too_big"


def test_openpyxl_parses_workbooks_with_defusedxml():
    """Finding 16: on 80e8515 defusedxml was not installed; openpyxl used plain expat."""
    import defusedxml  # noqa: F401 - installed from requirements.txt
    from openpyxl.xml import DEFUSEDXML
    from openpyxl.xml.functions import fromstring

    assert DEFUSEDXML is True
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'
    )
    with pytest.raises(Exception) as caught:
        fromstring(bomb)
    assert "Entities" in type(caught.value).__name__ or "entit" in str(caught.value).lower()


# --- workbooks whose text cells are huge (verify9 N2) ----------------------------------


def _lecture_rows(titles):
    """A header and a 科普讲座 for each title: a str is a shared text (as Excel writes
    it), an ``Inline`` one is written in its cell."""
    head = ["日期", "活动类型", "活动名称", "听众人次（人次）"]
    return [head] + [["2026-03-05", "科普讲座", title, 30] for title in titles]


def test_a_workbook_cell_past_the_limit_is_a_row_error_naming_it(tmp_path, template, monkeypatch):
    """A 12 KB workbook held a 10,485,760-character title, a 32 KB one 30 million
    (2.9 GB to import): an .xlsx cell had no limit, a CSV's had. Inline or shared, such a
    cell is a row error naming it, and the other rows import."""
    monkeypatch.setattr(importer, "MAX_CELL_CHARS", 1000)
    long = "长" * 1001
    path = excel_like.write(
        tmp_path / "长.xlsx", _lecture_rows([Inline(long), "讲座乙", long + "了"])
    )
    plan = plan_import(path, template)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "活动名称"), (4, "活动名称")]
    assert all("1,000" in e.reason and "C" in e.reason for e in plan.errors)
    assert [a.title for a in plan.activities] == ["讲座乙"]


def test_a_workbook_holding_a_text_far_past_the_limit_is_refused_before_it_is_read(
    tmp_path, template, monkeypatch
):
    """A 0.31 MB workbook with one 300-million-character cell was killed by the system
    after taking 24 GB: a text run that long is found by the scan of the sheet's XML,
    before any cell of it is built."""
    monkeypatch.setattr(importer, "MAX_CELL_CHARS", 1000)
    monkeypatch.setattr(importer, "SCAN_CHUNK_BYTES", 4096)
    huge = "a" * (importer.MAX_CELL_CHARS * importer.XML_BYTES_PER_CHAR + 1)
    for where, title in (("inline", Inline(huge)), ("shared", huge)):
        path = excel_like.write(tmp_path / f"{where}.xlsx", _lecture_rows([title]))
        with pytest.raises(TaizhangError) as caught:
            plan_import(path, template)
        assert caught.value.key == "import_xlsx_text_too_long", where
        assert "1,000" in str(caught.value)


def test_a_workbook_of_too_many_shared_texts_is_refused(tmp_path, template, monkeypatch):
    """A 0.83 MB workbook of 20 million one-letter shared texts took 46 s and 1.9 GB for
    one record: past a limit the table of texts is refused as it is read."""
    monkeypatch.setattr(importer, "MAX_SHARED_STRINGS", 50)
    path = excel_like.write(tmp_path / "多.xlsx", _lecture_rows([f"讲座{n}" for n in range(45)]))
    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)
    assert caught.value.key == "import_too_many_strings" and "50" in str(caught.value)
    fewer = excel_like.write(tmp_path / "少.xlsx", _lecture_rows([f"讲座{n}" for n in range(44)]))
    assert len(plan_import(fewer, template).activities) == 44  # 50 texts, the header's too


def test_a_workbook_with_forbidden_or_broken_xml_is_said_in_chinese(tmp_path, template):
    """defusedxml refused an external entity, but the clerk read openpyxl's English in the
    Chinese half, pointing to an exception she never sees (verify9 N5)."""
    good = excel_like.write(tmp_path / "好.xlsx", _lecture_rows(["讲座"]))
    entity = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
    for name, change in (
        ("外部实体", lambda xml: xml.replace(b"<worksheet", entity.encode() + b"<worksheet", 1)),
        ("坏的", lambda xml: xml.replace(b"</sheetData>", b"</sheetDat>", 1)),
    ):
        path = tmp_path / f"{name}.xlsx"
        with zipfile.ZipFile(good) as old, zipfile.ZipFile(path, "w") as new:
            for info in old.infolist():
                data = old.read(info)
                new.writestr(info, change(data) if info.filename.endswith("sheet1.xml") else data)
        with pytest.raises(TaizhangError) as caught:
            plan_import(path, template)
        chinese = caught.value.zh
        assert "Unable" not in chinese and "exception" not in chinese, chinese
        assert name in chinese  # the file is named

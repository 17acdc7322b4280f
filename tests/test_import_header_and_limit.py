"""Issue 9 re-checked (report_verify R1/N15, N19): a header row the file itself garbles is
said with the file's name and in both languages; the row limit counts records, not the
header. Each test says what it gave on 70eb7e3."""

import openpyxl
import pytest

from core import importer
from core.errors import TaizhangError
from core.importer import plan_import

HEADER = "日期,活动类型,活动名称,听众人次（人次）\n"


def lectures(count: int) -> list[str]:
    return [f"2026-03-{(n % 28) + 1:02d},科普讲座,第{n}场讲座,{n}\n" for n in range(1, count + 1)]


def refusal(path, template) -> TaizhangError:
    with pytest.raises(TaizhangError) as caught:
        plan_import(path, template)
    return caught.value


def test_an_over_long_cell_in_the_header_names_the_file_in_both_languages(tmp_path, template):
    """On 70eb7e3: 文件（空）第 1 行格式有误…有一个单元格超过 1,048,576 个字符 ((empty) cannot
    be read at row 1: 有一个单元格超过 …): no file name, Chinese in the English half."""
    path = tmp_path / "长表头.csv"
    long_header = "日期,活动类型,活动名称," + "X" * (importer.MAX_CELL_CHARS + 1) + "\n"
    path.write_text(long_header + "2026-03-01,科普讲座,a\n", encoding="utf-8")
    error = refusal(path, template)
    assert error.key == "import_csv_malformed"
    assert str(path) in error.zh and str(path) in error.en
    assert "1,048,576" in error.zh and "1,048,576" in error.en
    assert "（空）" not in error.zh and "(empty)" not in error.en
    assert not any("\u4e00" <= c <= "\u9fff" for c in error.en.replace(str(path), ""))


def test_an_unbalanced_quote_in_the_header_names_the_file_in_both_languages(tmp_path, template):
    """On 70eb7e3: 文件（空）第 1 行格式有误，无法读取：这一行有一个没有配对的引号… (the English
    half the same Chinese reason)."""
    path = tmp_path / "引号.csv"
    path.write_text('日期,"活动类型,活动名称\n2026-03-01,科普讲座,a\n', encoding="utf-8")
    error = refusal(path, template)
    assert error.key == "import_csv_malformed"
    assert str(path) in error.zh and str(path) in error.en
    assert "引号" in error.zh and "quote" in error.en
    english = error.en.replace(str(path), "").replace('日期,"活动类型,活动名称', "")
    assert not any("\u4e00" <= c <= "\u9fff" for c in english)


def test_a_misplaced_quote_in_the_header_names_the_file(tmp_path, template):
    path = tmp_path / "引号位置.csv"
    path.write_text('"日期"x,活动类型,活动名称\n2026-03-01,科普讲座,a\n', encoding="utf-8")
    error = refusal(path, template)
    assert str(path) in error.zh and str(path) in error.en and "(empty)" not in error.en


def test_a_csv_of_exactly_the_limit_of_records_imports(tmp_path, template, monkeypatch):
    """N19, on 70eb7e3: 200,000 records (200,001 lines with the header) were refused as
    超过 200,000 行: the limit counted the header row."""
    monkeypatch.setattr(importer, "MAX_ROWS", 20)
    path = tmp_path / "正好.csv"
    path.write_text(HEADER + "".join(lectures(20)), encoding="utf-8")
    assert len(plan_import(path, template).activities) == 20
    path.write_text(HEADER + "".join(lectures(21)), encoding="utf-8")
    assert refusal(path, template).key == "import_too_many_rows"


def test_titles_above_the_header_do_not_count_against_the_limit(tmp_path, template, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 20)
    path = tmp_path / "有标题.csv"
    title = "某县科技局 2026 年第一季度科普活动\n填报单位：某县科技局\n"
    path.write_text(title + HEADER + "".join(lectures(20)), encoding="utf-8")
    assert len(plan_import(path, template).activities) == 20


def test_a_workbook_of_exactly_the_limit_of_records_imports(tmp_path, template, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 20)

    def workbook(count: int):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["日期", "活动类型", "活动名称", "听众人次（人次）"])
        for n in range(1, count + 1):
            sheet.append([f"2026-03-{n % 28 + 1:02d}", "科普讲座", f"第{n}场讲座", n])
        path = tmp_path / f"表{count}.xlsx"
        book.save(path)
        return path

    assert len(plan_import(workbook(20), template).activities) == 20
    assert refusal(workbook(21), template).key == "import_too_many_rows"


def test_a_ledger_sheet_saved_as_csv_is_refused_naming_the_file(tmp_path, db, template):
    """On 70eb7e3: “”是本程序导出的台账 (the CSV's rows had no file to name)."""
    import csv
    import datetime as dt

    from core.activities import add_activities
    from core.ledger import compute_ledger
    from core.periods import parse_period
    from core.sample_data import generate_activities
    from core.xlsx import export_ledger

    add_activities(
        db, generate_activities(template, 10, dt.date(2026, 1, 1), dt.date(2026, 3, 31), 3)
    )
    ledger = export_ledger(
        compute_ledger(db, template, parse_period("2026Q1")), tmp_path / "台账.xlsx"
    )
    sheet = openpyxl.load_workbook(ledger).worksheets[1]
    path = tmp_path / "另存为.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(sheet.iter_rows(values_only=True))
    error = refusal(path, template)
    assert error.key == "import_own_ledger"
    assert str(path) in error.zh and str(path) in error.en

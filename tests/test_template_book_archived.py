"""Archived sections in the template workbook: listed with 停用 = 是 and all they hold, so
that the workbook comes back unchanged, a clerk restores one by clearing the mark, and a
township learns of it; a workbook made before the 板块 sheet had 停用 reads as before."""

import openpyxl
import pytest

from core import activities as A
from core import template_book as B
from core import template_edit as E
from core.bureau_file import open_bureau
from core.template import load_template

TALENT = "六、人才与科技特派员"  # archived with the records of 人才引进
NEW_SECTION, NEW_TYPE = "十二、区域合作", "区域合作交流"  # added, used, then archived


def _add(db, type_name, title="记录", **values):
    template = load_template(db)
    t = template.type_by_name(type_name)
    draft = {"type_id": t.id, "date": "2026-02-01", "title": title,
             "values": {t.field_by_label(k).id: v for k, v in values.items()}}  # fmt: skip
    return A.add_activity(db, A.validate_activity(template, draft))


def _archive_some(db) -> None:
    """A section archived with its records, an archived type and an archived field in live
    sections, and a section added, used and archived (unknown to a default template)."""
    spec = E.spec_of(load_template(db))
    spec.append(E.SectionSpec("", NEW_SECTION, types=[E.TypeSpec("", NEW_TYPE, "次")]))
    E.change_template(db, spec)
    _add(db, "人才引进", 人数=3)
    _add(db, "座谈会", 参会人数=20)
    _add(db, "项目申报", 申请资金=12.5)
    _add(db, NEW_TYPE)
    spec = E.spec_of(load_template(db))
    for s in spec:
        s.archived = s.archived or s.name in (TALENT, NEW_SECTION)
        for t in s.types:
            t.archived = t.archived or t.name == "座谈会"
            for f in t.fields:
                f.archived = f.archived or (t.name, f.label) == ("项目申报", "申请资金")
    E.change_template(db, spec)


def _shape(db):
    return E.as_dict(E.spec_of(load_template(db)))


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _row(ws, column: int, value: str):
    return next(r for r in ws.iter_rows(min_row=2) if r[column].value == value)


@pytest.fixture
def archived(db):
    _archive_some(db)
    return load_template(db)


def test_archived_sections_are_listed_with_all_they_hold_and_come_back_unchanged(
    db, archived, tmp_path
):
    before, history = _shape(db), E.template_history(db)
    path = B.export_template(db, tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    assert _rows(wb["板块"])[0] == ["编号", "名称", "停用"]
    sections = {r[1]: r for r in _rows(wb["板块"])[1:]}
    assert list(sections) == [s.name for s in archived.sections]  # in the template's order
    talent = next(s for s in archived.sections if s.name == TALENT)
    assert sections[TALENT] == [talent.uid, TALENT, "是"]
    assert sections[NEW_SECTION][2] == "是" and sections["一、科技项目"][2] is None
    types = {r[2]: r for r in _rows(wb["活动类型"])[1:]}
    # an archived section's types are listed under it, each with its own mark
    assert types["人才引进"][1] == TALENT and types["人才引进"][6] is None
    assert types["科技特派员派驻"][1] == TALENT and types[NEW_TYPE][1] == NEW_SECTION
    assert types["座谈会"][6] == "是"
    fields = {(r[1], r[2]): r for r in _rows(wb["指标"])[1:]}
    assert ("人才引进", "人数") in fields and fields[("项目申报", "申请资金")][7] == "是"
    # out of use reads out of use: greyed, the archived section's own rows too
    talent_row = _row(wb["板块"], 1, TALENT)
    assert talent_row[1].font.color.rgb.endswith("A0A0A0")
    assert _row(wb["板块"], 1, "一、科技项目")[1].font.color is None
    assert _row(wb["活动类型"], 2, "人才引进")[2].font.color.rgb.endswith("A0A0A0")

    book = B.plan_template_import(db, path)
    assert book.ok and book.plan.changes == [], book.change_lines()
    B.import_template(db, book)
    assert _shape(db) == before and E.template_history(db) == history


def test_a_clerk_restores_an_archived_section_by_clearing_its_mark(db, archived, tmp_path):
    path = B.export_template(db, tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    _row(wb["板块"], 1, TALENT)[2].value = None
    wb.save(path)
    book = B.plan_template_import(db, path)
    assert book.ok, book.problems
    assert book.change_lines() == [f"恢复 板块“{TALENT}”"]
    B.import_template(db, book)
    after = load_template(db)
    section = next(s for s in after.sections if s.name == TALENT)
    assert not section.archived
    # its types come back whole, with their ids, and take new records again
    assert [t.name for t in section.types] == ["科技特派员派驻", "人才引进"]
    assert [t.id for t in section.types] == [t.id for t in archived.sections[5].types]
    _add(db, "科技特派员派驻", 服务对象=4)
    # and marking it again archives it again
    _row(wb["板块"], 1, TALENT)[2].value = "是"
    wb.save(path)
    assert B.plan_template_import(db, path).change_lines() == [f"停用 板块“{TALENT}”"]


def test_a_township_learns_of_the_countys_archived_sections(db, archived, tmp_path):
    path = B.export_template(db, tmp_path / "县模板.xlsx")
    township = open_bureau(tmp_path / "乡镇.db", create=True)
    try:
        book = B.plan_template_import(township, path)
        assert book.ok, book.problems
        lines = book.change_lines()
        assert f"停用 板块“{TALENT}”" in lines  # it had no records there: kept, not deleted
        assert f"新增 板块“{NEW_SECTION}”（停用）" in lines
        B.import_template(township, book)
        theirs = load_template(township)
        assert book.plan.changes and B.plan_template_import(township, path).plan.changes == []
    finally:
        township.close()
    assert _shape_of(theirs) == _shape_of(archived)


def _shape_of(template):
    return E.as_dict(E.spec_of(template))


def test_a_workbook_made_before_the_mark_imports_as_before(db, archived, tmp_path):
    """The 板块 sheet of an older export has 编号 | 名称 only, and no archived section."""
    before = _shape(db)
    path = B.export_template(db, tmp_path / "旧模板.xlsx")
    wb = openpyxl.load_workbook(path)
    gone = {s.name for s in archived.sections if s.archived}
    types_gone = {t.name for s in archived.sections if s.archived for t in s.types}
    wb["板块"].delete_cols(3)
    for sheet, column, names in (("板块", 1, gone), ("活动类型", 1, gone), ("指标", 1, types_gone)):
        ws = wb[sheet]
        for row in reversed(
            [r[0].row for r in ws.iter_rows(min_row=2) if r[column].value in names]
        ):
            ws.delete_rows(row)
    for row in reversed([r[0].row for r in wb["统计指标"].iter_rows(min_row=2)
                         if r[1].value in gone]):  # fmt: skip
        wb["统计指标"].delete_rows(row)
    wb.save(path)
    book = B.plan_template_import(db, path)
    assert book.ok, book.problems
    # they stay archived, going last as rows that are gone do: nothing else changes
    assert {c.action for c in book.plan.changes} <= {"change"}
    assert all(line.startswith("调整顺序") for line in book.change_lines())
    # a section row of such a workbook, typed in again, brings it back as it did
    wb["板块"].append([None, TALENT])
    wb.save(path)
    book = B.plan_template_import(db, path)
    assert book.ok, book.problems
    assert f"恢复 板块“{TALENT}”" in book.change_lines()
    assert _shape(db) == before


def test_a_wrong_mark_in_the_sections_sheet_is_reported(db, archived, tmp_path):
    before = _shape(db)
    path = B.export_template(db, tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    row = _row(wb["板块"], 1, TALENT)
    row[2].value = "停"
    wb.save(path)
    book = B.plan_template_import(db, path)
    (problem,) = book.problems
    assert f"工作表“板块”第 {row[0].row} 行“停用”列" in problem and "停" in problem
    assert _shape(db) == before


def test_records_of_an_archived_section_reach_a_township_that_took_the_workbook(
    db, archived, tmp_path
):
    """The county's package holds records of 区域合作交流 (its section archived since): a
    township with the county's workbook takes them, and the ledger counts them."""
    from core import exchange

    package = exchange.export_package(db, tmp_path / "县.tzpkg", everything=True).path
    township = open_bureau(tmp_path / "乡镇.db", create=True)
    try:
        book = B.plan_template_import(township, B.export_template(db, tmp_path / "县模板.xlsx"))
        B.import_template(township, book)
        result = exchange.import_package(township, exchange.read_package(package), tmp_path / "b")
        assert result.counts["new"] == 4
        theirs = load_template(township)
        query = A.ActivityQuery(type_ids=(theirs.type_by_name(NEW_TYPE).id,))
        assert A.count_activities(township, query) == 1
    finally:
        township.close()

"""The template workbook: its sheets and columns (a contract), the round trip, edits made
in a spreadsheet program, and every problem reported with nothing changed."""

import datetime as dt

import openpyxl
import pytest

from core import activities as A
from core import template_book as B
from core import template_edit as E
from core.bureau_file import open_bureau
from core.cli import main
from core.errors import TaizhangError
from core.ledger import compute_ledger
from core.periods import parse_period
from core.sample_data import generate_activities
from core.template import load_template


@pytest.fixture
def records(db, template):
    data = generate_activities(template, 800, dt.date(2026, 1, 1), dt.date(2026, 6, 30), seed=3)
    return A.add_activities(db, data)


@pytest.fixture
def book_path(db, tmp_path):
    return B.export_template(db, tmp_path / "模板.xlsx")


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _delete_rows(ws, column, *names):
    """Take out the rows whose cell in ``column`` (0 = A) holds one of ``names``, as a
    clerk deletes rows in Excel (from the bottom, so the row numbers hold)."""
    rows = [r[0].row for r in ws.iter_rows(min_row=2) if r[column].value in names]
    for row in reversed(rows):
        ws.delete_rows(row)


def _shape(db):
    return E.as_dict(E.spec_of(load_template(db)))


def test_sheets_and_columns_are_the_contract(book_path, template):
    wb = openpyxl.load_workbook(book_path)
    assert wb.sheetnames == ["说明", "板块", "活动类型", "指标", "统计指标"]
    assert _rows(wb["板块"])[0] == ["编号", "名称", "停用"]
    assert _rows(wb["活动类型"])[0] == [
        "编号",
        "板块",
        "名称",
        "计数单位",
        "计数方式",
        "分项统计",
        "停用",
    ]
    assert _rows(wb["指标"])[0] == [
        "编号",
        "活动类型",
        "名称",
        "单位",
        "类型",
        "选项",
        "必填",
        "停用",
    ]
    sections = _rows(wb["板块"])[1:]
    assert [r[1] for r in sections] == [s.name for s in template.sections]
    types = {r[2]: r for r in _rows(wb["活动类型"])[1:]}
    assert types["高新技术企业认定"][1:] == [
        "二、创新主体培育",
        "高新技术企业认定",
        "家",
        None,
        "认定类别",
        None,
    ]
    assert types["科技特派员派驻"][4] == "人数"
    assert types["专利统计"][3] == "无"
    fields = [r for r in _rows(wb["指标"])[1:] if r[1] == "项目申报"]
    assert [r[2:6] for r in fields] == [
        ["级别", None, "选项", "国家级、省级、市级、县级"],
        ["申请资金", "万元", "小数", None],
    ]
    assert types["项目申报"][0] == template.type_by_name("项目申报").uid
    assert _rows(wb["统计指标"])[0] == ["编号", "板块", "名称", "单位", "汇总方式", "停用"]
    standing = {r[2]: r for r in _rows(wb["统计指标"])[1:]}
    assert standing["高新技术企业总数"][1:] == ["二、创新主体培育", "高新技术企业总数", "家",
                                          "期末", None]  # fmt: skip
    assert standing["技术合同成交额"][4] == "累计"
    hightech = template.sections[1].indicators[0]
    assert standing["高新技术企业总数"][0] == hightech.uid and hightech.uid.startswith("I-")
    # every header explains itself, and 说明 explains every column
    for name in ("板块", "活动类型", "指标", "统计指标"):
        assert all(cell.comment and cell.comment.text for cell in wb[name][1])
    # printed as LibreOffice showed it should be: one page wide, the header on every page
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["指标"].print_title_rows == "$1:$1"
    assert all("&A" in ws.oddHeader.center.text for ws in wb.worksheets)  # names its sheet
    assert wb["统计指标"]["E2"].alignment.horizontal == "center"
    guide = " ".join(str(v) for r in _rows(wb["说明"]) for v in r if v)
    for column in ("计数方式", "分项统计", "停用", "必填", "编号", "汇总方式", "累计", "期末"):
        assert column in guide


def _width(text):
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def test_wrapped_text_gets_a_row_tall_enough_for_its_lines(book_path):
    """LibreOffice keeps the default height of an imported row: the options of 平台类型,
    wrapped in the column 选项, drew over the next row. Each row is as tall as its longest
    text needs (11 pt 宋体: a Chinese character takes two units of the column's width)."""
    book = openpyxl.load_workbook(book_path)
    for ws in (book[name] for name in (B.SECTIONS, B.TYPES, B.FIELDS, B.INDICATORS)):
        widths = {letter: dimension.width for letter, dimension in ws.column_dimensions.items()}
        for row in ws.iter_rows(min_row=2):
            lines = max(
                -(-_width(str(cell.value)) // int(widths[cell.column_letter] - 2))
                for cell in row
                if cell.value
            )
            height = ws.row_dimensions[row[0].row].height
            assert height is not None and height >= 14 * lines, (ws.title, row[2].value)
    fields = book[B.FIELDS]
    platform = next(r for r in fields.iter_rows(min_row=2) if r[2].value == "平台类型")
    assert fields.row_dimensions[platform[0].row].height >= 2 * 14  # two lines at least


def test_drop_down_lists(book_path):
    wb = openpyxl.load_workbook(book_path)

    def lists(ws):
        return {
            str(v.sqref).split(":")[0]: v.formula1
            for v in ws.data_validations.dataValidation
            if v.type == "list"
        }

    types, fields = lists(wb["活动类型"]), lists(wb["指标"])
    standing = lists(wb["统计指标"])
    assert standing["E2"] == '"累计,期末"' and standing["F2"] == '"是"'
    assert standing["B2"] == "'板块'!$B$2:$B$1000"
    assert types["D2"] == '"期,场,次,项,家,件,个,人,条,篇,户,批,份,无"'
    assert types["G2"] == '"是"' and fields["G2"] == '"是"' and fields["H2"] == '"是"'
    assert fields["E2"] == '"整数,小数,文字,选项"'
    assert types["B2"] == "'板块'!$B$2:$B$1000"
    assert fields["B2"] == "'活动类型'!$C$2:$C$1000"


def test_export_then_import_unchanged_changes_nothing(db, records, book_path):
    before = _shape(db)
    book = B.plan_template_import(db, book_path)
    assert book.ok and book.plan.changes == []
    B.import_template(db, book)
    assert _shape(db) == before and E.template_history(db) == []


def test_edits_made_in_a_spreadsheet(db, template, records, book_path):
    period = parse_period("2026Q1")
    before = compute_ledger(db, template, period).figures
    lecture = template.type_by_name("科普讲座")
    unused = template.type_by_name("技术难题征集")
    A.purge_activities(db, [a.id for a in records if a.type_id == unused.id])
    before = compute_ledger(db, template, period).figures
    wb = openpyxl.load_workbook(book_path)
    types = wb["活动类型"]
    for row in types.iter_rows(min_row=2):
        if row[2].value == "科普讲座":
            row[2].value = "科普报告会"  # a rename: same 编号
    # a new type with two fields, counted by one and broken down by the other
    types.append([None, "十、机关建设", "党建活动", "次", "参加人数", "形式", None])
    fields = wb["指标"]
    fields.append([None, "党建活动", "参加人数", "人", "整数", None, None, None])
    fields.append([None, "党建活动", "形式", None, "选项", "集中学习/主题党日", "是", None])
    # a used type and an unused one taken out
    _delete_rows(types, 2, "座谈会", "技术难题征集")
    _delete_rows(fields, 1, "座谈会")
    wb.save(book_path)

    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    counts = book.plan.counts()
    unused = template.type_by_name("技术难题征集")
    used = template.type_by_name("座谈会")
    assert A.count_activities(db, A.ActivityQuery(type_ids=(unused.id,))) == 0
    assert A.count_activities(db, A.ActivityQuery(type_ids=(used.id,))) > 0
    assert (counts["added"], counts["renamed"], counts["deleted"]) == (3, 1, 1)
    assert counts["archived"] == 1  # 座谈会 keeps its fields as they were
    B.import_template(db, book)

    after = load_template(db)
    assert after.type(lecture.id).name == "科普报告会"
    assert after.type(used.id).archived and unused.id not in after.types_by_id
    party = after.type_by_name("党建活动")
    assert party.counting_field.label == "参加人数" and party.breakdown_field.label == "形式"
    assert party.breakdown_field.options == ("集中学习", "主题党日")
    assert party.breakdown_field.required
    # no figure changed: only the renamed type's name, and the new type's rows of 0
    renamed = {"科普讲座": "科普报告会"}
    figures = compute_ledger(db, after, period).figures
    old = [(renamed.get(f.type_name, f.type_name), f.indicator, f.current) for f in before]
    old = [row for row in old if row[0] != "技术难题征集"]
    new = [(f.type_name, f.indicator, f.current) for f in figures if f.type_name != "党建活动"]
    assert sorted(new) == sorted(old)  # 座谈会, archived, moved to the end of its section
    assert [row[0] for row in new if row[0] in ("座谈会", "科技成果转化")][-1] == "座谈会"
    assert [(f.indicator, f.current) for f in figures if f.type_name == "党建活动"] == [
        ("参加人数", 0), ("其中：集中学习", 0), ("其中：主题党日", 0),
    ]  # fmt: skip
    # and the workbook written now comes back unchanged
    again = B.export_template(db, book_path)
    assert B.plan_template_import(db, again).plan.changes == []


def test_every_problem_is_reported_and_nothing_changes(db, template, records, book_path):
    before = _shape(db)
    wb = openpyxl.load_workbook(book_path)
    types, fields = wb["活动类型"], wb["指标"]
    types.append([None, "没有这个板块", "新类型", "项", None, None, None])
    types.append([None, "十、机关建设", "学习会议", "次", None, None, None])  # a second 学习会议
    types["G2"] = "停"
    wb["板块"]["A3"] = types["A3"].value  # a type's id pasted into the sheet of sections
    fields.append([None, "项目申报", "评审", None, "数字", None, None, None])
    fields.append([None, "不存在的类型", "甲", "人", "整数", None, None, None])
    for row in fields.iter_rows(min_row=2):
        if row[1].value == "科技培训班" and row[2].value == "参训人次":
            row[4].value = "文字"  # records hold numbers
    wb.save(book_path)

    book = B.plan_template_import(db, book_path)
    text = "\n".join(book.problems)
    assert not book.ok
    expected = [
        ("活动类型", "板块", "没有这个板块"),
        ("活动类型", "停用", "停"),
        ("板块", "编号", "不属于这张表"),
        ("指标", "类型", "数字"),
        ("指标", "活动类型", "不存在的类型"),
        ("活动类型", "名称", "学习会议"),
        ("指标", "类型", "参训人次"),
    ]
    for sheet, column, word in expected:
        assert any(
            f"工作表“{sheet}”" in p and f"“{column}”列" in p and word in p for p in book.problems
        ), (sheet, column, text)
    assert len(book.problems) == len(expected), text
    assert "条记录" in text
    with pytest.raises(TaizhangError):
        B.import_template(db, book)
    assert _shape(db) == before


def test_a_township_gets_the_countys_ids(db, template, tmp_path):
    spec = E.spec_of(template)
    spec[-1].types.append(E.TypeSpec("", "科技成果登记", "项"))
    E.change_template(db, spec)
    county = load_template(db)
    path = B.export_template(db, tmp_path / "县模板.xlsx")
    township = open_bureau(tmp_path / "乡镇.db", create=True)
    try:
        book = B.plan_template_import(township, path)
        assert book.ok, book.problems
        assert book.plan.counts()["added"] == 1
        B.import_template(township, book)
        theirs = load_template(township)
    finally:
        township.close()
    assert [(t.uid, t.name) for t in theirs.types] == [(t.uid, t.name) for t in county.types]
    assert theirs.type_by_name("科技成果登记").uid == county.type_by_name("科技成果登记").uid


def test_not_a_workbook_and_missing_sheets(db, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(TaizhangError) as caught:
        B.plan_template_import(db, bad)
    assert "不是有效的 .xlsx" in str(caught.value)
    wb = openpyxl.Workbook()
    wb.active.title = "板块"
    wb.active.append(["编号", "名字"])
    wb.save(tmp_path / "缺.xlsx")
    book = B.plan_template_import(db, tmp_path / "缺.xlsx")
    text = "\n".join(book.problems)
    assert "缺少工作表“活动类型”" in text and "缺少工作表“指标”" in text
    assert "名称" in text  # the header of 板块 lacks 名称


def test_cli_template_export_and_import(tmp_path, capsys, data_dir):
    db = tmp_path / "c.db"
    out = tmp_path / "模板.xlsx"
    assert main(["--db", str(db), "settings", "--unit", "某县科技局"]) == 0  # makes the file
    assert main(["--db", str(db), "template", "export", "--out", str(out)]) == 0
    assert main(["--db", str(db), "template", "import", str(out), "--dry-run"]) == 0
    assert "模板没有变化" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    wb["板块"]["B2"] = "一、科技项目管理"
    wb.save(out)
    assert main(["--db", str(db), "template", "import", str(out), "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "改名 板块“一、科技项目” → “一、科技项目管理”" in said and "改名 1 项" in said
    assert main(["--db", str(db), "template", "import", str(out)]) == 0
    assert "模板已更新" in capsys.readouterr().out
    assert list((data_dir / "backups").glob("c_*_import_*.db"))
    wb["指标"]["E2"] = "数字"
    wb.save(out)
    assert main(["--db", str(db), "template", "import", str(out)]) == 1
    err = capsys.readouterr().err
    assert "工作表“指标”第 2 行“类型”列" in err and "未做任何修改" in err


# --- 统计指标 (standing indicators) -------------------------------------------------------


def _indicators(db):
    from core.indicators import load_indicators

    return {i.uid: i for i in load_indicators(db)}


def _report(db, name, code, value):
    from core.indicators import indicator_by_name, set_value

    set_value(db, indicator_by_name(db, name).id, parse_period(code), value)


def _standing_rows(ws):
    return {r[0].value: r for r in ws.iter_rows(min_row=2) if r[2].value}


def test_indicators_round_trip_with_values(db, records, book_path):
    _report(db, "高新技术企业总数", "2026Q1", 35)
    before = _shape(db)
    book = B.plan_template_import(db, B.export_template(db, book_path))
    assert book.ok and book.plan.changes == []
    assert _shape(db) == before


def test_indicators_edited_in_a_spreadsheet(db, template, book_path):
    _report(db, "高新技术企业总数", "2026Q1", 35)
    _report(db, "高新技术企业总数", "2026Q2", 39)
    _report(db, "技术合同成交额", "2026Q1", 1200)
    stored = {i.name: i for i in _indicators(db).values()}
    wb = openpyxl.load_workbook(book_path)
    ws = wb["统计指标"]
    rows = {r[2].value: r for r in ws.iter_rows(min_row=2) if r[2].value}
    rows["高新技术企业总数"][2].value = "国家高新技术企业总数"  # a rename: same 编号
    rows["技术合同成交额"][1].value = "一、科技项目"  # moved to another section
    # gone: one with values (archived), one without (deleted)
    for name in ("科技支出", "科技型中小企业总数"):
        ws.delete_rows(rows[name][0].row)
        rows = {r[2].value: r for r in ws.iter_rows(min_row=2) if r[2].value}
    ws.append([None, "五、知识产权", "有效发明专利数", "件", "期末", None])  # new
    wb.save(book_path)
    _report(db, "科技支出", "2026-01", 80)  # 科技支出 has a value: archived, not deleted

    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    counts = book.plan.counts()
    assert (counts["added"], counts["renamed"], counts["archived"], counts["deleted"]) == (
        1, 1, 1, 1
    )  # fmt: skip
    assert counts["changed"] == 1  # the move
    lines = book.change_lines()
    assert "改名 统计指标“高新技术企业总数” → “国家高新技术企业总数”" in lines
    assert "新增 统计指标“有效发明专利数”" in lines
    assert "删除 统计指标“科技型中小企业总数”" in lines
    assert "停用 统计指标“科技支出”" in lines
    B.import_template(db, book)

    after = {i.uid: i for i in _indicators(db).values()}
    hightech = after[stored["高新技术企业总数"].uid]
    assert hightech.id == stored["高新技术企业总数"].id and hightech.name == "国家高新技术企业总数"
    contract = after[stored["技术合同成交额"].uid]
    assert contract.section_id == load_template(db).sections[0].id
    assert after[stored["科技支出"].uid].archived
    assert stored["科技型中小企业总数"].uid not in after
    new = next(i for i in after.values() if i.name == "有效发明专利数")
    assert new.uid.startswith("I-") and new.aggregation == "last" and new.unit == "件"
    # the values stay with their indicators: the year's figures computed here
    from core.indicators import year_table

    figures = {r.indicator.name: r.year_figure for r in year_table(db, 2026)}
    assert figures["国家高新技术企业总数"] == 39  # 期末: the latest
    assert figures["技术合同成交额"] == 1200 and figures["科技支出"] == 80
    history = [e for e in E.template_history(db) if e.item == "indicator"]
    assert {e.action for e in history} == {"add", "change", "archive", "delete"}
    # and the workbook written now comes back unchanged
    again = B.export_template(db, book_path)
    assert B.plan_template_import(db, again).plan.changes == []


def test_aggregation_change_is_refused_while_values_exist(db, book_path):
    _report(db, "高新技术企业总数", "2026-01", 35)
    _report(db, "高新技术企业总数", "2026-02", 36)
    before = _shape(db)
    wb = openpyxl.load_workbook(book_path)
    rows = {r[2].value: r for r in wb["统计指标"].iter_rows(min_row=2) if r[2].value}
    rows["高新技术企业总数"][4].value = "累计"
    rows["技术合同成交额"][4].value = "期末"  # no values yet: allowed
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert not book.ok
    assert len(book.problems) == 1, book.problems
    problem = book.problems[0]
    assert f"工作表“统计指标”第 {rows['高新技术企业总数'][0].row} 行“汇总方式”列" in problem
    assert "已填报 2 个数值" in problem and "“期末”改为“累计”" in problem
    with pytest.raises(TaizhangError):
        B.import_template(db, book)
    assert _shape(db) == before
    # without the refused row, the other change goes through
    rows["高新技术企业总数"][4].value = "期末"
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.ok and book.plan.counts()["changed"] == 1
    B.import_template(db, book)
    assert next(i for i in _indicators(db).values() if i.name == "技术合同成交额").aggregation == (
        "last"
    )


def test_every_indicator_problem_is_reported_and_nothing_changes(db, book_path):
    before = _shape(db)
    wb = openpyxl.load_workbook(book_path)
    ws = wb["统计指标"]
    ws.append([None, "没有这个板块", "甲", "个", "累计", None])
    ws.append([None, "五、知识产权", "高新技术企业总数", "家", "期末", None])  # a second one
    ws.append([None, "五、知识产权", "乙", "个", "平均", None])
    ws.append([wb["活动类型"]["A2"].value, "五、知识产权", "丙", "个", "累计", "停"])
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    text = "\n".join(book.problems)
    expected = [
        ("板块", "没有这个板块"),
        ("名称", "高新技术企业总数"),
        ("汇总方式", "平均"),
        ("编号", "不属于这张表"),
        ("停用", "停"),
    ]
    for column, word in expected:
        assert any(
            "工作表“统计指标”" in p and f"“{column}”列" in p and word in p for p in book.problems
        ), (column, text)
    assert len(book.problems) == len(expected), text
    assert _shape(db) == before


def test_a_workbook_without_the_indicator_sheet_keeps_the_indicators(db, book_path):
    before = _shape(db)
    wb = openpyxl.load_workbook(book_path)
    del wb["统计指标"]
    wb["板块"]["B2"] = "一、科技项目管理"
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    assert [c.item for c in book.plan.changes] == ["section"]
    B.import_template(db, book)
    after = _shape(db)
    assert [s["indicators"] for s in after] == [s["indicators"] for s in before]


def test_a_township_gets_the_countys_indicator_ids(db, tmp_path):
    spec = E.spec_of(load_template(db))
    spec[4].indicators.append(E.IndicatorSpec("", "有效发明专利数", "件", "last"))
    E.change_template(db, spec)
    county = _indicators(db)
    path = B.export_template(db, tmp_path / "县模板.xlsx")
    township = open_bureau(tmp_path / "乡镇.db", create=True)
    try:
        # the default indicators already share their ids (derived from their names)
        assert set(_indicators(township)) == set(county) - {
            i.uid for i in county.values() if i.name == "有效发明专利数"
        }
        book = B.plan_template_import(township, path)
        assert book.ok and book.plan.counts()["added"] == 1
        B.import_template(township, book)
        theirs = _indicators(township)
    finally:
        township.close()
    assert {u: (i.name, i.aggregation) for u, i in theirs.items()} == {
        u: (i.name, i.aggregation) for u, i in county.items()
    }


def test_cli_dry_run_counts_indicators(tmp_path, capsys, data_dir):
    db = tmp_path / "c.db"
    out = tmp_path / "模板.xlsx"
    assert main(["--db", str(db), "settings", "--unit", "某县科技局"]) == 0  # makes the file
    assert main(["--db", str(db), "template", "export", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    wb["统计指标"].append([None, "五、知识产权", "有效发明专利数", "件", "期末", None])
    wb["统计指标"]["C2"] = "科技经费支出"
    wb.save(out)
    capsys.readouterr()
    assert main(["--db", str(db), "template", "import", str(out), "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "新增 统计指标“有效发明专利数”" in said
    assert "改名 统计指标“科技支出” → “科技经费支出”" in said
    assert "试运行" in said and "新增 1 项，改名 1 项" in said


def test_the_editors_own_words_are_read_back_from_the_workbook(db, template, book_path):
    """UI audit finding 15: the template editor shows 计数方式 “每条记录计 1” and 分项统计
    “不分项”; typed into the workbook, 不分项 was refused as the name of a field."""
    split = next(t for t in template.types if t.breakdown_field is not None)
    wb = openpyxl.load_workbook(book_path)
    types = wb["活动类型"]
    for row in types.iter_rows(min_row=2):
        if row[2].value == split.name:
            row[5].value = "不分项"  # its breakdown taken away, in the editor's word
    types.append([None, "八、科普宣传与培训", "青少年科技创新大赛", "次", "每条记录计 1", "不分项",
                  None])  # fmt: skip
    wb.save(book_path)

    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    B.import_template(db, book)
    after = load_template(db)
    assert after.type(split.id).breakdown_field is None
    contest = after.type_by_name("青少年科技创新大赛")
    assert contest.counting_field is None and contest.breakdown_field is None
    assert contest.count_unit == "次"


def test_names_keep_their_spaces_through_the_workbook(db, template, tmp_path):
    """A section named 一、科技　项目 (a full-width space) in the editor came back from its
    own workbook as 一、科技 项目: a rename nobody made, and the ledger's sheets renamed."""
    spec = E.spec_of(template)
    spec[0].name = "一、科技　项目"
    spec[0].types[0].name = "项目  申报𠮷"
    E.change_template(db, spec)
    path = B.export_template(db, tmp_path / "模板.xlsx")
    book = B.plan_template_import(db, path)
    assert book.ok and book.plan.changes == []
    assert load_template(db).sections[0].name == "一、科技　项目"


def test_a_name_that_looks_like_a_formula_stays_text_when_edited(db, template, tmp_path):
    """=危险类型 was written as text but without Excel's text mark: edited in Excel or WPS,
    the cell became a formula."""
    spec = E.spec_of(template)
    spec[0].types[0].name = "=危险类型"
    E.change_template(db, spec)
    book = openpyxl.load_workbook(B.export_template(db, tmp_path / "模板.xlsx"))
    [cell] = [c for row in book["活动类型"].iter_rows() for c in row if c.value == "=危险类型"]
    assert cell.data_type == "s" and cell.quotePrefix


def _rewrite(ws, rows):
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            ws.cell(r, c).value = value


def test_only_what_the_clerk_changed_is_said_changed(db, template, book_path):
    """Moving one type to another section shifts the places of its new and old neighbours:
    that is no change of theirs. Three edits were said as 修改 6 项 (two neighbours in each
    section); a deleted type made every type after it 修改 too."""
    wb = openpyxl.load_workbook(book_path)
    types, fields = wb["活动类型"], wb["指标"]
    for row in types.iter_rows(min_row=2):
        if row[2].value == "项目立项":
            row[1].value = "二、创新主体培育"  # moved to another section
    for row in fields.iter_rows(min_row=2):
        if (row[1].value, row[2].value) == ("项目申报", "申请资金"):
            row[3].value = "元"
        if (row[1].value, row[2].value) == ("项目申报", "级别"):
            row[5].value = "国家级、省级、市级"
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    assert book.change_lines() == [
        "修改 指标“项目申报 / 级别”：选项 国家级、省级、市级、县级 → 国家级、省级、市级",
        "修改 指标“项目申报 / 申请资金”：单位 万元 → 元",
        "修改 活动类型“项目立项”：板块 一、科技项目 → 二、创新主体培育",
    ]
    assert book.plan.counts()["changed"] == 3
    B.import_template(db, book)
    after = load_template(db)
    moved = after.type_by_name("项目立项")
    section = next(s for s in after.sections if s.name == "二、创新主体培育")
    assert [t.name for t in section.types][0] == "项目立项"  # its row stands above theirs
    assert moved.id == template.type_by_name("项目立项").id
    assert B.plan_template_import(db, B.export_template(db, book_path)).plan.changes == []


def test_a_row_moved_up_is_the_one_change(db, template, book_path):
    wb = openpyxl.load_workbook(book_path)
    types = wb["活动类型"]
    rows = [list(r) for r in types.iter_rows(min_row=2, values_only=True)]
    names = [r[2] for r in rows]
    section = rows[names.index("科普讲座")][1]
    mine = [r for r in rows if r[1] == section]
    assert len(mine) >= 4  # a section with room to move in
    moved = mine[-1]
    rows.remove(moved)
    rows.insert(rows.index(mine[0]), moved)  # the last type of the section made its first
    _rewrite(types, rows)
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.change_lines() == [f"调整顺序 活动类型“{moved[2]}”"]
    B.import_template(db, book)
    after = next(s for s in load_template(db).sections if s.name == section)
    assert [t.name for t in after.types] == [moved[2]] + [r[2] for r in mine[:-1]]


def test_a_deleted_type_leaves_its_neighbours_unchanged(db, template, book_path):
    wb = openpyxl.load_workbook(book_path)
    types = wb["活动类型"]
    first = next(r for r in types.iter_rows(min_row=2) if r[2].value == "项目申报")
    types.delete_rows(first[0].row)
    _delete_rows(wb["指标"], 1, "项目申报")
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    assert book.plan.counts()["changed"] == 0
    assert [line for line in book.change_lines() if line.startswith("修改")] == []


def test_each_change_says_its_columns_as_the_workbook_words_them(db, template, book_path):
    wb = openpyxl.load_workbook(book_path)
    for row in wb["活动类型"].iter_rows(min_row=2):
        if row[2].value == "科技培训班":
            row[3].value, row[4].value = "次", "参训人次"
    for row in wb["指标"].iter_rows(min_row=2):
        if (row[1].value, row[2].value) == ("科技培训班", "发放资料"):
            row[4].value, row[6].value = "小数", "是"
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    assert book.change_lines() == [
        "修改 活动类型“科技培训班”：计数单位 期 → 次；计数方式 每条记录计1 → 参训人次",
        "修改 指标“科技培训班 / 发放资料”：类型 整数 → 小数；必填 否 → 是",
    ]


def test_escape_like_names_and_excels_escapes_through_the_workbook(db, template, tmp_path):
    """A name holding the text _x0041_ is written as Excel writes it (_x005F_x0041_: Excel
    shows an unescaped one as ``A``), and the escapes Excel writes are read as the text."""
    import zipfile

    spec = E.spec_of(template)
    spec[0].types[0].name = "_x0041_申报"
    E.change_template(db, spec)
    path = B.export_template(db, tmp_path / "模板.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = {n: archive.read(n) for n in archive.namelist()}
    assert any("_x005F_x0041_申报".encode() in data for data in sheets.values())
    assert B.plan_template_import(db, path).plan.changes == []

    # As Excel may write a name: 科普讲座 with one character escaped.
    escaped = tmp_path / "Excel.xlsx"
    with zipfile.ZipFile(escaped, "w") as archive:
        for name, data in sheets.items():
            archive.writestr(name, data.replace("科普讲座".encode(), "科普_x8BB2_座".encode()))
    book = B.plan_template_import(db, escaped)
    assert book.ok and book.plan.changes == []


def _add_rows(path, section, type_name, field_label):
    """A new section with a type and a field, typed in without 编号 (as a clerk adds rows)."""
    wb = openpyxl.load_workbook(path)
    wb["板块"].append([None, section])
    wb["活动类型"].append([None, section, type_name, "次", None, None, None])
    wb["指标"].append([None, type_name, field_label, "条", "整数", None, None, None])
    wb.save(path)


def test_the_same_workbook_imported_twice_adds_nothing_the_second_time(db, template, tmp_path):
    """Rows added without 编号 were added again by each import of the same workbook: two
    sections 一、履职尽责 (the first one archived with its records) and two active types."""
    path = B.export_template(db, tmp_path / "模板.xlsx")
    _add_rows(path, "十二、履职尽责", "意见建议征集", "意见建议")
    first = B.plan_template_import(db, path)
    assert first.plan.counts()["added"] == 3
    B.import_template(db, first)
    t = load_template(db).type_by_name("意见建议征集")
    draft = {"type_id": t.id, "date": "2026-02-01", "title": "征集",
             "values": {t.field_by_label("意见建议").id: 32}}  # fmt: skip
    A.add_activity(db, A.validate_activity(load_template(db), draft))
    again = B.plan_template_import(db, path)  # the same file, its new rows still without 编号
    assert again.ok and again.plan.changes == [], again.change_lines()
    assert [s.name for s in load_template(db).sections].count("十二、履职尽责") == 1


def test_a_row_typed_again_under_an_archived_name_brings_that_item_back(db, template, tmp_path):
    """A used type taken out of the sheet is archived; typed in again by name (no 编号) it
    was a second type of that name, and `add --type` then picked the archived one."""
    meeting = template.type_by_name("学习会议")
    draft = {"type_id": meeting.id, "date": "2026-02-01", "title": "学习"}
    A.add_activity(db, A.validate_activity(template, draft))
    path = B.export_template(db, tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    types = wb["活动类型"]
    row = next(r for r in types.iter_rows(min_row=2) if r[2].value == "学习会议")
    kept = [c.value for c in row]
    types.delete_rows(row[0].row)
    fields = wb["指标"]
    its_fields = [
        [c.value for c in r] for r in fields.iter_rows(min_row=2) if r[1].value == "学习会议"
    ]
    _delete_rows(fields, 1, "学习会议")
    wb.save(path)
    B.import_template(db, B.plan_template_import(db, path))
    assert load_template(db).type(meeting.id).archived
    wb = openpyxl.load_workbook(path)
    wb["活动类型"].append([None, *kept[1:]])  # typed in again, at the end, without 编号
    for f in its_fields:
        wb["指标"].append([None, *f[1:]])
    wb.save(path)
    book = B.plan_template_import(db, path)
    assert book.ok, book.problems
    assert book.change_lines() == ["恢复 活动类型“学习会议”"]
    B.import_template(db, book)
    after = load_template(db)
    assert [t.id for t in after.types if t.name == "学习会议"] == [meeting.id]
    assert not after.type(meeting.id).archived


TYPED_OPTIONS = ["政企座谈，校企座谈，其他", "政企座谈, 校企座谈,其他", "政企座谈；校企座谈;其他"]


@pytest.mark.parametrize("typed", TYPED_OPTIONS)
def test_options_typed_with_commas_semicolons_or_line_breaks_are_each_an_option(
    db, book_path, typed
):
    """“政企座谈，校企座谈，其他” was one option, and the clerk could then enter none of them."""
    wb = openpyxl.load_workbook(book_path)
    wb["活动类型"].append([None, "十、机关建设", "座谈交流", "次", None, None, None])
    wb["指标"].append([None, "座谈交流", "会议类型", None, "选项", typed, None, None])
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    B.import_template(db, book)
    kind = load_template(db).type_by_name("座谈交流").field_by_label("会议类型")
    assert kind.options == ("政企座谈", "校企座谈", "其他")


def test_lines_name_what_goes_and_what_is_renamed_in_full(db, template, book_path):
    """A type moved out of a section that goes said “板块 S-f76763df58 → …”; the fields of a
    deleted type were said without it (删除 指标“参训人次”, when 科技培训班 keeps its own);
    a field's rename put its type on the new name only."""
    wb = openpyxl.load_workbook(book_path)
    sections, types, fields = wb["板块"], wb["活动类型"], wb["指标"]
    gone = next(r for r in sections.iter_rows(min_row=2) if r[1].value == "十、机关建设")
    sections.delete_rows(gone[0].row)
    for row in types.iter_rows(min_row=2):
        if row[1].value == "十、机关建设":
            row[1].value = "九、防震减灾"  # its type moves out first
    for row in fields.iter_rows(min_row=2):
        if (row[1].value, row[2].value) == ("科普讲座", "听众人次"):
            row[2].value = "听讲人次"
    dropped = "新品种新技术示范"
    _delete_rows(types, 2, dropped)
    labels = [r[2].value for r in fields.iter_rows(min_row=2) if r[1].value == dropped]
    _delete_rows(fields, 1, dropped)
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    lines = book.change_lines()
    assert "修改 活动类型“学习会议”：板块 十、机关建设 → 九、防震减灾" in lines
    assert "删除 板块“十、机关建设”" in lines
    assert "改名 指标“科普讲座 / 听众人次” → “听讲人次”" in lines
    assert labels and all(f"删除 指标“{dropped} / {label}”" in lines for label in labels)
    assert not any("S-" in line or "T-" in line or "F-" in line for line in lines)


def test_small_things_a_clerk_does_to_the_workbook(db, template, book_path):
    """A sheet renamed “指标 ” by hand was a missing sheet; 条 (意见建议 32 条) was no count
    unit; a copied row's 编号 was said twice without saying what to do."""
    wb = openpyxl.load_workbook(book_path)
    wb["指标"].title = "指标 "
    types = wb["活动类型"]
    copied = [c.value for c in next(types.iter_rows(min_row=2))]
    types.append([None, "十、机关建设", "意见建议征集", "条", None, None, None])
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    B.import_template(db, book)
    assert load_template(db).type_by_name("意见建议征集").count_unit == "条"
    types.append([copied[0], "十、机关建设", "复制的类型", "次", None, None, None])
    wb.save(book_path)
    (problem,) = B.plan_template_import(db, book_path).problems
    assert "出现了不止一次" in problem and "复制来的行请清空“编号”" in problem


def test_an_archived_section_says_the_types_it_keeps(db, template, book_path):
    """Only 停用 板块 was said; nothing told that its types (an unused one too) stay with it."""
    talent = template.type_by_name("人才引进")
    draft = {"type_id": talent.id, "date": "2025-05-01", "title": "引进"}
    A.add_activity(db, A.validate_activity(template, draft))
    wb = openpyxl.load_workbook(book_path)
    section = "六、人才与科技特派员"
    _delete_rows(wb["板块"], 1, section)
    _delete_rows(wb["活动类型"], 1, section)
    _delete_rows(wb["指标"], 1, "人才引进", "科技特派员派驻")
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.ok, book.problems
    assert book.change_lines() == [
        f"停用 板块“{section}”：仍有记录，其中的活动类型“科技特派员派驻”“人才引进”随之保留，"
        "恢复板块时一同恢复"
    ]


def test_a_counting_field_typed_back_in_is_the_same_field(db, template, book_path):
    """The 人数 row of 人才引进 (its 计数方式) typed back in without 编号 became a second
    人数: the type counted by the new one, the old one archived with the records' 5."""
    talent = template.type_by_name("人才引进")
    people = talent.field_by_label("人数")
    draft = {"type_id": talent.id, "date": "2026-02-01", "title": "引进", "values": {people.id: 5}}
    A.add_activity(db, A.validate_activity(template, draft))
    wb = openpyxl.load_workbook(book_path)
    for row in wb["指标"].iter_rows(min_row=2):
        if (row[1].value, row[2].value) == ("人才引进", "人数"):
            row[0].value = None
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert book.ok and book.plan.changes == [], book.change_lines()


def test_an_escaped_lone_half_of_a_pair_in_a_name_is_left_out(db, template, tmp_path):
    """“十、机关_xD800_建设” in a workbook's XML was accepted as a rename, then the import
    ended in a traceback (UnicodeEncodeError): half a UTF-16 pair is no character."""
    import zipfile

    path = B.export_template(db, tmp_path / "a.xlsx")
    bent = tmp_path / "b.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bent, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(
                name, data.replace("十、机关建设".encode(), "十、机关_xD800_建设".encode())
            )
    book = B.plan_template_import(db, bent)
    assert book.ok and book.plan.changes == [], book.change_lines()


@pytest.mark.parametrize("column", ["编号", "名称"])
def test_a_bad_kind_is_said_once_not_again_as_a_change_of_kind(db, records, book_path, column):
    """Tester's F4: 申请资金 set to 类型 大数 gave the right line and then 指标“申请资金”的类型不能
    修改：2 条记录中的值不符合新类型 — there is no new type. The field is known by its 编号,
    or by its name where the 编号 cell was emptied."""
    wb = openpyxl.load_workbook(book_path)
    fields = wb["指标"]
    for row in fields.iter_rows(min_row=2):
        if row[2].value == "申请资金":
            row[4].value = "大数"
            if column == "名称":
                row[0].value = None
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    assert not book.ok
    assert len(book.problems) == 1, book.problems
    [line] = book.problems
    assert "“类型”列" in line and "大数" in line and "不能修改" not in line, book.problems


def test_a_new_field_with_a_bad_kind_is_said_once(db, records, book_path):
    wb = openpyxl.load_workbook(book_path)
    wb["指标"].append([None, "科技培训班", "培训天数", "天", "大数", None, None, None])
    wb.save(book_path)
    book = B.plan_template_import(db, book_path)
    [line] = book.problems
    assert "大数" in line, book.problems

"""The template as a workbook a bureau edits in Excel/WPS and hands to its townships.

Four sheets, each with a header row (the sheet and column names are a contract):

- ``板块``: 编号 | 名称 | 停用
- ``活动类型``: 编号 | 板块 | 名称 | 计数单位 | 计数方式 | 分项统计 | 停用
- ``指标``: 编号 | 活动类型 | 名称 | 单位 | 类型 | 选项 | 必填 | 停用
- ``统计指标``: 编号 | 板块 | 名称 | 单位 | 汇总方式 | 停用  (汇总方式 = 累计 or 期末)

and a ``说明`` sheet for people. Row order is display order; ``编号`` is the stable id
(empty: a new item; the same 编号 under another name: a rename; a row that is gone:
archived, or deleted when no record uses it; 停用 = 是: archived, kept in the workbook).
Archived items are listed with their mark, an archived section with all it holds, so the
workbook comes back unchanged, an item is restored by clearing its mark, and a township
that imports the county's workbook knows every 编号 its records may carry. Reading is all
or nothing: every problem is reported (sheet, row, column, reason) and nothing changes
while there is one. The change itself is made by ``core.template_edit``. A workbook
without ``统计指标`` (made before it existed) leaves the standing indicators as they are;
one whose ``板块`` has no ``停用`` (made before archived sections were listed) reads each
section it lists as in use, as it always did.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import sqlite_utils
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from core import template_edit as edit
from core.errors import TaizhangError
from core.indicators import AGGREGATION_NAMES
from core.messages import text as message
from core.template import COUNT_UNITS, KIND_NAMES, load_template, name_key, split_options
from core.xlsx.cells import looks_like_formula, xml_text
from core.xlsx.layout import height_for_lines, text_lines
from core.xstring import decoded

SECTIONS, TYPES, FIELDS, INDICATORS, NOTES = "板块", "活动类型", "指标", "统计指标", "说明"
SECTION_COLUMNS = ("编号", "名称", "停用")
TYPE_COLUMNS = ("编号", "板块", "名称", "计数单位", "计数方式", "分项统计", "停用")
FIELD_COLUMNS = ("编号", "活动类型", "名称", "单位", "类型", "选项", "必填", "停用")
INDICATOR_COLUMNS = ("编号", "板块", "名称", "单位", "汇总方式", "停用")
AGGREGATION_BY_NAME = {name: key for key, name in AGGREGATION_NAMES.items()}
# Columns a workbook of an older version lacks, read as empty: 板块's 停用 (such a workbook
# left archived sections out, and every section it lists is in use).
OPTIONAL_COLUMNS = {SECTIONS: ("停用",)}
YES = "是"
NO_COUNT = "无"  # 计数单位 of a type whose records are not counted (专利统计)
# What the template editor shows for "no field here", read as an empty cell (spaces aside).
NO_FIELD_WORDS = {"计数方式": {"", "每条记录计1"}, "分项统计": {"", "不分项", "每条记录计1"}}
KIND_BY_NAME = {name: kind for kind, name in KIND_NAMES.items()}
ROWS_WITH_LISTS = 1000  # the drop-down lists reach this far down each sheet
MAX_ROWS = 20_000  # a template sheet longer than this is not a template (bounded memory)

# What each column means, for the header comments and the 说明 sheet.
EXPLAINED = {
    SECTIONS: {
        "编号": "系统编号，请勿修改。新增的板块留空，导入时自动生成",
        "名称": "板块名称，即工作总结中的一节，如“一、科技项目”。改名直接改这里",
        "停用": (
            "填“是”表示停用：其中的活动类型和统计指标随之不再录入，已有记录照常统计；"
            "留空表示在用。停用的板块连同其活动类型、指标仍列在各表中，清空“是”即可恢复"
        ),
    },
    TYPES: {
        "编号": "系统编号，请勿修改。新增的活动类型留空",
        "板块": "所属板块，填“板块”表中的名称",
        "名称": "活动类型名称，整个模板中不能重复",
        "计数单位": "每条记录计一个单位：期/场/次/项/家/件/个/人；留空或填“无”：不计数",
        "计数方式": (
            "留空或填“每条记录计 1”：每条记录计 1；或填本类型的一个整数指标名称（如“人数”），"
            "按该值计数"
        ),
        "分项统计": (
            "留空或填“不分项”：不分项；或填本类型的一个选项指标名称（如“认定类别”），"
            "汇总表按各选项分列“其中：”行"
        ),
        "停用": "填“是”表示停用：不再录入，已有记录照常统计；留空表示在用",
    },
    FIELDS: {
        "编号": "系统编号，请勿修改。新增的指标留空",
        "活动类型": "所属活动类型，填“活动类型”表中的名称",
        "名称": "指标名称，同一活动类型内不能重复",
        "单位": "数值的单位，如 人次、册、万元；文字和选项指标可留空",
        "类型": "整数 / 小数 / 文字 / 选项",
        "选项": "选项指标的各个选项，用“、”“/”“，”或“；”分隔，如 国家级、省级、市级、县级",
        "必填": "填“是”表示录入时必须填写；留空表示可不填",
        "停用": "填“是”表示停用：不再录入，已有记录的数值照常统计；留空表示在用",
    },
    INDICATORS: {
        "编号": "系统编号，请勿修改。新增的统计指标留空",
        "板块": "所属板块，填“板块”表中的名称",
        "名称": "统计指标名称，如“高新技术企业总数”，整个模板中不能重复",
        "单位": "数值的单位，如 家、万元、件",
        "汇总方式": (
            "累计：一段时间内各月（季）的数值相加，如技术合同成交额；"
            "期末：取这段时间内最近一次填报的数值，如高新技术企业总数。已填报数值后不能再改"
        ),
        "停用": "填“是”表示停用：不再填报，已填的数值照常统计；留空表示在用",
    },
}
GUIDE = [
    "本工作簿是台账模板：板块 → 活动类型 → 指标，"
    "另有各板块的统计指标（按月或按季填报的总数、金额）。"
    "可以在 Excel 或 WPS 中修改后导入，"
    "也可以发给乡镇，乡镇导入后与县里使用相同的编号，日后记录可按编号合并。",
    "行的先后顺序就是显示顺序，可以整行剪切、插入来调整。",
    "“编号”由系统生成，请勿修改：编号相同而名称不同，表示改名（已有记录和以前的台账都随之改名）；"
    "编号为空的行是新增的。",
    "删除一行：没有记录使用的项目会被删除；已有记录使用的项目会被停用（不再录入，已有数字照常统计，"
    "以后可以恢复）。",
    "停用的项目也列在表中，“停用”列为“是”，文字为灰色：清空“是”即恢复，填“是”即停用。"
    "停用板块下的活动类型、指标和统计指标随板块一起列出，恢复板块时一同恢复。",
    "已有记录时，指标的类型或选项只能改成与已填数值相容的样子，否则导入会被拒绝，并列出相关记录。",
    "导入时只要有一处问题，就不做任何修改，并列出所有问题（工作表、行、列、原因）。"
    "可以先用“试运行”查看将要发生的变化。",
]


# --- export -----------------------------------------------------------------------------


def export_template(db: sqlite_utils.Database, target: str | Path) -> Path:
    """Write the template workbook to ``target``, whole or not at all."""
    from core import attachments, outputs
    from core.outputs import remove_quietly, write_error  # the one way to fail a write

    # Not over a database, nor into a folder that is not there.
    target = outputs.refuse_database_target(target, protected=[attachments.database_file(db.conn)])
    workbook = build_workbook(load_template(db))
    temporary = target.with_name(f".~taizhang-{secrets.token_hex(6)}.xlsx.partial")
    try:
        try:
            workbook.save(temporary)
        except OSError as error:
            raise write_error(error, target) from error
        try:
            temporary.replace(target)
        except OSError as error:
            raise write_error(error, target, replacing=True) from error
    except BaseException:
        remove_quietly(temporary)
        raise
    return target


def build_workbook(template) -> openpyxl.Workbook:
    spec = edit.spec_of(template)
    workbook = openpyxl.Workbook()
    guide = workbook.active
    guide.title = NOTES
    _write_guide(guide)
    sections = workbook.create_sheet(SECTIONS)
    types = workbook.create_sheet(TYPES)
    fields = workbook.create_sheet(FIELDS)
    standing = workbook.create_sheet(INDICATORS)
    section_rows = [[s.uid, s.name, YES if s.archived else ""] for s in spec]
    _write_sheet(sections, SECTION_COLUMNS, section_rows, (16, 30, 8), [s.archived for s in spec])
    type_rows, field_rows = [], []
    # Greyed: an archived item, and what an archived section or type holds (out of use too).
    types_out, fields_out = [], []
    for s in spec:
        for t in s.types:
            labels = {f.uid: f.label for f in t.fields}
            types_out.append(s.archived or t.archived)
            type_rows.append(
                [
                    t.uid,
                    s.name,
                    t.name,
                    t.count_unit or NO_COUNT,
                    labels.get(t.counted_by, ""),
                    labels.get(t.breakdown_by, ""),
                    YES if t.archived else "",
                ]
            )
            for f in t.fields:
                fields_out.append(s.archived or t.archived or f.archived)
                field_rows.append(
                    [
                        f.uid,
                        t.name,
                        f.label,
                        f.unit,
                        KIND_NAMES[f.kind],
                        "、".join(f.options),
                        YES if f.required else "",
                        YES if f.archived else "",
                    ]
                )
    _write_sheet(types, TYPE_COLUMNS, type_rows, (16, 24, 22, 10, 12, 12, 8), types_out)
    _write_sheet(fields, FIELD_COLUMNS, field_rows, (16, 22, 20, 10, 8, 50, 8, 8), fields_out)
    indicator_rows = [
        [i.uid, s.name, i.name, i.unit, AGGREGATION_NAMES[i.aggregation], YES if i.archived else ""]
        for s in spec
        for i in s.indicators
    ]
    indicators_out = [s.archived or i.archived for s in spec for i in s.indicators]
    _write_sheet(
        standing, INDICATOR_COLUMNS, indicator_rows, (16, 24, 24, 10, 10, 8), indicators_out
    )
    _add_lists(sections, types, fields, standing)
    for ws in workbook.worksheets:
        _set_page(ws, repeat_header=ws is not guide)
    return workbook


def _set_page(ws, repeat_header: bool) -> None:
    """A4 landscape, one page wide, the header row on every page (as LibreOffice showed:
    without it the columns of 活动类型 and 指标 printed on separate pages)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    # A printed page names its sheet: four of them look alike on paper.
    ws.oddHeader.center.text = "台账模板　&A"
    if repeat_header:
        ws.print_title_rows = "1:1"


# Columns of a word or two (是, 期末, 万元), centred as a printed ledger has them.
CENTERED = {"计数单位", "单位", "类型", "必填", "汇总方式", "停用"}
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_ID_FILL = PatternFill("solid", fgColor="EDEDED")
_ID_GREY, _OUT_OF_USE = "808080", "A0A0A0"  # the 编号; the rows of archived items


def _write_sheet(
    ws,
    columns: Sequence[str],
    rows: list[list[str]],
    widths: Sequence[int],
    out_of_use: Sequence[bool],
):
    explained = EXPLAINED[ws.title]
    for index, (name, width) in enumerate(zip(columns, widths, strict=True), 1):
        cell = ws.cell(1, index, name)
        cell.font = Font(name="黑体", bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center")
        comment = Comment(explained[name], "台账")
        comment.width, comment.height = 260, 90
        cell.comment = comment
        ws.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    for r, (row, greyed) in enumerate(zip(rows, out_of_use, strict=True), 2):
        for c, value in enumerate(row, 1):
            cell = ws.cell(r, c, xml_text(value) if isinstance(value, str) else value)
            cell.data_type = "s"  # a name that begins with = stays a name …
            if isinstance(value, str) and looks_like_formula(value):
                cell.quotePrefix = True  # … also once the cell is edited in Excel or WPS
            grey = _OUT_OF_USE if greyed else _ID_GREY if c == 1 else None
            cell.font = Font(name="宋体", color=grey)
            cell.border = _BOX
            short = columns[c - 1] in CENTERED
            cell.alignment = Alignment(
                horizontal="center" if short else None, vertical="center", wrap_text=True
            )
            if c == 1:
                cell.fill = _ID_FILL
        ws.row_dimensions[r].height = _height_of(row, widths)
    ws.freeze_panes = "A2"


def _height_of(row: Sequence[object], widths: Sequence[int]) -> float:
    """Points for the row's longest wrapped text (the options of 平台类型: three lines).

    Set on every row, as the ledger's are (core/xlsx/layout.py): LibreOffice keeps the
    default height of an imported row, and wrapped text drew over the row below.
    """
    lines = max(
        (text_lines(v, w) for v, w in zip(row, widths, strict=True) if isinstance(v, str)),
        default=1,
    )
    return height_for_lines(lines)


GUIDE_WIDTH = 96  # column B of 说明, in character widths (a Chinese character takes two)


def _write_guide(ws) -> None:
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = GUIDE_WIDTH
    title = ws.cell(1, 1, "台账模板使用说明")
    title.font = Font(name="黑体", bold=True, size=16)
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 28
    row = 3
    for number, line in enumerate(GUIDE, 1):
        ws.cell(row, 1, f"{number}.").alignment = Alignment(horizontal="right", vertical="top")
        _guide_text(ws, row, line)
        row += 1
    for sheet, columns in EXPLAINED.items():
        row += 1
        ws.cell(row, 1, f"“{sheet}”表").font = Font(name="黑体", bold=True, size=12)
        row += 1
        for name, text in columns.items():
            ws.cell(row, 1, name).font = Font(name="黑体")
            ws.cell(row, 1).alignment = Alignment(vertical="top")
            _guide_text(ws, row, text)
            row += 1


def _guide_text(ws, row: int, text: str) -> None:
    cell = ws.cell(row, 2, text)
    cell.font = Font(name="宋体")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Programs do not grow a row for wrapped text on their own (see _height_of).
    ws.row_dimensions[row].height = height_for_lines(text_lines(text, GUIDE_WIDTH - 2))


def _add_lists(sections, types, fields, standing) -> None:
    last = ROWS_WITH_LISTS

    def choose(ws, column: str, formula: str, prompt: str) -> None:
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.error = message("template_book_pick", language="zh", column=prompt)
        validation.errorTitle = "台账模板"
        validation.showErrorMessage = True
        ws.add_data_validation(validation)
        validation.add(f"{column}2:{column}{last}")

    units = ",".join((*COUNT_UNITS, NO_COUNT))
    choose(sections, "C", f'"{YES}"', "停用")
    choose(types, "B", f"'{SECTIONS}'!$B$2:$B${last}", "板块")
    choose(types, "D", f'"{units}"', "计数单位")
    choose(types, "G", f'"{YES}"', "停用")
    choose(fields, "B", f"'{TYPES}'!$C$2:$C${last}", "活动类型")
    choose(fields, "E", '"' + ",".join(KIND_NAMES.values()) + '"', "类型")
    choose(fields, "G", f'"{YES}"', "必填")
    choose(fields, "H", f'"{YES}"', "停用")
    choose(standing, "B", f"'{SECTIONS}'!$B$2:$B${last}", "板块")
    choose(standing, "E", '"' + ",".join(AGGREGATION_NAMES.values()) + '"', "汇总方式")
    choose(standing, "F", f'"{YES}"', "停用")


# --- import -------------------------------------------------------------------------------


@dataclass
class BookPlan:
    """What importing a template workbook would do, or every reason it cannot."""

    path: Path
    plan: edit.Plan | None
    problems: list[str] = field(default_factory=list)
    # The names of the template as it was, by uid: a line about an item that goes, or that
    # leaves a section that goes, says its name, never its 编号.
    old_names: dict[str, str] = field(default_factory=dict)
    # The types of each section as it was: an archived section keeps them, and says so.
    old_types: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self, key: str = "template_plan_summary") -> str:
        if self.plan is None or not self.ok:  # the sheets' problems and the template's
            return message("template_book_rejected", count=len(self.problems))
        return self.plan.summary(key)

    def change_lines(self) -> list[str]:
        if self.plan is None:
            return []
        names = dict(self.old_names)
        for item in edit.iter_items(self.plan.spec):
            names[item.uid] = getattr(item, "name", None) or getattr(item, "label", "")
        # A section whose row is gone is kept for its records, with the types it had; one
        # marked 停用 in its row is archived as the clerk said, its rows listed under it.
        listed = {s.uid for s in self.plan.spec}
        kept = {uid: types for uid, types in self.old_types.items() if uid not in listed}
        return [describe(c, names, kept) for c in self.plan.made]


ITEM_NAMES = {"section": "板块", "type": "活动类型", "field": "指标", "indicator": "统计指标"}
ACTION_NAMES = {
    "add": "新增",
    "change": "修改",
    "archive": "停用",
    "restore": "恢复",
    "delete": "删除",
}


def describe(
    change: edit.Change,
    names: dict[str, str] | None = None,
    types_of: dict[str, list[str]] | None = None,
) -> str:
    """One line for people: 改名 活动类型“科技培训班” → “实用技术培训班”.

    ``names``: names by uid, so that a field is said with its type (科技奖励 / 级别).
    ``types_of``: the type names of each section, said with a section that is archived
    (it keeps them, unused ones too, and brings them back with it).
    """
    doc = change.after or change.before or {}
    name = doc.get("name") or doc.get("label") or change.uid
    owner = ""
    if change.item == "field" and names and doc.get("type") in names:
        owner = f"{names[doc['type']]} / "
    item = ITEM_NAMES[change.item]
    details = _what_changed(change, names or {}) if change.action == "change" else []
    if change.renamed:
        old = change.before.get("name") or change.before.get("label")
        line = f"改名 {item}“{owner}{old}” → “{name}”"
    elif change.action == "change" and not details:
        return f"调整顺序 {item}“{name}”"  # its place is all that changed
    else:
        line = f"{ACTION_NAMES[change.action]} {item}“{owner}{name}”"
        if change.action == "add" and doc.get("archived"):
            line += "（停用）"  # the county's archived item, made known to a township
    kept = (types_of or {}).get(change.uid) if change.item == "section" else None
    if change.action == "archive" and kept:
        listed = "".join(f"“{t}”" for t in kept)
        details.append(f"仍有记录，其中的活动类型{listed}随之保留，恢复板块时一同恢复")
    return line + ("：" + "；".join(details) if details else "")


# The workbook's column for each changed key of an item (its name, place and 停用 are
# said by the line itself).
CHANGED_COLUMNS = {
    "section": "板块",
    "type": "活动类型",
    "count_unit": "计数单位",
    "counted_by": "计数方式",
    "breakdown_by": "分项统计",
    "unit": "单位",
    "kind": "类型",
    "options": "选项",
    "required": "必填",
    "aggregation": "汇总方式",
}


def _what_changed(change: edit.Change, names: dict[str, str]) -> list[str]:
    """板块 一、科技项目 → 二、创新主体培育: each column of the workbook that changed."""
    before, after = change.before or {}, change.after or {}
    return [
        f"{column} {_shown_value(key, before.get(key), names)} → "
        f"{_shown_value(key, after.get(key), names)}"
        for key, column in CHANGED_COLUMNS.items()
        if key in after and before.get(key) != after.get(key)
    ]


def _shown_value(key: str, value: object, names: dict[str, str]) -> str:
    """A value as the workbook's cell says it."""
    if key in ("section", "type", "counted_by", "breakdown_by"):
        if not value:
            return "每条记录计1" if key == "counted_by" else "不分项"
        return names.get(str(value), str(value))
    if key == "count_unit":
        return str(value) if value else NO_COUNT
    if key == "kind":
        return KIND_NAMES.get(str(value), str(value))
    if key == "options":
        return "、".join(value or []) or "（无）"
    if key == "required":
        return YES if value else "否"
    if key == "aggregation":
        return AGGREGATION_NAMES.get(str(value), str(value))
    return str(value) if value not in (None, "") else "（无）"


def plan_template_import(db: sqlite_utils.Database, path: str | Path) -> BookPlan:
    """Read and check a template workbook; write nothing."""
    from core.importer import _load_workbook, _opened  # the one way to open a workbook

    path = Path(path)
    with _opened(path) as file:
        workbook = _load_workbook(file, path)
        try:
            reader = _BookReader(workbook, load_template(db))
            spec = reader.read()
        finally:
            workbook.close()
    problems = list(reader.problems)
    plan = None
    current = reader.current_spec
    if spec is not None:
        plan = edit.plan_changes(db, spec)
        problems += [_problem_line(p) for p in plan.problems]
    names = {i.uid: _name(i) for i in edit.iter_items(current)}
    types_of = {s.uid: [t.name for t in s.types] for s in current}
    return BookPlan(path, plan, problems, names, types_of)


def _known_by_name(spec: edit.Spec, current: edit.Spec) -> None:
    """A row without 编号 that names an item of the template (a section or a type by its
    name, a field within its type, an indicator within its section), whose own row is not
    in the workbook, is that item. Run once the types and fields are read (before
    计数方式 gives a new field its id), and again once the indicators are.

    A clerk types rows in, imports, and later imports the same file again, or takes a row
    out and types it back: each was a second item of the same name (the first archived
    with its records). Now it is the item itself, brought back if it was archived.
    """
    given = {item.uid for item in edit.iter_items(spec) if item.uid}

    def adopt(rows, known) -> None:
        by_name = {}
        for item in known:
            if item.uid not in given:
                by_name.setdefault(name_key(_name(item)), item.uid)
        for row in rows:
            if not row.uid and name_key(_name(row)) in by_name:
                row.uid = by_name.pop(name_key(_name(row)))
                given.add(row.uid)

    adopt(spec, current)
    adopt([t for s in spec for t in s.types], [t for s in current for t in s.types])
    known_types = {t.uid: t for s in current for t in s.types}
    for t in (t for s in spec for t in s.types):
        if t.uid in known_types:
            adopt(t.fields, known_types[t.uid].fields)
    known_sections = {s.uid: s for s in current}
    for s in spec:
        if s.uid in known_sections:
            adopt(s.indicators, known_sections[s.uid].indicators)


def _name(item) -> str:
    return getattr(item, "name", None) or getattr(item, "label", "")


def import_template(db: sqlite_utils.Database, book: BookPlan) -> edit.Plan:
    """Make the changes of a checked workbook, in one transaction."""
    if not book.ok or book.plan is None:
        raise TaizhangError("template_book_rejected", count=len(book.problems))
    return edit.apply_plan(db, book.plan)


def _problem_line(problem: edit.Problem) -> str:
    if problem.origin is None:
        return problem.text
    sheet, row = problem.origin
    return located(sheet, row, problem.column, problem.key, **problem.params)


def located(sheet: str, row: int, column: str, key: str, **params) -> str:
    """工作表“指标”第 5 行“类型”列：<reason>, each language with its own reason."""

    def line(language: str) -> str:
        reason = message(key, language=language, **params)
        return message(
            "template_book_problem",
            language=language,
            sheet=sheet,
            row=row,
            column=column,
            reason=reason,
        )

    return message("import_row_error_line", zh=line("zh"), en=line("en"))


class _BookReader:
    """``current``: the database's template, so that a type row may still name its section
    by the old name after the section was renamed in the 板块 sheet (and a field row its
    type); the names of the sheet itself come first."""

    def __init__(self, workbook: openpyxl.Workbook, current=None) -> None:
        self.workbook = workbook
        self.current = current
        self.current_spec = edit.spec_of(current) if current is not None else []
        self.problems: list[str] = []
        # Fields whose 类型 cell is no kind: said once (``_field``), then given the kind they
        # have now, so that the plan does not read a change of kind into the placeholder.
        self.bad_kinds: list[edit.FieldSpec] = []
        self.old_names: dict[str, str] = {}  # name_key of a current name → its uid
        if current is not None:
            for s in current.sections:
                self.old_names.setdefault(name_key(s.name), s.uid)
            for t in current.types:
                self.old_names.setdefault(name_key(t.name), t.uid)

    def _by_name(self, items: dict, name: str):
        found = items.get(name_key(name))
        if found is None:
            uid = self.old_names.get(name_key(name))
            found = next((v for v in items.values() if _uid_of(v) == uid and uid), None)
        return found

    def fail(self, sheet: str, row: int, column: str, key: str, **params) -> None:
        self.problems.append(located(sheet, row, column, key, **params))

    def read(self) -> edit.Spec | None:
        sheets = {}
        for name, columns in (
            (SECTIONS, SECTION_COLUMNS),
            (TYPES, TYPE_COLUMNS),
            (FIELDS, FIELD_COLUMNS),
        ):
            sheets[name] = self._rows(name, columns, optional=OPTIONAL_COLUMNS.get(name, ()))
        if any(rows is None for rows in sheets.values()):
            return None
        spec: edit.Spec = []
        sections: dict[str, edit.SectionSpec] = {}
        for row, cells in sheets[SECTIONS]:
            archived = self._flag(SECTIONS, row, "停用", cells["停用"])
            section = edit.SectionSpec(
                cells["编号"], cells["名称"], archived, origin=(SECTIONS, row)
            )
            spec.append(section)
            sections.setdefault(name_key(section.name), section)
        types: dict[str, tuple[edit.TypeSpec, dict[str, str], int]] = {}
        for row, cells in sheets[TYPES]:
            t = self._type(row, cells)
            section = self._by_name(sections, cells["板块"])
            if section is None:
                self.fail(TYPES, row, "板块", "template_book_unknown_section", name=cells["板块"])
            else:
                section.types.append(t)
            types.setdefault(name_key(t.name), (t, cells, row))
        for row, cells in sheets[FIELDS]:
            f = self._field(row, cells)
            owner = self._by_name(types, cells["活动类型"])
            if owner is None:
                self.fail(
                    FIELDS, row, "活动类型", "template_book_unknown_type", name=cells["活动类型"]
                )
            else:
                owner[0].fields.append(f)
        _known_by_name(spec, self.current_spec)  # before 计数方式 gives a new field its id
        for t, cells, row in types.values():
            self._counting(t, cells, row)
        if self._sheet_named(INDICATORS) is not None:
            rows = self._rows(INDICATORS, INDICATOR_COLUMNS)
            if rows is None:
                return None
            for row, cells in rows:
                indicator = self._indicator(row, cells)
                section = self._by_name(sections, cells["板块"])
                if section is None:
                    self.fail(INDICATORS, row, "板块", "template_book_unknown_section",
                              name=cells["板块"])  # fmt: skip
                else:
                    section.indicators.append(indicator)
        else:
            self._keep_indicators(spec)
        _known_by_name(spec, self.current_spec)  # the indicators' rows
        self._keep_kinds_said_bad()
        return spec

    def _keep_kinds_said_bad(self) -> None:
        kinds = {
            i.uid: i.kind
            for i in edit.iter_items(self.current_spec)
            if isinstance(i, edit.FieldSpec)
        }
        for f in self.bad_kinds:
            f.kind = kinds.get(f.uid, f.kind)

    def _indicator(self, row: int, cells: dict[str, str]) -> edit.IndicatorSpec:
        name = cells["汇总方式"]
        aggregation = AGGREGATION_BY_NAME.get(name, name if name in AGGREGATION_NAMES else None)
        if aggregation is None:
            self.fail(INDICATORS, row, "汇总方式", "template_bad_aggregation", value=name,
                      names="、".join(AGGREGATION_NAMES.values()))  # fmt: skip
            aggregation = "sum"
        return edit.IndicatorSpec(
            cells["编号"],
            cells["名称"],
            cells["单位"],
            aggregation,
            archived=self._flag(INDICATORS, row, "停用", cells["停用"]),
            origin=(INDICATORS, row),
        )

    def _keep_indicators(self, spec: edit.Spec) -> None:
        """A workbook made before the sheet 统计指标: the indicators stay as they are."""
        stored = {s.uid: s for s in self.current_spec}
        for section in spec:
            if section.uid in stored:
                section.indicators = stored[section.uid].indicators

    def _sheet_named(self, name: str) -> str | None:
        """The title of the sheet ``name``, however spaced or full-width (“指标 ” renamed
        by hand was a missing sheet)."""
        titles = self.workbook.sheetnames
        return (
            name
            if name in titles
            else next((t for t in titles if name_key(t) == name_key(name)), None)
        )

    def _rows(
        self, name: str, columns: Sequence[str], optional: Sequence[str] = ()
    ) -> list[tuple[int, dict[str, str]]] | None:
        """The filled rows of a sheet as {column: text}, by the names in its header row;
        a column of ``optional`` that the sheet lacks reads as empty cells."""
        title = self._sheet_named(name)
        if title is None:
            self.problems.append(message("template_book_missing_sheet", sheet=name))
            return None
        ws = self.workbook[title]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        rows = _as_shown(ws.iter_rows(values_only=True))
        header = next(rows, ())
        where = {name_key(value): i for i, value in enumerate(header) if value is not None}
        missing = [c for c in columns if name_key(c) not in where and c not in optional]
        if missing:
            columns_text = "、".join(missing)
            zh, en = (
                message(
                    "template_book_sheet_problem",
                    language=language,
                    sheet=name,
                    reason=message(
                        "template_book_missing_columns", language=language, columns=columns_text
                    ),
                )
                for language in ("zh", "en")
            )
            self.problems.append(message("import_row_error_line", zh=zh, en=en))
            return None
        found = []
        for number, values in enumerate(rows, 2):
            if number > MAX_ROWS:
                reason_zh = message("template_book_too_many_rows", language="zh", limit=MAX_ROWS)
                reason_en = message("template_book_too_many_rows", language="en", limit=MAX_ROWS)
                zh, en = (
                    message("template_book_sheet_problem", language=lang, sheet=name, reason=r)
                    for lang, r in (("zh", reason_zh), ("en", reason_en))
                )
                self.problems.append(message("import_row_error_line", zh=zh, en=en))
                return None
            cells = {c: _text(values, where.get(name_key(c), len(values))) for c in columns}
            if any(cells.values()):
                found.append((number, cells))
        return found

    def _flag(self, sheet: str, row: int, column: str, value: str) -> bool:
        if value in ("", "否"):
            return False
        if value in (YES, "√", "Y", "y"):
            return True
        self.fail(sheet, row, column, "template_book_bad_flag", value=value)
        return False

    def _type(self, row: int, cells: dict[str, str]) -> edit.TypeSpec:
        unit = cells["计数单位"]
        unit = "" if unit in (NO_COUNT, "不计数") else unit
        return edit.TypeSpec(
            cells["编号"],
            cells["名称"],
            unit,
            archived=self._flag(TYPES, row, "停用", cells["停用"]),
            origin=(TYPES, row),
        )

    def _field(self, row: int, cells: dict[str, str]) -> edit.FieldSpec:
        kind_name = cells["类型"]
        kind = KIND_BY_NAME.get(kind_name, kind_name if kind_name in KIND_NAMES else None)
        bad = kind is None
        if bad:
            self.fail(FIELDS, row, "类型", "template_bad_kind", kind=kind_name)
            kind = "text"  # a new field's placeholder; a known field's kept (see bad_kinds)
        options = split_options(cells["选项"])
        spec = edit.FieldSpec(
            cells["编号"],
            cells["名称"],
            cells["单位"],
            kind,
            options,
            required=self._flag(FIELDS, row, "必填", cells["必填"]),
            archived=self._flag(FIELDS, row, "停用", cells["停用"]),
            origin=(FIELDS, row),
        )
        if bad:
            self.bad_kinds.append(spec)
        return spec

    def _counting(self, t: edit.TypeSpec, cells: dict[str, str], row: int) -> None:
        """计数方式 and 分项统计 name fields of the type; the spec holds their ids."""
        by_label = {name_key(f.label): f for f in t.fields}
        for column, key in (("计数方式", "counted_by"), ("分项统计", "breakdown_by")):
            name = cells[column]
            f = by_label.get(name_key(name))
            if f is None and "".join(name.split()) in NO_FIELD_WORDS[column]:
                continue  # empty, or the template editor's own word for it
            if f is None:
                self.fail(
                    TYPES, row, column, "template_book_unknown_field", name=name, type_name=t.name
                )
                continue
            if not f.uid:
                f.uid = edit.new_uid("field")  # a new field named here: give it its id now
            setattr(t, key, f.uid)


def _uid_of(value) -> str:
    return value[0].uid if isinstance(value, tuple) else value.uid


def _as_shown(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Rows with their text as the cells show it (``_xHHHH_`` escapes read, as the
    importer reads them): openpyxl's own rows leave them as the file holds them."""
    for row in rows:
        yield tuple(decoded(v) if type(v) is str else v for v in row)


def _text(values: Sequence[object], index: int) -> str:
    if index >= len(values) or values[index] is None:
        return ""
    value = values[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Trimmed, and a line break or tab (Alt+Enter in a cell) made a space: a name is one
    # line. Other spaces stay as typed (一、科技　项目): the editor keeps them, and a name
    # changed by its own workbook would be a rename nobody made.
    return re.sub(r"\s*[\r\n\t]+\s*", " ", str(value)).strip()

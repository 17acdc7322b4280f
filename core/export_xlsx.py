"""A ``Ledger`` as the quarterly 台账 workbook (.xlsx): a 汇总 sheet, then one sheet per section.

Layout and formats only (PRODUCT.md §4); every number comes ready in the ``Ledger``.

The file is written to a temporary file beside the target and moved into place only when
complete, so a failed export never leaves half a workbook or harms an existing file.

Speed: openpyxl serialises each cell through ElementTree, about 15 µs a cell, over 2 s for
a quarter of 10,000 records. The record rows of the section sheets (all but a handful of
cells) are therefore kept aside as plain values and written as ready-made XML by
``_SheetWriter``; titles, headers and 合计 rows stay ordinary openpyxl cells.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import itertools
import math
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell._writer import write_cell  # openpyxl's own, for rows that cannot go as text
from openpyxl.cell.cell import Cell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

try:  # the stdlib-based XML writer openpyxl uses when lxml is not installed
    from et_xmlfile.xmlfile import _IncrementalFileWriter
except ImportError:  # pragma: no cover - another et_xmlfile; rows then go the slow way
    _IncrementalFileWriter = None

from core import messages, outputs
from core.errors import TaizhangError
from core.ledger import Column, Figure, Ledger, Record, SectionSheet

Progress = Callable[[int, int], None]
Value = str | int | float | dt.date | None

SUMMARY_SHEET = "汇总"
SUMMARY_HEADERS = (
    "序号",
    "工作板块",
    "活动类型",
    "指标",
    "单位",
    "本期",
    "本年累计",
    "上年同期累计",
    "同比增减(%)",
)
SAME_SPAN_HEADER = "上年同期"  # a quarter's or a month's 汇总: last year's same span alone
TARGET_HEADERS = ("年度目标", "完成进度(%)")
INDICATOR_HEADERS = ("统计指标", "单位", "本期", "本年累计/期末", "上年同期", "同比增减(%)")
_GAP = "\u3000" * 4  # room to sign in
SIGNATURE = f"填报人：{_GAP}审核人：{_GAP}单位负责人：{_GAP}（单位盖章）{_GAP}填报日期："
RECORD_HEADERS = (
    "序号",
    "日期",
    "活动类型",
    "活动名称",
    "地点",
    "主办单位",
    "联合单位",
    "参与对象",
    "经办人",
)
REMARKS_HEADER = "备注"
NO_RECORDS = "本期无记录"
TOTAL_LABEL = "合计"
NO_CHANGE = "—"  # 同比增减 when last year had nothing to compare with

TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1

MAX_TEXT = 32_767  # characters Excel keeps in one cell
MAX_SHEET_NAME = 31  # Excel's limit, in UTF-16 code units

# Characters XML 1.0 cannot carry (openpyxl refuses the control characters among them with
# IllegalCharacterError; lone surrogates and U+FFFE/U+FFFF would make a file Excel must repair).
# The temporary an export writes before it takes the final name.
_PARTIAL_NAME = re.compile(r"\.~taizhang-[0-9a-f]{12}\.xlsx\.partial")
_ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text starting with these is taken for a formula (or a DDE link) by Excel and WPS when the
# cell is edited; quotePrefix keeps it text. A CR has become a line feed by then.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_SHEET_NAME_SUBSTITUTES = str.maketrans(
    {"[": "［", "]": "］", ":": "：", "*": "＊", "?": "？", "/": "／", "\\": "＼"}
)
# Excel keeps the sheet name "History" for its change tracking.
_RESERVED_SHEET_NAMES = frozenset({SUMMARY_SHEET.casefold(), "history", "分单位汇总"})

# Style names, shown in Excel's and WPS's cell style gallery.
TITLE = "台账标题"
INFO = "台账填报信息"
HEADER = "台账表头"
TEXT = "台账文字"
SUBTEXT = "台账其中"  # a breakdown row's 指标 (其中：新认定), set in under its type's row
CENTERED = "台账居中"
DATE = "台账日期"
INTEGER = "台账整数"
DECIMAL = "台账小数"
PERCENT = "台账增减"
TOTAL = "台账合计"
TOTAL_INTEGER = "台账合计整数"
TOTAL_DECIMAL = "台账合计小数"

DATE_FORMAT = "yyyy-mm-dd"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"

HEADING_FONT = "黑体"
BODY_FONT = "宋体"
GB2312_CHARSET = 134  # tells Excel these are Chinese fonts (SimHei, SimSun)
BODY_SIZE = 11
TITLE_SIZE = 18

# Widths in Excel's units (about one Latin digit; a Chinese character takes two).
PAGE_WIDTH_BUDGET = 150  # A4 landscape holds ~135 at 100 %; above 150 prints below ~90 %
CELL_PADDING = 2
# 11 pt 宋体 glyphs are a little wider than 2 and 1 units (15 px for 14); row heights are
# estimated with this much to spare, so that wrapped text is never cut off in Excel or WPS.
GLYPH_SPREAD = 1.08
# Heights in points.
LINE_HEIGHT = 14.5  # one line of 11 pt 宋体, as Excel and WPS space it
ROW_PADDING = 5
TITLE_HEIGHT = 36
TITLE_LINE_HEIGHT = 24  # each further line of a wrapped 18 pt title
INFO_HEIGHT = 22
# Margins in inches; what is left of an A4 landscape page for rows, in points.
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 0.5, 0.6, 0.7
PRINTABLE_HEIGHT = (8.27 - MARGIN_TOP - MARGIN_BOTTOM) * 72 * 0.95  # 5 % to spare
FOOTER = "第 &P 页 共 &N 页"


@dataclass(frozen=True)
class _ColumnSpec:
    """How wide a column may be; flexible columns give up width first when the page is full."""

    minimum: float
    maximum: float
    flexible: bool = False


@dataclass
class _RecordRows:
    """A section's record rows, kept out of openpyxl and written by ``_SheetWriter``
    (made from the records as they are written)."""

    first_row: int
    section: SectionSheet
    widths: list[float]
    extra: tuple = ()  # the columns of the ledger over sources


@dataclass
class _Book:
    workbook: Workbook
    record_rows: dict[str, _RecordRows] = field(default_factory=dict)  # by sheet title


# ---------------------------------------------------------------------------------------------
# Public API


def export_ledger(
    ledger: Ledger,
    target: str | Path,
    progress: Progress | None = None,
    warnings: list[str] | None = None,
) -> Path:
    """Write ``ledger`` to ``target`` (.xlsx) and return the path written.

    ``warnings``, if given, receives the lines of ``export_warnings`` on the way.

    ``progress(done, total)`` is called as sheets are laid out and written; an exception
    raised from it cancels the export and leaves ``target`` as it was.

    Raises ``TaizhangError``: export_folder_missing, export_locked, export_no_permission,
    export_disk_full or export_failed. An existing ``target`` is untouched on any failure.
    """
    outputs.refuse_database_target(target)
    target = Path(target).absolute()
    if not target.parent.is_dir():
        raise TaizhangError("export_folder_missing", path=str(target.parent))
    outputs.clean_stale(target.parent, _PARTIAL_NAME)  # left by an export that was killed
    if _office_lock_file(target) is not None:
        raise TaizhangError("export_locked", path=str(target))
    sheet_count = 1 + len(ledger.sections)
    steps = _Steps(progress, total=2 * sheet_count + 1)
    book = _build_book(ledger, steps.advance, warnings)
    _write_into_place(book, target, steps.advance)
    steps.advance()
    return target


def export_warnings(ledger: Ledger) -> list[str]:
    """What the workbook cannot show exactly as stored: text over Excel's 32,767 characters
    (cut in the cell) and control characters (dropped). The database keeps the full text;
    these lines tell the user, so nothing is cut silently. (``export_ledger`` gathers the
    same lines on its way, given a list: one walk over the records less.)"""
    warnings = []
    for section in ledger.sections:
        for number, record in enumerate(section.records, 1):
            warnings += _record_warnings(section.name, number, record)
    return warnings


def _record_warnings(sheet: str, number: int, record: Record) -> list[str]:
    texts = {
        "活动名称": record.title, "地点": record.location, "主办单位": record.organizer,
        "联合单位": record.partners, "参与对象": record.audience, "备注": record.remarks,
    }  # fmt: skip
    warnings = []
    for column, text in texts.items():
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > MAX_TEXT:
            key = "export_text_cut"
        elif _ILLEGAL_CHARACTERS.search(text) is not None:
            key = "export_text_cleaned"
        else:
            continue
        warnings.append(
            messages.text(key, sheet=sheet, row=number, column=column, limit=f"{MAX_TEXT:,}")
        )
    return warnings


def sheet_names(section_names: Iterable[str]) -> list[str]:
    """Excel-safe, unique sheet names for the sections, in order (汇总 is taken)."""
    used = set(_RESERVED_SHEET_NAMES)
    names = []
    for position, name in enumerate(section_names, 1):
        base = _sheet_name_base(name) or f"板块{position}"
        candidate = _cut_sheet_name(base, MAX_SHEET_NAME)
        copy_number = 2
        while candidate.casefold() in used:
            suffix = f"({copy_number})"
            candidate = _cut_sheet_name(base, MAX_SHEET_NAME - len(suffix)) + suffix
            copy_number += 1
        used.add(candidate.casefold())
        names.append(candidate)
    return names


def _sheet_name_base(name: str) -> str:
    """``name`` without what Excel refuses in a sheet name: ``[]:*?/\\`` become their
    full-width forms (still readable), control characters go, no apostrophe at either end."""
    name = _ILLEGAL_CHARACTERS.sub("", name.translate(_SHEET_NAME_SUBSTITUTES))
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    return name.strip().strip("'").strip()


def _cut_sheet_name(name: str, limit: int) -> str:
    """At most ``limit`` UTF-16 code units, as Excel counts (a character beyond the BMP is 2)."""
    name = name[:limit]
    while len(name.encode("utf-16-le")) // 2 > limit:
        name = name[:-1]
    return name.rstrip().rstrip("'")


# ---------------------------------------------------------------------------------------------
# Progress


class _Steps:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self._done = 0
        self._total = total
        self._report()

    def advance(self) -> None:
        self._done = min(self._done + 1, self._total)
        self._report()

    def _report(self) -> None:
        if self._progress is not None:
            self._progress(self._done, self._total)


# ---------------------------------------------------------------------------------------------
# Text and numbers as Excel takes them


def _cell_text(text: str) -> str:
    """``text`` as a cell can hold it: line breaks as Excel stores them (LF), no characters
    XML forbids, at most 32,767 characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ILLEGAL_CHARACTERS.search(text) is not None:
        text = _ILLEGAL_CHARACTERS.sub("", text)
    return text[:MAX_TEXT]


def _cell_value(value: object) -> Value:
    """What a cell is given: cleaned text (None when nothing is left), a finite number, a date."""
    if isinstance(value, str):
        return _cell_text(value) or None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value  # type: ignore[return-value]


def _looks_like_formula(text: str) -> bool:
    return text.startswith(_FORMULA_STARTS)


def _display_width(text: str) -> int:
    """Width in Excel units of the longest line: a Chinese character counts two.

    A CJK character is 3 bytes in UTF-8 and an ASCII one 1, so (bytes + chars) / 2 counts
    them 2 and 1 without a Python loop over the characters.
    """
    if "\n" in text:
        return max(_display_width(line) for line in text.split("\n"))
    return (len(text.encode()) + len(text)) // 2


def _number_text(value: float, decimal: bool) -> str:
    return f"{value:,.2f}" if decimal else f"{value:,.0f}"


# ---------------------------------------------------------------------------------------------
# Laying out the workbook


def _build_book(
    ledger: Ledger, sheet_done: Callable[[], None], warnings: list[str] | None = None
) -> _Book:
    workbook = Workbook()
    _set_properties(workbook, ledger)
    _register_styles(workbook)
    book = _Book(workbook)
    summary = workbook.active
    summary.title = SUMMARY_SHEET
    _write_summary(summary, ledger)
    sheet_done()
    if ledger.units:  # more than one 填报单位 in the period (issue 12)
        from core import xlsx_sources

        xlsx_sources.write_unit_summary(workbook.create_sheet(xlsx_sources.SHEET), ledger)
    for name, section in zip(
        sheet_names(s.name for s in ledger.sections), ledger.sections, strict=True
    ):
        ws = workbook.create_sheet(name)
        rows = _write_section(ws, ledger, section, warnings)
        if rows.section.records:
            book.record_rows[ws.title] = rows
        sheet_done()
    return book


def _set_properties(workbook: Workbook, ledger: Ledger) -> None:
    """Document properties from the ledger, never from the clock: the same data, the same file."""
    made = dt.datetime.combine(ledger.made_on, dt.time())
    properties = workbook.properties
    properties.creator = "科技工作台账"
    properties.lastModifiedBy = _cell_text(ledger.staff_name) or None
    properties.title = _cell_text(_summary_title(ledger))
    properties.created = made
    properties.modified = made


def _info_line(ledger: Ledger) -> str:
    made = ledger.made_on
    return (
        f"填报单位：{ledger.unit_name}\u3000填报人：{ledger.staff_name}\u3000"
        f"填报日期：{made.year}年{made.month}月{made.day}日"
    )


def _summary_title(ledger: Ledger) -> str:
    return f"{ledger.title_prefix()}科技工作台账汇总表"


def _section_title(ledger: Ledger, section: SectionSheet) -> str:
    return f"{ledger.title_prefix()}{section.name}工作台账"


def _write_heading(
    ws: Worksheet, title: str, info: str, headers: Sequence[str], widths: Sequence[float]
) -> float:
    """Title and info line across the table, then the header row; returns its height."""
    last = len(headers)
    _put(ws, TITLE_ROW, 1, title, TITLE)
    _put(ws, INFO_ROW, 1, info, INFO)
    if last > 1:
        _merge(ws, TITLE_ROW, 1, TITLE_ROW, last)
        _merge(ws, INFO_ROW, 1, INFO_ROW, last)
    # A long section name can wrap the title; 18 pt is 18/11 of the body text.
    title_lines = _text_lines(_cell_text(title), sum(widths) * BODY_SIZE / TITLE_SIZE)
    ws.row_dimensions[TITLE_ROW].height = TITLE_HEIGHT + (title_lines - 1) * TITLE_LINE_HEIGHT
    ws.row_dimensions[INFO_ROW].height = INFO_HEIGHT
    _put_row(ws, HEADER_ROW, _header_cells(headers))
    header_height = _row_height(_header_cells(headers), widths)
    ws.row_dimensions[HEADER_ROW].height = header_height
    return header_height


def _put(ws: Worksheet, row: int, column: int, value: object, style: str) -> Cell:
    """One ordinary openpyxl cell; text always stays text."""
    cell = ws.cell(row=row, column=column)
    value = _cell_value(value)
    if value is not None:
        cell.value = value
    cell.style = style
    if isinstance(value, str):
        # openpyxl makes any text starting with "=" a formula and "#N/A" and the like errors.
        cell.data_type = "s"
        if _looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def _put_row(ws: Worksheet, row: int, cells: Sequence[tuple[Value, str]]) -> None:
    for column, (value, style) in enumerate(cells, 1):
        _put(ws, row, column, value, style)


def _merge(ws: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int):
    """Merge a range whose cells are all written already, the covered ones empty and styled
    like the first (so borders print all round).

    Not ``ws.merge_cells``: it restyles the edge cells one by one, 0.4 s for the 60 merges
    of a default ledger.
    """
    ws.merged_cells.add(
        CellRange(min_row=first_row, min_col=first_column, max_row=last_row, max_col=last_column)
    )


# The 汇总 sheet -------------------------------------------------------------------------------

_SUMMARY_COLUMNS = (
    _ColumnSpec(6, 6),  # 序号
    _ColumnSpec(12, 26, flexible=True),  # 工作板块
    _ColumnSpec(10, 22, flexible=True),  # 活动类型
    _ColumnSpec(8, 20, flexible=True),  # 指标
    _ColumnSpec(6, 8),  # 单位
    _ColumnSpec(10, 16),  # 本期
    _ColumnSpec(11, 16),  # 本年累计
    _ColumnSpec(15, 16),  # 上年同期累计: the heading on one line
    _ColumnSpec(14, 16),  # 同比增减(%)
)
_SECTION_COLUMN, _TYPE_COLUMN = 1, 2  # 0-based; merged over their runs of rows


def summary_headers(ledger: Ledger) -> tuple[str, ...]:
    """序号 … 上年同期累计 [上年同期] 同比增减(%) 年度目标 完成进度(%)."""
    headers = list(SUMMARY_HEADERS)
    if ledger.shows_same_span_last_year:
        headers.insert(headers.index("上年同期累计") + 1, SAME_SPAN_HEADER)
    return (*headers, *TARGET_HEADERS)


def _summary_specs(ledger: Ledger) -> tuple[_ColumnSpec, ...]:
    specs = list(_SUMMARY_COLUMNS)
    if ledger.shows_same_span_last_year:
        specs.insert(SUMMARY_HEADERS.index("上年同期累计") + 1, _ColumnSpec(10, 16))
    return (*specs, _ColumnSpec(10, 14), _ColumnSpec(12, 14))


def _write_summary(ws: Worksheet, ledger: Ledger) -> None:
    rows = [
        _figure_cells(number, figure, ledger) for number, figure in enumerate(ledger.figures, 1)
    ]
    headers = summary_headers(ledger)
    indicator_rows = _indicator_rows(ledger, len(ledger.figures) + 1, len(headers))
    widths = _column_widths(_summary_specs(ledger), headers, rows)
    _set_widths(ws, widths)
    title, info = _summary_title(ledger), _info_line(ledger)
    header_height = _write_heading(ws, title, info, headers, widths)
    runs_by_column = {
        _SECTION_COLUMN: _runs([f.section for f in ledger.figures]),
        _TYPE_COLUMN: _runs([(f.section, f.type_name) for f in ledger.figures]),
    }
    heights = [_row_height(cells, widths, skip=runs_by_column) for cells in rows]
    for column, runs in runs_by_column.items():
        _grow_for_merged_text(heights, runs, rows, column, widths[column])
    # Page breaks of our own, and merged cells cut at them: a merged cell across a page
    # break prints its text half on each page.
    page_starts = _page_starts(heights, header_height)
    for start in page_starts:
        ws.row_breaks.append(Break(id=FIRST_DATA_ROW + start - 1))
    for column, runs in runs_by_column.items():
        runs = _split_runs(runs, page_starts)
        # Rarely a short piece needs a taller row; the 5 % spare on each page absorbs it.
        _grow_for_merged_text(heights, runs, rows, column, widths[column])
        _blank_covered_cells(rows, column, runs)
        _merge_runs(ws, column + 1, runs)
    for row, (cells, height) in enumerate(zip(rows, heights, strict=True), FIRST_DATA_ROW):
        _put_row(ws, row, cells)
        ws.row_dimensions[row].height = height
    after = FIRST_DATA_ROW + len(rows)
    if indicator_rows:
        after += 1  # a blank row, then the block of standing indicators
        for cells in indicator_rows:
            _put_row(ws, after, cells)
            _merge(ws, after, 3, after, 4)  # 统计指标 across 活动类型 and 指标
            name = _text_lines(str(cells[2][0]), widths[2] + widths[3])
            others = _row_height(
                [c for i, c in enumerate(cells) if i != 2], widths[:2] + widths[3:]
            )
            ws.row_dimensions[after].height = max(_height_for_lines(name), others)
            after += 1
    _write_signature(ws, after + 1, len(headers))
    _set_page_layout(ws)


def _figure_cells(number: int, figure: Figure, ledger: Ledger) -> list[tuple[Value, str]]:
    amount = DECIMAL if figure.decimal else INTEGER
    change = figure.change_percent
    cells = [
        (number, CENTERED),
        (_cell_value(figure.section), CENTERED),
        (_cell_value(figure.type_name), CENTERED),
        (_cell_value(figure.indicator), SUBTEXT if figure.is_breakdown else TEXT),
        (_cell_value(figure.unit), CENTERED),
        (_cell_value(figure.current), amount),
        (_cell_value(figure.year_to_date), amount),
        (_cell_value(figure.last_year), amount),
    ]
    if ledger.shows_same_span_last_year:
        cells.append((_cell_value(figure.same_span_last_year), amount))
    cells.append((NO_CHANGE, CENTERED) if change is None else (change, PERCENT))
    return cells + _target_cells(figure.target, figure.progress, amount)


def _target_cells(target, progress, amount: str) -> list[tuple[Value, str]]:
    """年度目标 and 完成进度(%): blank where no target is set."""
    if target is None:
        return [(None, amount), (None, PERCENT)]
    return [_reported(target), (progress, PERCENT)]


def _indicator_rows(ledger: Ledger, first_number: int, width: int) -> list:
    """The block of standing indicators, in the 汇总's columns: a heading row, then one
    row per indicator (``—`` where nothing was reported)."""
    if not ledger.indicators:
        return []
    same_span = ledger.shows_same_span_last_year
    heading = ["序号", "工作板块", INDICATOR_HEADERS[0], None, *INDICATOR_HEADERS[1:5]]
    if same_span:
        heading.append(None)
    heading += [INDICATOR_HEADERS[5], *TARGET_HEADERS]
    rows = [[(text, HEADER) for text in heading]]
    for number, figure in enumerate(ledger.indicators, first_number):
        change = figure.change_percent
        cells = [
            (number, CENTERED),
            (_cell_value(figure.section), CENTERED),
            (_cell_value(f"{figure.name}（{figure.aggregation_name}）"), TEXT),
            (None, TEXT),
            (_cell_value(figure.unit), CENTERED),
            *(_reported(value) for value in (figure.current, figure.year_to_date,
                                             figure.last_year)),
        ]  # fmt: skip
        if same_span:
            cells.append((None, CENTERED))
        cells.append((NO_CHANGE, CENTERED) if change is None else (change, PERCENT))
        cells += _target_cells(figure.target, figure.progress, DECIMAL)
        rows.append(cells[:width])
    return rows


def _reported(value: float | None) -> tuple[Value, str]:
    """An indicator's figure; not reported is ``—``, never 0."""
    if value is None:
        return NO_CHANGE, CENTERED
    return value, INTEGER if float(value).is_integer() else DECIMAL


def _write_signature(ws: Worksheet, row: int, width: int) -> None:
    """填报人 … 填报日期 under the table, across it, on the last printed page."""
    _put(ws, row, 1, SIGNATURE, INFO)
    for column in range(2, width + 1):
        _put(ws, row, column, None, INFO)
    _merge(ws, row, 1, row, width)
    ws.row_dimensions[row].height = INFO_HEIGHT + 8


def _runs(keys: Sequence[object]) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal neighbouring keys."""
    runs = []
    start = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start]:
            runs.append((start, index - 1))
            start = index
    return runs


def _blank_covered_cells(
    rows: list[list[tuple[Value, str]]], column: int, runs: Sequence[tuple[int, int]]
) -> None:
    """Keep the text of a run only in its first row, the one its merged cell shows."""
    for first, last in runs:
        for index in range(first + 1, last + 1):
            rows[index][column] = (None, rows[index][column][1])


def _merge_runs(ws: Worksheet, column: int, runs: Sequence[tuple[int, int]]) -> None:
    for first, last in runs:
        if last > first:
            _merge(ws, FIRST_DATA_ROW + first, column, FIRST_DATA_ROW + last, column)


def _grow_for_merged_text(
    heights: list[float],
    runs: Sequence[tuple[int, int]],
    rows: Sequence[Sequence[tuple[Value, str]]],
    column: int,
    width: float,
) -> None:
    """Make each run of rows tall enough together for the text of its merged cell."""
    for first, last in runs:
        text = rows[first][column][0]
        if not isinstance(text, str):
            continue
        shortfall = _height_for_lines(_text_lines(text, width)) - sum(heights[first : last + 1])
        for index in range(first, last + 1):
            heights[index] += max(shortfall, 0) / (last - first + 1)


def _page_starts(heights: Sequence[float], header_height: float) -> list[int]:
    """Indexes of the data rows that begin a printed page, after the first page.

    Estimated with no shrinking: fitting to the page width only ever makes more rows fit,
    so the printer never breaks a page before we do.
    """
    starts = []
    room = PRINTABLE_HEIGHT - TITLE_HEIGHT - INFO_HEIGHT - header_height
    used = 0.0
    for index, height in enumerate(heights):
        if used and used + height > room:
            starts.append(index)
            room = PRINTABLE_HEIGHT - header_height
            used = 0.0
        used += height
    return starts


def _split_runs(runs: Sequence[tuple[int, int]], starts: Sequence[int]) -> list[tuple[int, int]]:
    """``runs`` cut where a page starts."""
    pieces = []
    for first, last in runs:
        cuts = [start for start in starts if first < start <= last]
        for begin, end in zip([first, *cuts], [c - 1 for c in cuts] + [last], strict=True):
            pieces.append((begin, end))
    return pieces


# A section sheet ------------------------------------------------------------------------------

_RECORD_COLUMNS = (
    _ColumnSpec(6, 7),  # 序号
    _ColumnSpec(12, 12),  # 日期
    _ColumnSpec(10, 18),  # 活动类型: short names, kept on one line
    _ColumnSpec(14, 40, flexible=True),  # 活动名称
    _ColumnSpec(10, 24, flexible=True),  # 地点
    _ColumnSpec(10, 20, flexible=True),  # 主办单位
    _ColumnSpec(10, 20, flexible=True),  # 联合单位
    _ColumnSpec(8, 16, flexible=True),  # 参与对象
    _ColumnSpec(6, 10),  # 经办人: a name
)
_NUMBER_COLUMN = _ColumnSpec(8, 14)
_REMARKS_COLUMN = _ColumnSpec(14, 40, flexible=True)


def _write_section(
    ws: Worksheet, ledger: Ledger, section: SectionSheet, warnings: list[str] | None = None
) -> _RecordRows:
    from core import xlsx_sources  # 填报单位 and 佐证材料 columns (issue 12)

    extra = tuple(xlsx_sources.extra_columns(ledger))
    headers = (
        *RECORD_HEADERS,
        *(_number_heading(c) for c in section.columns),
        REMARKS_HEADER,
        *(heading for heading, _, _ in extra),
    )
    count = len(section.records)
    specs = (
        *_RECORD_COLUMNS,
        *(_NUMBER_COLUMN for _ in section.columns),
        _REMARKS_COLUMN,
        *(_ColumnSpec(*width, flexible=True) for _, _, width in extra),
    )
    totals: list[tuple[Value, str]] = []

    def totals_row() -> Iterator[list[tuple[Value, str]]]:
        # Made after the walk over the rows: the records keep their sums on that walk.
        if count:
            totals.extend(_total_cells(section) + [(None, TOTAL)] * len(extra))
        yield totals

    rows = _section_rows(section, extra, warnings)
    widths = _column_widths(specs, headers, itertools.chain(rows, totals_row()))
    _set_widths(ws, widths)
    _write_heading(ws, _section_title(ledger, section), _info_line(ledger), headers, widths)
    if count:
        _write_totals(ws, FIRST_DATA_ROW + count, totals)
        _write_signature(ws, FIRST_DATA_ROW + count + 2, len(headers))
    else:
        _write_no_records(ws, len(headers))
        _write_signature(ws, FIRST_DATA_ROW + 2, len(headers))
    _set_page_layout(ws)
    return _RecordRows(FIRST_DATA_ROW, section, widths, extra)


def _section_rows(
    section: SectionSheet, extra: tuple = (), warnings: list[str] | None = None
) -> Iterator[list[tuple[Value, str]]]:
    """The cells of each record row, made as they are needed (twice: widths, then writing),
    never all kept: a quarter of 125,000 records is written in bounded memory. ``extra``:
    the columns of the ledger over sources (填报单位, 佐证材料); ``warnings``: a list to
    add ``export_warnings``' lines to."""
    for number, record in enumerate(section.records, 1):
        if warnings is not None:
            warnings += _record_warnings(section.name, number, record)
        cells = _record_cells(number, record, section)
        yield cells + [(_cell_value(cell(record)), TEXT) for _, cell, _ in extra]


def _number_heading(column: Column) -> str:
    """参训人次 over （人次）: the unit on a line of its own rather than split mid-bracket."""
    heading = _cell_text(column.heading)
    return heading.replace("（", "\n（", 1) if column.unit else heading


def _record_cells(number: int, record: Record, section: SectionSheet) -> list[tuple[Value, str]]:
    cells: list[tuple[Value, str]] = [
        (number, CENTERED),
        (record.date, DATE),
        (_cell_value(record.type_name), CENTERED),
        (_cell_value(record.title), TEXT),
        (_cell_value(record.location), TEXT),
        (_cell_value(record.organizer), TEXT),
        (_cell_value(record.partners), TEXT),
        (_cell_value(record.audience), TEXT),
        (_cell_value(record.handler), CENTERED),
    ]
    for column, value in zip(section.columns, record.numbers, strict=True):
        cells.append((_cell_value(value), DECIMAL if column.decimal else INTEGER))
    cells.append((_cell_value(record.remarks), TEXT))
    return cells


def _total_cells(section: SectionSheet) -> list[tuple[Value, str]]:
    """The 合计 row: the label (merged over the text columns later), the sums as values."""
    cells: list[tuple[Value, str]] = [(TOTAL_LABEL, TOTAL)]
    cells += [(None, TOTAL)] * (len(RECORD_HEADERS) - 1)
    for column, total in zip(section.columns, section.totals, strict=True):
        cells.append((_cell_value(total), TOTAL_DECIMAL if column.decimal else TOTAL_INTEGER))
    cells.append((None, TOTAL))
    return cells


def _write_totals(ws: Worksheet, row: int, cells: Sequence[tuple[Value, str]]) -> None:
    _put_row(ws, row, cells)
    _merge(ws, row, 1, row, len(RECORD_HEADERS))
    ws.row_dimensions[row].height = _height_for_lines(1)


def _write_no_records(ws: Worksheet, column_count: int) -> None:
    _put_row(ws, FIRST_DATA_ROW, [(NO_RECORDS, CENTERED)] + [(None, CENTERED)] * (column_count - 1))
    _merge(ws, FIRST_DATA_ROW, 1, FIRST_DATA_ROW, column_count)
    ws.row_dimensions[FIRST_DATA_ROW].height = _height_for_lines(1)


# Widths, heights and printing -----------------------------------------------------------------


def _column_widths(
    specs: Sequence[_ColumnSpec],
    headers: Sequence[str],
    rows: Iterable[Sequence[tuple[Value, str]]],
) -> list[float]:
    """One pass over ``rows`` (a stream: a section's rows are made again to be written)."""
    longest = [0] * len(specs)
    for row in rows:
        for index, (value, style) in enumerate(row[: len(specs)]):
            width = _shown_width(value, style)
            if width > longest[index]:
                longest[index] = width
    natural = [
        _natural_width(spec, heading, longest[index])
        for index, (spec, heading) in enumerate(zip(specs, headers, strict=True))
    ]
    return _fit_to_page(natural, specs, PAGE_WIDTH_BUDGET)


def _set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _natural_width(spec: _ColumnSpec, heading: str, longest: int) -> float:
    """Wide enough for the longest value (within the spec) and for the heading in two lines."""
    if "\n" in heading:
        longest = max(longest, *(_display_width(line) for line in heading.split("\n")))
    else:
        longest = max(longest, math.ceil(_display_width(heading) / 2))
    wanted = math.ceil(longest * GLYPH_SPREAD * 2) / 2 + CELL_PADDING  # one line, by _text_lines
    return float(min(max(wanted, spec.minimum), spec.maximum))


def _shown_width(value: Value, style: str) -> int:
    if isinstance(value, str):
        return _display_width(value) + (2 if style == SUBTEXT else 0)  # its indent
    if isinstance(value, int | float):
        return len(_number_text(value, style in (DECIMAL, TOTAL_DECIMAL)))
    return 0  # dates and empty cells: their columns have a fixed width


def _fit_to_page(widths: list[float], specs: Sequence[_ColumnSpec], budget: float) -> list[float]:
    """Narrow the flexible columns, each in proportion to its text, until the sheet fits
    ``budget``, so it prints at a readable size once fitted to the page width. Texts then
    wrap into about as many lines in every column; no column goes below its minimum."""
    room = budget - sum(w for w, s in zip(widths, specs, strict=True) if not s.flexible)
    flexible = [(w, s.minimum) for w, s in zip(widths, specs, strict=True) if s.flexible]

    def scaled(width: float, minimum: float, factor: float) -> float:
        return min(width, max((width - CELL_PADDING) * factor + CELL_PADDING, minimum))

    if sum(w for w, _ in flexible) <= room:
        return widths
    low, high = 0.0, 1.0
    for _ in range(20):  # bisect the largest factor that fits
        middle = (low + high) / 2
        fits = sum(scaled(w, minimum, middle) for w, minimum in flexible) <= room
        low, high = (middle, high) if fits else (low, middle)
    return [
        math.floor(scaled(w, s.minimum, low) * 2) / 2 if s.flexible else w
        for w, s in zip(widths, specs, strict=True)
    ]


def _header_cells(headers: Sequence[str]) -> list[tuple[Value, str]]:
    return [(heading, HEADER) for heading in headers]


def _row_height(
    cells: Sequence[tuple[Value, str]], widths: Sequence[float], skip: Iterable[int] = ()
) -> float:
    """Points for the row's tallest wrapped text.

    Set on every row rather than left to the reader: LibreOffice keeps the default height
    of an imported row, and a page break estimate needs the heights anyway.
    """
    lines = 1
    for index, (value, _style) in enumerate(cells):
        if type(value) is str and index not in skip:
            lines = max(lines, _text_lines(value, widths[index]))
    return _height_for_lines(lines)


def _text_lines(text: str, width: float) -> int:
    """Lines ``text`` wraps into in a column ``width`` wide (Chinese breaks anywhere)."""
    usable = max(width - CELL_PADDING, 1) / GLYPH_SPREAD
    if "\n" in text:
        return sum(_text_lines(line, width) for line in text.split("\n"))
    if 2 * len(text) <= usable:  # no character is wider than 2
        return 1
    return max(1, math.ceil(_display_width(text) / usable))


def _height_for_lines(lines: int) -> float:
    return round(lines * LINE_HEIGHT + ROW_PADDING, 1)


def _set_page_layout(ws: Worksheet) -> None:
    """A4 landscape, one page wide, header row on every page, page numbers in the footer."""
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    # The title with the header: every printed page says which ledger and section it is.
    ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(
        left=MARGIN_SIDE,
        right=MARGIN_SIDE,
        top=MARGIN_TOP,
        bottom=MARGIN_BOTTOM,
        header=0.3,
        footer=0.3,
    )
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 10


# Styles ---------------------------------------------------------------------------------------


def _register_styles(workbook: Workbook) -> None:
    # The workbook's own default (Normal) is 宋体 too: what a clerk types later, in a cell
    # of no style of ours, looks like the rest (openpyxl's default is Calibri).
    body = Font(name=BODY_FONT, size=BODY_SIZE, charset=GB2312_CHARSET, family=3)
    workbook._fonts = IndexedList([body])
    normal = next(s for s in workbook._named_styles if s.name == "Normal")
    normal.font = body
    for style in _named_styles():
        workbook.add_named_style(style)


def _named_styles() -> list[NamedStyle]:
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = Font(name=BODY_FONT, size=BODY_SIZE, charset=GB2312_CHARSET)
    heading_body = Font(name=HEADING_FONT, size=BODY_SIZE, charset=GB2312_CHARSET)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    right = Alignment(horizontal="right", vertical="center")

    def cell_style(name, font=body, alignment=center, number_format="General", border=box):
        return NamedStyle(
            name=name,
            font=copy(font),
            border=copy(border),
            alignment=copy(alignment),
            number_format=number_format,
        )

    return [
        cell_style(
            TITLE,
            font=Font(name=HEADING_FONT, size=TITLE_SIZE, bold=True, charset=GB2312_CHARSET),
            border=Border(),
        ),
        cell_style(
            INFO, alignment=Alignment(horizontal="left", vertical="center"), border=Border()
        ),
        cell_style(HEADER, font=heading_body),
        cell_style(TEXT, alignment=left),
        cell_style(
            SUBTEXT,
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1),
        ),
        cell_style(CENTERED),
        cell_style(DATE, number_format=DATE_FORMAT),
        cell_style(INTEGER, alignment=right, number_format=INTEGER_FORMAT),
        cell_style(DECIMAL, alignment=right, number_format=DECIMAL_FORMAT),
        cell_style(PERCENT, alignment=right, number_format=PERCENT_FORMAT),
        cell_style(TOTAL, font=heading_body),
        cell_style(TOTAL_INTEGER, font=heading_body, alignment=right, number_format=INTEGER_FORMAT),
        cell_style(TOTAL_DECIMAL, font=heading_body, alignment=right, number_format=DECIMAL_FORMAT),
    ]


def _style_ids(workbook: Workbook, sheet: Worksheet) -> dict[tuple[str, bool], int]:
    """The cell format (xf) index of each named style, plain and with quotePrefix."""
    ids = {}
    for name in workbook.named_styles:
        probe = Cell(sheet)  # never placed on the sheet; only its style indexes are used
        probe.style = name
        for quoted in (False, True):
            array = copy(probe._style)
            array.quotePrefix = int(quoted)
            ids[name, quoted] = workbook._cell_styles.add(array)
    return ids


# ---------------------------------------------------------------------------------------------
# Writing the file


def _office_lock_file(target: Path) -> Path | None:
    """The lock file Excel/WPS (``~$name``) or LibreOffice (``.~lock.name#``) keeps beside a
    file it has open, if there is one."""
    for name in (f"~${target.name}", f".~lock.{target.name}#"):
        lock = target.with_name(name)
        if lock.exists():
            return lock
    return None


def _write_into_place(book: _Book, target: Path, sheet_written: Callable[[], None]) -> None:
    """Write to a temporary file in the target's folder, then move it over the target.

    The move is atomic on one file system, so readers see the old file or the new one,
    never a part; on any failure the temporary file goes and the target stays as it was.
    """
    temporary = target.with_name(f".~taizhang-{secrets.token_hex(6)}.xlsx.partial")
    created = False
    try:
        try:
            with open(temporary, "xb") as stream:
                created = True
                _save_workbook(book, stream, sheet_written)
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:
            raise _export_error(error, target, replacing=False) from error
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise _export_error(error, target, replacing=True) from error
    except BaseException:
        if created:
            _remove_quietly(temporary)
        raise


def _export_error(error: OSError, target: Path, *, replacing: bool) -> TaizhangError:
    path = str(target)
    if isinstance(error, PermissionError):
        # Excel and WPS on Windows hold an open file so that it cannot be replaced; a
        # folder we cannot write in fails already while the temporary file is written.
        if _office_lock_file(target) is not None or (replacing and target.exists()):
            return TaizhangError("export_locked", path=path)
        return TaizhangError("export_no_permission", path=path)
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return TaizhangError("export_disk_full", path=path)
    return TaizhangError("export_failed", reason=error.strerror or str(error))


def _remove_quietly(path: Path) -> None:
    # The export already failed; its own error is the one to report.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _save_workbook(book: _Book, stream: BinaryIO, sheet_written: Callable[[], None]) -> None:
    """openpyxl's ``save_workbook``, with our sheet writer and without stamping the time."""
    with ZipFile(stream, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _LedgerExcelWriter(book, archive, sheet_written).write_data()


class _LedgerExcelWriter(ExcelWriter):
    def __init__(self, book: _Book, archive: ZipFile, sheet_written: Callable[[], None]):
        super().__init__(book.workbook, archive)
        self._record_rows = book.record_rows
        self._style_ids = _style_ids(book.workbook, book.workbook.worksheets[0])
        self._sheet_written = sheet_written

    def write_worksheet(self, ws: Worksheet) -> None:
        # As ExcelWriter.write_worksheet, but in memory: no temporary files of openpyxl's
        # own in the system's temp folder.
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        # Straight into the zip: a sheet of 125,000 rows is never held whole in memory.
        with self._archive.open(ws.path[1:], "w", force_zip64=True) as out:
            writer = _SheetWriter(ws, self._record_rows.get(ws.title), self._style_ids, out)
            writer.write()
        ws._rels = writer._rels
        self.manifest.append(ws)
        self._sheet_written()


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, plus the record rows kept aside, in their place."""

    def __init__(
        self,
        ws: Worksheet,
        record_rows: _RecordRows | None,
        style_ids: dict[tuple[str, bool], int],
        out: BinaryIO,
    ) -> None:
        super().__init__(ws, out=out)
        self._record_rows = record_rows
        self._style_ids = style_ids

    def write_rows(self) -> None:
        xf = self.xf.send(True)
        pending = self._record_rows
        with xf.element("sheetData"):
            for row_index, cells in self.rows():
                if pending is not None and row_index >= pending.first_row:
                    self._write_record_rows(xf, pending)
                    pending = None
                self.write_row(xf, cells, row_index)
            if pending is not None:
                self._write_record_rows(xf, pending)
        self.xf.send(None)

    def _write_record_rows(self, xf, record_rows: _RecordRows) -> None:
        raw = _raw_writer(xf)
        if raw is None:
            self._write_record_cells(xf, record_rows)
            return
        render = _RowRenderer(self._style_ids, self.ws.parent.epoch)
        for row_index, cells, height in _numbered(record_rows):
            raw(render.row_xml(row_index, cells, height))

    def _write_record_cells(self, xf, record_rows: _RecordRows) -> None:
        """The slow way, through openpyxl cells: when rows cannot be written as text."""
        ws = self.ws
        for row_index, cells, height in _numbered(record_rows):
            with xf.element("row", {"r": f"{row_index}", "ht": f"{height:g}", "customHeight": "1"}):
                for column, (value, style) in enumerate(cells, 1):
                    cell = Cell(ws, row=row_index, column=column)
                    quoted = isinstance(value, str) and _looks_like_formula(value)
                    cell._style = copy(ws.parent._cell_styles[self._style_ids[style, quoted]])
                    if value is not None:
                        cell._value = value
                        cell.data_type = _data_type(value)
                    write_cell(xf, ws, cell, True)


def _numbered(record_rows: _RecordRows) -> Iterable[tuple[int, list[tuple[Value, str]], float]]:
    """(row number, cells, height) of each record row."""
    widths = record_rows.widths
    for row_index, cells in enumerate(
        _section_rows(record_rows.section, record_rows.extra), record_rows.first_row
    ):
        yield row_index, cells, _row_height(cells, widths)


def _raw_writer(xf) -> Callable[[str], object] | None:
    """The text writer under openpyxl's XML stream, when it is et_xmlfile's (openpyxl without
    lxml, as we ship it); None otherwise, and the rows then go through openpyxl cells."""
    if _IncrementalFileWriter is None or not isinstance(xf, _IncrementalFileWriter):
        return None
    write = getattr(xf, "_file", None)
    return write if callable(write) else None


def _data_type(value: Value) -> str:
    if isinstance(value, str):
        return "s"
    if isinstance(value, dt.date):
        return "d"
    return "n"


class _RowRenderer:
    """A record row as the XML openpyxl would write for it (``<row>`` of ``<c>`` cells)."""

    def __init__(self, style_ids: dict[tuple[str, bool], int], epoch: dt.datetime) -> None:
        self._style_ids = style_ids
        self._epoch = epoch
        self._serials: dict[dt.date, str] = {}
        self._letters = [get_column_letter(i) for i in range(1, 200)]

    def row_xml(self, row_index: int, cells: Sequence[tuple[Value, str]], height: float) -> str:
        ids = self._style_ids
        row = str(row_index)
        parts = [f'<row r="{row}" ht="{height:g}" customHeight="1">']
        for letter, (value, style) in zip(self._letters, cells, strict=False):
            ref = letter + row
            if value is None:
                parts.append(f'<c r="{ref}" s="{ids[style, False]}"/>')
            elif isinstance(value, str):
                parts.append(self._text_xml(ref, value, ids[style, _looks_like_formula(value)]))
            elif isinstance(value, dt.date):
                parts.append(
                    f'<c r="{ref}" s="{ids[style, False]}" t="n"><v>{self._serial(value)}</v></c>'
                )
            else:
                parts.append(f'<c r="{ref}" s="{ids[style, False]}" t="n"><v>{value:.16g}</v></c>')
        parts.append("</row>")
        return "".join(parts)

    @staticmethod
    def _text_xml(ref: str, text: str, style_id: int) -> str:
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return (
            f'<c r="{ref}" s="{style_id}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
        )

    def _serial(self, date: dt.date) -> str:
        serial = self._serials.get(date)
        if serial is None:
            serial = self._serials[date] = f"{to_excel(date, self._epoch):.16g}"
        return serial

"""A section sheet: one row per record of the period (a stream, never held whole: the rows
are made once for the widths and again as the writer writes them), the 合计 row, the
signature."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from core.ledger import Column, Ledger, Record, SectionSheet
from core.xlsx import sources
from core.xlsx.cells import Value, cell_text, cell_value, merge, put_row, record_warnings
from core.xlsx.layout import (
    FIRST_DATA_ROW,
    SIGNATURE_HEIGHT,
    ColumnSpec,
    blank_form_widths,
    column_widths,
    height_for_lines,
    info_line,
    page_starts_with_the_end,
    pages_across,
    set_page_layout,
    set_widths,
    write_heading,
    write_signature,
)
from core.xlsx.styles import (
    CENTERED,
    DATE,
    DECIMAL,
    INTEGER,
    TEXT,
    TOTAL,
    TOTAL_DECIMAL,
    TOTAL_INTEGER,
)
from core.xlsx.writer import RecordRows

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


def _section_title(ledger: Ledger, section: SectionSheet) -> str:
    return f"{ledger.title_prefix()}{section.name}工作台账"


_RECORD_COLUMNS = (
    ColumnSpec(6, 7),  # 序号
    ColumnSpec(12, 12),  # 日期
    ColumnSpec(10, 18),  # 活动类型: short names, kept on one line
    ColumnSpec(14, 40, flexible=True),  # 活动名称
    ColumnSpec(10, 24, flexible=True),  # 地点
    ColumnSpec(10, 20, flexible=True),  # 主办单位
    ColumnSpec(10, 20, flexible=True),  # 联合单位
    ColumnSpec(8, 16, flexible=True, whole=12),  # 参与对象: up to 6 characters unbroken
    ColumnSpec(6, 10),  # 经办人: a name
)
_NAMING_COLUMNS = 4  # 序号, 日期, 活动类型, 活动名称: what names a record on every page
_NUMBER_COLUMN = ColumnSpec(8, 14)
_REMARKS_COLUMN = ColumnSpec(14, 40, flexible=True)


def write_section(
    ws: Worksheet, ledger: Ledger, section: SectionSheet, warnings: list[str] | None = None
) -> RecordRows | None:
    """The sheet of ``section`` but its record rows: those are returned, for the writer
    (None when the period has no records)."""
    extra = tuple(sources.extra_columns(ledger))  # 填报单位 and 佐证材料 (issue 12)
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
        *(ColumnSpec(*width, flexible=True) for _, _, width in extra),
    )
    totals: list[tuple[Value, str]] = []

    def totals_row() -> Iterator[list[tuple[Value, str]]]:
        # Made after the walk over the rows: the records keep their sums on that walk.
        if count:
            totals.extend(_total_cells(section) + [(None, TOTAL)] * len(extra))
        yield totals

    rows = _section_rows(section, extra, warnings)
    if count:
        widths = column_widths(specs, headers, itertools.chain(rows, totals_row()))
    else:  # nothing to fit the columns to: the blank form, across the page
        widths = blank_form_widths(specs, headers, _section_title(ledger, section))
    set_widths(ws, widths)
    # Too wide to print at 85 % on one page: pages across, each with 序号 … 活动名称. (The
    # widths stay those fitted to one page: wider text columns would make fewer, fuller
    # pages, but LibreOffice then prints them below 85 %.)
    pages = pages_across(widths, _NAMING_COLUMNS)
    span = _NAMING_COLUMNS if pages > 1 else len(headers)
    title = _section_title(ledger, section)
    if pages > 1:  # over the repeated columns only: the section's name on a line of its own
        title = f"{ledger.title_prefix()}\n{section.name}工作台账"
    heading_height = write_heading(ws, title, info_line(ledger), headers, widths, span)
    if count:
        _write_totals(ws, FIRST_DATA_ROW + count, totals, span)
        write_signature(ws, FIRST_DATA_ROW + count + 2, span)
    else:
        _write_no_records(ws, len(headers))
        write_signature(ws, FIRST_DATA_ROW + 2, span)
    set_page_layout(ws, pages, _NAMING_COLUMNS)
    if not count:
        return None
    breaks = _breaks_keeping_the_end(ws, count, heading_height) if pages > 1 else None
    return RecordRows(FIRST_DATA_ROW, lambda: _section_rows(section, extra), widths, breaks)


# Excel refuses a sheet of more than 1,026 manual page breaks (and says the file is
# damaged); a section this long prints with the printer's own breaks.
MAX_PAGE_BREAKS = 1000


def _breaks_keeping_the_end(ws: Worksheet, count: int, heading_height: float):
    """Page breaks of our own for a sheet printed pages across, once its rows' heights are
    known: printed left to right then down, a band of pages holding only the signature
    printed it alone, and the band's right-hand pages blank."""
    signature = ws.row_dimensions[FIRST_DATA_ROW + count + 2].height or SIGNATURE_HEIGHT
    tail = [height_for_lines(1), height_for_lines(1), signature]  # 合计, a blank row

    def place(heights: list[float]) -> None:
        starts = page_starts_with_the_end(heights, tail, heading_height)
        if len(starts) > MAX_PAGE_BREAKS:
            return  # more than Excel takes in a sheet: the printer's own breaks then
        for start in starts:
            ws.row_breaks.append(Break(id=FIRST_DATA_ROW + start - 1))

    return place


def _section_rows(
    section: SectionSheet, extra: tuple = (), warnings: list[str] | None = None
) -> Iterator[list[tuple[Value, str]]]:
    """The cells of each record row, made as they are needed (twice: widths, then writing),
    never all kept: a quarter of 125,000 records is written in bounded memory. ``extra``:
    the columns of the ledger over sources (填报单位, 佐证材料); ``warnings``: a list to
    add ``export_warnings``' lines to."""
    for number, record in enumerate(section.records, 1):
        if warnings is not None:
            warnings += record_warnings(section.name, number, record)
        cells = _record_cells(number, record, section)
        yield cells + [(cell_value(cell(record)), TEXT) for _, cell, _ in extra]


def _number_heading(column: Column) -> str:
    """参训人次 over （人次）: the unit on a line of its own rather than split mid-bracket."""
    heading = cell_text(column.heading)
    return heading.replace("（", "\n（", 1) if column.unit else heading


def _record_cells(number: int, record: Record, section: SectionSheet) -> list[tuple[Value, str]]:
    cells: list[tuple[Value, str]] = [
        (number, CENTERED),
        (record.date, DATE),
        (cell_value(record.type_name), CENTERED),
        (cell_value(record.title), TEXT),
        (cell_value(record.location), TEXT),
        (cell_value(record.organizer), TEXT),
        (cell_value(record.partners), TEXT),
        (cell_value(record.audience), TEXT),
        (cell_value(record.handler), CENTERED),
    ]
    for column, value in zip(section.columns, record.numbers, strict=True):
        cells.append((cell_value(value), DECIMAL if column.decimal else INTEGER))
    cells.append((cell_value(record.remarks), TEXT))
    return cells


def _total_cells(section: SectionSheet) -> list[tuple[Value, str]]:
    """The 合计 row: the label (merged over the text columns later), the sums as values."""
    cells: list[tuple[Value, str]] = [(TOTAL_LABEL, TOTAL)]
    cells += [(None, TOTAL)] * (len(RECORD_HEADERS) - 1)
    for column, total in zip(section.columns, section.totals, strict=True):
        cells.append((cell_value(total), TOTAL_DECIMAL if column.decimal else TOTAL_INTEGER))
    cells.append((None, TOTAL))
    return cells


def _write_totals(
    ws: Worksheet, row: int, cells: Sequence[tuple[Value, str]], span: int = len(RECORD_HEADERS)
) -> None:
    """The 合计 row, its label across ``span`` columns (those every page repeats, when the
    sheet prints pages across: the label then shows on each)."""
    put_row(ws, row, cells)
    merge(ws, row, 1, row, min(span, len(RECORD_HEADERS)))
    ws.row_dimensions[row].height = height_for_lines(1)


def _write_no_records(ws: Worksheet, column_count: int) -> None:
    put_row(ws, FIRST_DATA_ROW, [(NO_RECORDS, CENTERED)] + [(None, CENTERED)] * (column_count - 1))
    merge(ws, FIRST_DATA_ROW, 1, FIRST_DATA_ROW, column_count)
    ws.row_dimensions[FIRST_DATA_ROW].height = height_for_lines(1)

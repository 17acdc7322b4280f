"""The 汇总 sheet: one row per figure of the ledger (merged over each section's and type's
run of rows, cut where a page breaks), the block of standing indicators, the signature."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from core.ledger import Figure, Ledger
from core.xlsx.cells import Cells, Value, cell_value, display_width, merge, put_row
from core.xlsx.layout import (
    FIRST_DATA_ROW,
    SIGNATURE_HEIGHT,
    ColumnSpec,
    column_widths,
    height_for_lines,
    info_line,
    page_starts,
    row_height,
    set_page_layout,
    set_widths,
    split_runs,
    text_lines,
    write_heading,
    write_signature,
)
from core.xlsx.styles import CENTERED, DECIMAL, HEADER, INTEGER, PERCENT, SUBTEXT, TEXT

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
# A quarter's or a month's block, under the figures' 上年同期累计 and 上年同期 columns.
# Broken where a reader would, not at whatever character the column's edge falls on.
INDICATOR_SAME_SPAN_HEADERS = ("上年同期\n累计/期末", SAME_SPAN_HEADER)
NO_CHANGE = "—"  # 同比增减 when last year had nothing to compare with


def summary_title(ledger: Ledger) -> str:
    return f"{ledger.title_prefix()}科技工作台账汇总表"


_SUMMARY_COLUMNS = (
    ColumnSpec(6, 6),  # 序号
    ColumnSpec(12, 26, flexible=True),  # 工作板块: merged over its rows, in two lines at most
    ColumnSpec(10, 22, flexible=True, whole=12),  # 活动类型: up to 6 characters unbroken
    ColumnSpec(8, 20, flexible=True, whole=14),  # 指标: 其中：国家级 (indented) unbroken
    ColumnSpec(6, 8),  # 单位
    ColumnSpec(10, 16),  # 本期
    ColumnSpec(11, 16),  # 本年累计
    ColumnSpec(11, 16),  # 上年同期累计: the heading as 上年同期 / 累计
    ColumnSpec(11, 16),  # 同比增减(%): as 同比增减 / (%)
)
_SECTION_COLUMN, _TYPE_COLUMN = 1, 2  # 0-based; merged over their runs of rows


def summary_headers(ledger: Ledger) -> tuple[str, ...]:
    """序号 … 上年同期累计 [上年同期] 同比增减(%) 年度目标 完成进度(%)."""
    headers = list(SUMMARY_HEADERS)
    if ledger.shows_same_span_last_year:
        headers.insert(headers.index("上年同期累计") + 1, SAME_SPAN_HEADER)
    return (*headers, *TARGET_HEADERS)


def _summary_specs(ledger: Ledger) -> tuple[ColumnSpec, ...]:
    specs = list(_SUMMARY_COLUMNS)
    if ledger.shows_same_span_last_year:
        specs.insert(SUMMARY_HEADERS.index("上年同期累计") + 1, ColumnSpec(10, 16))
    return (*specs, ColumnSpec(10, 14), ColumnSpec(11, 14))  # 年度目标, 完成进度(%)


def write_summary(ws: Worksheet, ledger: Ledger) -> None:
    rows = [
        _figure_cells(number, figure, ledger) for number, figure in enumerate(ledger.figures, 1)
    ]
    headers = summary_headers(ledger)
    indicator_rows = _indicator_rows(ledger, len(ledger.figures) + 1, len(headers))
    widths = column_widths(_summary_specs(ledger), headers, rows)
    set_widths(ws, widths)
    title, info = summary_title(ledger), info_line(ledger)
    heading_height = write_heading(ws, title, info, headers, widths)
    runs_by_column = {
        _SECTION_COLUMN: _runs([f.section for f in ledger.figures]),
        _TYPE_COLUMN: _runs([(f.section, f.type_name) for f in ledger.figures]),
    }
    heights = [row_height(cells, widths, skip=runs_by_column) for cells in rows]
    for column, runs in runs_by_column.items():
        _grow_for_merged_text(heights, runs, rows, column, widths[column])
    for cells in indicator_rows[1:]:  # a section's name on two lines, broken after 、
        cells[1] = (_section_lines(cells[1][0], widths[_SECTION_COLUMN]), cells[1][1])
    indicator_heights = [_indicator_row_height(cells, widths) for cells in indicator_rows]
    # Page breaks of our own, and merged cells cut at them: a merged cell across a page
    # break prints its text half on each page.
    starts = _page_starts_keeping_the_end(heights, indicator_heights, heading_height)
    for start in starts:
        ws.row_breaks.append(Break(id=FIRST_DATA_ROW + start - 1))
    starts = [start for start in starts if start < len(rows)]
    for column, runs in runs_by_column.items():
        runs = split_runs(runs, starts)
        # Rarely a short piece needs a taller row; the 5 % spare on each page absorbs it.
        _grow_for_merged_text(heights, runs, rows, column, widths[column])
        _blank_covered_cells(rows, column, runs)
        _merge_runs(ws, column + 1, runs)
    for row, (cells, height) in enumerate(zip(rows, heights, strict=True), FIRST_DATA_ROW):
        put_row(ws, row, cells)
        ws.row_dimensions[row].height = height
    after = FIRST_DATA_ROW + len(rows)
    if indicator_rows:
        after += 1  # a blank row, then the block of standing indicators
        for cells, height in zip(indicator_rows, indicator_heights, strict=True):
            put_row(ws, after, cells)
            merge(ws, after, 3, after, 4)  # 统计指标 across 活动类型 and 指标
            ws.row_dimensions[after].height = height
            after += 1
    write_signature(ws, after + 1, len(headers))
    set_page_layout(ws)


def _indicator_row_height(cells: Cells, widths: Sequence[float]) -> float:
    name = text_lines(str(cells[2][0]), widths[2] + widths[3])
    others = row_height([c for i, c in enumerate(cells) if i != 2], widths[:2] + widths[3:])
    return max(height_for_lines(name), others)


def _page_starts_keeping_the_end(
    heights: Sequence[float], indicator_heights: Sequence[float], heading_height: float
) -> list[int]:
    """``page_starts`` of the figure rows, the block of indicators and the signature, with
    the end kept together: a page break due inside the block goes before it (under the
    figures' header, indicators would be read as figures), and the signature never
    stands alone on the last page (the last figure row goes over with it)."""
    blank = height_for_lines(1)
    block = [blank, *indicator_heights] if indicator_heights else []
    tail = [*block, blank, SIGNATURE_HEIGHT]
    starts = page_starts([*heights, *tail], heading_height)
    if starts and starts[-1] >= len(heights):
        # The block's heading row, or else the last figure row, begins the last page.
        last = len(heights) + 1 if indicator_heights else len(heights) - 1
        starts = [start for start in starts if start < last] + ([last] if last > 0 else [])
    return starts


def _figure_cells(number: int, figure: Figure, ledger: Ledger) -> list[tuple[Value, str]]:
    amount = DECIMAL if figure.decimal else INTEGER
    change = figure.change_percent
    cells = [
        (number, CENTERED),
        (cell_value(figure.section), CENTERED),
        (cell_value(figure.type_name), CENTERED),
        (cell_value(figure.indicator), SUBTEXT if figure.is_breakdown else TEXT),
        (cell_value(figure.unit), CENTERED),
        (cell_value(figure.current), amount),
        (cell_value(figure.year_to_date), amount),
        (cell_value(figure.last_year), amount),
    ]
    if ledger.shows_same_span_last_year:
        cells.append((cell_value(figure.same_span_last_year), amount))
    cells.append((NO_CHANGE, CENTERED) if change is None else (change, PERCENT))
    return cells + _target_cells(figure.target, figure.progress, amount)


def _target_cells(target, progress, amount: str) -> list[tuple[Value, str]]:
    """年度目标 and 完成进度(%): blank where no target is set; the target as its row's
    figures are printed (a fraction of a count with its places)."""
    if target is None:
        return [(None, amount), (None, PERCENT)]
    return [(target, amount if float(target).is_integer() else DECIMAL), (progress, PERCENT)]


def _indicator_rows(ledger: Ledger, first_number: int, width: int) -> list:
    """The block of standing indicators, in the 汇总's columns: a heading row, then one
    row per indicator (``—`` where nothing was reported)."""
    if not ledger.indicators:
        return []
    same_span = ledger.shows_same_span_last_year
    heading = ["序号", "工作板块", INDICATOR_HEADERS[0], None, *INDICATOR_HEADERS[1:4]]
    heading += INDICATOR_SAME_SPAN_HEADERS if same_span else INDICATOR_HEADERS[4:5]
    heading += [INDICATOR_HEADERS[5], *TARGET_HEADERS]
    rows = [[(text, HEADER) for text in heading]]
    for number, figure in enumerate(ledger.indicators, first_number):
        change = figure.change_percent
        amount = DECIMAL if figure.decimal else INTEGER
        cells = [
            (number, CENTERED),
            (cell_value(figure.section), CENTERED),
            (cell_value(f"{figure.name}（{figure.aggregation_name}）"), TEXT),
            (None, TEXT),
            (cell_value(figure.unit), CENTERED),
            *(_reported(value, amount) for value in (figure.current, figure.year_to_date,
                                                     figure.last_year)),
        ]  # fmt: skip
        if same_span:
            cells.append(_reported(figure.same_span_last_year, amount))
        cells.append((NO_CHANGE, CENTERED) if change is None else (change, PERCENT))
        cells += _target_cells(figure.target, figure.progress, amount)
        rows.append(cells[:width])
    return rows


def _section_lines(name: Value, width: float) -> Value:
    """二、创新主体培育 as 二、 over 创新主体培育 where it does not fit one line, never 培/育."""
    # Against the whole width, padding included: LibreOffice, Excel and WPS print
    # 一、科技项目 on one line in a column 13 wide, where text_lines would spare room.
    if not isinstance(name, str) or "、" not in name or display_width(name) <= width:
        return name
    number, rest = name.split("、", 1)
    return f"{number}、\n{rest}"


def _reported(value: float | None, amount: str) -> tuple[Value, str]:
    """An indicator's figure; not reported is ``—``, never 0."""
    if value is None:
        return NO_CHANGE, CENTERED
    return value, amount


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
            merge(ws, FIRST_DATA_ROW + first, column, FIRST_DATA_ROW + last, column)


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
        shortfall = height_for_lines(text_lines(text, width)) - sum(heights[first : last + 1])
        for index in range(first, last + 1):
            heights[index] += max(shortfall, 0) / (last - first + 1)

"""Page layout shared by the sheets: column widths fitted to an A4 landscape page, row
heights for wrapped text, page breaks, the heading rows, the signature block, page setup."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from core.ledger import Ledger
from core.xlsx.cells import Value, cell_text, display_width, merge, put, put_row
from core.xlsx.styles import (
    BODY_SIZE,
    DECIMAL,
    HEADER,
    INFO,
    SUBTEXT,
    TITLE,
    TITLE_SIZE,
    TOTAL_DECIMAL,
)

TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1

# Widths in Excel's units (about one Latin digit; a Chinese character takes two).
# The unit is the width of a digit of the workbook's default font, 宋体 (Normal): wider than
# Calibri's, so A4 landscape holds ~111 at 100 % (measured in LibreOffice's PDF: a sheet of
# 149.5 printed at 72 %). A sheet within 128 prints at 87 % or more.
PAGE_WIDTH_BUDGET = 128
# A sheet wider than that would print below 85 % on one page: it prints on as many pages
# across as keep it at 85 % or more, each page repeating the columns that name the record.
PAGE_WIDTH_AT_FULL_SIZE = 111
READABLE_SCALE = 0.85
# ...unless one page holds it at 75 % or more: a sheet a few units over the budget would
# put a column or two of figures on a second sheet of paper, apart from the records they
# belong to. 75 % by the measurement above (149.5 printed at 72 %: 107.6 units at 100 %).
ONE_PAGE_WIDTH = 143
MAX_PAGES_ACROSS = 4
CELL_PADDING = 2
# A Chinese character counts 2 units: 15 px of 11 pt 宋体 in 16 px, the unit being a 宋体
# digit (8 px: Excel's default width 8.38 is 72 px); LibreOffice's unit is wider still. Row
# heights and one-line widths are estimated with this to spare, so that wrapped text is
# never cut off in Excel or WPS. (1.08 when the unit was Calibri's 7 px digit.)
GLYPH_SPREAD = 1.0
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

_GAP = "\u3000" * 4  # room to sign in
SIGNATURE = f"填报人：{_GAP}审核人：{_GAP}单位负责人：{_GAP}（单位盖章）{_GAP}填报日期："


@dataclass(frozen=True)
class ColumnSpec:
    """How wide a column may be; flexible columns give up width first when the page is full."""

    minimum: float
    maximum: float
    flexible: bool = False
    # Values up to this display width are kept on one line (参与对象 as 科技特派员, never
    # 科技特派/员): the column is never narrowed below the longest of them.
    whole: int = 0


def info_line(ledger: Ledger) -> str:
    made = ledger.made_on
    return (
        f"填报单位：{ledger.unit_name}\u3000填报人：{ledger.staff_name}\u3000"
        f"填报日期：{made.year}年{made.month}月{made.day}日"
    )


def write_heading(
    ws: Worksheet,
    title: str,
    info: str,
    headers: Sequence[str],
    widths: Sequence[float],
    span: int | None = None,
) -> float:
    """Title and info line across the table (or across its first ``span`` columns, those
    every page repeats when it prints more than one page wide), then the header row;
    returns the height of the three, which repeat on every printed page."""
    last = span or len(headers)
    info = broken_at_gaps(info, sum(widths[:last]))
    put(ws, TITLE_ROW, 1, title, TITLE)
    put(ws, INFO_ROW, 1, info, INFO)
    if last > 1:
        merge(ws, TITLE_ROW, 1, TITLE_ROW, last)
        merge(ws, INFO_ROW, 1, INFO_ROW, last)
    # A long section name can wrap the title; 18 pt is 18/11 of the body text.
    title_lines = text_lines(cell_text(title), sum(widths[:last]) * BODY_SIZE / TITLE_SIZE)
    title_height = TITLE_HEIGHT + (title_lines - 1) * TITLE_LINE_HEIGHT
    ws.row_dimensions[TITLE_ROW].height = title_height
    info_lines = text_lines(info, sum(widths[:last]))
    ws.row_dimensions[INFO_ROW].height = max(INFO_HEIGHT, height_for_lines(info_lines))
    put_row(ws, HEADER_ROW, header_cells(headers))
    header_height = row_height(header_cells(headers), widths)
    ws.row_dimensions[HEADER_ROW].height = header_height
    return title_height + ws.row_dimensions[INFO_ROW].height + header_height


def broken_at_gaps(text: str, width: float) -> str:
    """``text`` on as many lines as a cell ``width`` wide needs, broken only where it has a
    gap (填报人：…　审核人：…), never inside 单位盖章 or a date."""
    if text_lines(text, width) <= 1:
        return text
    pieces = re.split(r"(\u3000+)", text)  # words, then the gap after each
    lines, line = [], ""
    for word, gap in itertools.zip_longest(pieces[::2], pieces[1::2], fillvalue=""):
        if line and text_lines(line + word, width) > 1:
            lines.append(line.rstrip("\u3000"))
            line = ""
        line += word + gap
    lines.append(line.rstrip("\u3000"))
    return "\n".join(lines)


def pages_across(widths: Sequence[float], repeated: int) -> int:
    """How many pages wide a sheet prints: 1 while one page holds it at 75 % or more, else
    enough pages to print at 85 % or more, each repeating the first ``repeated`` columns."""
    total = sum(widths)
    if total <= ONE_PAGE_WIDTH:
        return 1
    room = PAGE_WIDTH_AT_FULL_SIZE / READABLE_SCALE
    kept = sum(widths[:repeated])
    # Every page holds the repeated columns and its share of the others.
    needed = math.ceil((total - kept) / max(room - kept, 1))
    return min(max(needed, 2), MAX_PAGES_ACROSS)


SIGNATURE_HEIGHT = INFO_HEIGHT + 8


def write_signature(ws: Worksheet, row: int, width: int) -> None:
    """填报人 … 填报日期 under the table, across ``width`` columns, on the last printed page
    (across the repeated columns of a sheet printed more than one page wide: on its last
    page as on every page of that band)."""
    across = sum(ws.column_dimensions[get_column_letter(c)].width or 8 for c in range(1, width + 1))
    signature = broken_at_gaps(SIGNATURE, across)
    put(ws, row, 1, signature, INFO)
    for column in range(2, width + 1):
        put(ws, row, column, None, INFO)
    merge(ws, row, 1, row, width)
    lines = text_lines(signature, across)
    ws.row_dimensions[row].height = SIGNATURE_HEIGHT + (lines - 1) * LINE_HEIGHT


def page_starts(heights: Sequence[float], heading_height: float) -> list[int]:
    """Indexes of the data rows that begin a printed page, after the first page; every page
    repeats the heading (title, info line, header row: ``set_page_layout``).

    Estimated with no shrinking: fitting to the page width only ever makes more rows fit,
    so the printer never breaks a page before we do.
    """
    starts = []
    room = PRINTABLE_HEIGHT - heading_height
    used = 0.0
    for index, height in enumerate(heights):
        if used and used + height > room:
            starts.append(index)
            used = 0.0
        used += height
    return starts


def page_starts_with_the_end(
    heights: Sequence[float], tail: Sequence[float], heading_height: float
) -> list[int]:
    """``page_starts`` of ``heights`` and the rows under them (合计, signature), the end
    kept together: when the rows under would begin the last page alone, the last row above
    goes over with them."""
    starts = page_starts([*heights, *tail], heading_height)
    if starts and starts[-1] >= len(heights):
        last = len(heights) - 1
        starts = [start for start in starts if start < last] + ([last] if last > 0 else [])
    return starts


def split_runs(runs: Sequence[tuple[int, int]], starts: Sequence[int]) -> list[tuple[int, int]]:
    """``runs`` cut where a page starts."""
    pieces = []
    for first, last in runs:
        cuts = [start for start in starts if first < start <= last]
        for begin, end in zip([first, *cuts], [c - 1 for c in cuts] + [last], strict=True):
            pieces.append((begin, end))
    return pieces


def column_widths(
    specs: Sequence[ColumnSpec],
    headers: Sequence[str],
    rows: Iterable[Sequence[tuple[Value, str]]],
) -> list[float]:
    """One pass over ``rows`` (a stream: a section's rows are made again to be written)."""
    longest = [0] * len(specs)
    longest_whole = [0] * len(specs)
    wholes = [spec.whole for spec in specs]
    for row in rows:
        for index, (value, style) in enumerate(row[: len(specs)]):
            width = _shown_width(value, style)
            if width > longest[index]:
                longest[index] = width
            if longest_whole[index] < width <= wholes[index]:
                longest_whole[index] = width
    # A text column nothing fills is as wide as its heading (on two lines): its room goes
    # to the columns that hold text (活动名称 on one line, not three).
    specs = [
        replace(spec, minimum=_natural_width(replace(spec, minimum=0), heading, 0))
        if spec.flexible and not longest[index]
        else spec
        for index, (spec, heading) in enumerate(zip(specs, headers, strict=True))
    ]
    natural = [
        _natural_width(spec, heading, longest[index])
        for index, (spec, heading) in enumerate(zip(specs, headers, strict=True))
    ]
    floors = [
        replace(spec, minimum=min(max(spec.minimum, _one_line(longest_whole[i])), spec.maximum))
        for i, spec in enumerate(specs)
    ]
    return _fit_to_page(natural, floors, PAGE_WIDTH_BUDGET)


def blank_form_widths(
    specs: Sequence[ColumnSpec], headers: Sequence[str], title: str
) -> list[float]:
    """The widths of a sheet without records, printed as the blank form: every heading on
    one line, then the flexible columns widened (each towards its maximum) until the table
    spans the page at full size and its title fits on one line. The widths fitted to text
    (``column_widths``) had nothing to fit: the table took half the page, 活动名称 wrapped to
    活动名/称 and the title broke mid-word."""
    widths = [
        float(min(max(_one_line(max(map(display_width, h.split("\n")))), s.minimum), s.maximum))
        for s, h in zip(specs, headers, strict=True)
    ]
    title_width = _one_line(display_width(cell_text(title))) * TITLE_SIZE / BODY_SIZE
    target = min(max(PAGE_WIDTH_AT_FULL_SIZE, title_width), PAGE_WIDTH_BUDGET)
    while (short := target - sum(widths)) > 0:
        open_ = [i for i, s in enumerate(specs) if s.flexible and widths[i] < s.maximum]
        if not open_:
            break
        weight = sum(specs[i].maximum for i in open_)
        for i in open_:  # in proportion to how wide each may be: 活动名称 most
            grown = widths[i] + max(short * specs[i].maximum / weight, 0.5)
            widths[i] = min(math.ceil(grown * 2) / 2, specs[i].maximum)
    return widths


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _natural_width(spec: ColumnSpec, heading: str, longest: int) -> float:
    """Wide enough for the longest value (within the spec) and for the heading in two lines."""
    if "\n" in heading:
        longest = max(longest, *(display_width(line) for line in heading.split("\n")))
    else:
        longest = max(longest, math.ceil(display_width(heading) / 2))
    return float(min(max(_one_line(longest), spec.minimum), spec.maximum))


def _one_line(width: int) -> float:
    """The column width (a multiple of 0.5) that holds text ``width`` wide on one line, by
    ``text_lines``."""
    return math.ceil(width * GLYPH_SPREAD * 2) / 2 + CELL_PADDING


def _shown_width(value: Value, style: str) -> int:
    if isinstance(value, str):
        return display_width(value) + (2 if style == SUBTEXT else 0)  # its indent
    if isinstance(value, int | float):
        return len(_number_text(value, style in (DECIMAL, TOTAL_DECIMAL)))
    return 0  # dates and empty cells: their columns have a fixed width


def _fit_to_page(widths: list[float], specs: Sequence[ColumnSpec], budget: float) -> list[float]:
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


def header_cells(headers: Sequence[str]) -> list[tuple[Value, str]]:
    return [(heading, HEADER) for heading in headers]


def row_height(
    cells: Sequence[tuple[Value, str]], widths: Sequence[float], skip: Iterable[int] = ()
) -> float:
    """Points for the row's tallest wrapped text.

    Set on every row rather than left to the reader: LibreOffice keeps the default height
    of an imported row, and a page break estimate needs the heights anyway.
    """
    lines = 1
    for index, (value, _style) in enumerate(cells):
        if type(value) is str and index not in skip:
            lines = max(lines, text_lines(value, widths[index]))
    return height_for_lines(lines)


def text_lines(text: str, width: float) -> int:
    """Lines ``text`` wraps into in a column ``width`` wide (Chinese breaks anywhere)."""
    usable = max(width - CELL_PADDING, 1) / GLYPH_SPREAD
    if "\n" in text:
        return sum(text_lines(line, width) for line in text.split("\n"))
    if 2 * len(text) <= usable:  # no character is wider than 2
        return 1
    return max(1, math.ceil(display_width(text) / usable))


def height_for_lines(lines: int) -> float:
    return round(lines * LINE_HEIGHT + ROW_PADDING, 1)


def set_page_layout(ws: Worksheet, pages_wide: int = 1, repeated: int = 0) -> None:
    """A4 landscape, ``pages_wide`` pages wide (``pages_across``: then each page also
    repeats the first ``repeated`` columns, left to right before going down),
    title and header rows on every page, page numbers in the footer."""
    # By its name: ws.cell() would make an (empty) cell A4 among the record rows.
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    # The title with the header: every printed page says which ledger and section it is.
    ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = pages_wide
    setup.fitToHeight = 0  # as many pages down as needed
    if pages_wide > 1:
        ws.print_title_cols = f"A:{get_column_letter(repeated)}"
        setup.pageOrder = "overThenDown"
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


def _number_text(value: float, decimal: bool) -> str:
    return f"{value:,.2f}" if decimal else f"{value:,.0f}"

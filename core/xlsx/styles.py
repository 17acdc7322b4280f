"""The named cell styles of the workbook (shown in Excel's and WPS's cell style gallery)."""

from __future__ import annotations

from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

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


def register_styles(workbook: Workbook) -> None:
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
            INFO,
            # wraps where a wide sheet's heading spans only the columns every page repeats
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
            border=Border(),
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


def style_ids(workbook: Workbook, sheet: Worksheet) -> dict[tuple[str, bool], int]:
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

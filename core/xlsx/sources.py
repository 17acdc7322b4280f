"""The ledger over sources in the workbook (issue 12): the 填报单位 and 佐证材料 columns of
the section sheets, and the 分单位汇总 sheet (one column per unit for each 汇总 row, and a
合计 column equal to the 汇总's 本期). Layout only; the numbers come ready in the ``Ledger``.
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl.worksheet.worksheet import Worksheet

from core.ledger import Ledger, Record
from core.ledger_sources import evidence_text
from core.xlsx.cells import cell_value, put_row
from core.xlsx.layout import (
    FIRST_DATA_ROW,
    ColumnSpec,
    column_widths,
    info_line,
    row_height,
    set_page_layout,
    set_widths,
    write_heading,
)
from core.xlsx.styles import CENTERED, DECIMAL, INTEGER, TEXT

SHEET = "分单位汇总"
UNIT_HEADER = "填报单位"
EVIDENCE_HEADER = "佐证材料"
TOTAL_HEADER = "合计"
_HEADERS = ("序号", "工作板块", "活动类型", "指标", "单位")


def extra_columns(
    ledger: Ledger,
) -> list[tuple[str, Callable[[Record], str], tuple[float, float]]]:
    """(heading, cell text of a record, (min, max) width) of the columns after 备注."""
    columns = []
    if ledger.units:
        columns.append((UNIT_HEADER, lambda r: r.unit, (10, 20)))
    if ledger.show_evidence:
        columns.append((EVIDENCE_HEADER, lambda r: evidence_text(r.evidence), (14, 36)))
    return columns


def write_unit_summary(ws: Worksheet, ledger: Ledger) -> None:
    units = list(ledger.units)
    headers = (*_HEADERS, *units, TOTAL_HEADER)
    rows = []
    for index, figure in enumerate(ledger.figures):
        amount = DECIMAL if figure.decimal else INTEGER
        cells = [
            (index + 1, CENTERED),
            (cell_value(figure.section), CENTERED),
            (cell_value(figure.type_name), CENTERED),
            (cell_value(figure.indicator), TEXT),
            (cell_value(figure.unit), CENTERED),
        ]
        cells += [(ledger.unit_figures[u][index], amount) for u in units]
        cells.append((figure.current, amount))
        rows.append(cells)
    specs = (
        ColumnSpec(6, 6),
        ColumnSpec(12, 26, flexible=True),
        ColumnSpec(10, 22, flexible=True),
        ColumnSpec(8, 20, flexible=True),
        ColumnSpec(6, 8),
        *(ColumnSpec(10, 16) for _ in units),
        ColumnSpec(10, 16),
    )
    widths = column_widths(specs, headers, rows)
    set_widths(ws, widths)
    title = f"{ledger.title_prefix()}科技工作台账分单位汇总表"
    write_heading(ws, title, info_line(ledger), headers, widths)
    for row, cells in enumerate(rows, FIRST_DATA_ROW):
        put_row(ws, row, cells)
        ws.row_dimensions[row].height = row_height(cells, widths)
    set_page_layout(ws)

"""The ledger over sources in the workbook (issue 12): the 填报单位 and 佐证材料 columns of
the section sheets, and the 分单位汇总 sheet (one column per unit for each 汇总 row, and a
合计 column equal to the 汇总's 本期). Layout only; the numbers come ready in the ``Ledger``.
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl.worksheet.worksheet import Worksheet

from core import export_xlsx as x
from core.ledger import Ledger, Record
from core.ledger_sources import evidence_text

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
        amount = x.DECIMAL if figure.decimal else x.INTEGER
        cells = [
            (index + 1, x.CENTERED),
            (x._cell_value(figure.section), x.CENTERED),
            (x._cell_value(figure.type_name), x.CENTERED),
            (x._cell_value(figure.indicator), x.TEXT),
            (x._cell_value(figure.unit), x.CENTERED),
        ]
        cells += [(ledger.unit_figures[u][index], amount) for u in units]
        cells.append((figure.current, amount))
        rows.append(cells)
    specs = (
        x._ColumnSpec(6, 6),
        x._ColumnSpec(12, 26, flexible=True),
        x._ColumnSpec(10, 22, flexible=True),
        x._ColumnSpec(8, 20, flexible=True),
        x._ColumnSpec(6, 8),
        *(x._ColumnSpec(10, 16) for _ in units),
        x._ColumnSpec(10, 16),
    )
    widths = x._column_widths(specs, headers, rows)
    x._set_widths(ws, widths)
    title = f"{ledger.title_prefix()}科技工作台账分单位汇总表"
    x._write_heading(ws, title, x._info_line(ledger), headers, widths)
    for row, cells in enumerate(rows, x.FIRST_DATA_ROW):
        x._put_row(ws, row, cells)
        ws.row_dimensions[row].height = x._row_height(cells, widths)
    x._set_page_layout(ws)

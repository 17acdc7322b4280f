"""Rows copied from the list, put on the clipboard as the spreadsheets paste them.

Two forms side by side, as Excel itself copies:

- HTML, which Excel and WPS take first. Each text cell is marked as text
  (``mso-number-format:"\\@"``, Office's own HTML for a text cell), so ``=1+2`` or
  ``007`` paste as they were typed, not as a formula or the number 7 (LibreOffice reads
  no such mark: 007 is 7 there, as it is from plain text). A line break is written as the
  character reference ``&#10;``: LibreOffice keeps it inside the cell, where a ``<br>``
  would start a new row there, misaligning every cell after it. Figures are plain
  numbers, which the sheet can sum.
- Plain text for everything else (Notepad, a chat, a program without HTML): cells
  separated by tabs, and a cell that holds a tab, a line break or starts with a quote
  put in quotes, its quotes doubled (what Excel writes and reads back as one cell).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

Cell = str | int | float | None
_OURS = "application/x-taizhang-rows"  # marks the clipboard's data as made here
_TEXT_STYLE = 'mso-number-format:"\\@"'


def as_text(table: Sequence[Sequence[Cell]]) -> str:
    return "".join("\t".join(_text_cell(cell) for cell in row) + "\n" for row in table)


def _text_cell(cell: Cell) -> str:
    text = "" if cell is None else str(cell)
    if "\t" in text or "\n" in text or text.startswith('"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def as_html(table: Sequence[Sequence[Cell]]) -> str:
    rows = "".join("<tr>" + "".join(map(_html_cell, row)) + "</tr>\n" for row in table)
    return (
        '<html><head><meta charset="utf-8"></head><body>\n'
        f"<table>\n{rows}</table>\n</body></html>\n"
    )


def _html_cell(cell: Cell) -> str:
    if cell is None:
        return "<td></td>"
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return f"<td>{cell}</td>"
    text = html.escape(str(cell)).replace("\n", "&#10;").replace("\t", "&#9;")
    return f"<td style='{_TEXT_STYLE}'>{text}</td>"


def mime_data(table: Sequence[Sequence[Cell]]) -> QMimeData:
    data = QMimeData()
    data.setText(as_text(table))
    data.setHtml(as_html(table))
    data.setData(_OURS, b"1")
    return data


def release_clipboard() -> None:
    """Before the program ends: rows copied here stay on the clipboard as text, held by Qt
    alone. The data made here would otherwise be deleted by Qt after Python has gone, and
    the program crashed as it ended (PYSIDE-2254)."""
    clipboard = QApplication.clipboard()
    data = clipboard.mimeData()
    if data is not None and data.hasFormat(_OURS):
        clipboard.setText(data.text())

"""Text and numbers as Excel takes them, and the openpyxl cells of a sheet's few ordinary rows.

A cell is given as ``(value, style name)``; text is cleaned of what XML cannot carry, cut at
Excel's limit, and never taken for a formula.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from core import messages
from core.ledger import Record
from core.xstring import encoded

Value = str | int | float | dt.date | None
Cells = list[tuple[Value, str]]  # a row: (value, style name) of each cell

MAX_TEXT = 32_767  # characters Excel keeps in one cell

# Characters XML 1.0 cannot carry (openpyxl refuses the control characters among them with
# IllegalCharacterError; lone surrogates and U+FFFE/U+FFFF would make a file Excel must repair).
# A cell carries them as ``_xHHHH_`` escapes (core/xstring.py), as Excel does; other parts of
# the file (a sheet's name, the document's title) leave them out.
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What no cell can carry, not even escaped: lone surrogates (no text file can hold them).
_UNWRITABLE = re.compile("[\ud800-\udfff]")
# Text starting with these is taken for a formula (or a DDE link) by Excel and WPS when the
# cell is edited; quotePrefix keeps it text. A CR has become a line feed by then.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell_text(text: str) -> str:
    """``text`` as a cell shows it: line breaks as Excel stores them (LF), no lone
    surrogates, at most 32,767 characters. Control characters stay: the cell's XML
    carries them escaped (``xml_text``)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and _UNWRITABLE.search(text) is not None:
        text = _UNWRITABLE.sub("", text)
    return text[:MAX_TEXT]


def xml_text(text: str) -> str:
    """A cell's text as its XML holds it (before XML's own escaping): Excel's ``_xHHHH_``
    escapes for what XML cannot carry and for text that looks like one (``_x0041_``),
    so that Excel shows the text as stored. Every text cell we write goes through here."""
    return encoded(text)


def plain_text(text: str) -> str:
    """``text`` for a part of the file that is no cell (the document's title): without the
    characters XML forbids, which only cells can carry escaped."""
    return ILLEGAL_CHARACTERS.sub("", cell_text(text))


def cell_value(value: object) -> Value:
    """What a cell is given: cleaned text (None when nothing is left), a finite number, a date."""
    if isinstance(value, str):
        return cell_text(value) or None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value  # type: ignore[return-value]


def looks_like_formula(text: str) -> bool:
    return text.startswith(_FORMULA_STARTS)


def display_width(text: str) -> int:
    """Width in Excel units of the longest line: a Chinese character counts two.

    A CJK character is 3 bytes in UTF-8 and an ASCII one 1, so (bytes + chars) / 2 counts
    them 2 and 1 without a Python loop over the characters.
    """
    if "\n" in text:
        return max(display_width(line) for line in text.split("\n"))
    # surrogatepass: a lone surrogate (a unit's name in a garbled package) is no reason
    # to fail; the cell writer drops it
    return (len(text.encode("utf-8", "surrogatepass")) + len(text)) // 2


def record_warnings(sheet: str, number: int, record: Record) -> list[str]:
    texts = {
        "活动名称": record.title, "地点": record.location, "主办单位": record.organizer,
        "联合单位": record.partners, "参与对象": record.audience, "经办人": record.handler,
        "备注": record.remarks,
    }  # fmt: skip
    warnings = []
    for column, text in texts.items():
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > MAX_TEXT:
            key = "export_text_cut"
        elif _UNWRITABLE.search(text) is not None:
            key = "export_text_cleaned"
        else:
            continue
        warnings.append(
            messages.text(key, sheet=sheet, row=number, column=column, limit=f"{MAX_TEXT:,}")
        )
    return warnings


def put(ws: Worksheet, row: int, column: int, value: object, style: str) -> Cell:
    """One ordinary openpyxl cell; text always stays text."""
    cell = ws.cell(row=row, column=column)
    value = cell_value(value)
    if value is not None:
        cell.value = xml_text(value) if isinstance(value, str) else value
    cell.style = style
    if isinstance(value, str):
        # openpyxl makes any text starting with "=" a formula and "#N/A" and the like errors.
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def put_row(ws: Worksheet, row: int, cells: Sequence[tuple[Value, str]]) -> None:
    for column, (value, style) in enumerate(cells, 1):
        put(ws, row, column, value, style)


def merge(ws: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int):
    """Merge a range whose cells are all written already, the covered ones empty and styled
    like the first (so borders print all round).

    Not ``ws.merge_cells``: it restyles the edge cells one by one, 0.4 s for the 60 merges
    of a default ledger.
    """
    ws.merged_cells.add(
        CellRange(min_row=first_row, min_col=first_column, max_row=last_row, max_col=last_column)
    )

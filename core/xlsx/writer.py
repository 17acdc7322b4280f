"""Writing the workbook: to a temporary file beside the target, moved into place only when
complete, so a failed export never leaves half a workbook or harms an existing file.

Speed: openpyxl serialises each cell through ElementTree, about 15 µs a cell, over 2 s for
a quarter of 10,000 records. The record rows of the section sheets (all but a handful of
cells) are therefore kept aside as a stream of plain values and written as ready-made XML
by ``_SheetWriter``; titles, headers and 合计 rows stay ordinary openpyxl cells.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
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
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

try:  # the stdlib-based XML writer openpyxl uses when lxml is not installed
    from et_xmlfile.xmlfile import _IncrementalFileWriter
except ImportError:  # pragma: no cover - another et_xmlfile; rows then go the slow way
    _IncrementalFileWriter = None

from core.outputs import remove_quietly, write_error
from core.xlsx import styles
from core.xlsx.cells import Cells, Value, looks_like_formula, xml_text
from core.xlsx.layout import row_height

# The temporary an export writes before it takes the final name.
PARTIAL_NAME = re.compile(r"\.~taizhang-[0-9a-f]{12}\.xlsx\.partial")


@dataclass
class RecordRows:
    """A section's record rows, kept out of openpyxl and written by ``_SheetWriter``:
    ``rows()`` makes them again from the records, as they are written (a stream)."""

    first_row: int
    rows: Callable[[], Iterable[Cells]]
    widths: list[float]
    # Told the rows' heights once they are written (before the sheet's page breaks are).
    heights_written: Callable[[list[float]], None] | None = None


@dataclass
class Book:
    workbook: Workbook
    record_rows: dict[str, RecordRows] = field(default_factory=dict)  # by sheet title


def write_into_place(book: Book, target: Path, sheet_written: Callable[[], None]) -> None:
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
            raise write_error(error, target) from error
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise write_error(error, target, replacing=True) from error
    except BaseException:
        if created:
            remove_quietly(temporary)
        raise


def _save_workbook(book: Book, stream: BinaryIO, sheet_written: Callable[[], None]) -> None:
    """openpyxl's ``save_workbook``, with our sheet writer and without stamping the time."""
    with ZipFile(stream, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _LedgerExcelWriter(book, archive, sheet_written).write_data()


class _LedgerExcelWriter(ExcelWriter):
    def __init__(self, book: Book, archive: ZipFile, sheet_written: Callable[[], None]):
        super().__init__(book.workbook, archive)
        self._record_rows = book.record_rows
        self._style_ids = styles.style_ids(book.workbook, book.workbook.worksheets[0])
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
            try:
                writer.write()
            except BaseException:
                # Ended now, while ``out`` is open: left half-way, the sheet's XML stream
                # would be closed by the garbage collector later, writing into the closed
                # ``out`` (a traceback after the message, on a full disk).
                with contextlib.suppress(Exception):
                    writer.xf.close()
                raise
        ws._rels = writer._rels
        self.manifest.append(ws)
        self._sheet_written()


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, plus the record rows kept aside, in their place."""

    def __init__(
        self,
        ws: Worksheet,
        record_rows: RecordRows | None,
        style_ids: dict[tuple[str, bool], int],
        out: BinaryIO,
    ) -> None:
        super().__init__(ws, out=out)
        self._record_rows = record_rows
        self._style_ids = style_ids

    def write_rows(self) -> None:
        """openpyxl's rows and the record rows, each row once and in ascending order (as
        OOXML wants: Excel offers to repair a sheet that breaks this)."""
        xf = self.xf.send(True)
        pending = self._record_rows
        last_record_row = 0
        with xf.element("sheetData"):
            for row_index, cells in self.rows():
                if pending is not None and row_index >= pending.first_row:
                    last_record_row = self._write_record_rows(xf, pending)
                    pending = None
                if row_index <= last_record_row:
                    # A cell openpyxl holds among the record rows, made by a style or a
                    # lookup: it must be empty, and the record row stands in its place.
                    if any(cell.value is not None for cell in cells):
                        raise AssertionError(f"{self.ws.title}: row {row_index} written twice")
                    continue
                self.write_row(xf, cells, row_index)
            if pending is not None:
                self._write_record_rows(xf, pending)
        self.xf.send(None)

    def _write_record_rows(self, xf, record_rows: RecordRows) -> int:
        """The record rows; returns the number of the last one written."""
        raw = _raw_writer(xf)
        if raw is None:
            return self._write_record_cells(xf, record_rows)
        render = _RowRenderer(self._style_ids, self.ws.parent.epoch)
        last = record_rows.first_row - 1
        heights: list[float] = []
        keep = record_rows.heights_written is not None  # a sheet printed pages across only
        for last, cells, height in _numbered(record_rows):
            raw(render.row_xml(last, cells, height))
            if keep:
                heights.append(height)
        _tell_heights(record_rows, heights)
        return last

    def _write_record_cells(self, xf, record_rows: RecordRows) -> int:
        """The slow way, through openpyxl cells: when rows cannot be written as text."""
        ws = self.ws
        row_index = record_rows.first_row - 1
        heights: list[float] = []
        keep = record_rows.heights_written is not None
        for row_index, cells, height in _numbered(record_rows):
            if keep:
                heights.append(height)
            with xf.element("row", {"r": f"{row_index}", "ht": f"{height:g}", "customHeight": "1"}):
                for column, (value, style) in enumerate(cells, 1):
                    cell = Cell(ws, row=row_index, column=column)
                    quoted = isinstance(value, str) and looks_like_formula(value)
                    cell._style = copy(ws.parent._cell_styles[self._style_ids[style, quoted]])
                    if value is not None:
                        cell._value = xml_text(value) if isinstance(value, str) else value
                        cell.data_type = _data_type(value)
                    write_cell(xf, ws, cell, True)
        _tell_heights(record_rows, heights)
        return row_index


def _tell_heights(record_rows: RecordRows, heights: list[float]) -> None:
    if record_rows.heights_written is not None:
        record_rows.heights_written(heights)


def _numbered(record_rows: RecordRows) -> Iterable[tuple[int, Cells, float]]:
    """(row number, cells, height) of each record row."""
    widths = record_rows.widths
    for row_index, cells in enumerate(record_rows.rows(), record_rows.first_row):
        yield row_index, cells, row_height(cells, widths)


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
                parts.append(self._text_xml(ref, value, ids[style, looks_like_formula(value)]))
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
        text = xml_text(text)
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return (
            f'<c r="{ref}" s="{style_id}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
        )

    def _serial(self, date: dt.date) -> str:
        serial = self._serials.get(date)
        if serial is None:
            serial = self._serials[date] = f"{to_excel(date, self._epoch):.16g}"
        return serial

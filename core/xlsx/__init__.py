"""A ``Ledger`` as the quarterly 台账 workbook (.xlsx): a 汇总 sheet, then one sheet per section.

Layout and formats only (PRODUCT.md §4); every number comes ready in the ``Ledger``. The
package: ``summary`` (the 汇总 sheet), ``sources`` (分单位汇总 and the columns of the ledger
over sources), ``sections`` (a section sheet), ``layout`` (widths, heights, page breaks,
heading, signature, page setup), ``cells`` and ``styles`` (what a cell is given),
``writer`` (the file: streamed, written beside the target, moved into place).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook

from core import outputs
from core.errors import TaizhangError
from core.ledger import Ledger
from core.outputs import office_lock_file
from core.xlsx import sources
from core.xlsx.cells import ILLEGAL_CHARACTERS, plain_text, record_warnings
from core.xlsx.layout import FIRST_DATA_ROW, SIGNATURE
from core.xlsx.sections import RECORD_HEADERS, write_section
from core.xlsx.styles import register_styles
from core.xlsx.summary import SUMMARY_HEADERS, SUMMARY_SHEET, summary_title, write_summary
from core.xlsx.writer import PARTIAL_NAME, Book, write_into_place

__all__ = [
    "FIRST_DATA_ROW",
    "RECORD_HEADERS",
    "SIGNATURE",
    "SUMMARY_HEADERS",
    "SUMMARY_SHEET",
    "export_ledger",
    "export_warnings",
    "sheet_names",
]

Progress = Callable[[int, int], None]

# The workbook's 作者 (creator) property: what tells our own ledgers (core/importer.py).
LEDGER_CREATOR = "科技工作台账"
MAX_SHEET_NAME = 31  # Excel's limit, in UTF-16 code units
_SHEET_NAME_SUBSTITUTES = str.maketrans(
    {"[": "［", "]": "］", ":": "：", "*": "＊", "?": "？", "/": "／", "\\": "＼"}
)
# Excel keeps the sheet name "History" for its change tracking.
_RESERVED_SHEET_NAMES = frozenset({SUMMARY_SHEET.casefold(), "history", sources.SHEET})


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
    outputs.refuse_database_target(target)  # and a folder that is not there
    target = Path(target).absolute()
    outputs.clean_stale(target.parent, PARTIAL_NAME)  # left by an export that was killed
    if office_lock_file(target) is not None:
        raise TaizhangError("export_locked", path=str(target))
    sheet_count = 1 + len(ledger.sections)
    steps = _Steps(progress, total=2 * sheet_count + 1)
    book = _build_book(ledger, steps.advance, warnings)
    write_into_place(book, target, steps.advance)
    steps.advance()
    return target


def export_warnings(ledger: Ledger) -> list[str]:
    """What the workbook cannot show exactly as stored: text over Excel's 32,767 characters
    (cut in the cell) and lone surrogates, from a garbled package (dropped; control
    characters are carried escaped). The database keeps the full text; these lines tell
    the user, so nothing is cut silently. (``export_ledger`` gathers the
    same lines on its way, given a list: one walk over the records less.)"""
    warnings = []
    for section in ledger.sections:
        for number, record in enumerate(section.records, 1):
            warnings += record_warnings(section.name, number, record)
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
    name = ILLEGAL_CHARACTERS.sub("", name.translate(_SHEET_NAME_SUBSTITUTES))
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    return name.strip().strip("'").strip()


def _cut_sheet_name(name: str, limit: int) -> str:
    """At most ``limit`` UTF-16 code units, as Excel counts (a character beyond the BMP is 2)."""
    name = name[:limit]
    while len(name.encode("utf-16-le")) // 2 > limit:
        name = name[:-1]
    return name.rstrip().rstrip("'")


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


def _build_book(
    ledger: Ledger, sheet_done: Callable[[], None], warnings: list[str] | None = None
) -> Book:
    workbook = Workbook()
    _set_properties(workbook, ledger)
    register_styles(workbook)
    book = Book(workbook)
    summary = workbook.active
    summary.title = SUMMARY_SHEET
    write_summary(summary, ledger)
    sheet_done()
    if ledger.units:  # more than one 填报单位 in the period (issue 12)
        sources.write_unit_summary(workbook.create_sheet(sources.SHEET), ledger)
    for name, section in zip(
        sheet_names(s.name for s in ledger.sections), ledger.sections, strict=True
    ):
        ws = workbook.create_sheet(name)
        rows = write_section(ws, ledger, section, warnings)
        if rows is not None:
            book.record_rows[ws.title] = rows
        sheet_done()
    return book


def _set_properties(workbook: Workbook, ledger: Ledger) -> None:
    """Document properties from the ledger, never from the clock: the same data, the same file."""
    made = dt.datetime.combine(ledger.made_on, dt.time())
    properties = workbook.properties
    properties.creator = LEDGER_CREATOR
    properties.lastModifiedBy = plain_text(ledger.staff_name) or None
    properties.title = plain_text(summary_title(ledger))
    properties.created = made
    properties.modified = made

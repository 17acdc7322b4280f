"""Flat .xlsx/.csv files → validated activities, all or nothing (PRODUCT.md §5).

``plan_import`` reads and checks a whole file and writes nothing: it gives the
records ready to add and every problem of every row. ``run_import`` writes a
plan without problems in one transaction. The GUI shows the problems of a plan
in a table; the command line prints them, one line each.

The file: the first sheet of an .xlsx, or a CSV in UTF-8 (with or without BOM)
or GBK/GB18030, separated by commas, semicolons or tabs. The header row is the
first non-empty row; below it, one activity per row.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import csv
import datetime as dt
import difflib
import functools
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import sqlite_utils
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import FORMULA_TAG as _FORMULA_TAG
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from core import collector, messages
from core.activities import LABELS, Activity, import_activities, validate_activity, writing
from core.duplicates import Repeats, find_repeats
from core.errors import RecordErrors, TaizhangError, ValidationError
from core.template import ActivityType, Field, Template, name_key
from core.values import parse_date, parse_field_value, without_zero_width
from core.xstring import decoded

REQUIRED_COLUMNS = ("date", "type_id", "title")
# Our own `list --format csv` writes 编号 (the record's id) first: it tells a row already in
# the database. A clerk's ledger has 序号, a row number: no data.
SOURCE_ID_HEADER = "编号"
IGNORED_HEADERS = (SOURCE_ID_HEADER, "序号")
# Words in the first filled cell of a ledger's sum row, pasted along with the records.
# 合计, 总计, 小计, 共计, after a span (本季度合计, 一季度小计) and before a colon or a unit
# in brackets (合计（人次）); only ever on a row that names no activity type.
_TOTAL_ROW = re.compile(r"^.{0,8}?(合计|总计|小计|共计)([:：]|[(\[【].{0,12}[)\]】])?$")
# A merged range in a sheet's XML, prefixed or not (some programs write <x:mergeCell>).
_MERGE_CELL = re.compile(rb'<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref="(?P<ref>[A-Z0-9:$]{1,32})"')
# A row the clerk hid, or an autofilter hides: Excel, WPS and LibreOffice all mark it so.
_HIDDEN_ROW = re.compile(rb'<(?:[\w.-]+:)?row\s[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\sr="(?P<number>\d{1,7})"')
HIDDEN_ROWS_NAMED = 5  # hidden rows a note names; the rest are counted
# The words a ledger's signature line opens with, below the records.
_SIGNATURE_ROW = re.compile(
    r"^(填报人|填表人|制表人|审核人|统计人|经办人|单位负责人|负责人|"
    r"分管领导|填报日期|报送日期|联系电话)\s*[:：]"
)
# A unit in brackets after a field label, once NFKC has made （） into ().
_LABEL_WITH_UNIT = re.compile(r"^(?P<label>.+?)[(\[【〔](?P<unit>[^()\[\]【】〔〕]*)[)\]】〕]$")
# Excel saves “Unicode 文本” (UTF-16, tabs) and “文本文件（制表符分隔）” as .txt.
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
# Old .xls files and password-protected .xlsx files are both OLE2 compound documents.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CSV_DELIMITERS = (",", ";", "\t")
SNIFF_CHARS = 1 << 16
PROGRESS_ROWS = 1000
ENCODINGS = ("utf-8-sig", "gb18030")
# Limits, checked before a file is read whole: a county bureau logs a few thousand
# activities a year; a file far past these is a mistake or a hostile one.
MAX_ROWS = 200_000
MAX_CSV_BYTES = 200 << 20
MAX_XLSX_UNPACKED_BYTES = 400 << 20  # the sum of the sizes the zip says it unpacks to
MAX_COLUMNS = 500
MAX_CELL_CHARS = 1 << 20  # well past Excel's 32,767: our own list exports long notes
# The most bytes a workbook's XML spends on one character of text (&#x10FFFF;): a run of
# text longer than MAX_CELL_CHARS times this holds a cell past the limit, whatever it is.
XML_BYTES_PER_CHAR = 10
# A workbook's XML is searched this much at a time (bounded memory); a text longer than
# this crosses a chunk's end, so only the chunks' ends are looked at (``_TextRuns``).
SCAN_CHUNK_BYTES = 1 << 20
# Texts in a workbook's shared table: three for each of MAX_ROWS rows with a new title,
# place and note would be 600,000; 20 million one-letter texts took 1.9 GB to read.
MAX_SHARED_STRINGS = 1_000_000
MAX_LINES_IN_A_CELL = 200  # a quoted cell running longer is an unclosed quote
MAX_ERRORS_KEPT = 200  # problems shown; the rest are counted
MAX_SHOWN_CHARS = 60  # of a cell quoted in a message
HEADER_SEARCH_ROWS = 20  # filled rows looked through for the header (titles above it)
MAX_NAMES_KEPT = 1000  # type names as a file spells them, each looked up once
SWEEP_ROWS = 100  # rows between two sweeps of their garbage, while the collector is off

Cell = object  # str, int, float, bool, datetime or None, as the file gave it
Row = tuple[int, Sequence[Cell]]  # (row number as the user sees it, cells)


# --- the plan --------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem of one row; ``column`` is the header as written, '' for the whole row."""

    row: int
    column: str
    reason: str  # Chinese
    en: str = ""  # the same in English
    sheet: str = ""  # the worksheet, named when the workbook has more than one

    def text(self, language: str | None = None) -> str:
        """The whole line, e.g. 第 3 行“日期”列：…; ``language`` as in ``messages.text``."""
        if language in ("zh", "en"):
            return self._line(language)
        # Each language gets the reason in that language, not the Chinese one twice.
        return messages.text(
            "import_row_error_line", language, zh=self._line("zh"), en=self._line("en")
        )

    def _line(self, language: str) -> str:
        reason = self.en if language == "en" and self.en else self.reason
        if self.column:
            line = messages.text(
                "import_row_error", language, row=self.row, column=self.column, reason=reason
            )
        else:
            line = messages.text("import_row_problem", language, row=self.row, reason=reason)
        if self.sheet:
            return messages.text("import_in_sheet", language, sheet=self.sheet, line=line)
        return line

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class SheetRead:
    """One table an import read: a CSV file, or one worksheet of a workbook."""

    name: str  # the worksheet's name; '' for a CSV
    header_row: int  # the header's row number, as the spreadsheet shows it
    rows_above_header: int  # filled rows above it (a title, a 填报单位 line): no records
    records: int  # the rows read as records (with or without problems)
    hidden_rows: tuple[int, ...] = ()  # the first HIDDEN_ROWS_NAMED of them that are hidden
    hidden_records: int = 0  # all of those hidden (or filtered out) in the sheet


@dataclass(frozen=True)
class ImportPlan:
    path: Path
    activities: list[Activity]  # validated records, ready to add
    errors: list[RowError]  # the first MAX_ERRORS_KEPT problems, by row then column
    more_errors: int = 0  # problems found past those
    error_rows: int = -1  # rows with a problem, all of them (-1: count ``errors``)
    # The 编号 written beside each record ('' when none), to tell repeats (core/duplicates.py).
    source_ids: list[str] = field(default_factory=list)
    sheets: tuple[SheetRead, ...] = ()  # what was read: the CSV, or each sheet with records
    # Sheets not read, and why: (name, "header") has rows but no header, (name, "hidden")
    # is hidden in the workbook and holds records.
    sheets_passed_over: tuple[tuple[str, str], ...] = ()
    # Rows whose 编号 is not one of our record ids (a clerk's 007, XM2026-012): that
    # column is not imported, and the first such 编号 is quoted in the note that says so.
    foreign_ids: int = 0
    foreign_id_example: str = ""
    # The template the rows were checked against (an import refuses to write them into
    # another: ``activities.import_activities``).
    template: Template | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return self.error_rows if self.error_rows >= 0 else len({e.row for e in self.errors})


def plan_import(
    path: str | Path, template: Template, progress: Callable[[int], None] | None = None
) -> ImportPlan:
    """Read and check every row of ``path``; write nothing.

    A CSV is one table. A workbook's records may stand on several sheets (one a month, a
    填表说明 before them): every visible sheet with a header is read, each by its own
    header; the others are named in ``sheets_passed_over``. Problems of the file as a
    whole raise ``TaizhangError``; problems of rows are listed in the plan. ``progress``,
    if given, is called with the number of the row reached every ``PROGRESS_ROWS`` rows
    (a big workbook takes a while); an exception raised there cancels the planning.
    """
    path = Path(path)
    index = _TemplateIndex(template)
    found = _Found()
    # The cycle collector held off while the records pile up (collector.py): each full
    # collection would walk all of them again. The rows' own garbage is swept as it goes.
    with collector.paused() as sweep, _open_tables(path, index.is_known_header) as tables:
        if len(tables) == 1 and tables[0].sheet:
            found.only_sheet = tables[0].name
        for table in tables:
            header, above = _header_row(table.rows, index)
            if header is None:
                continue  # an empty sheet (Excel's Sheet2, Sheet3) is no news
            has_header = _names_required_columns(header[1], index)
            if table.hidden or not has_header:
                if not table.hidden:
                    found.first_filled = found.first_filled or (table, header)
                if has_header or not table.hidden:  # a hidden one is said if it has records
                    found.passed_over.append((table.name, "hidden" if table.hidden else "header"))
                continue
            header = _with_the_row_under(table, header, index)
            layout = _in_sheet(table, lambda h=header: _layout_from_header(*h, index))
            before, hidden_before = found.rows_read, len(found.hidden_rows)
            checker = _RowChecker(layout, index)
            _read_records(table, checker, layout, found, progress, path, sweep)
            hidden = found.hidden_rows[hidden_before:]
            found.read.append(
                SheetRead(
                    table.name,
                    header[0],
                    above,
                    found.rows_read - before,
                    tuple(hidden[:HIDDEN_ROWS_NAMED]),
                    len(hidden),
                )  # fmt: skip
            )
    if not found.read:
        _refuse_without_header(path, found, index)
    if not found.activities and not found.errors:
        raise TaizhangError("import_empty", path=path)
    return ImportPlan(
        path, found.activities, found.errors, found.more_errors, found.error_rows,
        found.source_ids, tuple(found.read), tuple(found.passed_over),
        found.foreign_ids, found.foreign_id_example, template,
    )  # fmt: skip


@dataclass
class _Found:
    """What a plan gathers, table by table."""

    activities: list[Activity] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    more_errors: int = 0
    error_rows: int = 0
    rows_read: int = 0
    hidden_rows: list[int] = field(default_factory=list)  # records on hidden rows
    foreign_ids: int = 0  # records whose 编号 is none of our ids
    foreign_id_example: str = ""
    read: list[SheetRead] = field(default_factory=list)
    passed_over: list[tuple[str, str]] = field(default_factory=list)
    first_filled: tuple | None = None  # (table, its first filled row): for the error
    only_sheet: str | None = None  # the name of a workbook's one sheet


def _read_records(table, checker, layout, found: _Found, progress, path: Path, sweep) -> None:
    # The limit is on records: the rows under the header (not it, nor titles above it).
    for under_header, (number, cells) in enumerate(table.rows, 1):
        if progress is not None and number % PROGRESS_ROWS == 0:
            progress(number)
        if under_header > MAX_ROWS:
            raise TaizhangError("import_too_many_rows", path=path, limit=f"{MAX_ROWS:,}")
        if isinstance(cells, RowError):  # a row the file itself garbles (quotes)
            result: Activity | list[RowError] = [cells]
        elif _is_no_record(getattr(cells, "own", cells), layout):
            continue
        else:
            result = checker.check(number, cells)
        found.rows_read += 1
        if found.rows_read % SWEEP_ROWS == 0:
            sweep()  # the reference cycles of rows with problems, freed as they come
        if number in table.hidden_rows:
            found.hidden_rows.append(number)
        source_id = checker.source_id(cells) if not isinstance(cells, RowError) else ""
        if source_id and not _OUR_ID.match(source_id):
            found.foreign_ids += 1
            found.foreign_id_example = found.foreign_id_example or _shown(source_id, 20)
        if isinstance(result, Activity):
            if source_id and checker.keeps_empty_names and _OUR_ID.match(source_id):
                result = replace(result, empty_stays_empty=True)
            if len(found.activities) >= MAX_ROWS:  # the sheets before held as many
                raise TaizhangError("import_too_many_rows", path=path, limit=f"{MAX_ROWS:,}")
            found.activities.append(result)
            found.source_ids.append(source_id)
            continue
        found.error_rows += 1
        room = MAX_ERRORS_KEPT - len(found.errors)
        if table.named:
            result = [replace(e, sheet=table.name) for e in result[:room]] + result[room:]
        found.errors.extend(result[:room])
        found.more_errors += max(len(result) - room, 0)


def _refuse_without_header(path: Path, found: _Found, index: _TemplateIndex) -> None:
    """No table has a header: said of the first one with anything in it, as a CSV's is."""
    if found.first_filled is None:
        hidden = [name for name, why in found.passed_over if why == "hidden"]
        if hidden:  # its only records are on a sheet the clerk cannot see
            raise TaizhangError("import_only_hidden", path=path, sheet="、".join(hidden))
        if found.only_sheet is not None:
            raise TaizhangError("import_empty_sheet", path=path, sheet=found.only_sheet)
        raise TaizhangError("import_empty", path=path)
    table, header = found.first_filled
    _in_sheet(table, lambda: _layout_from_header(*header, index))
    raise AssertionError("a row without the required headers made a layout")  # pragma: no cover


def _in_sheet(table, make):
    """``make()``; a workbook of several sheets names the sheet its refusal is about."""
    try:
        return make()
    except TaizhangError as error:
        if not table.named:
            raise
        raise TaizhangError(
            "import_sheet_refused", sheet=table.name, zh=error.zh, en=error.en
        ) from error


def plan_notes(plan: ImportPlan, language: str | None = None) -> list[str]:
    """What the clerk should know of how the file was read: the sheets read (when more
    than one), rows above a header passed over, sheets not read. ``language`` as in
    ``messages.text``: both languages when None, each note whole in each."""
    if language is None:
        pairs = zip(plan_notes(plan, "zh"), plan_notes(plan, "en"), strict=True)
        return [messages.text("import_row_error_line", None, zh=z, en=e) for z, e in pairs]
    notes = []
    if len(plan.sheets) > 1:
        counts = ("、" if language == "zh" else ", ").join(
            messages.text("import_sheet_count", language, sheet=t.name, records=t.records)
            for t in plan.sheets
        )
        notes.append(
            messages.text("import_sheets_read", language, count=len(plan.sheets), sheets=counts)
        )
    titled = [t for t in plan.sheets if t.rows_above_header]
    if len(titled) == 1 and len(plan.sheets) == 1 and not plan.sheets_passed_over:
        notes.append(
            messages.text(
                "import_rows_above_header",
                language,
                row=titled[0].header_row,
                count=titled[0].rows_above_header,
            )  # fmt: skip
        )
    elif titled:
        notes.append(
            messages.text(
                "import_rows_above_headers",
                language,
                sheets=len(titled),
                count=sum(t.rows_above_header for t in titled),
            )  # fmt: skip
        )
    for name, why in plan.sheets_passed_over:
        key = "import_sheet_hidden" if why == "hidden" else "import_sheet_without_header"
        notes.append(messages.text(key, language, sheet=name))
    notes.extend(_hidden_rows_notes(plan, language))
    if plan.foreign_ids:
        notes.append(
            messages.text(
                "import_foreign_ids",
                language,
                example=plan.foreign_id_example,
                count=f"{plan.foreign_ids:,}",
            )  # fmt: skip
        )
    return notes


def _hidden_rows_notes(plan: ImportPlan, language: str) -> list[str]:
    """Rows the clerk does not see in Excel/WPS (hidden, or filtered out) were imported."""
    notes = []
    for sheet in plan.sheets:
        if not sheet.hidden_records:
            continue
        rows = ("、" if language == "zh" else ", ").join(map(str, sheet.hidden_rows))
        if sheet.hidden_records == 1:
            line = messages.text("import_hidden_row", language, row=rows)
        elif sheet.hidden_records <= len(sheet.hidden_rows):
            line = messages.text("import_hidden_rows_all", language, rows=rows)
        else:
            line = messages.text(
                "import_hidden_rows", language, rows=rows, count=f"{sheet.hidden_records:,}"
            )
        if len(plan.sheets) > 1:
            line = messages.text("import_in_sheet", language, sheet=sheet.name, line=line)
        notes.append(line)
    return notes


def run_import(db: sqlite_utils.Database, plan: ImportPlan) -> int:
    """Add every record of a plan in one transaction; a plan with problems is refused."""
    return import_new(db, plan, skip_repeats=False)[0]


def import_new(
    db: sqlite_utils.Database, plan: ImportPlan, *, skip_repeats: bool = True
) -> tuple[int, Repeats | None]:
    """Add the records of a plan that are not in the database yet, in one transaction;
    returns how many were added and the repeats skipped (None with ``skip_repeats`` off).

    The repeats are looked for inside the write transaction: two imports of one file at
    once (two clicks, the window and the command line) add it once, the second finding
    the first's records. A plan with problems is refused.
    """
    if not plan.ok:
        raise TaizhangError("import_rejected", count=plan.bad_rows)
    with writing(db):
        repeats = find_repeats(db, plan.activities, plan.source_ids) if skip_repeats else None
        items = plan.activities if repeats is None else repeats.new_items(plan.activities)
        count = import_activities(db, items, plan.template) if items else 0
    return count, repeats


# --- the template, as a file's headers and type names refer to it ------------------


def _key(text: object) -> str:
    """Headers and type names compare as the template's own lookups do (``name_key``),
    and also without zero-width characters, which cannot be seen to be fixed."""
    text = str(text)
    return name_key(text if text.isascii() else without_zero_width(text))


class _TemplateIndex:
    """Types and fields by their normalised names, built once per import."""

    def __init__(self, template: Template) -> None:
        self.template = template
        # The current names of the types and fields open to new entry; an archived one
        # is named in its own message.
        self.types = {_key(t.name): t for t in template.active_types}
        self.archived = {_key(t.name): t for t in template.types}
        self.fields = {
            t.id: {_key(f.label): f for f in t.active_fields} for t in template.active_types
        }
        active = [f for t in template.active_types for f in t.active_fields]
        self.units: dict[str, set[str]] = {}  # label → the units it has in any type
        self.unit_keys = {f.id: _key(f.unit) for f in active}
        for f in active:
            self.units.setdefault(_key(f.label), set()).add(_key(f.unit))
        self.active_fields = active
        self.common = {_key(label): name for name, label in LABELS.items()}
        self._suggestions: dict[str, str | None] = {}
        self._shared: dict[str, Field | None] = {}
        self._type_names: dict[str, ActivityType | None] = {}  # as written → the type

    def field(self, type_id: int, label: str) -> Field | None:
        return self.fields[type_id].get(label)

    def shared_field(self, label: str) -> Field | None:
        """The field a label means in every type that has it, if they all agree.

        Lets a row whose type is mistyped still have its figures checked, so one
        run reports all of its problems.
        """
        if label not in self._shared:
            kinds = {
                (f.kind, _key(f.unit), f.options)
                for f in self.active_fields
                if _key(f.label) == label
            }
            f = next(f for f in self.active_fields if _key(f.label) == label)
            self._shared[label] = replace(f, required=False) if len(kinds) == 1 else None
        return self._shared[label]

    def type_named(self, name: str) -> ActivityType | None:
        # Asked of every row, and a file spells its types a few ways: each spelling is
        # normalised once (up to MAX_NAMES_KEPT of them: a hostile file has any number).
        try:
            return self._type_names[name]
        except KeyError:
            pass
        found = self.types.get(_key(name))
        if len(self._type_names) < MAX_NAMES_KEPT:
            self._type_names[name] = found
        return found

    def suggestion(self, name: str) -> str | None:
        """The type a mistyped name most likely meant (cached: the same typo fills columns)."""
        if name not in self._suggestions:
            close = difflib.get_close_matches(_key(name), list(self.types), n=1, cutoff=0.6)
            self._suggestions[name] = self.types[close[0]].name if close else None
        return self._suggestions[name]

    def header_suggestion(self, header: str) -> str | None:
        """The known header a mistyped one most likely meant, with its unit if it has one."""
        key = _key(header)
        match = _LABEL_WITH_UNIT.match(key)
        label, unit = (match["label"], match["unit"]) if match else (key, "")
        names = self._header_names()
        close = difflib.get_close_matches(label, list(names), n=1, cutoff=0.6)
        if not close:
            return None
        return f"{names[close[0]]}（{unit}）" if unit else names[close[0]]

    def _header_names(self) -> dict[str, str]:
        """The headers a file may have, by their normalised form: the common columns'
        names and the fields' labels, as the template writes them."""
        names = {_key(label): label for label in LABELS.values()}
        names.update((_key(f.label), f.label) for f in self.active_fields)
        return names

    def is_known_header(self, header: object) -> bool:
        key = _key(header or "")
        match = _LABEL_WITH_UNIT.match(key)
        return (
            key in self.common
            or key in self.units
            or key in IGNORED_HEADERS
            or bool(match and match["label"] in self.units)
        )


# --- the header --------------------------------------------------------------------

FIELD = "field"  # the target of a column holding one of the types' fields
IGNORED = "ignored"  # 编号 / 序号
UNNAMED = "unnamed"  # no header: must stay empty, or its content would be lost


@dataclass(frozen=True)
class _Column:
    index: int  # 0-based position in the row
    header: str  # as written in the file
    target: str | None  # a validate_activity draft key, FIELD, IGNORED, UNNAMED or None
    label: str = ""  # a FIELD column's label, normalised
    unit: str = ""  # a FIELD column's unit in brackets, normalised; '' when none


@dataclass(frozen=True)
class _Layout:
    columns: tuple[_Column, ...]
    common: dict[str, _Column]  # draft key → its column

    @property
    def width(self) -> int:
        return len(self.columns)

    def column_of(self, target: str) -> _Column:
        return self.common[target]

    @functools.cached_property
    def type_position(self) -> int:
        """Where the 活动类型 column is: asked of every row."""
        return self.common["type_id"].index


def _layout_from_header(row_number: int, cells: Sequence[Cell], index: _TemplateIndex) -> _Layout:
    if len(cells) > MAX_COLUMNS:
        raise TaizhangError("import_too_many_columns", count=len(cells), limit=MAX_COLUMNS)
    columns = tuple(_column(i, cell, index) for i, cell in enumerate(cells))
    named = [c.target for c in columns]
    missing = [LABELS[name] for name in REQUIRED_COLUMNS if name not in named]
    if missing:
        # Said first: when the row is no header at all (a title line above it), every
        # cell is unknown, and what is missing, with what was found, tells why.
        found = _shown("、".join(c.header for c in columns if c.header)) or "（空）"
        raise TaizhangError(
            "import_missing_columns_found", columns="、".join(missing), row=row_number, found=found
        )
    unknown = [c.header for c in columns if c.target is None]
    if unknown:
        raise TaizhangError(
            "import_unknown_columns",
            count=len(unknown),
            zh=_shown("、".join(_unknown_header(h, index, "zh") for h in unknown), 200),
            en=_shown(", ".join(_unknown_header(h, index, "en") for h in unknown), 200),
        )
    _refuse_duplicates(columns)
    common = {c.target: c for c in columns if c.target not in (FIELD, IGNORED, UNNAMED)}
    return _Layout(columns, common)


def _unknown_header(header: str, index: _TemplateIndex, language: str) -> str:
    """An unknown header, quoted, with the known one it most likely meant (参训人数 →
    参训人次), as a mistyped type name is."""
    shown = _shown(header)
    suggestion = index.header_suggestion(header)
    if suggestion is None:
        return f"“{shown}”" if language == "zh" else f"'{shown}'"
    if language == "zh":
        return f"“{shown}”（是否应为“{suggestion}”？）"
    return f"'{shown}' (did you mean '{suggestion}'?)"


def _shown(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """A cell's text as quoted in a message: a huge header must not make a huge message."""
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text):,} 字）"


def _column(position: int, cell: Cell, index: _TemplateIndex) -> _Column:
    """What a header cell names; a target of None means nothing we know of."""
    header = _as_text(cell).strip()
    key = _key(header)
    if not key:
        return _Column(position, header, UNNAMED)
    if key in IGNORED_HEADERS:
        return _Column(position, header, IGNORED)
    if key in index.common:
        return _Column(position, header, index.common[key])
    if key in index.units:
        return _Column(position, header, FIELD, label=key)
    match = _LABEL_WITH_UNIT.match(key)
    if match and match["label"] in index.units:
        label, unit = match["label"], match["unit"]
        _check_unit(header, label, unit, index.units[label])
        return _Column(position, header, FIELD, label=label, unit=unit)
    return _Column(position, header, None)


def _check_unit(header: str, label: str, unit: str, units: set[str]) -> None:
    """A figure in 元 where the template counts 万元 would be 10,000 times too big."""
    counted = sorted(u for u in units if u)
    # Brackets after a label without a unit (级别, 发放对象) hold a note, not a unit.
    if counted and unit not in counted:
        raise TaizhangError(
            "import_unit_mismatch",
            column=header,
            unit=unit,
            label=label,
            units="、".join(f"“{u}”" for u in counted),
        )


def _refuse_duplicates(columns: Iterable[_Column]) -> None:
    seen: set[tuple[str, str]] = set()
    for column in columns:
        if column.target in (IGNORED, UNNAMED):
            continue
        identity = (column.target, column.label)
        if identity in seen:
            raise TaizhangError("import_duplicate_column", column=column.header)
        seen.add(identity)


# --- the rows ----------------------------------------------------------------------


def _is_blank(value: Cell) -> bool:
    return value is None or value == "" or (isinstance(value, str) and value.isspace())


def _is_blank_row(cells: Sequence[Cell]) -> bool:
    return all(_is_blank(c) for c in cells)


def _is_no_record(own: Sequence[Cell], layout: _Layout) -> bool:
    """A blank, sum, signature or repeated header row, judged by what the row itself holds
    (not what cells merged down from above give it: a 小计 row under a merged 日期)."""
    # Asked of every row: the cheap tests on its first filled cell decide which of the
    # others are worth asking.
    for first in own:
        if first is not None and first != "" and not (isinstance(first, str) and first.isspace()):
            break  # not _is_blank(first), without a call for each cell
    else:
        return True  # blank
    if isinstance(first, str):
        if "计" in first and _is_total_row(own, layout):
            return True
        if (":" in first or "：" in first) and _is_signature_row(own, layout):
            return True
    return _is_header_again(own, layout)


def _is_header_again(cells: Sequence[Cell], layout: _Layout) -> bool:
    """The header once more (two quarters' sheets pasted one under the other)."""
    if len(cells) < len(REQUIRED_COLUMNS):
        return False
    # Asked of every row: a cheap look at the 活动类型 cell first, which in a record holds
    # a type's name, not a header's words.
    type_position = layout.type_position
    type_cell = cells[type_position] if type_position < len(cells) else None
    if not isinstance(type_cell, str) or "类" not in type_cell:
        return False
    for position, column in enumerate(layout.columns):
        cell = cells[position] if position < len(cells) else None
        if _key(_as_text(cell)) != _key(column.header):
            return False
    return all(_is_blank(c) for c in cells[layout.width :])


def _is_total_row(cells: Sequence[Cell], layout: _Layout) -> bool:
    """A ledger's 合计 row: its first filled cell says so, and it names no activity type.

    A row with a type is a record whatever its title, so nothing real is skipped.
    """
    first = next(i for i, c in enumerate(cells) if not _is_blank(c))
    text = cells[first]
    if not isinstance(text, str) or "计" not in text or not _TOTAL_ROW.match(_key(text)):
        return False
    type_position = layout.column_of("type_id").index
    return first == type_position or type_position >= len(cells) or _is_blank(cells[type_position])


def _is_signature_row(cells: Sequence[Cell], layout: _Layout) -> bool:
    """A ledger's signature line (填报人：… 审核人：…): its first filled cell opens with such
    a word, and the date, type and title columns hold nothing else. A row with any of
    them filled besides is a record, whatever its text."""
    first = next(i for i, c in enumerate(cells) if not _is_blank(c))
    text = cells[first]
    if not isinstance(text, str) or not _SIGNATURE_ROW.match(_key(text)):
        return False
    positions = (layout.column_of(target).index for target in REQUIRED_COLUMNS)
    return all(
        p == first or p >= len(cells) or _is_blank(cells[p]) or _is_signature_word(cells[p])
        for p in positions
    )


def _is_signature_word(cell: Cell) -> bool:
    return isinstance(cell, str) and bool(_SIGNATURE_ROW.match(_key(cell)))


def _as_text(value: Cell) -> str:
    """A cell as the text a person sees in it, for text columns."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if type(value) not in (int, float):  # shown through a number format (007, 50%)?
        render = getattr(value, "render", None)
        shown = render(value) if render is not None else None
        if shown is not None:
            return shown
    if isinstance(value, float):
        return _as_text(int(value)) if value.is_integer() else f"{value:.15g}"
    return str(value)


def _as_figure(value: Cell) -> Cell:
    """Excel keeps 15 significant digits; its sums come back as 57.900000000000006."""
    if isinstance(value, float):
        return float(f"{value:.15g}")
    if type(value) is _MarkedInt:
        return int(value)  # a figure is the number, whatever its cell's format shows
    return value


class _RowChecker:
    """Turns one data row into an ``Activity``, or into all of its problems."""

    def __init__(self, layout: _Layout, index: _TemplateIndex) -> None:
        self.layout = layout
        self.index = index
        self.template = index.template
        self.text_columns = [
            c for c in layout.common.values() if c.target not in ("type_id", "date", "end_date")
        ]
        self.date_columns = [c for c in layout.common.values() if c.target in ("date", "end_date")]
        # What each row's draft takes, by position: worked out once, not once a row.
        self.draft_dates = [(c.target, c.index) for c in self.date_columns]
        self.draft_texts = [(c.target, c.index) for c in self.text_columns]
        self.type_column = layout.column_of("type_id")
        self.width = layout.width
        self.field_columns = [c for c in layout.columns if c.target == FIELD]
        self.field_positions = [(c, c.index) for c in self.field_columns]
        self.unnamed_positions = [c.index for c in layout.columns if c.target == UNNAMED]
        # type id → each field column's (field, numeric, unit differs), filled as types come
        self._fields_of_type: dict[int, dict[int, tuple[Field | None, bool, bool]]] = {}
        self.source_id_position = next(
            (c.index for c in layout.columns if c.target == IGNORED
             and _key(c.header) == SOURCE_ID_HEADER),
            None,
        )  # fmt: skip
        # A file of our own list export says 主办单位 and 经办人 for each record: where
        # one is empty, the record had none (``Activity.empty_stays_empty``).
        self.keeps_empty_names = {"organizer", "handler"} <= set(layout.common)

    def source_id(self, cells: Sequence[Cell]) -> str:
        position = self.source_id_position
        if position is None or position >= len(cells):
            return ""
        return _as_text(cells[position]).strip()

    def check(self, number: int, cells: Sequence[Cell]) -> Activity | list[RowError]:
        if type(cells) is _UnusableRow:  # marked as the sheet was read
            return self._formulas_without_value(number, cells)
        cells = self._fitted(cells)
        problems: list[tuple[int, RowError]] = self._unnamed_values(number, cells)
        type_column = self.type_column
        type_name = _as_text(cells[type_column.index]).strip()
        activity_type = self.index.type_named(type_name) if type_name else None
        if type_name and activity_type is None:
            problems.append((type_column.index, self._unknown_type(number, type_column, type_name)))
        values, value_columns, field_problems = self._field_values(number, cells, activity_type)
        problems.extend(field_problems)
        draft = {"type_id": activity_type.id if activity_type else None, "values": values}
        for target, position in self.draft_dates:
            draft[target] = cells[position]
        for target, position in self.draft_texts:
            draft[target] = _as_text(cells[position])
        try:
            activity = validate_activity(self.template, draft)
        except RecordErrors as record:
            for error in record.errors:
                if error.field == "type_id" and type_name:
                    continue  # already reported as an unknown type, with a suggestion
                problems.append(self._validation_problem(number, error, value_columns))
            activity = None
        if problems:
            problems.sort(key=lambda p: p[0])  # in the order of the file's columns
            return [p[1] for p in problems]
        return activity

    def _formulas_without_value(self, number: int, cells: Sequence[Cell]) -> list[RowError]:
        problems = []
        for position, value in enumerate(cells):
            if type(value) is _UnusableCell:
                header = (
                    self.layout.columns[position].header if position < self.layout.width else ""
                )
                cell = f"{get_column_letter(position + 1)}{number}"
                if value is TOO_LONG:
                    problems.append(
                        _row_error(
                            number,
                            header,
                            "import_xlsx_cell_too_long",
                            cell=cell,
                            limit=f"{MAX_CELL_CHARS:,}",
                        )  # fmt: skip
                    )
                elif value is NO_CACHED_VALUE:
                    problems.append(
                        _row_error(number, header, "import_formula_no_value", cell=cell)
                    )
                else:
                    problems.append(
                        _row_error(
                            number, header, "import_formula_error", cell=cell, error=value.error
                        )
                    )
        return problems

    def _fitted(self, cells: Sequence[Cell]) -> Sequence[Cell]:
        """Rows of a CSV or sheet may be shorter than the header; missing cells are empty."""
        missing = self.width - len(cells)
        return tuple(cells) + (None,) * missing if missing > 0 else cells

    def _unnamed_values(self, number: int, cells: Sequence[Cell]) -> list[tuple[int, RowError]]:
        if not self.unnamed_positions and len(cells) <= self.width:
            return []  # the usual row: every cell under a header
        extra = range(self.width, len(cells))
        problems = []
        for position in (*self.unnamed_positions, *extra):
            if not _is_blank(cells[position]):
                value = _shown(_as_text(cells[position]).strip())
                problem = _row_error(
                    number, "", "import_unnamed_column_value", index=position + 1, value=value
                )
                problems.append((position, problem))
        return problems

    def _unknown_type(self, number: int, column: _Column, name: str) -> RowError:
        archived = self.index.archived.get(_key(name))
        if archived is not None:
            return _row_error(number, column.header, "type_archived", name=archived.name)
        suggestion = self.index.suggestion(name)
        if suggestion:
            return _row_error(
                number, column.header, "import_unknown_type_hint", name=name, suggestion=suggestion
            )
        return _row_error(number, column.header, "unknown_type", name=name)

    def _field_values(
        self,
        number: int,
        cells: Sequence[Cell],
        activity_type: ActivityType | None,
    ) -> tuple[dict[int, Cell], dict[int, _Column], list[tuple[int, RowError]]]:
        """The type's figures in this row (raw), the column each came from, and problems."""
        values: dict[int, Cell] = {}
        columns: dict[int, _Column] = {}
        if activity_type is None:
            return values, columns, self._typeless_problems(number, cells)
        problems = []
        known = self._fields_of_type.get(activity_type.id)
        if known is None:
            known = self._fields_of_type[activity_type.id] = self._fields_of(activity_type)
        for column, value in self._filled_fields(cells):
            problem = None
            f, numeric, unit_differs = known[column.index]
            if f is not None and numeric and type(value) in _MARKED and value.merged:
                problem = _row_error(
                    number, column.header, "import_merged_figure", cell=value.merged, label=f.label
                )
            elif f is None:
                problem = _row_error(
                    number,
                    column.header,
                    "import_field_not_in_type",
                    type_name=activity_type.name,
                    label=column.label,
                )
            elif unit_differs:
                problem = _row_error(
                    number,
                    column.header,
                    "import_unit_mismatch_row",
                    unit=column.unit,
                    type_name=activity_type.name,
                    label=f.label,
                    expected=f.unit,
                )
            if problem:
                problems.append((column.index, problem))
                continue
            values[f.id] = _as_figure(value) if numeric else _as_text(value)
            columns[f.id] = column
        return values, columns, problems

    def _fields_of(self, activity_type: ActivityType) -> dict[int, tuple[Field | None, bool, bool]]:
        """What each field column is in a row of this type: its field (None: the type has
        none of that label), whether it is a figure, and whether the column's unit is
        not the field's (a problem of the row). The same for every row of the type."""
        known = {}
        for column in self.field_columns:
            f = self.index.field(activity_type.id, column.label)
            unit_differs = bool(
                f is not None
                and column.unit
                and f.unit
                and column.unit != self.index.unit_keys[f.id]
            )
            known[column.index] = (f, f is not None and f.is_numeric, unit_differs)
        return known

    def _filled_fields(self, cells: Sequence[Cell]) -> list[tuple[_Column, Cell]]:
        # Most field columns of a row are empty (they belong to other types): test the
        # cheap way first, it runs for every cell of every row.
        return [
            (column, value)
            for column, position in self.field_positions
            if (value := cells[position]) not in (None, "") and not _is_blank(value)
        ]

    def _typeless_problems(self, number: int, cells: Sequence[Cell]) -> list[tuple[int, RowError]]:
        """Check figures against their label alone when the row's type is unknown or empty."""
        problems = []
        for column, value in self._filled_fields(cells):
            f = self.index.shared_field(column.label)
            if f is None:
                continue
            try:
                parse_field_value(f, _as_figure(value) if f.is_numeric else _as_text(value))
            except ValidationError as error:
                problems.append((column.index, RowError(number, column.header, error.zh, error.en)))
        return problems

    def _validation_problem(
        self, number: int, error: ValidationError, value_columns: dict[int, _Column]
    ) -> tuple[int, RowError]:
        """Place a problem found by ``validate_activity`` in the column it came from."""
        column = self.layout.common.get(error.field) or value_columns.get(error.field)
        if column is not None:
            return column.index, RowError(number, column.header, error.zh, error.en)
        # A required field of the type with no column in the file: name the column to add.
        f = self.template.fields_by_id.get(error.field) if isinstance(error.field, int) else None
        name = f.label if f else ""
        return self.layout.width, RowError(number, name, error.zh, error.en)


def _row_error(number: int, column: str, key: str, **params: object) -> RowError:
    return RowError(
        number,
        column,
        messages.text(key, "zh", **params),
        messages.text(key, "en", **params),
    )


# --- reading files -----------------------------------------------------------------


@dataclass
class _Table:
    """The rows of a CSV, or of one worksheet, numbered as a spreadsheet shows them."""

    name: str  # the worksheet's name; '' for a CSV
    rows: Iterator[Row]
    sheet: bool = False
    hidden: bool = False  # hidden in the workbook (Excel's 隐藏): the clerk does not see it
    named: bool = False  # errors name the sheet: the workbook has more than one
    # The numbers of its hidden rows, filled as its rows begin to be read.
    hidden_rows: set[int] = field(default_factory=set)


@contextlib.contextmanager
def _open_tables(path: Path, is_known_header: Callable[[object], bool]) -> Iterator[list[_Table]]:
    """The file's tables, read as they are iterated: one for a CSV, one a worksheet."""
    if _kind_of(path) == "xlsx":
        with _xlsx_tables(path) as tables:
            yield tables
    else:
        yield [_Table("", _csv_rows(path, is_known_header))]


def check_path(path: Path) -> None:
    """Refuse, with what it is, a path that is no file to import: a folder, a file that
    is not there, the lock file an office program leaves beside an open workbook."""
    if path.is_dir():
        raise TaizhangError("import_is_folder", path=path)
    # (a real workbook so named is a zip, and is read)
    if (
        path.name.startswith(_LOCK_FILE_PREFIXES)
        and path.is_file()
        and not _read_bytes(path, 4).startswith(_ZIP_MAGIC)
    ):
        raise TaizhangError("import_lock_file", path=path)
    if not path.exists():
        raise TaizhangError("file_missing", path=path)


# Excel and WPS keep ~$台账.xlsx (who has it open) beside an open 台账.xlsx; LibreOffice
# keeps .~lock.台账.xlsx#.
_LOCK_FILE_PREFIXES = ("~$", ".~lock.")


def _kind_of(path: Path) -> str:
    """'xlsx' or 'csv', by suffix, then by content: renamed files are common."""
    check_path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        # An .xlsx renamed .xls (a zip, not an OLE2 document) is read as what it is.
        if _read_bytes(path, len(_ZIP_MAGIC)) == _ZIP_MAGIC:
            return "xlsx"
        raise TaizhangError("import_old_xls", path=path)
    if suffix == ".tzpkg":  # core/exchange.py SUFFIX (not imported: it loads much more)
        raise TaizhangError("import_is_package", path=path)
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise TaizhangError(
            "import_bad_format", suffix=path.suffix or path.name,
            known="、".join(XLSX_SUFFIXES + CSV_SUFFIXES),
        )  # fmt: skip
    start = _read_bytes(path, 8)
    if start.startswith(_OLE2_MAGIC):
        raise TaizhangError("import_old_xls", path=path)
    if start.startswith(_ZIP_MAGIC) or suffix in XLSX_SUFFIXES:
        return "xlsx"
    return "csv"


def _read_bytes(path: Path, size: int = -1) -> bytes:
    with _opened(path) as file:
        try:
            return file.read(size)
        except OSError as error:
            raise TaizhangError("import_unreadable", path=path, reason=error) from error


def _opened(path: Path) -> io.BufferedReader:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise TaizhangError("file_missing", path=path) from None
    except PermissionError as error:
        # On Windows, WPS and Excel keep the file they show locked.
        raise TaizhangError("import_locked", path=path) from error
    except OSError as error:
        raise TaizhangError("import_unreadable", path=path, reason=error) from error


def _header_row(rows: Iterator[Row], index: _TemplateIndex) -> tuple[Row | None, int]:
    """The header and how many filled rows stand above it.

    A clerk's sheet often starts with its title and a 填报单位 line: the header is the first
    row naming 日期, 活动类型 and 活动名称, if only such lines come before it, within the
    first ``HEADER_SEARCH_ROWS``. A row naming an activity type could be a record, so it is
    never passed over: then, as when no header is found, the header is the first filled
    row, and its error says what that row holds.
    """
    first: Row | None = None
    above: list[Sequence[Cell]] = []
    for number, cells in rows:
        if isinstance(cells, RowError):  # the header's own quotes are wrong
            raise TaizhangError(
                "import_csv_malformed", path=getattr(rows, "path", ""), row=number,
                reason=messages.Both(cells.reason, cells.en or cells.reason),
            )  # fmt: skip
        if _is_blank_row(cells):
            continue
        if _names_required_columns(cells, index):
            _refuse_pasted_ledger(above, cells, rows)
            return (number, cells), len(above)
        first = first or (number, cells)
        above.append(cells)
        if len(above) >= HEADER_SEARCH_ROWS or _could_be_a_record(cells, index):
            break
    return first, 0


# The line our ledgers write under their title (core/xlsx/layout.info_line), ideographic
# spaces and all: a hand-made ledger's 填报单位 line is not written so.
_OUR_INFO_LINE = re.compile(
    r"填报单位：.*\u3000填报人：.*\u3000填报日期：\d{4}年\d{1,2}月\d{1,2}日"
)


def _refuse_pasted_ledger(above: list[Sequence[Cell]], header: Sequence[Cell], rows) -> None:
    """A sheet of a ledger we exported, pasted into a workbook of one's own: the workbook's
    creator no longer tells it (``_refuse_own_ledger``), its info line and 序号 do. Its
    备注 folds 级别 and the end date in; imported, its records would come back changed."""
    if not header or _as_text(header[0]).strip() != "序号":
        return
    if any(_OUR_INFO_LINE.fullmatch(_as_text(c).strip()) for cells in above for c in cells[:1]):
        path, sheet = getattr(rows, "path", ""), getattr(rows, "sheet_title", "")
        if sheet:
            raise TaizhangError("import_own_ledger_sheet", path=path, sheet=sheet)
        raise TaizhangError("import_own_ledger", path=path)  # saved as CSV


def _with_the_row_under(table: _Table, header: Row, index: _TemplateIndex) -> Row:
    """A header of two rows, as county ledgers are drawn: a group (主要指标) merged across
    the fields it holds, their names on the row under it, and 日期, 活动类型… merged down
    over both. The two rows read as one where the first names what we do not know and
    the second, under it, what we do; otherwise the row under is a row like any other."""
    number, cells = header
    unknown = [i for i, c in enumerate(cells) if not _is_blank(c) and not index.is_known_header(c)]
    blank = [i for i, c in enumerate(cells) if _is_blank(c)]
    if not unknown:
        return header
    below = next(iter(table.rows), None)
    if below is None:
        return header
    table.rows = itertools.chain([below], table.rows)  # given back unless it is taken
    under = below[1]
    if isinstance(under, RowError) or below[0] != number + 1:
        return header
    gaps = [i for i in unknown + blank if i < len(under) and not _is_blank(under[i])]
    if not gaps or not all(index.is_known_header(under[i]) for i in gaps):
        return header
    if any(i >= len(under) or _is_blank(under[i]) for i in unknown):
        return header  # a group cell with nothing named under it is a column of its own
    joined = list(cells) + [None] * max(0, len(under) - len(cells))
    for i in gaps:
        joined[i] = under[i]
    table.rows = itertools.islice(table.rows, 1, None)  # the row under is the header's
    return number, tuple(joined)


def _could_be_a_record(cells: Sequence[Cell], index: _TemplateIndex) -> bool:
    """A row naming an activity type, and more: a title that is a type's name alone
    (科技下乡, over a sheet kept for that type) holds no date or name of an activity."""
    filled = sum(1 for c in cells[:MAX_COLUMNS] if not _is_blank(c))
    return filled > 1 and _names_a_type(cells, index)


def _names_a_type(cells: Sequence[Cell], index: _TemplateIndex) -> bool:
    return any(_key(_as_text(c).strip()) in index.archived for c in cells[:MAX_COLUMNS])


def _names_required_columns(cells: Sequence[Cell], index: _TemplateIndex) -> bool:
    named = {index.common.get(_key(_as_text(c).strip())) for c in cells[:MAX_COLUMNS]}
    return all(target in named for target in REQUIRED_COLUMNS)


class _SheetRows:
    """The rows of a worksheet, streamed; a damaged file ends in a clear error."""

    def __init__(self, path: Path, rows: Iterator[Row], sheet_title: str) -> None:
        self.path = path
        self.sheet_title = sheet_title
        self._rows = rows

    def __iter__(self) -> Iterator[Row]:
        return self

    def __next__(self) -> Row:
        try:
            return next(self._rows)
        except (StopIteration, TaizhangError):
            raise
        except Exception as error:  # openpyxl raises many kinds on a damaged sheet
            raise _unreadable_workbook(self.path, error) from error


@contextlib.contextmanager
def _xlsx_tables(path: Path) -> Iterator[list[_Table]]:
    # A file object, not a name: openpyxl then reads a renamed workbook too, and the
    # handle is closed here (Windows keeps a file locked while a handle is open).
    with _opened(path) as file:
        _refuse_zip_bomb(file, path)
        workbook = _load_workbook(file, path)
        try:
            _refuse_own_ledger(workbook, path)
            sheets = workbook.worksheets
            if not sheets:
                raise TaizhangError("import_empty", path=path)
            tables = []
            for sheet in sheets:
                hidden_rows: set[int] = set()
                rows = _sheet_values(sheet, workbook, hidden_rows, path)
                tables.append(
                    _Table(
                        sheet.title,
                        _SheetRows(path, rows, sheet.title),
                        sheet=True,
                        hidden=getattr(sheet, "sheet_state", "visible") != "visible",
                        named=len(sheets) > 1,
                        hidden_rows=hidden_rows,
                    )
                )
            yield tables
        finally:
            workbook.close()


def _refuse_own_ledger(workbook: openpyxl.Workbook, path: Path) -> None:
    """A ledger this program exported is no list of records: its 备注 column holds the text
    fields too (级别：省级), so its records would come back changed, and as new ones. The
    way to bring a colleague's records over is an exchange package."""
    from core.xlsx import LEDGER_CREATOR
    from core.xlsx.summary import SUMMARY_SHEET

    if workbook.properties.creator == LEDGER_CREATOR and SUMMARY_SHEET in workbook.sheetnames:
        raise TaizhangError("import_own_ledger", path=path)


def _refuse_zip_bomb(file: io.BufferedReader, path: Path) -> None:
    """A 1 MB workbook can unpack to gigabytes: refused by the sizes its zip declares
    (zipfile never unpacks an entry past its declared size)."""
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise TaizhangError("import_not_xlsx", path=path) from error
    finally:
        file.seek(0)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise TaizhangError(
            "import_too_big", path=path, limit=f"{MAX_XLSX_UNPACKED_BYTES >> 20:,} MB"
        )


class _UnusableCell:
    """A formula cell whose value cannot be imported: saved without its result (openpyxl,
    pandas, a script wrote it; ``error`` is None), or whose result is an error such as
    #N/A or #DIV/0! (kept as the text of a title, it would be stored as typed)."""

    def __init__(self, error: str | None = None) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"<formula: {self.error or 'no value'}>"


NO_CACHED_VALUE = _UnusableCell()
# A text cell past MAX_CELL_CHARS (a CSV's are refused alike): not kept, a row error.
TOO_LONG = _UnusableCell()


class _ValueParser(WorkSheetParser):
    """openpyxl's sheet parser (data_only), marking formulas that have no cached value
    and those whose value is an error.

    openpyxl gives the first as None, the same as an empty cell (the figure would be
    imported as empty without a word), and the second as its text (#N/A as a title).
    """

    def __init__(self, *args, shown_formats: dict[int, Callable] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_formats = shown_formats or {}
        self.unusable_rows: set[int] = set()

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        value = cell["value"]
        if type(value) is str and cell["data_type"] == "s":
            if len(value) > MAX_CELL_CHARS:
                cell["value"] = TOO_LONG
                self.unusable_rows.add(cell["row"])
                return cell
            # Shared, inline or a formula's text: all of it as the cell shows it, in one place.
            cell["value"] = decoded(value)
        elif value is TOO_LONG:  # a shared text past the limit (``_string_table``)
            self.unusable_rows.add(cell["row"])
        elif value is None and element.find(_FORMULA_TAG) is not None:
            cell["value"] = NO_CACHED_VALUE
            self.unusable_rows.add(cell["row"])
        elif cell["data_type"] == "e":
            cell["value"] = _UnusableCell(str(value))
            self.unusable_rows.add(cell["row"])
        elif self.shown_formats and cell["data_type"] == "n" and value is not None:
            render = self.shown_formats.get(cell["style_id"])
            if render is not None:
                cell["value"] = _shown_number(value, render)
        return cell


class _MarkedInt(int):
    """A number read from a sheet with what else is known of its cell: the way its format
    shows it (``render``, for text columns) and the merged range it was spread from
    (``merged``: no figure of a record)."""

    render: Callable | None = None
    merged: str = ""


class _MarkedFloat(float):
    """As ``_MarkedInt``."""

    render: Callable | None = None
    merged: str = ""


_MARKED = (_MarkedInt, _MarkedFloat)


def _marked(value: int | float) -> _MarkedInt | _MarkedFloat:
    """``value`` as a marked number (a new one: a marked number is shared by no cell)."""
    return _MarkedFloat(value) if isinstance(value, float) else _MarkedInt(value)


def _shown_number(value: int | float, render: Callable) -> Cell:
    shown = _marked(value)
    shown.render = render  # rendered only if a text column reads it: figures never are
    return shown


# The number formats whose text is rendered as the clerk sees it: zero padding (000),
# fixed decimals (0.00), thousands (#,##0, #,##0.00) and percent (0%, 0.0%). Any other
# format (fractions, scientific, text around the number) is not: the number as before.
_SIMPLE_FORMAT = re.compile(r"(?P<group>#,##)?(?P<zeros>0+)(?:\.(?P<places>0+))?(?P<percent>%)?\Z")
_PADDING = re.compile(r"_.")  # _) or _ : a blank the width of a character


def _format_renderer(code: str | None) -> Callable[[int | float], str | None] | None:
    """How a number shows through the format ``code``; None for formats not rendered."""
    if not code:
        return None
    section, *others = code.split(";")
    match = _SIMPLE_FORMAT.match(_PADDING.sub("", section))
    if match is None or (match["group"] and len(match["zeros"]) > 1):
        return None
    width = len(match["zeros"])
    places = len(match["places"] or "")
    step = Decimal(1).scaleb(-places)
    percent = bool(match["percent"])
    group = bool(match["group"])

    def render(value: int | float) -> str | None:
        if value < 0 and others:
            return None  # a section of its own for negatives: not rendered
        number = Decimal(repr(float(value)) if isinstance(value, float) else int(value))
        if percent:
            number *= 100
        try:
            number = number.quantize(step, rounding=ROUND_HALF_UP)
        except InvalidOperation:  # more digits than a Decimal holds: no clerk's text
            return None
        sign = "-" if number < 0 else ""
        whole, _, fraction = f"{abs(number):f}".partition(".")
        whole = f"{int(whole):,}" if group else whole.zfill(width)
        return sign + whole + (f".{fraction}" if places else "") + ("%" if percent else "")

    return render


def _shown_styles(workbook, date_styles: set[int]) -> dict[int, Callable]:
    """The cell styles (by id) whose numbers are rendered: each style, and each format
    code, looked at once per workbook, never per cell."""
    renderers: dict[str, Callable | None] = {}
    custom = getattr(workbook, "_number_formats", ())
    shown = {}
    for index, style in enumerate(getattr(workbook, "_cell_styles", ())):
        format_id = getattr(style, "numFmtId", 0) or 0
        if not format_id or index in date_styles:
            continue  # General (0): the number as it is
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(format_id)
        else:
            position = format_id - BUILTIN_FORMATS_MAX_SIZE
            code = custom[position] if position < len(custom) else None
        if code not in renderers:
            renderers[code] = _format_renderer(code)
        if renderers[code] is not None:
            shown[index] = renderers[code]
    return shown


def _sheet_values(
    sheet, workbook, hidden_rows: set[int] | None = None, path: Path | None = None
) -> Iterator[Row]:
    """(row number, values) of a read-only sheet, streamed; a missing row is ().

    As ``ReadOnlyWorksheet.iter_rows(values_only=True)``, with ``_ValueParser``, without
    trusting the sheet's recorded size, and numbered by each row's own number: some
    programs write it wrong, or write rows out of order. A cell merged down several rows
    gives its value to each of them (``_MergedDown``). ``hidden_rows``, if given, is
    filled with the numbers of the hidden rows before the first row is given. A sheet
    holding a text far past MAX_CELL_CHARS is refused before any cell of it is made.
    """
    merges, hidden, longest = _scan_sheet(sheet)
    _refuse_huge_text(longest, path)
    if hidden_rows is not None:
        hidden_rows.update(hidden)
    merged = _MergedDown(merges)
    date_styles = _date_styles(workbook)
    with sheet._get_source() as source:
        parser = _ValueParser(
            source,
            # The sheet's table: a read-only workbook's own ``shared_strings`` stays
            # empty, and Excel, WPS and LibreOffice keep every text cell there.
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=date_styles,
            timedelta_formats=workbook._timedelta_formats,
            shown_formats=_shown_styles(workbook, date_styles),
        )
        expected = 1
        for number, cells in parser.parse():
            for missing in range(expected, number):
                yield missing, merged.filled(missing, ())
            expected = max(expected, number + 1)
            # Cells that hold nothing (a row coloured or bordered to its far end) are no
            # columns: a header coloured over 700 cells is as wide as its text.
            width = max((c["column"] for c in cells if c["value"] is not None), default=0)
            if not width:
                yield number, merged.filled(number, ())
                continue
            width = min(width, MAX_COLUMNS + 1)
            row: list[Cell] = [None] * width
            for cell in cells:
                if cell["column"] <= width:
                    row[cell["column"] - 1] = cell["value"]
            if type(row[0]) is str and _OUR_ID.match(row[0]):
                # Our own list export, opened in a spreadsheet and saved as a workbook:
                # its Excel-safety marks are still in the text (``_unescaped``).
                row = [_unescaped(c) if type(c) is str else c for c in row]
            filled = merged.filled(number, tuple(row))
            if number in parser.unusable_rows:
                parser.unusable_rows.discard(number)
                filled = _marked_unusable(filled)
            yield number, filled


class _FilledRow(tuple):
    """A row given values by cells merged down from above; ``own`` is what it holds."""

    own: tuple = ()


class _UnusableRow(_FilledRow):
    """A row holding a formula without its value, or with an error for one: marked as the
    sheet is read, so that the rows of a CSV (all text) are never searched for one."""

    unusable = True


def _marked_unusable(row: tuple) -> _UnusableRow:
    marked = _UnusableRow(row)
    marked.own = getattr(row, "own", tuple(row))
    return marked


# The built-in number formats a Chinese, Japanese or Korean Excel writes for dates and
# times (27 = yyyy"年"m"月", 31 = yyyy"年"m"月"d"日", 57…): a file names them by id alone,
# and openpyxl's table of built-in formats stops before them.
EAST_ASIAN_DATE_FORMATS = frozenset(range(27, 37)) | frozenset(range(50, 59))


def _date_styles(workbook) -> set[int]:
    """The cell styles that show a date: openpyxl's, and those of the formats above."""
    styles = getattr(workbook, "_cell_styles", ())
    east_asian = {
        index
        for index, style in enumerate(styles)
        if getattr(style, "numFmtId", None) in EAST_ASIAN_DATE_FORMATS
    }
    return set(workbook._date_formats) | east_asian


MAX_MERGES = 100_000  # merged ranges heeded in a sheet; a sheet with more is no ledger


def _vertical_merges(sheet) -> list[tuple[int, int, int]]:
    """(first row, last row, column) of each range merged down more than one row."""
    return _scan_sheet(sheet)[0]


def _scan_sheet(sheet) -> tuple[list[tuple[int, int, int]], set[int], int]:
    """The ranges merged down more than one row, as (first row, last row, column), the
    numbers of the hidden rows (hidden by the clerk or by an autofilter), and the bytes
    of the longest text in it (``_TextRuns``).

    The sheet's XML lists merges after all its rows, and openpyxl's read-only rows do
    not say they are hidden. Parsing the whole of it a second time would add most of the
    reading time again, so its text is searched instead, a megabyte at a time (bounded
    memory); ``<`` cannot stand unescaped in a cell's text.
    """
    merges = []
    hidden: set[int] = set()
    carry = b""
    runs = _TextRuns()
    with sheet._get_source() as source:
        while chunk := source.read(SCAN_CHUNK_BYTES):
            runs.feed(chunk)
            if len(merges) >= MAX_MERGES:
                continue  # read on for the longest text alone
            text = carry + chunk
            if b'hidden="' in text:  # cheap: most sheets hide nothing
                for match in _HIDDEN_ROW.finditer(text):
                    number = _ROW_NUMBER.search(match[0])
                    if number is not None:  # a row without its number: not named
                        hidden.add(int(number["number"]))
            end = 0
            for match in _MERGE_CELL.finditer(text):
                end = match.end()
                try:
                    first_column, first, _last_column, last = range_boundaries(
                        match["ref"].decode("ascii")
                    )
                except (TypeError, ValueError, UnicodeDecodeError):
                    continue  # a damaged ref: read as if it were not merged
                if first is not None and last is not None and last > first:
                    merges.append((first, last, first_column))
            carry = text[max(end, len(text) - 400) :]  # a tag cut by the chunk's end
    return sorted(merges[:MAX_MERGES]), hidden, runs.longest


class _TextRuns:
    """The longest stretch of an XML stream fed in chunks without a ``<``: the longest
    text of a cell or more (``<`` cannot stand unescaped in text), counted exactly from
    SCAN_CHUNK_BYTES up. A stretch that long crosses a chunk's end, so only the ends of
    each chunk are looked at: two ``find`` calls a chunk."""

    def __init__(self) -> None:
        self.longest = 0
        self._open = 0  # bytes since the last ``<``

    def feed(self, chunk: bytes) -> None:
        first = chunk.find(b"<")
        if first < 0:
            self._open += len(chunk)
        else:
            self.longest = max(self.longest, self._open + first)
            self._open = len(chunk) - chunk.rfind(b"<") - 1
        self.longest = max(self.longest, self._open)


def _refuse_huge_text(longest: int, path: Path | None) -> None:
    # Shorter stretches are not all counted: the limit must not be below a chunk.
    if longest > max(MAX_CELL_CHARS * XML_BYTES_PER_CHAR, SCAN_CHUNK_BYTES):
        raise TaizhangError("import_xlsx_text_too_long", path=path, limit=f"{MAX_CELL_CHARS:,}")


class _MergedDown:
    """Fills the rows a merged cell spans with its value, in the merge's first column."""

    def __init__(self, merges: list[tuple[int, int, int]]) -> None:
        self._pending = collections.deque(merges)  # by first row
        self._open: dict[int, tuple[int, Cell]] = {}  # column → (last row, value)

    def filled(self, number: int, row: tuple[Cell, ...]) -> tuple[Cell, ...]:
        if not self._pending and not self._open:
            return row
        own = row
        for column, (last, value) in list(self._open.items()):
            if number > last:
                del self._open[column]
            elif column <= MAX_COLUMNS and (column > len(row) or row[column - 1] is None):
                cells = list(row) + [None] * max(0, column - len(row))
                cells[column - 1] = value
                row = tuple(cells)
        while self._pending and self._pending[0][0] <= number:
            first, last, column = self._pending.popleft()
            if first == number and column <= len(row):
                self._open[column] = (last, _spread(row[column - 1], first, last, column))
        if row is own:
            return row
        filled = _FilledRow(row)
        filled.own = own
        return filled


def _spread(value: Cell, first: int, last: int, column: int) -> Cell:
    """What the rows under a merged cell's first row are given: text and dates as they
    are; a number marked with its range, since one figure cannot be each row's figure
    (two records' “共 300 册” would count 600)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    spread = _marked(value)
    spread.render = getattr(value, "render", None)  # a text column shows it as formatted
    letter = get_column_letter(column)
    spread.merged = f"{letter}{first}:{letter}{last}"
    return spread


class _ExcelReader(ExcelReader):
    """openpyxl's reader (read-only, values only), keeping the shared strings as the file
    holds them: openpyxl's own table deletes every ``x005F_`` in them, escape or not, and
    so loses what ``_ValueParser`` must decode."""

    def __init__(self, file: io.BufferedReader, path: Path) -> None:
        super().__init__(file, read_only=True, data_only=True)
        self.path = path

    def read_worksheets(self) -> None:
        """As openpyxl's, read-only, each sheet a ``_ReadOnlySheet``."""
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            ws = _ReadOnlySheet(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            name = part.PartName[1:]
            with self.archive.open(name) as source:
                runs = _TextRuns()
                while chunk := source.read(SCAN_CHUNK_BYTES):
                    runs.feed(chunk)
            _refuse_huge_text(runs.longest, self.path)
            with self.archive.open(name) as source:
                self.shared_strings = _string_table(source, self.path)


class _ReadOnlySheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, its recorded size read where it stands, before the
    rows: openpyxl's own parses a sheet that records none (a script's) to its end first,
    every cell built (a 300 MB cell took 301 MB before a row was read)."""

    def _get_size(self) -> None:
        with self._get_source() as source:
            for _event, element in iterparse(source, events=("start",)):
                if element.tag == _DIMENSION_TAG:
                    with contextlib.suppress(TypeError, ValueError):
                        bounds = range_boundaries(element.get("ref", ""))
                        if None not in bounds:
                            self._min_column, self._min_row, self._max_column, self._max_row = (
                                bounds
                            )
                    return
                if element.tag == _SHEET_DATA_TAG:
                    return


_DIMENSION_TAG = f"{{{SHEET_MAIN_NS}}}dimension"
_SHEET_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"
_STRING_ITEM = f"{{{SHEET_MAIN_NS}}}si"
_TEXT = f"{{{SHEET_MAIN_NS}}}t"
_RUN = f"{{{SHEET_MAIN_NS}}}r"


def _string_table(source, path: Path | None = None) -> list:
    """Each shared string's text, its escapes left for ``decoded``: the text of openpyxl's
    ``read_string_table`` (its plain text, then its formatted runs; the phonetic guide of
    a Japanese name is no text of the cell), without its mangling, and without building
    openpyxl's rich-text objects: a fifth of the time a big workbook takes to read.

    A text past MAX_CELL_CHARS is kept as ``TOO_LONG`` (its cells are row errors); a
    table of more than MAX_SHARED_STRINGS texts is refused as it is read."""
    strings: list = []
    for _, node in iterparse(source):
        if node.tag == _STRING_ITEM:
            if len(strings) >= MAX_SHARED_STRINGS:
                raise TaizhangError(
                    "import_too_many_strings", path=path, limit=f"{MAX_SHARED_STRINGS:,}"
                )
            text = _item_text(node)
            strings.append(TOO_LONG if len(text) > MAX_CELL_CHARS else text)
            node.clear()
    return strings


def _item_text(item) -> str:
    plain = [child.text or "" for child in item if child.tag == _TEXT]
    runs = [t.text or "" for run in item if run.tag == _RUN for t in run.iterfind(_TEXT)]
    return "".join(plain + runs)


def _load_workbook(file: io.BufferedReader, path: Path) -> openpyxl.Workbook:
    try:
        reader = _ExcelReader(file, path)
        reader.read()
        return reader.wb
    except TaizhangError:
        raise
    except (zipfile.BadZipFile, KeyError) as error:
        # Not a zip, or a zip without a workbook in it (a renamed .docx, .zip …).
        raise TaizhangError("import_not_xlsx", path=path) from error
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise _unreadable_workbook(path, error) from error


def _unreadable_workbook(path: Path, error: BaseException) -> TaizhangError:
    """A workbook openpyxl cannot read, said in Chinese: XML that defusedxml refuses (an
    external entity, an entity bomb), or XML that is broken. The library's own words
    (English, pointing to an exception the clerk never sees) go in the English half only."""
    from defusedxml import DefusedXmlException

    causes = []
    while error is not None and len(causes) < 10:
        causes.append(error)
        error = error.__cause__ or error.__context__
    detail = str(causes[-1]).splitlines()[0] if str(causes[-1]) else type(causes[-1]).__name__
    key = (
        "import_xlsx_forbidden_xml"
        if any(isinstance(c, DefusedXmlException) for c in causes)
        else "import_xlsx_broken"
    )
    said = messages.Both(messages.text(key, "zh"), f"{messages.text(key, 'en')} ({detail})")
    return TaizhangError("import_unreadable", path=path, reason=said)


def _csv_rows(path: Path, is_known_header: Callable[[object], bool]) -> Iterator[Row]:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise TaizhangError("import_too_big", path=path, limit=f"{MAX_CSV_BYTES >> 20:,} MB")
    encoding = _encoding_of(path)
    with _opened(path) as raw:
        head = codecs.decode(raw.read(SNIFF_CHARS * 4), encoding, errors="ignore")
    if "\x00" in head:
        # Text files never hold NUL; binary ones almost always do.
        raise TaizhangError("import_not_csv", path=path)
    delimiter = _sniff_delimiter(head, is_known_header)
    return _CsvRows(path, _parsed_csv(path, encoding, delimiter))


class _CsvRows:
    """The records of a CSV, streamed, knowing their file (a refusal of its header names
    it, as a worksheet's rows do)."""

    sheet_title = ""

    def __init__(self, path: Path, rows: Iterator[Row]) -> None:
        self.path = path
        self._rows = rows

    def __iter__(self) -> Iterator[Row]:
        return self._rows


def _parsed_csv(path: Path, encoding: str, delimiter: str) -> Iterator[Row]:
    """Each record of the file, numbered as a spreadsheet shows it (a blank line is a
    row too); a record whose quotes are wrong is a ``RowError`` in place of its cells."""
    # The csv module's own limit (131,072 characters) would end the whole file at one long
    # cell: cells are measured here instead (MAX_CELL_CHARS), row by row.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_BYTES))
    with _opened(path) as raw:
        # newline="" keeps line breaks inside quoted cells as they were written.
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            for number, (record, problem) in enumerate(_csv_records(text, delimiter), 1):
                if problem is not None:
                    yield number, _row_error(number, "", problem, line=_shown(record.strip()))
                    continue
                if '"' not in record:
                    cells = _split_unquoted(record, delimiter)  # most rows: no csv.reader
                else:
                    try:
                        cells = next(csv.reader([record], delimiter=delimiter, strict=True), [])
                    except csv.Error:
                        yield (
                            number,
                            _row_error(
                                number, "", "import_csv_bad_quotes", line=_shown(record.strip())
                            ),
                        )
                        continue
                    swallowed = _record_inside_a_cell(cells, delimiter)
                    if swallowed is not None:
                        yield (
                            number,
                            _row_error(number, "", "import_csv_rows_in_a_cell", line=swallowed),
                        )
                        continue
                if record.rstrip("\r\n") == "\x1a":
                    continue  # the end-of-file mark older programs still write (Ctrl+Z)
                # Cheap tests on the whole line first: they run for every row.
                if "'" in record and cells and _OUR_ID.match(cells[0]):
                    cells = [_unescaped(cell) for cell in cells]
                if len(record) > MAX_CELL_CHARS and max(map(len, cells)) > MAX_CELL_CHARS:
                    yield (
                        number,
                        _row_error(number, "", "import_cell_too_long", limit=f"{MAX_CELL_CHARS:,}"),
                    )
                    continue
                yield number, cells
        except UnicodeDecodeError as error:
            raise TaizhangError("import_encoding", path=path) from error
        except OSError as error:
            raise TaizhangError("import_unreadable", path=path, reason=error) from error


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _record_inside_a_cell(cells: list[str], delimiter: str) -> str | None:
    """A line inside a quoted cell that reads as a record of its own (a date, then at
    least two more cells), shown for a message; None when there is none.

    Two stray quotes, one opening a cell and one closing another rows below, are valid
    CSV: one cell holding the rows between them, which would be lost as records without
    a word. A note of several lines is left alone: few of its lines start with a date
    (or, in our own list, a record's id) and hold two delimiters."""
    # Our own list's rows begin with the record's id, and its notes are its own to keep
    # as they were (``list --format csv`` imports back to the same text).
    starts_a_record = _OUR_ID.match if cells and _OUR_ID.match(cells[0]) else _is_a_date
    for cell in cells:
        if "\n" not in cell and "\r" not in cell:
            continue
        for line in _LINE_BREAK.split(cell)[1:]:
            parts = line.split(delimiter)
            if len(parts) >= 3 and starts_a_record(parts[0]):
                return _shown(line.strip())
    return None


def _is_a_date(text: str) -> bool:
    try:
        parse_date(text, label="")
    except ValidationError:
        return False
    return True


def _split_unquoted(line: str, delimiter: str) -> list[str]:
    """The cells of one line without a quote, as the csv module gives them: split at the
    delimiter, without its line end (read with ``newline=""``, a line has a CR or LF only
    at its end); a blank line has none. A quarter of the time of a csv.reader made anew
    for each record."""
    body = line.rstrip("\r\n")
    return body.split(delimiter) if body else []


# A CSV made safe to open in Excel (core/cli.py csv_safe) marks such cells with a '.
# Only our own list export does, and its rows begin with the record's id (编号): in any
# other CSV a leading ' is text the clerk typed (''双创'' for “双创”), kept as it is.
_ESCAPED_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
_OUR_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def _unescaped(cell: str) -> str:
    """'=HYPERLINK(…) as written by a safe CSV is the text =HYPERLINK(…) again."""
    if cell[:1] == "'" and cell[1:2] in _ESCAPED_STARTS and cell[1:2]:
        return cell[1:]
    return cell


def _csv_records(lines: Iterable[str], delimiter: str) -> Iterator[tuple[str, str | None]]:
    """Physical lines joined into records (a quoted cell may hold line breaks).

    A quote left open past ``MAX_LINES_IN_A_CELL`` lines, or to the end of the file,
    is reported on its own line (``import_csv_unclosed_quote``), and reading goes on
    with the next line: one stray quote never swallows the rest of the file.
    """
    pending: collections.deque[str] = collections.deque()
    source = iter(lines)
    while True:
        line = pending.popleft() if pending else next(source, None)
        if line is None:
            return
        if '"' not in line or not _opens_quote(line, delimiter):
            yield line, None
            continue
        record, taken = [line], []
        while True:
            more = pending.popleft() if pending else next(source, None)
            if more is None or len(record) > MAX_LINES_IN_A_CELL:
                if more is not None:
                    taken.append(more)
                break
            record.append(more)
            taken.append(more)
            if not _opens_quote("".join(record), delimiter):
                yield "".join(record), None
                record = []
                break
        if record:
            pending.extendleft(reversed(taken))  # read again, as records of their own
            yield line, "import_csv_unclosed_quote"


def _opens_quote(text: str, delimiter: str) -> bool:
    """Whether ``text`` ends inside a quoted cell (the csv module's rules)."""
    inside = False
    at_start = True
    position, end = 0, len(text)
    while position < end:
        char = text[position]
        if inside:
            if char == '"':
                if position + 1 < end and text[position + 1] == '"':
                    position += 1  # "" inside quotes: one quote
                else:
                    inside = False
        elif char == '"' and at_start:
            inside = True
        at_start = char in (delimiter, "\n", "\r") if not inside else False
        position += 1
    return inside


def _encoding_of(path: Path) -> str:
    """UTF-8 (Excel's "CSV UTF-8", WPS) first: GBK bytes are almost never valid UTF-8.
    A file opening with a UTF-16 byte-order mark is Excel's “Unicode 文本” (tabs between
    its cells): the mark says what it is.

    Checked by streaming the whole file through each decoder: nothing is kept.
    """
    with _opened(path) as raw:
        mark = raw.read(2)
    candidates = ("utf-16",) if mark in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else ENCODINGS
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with _opened(path) as raw:
                while chunk := raw.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        except OSError as error:
            raise TaizhangError("import_unreadable", path=path, reason=error) from error
        return encoding
    raise TaizhangError("import_encoding", path=path)


def _sniff_delimiter(text: str, is_known_header: Callable[[object], bool]) -> str:
    """The delimiter that splits the header row into the most columns we know.

    Judged on the header alone: it is the one row whose content we can predict, while
    titles and notes may hold any delimiter. The header is the row, among the first
    ``HEADER_SEARCH_ROWS`` filled ones, that some delimiter splits into the most known
    columns: a title line (城关县科技局2026年第一季度台账) may stand above it.
    """

    sample = text[:SNIFF_CHARS]  # the header is near the top; no need to copy the whole file

    def score(delimiter: str) -> tuple[int, int]:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        rows = (row for row in reader if not _is_blank_row(row))
        try:
            candidates = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
        except csv.Error:
            return (-1, 0)
        return max(
            ((sum(1 for cell in row if is_known_header(cell)), len(row)) for row in candidates),
            default=(0, 0),
        )

    scores = {delimiter: score(delimiter) for delimiter in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=scores.__getitem__)  # the first of equals: the comma
    # With no header we know, splitting gains nothing; the comma is the usual one.
    return best if scores[best][0] > 0 else ","

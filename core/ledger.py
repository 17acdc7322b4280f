"""A period's 台账 as plain data: figures per section and type, and the records.

Computed once here, then rendered (``core/xlsx``, the 汇总 view). No renderer holds SQL:
the figures are plain data, and a section's records are a sequence that reads itself from
the database a slice at a time (``SectionRecords``: bounded memory at 125,000 records),
walked inside one read snapshot (``core/ledger_export``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import sqlite_utils

from core import figure_cache, settings, targets
from core import indicators as indicator_store
from core.errors import TaizhangError
from core.periods import DateSpan, Period
from core.template import BREAKDOWN_PREFIX, ActivityType, Template

Number = int | float


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of the 汇总 sheet: a type's count, or the sum of one of its numeric fields."""

    section: str
    type_name: str
    indicator: str  # 期数 / 场次 / … for a count, else the field's label
    unit: str
    field_id: int | None  # None for the count row
    decimal: bool
    current: Number
    year_to_date: Number
    last_year: Number
    option: str | None = None  # a breakdown row (其中：<option>) of the row above it
    type_id: int = 0
    # 上年同期: last year's same span alone (a quarter's or a month's 汇总); None otherwise.
    same_span_last_year: Number | None = None
    row_key: str = ""  # names the row for its annual target (core/targets.py)
    target: float | None = None  # 年度目标 of the year

    @property
    def is_breakdown(self) -> bool:
        return self.option is not None

    @property
    def progress(self) -> float | None:
        """完成进度 in %: the year to date against the year's target."""
        return targets.progress(self.year_to_date, self.target)

    @property
    def change_percent(self) -> float | None:
        """本年累计 against 上年同期累计 in %, one decimal; None when last year had none."""
        if not self.last_year:
            return None
        return round((self.year_to_date - self.last_year) / self.last_year * 100, 1)


@dataclass(frozen=True, slots=True)
class Column:
    """A numeric column of a section sheet; fields of one label and unit share a column."""

    label: str
    unit: str
    field_ids: tuple[int, ...]
    decimal: bool

    @property
    def heading(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label


@dataclass(frozen=True, slots=True)
class Record:
    date: dt.date
    end_date: dt.date | None
    type_name: str
    title: str
    location: str
    organizer: str
    partners: str
    audience: str
    handler: str
    notes: str
    numbers: tuple[Number | None, ...]  # one per column of the section, None when empty
    details: tuple[tuple[str, str], ...]  # (label, value) of the type's choice and text fields
    # Issue 12: the record's id, its 填报单位 (source) and its evidence files' names.
    id: str = ""
    unit: str = ""
    evidence: tuple[str, ...] = ()

    @property
    def remarks(self) -> str:
        """备注 as printed: the end date, the choice and text fields, then the notes."""
        parts = [f"{label}：{value}" for label, value in self.details]
        if self.end_date and self.end_date != self.date:
            parts.insert(0, f"至{self.end_date.isoformat()}")
        if self.notes:
            parts.append(self.notes)
        return "；".join(parts)


@dataclass(frozen=True)
class SectionSheet:
    name: str
    columns: tuple[Column, ...]
    records: Sequence[Record]  # SectionRecords, or a list (tests, other sources)

    @property
    def totals(self) -> tuple[Number, ...]:
        if isinstance(self.records, SectionRecords):
            return self.records.totals()
        sums = []
        for index, column in enumerate(self.columns):
            total = sum(r.numbers[index] or 0 for r in self.records)
            sums.append(round(total, 2) if column.decimal else int(total))
        return tuple(sums)


# Units of money: shown with two places (PRODUCT.md §4: money #,##0.00).
MONEY_UNITS = frozenset({"元", "千元", "万元", "亿元"})


@dataclass(frozen=True, slots=True)
class IndicatorFigure:
    """A standing indicator in the 汇总: 本期, 本年累计 (累计) or the latest value (期末),
    last year's same span to date; ``None`` where nothing was reported."""

    section: str
    name: str
    unit: str
    aggregation: str  # "sum" or "last"
    current: float | None
    year_to_date: float | None
    last_year: float | None
    row_key: str
    target: float | None = None
    # A quarter's or a month's 上年同期: the same span last year alone (None elsewhere).
    same_span_last_year: float | None = None

    @property
    def aggregation_name(self) -> str:
        return indicator_store.AGGREGATION_NAMES[self.aggregation]

    @property
    def decimal(self) -> bool:
        """Shown with two places, as ``Figure.decimal``: money (as the activities' 万元
        fields), and a row holding any fraction; one format for the whole row."""
        values = (self.current, self.year_to_date, self.last_year,
                  self.same_span_last_year, self.target)  # fmt: skip
        fraction = any(v is not None and not float(v).is_integer() for v in values)
        return fraction or self.unit in MONEY_UNITS

    @property
    def change_percent(self) -> float | None:
        if self.year_to_date is None or not self.last_year:
            return None
        return round((self.year_to_date - self.last_year) / self.last_year * 100, 1)

    @property
    def progress(self) -> float | None:
        return targets.progress(self.year_to_date, self.target)


def shows_same_span_last_year(period: Period) -> bool:
    """A quarter's or a month's 汇总 shows 上年同期 (the same span alone) beside 上年同期累计."""
    return period.kind in ("quarter", "month")


@dataclass(frozen=True)
class Ledger:
    period: Period
    unit_name: str
    staff_name: str
    made_on: dt.date
    figures: list[Figure]
    sections: list[SectionSheet] = field(default_factory=list)
    indicators: list[IndicatorFigure] = field(default_factory=list)

    @property
    def shows_same_span_last_year(self) -> bool:
        return shows_same_span_last_year(self.period)

    @property
    def has_targets(self) -> bool:
        return any(f.target for f in self.figures) or any(i.target for i in self.indicators)

    # The ledger over sources (core/ledger_sources.py): the units when more than one is in
    # the period, each unit's 本期 for every figure, and whether any record has evidence.
    units: tuple[str, ...] = ()
    unit_figures: dict[str, list[Number]] = field(default_factory=dict)
    show_evidence: bool = False

    @property
    def record_count(self) -> int:
        return sum(len(s.records) for s in self.sections)

    def title_prefix(self) -> str:
        return f"{self.unit_name}{self.period.name}"

    @property
    def file_name(self) -> str:
        return ledger_file_name(self.unit_name, self.period)


def ledger_file_name(unit_name: str, period: Period) -> str:
    """某某县科技局2026年第一季度工作台账.xlsx (a year: 某某县科技局2026年工作台账.xlsx).

    Characters no file name may hold (``某县/科技局``) become their full-width forms;
    control and direction characters (U+202E would show the name backwards) go, and a
    long 填报单位 is cut so the name fits in the 255 bytes a file name may hold.
    """
    unit = "".join(
        c for c in unit_name.strip()
        if (c.isprintable() or unicodedata.category(c) == "Zs") and c not in _BIDI
    )  # fmt: skip
    unit = unit.translate(_FILE_NAME_SAFE)
    while len(unit.encode("utf-8", "replace")) > MAX_UNIT_BYTES:
        unit = unit[:-1]
    if period.kind == "year":
        return f"{unit}{period.year}年工作台账.xlsx"
    return f"{unit}{period.name}工作台账.xlsx"


# What a file name leaves for the unit: 255 bytes less "2026年第一季度工作台账.xlsx" and room.
MAX_UNIT_BYTES = 180
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_FILE_NAME_SAFE = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in '/\\:*?"<>|'})


def compute_ledger(
    db: sqlite_utils.Database,
    template: Template,
    period: Period,
    *,
    made_on: dt.date | None = None,
    with_records: bool = True,
    unit: str | None = None,
) -> Ledger:
    """The ledger of ``period``.

    Figures for the period, the year to date and last year's same span; records per section.
    """
    year_to_date = period.year_to_date()
    wanted = [period.span(), year_to_date, year_to_date.previous_year()]
    if shows_same_span_last_year(period):
        wanted.append(period.span().previous_year())
    spans = _totals(db, wanted, unit)
    year_targets = targets.targets_of_year(db, period.end.year)
    figures = []
    for section in template.sections:
        for activity_type in section.types:
            held = any(("records", activity_type.id) in totals for totals in spans)
            if (activity_type.archived or section.archived) and not held:
                continue  # archived and absent from these periods: not a row
            figures += [
                replace(f, target=year_targets.get(f.row_key))
                for f in type_figures(section.name, activity_type, spans)
            ]
    sections = _section_sheets(db, template, period.span(), unit) if with_records else []
    return Ledger(
        period=period,
        unit_name=settings.get_setting(db, settings.UNIT),
        staff_name=settings.get_setting(db, settings.STAFF),
        made_on=made_on or dt.date.today(),
        figures=figures,
        sections=sections,
        indicators=indicator_figures(db, template, period, year_targets),
    )


def indicator_figures(
    db: sqlite_utils.Database, template: Template, period: Period, year_targets: dict
) -> list[IndicatorFigure]:
    """Every active indicator, and an archived one where the spans hold its values."""
    year_to_date = period.year_to_date()
    spans = [period.span(), year_to_date, year_to_date.previous_year()]
    if shows_same_span_last_year(period):
        spans.append(period.span().previous_year())
    found = indicator_store.load_indicators(db)
    values = indicator_store.figures(db, found, spans)
    sections = {s.id: s for s in template.sections}
    shown = []
    for indicator in found:
        current, ytd, last, *same = values[indicator.id]
        section = sections.get(indicator.section_id)
        absent = current is None and ytd is None and last is None and not any(same)
        if (indicator.archived or section is None or section.archived) and absent:
            continue
        key = targets.indicator_key(indicator.id)
        shown.append(
            IndicatorFigure(section.name if section else "", indicator.name, indicator.unit,
                            indicator.aggregation, current, ytd, last, key,
                            year_targets.get(key), same[0] if same else None)
        )  # fmt: skip
    return shown


UNFILLED = "未填写"


def type_figures(
    section_name: str, activity_type: ActivityType, spans: list[dict] | None = None
) -> list[Figure]:
    """A type's 汇总 rows: its count, each numeric field, each followed by its breakdown.

    ``spans``: the totals of the period, year to date and last year (``_totals``);
    without them every figure is 0 (the template editor's preview).
    """
    spans = spans or [{}, {}, {}]
    same_span = len(spans) > 3  # 上年同期 of a quarter or a month
    breakdown = activity_type.breakdown_field
    options: list[str] = list(breakdown.options) if breakdown else []
    if breakdown:
        found = {
            k[2]
            for totals in spans
            for k in totals
            if len(k) == 3 and k[0] == "count" and k[1] == activity_type.id
        }
        found.discard(None)
        options += sorted(found - set(options))
        if any(("count", activity_type.id, None) in totals for totals in spans):
            options.append(None)  # records that left the breakdown field empty

    def rows(key: tuple, indicator: str, unit: str, field_id: int | None, decimal: bool):
        def figure(totals_key: tuple, option: str | None, indicator_: str) -> Figure:
            values = [_rounded(totals.get(totals_key, 0), decimal) for totals in spans]
            return Figure(
                section_name, activity_type.name, indicator_, unit, field_id, decimal,
                *values[:3], option=option, type_id=activity_type.id,
                same_span_last_year=values[3] if same_span else None,
                row_key=_row_key(activity_type, field_id, option),
            )  # fmt: skip

        yield figure(key, None, indicator)
        for option in options:
            shown = UNFILLED if option is None else option
            yield figure((*key, option), shown, f"{BREAKDOWN_PREFIX}{shown}")

    figures: list[Figure] = []
    if activity_type.count_unit:
        key = ("count", activity_type.id)
        figures += rows(key, activity_type.count_label, activity_type.count_row_unit, None, False)
    for f in activity_type.numeric_fields:
        if f.id == activity_type.counted_by:
            continue  # its sum is the count row
        held = any(("field", f.id) in totals for totals in spans)
        if f.archived and not held:
            continue
        decimal = f.kind == "decimal"
        figures += rows(("field", f.id), f.label, f.unit, f.id, decimal)
    return figures


def _row_key(activity_type: ActivityType, field_id: int | None, option: str | None) -> str:
    """The target key of a 汇总 row (core/targets.py)."""
    if field_id is None:
        if option is None:
            return targets.count_key(activity_type.id)
        return targets.option_key(activity_type.id, activity_type.breakdown_by or 0, option)
    if option is None:
        return targets.field_key(field_id)
    return f"{targets.field_key(field_id)}:option:{option}"


def _rounded(value: Number, decimal: bool) -> Number:
    return round(value, 2) if decimal else int(round(value))


def _source_filter(unit: str | None) -> tuple[str, list]:
    """Only the records of one 填报单位 (``export --unit``), or all of them."""
    return ("", []) if unit is None else (" AND a.source_unit = ?", [unit])


def _totals(
    db: sqlite_utils.Database, spans: list[DateSpan], unit: str | None = None
) -> list[dict[tuple, Number]]:
    """``_sql_totals``, from the connection's month totals when the 汇总 on screen keeps
    them (``core/figure_cache.py``); a 填报单位's totals are always read afresh."""
    cache = figure_cache.attached(db) if unit is None else None
    if cache is not None:
        return cache.totals(db, spans, _sql_totals)
    return _sql_totals(db, spans, unit)


def _sql_totals(
    db: sqlite_utils.Database, spans: list[DateSpan], unit: str | None = None
) -> list[dict[tuple, Number]]:
    """Counts per type and sums per numeric field, for each span, and per breakdown option.

    Keys: ``("count", type_id)`` (a record counts 1, or its ``counted_by`` value, 1 when
    empty), ``("records", type_id)`` (records there are), ``("field", field_id)``, and
    each with the breakdown option as a third element (None: the option left empty).
    One pass over the records of all spans: each total is a conditional sum, so
    overlapping spans (a quarter inside its year to date) are read once.
    """
    bounds = [(s.start.isoformat(), s.end.isoformat()) for s in spans]
    within = " OR ".join("a.date BETWEEN ? AND ?" for _ in bounds)
    flat = [d for pair in bounds for d in pair]
    results: list[dict[tuple, Number]] = [{} for _ in spans]
    sums = ", ".join("total(CASE WHEN a.date BETWEEN ? AND ? THEN {value} END)" for _ in bounds)
    source, source_params = _source_filter(unit)
    has = ", ".join("count(CASE WHEN a.date BETWEEN ? AND ? THEN 1 END)" for _ in bounds)
    breakdown = (
        "JOIN activity_types t ON t.id = a.type_id "
        "LEFT JOIN activity_values b ON b.activity_seq = a.seq AND b.field_id = t.breakdown_by "
    )
    count_sql = (
        f"SELECT a.type_id, b.text, {sums.format(value='coalesce(c.number, 1)')}, {has} "
        f"FROM activities a {breakdown}"
        "LEFT JOIN activity_values c ON c.activity_seq = a.seq AND c.field_id = t.counted_by "
        f"WHERE a.deleted = 0 AND ({within}){source} GROUP BY a.type_id, b.text"
    )
    n = len(spans)
    for type_id, option, *row in db.conn.execute(count_sql, flat * 3 + source_params):
        for index, result in enumerate(results):
            if not row[n + index]:
                continue
            total = row[index]
            for key in (("count", type_id), ("count", type_id, option)):
                result[key] = result.get(key, 0) + total
            result[("records", type_id)] = result.get(("records", type_id), 0) + row[n + index]
    field_sql = (
        f"SELECT v.field_id, b.text, {sums.format(value='v.number')}, {has} "
        f"FROM activities a JOIN activity_values v ON v.activity_seq = a.seq {breakdown}"
        f"WHERE a.deleted = 0 AND ({within}) AND v.number IS NOT NULL{source} "
        "GROUP BY v.field_id, b.text"
    )
    for field_id, option, *row in db.conn.execute(field_sql, flat * 3 + source_params):
        for index, result in enumerate(results):
            if not row[n + index]:
                continue
            for key in (("field", field_id), ("field", field_id, option)):
                result[key] = result.get(key, 0) + row[index]
    return results


def section_columns(
    template: Template, held: set[int] | None = None, only_held: bool = False
) -> dict[int, tuple[Column, ...]]:
    """Each section's numeric columns, in template order, one per distinct label and unit.

    ``held``: the fields the period's records hold values for; an archived field has a
    column only when it is among them (all fields have one when ``held`` is None).
    ``only_held``: every field without a value in the period is left out (a section
    sheet: the wide sections then print at a readable size).
    """
    columns: dict[int, tuple[Column, ...]] = {}
    for section in template.sections:
        merged: dict[tuple[str, str], list] = {}
        for activity_type in section.types:
            for f in activity_type.numeric_fields:
                absent = held is not None and f.id not in held
                if absent and (f.archived or only_held):
                    continue
                entry = merged.setdefault((f.label, f.unit), [[], False])
                entry[0].append(f.id)
                entry[1] = entry[1] or f.kind == "decimal"
        columns[section.id] = tuple(
            Column(label, unit, tuple(ids), decimal)
            for (label, unit), (ids, decimal) in merged.items()
        )
    return columns


def _section_sheets(
    db: sqlite_utils.Database, template: Template, span: DateSpan, unit: str | None = None
) -> list[SectionSheet]:
    source, source_params = _source_filter(unit)
    bounds = (span.start.isoformat(), span.end.isoformat(), *source_params)
    held = {
        field_id
        for (field_id,) in db.conn.execute(
            "SELECT DISTINCT v.field_id FROM activities a "
            "JOIN activity_values v ON v.activity_seq = a.seq "
            f"WHERE a.deleted = 0 AND a.date BETWEEN ? AND ?{source}",
            bounds,
        )
    }
    columns = section_columns(template, held, only_held=True)
    order = _ledger_order(template)
    seqs: dict[int, array] = {s.id: array("q") for s in template.sections}
    for seq, type_id in db.conn.execute(
        f"SELECT seq, type_id FROM activities a WHERE deleted = 0 AND date BETWEEN ? AND ?"
        f"{source} AND type_id IN ({','.join(map(str, order))}) "
        f"ORDER BY date, {_order_case(order)}, seq",
        bounds,
    ):
        seqs[template.types_by_id[type_id].section_id].append(seq)
    sheets = []
    for section in template.sections:
        if section.archived and not seqs[section.id]:
            continue  # an archived section has a sheet only where it holds records
        section_columns_ = columns[section.id]
        records = SectionRecords(db, template, section_columns_, seqs[section.id])
        sheets.append(SectionSheet(section.name, section_columns_, records))
    return sheets


def _ledger_order(template: Template) -> dict[int, int]:
    """Each type's place in the template: records of one day are listed in this order."""
    places = (t.id for s in template.sections for t in s.types)
    return {type_id: place for place, type_id in enumerate(places)}


def _order_case(order: dict[int, int]) -> str:
    if not order:
        return "0"
    return "CASE type_id " + " ".join(f"WHEN {t} THEN {p}" for t, p in order.items()) + " END"


class SectionRecords(Sequence):
    """A section's records in ledger order (date, then the template's order of types),
    read from the database a slice at a time each time they are walked.

    Only their row numbers are kept: a quarter of 125,000 records is written in bounded
    memory, and walked more than once (the column widths, then the rows). Walk them inside
    one read transaction (``core.ledger_export`` does) so every walk sees the same
    records; a record gone since the ledger was computed is refused (``ledger_changed``),
    never left out silently. The first walk to the end keeps the 合计 of each column.
    """

    SLICE = 1000

    def __init__(
        self,
        db: sqlite_utils.Database,
        template: Template,
        columns: tuple[Column, ...],
        seqs: array,
        with_evidence: bool = False,
    ) -> None:
        self._db, self._template, self._seqs = db, template, seqs
        self._columns, self._with_evidence = columns, with_evidence
        self._slot = {
            field_id: index for index, c in enumerate(columns) for field_id in c.field_ids
        }
        self._width = len(columns)
        self._totals: tuple[Number, ...] | None = None

    def with_evidence(self) -> SectionRecords:
        """The same records, each with the names of its evidence files (佐证材料)."""
        return SectionRecords(self._db, self._template, self._columns, self._seqs, True)

    def __len__(self) -> int:
        return len(self._seqs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(self._records(self._seqs[index]))
        if index < 0:
            index += len(self._seqs)
        if not 0 <= index < len(self._seqs):
            raise IndexError(index)
        return next(self._records(self._seqs[index : index + 1]))

    def __iter__(self) -> Iterator[Record]:
        if self._totals is not None:
            return self._records(self._seqs)
        return self._summed(self._records(self._seqs))

    def totals(self) -> tuple[Number, ...]:
        """The 合计 of each column: the sum of the numbers printed above it."""
        if self._totals is None:
            for _record in self:
                pass  # a walk to the end keeps them
        return self._totals

    def _summed(self, records: Iterator[Record]) -> Iterator[Record]:
        sums = [0] * self._width
        for record in records:
            for index, number in enumerate(record.numbers):
                if number:
                    sums[index] += number
            yield record
        self._totals = tuple(
            round(total, 2) if c.decimal else int(total)
            for total, c in zip(sums, self._columns, strict=True)
        )

    def _records(self, seqs) -> Iterator[Record]:
        for start in range(0, len(seqs), self.SLICE):
            chunk = list(seqs[start : start + self.SLICE])
            rows = self._rows(chunk)
            values = self._values(chunk)
            evidence = self._evidence(rows) if self._with_evidence else {}
            for seq in chunk:
                row = rows.get(seq)
                if row is None:
                    raise TaizhangError("ledger_changed")
                yield self._record(row, values.get(seq, {}), evidence.get(row[10], ()))

    def _rows(self, chunk: list[int]) -> dict[int, tuple]:
        marks = ",".join("?" * len(chunk))
        return {
            row[0]: row[1:]
            for row in self._db.conn.execute(
                "SELECT seq, type_id, date, end_date, title, location, organizer, partners, "
                "audience, handler, notes, id, source_unit FROM activities "
                f"WHERE seq IN ({marks}) AND +deleted = 0",  # +: by seq, not by an index
                chunk,
            )
        }

    def _values(self, chunk: list[int]) -> dict[int, dict[int, object]]:
        values: dict[int, dict[int, object]] = {}
        for seq, field_id, number, text in self._db.conn.execute(
            "SELECT activity_seq, field_id, number, text FROM activity_values "
            f"WHERE activity_seq IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            values.setdefault(seq, {})[field_id] = text if number is None else number
        return values

    def _evidence(self, rows: dict[int, tuple]) -> dict[str, tuple[str, ...]]:
        from core import attachments

        found = attachments.attachments_of(self._db, [row[10] for row in rows.values()])
        return {record_id: tuple(a.name for a in files) for record_id, files in found.items()}

    def _record(self, row: tuple, own: dict[int, object], evidence: tuple[str, ...]) -> Record:
        activity_type = self._template.types_by_id[row[0]]
        numbers: list[Number | None] = [None] * self._width
        details = []
        for f in activity_type.fields:
            value = own.get(f.id)
            if value is None or value == "":
                continue
            if f.is_numeric and f.id in self._slot:
                numbers[self._slot[f.id]] = _number(value)
            else:
                details.append((f.label, str(value)))
        return Record(
            dt.date.fromisoformat(row[1]),
            dt.date.fromisoformat(row[2]) if row[2] else None,
            activity_type.name,
            *row[3:10],
            tuple(numbers),
            tuple(details),
            id=row[10],
            unit=row[11],
            evidence=evidence,
        )


def _number(value: object) -> Number:
    number = float(value)
    return int(number) if number.is_integer() else number

"""A period's 台账 as plain data: figures per section and type, and the records.

Computed once here, then rendered (``export_xlsx``, later the screen and Word).
No renderer queries the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from core import settings
from core.periods import DateSpan, Period
from core.template import Template

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
    records: list[Record]

    @property
    def totals(self) -> tuple[Number, ...]:
        sums = []
        for index, column in enumerate(self.columns):
            total = sum(r.numbers[index] or 0 for r in self.records)
            sums.append(round(total, 2) if column.decimal else int(total))
        return tuple(sums)


@dataclass(frozen=True)
class Ledger:
    period: Period
    unit_name: str
    staff_name: str
    made_on: dt.date
    figures: list[Figure]
    sections: list[SectionSheet] = field(default_factory=list)

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
    unit = "".join(c for c in unit_name.strip() if c.isprintable() and c not in _BIDI)
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
) -> Ledger:
    """The ledger of ``period``.

    Figures for the period, the year to date and last year's same span; records per section.
    """
    year_to_date = period.year_to_date()
    current, ytd, last = _totals(db, [period.span(), year_to_date, year_to_date.previous_year()])
    figures = []
    for section in template.sections:
        for activity_type in section.types:
            if activity_type.count_unit:
                key = ("count", activity_type.id)
                figures.append(
                    Figure(
                        section.name,
                        activity_type.name,
                        activity_type.count_label,
                        activity_type.count_unit,
                        None,
                        False,
                        current.get(key, 0),
                        ytd.get(key, 0),
                        last.get(key, 0),
                    )
                )
            for f in activity_type.numeric_fields:
                key = ("field", f.id)
                decimal = f.kind == "decimal"
                figures.append(
                    Figure(
                        section.name,
                        activity_type.name,
                        f.label,
                        f.unit,
                        f.id,
                        decimal,
                        _rounded(current.get(key, 0), decimal),
                        _rounded(ytd.get(key, 0), decimal),
                        _rounded(last.get(key, 0), decimal),
                    )
                )
    sections = _section_sheets(db, template, period.span()) if with_records else []
    return Ledger(
        period=period,
        unit_name=settings.get_setting(db, settings.UNIT),
        staff_name=settings.get_setting(db, settings.STAFF),
        made_on=made_on or dt.date.today(),
        figures=figures,
        sections=sections,
    )


def _rounded(value: Number, decimal: bool) -> Number:
    return round(value, 2) if decimal else int(round(value))


def _totals(
    db: sqlite_utils.Database, spans: list[DateSpan]
) -> list[dict[tuple[str, int], Number]]:
    """Record counts per type and sums per numeric field, for each span.

    One pass over the records of all spans: each total is a conditional sum, so
    overlapping spans (a quarter inside its year to date) are read once.
    """
    bounds = [(s.start.isoformat(), s.end.isoformat()) for s in spans]
    within = " OR ".join("a.date BETWEEN ? AND ?" for _ in bounds)
    flat = [d for pair in bounds for d in pair]
    results: list[dict[tuple[str, int], Number]] = [{} for _ in spans]
    sums = ", ".join("total(CASE WHEN a.date BETWEEN ? AND ? THEN {value} END)" for _ in bounds)
    for kind, sql in (
        (
            "count",
            f"SELECT a.type_id, {sums.format(value=1)} FROM activities a "
            f"WHERE a.deleted = 0 AND ({within}) GROUP BY a.type_id",
        ),
        (
            "field",
            f"SELECT v.field_id, {sums.format(value='v.number')} FROM activities a "
            "JOIN activity_values v ON v.activity_seq = a.seq "
            f"WHERE a.deleted = 0 AND ({within}) AND v.number IS NOT NULL GROUP BY v.field_id",
        ),
    ):
        for key, *totals in db.conn.execute(sql, flat + flat):
            for result, total in zip(results, totals, strict=True):
                result[(kind, key)] = int(total) if kind == "count" else total
    return results


def section_columns(template: Template) -> dict[int, tuple[Column, ...]]:
    """Each section's numeric columns, in template order, one per distinct label and unit."""
    columns: dict[int, tuple[Column, ...]] = {}
    for section in template.sections:
        merged: dict[tuple[str, str], list] = {}
        for activity_type in section.types:
            for f in activity_type.numeric_fields:
                entry = merged.setdefault((f.label, f.unit), [[], False])
                entry[0].append(f.id)
                entry[1] = entry[1] or f.kind == "decimal"
        columns[section.id] = tuple(
            Column(label, unit, tuple(ids), decimal)
            for (label, unit), (ids, decimal) in merged.items()
        )
    return columns


def _section_sheets(
    db: sqlite_utils.Database, template: Template, span: DateSpan
) -> list[SectionSheet]:
    bounds = (span.start.isoformat(), span.end.isoformat())
    values: dict[int, dict[int, object]] = {}
    for seq, field_id, number, text in db.conn.execute(
        "SELECT v.activity_seq, v.field_id, v.number, v.text FROM activities a "
        "JOIN activity_values v ON v.activity_seq = a.seq "
        "WHERE a.deleted = 0 AND a.date BETWEEN ? AND ?",
        bounds,
    ):
        values.setdefault(seq, {})[field_id] = text if number is None else number

    columns = section_columns(template)
    # Where each field's number goes: (section, column index).
    slot = {
        field_id: index
        for section_columns_ in columns.values()
        for index, column in enumerate(section_columns_)
        for field_id in column.field_ids
    }
    type_order = {
        t.id: (s_pos, t_pos)
        for s_pos, s in enumerate(template.sections)
        for t_pos, t in enumerate(s.types)
    }
    records: dict[int, list[tuple]] = {s.id: [] for s in template.sections}
    empty: dict[int, object] = {}
    for row in db.conn.execute(
        "SELECT seq, type_id, date, end_date, title, location, organizer, partners, "
        "audience, handler, notes FROM activities "
        "WHERE deleted = 0 AND date BETWEEN ? AND ? ORDER BY date, seq",
        bounds,
    ):
        activity_type = template.types_by_id.get(row[1])
        if activity_type is None:
            continue
        section_id = activity_type.section_id
        own = values.get(row[0], empty)
        numbers: list[Number | None] = [None] * len(columns[section_id])
        details = []
        for f in activity_type.fields:
            value = own.get(f.id)
            if value is None or value == "":
                continue
            if f.is_numeric:
                numbers[slot[f.id]] = _number(value)
            else:
                details.append((f.label, str(value)))
        record = Record(
            dt.date.fromisoformat(row[2]),
            dt.date.fromisoformat(row[3]) if row[3] else None,
            activity_type.name,
            *row[4:11],
            tuple(numbers),
            tuple(details),
        )
        records[section_id].append((row[2], type_order[row[1]], record))
    sheets = []
    for section in template.sections:
        rows = records[section.id]
        rows.sort(key=lambda item: (item[0], item[1]))  # by date, then type; stable
        sheets.append(SectionSheet(section.name, columns[section.id], [r[2] for r in rows]))
    return sheets


def _number(value: object) -> Number:
    number = float(value)
    return int(number) if number.is_integer() else number

"""Standing indicators (统计指标): figures a report states that are no count of activities.

"全市高新技术企业总数到达39家", "完成技术合同交易额3.2亿元": a value reported for a month or
a quarter, not an activity. How a span sums them is the indicator's own (after DHIS2's
aggregation types):

- ``sum`` (累计, a flow): the values of the months or quarters inside the span add up —
  技术合同成交额, 科技支出.
- ``last`` (期末, a stock): the latest value reported inside the span counts —
  高新技术企业总数, 万人发明专利拥有量.

A value is entered per month or per quarter, never both for one indicator in one year
(the two could not be told apart in a sum). A month or quarter left empty is *not
reported*: ``None``, shown as ``—`` and distinct from 0. A quarter's value counts in a
span only when the whole quarter lies inside it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlite_utils

from core import settings
from core.errors import TaizhangError
from core.periods import DateSpan, Period
from core.resources import resource_path
from core.values import parse_number

AGGREGATIONS = ("sum", "last")
AGGREGATION_NAMES = {"sum": "累计", "last": "期末"}
VALUE_KINDS = ("month", "quarter")

# The tables' shape is core/db.py's (SCHEMA_V4), frozen with its migration.


@dataclass(frozen=True)
class Indicator:
    id: int
    section_id: int
    name: str
    unit: str
    aggregation: str  # "sum" or "last"
    position: int
    archived: bool = False
    uid: str = ""  # the stable id (the 编号 of the template workbook)

    @property
    def aggregation_name(self) -> str:
        return AGGREGATION_NAMES[self.aggregation]


@dataclass(frozen=True)
class Reported:
    """One value as entered: for a month or a quarter of a year."""

    indicator_id: int
    year: int
    kind: str  # "month" or "quarter"
    number: int
    value: float

    @property
    def period(self) -> Period:
        return Period(self.kind, self.year, self.number)


# --- the indicators -------------------------------------------------------------------


def load_indicators(db: sqlite_utils.Database, with_archived: bool = True) -> list[Indicator]:
    """In template order: by section position, then their own position."""
    rows = db.conn.execute(
        "SELECT i.id, i.section_id, i.name, i.unit, i.aggregation, i.position, i.archived, "
        "i.uid FROM indicators i JOIN sections s ON s.id = i.section_id "
        "ORDER BY s.position, s.id, i.position, i.id"
    )
    found = [Indicator(*row[:6], archived=bool(row[6]), uid=row[7] or "") for row in rows]
    return found if with_archived else [i for i in found if not i.archived]


def indicator_by_name(db: sqlite_utils.Database, name: str) -> Indicator:
    from core.template import name_key

    key = name_key(name)
    for indicator in load_indicators(db):
        if name_key(indicator.name) == key:
            return indicator
    raise TaizhangError("unknown_indicator", name=name.strip())


def seed_default_indicators(db: sqlite_utils.Database) -> int:
    """The indicators of the reference reports, in the sections of those names.

    Sections a bureau has renamed or removed get none (their own template, their own
    indicators); returns how many were added. The caller holds the transaction.
    """
    doc = json.loads(resource_path("default_indicators.json").read_text(encoding="utf-8"))
    sections = dict(db.conn.execute("SELECT name, id FROM sections").fetchall())
    has_uid = "uid" in {r[1] for r in db.conn.execute("PRAGMA table_info(indicators)")}
    added = 0
    for section_name, entries in doc["sections"].items():
        section_id = sections.get(section_name)
        if section_id is None:
            continue
        for position, entry in enumerate(entries, 1):
            db.conn.execute(
                "INSERT INTO indicators (section_id, name, unit, aggregation, position) "
                "VALUES (?, ?, ?, ?, ?)",
                (section_id, entry["name"], entry["unit"], entry["aggregation"], position),
            )
            added += 1
    if has_uid:  # a migration before the ids (4) seeds without; migration 6 gives them
        give_stable_ids(db)
    return added


def give_stable_ids(db: sqlite_utils.Database) -> None:
    """Give every indicator without one its stable id (the caller holds the transaction).

    Derived from the name, as the default template's types and fields are: every
    database seeded with the default indicators, or upgraded to them, shares their ids.
    """
    from core.template import default_uid, new_uid

    conn = db.conn
    used = {r[0] for r in conn.execute("SELECT uid FROM indicators WHERE uid IS NOT NULL")}
    for indicator_id, name in conn.execute(
        "SELECT id, name FROM indicators WHERE uid IS NULL ORDER BY id"
    ).fetchall():
        uid = default_uid("indicator", name)
        while uid in used:
            uid = new_uid("indicator")
        used.add(uid)
        conn.execute("UPDATE indicators SET uid = ? WHERE id = ?", (uid, indicator_id))


# --- values ---------------------------------------------------------------------------


def parse_value(indicator: Indicator, text: object) -> float | None:
    """What a clerk typed as a value: 39, 3,200.5, ０.７０; empty means not reported."""
    number = parse_number(text, label=indicator.name, unit=indicator.unit, places=2)
    return None if number is None else float(number)


def reported_in_year(db: sqlite_utils.Database, year: int) -> list[Reported]:
    rows = db.conn.execute(
        "SELECT indicator_id, year, kind, number, value FROM indicator_values WHERE year = ? "
        "ORDER BY indicator_id, kind, number",
        (year,),
    )
    return [Reported(*row) for row in rows]


def reported_between(db: sqlite_utils.Database, first_year: int, last_year: int) -> list[Reported]:
    rows = db.conn.execute(
        "SELECT indicator_id, year, kind, number, value FROM indicator_values "
        "WHERE year BETWEEN ? AND ?",
        (first_year, last_year),
    )
    return [Reported(*row) for row in rows]


def set_value(
    db: sqlite_utils.Database,
    indicator_id: int,
    period: Period,
    value: float | None,
    *,
    check: bool = False,
    expected: float | None = None,
    refused: str = "undo_figure_changed_elsewhere",
) -> float | None:
    """Enter (or clear, with ``None``) the value of a month or a quarter; one transaction.

    Returns the value it replaced. Refused when the indicator already has values of the
    other kind in that year. With ``check`` (an undo, a redo): refused with ``refused``,
    checked inside the write transaction, unless the value is still ``expected`` (what
    the step left), so that a value another program entered since is not written over.
    """
    if period.kind not in VALUE_KINDS:
        raise TaizhangError("indicator_period_kind", period=period.name)
    other = "quarter" if period.kind == "month" else "month"
    key = (indicator_id, period.year, period.kind, period.number)
    with _writing(db):
        if not db.conn.execute("SELECT 1 FROM indicators WHERE id = ?", (indicator_id,)).fetchone():
            raise TaizhangError("unknown_indicator", name=indicator_id)
        mixed = db.conn.execute(
            "SELECT 1 FROM indicator_values WHERE indicator_id = ? AND year = ? AND kind = ?",
            (indicator_id, period.year, other),
        ).fetchone()
        if mixed and value is not None:
            raise TaizhangError(
                "indicator_kind_mixed",
                year=period.year,
                kind=_KIND_NAMES[period.kind],
                other=_KIND_NAMES[other],
            )
        row = db.conn.execute(
            "SELECT value FROM indicator_values "
            "WHERE indicator_id = ? AND year = ? AND kind = ? AND number = ?",
            key,
        ).fetchone()
        before = row[0] if row else None
        if check and before != expected:
            raise TaizhangError(refused)
        if value is None:
            db.conn.execute(
                "DELETE FROM indicator_values "
                "WHERE indicator_id = ? AND year = ? AND kind = ? AND number = ?",
                key,
            )
        else:
            db.conn.execute(
                "INSERT INTO indicator_values (indicator_id, year, kind, number, value) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (indicator_id, year, kind, number) "
                "DO UPDATE SET value = excluded.value",
                (*key, value),
            )
        if before != value:
            subject = f"indicator:{indicator_id}:{period.code}"
            record_change(db, subject, before, value)
    return before


_KIND_NAMES = {"month": "按月", "quarter": "按季度"}


@dataclass(frozen=True)
class YearRow:
    """One indicator's year as a grid shows it: what was entered, by period code."""

    indicator: Indicator
    section_name: str
    values: dict[str, float]  # "2026-03" or "2026Q2" → value; absent = not reported
    year_figure: float | None  # the whole year's figure (累计: the sum; 期末: the latest)
    # A year reported by month: each quarter's figure worked out of its months, as the
    # quarter's ledger gives it ("2026Q1" → 150; absent when none of its months is).
    quarter_figures: dict[str, float] = field(default_factory=dict)

    @property
    def kind(self) -> str | None:
        """How the year is reported: "month", "quarter", or None while nothing is."""
        if not self.values:
            return None
        return "quarter" if "Q" in next(iter(self.values)) else "month"


def year_table(db: sqlite_utils.Database, year: int) -> list[YearRow]:
    """Every indicator with its values of ``year``; an archived one only if it has some."""
    sections = dict(db.conn.execute("SELECT id, name FROM sections").fetchall())
    found = load_indicators(db)
    reported = reported_in_year(db, year)
    quarters = [Period("quarter", year, q) for q in range(1, 5)]
    spans = [DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31))]
    spans += [DateSpan(q.start, q.end) for q in quarters]
    totals = figures(db, found, spans)
    rows = []
    for indicator in found:
        own = {r.period.code: r.value for r in reported if r.indicator_id == indicator.id}
        if indicator.archived and not own:
            continue
        year_figure, *by_quarter = totals[indicator.id]
        by_month = any("Q" not in code for code in own)
        worked_out = {
            q.code: value
            for q, value in zip(quarters, by_quarter, strict=True)
            if by_month and value is not None
        }
        rows.append(
            YearRow(indicator, sections.get(indicator.section_id, ""), own, year_figure,
                    worked_out)
        )  # fmt: skip
    return rows


# --- over a span ----------------------------------------------------------------------


def aggregate(indicator: Indicator, reported: Iterable[Reported], span: DateSpan) -> float | None:
    """The indicator's figure over ``span``: the sum of what lies inside (累计), or the
    latest value inside (期末); ``None`` when nothing inside was reported."""
    inside = [
        r
        for r in reported
        if r.indicator_id == indicator.id
        and span.start <= r.period.start
        and r.period.end <= span.end
    ]
    if not inside:
        return None
    if indicator.aggregation == "sum":
        return round(sum(r.value for r in inside), 2)
    return max(inside, key=lambda r: (r.period.end, r.kind == "month")).value


def figures(
    db: sqlite_utils.Database, indicators: Sequence[Indicator], spans: Sequence[DateSpan]
) -> dict[int, list[float | None]]:
    """Each indicator's figure over each span, read in one query."""
    if not spans:
        return {}
    first = min(s.start.year for s in spans)
    last = max(s.end.year for s in spans)
    reported = reported_between(db, first, last)
    by_indicator: dict[int, list[Reported]] = {}
    for r in reported:
        by_indicator.setdefault(r.indicator_id, []).append(r)
    return {
        i.id: [aggregate(i, by_indicator.get(i.id, ()), span) for span in spans] for i in indicators
    }


# --- history --------------------------------------------------------------------------


def record_change(
    db: sqlite_utils.Database, subject: str, before: float | None, after: float | None
) -> None:
    """A line of the history of figures; the caller holds the transaction."""
    db.conn.execute(
        "INSERT INTO figure_history (subject, at, staff, before, after) VALUES (?, ?, ?, ?, ?)",
        (
            subject,
            dt.datetime.now().isoformat(timespec="seconds"),
            settings.get_setting(db, settings.STAFF),
            before,
            after,
        ),
    )


@dataclass(frozen=True)
class Change:
    subject: str
    at: str
    staff: str
    before: float | None
    after: float | None


def history_of(db: sqlite_utils.Database, subject_prefix: str) -> list[Change]:
    """The changes of every subject starting with ``subject_prefix``, oldest first."""
    rows = db.conn.execute(
        "SELECT subject, at, staff, before, after FROM figure_history "
        "WHERE substr(subject, 1, ?) = ? ORDER BY id",
        (len(subject_prefix), subject_prefix),
    )
    return [Change(*row) for row in rows]


def _writing(db: sqlite_utils.Database):
    from core.activities import _writing as writing  # one place turns SQLite errors into ours

    return writing(db)

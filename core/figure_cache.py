"""The 汇总's totals per day and per month, kept in memory beside one connection (issue 11:
the 汇总 on screen refreshes in ≤ 100 ms at 100,000 records).

Which and why: a cache in memory, not a table in the file. The totals of a day per type
(and breakdown option) and per numeric field (and option) are what ``ledger._totals``
sums; a month is the sum of its days, a span the sum of its whole months and of the days
of its partial first and last months (a range such as 2026-01-15..2026-06-30), so no span
is read from the file again. A table kept in the file would have to be written in every
transaction that writes records (triggers would slow the bulk import, and every writer,
the CLI and an exchange package included, would have to keep it), and a wrong row in it
would outlive the program. In memory, the worst a mistake can do is be thrown away: every
use first checks that nothing was written behind its back.

How it stays right:
- A year's days are read in one grouped query the first time a span needs them.
- ``before_write`` / ``after_write`` go around every job of the window's operations: the
  records a job reports changed make their days (before and after the change) be read
  again, and those months added up again; a job that reports no change to records keeps
  everything; a job that changed records without saying which (a template change, a
  restore, an import of more than ``MAX_TRACKED_IDS``) drops everything.
- The *stamp* (``PRAGMA data_version``, which moves when another connection commits, and
  the connection's ``total_changes``, which moves with each row it writes) is checked on
  every use: a write the cache was not told about, here or by another process, drops it.

Sums of decimals are added in another order than SQLite's one pass (day by day); after
the ledger's rounding to 0.01 they are the same unless a sum falls within ~1e-12 of a
half cent. Counts and integer figures are exact in any order.
"""

from __future__ import annotations

import calendar
import datetime as dt
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlite_utils

from core.periods import DateSpan

Totals = dict[tuple, float]
# More records than this reported changed at once (an import): read the years again.
MAX_TRACKED_IDS = 5000
# A span longer than this many years is left to the plain query.
MAX_YEARS = 50

_caches: weakref.WeakKeyDictionary[sqlite_utils.Database, FigureCache] = weakref.WeakKeyDictionary()
_registry_lock = threading.Lock()


def attach(db: sqlite_utils.Database) -> FigureCache:
    """The cache of ``db``'s connection, made on first use; ``ledger`` then sums from it."""
    with _registry_lock:
        cache = _caches.get(db)
        if cache is None:
            cache = _caches[db] = FigureCache()
        return cache


def attached(db: sqlite_utils.Database) -> FigureCache | None:
    return _caches.get(db)


def detach(db: sqlite_utils.Database) -> None:
    with _registry_lock:
        _caches.pop(db, None)


@dataclass(frozen=True)
class WriteMark:
    """What ``before_write`` saw: the stamp, the last record number, and the days the
    records about to change were on (None when they were not named beforehand)."""

    stamp: tuple[int, int]
    max_seq: int
    old_days: frozenset[int] | None


def before_write(db: sqlite_utils.Database, ids: Sequence[str] | None) -> WriteMark | None:
    """Called before a job that may write; ``ids``: the records it will change, if known."""
    cache = attached(db)
    if cache is None:
        return None
    conn = db.conn
    max_seq = conn.execute("SELECT coalesce(max(seq), 0) FROM activities").fetchone()[0]
    old_days = None
    if ids is not None and len(ids) <= MAX_TRACKED_IDS:
        old_days = frozenset(day for _seq, day in _days_of(conn, ids))
    return WriteMark(_stamp(conn), max_seq, old_days)


def after_write(
    db: sqlite_utils.Database, mark: WriteMark | None, ids: Sequence[str] | None, wrote: bool
) -> None:
    """Called after the job. ``ids``: the records it changed; ``()``: none; None: not said.
    ``wrote``: the job was one that writes (a restore writes without moving the stamp)."""
    cache = attached(db)
    if cache is None or mark is None:
        return
    with cache.lock:
        now = _stamp(db.conn)
        if ids is None:
            if wrote or now != mark.stamp:
                cache.clear()
            return
        if cache.stamp != mark.stamp or now[0] != mark.stamp[0]:
            cache.clear()  # something else was written before or during the job
            return
        if not ids:
            cache.stamp = now  # settings, targets, indicator values: no record changed
            return
        if len(ids) > MAX_TRACKED_IDS:
            cache.clear()
            return
        dirty = set(mark.old_days or ())
        for seq, day in _days_of(db.conn, ids):
            if seq <= mark.max_seq and mark.old_days is None:
                cache.clear()  # a record that was there before, on a day not known
                return
            dirty.add(day)
        cache.mark_dirty(dirty)
        cache.stamp = now


class FigureCache:
    """The totals of each day and of each month (``ledger._totals``'s keys), for the years
    read so far: days by their ordinal, months by ``year * 12 + month - 1``. A change reads
    its days again (a few hundred records at most) and adds its months up from their days."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.days: dict[int, Totals] = {}
        self.months: dict[int, Totals] = {}
        self.years: set[int] = set()
        self.dirty: set[int] = set()  # days to read again
        self.stamp: tuple[int, int] | None = None
        self.reads = 0  # grouped reads run (tests, the benchmark)
        self._keys: dict[tuple, tuple] = {}  # one tuple per key, shared by all days

    def clear(self) -> None:
        self.days.clear()
        self.months.clear()
        self.years.clear()
        self.dirty.clear()
        self.stamp = None

    def mark_dirty(self, days: set[int]) -> None:
        self.dirty |= {d for d in days if dt.date.fromordinal(d).year in self.years}

    def totals(
        self,
        db: sqlite_utils.Database,
        spans: list[DateSpan],
        sql_totals: Callable[[sqlite_utils.Database, list[DateSpan]], list[Totals]],
    ) -> list[Totals]:
        """What ``sql_totals(db, spans)`` gives, from the months and the edge days."""
        pieces = [_pieces(span) for span in spans]
        years = {m // 12 for whole, edges in pieces for m in whole}
        years |= {y for _whole, edges in pieces for e in edges for y in (e.start.year, e.end.year)}
        if len(years) > MAX_YEARS:
            return sql_totals(db, spans)
        with self.lock:
            now = _stamp(db.conn)
            if now != self.stamp:
                self.clear()
                self.stamp = now
            self._read_years(db.conn, years - self.years)
            self._read_dirty(db.conn)
            results = []
            for whole, edges in pieces:
                parts = [self.months.get(m, _EMPTY) for m in whole]
                for edge in edges:
                    first, last = edge.start.toordinal(), edge.end.toordinal()
                    parts += [self.days[d] for d in range(first, last + 1) if d in self.days]
                results.append(_summed(parts))
            return results

    def _read_years(self, conn, years: set[int]) -> None:
        if not years:
            return
        ranges = [(f"{y:04d}-01-01", f"{y:04d}-12-31") for y in sorted(years)]
        self._read(conn, ranges)
        self.years |= years
        self._add_up({m for y in years for m in range(y * 12, y * 12 + 12)})

    def _read_dirty(self, conn) -> None:
        if not self.dirty:
            return
        days = sorted(self.dirty)
        for day in days:
            self.days.pop(day, None)
        ranges = [(_iso(first), _iso(last)) for first, last in _runs(days)]
        for start in range(0, len(ranges), 200):
            self._read(conn, ranges[start : start + 200])
        self.dirty.clear()
        self._add_up({_month_of_day(day) for day in days})

    def _add_up(self, months: set[int]) -> None:
        """Each month's totals as the sum of its days."""
        for month in months:
            first, last = _month_bounds(month)
            days = range(dt.date.fromisoformat(first).toordinal(),
                          dt.date.fromisoformat(last).toordinal() + 1)  # fmt: skip
            self.months[month] = _summed([self.days[d] for d in days if d in self.days])

    def _read(self, conn, ranges: list[tuple[str, str]]) -> None:
        """Add the day totals of the records within ``ranges`` (those days are empty)."""
        self.reads += 1
        within = " OR ".join("a.date BETWEEN ? AND ?" for _ in ranges)
        flat = [d for pair in ranges for d in pair]
        breakdown = (
            "JOIN activity_types t ON t.id = a.type_id "
            "LEFT JOIN activity_values b ON b.activity_seq = a.seq "
            "AND b.field_id = t.breakdown_by "
        )
        count_sql = (
            "SELECT a.date, a.type_id, b.text, total(coalesce(c.number, 1)), count(*) "
            f"FROM activities a {breakdown}"
            "LEFT JOIN activity_values c ON c.activity_seq = a.seq AND c.field_id = t.counted_by "
            f"WHERE a.deleted = 0 AND ({within}) GROUP BY 1, 2, 3"
        )
        keys = self._keys
        days = self.days
        for date, type_id, option, total, records in conn.execute(count_sql, flat):
            result = days.setdefault(dt.date.fromisoformat(date).toordinal(), {})
            for key in (("count", type_id), ("count", type_id, option)):
                key = keys.setdefault(key, key)
                result[key] = result.get(key, 0) + total
            key = keys.setdefault(("records", type_id), ("records", type_id))
            result[key] = result.get(key, 0) + records
        field_sql = (
            "SELECT a.date, v.field_id, b.text, total(v.number) "
            f"FROM activities a JOIN activity_values v ON v.activity_seq = a.seq {breakdown}"
            f"WHERE a.deleted = 0 AND ({within}) AND v.number IS NOT NULL GROUP BY 1, 2, 3"
        )
        for date, field_id, option, total in conn.execute(field_sql, flat):
            result = days.setdefault(dt.date.fromisoformat(date).toordinal(), {})
            for key in (("field", field_id), ("field", field_id, option)):
                key = keys.setdefault(key, key)
                result[key] = result.get(key, 0) + total


_EMPTY: Totals = {}


def _stamp(conn) -> tuple[int, int]:
    return conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes


def _days_of(conn, ids: Sequence[str]) -> list[tuple[int, int]]:
    """(seq, day ordinal) of the records of ``ids`` that are in the file."""
    found = []
    ids = list(ids)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        found += [
            (seq, dt.date.fromisoformat(date).toordinal())
            for seq, date in conn.execute(
                f"SELECT seq, date FROM activities WHERE id IN ({marks})", part
            )
        ]
    return found


def _month_of_day(day: int) -> int:
    date = dt.date.fromordinal(day)
    return date.year * 12 + date.month - 1


def _iso(day: int) -> str:
    return dt.date.fromordinal(day).isoformat()


def _runs(days: list[int]) -> list[tuple[int, int]]:
    """Sorted days as (first, last) runs of consecutive days."""
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _month_bounds(month: int) -> tuple[str, str]:
    year, index = divmod(month, 12)
    last = calendar.monthrange(year, index + 1)[1]
    return f"{year:04d}-{index + 1:02d}-01", f"{year:04d}-{index + 1:02d}-{last:02d}"


def _pieces(span: DateSpan) -> tuple[list[int], list[DateSpan]]:
    """The whole months within ``span``, and the days of its partial months."""
    whole: list[int] = []
    edges: list[DateSpan] = []
    if span.end < span.start:
        return whole, edges
    first_month = span.start.year * 12 + span.start.month - 1
    last_month = span.end.year * 12 + span.end.month - 1
    for month in range(first_month, last_month + 1):
        year, index = divmod(month, 12)
        month_start = dt.date(year, index + 1, 1)
        month_end = dt.date(year, index + 1, calendar.monthrange(year, index + 1)[1])
        start, end = max(month_start, span.start), min(month_end, span.end)
        if start == month_start and end == month_end:
            whole.append(month)
        else:
            edges.append(DateSpan(start, end))
    return whole, edges


def _summed(parts: list[Totals]) -> Totals:
    if len(parts) == 1:
        return dict(parts[0])
    result: Totals = {}
    for part in parts:
        for key, value in part.items():
            result[key] = result.get(key, 0) + value
    return result

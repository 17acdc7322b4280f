"""The 汇总's totals per month, kept in memory beside one connection (issue 11: the 汇总 on
screen refreshes in ≤ 100 ms at 100,000 records).

Which and why: a cache in memory, not a table in the file. The totals of a month per type
(and breakdown option), per numeric field (and option) are what ``ledger._totals`` sums;
a span of whole months is then a sum of ~12 small dicts, and only the days of a span's
partial first or last month are read again (through ``ledger``'s own query). A table kept
in the file would have to be written in every transaction that writes records (triggers
would slow the bulk import, and every writer, the CLI and an exchange package included,
would have to keep it), and a wrong row in it would outlive the program. In memory, the
worst a mistake here can do is be thrown away: every use first checks that nothing was
written behind its back.

How it stays right:
- A year's months are read in one grouped query the first time a span needs them.
- ``before_write`` / ``after_write`` go around every job of the window's operations: the
  records a job reports changed make their months (before and after) be read again; a job
  that reports no change to records keeps everything; a job that changed records without
  saying which (a template change, a restore) drops everything.
- The *stamp* (``PRAGMA data_version``, which moves when another connection commits, and
  the connection's ``total_changes``, which moves with each row it writes) is checked on
  every use: a write the cache was not told about, here or by another process, drops it.
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
    """What ``before_write`` saw: the stamp, the last record number, and the months the
    records about to change were in (None when they were not named beforehand)."""

    stamp: tuple[int, int]
    max_seq: int
    old_months: frozenset[int] | None


def before_write(db: sqlite_utils.Database, ids: Sequence[str] | None) -> WriteMark | None:
    """Called before a job that may write; ``ids``: the records it will change, if known."""
    cache = attached(db)
    if cache is None:
        return None
    conn = db.conn
    max_seq = conn.execute("SELECT coalesce(max(seq), 0) FROM activities").fetchone()[0]
    old_months = None
    if ids is not None and len(ids) <= MAX_TRACKED_IDS:
        old_months = frozenset(month for _seq, month in _months_of(conn, ids))
    return WriteMark(_stamp(conn), max_seq, old_months)


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
        dirty = set(mark.old_months or ())
        for seq, month in _months_of(db.conn, ids):
            if seq <= mark.max_seq and mark.old_months is None:
                cache.clear()  # a record that was there before, in a month not known
                return
            dirty.add(month)
        cache.mark_dirty(dirty)
        cache.stamp = now


class FigureCache:
    """The totals of each month (``ledger._totals``'s keys), by month number
    ``year * 12 + month - 1``, for the years read so far."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.months: dict[int, Totals] = {}
        self.years: set[int] = set()
        self.dirty: set[int] = set()
        self.stamp: tuple[int, int] | None = None
        self.reads = 0  # grouped queries run (tests, the benchmark)

    def clear(self) -> None:
        self.months.clear()
        self.years.clear()
        self.dirty.clear()
        self.stamp = None

    def mark_dirty(self, months: set[int]) -> None:
        self.dirty |= {m for m in months if m // 12 in self.years}

    def totals(
        self,
        db: sqlite_utils.Database,
        spans: list[DateSpan],
        sql_totals: Callable[[sqlite_utils.Database, list[DateSpan]], list[Totals]],
    ) -> list[Totals]:
        """What ``sql_totals(db, spans)`` gives, from the months and the edge days."""
        pieces = [_pieces(span) for span in spans]
        years = {m // 12 for whole, _edges in pieces for m in whole}
        if len(years) > MAX_YEARS:
            return sql_totals(db, spans)
        with self.lock:
            now = _stamp(db.conn)
            if now != self.stamp:
                self.clear()
                self.stamp = now
            self._read_years(db.conn, years - self.years)
            self._read_dirty(db.conn)
            edges = [edge for _whole, span_edges in pieces for edge in span_edges]
            edge_totals = iter(sql_totals(db, edges) if edges else [])
            results = []
            for whole, span_edges in pieces:
                parts = [self.months.get(m, {}) for m in whole]
                parts += [next(edge_totals) for _ in span_edges]
                results.append(_summed(parts))
            return results

    def _read_years(self, conn, years: set[int]) -> None:
        if not years:
            return
        for year in years:
            self.months.update({m: {} for m in range(year * 12, year * 12 + 12)})
        ranges = [(f"{y:04d}-01-01", f"{y:04d}-12-31") for y in sorted(years)]
        self._read(conn, ranges)
        self.years |= years

    def _read_dirty(self, conn) -> None:
        if not self.dirty:
            return
        for month in self.dirty:
            self.months[month] = {}
        self._read(conn, [_month_bounds(m) for m in sorted(self.dirty)])
        self.dirty.clear()

    def _read(self, conn, ranges: list[tuple[str, str]]) -> None:
        """Add the month totals of the records within ``ranges`` (the months are empty)."""
        self.reads += 1
        within = " OR ".join("a.date BETWEEN ? AND ?" for _ in ranges)
        flat = [d for pair in ranges for d in pair]
        breakdown = (
            "JOIN activity_types t ON t.id = a.type_id "
            "LEFT JOIN activity_values b ON b.activity_seq = a.seq "
            "AND b.field_id = t.breakdown_by "
        )
        count_sql = (
            "SELECT substr(a.date, 1, 7), a.type_id, b.text, "
            "total(coalesce(c.number, 1)), count(*) "
            f"FROM activities a {breakdown}"
            "LEFT JOIN activity_values c ON c.activity_seq = a.seq AND c.field_id = t.counted_by "
            f"WHERE a.deleted = 0 AND ({within}) GROUP BY 1, 2, 3"
        )
        for month, type_id, option, total, records in conn.execute(count_sql, flat):
            result = self.months[_month_number(month)]
            for key in (("count", type_id), ("count", type_id, option)):
                result[key] = result.get(key, 0) + total
            result[("records", type_id)] = result.get(("records", type_id), 0) + records
        field_sql = (
            "SELECT substr(a.date, 1, 7), v.field_id, b.text, total(v.number) "
            f"FROM activities a JOIN activity_values v ON v.activity_seq = a.seq {breakdown}"
            f"WHERE a.deleted = 0 AND ({within}) AND v.number IS NOT NULL GROUP BY 1, 2, 3"
        )
        for month, field_id, option, total in conn.execute(field_sql, flat):
            result = self.months[_month_number(month)]
            for key in (("field", field_id), ("field", field_id, option)):
                result[key] = result.get(key, 0) + total


def _stamp(conn) -> tuple[int, int]:
    return conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes


def _months_of(conn, ids: Sequence[str]) -> list[tuple[int, int]]:
    """(seq, month number) of the records of ``ids`` that are in the file."""
    found = []
    ids = list(ids)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        found += [
            (seq, _month_number(date))
            for seq, date in conn.execute(
                f"SELECT seq, date FROM activities WHERE id IN ({marks})", part
            )
        ]
    return found


def _month_number(text: str) -> int:
    return int(text[:4]) * 12 + int(text[5:7]) - 1


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

"""Records already in the database: said before a save, skipped by an import.

A clerk who saves the same lecture twice, or imports last week's file again, counts
everything twice in the ledger. A new record is *like* an existing one when it has the
same type, date and title (the form warns and lets the clerk decide). An imported row
*repeats* an existing record when it carries that record's 编号 (our own list export),
or when type, date, title and every figure are the same (skipped unless asked not to).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from core.activities import Activity, get_activity, values_of

_CHUNK = 500  # ids per IN (…): far below SQLite's limit of bound parameters


def records_like(
    db: sqlite_utils.Database, activity: Activity, exclude_id: str = ""
) -> list[Activity]:
    """Live records with the same type, date and title as ``activity`` (not itself)."""
    rows = db.conn.execute(
        "SELECT id FROM activities WHERE deleted = 0 AND type_id = ? AND date = ? "
        "AND title = ? AND id != ? ORDER BY seq LIMIT 5",
        (activity.type_id, activity.date.isoformat(), activity.title, exclude_id),
    )
    return [get_activity(db, activity_id) for (activity_id,) in rows.fetchall()]


@dataclass(frozen=True)
class Repeats:
    """Which of the records to import are already in the database (positions in the plan)."""

    positions: frozenset[int]
    by_id: int  # of them, found by their 编号
    by_content: int  # found by type, date, title and figures

    @property
    def count(self) -> int:
        return len(self.positions)

    def new_items(self, items: Sequence[Activity]) -> list[Activity]:
        return [a for i, a in enumerate(items) if i not in self.positions]


def find_repeats(
    db: sqlite_utils.Database, items: Sequence[Activity], source_ids: Sequence[str] = ()
) -> Repeats:
    by_id = _known_ids(db, items, source_ids)
    rest = [i for i in range(len(items)) if i not in by_id]
    by_content = _same_content(db, items, rest)
    return Repeats(frozenset(by_id | by_content), len(by_id), len(by_content))


def _known_ids(
    db: sqlite_utils.Database, items: Sequence[Activity], source_ids: Sequence[str]
) -> set[int]:
    """Rows whose 编号 is a record of this database (in the recycle bin too: a record the
    clerk deleted is not brought back by importing an older list)."""
    wanted: dict[str, list[int]] = {}
    for position, source_id in enumerate(source_ids[: len(items)]):
        if source_id:
            wanted.setdefault(source_id, []).append(position)
    found: set[int] = set()
    ids = list(wanted)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for (known,) in db.conn.execute(
            f"SELECT id FROM activities WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            found.update(wanted[known])
    return found


def _same_content(
    db: sqlite_utils.Database, items: Sequence[Activity], positions: list[int]
) -> set[int]:
    by_key: dict[tuple[int, str, str], list[int]] = {}
    for position in positions:
        a = items[position]
        by_key.setdefault((a.type_id, a.date.isoformat(), a.title), []).append(position)
    if not by_key:
        return set()
    dates = [key[1] for key in by_key]
    candidates: dict[int, tuple[int, str, str]] = {}
    for seq, type_id, date, title in db.conn.execute(
        "SELECT seq, type_id, date, title FROM activities "
        "WHERE deleted = 0 AND date BETWEEN ? AND ?",
        (min(dates), max(dates)),
    ):
        key = (type_id, date, title)
        if key in by_key:
            candidates[seq] = key
    stored_values = values_of(db, list(candidates))
    existing = {(key, _figures(stored_values.get(seq, {}))) for seq, key in candidates.items()}
    return {
        position
        for key, group in by_key.items()
        for position in group
        if (key, _figures(items[position].values)) in existing
    }


def _figures(values: dict) -> frozenset:
    # 120 and 120.0 are equal and hash alike: a figure read back as REAL still matches.
    return frozenset(values.items())

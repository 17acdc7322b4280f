"""Records already in the database: said before a save, skipped by an import.

A clerk who saves the same lecture twice, or imports last week's file again, counts
everything twice in the ledger. A new record is *like* an existing one when it has the
same type, date and title (the form warns and lets the clerk decide). An imported row
*repeats* an existing record when it carries that record's 编号 (our own list export),
or when type, date, title, place and every figure are the same (skipped unless asked
not to): one day's 科技下乡 in two villages with the same figures are two records. It also
repeats an earlier row of the same file that way (a sheet copied in the workbook: 一季度
and 一季度 (2)), or by carrying the same 编号; rows of different 编号 are different records.
A row that carries a known 编号 but whose content differs (the clerk corrected the exported
list) is still not imported, and is named.

Titles and places are compared as a search compares them (``same_text``, the search key):
零\u200b宽培训班 pasted from WeChat is the 零宽培训班 typed by hand, and ＡＩ培训 is AI培训. The
clerk cannot see the difference, so neither may the check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from core.activities import COMMON_TEXT_FIELDS, Activity, get_activity, values_of
from core.search import search_key

_CHUNK = 500  # ids per IN (…): far below SQLite's limit of bound parameters


def same_text(text: str) -> str:
    """What two titles (or places) are compared by: the search key, so that one kind of
    sameness holds for finding a record and for calling it a duplicate."""
    return search_key(text)


def records_like(
    db: sqlite_utils.Database, activity: Activity, exclude_id: str = ""
) -> list[Activity]:
    """Live records with the same type, date and title as ``activity`` (not itself)."""
    # The day's records of the type (the index on type and date finds them), then their
    # titles compared in Python: SQL cannot compare by the search key.
    rows = db.conn.execute(
        "SELECT id, title FROM activities WHERE deleted = 0 AND type_id = ? AND date = ? "
        "AND id != ? ORDER BY seq",
        (activity.type_id, activity.date.isoformat(), exclude_id),
    )
    title = same_text(activity.title)
    like = [activity_id for activity_id, other in rows if same_text(other) == title]
    return [get_activity(db, activity_id) for activity_id in like[:5]]


@dataclass(frozen=True)
class Repeats:
    """Which of the records to import are already in the database, or earlier in the file
    (positions in the plan)."""

    positions: frozenset[int]
    by_id: int  # of them, found by their 编号
    by_content: int  # found by type, date, title, place and figures
    in_file: int = 0  # repeating an earlier row of the file
    changed: tuple[Activity, ...] = ()  # a known 编号, other content: the rows as read

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
    in_file = _earlier_in_file(items, [i for i in rest if i not in by_content], source_ids)
    changed = tuple(
        items[i]
        for i in sorted(by_id)
        if not _same_record(get_activity(db, source_ids[i]), items[i])
    )
    return Repeats(
        frozenset(by_id | by_content | in_file), len(by_id), len(by_content), len(in_file),
        changed,
    )  # fmt: skip


def _content_key(a: Activity) -> tuple:
    return (a.type_id, a.date, same_text(a.title), same_text(a.location), _figures(a.values))


def _earlier_in_file(
    items: Sequence[Activity], positions: list[int], source_ids: Sequence[str]
) -> set[int]:
    """Rows that repeat an earlier one: by their 编号 where the file gives one (two 编号
    are two records, whatever they say), else by their content."""
    seen: set[tuple] = set()
    repeated = set()
    for position in positions:
        source_id = source_ids[position] if position < len(source_ids) else ""
        key = ("id", source_id) if source_id else _content_key(items[position])
        if key in seen:
            repeated.add(position)
        seen.add(key)
    return repeated


def _same_record(stored: Activity, row: Activity) -> bool:
    """Whether a row of our own list export still says what the record says."""
    return _content_key(stored) == _content_key(row) and all(
        getattr(stored, name) == getattr(row, name) for name in ("end_date", *COMMON_TEXT_FIELDS)
    )


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
    by_key: dict[tuple[int, str, str, str], list[int]] = {}
    for position in positions:
        a = items[position]
        key = (a.type_id, a.date.isoformat(), same_text(a.title), same_text(a.location))
        by_key.setdefault(key, []).append(position)
    if not by_key:
        return set()
    days = {key[:2] for key in by_key}  # the key of a stored record only for these
    dates = [key[1] for key in by_key]
    candidates: dict[int, tuple[int, str, str, str]] = {}
    for seq, type_id, date, title, location in db.conn.execute(
        "SELECT seq, type_id, date, title, location FROM activities "
        "WHERE deleted = 0 AND date BETWEEN ? AND ?",
        (min(dates), max(dates)),
    ):
        if (type_id, date) not in days:
            continue
        key = (type_id, date, same_text(title), same_text(location))
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


def named(records: Sequence[Activity], most: int = 5) -> str:
    """“春季培训”（2026-03-05）、… for a message: the first few, then how many more."""
    names = "、".join(f"“{a.title}”（{a.date.isoformat()}）" for a in records[:most])
    return names + (f" …（+{len(records) - most}）" if len(records) > most else "")

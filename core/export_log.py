"""The log of ledger exports: which period's ledger was handed in when, and what has
changed in that period since.

A quarter's ledger, once handed in, is the figure the year's report must agree with. A
record of that quarter added, edited, deleted or moved later (by the clerk, a merge of a
township's package, an import) makes a new export differ from the one handed in; the
export dialog and ``main.py export`` say so, from this log and the records' history.

Each export notes the last history entry it saw (``history_mark``): the entries after it
are the changes made since, whatever the clocks said. A package's entries merged here get
new numbers too, so a township's change received after the export counts.

The template (sections, types, fields: the 汇总's rows), the 统计指标 and the 年度目标 change
the ledger too. Their histories (``template_history``, ``figure_history``) have no mark in
the log; their entries are stamped by the same clock, in the same form, as the log's ``at``
and are never brought in by a package (a merged template is changed here, now), so the
entries stamped after the export's second are the changes made since (``others_since``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import itertools
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from core import db as database
from core import messages
from core.errors import TaizhangError
from core.ledger_sources import units_in_period
from core.periods import Period, parse_period

# The log's shape is core/db.py's (SCHEMA_V8), frozen with its migration.

# The changes that can change a ledger: not the evidence files (attach, detach).
_LEDGER_ACTIONS = ("add", "import", "edit", "delete", "restore", "purge", "conflict")
_ACTIONS_SQL = "(" + ", ".join(f"'{action}'" for action in _LEDGER_ACTIONS) + ")"
# At most this long a busy file keeps the export waiting to be logged: the file is written.
LOG_WAIT_MS = 1000
TITLES_SHOWN = 3
TITLE_SHOWN_CHARS = 30  # a title longer is shortened in the note (one line of the dialog)
# What else than records a ledger shows, in the order the note names them.
OTHER_CHANGES = ("template", "indicators", "targets")
_OTHER_NAMES = {
    "template": ("模板", "the template"),
    "indicators": ("统计指标", "the standing indicators"),
    "targets": ("年度目标", "the annual targets"),
}


@dataclass(frozen=True)
class LastExport:
    """The last export of a period, and the records of the period changed since."""

    at: str  # local time, ISO seconds
    file_name: str
    records: int
    changed: int  # records of the period added, edited, deleted or moved since
    titles: tuple[str, ...] = ()  # the last few changed (TITLES_SHOWN), the latest first
    others: tuple[str, ...] = ()  # of OTHER_CHANGES, those made since that change the ledger

    @property
    def when(self) -> str:
        """2026-04-02 10:31, as a clerk reads a time."""
        return dt.datetime.fromisoformat(self.at).strftime("%Y-%m-%d %H:%M")


def now() -> str:
    """Local time, ISO seconds: the form of ``at`` here and in the template's and the
    figures' histories."""
    return dt.datetime.now().isoformat(timespec="seconds")


def history_mark(db: sqlite_utils.Database) -> int:
    """The last history entry: read inside the export's snapshot, so that every change
    committed after what the export saw is above it."""
    return db.conn.execute("SELECT coalesce(max(id), 0) FROM activity_history").fetchone()[0]


def record_export(
    db: sqlite_utils.Database,
    period: Period,
    unit: str | None,
    path: str | Path,
    records: int,
    mark: int,
    at: str | None = None,
) -> bool:
    """Log an export that was written; whether it could be logged. ``at``: when the
    export read the data (now, by default).

    Best effort, in its own short transaction: a file opened read-only, held by another
    writer past ``LOG_WAIT_MS``, or on a full disk leaves the log as it was and the export
    done. The export must not fail for want of a line about itself.
    """
    at = at or now()
    row = (period.code, unit, at, Path(path).name, records, mark)
    try:
        with _waiting_briefly(db), database.transaction(db):
            _insert(db.conn, row)
    except (TaizhangError, sqlite3.Error):
        return False
    return True


def _insert(conn: sqlite3.Connection, row: tuple) -> None:
    conn.execute(
        "INSERT INTO ledger_exports (period, unit, at, file_name, records, history_mark) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        row,
    )


@contextlib.contextmanager
def _waiting_briefly(db: sqlite_utils.Database) -> Iterator[None]:
    conn = db.conn
    try:
        was = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    except sqlite3.Error:
        yield
        return
    conn.execute(f"PRAGMA busy_timeout = {min(was, LOG_WAIT_MS)}")
    try:
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute(f"PRAGMA busy_timeout = {was}")


def last_export(db: sqlite_utils.Database, period: Period, unit: str | None) -> LastExport | None:
    """The last export of ``period`` and what has changed in the period since; None if it
    was never exported from this file.

    The last of ``unit``'s own ledger (None: of all units) if there is one, else that of
    all units, which held the unit's records (the dialog exports the clerk's unit, ``main.py
    export`` all units); every unit's changes are then counted: better one said too many
    than one missed. The ledger of all units falls back to a unit's only while the period
    holds that one unit's records: one township's ledger never stands for the county's.
    """
    with database.reading(db):
        try:
            one_unit = len(units_in_period(db, period)) <= 1
            found = db.conn.execute(
                "SELECT at, file_name, records, history_mark, unit IS ? FROM ledger_exports "
                "WHERE period = ? AND (unit IS ? OR (? IS NOT NULL AND unit IS NULL) "
                "OR (? IS NULL AND ?)) ORDER BY unit IS ? DESC, id DESC LIMIT 1",
                (unit, period.code, unit, unit, unit, one_unit, unit),
            ).fetchone()
        except sqlite3.OperationalError:  # an older file looked at read-only: no log yet
            return None
        if found is None:
            return None
        at, file_name, records, mark, same_unit = found
        changed, titles = changed_since(db, period, unit if same_unit else None, mark)
        others = others_since(db, period, at)
    return LastExport(at, file_name, records, changed, tuple(titles), others)


def others_since(db: sqlite_utils.Database, period: Period, at: str) -> tuple[str, ...]:
    """Which of the template, the 统计指标 and the 年度目标 changed after ``at`` in a way
    that changes ``period``'s ledger (of OTHER_CHANGES, in their order).

    Any change to the template counts (its rows, names and units are every period's); a
    standing indicator's value counts when its month or quarter is in a span the ledger
    shows (the period, the year to date, last year's), a target when it is of the period's
    year. A value changed and changed back to what it was is no change.
    """
    found: set[str] = set()
    for (item,) in db.conn.execute(
        "SELECT DISTINCT item FROM template_history WHERE at > ?", (at,)
    ):
        found.add("indicators" if item == "indicator" else "template")
    spans = _spans_shown(period)
    rows = db.conn.execute(
        "SELECT subject, before, after FROM figure_history WHERE at > ? ORDER BY subject, id",
        (at,),
    )
    for subject, group in itertools.groupby(rows, key=lambda row: row[0]):
        changes = list(group)
        if changes[0][1] == changes[-1][2]:
            continue  # changed back
        kind = _figure_kind(subject, period, spans)
        if kind is not None:
            found.add(kind)
    return tuple(kind for kind in OTHER_CHANGES if kind in found)


def _spans_shown(period: Period) -> list[tuple[dt.date, dt.date]]:
    this_year = period.year_to_date()
    last_year = this_year.previous_year()
    return [(period.start, period.end), (this_year.start, this_year.end),
            (last_year.start, last_year.end)]  # fmt: skip


def _figure_kind(subject: str, period: Period, spans: list[tuple[dt.date, dt.date]]) -> str | None:
    """'targets' or 'indicators' if the history's ``subject`` is shown in the ledger."""
    kind, _, rest = subject.partition(":")
    if kind == "target":
        year = rest.partition(":")[0]
        return "targets" if year == str(period.end.year) else None
    if kind == "indicator":
        try:
            reported = parse_period(rest.partition(":")[2])
        except TaizhangError:
            return "indicators"  # a subject not understood: better said than missed
        inside = any(reported.start <= end and start <= reported.end for start, end in spans)
        return "indicators" if inside else None
    return None


class _Change(NamedTuple):
    """One history entry after the export, with the record as it is now (None: purged)."""

    activity_id: str
    entry: int
    action: str
    date_before: str | None
    date_after: str | None
    edit_before: str | None  # an edit's snapshots, to see one edited back
    edit_after: str | None
    title: str | None
    date_now: str | None
    deleted_now: int | None
    title_now: str | None
    unit_now: str | None


def changed_since(
    db: sqlite_utils.Database, period: Period, unit: str | None, mark: int
) -> tuple[int, list[str]]:
    """How many records of ``period`` changed after history entry ``mark``, and the
    titles of the few changed last, the latest first.

    A record counts when its date was in the period before or after a change (moved
    out of the quarter, or into it, both change it), and the changes do not cancel out:
    added then taken back, deleted then restored, edited and edited back.
    """
    start, end = period.start.isoformat(), period.end.isoformat()
    # The records with a date in the period before or after a change are found in SQL:
    # after an import of the whole year, Python walks only the period's.
    rows = db.conn.execute(
        "WITH later AS MATERIALIZED (SELECT h.id, h.activity_id, h.action, "
        "json_extract(h.before, '$.date') AS date_before, "
        "json_extract(h.after, '$.date') AS date_after "
        f"FROM activity_history h WHERE h.id > :mark AND h.action IN {_ACTIONS_SQL}), "
        "hit AS (SELECT DISTINCT l.activity_id FROM later l "
        "LEFT JOIN activities a ON a.id = l.activity_id "
        "WHERE l.date_before BETWEEN :start AND :end OR l.date_after BETWEEN :start AND :end "
        "OR (l.date_before IS NULL AND l.date_after IS NULL AND a.date BETWEEN :start AND :end)) "
        "SELECT l.activity_id, l.id, l.action, l.date_before, l.date_after, "
        "CASE WHEN l.action = 'edit' THEN h.before END, "
        "CASE WHEN l.action = 'edit' THEN h.after END, "
        "coalesce(json_extract(h.after, '$.title'), json_extract(h.before, '$.title')), "
        "a.date, a.deleted, a.title, a.source_unit "
        "FROM later l JOIN hit USING (activity_id) JOIN activity_history h ON h.id = l.id "
        "LEFT JOIN activities a ON a.id = l.activity_id ORDER BY l.activity_id, l.id",
        {"mark": mark, "start": start, "end": end},
    )
    count, latest = 0, []  # (the last change's entry, title): the latest changes, named
    for _record, group in itertools.groupby(map(_Change._make, rows), key=lambda c: c[0]):
        changes = list(group)
        last = changes[-1]
        if unit is not None and last.unit_now is not None and last.unit_now != unit:
            continue
        if not _in_period(changes, start, end) or _cancelled(changes, start, end):
            continue
        count += 1
        named = (last.entry, last.title_now or last.title or "")
        latest = heapq.nlargest(TITLES_SHOWN, [*latest, named])
    return count, [title for _entry, title in latest]


def _in_period(changes: list[_Change], start: str, end: str) -> bool:
    for change in changes:
        dates = [d for d in (change.date_before, change.date_after) if d]
        if not dates and change.date_now:  # a deletion or restore names no date
            dates = [change.date_now]
        if any(start <= d <= end for d in dates):
            return True
    return False


def _cancelled(changes: list[_Change], start: str, end: str) -> bool:
    """Whether the record is in the period's ledger now as it was before the first change."""
    first, last = changes[0], changes[-1]
    shown_now = last.deleted_now == 0 and _within(last.date_now, start, end)
    shown_before = _shown_before(first.action)
    if shown_before is None:
        return False  # a conflict: what was here is not known for sure; say it
    shown_before = shown_before and _within(first.date_before or first.date_now, start, end)
    if not shown_before and not shown_now:
        return True  # added and taken back, or moved out, or deleted again: in neither ledger
    if shown_before != shown_now:
        return False
    actions = {c.action for c in changes}
    if actions <= {"delete", "restore"}:
        return True  # only in and out of the bin, and back where it was
    if actions == {"edit"}:
        return _same(first.edit_before, last.edit_after)  # edited back to what it was
    return False


def _within(date: str | None, start: str, end: str) -> bool:
    return date is not None and start <= date <= end


def _shown_before(first_action: str) -> bool | None:
    """Whether the record was in the ledger before its first change since (None: unsure)."""
    if first_action in ("add", "import", "restore"):
        return False
    if first_action in ("delete", "edit", "purge"):
        return True
    return None


def _same(before: str | None, after: str | None) -> bool:
    if before is None or after is None:
        return False
    return json.loads(before) == json.loads(after)


def note(last: LastExport, language: str | None = None) -> str:
    """What the export dialog and ``main.py export`` say of the period's last export."""
    said = {"when": last.when, "file": last.file_name, "records": last.records}
    if not last.changed:
        also = _others_clause(last, "ledger_others_changed_only")
        return messages.text("ledger_exported_unchanged", language, **said, also=also)
    titles = messages.Both(titles_said(last, "zh"), titles_said(last, "en"))
    also = _others_clause(last, "ledger_others_changed_too")
    return messages.text(
        "ledger_exported_changed", language, **said, count=last.changed, titles=titles, also=also
    )


def _others_clause(last: LastExport, key: str) -> messages.Both | str:
    if not last.others:
        return ""
    what = messages.Both(others_said(last, "zh"), others_said(last, "en"))
    return messages.Both.of(key, what=what)


def others_said(last: LastExport, language: str = "zh") -> str:
    """模板、年度目标 / the template and the annual targets: what else changed since."""
    names = [_OTHER_NAMES[kind][language == "en"] for kind in last.others]
    if language != "en":
        return "、".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def titles_said(last: LastExport, language: str = "zh") -> str:
    """“甲”、“乙”、“丙”等 — the records changed last, by name (a long one shortened)."""
    titles = [shortened(t, TITLE_SHOWN_CHARS) for t in last.titles]
    if language == "en":
        named = ", ".join(f"'{t}'" for t in titles)
        return named + (" and others" if last.changed > len(titles) else "")
    named = "、".join(f"“{t}”" for t in titles)
    return named + ("等" if last.changed > len(titles) else "")


def shortened(text: str, most: int) -> str:
    """``text`` cut in the middle to ``most`` characters: both ends are what tells it."""
    if len(text) <= most:
        return text
    head = (most - 1) // 2
    return text[:head] + "…" + text[len(text) - (most - 1 - head) :]

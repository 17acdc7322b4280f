"""When this database last wrote a record (``activities.touched_at``): what an exchange
package of "the changes since the last one" takes (``core/exchange.py``).

The PC's clock cannot be trusted for it: set to 2030 for a day, or running months
behind on a flat battery, it would hide every later change, or the changes made while
it was wrong. So a stamp is the clock's time, unless the clock says earlier than a
stamp already stored: then one microsecond after the greatest one (a hybrid logical
clock). Every stamp written is later than every stamp stored before it, whatever the
clock did, and a package marks the greatest stamp it took (never the clock's time).

Stamps are local: they never travel in a package, so offices whose clocks differ never
compare them. Write them inside the write transaction (SQLite holds the write lock
from ``BEGIN IMMEDIATE``): no other program can store a greater one meanwhile.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

_STEP = dt.timedelta(microseconds=1)


def stamp(conn: sqlite3.Connection, now: str) -> str:
    """The stamp of a change written now (``now``: the clock's time, ISO 8601): ``now``,
    or just after the greatest stored stamp if that is not earlier (the index
    ``activities_by_touch`` gives it at once)."""
    (latest,) = conn.execute("SELECT max(touched_at) FROM activities").fetchone()
    clock = dt.datetime.fromisoformat(now)
    if latest:
        try:
            clock = max(clock, dt.datetime.fromisoformat(latest) + _STEP)
        except (ValueError, OverflowError, TypeError):  # not a local time: a hand edit
            return max(now, latest)
    return clock.isoformat(timespec="microseconds")


def touch(conn: sqlite3.Connection, activity_id: str, now: str) -> None:
    """Mark a record as changed here (its attachments, a merge kept our side)."""
    conn.execute(
        "UPDATE activities SET touched_at = ? WHERE id = ?", (stamp(conn, now), activity_id)
    )

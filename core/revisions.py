"""Which changes a record has been through: what lets packages merge in any order.

Every change to a record gets a random id (its *rev*). A database remembers every rev
each record has had here or arrived with. A record that comes in a package is then:
unchanged when its rev is known here (we have it, or have moved past it); an update when
our rev is among those it has been through (it moved past us); otherwise both sides
changed it since they last matched — a conflict, and the newer change wins
(``newest``). The known revs of both sides are joined whatever happens, so every
database ends with the same record whatever order the packages came in.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from core import ids


def new_rev() -> str:
    return ids.new_hex()


def remember(conn: sqlite3.Connection, pairs: Iterable[tuple[str, str]]) -> None:
    """Record ``(activity id, rev)`` pairs; the caller holds the transaction."""
    conn.executemany(
        "INSERT OR IGNORE INTO activity_revisions (activity_id, rev) VALUES (?, ?)", pairs
    )


def known(conn: sqlite3.Connection, activity_id: str) -> set[str]:
    return {
        rev
        for (rev,) in conn.execute(
            "SELECT rev FROM activity_revisions WHERE activity_id = ?", (activity_id,)
        )
    }


def order_key(updated_at: str, changed_by: str, rev: str) -> tuple[str, str, str]:
    """How two changes made apart are ordered: the later one, then a fixed tie-break."""
    return (updated_at, changed_by, rev)


def compare(ours: str, our_known: set[str], theirs: str, their_known: set[str]) -> str:
    """``"same"``, ``"behind"`` (they have nothing new), ``"ahead"`` (take theirs) or
    ``"conflict"`` for a record held on both sides."""
    if theirs == ours:
        return "same"
    if theirs in our_known:
        return "behind"
    if ours in their_known:
        return "ahead"
    return "conflict"

"""The database's identity: a UUID made once, kept in ``settings`` under ``database_id``.

Every record remembers the database it was first saved in (its source) and every change
the database that made it, so packages passed between bureaus and townships can be merged
by id without asking which PC a record came from.
"""

from __future__ import annotations

import uuid

import sqlite_utils

DATABASE_ID = "database_id"


def database_id(db: sqlite_utils.Database) -> str:
    """This database's id, made (and stored) the first time it is asked for."""
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (DATABASE_ID,)).fetchone()
    if row and row[0]:
        return row[0]
    with db.atomic():
        db.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value = ''",
            (DATABASE_ID, str(uuid.uuid4())),
        )
    return db.conn.execute("SELECT value FROM settings WHERE key = ?", (DATABASE_ID,)).fetchone()[0]

"""Which database a file is: an id made when the file is created, kept in ``settings``.

Two bureaus' files can both be called ``taizhang.db``; their backups must never be
taken for each other's. A backup is a copy of the database, so it carries the same id
in its own ``settings`` row; it also records the path it was taken from
(``backup_of``), so a damaged file whose id cannot be read still finds its backups.

Every record also remembers the database it was first saved in (its source), and every
change the database that made it, so exchange packages merge by id (core/exchange.py).
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

import sqlite_utils

from core import db as database
from core import settings
from core.errors import TaizhangError

KEY = settings.DATABASE_ID
BACKUP_OF = "backup_of"  # in a backup: the resolved path of the database it copies
SHORT = 12  # hex digits of the id in a backup's file name


def database_id(db: sqlite_utils.Database) -> str:
    return settings.get_setting(db, KEY)


def ensure_database_id(db: sqlite_utils.Database) -> str:
    """The file's id, made now if it has none (a file of an older version)."""
    found = database_id(db)
    if found:
        return found
    made = uuid.uuid4().hex
    settings.set_settings(db, **{KEY: made})
    return made


def short(identity: str) -> str:
    return identity[:SHORT]


def read_from_file(path: str | Path) -> tuple[str, str]:
    """(id, backup_of) of a file not open here (a backup, a damaged file); '' if unreadable."""
    try:
        conn = database.open_snapshot(path)
    except TaizhangError:
        return "", ""
    try:
        rows = dict(
            conn.execute("SELECT key, value FROM settings WHERE key IN (?, ?)", (KEY, BACKUP_OF))
        )
    except sqlite3.Error:
        return "", ""
    finally:
        conn.close()
    return rows.get(KEY, ""), rows.get(BACKUP_OF, "")


def mark_as_backup(conn: sqlite3.Connection, source_path: str | Path) -> None:
    """Record in a fresh copy which file it is a backup of: its path, links resolved (a
    copy of the file carries the same id; the path tells their backups apart)."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (BACKUP_OF, os.path.realpath(source_path)),
    )
    conn.commit()


def unmark_backup(conn: sqlite3.Connection) -> None:
    """A backup put back in place is the database again, not a backup of it."""
    conn.execute("DELETE FROM settings WHERE key = ?", (BACKUP_OF,))
    conn.commit()


def same_file_path(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file, by their resolved names (the file need not exist:
    a backup names the file it was taken from, perhaps gone or moved since)."""
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def adopt_as(conn: sqlite3.Connection, own_id: str) -> None:
    """A copy of a backup about to replace a database's data: it is that database now (its
    id, so its backups stay its own), not a backup of it."""
    conn.execute("DELETE FROM settings WHERE key = ?", (BACKUP_OF,))
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (KEY, own_id),
    )
    conn.commit()

"""Which database a file is: an id made when the file is created, kept in ``settings``.

Two bureaus' files can both be called ``taizhang.db``; their backups must never be
taken for each other's. A backup is a copy of the database, so it carries the same id
in its own ``settings`` row; it also records the path it was taken from
(``backup_of``), so a damaged file whose id cannot be read still finds its backups.

Every record also remembers the database it was first saved in (its source), and every
change the database that made it, so exchange packages merge by id (core/exchange.py).

A copy of the file is another database once either is written (the county copies its
file to start a township's): it must not keep the id, or the township's packages would
speak for the county's own records. The file cannot tell a copy from itself by its
contents (a copy carries them all), so it also keeps where it lives (``HOME``): the PC's
Taizhang data folder (``place_id``, the folder that holds the backups) and its path. A
file opened elsewhere than its home (``settle_home``, before anything is written):

- same place, other path, and the file at the old path is gone or is no longer this
  database: it was moved (or renamed): it keeps its id, its home is here now;
- same place, and the old path still holds a file of this id: this one is the copy; it
  takes a new id (the one that stayed where it was keeps the old one);
- another place (another PC, another user): nothing there can say whether the old one
  still exists; a township's copy is the case that must not fail, so it takes a new id.

The records saved before a copy keep the old id as their source: they are the original's
(the township does not rename the county's records when it names itself). The old ids
are kept (``COPIED_FROM``). A restore keeps the id and home of the file it restores into.
``instance`` (in the home) is made with each id and each first home: a package that carries
our id but another instance comes from a copy that shares our id (two copies made before
this rule): core/exchange.py refuses it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import uuid
from pathlib import Path

import sqlite_utils

from core import db as database
from core import paths, settings
from core.errors import TaizhangError

KEY = settings.DATABASE_ID
BACKUP_OF = "backup_of"  # in a backup: the resolved path of the database it copies
SHORT = 12  # hex digits of the id in a backup's file name
HOME = "database_home"  # JSON {"place", "path", "instance"}: where this database lives
COPIED_FROM = "copied_from"  # the ids this database had before it was copied, oldest first
PLACE_FILE = "place_id"  # in the data folder: this PC's (this user's) token


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


def restored_at(conn: sqlite3.Connection, path: str | Path) -> None:
    """A backup put in place of a damaged or missing file (a new PC taking its old file):
    the database again, living here now, with the id and instance it had (a restore is
    the clerk saying "this is my database"; never taken for a copy)."""
    conn.execute("DELETE FROM settings WHERE key = ?", (BACKUP_OF,))
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (HOME,)).fetchone()
    try:
        was = json.loads(row[0]) if row else {}
    except ValueError:
        was = {}
    kept = was.get("instance") if isinstance(was, dict) else None
    value = json.dumps(
        {
            "place": place_id(),
            "path": _here(path),
            "instance": kept if isinstance(kept, str) and kept else uuid.uuid4().hex,
        }
    )
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (HOME, value),
    )
    conn.commit()


def same_file_path(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file, by their resolved names (the file need not exist:
    a backup names the file it was taken from, perhaps gone or moved since)."""
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def adopt_as(conn: sqlite3.Connection, own_id: str, own_home: str = "") -> None:
    """A copy of a backup about to replace a database's data: it is that database now (its
    id, so its backups stay its own; its home, so it is not taken for a copy), not a
    backup of it."""
    conn.execute("DELETE FROM settings WHERE key = ?", (BACKUP_OF,))
    for key, value in ((KEY, own_id), (HOME, own_home)):
        if not value:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            continue
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
    conn.commit()


# --- copies ------------------------------------------------------------------------------


def place_id() -> str:
    """This Taizhang data folder's token (the folder of the backups: one per PC and user),
    made the first time it is asked for; '' if there is no such folder yet (nothing is made
    for it alone) or it cannot be read or written."""
    file = paths.data_dir() / PLACE_FILE
    if not file.parent.is_dir():
        return ""
    for _attempt in range(3):
        try:
            found = file.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            found = None
        except (OSError, UnicodeError):
            return ""
        if found is not None and _is_token(found):
            return found
        made = uuid.uuid4().hex
        partial = file.with_name(f".{PLACE_FILE}.{os.getpid()}.partial")
        try:
            partial.write_text(made, encoding="ascii")
            if found is None:
                _link(partial, file)  # never over the one another program made meanwhile
            else:
                os.replace(partial, file)  # a damaged token
            return made
        except FileExistsError:
            continue  # another program made it first: read that one
        except OSError:
            return ""
        finally:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
    return ""


def _link(partial: Path, file: Path) -> None:
    try:
        os.link(partial, file)
    except FileExistsError:
        raise
    except OSError:  # a file system without links: made in place (a race here is harmless
        os.replace(partial, file)  # but for one file's first home, decided again later)


def _is_token(text: str) -> bool:
    return len(text) == 32 and all(c in "0123456789abcdef" for c in text)


def home(db: sqlite_utils.Database) -> dict:
    """Where the file says it lives ({} if it does not say: a file of an older version)."""
    try:
        found = json.loads(settings.get_setting(db, HOME) or "{}")
    except ValueError:
        return {}
    if not isinstance(found, dict) or not all(
        isinstance(found.get(k), str) for k in ("place", "path", "instance")
    ):
        return {}
    return found


def instance(db: sqlite_utils.Database) -> str:
    return home(db).get("instance", "")


def copied_from(db: sqlite_utils.Database) -> list[str]:
    return settings.get_setting(db, COPIED_FROM).split()


def copied_from_file(path: str | Path) -> list[str]:
    """``copied_from`` of a file not open here; none if it cannot be read."""
    try:
        conn = database.open_snapshot(path)
    except TaizhangError:
        return []
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (COPIED_FROM,)).fetchone()
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    return str(row[0]).split() if row else []


def _here(path: str | Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _write_home(db: sqlite_utils.Database, place: str, path: str, instance_: str) -> None:
    value = json.dumps({"place": place, "path": path, "instance": instance_})
    db.conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (HOME, value),
    )


def record_home(db: sqlite_utils.Database, path: str | Path) -> None:
    """A new file: it lives where it was made (inside the caller's transaction)."""
    _write_home(db, place_id(), _here(path), uuid.uuid4().hex)


def settle_home(db: sqlite_utils.Database, path: str | Path) -> str:
    """Before the file at ``path`` is written: a copy takes an id of its own (see above).
    Returns what was done: '' (at home), 'recorded', 'placed' (its PC said now), 'moved'
    or 'copied'."""
    place = place_id()
    here = _here(path)
    if _decide(home(db), place, here, path, "") == "":
        return ""  # the usual case: nothing read again, nothing written
    with database.transaction(db):
        found = home(db)  # again, holding the write lock (two programs opening the copy)
        own = database_id(db)
        done = _decide(found, place, here, path, own)
        if done in ("recorded", "copied"):
            if done == "copied":
                before = " ".join([*copied_from(db), own]).strip()
                settings.set_settings(db, **{KEY: uuid.uuid4().hex, COPIED_FROM: before})
            _write_home(db, place, here, uuid.uuid4().hex)
        elif done in ("placed", "moved"):
            _write_home(db, place or found["place"], here, found["instance"])
    if done:
        # In the file itself, not only its -wal: a copy of the .db alone has it too.
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return done


def _decide(found: dict, place: str, here: str, path: str | Path, own: str) -> str:
    """What opening the file with home ``found`` at ``here`` on ``place`` means. A place
    that is '' is not known: this PC has no data folder yet (nothing of Taizhang was kept
    here, a new file is made before its folder), or the file was made so."""
    if not found:
        return "recorded"
    if found["path"] == here and (found["place"] == place or not found["place"] or not place):
        return "placed" if place and not found["place"] else ""
    if found["place"] and found["place"] != place:
        return "copied"  # another PC (or one that never kept anything of Taizhang)
    if not own:  # not yet known outside the transaction: decided there
        return "?"
    return "copied" if _still_there(found["path"], path, own) else "moved"


def _still_there(old: str, path: str | Path, own: str) -> bool:
    """Whether the file at ``old`` (this database's home before) is still this database,
    and another file than the one at ``path`` (not the same file under another name)."""
    try:
        if not os.path.isfile(old) or os.path.samefile(old, path):
            return False
    except OSError:
        return False
    return read_from_file(old)[0] == own

"""Evidence attached to records (签到表, photos, notices…), stored once per content.

The files live in a folder beside the database, ``<name>.attachments/``, each under its
SHA-256 (``ab/abcdef…``, no extension): identical files are kept once, a stored file never
changes, and the name a user gave is kept in the database for display only — never used
as a path, never run. Why a folder and not BLOBs inside the database: the database stays
small, so the daily backups stay quick and small, while the files, which never change, are
copied once into the shared store beside the backups (``attachments/`` next to each backup
file), however many backups point to them. Restoring brings back any file missing here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import secrets
import shutil
import sqlite3
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import sqlite_utils

from core import db as database
from core import history, identity, outputs, settings, touch
from core.errors import TaizhangError

if TYPE_CHECKING:
    from core.activities import Activity

MAX_FILE_BYTES = 50 * 1024 * 1024  # per file: a scanned sign-in sheet or a phone video clip
MAX_NAME_CHARACTERS = 200
CHUNK = 1024 * 1024
STORE_SUFFIX = database.EVIDENCE_STORE_SUFFIX  # counted in the names a database may have
BACKUP_STORE = "attachments"


@dataclass(frozen=True)
class Attachment:
    activity_id: str
    sha256: str
    name: str  # for display only
    size: int
    added_at: str
    changed_at: str
    changed_by: str = ""
    deleted: bool = False


# --- where files are ---------------------------------------------------------------


def store_dir(db: sqlite_utils.Database) -> Path:
    """The folder beside the database file: ``台账.db`` → ``台账.attachments/``."""
    return store_dir_for(database_file(db.conn))


def database_file(conn: sqlite3.Connection) -> Path:
    row = next(r for r in conn.execute("PRAGMA database_list") if r[1] == "main")
    return Path(row[2])


def store_dir_for(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + STORE_SUFFIX)


def backup_store(backup_file: str | Path) -> Path:
    """The store shared by every backup in a folder: ``attachments/`` beside them."""
    return Path(backup_file).parent / BACKUP_STORE


def blob_path(store: Path, sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(sha256)  # never a path made of anything else
    return store / sha256[:2] / sha256


def display_name(name: str) -> str:
    """The file's own name, without folders or characters that cannot be shown."""
    name = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    name = name.strip()[:MAX_NAME_CHARACTERS]
    return name if name.strip(".") else "未命名"  # never "." or "..": they name folders


# --- putting files in a store (streamed: bounded memory) ---------------------------


# What a killed write leaves in a store: ``put_stream``'s temporary at its top, and
# ``copy_referenced_files``'s beside the file it was to become. Cleaned by the next run of
# the same job, once older than ``outputs.STALE_AFTER_SECONDS`` (a younger one may be a
# copy another window is making now).
_INCOMING = re.compile(r"\.incoming-[0-9a-f]{12}\.partial")
_COPYING = re.compile(r"\.[0-9a-f]{64}\.[0-9a-f]{8}\.partial")
_SHARD = re.compile(r"[0-9a-f]{2}")


def clean_debris(store: Path, *, shards: bool = False) -> int:
    """Remove what killed writes left in ``store`` (``shards``: in its two-letter folders
    too); returns how many went. Names of ours only: nothing else is touched."""
    removed = outputs.clean_stale(store, _INCOMING)
    if not shards:
        return removed
    try:
        folders = [
            e.path
            for e in os.scandir(store)
            if _SHARD.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
        ]
    except OSError:
        return removed
    return removed + sum(outputs.clean_stale(Path(f), _COPYING) for f in folders)


def put_stream(
    store: Path, stream: BinaryIO, *, limit: int = MAX_FILE_BYTES, expected: str | None = None
) -> tuple[str, int]:
    """Copy ``stream`` into ``store`` under its SHA-256; returns (sha256, size).

    Written to a temporary file and renamed, so the store never holds a part of a file.
    ``expected`` (from a package): a file whose content does not hash to it is refused.
    """
    store.mkdir(parents=True, exist_ok=True)
    clean_debris(store)  # one look at the store's top: a few hundred names
    temporary = store / f".incoming-{secrets.token_hex(6)}.partial"
    digest = hashlib.sha256()
    size = 0
    try:
        with open(temporary, "xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TaizhangError("attachment_too_big", size=_mb(size), limit=_mb(limit))
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        if expected is not None and sha != expected:
            raise TaizhangError("package_damaged", reason=f"file {expected[:12]}…")
        target = blob_path(store, sha)
        if target.exists() and target.stat().st_size == size:
            return sha, size
        target.parent.mkdir(exist_ok=True)
        os.replace(temporary, target)
        return sha, size
    except OSError as error:
        raise _store_error(error) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def put_file(store: Path, path: Path) -> tuple[str, int]:
    path = Path(path)
    if not path.is_file():
        raise TaizhangError("file_missing", path=path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TaizhangError(
            "attachment_too_big_named", name=path.name, size=_mb(size), limit=_mb(MAX_FILE_BYTES)
        )
    try:
        with open(path, "rb") as stream:
            return put_stream(store, stream)
    except PermissionError as error:
        raise TaizhangError("import_locked", path=path) from error


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _store_error(error: OSError) -> TaizhangError:
    if getattr(error, "errno", None) == 28:
        return TaizhangError("db_disk_full")
    return TaizhangError("attachment_store_failed", reason=error)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- a record's attachments ---------------------------------------------------------


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def attach_files(
    db: sqlite_utils.Database, activity_id: str, paths: Sequence[str | Path]
) -> list[Attachment]:
    """Attach files to a record, in one transaction; returns them as stored.

    Every file is checked (exists, not over the limit) and copied into the store first;
    only then are they added together, so a bad file attaches none.
    """
    from core import activities

    activities.get_activity(db, activity_id)  # a clear error for an unknown id
    stored = store_files(db, paths)
    with activities.writing(db):
        return _add_stored(db, activity_id, stored)


def add_with_files(
    db: sqlite_utils.Database, activity: Activity, paths: Sequence[str | Path]
) -> tuple[Activity, list[Attachment]]:
    """A new record and its evidence files in one transaction; returns both as stored.

    The files are checked and copied into the store first: a file that cannot be read
    or copied saves neither the record nor any file (the store keeps whole files only,
    by content, and they are referenced by nothing).
    """
    from core import activities

    stored = store_files(db, paths)
    with activities.writing(db):
        (record,) = activities.add_activities(db, [activity])
        return record, _add_stored(db, record.id, stored)


def purge_with_evidence(
    db: sqlite_utils.Database,
    activity_ids: Sequence[str],
    *,
    as_left: Sequence[Activity] | None = None,
    filled: dict[str, str] | None = None,
    shown: Mapping[str, Collection[str]] | None = None,
) -> list[Attachment]:
    """Take back an add (undo): the records removed for good with every attachment row
    they had, in the bin or not, in one transaction; returns those rows, for the redo to
    put back as they were (``add_back``). ``as_left``, ``filled``: the records as the add
    left them; one changed since refuses it all (``activities.purge_activities``).
    ``shown``: the sha256 of each record's evidence the add left shown (not in the bin;
    none for a record not named): one with other evidence shown now (attached or removed
    by another program since) refuses it all too, or that change would go with the rows.

    The files stay in the store: the redo needs them (the clerk's own copy may be gone
    with the USB stick), another record may share them, and a file no row points to is
    neither checked, nor backed up, nor sent.
    """
    from core import activities

    with activities.writing(db):
        by_record = {i: all_rows(db.conn, i) for i in activity_ids}
        changed = ()
        if shown is not None:
            changed = {
                i
                for i, rows in by_record.items()
                if {r.sha256 for r in rows if not r.deleted} != set(shown.get(i, ()))
            }
        rows = [row for i in activity_ids for row in by_record[i]]
        activities.purge_activities(
            db, activity_ids, as_left=as_left, filled=filled, evidence_changed=changed
        )
    return rows


def add_back(
    db: sqlite_utils.Database, items: Sequence[Activity], rows: Sequence[Attachment]
) -> list[Activity]:
    """Redo an add that was taken back: the records and their attachment rows exactly as
    ``purge_with_evidence`` returned them (names, times, bin state), in one transaction.
    A file gone from the store meanwhile puts back nothing."""
    from core import activities

    with activities.writing(db):
        stored = activities.add_activities(db, items)
        put_back(db, rows)
    return stored


def put_back(db: sqlite_utils.Database, rows: Sequence[Attachment]) -> None:
    """Attachment rows as ``purge_with_evidence`` took them, inside the caller's
    transaction; each file must still be in the store."""
    store = store_dir(db)
    for row in rows:
        path = blob_path(store, row.sha256)
        if not path.is_file():
            raise TaizhangError("attachment_file_missing", name=row.name, path=path)
    db.conn.executemany(
        "INSERT INTO attachments (activity_id, sha256, name, size, added_at, changed_at, "
        "changed_by, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (activity_id, sha256) DO UPDATE SET name = excluded.name, "
        "size = excluded.size, added_at = excluded.added_at, "
        "changed_at = excluded.changed_at, changed_by = excluded.changed_by, "
        "deleted = excluded.deleted",
        [
            (
                a.activity_id,
                a.sha256,
                a.name,
                a.size,
                a.added_at,
                a.changed_at,
                a.changed_by,
                int(a.deleted),
            )
            for a in rows
        ],  # fmt: skip
    )
    shown = [(a.activity_id, "attach", None, _shown(a)) for a in rows if not a.deleted]
    if shown:
        history.record(db.conn, shown, _staff(db), _now(), _unit(db))


def store_files(
    db: sqlite_utils.Database, paths: Sequence[str | Path]
) -> list[tuple[str, int, str]]:
    """Each file checked and copied into the store: (sha256, size, name shown)."""
    store = store_dir(db)
    stored = []
    for path in paths:
        sha, size = put_file(store, Path(path))
        stored.append((sha, size, display_name(Path(path).name)))
    return stored


def _add_stored(
    db: sqlite_utils.Database, activity_id: str, stored: Sequence[tuple[str, int, str]]
) -> list[Attachment]:
    """The rows of files already in the store, inside the caller's transaction. Files of
    the same content given together are one file, under the first one's name (a record
    holds a content once: two were said and written in the history, one was kept)."""
    now = _now()
    here = identity.database_id(db)
    result = []
    given = {}
    for sha, size, name in stored:
        given.setdefault(sha, (sha, size, name))
    for sha, size, name in given.values():
        row = Attachment(activity_id, sha, name, size, now, now, here, False)
        db.conn.execute(
            "INSERT INTO attachments (activity_id, sha256, name, size, added_at, changed_at, "
            "changed_by, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, 0) "
            "ON CONFLICT (activity_id, sha256) DO UPDATE SET name = excluded.name, "
            "changed_at = excluded.changed_at, changed_by = excluded.changed_by, deleted = 0",
            (activity_id, sha, name, size, now, now, here),
        )
        result.append(row)
    _touch(db.conn, activity_id, now)
    entries = [(activity_id, "attach", None, _shown(a)) for a in result]
    history.record(db.conn, entries, _staff(db), now, _unit(db))
    return result


def set_attachment_deleted(
    db: sqlite_utils.Database, activity_id: str, sha256: str, deleted: bool
) -> bool:
    """Move one attachment to the recycle bin (the file stays in the store) or back."""
    from core import activities

    now = _now()
    with activities.writing(db):
        changed = db.conn.execute(
            "UPDATE attachments SET deleted = ?, changed_at = ?, changed_by = ? "
            "WHERE activity_id = ? AND sha256 = ? AND deleted != ?",
            (int(deleted), now, identity.database_id(db), activity_id, sha256, int(deleted)),
        ).rowcount
        if changed:
            _touch(db.conn, activity_id, now)
            row = get_attachment(db, activity_id, sha256)
            action = "detach" if deleted else "attach"
            history.record(
                db.conn, [(activity_id, action, None, _shown(row))], _staff(db), now, _unit(db)
            )
    return bool(changed)


def get_attachment(db: sqlite_utils.Database, activity_id: str, sha256: str) -> Attachment:
    row = db.conn.execute(
        f"SELECT {_COLUMNS} FROM attachments WHERE activity_id = ? AND sha256 = ?",
        (activity_id, sha256),
    ).fetchone()
    if row is None:
        raise TaizhangError("attachment_missing", sha256=sha256)
    return _from_row(row)


def list_attachments(
    db: sqlite_utils.Database, activity_id: str, deleted: bool = False
) -> list[Attachment]:
    """A record's attachments (or those in the bin), in the order they were added."""
    rows = db.conn.execute(
        f"SELECT {_COLUMNS} FROM attachments WHERE activity_id = ? AND deleted = ? "
        "ORDER BY added_at, pinyin_key(name), sha256",
        (activity_id, int(deleted)),
    )
    return [_from_row(r) for r in rows]


def attachments_of(
    db: sqlite_utils.Database, activity_ids: Iterable[str]
) -> dict[str, list[Attachment]]:
    """The attachments (not in the bin) of many records at once, by record id."""
    ids = list(activity_ids)
    found: dict[str, list[Attachment]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in db.conn.execute(
            f"SELECT {_COLUMNS} FROM attachments WHERE deleted = 0 AND activity_id IN "
            f"({','.join('?' * len(chunk))}) ORDER BY added_at, pinyin_key(name), sha256",
            chunk,
        ):
            found.setdefault(row[0], []).append(_from_row(row))
    return found


def file_of(db: sqlite_utils.Database, attachment: Attachment) -> Path:
    """Where the attachment's content is (to open it with the system viewer, read-only)."""
    path = blob_path(store_dir(db), attachment.sha256)
    if not path.is_file():
        raise TaizhangError("attachment_file_missing", name=attachment.name, path=path)
    return path


# What a viewer would run rather than show: such files are never opened from the program
# (the folder is shown instead), whatever the system would do with them.
RUNNABLE = frozenset((
    "exe", "com", "bat", "cmd", "msi", "msp", "scr", "pif", "cpl", "ps1", "psm1", "vbs", "vbe",
    "js", "jse", "wsf", "wsh", "hta", "jar", "lnk", "url", "reg", "inf", "sh", "bash", "run",
    "bin", "desktop", "appimage", "deb", "rpm", "py", "pyw", "pl", "rb", "apk", "dll", "sys",
))  # fmt: skip


def may_open(attachment: Attachment) -> bool:
    """Whether the GUI may hand the file to the system viewer (documents, images; never
    anything runnable)."""
    suffix = attachment.name.rpartition(".")[2].lower() if "." in attachment.name else ""
    return bool(suffix) and suffix not in RUNNABLE


def copy_for_viewing(db: sqlite_utils.Database, attachment: Attachment, folder: Path) -> Path:
    """A read-only copy under its display name in ``folder`` (a temporary folder), for the
    system viewer: the store itself is never handed out, so a viewer cannot change it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / display_name(attachment.name)
    if target.exists():  # an earlier copy, read-only: replaced by a fresh one
        target.chmod(0o644)
        target.unlink()
    shutil.copyfile(file_of(db, attachment), target)
    target.chmod(0o444)
    return target


def all_rows(conn: sqlite3.Connection, activity_id: str) -> list[Attachment]:
    """Every attachment row of a record, in the bin or not (what a package carries)."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM attachments WHERE activity_id = ? ORDER BY sha256",
        (activity_id,),
    )
    return [_from_row(r) for r in rows]


def receive(conn: sqlite3.Connection, row: Attachment) -> str:
    """Merge one attachment row from a package; the later change wins.

    Returns ``"new"``, ``"updated"`` or ``"same"``. The caller holds the transaction and
    has put the file in the store already.
    """
    here = conn.execute(
        "SELECT changed_at, changed_by, deleted, name FROM attachments "
        "WHERE activity_id = ? AND sha256 = ?",
        (row.activity_id, row.sha256),
    ).fetchone()
    incoming = (row.changed_at, row.changed_by)
    if here is not None and (tuple(here[:2]) >= incoming):
        return "same"
    conn.execute(
        "INSERT INTO attachments (activity_id, sha256, name, size, added_at, changed_at, "
        "changed_by, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (activity_id, sha256) DO UPDATE SET name = excluded.name, "
        "changed_at = excluded.changed_at, changed_by = excluded.changed_by, "
        "deleted = excluded.deleted",
        (
            row.activity_id,
            row.sha256,
            display_name(row.name),
            row.size,
            row.added_at,
            row.changed_at,
            row.changed_by,
            int(row.deleted),
        ),
    )
    return "new" if here is None else "updated"


def _touch(conn: sqlite3.Connection, activity_id: str, now: str) -> None:
    touch.touch(conn, activity_id, now)


def _shown(a: Attachment) -> dict:
    return {"name": a.name, "sha256": a.sha256, "size": a.size}


def _staff(db: sqlite_utils.Database) -> str:
    return settings.get_setting(db, settings.STAFF)


def _unit(db: sqlite_utils.Database) -> str:
    return settings.get_setting(db, settings.UNIT)


_COLUMNS = "activity_id, sha256, name, size, added_at, changed_at, changed_by, deleted"


def _from_row(row: Sequence) -> Attachment:
    return Attachment(*row[:7], deleted=bool(row[7]))


# --- check, backups and restore ------------------------------------------------------


def _has_table(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'"
        ).fetchone()
        is not None
    )


def referenced(conn: sqlite3.Connection) -> dict[str, int]:
    """Every file the records point to (the bin's too: they can be restored), with its size.

    A row whose record is gone (an add undone by an earlier build left them) is no
    one's: never checked, never carried into a backup."""
    if not _has_table(conn):
        return {}
    return dict(
        conn.execute(
            "SELECT sha256, max(size) FROM attachments "
            "WHERE activity_id IN (SELECT id FROM activities) GROUP BY sha256"
        )
    )


def problems(db: sqlite_utils.Database) -> list:
    """A line (``messages.Both``) for each file the records point to that is missing or
    altered in the store, naming the file and a record it belongs to."""
    from core import messages

    store = store_dir(db)
    found = []
    for sha, size in referenced(db.conn).items():
        path = blob_path(store, sha)
        if not path.is_file():
            key = "attachment_check_missing"
        elif path.stat().st_size != size or file_sha256(path) != sha:
            key = "attachment_check_altered"
        else:
            continue
        name, title, date = _first_owner(db.conn, sha)
        found.append(
            messages.Both.of(key, name=name, title=title, date=date, sha256=sha[:12], path=path)
        )
    return found


def missing_files(db: sqlite_utils.Database) -> list:
    """A line (``messages.Both``) for each file the records point to that is not in the
    store, as ``problems`` says it, without reading any file: after a restore from a
    backup that lacked some (made half-way by an older version), what did not come back."""
    from core import messages

    store = store_dir(db)
    found = []
    for sha in referenced(db.conn):
        path = blob_path(store, sha)
        if not path.is_file():
            name, title, date = _first_owner(db.conn, sha)
            found.append(
                messages.Both.of(
                    "attachment_check_missing",
                    name=name,
                    title=title,
                    date=date,
                    sha256=sha[:12],
                    path=path,
                )  # fmt: skip
            )
    return found


def _first_owner(conn: sqlite3.Connection, sha: str) -> tuple[str, str, str]:
    row = conn.execute(
        "SELECT f.name, coalesce(a.title, ''), coalesce(a.date, '') FROM attachments f "
        "LEFT JOIN activities a ON a.id = f.activity_id WHERE f.sha256 = ? "
        "ORDER BY f.deleted, a.date LIMIT 1",
        (sha,),
    ).fetchone()
    return row if row else ("", "", "")


def copy_referenced(conn: sqlite3.Connection, source: Path, target: Path) -> int:
    """Copy into ``target`` every referenced file it lacks and ``source`` has whole;
    returns how many were copied. Files are content-addressed: one copy serves all."""
    try:
        return len(copy_referenced_files(conn, source, target))
    except OSError as error:
        raise _store_error(error) from error


def copy_referenced_files(
    conn: sqlite3.Connection, source: Path, target: Path, made: list[Path] | None = None
) -> list[Path]:
    """``copy_referenced``, returning the files it put into ``target``; each also goes into
    ``made`` as soon as it is there, so that a caller whose copy fails half-way can take
    back what it made (a backup is all or nothing). Raises ``OSError``."""
    made = [] if made is None else made
    clean_debris(target, shards=True)
    for sha, size in referenced(conn).items():
        there = blob_path(target, sha)
        if there.is_file() and there.stat().st_size == size:
            continue
        here = blob_path(source, sha)
        if not here.is_file():
            continue  # reported by check; a backup still takes what there is
        partial = there.with_name(f".{sha}.{secrets.token_hex(4)}.partial")
        try:
            there.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(here, partial)
            os.replace(partial, there)
        finally:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
        made.append(there)
    return made


def carry_into_backup(
    conn: sqlite3.Connection, db_path: str | Path, backup_file: Path, made: list[Path]
) -> list[Path]:
    """Into a backup being made (``conn``: the copy, not yet under its name): the files
    its records point to, into the store beside it; ``made`` gets each one copied.
    Raises ``OSError`` (the backup's caller says it of the backup)."""
    return copy_referenced_files(conn, store_dir_for(db_path), backup_store(backup_file), made)


def bring_back_from_backup(conn: sqlite3.Connection, db_path: str | Path, backup_file: Path) -> int:
    """After a restore: the files the restored records point to, back into our store."""
    return copy_referenced(conn, backup_store(backup_file), store_dir_for(db_path))

"""Automatic and manual backups with SQLite's backup API, kept as the years go by.

Backups go to ``backups/`` in the data folder, named after the database, the time,
the reason and the database's id: ``taizhang_20260403-171500_daily_1f3a…c2.db``. The
id in the name makes listing, pruning and offering a file's own backups cheap (no
backup is opened) and sure (two files both called ``taizhang.db`` never share
backups); the copy also holds the id in its ``settings`` row, and the path it was
taken from (``core/identity.py``). Each one is a checked, complete copy
(``db.copy_database``). After every backup this database's backups are pruned:
every backup of the last 24 hours stays, and the newest of each of the last 7 days,
8 weeks and 12 months. A backup dated in the future (a wrong clock) never counts as
the newest and is never pruned for it.

A copy of the file (a year-end archive, a colleague's try-out) carries the same id, so
the id alone does not say whose a backup is: a file's own backups are those of its id
taken from its path. Those of its id taken from another path (a copy's, or its own from
before it was moved) are listed apart (``other_files_backups``), never offered first and
never pruned by it: each may be the other file's last one. One that does not say its
path (an older version's) is listed as its own, and never pruned.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlite_utils

from core import attachments, file_kind, identity, outputs, settings
from core import db as database
from core.errors import TaizhangError
from core.paths import backups_dir

REASONS = {
    "daily": "每日自动",
    "manual": "手动",
    "migration": "升级前",
    "import": "导入前",
    "restore": "恢复前",
    "quit": "退出时",
    "damaged": "损坏的原文件",
    "exchange": "导入交换包前",
}
KEEP_DAYS, KEEP_WEEKS, KEEP_MONTHS = 7, 8, 12
_NAME = re.compile(
    r"^(?P<stem>.*)_(?P<time>\d{8}-\d{6})_(?P<reason>[a-z]+)(?:_(?P<owner>[0-9a-f]{12}))?\.db$"
)
_TIME = "%Y%m%d-%H%M%S"
# A file name may hold 255 bytes; the database's name is cut to leave room for the rest.
MAX_STEM_BYTES = 150
# What a killed backup leaves: ``.name.db.<pid>.partial`` (``db.copy_database``), and
# beside it the -wal and -shm SQLite made while it was checked; the folder check's probe.
_PARTIAL = re.compile(r"\..+\.db" + database.PARTIAL_PATTERN + "|" + database.PROBE_PATTERN)
STALE_PARTIAL_SECONDS = 3600
# A clock that runs a little fast is not a wrong clock.
FUTURE_SLACK = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Backup:
    path: Path
    stem: str
    taken: dt.datetime
    reason: str
    owner: str = ""  # the first digits of the database's id ('' in backups of old versions)
    # The file it was taken from, as it says inside ('' if it does not, or not read).
    taken_from: str = field(default="", compare=False)

    @property
    def reason_name(self) -> str:
        return REASONS.get(self.reason, self.reason)


def take_backup(
    db: sqlite_utils.Database,
    db_path: str | Path,
    reason: str,
    now: dt.datetime | None = None,
    folder: Path | None = None,
    prune_after: bool = True,
) -> Backup:
    """Back up the live database now, then prune the old backups of this database."""
    folder = _folder(folder)
    outputs.clean_stale(folder, _PARTIAL, STALE_PARTIAL_SECONDS)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    owner = identity.short(identity.ensure_database_id(db))
    stem = _stem_of(db_path)
    target = _free_name(folder, stem, now, reason, owner)
    # integrity_check grows faster than the file (12 s at 1M rows)
    copy_with_evidence(db, db_path, target, check="quick_check", mark=True)
    if prune_after:
        prune(folder, owner, now, db_path)
    return Backup(target, stem, now, reason, owner, os.path.realpath(db_path))


def copy_with_evidence(
    db: sqlite_utils.Database,
    db_path: str | Path,
    target: Path,
    *,
    check: str = "integrity_check",
    mark: bool = False,
) -> Path:
    """A checked copy of the live database at ``target`` with its evidence files in the
    store beside it, all or nothing: the copy takes its name only once every file it
    points to is there (``db.copy_database``: a temporary name, renamed last). Whatever
    stops it (a full disk half-way through the photos) leaves no ``target`` and takes
    back the files it copied, and says it of the backup (``backup_disk_full``, …).
    ``mark``: the copy records the file it is a backup of (the backups folder's)."""
    made: list[Path] = []

    def prepare(copy: sqlite3.Connection) -> None:
        if mark:
            identity.mark_as_backup(copy, db_path)
        # What the copy's records point to (not the live file's: one attached since
        # the copy was taken has no place in it).
        attachments.carry_into_backup(copy, db_path, target, made)

    try:
        return database.copy_database(db.conn, target, prepare=prepare, check=check)
    except BaseException:
        for path in made:  # no other backup points to them: they were not there before
            outputs.remove_quietly(path)
        raise


def _folder(folder: Path | None) -> Path:
    folder = folder or backups_dir()
    if folder.exists() and not folder.is_dir():
        raise TaizhangError("backups_not_folder", path=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise database._backup_error(error, folder / "x") from error
    return folder


def _stem_of(db_path: str | Path) -> str:
    """The database's name as it goes into a backup's name: cut to fit, no odd characters."""
    stem = "".join(c for c in Path(db_path).stem if c.isprintable() and c not in "\u202e\u202d")
    stem = stem or "taizhang"
    while len(stem.encode("utf-8", "surrogatepass")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    return stem


def _free_name(folder: Path, stem: str, now: dt.datetime, reason: str, owner: str) -> Path:
    when = now
    suffix = f"_{owner}" if owner else ""
    while True:  # two backups in one second: the second one a second later
        target = folder / f"{stem}_{when.strftime(_TIME)}_{reason}{suffix}.db"
        if not target.exists():
            return target
        when += dt.timedelta(seconds=1)


def _parsed(path: Path) -> Backup | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        taken = dt.datetime.strptime(match["time"], _TIME)
    except ValueError:
        return None
    return Backup(path, match["stem"], taken, match["reason"], match["owner"] or "")


def list_backups(
    source: sqlite_utils.Database | str | Path, folder: Path | None = None
) -> list[Backup]:
    """This database's own backups, newest first (any dated in the future last).

    ``source``: the open database, or the path of one (read without opening it for
    writing; a damaged file whose id cannot be read is found by the backups that say
    they were taken from its path).
    """
    folder = folder or backups_dir()
    if not folder.is_dir():
        return []
    path, owner = _path_and_id(source)
    if owner:
        found = [b for b in _of_id(folder, owner) if b.taken_from in ("", _resolved(path))]
    else:
        stem = _stem_of(path)
        found = [
            b for b in map(_with_source, _all(folder))
            if b.owner and b.stem == stem and b.taken_from == _resolved(path)
        ]  # fmt: skip
    return ordered(found)


def other_files_backups(
    source: sqlite_utils.Database | str | Path, folder: Path | None = None
) -> list[Backup]:
    """The backups of this database's id taken from another file: a copy of it (same id),
    or this file before it was moved; and those of the file it was copied from. Never this
    file's to prune or offer first; each ``taken_from`` says which file it was, and any may
    still be restored by name."""
    folder = folder or backups_dir()
    if not folder.is_dir():
        return []
    path, owner = _path_and_id(source)
    if not owner:
        return []
    here = _resolved(path)
    found = [b for b in _of_id(folder, owner) if b.taken_from not in ("", here)]
    # A copy that took an id of its own (core/identity.py): the backups of the file it was
    # copied from, as that file's.
    for before in _copied_from(source):
        found += _of_id(folder, before)
    return ordered(found)


def _copied_from(source: sqlite_utils.Database | str | Path) -> list[str]:
    if isinstance(source, sqlite_utils.Database):
        return identity.copied_from(source)
    return identity.copied_from_file(source)


def _path_and_id(source: sqlite_utils.Database | str | Path) -> tuple[Path, str]:
    if isinstance(source, sqlite_utils.Database):
        return attachments.database_file(source.conn), identity.database_id(source)
    path = Path(source)
    return path, identity.read_from_file(path)[0] if path.is_file() else ""


def _resolved(path: str | Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _all(folder: Path) -> list[Backup]:
    return [b for b in map(_parsed, folder.glob("*.db")) if b is not None]


def _of_id(folder: Path, owner: str) -> list[Backup]:
    """The backups of the id ``owner`` (by their names), each with the file it says it
    was taken from (read inside: a few dozen small reads)."""
    short = identity.short(owner)
    return [_with_source(b) for b in _all(folder) if b.owner == short]


# The file each backup says it was taken from, by its path, size and time: a backup is
# never written once made, so it is read once per process (a listing opens none again).
_SOURCES: dict[tuple[str, int, int], str] = {}


def _with_source(backup: Backup) -> Backup:
    try:
        stat = backup.path.stat()
    except OSError:
        return backup
    key = (str(backup.path), stat.st_size, stat.st_mtime_ns)
    if key not in _SOURCES:
        said = identity.read_from_file(backup.path)[1]
        if not said:  # an older version's, or unreadable a moment: read again next time
            return backup
        _SOURCES[key] = _resolved(said)
    return replace(backup, taken_from=_SOURCES[key])


def unnumbered_backups(db_path: str | Path, folder: Path | None = None) -> list[Backup]:
    """The backups in the folder that carry this database's name but no id: those the
    old version made (its names had none), newest first.

    Whose they are cannot be told from the name (another PC's ``taizhang.db`` has the
    same), so they are never offered as this database's, never pruned, and restored
    only when someone names one (``restore 备份文件``).
    """
    folder = folder or backups_dir()
    if not folder.is_dir():
        return []
    names = {Path(db_path).stem, _stem_of(db_path)}  # the old version did not cut names
    found = [
        b for b in map(_parsed, folder.glob("*.db"))
        if b is not None and not b.owner and b.stem in names
    ]  # fmt: skip
    return ordered(found)


def ordered(found: list[Backup], now: dt.datetime | None = None) -> list[Backup]:
    """Newest first; those dated in the future (a wrong clock) after every real one."""
    limit = (now or dt.datetime.now()) + FUTURE_SLACK
    return sorted(found, key=lambda b: (b.taken > limit, -b.taken.timestamp()))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def backup_if_due(
    db: sqlite_utils.Database,
    db_path: str | Path,
    now: dt.datetime | None = None,
    folder: Path | None = None,
) -> Backup | None:
    """The daily backup at start: taken when the newest real backup is older than a day.

    One dated in the future (a clock that was wrong) does not count.
    """
    now = now or dt.datetime.now()
    real = [b for b in list_backups(db, folder) if b.taken <= now + FUTURE_SLACK]
    newest = max(real, key=lambda b: b.taken, default=None)
    if newest is not None and now - newest.taken < dt.timedelta(days=1):
        return None
    return backup_if_changed(db, db_path, "daily", now, folder)


def backup_if_changed(
    db: sqlite_utils.Database,
    db_path: str | Path,
    reason: str,
    now: dt.datetime | None = None,
    folder: Path | None = None,
) -> Backup | None:
    """``take_backup``, unless the newest backup of this database already holds the data
    as it is (None then): the quit and daily backups. At a million records each takes
    9–15 s, and an identical one would push an older, different backup out of the kept
    set. Whether anything changed is told by the change mark (``db.CHANGE_MARK``), which
    every change writes, by any program, in its own transaction."""
    if unchanged_since_newest_backup(db, folder, now):
        return None
    return take_backup(db, db_path, reason, now, folder)


def unchanged_since_newest_backup(
    db: sqlite_utils.Database, folder: Path | None = None, now: dt.datetime | None = None
) -> bool:
    """Whether the newest backup of this database (its id, taken from its path: not a
    copy's) holds the change mark the file has now. A file without a mark (an older
    version's, not changed since), a backup whose mark cannot be read (damaged since it
    was checked), or a copy set aside (before an upgrade, a damaged file) say no; one
    dated in the future (a wrong clock) is never the newest."""
    mark = _marks(db.conn)
    if not mark[0]:
        return False
    now = now or dt.datetime.now()
    for backup in list_backups(db, folder):
        if backup.reason in SET_ASIDE or backup.taken > now + FUTURE_SLACK:
            continue
        return _marks_of(backup.path) == mark
    return False


def _marks(conn: sqlite3.Connection) -> tuple:
    """The change mark, and beside it what a write of records by a program that writes no
    mark (a Taizhang from before it) still moves: the newest record stamp
    (``core/touch.py``) and the last history entry. Two reads of an index's end."""
    try:
        touched = conn.execute("SELECT max(touched_at) FROM activities").fetchone()[0]
        history = conn.execute("SELECT max(id) FROM activity_history").fetchone()[0]
    except sqlite3.Error:
        return ("",)
    return database.change_mark(conn), touched, history


def _marks_of(path: Path) -> tuple:
    try:
        conn = database.open_snapshot(path)
    except TaizhangError:
        return ("",)
    try:
        return _marks(conn)
    finally:
        conn.close()


# Kept a year whatever comes after them, and taking no period's place: the copy from
# before an upgrade (the way back for a PC still on the old version) and a damaged file
# moved aside (it may hold what no backup has).
SET_ASIDE = ("migration", "damaged")
SET_ASIDE_DAYS = 366


def kept(backups: list[Backup], now: dt.datetime) -> set[Path]:
    """Those of the last 24 hours, and the newest of each of the last 7 days, 8 ISO weeks
    and 12 months; those set aside (``SET_ASIDE``) for a year. Those dated in the future
    are kept, and take no period's place."""
    limit = now + FUTURE_SLACK
    future = {b.path for b in backups if b.taken > limit}
    aside = {
        b.path
        for b in backups
        if b.reason in SET_ASIDE and now - b.taken < dt.timedelta(days=SET_ASIDE_DAYS)
    }
    real = [b for b in backups if b.taken <= limit and b.reason not in SET_ASIDE]
    newest_first = sorted(real, key=lambda b: b.taken, reverse=True)
    keep = {b.path for b in real if now - b.taken < dt.timedelta(hours=24)} | future
    periods = (
        (lambda b: b.taken.date(), KEEP_DAYS),
        (lambda b: b.taken.isocalendar()[:2], KEEP_WEEKS),
        (lambda b: (b.taken.year, b.taken.month), KEEP_MONTHS),
    )
    for period_of, count in periods:
        seen: set = set()
        for backup in newest_first:
            period = period_of(backup)
            if period in seen:
                continue
            if len(seen) == count:
                break
            seen.add(period)
            keep.add(backup.path)
    return keep | aside


def prune(folder: Path, owner: str, now: dt.datetime | None, db_path: str | Path) -> list[Path]:
    """Delete the backups of the database ``owner`` (its id, or the id's first digits)
    taken from the file ``db_path`` that ``kept`` does not keep; returns them. Nobody
    else's backup is touched: not those of a copy of the file (the same id), nor of the
    file before it was moved, nor one that does not say which file it was taken from."""
    here = _resolved(db_path)
    backups = [b for b in _of_id(folder, owner) if b.taken_from == here]
    keep = kept(backups, now or dt.datetime.now())
    removed = []
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink(missing_ok=True)
            except OSError:
                continue  # in use (being restored from, on Windows): next time
            removed.append(backup.path)
    return removed


def check_backup(path: Path) -> None:
    """Raise unless ``path`` is a whole Taizhang database this program can open."""
    with readable(path) as conn:
        _check_open_backup(conn, path)


def _check_open_backup(conn: sqlite3.Connection, path: Path) -> None:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            raise _not_a_database(path, error) from error
        raise TaizhangError("backup_not_ours", path=path, reason=error) from error
    if rows != ["ok"]:
        raise TaizhangError("backup_not_ours", path=path, reason="; ".join(rows[:3]))
    if not 1 <= version <= database.SCHEMA_VERSION or "activities" not in tables:
        raise TaizhangError("backup_not_ours", path=path, reason=f"schema {version}")


def _holds_changes(wal: Path) -> bool:
    try:
        return wal.is_file() and wal.stat().st_size > 0
    except OSError:  # a name too long to be there (a backup named 252 bytes or more)
        return False


def _not_a_database(path: Path, error: sqlite3.Error) -> TaizhangError:
    """A file chosen to restore from that is no database: said as what it is (a workbook,
    an exchange package), SQLite's words in the English half only."""
    if file_kind.is_package(path):
        return TaizhangError("backup_is_package", path=path)
    kind = file_kind.kind_of(path)
    if kind is not None:
        return TaizhangError("backup_is_other_kind", path=path, kind=kind)
    return TaizhangError("backup_not_database", path=path, reason=error)


@contextlib.contextmanager
def readable(path: Path) -> Iterator[sqlite3.Connection]:
    """A backup to read. A ``-wal`` copied beside it holds its last changes: they are
    merged into a private copy first (the backup itself is never written)."""
    path = Path(path)
    wal = Path(f"{path}-wal")
    if not _holds_changes(wal):
        try:
            conn = database.open_snapshot(path)
        except TaizhangError as error:
            raise TaizhangError("backup_not_ours", path=path, reason=error) from error
        try:
            yield conn
        finally:
            conn.close()
        return
    with tempfile.TemporaryDirectory(prefix="taizhang-restore-") as work:
        copy = Path(work) / "backup.db"
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, Path(f"{copy}-wal"))
        except OSError as error:
            raise TaizhangError("backup_not_ours", path=path, reason=error) from error
        conn = database.open_copy(copy)
        try:
            yield conn
        finally:
            conn.close()


def newest_good(
    source: sqlite_utils.Database | str | Path, folder: Path | None = None
) -> Backup | None:
    """The newest backup of this database that passes ``check_backup``."""
    for backup in list_backups(source, folder):
        try:
            check_backup(backup.path)
        except TaizhangError:
            continue
        return backup
    return None


def restore(
    db: sqlite_utils.Database,
    db_path: str | Path,
    backup_path: Path,
    now: dt.datetime | None = None,
    folder: Path | None = None,
) -> Backup:
    """Replace the live data with a backup, after backing up the data as it is now.

    The backup is copied into the live database through SQLite (one transaction),
    never by renaming files. The file keeps its own id, so its backups stay its own.
    Returns the backup of the data before the restore. Reopen the database afterwards:
    an older backup is upgraded on opening.
    """
    check_backup(backup_path)
    own_id = identity.ensure_database_id(db)
    own_home = settings.get_setting(db, identity.HOME)
    taken: list[Backup] = []

    def back_up_what_is_replaced() -> None:
        # Read through a connection of its own, while the restore holds the write lock:
        # what another program committed a moment ago is in it (taken before waiting for
        # the lock, it was in neither file).
        reader = database.open_database(db_path, check=False)
        try:
            taken.append(take_backup(reader, db_path, "restore", now, folder, prune_after=False))
        finally:
            reader.close()

    # Everything that can fail comes before the one transaction that replaces the data:
    # the evidence files first (a file in the store no record points to is harmless), then
    # a copy of the backup given this file's id. Once the data is replaced nothing is left
    # to do that a full disk or a kill could leave half done.
    restoring = Path(db_path).with_name(f".taizhang-{os.getpid()}.restoring")
    try:
        with readable(backup_path) as source:
            attachments.copy_referenced(
                source, attachments.backup_store(backup_path), attachments.store_dir_for(db_path)
            )
            database.copy_database(
                source,
                restoring,
                prepare=lambda copy: identity.adopt_as(copy, own_id, own_home),
                check="quick_check",
            )
        replacing = database.open_snapshot(restoring)
        try:
            database.copy_into(replacing, db, back_up_what_is_replaced)
        finally:
            replacing.close()
    finally:
        with contextlib.suppress(OSError):
            restoring.unlink(missing_ok=True)
    saved = taken[0]
    with contextlib.suppress(OSError):  # the data is restored: pruning can wait till next time
        prune(_folder(folder), saved.owner, saved.taken, db_path)
    return saved


# Windows' answers when a file is open in another program: access denied (a replace),
# sharing violation (a delete), lock violation.
_IN_USE = (5, 32, 33)


def restore_over_damaged(
    db_path: str | Path,
    backup_path: Path,
    now: dt.datetime | None = None,
    folder: Path | None = None,
) -> Backup:
    """Restore a database that cannot be opened because it is damaged (or missing).

    The damaged file is not open (it was refused), so it is moved aside whole, into
    the backups folder as ``…_damaged.db``, and the backup copied into its place. A
    link is followed: the file it points to is restored, the link stays a link.
    """
    db_path = Path(os.path.realpath(db_path))
    file_kind.refuse_to_replace(db_path)  # a workbook named by mistake is not damaged
    check_backup(backup_path)
    folder = _folder(folder)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    owner, _ = identity.read_from_file(backup_path)
    aside = _free_name(folder, _stem_of(db_path), now, "damaged", identity.short(owner))
    restoring = db_path.with_name(f".taizhang-{os.getpid()}.restoring")
    with readable(backup_path) as source:
        fresh = database.copy_database(
            source,
            restoring,
            prepare=lambda copy: identity.restored_at(copy, db_path),
            check="quick_check",
        )
    try:
        if db_path.exists():
            shutil.copy2(db_path, aside)
        wal = Path(f"{db_path}-wal")
        if wal.exists():  # it may hold the last changes: kept with the damaged file
            shutil.copy2(wal, Path(f"{aside}-wal"))
    except OSError as error:
        restoring.unlink(missing_ok=True)
        raise database._backup_error(error, aside) from error
    try:
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        fresh.replace(db_path)
    except OSError as error:
        restoring.unlink(missing_ok=True)
        if getattr(error, "winerror", None) in _IN_USE:
            # Windows: another program has the file open (a file open elsewhere cannot be
            # deleted or replaced there). The -wal goes first, so the file is as it was.
            raise TaizhangError("restore_while_open", path=db_path) from error
        raise database._backup_error(error, aside) from error
    restored = database.open_snapshot(db_path)
    try:
        attachments.bring_back_from_backup(restored, db_path, backup_path)
    finally:
        restored.close()
    return Backup(aside, _stem_of(db_path), now, "damaged", identity.short(owner))

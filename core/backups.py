"""Automatic and manual backups with SQLite's backup API, kept as the years go by.

Backups go to ``backups/`` in the data folder, named after the database and the
time: ``taizhang_20260403-171500_daily.db``. Each one is a checked, complete copy
(``db.copy_database``). After every backup the folder is pruned: every backup of
the last 24 hours stays (a morning's backup before an import must not vanish at
noon), and the newest backup of each of the last 7 days, 8 weeks and 12 months.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from core import attachments
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
_NAME = re.compile(r"^(?P<stem>.+)_(?P<time>\d{8}-\d{6})_(?P<reason>[a-z]+)\.db$")
_TIME = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    path: Path
    stem: str
    taken: dt.datetime
    reason: str

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
    folder = folder or backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    stem = Path(db_path).stem
    target = _free_name(folder, stem, now, reason)
    database.copy_database(db.conn, target)
    attachments.carry_into_backup(db.conn, db_path, target)
    if prune_after:
        prune(folder, stem, now)
    return Backup(target, stem, now, reason)


def _free_name(folder: Path, stem: str, now: dt.datetime, reason: str) -> Path:
    when = now
    while True:  # two backups in one second: the second one a second later
        target = folder / f"{stem}_{when.strftime(_TIME)}_{reason}.db"
        if not target.exists():
            return target
        when += dt.timedelta(seconds=1)


def list_backups(db_path: str | Path, folder: Path | None = None) -> list[Backup]:
    """This database's backups, newest first."""
    folder = folder or backups_dir()
    stem = Path(db_path).stem
    found = []
    for path in folder.glob(f"{glob_escape(stem)}_*.db") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match and match["stem"] == stem:
            taken = dt.datetime.strptime(match["time"], _TIME)
            found.append(Backup(path, stem, taken, match["reason"]))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def backup_if_due(
    db: sqlite_utils.Database,
    db_path: str | Path,
    now: dt.datetime | None = None,
    folder: Path | None = None,
) -> Backup | None:
    """The daily backup at start: taken when the newest backup is older than a day."""
    now = now or dt.datetime.now()
    newest = next(iter(list_backups(db_path, folder)), None)
    if newest is not None and now - newest.taken < dt.timedelta(days=1):
        return None
    return take_backup(db, db_path, "daily", now, folder)


def kept(backups: list[Backup], now: dt.datetime) -> set[Path]:
    """Those of the last 24 hours, and the newest of each of the last 7 days, 8 ISO weeks
    and 12 months."""
    newest_first = sorted(backups, key=lambda b: b.taken, reverse=True)
    keep = {b.path for b in backups if now - b.taken < dt.timedelta(hours=24)}
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
    return keep


def prune(folder: Path, stem: str, now: dt.datetime | None = None) -> list[Path]:
    """Delete the backups of ``stem`` that ``kept`` does not keep; returns them."""
    backups = list_backups(folder / f"{stem}.db", folder)
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
    try:
        conn = database.open_snapshot(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except (sqlite3.DatabaseError, TaizhangError) as error:
        raise TaizhangError("backup_not_ours", path=path, reason=error) from error
    if rows != ["ok"]:
        raise TaizhangError("backup_not_ours", path=path, reason="; ".join(rows[:3]))
    if not 1 <= version <= database.SCHEMA_VERSION or "activities" not in tables:
        raise TaizhangError("backup_not_ours", path=path, reason=f"schema {version}")


def newest_good(db_path: str | Path, folder: Path | None = None) -> Backup | None:
    """The newest backup of this database that passes ``check_backup``."""
    for backup in list_backups(db_path, folder):
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
    never by renaming files. Returns the backup of the data before the restore.
    Reopen the database afterwards: an older backup is upgraded on opening.
    """
    check_backup(backup_path)
    saved = take_backup(db, db_path, "restore", now, folder, prune_after=False)
    source = database.open_snapshot(backup_path)
    try:
        database.copy_into(source, db)
    finally:
        source.close()
    attachments.bring_back_from_backup(db.conn, db_path, backup_path)
    prune(folder or backups_dir(), saved.stem, saved.taken)
    return saved


def restore_over_damaged(
    db_path: str | Path,
    backup_path: Path,
    now: dt.datetime | None = None,
    folder: Path | None = None,
) -> Backup:
    """Restore a database that cannot be opened because it is damaged.

    The damaged file is not open (it was refused), so it is moved aside whole, into
    the backups folder as ``…_damaged.db``, and the backup copied into its place.
    """
    db_path = Path(db_path)
    check_backup(backup_path)
    folder = folder or backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    aside = _free_name(folder, db_path.stem, now, "damaged")
    source = database.open_snapshot(backup_path)
    try:
        fresh = database.copy_database(source, db_path.with_name(f".{db_path.name}.restoring"))
    finally:
        source.close()
    shutil.copy2(db_path, aside)
    wal = Path(f"{db_path}-wal")
    if wal.exists():  # it may hold the last changes: kept with the damaged file
        shutil.copy2(wal, Path(f"{aside}-wal"))
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    fresh.replace(db_path)
    restored = database.open_snapshot(db_path)
    try:
        attachments.bring_back_from_backup(restored, db_path, backup_path)
    finally:
        restored.close()
    return Backup(aside, db_path.stem, now, "damaged")

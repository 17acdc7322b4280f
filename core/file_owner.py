"""Whose data a file holds: before a restore replaces this database with a chosen file.

The backup list offers only this database's own backups (each one carries its id), but
any Taizhang file can be chosen by hand (其他备份文件…, ``restore FILE``): a township's
file copied onto the same stick, another office's backup. Replacing the county's data
with it is the one restore that must be asked about, naming both units and their
records. A file whose id is the same is a backup of this database, whatever its unit
says; a file of an old version has no id, and then the units are compared.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from core import identity, messages, settings
from core.errors import TaizhangError


@dataclass(frozen=True)
class Owner:
    database_id: str  # '' when the file has none (an old version's) or it cannot be read
    unit: str  # 填报单位; '' when not set
    records: int | None  # records not in the recycle bin; None when they cannot be counted


def owner_of(db: sqlite_utils.Database) -> Owner:
    """The open database's."""
    return _read(db.conn)


def owner_of_file(path: str | Path) -> Owner | None:
    """A file not open here (a backup, a damaged database); None if it cannot be read."""
    from core import backups

    try:
        with backups.readable(Path(path)) as conn:
            return _read(conn)
    except (TaizhangError, sqlite3.Error, OSError):
        return None


def _read(conn: sqlite3.Connection) -> Owner:
    try:
        found = dict(
            conn.execute(
                "SELECT key, value FROM settings WHERE key IN (?, ?)",
                (identity.KEY, settings.UNIT),
            )
        )
    except sqlite3.Error:
        found = {}
    return Owner(
        found.get(identity.KEY, ""), (found.get(settings.UNIT) or "").strip(), _count(conn)
    )


def _count(conn: sqlite3.Connection) -> int | None:
    try:
        return conn.execute("SELECT count(*) FROM activities WHERE deleted = 0").fetchone()[0]
    except sqlite3.Error:
        try:  # a file of a version before the recycle bin
            return conn.execute("SELECT count(*) FROM activities").fetchone()[0]
        except sqlite3.Error:
            return None


def belongs_elsewhere(current: Owner | None, chosen: Owner | None) -> bool:
    """Whether ``chosen`` is another database's than ``current``: their ids differ, or,
    when one has no id, their units do. What cannot be read is not taken for another's."""
    if current is None or chosen is None:
        return False
    if current.database_id and chosen.database_id:
        return current.database_id != chosen.database_id
    return bool(current.unit and chosen.unit and current.unit != chosen.unit)


def ask_before_restoring(current: Owner | None, chosen: Owner | None) -> bool:
    """Whether restoring ``chosen`` over ``current`` must be asked about (the window) or
    refused without ``--yes`` (the command line): another database's file over one that
    holds records. A new, empty database (a new PC's, about to take its old file) loses
    nothing and is not asked about."""
    if current is not None and current.records == 0:
        return False
    return belongs_elsewhere(current, chosen)


def warning(current: Owner, chosen: Owner) -> messages.Both:
    """“所选文件属于“某某镇”（1,204 条记录），当前数据库属于“县科技局”（657 条记录）。恢复将用它
    替换当前全部数据” — in both languages, for a question (GUI) or a refusal (CLI)."""
    if chosen.unit and chosen.unit == current.unit:
        key = "restore_other_database_same_unit"
    else:
        key = "restore_other_database"
    return messages.Both.of(
        key,
        their_unit=_unit(chosen),
        their_records=_records(chosen),
        our_unit=_unit(current),
        our_records=_records(current),
    )


def _unit(owner: Owner) -> messages.Both:
    if owner.unit:
        return messages.Both(f"“{owner.unit}”", f"'{owner.unit}'")
    return messages.Both("未填写填报单位的单位", "a unit with no name set")


def _records(owner: Owner) -> messages.Both:
    if owner.records is None:
        return messages.Both.of("owner_records_unreadable")
    return messages.Both.of("owner_records", count=f"{owner.records:,}")

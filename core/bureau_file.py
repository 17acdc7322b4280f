"""What opening a bureau's file means: the one opener the command line and the window call.

``core/db.py`` is storage (connect, PRAGMAs, schema, migrations). Here, one floor up
(Anki's ``Collection``): where the file may live, who may create it, a backup before
an upgrade, the default template in a new file, and the file's identity.

- Only a caller that adds data (``create=True``: the window's 新建数据库 and first
  start, ``add``, ``import``, ``settings``, ``restore``) may create a file; a mistyped
  path is otherwise ``db_missing``.
- A 0-byte file, or one whose header is gone but which is ours (a backup of ours
  points to it, or it is the default file), is ``db_damaged``: restorable, never
  re-seeded as new.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import sqlite_utils

from core import backups, file_in_use, identity, indicators, location, messages, outputs, template
from core import db as database
from core.errors import TaizhangError
from core.paths import default_db_path

# A database being created, or a backup being put in place of a damaged file (or copied
# before it replaces the data: its copy is first ``..taizhang-<pid>.restoring.<pid>.partial``),
# each with what SQLite makes beside it (a -journal, -wal, -shm).
_OUR_TEMPORARIES = re.compile(
    r"\.taizhang-\d+(?:-[0-9a-f]{8}\.creating|\.restoring)"
    + database.COMPANIONS
    + r"|\.\.taizhang-\d+\.restoring"
    + database.PARTIAL_PATTERN
    + "|"
    + database.PROBE_PATTERN
)


def open_bureau(
    path: str | Path, *, create: bool = False, read_only: bool = False, check: bool = True
) -> sqlite_utils.Database:
    """Open the bureau's database at ``path`` (``create``: make it if it is missing).

    ``read_only`` looks at a file (a damaged one) without writing anything to it.
    ``check=False``: see ``db.open_database`` (the window checks on its worker).
    """
    path = Path(path)
    if len(os.fsencode(path.name)) > database.MAX_NAME_BYTES:  # no such file can be there
        database.check_name_fits(path)
    if path.is_dir():  # `--db 台账文件夹`: said so, not "does not exist" or an errno
        raise TaizhangError("db_is_folder", path=path)
    if read_only:
        return database.open_database(path, read_only=True)
    if path.parent.is_dir():
        outputs.clean_stale(path.parent, _OUR_TEMPORARIES)
    made_here = False  # the file is the one this call made (not another program's)
    if not path.exists():
        if not create:
            raise TaizhangError("db_missing", path=path)
        made_here = _create(path)
    location.check_live_database_location(path)
    if path.is_file() and path.stat().st_size == 0:
        raise TaizhangError("db_damaged", path=path, details=messages.Both.of("db_empty_file"))
    try:
        db = database.open_database(path, check=check)
    except TaizhangError as error:
        raise _damaged_if_ours(error, path) from error
    db.made_here = made_here
    try:
        _prepare(db, path)
    except BaseException:
        db.close()
        raise
    return db


def can_be_looked_at(path: str | Path) -> bool:
    """Whether a damaged file can be opened read-only at all: it has bytes, and the tables
    the window reads first (the template, the records) answer. Else 只读打开 is not
    offered (it could only fail: a 0-byte file, a header gone)."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        db = database.open_database(path, read_only=True)
    except (OSError, TaizhangError, sqlite3.Error):
        return False
    try:
        template.load_template(db)
        db.execute("SELECT id FROM activities LIMIT 1").fetchall()
    except sqlite3.Error:
        return False
    finally:
        db.close()
    return True


def _create(path: Path) -> bool:
    if not path.parent.is_dir():
        raise TaizhangError("export_folder_missing", path=path.parent)
    database.check_name_fits(path)  # before anything is made
    location.check_live_database_location(path)

    def seed(db: sqlite_utils.Database) -> None:
        template.seed_default_template(db)
        indicators.seed_default_indicators(db)
        identity.ensure_database_id(db)
        identity.record_home(db, path)

    return database.create_database(path, seed)


def _prepare(db: sqlite_utils.Database, path: Path) -> None:
    """An older file: it gets an id, then a backup, then the upgrade. A copy: a new id."""
    if database.needs_upgrade(db):
        _refuse_an_upgrade_under_another(path, database.schema_version(db))
    if not identity.database_id(db):
        identity.ensure_database_id(db)
        # In the file itself, not only its -wal: a copy of the .db alone has it too.
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # A copy of another file takes an id of its own before anything is written to it.
    db.home_settled = identity.settle_home(db, path)
    if database.needs_upgrade(db):
        found = database.schema_version(db)
        saved = backups.take_backup(db, path, "migration")
        database.migrate(db)
        # Said by the command line: an older program cannot open the file any more.
        db.upgraded = (found, database.SCHEMA_VERSION, saved.path)


def _refuse_an_upgrade_under_another(path: Path, found: int) -> None:
    """An older Taizhang with the file open could not save once it is upgraded: nothing is
    written to it (reading too would need the upgrade) until that one is closed."""
    if file_in_use.held_by_an_old_window(path):
        raise TaizhangError("db_old_open_in_old_window", path=path, found=found)
    if file_in_use.held_by_another_process(path):
        raise TaizhangError("db_old_open_elsewhere", path=path, found=found)


def _damaged_if_ours(error: TaizhangError, path: Path) -> TaizhangError:
    """A file that is not (or no longer) an SQLite database, but ours: damaged."""
    if error.key != "db_not_database" or not is_ours(path):
        return error
    return TaizhangError("db_damaged", path=path, details=messages.Both.of("db_unreadable_header"))


def is_ours(path: Path) -> bool:
    """Ours by name and place (the default file), or a backup of ours points to it."""
    if _same(path, default_db_path()):
        return True
    return bool(backups.list_backups(path))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False

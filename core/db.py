"""The one way to open a Taizhang database: PRAGMAs, schema version, migrations.

Every connection to a database file is made here. The schema is owned by this
module: each change is a numbered migration in ``MIGRATIONS`` that upgrades an
older file in place and bumps ``PRAGMA user_version``.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import re
import secrets
import shutil
import sqlite3
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

from core import collation, messages, outputs, slice_mover
from core.errors import TaizhangError

BUSY_TIMEOUT_MS = 5000
# Closing waits at most this long for a reader of another process before it gives up
# merging the -wal into the file (the next close merges it).
CLOSE_CHECKPOINT_TIMEOUT_MS = 1000


class Database(sqlite_utils.Database):
    """A sqlite-utils database whose ``close`` leaves the ``.db`` file whole on its own.

    WAL keeps recent changes in ``name.db-wal`` until a checkpoint copies them into the
    file. Closing merges them (``wal_checkpoint(TRUNCATE)``), so a copy of the ``.db``
    alone holds everything; every live database still open when the process ends is
    closed the same way (``atexit``).
    """

    live = False  # a writable connection to a live file (not a snapshot)

    def close(self) -> None:
        conn = self.conn
        if self.live:
            self.live = False
            _checkpoint_on_close(conn)
        conn.close()


def _checkpoint_on_close(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.rollback()  # a transaction cut short (an error on the way out) is not kept
        conn.execute(f"PRAGMA busy_timeout = {CLOSE_CHECKPOINT_TIMEOUT_MS}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass  # read-only folder, closed already, another reader: SQLite merges it later


_live: weakref.WeakSet[Database] = weakref.WeakSet()


@atexit.register
def close_all() -> None:
    """Close every live database still open: the process is ending (any exit path)."""
    for db in list(_live):
        with contextlib.suppress(Exception):
            db.close()


def _path_of(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row else ""


def wal_pages_not_in_file(db: sqlite_utils.Database) -> int:
    """Merge what the -wal holds into the file now; the pages that could not be merged.

    A window open on the file may be reading an older state; its pages stay in the
    -wal until it closes, and a copy of the ``.db`` alone would miss them.
    """
    _busy, in_log, merged = db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return max(in_log - merged, 0)  # in_log is -1 when the file is not in WAL mode


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One write transaction, the only way the program changes a file.

    ``BEGIN IMMEDIATE`` takes the write lock first, so another writer makes it wait
    (the busy timeout), never fail: a plain ``BEGIN`` reads first, and SQLite refuses
    the later upgrade to writing at once. Nested, it is a savepoint.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield
        return
    _refuse_a_lost_wal(db)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            rows, schema = conn.total_changes, _schema_cookie(conn)
            yield
            if conn.total_changes != rows or _schema_cookie(conn) != schema:
                _mark_change(conn)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        # What was written, counted: a command cancelled (Ctrl+C) says whether it wrote.
        db.commits = getattr(db, "commits", 0) + 1
        if getattr(db, "live", False) and db.wal_identity is None:
            db.wal_identity = _wal_identity(_path_of(conn))  # made by this first write
    except sqlite3.OperationalError as error:
        if "readonly" in str(error).replace(" ", ""):
            raise TaizhangError("db_file_read_only", path=_path_of(conn)) from error
        raise


# The change mark: a new random value in ``settings``, written in the same transaction as
# every change of the file's rows or schema (``transaction``, the one place that changes
# data, whichever program — the window, the command line — makes it). Equal marks mean
# the same data: a backup holds the mark of the data it copied (``core/backups.py``: no
# quit or daily backup of a file as its newest backup already holds it). Random, not a
# counter: after a restore of an older backup, a counter could reach the newest backup's
# number again with other data in it.
CHANGE_MARK = "change_mark"


def _schema_cookie(conn: sqlite3.Connection) -> int:
    """SQLite's own count of the schema's changes (a table, an index made or dropped)."""
    return conn.execute("PRAGMA schema_version").fetchone()[0]


def _mark_change(conn: sqlite3.Connection) -> None:
    try:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (CHANGE_MARK, secrets.token_hex(8)),
        )
    except sqlite3.OperationalError as error:
        if "no such table" not in str(error):  # not a bureau's file (none of ours is)
            raise


def change_mark(conn: sqlite3.Connection) -> str:
    """The file's change mark ('' in a file not changed since it had one: an older
    version's, or one unreadable)."""
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (CHANGE_MARK,)).fetchone()
    except sqlite3.Error:
        return ""
    return row[0] if row else ""


# SQLite's own locks on a database file (its unix VFS): every connection holds a read
# lock on these bytes while it has the file open in WAL mode.
_SHARED_FIRST, _SHARED_SIZE = 0x40000002, 510


def open_elsewhere(path: str | Path) -> bool:
    """Whether another process has the database open (a window, another command), by
    SQLite's shared lock on it. Linux and other POSIX systems only; False elsewhere.

    Ask it before this process opens the file: closing the descriptor used here would
    drop this process's own locks on it.
    """
    try:
        import fcntl
        import struct
    except ImportError:  # Windows: its locks cannot be asked this way
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        query = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, _SHARED_FIRST, _SHARED_SIZE, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        return struct.unpack("hhqqi", answer)[0] != fcntl.F_UNLCK
    except OSError:
        return False
    finally:
        os.close(fd)


def _wal_identity(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(f"{path}-wal")
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def _refuse_a_lost_wal(db: sqlite_utils.Database) -> None:
    """Write nothing into a ``-wal`` that is no longer the file's.

    On Linux a process's locks on a file go with the first descriptor of it closed,
    whoever opened it (a file dialog reading it for an icon did). The next program to
    close the database then deletes the ``-wal`` this connection still writes into:
    what it wrote would be seen by no one until it closed, and lost to a second writer.
    """
    known = getattr(db, "wal_identity", None)
    if known is None:  # not a live file, or no -wal yet: nothing to lose
        return
    path = _path_of(db.conn)
    if _wal_identity(path) != known:
        raise TaizhangError("db_wal_lost", path=path)


@contextlib.contextmanager
def reading(db: sqlite_utils.Database) -> Iterator[None]:
    """One read transaction: every query inside sees the file as it was at the first one,
    whatever another window or program writes meanwhile (WAL keeps that snapshot). Inside
    a transaction already, it is that transaction's."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # nothing was written: ending the read is all


SCHEMA_V1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE activity_types (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES sections(id),
    name TEXT NOT NULL,
    count_unit TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL
);
CREATE TABLE fields (
    id INTEGER PRIMARY KEY,
    type_id INTEGER NOT NULL REFERENCES activity_types(id),
    label TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('integer', 'decimal', 'text', 'choice')),
    options TEXT NOT NULL DEFAULT '[]',
    required INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL
);
CREATE TABLE activities (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    type_id INTEGER NOT NULL REFERENCES activity_types(id),
    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    end_date TEXT CHECK (end_date IS NULL OR end_date >= date),
    title TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    organizer TEXT NOT NULL DEFAULT '',
    partners TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT '',
    handler TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    -- title, place, organisers, audience, handler and notes, normalised and
    -- lower-cased: what a text search looks in (see activities_by_date)
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
-- The type's own figures, one row per filled field (joined on the integer seq).
CREATE TABLE activity_values (
    activity_seq INTEGER NOT NULL REFERENCES activities(seq) ON DELETE CASCADE,
    field_id INTEGER NOT NULL REFERENCES fields(id),
    number REAL,
    text TEXT,
    PRIMARY KEY (activity_seq, field_id)
) WITHOUT ROWID;
-- Covers the ledger's sums (date, type) and text search in date order: a search
-- reads this index alone, and stops after one page when the text is common.
-- Characters and character pairs of each record's search_text (core/search.py).
-- Contentless, and no positions (detail=none): only which records hold which token,
-- about a tenth of the size of a full FTS index. Rows are removed with the 'delete'
-- command and the same grams, recomputed from activities.search_text.
CREATE VIRTUAL TABLE activity_grams USING fts5(
    grams, content = '', detail = none, tokenize = 'unicode61'
);
CREATE INDEX activities_by_date ON activities (deleted, date, type_id, search_text);
CREATE INDEX activities_by_type ON activities (deleted, type_id, date);
CREATE INDEX activity_values_by_field ON activity_values (field_id);
"""


def _run_script(db: sqlite_utils.Database, script: str) -> None:
    # executescript() would COMMIT the surrounding transaction; run one by one.
    for statement in script.split(";"):
        if statement.strip():
            db.conn.execute(statement)


def _migrate_to_1(db: sqlite_utils.Database) -> None:
    _run_script(db, SCHEMA_V1)


SCHEMA_V2 = """
-- Every change to a record: when, by whom, the values before and after (core/history.py).
CREATE TABLE activity_history (
    id INTEGER PRIMARY KEY,
    activity_id TEXT NOT NULL,
    action TEXT NOT NULL
        CHECK (action IN ('add', 'import', 'edit', 'delete', 'restore', 'purge')),
    at TEXT NOT NULL,
    staff TEXT NOT NULL DEFAULT '',
    before TEXT,
    after TEXT
);
CREATE INDEX activity_history_by_activity ON activity_history (activity_id, id)
"""


def _migrate_to_2(db: sqlite_utils.Database) -> None:
    _run_script(db, SCHEMA_V2)


SCHEMA_V3 = """
-- The bureau's own template: stable ids (the 编号 of the template workbook, shared
-- by the townships that import it), archived items (hidden from new entry, still
-- counted where they hold records), and how a type counts and breaks down.
ALTER TABLE sections ADD COLUMN uid TEXT;
ALTER TABLE sections ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
ALTER TABLE activity_types ADD COLUMN uid TEXT;
ALTER TABLE activity_types ADD COLUMN archived INTEGER NOT NULL DEFAULT 0
    CHECK (archived IN (0, 1));
-- A record counts as this integer field's value (empty: 1), not as 1.
ALTER TABLE activity_types ADD COLUMN counted_by INTEGER REFERENCES fields(id);
-- The 汇总 gives a 其中：<option> row per option of this choice field.
ALTER TABLE activity_types ADD COLUMN breakdown_by INTEGER REFERENCES fields(id);
ALTER TABLE fields ADD COLUMN uid TEXT;
ALTER TABLE fields ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
-- Every change to the template, as activity_history is for records (core/template_edit.py).
CREATE TABLE template_history (
    id INTEGER PRIMARY KEY,
    item TEXT NOT NULL CHECK (item IN ('section', 'type', 'field')),
    uid TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'change', 'archive', 'restore', 'delete')),
    at TEXT NOT NULL,
    staff TEXT NOT NULL DEFAULT '',
    before TEXT,
    after TEXT
)
"""
SCHEMA_V3_INDEXES = """
CREATE UNIQUE INDEX sections_by_uid ON sections (uid);
CREATE UNIQUE INDEX activity_types_by_uid ON activity_types (uid);
CREATE UNIQUE INDEX fields_by_uid ON fields (uid);
CREATE INDEX fields_by_type ON fields (type_id)
"""


def _migrate_to_3(db: sqlite_utils.Database) -> None:
    from core import template  # the template's content; this module owns only its shape

    _run_script(db, SCHEMA_V3)
    template.give_stable_ids(db)
    _run_script(db, SCHEMA_V3_INDEXES)
    # Existing files grow to the default template of this version (records untouched);
    # a new file is empty here and is seeded after its migrations.
    if db.conn.execute("SELECT count(*) FROM sections").fetchone()[0]:
        template.grow_to_default_template(db)


SCHEMA_V4 = """
-- Standing indicators of a section, and their values per month or quarter (core/indicators.py).
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES sections(id),
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    aggregation TEXT NOT NULL CHECK (aggregation IN ('sum', 'last')),
    position INTEGER NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);
CREATE TABLE indicator_values (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    year INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('month', 'quarter')),
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 12),
    value REAL NOT NULL,
    PRIMARY KEY (indicator_id, year, kind, number)
) WITHOUT ROWID;
-- 年度目标 of any 汇总 row (core/targets.py): row_key names the row.
CREATE TABLE targets (
    year INTEGER NOT NULL,
    row_key TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (year, row_key)
) WITHOUT ROWID;
-- Every change to an indicator value or a target: who, when, before and after.
CREATE TABLE figure_history (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    at TEXT NOT NULL,
    staff TEXT NOT NULL DEFAULT '',
    before REAL,
    after REAL
);
CREATE INDEX figure_history_by_subject ON figure_history (subject, id)
"""


def _migrate_to_indicators(db: sqlite_utils.Database) -> None:
    """Standing indicators, their values, annual targets and the history of figures; an
    existing database gets the default indicators in the sections of those names."""
    from core import indicators

    _run_script(db, SCHEMA_V4)
    if db.conn.execute("SELECT count(*) FROM sections").fetchone()[0]:
        indicators.seed_default_indicators(db)


SCHEMA_SOURCES = """
-- Where each record comes from: the 填报单位, 填报人 and database it was first saved in.
ALTER TABLE activities ADD COLUMN source_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE activities ADD COLUMN source_staff TEXT NOT NULL DEFAULT '';
ALTER TABLE activities ADD COLUMN source_db TEXT NOT NULL DEFAULT '';
-- The change that made the record what it is (a random id), and the database that made it.
-- activity_revisions holds every change a record has been through here (core/revisions.py).
ALTER TABLE activities ADD COLUMN rev TEXT NOT NULL DEFAULT '';
ALTER TABLE activities ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
-- When this database last wrote the row (an edit here, or a merge): what a package takes.
ALTER TABLE activities ADD COLUMN touched_at TEXT NOT NULL DEFAULT '';
CREATE TABLE activity_revisions (
    activity_id TEXT NOT NULL,
    rev TEXT NOT NULL,
    PRIMARY KEY (activity_id, rev)
) WITHOUT ROWID;
-- Evidence files of a record, stored once per content (core/attachments.py). The name
-- is the one the user gave, for display only.
CREATE TABLE attachments (
    activity_id TEXT NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    name TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    added_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (activity_id, sha256)
) WITHOUT ROWID;
CREATE INDEX attachments_by_sha ON attachments (sha256);
-- History entries gain an id that travels in packages (uid), the unit that made them, and
-- the actions of merges (a conflict keeps the losing side) and of attachments.
CREATE TABLE activity_history_new (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    activity_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'import', 'edit', 'delete', 'restore',
        'purge', 'conflict', 'attach', 'detach')),
    at TEXT NOT NULL,
    staff TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    before TEXT,
    after TEXT
);
INSERT INTO activity_history_new (id, uid, activity_id, action, at, staff, unit, before, after)
    SELECT id, lower(hex(randomblob(16))), activity_id, action, at, staff,
        coalesce((SELECT value FROM settings WHERE key = 'unit_name'), ''), before, after
    FROM activity_history;
DROP TABLE activity_history;
ALTER TABLE activity_history_new RENAME TO activity_history;
CREATE INDEX activity_history_by_activity ON activity_history (activity_id, id);
-- Records made before: their source is this database, as its settings say now.
UPDATE activities SET
    source_unit = coalesce((SELECT value FROM settings WHERE key = 'unit_name'), ''),
    source_staff = coalesce((SELECT value FROM settings WHERE key = 'staff_name'), ''),
    source_db = (SELECT value FROM settings WHERE key = 'database_id'),
    changed_by = (SELECT value FROM settings WHERE key = 'database_id'),
    rev = lower(hex(randomblob(16))),
    touched_at = updated_at;
INSERT INTO activity_revisions (activity_id, rev) SELECT id, rev FROM activities;
CREATE INDEX activities_by_touch ON activities (touched_at);
CREATE INDEX activities_by_source ON activities (source_unit)
"""


def _migrate_to_sources(db: sqlite_utils.Database) -> None:
    """Sources, revisions, attachments and the history of merges (issue 12)."""
    from core import identity

    identity.ensure_database_id(db)
    _run_script(db, SCHEMA_SOURCES)


SCHEMA_V6 = """
-- Standing indicators get stable ids like the rest of the template (the 编号 of the
-- template workbook's 统计指标 sheet, shared by the townships that import it), and the
-- template's history names them too (a CHECK cannot be altered: the table is rebuilt),
-- and says which entries one change made (change_id, empty for the entries made before).
ALTER TABLE indicators ADD COLUMN uid TEXT;
CREATE TABLE template_history_new (
    id INTEGER PRIMARY KEY,
    item TEXT NOT NULL CHECK (item IN ('section', 'type', 'field', 'indicator')),
    uid TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'change', 'archive', 'restore', 'delete')),
    at TEXT NOT NULL,
    staff TEXT NOT NULL DEFAULT '',
    before TEXT,
    after TEXT,
    change_id TEXT NOT NULL DEFAULT ''
);
INSERT INTO template_history_new (id, item, uid, action, at, staff, before, after)
    SELECT id, item, uid, action, at, staff, before, after FROM template_history;
DROP TABLE template_history;
ALTER TABLE template_history_new RENAME TO template_history
"""


def _migrate_to_6(db: sqlite_utils.Database) -> None:
    """Stable ids of standing indicators: the default ones derived from their names."""
    from core import indicators

    _run_script(db, SCHEMA_V6)
    indicators.give_stable_ids(db)
    db.conn.execute("CREATE UNIQUE INDEX indicators_by_uid ON indicators (uid)")


SCHEMA_V7 = """
-- Types and fields deleted from the template (core/template_edit.py). A record's history
-- names them by id, so their ids are never given again (a new type would inherit their
-- past) and their names stay readable there.
CREATE TABLE retired_template_items (
    item TEXT NOT NULL CHECK (item IN ('type', 'field')),
    id INTEGER NOT NULL,
    uid TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (item, id)
) WITHOUT ROWID;
-- Deleted before this table: their names are lost, but the highest id the history names
-- is kept from being given again.
INSERT INTO retired_template_items (item, id)
    SELECT 'type', named FROM (
        SELECT max(CAST(json_extract(snapshot, '$.type_id') AS INTEGER)) AS named FROM (
            SELECT before AS snapshot FROM activity_history WHERE before IS NOT NULL
            UNION ALL SELECT after FROM activity_history WHERE after IS NOT NULL))
    WHERE named > coalesce((SELECT max(id) FROM activity_types), 0);
INSERT INTO retired_template_items (item, id)
    SELECT 'field', named FROM (
        SELECT max(CAST(j.key AS INTEGER)) AS named FROM activity_history h,
            json_each(coalesce(h.before, '{}'), '$.values') j
        UNION ALL SELECT max(CAST(j.key AS INTEGER)) FROM activity_history h,
            json_each(coalesce(h.after, '{}'), '$.values') j)
    WHERE named > coalesce((SELECT max(id) FROM fields), 0)
    ORDER BY named DESC LIMIT 1
"""


def _migrate_to_7(db: sqlite_utils.Database) -> None:
    """Ids of deleted types and fields are retired, not reused."""
    _run_script(db, SCHEMA_V7)


SCHEMA_V8 = """
-- Each ledger export of a period, as it was handed in (core/export_log.py).
CREATE TABLE ledger_exports (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,
    -- the 填报单位 of a unit's own ledger, NULL for the ledger of all units
    unit TEXT,
    at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    records INTEGER NOT NULL CHECK (records >= 0),
    -- the last activity_history id the export saw: later ones are changes since
    history_mark INTEGER NOT NULL
);
CREATE INDEX ledger_exports_by_period ON ledger_exports (period, id)
"""


def _migrate_to_8(db: sqlite_utils.Database) -> None:
    """The log of ledger exports (core/export_log.py)."""
    _run_script(db, SCHEMA_V8)


def _migrate_search_without_zero_width(db: sqlite_utils.Database) -> None:
    """Search keys without the zero-width characters pasted text carries, so that 零宽
    finds 零\\u200b宽; only the records holding one are read again (one scan)."""
    from core import activities
    from core.values import has_zero_width

    activities.recompute_search_keys(db, has_zero_width)


SCHEMA_V10 = """
-- How many times the record's own database had named it when it gave it this 填报单位 and
-- 填报人: 1 when it saved the record, one more at each correction of its name
-- (core/unit_names.py). Another office's copy carries the number it came with: the higher
-- number is the later word of the record's own database, whatever the clocks say.
ALTER TABLE activities ADD COLUMN source_name_seq INTEGER NOT NULL DEFAULT 0;
-- Records saved here before: this file's first word on them. Those another office sent
-- carry none of its words yet (0): its first package of them tells.
UPDATE activities SET source_name_seq = 1
    WHERE source_db = (SELECT value FROM settings WHERE key = 'database_id')
"""


def _migrate_to_10(db: sqlite_utils.Database) -> None:
    """The number of the source's word on a record's 填报单位 (core/unit_names.py)."""
    _run_script(db, SCHEMA_V10)


# MIGRATIONS[n] upgrades a database of version n-1 to version n.
MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    1: _migrate_to_1,
    2: _migrate_to_2,
    3: _migrate_to_3,
    4: _migrate_to_indicators,
    5: _migrate_to_sources,
    6: _migrate_to_6,
    7: _migrate_to_7,
    8: _migrate_to_8,
    9: _migrate_search_without_zero_width,
    10: _migrate_to_10,
}
SCHEMA_VERSION = max(MIGRATIONS)


def open_database(
    path: str | Path, *, read_only: bool = False, check: bool = True
) -> sqlite_utils.Database:
    """Connect to the existing database at ``path``: storage only, nothing written.

    What opening a bureau's file means (creating it, a backup before an upgrade, its
    identity) is ``core.bureau_file.open_bureau``; call that, not this.

    A file that is not ours, was made by a newer version, or fails SQLite's
    ``quick_check`` is refused with a ``TaizhangError`` and left exactly as it was
    (``db_damaged``: it can still be looked at with ``read_only=True``, which never
    writes to it, not even a lock). ``check=False`` leaves the ``quick_check`` (0.4 s
    at 100,000 records) to the caller, who must run ``quick_check`` before writing
    anything. A file that needs upgrading is always checked.
    """
    path = Path(path)
    if read_only:
        return _open_read_only(path)
    if not path.is_file():
        raise TaizhangError("db_missing", path=path)
    conn = _connect(path)
    try:
        version = _check_version(conn, path)
        if version == 0:
            raise TaizhangError("db_not_database", path=path)
        if check or version < SCHEMA_VERSION:
            _quick_check(conn, path)
        _set_pragmas(conn, path)
        # The scratch tables of a write of many records (core/slice_mover.py), in memory:
        # SQLite attaches nothing inside a transaction, where those writes are made.
        conn.execute(f"ATTACH DATABASE ':memory:' AS {slice_mover.SCRATCH}")
        # No sqlite-utils plugins: nothing installed beside us may run inside our
        # database connection (and the entry-point scan costs start-up time).
        db = Database(conn, execute_plugins=False)
        db.live = True
        db.wal_identity = _wal_identity(str(path))  # checked before each write
        _live.add(db)
    except BaseException:
        conn.close()
        raise
    return db


# A file name holds at most 255 bytes (Linux, macOS; Windows counts 255 UTF-16 units,
# never more than the bytes). Beside a database ``x.db`` the program makes ``x.db-journal``
# (SQLite's, as long as any of its files) and ``x.attachments`` (the evidence store,
# ``attachments.STORE_SUFFIX``): neither may be longer.
MAX_NAME_BYTES = 255
_LONGEST_SIDE_FILE = "-journal"
EVIDENCE_STORE_SUFFIX = ".attachments"


def most_name_bytes(path: Path) -> int:
    """The most bytes the name of a database at ``path`` may have (its extension as given)."""
    extension = len(os.fsencode(Path(path).suffix))
    return min(
        MAX_NAME_BYTES - len(_LONGEST_SIDE_FILE),
        MAX_NAME_BYTES - len(EVIDENCE_STORE_SUFFIX) + extension,
    )


def check_name_fits(path: Path, key: str = "db_name_too_long") -> None:
    """Raise ``key`` (a new file: ``db_name_too_long``, nothing made yet; one there:
    ``db_name_too_long_here``) if the files beside ``path`` could not be made."""
    path = Path(path)
    length, most = len(os.fsencode(path.name)), most_name_bytes(path)
    if length <= most:
        return
    letters = most - len(os.fsencode(path.suffix))
    said = {"length": length, "most": most, "letters": letters, "chinese": letters // 3}
    raise TaizhangError(key, path=path, name=path.name, **said)


def create_database(path: str | Path, seed: Callable[[sqlite_utils.Database], None]) -> bool:
    """Make a new database file at ``path``: the schema and ``seed``, all or nothing.

    Built beside it under a temporary name and linked into place only when whole, so a
    kill or a full disk never leaves a half-made (or 0-byte) file under the real name,
    and a file that appeared meanwhile is never replaced. Returns whether the file at
    ``path`` is the one made here (False: another program made it first).
    """
    path = Path(path)
    # A short name: the database's own may already fill the 255 bytes a name may hold.
    temporary = path.with_name(f".taizhang-{os.getpid()}-{secrets.token_hex(4)}.creating")
    try:
        conn = sqlite3.connect(str(temporary))
        try:
            db = Database(conn, execute_plugins=False)
            conn.execute("PRAGMA foreign_keys = ON")
            with transaction(db):
                for number in sorted(MIGRATIONS):
                    MIGRATIONS[number](db)
                seed(db)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        finally:
            conn.close()
        return _link_into_place(temporary, path)
    except sqlite3.Error as error:
        if _disk_full(error):
            raise TaizhangError("db_disk_full") from error
        raise TaizhangError("db_cannot_open", path=path, reason=error) from error
    except OSError as error:
        if _disk_full(error):
            raise TaizhangError("db_disk_full") from error
        if not os.access(path.parent, os.W_OK):
            raise TaizhangError("db_folder_read_only", path=path.parent) from error
        raise TaizhangError("db_cannot_open", path=path, reason=error) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _link_into_place(temporary: Path, path: Path) -> bool:
    try:
        os.link(temporary, path)  # fails if ``path`` exists: another start made it
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links (FAT on a USB stick)
        if path.exists():
            return False
        os.replace(temporary, path)
    return True


def needs_upgrade(db: sqlite_utils.Database) -> bool:
    return schema_version(db) < SCHEMA_VERSION


def migrate(db: sqlite_utils.Database) -> None:
    """Run each missing migration in its own transaction (back the file up first)."""
    version = schema_version(db)
    for number in range(version + 1, SCHEMA_VERSION + 1):
        try:
            with transaction(db):
                MIGRATIONS[number](db)
                db.conn.execute(f"PRAGMA user_version = {number}")
        except sqlite3.Error as error:
            # Each step is whole or not made: the file stays at the last one made, and
            # the next start goes on from there.
            if _disk_full(error):
                raise TaizhangError("db_disk_full") from error
            raise TaizhangError("db_write_failed", reason=error) from error


def _open_read_only(path: Path) -> sqlite_utils.Database:
    if not path.is_file():
        raise TaizhangError("db_missing", path=path)
    conn = _open_with_its_wal(path) or open_snapshot(path)
    try:
        version = _check_version(conn, path)
        if 0 < version < SCHEMA_VERSION:
            # An older file is read only once upgraded, and upgrading writes to it.
            raise TaizhangError(
                "db_old_read_only", path=path, found=version, supported=SCHEMA_VERSION
            )
        return Database(conn, execute_plugins=False)
    except BaseException:
        conn.close()
        raise


def _open_with_its_wal(path: Path) -> sqlite3.Connection | None:
    """A read-only connection that reads the ``-wal`` beside the file too, when it holds
    anything: ``immutable=1`` does not, and would show the file without its last saved
    changes (a window still open, a program killed, a disk that filled before the merge).
    Where SQLite cannot read the two together (no ``-shm``, and none can be made), None."""
    wal = Path(f"{path}-wal")
    try:
        if wal.stat().st_size == 0:
            return None
    except OSError:
        return None
    uri = path.absolute().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        with contextlib.suppress(UnboundLocalError, sqlite3.Error):
            conn.close()
        return None
    collation.register(conn)
    return conn


def open_snapshot(path: str | Path) -> sqlite3.Connection:
    """A read-only look at a database file that is not live: a backup, or a damaged file.

    ``immutable=1`` makes SQLite take no lock and write nothing, not even a -wal file.
    """
    uri = Path(path).absolute().as_uri() + "?immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    except sqlite3.Error as error:
        raise TaizhangError("db_cannot_open", path=path, reason=error) from error
    collation.register(conn)
    return conn


def quick_check(db: sqlite_utils.Database, path: str | Path) -> None:
    """Raise ``db_damaged`` unless SQLite's ``quick_check`` finds the file whole."""
    _quick_check(db.conn, Path(path))


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        raise TaizhangError("db_damaged", path=path, details=messages.damage(error)) from error
    if rows != ["ok"]:
        found = messages.damage("; ".join(rows[:3]))
        raise TaizhangError("db_damaged", path=path, details=found)


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    except sqlite3.Error as error:
        raise TaizhangError("db_cannot_open", path=path, reason=error) from error
    collation.register(conn)
    return conn


def _check_version(conn: sqlite3.Connection, path: Path) -> int:
    """Read the schema version without writing anything to the file."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.OperationalError as error:
        # A WAL database in a folder we cannot write: SQLite cannot make its -shm file.
        if not os.access(path.parent, os.W_OK) or "readonly" in str(error):
            raise TaizhangError("db_folder_read_only", path=path.parent) from error
        if _no_room_beside(path, error):
            raise TaizhangError("db_disk_full_here", path=path) from error
        raise TaizhangError("db_cannot_open", path=path, reason=error) from error
    except sqlite3.DatabaseError as error:
        # Ours, but its schema pages are broken (a larger schema spans several pages).
        if "malformed" in str(error):
            raise TaizhangError("db_damaged", path=path, details=messages.damage(error)) from error
        raise TaizhangError("db_not_database", path=path) from error
    if version > SCHEMA_VERSION:
        raise TaizhangError("db_too_new", path=path, found=version, supported=SCHEMA_VERSION)
    if version == 0 and tables:
        raise TaizhangError("db_foreign", path=path)
    return version


def _set_pragmas(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as error:
        if "readonly" in str(error):
            raise TaizhangError("db_folder_read_only", path=path.parent) from error
        # SQLite could not make its -journal (or -wal) beside the file: the folder is asked
        # why; the words are the same for a name too long to have one.
        if "unable to open" in str(error):
            check_name_fits(path, "db_name_too_long_here")
            if cannot_write_in(path.parent):
                raise TaizhangError("db_folder_read_only", path=path.parent) from error
        if _no_room_beside(path, error):
            raise TaizhangError("db_disk_full_here", path=path) from error
        raise TaizhangError("db_cannot_open", path=path, reason=error) from error


def commits_seen(db: sqlite_utils.Database) -> int:
    """A number that moves whenever another connection (another program, or this one's
    other connection) commits to the file: ``PRAGMA data_version``, a cheap read."""
    return db.conn.execute("PRAGMA data_version").fetchone()[0]


def schema_version(db: sqlite_utils.Database) -> int:
    return db.conn.execute("PRAGMA user_version").fetchone()[0]


def integrity_problems(db: sqlite_utils.Database) -> list[str]:
    """``PRAGMA integrity_check`` and foreign keys; an empty list means all is well."""
    rows = [r[0] for r in db.conn.execute("PRAGMA integrity_check")]
    problems = [] if rows == ["ok"] else rows
    for table, rowid, parent, _ in db.conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} {rowid} → {parent}")
    return problems


# What SQLite may make beside a file it writes, and a kill leaves: a name pattern of our
# temporaries ends with this, so they go with it (``outputs.clean_stale``).
COMPANIONS = r"(?:-journal|-wal|-shm)?"
# The end of the name of a copy being made (``copy_database``: ``.<target>.<pid>.partial``),
# with what may follow it.
PARTIAL_PATTERN = r"\.\d+\.partial" + COMPANIONS
# The folder check's probe file (``cannot_write_in``), left by a kill in the moment it is
# there: cleaned with our other temporaries beside a database and in the backups folder,
# and by the next check of any folder.
PROBE_PATTERN = r"\.taizhang-\d+\.probe"
_PROBE = re.compile(PROBE_PATTERN)


def backup_to(db: sqlite_utils.Database, target: str | Path) -> Path:
    """Copy the live database to ``target`` with SQLite's backup API."""
    return copy_database(db.conn, target)


def copy_database(
    source: sqlite3.Connection,
    target: str | Path,
    prepare: Callable[[sqlite3.Connection], None] | None = None,
    check: str = "integrity_check",
) -> Path:
    """Copy ``source`` into a new file ``target`` with SQLite's backup API.

    The copy is made beside the target under a temporary name, given ``prepare``
    (a backup records what it is a backup of) and checked (``check``: SQLite's
    ``integrity_check``, or ``quick_check``, whose cost grows with the file and no
    faster) before it takes the final name, so ``target`` is either a good copy or
    untouched. The backup API reads one consistent state even while another
    connection writes.
    """
    target = Path(target)
    if not target.parent.is_dir():
        raise TaizhangError("export_folder_missing", path=target.parent)
    length = len(os.fsencode(target.name))
    if length > MAX_NAME_BYTES:
        most = MAX_NAME_BYTES
        raise TaizhangError(
            "backup_name_too_long", name=target.name, length=length, most=most, chinese=most // 3
        )
    partial = _partial_path(target)
    try:
        try:
            dest = sqlite3.connect(str(partial))
            try:
                # No rollback journal while the pages are copied (SQLite's default writes
                # one, a -journal a kill left beside the .partial): a copy that stops
                # half-way is thrown away whole, never rolled back.
                dest.execute("PRAGMA journal_mode = OFF")
                source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
                if prepare is not None:
                    prepare(dest)
                rows = [r[0] for r in dest.execute(f"PRAGMA {check}")]
            finally:
                dest.close()
            if rows != ["ok"]:
                raise TaizhangError("backup_failed", reason="; ".join(rows[:3]))
            os.replace(partial, target)
        finally:
            with contextlib.suppress(OSError):  # a read-only disk: the real error is above
                partial.unlink(missing_ok=True)
    except (sqlite3.Error, OSError) as error:
        raise _backup_error(error, target) from error
    return target


def _partial_path(target: Path) -> Path:
    """``.<target's name>.<pid>.partial``, the name cut (its extension kept) where that and
    SQLite's files beside it would not fit in a name (``backup --out`` a long name)."""
    tail = f".{os.getpid()}.partial"
    room = MAX_NAME_BYTES - len(_LONGEST_SIDE_FILE) - len(tail) - 1
    name = target.name
    if len(os.fsencode(name)) > room:
        extension = target.suffix if len(os.fsencode(target.suffix)) < room // 2 else ""
        cut = os.fsencode(name[: len(name) - len(extension)])
        cut = cut[: room - len(os.fsencode(extension))]
        name = cut.decode("utf-8", "ignore") + extension
    return target.with_name(f".{name}{tail}")


def _backup_error(error: BaseException, target: Path) -> TaizhangError:
    if _disk_full(error):
        return TaizhangError("backup_disk_full", path=target)
    if (
        isinstance(error, PermissionError)
        or "readonly" in str(error).replace(" ", "")
        or (getattr(error, "errno", None) == errno.EROFS)
    ):
        return TaizhangError("backup_read_only", path=target.parent)
    # SQLite says only "unable to open database file" when it cannot make the copy (a
    # write-protected stick, a read-only mount, a folder without write permission): the
    # folder itself is asked why (the words are also said for a name too long).
    if "unable to open" in str(error) and cannot_write_in(target.parent):
        return TaizhangError("backup_read_only", path=target.parent)
    return TaizhangError("backup_failed", reason=error)


def cannot_write_in(folder: Path) -> bool:
    """No new file can be made in ``folder``: ``os.access`` says so (a read-only mount, a
    folder's mode), or a probe file cannot be made (Windows, where ``os.access`` does not
    see a folder's permissions)."""
    if not os.access(folder, os.W_OK):
        return True
    outputs.clean_stale(folder, _PROBE)
    probe = folder / f".taizhang-{os.getpid()}.probe"
    try:
        handle = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    except OSError as error:
        return isinstance(error, PermissionError) or error.errno == errno.EROFS
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return False


def open_copy(path: str | Path) -> sqlite3.Connection:
    """A private copy of a backup (with its -wal merged in), to read and then delete."""
    try:
        return sqlite3.connect(str(path), check_same_thread=False)
    except sqlite3.Error as error:
        raise TaizhangError("db_cannot_open", path=path, reason=error) from error


def copy_into(
    source: sqlite3.Connection,
    db: sqlite_utils.Database,
    holding_the_lock: Callable[[], None] | None = None,
) -> None:
    """Replace the whole content of the live ``db`` with ``source``, in one transaction.

    ``holding_the_lock`` is called once the copy holds the database's write lock and has
    written nothing it can see: no other program can commit then, so what it reads
    through another connection is the data as the copy replaces it (the backup before a
    restore: taken earlier, a change committed meanwhile would be in neither file).
    """
    called: list[bool] = []

    def step(status: int, _remaining: int, _total: int) -> None:
        # After a first step that copied (not one refused as busy, nor the last, which
        # has committed): the lock is held and the copy not yet seen by anyone.
        if holding_the_lock is not None and not called and status == sqlite3.SQLITE_OK:
            called.append(True)
            holding_the_lock()

    try:
        if holding_the_lock is None:
            source.backup(db.conn)
        else:
            source.backup(db.conn, pages=1, progress=step)  # a file has two pages or more
    except sqlite3.Error as error:
        if _disk_full(error):
            raise TaizhangError("db_disk_full") from error
        raise TaizhangError("db_write_failed", reason=error) from error


# Less than this free beside the database is a full disk: SQLite's -shm alone takes 32 KiB,
# and root may still write where others may not.
NO_ROOM_BYTES = 1 << 20


def free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return NO_ROOM_BYTES  # unknown: not taken for full


def _no_room_beside(path: Path, error: sqlite3.Error) -> bool:
    """Opening failed for want of space: on a full disk SQLite cannot grow the -shm of a
    WAL database (SQLITE_IOERR_SHMSIZE, said as "disk I/O error"), even only to read."""
    if _disk_full(error):
        return True
    io_error = "disk I/O error" in str(error) or str(
        getattr(error, "sqlite_errorname", "")
    ).startswith("SQLITE_IOERR")
    return io_error and free_bytes(path.absolute().parent) < NO_ROOM_BYTES


def _disk_full(error: BaseException) -> bool:
    return getattr(error, "errno", None) == errno.ENOSPC or "full" in str(error)

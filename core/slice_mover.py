"""New records go into their tables on a second thread while Python makes the next slice.

Making a slice of rows (ids, search keys, history entries) is Python's work and holds
the interpreter lock; putting rows into the tables and their indexes is SQLite's, which
lets the lock go, but only for one step of one statement. An ``executemany`` steps once
per row, so a second thread making rows meanwhile would take the lock between every two
rows and the writer would wait for it each time. Instead each slice is put, with one
``executemany`` per shape, into scratch tables with no index (the cheap part), and one
statement then moves it: a row added to ``slice_moves``, whose trigger copies the slice
into the real tables and empties the scratch ones. That statement is a single step,
run on a second thread, so SQLite fills the indexes while Python makes the next slice.

The scratch database lives in memory and is attached to every connection that writes
(``core/db.py``: SQLite attaches nothing inside a transaction). It is part of the
write's transaction, so a write that fails leaves nothing in it either. One thread uses
the connection at a time: a slice is put only once the one before has moved.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import sqlite3
from types import TracebackType

SCRATCH = "scratch"  # the attached database's name (core/db.py attaches it)

# A record's row as ``activities`` stores it, in the order the writer gives it.
RECORD_COLUMNS = (
    "seq, id, type_id, date, end_date, title, location, organizer, partners, audience, "
    "handler, notes, search_text, created_at, updated_at, source_unit, source_staff, "
    "source_db, rev, changed_by, source_name_seq, touched_at, deleted"
)
# Each staged record: its row, then its tokens and its history entry (id, the record after).
_STAGED_COLUMNS = f"{RECORD_COLUMNS}, grams, history_uid, history_after"
_FIGURE_COLUMNS = "activity_seq, field_id, number, text"

# No declared types: a value stays as it was given until the real table's own column
# takes it, exactly as if it had been given there.
_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {SCRATCH}.slice_records ({_STAGED_COLUMNS})",
    f"CREATE TABLE IF NOT EXISTS {SCRATCH}.slice_figures ({_FIGURE_COLUMNS})",
    f"CREATE TABLE IF NOT EXISTS {SCRATCH}.slice_moves (action, at, staff, unit)",
    # A trigger that writes into the main database must itself be TEMP; its targets
    # cannot be qualified, and the scratch tables' names are found in no other database.
    f"""CREATE TEMP TRIGGER IF NOT EXISTS move_slice AFTER INSERT ON {SCRATCH}.slice_moves
    BEGIN
        INSERT INTO activities ({RECORD_COLUMNS})
            SELECT {RECORD_COLUMNS} FROM {SCRATCH}.slice_records;
        INSERT INTO activity_grams (rowid, grams)
            SELECT seq, grams FROM {SCRATCH}.slice_records;
        INSERT INTO activity_values ({_FIGURE_COLUMNS})
            SELECT {_FIGURE_COLUMNS} FROM {SCRATCH}.slice_figures;
        INSERT OR IGNORE INTO activity_revisions (activity_id, rev)
            SELECT id, rev FROM {SCRATCH}.slice_records;
        INSERT INTO activity_history (uid, activity_id, action, at, staff, unit, before, after)
            SELECT history_uid, id, NEW.action, NEW.at, NEW.staff, NEW.unit, NULL,
                   history_after
            FROM {SCRATCH}.slice_records;
        DELETE FROM slice_records;
        DELETE FROM slice_figures;
        DELETE FROM slice_moves;
    END""",
)
_PUT_RECORD = (
    f"INSERT INTO {SCRATCH}.slice_records "
    f"VALUES ({', '.join('?' for _ in _STAGED_COLUMNS.split(','))})"
)
_PUT_FIGURE = f"INSERT INTO {SCRATCH}.slice_figures VALUES (?, ?, ?, ?)"
_MOVE = f"INSERT INTO {SCRATCH}.slice_moves VALUES (?, ?, ?, ?)"


class SliceMover:
    """Slices of new records, each moved into the tables while the caller makes the next.

    Used inside the write's transaction, as ``with SliceMover(conn, entry) as mover:``,
    then ``mover.put(records, figures)`` for each slice. ``entry`` is the history's
    ``(action, at, staff, unit)``, the same for every record of the write. Leaving the
    block waits for the last slice, and raises what stopped any move.
    """

    def __init__(self, conn: sqlite3.Connection, entry: tuple[str, str, str, str]) -> None:
        self._conn = conn
        self._entry = entry
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._moving: concurrent.futures.Future | None = None

    def __enter__(self) -> SliceMover:
        for statement in _SCHEMA:
            self._conn.execute(statement)
        # Left by nothing that committed (a failed move is undone with its statement,
        # and the scratch tables are in the write's transaction); emptied to be sure.
        for table in ("slice_records", "slice_figures", "slice_moves"):
            self._conn.execute(f"DELETE FROM {SCRATCH}.{table}")
        self._pool = concurrent.futures.ThreadPoolExecutor(1, "taizhang-slice-mover")
        return self

    def put(self, records: list[tuple], figures: list[tuple]) -> None:
        """Stage a slice once the last one has moved, and start moving it."""
        self._finish()
        self._conn.executemany(_PUT_RECORD, records)
        self._conn.executemany(_PUT_FIGURE, figures)
        assert self._pool is not None
        self._moving = self._pool.submit(self._conn.execute, _MOVE, self._entry)

    def _finish(self) -> None:
        moving, self._moving = self._moving, None
        if moving is None:
            return
        try:
            moving.result()  # raises here what stopped it
        except sqlite3.Error:
            _take_the_failures_echo(self._conn)
            raise

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self._finish()
            elif self._moving is not None:
                # The write is failing already: its transaction is undone once the last
                # move is over, whatever that move met.
                concurrent.futures.wait([self._moving])
                if isinstance(self._moving.exception(), sqlite3.Error):
                    _take_the_failures_echo(self._conn)
        finally:
            assert self._pool is not None
            self._pool.shutdown(wait=True)


def _take_the_failures_echo(conn: sqlite3.Connection) -> None:
    """After a move that failed on a full disk, SQLite has undone the transaction but
    keeps the main file's error until a statement next reads that file, which then fails
    with the same error, and the one after it works (seen with SQLite 3.40: after a
    failed import, the window's next count of records said 磁盘空间不足). A write of one
    row per statement never left this; a move writes a whole slice in one. One read
    here takes that echo, so the next reader finds the file as it was."""
    with contextlib.suppress(sqlite3.Error):
        conn.execute("SELECT count(*) FROM main.sqlite_master").fetchone()

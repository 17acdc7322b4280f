"""An open database as the window sees it: a reading and a writing connection.

The GUI thread reads through ``reader``; every change runs on the worker thread
through ``writer`` (see ``operations``). WAL lets the reader see each committed
change without waiting for the writer.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from core import db as database
from core import messages, settings
from core.bureau_file import open_bureau
from core.errors import TaizhangError
from core.template import Template, load_template


class Session:
    """``read_only``: a damaged file opened to look at; nothing is ever written to it.

    The file's ``quick_check`` is left to the first job of the worker
    (``MainWindow.verify_database``), so the window paints without waiting for it;
    until it has passed, ``verified`` is False and no change can run before it.
    """

    def __init__(
        self,
        path: Path,
        read_only: bool = False,
        create: bool = False,
        read_only_because: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        # Said when a change is refused: why the file is only looked at (a damaged file
        # unless told otherwise: a write-protected stick, a full disk).
        self.read_only_because = read_only_because
        self.damaged = False
        self.closed = False
        if read_only:
            self.writer = None
            self.reader = open_bureau(self.path, read_only=True)
        else:
            self.writer = open_bureau(self.path, create=create, check=False)
            try:
                self.reader = open_bureau(self.path, check=False)
            except BaseException:
                self.writer.close()
                raise
        try:
            self.template: Template = load_template(self.reader)
        except sqlite3.DatabaseError as error:
            # Damage met before the file's check has run: asked about as damage found by
            # the check is (restore, read-only, quit), not a traceback at start.
            self.close()
            raise damaged(self.path, error) from error

    def settings_key(self, prefix: str) -> str:
        """A QSettings key of ``prefix`` for this file, whatever path it was opened by."""
        where = os.path.realpath(self.path).encode("utf-8", "surrogatepass")
        return f"{prefix}/{hashlib.sha256(where).hexdigest()[:16]}"

    def commits_seen(self) -> int | None:
        """``db.commits_seen`` of the file (None once it is closed)."""
        return None if self.closed else database.commits_seen(self.reader)

    @property
    def unit_name(self) -> str:
        return settings.get_setting(self.reader, settings.UNIT)

    @property
    def staff_name(self) -> str:
        return settings.get_setting(self.reader, settings.STAFF)

    def close(self) -> None:
        """Close both connections (again: no harm); the last one merges the -wal."""
        self.closed = True
        self.reader.close()
        if self.writer is not None:
            self.writer.close()


def damaged(path: Path, error: sqlite3.Error) -> TaizhangError:
    """``db_damaged`` for an SQLite error: SQLite's words in the English half only."""
    return TaizhangError("db_damaged", path=path, details=messages.damage(error))

"""An open database as the window sees it: a reading and a writing connection.

The GUI thread reads through ``reader``; every change runs on the worker thread
through ``writer`` (see ``operations``). WAL lets the reader see each committed
change without waiting for the writer.
"""

from __future__ import annotations

from pathlib import Path

from core import settings
from core.db import open_database
from core.template import Template, load_template


class Session:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.writer = open_database(self.path)
        try:
            self.reader = open_database(self.path, create=False)
        except BaseException:
            self.writer.close()
            raise
        self.template: Template = load_template(self.reader)

    @property
    def unit_name(self) -> str:
        return settings.get_setting(self.reader, settings.UNIT)

    @property
    def staff_name(self) -> str:
        return settings.get_setting(self.reader, settings.STAFF)

    def close(self) -> None:
        self.reader.close()
        self.writer.close()

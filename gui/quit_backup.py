"""Closing a window: it goes at once; the quit backup and the file's last merge follow.

The backup (a copy and its check) takes seconds on a big file, so it runs on the
window's worker after every change queued before it, with the window already hidden.
When it is done, the session is closed: its connections merge the -wal into the
``.db``, which is then whole on its own. Only then does the window really close (and
the program end, if it was the last one).
"""

from __future__ import annotations

import sqlite3

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox

from core import backups


class QuitBackup(QObject):
    # The window has closed for good. Qt quits after the last *visible* window closes, and
    # this one was hidden first: the program ends on this signal (gui/app.py).
    closed = Signal()

    def __init__(self, window) -> None:
        super().__init__()  # not the window's child: it may outlive it
        self.window = window
        self.session = window.session
        self.started = False
        self.finished = False
        self.take_backup = True  # ``--screenshot`` takes none
        self.error: BaseException | None = None  # why the backup failed, set on the worker

    def start(self) -> None:
        """Hide the window now; back up on the worker, then close for good."""
        if self.started:
            return
        self.started = True
        self.window.hide()
        session = self.window.session
        wanted = self.take_backup and not session.read_only
        path = session.path

        def job() -> None:
            if not wanted or session.damaged:  # damaged: found by a job queued before
                return
            try:
                # None where the newest backup holds the data as it is (nothing changed)
                backups.backup_if_changed(session.writer, path, "quit")
            except sqlite3.ProgrammingError:
                return  # the file was closed already (switched away): nothing to back up
            except Exception as error:  # shown once the file is closed
                self.error = error

        self.window.worker.submit(job, self._finish, self._finish)

    def wait(self) -> None:
        """Block until the backup is done and the file closed (switching databases)."""
        self.window.worker.wait()
        self._finish()

    def _finish(self, _result=None) -> None:
        if self.finished:
            return
        self.finished = True
        # Jobs queued behind the backup (the counts asked for again by an import that
        # landed as the window closed) still read the file on the worker: closed under
        # them, the program crashed. They are reads, done in moments.
        if shiboken6.isValid(self.window):
            self.window.worker.wait()
        self.session.close()
        if not shiboken6.isValid(self.window):
            return  # deleted meanwhile (tests delete closed windows)
        if self.error is not None:
            from gui.operations import user_message

            # The main window's own words (its context in the .ts)
            title = QCoreApplication.translate("MainWindow", "Backup failed")
            QMessageBox.warning(None, title, user_message(self.error))
        self.window.close()
        self.closed.emit()

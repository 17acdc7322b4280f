"""The file is closed only when no job of the window runs on it any more.

An import that landed just after the clerk closed the window asked for the list's counts
and sums again: that job was queued behind the quit backup, and the file was closed, on
the GUI thread, as soon as the backup was done, while the job still read it on the
worker (a segmentation fault of the whole program, seen once in the test run)."""

import time

from PySide6.QtCore import Qt

from gui.operations import OpChanges
from tests import clerk


def test_the_file_closes_only_after_the_jobs_queued_before_it(qtbot, clerk_window):
    window = clerk_window
    seen = []

    def still_reading(db):
        time.sleep(0.5)  # long enough for the backup before it to be done
        seen.append(window.session.closed)
        return db.conn.execute("SELECT count(*) FROM activities").fetchone()[0]

    clerk.press(qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # the quit backup
    assert window.quitting.started and not window.quitting.finished
    window.ops.run(still_reading, OpChanges(), on_error=seen.append, writes=False)
    qtbot.waitUntil(lambda: window.quitting.finished, timeout=20_000)
    qtbot.waitUntil(lambda: len(seen) >= 1)
    assert seen == [False]
    assert window.session.closed

"""No test sees a window another test opened: the program keeps its windows in a list
(gui/app.py ``_windows``), which outlives a test, and the restore tests look there for
"the new window". test_read_only_stick (whose window, opened as the program opens one,
was closed but stayed in the list) run before test_clerk_restore_evidence made that one
find two. The two tests here run in this order (pytest keeps a file's order)."""

import shiboken6

from gui import app as gui_app


def test_a_window_opened_as_the_program_does_and_closed(qtbot, app, tmp_path):
    window = gui_app.open_window(tmp_path / "先开的.db", create=True)
    window.show()
    qtbot.waitExposed(window)
    window.close()
    window.quitting.wait()
    assert window.quitting.finished


def test_the_next_test_finds_no_window_of_the_one_before(qtbot, app):
    assert [w for w in gui_app._windows if shiboken6.isValid(w)] == []

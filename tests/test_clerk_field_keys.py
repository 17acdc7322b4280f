"""The program's keys work while the clerk types in a field.

On Linux desktops (X11: UOS, Kylin) Qt gives a line edit some emacs-style Ctrl+letter
keys of its own (Ctrl+E: to the end of the line, Ctrl+U: clear the line) and claims
them before the window's shortcuts are looked at: with the cursor in the search box or a
date of the period bar, Ctrl+E (导出台账) did nothing. The offscreen platform has
Windows' key bindings, where no field claims a key of ours; the last test here runs this
file again under a real X server (Xvfb, the xcb platform), where the bindings are X11's.

Kept in the field: its editing keys (Ctrl+C/V/X/A/Z, Shift+Ctrl+Z, the platform's redo),
and its own keys where the program has none (Ctrl+U on X11).
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from core import activities as A
from tests import clerk
from tests.clerk import Ctrl, Key, Shift, focus, press, type_keys
from tests.conftest import wait_idle
from tests.under_x import UNDER_X, run_under_x

# The keys a text field keeps for itself, whatever the window's shortcuts are: Ctrl+Y too,
# the redo of a clerk used to Windows, on X11 as well (gui/field_keys.py).
EDITING = ("Ctrl+C", "Ctrl+V", "Ctrl+X", "Ctrl+A", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y")


@pytest.fixture
def main(clerk_window):
    return clerk_window


def records(db):
    return list(A.iter_activities(db, A.ActivityQuery(descending=False, limit=1000)))


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    clerk.settle()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def add_a_record_by_the_form(qtbot, main) -> None:
    """Ctrl+N, the form filled by its labels, Enter: 科普进校园 on 2026-03-05."""
    from gui.activity_dialog import ActivityDialog

    press(qtbot, Key.Key_N, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ActivityDialog)
    clerk.write(qtbot, "科普讲座")
    clerk.tab_to(qtbot, "日期")
    clerk.write(qtbot, "2026-03-05")
    clerk.tab_to(qtbot, "活动名称")
    clerk.write(qtbot, "科普进校园")
    clerk.enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_platform_is_the_one_asked_for(qapp):
    """The run under X is under X, with X11's key bindings (else it proves nothing)."""
    assert QGuiApplication.platformName() == os.environ["QT_QPA_PLATFORM"].partition(":")[0]
    if os.environ.get(UNDER_X):
        ends = QKeySequence.keyBindings(QKeySequence.StandardKey.MoveToEndOfLine)
        assert QKeySequence("Ctrl+E") in ends


def test_ctrl_e_in_the_search_box_opens_the_export(qtbot, main):
    from gui.export_dialog import ExportDialog

    click(qtbot, main.search_edit)
    type_keys(qtbot, "abc")
    press(qtbot, Key.Key_E, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ExportDialog)
    assert main.search_edit.text() == "abc"  # nothing typed away
    dialog.reject()


def test_ctrl_e_in_a_date_of_the_period_bar_opens_the_export(qtbot, main):
    from gui.export_dialog import ExportDialog

    bar = main.period_bar
    bar.kind_box.setCurrentIndex(bar.kind_box.findData("range"))
    qtbot.waitUntil(bar.first_edit.isVisible)
    click(qtbot, bar.first_edit)
    press(qtbot, Key.Key_E, Ctrl)
    clerk.wait_dialog(qtbot, ExportDialog).reject()


def test_ctrl_n_in_the_year_of_the_period_bar_opens_a_new_form(qtbot, main):
    from gui.activity_dialog import ActivityDialog

    bar = main.period_bar
    bar.kind_box.setCurrentIndex(bar.kind_box.findData("quarter"))
    click(qtbot, bar.year_box)
    press(qtbot, Key.Key_N, Ctrl)
    clerk.wait_dialog(qtbot, ActivityDialog).reject()


def _window_keys(window) -> set[str]:
    """The Ctrl+letter shortcuts of the window's own actions (not the list's only ones),
    but the editing keys a field keeps."""
    keys = set()
    for action in window.findChildren(QAction):
        if action.shortcutContext() != Qt.ShortcutContext.WindowShortcut:
            continue
        for sequence in action.shortcuts():
            combination = sequence[0]
            letter = Qt.Key.Key_A.value <= combination.key().value <= Qt.Key.Key_Z.value
            if letter and combination.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier:
                keys.add(sequence.toString())
    editing = set(EDITING)
    for standard in (QKeySequence.StandardKey.Redo, QKeySequence.StandardKey.Undo):
        editing.update(s.toString() for s in QKeySequence.keyBindings(standard))
    return keys - editing


def test_no_field_of_the_window_claims_a_key_of_the_program(qtbot, main):
    """Every Ctrl+letter of the window's menus, asked of every field the window shows (as
    Qt asks the field with the focus before it looks at the shortcuts)."""
    keys = _window_keys(main)
    assert {"Ctrl+E", "Ctrl+N", "Ctrl+F", "Ctrl+Q"} <= keys
    bar = main.period_bar
    fields = [main.search_edit, bar.year_box]
    bar.kind_box.setCurrentIndex(bar.kind_box.findData("range"))
    qtbot.waitUntil(bar.first_edit.isVisible)
    fields += [bar.first_edit, bar.last_edit]
    claimed = []
    for widget in fields:
        widget.setFocus()
        for keys_ in sorted(keys):
            combination = QKeySequence(keys_)[0]
            event = QKeyEvent(QEvent.Type.ShortcutOverride, combination.key(),
                              combination.keyboardModifiers())  # fmt: skip
            event.ignore()
            QApplication.sendEvent(widget, event)
            if event.isAccepted():
                claimed.append((type(widget).__name__, keys_))
    main.table.setFocus()  # the dates left while the window is open: their range applies
    wait_idle(qtbot, main)
    assert claimed == []


def test_the_editing_keys_stay_with_the_field(qtbot, main, db):
    search = main.search_edit
    click(qtbot, search)
    type_keys(qtbot, "abc")
    press(qtbot, Key.Key_A, Ctrl)
    press(qtbot, Key.Key_X, Ctrl)
    assert search.text() == ""
    assert QApplication.clipboard().text() == "abc"
    press(qtbot, Key.Key_V, Ctrl)
    press(qtbot, Key.Key_V, Ctrl)
    assert search.text() == "abcabc"
    press(qtbot, Key.Key_Z, Ctrl)
    assert search.text() == "abc"
    press(qtbot, Key.Key_Z, Ctrl | Shift)
    assert search.text() == "abcabc"
    press(qtbot, Key.Key_A, Ctrl)
    press(qtbot, Key.Key_C, Ctrl)
    assert QApplication.clipboard().text() == "abcabc"  # the field's text, not the rows
    assert focus() is search
    assert clerk.visible_dialogs() == []


def test_ctrl_z_in_a_field_undoes_the_typing_not_the_last_record(qtbot, main, db):
    add_a_record_by_the_form(qtbot, main)
    assert [r.title for r in records(db)] == ["科普进校园"]
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    click(qtbot, main.search_edit)
    type_keys(qtbot, "x")
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    assert main.search_edit.text() == ""
    assert [r.title for r in records(db)] == ["科普进校园"]


def test_ctrl_y_in_a_field_redoes_the_typing_not_the_last_record(qtbot, main, db):
    """Ctrl+Y is redo to a clerk used to Windows; X11 binds a field's redo to
    Shift+Ctrl+Z only, so Ctrl+Y in the search box went to the window and put back a
    record the clerk had just taken back. A field with typing to redo redoes it."""
    add_a_record_by_the_form(qtbot, main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    click(qtbot, main.table)
    press(qtbot, Key.Key_Z, Ctrl)  # the new record taken back
    wait_idle(qtbot, main)
    assert records(db) == []
    click(qtbot, main.search_edit)
    type_keys(qtbot, "abc")
    press(qtbot, Key.Key_Z, Ctrl)
    assert main.search_edit.text() == ""
    press(qtbot, Key.Key_Y, Ctrl)
    wait_idle(qtbot, main)
    assert main.search_edit.text() == "abc"
    assert records(db) == []  # not put back behind the clerk's back


def take_back_a_new_record(qtbot, main, db) -> None:
    """A record saved by the form, then taken back from the list with Ctrl+Z: the window's
    redo could put it back."""
    add_a_record_by_the_form(qtbot, main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    click(qtbot, main.table)
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    assert records(db) == [] and main.redo_action.isEnabled()


def test_ctrl_y_in_a_field_with_nothing_to_redo_does_not_redo_a_record(qtbot, main, db):
    """On X11 Ctrl+Y in a field with no typing to redo went on to the window's redo and put
    back the record the clerk had taken back, their eyes on the field; on Windows the field
    keeps Ctrl+Y and nothing happens. Nothing happens on either now."""
    take_back_a_new_record(qtbot, main, db)
    click(qtbot, main.search_edit)
    type_keys(qtbot, "abc")  # typing, but none undone: nothing to redo
    press(qtbot, Key.Key_Y, Ctrl)
    wait_idle(qtbot, main)
    assert records(db) == []
    assert main.search_edit.text() == "abc"
    assert main.redo_action.isEnabled()  # still there, for the toolbar or the list
    bar = main.period_bar
    bar.kind_box.setCurrentIndex(bar.kind_box.findData("quarter"))
    click(qtbot, bar.year_box)
    press(qtbot, Key.Key_Y, Ctrl)  # a field with no typing at all
    wait_idle(qtbot, main)
    assert records(db) == []
    click(qtbot, main.table)  # from the list, Ctrl+Y is the records' redo
    press(qtbot, Key.Key_Y, Ctrl)
    wait_idle(qtbot, main)
    assert [r.title for r in records(db)] == ["科普进校园"]


def test_ctrl_z_in_a_field_with_nothing_to_undo_does_not_undo_a_record(qtbot, main, db):
    """The field's undo keys never cross over to the records' undo, on any platform."""
    add_a_record_by_the_form(qtbot, main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    click(qtbot, main.search_edit)
    press(qtbot, Key.Key_Z, Ctrl)  # nothing typed: nothing to undo in the field
    type_keys(qtbot, "x")
    press(qtbot, Key.Key_Z, Ctrl, times=3)  # the typing, then nothing more
    wait_idle(qtbot, main)
    assert main.search_edit.text() == ""
    assert [r.title for r in records(db)] == ["科普进校园"]
    assert main.undo_action.isEnabled()


def test_a_key_of_the_field_with_no_program_key_stays_the_fields(qtbot, main):
    """Ctrl+U clears the line on X11 (the program has no Ctrl+U); elsewhere it types
    nothing. Ctrl+E is the program's, so the field's own end-of-line is Qt's End key."""
    search = main.search_edit
    click(qtbot, search)
    type_keys(qtbot, "abc")
    press(qtbot, Key.Key_U, Ctrl)
    clears = QKeySequence("Ctrl+U") in QKeySequence.keyBindings(
        QKeySequence.StandardKey.DeleteCompleteLine
    )
    assert search.text() == ("" if clears else "abc")
    assert focus() is search


# --- the same, under a real X server -------------------------------------------------------


@pytest.mark.skipif(bool(os.environ.get(UNDER_X)), reason="this is the run under X")
def test_the_same_under_a_real_x_server():
    """This file's clerk tests again in a child run on the xcb platform, under Xvfb."""
    run_under_x(__file__)

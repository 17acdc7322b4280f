"""Ctrl+Z in another window never undoes the main window's record change (verify F7).

The window's undo stack is one list of every step, wherever it was made. The template
editor (and 汇总, 统计指标, the evidence of a record) bound Ctrl+Z and Ctrl+Y to that
whole list: with a record restored from the 回收站 in the main window, Ctrl+Z in the
template editor put it back in the bin, with nothing shown in the editor. Now a window
other than the main one undoes and redoes only steps of its own kind (the editor its
template changes, 汇总 its targets, 统计指标 its values, the evidence its files); with
another step in the way it changes nothing and says where to undo it.

Run offscreen, then once more under a real X server (Xvfb, the xcb platform), as the
field-key tests are (X11's key bindings differ).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QToolTip

from core import activities as A
from core.template import load_template
from tests import clerk
from tests.clerk import Ctrl, Key, Shift, press
from tests.conftest import wait_idle
from tests.under_x import UNDER_X, run_under_x


@pytest.fixture
def main(clerk_window):
    return clerk_window


@pytest.fixture
def deleted(qtbot, main, db, template):
    """A record the clerk moved to the 回收站 in the main window (its Delete key): the
    last step of the undo stack."""
    t = template.type_by_name("科普讲座")
    draft = A.validate_activity(template, {"type_id": t.id, "date": dt.date(2026, 3, 5),
                                           "title": "某企业"})  # fmt: skip
    (record,) = A.add_activities(db, [draft])
    main.ops.notice_changes_elsewhere()
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: main.model.row_of(record.id) >= 0)
    rect = main.table.visualRect(main.model.index(main.model.row_of(record.id), 1))
    qtbot.mouseClick(main.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    press(qtbot, Key.Key_Delete)
    wait_idle(qtbot, main)
    assert A.get_activity(db, record.id).deleted
    return record


def _in_bin(db, record) -> bool:
    return A.get_activity(db, record.id).deleted


def _undo_and_redo_keys(qtbot, main) -> None:
    for key, modifier in ((Key.Key_Z, Ctrl), (Key.Key_Y, Ctrl), (Key.Key_Z, Ctrl | Shift)):
        press(qtbot, key, modifier)
        wait_idle(qtbot, main)


def _active(qtbot, window) -> None:
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def test_ctrl_z_in_the_template_editor_leaves_the_restored_record_alone(qtbot, main, db, deleted):
    editor = main.edit_template()
    _active(qtbot, editor)
    tree = editor.tree
    first = tree.topLevelItem(0)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(first).center())  # fmt: skip
    assert clerk.focus() is tree
    assert not editor.undo_button.isEnabled()  # nothing of the editor's to undo
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    assert _in_bin(db, deleted)  # not brought back behind the clerk's back
    assert not editor.redo_button.isEnabled()
    assert "主窗口" in QToolTip.text()  # said where that step is undone
    # A field of the editor with nothing of its own to undo: the same.
    name = next(w for w in editor.findChildren(QLineEdit) if w.isVisible() and w.isEnabled())
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: clerk.focus() is name)
    _undo_and_redo_keys(qtbot, main)
    assert _in_bin(db, deleted)
    # The editor's own step is its to undo, and to redo.
    before = load_template(db).sections[0].name
    press(qtbot, Key.Key_A, Ctrl)
    clerk.write(qtbot, "改名的部分")
    clerk.enter(qtbot)
    wait_idle(qtbot, main)
    assert load_template(db).sections[0].name == "改名的部分"
    qtbot.waitUntil(editor.undo_button.isEnabled)
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    assert load_template(db).sections[0].name == before
    assert _in_bin(db, deleted)
    press(qtbot, Key.Key_Z, Ctrl)  # the next one down is the main window's: left alone
    wait_idle(qtbot, main)
    assert _in_bin(db, deleted)
    editor.close()
    # In the main window Ctrl+Z undoes every step, in turn: the record comes back.
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    main.table.setFocus()
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    assert not _in_bin(db, deleted)


def _close(qtbot, dialog) -> None:
    dialog.close()
    qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.mark.parametrize(
    "opens",
    [
        "show_summary",
        "show_indicators",
        "edit_settings",
        "export_ledger",
        "export_package",
        "restore_from_backup",
        "show_about",
    ],
)
def test_ctrl_z_in_another_window_leaves_the_record_alone(qtbot, main, db, deleted, opens):
    dialog = getattr(main, opens)()
    if dialog is None:  # opened with .open() and not returned
        dialog = clerk.wait_dialog(qtbot)
    _active(qtbot, dialog)
    _undo_and_redo_keys(qtbot, main)
    assert _in_bin(db, deleted)
    # Every widget of it that takes the focus, as the clerk tabs through it.
    for _ in range(12):
        clerk.tab(qtbot)
        if QApplication.activeWindow() is not dialog:
            break
        press(qtbot, Key.Key_Z, Ctrl)
        wait_idle(qtbot, main)
        assert _in_bin(db, deleted), f"Ctrl+Z in {clerk.focus()!r}"
    _close(qtbot, dialog)


def test_ctrl_z_in_the_evidence_of_a_record_leaves_the_deleted_record_alone(
    qtbot, main, db, template, deleted
):
    t = template.type_by_name("科普讲座")
    draft = A.validate_activity(template, {"type_id": t.id, "date": dt.date(2026, 3, 6),
                                           "title": "另一条"})  # fmt: skip
    (other,) = A.add_activities(db, [draft])
    main.ops.notice_changes_elsewhere()
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: main.model.row_of(other.id) >= 0)
    rect = main.table.visualRect(main.model.index(main.model.row_of(other.id), 1))
    qtbot.mouseClick(main.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main.selected_ids() == [other.id]
    dialog = main.show_evidence()
    _active(qtbot, dialog)
    assert clerk.focus() is dialog.view.list
    _undo_and_redo_keys(qtbot, main)
    assert _in_bin(db, deleted)
    _close(qtbot, dialog)
    # And in the record's own form (its evidence list, inside the form).
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    main.table.setFocus()
    clerk.enter(qtbot)
    form = clerk.wait_dialog(qtbot, QDialog)
    for _ in range(30):
        clerk.tab(qtbot)
        press(qtbot, Key.Key_Z, Ctrl)
        wait_idle(qtbot, main)
        assert _in_bin(db, deleted), f"Ctrl+Z in {clerk.focus()!r}"
    form.reject()


@pytest.mark.skipif(bool(os.environ.get(UNDER_X)), reason="this is the run under X")
def test_the_same_under_a_real_x_server():
    run_under_x(__file__)

"""A change that fails (the file locked, the disk full) loses only itself from undo (issue 9):
the clerk's other steps stay undoable, and the stack says what the file holds."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core import activities as A
from core.errors import TaizhangError
from tests.clerk import Ctrl, Key, press
from tests.conftest import wait_idle


@pytest.fixture
def two(db, template):
    type_id = template.sections[0].types[0].id
    made = [
        A.validate_activity(template, {"type_id": type_id, "date": dt.date(2026, 3, d), "title": t})
        for d, t in ((2, "甲培训"), (3, "乙培训"))
    ]
    return A.add_activities(db, made)


def _deleted(db, record_id) -> bool:
    return A.get_activity(db, record_id).deleted


def _delete(qtbot, window, record) -> None:
    """Click the record's row, then press Delete, as a clerk does."""
    qtbot.waitUntil(lambda: window.model.row_of(record.id) >= 0)
    index = window.model.index(window.model.row_of(record.id), 1)
    rect = window.table.visualRect(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.selected_ids() == [record.id]
    press(qtbot, Key.Key_Delete)
    wait_idle(qtbot, window)


def _failing(monkeypatch, shown: list):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    calls = []

    def locked(db, ids, deleted):
        calls.append(deleted)
        raise TaizhangError("db_busy")

    monkeypatch.setattr("core.activities.set_deleted", locked)
    return calls


def test_a_failed_undo_keeps_the_change_and_every_other_step(
    two, qtbot, clerk_window, db, monkeypatch
):
    window = clerk_window
    _delete(qtbot, window, two[0])
    _delete(qtbot, window, two[1])
    assert all(_deleted(db, a.id) for a in two)
    assert window.undo_stack.index() == 2

    real = A.set_deleted
    shown = []
    calls = _failing(monkeypatch, shown)
    press(qtbot, Key.Key_Z, Ctrl)  # undo: the file is locked
    wait_idle(qtbot, window)
    assert calls == [False]
    assert len(shown) == 1 and "占用" in shown[0]
    # Nothing came back, and the stack says so: both deletions are still undoable.
    assert all(_deleted(db, a.id) for a in two)
    assert window.undo_stack.count() == 2 and window.undo_stack.index() == 2

    monkeypatch.setattr("core.activities.set_deleted", real)
    window.table.setFocus()
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, window)
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, window)
    assert not any(_deleted(db, a.id) for a in two)
    assert window.undo_stack.index() == 0


def test_a_failed_redo_steps_back_and_can_be_tried_again(two, qtbot, clerk_window, db, monkeypatch):
    window = clerk_window
    first = two[0]
    _delete(qtbot, window, first)
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, window)
    assert not _deleted(db, first.id)

    real = A.set_deleted
    shown = []
    _failing(monkeypatch, shown)
    press(qtbot, Key.Key_Y, Ctrl)  # redo: the file is locked
    wait_idle(qtbot, window)
    assert len(shown) == 1
    assert not _deleted(db, first.id)
    assert window.undo_stack.index() == 0 and window.undo_stack.canRedo()

    monkeypatch.setattr("core.activities.set_deleted", real)
    window.table.setFocus()
    press(qtbot, Key.Key_Y, Ctrl)  # tried again, and it lands
    wait_idle(qtbot, window)
    assert _deleted(db, first.id)
    assert window.undo_stack.index() == 1

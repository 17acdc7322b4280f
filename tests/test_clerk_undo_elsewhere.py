"""An undo never takes away what another program did since (verify report F8, F2).

The clerk imports a file (or adds a record) in the window; the command line, or an
exchange package, then changes one of those records; the clerk presses Ctrl+Z. Undoing
the import removed the records for good: the other program's change, and the history of
it, were lost, and Ctrl+Y brought back only what had been imported. Now the undo looks,
inside its write transaction, at the records as the import left them: one changed since
and nothing is removed, the clerk is told why (not with the edit form's text: she edited
nothing), and the step stays to be undone once nothing stands in its way.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from core import activities as A
from core import attachments, history
from core.errors import TaizhangError
from tests import clerk
from tests.clerk import Ctrl, Key, press
from tests.conftest import wait_idle


@pytest.fixture
def main(clerk_window):
    return clerk_window


@pytest.fixture
def said(monkeypatch):
    """The texts of the warnings the window shows (the message boxes, answered at once)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def records(db):
    return list(A.iter_activities(db, A.ActivityQuery(descending=False, limit=1000)))


def _import(qtbot, main, tmp_path) -> list[A.Activity]:
    """Ctrl+I's dialog on a GBK CSV of two 科普讲座, Enter: imported."""
    path = tmp_path / "讲座.csv"
    with open(path, "w", encoding="gbk", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["日期", "活动类型", "活动名称", "听众人次"])
        rows.writerows([["2026-10-17", "科普讲座", "撤销再测一", "10"],
                        ["2026-10-18", "科普讲座", "撤销再测二", "20"]])  # fmt: skip
    clerk.open_import(qtbot, main, path)
    clerk.enter(qtbot)
    wait_idle(qtbot, main)
    return records(main.session.reader)


def _elsewhere(db, record: A.Activity, **changes) -> A.Activity:
    """Another program (the command line: its own connection to the file) changes it."""
    stored = A.get_activity(db, record.id)
    return A.update_activity(db, record.id, replace(stored, **changes), expected=stored)


def _noticed(qtbot, main) -> None:
    """The window has seen the other program's change (it looks every few seconds)."""
    main.ops.notice_changes_elsewhere()
    wait_idle(qtbot, main)


def _ctrl_z_in_the_list(qtbot, main) -> None:
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    qtbot.mouseClick(main.table.viewport(), Qt.MouseButton.LeftButton)
    clerk.settle()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is main.table)
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)


def _figure(template, type_name: str, label: str) -> int:
    return next(f.id for f in template.type_by_name(type_name).fields if f.label == label)


def test_undo_of_an_import_keeps_a_record_changed_since_elsewhere(
    qtbot, main, db, template, tmp_path, said
):
    one, two = _import(qtbot, main, tmp_path)
    audience = _figure(template, "科普讲座", "听众人次")
    _elsewhere(db, one, values={audience: 99}, notes="县长批示：重要")
    _noticed(qtbot, main)
    steps = main.undo_stack.index()

    _ctrl_z_in_the_list(qtbot, main)
    # Nothing was taken away: the other program's change and its history are there.
    kept = {r.id: r for r in records(db)}
    assert set(kept) == {one.id, two.id}
    assert (kept[one.id].values[audience], kept[one.id].notes) == (99, "县长批示：重要")
    assert [e.action for e in history.history_of(db.conn, one.id)] == ["import", "edit"]
    # Said as an undo, not as the edit form's refusal.
    assert len(said) == 1
    assert "无法撤销" in said[0] and "撤销再测一" in said[0]
    assert "您的修改没有保存" not in said[0] and "重新打开" not in said[0]
    # The step stays: once nothing stands in its way it can be undone.
    assert main.undo_stack.index() == steps
    _elsewhere(db, one, values={audience: 10}, notes="")
    _noticed(qtbot, main)
    _ctrl_z_in_the_list(qtbot, main)
    assert records(db) == []
    assert len(said) == 1


def test_undo_of_an_import_after_its_own_edit_was_undone_still_takes_it_back(
    qtbot, main, db, tmp_path, said
):
    """The records are compared by what they hold, not by their revs: the window's own
    edit, undone, leaves the record as the import left it (under a new rev)."""
    one, _two = _import(qtbot, main, tmp_path)
    main.ops.update(one.id, replace(one, location="会议室"), expected=one)
    wait_idle(qtbot, main)
    assert A.get_activity(db, one.id).location == "会议室"
    # That edit as the window's own step (as its form would push it), then undone.
    from gui.undo import EditActivity

    main.undo_stack.push(EditActivity(main.ops, one, A.get_activity(db, one.id), "edit", done=True))
    _ctrl_z_in_the_list(qtbot, main)
    assert A.get_activity(db, one.id).location == ""
    _ctrl_z_in_the_list(qtbot, main)
    assert records(db) == []
    assert said == []
    press(qtbot, Key.Key_Y, Ctrl)  # and redo brings both back
    wait_idle(qtbot, main)
    assert [r.title for r in records(db)] == ["撤销再测一", "撤销再测二"]


def test_undo_of_an_import_keeps_a_record_moved_to_the_bin_elsewhere(
    qtbot, main, db, tmp_path, said
):
    one, two = _import(qtbot, main, tmp_path)
    A.set_deleted(db, [two.id], True)  # the command line's `delete`
    _noticed(qtbot, main)
    _ctrl_z_in_the_list(qtbot, main)
    assert A.get_activity(db, two.id).deleted
    assert A.get_activity(db, one.id).title == "撤销再测一"
    assert len(said) == 1 and "撤销再测二" in said[0]


def test_undo_of_an_import_keeps_evidence_attached_since_elsewhere(qtbot, main, db, tmp_path, said):
    """The command line's `attach`: taken back with the record, its row would be gone
    (the file left in the store, pointed to by nothing)."""
    one, _two = _import(qtbot, main, tmp_path)
    sheet = tmp_path / "签到表.pdf"
    sheet.write_bytes(b"%PDF-1.4 sign-in")
    attachments.attach_files(db, one.id, [sheet])
    _noticed(qtbot, main)
    _ctrl_z_in_the_list(qtbot, main)
    assert len(records(db)) == 2
    assert [a.name for a in attachments.list_attachments(db, one.id)] == ["签到表.pdf"]
    assert len(said) == 1 and "撤销再测一" in said[0]


def test_undo_of_a_new_record_with_its_files_takes_both_back(qtbot, main, db, tmp_path, said):
    """The files saved with the record are as the step left them: no refusal."""
    from gui.activity_dialog import ActivityDialog
    from tests.test_clerk_attachments import drop_files

    sheet = tmp_path / "签到表.pdf"
    sheet.write_bytes(b"%PDF-1.4 sign-in")
    press(qtbot, Key.Key_N, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ActivityDialog)
    clerk.write(qtbot, "科普讲座")
    clerk.tab_to(qtbot, "日期")
    clerk.write(qtbot, "2026-03-05")
    clerk.tab_to(qtbot, "活动名称")
    clerk.write(qtbot, "带签到表")
    drop_files(dialog.evidence.list, [sheet])  # from the file manager onto the form's list
    clerk.enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (added,) = records(db)
    assert [a.name for a in attachments.list_attachments(db, added.id)] == ["签到表.pdf"]
    _ctrl_z_in_the_list(qtbot, main)
    assert records(db) == [] and said == []
    press(qtbot, Key.Key_Y, Ctrl)
    wait_idle(qtbot, main)
    assert [a.name for a in attachments.list_attachments(db, added.id)] == ["签到表.pdf"]
    _ctrl_z_in_the_list(qtbot, main)  # as the redo left it: taken back again
    assert records(db) == [] and said == []


def test_undo_of_a_new_record_keeps_it_when_changed_since_elsewhere(qtbot, main, db, said):
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
    (added,) = records(db)
    assert added.organizer  # the bureau's, filled in when it was stored
    _elsewhere(db, added, location="礼堂")
    _noticed(qtbot, main)
    _ctrl_z_in_the_list(qtbot, main)
    assert [(r.title, r.location) for r in records(db)] == [("科普进校园", "礼堂")]
    assert len(said) == 1 and "无法撤销" in said[0] and "科普进校园" in said[0]


def test_undo_of_an_edit_changed_since_elsewhere_says_it_cannot_be_undone(
    qtbot, main, db, template, said
):
    """F2: the refusal is right, its words were the edit form's ("您的修改没有保存…请重新
    打开…再改") though the clerk only pressed 撤销."""
    t = template.type_by_name("科普讲座")
    (record,) = A.add_activities(
        db,
        [A.validate_activity(template, {"type_id": t.id, "date": "2026-03-05", "title": "某企业"})],
    )
    _noticed(qtbot, main)
    from gui.undo import EditActivity

    after = replace(record, title="某企业X")
    main.undo_stack.push(EditActivity(main.ops, record, after, "edit"))  # the window's edit
    wait_idle(qtbot, main)
    _elsewhere(db, record, location="别处")
    _noticed(qtbot, main)
    _ctrl_z_in_the_list(qtbot, main)
    stored = A.get_activity(db, record.id)
    assert (stored.title, stored.location) == ("某企业X", "别处")
    assert len(said) == 1
    assert "无法撤销" in said[0] and "某企业X" in said[0]
    assert "您的修改没有保存" not in said[0] and "再改" not in said[0]


# --- the core's part: checked inside the write transaction ----------------------------


def _two(db, template):
    t = template.type_by_name("科普讲座")
    made = [
        A.validate_activity(template, {"type_id": t.id, "date": dt.date(2026, 3, d), "title": n})
        for d, n in ((2, "甲"), (3, "乙"))
    ]
    given = [A.with_new_id(a) for a in made]
    return given, A.add_activities(db, given)


def test_purge_as_left_refuses_when_one_record_changed_and_removes_nothing(db, template):
    given, stored = _two(db, template)
    defaults = A.written_defaults(db)
    A.update_activity(db, stored[1].id, replace(stored[1], notes="别处加的"))
    with pytest.raises(TaizhangError) as refused:
        attachments.purge_with_evidence(db, [a.id for a in given], as_left=given, filled=defaults)
    assert refused.value.key == "undo_add_changed_elsewhere"
    assert "乙" in str(refused.value)
    assert [a.title for a in records(db)] == ["甲", "乙"]
    # As left (the given records, filled in with the write's defaults): taken back.
    A.update_activity(db, stored[1].id, replace(stored[1], notes=""))
    attachments.purge_with_evidence(db, [a.id for a in given], as_left=given, filled=defaults)
    assert records(db) == []


def test_an_undo_of_an_edit_refused_is_said_as_an_undo(db, template):
    given, (one, _two_) = _two(db, template)
    edited = A.update_activity(db, one.id, replace(one, title="甲2"), expected=one)
    A.update_activity(db, one.id, replace(edited, location="别处"))
    with pytest.raises(TaizhangError) as refused:
        A.update_activity(db, one.id, one, expected=edited, refused="undo_changed_elsewhere")
    assert refused.value.key == "undo_changed_elsewhere"
    assert A.get_activity(db, one.id).location == "别处"


# --- a figure: the undo of a value writes over none entered since elsewhere -------------


def test_undo_of_a_value_in_the_grid_keeps_one_entered_since_elsewhere(qtbot, main, db, said):
    from core import indicators
    from core.periods import Period
    from tests.test_clerk_indicators import cell, click, open_grid, value

    april = Period("month", 2026, 4)
    grid = open_grid(qtbot, main)
    click(qtbot, grid, cell(grid, "科技支出", "4月"))
    clerk.write(qtbot, "7")
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, main)
    assert value(db, "科技支出", april) == 7
    spending = indicators.indicator_by_name(db, "科技支出")
    indicators.set_value(db, spending.id, april, 9)  # the command line's figure
    _noticed(qtbot, main)
    grid.activateWindow()
    qtbot.waitUntil(grid.isActiveWindow)
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    assert value(db, "科技支出", april) == 9  # not cleared over the other's 9
    assert len(said) == 1 and "无法撤销" in said[0]
    indicators.set_value(db, spending.id, april, 7)  # as the step left it: undone now
    _noticed(qtbot, main)
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    assert value(db, "科技支出", april) is None
    indicators.set_value(db, spending.id, april, 3)  # and a redo is checked the same way
    _noticed(qtbot, main)
    press(qtbot, Key.Key_Y, Ctrl)
    wait_idle(qtbot, main)
    assert value(db, "科技支出", april) == 3
    assert len(said) == 2 and "无法重做" in said[1]


def test_a_target_undone_is_refused_over_one_set_since(db):
    from core import targets

    targets.set_target(db, 2026, "row", 10)
    targets.set_target(db, 2026, "row", 12)  # elsewhere
    with pytest.raises(TaizhangError) as refused:
        targets.set_target(db, 2026, "row", None, check=True, expected=10)
    assert refused.value.key == "undo_figure_changed_elsewhere"
    assert targets.set_target(db, 2026, "row", None, check=True, expected=12) == 12

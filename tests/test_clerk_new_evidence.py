"""佐证材料 on a new record: the 签到表 and the photos taken with the form, saved by the same
保存 (a clerk once had to save, find the record again and open it to attach them)."""

from __future__ import annotations

import pytest

from core import activities as A
from core import attachments
from tests import clerk
from tests.clerk import Ctrl, Key, enter, press
from tests.conftest import wait_idle
from tests.test_clerk_attachments import drop_files


@pytest.fixture
def main(clerk_window):
    return clerk_window


@pytest.fixture
def scans(tmp_path):
    folder = tmp_path / "培训 材料"
    folder.mkdir()
    sheet = folder / "签到表.pdf"
    sheet.write_bytes(b"%PDF-1.4 sign-in sheet\n%%EOF\n")
    photo = folder / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a photo of the class")
    return sheet, photo


def records(db):
    return list(A.iter_activities(db, A.ActivityQuery(limit=100)))


def attachment_rows(db) -> int:
    return db.conn.execute("SELECT count(*) FROM attachments").fetchone()[0]


def new_form_with_files(qtbot, main, paths):
    """Ctrl+N, the type and the title typed, the files dropped on the form's evidence."""
    from gui.activity_dialog import ActivityDialog

    press(qtbot, Key.Key_N, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ActivityDialog)
    clerk.write(qtbot, "科技培训班")
    clerk.tab_to(qtbot, "活动名称")
    clerk.write(qtbot, "春季果树培训班")
    assert dialog.evidence_box.title() == "佐证材料（随记录一起保存）"
    accepted = drop_files(dialog.evidence.list, paths)
    assert accepted == (True, True)
    clerk.go_to(qtbot, dialog, "活动名称")  # back in the form, where Enter saves
    return dialog


def test_files_dropped_on_a_new_record_are_saved_with_it_in_one_step(qtbot, main, db, scans):
    dialog = new_form_with_files(qtbot, main, scans)
    shown = [dialog.evidence.list.item(r).toolTip() for r in range(dialog.evidence.list.count())]
    assert shown == [str(p) for p in scans]
    enter(qtbot)  # 保存
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, main)
    (record,) = records(db)
    assert record.title == "春季果树培训班"
    names = sorted(a.name for a in attachments.list_attachments(db, record.id))
    assert names == ["现场照片.jpg", "签到表.pdf"]
    # one step of Ctrl+Z takes the record back; Ctrl+Y brings it back with its files
    main.activateWindow()  # the desktop gives the window back its focus
    qtbot.waitUntil(main.isActiveWindow)
    main.table.setFocus()
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    assert records(db) == []
    press(qtbot, Key.Key_Y, Ctrl)
    wait_idle(qtbot, main)
    (again,) = records(db)
    assert sorted(a.name for a in attachments.list_attachments(db, again.id)) == names


def test_a_file_gone_before_the_save_saves_nothing_and_the_form_keeps_everything(
    qtbot, main, db, scans
):
    sheet, photo = scans
    dialog = new_form_with_files(qtbot, main, scans)
    content = photo.read_bytes()
    photo.unlink()  # moved away on the USB stick meanwhile
    enter(qtbot)
    wait_idle(qtbot, main)
    assert dialog.isVisible()
    assert dialog.summary.isVisible() and "现场照片.jpg" in dialog.summary.text()
    assert records(db) == [] and attachment_rows(db) == 0  # nothing half-made
    photo.write_bytes(content)  # put back: the same form saves, as typed, files and all
    enter(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, main)
    (record,) = records(db)
    assert len(attachments.list_attachments(db, record.id)) == 2


def test_save_and_new_starts_the_next_record_without_the_files(qtbot, main, db, scans):
    dialog = new_form_with_files(qtbot, main, scans[:1])
    press(qtbot, Key.Key_Return, Ctrl)  # 保存并新增
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: dialog.evidence.list.count() == 0)
    clerk.write(qtbot, "第二期培训班")  # the focus is on the title again
    enter(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, main)
    files = {r.title: len(attachments.list_attachments(db, r.id)) for r in records(db)}
    assert files == {"春季果树培训班": 1, "第二期培训班": 0}


def test_escape_with_only_files_chosen_asks_first(qtbot, main, db, scans):
    from gui.activity_dialog import ActivityDialog

    press(qtbot, Key.Key_N, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ActivityDialog)
    drop_files(dialog.evidence.list, scans)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: clerk.message_box() is not None)
    enter(qtbot)  # Enter keeps the form
    qtbot.waitUntil(lambda: clerk.message_box() is None)
    assert dialog.isVisible() and dialog.evidence.list.count() == 2
    dialog.done(0)


def test_a_folder_dropped_is_said_at_once_and_the_files_with_it_are_kept(qtbot, main, db, scans):
    from gui.activity_dialog import ActivityDialog

    sheet, _photo = scans
    press(qtbot, Key.Key_N, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ActivityDialog)
    drop_files(dialog.evidence.list, [sheet.parent, sheet])
    box = clerk.wait_dialog(qtbot, clerk.QMessageBox)
    assert str(sheet.parent) in box.text() and "不存在" in box.text()
    enter(qtbot)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.evidence.paths() == [str(sheet)]
    dialog.done(0)


def rows_of(db, activity_id) -> list:
    """Every attachment row of a record, in the bin or not."""
    return attachments.all_rows(db.conn, activity_id)


def test_undo_of_a_new_record_takes_its_evidence_and_redo_puts_it_back_as_it_was(
    qtbot, main, db, template, scans
):
    """Ctrl+Z took the record back but left its attachment rows behind, pointing at
    nothing (counted by the check and carried by every backup) until a redo."""
    sheet, _photo = scans
    other = A.add_activity(db, A.validate_activity(template, {
        "type_id": template.type_by_name("科普讲座").id, "date": "2026-03-01",
        "title": "另一场讲座"}))  # fmt: skip
    attachments.attach_files(db, other.id, [sheet])  # the same 签到表, shared in the store
    dialog = new_form_with_files(qtbot, main, scans)
    enter(qtbot)  # 保存
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, main)
    (record,) = [r for r in records(db) if r.title == "春季果树培训班"]
    saved = rows_of(db, record.id)
    assert sorted(a.name for a in saved) == ["现场照片.jpg", "签到表.pdf"]

    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    main.table.setFocus()
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    assert [r.title for r in records(db)] == ["另一场讲座"]
    assert rows_of(db, record.id) == []  # nothing left pointing at a record that is gone
    assert attachment_rows(db) == 1
    assert set(attachments.referenced(db.conn)) == {attachments.file_sha256(sheet)}
    assert attachments.problems(db) == []
    shared = attachments.list_attachments(db, other.id)
    assert [a.name for a in shared] == ["签到表.pdf"]
    assert attachments.file_of(db, shared[0]).is_file()  # the other record's file stays

    press(qtbot, Key.Key_Y, Ctrl)
    wait_idle(qtbot, main)
    assert rows_of(db, record.id) == saved  # the same files, names and times
    # Undone and redone again without waiting between the keys: the redo queued behind
    # the undo still brings back exactly what the undo took.
    press(qtbot, Key.Key_Z, Ctrl)
    press(qtbot, Key.Key_Y, Ctrl)
    wait_idle(qtbot, main)
    assert rows_of(db, record.id) == saved
    assert attachments.problems(db) == []

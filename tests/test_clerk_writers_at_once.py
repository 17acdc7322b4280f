"""A record the command line (or another window) changes while the clerk has it open in
the form: the clerk's save must not silently write back what the form was opened on
(report_faults.md finding 1: a 地点 saved by the CLI was reverted without a word)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QMessageBox

from core import activities as A
from core import bureau_file
from tests import clerk
from tests.clerk import Ctrl, Key, enter, fill, press
from tests.conftest import wait_idle


@pytest.fixture
def main(clerk_window):
    return clerk_window


@pytest.fixture
def record(db, template):
    t = template.type_by_name("科技培训班")
    draft = {"type_id": t.id, "date": "2026-03-05", "title": "春季培训",
             "values": {t.field_by_label("参训人次").id: 60}}  # fmt: skip
    return A.add_activity(db, A.validate_activity(template, draft))


def another_program_moves_it(db_path, record_id: str, place: str) -> None:
    """What `taizhang edit --id … --location …` does from another process."""
    other = bureau_file.open_bureau(db_path)
    try:
        stored = A.get_activity(other, record_id)
        A.update_activity(other, record_id, replace(stored, location=place))
    finally:
        other.close()


def back_to_the_list(qtbot, main) -> None:
    main.activateWindow()  # the desktop gives the window back its focus
    qtbot.waitUntil(lambda: clerk.focus().window() is main)
    main.table.setFocus()


def open_the_record(qtbot, main):
    from gui.activity_dialog import ActivityDialog

    main.refresh()
    wait_idle(qtbot, main)
    main.table.setFocus()
    main.table.selectRow(0)
    press(qtbot, Key.Key_Return)
    return clerk.wait_dialog(qtbot, ActivityDialog)


def test_a_save_over_a_change_made_elsewhere_is_refused_and_keeps_the_form(
    qtbot, main, db, db_path, record
):
    form = open_the_record(qtbot, main)
    another_program_moves_it(db_path, record.id, "会议室")  # while the form is open
    fill(qtbot, form, "活动名称", "秋季培训")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(form.summary.isVisible)
    assert "别处" in form.summary.text()
    assert form.isVisible() and clerk.field(form, "活动名称").text() == "秋季培训"
    stored = A.get_activity(db, record.id)
    assert (stored.title, stored.location) == ("春季培训", "会议室")  # the other change stays
    assert main.undo_stack.count() == 0


def test_an_undo_over_a_change_made_elsewhere_is_refused(
    qtbot, main, db, db_path, record, monkeypatch
):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    form = open_the_record(qtbot, main)
    fill(qtbot, form, "活动名称", "秋季培训")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert A.get_activity(db, record.id).title == "秋季培训"
    another_program_moves_it(db_path, record.id, "会议室")
    back_to_the_list(qtbot, main)
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: bool(shown))
    assert "别处" in shown[0]
    stored = A.get_activity(db, record.id)
    assert (stored.title, stored.location) == ("秋季培训", "会议室")
    assert main.undo_stack.index() == 1  # the edit is still the step to undo


def test_undo_and_redo_of_two_edits_in_turn_still_work(qtbot, main, db, record):
    for title in ("夏季培训", "秋季培训"):
        form = open_the_record(qtbot, main)
        fill(qtbot, form, "活动名称", title)
        enter(qtbot)
        wait_idle(qtbot, main)
        qtbot.waitUntil(lambda form=form: not form.isVisible())
        back_to_the_list(qtbot, main)
    seen = []
    for keys in ((Key.Key_Z, Ctrl), (Key.Key_Z, Ctrl), (Key.Key_Y, Ctrl), (Key.Key_Y, Ctrl)):
        press(qtbot, *keys)
        wait_idle(qtbot, main)
        seen.append(A.get_activity(db, record.id).title)
    assert seen == ["夏季培训", "春季培训", "夏季培训", "秋季培训"]


# --- an import confirmed after another program changed the file ----------------------


def _training_file(path):
    path.write_text("日期,活动类型,活动名称,参训人次（人次）\n2026-03-05,科技培训班,春训,10\n"
                    "2026-03-06,科技培训班,夏训,20\n", encoding="utf-8")  # fmt: skip
    return path


def test_an_import_the_command_line_made_meanwhile_is_not_added_twice(
    qtbot, main, db, db_path, tmp_path
):
    from core import importer

    path = _training_file(tmp_path / "上季度.csv")
    dialog = clerk.open_import(qtbot, main, path)
    assert dialog.import_button.isEnabled()
    other = bureau_file.open_bureau(db_path)  # `taizhang import 上季度.csv`, meanwhile
    try:
        importer.import_new(other, importer.plan_import(path, main.session.template))
    finally:
        other.close()
    enter(qtbot)
    wait_idle(qtbot, main)
    titles = sorted(a.title for a in A.iter_activities(db, A.ActivityQuery(limit=100)))
    assert titles == ["夏训", "春训"]
    assert main.undo_stack.count() == 0  # nothing of this import to take back
    assert "2" in main.statusBar().currentMessage()  # the 2 repeats skipped, said


def test_an_import_whose_field_a_template_change_removed_meanwhile_is_refused(
    qtbot, main, db, db_path, tmp_path, monkeypatch
):
    from core import template_edit
    from core.template import load_template

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dialog = clerk.open_import(qtbot, main, _training_file(tmp_path / "上季度.csv"))
    other = bureau_file.open_bureau(db_path)  # a template workbook imported elsewhere
    try:
        spec = template_edit.spec_of(load_template(other))
        training = next(t for s in spec for t in s.types if t.name == "科技培训班")
        training.fields = [f for f in training.fields if f.label != "参训人次"]
        template_edit.change_template(other, spec)
    finally:
        other.close()
    assert dialog.import_button.isEnabled()
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: bool(shown))
    assert "模板已被修改" in shown[0] and "FOREIGN KEY" not in shown[0]
    assert list(A.iter_activities(db, A.ActivityQuery(limit=100))) == []
    assert main.undo_stack.count() == 0

"""The everyday entry path, played as a clerk plays it (issue 8).

Keys go to whatever has the focus, fields are found by the label beside them, and the
result is read back from the database. Each test names the finding it proves.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core import activities as A
from tests import clerk
from tests.clerk import Ctrl, Key, enter, fill, focus, press, tab, tab_to, write
from tests.conftest import wait_idle


@pytest.fixture
def main(clerk_window):
    return clerk_window


def new_form(qtbot, main):
    from gui.activity_dialog import ActivityDialog

    press(qtbot, Key.Key_N, Ctrl)
    return clerk.wait_dialog(qtbot, ActivityDialog)


def all_records(db):
    query = A.ActivityQuery(descending=False, limit=1000)
    return list(A.iter_activities(db, query))


def open_first_record(qtbot, main):
    """The list read again, its first record opened with Enter, as a clerk opens it."""
    from gui.activity_dialog import ActivityDialog

    main.refresh()
    wait_idle(qtbot, main)
    main.table.setFocus()
    main.table.selectRow(0)
    press(qtbot, Key.Key_Return)
    return clerk.wait_dialog(qtbot, ActivityDialog)


def values_by_label(template, activity):
    return {template.fields_by_id[k].label: v for k, v in activity.values.items()}


def type_the_type(qtbot, text):
    """The form opens on its type; the clerk types over it."""
    assert clerk.label_of(focus()) == "活动类型"
    write(qtbot, text)


# --- finding 1: Enter saves, wherever the focus has been ---------------------------


def test_enter_in_the_figures_saves_the_record_after_tab_has_passed_every_field(
    qtbot, main, db, template
):
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "科技培训班")
    tab_to(qtbot, "日期")
    write(qtbot, "2026-03-05")
    tab_to(qtbot, "活动名称")
    write(qtbot, "春季果树培训班")
    tab_to(qtbot, "参训人次")
    write(qtbot, "120")
    tab_to(qtbot, "发放资料")
    write(qtbot, "300")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [stored] = all_records(db)
    assert stored.title == "春季果树培训班" and stored.date == dt.date(2026, 3, 5)
    assert values_by_label(template, stored) == {"参训人次": 120, "发放资料": 300}


def test_enter_after_the_focus_went_round_the_buttons_still_saves(qtbot, main, db):
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "科普讲座")
    tab_to(qtbot, "活动名称")
    write(qtbot, "科普进校园")
    # Round the whole form once: every button, 取消 included, has had the focus.
    for _ in range(30):
        tab(qtbot)
        if clerk.label_of(focus()) == "活动名称":
            break
    assert clerk.label_of(focus()) == "活动名称"
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [r.title for r in all_records(db)] == ["科普进校园"]


def test_ctrl_e_then_enter_writes_the_ledger(qtbot, main, db, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from gui.export_dialog import ExportDialog

    QSettings().setValue("export/folder", str(tmp_path))
    press(qtbot, Key.Key_E, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ExportDialog)
    enter(qtbot)
    qtbot.waitUntil(lambda: bool(list(tmp_path.glob("*.xlsx"))), timeout=20_000)
    qtbot.waitUntil(lambda: clerk.message_box() is not None, timeout=20_000)
    clerk.message_box().done(0)
    assert dialog.written is not None and dialog.written.parent == tmp_path


# --- finding 2: Tab follows the visible order, inputs before buttons ----------------


def test_tab_order_is_the_visible_order_with_the_figures_before_the_buttons(qtbot, main):
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "科技下乡")
    tab(qtbot)  # the figures now belong to 科技下乡
    order = [clerk.label_of(focus())] + clerk.focus_order(qtbot, focus(), 16)
    expected_fields = [
        "日期", "活动名称", "地点", "主办单位", "联合单位", "参与对象", "经办人", "备注",
        "展板", "咨询", "参与人次", "发放资料",
    ]  # fmt: skip
    assert order[: len(expected_fields)] == expected_fields
    # then the evidence to save with it: its list and 添加文件 (移除 waits for a file)
    evidence = order[len(expected_fields) : len(expected_fields) + 2]
    assert evidence == ["", "添加文件(A)…"]
    assert set(order[len(expected_fields) + 2 : len(expected_fields) + 5]) == {
        "保存",
        "保存并新增",
        "取消",
    }
    clerk.backtab(qtbot, 5)
    assert clerk.label_of(focus()) == "发放资料"  # Shift+Tab walks back the same way
    dialog.done(0)


# --- the end date: off the common path, one key away ------------------------------


def test_tab_from_the_date_goes_to_the_title_past_the_end_date_box(qtbot, main, db):
    """Most records have one date: Tab went 日期 → 至 → 活动名称, one extra Tab on every
    record (tester's L4)."""
    new_form(qtbot, main)
    type_the_type(qtbot, "座谈会")
    tab_to(qtbot, "日期")
    write(qtbot, "2026-11-20")
    tab(qtbot)
    assert clerk.label_of(focus()) == "活动名称"
    write(qtbot, "企业座谈会")
    clerk.backtab(qtbot)
    assert clerk.label_of(focus()) == "日期"  # and back the same way
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: len(all_records(db)) == 1)
    [stored] = all_records(db)
    assert (stored.date, stored.end_date) == (dt.date(2026, 11, 20), None)


def test_alt_u_ticks_the_end_date_and_puts_the_cursor_in_it(qtbot, main, db):
    """The box stays one key away: Alt+U (至(U)) ticks it and the end date is typed at once;
    Tab then goes on to 活动名称."""
    new_form(qtbot, main)
    type_the_type(qtbot, "座谈会")
    tab_to(qtbot, "日期")
    write(qtbot, "2026-11-20")
    press(qtbot, Key.Key_U, Qt_alt())
    write(qtbot, "2026-11-21")  # over the start date the field was given
    tab(qtbot)
    assert clerk.label_of(focus()) == "活动名称"
    write(qtbot, "两天的培训")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: len(all_records(db)) == 1)
    [stored] = all_records(db)
    assert (stored.date, stored.end_date) == (dt.date(2026, 11, 20), dt.date(2026, 11, 21))


def test_with_an_end_date_tab_goes_through_it_and_alt_u_again_takes_it_off(qtbot, main, db):
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "座谈会")
    tab_to(qtbot, "日期")
    write(qtbot, "2026-11-20")
    press(qtbot, Key.Key_U, Qt_alt())
    clerk.backtab(qtbot)
    assert clerk.label_of(focus()) == "日期"
    tab(qtbot)
    assert focus() is dialog.end_edit  # the end date is on the way while it is ticked
    press(qtbot, Key.Key_U, Qt_alt())  # untick: the end date is off, the cursor back
    assert not dialog.end_edit.isEnabled()
    assert clerk.label_of(focus()) == "日期"
    tab(qtbot)
    assert clerk.label_of(focus()) == "活动名称"
    write(qtbot, "座谈会")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: len(all_records(db)) == 1)
    assert all_records(db)[0].end_date is None


# --- finding 3: dates typed as shown are those dates --------------------------------


@pytest.mark.parametrize(
    "typed",
    ["2026-03-05", "2026-3-5", "2026/3/5", "2026.3.5", "2026年3月5日", "20260305"],
)
def test_a_date_typed_after_tab_is_exactly_that_date(qtbot, main, db, typed):
    new_form(qtbot, main)
    type_the_type(qtbot, "座谈会")
    tab_to(qtbot, "日期")
    write(qtbot, typed)
    tab_to(qtbot, "活动名称")
    write(qtbot, "企业座谈会")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: len(all_records(db)) == 1)
    assert all_records(db)[0].date == dt.date(2026, 3, 5)


def test_a_date_typed_over_the_field_is_exactly_that_date(qtbot, main, db):
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "座谈会")
    fill(qtbot, dialog, "日期", "2026.11.30")
    fill(qtbot, dialog, "活动名称", "年终座谈会")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: len(all_records(db)) == 1)
    assert all_records(db)[0].date == dt.date(2026, 11, 30)


@pytest.mark.parametrize("typed", ["2026-02-30", "2026-13-01", "1900-02-28"])
def test_an_impossible_date_is_refused_beside_the_field(qtbot, main, db, typed):
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "座谈会")
    tab_to(qtbot, "日期")
    write(qtbot, typed)
    tab_to(qtbot, "活动名称")
    write(qtbot, "座谈会")
    enter(qtbot)
    wait_idle(qtbot, main)
    assert dialog.isVisible()
    assert all_records(db) == []
    assert clerk.label_of(focus()) == "日期"  # the focus is on the problem
    assert focus().text() == typed  # what was typed is still there
    errors = [e.text() for e in dialog.findChildren(type(dialog.summary)) if e.isVisible()]
    assert any("日期" in text and typed in text for text in errors), errors


def test_the_calendar_popup_is_still_there(qtbot, main):
    from PySide6.QtWidgets import QCalendarWidget

    dialog = new_form(qtbot, main)
    tab_to(qtbot, "日期")
    press(qtbot, Key.Key_Down, Qt_alt())
    qtbot.waitUntil(
        lambda: any(c.isVisible() for c in QApplication.topLevelWidgets()
                    if c.findChild(QCalendarWidget) or isinstance(c, QCalendarWidget))
    )  # fmt: skip
    press(qtbot, Key.Key_Escape)
    dialog.done(0)


def Qt_alt():  # noqa: N802
    from PySide6.QtCore import Qt

    return Qt.KeyboardModifier.AltModifier


# --- finding 4: the type the box shows is the type saved ----------------------------


def test_a_partial_type_name_with_one_match_is_that_type(qtbot, main, db, template):
    new_form(qtbot, main)
    type_the_type(qtbot, "培训班")
    tab(qtbot)
    tab_to(qtbot, "活动名称")
    write(qtbot, "夏季培训")
    tab_to(qtbot, "参训人次")  # the figures shown are 科技培训班's
    write(qtbot, "45")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: len(all_records(db)) == 1)
    [stored] = all_records(db)
    assert template.type(stored.type_id).name == "科技培训班"
    assert values_by_label(template, stored) == {"参训人次": 45}


@pytest.mark.parametrize("typed", ["培训", "不存在的类型"])
def test_a_type_name_matching_several_or_none_is_refused(qtbot, main, db, typed):
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, typed)
    tab_to(qtbot, "活动名称")
    write(qtbot, "某活动")
    enter(qtbot)
    wait_idle(qtbot, main)
    assert dialog.isVisible() and all_records(db) == []
    assert clerk.label_of(focus()) == "活动类型"


# --- finding 5: 保存并新增 only for new records --------------------------------------


def test_the_edit_form_has_no_save_and_new(qtbot, main, db, template):

    t = template.type_by_name("科普讲座")
    A.add_activity(db, A.validate_activity(template, {"type_id": t.id, "date": "2026-04-02",
                                                      "title": "原讲座"}))  # fmt: skip
    dialog = open_first_record(qtbot, main)
    texts = [b.text() for b in dialog.findChildren(type(dialog.save_button)) if b.isVisible()]
    assert "保存并新增" not in texts
    fill(qtbot, dialog, "活动名称", "改后的讲座")
    press(qtbot, Key.Key_Return, Ctrl)  # the shortcut of 保存并新增 does nothing here …
    wait_idle(qtbot, main)
    [stored] = all_records(db)
    assert stored.title in ("原讲座", "改后的讲座")
    if dialog.isVisible():  # … or saves the edit; never a second record over the first
        enter(qtbot)
        wait_idle(qtbot, main)
    [stored] = all_records(db)
    assert stored.title == "改后的讲座"


# --- finding 6: 保存并新增 starts with empty figures --------------------------------


def test_save_and_new_keeps_type_date_place_organizer_partners_only(qtbot, main, db, template):
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "科技培训班")
    tab_to(qtbot, "日期")
    write(qtbot, "2026-05-01")
    for label, text in (("活动名称", "第一期"), ("地点", "青山村"), ("主办单位", "县农业农村局"),
                        ("联合单位", "县科协"), ("参与对象", "果农"), ("参训人次", "120"),
                        ("发放资料", "300")):  # fmt: skip
        tab_to(qtbot, label)
        write(qtbot, text)
    press(qtbot, Key.Key_Return, Ctrl)  # 保存并新增
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: len(all_records(db)) == 1)
    assert dialog.isVisible()
    assert clerk.label_of(focus()) == "活动名称" and focus().text() == ""
    labels = (
        "活动类型",
        "日期",
        "地点",
        "主办单位",
        "联合单位",
        "参与对象",
        "参训人次",
        "发放资料",
    )
    shown = {label: clerk.field(dialog, label) for label in labels}
    assert shown["活动类型"].currentText() == "科技培训班"
    assert shown["日期"].text() == "2026-05-01"
    assert shown["地点"].text() == "青山村"
    assert shown["主办单位"].text() == "县农业农村局"
    assert shown["联合单位"].text() == "县科协"
    assert shown["参与对象"].text() == ""
    assert shown["参训人次"].text().strip() in ("", "人次")
    assert shown["发放资料"].text().strip() in ("", "册")
    write(qtbot, "第二期")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: len(all_records(db)) == 2)
    second = next(r for r in all_records(db) if r.title == "第二期")
    assert second.values == {} and second.location == "青山村" and second.audience == ""


# --- finding 7: Esc asks before throwing a filled form away -------------------------


def test_escape_on_a_filled_form_asks_and_enter_keeps_the_form(qtbot, main, db):
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "科普讲座")
    tab_to(qtbot, "活动名称")
    write(qtbot, "未保存的讲座")
    press(qtbot, Key.Key_Escape)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    assert "放弃未保存的内容" in box.text()
    enter(qtbot)  # the default answer keeps the form
    qtbot.waitUntil(lambda: clerk.message_box() is None)
    assert dialog.isVisible()
    assert clerk.field(dialog, "活动名称").text() == "未保存的讲座"
    press(qtbot, Key.Key_Escape)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    discard = next(b for b in box.buttons() if "放弃" in b.text())
    discard.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert all_records(db) == []


def test_escape_on_an_untouched_form_just_closes_it(qtbot, main):
    dialog = new_form(qtbot, main)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert clerk.message_box() is None


# --- finding 8: duplicates are said before they are stored --------------------------


def test_a_record_like_an_existing_one_is_warned_about(qtbot, main, db, template):
    t = template.type_by_name("科普讲座")
    A.add_activity(db, A.validate_activity(template, {"type_id": t.id, "date": "2026-04-02",
                                                      "title": "科普讲座进社区"}))  # fmt: skip
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "科普讲座")
    tab_to(qtbot, "日期")
    write(qtbot, "2026-04-02")
    tab_to(qtbot, "活动名称")
    write(qtbot, "科普讲座进社区")
    enter(qtbot)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    assert "相同" in box.text()
    enter(qtbot)  # 返回修改, the default
    qtbot.waitUntil(lambda: clerk.message_box() is None)
    wait_idle(qtbot, main)
    assert dialog.isVisible() and len(all_records(db)) == 1
    enter(qtbot)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    next(b for b in box.buttons() if "仍然保存" in b.text()).click()
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: len(all_records(db)) == 2)


def test_a_title_pasted_with_a_zero_width_space_is_warned_about_too(qtbot, main, db, template):
    """The saved title came from WeChat with a zero-width space; the clerk types it by hand."""
    t = template.type_by_name("科技培训班")
    A.add_activity(db, A.validate_activity(template, {"type_id": t.id, "date": "2026-04-02",
                                                      "title": "零\u200b宽培训班"}))  # fmt: skip
    new_form(qtbot, main)
    type_the_type(qtbot, "科技培训班")
    tab_to(qtbot, "日期")
    write(qtbot, "2026-04-02")
    tab_to(qtbot, "活动名称")
    write(qtbot, "零宽培训班")
    enter(qtbot)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    assert "相同" in box.text()
    enter(qtbot)  # 返回修改
    wait_idle(qtbot, main)
    assert len(all_records(db)) == 1


def test_ctrl_d_then_enter_warns_of_the_exact_copy(qtbot, main, db, template):
    from gui.activity_dialog import ActivityDialog

    t = template.type_by_name("科普讲座")
    A.add_activity(db, A.validate_activity(template, {"type_id": t.id, "date": "2026-04-02",
                                                      "title": "讲座"}))  # fmt: skip
    main.refresh()
    wait_idle(qtbot, main)
    main.table.setFocus()
    main.table.selectRow(0)
    press(qtbot, Key.Key_D, Ctrl)
    clerk.wait_dialog(qtbot, ActivityDialog)
    enter(qtbot)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    assert "相同" in box.text()
    enter(qtbot)
    wait_idle(qtbot, main)
    assert len(all_records(db)) == 1


# --- issue 10, item 5: the form offers what the template offers -----------------------


def _archive(db, type_name):
    from core import template_edit as E
    from core.template import load_template

    spec = E.spec_of(load_template(db))
    for section in spec:
        for t in section.types:
            if t.name == type_name:
                t.archived = True
    E.change_template(db, spec)


def test_an_archived_type_is_not_offered_but_its_records_still_edit(qtbot, main, db, template):
    from gui.activity_dialog import ActivityDialog

    lecture = template.type_by_name("科普讲座")
    talks = lecture.field_by_label("听众人次").id
    draft = {"type_id": lecture.id, "date": "2026-04-02", "title": "旧讲座",
             "values": {talks: 80}}  # fmt: skip
    A.add_activity(db, A.validate_activity(template, draft))
    _archive(db, "科普讲座")
    main.on_template_changed()
    main.refresh()
    wait_idle(qtbot, main)
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "科普讲座")  # no longer offered for new entry
    tab_to(qtbot, "活动名称")
    write(qtbot, "新讲座")
    enter(qtbot)
    wait_idle(qtbot, main)
    assert dialog.isVisible() and len(all_records(db)) == 1
    dialog.done(0)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    main.table.setFocus()
    main.table.selectRow(0)
    press(qtbot, Key.Key_Return)  # an old record of it still opens, with its figure
    editing = clerk.wait_dialog(qtbot, ActivityDialog)
    assert clerk.field(editing, "活动类型").currentText() == "科普讲座"
    assert clerk.field(editing, "听众人次").text() == "80"
    fill(qtbot, editing, "听众人次", "90")
    enter(qtbot)
    wait_idle(qtbot, main)
    [stored] = all_records(db)
    assert stored.type_id == lecture.id and stored.values == {talks: 90}


def test_changing_the_type_and_back_keeps_what_was_typed(qtbot, main, db, template):
    """Down then Up on 活动类型 of an edit wiped 参训人次 (the type passed over has no such
    field); typing the type's name letter by letter wiped every figure."""

    training = template.type_by_name("科技培训班")
    figures = {"参训人次": 60, "发放资料": 100}
    draft = {"type_id": training.id, "date": "2026-04-02", "title": "青年科技人才培训",
             "values": {training.field_by_label(k).id: v for k, v in figures.items()}}  # fmt: skip
    A.add_activity(db, A.validate_activity(template, draft))
    editing = open_first_record(qtbot, main)
    clerk.go_to(qtbot, editing, "活动类型")

    def shown() -> dict:
        return {k: clerk.field(editing, k).text() for k in figures}

    press(qtbot, Key.Key_Down)
    assert clerk.field(editing, "活动类型").currentText() != "科技培训班"
    press(qtbot, Key.Key_Up)
    assert clerk.field(editing, "活动类型").currentText() == "科技培训班"
    assert shown() == {"参训人次": "60", "发放资料": "100"}
    press(qtbot, Key.Key_A, Ctrl)
    write(qtbot, "科技下乡")  # typed over, as the box is the keyboard's way in
    assert clerk.field(editing, "发放资料").text() == "100"  # 科技下乡 has it too
    press(qtbot, Key.Key_A, Ctrl)
    write(qtbot, "科技培训班")
    assert shown() == {"参训人次": "60", "发放资料": "100"}
    enter(qtbot)
    wait_idle(qtbot, main)
    [stored] = all_records(db)
    by_label = {template.fields_by_id[k].label: v for k, v in stored.values.items()}
    assert by_label == figures


# --- after a save, the keys act on the record just saved ---------------------------


def test_after_a_save_enter_opens_the_record_just_saved_and_delete_deletes_it(qtbot, main, db):
    from gui.activity_dialog import ActivityDialog

    press(qtbot, Key.Key_F, Ctrl)  # the clerk looked something up first
    assert focus() is main.search_edit
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "科普讲座")
    tab_to(qtbot, "日期")
    write(qtbot, dt.date.today().isoformat())  # in the period the window shows
    tab_to(qtbot, "活动名称")
    write(qtbot, "科普进校园")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [stored] = all_records(db)
    assert main.selected_ids() == [stored.id]
    main.activateWindow()  # the desktop gives the window back its focus
    qtbot.waitUntil(lambda: focus().window() is main)
    # The row shows selected: Enter and Delete are for it, wherever the focus was before.
    enter(qtbot)
    again = clerk.wait_dialog(qtbot, ActivityDialog)
    assert clerk.field(again, "活动名称").text() == "科普进校园"
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not again.isVisible())
    main.activateWindow()
    qtbot.waitUntil(lambda: focus().window() is main)
    press(qtbot, Key.Key_Delete)
    wait_idle(qtbot, main)
    assert A.get_activity(db, stored.id).deleted


def test_the_window_opens_with_the_list_focused(qtbot, app, db_path, db):
    """As the program opens it: arrow keys, Enter and Delete go to the records at once."""
    from gui import app as gui_app

    opened = gui_app.open_window(db_path)
    qtbot.addWidget(opened)
    opened.show_fitted()
    opened.activateWindow()
    qtbot.waitUntil(opened.isActiveWindow)
    assert focus() is opened.table
    opened.close()
    opened.quitting.wait()


def test_file_dialogs_start_in_the_documents_folder_or_a_remembered_one_that_still_is(
    qtbot, main, monkeypatch, tmp_path
):
    """Nothing remembered (or the USB stick of last time gone): the dialogs opened in the
    program's working folder (the install folder, System32 from some shortcuts)."""
    from PySide6.QtCore import QSettings, QStandardPaths

    from gui import file_dialogs

    started = []
    monkeypatch.setattr(
        file_dialogs, "open_file_name", lambda *a, **k: (started.append(a[2]), "")[1]
    )
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = documents if os.path.isdir(documents) else str(Path.home())
    QSettings().setValue("exchange/folder", str(tmp_path / "拔掉的U盘"))  # no longer there
    stick = tmp_path / "U盘"
    stick.mkdir()
    QSettings().setValue("import/folder", str(stick))
    press(qtbot, Key.Key_I, Ctrl)  # 导入
    main.import_package_action.trigger()  # 文件 → 导入交换包…, as the menu item is clicked
    press(qtbot, Key.Key_O, Ctrl)  # 打开数据库
    assert started == [str(stick), expected, str(main.session.path.parent)]
    saved = []
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (saved.append(a[2]), "")[1])
    main.new_db_action.trigger()  # 文件 → 新建数据库…
    assert [str(Path(s).parent) for s in saved] == [expected]


def test_ctrl_n_opens_on_the_type_chosen_in_the_tree(qtbot, main, db, template):
    """科技下乡 clicked in the tree, then Ctrl+N: the form opened on 项目申报, the first type,
    and a clerk in a hurry saved a 项目申报."""
    tree = main.tree
    wanted = "科技下乡"
    items = [tree.topLevelItem(0)]
    while items and items[0].text(0) != wanted:
        item = items.pop(0)
        items += [item.child(i) for i in range(item.childCount())]
    tree.scrollToItem(items[0])
    rect = tree.visualItemRect(items[0])
    qtbot.mouseClick(tree.viewport(), clerk.Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = new_form(qtbot, main)
    assert dialog.type_box.currentText() == wanted
    assert "展板" in [clerk.label_of(w) for w in dialog.findChildren(QWidget) if w.isVisible()]
    press(qtbot, Key.Key_Escape)


def test_an_edit_in_the_window_keeps_long_texts_and_the_notes_exactly(qtbot, main, db, template):
    """Saving a record in the form cut 活动名称, 地点… to 32,767 characters (a line box's
    default limit) and turned the non-breaking spaces of 备注 into plain ones, silently."""

    training = template.type_by_name("科技培训班")
    long = "长" * 40_000
    notes = "网页\u00a0粘贴\u00a0的文字\u2028第二行"
    draft = {"type_id": training.id, "date": "2026-04-02", "title": long, "location": long,
             "notes": notes, "values": {training.field_by_label("参训人次").id: 60}}  # fmt: skip
    A.add_activity(db, A.validate_activity(template, draft))
    [before] = all_records(db)
    assert before.notes == "网页\u00a0粘贴\u00a0的文字\n第二行"  # every line break a \n
    editing = open_first_record(qtbot, main)
    fill(qtbot, editing, "参训人次", "61")
    enter(qtbot)
    wait_idle(qtbot, main)
    [after] = all_records(db)
    assert not editing.isVisible()
    assert (len(after.title), len(after.location)) == (40_000, 40_000)
    assert after.notes == before.notes
    # a new record, its title pasted whole
    main.activateWindow()  # the desktop gives the window back its focus
    qtbot.waitUntil(lambda: focus().window() is main)
    dialog = new_form(qtbot, main)
    type_the_type(qtbot, "科技培训班")
    tab_to(qtbot, "活动名称")
    write(qtbot, "新" * 35_000)
    enter(qtbot)
    wait_idle(qtbot, main)
    assert not dialog.isVisible()
    assert sorted(len(a.title) for a in all_records(db)) == [35_000, 40_000]


def test_records_another_program_saves_show_in_the_open_window(qtbot, main, db_path):
    """`exchange import` from the command line while the window was open: the window went
    on showing 8 records and their totals, the file held 17."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    assert main.model.rowCount() == 0
    done = subprocess.run(
        [sys.executable, str(root / "main.py"), "--db", str(db_path), "add", "--type", "科普讲座",
         "--date", dt.date.today().isoformat(), "--title", "命令行录入的讲座"],
        capture_output=True, text=True, timeout=60, env={**os.environ},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=10_000)
    assert main.model.activity(0).title == "命令行录入的讲座"

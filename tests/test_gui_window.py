"""The main window driven as a clerk would: keys and clicks, then what the table shows."""

import csv
import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core import activities as A
from core.periods import Period
from gui.activity_model import ID_ROLE
from tests.conftest import type_text, wait_idle


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.ControlModifier):
    """A shortcut as the user presses it, with the window active again after a dialog."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, key, modifier)


def titles(window):
    model = window.model
    return [model.index(r, 2).data() for r in range(model.rowCount())]


def add(db, template, type_name, date, title, **by_label):
    t = template.type_by_name(type_name)
    values = {t.field_by_label(k).id: v for k, v in by_label.items()}
    draft = {"type_id": t.id, "date": date, "title": title, "values": values}
    return A.add_activity(db, A.validate_activity(template, draft))


def select_row(qtbot, window, title):
    """A click on the record's row, as a person selects it."""
    row = titles(window).index(title)
    table = window.table
    table.scrollTo(window.model.index(row, 0))
    cell = table.visualRect(window.model.index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    table.setFocus()
    return row


def set_all_periods(window):
    window.period_bar.set_period(None, emit=True)


def test_add_a_record_with_the_keyboard(qtbot, window, db, template):
    set_all_periods(window)
    press(qtbot, window, Qt.Key.Key_N)
    dialog = _open_dialog(window)
    choose_type(dialog, "科普讲座")
    assert [dialog.template.fields_by_id[i].label for i in dialog._field_widgets] == ["听众人次"]
    dialog.date_edit.set_date(dt.date(2026, 3, 5))
    type_text(dialog.title_edit, "科普进校园讲座")
    type_text(dialog.text_edits["location"], "县第一中学")
    spin = next(iter(dialog._field_widgets.values()))
    spin.selectAll()
    type_text(spin, "350")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)  # Enter saves
    wait_idle(qtbot, window)
    assert not dialog.isVisible()
    assert titles(window) == ["科普进校园讲座"]
    stored = A.get_activity(db, window.model.index(0, 0).data(ID_ROLE))
    lecture = template.type_by_name("科普讲座")
    assert stored.type_id == lecture.id and stored.location == "县第一中学"
    assert stored.values == {lecture.field_by_label("听众人次").id: 350}
    assert stored.date == dt.date(2026, 3, 5)
    assert window.count_label.text() == "共 1 条记录"
    assert "350" in window.totals_label.full_text()


def choose_type(dialog, name):
    """Type the type's name over what the box shows, as after tabbing into it."""
    dialog.type_box.lineEdit().selectAll()
    type_text(dialog.type_box.lineEdit(), name)


def _open_dialog(window):
    from gui.activity_dialog import ActivityDialog

    dialogs = [d for d in window.findChildren(ActivityDialog) if d.isVisible()]
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


def test_problems_are_shown_beside_the_field_and_nothing_is_saved(qtbot, window, db):
    dialog = window.new_activity()
    choose_type(dialog, "项目申报")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog._errors["title"].isVisible() and "活动名称" in dialog._errors["title"].text()
    wait_idle(qtbot, window)
    assert A.count_activities(db, A.ActivityQuery()) == 0
    dialog.reject()


def test_save_and_new_keeps_type_date_and_place(qtbot, window, db, template):
    set_all_periods(window)
    dialog = window.new_activity()
    choose_type(dialog, "科技下乡")
    dialog.date_edit.set_date(dt.date(2026, 5, 1))
    type_text(dialog.title_edit, "第一场")
    type_text(dialog.text_edits["location"], "青山村")
    dialog.save_new_button.click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.title_edit.text() == "")
    assert dialog.isVisible()
    assert dialog.type_box.currentText() == "科技下乡"
    assert dialog.text_edits["location"].text() == "青山村"
    assert dialog.date_edit.date() == dt.date(2026, 5, 1)
    type_text(dialog.title_edit, "第二场")
    dialog.save_button.click()
    wait_idle(qtbot, window)
    assert sorted(titles(window)) == ["第一场", "第二场"]


def test_edit_delete_restore_undo_redo(qtbot, window, db, template):
    add(db, template, "科技培训班", "2026-02-01", "旧名称", 参训人次=10)
    set_all_periods(window)
    select_row(qtbot, window, "旧名称")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    dialog = _open_dialog(window)
    assert dialog.title_edit.text() == "旧名称"
    dialog.title_edit.clear()
    type_text(dialog.title_edit, "新名称")
    dialog.save_button.click()
    wait_idle(qtbot, window)
    assert titles(window) == ["新名称"]

    press(qtbot, window, Qt.Key.Key_Z)
    wait_idle(qtbot, window)
    assert titles(window) == ["旧名称"]
    assert len(window.selected_ids()) == 1  # the record undone stays selected, Ctrl or not
    press(qtbot, window, Qt.Key.Key_Y)
    wait_idle(qtbot, window)
    assert titles(window) == ["新名称"]
    assert len(window.selected_ids()) == 1

    select_row(qtbot, window, "新名称")
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    assert titles(window) == []
    assert A.count_activities(db, A.ActivityQuery(deleted=True)) == 1

    window.bin_action.trigger()  # the recycle bin
    wait_idle(qtbot, window)
    assert window.bin_banner.isVisible() and titles(window) == ["新名称"]
    select_row(qtbot, window, "新名称")
    assert window.restore_action.isEnabled() and not window.delete_action.isEnabled()
    window.restore_action.trigger()
    wait_idle(qtbot, window)
    assert titles(window) == []
    assert "已从回收站恢复 1 条记录" in window.statusBar().currentMessage()
    window.bin_action.trigger()
    wait_idle(qtbot, window)
    assert titles(window) == ["新名称"]

    window.undo_action.trigger()  # undo the restore: back in the bin
    wait_idle(qtbot, window)
    assert titles(window) == []
    window.undo_action.trigger()  # undo the delete
    wait_idle(qtbot, window)
    assert titles(window) == ["新名称"]


def test_undo_of_add_removes_it(qtbot, window, db, template):
    set_all_periods(window)
    dialog = window.new_activity()
    choose_type(dialog, "座谈会")
    type_text(dialog.title_edit, "企业座谈会")
    dialog.save_button.click()
    wait_idle(qtbot, window)
    assert titles(window) == ["企业座谈会"]
    window.undo_action.trigger()
    wait_idle(qtbot, window)
    assert titles(window) == [] and A.count_activities(db, A.ActivityQuery(deleted=True)) == 0
    window.redo_action.trigger()
    wait_idle(qtbot, window)
    assert titles(window) == ["企业座谈会"]


def test_duplicate(qtbot, window, db, template):
    add(db, template, "科普讲座", "2026-04-02", "讲座", 听众人次=80)
    set_all_periods(window)
    select_row(qtbot, window, "讲座")
    window.duplicate_action.trigger()
    dialog = _open_dialog(window)
    assert dialog.title_edit.text() == "讲座" and not dialog.editing
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.like_box.isVisible())  # an exact copy: asked first
    next(b for b in dialog.like_box.buttons() if b.text() == "仍然保存").click()
    wait_idle(qtbot, window)
    ids = {window.model.index(r, 0).data(ID_ROLE) for r in range(2)}
    assert titles(window) == ["讲座", "讲座"] and len(ids) == 2


def test_filter_by_period_type_and_text(qtbot, window, db, template):
    add(db, template, "科普讲座", "2026-02-10", "一季度讲座")
    add(db, template, "科技培训班", "2026-03-10", "一季度培训")
    add(db, template, "科普讲座", "2026-05-10", "二季度讲座")
    window.period_bar.set_period(Period("quarter", 2026, 1), emit=True)
    wait_idle(qtbot, window)
    assert sorted(titles(window)) == ["一季度培训", "一季度讲座"]
    lecture = template.type_by_name("科普讲座")
    assert window.tree.count_text(lecture.id) == "1"
    window.tree.select(None, lecture.id)
    wait_idle(qtbot, window)
    assert titles(window) == ["一季度讲座"]
    window.tree.select(None, None)
    window.period_bar.set_period(Period("year", 2026), emit=True)
    press(qtbot, window, Qt.Key.Key_F)
    assert window.search_edit.hasFocus()
    type_text(window.search_edit, "讲座")
    qtbot.waitUntil(lambda: sorted(titles(window)) == ["一季度讲座", "二季度讲座"])
    window.search_edit.clear()
    type_text(window.search_edit, "培")
    qtbot.waitUntil(lambda: titles(window) == ["一季度培训"])


def test_export_then_read_the_workbook(qtbot, window, db, template, tmp_path, monkeypatch):
    add(db, template, "科技培训班", "2026-01-15", "=冬季培训班", 参训人次=120, 发放资料=300)
    dialog = window.export_ledger()
    dialog.period_bar.set_period(Period("quarter", 2026, 1), emit=True)
    assert dialog.name_edit.text() == "某某县科技局2026年第一季度工作台账.xlsx"
    dialog.folder_edit.setText(str(tmp_path))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20_000)
    dialog.message_box.done(0)
    path = tmp_path / "某某县科技局2026年第一季度工作台账.xlsx"
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[0] == "汇总"
    values = [c for row in workbook["八、科普宣传与培训"].iter_rows(values_only=True) for c in row]
    assert "=冬季培训班" in values and 120 in values and 300 in values


def test_export_to_a_file_held_open_offers_retry(qtbot, window, db, template, tmp_path,
                                                 monkeypatch):  # fmt: skip
    add(db, template, "科普讲座", "2026-01-15", "讲座")
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"the clerk's earlier ledger")
    lock = tmp_path / "~$台账.xlsx"
    lock.write_bytes(b"lock")  # Excel/WPS has it open
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog = window.export_ledger()
    dialog.period_bar.set_period(Period("quarter", 2026, 1), emit=True)
    dialog.folder_edit.setText(str(tmp_path))
    dialog.name_edit.setText("台账.xlsx")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "retry_box", None) is not None, timeout=20_000)
    assert "Excel" in dialog.retry_box.text()
    assert target.read_bytes() == b"the clerk's earlier ledger"  # nothing lost
    lock.unlink()  # the clerk closed Excel
    retry = next(b for b in dialog.retry_box.buttons() if b.text() == "重试")
    retry.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20_000)
    dialog.message_box.done(0)
    assert openpyxl.load_workbook(target).sheetnames[0] == "汇总"


def test_import_with_errors_lists_them_and_writes_nothing(qtbot, window, db, tmp_path):
    path = tmp_path / "导入.csv"
    with open(path, "w", encoding="gbk", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["日期", "活动类型", "活动名称", "参训人次"])
        writer.writerow(["2026/3/5", "科技培训班", "好的一行", "120"])
        writer.writerow(["2026/2/30", "科技培训班", "坏日期", "10"])
        writer.writerow(["2026/3/6", "不存在的类型", "坏类型", ""])
    dialog = window.import_file(str(path))
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    assert dialog.errors.isVisible() and dialog.errors.rowCount() >= 2
    rows = {dialog.errors.item(r, 0).text() for r in range(dialog.errors.rowCount())}
    assert rows == {"3", "4"}
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    wait_idle(qtbot, window)
    assert A.count_activities(db, A.ActivityQuery()) == 0


def test_import_confirmed_adds_and_can_be_undone(qtbot, window, db, tmp_path):
    path = tmp_path / "导入.csv"
    path.write_text("日期,活动类型,活动名称,听众人次\n2026-03-05,科普讲座,甲,1\n2026-03-06,科普讲座,乙,2\n",
                    encoding="utf-8-sig")  # fmt: skip
    set_all_periods(window)
    dialog = window.import_file(str(path))
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    wait_idle(qtbot, window)
    assert sorted(titles(window)) == ["乙", "甲"]
    window.undo_action.trigger()
    wait_idle(qtbot, window)
    assert titles(window) == []


def test_settings_dialog_changes_bureau(qtbot, window):
    dialog = window.edit_settings()
    dialog.unit_edit.clear()
    ok = dialog.ok_button
    assert not ok.isEnabled()  # the bureau is required
    type_text(dialog.unit_edit, "另一个县科技局")
    ok.click()
    wait_idle(qtbot, window)
    assert window.session.unit_name == "另一个县科技局"
    assert "另一个县科技局" in window.windowTitle()


@pytest.mark.parametrize("period", ["2026Q1", "all"])
def test_period_is_remembered(qtbot, session, window, period):
    from gui.main_window import MainWindow
    from gui.session import Session

    window.period_bar.set_code(period)
    window.close()
    qtbot.waitUntil(lambda: window.quitting.finished, timeout=10_000)
    again = MainWindow(Session(session.path))  # the window closed its own file
    qtbot.addWidget(again)
    assert again.period_bar.code() == period
    wait_idle(qtbot, again)


def test_the_window_title_names_the_program_once(window):
    """The platform adds the program's name to every window title (``— 科技工作台账``): the
    title itself names the bureau and the file, so the name does not show twice."""
    from PySide6.QtWidgets import QApplication

    name = QApplication.applicationDisplayName()
    assert name == "科技工作台账"
    assert window.windowTitle() == f"某某县科技局 — {window.session.path.name}"
    assert name not in window.windowTitle()


def test_every_dialog_fits_the_screen_it_opens_on(qtbot, window, db, template):
    """At 150 % a 1366×768 screen has 911×472 points of room: the record form (620×610
    with its evidence), 汇总 (1180×640) and the template editor opened with their buttons
    below the bottom edge."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication, QDialog

    from gui.screen_fit import fit_on_screen

    add(db, template, "科技培训班", "2026-03-05", "小屏幕上的记录", 参训人次=20)
    set_all_periods(window)
    window.refresh()
    wait_idle(qtbot, window)
    select_row(qtbot, window, "小屏幕上的记录")
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog))
    form = QApplication.activeModalWidget()
    small = QRect(0, 0, 911, 472)
    fit_on_screen(form, small)
    assert form.height() <= 472 and form.width() <= 911
    save = form.save_button
    corner = save.mapTo(form, save.rect().bottomRight())
    assert form.rect().contains(corner)  # 保存 in reach: the fields scroll instead
    form.reject()
    from gui.summary_view import SummaryDialog
    from gui.template_editor import TemplateEditor
    from tests.clerk import wait_dialog

    room = window.screen().availableGeometry()
    for opened, kind in (
        (lambda: press(qtbot, window, Qt.Key.Key_L), SummaryDialog),  # Ctrl+L
        (window.template_action.trigger, TemplateEditor),  # 设置 → 台账模板…, clicked
    ):
        opened()
        dialog = wait_dialog(qtbot, kind)
        assert room.contains(dialog.frameGeometry()), (dialog, dialog.frameGeometry(), room)
        dialog.close()


def test_the_recycle_bin_lists_what_was_deleted_whatever_the_period(qtbot, window, db, template):
    """Five records of July deleted, the window on 第四季度: the bin said 共 0 条记录, and only
    the clerk who remembered the activities' dates found them."""
    from core.periods import parse_period

    july = add(db, template, "科普讲座", "2026-07-15", "七月的讲座")
    A.set_deleted(db, [july.id], True)
    window.period_bar.set_period(parse_period("2026Q4"), emit=True)
    wait_idle(qtbot, window)

    press(qtbot, window, Qt.Key.Key_B)  # Ctrl+B, the bin
    wait_idle(qtbot, window)

    assert titles(window) == ["七月的讲座"]
    assert not window.period_bar.isEnabled()
    press(qtbot, window, Qt.Key.Key_B)
    wait_idle(qtbot, window)
    assert titles(window) == [] and window.period_bar.isEnabled()


def test_a_message_box_does_not_break_its_second_line_inside_a_phrase(qtbot, window):
    """放弃未保存的内容？ was 197 px wide: “表单中有尚未保存的 / 内容。” on two lines."""
    from PySide6.QtWidgets import QLabel, QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Question, "科技工作台账", "放弃未保存的内容？", parent=window
    )
    box.setInformativeText("表单中有尚未保存的内容。")
    box.open()
    qtbot.waitExposed(box)
    label = box.findChild(QLabel, "qt_msgbox_informativelabel")
    one_line = label.fontMetrics().horizontalAdvance(label.text())
    assert label.width() >= one_line
    box.done(0)


def test_the_undo_and_redo_tips_say_their_keys(qtbot, window):
    """撤销(U) and 重做(R) were the only toolbar tips without their keys."""
    from PySide6.QtGui import QUndoCommand

    assert window.undo_action.toolTip().endswith("（Ctrl+Z）")
    window.undo_stack.push(QUndoCommand("新增“提示”"))  # the text follows the last change
    tip = window.undo_action.toolTip()
    assert "提示" in tip and "(U)" not in tip and tip.endswith("（Ctrl+Z）")
    window.undo_stack.undo()
    assert window.redo_action.toolTip().endswith("（Ctrl+Y）")
    window.undo_stack.clear()


def test_a_dialog_left_where_a_second_screen_was_comes_back_on_screen(qtbot, window):
    """A window at negative coordinates (a monitor to the left, unplugged) stayed there:
    only the right and bottom edges were pulled back. (Review finding.)"""
    from PySide6.QtWidgets import QDialog

    from gui.screen_fit import fit_on_screen

    dialog = QDialog(window)
    dialog.resize(300, 200)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.move(-1500, -400)
    room = window.screen().availableGeometry()
    fit_on_screen(dialog, room)
    assert room.contains(dialog.frameGeometry().topLeft()), dialog.frameGeometry()
    dialog.move(room.x(), room.y())  # the corner the window system reports for a moment
    fit_on_screen(dialog, room)
    assert dialog.frameGeometry().topLeft() == room.topLeft()  # not moved: nothing said so
    dialog.close()

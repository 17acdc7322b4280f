"""The other forms, played at the keyboard: Enter is the main action, Esc asks when
something was typed, Tab goes through the inputs before the buttons (issue 8)."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from core import activities as A
from core import backups
from core.errors import TaizhangError
from tests import clerk
from tests.clerk import Ctrl, Key, enter, fill, focus, press, tab, tab_to, write
from tests.conftest import wait_idle


@pytest.fixture
def main(clerk_window):
    return clerk_window


def all_records(db):
    return list(A.iter_activities(db, A.ActivityQuery(limit=1000)))


def test_settings_enter_in_a_field_saves(qtbot, main):
    from gui.settings_dialog import SettingsDialog

    main.edit_settings()
    dialog = clerk.wait_dialog(qtbot, SettingsDialog)
    assert clerk.label_of(focus()) == "填报单位"
    press(qtbot, Key.Key_A, Ctrl)
    write(qtbot, "另一个县科学技术局")
    tab_to(qtbot, "填报人")
    press(qtbot, Key.Key_A, Ctrl)
    write(qtbot, "李四")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert (main.session.unit_name, main.session.staff_name) == ("另一个县科学技术局", "李四")


def test_correcting_the_unit_asks_whether_this_databases_records_follow(qtbot, main, db,
                                                                         template):  # fmt: skip
    """A bureau that corrected its name got a ledger split in two: a 填报单位 column and a
    分单位汇总 as if two townships had reported."""
    from gui.settings_dialog import SettingsDialog

    lecture = template.type_by_name("科普讲座")
    draft = {"type_id": lecture.id, "date": "2026-03-05", "title": "改名前的讲座"}
    A.add_activity(db, A.validate_activity(template, draft))  # 主办单位 left to the default
    draft = {**draft, "title": "科协办的", "organizer": "县科协"}
    A.add_activity(db, A.validate_activity(template, draft))
    main.settings_action.trigger()  # 文件 → 填报单位和填报人…, as the menu item is clicked
    clerk.wait_dialog(qtbot, SettingsDialog)
    press(qtbot, Key.Key_A, Ctrl)
    write(qtbot, "某某县科学技术局")
    enter(qtbot)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    assert "2 条记录" in box.text() and "某某县科技局" in box.text()
    # the 主办单位 filled in from the old name follows (F3), and the question says so
    assert "其中 1 条的主办单位也是“某某县科技局”" in box.informativeText()
    enter(qtbot)  # 是, the default
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: main.session.unit_name == "某某县科学技术局")
    records = {r.title: r for r in all_records(db)}
    assert {r.source_unit for r in records.values()} == {"某某县科学技术局"}
    assert records["改名前的讲座"].organizer == "某某县科学技术局"
    assert records["科协办的"].organizer == "县科协"


def test_settings_escape_after_typing_asks_first(qtbot, main):
    from gui.settings_dialog import SettingsDialog

    main.edit_settings()
    dialog = clerk.wait_dialog(qtbot, SettingsDialog)
    write(qtbot, "改了一半")
    press(qtbot, Key.Key_Escape)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    assert "放弃未保存的内容" in box.text()
    enter(qtbot)
    qtbot.waitUntil(lambda: clerk.message_box() is None)
    assert dialog.isVisible()
    dialog.done(0)
    assert main.session.unit_name == "某某县科技局"


def test_the_first_run_form_tabs_to_its_fields_then_saves_on_enter(qtbot, main, db):
    from core import settings
    from gui.app import ask_first_run
    from gui.settings_dialog import SettingsDialog

    settings.set_settings(db, **{settings.UNIT: ""})
    ask_first_run(main)
    clerk.wait_dialog(qtbot, SettingsDialog)
    write(qtbot, "某某县科学技术局")
    assert clerk.focus_order(qtbot, focus(), 1) == ["填报人"]
    write(qtbot, "王五")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: main.session.unit_name == "某某县科学技术局")


def test_restore_dialog_enter_asks_then_restores(qtbot, main, db, template, monkeypatch):
    from gui.backup_dialog import BackupDialog

    t = template.type_by_name("科普讲座")
    A.add_activity(db, A.validate_activity(template, {"type_id": t.id, "date": "2026-03-01",
                                                      "title": "备份前的讲座"}))  # fmt: skip
    backups.take_backup(db, main.session.path, "manual")
    A.add_activity(db, A.validate_activity(template, {"type_id": t.id, "date": "2026-03-02",
                                                      "title": "备份后的讲座"}))  # fmt: skip
    asked = []

    def question(*args, **kwargs):
        asked.append((args, kwargs))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    main.restore_from_backup()
    clerk.wait_dialog(qtbot, BackupDialog)
    enter(qtbot)
    wait_idle(qtbot, main)
    from shiboken6 import isValid

    from gui.app import _windows

    def others():  # windows of earlier tests may linger there, already deleted
        return [w for w in _windows if isValid(w) and w is not main and w.isVisible()]

    qtbot.waitUntil(lambda: bool(others()))
    current = others()[0]
    qtbot.addWidget(current)
    titles = [a.title for a in all_records(current.session.reader)]
    assert titles == ["备份前的讲座"]
    # Replacing all the data is not what Enter does by mistake: 否 is the default.
    [(args, kwargs)] = asked
    assert QMessageBox.StandardButton.No in (*args[4:], kwargs.get("defaultButton"))
    # and the window says what was done, and where the data of before went
    qtbot.waitUntil(lambda: "已恢复" in current.statusBar().currentMessage())
    assert "_restore" in current.statusBar().currentMessage()
    current.close()
    _windows.remove(current)


def _write_csv(path, rows):
    with open(path, "w", encoding="gbk", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["日期", "活动类型", "活动名称", "参训人次"])
        writer.writerows(rows)


def test_importing_the_same_file_twice_skips_the_repeats(qtbot, main, db, tmp_path):
    path = tmp_path / "上季度.csv"
    _write_csv(path, [["2026/3/5", "科技培训班", "春季培训", "120"],
                      ["2026/3/6", "科技培训班", "夏季培训", "80"]])  # fmt: skip
    for _ in range(2):
        dialog = clerk.open_import(qtbot, main, path)
        if not dialog.import_button.isEnabled():
            break
        enter(qtbot)
        wait_idle(qtbot, main)
    assert "2 条已在数据库中" in dialog.status.text()
    assert "可导入" not in dialog.status.text()  # over an empty list, with 导入 off
    assert not dialog.import_button.isEnabled()  # nothing new: nothing to import
    assert dialog.preview.rowCount() == 0  # and nothing listed as to be added
    assert len(all_records(db)) == 2
    # The clerk really wants them twice: ticks the box, then Enter.
    box = dialog.allow_repeats  # clicked on its tick box, as a person aims
    qtbot.mouseClick(box, clerk.Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dialog.import_button.isEnabled()
    assert dialog.preview.rowCount() == 2
    dialog.import_button.setFocus()
    enter(qtbot)
    wait_idle(qtbot, main)
    assert len(all_records(db)) == 4


def test_a_titled_ledger_sheet_imports_and_the_preview_says_what_was_passed_over(
    qtbot, main, db, tmp_path
):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某县科技局2026年第一季度科技培训台账"])
    sheet.merge_cells("A1:D1")
    sheet.append(["填报单位：某某县科技局", None, "填报人：李四"])
    sheet.append(["日期", "活动类型", "活动名称", "参训人次"])
    sheet.append(["2026/3/5", "科技培训班", "春季培训", 120])
    path = tmp_path / "一季度台账.xlsx"
    book.save(path)
    dialog = clerk.open_import(qtbot, main, path)
    assert "表头在第 3 行，其上的 2 行（标题、填报单位等）不是记录，不导入" in dialog.status.text()
    preview = dialog.preview  # what will be added, as the list shows it
    heads = [preview.horizontalHeaderItem(c).text() for c in range(preview.columnCount())]
    assert heads == ["日期", "活动类型", "活动名称", "地点", "主要指标"]
    assert [preview.item(0, c).text() for c in (0, 1, 2, 4)] == [
        "2026-03-05", "科技培训班", "春季培训", "参训人次 120人次"]  # fmt: skip
    enter(qtbot)
    wait_idle(qtbot, main)
    assert [a.title for a in all_records(db)] == ["春季培训"]


def test_a_workbook_of_monthly_sheets_is_read_whole_and_problems_name_their_sheet(
    qtbot, main, db, tmp_path
):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "1月"
    book["1月"].append(["日期", "活动类型", "活动名称"])
    book["1月"].append(["2026/1/5", "科技培训班", "一月培训"])
    february = book.create_sheet("2月")
    february.append(["日期", "活动类型", "活动名称"])
    february.append(["2026/2/30", "科技培训班", "二月培训"])
    path = tmp_path / "全年.xlsx"
    book.save(path)
    dialog = clerk.open_import(qtbot, main, path)
    assert "读取了 2 个工作表：“1月” 1 行、“2月” 1 行" in dialog.status.text()
    assert [dialog.errors.item(0, c).text() for c in (0, 1)] == ["2月 2", "日期"]
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    assert all_records(db) == []


def test_a_long_import_lists_its_first_records_and_counts_the_rest(qtbot, main, tmp_path):
    from gui.import_dialog import PREVIEW_ROWS

    path = tmp_path / "全年.csv"
    _write_csv(path, [["2026/3/5", "科技培训班", f"培训第{n}期", "10"] for n in range(250)])
    dialog = clerk.open_import(qtbot, main, path)
    assert dialog.preview.rowCount() == PREVIEW_ROWS + 1
    assert dialog.preview.item(PREVIEW_ROWS - 1, 2).text() == f"培训第{PREVIEW_ROWS - 1}期"
    assert dialog.preview.item(PREVIEW_ROWS, 0).text() == "……另有 50 条"
    dialog.reject()


def test_rows_repeated_within_the_file_are_said_and_skipped(qtbot, main, db, tmp_path):
    path = tmp_path / "粘贴了两遍.csv"
    once = [["2026/3/5", "科技培训班", "春季培训", "120"], ["2026/3/6", "科普讲座", "讲座", ""]]
    _write_csv(path, once + once)

    dialog = clerk.open_import(qtbot, main, path)

    assert "2 条与文件中前面的行相同" in dialog.status.text()
    assert "已在数据库中" not in dialog.status.text()
    assert dialog.preview.rowCount() == 2
    enter(qtbot)
    wait_idle(qtbot, main)
    assert sorted(a.title for a in all_records(db)) == ["春季培训", "讲座"]


def test_an_import_with_some_repeats_says_how_many_it_skipped(qtbot, main, db, tmp_path):

    first = tmp_path / "一.csv"
    _write_csv(first, [["2026/3/5", "科技培训班", "春季培训", "120"]])
    both = tmp_path / "二.csv"
    _write_csv(both, [["2026/3/5", "科技培训班", "春季培训", "120"],
                      ["2026/3/5", "科技培训班", "春季培训", "121"]])  # fmt: skip
    for path in (first, both):
        clerk.open_import(qtbot, main, path)
        enter(qtbot)
        wait_idle(qtbot, main)
    figures = sorted(next(iter(a.values.values())) for a in all_records(db))
    assert figures == [120, 121]  # the other figure is another record
    said = main.statusBar().currentMessage() + main.saved_notice.text()
    assert "已导入 1 条记录。 已跳过 1 条重复记录。" in said


def test_a_save_that_fails_keeps_the_form_as_typed(qtbot, main, db, monkeypatch):
    from gui.activity_dialog import ActivityDialog

    def disk_full(*_args, **_kwargs):
        raise TaizhangError("db_disk_full")

    monkeypatch.setattr(A, "add_activities", disk_full)
    press(qtbot, Key.Key_N, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ActivityDialog)
    write(qtbot, "科普讲座")
    fill(qtbot, dialog, "活动名称", "磁盘满时的讲座")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(dialog.summary.isVisible)
    assert "磁盘空间不足" in dialog.summary.text()
    assert dialog.isVisible() and clerk.field(dialog, "活动名称").text() == "磁盘满时的讲座"
    assert main.undo_stack.count() == 0
    monkeypatch.undo()
    enter(qtbot)  # the disk has room again: the same form saves
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [a.title for a in all_records(db)] == ["磁盘满时的讲座"]
    assert main.undo_stack.count() == 1


@pytest.mark.parametrize("opened", ["Ctrl+E", "export_package_action"])
def test_tab_walks_an_export_dialog_as_it_is_read(qtbot, main, opened):
    """Tab in 导出台账 went 期间 → ▸ → 保存位置 → ◂ → 本季度 → 选择… → 年 → 填报单位 …: up and
    down the dialog, 文件名 after the box at the bottom."""
    from PySide6.QtWidgets import QDialog

    if opened == "Ctrl+E":
        press(qtbot, Key.Key_E, Ctrl)  # 导出台账
    else:
        getattr(main, opened).trigger()  # 文件 → 导出交换包…, as the menu item is clicked
    dialog = clerk.wait_dialog(qtbot, QDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focus() is not None and dialog.isAncestorOf(focus()))
    start = focus()
    visited = [start]
    for _ in range(40):
        tab(qtbot)
        if focus() is start:
            break
        visited.append(focus())
    tops = [w.mapTo(dialog, w.rect().topLeft()).y() for w in visited]
    assert tops == sorted(tops), [clerk.label_of(w) or w.objectName() or type(w).__name__
                                  for w in visited]  # fmt: skip
    dialog.reject()


def test_an_import_that_lands_after_the_window_closed_is_said_at_the_next_start(
    qtbot, main, db, db_path, tmp_path
):
    """The clerk pressed 导入, then closed the window (to cancel, it seemed): the window
    went, the import went on to the end, and nothing was ever said of it."""
    from gui import app as gui_app

    path = tmp_path / "上季度.csv"
    _write_csv(path, [["2026/3/5", "科技培训班", "春季培训", "120"],
                      ["2026/3/6", "科技培训班", "夏季培训", "80"]])  # fmt: skip
    dialog = clerk.open_import(qtbot, main, path)
    # the window's close button, pressed before the import has landed (a big file)
    dialog.confirmed.connect(lambda *_: main.close(), Qt.ConnectionType.QueuedConnection)
    enter(qtbot)  # 导入
    qtbot.waitUntil(lambda: main.quitting.finished, timeout=20_000)  # as the program ends
    assert len(all_records(db)) == 2  # all or nothing: it landed whole
    again = gui_app.open_window(db_path)
    qtbot.addWidget(again)
    again.show()
    gui_app.tell_what_landed_after_closing(again)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    assert "上季度.csv" in box.text() and "2 条" in box.text()
    enter(qtbot)
    # said once
    again.close()
    again.quitting.wait()
    third = gui_app.open_window(db_path)
    qtbot.addWidget(third)
    assert gui_app.tell_what_landed_after_closing(third) is None
    third.close()
    third.quitting.wait()

"""文件 → 从备份恢复 → 其他备份文件…, and the damaged-file question's same button, with
another unit's file: asked first, both units and their records named, 取消 the default."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from core import activities as A
from core import backups
from gui import app as gui_app
from tests import clerk
from tests.clerk import press
from tests.test_clerk_restore import (  # noqa: F401  (the fixture closes restored windows)
    answer_when_asked,
    choose_file,
    no_window_left_behind,
    open_restore_dialog,
    other_windows,
    save_a_record_by_keys,
    the_new_window,
)
from tests.test_gui_window import add, titles
from tests.test_restore_other_unit import COUNTY, TOWNSHIP, make_file

Key = Qt.Key
Alt = Qt.KeyboardModifier.AltModifier


def test_another_units_file_is_asked_about_and_enter_keeps_the_data(
    qtbot, clerk_window, db, template, monkeypatch, tmp_path
):
    add(db, template, "科普讲座", "2026-03-05", "县里的讲座")
    save_a_record_by_keys(qtbot, clerk_window, "刚录入的培训班")
    (tmp_path / "U盘").mkdir()
    township = make_file(tmp_path / "U盘" / "胡集镇.db", TOWNSHIP, ["镇一", "镇二", "镇三"])
    choose_file(monkeypatch, township)

    dialog = open_restore_dialog(qtbot)
    said: list = []
    answer_when_asked(qtbot, [Key.Key_Return], said)  # Enter: the default, 取消
    press(qtbot, Key.Key_O, Alt)  # 其他备份文件(&O)…
    qtbot.waitUntil(lambda: len(said) == 1 and not clerk.message_box(), timeout=20_000)
    assert said[0].startswith(
        f"所选文件属于“{TOWNSHIP}”（3 条记录），当前数据库属于“{COUNTY}”（2 条记录）。"
        "恢复将用它替换当前全部数据"
    )
    assert str(township) in said[0]
    assert dialog.isVisible() and not other_windows(clerk_window)  # nothing was done
    assert {a.title for a in A.iter_activities(db, A.ActivityQuery())} == {
        "县里的讲座", "刚录入的培训班"
    }  # fmt: skip
    assert clerk_window.undo_stack.count() == 1

    dialog.activateWindow()  # the desktop gives the dialog back its focus
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    answer_when_asked(qtbot, [Key.Key_R], said)  # 恢复(&R): replaced, as asked
    press(qtbot, Key.Key_O, Alt)
    new = the_new_window(qtbot, clerk_window)
    assert sorted(titles(new)) == ["镇一", "镇三", "镇二"]
    new.close()


def test_a_backup_of_this_database_chosen_as_a_file_asks_nothing_new(
    qtbot, clerk_window, db, template, monkeypatch, tmp_path
):
    add(db, template, "科普讲座", "2026-03-05", "县里的讲座")
    backup = backups.take_backup(db, clerk_window.session.path, "manual")
    copied = tmp_path / "U盘上的备份.db"
    shutil.copyfile(backup.path, copied)
    choose_file(monkeypatch, copied)

    open_restore_dialog(qtbot)
    said: list = []
    answer_when_asked(qtbot, [Key.Key_Y], said)
    press(qtbot, Key.Key_O, Alt)
    new = the_new_window(qtbot, clerk_window)
    assert len(said) == 1 and "属于" not in said[0] and "U盘上的备份.db" in said[0]
    assert titles(new) == ["县里的讲座"]
    new.close()


def test_the_damaged_files_other_backup_button_asks_about_another_units_file(
    qtbot, app, data_dir, monkeypatch, tmp_path
):
    path = tmp_path / "坏 库.db"
    make_file(path, COUNTY, ["坏了的"] * 40)
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages - 3, pages):  # the records' pages, not the settings'
        data[page * 4096 : page * 4096 + 8] = b"\xff" * 8
    path.write_bytes(data)
    (tmp_path / "U盘").mkdir()
    township = make_file(tmp_path / "U盘" / "胡集镇.db", TOWNSHIP, ["镇一"])
    choose_file(monkeypatch, township)
    answers = ["other", "cancel", "other", "restore"]
    said: list = []

    def answer(box):
        said.append(box.text() + "\n" + box.informativeText())
        wanted = answers.pop(0)
        if wanted == "other":
            button = next(b for b in box.buttons() if "其他备份文件" in b.text())
        elif wanted == "cancel":
            button = box.defaultButton()  # what Enter would press
        else:
            role = QMessageBox.ButtonRole.DestructiveRole
            button = next(b for b in box.buttons() if box.buttonRole(b) == role)
        box.clickedButton = lambda: button
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    first = gui_app.open_window(path)
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: bool(other_windows(first)), timeout=20_000)
    (window,) = other_windows(first)
    qtbot.addWidget(window)
    window.period_bar.set_period(None, emit=True)
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=10_000)

    assert answers == []
    asked = said[1]
    assert asked.startswith(f"所选文件属于“{TOWNSHIP}”（1 条记录），当前数据库属于“{COUNTY}”")
    assert "其他备份文件" not in asked and said[2] == said[0]  # cancelled: asked again
    assert titles(window) == ["镇一"]
    window.close()


def test_a_listed_backup_whose_data_is_another_units_is_asked_about_too(
    qtbot, clerk_window, db, template, data_dir, tmp_path
):
    """The list goes by the id in a backup's name; a township's file renamed to look like
    one of ours (copied by hand into the folder) is still another database's."""
    add(db, template, "科普讲座", "2026-03-05", "县里的讲座")
    ours = backups.take_backup(db, clerk_window.session.path, "manual")
    township = make_file(tmp_path / "胡集镇.db", TOWNSHIP, ["镇一"])
    shutil.copyfile(township, ours.path)  # under our backup's name

    open_restore_dialog(qtbot)
    said: list = []
    answer_when_asked(qtbot, [Key.Key_Escape], said)
    press(qtbot, Key.Key_Return)  # 恢复 the one selected
    qtbot.waitUntil(lambda: len(said) == 1 and not clerk.message_box(), timeout=20_000)
    assert said[0].startswith(f"所选文件属于“{TOWNSHIP}”（1 条记录），当前数据库属于“{COUNTY}”")
    assert not other_windows(clerk_window)
    assert [a.title for a in A.iter_activities(db, A.ActivityQuery())] == ["县里的讲座"]

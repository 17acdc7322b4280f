"""文件 → 从备份恢复 by keys: a backup file the list does not show (the old version's, one
taken with ``backup --out`` onto a stick) is chosen and restored as ``restore FILE`` does."""

import shutil
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from core import activities as A
from core import backups, bureau_file
from core.template import load_template
from gui import app as gui_app
from gui.backup_dialog import BackupDialog
from tests import clerk
from tests.clerk import press
from tests.test_gui_window import add, set_all_periods, titles

FIXTURES = Path(__file__).resolve().parent / "fixtures"
Key = Qt.Key


@pytest.fixture(autouse=True)
def no_window_left_behind():
    """The windows a restore opened are closed (their quit backup done) and forgotten: a
    later test looks for "the other window" in the program's list."""
    yield
    for window in other_windows(None):
        window.close()
        window.quitting.wait()
    gui_app._windows[:] = [w for w in gui_app._windows if shiboken6.isValid(w) and w.isVisible()]


def open_restore_dialog(qtbot) -> BackupDialog:
    """Alt+F, K: 文件 → 从备份恢复(&K)…"""
    press(qtbot, Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), Key.Key_K)
    return clerk.wait_dialog(qtbot, BackupDialog)


def choose_file(monkeypatch, path) -> list:
    """The system's file dialog answers ``path`` (it cannot be driven offscreen); returns
    the folders it was opened in."""
    from gui import file_dialogs

    opened_in: list = []
    monkeypatch.setattr(
        file_dialogs, "open_file_name", lambda *a, **k: (opened_in.append(a[2]), str(path))[1]
    )
    return opened_in


def answer_when_asked(qtbot, keys, seen: list) -> None:
    """Press each of ``keys`` in the next message box, one box after the other (each
    waits in a loop of its own); what each one said goes to ``seen``."""
    keys = list(keys)
    last: list = []

    def when_asked() -> None:
        if not keys:
            return
        box = clerk.message_box()
        gone = not last or not shiboken6.isValid(last[0]) or not last[0].isVisible()
        if box is not None and gone and QApplication.activeWindow() is box:
            last[:] = [box]
            seen.append(box.text() + "\n" + box.informativeText())
            press(qtbot, keys.pop(0))
        QTimer.singleShot(20, when_asked)

    QTimer.singleShot(0, when_asked)


def other_windows(old) -> list:
    return [w for w in gui_app._windows if shiboken6.isValid(w) and w is not old]


def the_new_window(qtbot, old):
    qtbot.waitUntil(lambda: any(w.isVisible() for w in other_windows(old)), timeout=20_000)
    (new,) = other_windows(old)
    qtbot.addWidget(new)
    set_all_periods(new)
    clerk.settle()
    qtbot.waitUntil(lambda: not new.worker.busy, timeout=10_000)
    return new


def test_an_old_versions_backup_file_is_restored_from_the_window(
    qtbot, clerk_window, db, template, data_dir, monkeypatch, tmp_path
):
    """The dialog listed only this file's own backups, with no way to pick another file:
    an old version's backup, or one on a stick, could only be restored from the command
    line."""
    add(db, template, "科普讲座", "2026-03-05", "现在的")
    (data_dir / "backups").mkdir(parents=True)
    in_folder = data_dir / "backups" / "台账 数据_20250301-093000_manual.db"
    shutil.copyfile(FIXTURES / "schema_v2.db", in_folder)  # what the old version left
    stick = tmp_path / "U盘" / "旧版本备份.db"
    stick.parent.mkdir()
    shutil.copyfile(FIXTURES / "schema_v2.db", stick)
    opened_in = choose_file(monkeypatch, stick)

    dialog = open_restore_dialog(qtbot)
    assert "旧版本" in dialog.unnumbered_note.text() and "1" in dialog.unnumbered_note.text()
    asked: list = []
    answer_when_asked(qtbot, [Key.Key_Y], asked)
    press(qtbot, Key.Key_O, Qt.KeyboardModifier.AltModifier)  # 其他备份文件(&O)…
    new = the_new_window(qtbot, clerk_window)

    assert opened_in == [str(data_dir / "backups")]
    assert asked and "旧版本备份.db" in asked[0]
    assert "现在的" not in titles(new) and "春季农业技术培训班" in titles(new)
    assert "旧版本备份.db" in new.statusBar().currentMessage()
    (before,) = [b for b in backups.list_backups(new.session.path) if b.reason == "restore"]
    assert before.path.is_file() and stick.is_file() and in_folder.is_file()
    new.close()


def test_a_file_that_is_no_backup_is_refused_and_nothing_changes(
    qtbot, clerk_window, db, template, data_dir, monkeypatch, tmp_path
):
    add(db, template, "科普讲座", "2026-03-05", "现在的")
    wrong = tmp_path / "签到表.db"
    wrong.write_text("签到：张三、李四\n", encoding="utf-8")
    choose_file(monkeypatch, wrong)

    open_restore_dialog(qtbot)
    said: list = []
    answer_when_asked(qtbot, [Key.Key_Y, Key.Key_Return], said)  # 是, then the reason read
    press(qtbot, Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(said) == 2 and not clerk.message_box(), timeout=20_000)
    text = said[1]

    assert (
        "不是数据库文件（可能已损坏，或不是台账的备份），不能用来恢复" in text
        and "签到表.db" in text
    )
    assert not other_windows(clerk_window)
    set_all_periods(clerk_window)
    qtbot.waitUntil(lambda: not clerk_window.worker.busy, timeout=10_000)
    assert titles(clerk_window) == ["现在的"]
    assert not [b for b in backups.list_backups(db) if b.reason == "restore"]


def test_a_damaged_file_can_be_restored_from_an_old_versions_backup(
    qtbot, app, data_dir, monkeypatch, tmp_path
):
    """At start, a damaged file with none of its own backups: only 只读打开 or 退出 were
    offered, and “no good backup” was said though the old version's lay in the folder."""
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "坏 库.db"
    db = bureau_file.open_bureau(path, create=True)
    A.add_activities(db, [A.validate_activity(load_template(db), {
        "type_id": 22, "date": "2026-03-05", "title": "坏了的"})] * 40)  # fmt: skip
    db.close()
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages - 3, pages):  # the records' pages, not the template's
        data[page * 4096 : page * 4096 + 8] = b"\xff" * 8
    path.write_bytes(data)
    (data_dir / "backups").mkdir(parents=True)
    old = data_dir / "backups" / "坏 库_20250301-093000_manual.db"
    shutil.copyfile(FIXTURES / "schema_v2.db", old)
    opened_in = choose_file(monkeypatch, old)
    said: list = []

    def choose_another_file(box):
        said.append(box.text() + "\n" + box.informativeText())
        button = next(b for b in box.buttons() if "其他备份文件" in b.text())
        box.clickedButton = lambda: button
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_another_file)
    first = gui_app.open_window(path)
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: bool(other_windows(first)), timeout=20_000)  # checked behind
    (window,) = other_windows(first)
    qtbot.addWidget(window)
    set_all_periods(window)
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=10_000)

    assert first.session.damaged and not first.isVisible()
    assert "1 份旧版本" in said[0]
    assert opened_in == [str(data_dir / "backups")]
    assert "春季农业技术培训班" in titles(window) and not window.session.read_only
    assert list((data_dir / "backups").glob("坏 库_*_damaged*.db"))  # the file set aside
    window.close()


def save_a_record_by_keys(qtbot, window, title: str) -> None:
    """Ctrl+N, the type, the title, Enter: an undoable change (Ctrl+Z takes it back)."""
    from gui.activity_dialog import ActivityDialog
    from tests.conftest import wait_idle

    press(qtbot, Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = clerk.wait_dialog(qtbot, ActivityDialog)
    clerk.write(qtbot, "科技培训班")
    clerk.tab_to(qtbot, "活动名称")
    clerk.write(qtbot, title)
    clerk.enter(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // 4096):
        data[page * 4096 : page * 4096 + 16] = b"\xff" * 16
    path.write_bytes(data)


@pytest.mark.parametrize("how", ["listed", "other file"])
def test_a_restore_that_fails_leaves_the_undo_history_as_it_was(
    how, qtbot, clerk_window, db, data_dir, monkeypatch
):
    """The undo history was cleared before the restore ran: a damaged backup was refused,
    the data stayed as it was, and yet Ctrl+Z could no longer take back the last change."""
    from tests.conftest import wait_idle

    save_a_record_by_keys(qtbot, clerk_window, "刚录入的培训班")
    assert [a.title for a in A.iter_activities(db, A.ActivityQuery())] == ["刚录入的培训班"]
    backup = backups.take_backup(db, clerk_window.session.path, "manual")
    damage(backup.path)  # damaged on the disk since it was taken
    choose_file(monkeypatch, backup.path)

    open_restore_dialog(qtbot)
    said: list = []
    answer_when_asked(qtbot, [Key.Key_Y, Key.Key_Return], said)  # 是, then the reason read
    if how == "listed":
        press(qtbot, Key.Key_Return)  # 恢复 the newest, the one selected
    else:
        press(qtbot, Key.Key_O, Qt.KeyboardModifier.AltModifier)  # 其他备份文件(&O)…
    qtbot.waitUntil(lambda: len(said) == 2 and not clerk.message_box(), timeout=20_000)

    assert said[1].startswith("“") and "不是可用的台账备份" in said[1]  # Chinese first
    assert not other_windows(clerk_window)
    clerk_window.activateWindow()
    qtbot.waitUntil(clerk_window.isActiveWindow)
    clerk_window.table.setFocus()
    press(qtbot, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # still takes it back
    wait_idle(qtbot, clerk_window)
    assert list(A.iter_activities(db, A.ActivityQuery())) == []


def test_a_restore_that_lands_clears_the_undo_history(qtbot, clerk_window, db, data_dir):
    """Once the data is replaced, nothing of before is undone into it."""
    save_a_record_by_keys(qtbot, clerk_window, "备份里也有的培训班")
    backups.take_backup(db, clerk_window.session.path, "manual")
    assert clerk_window.undo_stack.count() == 1

    open_restore_dialog(qtbot)
    said: list = []
    answer_when_asked(qtbot, [Key.Key_Y], said)
    press(qtbot, Key.Key_Return)
    new = the_new_window(qtbot, clerk_window)

    assert titles(new) == ["备份里也有的培训班"]
    assert clerk_window.undo_stack.count() == 0 and new.undo_stack.count() == 0
    new.close()

"""文件 → 从备份恢复 by keys: a backup file the list does not show (the old version's, one
taken with ``backup --out`` onto a stick) is chosen and restored as ``restore FILE`` does."""

import shutil
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from core import backups
from gui import app as gui_app
from gui.backup_dialog import BackupDialog
from tests import clerk
from tests.clerk import press
from tests.test_gui_window import add, set_all_periods, titles

FIXTURES = Path(__file__).resolve().parent / "fixtures"
Key = Qt.Key


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

    assert "不是可用的台账备份" in text and "签到表.db" in text
    assert not other_windows(clerk_window)
    set_all_periods(clerk_window)
    qtbot.waitUntil(lambda: not clerk_window.worker.busy, timeout=10_000)
    assert titles(clerk_window) == ["现在的"]
    assert not [b for b in backups.list_backups(db) if b.reason == "restore"]

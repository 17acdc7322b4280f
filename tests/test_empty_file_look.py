"""A 0-byte database opened in the window (R9 / N17): 只读打开 was offered, which can never
work for it; chosen, it said SQLite's own words (no such table: indicators), and after 确定
the program quit instead of asking again, where the restore was still to be had."""

from PySide6.QtWidgets import QMessageBox

from core import activities as A
from core import backups, bureau_file
from core.errors import TaizhangError
from core.template import load_template
from gui import app as gui_app


def an_emptied_file(tmp_path):
    path = tmp_path / "空 库.db"
    db = bureau_file.open_bureau(path, create=True)
    A.add_activities(db, [A.validate_activity(load_template(db), {
        "type_id": 22, "date": "2026-03-05", "title": "备份里的"})])  # fmt: skip
    backups.take_backup(db, path, "manual")
    db.close()
    path.write_bytes(b"")
    return path


def ask(monkeypatch, choices: list[str]) -> list:
    """The damaged-file question, answered with ``choices`` in turn; what was offered."""
    asked: list = []

    def answer(box):
        buttons = [b.text() for b in box.buttons()]
        asked.append((box.text() + "\n" + box.informativeText(), buttons))
        wanted = choices[len(asked) - 1] if len(asked) <= len(choices) else "退出"
        button = next(b for b in box.buttons() if wanted in b.text())
        box.clickedButton = lambda: button
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return asked


def test_a_zero_byte_file_is_not_offered_a_read_only_look(qtbot, app, tmp_path, monkeypatch):
    path = an_emptied_file(tmp_path)
    asked = ask(monkeypatch, ["从这个备份恢复"])
    window = gui_app.open_window(path)
    qtbot.addWidget(window)
    ((text, buttons),) = asked
    assert "0 字节" in text and "无法只读打开" in text
    assert sorted(buttons) == sorted(["从这个备份恢复", "其他备份文件…", "退出"])
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20_000)
    assert not window.session.read_only
    assert path.stat().st_size > 0
    window.close()
    window.quitting.wait()


def test_a_failed_read_only_look_asks_again_with_the_restore(qtbot, app, tmp_path, monkeypatch):
    """Where the look was offered and still failed: said in clean words, then the same
    question again (without the look), not the end of the program."""
    path = an_emptied_file(tmp_path)
    monkeypatch.setattr(bureau_file, "can_be_looked_at", lambda p: True, raising=False)
    said: list = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: said.append(a[2]))
    asked = ask(monkeypatch, ["只读打开", "从这个备份恢复"])
    window = gui_app.open_window(path)
    assert window is not None, said
    qtbot.addWidget(window)
    (unreadable,) = said
    assert "连只读也打不开" in unreadable
    assert "no such table" not in unreadable and "cannot be opened even read-only" in unreadable
    assert len(asked) == 2
    assert "只读打开" not in asked[1][1] and "从这个备份恢复" in asked[1][1]
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20_000)
    assert not window.session.read_only
    window.close()
    window.quitting.wait()


def test_a_restore_that_fails_asks_again(qtbot, app, tmp_path, monkeypatch):
    """A restore from the damaged-file question that failed (a full disk while the backup
    was copied back) said why and ended the program: the clerk, who had cleared the disk,
    had to start it again to be asked. The same question comes back after the message."""
    path = an_emptied_file(tmp_path)
    restore = backups.restore_over_damaged
    tries: list = []

    def full_disk_once(*args, **kwargs):
        tries.append(args)
        if len(tries) == 1:
            raise TaizhangError("backup_disk_full", path=args[0])
        return restore(*args, **kwargs)

    monkeypatch.setattr(backups, "restore_over_damaged", full_disk_once)
    said: list = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: said.append(a[2]))
    asked = ask(monkeypatch, ["从这个备份恢复", "从这个备份恢复"])
    window = gui_app.open_window(path)
    assert window is not None, said
    qtbot.addWidget(window)
    (full,) = said
    assert "磁盘空间不足" in full
    assert len(asked) == 2 and len(tries) == 2
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20_000)
    assert not window.session.read_only
    assert path.stat().st_size > 0
    window.close()
    window.quitting.wait()

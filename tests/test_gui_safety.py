"""In the window: history, backups and restore, a damaged file, one window per file."""

import contextlib
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core import activities as A
from core import backups, bureau_file
from gui import app as gui_app
from gui.history_dialog import HistoryDialog
from gui.single_instance import SingleInstance
from tests import clerk
from tests.conftest import type_text, wait_idle
from tests.test_gui_window import add, press, select_row, set_all_periods, titles


def test_history_of_a_record(qtbot, window, db, template):
    stored = add(db, template, "科普讲座", "2026-03-05", "讲座", 听众人次=80)
    A.update_activity(db, stored.id, A.validate_activity(template, {
        "type_id": stored.type_id, "date": "2026-03-05", "title": "讲座（改）",
        "handler": "张三", "values": stored.values}))  # fmt: skip
    set_all_periods(window)
    select_row(qtbot, window, "讲座（改）")
    press(qtbot, window, Qt.Key.Key_H)  # Ctrl+H, as the clerk asks for it
    dialog = clerk.wait_dialog(qtbot, HistoryDialog)
    top = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert len(top) == 2 and "修改" in top[0] and "新增" in top[1] and "张三" in top[0]
    change = dialog.tree.topLevelItem(0).child(0)
    assert [change.text(c) for c in range(3)] == ["活动名称", "讲座", "讲座（改）"]
    # Before and after share the width the labels leave: a value before is read whole.
    dialog.show()
    qtbot.waitExposed(dialog)
    header = dialog.tree.header()
    assert header.sectionSize(1) >= dialog.tree.fontMetrics().horizontalAdvance(
        "党建活动（已从模板删除）"
    )
    assert abs(header.sectionSize(1) - header.sectionSize(2)) <= 1
    dialog.reject()


def test_back_up_and_restore_from_the_menu(qtbot, window, db, template, monkeypatch):
    add(db, template, "科普讲座", "2026-03-05", "原来的")
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.backup_action.trigger()
    wait_idle(qtbot, window)
    (taken,) = backups.list_backups(window.session.path)
    assert taken.reason == "manual"
    add(db, template, "科普讲座", "2026-03-06", "后来加的")
    dialog = window.restore_from_backup()
    assert dialog.table.rowCount() == 1
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: any(w is not window and w.isVisible() for w in gui_app._windows),
                    timeout=10_000)  # fmt: skip
    new = next(w for w in gui_app._windows if w is not window)
    qtbot.addWidget(new)
    set_all_periods(new)
    wait_idle(qtbot, new)
    assert titles(new) == ["原来的"]
    reasons = {b.reason for b in backups.list_backups(window.session.path)}
    # The old window's quit backs up only what no backup holds: the restored data is the
    # manual backup's, so it takes one only when that is no longer the newest (the
    # restore's own backup came a second or more after it).
    assert {"manual", "restore"} <= reasons
    new.close()


def test_quitting_takes_a_backup(qtbot, window):
    window.close()
    assert not window.isVisible()  # at once; the backup follows on the worker
    qtbot.waitUntil(lambda: window.quitting.finished, timeout=10_000)
    assert [b.reason for b in backups.list_backups(window.session.path)] == ["quit"]


def test_after_the_window_closes_the_db_file_alone_holds_every_record(
    qtbot, app, tmp_path, monkeypatch
):
    """Issue 9, finding 1: on 80e8515 the copy held 0 records (all were in the -wal)."""
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    path = tmp_path / "库.db"
    window = gui_app.open_window(path, create=True)
    qtbot.addWidget(window)
    template = window.session.template
    t = template.type_by_name("科普讲座")
    draft = {"type_id": t.id, "date": "2026-03-05", "title": "只在 wal 里？"}
    window.ops.add([A.validate_activity(template, draft)] * 3)
    wait_idle(qtbot, window)
    window.close()
    wal = Path(f"{path}-wal")
    with contextlib.suppress(qtbot.TimeoutError):  # closed behind the window, or never
        qtbot.waitUntil(lambda: not wal.exists() or wal.stat().st_size == 0, timeout=5_000)
    copy = tmp_path / "拷走的.db"
    copy.write_bytes(path.read_bytes())  # what an IT person copies: the .db alone
    looked = bureau_file.open_bureau(copy, read_only=True)
    assert A.count_activities(looked, A.ActivityQuery()) == 3
    looked.close()


def test_closing_hides_the_window_before_the_backup_runs(qtbot, window, monkeypatch):
    """Issue 9, finding 13: on 80e8515 the backup ran inside closeEvent, window shown."""
    seen = []

    def slow_backup(db, path, reason, *args, **kwargs):
        seen.append(window.isVisible())
        return None

    monkeypatch.setattr(backups, "take_backup", slow_backup)
    window.close()
    assert not window.isVisible()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == [False]


def test_import_takes_a_backup_first(qtbot, window, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("日期,活动类型,活动名称\n2026-03-05,科普讲座,甲\n", encoding="utf-8")
    dialog = window.import_file(str(path))
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    dialog.import_button.click()
    wait_idle(qtbot, window)
    assert "import" in {b.reason for b in backups.list_backups(window.session.path)}


def test_a_damaged_file_opens_read_only_and_is_not_written(qtbot, app, tmp_path, monkeypatch):
    path = tmp_path / "坏 库.db"
    db = bureau_file.open_bureau(path, create=True)
    A.add_activities(db, [A.validate_activity(
        __import__("core.template").template.load_template(db),
        {"type_id": 22, "date": "2026-03-05", "title": "还能看到"})] * 40)  # fmt: skip
    db.close()
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages - 3, pages):  # the records' pages, not the template's
        data[page * 4096 : page * 4096 + 8] = b"\xff" * 8
    path.write_bytes(data)
    damaged = path.read_bytes()

    def choose_read_only(box):
        button = next(b for b in box.buttons() if "只读" in b.text())
        box.clickedButton = lambda: button
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_read_only)
    first = gui_app.open_window(path)  # paints at once; the file's check runs behind it
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: any(w.session.read_only for w in gui_app._windows), timeout=10_000)
    window = next(w for w in gui_app._windows if w.session.read_only)
    qtbot.addWidget(window)
    assert first.session.damaged and not first.isVisible()
    assert "损坏" in gui_app._damaged_boxes[-1].text()
    assert window.session.read_only and "只读" in window.windowTitle()
    assert not window.new_action.isEnabled() and not window.import_action.isEnabled()
    assert not window.template_action.isEnabled()  # its buttons ended in 操作未完成
    assert not window.import_template_action.isEnabled()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window.ops.add([])
    assert shown and "只读" in shown[0]
    window.close()
    assert path.read_bytes() == damaged


def test_one_window_per_database(qtbot, app, tmp_path):
    path = tmp_path / "共享.db"
    first = SingleInstance(path)
    assert first.acquire()
    asked = []
    first.activated.connect(lambda: asked.append(True))
    second = SingleInstance(path)
    assert not second.acquire()
    qtbot.waitUntil(lambda: asked == [True], timeout=5000)
    other = SingleInstance(tmp_path / "别的.db")
    assert other.acquire()
    first.release()
    third = SingleInstance(path)
    assert third.acquire()
    third.release()
    other.release()


def test_one_window_per_database_however_its_path_is_spelled(qtbot, app, tmp_path):
    """A link to the file, or a path through ``..``, opened a second window on it."""
    path = tmp_path / "数据" / "taizhang.db"
    path.parent.mkdir()
    path.touch()
    link = tmp_path / "快捷方式.db"
    link.symlink_to(path)
    first = SingleInstance(path)
    assert first.acquire()
    for spelled in (link, tmp_path / "数据" / ".." / "数据" / "taizhang.db"):
        again = SingleInstance(spelled)
        assert not again.acquire(), spelled
    first.release()


def test_a_stale_lock_of_a_killed_process_is_taken_over(qtbot, app, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "库.db"
    instance = SingleInstance(path)
    lock_file = instance.lock.fileName()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    with open(lock_file, "w", encoding="utf-8") as out:  # as QLockFile writes it
        out.write(f"{dead.stdout.strip()}\ntaizhang-tests\n{__import__('socket').gethostname()}\n")
    assert instance.acquire()
    instance.release()


def test_first_run_dialog_types_chinese(qtbot, app, tmp_path):
    window = gui_app.open_window(tmp_path / "新.db", create=True)
    qtbot.addWidget(window)
    gui_app.ask_first_run(window)
    type_text(window.first_run_dialog.unit_edit, "县科技局")
    window.first_run_dialog.accept()
    wait_idle(qtbot, window)
    assert window.session.unit_name == "县科技局"
    window.close()
    assert dt.date.today()


def test_an_import_whose_backup_fails_imports_nothing_and_says_so(
    qtbot, window, db, tmp_path, monkeypatch
):
    """Issue 9, finding 7: on 80e8515 the rows were written although the backup failed."""
    from core.errors import TaizhangError

    def no_space(*args, **kwargs):
        raise TaizhangError("backup_disk_full", path="backups")

    path = tmp_path / "a.csv"
    path.write_text("日期,活动类型,活动名称\n2026-03-05,科普讲座,甲\n2026-03-06,科普讲座,乙\n",
                    encoding="utf-8")  # fmt: skip
    dialog = window.import_file(str(path))
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    monkeypatch.setattr(backups, "take_backup", no_space)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dialog.import_button.click()
    wait_idle(qtbot, window)
    assert A.count_activities(db, A.ActivityQuery()) == 0
    assert shown and "没有导入" in shown[0] and "磁盘空间不足" in shown[0]


def test_a_file_dialog_leaves_the_databases_locks_alone(qtbot, clerk_window):
    """A tester's window saved for minutes into a -wal that no other program saw. Qt's
    file dialog had read taizhang.db to choose its icon; on Linux closing any descriptor
    of a file drops every POSIX lock this process holds on it, so the next program to
    close the database took itself for the last one and deleted the -wal."""
    import subprocess
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    window = clerk_window
    path = window.session.path
    template = window.session.template
    lecture = template.type_by_name("科普讲座")

    def save(title: str) -> None:
        draft = {"type_id": lecture.id, "date": "2026-03-05", "title": title}
        window.ops.add([A.validate_activity(template, draft)])
        wait_idle(qtbot, window)

    def count_elsewhere() -> int:
        code = (
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "print(c.execute('SELECT count(*) FROM activities').fetchone()[0]); c.close()"
        )
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True)
        return int(done.stdout)

    save("对话框之前")
    wal = Path(f"{path}-wal")
    before = wal.stat().st_ino
    seen = []

    def look_then_cancel() -> None:
        chooser = QApplication.activeModalWidget()
        seen.append(type(chooser))
        chooser.reject()

    QTimer.singleShot(2500, look_then_cancel)  # the folder listed, its icons drawn
    clerk.press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # 打开数据库
    assert seen == [QFileDialog]
    assert count_elsewhere() == 1  # another program opens and closes the database
    assert wal.exists() and wal.stat().st_ino == before
    save("对话框之后")
    assert count_elsewhere() == 2


def test_damage_met_while_the_window_loads_asks_as_any_damage_does(qtbot, app, tmp_path,
                                                                    monkeypatch):  # fmt: skip
    """Pages of the template damaged: the window ended in a traceback before its check
    ran, with no window and no word (on Windows: nothing happens at a double-click)."""
    from bench.generate import make_database
    from core import backups

    path = tmp_path / "坏模板.db"
    db, _ = make_database(path, 300, dt.date(2026, 1, 1), dt.date(2026, 12, 31), seed=3)
    backups.take_backup(db, path, "manual")
    db.close()
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 8] = b"\x5a" * (4096 * 5)  # pages the template reads
    path.write_bytes(data)
    asked = []

    def quit_when_asked(box):
        asked.append((box.text(), box.informativeText(), [b.text() for b in box.buttons()]))
        box.clickedButton = lambda: next(b for b in box.buttons() if "退出" in b.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", quit_when_asked)

    assert gui_app.open_window(path) is None

    ((text, informative, buttons),) = asked
    assert "损坏" in text and "malformed" not in text.partition(" (")[0]
    assert "如有完好的备份" in text  # no promise of a backup the next line may deny
    assert "最近的完好备份" in informative
    # No 只读打开: the template's pages, which a read-only look reads first, are damaged
    assert sorted(buttons) == sorted(["从这个备份恢复", "其他备份文件…", "退出"])

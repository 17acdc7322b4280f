"""Start-up: first run, the database file, the language, the screenshot command."""

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from core import settings
from core.bureau_file import open_bureau
from gui import app as gui_app
from gui import i18n
from tests.conftest import type_text, wait_idle

ROOT = Path(__file__).resolve().parent.parent


def test_first_run_asks_for_bureau_and_staff(qtbot, app, tmp_path):
    window = gui_app.open_window(tmp_path / "新库.db", create=True)
    qtbot.addWidget(window)
    gui_app.ask_first_run(window)
    dialog = window.first_run_dialog
    assert dialog.isVisible()
    type_text(dialog.unit_edit, "某某县科学技术局")
    type_text(dialog.staff_edit, "李四")
    dialog.accept()
    wait_idle(qtbot, window)
    assert window.session.unit_name == "某某县科学技术局"
    assert window.session.staff_name == "李四"
    assert "某某县科学技术局" in window.windowTitle()
    window.close()


def test_no_first_run_dialog_once_known(qtbot, window):
    gui_app.ask_first_run(window)
    assert not hasattr(window, "first_run_dialog")


def test_switching_database_opens_the_other_file(qtbot, window, tmp_path):
    other = tmp_path / "另一个 库.db"
    db = open_bureau(other, create=True)
    settings.set_settings(db, **{settings.UNIT: "乙县科技局"})
    db.close()
    gui_app.switch_database(window, str(other))
    new = next(w for w in gui_app._windows if w is not window and w.session.path == other)
    qtbot.addWidget(new)
    assert not window.isVisible() and new.isVisible()
    assert "乙县科技局" in new.windowTitle()
    assert QSettings().value("last_db") == str(other.resolve())
    new.close()
    new.quitting.wait()  # its backup done, it closes its own file (never under the backup)
    assert new.quitting.finished


def test_a_bad_database_file_is_a_message_not_a_crash(qtbot, app, tmp_path, monkeypatch):
    bogus = tmp_path / "坏.db"
    bogus.write_bytes(b"not a database at all" * 100)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert gui_app.open_window(bogus) is None
    assert shown and "不是台账数据库" in shown[0]
    assert bogus.read_bytes() == b"not a database at all" * 100


def test_english_can_be_chosen(qtbot, app, session):
    from gui.main_window import MainWindow

    try:
        i18n.install(app, "en")
        window = MainWindow(session)
        qtbot.addWidget(window)
        assert [a.text() for a in window.menuBar().actions()][0] == "&File"
        wait_idle(qtbot, window)
    finally:
        i18n.install(app, "zh_CN")


def test_screenshot_command(tmp_path):
    db = tmp_path / "示例.db"
    shot = tmp_path / "窗口.png"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "add", "--type",
                    "科普讲座", "--date", "2026-03-05", "--title", "讲座"], check=True)  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--screenshot", str(shot)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Issue 9, finding 13: a screenshot takes no backup, neither the daily one nor at quit.
    backups = Path(os.environ["TAIZHANG_DATA_DIR"]) / "backups"
    assert not backups.exists() or not any(backups.iterdir())
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == gui_app.SCREENSHOT_SIZE


def test_a_given_data_folder_keeps_the_window_settings_too(tmp_path):
    """With TAIZHANG_DATA_DIR (a portable install, a benchmark, a screenshot) the program
    never opens the database the user's own settings remember, nor writes those settings."""
    own = tmp_path / "用户的 库.db"
    db = open_bureau(own, create=True)
    settings.set_settings(db, **{settings.UNIT: "用户自己的单位"})
    db.close()
    config = tmp_path / "config" / "Taizhang"
    config.mkdir(parents=True)
    remembered = f"[General]\nlast_db={own}\n"
    (config / "Taizhang.conf").write_text(remembered, encoding="utf-8")
    data = tmp_path / "临时 数据"
    env = {**os.environ, "XDG_CONFIG_HOME": str(config.parent), "TAIZHANG_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--screenshot", str(tmp_path / "窗口.png")],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (data / "taizhang.db").exists()  # the given folder's own database was shown
    shown = open_bureau(data / "taizhang.db")
    try:
        assert settings.get_setting(shown, settings.UNIT) != "用户自己的单位"
    finally:
        shown.close()
    assert (config / "Taizhang.conf").read_text(encoding="utf-8") == remembered


def test_sigterm_closes_the_window_as_ctrl_q_does(tmp_path):
    """A Linux session ending sends SIGTERM: the program ended at once, with no quit
    backup and the last changes left in the -wal."""
    import signal
    import time

    if not hasattr(signal, "SIGTERM") or sys.platform == "win32":
        return
    db = tmp_path / "库.db"
    data = tmp_path / "数据"
    env = {**os.environ, "TAIZHANG_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "settings",
                    "--unit", "某某县科技局", "--staff", "张三"], check=True, env=env)  # fmt: skip
    running = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(db)],
                               env=env, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not list((data / "backups").glob("*_daily_*.db")):  # the window is up
            assert running.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        # A change since the daily backup (from the command line): the quit backs it up.
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "add", "--type",
                        "科普讲座", "--date", "2026-05-01", "--title", "讲座"], check=True,
                       env=env, capture_output=True)  # fmt: skip
        running.send_signal(signal.SIGTERM)
        code = running.wait(timeout=60)
    finally:
        if running.poll() is None:
            running.kill()
    assert code == 0, running.stderr.read()
    assert list((data / "backups").glob("*_quit_*.db"))
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


QUIT_AFTER_COPY = """
import sys
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from gui import app as gui_app
app = gui_app.create_application(["taizhang"])
window = gui_app.open_window(Path(sys.argv[1]))
window.show()
def copy_and_quit():
    window.period_bar.set_period(None, emit=True)
    QTimer.singleShot(500, keys)
def keys():
    window.table.setFocus()
    QTest.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert app.clipboard().mimeData().hasHtml()
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
QTimer.singleShot(300, copy_and_quit)
gui_app._running.append(app)  # as run_gui does: the last window closed ends the loop
app.exec()
"""


def test_the_program_ends_cleanly_after_rows_were_copied(tmp_path, data_dir):
    """Ctrl+C on the list, then Ctrl+Q: the program crashed as it ended (SIGSEGV): Qt
    deleted the clipboard's data after Python had gone (PYSIDE-2254)."""
    db = tmp_path / "库.db"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "add", "--type",
                    "科普讲座", "--date", "2026-03-05", "--title", "讲座"], check=True,
                   capture_output=True, cwd=tmp_path, timeout=60)  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", QUIT_AFTER_COPY, str(db)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]

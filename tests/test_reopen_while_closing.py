"""Starting Taizhang again on a file whose window the clerk has just closed, while its quit
backup still runs (seconds on a big file: gui/quit_backup.py). The closing window is not
brought back (it looked live, did nothing and vanished), and the start does not say
"已切换到那个窗口" of a window that is gone: it waits, saying so, and then opens the file.

The first window runs here; the second start is a real process, as the clerk's second
double-click is."""

import os
import subprocess
import sys
import threading
from pathlib import Path

from core import backups
from gui import app as gui_app
from tests import clerk

ROOT = Path(__file__).resolve().parent.parent

SECOND_START = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from gui import app as gui_app

qt = gui_app.create_application()
for name in ("information", "warning", "critical"):  # a box: its words, never a wait
    setattr(QMessageBox, name, staticmethod(
        lambda *a, **k: print("SAID", a[2].replace("\\n", " "), flush=True)))
seen = set()

def look():  # what a clerk sees on the screen meanwhile
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            for label in widget.findChildren(QLabel):
                if label.text() and label.text() not in seen:
                    seen.add(label.text())
                    print("SHOWN", label.text().replace("\\n", " "), flush=True)

timer = QTimer()
timer.timeout.connect(look)
timer.start(50)
path = Path(sys.argv[1])
print("claimed", gui_app.claim(path), flush=True)
window = gui_app.open_window(path)
print("opened", window is not None and window.session.path == path, flush=True)
if window is not None:  # closed as a clerk closes it, its own quit backup done
    timer.stop()
    window.close()
    window.quitting.wait()
    print("closed", flush=True)
"""


def test_starting_again_while_the_window_closes_waits_and_opens_the_file(
    qtbot, app, db_path, db, tmp_path, monkeypatch
):
    run = tmp_path / "运行"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))  # the lock and socket: the same for both
    go_on = threading.Event()
    take_backup = backups.take_backup

    def slow_backup(*args, **kwargs):  # a big file's quit backup, held until the test says
        go_on.wait(120)
        return take_backup(*args, **kwargs)

    monkeypatch.setattr(backups, "take_backup", slow_backup)
    assert gui_app.claim(db_path)
    window = gui_app.open_window(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    lines: list[str] = []
    second = None
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        clerk.press(
            qtbot, clerk.Key.Key_Q, clerk.Ctrl
        )  # the clerk quits: hidden at once, the backup waits
        assert not window.isVisible()
        second = subprocess.Popen(
            [sys.executable, "-X", "faulthandler", "-c", SECOND_START, str(db_path), str(ROOT)],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        reader = threading.Thread(target=lambda: lines.extend(second.stdout), daemon=True)
        reader.start()
        qtbot.waitUntil(
            lambda: (
                window.isVisible()
                or any(line.startswith(("SHOWN", "SAID", "claimed")) for line in lines)
            ),
            timeout=60_000,
        )
        assert not window.isVisible(), "the closing window came back"
        assert not any(line.startswith(("SAID", "claimed")) for line in lines), lines
        assert any(line.startswith("SHOWN") and "备份" in line for line in lines), lines
        go_on.set()
        qtbot.waitUntil(lambda: window.quitting.finished, timeout=60_000)
        assert not window.isVisible()
    finally:
        go_on.set()
        window.quitting.wait()
        gui_app.release(db_path)  # as run_gui does once its event loop has ended
    code = second.wait(120)
    reader.join(10)
    assert code == 0, lines
    assert "claimed True\n" in lines and "opened True\n" in lines, lines
    assert "closed\n" in lines, lines
    assert not any(line.startswith("SAID") for line in lines), lines

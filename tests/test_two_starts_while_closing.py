"""Two more starts while the window on the file is closing (an impatient double-click,
twice). Both wait for the closing one; when it lets the file go, one of them takes it and
opens its window. The other kept waiting for a lock that the new window now holds for its
whole life, its 正在完成上一次关闭时的备份… on the screen, and after minutes said the backup
had not finished (untrue). It now asks again while it waits: told that a window is shown
(brought forward), it says so and ends.

The first window runs here; the two starts are real processes (the pattern of
tests/test_reopen_while_closing.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from core import backups
from gui import app as gui_app
from tests import clerk

ROOT = Path(__file__).resolve().parent.parent

START = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from PySide6.QtWidgets import QMessageBox, QProgressDialog
from gui import app as gui_app

gui_app.WAIT_FOR_CLOSING_MS = 20_000  # the bound, not minutes: a wrong wait ends in the test
qt = gui_app.create_application()
for name in ("information", "warning", "critical"):  # a box: its words, never a wait
    setattr(QMessageBox, name, staticmethod(
        lambda *a, **k: print("SAID", a[2].replace("\\n", " "), flush=True)))
shown = QProgressDialog.show
QProgressDialog.show = lambda dialog: (print("WAITING", flush=True), shown(dialog))
path = Path(sys.argv[1])
claimed = gui_app.claim(path)
print("claimed", claimed, flush=True)
if claimed:
    window = gui_app.open_window(path)
    window.show()
    print("opened", flush=True)
    import threading
    from PySide6.QtCore import QTimer
    told = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), told.set()), daemon=True).start()
    timer = QTimer()
    timer.timeout.connect(lambda: told.is_set() and qt.quit())
    timer.start(50)
    qt.exec()  # open, answering as a window does, until the test says
    timer.stop()
    window.quitting.take_backup = False
    window.close()
    window.quitting.wait()
    gui_app.release(path)
    print("closed", flush=True)
"""


class Start:
    def __init__(self, path: Path) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-X", "faulthandler", "-c", START, str(path), str(ROOT)],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.reader = threading.Thread(
            target=lambda: self.lines.extend(self.process.stdout), daemon=True
        )
        self.reader.start()

    def has(self, start: str) -> bool:
        return any(line.startswith(start) for line in self.lines)

    def said(self) -> str:
        return " ".join(line[5:] for line in self.lines if line.startswith("SAID"))

    def end(self) -> int:
        if self.process.poll() is None:
            self.process.stdin.write("close\n")
            self.process.stdin.flush()
        code = self.process.wait(120)
        self.reader.join(10)
        return code


def test_two_starts_while_the_window_closes_one_opens_the_other_says_so(
    qtbot, app, db_path, db, tmp_path, monkeypatch
):
    run = tmp_path / "运行"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))  # the lock and socket: the same for all
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
    starts: list[Start] = []
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        clerk.press(qtbot, clerk.Key.Key_Q, clerk.Ctrl)  # hidden at once, the backup waits
        starts = [Start(db_path), Start(db_path)]
        # Both wait for it, saying so (正在完成上一次关闭时的备份…).
        qtbot.waitUntil(lambda: all(s.has("WAITING") for s in starts), timeout=60_000)
        assert not any(s.has("claimed") for s in starts), [s.lines for s in starts]
        go_on.set()
        qtbot.waitUntil(lambda: window.quitting.finished, timeout=60_000)
        gui_app.release(db_path)  # as run_gui does once its event loop has ended
        qtbot.waitUntil(lambda: any(s.has("opened") for s in starts), timeout=60_000)
        opened = next(s for s in starts if s.has("opened"))
        other = next(s for s in starts if s is not opened)
        qtbot.waitUntil(lambda: other.has("claimed"), timeout=60_000)
        assert "claimed False\n" in other.lines, other.lines
        said = other.said()
        assert "已切换到那个窗口" in said, said  # the window the other opened came forward
        assert "备份" not in said, said  # not that the backup never finished
        assert not opened.said(), opened.lines
    finally:
        go_on.set()
        window.quitting.wait()
        gui_app.release(db_path)
        codes = [s.end() for s in starts]
    assert codes == [0, 0], [s.lines for s in starts]

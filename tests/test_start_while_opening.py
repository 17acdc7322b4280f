"""Starting Taizhang again on a file the first start is still opening: it has no window on
the file yet, but a question about it (the file is damaged: 恢复这个备份 / 只读打开 / 退出).
The second start said 已切换到那个窗口 of a window that did not exist; it says now that the
file is still being opened and that the question waits for an answer, and the first brings
that question to the front. Asked again once the file is open, the window comes forward
as it is (maximised stays maximised: a 1366×768 screen opens it so).

The first program runs here; the second start is a real process, as the clerk's second
double-click is (the pattern of tests/test_reopen_while_closing.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from core import settings
from core.bureau_file import open_bureau
from gui import app as gui_app
from tests import clerk

ROOT = Path(__file__).resolve().parent.parent

SECOND_START = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from PySide6.QtWidgets import QMessageBox
from gui import app as gui_app

qt = gui_app.create_application()
for name in ("information", "warning", "critical"):  # a box: its words, never a wait
    setattr(QMessageBox, name, staticmethod(
        lambda *a, **k: print("SAID", a[2].replace("\\n", " "), flush=True)))
QMessageBox.exec = lambda box: print("ASKED", box.text(), flush=True)  # never a wait
print("claimed", gui_app.claim(Path(sys.argv[1])), flush=True)
"""


@pytest.fixture
def own_runtime(tmp_path, monkeypatch):
    """The lock and the socket: the same folder for both programs, and the test's own."""
    run = tmp_path / "运行"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))


def damaged_file(path: Path) -> Path:
    db = open_bureau(path, create=True)
    settings.set_settings(db, **{settings.UNIT: "某某县科技局"})
    db.close()
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // 4096):
        data[page * 4096 : page * 4096 + 16] = b"\xff" * 16
    path.write_bytes(data)
    return path


class SecondStart:
    """The clerk's second double-click: a process of its own, its words collected."""

    def __init__(self, path: Path) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-X", "faulthandler", "-c", SECOND_START, str(path), str(ROOT)],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.reader = threading.Thread(
            target=lambda: self.lines.extend(self.process.stdout), daemon=True
        )
        self.reader.start()

    def done(self) -> bool:
        return any(line.startswith("claimed") for line in self.lines)

    def said(self) -> str:
        return " ".join(line[5:] for line in self.lines if line.startswith("SAID"))

    def end(self) -> int:
        code = self.process.wait(120)
        self.reader.join(10)
        return code


def start_again_while_asked(qtbot, path: Path, seen: dict) -> None:
    """Once the question about ``path`` is up (in its own event loop, as the clerk sees it):
    the second start, then 退出 pressed once it has said its words."""
    asked_before = len(gui_app._damaged_boxes)

    def while_asked() -> None:
        box = gui_app._damaged_boxes[-1] if len(gui_app._damaged_boxes) > asked_before else None
        if box is None or not box.isVisible():
            QTimer.singleShot(50, while_asked)
            return
        seen["question"] = box.text()
        second = seen["second"] = SecondStart(path)
        waited = QElapsedTimer()
        waited.start()

        def look() -> None:
            if not second.done() and waited.elapsed() < 60_000:
                QTimer.singleShot(50, look)
                return
            try:
                seen["windows"] = [w for w in gui_app._windows_on(path) if w.isVisible()]
            finally:  # the question answered whatever happened: the test never hangs
                quit_button = next((b for b in box.buttons() if b.text() == "退出"), None)
                if quit_button is not None:
                    qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
                if box.isVisible():
                    box.reject()
                seen["answered"] = True

        look()

    def never_for_ever() -> None:  # a question left unanswered fails the test, not the run
        for box in gui_app._damaged_boxes[asked_before:]:
            if box.isVisible():
                box.reject()

    QTimer.singleShot(0, while_asked)
    watchdog = seen["watchdog"] = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(never_for_ever)
    watchdog.start(150_000)  # stopped by the test at its end


def said_still_opening(seen: dict, path: Path) -> None:
    second = seen["second"]
    assert second.end() == 0, second.lines
    assert "损坏" in seen["question"]
    assert "claimed False\n" in second.lines, second.lines
    said = second.said()
    assert "已切换" not in said and "brought forward" not in said, said
    assert "正在打开" in said and "问题已放到最前面" in said and str(path) in said, said
    assert "still opening" in said, said  # English after the Chinese, as beside it
    assert seen["windows"] == []  # no window shown (there was none to show)


def test_a_start_while_the_first_asks_about_its_damaged_file_says_so(
    qtbot, app, db_path, own_runtime, monkeypatch
):
    damaged_file(db_path)
    assert gui_app.claim(db_path)
    raised = []
    monkeypatch.setattr(QMessageBox, "activateWindow", lambda box: raised.append(box.text()))
    seen: dict = {}
    start_again_while_asked(qtbot, db_path, seen)
    try:
        assert gui_app.open_window(db_path) is None  # 退出 pressed in the end
    finally:
        seen["watchdog"].stop()
        gui_app.release(db_path)
    said_still_opening(seen, db_path)
    assert raised == [seen["question"]]  # the question came to the front


def test_a_start_while_the_open_file_found_damaged_is_asked_about_says_so(
    qtbot, app, db_path, own_runtime, monkeypatch
):
    """The window opens at once and the file's check runs behind it; the check finds the
    damage, the window is hidden and its session closed, and the question is asked. The
    second start brought that hidden window back, on a file no longer open."""
    from core import activities as A
    from core.template import load_template

    db = open_bureau(db_path, create=True)
    template = load_template(db)
    lecture = template.type_by_name("科普讲座")
    draft = A.validate_activity(template, {"type_id": lecture.id, "date": "2026-03-05",
                                           "title": "讲座"})  # fmt: skip
    A.add_activities(db, [draft] * 40)
    db.close()
    data = bytearray(db_path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages - 3, pages):  # the records' pages, not the template's
        data[page * 4096 : page * 4096 + 8] = b"\xff" * 8
    db_path.write_bytes(data)
    assert gui_app.claim(db_path)
    seen: dict = {}
    start_again_while_asked(qtbot, db_path, seen)
    window = gui_app.open_window(db_path)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitUntil(lambda: seen.get("answered", False), timeout=90_000)
        qtbot.waitUntil(lambda: window.quitting.finished, timeout=60_000)
    finally:
        seen["watchdog"].stop()
        window.quitting.wait()
        gui_app.release(db_path)
    said_still_opening(seen, db_path)


def test_a_start_once_the_window_is_open_brings_it_forward_as_it_is(
    qtbot, app, db_path, db, own_runtime
):
    assert gui_app.claim(db_path)
    window = gui_app.open_window(db_path)
    qtbot.addWidget(window)
    try:
        window.showMaximized()
        qtbot.waitExposed(window)
        qtbot.waitUntil(window.isMaximized)
        second = SecondStart(db_path)
        qtbot.waitUntil(second.done, timeout=60_000)
        assert second.end() == 0, second.lines
        assert "claimed False\n" in second.lines, second.lines
        assert "已切换到那个窗口" in second.said(), second.lines
        clerk.settle()
        assert window.isVisible() and window.isMaximized()  # not made small by coming forward
    finally:
        window.close()
        window.quitting.wait()
        gui_app.release(db_path)

"""Shared fixtures. Qt runs offscreen in tests (STACK.md §7)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The user's real data folder, and a folder of the run's own in its place for anything that
# outlives the test that started it (each test sets its own below): no test writes there.
_GUARD_REAL_DATA = "TAIZHANG_DATA_DIR" not in os.environ  # else the run was given one
os.environ["TAIZHANG_DATA_DIR"] = tempfile.mkdtemp(prefix="taizhang-tests-")

import pytest  # noqa: E402

from core import settings  # noqa: E402
from core.bureau_file import open_bureau  # noqa: E402
from core.template import load_template  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def real_data_folder_untouched():
    """Nothing reaches the user's own data folder or window settings: checked over the whole
    run (quit backups finishing after their test once went there, and a screenshot run as a
    child process once rewrote the settings)."""
    if not _GUARD_REAL_DATA:
        yield
        return
    import platformdirs

    from core.paths import APP_NAME

    real = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / APP_NAME
    before, settings_before = _files(real), _stamps(config)
    yield
    after = _files(real)
    assert after <= before, f"tests wrote into the real data folder: {sorted(after - before)}"
    assert _stamps(config) == settings_before, f"tests changed the real settings in {config}"


def _files(folder: Path) -> set[Path]:
    return set(folder.rglob("*")) if folder.exists() else set()


def _stamps(folder: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in _files(folder) if path.is_file()}


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Backups and default files go to a folder of the test's own, never the user's."""
    folder = tmp_path / "数据 文件夹"
    monkeypatch.setenv("TAIZHANG_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_window_outlives_its_test(data_dir, monkeypatch):
    """A window a test opened as the program does (``gui.app.open_window``, a restore, a
    switch of file) is kept in the program's list of windows, which outlives the test:
    after it, each one still there is closed (its quit backup into this test's data
    folder, while the test's monkeypatches still hold) and the list emptied. Else a later
    test looking for "the new window" there found one of an earlier test's too."""
    yield
    import sys

    opened = getattr(sys.modules.get("gui.app"), "_windows", None)
    if not opened:
        return
    import shiboken6

    for window in list(opened):
        if shiboken6.isValid(window) and not window.quitting.finished:
            window.close()
            window.quitting.wait()
    opened.clear()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "台账 数据.db"


@pytest.fixture
def db(db_path):
    database = open_bureau(db_path, create=True)
    settings.set_settings(database, **{settings.UNIT: "某某县科技局", settings.STAFF: "张三"})
    yield database
    database.close()


@pytest.fixture
def template(db):
    return load_template(db)


@pytest.fixture(scope="session")
def qapp_args():
    return ["taizhang-tests"]


@pytest.fixture
def app(qapp, data_dir):
    """The Qt application as the program sets it up: its settings in the test's data folder
    (gui/app.py keeps them with a given TAIZHANG_DATA_DIR), never in the user's."""
    from PySide6.QtCore import QSettings

    from gui.app import create_application

    create_application()
    QSettings().clear()
    return qapp


@pytest.fixture
def session(app, db_path, db):
    from gui.session import Session

    opened = Session(db_path)
    yield opened
    # A window of this session still open (a test made its own) quits first: its backup
    # runs on the worker with the session's connection, which must not close under it.
    _quit_windows(lambda w: w.session is opened)
    opened.close()


def _quit_windows(which) -> None:
    """Close the main windows ``which`` picks, waiting for each one's quit backup."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and shiboken6.isValid(widget) and which(widget):
            widget.close()
            widget.quitting.wait()


@pytest.fixture
def window(qtbot, session):
    from gui.main_window import MainWindow

    main = MainWindow(session)
    qtbot.addWidget(main)
    main.resize(1200, 700)
    main.show()
    qtbot.waitExposed(main)
    wait_idle(qtbot, main)
    yield main
    # Closed here, as qtbot would, but waiting for the quit backup: it then lands in this
    # test's data folder, and no job of this window runs on into the next test.
    _quit_windows(lambda w: w is main)


@pytest.fixture
def clerk_window(qtbot, window):
    """The main window as a clerk finds it: all records shown, active, the list focused."""
    window.period_bar.set_period(None, emit=True)  # nothing hidden by the period
    wait_idle(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    return window


def wait_idle(qtbot, main) -> None:
    """Until every queued operation has run and its result reached the window."""
    qtbot.waitUntil(lambda: not main.worker.busy, timeout=10_000)


def type_text(widget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key, Chinese included.

    QTest.keyClicks only knows ASCII (it aborts on 中文); a key event carrying the
    character is what an input method delivers.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


@pytest.fixture
def collector_on():
    """The command line's state: automatic collection on (the window turns it off for the
    whole process, ``gui/garbage.py``: a test run after any window test finds it off)."""
    import gc

    was = gc.isenabled()
    gc.enable()
    yield
    gc.enable() if was else gc.disable()

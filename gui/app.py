"""The application: Qt setup (language, font, high DPI, settings) and the main window.

``python main.py`` opens the window; ``--screenshot FILE.png`` draws it offscreen
into a PNG and exits.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from pathlib import Path

from core.errors import TaizhangError
from core.paths import default_db_path, given_data_dir
from core.resources import resource_path

log = logging.getLogger(__name__)

# Fonts that draw Chinese well, in order of preference; Qt falls back by itself otherwise.
CJK_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "SimSun",
)
SCREENSHOT_SIZE = (1280, 760)

_windows: list = []  # open main windows, kept alive here


def create_application(argv: list[str] | None = None):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from gui import field_keys, i18n
    from gui.garbage import collect_on_the_gui_thread

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("Taizhang")
    app.setApplicationName("Taizhang")
    keep_settings_with_given_data()
    icon = resource_path("icons/taizhang.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    i18n.install(app, i18n.saved_language())  # its display name too: 科技工作台账 / Taizhang
    use_cjk_font(app)
    _fit_dialogs(app)
    field_keys.install(app)  # Ctrl+E exports from a field too (X11's Ctrl+E: gui/field_keys.py)
    collect_on_the_gui_thread(app)  # never mid-way through Qt's work: gui/garbage.py
    return app


_fitting: list = []  # the application's one FitOnScreen


def _fit_dialogs(app) -> None:
    """Every dialog is kept on the screen it opens on (gui/screen_fit.py)."""
    from gui.screen_fit import FitOnScreen

    if not _fitting:
        _fitting.append(FitOnScreen(app))
        app.installEventFilter(_fitting[0])


def keep_settings_with_given_data() -> None:
    """With ``TAIZHANG_DATA_DIR`` set (a portable install, a benchmark, a screenshot) the
    window's settings live in that folder too. Else the database the user's own settings
    remember would be opened in its place, and their window settings rewritten."""
    from PySide6.QtCore import QSettings

    folder = given_data_dir()
    if folder is not None:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def use_cjk_font(app) -> str | None:
    from PySide6.QtGui import QFontDatabase

    families = set(QFontDatabase.families())
    for name in CJK_FONTS:
        if name in families:
            font = app.font()
            font.setFamily(name)
            app.setFont(font)
            return name
    return None


def open_window(path: Path, create: bool = False):
    """A main window on the database at ``path``; errors become a message box.

    A damaged file is not opened for writing: the user may restore the newest good
    backup over it, or look at it read-only.
    """
    from PySide6.QtWidgets import QMessageBox

    from gui.session import Session

    try:
        session = Session(path, create=create)
    except TaizhangError as error:
        if error.key in READ_ONLY_PLACE:
            return _window_on(_look_read_only(path, error))
        if error.key != "db_damaged":
            QMessageBox.critical(None, _name(), str(error))
            return None
        session = _open_damaged(path, error)
        if session is None:
            return None
    return _window_on(session)


# Where the file cannot be written (a write-protected stick, a full disk): it is looked at.
READ_ONLY_PLACE = (
    "db_folder_read_only",
    "db_file_read_only",
    "db_disk_full_here",
    "db_name_too_long_here",
)


def _look_read_only(path: Path, error: TaizhangError):
    """The file opened read-only, after saying why it cannot be changed."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from gui.session import Session

    said = QCoreApplication.translate(
        "ReadOnlyPlace",
        "It is opened read-only: you can look at it, export it and back it up, but not change it.",
    )
    QMessageBox.information(None, _name(), f"{error}\n\n{said}")
    try:
        return Session(path, read_only=True, read_only_because=str(error))
    except TaizhangError as again:
        QMessageBox.critical(None, _name(), str(again))
        return None


def _window_on(session):
    """The main window on ``session``; damage met while it reads its first page is asked
    about as any damage is (None: nothing to show)."""
    from PySide6.QtWidgets import QMessageBox

    from gui.main_window import MainWindow
    from gui.session import damaged

    if session is None:
        return None
    try:
        window = MainWindow(session)
    except sqlite3.DatabaseError as error:
        session.close()
        if session.read_only:
            QMessageBox.critical(None, _name(), _unreadable(session.path, error))
            if session.read_only_because is not None:  # a read-only place, not damage
                return None
            # A damaged file's read-only look failed: the question again, restore still
            # offered, the look no more.
            again = damaged(session.path, error)
            return _window_on(_open_damaged(session.path, again, look=False))
        return _window_on(_open_damaged(session.path, damaged(session.path, error)))
    _windows.append(window)
    _had_a_window.add(instance_name_of(session.path))
    window.quitting.closed.connect(_quit_if_none_left)
    window.destroyed.connect(lambda *_: _windows.remove(window) if window in _windows else None)
    return window


_had_a_window: set = set()  # instance names of files a window here has been open on
_running: list = []  # the application's event loop, once run_gui has started it


def _quit_if_none_left() -> None:
    """The last window has closed for good (its backup done): the program ends.

    Looked at once the events in hand are handled: a switch of database shows its new
    window first.
    """
    from PySide6.QtCore import QTimer

    def check() -> None:
        if _running and not any(w.isVisible() for w in _windows):
            _running[0].quit()

    QTimer.singleShot(0, check)


def reopen_damaged(window, text: str) -> None:
    """The open file failed its check: close it and ask what to do, as at start."""
    path = window.session.path
    window.worker.wait()
    window.hide()
    window.session.close()
    session = _open_damaged(path, text)
    window.close()
    if session is None:
        return
    from gui.main_window import MainWindow

    new = MainWindow(session)
    _windows.append(new)
    _had_a_window.add(instance_name_of(session.path))
    new.quitting.closed.connect(_quit_if_none_left)
    new.show_fitted()


def _open_damaged(path: Path, error: TaizhangError | str, look: bool = True):
    """Ask what to do with a damaged database: restore a backup, look read-only, or quit.

    The read-only look is offered only where it can work (not a 0-byte file, not one whose
    tables cannot be read), and not again once it has failed (``look=False``).
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from core import backups, bureau_file, messages, paths
    from gui.session import Session

    look = look and bureau_file.can_be_looked_at(path)

    good = backups.newest_good(path)
    box = QMessageBox(QMessageBox.Icon.Critical, _name(), str(error))
    _damaged_boxes.append(box)
    restore = None
    if good is not None:
        box.setInformativeText(
            f"最近的完好备份：{good.taken:%Y-%m-%d %H:%M}（{good.reason_name}）\n"
            f"The newest good backup: {good.taken:%Y-%m-%d %H:%M}"
        )
        restore = box.addButton(
            QCoreApplication.translate("DamagedFile", "Restore this backup"),
            QMessageBox.ButtonRole.AcceptRole,
        )
    else:
        box.setInformativeText(messages.text("db_no_good_backup", folder=paths.backups_dir()))
    unnumbered = backups.unnumbered_backups(path)
    if unnumbered:  # the old version's: never offered as this file's, but said to be there
        said = messages.text("db_unnumbered_backups", count=len(unnumbered))
        box.setInformativeText(f"{box.informativeText()}\n{said}")
    if not look:  # the message above may promise it
        said = messages.text("db_no_read_only_look")
        box.setInformativeText(f"{box.informativeText()}\n{said}")
    other = box.addButton(
        QCoreApplication.translate("DamagedFile", "Other backup file…"),
        QMessageBox.ButtonRole.ActionRole,
    )
    if look:
        look = box.addButton(
            QCoreApplication.translate("DamagedFile", "Open read-only"),
            QMessageBox.ButtonRole.ActionRole,
        )
    box.addButton(
        QCoreApplication.translate("DamagedFile", "Quit"), QMessageBox.ButtonRole.RejectRole
    )
    box.exec()
    try:
        if restore is not None and box.clickedButton() is restore:
            backups.restore_over_damaged(path, good.path)
            return Session(path)
        if box.clickedButton() is other:
            chosen = _other_backup_file()
            if not chosen or not _other_database_confirmed(path, chosen):
                return _open_damaged(path, error, look)  # cancelled: the same question again
            backups.restore_over_damaged(path, chosen)  # checked first, as restore FILE
            return Session(path)
        if look and box.clickedButton() is look:
            try:
                return Session(path, read_only=True)
            except TaizhangError as again:
                QMessageBox.critical(None, _name(), _unreadable(path, again))
                return _open_damaged(path, error, look=False)  # restore is still there
    except TaizhangError as again:  # a restore that failed (a full disk, a bad choice)
        shown = _unreadable(path, again) if again.key == "db_damaged" else str(again)
        QMessageBox.critical(None, _name(), shown)
        return _open_damaged(path, error, look)  # asked again: another try, or 退出
    return None


def _other_database_confirmed(path: Path, chosen: Path) -> bool:
    """Another database's file (another unit's) in place of the damaged one: asked first,
    as 从备份恢复 asks; a backup of this one (or a file that cannot be told) is not."""
    from core import file_owner
    from gui.backup_dialog import ask_other_database

    current, theirs = file_owner.owner_of_file(path), file_owner.owner_of_file(chosen)
    if not file_owner.ask_before_restoring(current, theirs):
        return True
    return ask_other_database(None, file_owner.warning(current, theirs), chosen)


def _other_backup_file() -> Path | None:
    """Any backup file, chosen from the backups folder on (the old version's, a copy)."""
    from PySide6.QtCore import QCoreApplication

    from core import paths
    from gui import file_dialogs

    chosen = file_dialogs.open_file_name(
        None,
        QCoreApplication.translate("DamagedFile", "Other backup file"),
        str(paths.backups_dir()),
        QCoreApplication.translate("DamagedFile", "Taizhang backups (*.db);;All files (*)"),
    )
    return Path(chosen) if chosen else None


def _unreadable(path: Path, error: Exception) -> str:
    """Said when even a read-only look fails: not the same question again."""
    from core import messages

    clean = messages.Both.of("db_damaged_details")
    details = error.params.get("details", clean) if isinstance(error, TaizhangError) else clean
    if getattr(details, "zh", None) == clean.zh:  # SQLite's own words: not for the clerk
        details = clean
    return messages.text("db_unreadable", path=path, details=details)


def _name() -> str:
    """The program's name in its language, the title of a box shown before any window."""
    from gui.i18n import program_name

    return program_name()


_instances: dict = {}
_damaged_boxes: list = []  # the last question asked about a damaged file (tests look)


def claim(path: Path) -> bool:
    """Hold ``path`` for this process; False if another Taizhang has it open (told to show).

    A Taizhang whose window on it is closing (its quit backup running) is waited for, with
    a word to the clerk; then the file is this process's to open.
    """
    from gui.single_instance import ASKING, CLOSING, OPENING, SingleInstance, instance_name

    key = instance_name(path)
    if key in _instances:
        return True
    instance = SingleInstance(path)
    if not instance.acquire():
        if instance.answer == CLOSING:
            if not _wait_for_closing(instance, path):
                return False
        elif instance.answer is None and instance.take(LAST_MOMENTS_MS):
            pass  # it was ending (its window gone, its loop too): the lock went meanwhile
        elif instance.answer in (ASKING, OPENING):
            _say_still_opening(path, asking=instance.answer == ASKING)
            return False
        else:
            _say_already_open(path)
            return False
    instance.state = lambda: _state_of(path)
    instance.activated.connect(lambda: bring_forward(path))
    _instances[key] = instance
    return True


# How long a Taizhang that gave no answer (it was ending) is given to let the file go.
LAST_MOMENTS_MS = 3000
# How often a start waiting for a window to close asks again what holds the file: another
# start may have taken it meanwhile, and its window then holds it for its whole life.
ASK_AGAIN_MS = 1000
# How long a start waits for another's window on the file to finish closing: its quit
# backup (9–15 s at a million records here; a slow disk takes longer).
WAIT_FOR_CLOSING_MS = 5 * 60 * 1000


def _wait_for_closing(instance, path: Path) -> bool:
    """Wait, saying so, until the Taizhang closing ``path`` has let it go; then hold it.
    False if the clerk cancelled the wait or it never went (said), or if another start
    took the file first (an impatient double-click, twice): asked again every second, the
    one holding it now answers what it has, and that is said (its window came forward)."""
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    from gui.single_instance import ASKING, OPENING, SHOWN

    dialog = QProgressDialog(
        QCoreApplication.translate(
            "ClosingElsewhere", "Finishing the backup from when Taizhang was last closed…"
        ),
        QCoreApplication.translate("ClosingElsewhere", "Cancel"),
        0,
        0,
    )
    dialog.setWindowTitle(_name())
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    _waiting.append(dialog)
    loop = QEventLoop()
    waited = QElapsedTimer()
    waited.start()
    outcome: list[bool | bytes | None] = [None]
    asked = QElapsedTimer()
    asked.start()

    def holder_now() -> bytes | None:
        """What the one holding the file answers now, asked every ASK_AGAIN_MS."""
        if asked.elapsed() < ASK_AGAIN_MS:
            return None
        asked.restart()
        return instance.tell_the_first()

    def look() -> None:
        if instance.take(0):
            outcome[0] = True
        elif (answer := holder_now()) in (SHOWN, ASKING, OPENING):
            outcome[0] = answer  # another start has the file now (said below)
        elif waited.elapsed() >= WAIT_FOR_CLOSING_MS:
            outcome[0] = False
        else:
            return
        loop.quit()

    poll = QTimer()
    poll.timeout.connect(look)
    dialog.canceled.connect(loop.quit)
    dialog.show()
    poll.start(200)
    loop.exec()
    poll.stop()
    dialog.close()
    _waiting.remove(dialog)
    if outcome[0] == SHOWN:
        _say_already_open(path)
    elif outcome[0] in (ASKING, OPENING):
        _say_still_opening(path, asking=outcome[0] == ASKING)
    if outcome[0] is False:
        QMessageBox.warning(
            None,
            _name(),
            QCoreApplication.translate(
                "ClosingElsewhere",
                "Taizhang was closed with “%1” open, and has not finished its backup and let "
                "the file go after %2 minutes. Open it again later; if this goes on, restart "
                "the computer.",
            )
            .replace("%1", str(path))
            .replace("%2", str(WAIT_FOR_CLOSING_MS // 60000)),
        )
    return outcome[0] is True


_waiting: list = []  # the word shown while waiting for another's window to close (tests look)


def _windows_on(path: Path) -> list:
    """This process's main windows on ``path`` that Qt has not yet deleted."""
    import shiboken6

    return [w for w in _windows if shiboken6.isValid(w) and w.session.path == Path(path)]


def _state_of(path: Path) -> bytes:
    """What this process has on ``path``, as told to another start (gui/single_instance.py):
    a window shown; only windows closing; or none yet, the file still being opened, with
    or without a question about it up (a damaged file's, asked at the start or again when
    the open file failed its check, its window hidden meanwhile)."""
    from PySide6.QtWidgets import QApplication

    from gui.single_instance import ASKING, CLOSING, OPENING, SHOWN

    live = [w for w in _windows_on(path) if not w.quitting.started]
    if any(w.isVisible() for w in live):
        return SHOWN
    if not live and instance_name_of(path) in _had_a_window:
        return CLOSING
    return ASKING if QApplication.activeModalWidget() is not None else OPENING


def release(path: Path) -> None:
    from gui.single_instance import instance_name

    instance = _instances.pop(instance_name(path), None)
    if instance is not None:
        instance.release()


def bring_forward(path: Path) -> None:
    """The window on ``path`` to the front; where there is none yet, the question asked
    about the file (a damaged file's) instead."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    shown = False
    for window in _windows_on(path):
        # One closing (hidden, its quit backup running) is not shown again: it would look
        # live, do nothing (its worker busy) and vanish by itself; nor one hidden while its
        # file is asked about again (its session closed).
        if not window.quitting.started and window.isVisible():
            # Back from the taskbar as it was, maximised still (showNormal made it small).
            state = window.windowState()
            if state & Qt.WindowState.WindowMinimized:
                window.setWindowState(state & ~Qt.WindowState.WindowMinimized)
            window.raise_()
            window.activateWindow()
            shown = True
    question = QApplication.activeModalWidget()
    if not shown and question is not None:
        question.raise_()
        question.activateWindow()


def _say_already_open(path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(
        None,
        _name(),
        f"台账已经打开了“{path}”，已切换到那个窗口。\n"
        f"Taizhang already has '{path}' open; that window has been brought forward.",
    )


def _say_still_opening(path: Path, asking: bool) -> None:
    """Another Taizhang is opening ``path`` and has no window on it yet: said so, where it
    said 已切换到那个窗口 of a window that did not exist."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    if asking:
        said = QCoreApplication.translate(
            "OpeningElsewhere",
            "Taizhang is still opening “%1” and is waiting for an answer to its question "
            "about the file; that question has been brought to the front. Answer it there "
            "first.",
        )
    else:
        said = QCoreApplication.translate(
            "OpeningElsewhere",
            "Taizhang is still opening “%1”; its window will appear in a moment.",
        )
    QMessageBox.information(None, _name(), said.replace("%1", str(path)))


def tell_what_landed_after_closing(window):
    """An import that ran to its end after the window was last closed: said once, now
    (``gui/landed_after_closing.py``). Returns the message box, or None."""
    from PySide6.QtWidgets import QMessageBox

    from gui.landed_after_closing import take_what_landed

    text = take_what_landed(window.session)
    if text is None:
        return None
    box = QMessageBox(QMessageBox.Icon.Information, window.windowTitle(), text,
                      QMessageBox.StandardButton.Ok, window)  # fmt: skip
    box.open()
    window.landed_box = box
    return box


def ask_first_run(window) -> None:
    """填报单位 and 填报人 when the database has none yet."""
    from gui.settings_dialog import SettingsDialog

    if window.session.unit_name:
        return
    dialog = SettingsDialog("", window.session.staff_name, window, first_run=True)
    dialog.accepted.connect(
        lambda: window.ops.save_settings(dialog.unit_name(), dialog.staff_name())
    )
    dialog.open()
    window.first_run_dialog = dialog


def switch_database(window, path: str, create: bool = False):
    """文件 → 新建/打开数据库 (and after a restore): a new window, then the old one closes.
    Returns the new window (None when the file could not be opened)."""
    from PySide6.QtCore import QSettings

    old_path, new_path = window.session.path, Path(path)
    if not claim(new_path):
        return None
    window.close()  # hidden now; its last changes and its quit backup first
    window.quitting.wait()
    new = open_window(new_path, create=create)
    if new is None:
        return None
    if instance_name_of(old_path) != instance_name_of(new_path):
        release(old_path)
    QSettings().setValue("last_db", str(new_path.resolve()))
    new.show_fitted()
    ask_first_run(new)
    return new


def instance_name_of(path: Path) -> str:
    from gui.single_instance import instance_name

    return instance_name(path)


def database_path(args: argparse.Namespace) -> Path:
    from PySide6.QtCore import QSettings

    if args.db:
        return Path(args.db)
    remembered = QSettings().value("last_db")
    if remembered and Path(str(remembered)).exists():
        return Path(str(remembered))
    path = default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def run_gui(args: argparse.Namespace) -> int:
    screen = getattr(args, "size", None)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if screen is not None:
            _offscreen_screen(*screen)
    app = create_application()
    unattended = _no_one_to_ask(app) if args.screenshot else None
    path = database_path(args)
    if not args.screenshot and not claim(path):
        return 0
    # Only the default file is made at first start; a path given (--db) must exist, but
    # for a --screenshot (a picture of a fresh file: CI, the README), where no one could
    # answer a message box.
    create = bool(args.screenshot) or (not args.db and path == default_db_path())
    window = open_window(path, create=create)
    if window is None:
        return 1
    if args.screenshot:
        if unattended.refused:  # a box wanted a person: said on stderr, no picture
            window.quitting.take_backup = False
            window.close()
            window.quitting.wait()
            return 1
        return take_screenshot(app, window, Path(args.screenshot), screen is not None)
    window.show_fitted()
    ask_first_run(window)
    tell_what_landed_after_closing(window)
    start_daily_backup(window)
    _close_on_termination(app)
    _running.append(app)
    code = app.exec()
    for open_window_ in list(_windows):
        open_window_.worker.wait()
        open_window_.session.close()
    for held in list(_instances.values()):
        held.release()
    return code


def _no_one_to_ask(app):
    """With ``--screenshot`` no one is at the screen: a box that would wait for a person
    says its words on stderr and is cancelled, and the run ends with 1 (gui/unattended.py)."""
    from gui.unattended import NoOneToAsk

    watcher = NoOneToAsk(app)
    app.installEventFilter(watcher)
    return watcher


def _close_on_termination(app) -> None:
    """SIGTERM (a Linux session ending, a shutdown, ``kill``) closes the windows as Ctrl+Q
    does: the quit backup is taken and the -wal merged into the file, where the signal
    ended the program at once."""
    import signal

    from PySide6.QtCore import QTimer

    def close_windows(_signal, _frame) -> None:
        QTimer.singleShot(0, lambda: [w.close() for w in list(_windows)])

    signal.signal(signal.SIGTERM, close_windows)
    # Python runs a handler only between its own steps; Qt's loop gives it none by itself.
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(300)


def start_daily_backup(window) -> None:
    """At start, off the GUI thread: a backup if the newest one is older than a day."""
    from core import backups
    from gui.operations import OpChanges

    if window.session.read_only:
        return
    path = window.session.path
    window.ops.run(lambda db: backups.backup_if_due(db, path), OpChanges(), writes=True)


# A Windows taskbar (40 px at 100 %) that the screen of a --size screenshot keeps free.
TASKBAR_HEIGHT = 40


def _offscreen_screen(width: int, height: int) -> None:
    """Qt's offscreen screen of ``width`` × ``height`` device pixels, for a screenshot."""
    import json
    import tempfile

    config = {
        "screens": [
            {"name": "screenshot", "x": 0, "y": 0, "width": width, "height": height,
             "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
        ]
    }  # fmt: skip
    handle, name = tempfile.mkstemp(prefix="taizhang-screen-", suffix=".json")
    with os.fdopen(handle, "w") as out:
        json.dump(config, out)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={name}"


def take_screenshot(app, window, target: Path, on_screen: bool = False) -> int:
    """Paint the window as a user would see it, once its summaries are in, and save it.

    ``on_screen``: placed as on the (offscreen) screen of ``--size``, whose bottom is
    kept for a taskbar: at its natural size where that fits, else maximised.
    """
    if on_screen:
        from PySide6.QtCore import QRect

        full = app.primaryScreen().geometry()
        available = QRect(0, 0, full.width(), full.height() - TASKBAR_HEIGHT)
        window.fit_to_screen(available)
        if window.open_maximized:
            window.setGeometry(available)
    else:
        window.resize(*SCREENSHOT_SIZE)
    window.show()
    app.processEvents()
    window.worker.wait()
    app.processEvents()
    image = window.grab()
    ok = image.save(str(target))
    window.quitting.take_backup = False  # a picture changes nothing: no backup
    window.close()
    window.quitting.wait()
    if not ok:
        print(f"无法保存截图“{target}” (cannot save the screenshot)", file=sys.stderr)
        return 1
    return 0

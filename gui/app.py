"""The application: Qt setup (language, font, high DPI, settings) and the main window.

``python main.py`` opens the window; ``--screenshot FILE.png`` draws it offscreen
into a PNG and exits.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from core.errors import TaizhangError
from core.paths import default_db_path
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

    from gui import i18n

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("Taizhang")
    app.setApplicationName("Taizhang")
    app.setApplicationDisplayName("科技工作台账")
    icon = resource_path("icons/taizhang.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    i18n.install(app, i18n.saved_language())
    use_cjk_font(app)
    return app


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


def open_window(path: Path):
    """A main window on the database at ``path``; errors become a message box."""
    from PySide6.QtWidgets import QMessageBox

    from gui.main_window import MainWindow
    from gui.session import Session

    try:
        session = Session(path)
    except TaizhangError as error:
        QMessageBox.critical(None, "科技工作台账", str(error))
        return None
    window = MainWindow(session)
    _windows.append(window)
    window.destroyed.connect(lambda *_: _windows.remove(window) if window in _windows else None)
    return window


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


def switch_database(window, path: str) -> None:
    """文件 → 新建/打开数据库: a new window on the other file, then the old one closes."""
    from PySide6.QtCore import QSettings

    new = open_window(Path(path))
    if new is None:
        return
    QSettings().setValue("last_db", str(Path(path).resolve()))
    new.show()
    window.close()
    window.session.close()
    ask_first_run(new)


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
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = create_application()
    window = open_window(database_path(args))
    if window is None:
        return 1
    if args.screenshot:
        return take_screenshot(app, window, Path(args.screenshot))
    window.show()
    ask_first_run(window)
    code = app.exec()
    window.worker.wait()
    return code


def take_screenshot(app, window, target: Path) -> int:
    """Paint the window as a user would see it, once its summaries are in, and save it."""
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    app.processEvents()
    window.worker.wait()
    app.processEvents()
    image = window.grab()
    ok = image.save(str(target))
    window.close()
    if not ok:
        print(f"无法保存截图“{target}” (cannot save the screenshot)", file=sys.stderr)
        return 1
    return 0

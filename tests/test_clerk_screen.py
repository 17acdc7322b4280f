"""Where windows open on an office screen: a message over the window it speaks of, a form
whose 保存 stays in sight on a 1366×768 laptop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QMessageBox

from gui import screen_fit
from tests import clerk
from tests.clerk import Ctrl, Key, enter, press
from tests.conftest import wait_idle

TOP_PANEL = 32  # a panel along the top of the screen (GNOME, a Windows taskbar moved up)


@pytest.fixture
def room_below_a_panel(monkeypatch, qapp):
    """The screen's room starts below a panel: what ``availableGeometry`` says there."""
    screen = qapp.primaryScreen().geometry()
    room = screen.adjusted(0, TOP_PANEL, 0, 0)
    monkeypatch.setattr(screen_fit, "room_for", lambda _window: QRect(room))
    return room


def distance(a: QPoint, b: QPoint) -> int:
    return (a - b).manhattanLength()


def test_the_export_message_opens_over_the_main_window(
    qtbot, clerk_window, room_below_a_panel, tmp_path
):
    """Under a real window manager 导出完成 opened in the screen's top-left corner: each
    dialog was moved into the screen's room as it was shown, before Qt had centred it over
    its parent, and a move pins a window where it is put."""
    from gui.export_dialog import ExportDialog

    main = clerk_window
    main.resize(640, 440)
    main.move(120, 140)
    qtbot.waitUntil(lambda: main.pos() == QPoint(120, 140))
    QSettings().setValue("export/folder", str(tmp_path))
    middle = main.frameGeometry().center()

    press(qtbot, Key.Key_E, Ctrl)  # 导出台账
    dialog = clerk.wait_dialog(qtbot, ExportDialog)
    assert distance(dialog.frameGeometry().center(), middle) < 40
    enter(qtbot)  # 导出
    box = clerk.wait_dialog(qtbot, QMessageBox, timeout=20_000)
    assert "台账已保存" in box.text()
    assert box.parentWidget() is dialog  # a message of its own dialog, over it
    clerk.settle()
    assert distance(box.frameGeometry().center(), middle) < 40, (box.frameGeometry(), middle)
    assert room_below_a_panel.contains(box.frameGeometry())
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, main)

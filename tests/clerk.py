"""Playing the clerk: keys to the focused widget, fields found by the label beside them.

Nothing here calls a form's own methods: a test presses keys where the focus is, as a
person does, and reads the result from the database. Chinese text arrives as an
input-method commit, the way a Pinyin IME delivers it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

Key = Qt.Key
NoMod = Qt.KeyboardModifier.NoModifier
Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


def focus() -> QWidget:
    """The widget the next key goes to (after a dialog closes, its window comes back first)."""
    for _ in range(100):
        widget = QApplication.focusWidget()
        if widget is not None:
            return widget
        QTest.qWait(10)
    raise AssertionError("nothing has the keyboard focus")


def settle() -> None:
    """What happens between two keystrokes of a person: the event loop runs."""
    QApplication.processEvents()


def press(qtbot, key, modifier=NoMod, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focus(), key, modifier)
        settle()


def tab(qtbot, times: int = 1) -> None:
    press(qtbot, Key.Key_Tab, times=times)


def backtab(qtbot, times: int = 1) -> None:
    press(qtbot, Key.Key_Backtab, Shift, times=times)


def enter(qtbot) -> None:
    press(qtbot, Key.Key_Return)


def type_keys(qtbot, text: str) -> None:
    """ASCII typed key by key (digits, dates, Latin letters)."""
    for char in text:
        qtbot.keyClicks(focus(), char)
        settle()


def commit(text: str) -> None:
    """Chinese text as a Pinyin input method commits it to the focused widget."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focus(), event)
    settle()


def write(qtbot, text: str) -> None:
    """Whatever a person types: keys for ASCII, an IME commit for the rest."""
    if text.isascii():
        type_keys(qtbot, text)
    else:
        commit(text)


def clear_field(qtbot) -> None:
    press(qtbot, Key.Key_A, Ctrl)
    press(qtbot, Key.Key_Delete)


def label_of(widget: QWidget) -> str:
    """The text of the label a person reads beside ``widget`` (its buddy label)."""
    window = widget.window()
    candidates = [widget]
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        candidates.append(parent)
        parent = parent.parentWidget()
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and buddy in candidates and label.isVisible():
            return label.text().replace("&", "").rstrip("：:")
    return ""


def field(window: QWidget, label: str) -> QWidget:
    """The input beside the visible label reading ``label``."""
    for item in window.findChildren(QLabel):
        text = item.text().replace("&", "").rstrip("：:")
        if text == label and item.isVisible() and item.buddy() is not None:
            return item.buddy()
    shown = sorted({w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.buddy()})
    raise AssertionError(f"no field labelled {label!r}; labels: {shown}")


def go_to(qtbot, window: QWidget, label: str) -> QWidget:
    """Click into the field labelled ``label``, as a person does with the mouse."""
    widget = field(window, label)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    settle()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    target = QApplication.focusWidget()
    assert target is widget or widget.isAncestorOf(target) or target.focusProxy() is widget, (
        f"clicking {label!r} focused {target!r}"
    )
    return widget


def fill(qtbot, window: QWidget, label: str, text: str) -> None:
    """Click the field, select what it holds, type ``text`` over it."""
    go_to(qtbot, window, label)
    press(qtbot, Key.Key_A, Ctrl)
    write(qtbot, text)


def tab_to(qtbot, label: str, limit: int = 40) -> None:
    """Press Tab until the field labelled ``label`` has the focus."""
    for _ in range(limit):
        if label_of(focus()) == label:
            return
        tab(qtbot)
    raise AssertionError(f"Tab never reached {label!r}")


def focus_order(qtbot, start: QWidget, steps: int) -> list[str]:
    """The labels (or button texts) the focus visits with ``steps`` presses of Tab."""
    seen = []
    for _ in range(steps):
        tab(qtbot)
        widget = focus()
        if isinstance(widget, QAbstractButton) and not label_of(widget):
            seen.append(widget.text().replace("&", ""))
        else:
            seen.append(label_of(widget))
    return seen


def visible_dialogs(kind=QDialog) -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def message_box() -> QMessageBox | None:
    boxes = visible_dialogs(QMessageBox)
    return boxes[-1] if boxes else None


def open_import(qtbot, main, path) -> QDialog:
    """The import dialog for ``path`` (as chosen in the file dialog Ctrl+I opens), once its
    check of the whole file is shown."""
    from gui.import_dialog import ImportDialog

    main.import_file(str(path))
    dialog = wait_dialog(qtbot, ImportDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    return dialog


def wait_dialog(qtbot, kind=QDialog, timeout: int = 5000) -> QDialog:
    """The dialog of ``kind`` that has just opened (and has the focus)."""
    qtbot.waitUntil(lambda: bool(visible_dialogs(kind)), timeout=timeout)
    dialog = visible_dialogs(kind)[-1]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=timeout)
    return dialog

"""The program's Ctrl+letter keys win over a text field's own binding of the same key.

Before Qt looks at the shortcuts of a window it asks the widget with the focus
(``ShortcutOverride``); a line edit says yes to its key bindings. On Linux desktops
(X11's bindings: UOS, Kylin, the xcb platform) those include emacs-style Ctrl+E (to the
end of the line) and Ctrl+U (clear the line): with the cursor in the search box or a date,
Ctrl+E (导出台账) did nothing. Installed once on the application (gui/app.py), this says no
for a field to every Ctrl+letter but its editing keys: a key the program has as a shortcut
then runs it, and a key it has not still reaches the field as a key press (Qt gives it to
the focus when no shortcut matches): Ctrl+U still clears the line.

Kept by the field: copy, cut, paste, select all, undo and redo (Ctrl+C/X/V/A/Z,
Shift+Ctrl+Z, and Ctrl+Y where the platform's redo is Ctrl+Y). Where it is not (X11),
Ctrl+Y still redoes a field's typing when it has some to redo, as a clerk used to
Windows expects; the window's redo of a record's change is not run behind their back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

_FIELDS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
_EDITING = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)
_CTRL = Qt.KeyboardModifier.ControlModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier
_LETTERS = range(Qt.Key.Key_A.value, Qt.Key.Key_Z.value + 1)


def is_editing_key(event: QKeyEvent) -> bool:
    """A key a text field keeps for itself, whatever the window has for it."""
    return any(event.matches(key) for key in _EDITING) or (
        event.key() == Qt.Key.Key_Z and event.modifiers() == _CTRL | _SHIFT
    )


class ProgramKeysFirst(QObject):
    """The application's event filter: a field's claim on a Ctrl+letter is refused."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # Every event of the application passes here: its type is asked first.
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            return _is_ctrl_y(event) and isinstance(watched, _FIELDS) and _redo_typing(watched)
        if kind != QEvent.Type.ShortcutOverride or not isinstance(watched, _FIELDS):
            return False
        if _is_ctrl_y(event) and _typing_to_redo(watched) is not None:
            event.accept()  # the field's: its key press comes next (redone above)
            return True
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (_CTRL, _CTRL | _SHIFT) or event.key() not in _LETTERS:
            return False
        if is_editing_key(event):
            return False
        event.ignore()  # not the field's: the window's shortcuts are looked at next
        return True


def _is_ctrl_y(event: QKeyEvent) -> bool:
    """Ctrl+Y where it is not the platform's redo (X11 has Shift+Ctrl+Z only)."""
    return (
        event.key() == Qt.Key.Key_Y
        and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == _CTRL
        and not event.matches(QKeySequence.StandardKey.Redo)
    )


def _typing_to_redo(widget: QObject):
    """The editor of ``widget`` if it has typing to redo, else None."""
    if isinstance(widget, QComboBox):
        widget = widget.lineEdit()
    elif isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit)
    if isinstance(widget, QLineEdit):
        return widget if widget.isRedoAvailable() and not widget.isReadOnly() else None
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        available = widget.document().isRedoAvailable() and not widget.isReadOnly()
        return widget if available else None
    return None


def _redo_typing(widget: QObject) -> bool:
    """Ctrl+Y redoes a field's typing, as on Windows, where the field has any to redo."""
    editor = _typing_to_redo(widget)
    if editor is None:
        return False
    editor.redo()
    return True


_installed: list[ProgramKeysFirst] = []


def install(app) -> None:
    """Once per application."""
    if not _installed:
        _installed.append(ProgramKeysFirst(app))
        app.installEventFilter(_installed[0])

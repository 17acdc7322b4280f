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
Shift+Ctrl+Z, and Ctrl+Y, the redo a clerk used to Windows presses). Where the platform's
redo is Shift+Ctrl+Z only (X11), Ctrl+Y is the field's all the same: it redoes its typing,
and with none to redo it does nothing, as on Windows.

A key of the field's undo never reaches the window's undo of records: in a field with
nothing to undo (or redo) Ctrl+Z (Ctrl+Y) does nothing, on every platform. Crossing over
would take back (or put back) a record the clerk saved (or undid) while their eyes are on
the field they typed in, one press after their typing ran out; the records' undo is a
click away (撤销/重做 on the toolbar) and a press away from the list.
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
            if not _is_ctrl_y(event) or not isinstance(watched, _FIELDS):
                return False
            editor = _typing_field(watched)
            if editor is not None and _has_typing_to_redo(editor):
                editor.redo()
            return editor is not None  # the field's, whether or not it had typing to redo
        if kind != QEvent.Type.ShortcutOverride or not isinstance(watched, _FIELDS):
            return False
        if _is_ctrl_y(event) and _typing_field(watched) is not None:
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


def _typing_field(widget: QObject):
    """The editor of ``widget`` if the clerk can type in it (not read-only), else None."""
    if isinstance(widget, QComboBox):
        widget = widget.lineEdit()  # None for a list to choose from: nothing typed there
    elif isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit)
    if isinstance(widget, QLineEdit):
        return widget if not widget.isReadOnly() else None
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return widget if not widget.isReadOnly() else None
    return None


def _has_typing_to_redo(editor) -> bool:
    if isinstance(editor, QLineEdit):
        return editor.isRedoAvailable()
    return editor.document().isRedoAvailable()


_installed: list[ProgramKeysFirst] = []


def install(app) -> None:
    """Once per application."""
    if not _installed:
        _installed.append(ProgramKeysFirst(app))
        app.installEventFilter(_installed[0])

"""What every form of the program does the same way, as WPS and Windows dialogs do.

- The main button (保存 / 导出 / 导入 / 确定) is the dialog's default: Enter in any
  single-line input or number field presses it, never 取消. Qt remembers a dialog's
  main default only when ``setDefault`` is called while the button already belongs
  to the dialog; set too early, the first button that gets the focus takes over
  for good. ``button_box`` builds the box inside the dialog, then sets the default.
- Esc (or the window's close button) on a form holding typed content asks
  放弃未保存的内容？ first; Enter on that question keeps the form.
- Labels are buddies of their inputs, so a label's mnemonic and a screen reader find
  the field beside it.
- Tab walks a form as it is read, top to bottom and left to right, buttons last
  (``tab_as_read``), not in the order its widgets happened to be made.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)


def button_box(
    dialog: QDialog, main_text: str, *, cancel: bool = True
) -> tuple[QDialogButtonBox, QPushButton]:
    """A button box inside ``dialog`` whose main button ``main_text`` is the default."""
    box = QDialogButtonBox(dialog)
    main = box.addButton(main_text, QDialogButtonBox.ButtonRole.AcceptRole)
    if cancel:
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        box.rejected.connect(dialog.reject)
    make_default(dialog, main)
    return box, main


def text_line() -> QLineEdit:
    """A single-line box that keeps all that is typed or pasted into it: Qt's own limit
    cuts at 32,767 characters, without a word, and the record then saves cut."""
    edit = QLineEdit()
    edit.setMaxLength(2**31 - 1)
    return edit


def make_default(dialog: QDialog, button: QPushButton) -> None:
    """``button`` becomes the dialog's main default, restored whenever the focus leaves
    another button. Call it once the button is a child of ``dialog``."""
    assert button.window() is dialog or dialog.isAncestorOf(button), "button not in dialog"
    button.setDefault(False)
    button.setDefault(True)


def return_focus(dialog: QDialog, widget: QWidget | None) -> None:
    """Back to the form after a question: its window active, the focus where it was."""
    dialog.activateWindow()
    if widget is not None and dialog.isAncestorOf(widget):
        widget.setFocus()


def labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class Form(QDialog):
    """A dialog that asks before throwing away what was typed.

    Subclasses give ``snapshot()``: what the form holds now, comparable with ``==``.
    ``mark_clean()`` takes the current content as the untouched state (after loading a
    record, after 保存并新增).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clean: object = None
        self._asking: QMessageBox | None = None

    def snapshot(self) -> object:
        return None

    def mark_clean(self) -> None:
        self._clean = self.snapshot()

    def is_dirty(self) -> bool:
        return self.snapshot() != self._clean

    def reject(self) -> None:
        if self._asking is not None:
            return
        if not self.is_dirty():
            super().reject()
            return
        self.ask_discard(lambda: QDialog.reject(self))

    def ask_discard(self, discard: Callable[[], None]) -> None:
        """放弃未保存的内容？ Enter and Esc keep the form; only 放弃 throws it away."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            QCoreApplication.translate("Form", "Discard what you typed?"),
            parent=self,
        )
        box.setInformativeText(
            QCoreApplication.translate("Form", "The form holds content that has not been saved.")
        )
        throw = box.addButton(
            QCoreApplication.translate("Form", "Discard"), QMessageBox.ButtonRole.DestructiveRole
        )
        keep = box.addButton(
            QCoreApplication.translate("Form", "Keep editing"), QMessageBox.ButtonRole.RejectRole
        )
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self._asking = box
        was_focused = QApplication.focusWidget()

        def answered(_result: int) -> None:
            self._asking = None
            if box.clickedButton() is throw:
                discard()
            else:
                return_focus(self, was_focused)

        box.finished.connect(answered)
        box.open()


def in_reading_order(layout: QLayout | None) -> list[QWidget]:
    """The widgets that take the focus by Tab, in the order ``layout`` places them (rows
    of a form, then the widgets of a row, into each inner layout and composite widget)."""
    found: list[QWidget] = []
    for index in range(layout.count() if layout is not None else 0):
        item = layout.itemAt(index)
        widget, inner = item.widget(), item.layout()
        if inner is not None:
            found += in_reading_order(inner)
        elif widget is not None:
            if widget.layout() is not None:
                found += in_reading_order(widget.layout())
            elif widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                found.append(widget)
    return found


def tab_as_read(dialog: QWidget) -> None:
    """Tab goes through ``dialog`` as it is read, its buttons last."""
    chain = in_reading_order(dialog.layout())
    for first, second in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(first, second)

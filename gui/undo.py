"""Undo and redo of every change to records and to the template: one QUndoCommand per
user action.

Each command runs its change through ``Operations``, so undo and redo take the
same path (off the GUI thread, views told what changed) as the first time.

A command made with ``done=True`` records a change that has already landed (a form
waits for its save before closing, and only a save that succeeded is undoable): the
redo that ``QUndoStack.push`` runs at once is then skipped.

A change that fails on the worker (the disk is full, another writer holds the file)
was rolled back there, so the stack steps back over that one command without running
anything: a failed redo is undone (and can be redone later, to try again), a failed undo
is redone. Every other step of the stack stays as it was; ``UndoStack.failed`` then
carries the message to show.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip, QWidget

from core.activities import Activity
from core.template_edit import Spec, copy_spec
from gui.operations import Landed, Operations


class UndoStack(QUndoStack):
    """The window's undo stack: it knows its commands, so one that fails steps back alone."""

    failed = Signal(str)  # a change that did not land: the message for the user

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # The template as this stack's last template step left it (one item, set on the
        # worker): what the next undo or redo of one must find (``ChangeTemplate``).
        self.template_left: list = []

    def push(self, command: QUndoCommand) -> None:
        if isinstance(command, _Command):
            command.stack = self
        super().push(command)

    def add_keys_to(self, widget: QWidget, own) -> WindowSteps:
        """Ctrl+Z and Ctrl+Y (or Ctrl+Shift+Z) in another window (汇总, 统计指标, the
        template editor): its own steps only (``own(command)``), see ``WindowSteps``."""
        return WindowSteps(self, widget, own)


class WindowSteps(QObject):
    """Undo and redo in a window other than the main one: of the one stack of every
    step, only those of its own kind (``own(command)``: the template editor's template
    changes, 汇总's targets, a record's evidence).

    The main window's Ctrl+Z undoes every step in turn; here, a step of another kind at
    hand (a record restored from the 回收站 in the main window) is left alone, and said
    where it is undone: undone from here, it changed what this window does not show.
    A field being typed in keeps its own Ctrl+Z while it has something of its own to undo;
    then the key is the window's (a name saved with Enter leaves nothing in its box to
    undo). ``context``: where the keys work (the whole window, or a part of it).
    """

    changed = Signal()  # what can_undo or can_redo says may have changed

    def __init__(
        self,
        stack: QUndoStack,
        widget: QWidget,
        own,
        context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
    ) -> None:
        super().__init__(widget)
        self.stack = stack
        self.widget = widget
        self.own = own
        for keys, slot in (
            ([QKeySequence("Ctrl+Z")], self.undo),
            ([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")], self.redo),
        ):
            action = QAction(widget)
            action.setShortcuts(keys)
            action.setShortcutContext(context)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            widget.addAction(action)
        passing = _KeysWhenNothingToUndo(widget)
        for line in widget.findChildren(QLineEdit):
            line.installEventFilter(passing)
        for moved in (stack.indexChanged, stack.canUndoChanged, stack.canRedoChanged):
            moved.connect(self._moved)

    def _moved(self, *_args) -> None:
        # Not while the stack goes with its window (its destructor clears it).
        if shiboken6.isValid(self.stack):
            self.changed.emit()

    def can_undo(self) -> bool:
        index = self.stack.index()
        return index > 0 and bool(self.own(self.stack.command(index - 1)))

    def can_redo(self) -> bool:
        index = self.stack.index()
        return index < self.stack.count() and bool(self.own(self.stack.command(index)))

    def undo(self) -> None:
        if self.can_undo():
            self.stack.undo()
        elif self.stack.canUndo():
            self._say(
                self.tr("Not undone here: the last step, “%1”, was not made in this window. "
                        "Undo it in the main window (Ctrl+Z there).")
                .replace("%1", self.stack.undoText())
            )  # fmt: skip

    def redo(self) -> None:
        if self.can_redo():
            self.stack.redo()
        elif self.stack.canRedo():
            self._say(
                self.tr("Not redone here: the next step, “%1”, was not made in this window. "
                        "Redo it in the main window (Ctrl+Y there).")
                .replace("%1", self.stack.redoText())
            )  # fmt: skip

    def _say(self, text: str) -> None:
        """Beside the focus (or the middle of the window): nothing here changed."""
        at = QApplication.focusWidget()
        if at is None or not self.widget.isAncestorOf(at):
            at = self.widget
        QToolTip.showText(at.mapToGlobal(at.rect().center()), text, at)


class _KeysWhenNothingToUndo(QObject):
    """A line edit takes Ctrl+Z and Ctrl+Y for itself even with nothing to undo or redo:
    then it lets them go to the window's undo stack."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            if event.matches(QKeySequence.StandardKey.Undo) and not watched.isUndoAvailable():
                event.ignore()
                return True
            redo = event.matches(QKeySequence.StandardKey.Redo) or (
                event.key() == Qt.Key.Key_Y
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            )
            if redo and not watched.isRedoAvailable():
                event.ignore()
                return True
        return False


class _Command(QUndoCommand):
    def __init__(self, text: str, done: bool = False) -> None:
        super().__init__(text)
        self._landed = done  # the next redo is skipped: what it would do has landed
        self._skip_undo = False  # the next undo is skipped: what it would undo never landed
        self.stack: UndoStack | None = None

    def _first_redo_done(self) -> bool:
        landed, self._landed = self._landed, False
        return landed

    def _undo_skipped(self) -> bool:
        skip, self._skip_undo = self._skip_undo, False
        return skip

    def redo_failed(self, text: str) -> None:
        """The redo did not land: step back over this command, running nothing."""
        stack = self.stack
        if stack is not None and stack.index() == self._position() + 1:
            self._skip_undo = True
            stack.undo()
        elif stack is not None:
            stack.clear()  # the stack has moved on meanwhile: nothing in it can be trusted
        self._tell(text)

    def undo_failed(self, text: str) -> None:
        """The undo did not land: the change is still there; step forward over it again."""
        stack = self.stack
        if stack is not None and stack.index() == self._position():
            self._landed = True
            stack.redo()
        elif stack is not None:
            stack.clear()
        self._tell(text)

    def _position(self) -> int:
        stack = self.stack
        return next((i for i in range(stack.count()) if stack.command(i) is self), -2)

    def _tell(self, text: str) -> None:
        if self.stack is not None:
            self.stack.failed.emit(text)


class AddActivities(_Command):
    """Add records whose ids are already given; undo takes exactly those back, with the
    evidence saved with them (or attached since), and redo puts both back as they were.

    Only as the add left them: if another program changed one since (the command line,
    an exchange package: its content or its bin state), the undo removes nothing and
    says so, and the step stays (it can be undone once that change is taken back).
    ``landed``: what the last write of the records left (``Operations.Landed``), set on
    the worker; by default, ``items`` are as stored, with no evidence."""

    def __init__(
        self,
        ops: Operations,
        items: Sequence[Activity],
        text: str,
        done: bool = False,
        landed: Landed | None = None,
    ) -> None:
        super().__init__(text, done)
        self.ops = ops
        self.items = list(items)
        self.evidence: list = []  # the attachment rows the last undo took (filled on the worker)
        self.landed = landed if landed is not None else Landed()

    def redo(self) -> None:
        if self._first_redo_done():
            return
        self.ops.add_back(self.items, self.evidence, on_error=self.redo_failed, landed=self.landed)

    def undo(self) -> None:
        if self._undo_skipped():
            return
        self.ops.take_back_add(
            self.items, self.evidence, on_error=self.undo_failed, landed=self.landed
        )


class ImportActivities(AddActivities):
    """An import: the backup and the records in one job, the first time and on redo."""

    def redo(self) -> None:
        if self._first_redo_done():
            return
        self.ops.import_with_backup(
            self.items, on_error=self.redo_failed, evidence=self.evidence, landed=self.landed
        )


class EditActivity(_Command):
    """An edit of one record, ``before`` → ``after`` (as stored). Each step is made from
    what the last one left: if another program changed the record meanwhile, the step is
    refused (``undo_changed_elsewhere``, ``redo_changed_elsewhere``: the clerk edited
    nothing, she pressed 撤销 or 重做) instead of writing over that change."""

    def __init__(
        self, ops: Operations, before: Activity, after: Activity, text: str, done: bool = False
    ) -> None:
        super().__init__(text, done)
        self.ops = ops
        self.before = before
        self.after = after

    def redo(self) -> None:
        if self._first_redo_done():
            return
        self.ops.update(
            self.before.id,
            self.after,
            on_error=self.redo_failed,
            expected=self.before,
            refused="redo_changed_elsewhere",
        )

    def undo(self) -> None:
        if self._undo_skipped():
            return
        self.ops.update(
            self.before.id,
            self.before,
            on_error=self.undo_failed,
            expected=self.after,
            refused="undo_changed_elsewhere",
        )


class SetDeleted(_Command):
    """Move records to the recycle bin (``deleted=True``) or restore them from it."""

    def __init__(self, ops: Operations, ids: Sequence[str], deleted: bool, text: str) -> None:
        super().__init__(text)
        self.ops = ops
        self.ids = list(ids)
        self.deleted = deleted

    def redo(self) -> None:
        if self._first_redo_done():
            return
        self.ops.set_deleted(self.ids, self.deleted, on_error=self.redo_failed)

    def undo(self) -> None:
        if self._undo_skipped():
            return
        self.ops.set_deleted(self.ids, not self.deleted, on_error=self.undo_failed)


class ChangeTemplate(_Command):
    """Make the template ``after``; undo makes it ``before`` again.

    Both are whole templates with their stable ids, so an undone add deletes the item
    (or archives it, if records were added meanwhile) and an undone removal brings it
    back under the same id.

    A whole template written over one another program changed since would take that
    change away, so each step is refused if the file's template is not what it was made
    from. The first: the editor's view (``made_from``), or, when the view is the outcome
    of a step not yet read back from the file (None), what the stack's last template step
    left (``UndoStack.template_left``). An undo, what this command's last step left; a
    redo, what its undo left. Both are set on the worker, so a step queued right behind
    another reads them there. ``refused``: the message of a first step refused.
    """

    def __init__(
        self,
        ops: Operations,
        before: Spec,
        after: Spec,
        text: str,
        made_from: Spec | None,
        refused: str = "template_changed_elsewhere",
    ) -> None:
        super().__init__(text)
        self.ops = ops
        self.before = copy_spec(before)
        self.after = copy_spec(after)
        self._refused_first = refused
        self._view = None if made_from is None else [copy_spec(made_from)]
        self._left: list = []  # the template as this command's last step left it

    def redo(self) -> None:
        if self._first_redo_done():
            return
        if self._left:
            made_from, refused = self._left, "redo_template_changed_elsewhere"
        else:
            made_from, refused = self._view or self._stack_left(), self._refused_first
        self._change(self.after, self.redo_failed, made_from, refused)

    def undo(self) -> None:
        if self._undo_skipped():
            return
        self._change(self.before, self.undo_failed, self._left, "undo_template_changed_elsewhere")

    def _stack_left(self) -> list:
        return self.stack.template_left if self.stack is not None else []

    def _change(self, spec: Spec, on_error, made_from: list, refused: str) -> None:
        self.ops.change_template(
            spec,
            on_error=on_error,
            made_from=made_from,
            left=(self._left, self._stack_left()),
            refused=refused,
        )


class SetFigure(_Command):
    """An indicator's value or an annual target, set (or cleared) and taken back.

    ``apply(value, on_error, **checked)`` runs the change through ``Operations``
    (``set_indicator_value`` or ``set_target`` with everything but the value bound);
    ``checked``: each step is made from what the last one left, refused if another
    program changed the value since (``undo_figure_changed_elsewhere``).
    ``kind``: ``"target"`` or ``"indicator"``, which window's step it is (``WindowSteps``).
    """

    def __init__(self, apply, before, after, text: str, done: bool = True, kind: str = "") -> None:
        super().__init__(text, done)
        self.kind = kind
        self.apply = apply
        self.before = before
        self.after = after

    def redo(self) -> None:
        if self._first_redo_done():
            return
        self.apply(
            self.after,
            self.redo_failed,
            check=True,
            expected=self.before,
            refused="redo_figure_changed_elsewhere",
        )

    def undo(self) -> None:
        if self._undo_skipped():
            return
        self.apply(
            self.before,
            self.undo_failed,
            check=True,
            expected=self.after,
            refused="undo_figure_changed_elsewhere",
        )


class AttachFiles(_Command):
    """Files attached (they have landed already): undo sends them to the bin, redo back."""

    def __init__(self, ops: Operations, activity_id: str, shas: Sequence[str], text: str) -> None:
        super().__init__(text, done=True)
        self.ops = ops
        self.activity_id = activity_id
        self.shas = list(shas)

    def redo(self) -> None:
        if self._first_redo_done():
            return
        self.ops.set_attachments_deleted(
            self.activity_id, self.shas, False, on_error=self.redo_failed
        )

    def undo(self) -> None:
        if self._undo_skipped():
            return
        self.ops.set_attachments_deleted(
            self.activity_id, self.shas, True, on_error=self.undo_failed
        )


class SetAttachmentsDeleted(_Command):
    """Attachments moved to the recycle bin (``deleted``) or brought back from it."""

    def __init__(
        self, ops: Operations, activity_id: str, shas: Sequence[str], deleted: bool, text: str
    ) -> None:
        super().__init__(text)
        self.ops = ops
        self.activity_id = activity_id
        self.shas = list(shas)
        self.deleted = deleted

    def redo(self) -> None:
        if self._first_redo_done():
            return
        self.ops.set_attachments_deleted(
            self.activity_id, self.shas, self.deleted, on_error=self.redo_failed
        )

    def undo(self) -> None:
        if self._undo_skipped():
            return
        self.ops.set_attachments_deleted(
            self.activity_id, self.shas, not self.deleted, on_error=self.undo_failed
        )

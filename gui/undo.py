"""Undo and redo of every change to records and to the template: one QUndoCommand per
user action.

Each command runs its change through ``Operations``, so undo and redo take the
same path (off the GUI thread, views told what changed) as the first time.

A command made with ``done=True`` records a change that has already landed (a form
waits for its save before closing, and only a save that succeeded is undoable): the
redo that ``QUndoStack.push`` runs at once is then skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from core.activities import Activity
from core.template_edit import Spec, copy_spec
from gui.operations import Operations


class _Command(QUndoCommand):
    def __init__(self, text: str, done: bool) -> None:
        super().__init__(text)
        self._landed = done

    def _first_redo_done(self) -> bool:
        landed, self._landed = self._landed, False
        return landed


class AddActivities(_Command):
    """Add records whose ids are already given; undo takes exactly those back."""

    def __init__(
        self, ops: Operations, items: Sequence[Activity], text: str, done: bool = False
    ) -> None:
        super().__init__(text, done)
        self.ops = ops
        self.items = list(items)

    def redo(self) -> None:
        if self._first_redo_done():
            return
        self.ops.add(self.items)

    def undo(self) -> None:
        self.ops.purge([a.id for a in self.items])


class ImportActivities(AddActivities):
    """An import: the backup and the records in one job, the first time and on redo."""

    def redo(self) -> None:
        self.ops.import_with_backup(self.items)


class EditActivity(_Command):
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
        self.ops.update(self.before.id, self.after)

    def undo(self) -> None:
        self.ops.update(self.before.id, self.before)


class SetDeleted(QUndoCommand):
    """Move records to the recycle bin (``deleted=True``) or restore them from it."""

    def __init__(self, ops: Operations, ids: Sequence[str], deleted: bool, text: str) -> None:
        super().__init__(text)
        self.ops = ops
        self.ids = list(ids)
        self.deleted = deleted

    def redo(self) -> None:
        self.ops.set_deleted(self.ids, self.deleted)

    def undo(self) -> None:
        self.ops.set_deleted(self.ids, not self.deleted)


class ChangeTemplate(QUndoCommand):
    """Make the template ``after``; undo makes it ``before`` again.

    Both are whole templates with their stable ids, so an undone add deletes the item
    (or archives it, if records were added meanwhile) and an undone removal brings it
    back under the same id.
    """

    def __init__(self, ops: Operations, before: Spec, after: Spec, text: str) -> None:
        super().__init__(text)
        self.ops = ops
        self.before = copy_spec(before)
        self.after = copy_spec(after)

    def redo(self) -> None:
        self.ops.change_template(self.after)

    def undo(self) -> None:
        self.ops.change_template(self.before)


class SetFigure(_Command):
    """An indicator's value or an annual target, set (or cleared) and taken back.

    ``apply(value)`` runs the change through ``Operations`` (``set_indicator_value`` or
    ``set_target`` with everything but the value bound).
    """

    def __init__(self, apply, before, after, text: str, done: bool = True) -> None:
        super().__init__(text, done)
        self.apply = apply
        self.before = before
        self.after = after

    def redo(self) -> None:
        if self._first_redo_done():
            return
        self.apply(self.after)

    def undo(self) -> None:
        self.apply(self.before)

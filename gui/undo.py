"""Undo and redo of every change to records: one QUndoCommand per user action.

Each command runs its change through ``Operations``, so undo and redo take the
same path (off the GUI thread, views told what changed) as the first time.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from core.activities import Activity
from gui.operations import Operations


class AddActivities(QUndoCommand):
    """Add records whose ids are already given; undo takes exactly those back."""

    def __init__(self, ops: Operations, items: Sequence[Activity], text: str) -> None:
        super().__init__(text)
        self.ops = ops
        self.items = list(items)

    def redo(self) -> None:
        self.ops.add(self.items)

    def undo(self) -> None:
        self.ops.purge([a.id for a in self.items])


class ImportActivities(AddActivities):
    """An import: the backup and the records in one job, the first time and on redo."""

    def redo(self) -> None:
        self.ops.import_with_backup(self.items)


class EditActivity(QUndoCommand):
    def __init__(self, ops: Operations, before: Activity, after: Activity, text: str) -> None:
        super().__init__(text)
        self.ops = ops
        self.before = before
        self.after = after

    def redo(self) -> None:
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

"""Every change to the data goes through here (after Anki's ``aqt.operations``).

An operation runs a core function against the writing connection on the
worker thread, then, back on the GUI thread, tells every view what changed
through ``changed``. Problems the user can act on come back as ``failed``
with a message; nothing else may show a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from core import activities, backups, figure_cache, settings, template_edit
from core.activities import Activity
from core.errors import TaizhangError
from core.messages import text as message
from gui.session import Session
from gui.worker import Worker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpChanges:
    """What an operation changed, so views refresh only what they must."""

    activities: bool = False
    settings: bool = False
    ids: tuple[str, ...] = ()
    figures: bool = False  # standing indicator values or annual targets
    template: bool = False  # the template changed: reload it, its tree and the records
    elsewhere: bool = False  # made by another program: what the clerk selected stays so


@dataclass
class Landed:
    """What the last write of an add or an import left, for its undo to check that the
    records are still so (``take_back_add``). Set on the worker, inside that write's
    transaction, so an undo queued right behind it reads it there.

    ``defaults``: what the write filled in (``activities.written_defaults``); empty: the
    records were given as stored. ``shown``: each record's evidence left shown (sha256s;
    none for a record not named)."""

    defaults: dict[str, str] = field(default_factory=dict)
    shown: dict[str, frozenset[str]] = field(default_factory=dict)

    def wrote(self, db, evidence: Sequence) -> None:
        """A write of the records with ``evidence`` (attachment rows) put back with them."""
        self.defaults = activities.written_defaults(db)
        shown: dict[str, set[str]] = {}
        for row in evidence:
            if not row.deleted:
                shown.setdefault(row.activity_id, set()).add(row.sha256)
        self.shown = {i: frozenset(shas) for i, shas in shown.items()}


class Operations(QObject):
    changed = Signal(object)  # OpChanges
    failed = Signal(str)  # a message for the user

    def __init__(self, session: Session, worker: Worker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.worker = worker
        self._seen = session.commits_seen()  # see notice_changes_elsewhere

    def notice_changes_elsewhere(self) -> bool:
        """Whether another program committed to the file since we last looked (the command
        line, a window on another PC over a share); if so every view reads again, as after
        an operation of ours. The window asks every few seconds and when it is activated."""
        if self.worker.busy:
            return False  # ours on its way: its own announcement follows
        seen = self.session.commits_seen()
        if seen is None or seen == self._seen:
            return False
        self._seen = seen
        from core.template import load_template

        template_changed = load_template(self.session.reader) != self.session.template
        self.changed.emit(
            OpChanges(
                activities=True,
                settings=True,
                figures=True,
                template=template_changed,
                elsewhere=True,
            )  # fmt: skip
        )
        return True

    def run(
        self,
        job: Callable[[Any], Any],
        changes: OpChanges | Callable[[Any], OpChanges],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        writes: bool | None = None,
    ) -> None:
        """Run ``job(writer_db)`` off the GUI thread; then announce ``changes``.

        ``writes``: whether the job needs a writable database (by default, whether it
        announces any change); such jobs are refused in a read-only session.

        With ``on_progress``, the job is called as ``job(writer_db, progress)`` and
        each ``progress(done, total)`` reaches ``on_progress`` on the GUI thread.
        """
        if self.session.closed:
            return  # the window has let its file go: nothing left to read or change
        if writes is None:
            writes = changes != OpChanges()
        if self.session.read_only and writes:
            self._refuse(on_error)  # a change, in a file opened only to be looked at
            return
        writer = self.session.writer or self.session.reader

        def done(result: Any) -> None:
            if not self.session.closed:  # else no view is left to read it again
                self._seen = self.session.commits_seen()  # our own, announced
                self.changed.emit(changes(result) if callable(changes) else changes)
            if on_done is not None:
                on_done(result)

        def error(exc: BaseException) -> None:
            text = user_message(exc)
            if on_error is not None:
                on_error(text)
            else:
                self.failed.emit(text)

        session = self.session

        def guarded(*args):
            # Runs on the worker, after the file's check (queued first): a damaged file
            # found there is never written to.
            if writes and session.damaged:
                raise TaizhangError("read_only_session")
            named = changes if not callable(changes) else None
            mark = figure_cache.before_write(writer, _records_changed(named))
            result = job(writer, *args)
            reported = changes(result) if callable(changes) else changes
            figure_cache.after_write(writer, mark, _records_changed(reported), writes)
            return result

        if on_progress is None:
            self.worker.submit(guarded, done, error)
        else:
            self.worker.submit(lambda progress: guarded(progress), done, error, on_progress)

    def _refuse(self, on_error: Callable[[str], None] | None) -> None:
        text = self.session.read_only_because or message("read_only_session")
        if on_error is not None:
            on_error(text)
        else:
            self.failed.emit(text)

    # --- the changes of the product -------------------------------------------

    def add(self, items: Sequence[Activity], on_done=None, on_error=None) -> None:
        """``on_done(the records as stored)``: an undo checks they are still so."""
        self.run(
            lambda db: activities.add_activities(db, items),
            lambda stored: OpChanges(activities=True, ids=tuple(a.id for a in stored)),
            on_done,
            on_error,
        )

    def add_with_files(
        self,
        activity: Activity,
        paths: Sequence[str],
        on_done=None,
        on_error=None,
        landed: Landed | None = None,
    ) -> None:
        """A new record and its evidence files as one save (``attachments.add_with_files``):
        a file that cannot be copied saves neither; ``on_done(the record as stored)``.
        ``landed``: told the evidence shown with it (on the worker), for its undo."""
        from core import attachments

        paths = tuple(str(p) for p in paths)

        def job(db):
            record, files = attachments.add_with_files(db, activity, paths)
            if landed is not None:
                landed.shown = {record.id: frozenset(a.sha256 for a in files)}
            return record

        self.run(
            job,
            lambda stored: OpChanges(activities=True, ids=(stored.id,)),
            on_done,
            on_error,
            writes=True,
        )

    def update(
        self,
        activity_id: str,
        activity: Activity,
        on_done=None,
        on_error=None,
        expected=None,
        refused: str = "record_changed_elsewhere",
    ) -> None:
        """``expected``: the record as the change was made from it; if another program has
        changed it since, the change is refused (``on_error``, the message ``refused``),
        not written over that one."""
        self.run(
            lambda db: activities.update_activity(
                db, activity_id, activity, expected=expected, refused=refused
            ),
            OpChanges(activities=True, ids=(activity_id,)),
            on_done,
            on_error,
        )

    def import_with_backup(
        self,
        items: Sequence[Activity],
        on_done=None,
        on_error=None,
        evidence: list = (),
        template=None,
        skip_repeats: bool = False,
        landed: Landed | None = None,
    ) -> None:
        """An import is one job: the backup first; no backup, no import. ``items`` carry
        their ids already (undo takes exactly those back), so none is kept twice. On a
        redo, ``evidence``: the attachment rows its undo took (``take_back_add``).

        ``template``: the one the file was checked against (refused if it changed since);
        ``skip_repeats``: the records already in the file are looked for again inside the
        write transaction (the same file imported from elsewhere meanwhile).
        ``landed``: told what this write left (``Landed``), on the worker.
        ``on_done(the records written)``."""
        from core import attachments, duplicates

        path = self.session.path
        ids = tuple(a.id for a in items)

        def job(db):
            try:
                backups.take_backup(db, path, "import")
            except TaizhangError as error:
                raise TaizhangError("import_no_backup", reason=error) from error
            with activities.writing(db):
                if landed is not None:
                    landed.wrote(db, evidence)
                new = duplicates.find_repeats(db, items).new_items(items) if skip_repeats else items
                activities.import_activities(db, new, template)
                attachments.put_back(db, list(evidence))
            return list(new)  # the records written

        self.run(job, OpChanges(activities=True, ids=ids), on_done, on_error)

    def import_exchange(self, package, keep: dict[str, str], on_done=None, on_error=None) -> None:
        """An exchange package merged in one job: the core takes the backup, then one
        transaction; ``on_done(preview of what was done)``. ``keep``: the conflicts the
        clerk decided, ``{record id: "ours" | "theirs"}``.

        Not undoable (see ``gui/exchange_import_dialog.py``): the caller clears the undo
        stack and names the backup instead.
        """
        from core import exchange

        path = self.session.path
        chosen = dict(keep)
        self.run(
            lambda db: exchange.import_package(db, package, path, keep=chosen),
            OpChanges(activities=True),
            on_done,
            on_error,
            writes=True,
        )

    def set_deleted(self, ids: Sequence[str], deleted: bool, on_done=None, on_error=None) -> None:
        ids = tuple(ids)
        self.run(
            lambda db: activities.set_deleted(db, ids, deleted),
            OpChanges(activities=True, ids=ids),
            on_done,
            on_error,
        )

    def take_back_add(
        self,
        items: Sequence[Activity],
        kept: list,
        on_done=None,
        on_error=None,
        landed: Landed | None = None,
    ) -> None:
        """Undo of an add: the records removed for good with their attachment rows
        (``attachments.purge_with_evidence``), which ``kept`` receives. It is filled on the
        worker once the change has landed, so a redo queued right behind reads it there.

        ``items``, ``landed``: the records as the add gave them and what its write left
        (read on the worker too); if another program changed one since (its content, its
        bin state, its evidence), nothing is removed and ``on_error`` says why
        (``undo_add_changed_elsewhere``)."""
        from core import attachments

        items = tuple(items)
        ids = tuple(a.id for a in items)

        def job(db):
            left = landed or Landed()
            kept[:] = attachments.purge_with_evidence(
                db, ids, as_left=items, filled=left.defaults or None, shown=left.shown
            )
            return len(kept)

        self.run(job, OpChanges(activities=True, ids=ids), on_done, on_error)

    def add_back(
        self,
        items: Sequence[Activity],
        kept: list,
        on_done=None,
        on_error=None,
        landed: Landed | None = None,
    ) -> None:
        """Redo of an add: the records and the attachment rows ``take_back_add`` kept
        (read on the worker: see there), exactly as they were. ``landed``: as for
        ``import_with_backup``."""
        from core import attachments

        items = tuple(items)

        def job(db):
            with activities.writing(db):
                if landed is not None:
                    landed.wrote(db, kept)
                return attachments.add_back(db, items, list(kept))

        self.run(
            job,
            OpChanges(activities=True, ids=tuple(a.id for a in items)),
            on_done,
            on_error,
        )

    def attach_files(self, activity_id: str, paths: Sequence[str], on_done=None, on_error=None):
        """Attach files to a record (all or none); ``on_done(attachments newly shown)``:
        those the record did not show before, which an undo takes back to the bin."""
        from core import attachments

        paths = tuple(str(p) for p in paths)

        def job(db):
            shown = {a.sha256 for a in attachments.list_attachments(db, activity_id)}
            stored = attachments.attach_files(db, activity_id, paths)
            return [a for a in stored if a.sha256 not in shown]

        self.run(job, OpChanges(activities=True, ids=(activity_id,)), on_done, on_error)

    def set_attachments_deleted(
        self, activity_id: str, shas: Sequence[str], deleted: bool, on_done=None, on_error=None
    ) -> None:
        """Move a record's attachments to the recycle bin or back (the files stay), in one
        transaction; ``on_done(how many changed)``."""
        from core import attachments

        shas = tuple(shas)

        def job(db):
            with activities.writing(db):  # the core's own writes nest inside it
                return sum(
                    attachments.set_attachment_deleted(db, activity_id, sha, deleted)
                    for sha in shas
                )

        self.run(job, OpChanges(activities=True, ids=(activity_id,)), on_done, on_error)

    def set_indicator_value(
        self,
        indicator_id: int,
        period,
        value: float | None,
        on_done=None,
        on_error=None,
        **checked,
    ) -> None:
        """Enter or clear one month's or quarter's value; ``on_done(value before)``.
        ``checked``: an undo's or a redo's ``check``, ``expected``, ``refused``
        (``indicators.set_value``)."""
        from core import indicators

        self.run(
            lambda db: indicators.set_value(db, indicator_id, period, value, **checked),
            OpChanges(figures=True),
            on_done,
            on_error,
        )

    def set_target(
        self, year: int, row_key: str, value: float | None, on_done=None, on_error=None, **checked
    ) -> None:
        """Set or clear an annual target; ``on_done(target before)``. ``checked``: as for
        ``set_indicator_value``."""
        from core import targets

        self.run(
            lambda db: targets.set_target(db, year, row_key, value, **checked),
            OpChanges(figures=True),
            on_done,
            on_error,
        )

    def save_settings(
        self, unit: str, staff: str, on_done=None, rename_records: bool = False
    ) -> None:
        """``rename_records``: this database's own records take the new 填报单位 too."""
        values = {settings.UNIT: unit, settings.STAFF: staff}
        self.run(
            lambda db: settings.set_settings(db, rename_records=rename_records, **values),
            OpChanges(activities=rename_records, settings=True),
            on_done,
        )

    def change_template(
        self,
        wanted: template_edit.Spec,
        on_done=None,
        on_error=None,
        made_from: list | None = None,
        left: Sequence[list] = (),
        refused: str = "template_changed_elsewhere",
    ) -> None:
        """Make the template ``wanted`` (planned again on the worker, in one transaction).

        ``made_from``: a list holding the template the change was made from (or empty),
        read on the worker: if the file's differs, refused with ``refused``
        (``template_edit.change_template``). ``left``: lists each given what the change
        left, on the worker, so a step queued right behind reads it there."""
        spec = template_edit.copy_spec(wanted)

        def job(db):
            basis = made_from[0] if made_from else None
            plan = template_edit.change_template(db, spec, only_from=basis, refused=refused)
            if plan.left is not None:
                for holder in left:
                    holder[:] = [plan.left]
            return plan

        self.run(
            job,
            # the standing indicators are the template's too: their grid reads them again
            OpChanges(activities=True, template=True, figures=True),
            on_done,
            on_error,
        )


def _records_changed(changes: OpChanges | None) -> tuple[str, ...] | None:
    """The records an operation says it changed, for the 汇总's month totals
    (``core/figure_cache.py``): ``()`` none, None not said (or not known yet)."""
    if changes is None or changes == OpChanges() or changes.template:
        return None
    if not changes.activities:
        return ()
    return changes.ids or None


def user_message(exc: BaseException) -> str:
    """What the user reads about a failure: our own message, or a one-line summary."""
    if isinstance(exc, TaizhangError):
        return str(exc)
    log.error("unexpected error", exc_info=exc)
    return message("internal_error", reason=f"{type(exc).__name__}: {exc}")

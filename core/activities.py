"""Activity records: validate, add, update, soft delete, restore, get and query.

Every change is one transaction. Queries page by key (the sort value and the
row's ``seq``), so the thousandth page is as fast as the first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import operator
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import sqlite_utils

from core import collector, history, identity, ids, revisions, search, settings, touch
from core.collation import sort_key
from core.db import transaction
from core.errors import RecordErrors, TaizhangError, ValidationError
from core.slice_mover import RECORD_COLUMNS, SliceMover
from core.template import Template, load_template
from core.values import MAX_YEAR, MIN_YEAR, clean_text, parse_date, parse_field_value

COMMON_TEXT_FIELDS = ("location", "organizer", "partners", "audience", "handler", "notes")
SEARCHED_FIELDS = ("title", "location", "organizer", "partners", "audience", "handler", "notes")
# What a query may be sorted by: these columns, a type's figure (``figure:ID,ID…``, the
# fields of one label and unit across types) or a choice/text field (``text:ID``).
SORT_COLUMNS = ("date", "type_id", "updated_at", "created_at", *SEARCHED_FIELDS, "source_unit")
TEXT_SORT_COLUMNS = (*SEARCHED_FIELDS, "source_unit")  # sorted by pinyin (core/collation.py)
# The common fields' names as people read them (the history adds 在回收站).
LABELS = {key: label for key, label in history.COMMON_LABELS.items() if key != "deleted"}

Value = int | float | str


@dataclass(frozen=True, slots=True)
class Activity:
    type_id: int
    date: dt.date
    title: str
    end_date: dt.date | None = None
    location: str = ""
    organizer: str = ""
    partners: str = ""
    audience: str = ""
    handler: str = ""
    notes: str = ""
    values: dict[int, Value] = field(default_factory=dict)
    id: str = ""
    created_at: str = ""
    updated_at: str = ""
    deleted: bool = False
    # Where the record comes from: the 填报单位, 填报人 and database it was first saved in.
    source_unit: str = ""
    source_staff: str = ""
    source_db: str = ""
    # The change that made it what it is, and the database that made that change.
    rev: str = ""
    changed_by: str = ""
    # How many times the source had named the record when it gave it this unit and staff
    # (core/unit_names.py): 1 when saved there, one more at each correction of its name.
    source_name_seq: int = 0
    # An empty 主办单位 or 经办人 stays empty when stored (a row of our own list export:
    # the record had none); else it takes the bureau's and the clerk's, as the form says.
    empty_stays_empty: bool = False


def validate_activity(template: Template, draft: dict) -> Activity:
    """An ``Activity`` from what a person typed, or ``RecordErrors`` listing every problem.

    ``draft`` holds ``type_id``, ``date``, ``title``, optionally ``end_date`` and
    the common text fields, and ``values``: ``{field_id: typed value}``.
    """
    errors: list[ValidationError] = []

    def attempt(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValidationError as error:
            # Kept without its traceback and what it was raised from: their frames lead
            # back here, to ``errors``, a reference cycle for each bad value that only
            # the cycle collector frees, and the window keeps it off on its worker
            # (199,000 bad rows held 1.1 GB until the import's end).
            error.__context__ = error.__cause__ = None
            errors.append(error.with_traceback(None))
            return None

    activity_type = None
    if draft.get("type_id") in (None, ""):
        errors.append(ValidationError("value_required", field="type_id", label="活动类型"))
    else:
        try:
            activity_type = template.type(int(draft["type_id"]))
        except (TaizhangError, ValueError):
            errors.append(ValidationError("unknown_type", field="type_id", name=draft["type_id"]))
    date = attempt(parse_date, draft.get("date"), LABELS["date"], "date")
    end_date = None
    if draft.get("end_date") not in (None, ""):
        end_date = attempt(parse_date, draft["end_date"], LABELS["end_date"], "end_date")
        if date and end_date and end_date < date:
            errors.append(ValidationError("end_before_start", field="end_date"))
    title = clean_text(str(draft.get("title") or ""))
    if not title:
        errors.append(ValidationError("value_required", field="title", label="活动名称"))
    values: dict[int, Value] = {}
    if activity_type is not None:
        typed = draft.get("values") or {}
        own = {f.id for f in activity_type.fields} if typed else ()
        unknown = [k for k in typed if k not in own]
        for field_id in unknown:
            known = template.fields_by_id.get(field_id)
            errors.append(
                ValidationError(
                    "unknown_field",
                    field=field_id,
                    type_name=activity_type.name,
                    label=known.label if known else field_id,
                )
            )
        for f in activity_type.fields:
            given = typed.get(f.id)
            if given is None and not f.required:
                continue  # left empty, and not asked for: nothing to read (most of a type's)
            if f.archived:
                f = replace(f, required=False)  # an archived field is asked of nobody
            value = attempt(parse_field_value, f, given)
            if value is not None:
                values[f.id] = value
    if errors:
        raise RecordErrors(errors)
    texts = {}
    for name in COMMON_TEXT_FIELDS:
        given = draft.get(name)
        texts[name] = clean_text(str(given)) if given else ""  # most are not in the draft
    return Activity(
        type_id=activity_type.id,
        date=date,
        end_date=end_date,
        title=title,
        values=values,
        **texts,
    )


def with_new_id(activity: Activity) -> Activity:
    """The same content under a fresh id, ready to be added (copies, undoable adds)."""
    return replace(
        activity,
        id=ids.new_id(),
        created_at="",
        updated_at="",
        deleted=False,
        source_unit="",
        source_staff="",
        source_db="",
        rev="",
        changed_by="",
        source_name_seq=0,
    )


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


_SEARCHED = operator.attrgetter(*SEARCHED_FIELDS)  # one call for the seven, in that order


def _search_text(activity: Activity) -> str:
    return search.search_key("\n".join(_SEARCHED(activity)))


def _defaults(db: sqlite_utils.Database) -> dict[str, str]:
    """主办单位 defaults to the bureau, 经办人 to the staff member; the source is this database."""
    unit = settings.get_setting(db, settings.UNIT)
    staff = settings.get_setting(db, settings.STAFF)
    return {
        "organizer": unit,
        "handler": staff,
        "source_unit": unit,
        "source_staff": staff,
        "source_db": identity.database_id(db),
    }


def _staff(db: sqlite_utils.Database) -> str:
    return settings.get_setting(db, settings.STAFF)


def _unit(db: sqlite_utils.Database) -> str:
    return settings.get_setting(db, settings.UNIT)


def _stored(a: Activity, defaults: dict[str, str], now: str, **overrides) -> Activity:
    """The record as it will be stored: defaults filled, times set, an id given."""
    stored = Activity(  # positional: an import makes 100,000 of these
        a.type_id,
        a.date,
        a.title,
        a.end_date,
        a.location,
        a.organizer or ("" if a.empty_stays_empty else defaults["organizer"]),
        a.partners,
        a.audience,
        a.handler or ("" if a.empty_stays_empty else defaults["handler"]),
        a.notes,
        a.values,
        a.id or ids.new_id(),
        a.created_at or now,
        now,  # updated_at
        False,  # deleted
        a.source_unit or defaults["source_unit"],
        a.source_staff or defaults["source_staff"],
        a.source_db or defaults["source_db"],
        revisions.new_rev(),
        defaults["source_db"],  # changed_by: this database
        a.source_name_seq if a.source_db else 1,  # saved here: our first word on its name
    )
    return replace(stored, **overrides) if overrides else stored


WRITE_SLICE = 2000


def add_activities(
    db: sqlite_utils.Database, activities: Iterable[Activity], action: str = "add"
) -> list[Activity]:
    """Insert validated activities, all in one transaction; returns them as stored.

    ``action`` is what the history says happened: ``"add"`` or ``"import"``.
    """
    stored: list[Activity] = []
    write_activities(db, activities, action, stored.extend)
    return stored


def write_activities(
    db: sqlite_utils.Database,
    activities: Iterable[Activity],
    action: str = "add",
    written: Callable[[list[Activity]], None] | None = None,
) -> int:
    """Insert validated activities in one transaction, a slice at a time; returns how many.

    Each slice is made as stored (ids, times, the source) just before it is written and
    handed to ``written`` if given, then let go: an import of 100,000 records never holds
    a second copy of them all (``add_activities`` keeps them, for those who need them).
    """
    now = _now()
    defaults = _defaults(db)
    conn = db.conn
    count = 0
    # The cycle collector held off: the rows hold no reference cycles, but their hundreds
    # of thousands of new objects trigger full collections that walk every live object
    # (the plan's records too): 0.5 s of a 100,000-row import. What garbage there is
    # waits until the write ends.
    with _writing(db), collector.paused():
        # Numbering the rows here lets the rows of each table be written together; the
        # primary key refuses any clash loudly.
        first = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM activities").fetchone()[0]
        touched = touch.stamp(conn, now)
        entry = (action, now, _staff(db), _unit(db))  # what the history says of each
        with SliceMover(conn, entry) as mover:
            for given in _slices(activities):
                part = [_stored(a, defaults, now) for a in given]
                seqs = range(first + count, first + count + len(part))
                mover.put(
                    [_staged(seq, a, touched) for seq, a in zip(seqs, part, strict=True)],
                    [row for seq, a in zip(seqs, part, strict=True) for row in _value_rows(seq, a)],
                )
                count += len(part)
                if written is not None:
                    written(part)
    return count


def import_activities(
    db: sqlite_utils.Database, items: Sequence[Activity], template: Template | None = None
) -> int:
    """An import's records, written in date order (a file's own order kept within a day).

    ``template``: the one the records were checked against. If the stored template is no
    longer that one (a template import ran meanwhile and removed or changed their types
    or fields), the import is refused with ``import_template_changed``, checked inside the
    write transaction, instead of failing on a FOREIGN KEY or storing figures in fields
    that now mean something else.

    The order the rows are written in changes nothing a clerk sees (lists and ledgers go by
    date, then by the order they were saved in), but the indexes by date then take each
    row near the last: a 100,000-row import written in date order spends markedly less time
    in SQLite than one in a file's random order.
    """
    with _writing(db):
        if template is not None and not same_types_and_fields(load_template(db), template):
            raise TaizhangError("import_template_changed")
        return write_activities(db, sorted(items, key=lambda a: a.date), action="import")


def same_types_and_fields(stored: Template, checked: Template) -> bool:
    """Whether records checked against ``checked`` still fit ``stored`` (the sections'
    names and the indicators do not matter to a record)."""
    return stored.types_by_id == checked.types_by_id


def _slices(items: Iterable[Activity]) -> Iterator[list[Activity]]:
    """Lists of ``WRITE_SLICE`` items (``itertools.batched`` once we are on Python 3.12)."""
    iterator = iter(items)
    while part := list(itertools.islice(iterator, WRITE_SLICE)):
        yield part


def add_activity(db: sqlite_utils.Database, activity: Activity) -> Activity:
    return add_activities(db, [activity])[0]


def update_activity(
    db: sqlite_utils.Database,
    activity_id: str,
    activity: Activity,
    *,
    expected: Activity | None = None,
    refused: str = "record_changed_elsewhere",
) -> Activity:
    """Replace a record's content, keeping its id, creation time and bin state.

    ``expected``: the record as the new content was made from it (the one a form was opened
    on, the state an undo steps back from). When another program changed it since, writing
    the whole record back would silently undo that change: refused with
    ``record_changed_elsewhere``, checked inside the write transaction. The contents are
    compared, not the revs: an undo of two edits in turn finds what the first left, under
    the rev the second's undo gave it. ``refused``: the message's key (an undo or a redo
    of the edit is refused in words of its own: the clerk edited nothing).
    """
    conn = db.conn
    with _writing(db):
        old = get_activity(db, activity_id)
        if expected is not None and history.snapshot(old) != history.snapshot(expected):
            raise TaizhangError(refused, title=old.title)
        seq, old_search_text = _find(db, activity_id)
        # 主办单位 and 经办人 left empty stay empty: the defaults are for a new record, and
        # an edit stores what the clerk changed (not today's unit and staff).
        new = _stored(
            activity,
            {**_defaults(db), "organizer": "", "handler": ""},
            _now(),
            id=activity_id,
            created_at=old.created_at,
            deleted=old.deleted,
            source_unit=old.source_unit,
            source_staff=old.source_staff,
            source_db=old.source_db,
            source_name_seq=old.source_name_seq,
        )
        conn.execute(
            "UPDATE activities SET type_id = ?, date = ?, end_date = ?, title = ?, "
            "location = ?, organizer = ?, partners = ?, audience = ?, handler = ?, "
            "notes = ?, search_text = ?, updated_at = ?, rev = ?, changed_by = ?, "
            "touched_at = ? WHERE seq = ?",
            (
                *_activity_row(new)[1:12],
                new.updated_at,
                new.rev,
                new.changed_by,
                touch.stamp(conn, new.updated_at),
                seq,
            ),
        )
        revisions.remember(conn, [(activity_id, new.rev)])
        conn.execute("DELETE FROM activity_values WHERE activity_seq = ?", (seq,))
        conn.executemany(_INSERT_VALUE, _value_rows(seq, new))
        conn.execute(_DELETE_GRAMS, (seq, search.grams(old_search_text)))
        conn.execute(_INSERT_GRAMS, (seq, search.grams(_search_text(new))))
        entry = (activity_id, "edit", history.snapshot(old), history.snapshot(new))
        history.record(conn, [entry], _staff(db), new.updated_at, _unit(db))
    return new


def edit_activity(
    db: sqlite_utils.Database,
    activity_id: str,
    edit: Callable[[Template, Activity], dict],
) -> Activity:
    """Change some of a record's fields: ``edit(template, the record as stored)`` gives the
    draft to validate and store. It is called inside the write transaction, so the fields
    it leaves alone are the stored ones: two edits of one record at once (the command line
    twice, different fields) each keep the other's change instead of writing back what
    they had read before it."""
    with _writing(db):
        template = load_template(db)
        old = get_activity(db, activity_id)
        draft = validate_activity(template, edit(template, old))
        return update_activity(db, activity_id, draft, expected=old)


def set_deleted(db: sqlite_utils.Database, activity_ids: Sequence[str], deleted: bool) -> int:
    """Move records to the recycle bin (``deleted=True``) or back; returns how many changed."""
    now = _now()
    action = "delete" if deleted else "restore"
    with _writing(db):
        here = identity.database_id(db)
        touched = touch.stamp(db.conn, now)
        changed = []
        for activity_id in activity_ids:
            rev = revisions.new_rev()
            if db.conn.execute(
                "UPDATE activities SET deleted = ?, updated_at = ?, rev = ?, changed_by = ?, "
                "touched_at = ? WHERE id = ? AND deleted != ?",
                (int(deleted), now, rev, here, touched, activity_id, int(deleted)),
            ).rowcount:
                changed.append(activity_id)
                revisions.remember(db.conn, [(activity_id, rev)])
        entries = [(i, action, {"deleted": not deleted}, {"deleted": deleted}) for i in changed]
        history.record(db.conn, entries, _staff(db), now, _unit(db))
    return len(changed)


def delete_activities(db: sqlite_utils.Database, activity_ids: Sequence[str]) -> int:
    return set_deleted(db, activity_ids, True)


def restore_activities(db: sqlite_utils.Database, activity_ids: Sequence[str]) -> int:
    return set_deleted(db, activity_ids, False)


def written_defaults(db: sqlite_utils.Database) -> dict[str, str]:
    """What a write of new records fills in now (an empty 主办单位 and 经办人, the source).
    Read inside that write's transaction, it tells ``purge_activities`` the records as
    the write left them, without keeping a stored copy of each."""
    return _defaults(db)


def purge_activities(
    db: sqlite_utils.Database,
    activity_ids: Sequence[str],
    *,
    as_left: Sequence[Activity] | None = None,
    filled: dict[str, str] | None = None,
    evidence_changed: Collection[str] = (),
) -> int:
    """Remove records for good, with their attachment rows: only to take back an add
    (undo), never from the bin.

    ``as_left``: the records as the add gave them to the write (with ``filled``, the
    ``written_defaults`` of that write; without, as stored). If one of them is no longer
    so (another program edited it, or moved it to the bin, since), nothing is removed:
    refused with ``undo_add_changed_elsewhere``, checked inside the write transaction.
    Removing it would take that change away with the record, and the history of it.
    ``evidence_changed``: the ids of those whose evidence changed since (counted alike)."""
    left = {a.id: a for a in as_left} if as_left is not None else None
    removed = []
    changed: list[Activity] = []
    with _writing(db):
        for activity_id in activity_ids:
            try:
                old = get_activity(db, activity_id)
            except TaizhangError:
                continue
            before = history.snapshot(old)
            if activity_id in evidence_changed:
                changed.append(old)
                continue
            if left is not None and activity_id in left:
                given = left[activity_id]
                wanted = _stored(given, filled, given.created_at) if filled else given
                if old.deleted != wanted.deleted or before != history.snapshot(wanted):
                    changed.append(old)
                    continue
            seq, stored_text = _find(db, activity_id)
            db.conn.execute(_DELETE_GRAMS, (seq, search.grams(stored_text)))
            db.conn.execute("DELETE FROM activities WHERE seq = ?", (seq,))
            # Its evidence rows go with it, or they point at nothing (counted by the check,
            # carried by backups); the files stay (``attachments.purge_with_evidence``).
            db.conn.execute("DELETE FROM attachments WHERE activity_id = ?", (activity_id,))
            removed.append((activity_id, "purge", before, None))
        if changed:  # the transaction rolls back: none is removed
            raise TaizhangError(
                "undo_add_changed_elsewhere", count=len(changed), title=changed[0].title
            )
        history.record(db.conn, removed, _staff(db), _now(), _unit(db))
    return len(removed)


def rename_own_unit(db: sqlite_utils.Database, old: str, new: str) -> int:
    """Give the records first saved here under the 填报单位 ``old`` the name ``new``.

    Each renamed record is a change of this database (a new rev, touched now), so that the
    next exchange package carries the new name to the offices that hold the old one: the
    county's ledger must not show the township twice. The content and its time are as they
    were: a name correction is not an edit of the record. Its naming is numbered one higher:
    the later word wins at every office, whatever the clock (core/unit_names.py).

    The 主办单位 of those records that reads ``old`` follows too (F3): the form fills it
    with the unit's name when it is left empty, and a record cannot tell that from the
    name typed in full; either way it names this unit, under its old name. That one is an
    edit (its history says 主办单位 old → new).
    """
    here = identity.database_id(db)
    now = _now()
    with _writing(db):
        ids_ = [
            row[0]
            for row in db.conn.execute(
                "SELECT id FROM activities WHERE source_unit = ? AND source_db = ?", (old, here)
            )
        ]
        _rename_organizer(db, old, new, here, now)
        changes = [(i, revisions.new_rev()) for i in ids_]
        touched = touch.stamp(db.conn, now)
        db.conn.executemany(
            "UPDATE activities SET source_unit = ?, source_name_seq = source_name_seq + 1, "
            "rev = ?, changed_by = ?, touched_at = ? WHERE id = ?",
            [(new, rev, here, touched, i) for i, rev in changes],
        )
        revisions.remember(db.conn, changes)
    return len(changes)


def _rename_organizer(db: sqlite_utils.Database, old: str, new: str, here: str, now: str) -> None:
    """主办单位 ``old`` → ``new`` on this unit's own records (inside the rename's
    transaction; their new rev is given by the rename)."""
    conn = db.conn
    seqs = [
        row[0]
        for row in conn.execute(
            "SELECT seq FROM activities WHERE source_unit = ? AND source_db = ? AND organizer = ?",
            (old, here, old),
        )
    ]
    if not new or not seqs:
        return
    entries = []
    for before in activities_at(db, seqs):
        seq, old_search_text = _find(db, before.id)
        # Its time stays: a name correction is not the clerk's edit, and another office's
        # edit of the record meanwhile is the later change a merge keeps (core/revisions.py).
        after = replace(before, organizer=new)
        search_text = _search_text(after)
        conn.execute(
            "UPDATE activities SET organizer = ?, search_text = ? WHERE seq = ?",
            (new, search_text, seq),
        )
        conn.execute(_DELETE_GRAMS, (seq, search.grams(old_search_text)))
        conn.execute(_INSERT_GRAMS, (seq, search.grams(search_text)))
        entries.append((before.id, "edit", history.snapshot(before), history.snapshot(after)))
    history.record(conn, entries, _staff(db), now, new)


def organizer_follows_the_unit(db: sqlite_utils.Database, activity_id: str, old: str, new: str):
    """A merge that gives a record the name ``new`` of its unit where the content it kept
    still said ``old`` (another office's edit made under the old name): a 主办单位 that read
    the old name follows, as the rename at the source did (``_rename_organizer``). The
    caller gives the new rev; the record's time and history are as they were."""
    conn = db.conn
    row = conn.execute(
        "SELECT seq, organizer, search_text FROM activities WHERE id = ?", (activity_id,)
    ).fetchone()
    if row is None or not new or row[1] != old or old == new:
        return
    after = replace(get_activity(db, activity_id), organizer=new)
    search_text = _search_text(after)
    conn.execute(
        "UPDATE activities SET organizer = ?, search_text = ? WHERE seq = ?",
        (new, search_text, row[0]),
    )
    conn.execute(_DELETE_GRAMS, (row[0], search.grams(row[2])))
    conn.execute(_INSERT_GRAMS, (row[0], search.grams(search_text)))


def own_records_organized_as(db: sqlite_utils.Database, unit: str) -> int:
    """Of the records first saved here under ``unit``, those whose 主办单位 reads it too."""
    return db.conn.execute(
        "SELECT count(*) FROM activities WHERE source_unit = ? AND source_db = ? AND organizer = ?",
        (unit, identity.database_id(db), unit),
    ).fetchone()[0]


def store_received(db: sqlite_utils.Database, activity: Activity, touched_at: str) -> None:
    """Write a record exactly as it came in a package (its id, times, source, rev and bin
    state), over the one of that id here if any. The caller holds the transaction and
    writes the history (``core/exchange.py``); nothing is filled in from here.
    ``touched_at``: a stamp of ``core/touch.py``, never the clock's time."""
    conn = db.conn
    found = conn.execute(
        "SELECT seq, search_text FROM activities WHERE id = ?", (activity.id,)
    ).fetchone()
    row = _activity_row(activity)
    if found is None:
        seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM activities").fetchone()[0]
        conn.execute(_INSERT_ACTIVITY, (seq, *row[:-2], touched_at, row[-1]))
    else:
        seq = found[0]
        conn.execute(_DELETE_GRAMS, (seq, search.grams(found[1])))
        conn.execute(
            "UPDATE activities SET type_id = ?, date = ?, end_date = ?, title = ?, "
            "location = ?, organizer = ?, partners = ?, audience = ?, handler = ?, "
            "notes = ?, search_text = ?, created_at = ?, updated_at = ?, source_unit = ?, "
            "source_staff = ?, source_db = ?, rev = ?, changed_by = ?, source_name_seq = ?, "
            "touched_at = ?, deleted = ? WHERE seq = ?",
            (*row[1:-2], touched_at, row[-1], seq),
        )
        conn.execute("DELETE FROM activity_values WHERE activity_seq = ?", (seq,))
    conn.execute(_INSERT_GRAMS, (seq, search.grams(_search_text(activity))))
    conn.executemany(_INSERT_VALUE, _value_rows(seq, activity))


REKEY_SLICE = 2000  # rows read at once: a few hundred kB, whatever the file's size


def recompute_search_keys(db: sqlite_utils.Database, stale: Callable[[str], bool]) -> int:
    """Make ``search_text`` and the index again from the records' own text, for those whose
    ``search_text`` is ``stale``, after ``search.search_key`` changed: a migration's step,
    inside its transaction. One scan, by slices; the records themselves are not changed
    (not their text, nor their rev: the key is derived, never exchanged). How many were."""
    conn, last, done = db.conn, 0, 0
    columns = ", ".join(SEARCHED_FIELDS)
    while True:
        # Tested here, not by a GLOB with a character class in SQL (five times slower).
        keys = conn.execute(
            "SELECT seq, search_text FROM activities WHERE seq > ? ORDER BY seq LIMIT ?",
            (last, REKEY_SLICE),
        ).fetchall()
        if not keys:
            return done
        last = keys[-1][0]
        old = {seq: key for seq, key in keys if stale(key)}
        if not old:
            continue
        texts = conn.execute(
            f"SELECT seq, {columns} FROM activities WHERE seq IN ({','.join('?' * len(old))})",
            list(old),
        ).fetchall()
        new = [(row[0], search.search_key("\n".join(row[1:]))) for row in texts]
        conn.executemany(_DELETE_GRAMS, [(seq, search.grams(key)) for seq, key in old.items()])
        conn.executemany(_INSERT_GRAMS, [(seq, search.grams(key)) for seq, key in new])
        conn.executemany(
            "UPDATE activities SET search_text = ? WHERE seq = ?", [(k, s) for s, k in new]
        )
        done += len(new)


def writing(db: sqlite_utils.Database):
    """The transaction of a change made elsewhere in core (a merge): SQLite's errors as ours."""
    return _writing(db)


def get_activity(db: sqlite_utils.Database, activity_id: str) -> Activity:
    row = db.conn.execute(
        f"SELECT {_COLUMNS}, seq FROM activities WHERE id = ?", (activity_id,)
    ).fetchone()
    if row is None:
        raise TaizhangError("activity_missing", activity_id=activity_id)
    return _activity_from_row(row, values_of(db, [row[-1]]).get(row[-1], {}))


def _find(db: sqlite_utils.Database, activity_id: str) -> tuple[int, str]:
    """The record's row number and the search text its index tokens were made from."""
    row = db.conn.execute(
        "SELECT seq, search_text FROM activities WHERE id = ?", (activity_id,)
    ).fetchone()
    if row is None:
        raise TaizhangError("activity_missing", activity_id=activity_id)
    return row[0], row[1]


# --- queries -------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityQuery:
    """Which records to show and in what order.

    ``after`` is the cursor of the last row of the previous page (``Page.cursor``).
    """

    start: dt.date | None = None
    end: dt.date | None = None
    section_id: int | None = None
    type_ids: tuple[int, ...] | None = None
    text: str = ""
    deleted: bool = False
    order_by: str = "date"
    descending: bool = True
    limit: int = 200
    after: tuple | None = None
    source_unit: str | None = None  # only the records of this 填报单位 (the tree's 按单位)


@dataclass(frozen=True)
class Page:
    activities: list[Activity]
    cursor: tuple | None  # pass as ``after`` for the next page; None when there is none


def query_activities(
    db: sqlite_utils.Database, query: ActivityQuery, template: Template | None = None
) -> Page:
    where, params = _where(db, query, template)
    column = sort_expression(query.order_by, template)
    direction = "DESC" if query.descending else "ASC"
    if query.after is not None:
        where.append(f"({column}, seq) {'<' if query.descending else '>'} (?, ?)")
        params.extend(query.after)
    sql = (
        f"SELECT {_COLUMNS}, {column}, seq FROM activities WHERE {' AND '.join(where)} "
        f"ORDER BY {column} {direction}, seq {direction} LIMIT ?"
    )
    rows = db.conn.execute(sql, (*params, query.limit + 1)).fetchall()
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    values = values_of(db, [r[-1] for r in rows])
    activities = [_activity_from_row(r, values.get(r[-1], {})) for r in rows]
    cursor = tuple(rows[-1][-2:]) if more and rows else None
    return Page(activities, cursor)


def sort_expression(order_by: str, template: Template | None = None) -> str:
    """The SQL a query sorts by; anything not understood sorts by date."""
    if order_by in TEXT_SORT_COLUMNS:
        return f"pinyin_key({order_by})"
    if order_by == "type_id" and template is not None:
        # Types in the order of the template, as the tree and the ledger show them.
        order = " ".join(f"WHEN {t.id} THEN {i}" for i, t in enumerate(template.types))
        return f"(CASE type_id {order} ELSE {len(template.types)} END)"
    if order_by in SORT_COLUMNS:
        return order_by
    kind, _, ids = order_by.partition(":")
    field_ids = [int(i) for i in ids.split(",") if i.isdigit()]
    if kind in ("figure", "text") and field_ids:
        value = "number" if kind == "figure" else "text"
        lookup = (
            f"(SELECT {value} FROM activity_values WHERE activity_seq = activities.seq "
            f"AND field_id IN ({','.join(map(str, field_ids))}))"
        )
        # An empty figure sorts below 0, an empty text before any text.
        return (
            f"coalesce({lookup}, -1)" if kind == "figure" else f"pinyin_key(coalesce({lookup}, ''))"
        )
    return "date"


# Orders an index serves: a page of them is read straight off it, key-set paging stays fast.
INDEXED_ORDERS = ("date",)


def sorted_seqs(
    db: sqlite_utils.Database, query: ActivityQuery, template: Template | None = None
) -> list[int]:
    """Every matching record's ``seq``, in the query's order.

    For an order no index serves (text in pinyin order, a figure), sorting once and
    paging through the list beats sorting again for every page: at 100,000 records one
    sort takes ~0.3 s, and the 50th page of a key-set query as long again.
    """
    where, params = _where(db, query, template)
    column = sort_expression(query.order_by, template)
    direction = "DESC" if query.descending else "ASC"
    rows = db.conn.execute(
        f"SELECT seq FROM activities WHERE {' AND '.join(where)} "
        f"ORDER BY {column} {direction}, seq {direction}",
        params,
    )
    return [seq for (seq,) in rows]


def activities_at(db: sqlite_utils.Database, seqs: Sequence[int]) -> list[Activity]:
    """The records ``seqs`` (a page of ``sorted_seqs``), in that order; gone ones left out."""
    found: dict[int, Sequence] = {}
    for start in range(0, len(seqs), 500):
        chunk = list(seqs[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in db.conn.execute(
            f"SELECT {_COLUMNS}, seq FROM activities WHERE seq IN ({marks})", chunk
        ):
            found[row[-1]] = row
    values = values_of(db, list(found))
    return [_activity_from_row(found[s], values.get(s, {})) for s in seqs if s in found]


def iter_activities(
    db: sqlite_utils.Database, query: ActivityQuery, template: Template | None = None
):
    """Every record matching ``query``, page by page."""
    while True:
        page = query_activities(db, query, template)
        yield from page.activities
        if page.cursor is None:
            return
        query = replace(query, after=page.cursor)


def date_problems(db: sqlite_utils.Database) -> list:
    """A line (``messages.Both``) for each record dated outside the years a form accepts:
    1900 (Excel's day 0) that an older Taizhang let through. Such a record sits outside
    every period and another office refuses a package holding it."""
    from core import messages

    first, last = f"{MIN_YEAR:04d}-01-01", f"{MAX_YEAR:04d}-12-31"
    rows = db.conn.execute(
        "SELECT title, date, end_date, deleted FROM activities "
        "WHERE date < ? OR date > ? OR end_date > ? ORDER BY date, title",
        (first, last, last),
    )
    return [
        messages.Both.of(
            "check_date_out_of_range_deleted" if deleted else "check_date_out_of_range",
            title=title, date=f"{date} – {end}" if end else date, first=MIN_YEAR, last=MAX_YEAR,
        )
        for title, date, end, deleted in rows
    ]  # fmt: skip


def count_activities(
    db: sqlite_utils.Database, query: ActivityQuery, template: Template | None = None
) -> int:
    where, params = _where(db, query, template)
    return db.conn.execute(
        f"SELECT count(*) FROM activities WHERE {' AND '.join(where)}", params
    ).fetchone()[0]


def matches(
    db: sqlite_utils.Database, query: ActivityQuery, template: Template | None, activity_id: str
) -> bool:
    """Whether the record ``activity_id`` is among those ``query`` shows."""
    where, params = _where(db, query, template)
    row = db.conn.execute(
        f"SELECT 1 FROM activities WHERE id = ? AND {' AND '.join(where)}", [activity_id, *params]
    ).fetchone()
    return row is not None


def count_by_type(
    db: sqlite_utils.Database, query: ActivityQuery, template: Template | None = None
) -> dict[int, int]:
    """How many records of each type match ``query`` (for the tree of sections and types)."""
    where, params = _where(db, query, template)
    rows = db.conn.execute(
        f"SELECT type_id, count(*) FROM activities WHERE {' AND '.join(where)} GROUP BY type_id",
        params,
    )
    return dict(rows.fetchall())


def field_totals(
    db: sqlite_utils.Database, query: ActivityQuery, template: Template | None = None
) -> dict[int, float]:
    """The sum of every numeric field over the records matching ``query``."""
    where, params = _where(db, query, template)
    rows = db.conn.execute(
        "SELECT v.field_id, total(v.number) FROM activities "
        "JOIN activity_values v ON v.activity_seq = activities.seq "
        f"WHERE v.number IS NOT NULL AND {' AND '.join(where)} GROUP BY v.field_id",
        params,
    )
    return {field_id: total for field_id, total in rows}


def _where(
    db: sqlite_utils.Database, query: ActivityQuery, template: Template | None
) -> tuple[list[str], list]:
    where, params = ["deleted = ?"], [int(query.deleted)]
    if query.start:
        where.append("date >= ?")
        params.append(query.start.isoformat())
    if query.end:
        where.append("date <= ?")
        params.append(query.end.isoformat())
    type_ids = list(query.type_ids) if query.type_ids is not None else None
    if query.section_id is not None:
        if template is None:
            raise ValueError("a section filter needs the template")
        section = next(s for s in template.sections if s.id == query.section_id)
        in_section = [t.id for t in section.types]
        type_ids = in_section if type_ids is None else [t for t in type_ids if t in in_section]
    if type_ids is not None:
        where.append(f"type_id IN ({','.join('?' * len(type_ids))})" if type_ids else "0")
        params.extend(type_ids)
    if query.source_unit is not None:
        where.append("source_unit = ?")
        params.append(query.source_unit)
    for term in search.search_key(query.text).split():
        condition, values = search.term_condition(db.conn, term)
        where.append(condition)
        params.extend(values)
    return where, params


def count_by_unit(
    db: sqlite_utils.Database,
    deleted: bool = False,
    query: ActivityQuery | None = None,
    template: Template | None = None,
) -> dict[str, int]:
    """How many records each 填报单位 has (for the tree's 按单位), in pinyin order; with
    ``query``, how many of those it matches (the period and the search: one query)."""
    if query is None:
        return _count_by_unit_in_file(db, deleted)
    where, params = _where(db, query, template)
    rows = db.conn.execute(
        f"SELECT source_unit, count(*) FROM activities WHERE {' AND '.join(where)} "
        "GROUP BY source_unit ORDER BY pinyin_key(source_unit)",
        params,
    )
    return dict(rows.fetchall())


def _count_by_unit_in_file(db: sqlite_utils.Database, deleted: bool) -> dict[str, int]:
    # Every record counted off the source index alone, less those in the bin (few): at
    # 100,000 records 8 ms, where reading each row's bin flag takes 180 ms.
    conn = db.conn
    every = conn.execute(
        "SELECT source_unit, count(*) FROM activities INDEXED BY activities_by_source "
        "GROUP BY source_unit"
    ).fetchall()
    binned = dict(
        conn.execute(
            "SELECT source_unit, count(*) FROM activities WHERE deleted = 1 GROUP BY source_unit"
        ).fetchall()
    )
    counts = {
        unit: binned.get(unit, 0) if deleted else total - binned.get(unit, 0)
        for unit, total in every
    }
    return {unit: counts[unit] for unit in sorted(counts, key=sort_key) if counts[unit]}


def distinct_values(db: sqlite_utils.Database, column: str, limit: int = 500) -> list[str]:
    """Earlier entries of a common text field, most used first (for completion)."""
    if column not in COMMON_TEXT_FIELDS:
        raise ValueError(column)
    rows = db.conn.execute(
        f"SELECT {column} FROM activities WHERE {column} != '' AND deleted = 0 "
        f"GROUP BY {column} ORDER BY count(*) DESC, max(seq) DESC LIMIT ?",
        (limit,),
    )
    return [r[0] for r in rows]


# --- rows ----------------------------------------------------------------------

_COLUMNS = (
    "id, type_id, date, end_date, title, location, organizer, partners, audience, "
    "handler, notes, created_at, updated_at, deleted, source_unit, source_staff, source_db, "
    "rev, changed_by, source_name_seq"
)
# A record's row, in the order ``_activity_row`` gives it (after its seq): the one list of
# its columns, which the bulk write's slices are moved by too.
_INSERT_ACTIVITY = (
    f"INSERT INTO activities ({RECORD_COLUMNS}) "
    f"VALUES ({', '.join('?' for _ in RECORD_COLUMNS.split(','))})"
)
_INSERT_GRAMS = "INSERT INTO activity_grams (rowid, grams) VALUES (?, ?)"
# A contentless FTS table forgets a row only when told the very tokens it indexed.
_DELETE_GRAMS = "INSERT INTO activity_grams (activity_grams, rowid, grams) VALUES ('delete', ?, ?)"
_INSERT_VALUE = (
    "INSERT INTO activity_values (activity_seq, field_id, number, text) VALUES (?, ?, ?, ?)"
)


def _activity_row(a: Activity, search_text: str | None = None, touched: str = "") -> tuple:
    return (
        a.id,
        a.type_id,
        a.date.isoformat(),
        a.end_date.isoformat() if a.end_date else None,
        a.title,
        a.location,
        a.organizer,
        a.partners,
        a.audience,
        a.handler,
        a.notes,
        _search_text(a) if search_text is None else search_text,
        a.created_at,
        a.updated_at,
        a.source_unit,
        a.source_staff,
        a.source_db,
        a.rev,
        a.changed_by,
        a.source_name_seq,
        touched or a.updated_at,  # touched_at: the caller's stamp (core/touch.py)
        int(a.deleted),
    )


def _staged(seq: int, a: Activity, touched: str) -> tuple:
    """A new record as ``SliceMover`` takes it: its row, its tokens, its history entry."""
    search_text = _search_text(a)  # once: the row and the tokens need it
    return (
        seq,
        *_activity_row(a, search_text, touched),
        search.grams(search_text),
        ids.new_hex(),
        history.as_json(history.snapshot(a)),
    )


def _value_rows(seq: int, a: Activity) -> list[tuple]:
    return [
        (seq, field_id, None, value) if isinstance(value, str) else (seq, field_id, value, None)
        for field_id, value in a.values.items()
    ]


def values_of(db: sqlite_utils.Database, seqs: list[int]) -> dict[int, dict[int, Value]]:
    """The field values of the records ``seqs``, by seq then field id."""
    values: dict[int, dict[int, Value]] = {}
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        for seq, field_id, number, text in db.conn.execute(
            "SELECT activity_seq, field_id, number, text FROM activity_values "
            f"WHERE activity_seq IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            values.setdefault(seq, {})[field_id] = text if number is None else as_number(number)
    return values


def as_number(number: float) -> int | float:
    """Stored figures come back as REAL; whole ones are shown as integers."""
    return int(number) if float(number).is_integer() else number


def _activity_from_row(row: Sequence, values: dict[int, Value]) -> Activity:
    return Activity(
        id=row[0],
        type_id=row[1],
        date=dt.date.fromisoformat(row[2]),
        end_date=dt.date.fromisoformat(row[3]) if row[3] else None,
        title=row[4],
        location=row[5],
        organizer=row[6],
        partners=row[7],
        audience=row[8],
        handler=row[9],
        notes=row[10],
        created_at=row[11],
        updated_at=row[12],
        deleted=bool(row[13]),
        source_unit=row[14],
        source_staff=row[15],
        source_db=row[16],
        rev=row[17],
        changed_by=row[18],
        source_name_seq=row[19],
        values=values,
    )


@contextlib.contextmanager
def _writing(db: sqlite_utils.Database) -> Iterator[None]:
    """One transaction for a change; SQLite's errors become a clear message."""
    try:
        with transaction(db):
            yield
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise TaizhangError("db_busy") from error
        if "full" in str(error):
            raise TaizhangError("db_disk_full") from error
        raise TaizhangError("db_write_failed", reason=error) from error
    except sqlite3.Error as error:
        raise TaizhangError("db_write_failed", reason=error) from error

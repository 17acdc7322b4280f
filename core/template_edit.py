"""Changing the template: the one place that does it, for the editor and the workbook alike.

A change is said as the whole template wanted (a ``Spec``: sections → types → fields,
in display order, each item known by its stable ``uid``). ``plan_changes`` compares it
with the database and lists what would happen, or every reason it cannot;
``apply_plan`` does all of it in one transaction and records each item's change in
``template_history``. Records point at types and fields by id, so:

- an item whose uid is kept under another name is renamed everywhere, past ledgers too;
- an item that is gone is archived when records use it (hidden from new entry,
  still counted where it holds records, restorable), deleted when none do;
- a field's kind or options change only when every value already recorded fits.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import json
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace

import sqlite_utils

from core import settings
from core.errors import TaizhangError
from core.indicators import AGGREGATION_NAMES, AGGREGATIONS, Indicator
from core.messages import text as message
from core.template import (
    COUNT_UNITS,
    KINDS,
    UID_PREFIXES,
    ActivityType,
    Field,
    Section,
    Template,
    load_template,
    name_key,
    new_uid,
)

# How many of a refusal's records its message names (all their ids are kept).
NAMED_RECORDS = 5


@dataclass
class FieldSpec:
    uid: str
    label: str
    unit: str = ""
    kind: str = "integer"
    options: tuple[str, ...] = ()
    required: bool = False
    archived: bool = False
    origin: tuple[str, int] | None = field(default=None, compare=False)  # (sheet, row)


@dataclass
class TypeSpec:
    uid: str
    name: str
    count_unit: str = "次"
    counted_by: str = ""  # a field's uid, or "" for one per record
    breakdown_by: str = ""  # a field's uid, or "" for no breakdown
    archived: bool = False
    fields: list[FieldSpec] = field(default_factory=list)
    origin: tuple[str, int] | None = field(default=None, compare=False)


@dataclass
class IndicatorSpec:
    """A standing indicator (统计指标) of a section; ``aggregation``: sum (累计) or last (期末)."""

    uid: str
    name: str
    unit: str = ""
    aggregation: str = "sum"
    archived: bool = False
    origin: tuple[str, int] | None = field(default=None, compare=False)


@dataclass
class SectionSpec:
    uid: str
    name: str
    archived: bool = False
    types: list[TypeSpec] = field(default_factory=list)
    origin: tuple[str, int] | None = field(default=None, compare=False)
    indicators: list[IndicatorSpec] = field(default_factory=list)


Spec = list[SectionSpec]


def spec_of(template: Template) -> Spec:
    """The template as a ``Spec`` (archived items included, with their flag)."""

    def uid_of(field_id: int | None) -> str:
        return template.fields_by_id[field_id].uid if field_id is not None else ""

    return [
        SectionSpec(
            s.uid,
            s.name,
            s.archived,
            [
                TypeSpec(
                    t.uid,
                    t.name,
                    t.count_unit,
                    uid_of(t.counted_by),
                    uid_of(t.breakdown_by),
                    t.archived,
                    [
                        FieldSpec(f.uid, f.label, f.unit, f.kind, f.options, f.required, f.archived)
                        for f in t.fields
                    ],
                )
                for t in s.types
            ],
            indicators=[
                IndicatorSpec(i.uid, i.name, i.unit, i.aggregation, i.archived)
                for i in s.indicators
            ],
        )
        for s in template.sections
    ]


def copy_spec(spec: Spec) -> Spec:
    return copy.deepcopy(spec)


def template_of(spec: Spec) -> Template:
    """A ``Template`` for a spec not yet stored (ids are made up): for previews."""
    fields_by_uid: dict[str, int] = {}
    sections = []
    next_id = iter(range(1, 1_000_000))
    for s_pos, s in enumerate(spec, 1):
        section_id = next(next_id)
        types = []
        for t_pos, t in enumerate(s.types, 1):
            type_id = next(next_id)
            fields = []
            for f_pos, f in enumerate(t.fields, 1):
                field_id = next(next_id)
                fields_by_uid[f.uid] = field_id
                fields.append(
                    Field(field_id, type_id, f.label, f.unit, f.kind, tuple(f.options),
                          f.required, f_pos, f.uid, f.archived)
                )  # fmt: skip
            types.append(
                ActivityType(
                    type_id, section_id, t.name, t.count_unit, t_pos, tuple(fields), t.uid,
                    t.archived, fields_by_uid.get(t.counted_by), fields_by_uid.get(t.breakdown_by),
                )
            )  # fmt: skip
        own = tuple(
            Indicator(next(next_id), section_id, i.name, i.unit, i.aggregation, i_pos,
                      i.archived, i.uid)
            for i_pos, i in enumerate(s.indicators, 1)
        )  # fmt: skip
        sections.append(Section(section_id, s.name, s_pos, tuple(types), s.uid, s.archived, own))
    types_by_id = {t.id: t for s in sections for t in s.types}
    fields_by_id = {f.id: f for t in types_by_id.values() for f in t.fields}
    return Template(tuple(sections), types_by_id, fields_by_id)


# --- what a change would do -----------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why a change cannot be made; ``origin`` is (sheet, row) when it came from a workbook."""

    key: str  # of the message catalogue
    params: dict
    origin: tuple[str, int] | None = None
    column: str = ""
    record_ids: tuple[str, ...] = ()  # the records that stand in the way, if any

    @property
    def text(self) -> str:
        return message(self.key, **self.params)

    def text_in(self, language: str) -> str:
        return message(self.key, language=language, **self.params)


@dataclass(frozen=True)
class Change:
    item: str  # section / type / field / indicator
    uid: str
    action: str  # add / change / archive / restore / delete
    before: dict | None
    after: dict | None
    renamed: bool = False
    # Only its place among its siblings differs, and only because another item moved,
    # came or went: moving one row past three is one change, not four. Written and kept
    # in the history (which says them in one line, 调整顺序), not counted or listed.
    shifted: bool = False


@dataclass
class Plan:
    spec: Spec
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left: Spec | None = None  # the template as the change left it (``change_template``)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action and not c.shifted)

    @property
    def made(self) -> list[Change]:
        """The changes a person made, as they are said and kept in the history."""
        return [c for c in self.changes if not c.shifted]

    @property
    def renamed(self) -> int:
        return sum(1 for c in self.changes if c.renamed)

    def counts(self) -> dict[str, int]:
        """N new, N renamed, N archived, N refused …: the parameters of the summary messages."""
        return {
            "added": self.count("add"),
            "renamed": self.renamed,
            "changed": sum(1 for c in self.made if c.action == "change" and not c.renamed),
            "archived": self.count("archive"),
            "restored": self.count("restore"),
            "deleted": self.count("delete"),
            "refused": len(self.problems),
        }

    def summary(self, key: str = "template_plan_summary") -> str:
        return message(key, **self.counts())


def plan_changes(db: sqlite_utils.Database, wanted: Spec) -> Plan:
    """What making the template ``wanted`` would change, or every reason it cannot."""
    current = load_template(db)
    plan = Plan(copy_spec(wanted))
    _check_shape(plan)
    usage = _Usage(db)
    _compare(plan, current, usage)
    _mark_shifted(plan, spec_of(current))
    return plan


def _mark_shifted(plan: Plan, old: Spec) -> None:
    """Mark the changes that are only the place of an item the clerk did not move."""
    before = _sibling_orders(old)
    in_order: set[str] = set()
    for group, uids in _sibling_orders(plan.spec).items():
        in_order |= _kept_in_order(before.get(group, []), uids)
    plan.changes = [
        replace(c, shifted=True)
        if c.action == "change" and c.uid in in_order and _only_place_differs(c)
        else c
        for c in plan.changes
    ]


def _sibling_orders(spec: Spec) -> dict[tuple[str, str], list[str]]:
    """The uids of each parent's children, in order: (kind, parent uid) → uids."""
    orders = {("section", ""): [s.uid for s in spec]}
    for s in spec:
        orders[("type", s.uid)] = [t.uid for t in s.types]
        orders[("indicator", s.uid)] = [i.uid for i in s.indicators]
        for t in s.types:
            orders[("field", t.uid)] = [f.uid for f in t.fields]
    return orders


def _kept_in_order(old: list[str], new: list[str]) -> set[str]:
    """The most items of ``new`` that stand in the order they had in ``old``: those the
    others moved past (a longest increasing subsequence of their old places)."""
    place = {uid: i for i, uid in enumerate(old)}
    stayed = [uid for uid in new if uid in place]
    tails: list[int] = []  # tails[k]: old place ending the best run of length k + 1
    ends: list[int] = []  # the index in ``stayed`` of that end
    previous: list[int] = []
    for index, uid in enumerate(stayed):
        k = bisect.bisect_left(tails, place[uid])
        if k == len(tails):
            tails.append(place[uid])
            ends.append(index)
        else:
            tails[k], ends[k] = place[uid], index
        previous.append(ends[k - 1] if k else -1)
    kept, index = set(), ends[-1] if ends else -1
    while index >= 0:
        kept.add(stayed[index])
        index = previous[index]
    return kept


def _only_place_differs(c: Change) -> bool:
    assert c.before is not None and c.after is not None
    return {k for k in c.before if c.before[k] != c.after.get(k)} == {"position"}


def _check_shape(plan: Plan) -> None:
    """Names, kinds, options and references, before anything is compared."""
    problems = plan.problems
    sections, types, indicators, uids = {}, {}, {}, set()

    def unique_uid(item, column: str) -> None:
        # A bad id is reported, then taken as empty, so that the rest can still be
        # compared and every problem is reported in one go (the plan is refused anyway).
        kind = KIND_OF[type(item)]
        if item.uid and not item.uid.startswith(f"{UID_PREFIXES[kind]}-"):
            # an id copied from another sheet: taken as is, it would make a second item
            problems.append(_problem("template_uid_wrong_kind", item, column, uid=item.uid))
            item.uid = ""
        elif item.uid and item.uid in uids:
            problems.append(_problem("template_uid_twice", item, column, uid=item.uid))
            item.uid = ""
        uids.add(item.uid)

    for s in plan.spec:
        s.name = s.name.strip()
        unique_uid(s, "编号")
        if not s.name:
            problems.append(_problem("template_name_missing", s, "名称"))
        elif name_key(s.name) in sections:
            problems.append(_problem("template_section_twice", s, "名称", name=s.name))
        sections[name_key(s.name)] = s
        for t in s.types:
            t.name = t.name.strip()
            unique_uid(t, "编号")
            if not t.name:
                problems.append(_problem("template_name_missing", t, "名称"))
            elif name_key(t.name) in types:
                problems.append(_problem("template_type_twice", t, "名称", name=t.name))
            types[name_key(t.name)] = t
            if t.count_unit not in ("", *COUNT_UNITS):
                problems.append(
                    _problem("template_bad_count_unit", t, "计数单位", unit=t.count_unit,
                             units="、".join(COUNT_UNITS))
                )  # fmt: skip
            _check_fields(t, problems, unique_uid)
        for i in s.indicators:
            i.name, i.unit = i.name.strip(), i.unit.strip()
            unique_uid(i, "编号")
            if not i.name:
                problems.append(_problem("template_name_missing", i, "名称"))
            elif name_key(i.name) in indicators:
                problems.append(_problem("template_indicator_twice", i, "名称", name=i.name))
            indicators[name_key(i.name)] = i
            if i.aggregation not in AGGREGATIONS:
                problems.append(
                    _problem("template_bad_aggregation", i, "汇总方式", value=i.aggregation,
                             names="、".join(AGGREGATION_NAMES.values()))
                )  # fmt: skip


def _check_fields(t: TypeSpec, problems: list[Problem], unique_uid) -> None:
    labels = set()
    for f in t.fields:
        f.label = f.label.strip()
        f.unit = f.unit.strip()
        f.options = tuple(o.strip() for o in f.options if o.strip())
        unique_uid(f, "编号")
        if not f.label:
            problems.append(_problem("template_name_missing", f, "名称"))
        elif name_key(f.label) in labels:
            problems.append(
                _problem("template_field_twice", f, "名称", name=f.label, type_name=t.name)
            )
        labels.add(name_key(f.label))
        if f.kind not in KINDS:
            problems.append(_problem("template_bad_kind", f, "类型", kind=f.kind))
        elif f.kind == "choice" and not f.options:
            problems.append(_problem("template_no_options", f, "选项", name=f.label))
        elif f.kind == "choice" and len(set(f.options)) != len(f.options):
            problems.append(_problem("template_option_twice", f, "选项", name=f.label))
        if f.kind != "choice" and f.options:
            f.options = ()
    by_uid = {f.uid: f for f in t.fields}
    for key, kind, column in (
        ("counted_by", "integer", "计数方式"),
        ("breakdown_by", "choice", "分项统计"),
    ):
        uid = getattr(t, key)
        if not uid:
            continue
        f = by_uid.get(uid)
        if f is None or f.kind != kind or f.archived:
            name = f.label if f else uid
            problems.append(_problem(f"template_bad_{key}", t, column, name=name, type_name=t.name))


KIND_OF = {SectionSpec: "section", TypeSpec: "type", FieldSpec: "field", IndicatorSpec: "indicator"}


def _problem(key: str, item, column: str = "", record_ids=(), **params) -> Problem:
    return Problem(key, params, getattr(item, "origin", None), column, tuple(record_ids))


class _Usage:
    """Which types and fields records use (records in the recycle bin included)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.conn = db.conn
        self.types = {r[0] for r in self.conn.execute("SELECT DISTINCT type_id FROM activities")}
        self.fields = {
            r[0] for r in self.conn.execute("SELECT DISTINCT field_id FROM activity_values")
        }
        self.indicator_values = dict(
            self.conn.execute(
                "SELECT indicator_id, count(*) FROM indicator_values GROUP BY indicator_id"
            ).fetchall()
        )
        # An indicator with a target or a history of figures is kept too: deleted, its id
        # could be taken by a new one and inherit them.
        self.indicators = set(self.indicator_values)
        for (subject,) in self.conn.execute(
            "SELECT row_key FROM targets WHERE row_key LIKE 'indicator:%' UNION "
            "SELECT DISTINCT subject FROM figure_history WHERE subject LIKE 'indicator:%'"
        ):
            number = subject.split(":")[1]
            if number.isdigit():
                self.indicators.add(int(number))

    def misfits(self, f: Field, kind: str, options: tuple[str, ...]) -> list[tuple]:
        """Records whose value of ``f`` would not fit ``kind`` / ``options``: (id, date, title)."""
        if f.id not in self.fields:
            return []
        if kind in ("integer", "decimal"):
            condition = "v.number IS NULL"
            if kind == "integer":
                condition += " OR v.number != CAST(v.number AS INTEGER)"
            params: list = []
        elif kind == "text":
            condition, params = "v.number IS NOT NULL", []
        else:
            marks = ",".join("?" * len(options))
            condition = f"v.number IS NOT NULL OR v.text NOT IN ({marks})"
            params = list(options)
        return self.conn.execute(
            "SELECT a.id, a.date, a.title FROM activity_values v "
            "JOIN activities a ON a.seq = v.activity_seq "
            f"WHERE v.field_id = ? AND ({condition}) ORDER BY a.date, a.seq",
            [f.id, *params],
        ).fetchall()


def _section_doc(s: SectionSpec | Section, position: int) -> dict:
    return {"name": s.name, "position": position, "archived": bool(s.archived)}


def _type_doc(t: TypeSpec, section_uid: str, position: int) -> dict:
    return {
        "name": t.name,
        "section": section_uid,
        "position": position,
        "count_unit": t.count_unit,
        "counted_by": t.counted_by,
        "breakdown_by": t.breakdown_by,
        "archived": bool(t.archived),
    }


def _field_doc(f: FieldSpec, type_uid: str, position: int) -> dict:
    return {
        "label": f.label,
        "type": type_uid,
        "position": position,
        "unit": f.unit,
        "kind": f.kind,
        "options": list(f.options),
        "required": bool(f.required),
        "archived": bool(f.archived),
    }


def _indicator_doc(i: IndicatorSpec, section_uid: str, position: int) -> dict:
    return {
        "name": i.name,
        "section": section_uid,
        "position": position,
        "unit": i.unit,
        "aggregation": i.aggregation,
        "archived": bool(i.archived),
    }


def _doc(item: str, old_item, parent_uid_or_position, position=None) -> dict:
    if item == "section":
        return _section_doc(old_item, parent_uid_or_position)
    builder = {"type": _type_doc, "field": _field_doc, "indicator": _indicator_doc}[item]
    return builder(old_item, parent_uid_or_position, position)


def _compare(plan: Plan, current: Template, usage: _Usage) -> None:
    old = spec_of(current)
    old_sections = {s.uid: (s, i) for i, s in enumerate(old, 1)}
    old_types = {t.uid: (t, s.uid, i) for s in old for i, t in enumerate(s.types, 1)}
    old_fields = {
        f.uid: (f, t.uid, i) for s in old for t in s.types for i, f in enumerate(t.fields, 1)
    }
    old_indicators = {i.uid: (i, s.uid, n) for s in old for n, i in enumerate(s.indicators, 1)}
    current_types = {t.uid: t for t in current.types}
    current_fields = {f.uid: f for f in current.fields_by_id.values()}
    current_indicators = {i.uid: i for s in current.sections for i in s.indicators}
    seen: set[str] = set()
    # Old items are kept in the order of the old template, new ones take fresh ids.
    for s_pos, s in enumerate(plan.spec, 1):
        s.uid = s.uid or new_uid("section")
        seen.add(s.uid)
        _diff(plan, "section", s.uid, old_sections.get(s.uid), _section_doc(s, s_pos), "name")
        for t_pos, t in enumerate(s.types, 1):
            t.uid = t.uid or new_uid("type")
            seen.add(t.uid)
            before = old_types.get(t.uid)
            for f in t.fields:
                f.uid = f.uid or new_uid("field")
            _diff(plan, "type", t.uid, before, _type_doc(t, s.uid, t_pos), "name")
            for f_pos, f in enumerate(t.fields, 1):
                seen.add(f.uid)
                was = old_fields.get(f.uid)
                if was is not None and was[1] != t.uid:
                    plan.problems.append(
                        _problem("template_field_moved", f, "活动类型", name=f.label)
                    )
                    continue
                if was is not None:
                    _check_fit(plan, current_fields[f.uid], f, usage)
                _diff(plan, "field", f.uid, was, _field_doc(f, t.uid, f_pos), "label")
        for i_pos, i in enumerate(s.indicators, 1):
            i.uid = i.uid or new_uid("indicator")
            seen.add(i.uid)
            was = old_indicators.get(i.uid)
            if was is not None:
                _check_aggregation(plan, current_indicators[i.uid], i, usage)
            _diff(plan, "indicator", i.uid, was, _indicator_doc(i, s.uid, i_pos), "name")

    # What is gone: archived when records use it, else deleted. An archived parent keeps
    # its children as they are (restored, it comes back whole).
    def field_used(f: FieldSpec) -> bool:
        return current_fields[f.uid].id in usage.fields

    def type_used(t: TypeSpec) -> bool:
        return current_types[t.uid].id in usage.types or any(field_used(f) for f in t.fields)

    def indicator_used(i: IndicatorSpec) -> bool:
        return current_indicators[i.uid].id in usage.indicators

    for s in old:
        section_gone = s.uid not in seen
        section_kept = section_gone and (
            any(type_used(t) for t in s.types if t.uid not in seen)
            or any(indicator_used(i) for i in s.indicators if i.uid not in seen)
        )
        if not section_kept:
            for i in s.indicators:
                if i.uid not in seen:
                    _gone(plan, "indicator", i.uid, old_indicators[i.uid], indicator_used(i))
        for t in s.types:
            if t.uid in seen:
                for f in t.fields:
                    if f.uid not in seen:
                        _gone(plan, "field", f.uid, old_fields[f.uid], field_used(f))
            elif not section_kept:
                _gone(plan, "type", t.uid, old_types[t.uid], type_used(t))
                if not type_used(t):
                    for f in t.fields:
                        _gone(plan, "field", f.uid, old_fields[f.uid], False)
        if section_gone:
            _gone(plan, "section", s.uid, old_sections[s.uid], section_kept)


def _diff(plan: Plan, item: str, uid: str, was, after: dict, name_key_: str) -> None:
    if was is None:
        plan.changes.append(Change(item, uid, "add", None, after))
        return
    before = _doc(item, *was)
    if before == after:
        return
    action = "change"
    if before["archived"] != after["archived"]:
        action = "archive" if after["archived"] else "restore"
    renamed = before[name_key_] != after[name_key_]
    plan.changes.append(Change(item, uid, action, before, after, renamed))


def _gone(plan: Plan, item: str, uid: str, was, used: bool) -> None:
    before = _doc(item, *was)
    if used:
        if not before["archived"]:
            plan.changes.append(Change(item, uid, "archive", before, {**before, "archived": True}))
    else:
        plan.changes.append(Change(item, uid, "delete", before, None))


def _check_aggregation(plan: Plan, stored: Indicator, i: IndicatorSpec, usage: _Usage) -> None:
    """累计 ↔ 期末 only while nothing is reported: the figures already given would change."""
    count = usage.indicator_values.get(stored.id, 0)
    if stored.aggregation == i.aggregation or not count or i.aggregation not in AGGREGATIONS:
        return
    plan.problems.append(
        _problem(
            "template_aggregation_refused",
            i,
            "汇总方式",
            name=i.name,
            count=count,
            before=AGGREGATION_NAMES[stored.aggregation],
            after=AGGREGATION_NAMES[i.aggregation],
        )
    )


def _check_fit(plan: Plan, stored: Field, f: FieldSpec, usage: _Usage) -> None:
    if stored.kind == f.kind and (f.kind != "choice" or set(stored.options) <= set(f.options)):
        return
    if {stored.kind, f.kind} <= {"integer", "decimal"} and f.kind == "decimal":
        return  # every whole number is a decimal
    if stored.kind == "choice" and f.kind == "text":
        return  # every option is a text
    misfits = usage.misfits(stored, f.kind, tuple(f.options))
    if not misfits:
        return
    named = "；".join(f"{date} {title}" for _, date, title in misfits[:NAMED_RECORDS])
    more = "……" if len(misfits) > NAMED_RECORDS else ""
    key = "template_kind_refused" if stored.kind != f.kind else "template_options_refused"
    plan.problems.append(
        _problem(
            key,
            f,
            "类型" if stored.kind != f.kind else "选项",
            record_ids=[r[0] for r in misfits],
            name=f.label,
            count=len(misfits),
            records=named + more,
        )
    )


# --- making the change -------------------------------------------------------------------


def apply_plan(db: sqlite_utils.Database, plan: Plan) -> Plan:
    """Make every change of ``plan`` in one transaction, each one in the history.

    The plan is made again inside the transaction: if it is no longer the same (records
    imported meanwhile now use a field it would delete, another change of the template
    landed), it is refused with ``template_plan_stale`` rather than failing on a FOREIGN
    KEY or doing other than what was shown.
    """
    if not plan.ok:
        raise TaizhangError(
            "template_refused", count=len(plan.problems), first=plan.problems[0].text
        )
    if not plan.changes:
        return plan
    now = dt.datetime.now().isoformat(timespec="seconds")
    staff = settings.get_setting(db, settings.STAFF)
    with _writing(db):
        again = plan_changes(db, plan.spec)
        if again.changes != plan.changes or again.problems:
            raise TaizhangError("template_plan_stale")
        conn = db.conn
        ids = _Ids(conn)
        for c in plan.changes:
            if c.action != "delete":
                _write_item(conn, ids, c)
        # References to fields once every field exists; deletions last, fields first.
        for c in plan.changes:
            if c.item == "type" and c.action != "delete":
                conn.execute(
                    "UPDATE activity_types SET counted_by = ?, breakdown_by = ? WHERE uid = ?",
                    (ids.field(c.after["counted_by"]), ids.field(c.after["breakdown_by"]), c.uid),
                )
        order = {"field": 0, "indicator": 1, "type": 2, "section": 3}
        for c in sorted(
            (c for c in plan.changes if c.action == "delete"), key=lambda c: order[c.item]
        ):
            _delete_item(conn, c)
        _renumber_gone(conn, plan)
        change_id = secrets.token_hex(8)  # the entries of this one change, together
        conn.executemany(
            "INSERT INTO template_history (item, uid, action, at, staff, before, after, "
            "change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (c.item, c.uid, c.action, now, staff, _json(c.before), _json(c.after), change_id)
                for c in plan.changes  # the history says the shifted ones in one line
            ],
        )
    return plan


class _Ids:
    """Integer ids of items by uid, new ones included as they are inserted."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _get(self, table: str, uid: str) -> int | None:
        if not uid:
            return None
        row = self.conn.execute(f"SELECT id FROM {table} WHERE uid = ?", (uid,)).fetchone()
        return row[0] if row else None

    def section(self, uid: str) -> int | None:
        return self._get("sections", uid)

    def type(self, uid: str) -> int | None:
        return self._get("activity_types", uid)

    def field(self, uid: str) -> int | None:
        return self._get("fields", uid)


def _write_item(conn: sqlite3.Connection, ids: _Ids, c: Change) -> None:
    a = c.after
    if c.item == "section":
        row = (a["name"], a["position"], int(a["archived"]))
        if c.action == "add":
            conn.execute(
                "INSERT INTO sections (name, position, archived, uid) VALUES (?, ?, ?, ?)",
                (*row, c.uid),
            )
        else:
            conn.execute(
                "UPDATE sections SET name = ?, position = ?, archived = ? WHERE uid = ?",
                (*row, c.uid),
            )
    elif c.item == "type":
        row = (
            ids.section(a["section"]),
            a["name"],
            a["count_unit"],
            a["position"],
            int(a["archived"]),
        )
        if c.action == "add":
            conn.execute(
                "INSERT INTO activity_types (id, section_id, name, count_unit, position, "
                "archived, uid) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_new_id(conn, "type", c.uid), *row, c.uid),
            )
        else:
            conn.execute(
                "UPDATE activity_types SET section_id = ?, name = ?, count_unit = ?, "
                "position = ?, archived = ? WHERE uid = ?",
                (*row, c.uid),
            )
    elif c.item == "indicator":
        row = (
            ids.section(a["section"]),
            a["name"],
            a["unit"],
            a["aggregation"],
            a["position"],
            int(a["archived"]),
        )
        if c.action == "add":
            conn.execute(
                "INSERT INTO indicators (section_id, name, unit, aggregation, position, "
                "archived, uid) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*row, c.uid),
            )
        else:
            conn.execute(
                "UPDATE indicators SET section_id = ?, name = ?, unit = ?, aggregation = ?, "
                "position = ?, archived = ? WHERE uid = ?",
                (*row, c.uid),
            )
    else:
        row = (
            ids.type(a["type"]),
            a["label"],
            a["unit"],
            a["kind"],
            json.dumps(a["options"], ensure_ascii=False),
            int(a["required"]),
            a["position"],
            int(a["archived"]),
        )
        if c.action == "add":
            conn.execute(
                "INSERT INTO fields (id, type_id, label, unit, kind, options, required, "
                "position, archived, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_new_id(conn, "field", c.uid), *row, c.uid),
            )
        else:
            conn.execute(
                "UPDATE fields SET type_id = ?, label = ?, unit = ?, kind = ?, options = ?, "
                "required = ?, position = ?, archived = ? WHERE uid = ?",
                (*row, c.uid),
            )


def _delete_item(conn: sqlite3.Connection, c: Change) -> None:
    if c.item in ("type", "field"):
        _retire(conn, c)
    if c.item == "field":
        for key in ("counted_by", "breakdown_by"):
            conn.execute(
                f"UPDATE activity_types SET {key} = NULL "
                f"WHERE {key} = (SELECT id FROM fields WHERE uid = ?)",
                (c.uid,),
            )
        conn.execute("DELETE FROM fields WHERE uid = ?", (c.uid,))
    elif c.item == "type":
        conn.execute("DELETE FROM activity_types WHERE uid = ?", (c.uid,))
    elif c.item == "indicator":
        conn.execute("DELETE FROM indicators WHERE uid = ?", (c.uid,))
    else:
        conn.execute("DELETE FROM sections WHERE uid = ?", (c.uid,))


def _retire(conn: sqlite3.Connection, c: Change) -> None:
    """Keep a deleted type's or field's id and name: the history of records names them."""
    table, name = ("activity_types", "name") if c.item == "type" else ("fields", "label")
    conn.execute(
        f"INSERT OR REPLACE INTO retired_template_items (item, id, uid, name) "
        f"SELECT ?, id, uid, {name} FROM {table} WHERE uid = ?",
        (c.item, c.uid),
    )


def _new_id(conn: sqlite3.Connection, item: str, uid: str) -> int:
    """The id for a new type (or field): its own again when one with its uid was deleted
    (a template workbook brings it back), else one no type has had."""
    table = "activity_types" if item == "type" else "fields"
    back = conn.execute(
        "DELETE FROM retired_template_items WHERE item = ? AND uid = ? AND uid != '' "
        f"AND id NOT IN (SELECT id FROM {table}) RETURNING id",
        (item, uid),
    ).fetchone()
    if back is not None:
        return back[0]
    return conn.execute(
        f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0), "
        "coalesce((SELECT max(id) FROM retired_template_items WHERE item = ?), 0)) + 1",
        (item,),
    ).fetchone()[0]


def _renumber_gone(conn: sqlite3.Connection, plan: Plan) -> None:
    """Positions 1, 2, 3… under each parent; archived items that left the spec go last."""
    tables = {
        "section": "sections",
        "type": "activity_types",
        "field": "fields",
        "indicator": "indicators",
    }
    for c in plan.changes:
        if c.action == "archive" and not _in_spec(plan.spec, c.uid):
            conn.execute(
                f"UPDATE {tables[c.item]} SET position = 100000 + position WHERE uid = ?",
                (c.uid,),
            )
    for table, owner in (
        ("sections", "NULL"),
        ("activity_types", "section_id"),
        ("fields", "type_id"),
        ("indicators", "section_id"),
    ):
        rows = conn.execute(f"SELECT id, {owner} FROM {table} ORDER BY {owner}, position, id")
        positions: dict[object, int] = {}
        for item_id, parent in rows.fetchall():
            positions[parent] = positions.get(parent, 0) + 1
            conn.execute(
                f"UPDATE {table} SET position = ? WHERE id = ?", (positions[parent], item_id)
            )


def _in_spec(spec: Spec, uid: str) -> bool:
    return any(item.uid == uid for item in iter_items(spec))


def _json(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _writing(db: sqlite_utils.Database):
    from core.activities import _writing as writing  # the one translation of SQLite's errors

    return writing(db)


def change_template(
    db: sqlite_utils.Database,
    wanted: Spec,
    only_from: Spec | None = None,
    refused: str = "template_changed_elsewhere",
) -> Plan:
    """Plan and make a change in one call; refused changes raise ``TaizhangError``.
    Planned under the write lock: no other program's change falls between the two.

    ``only_from``: the template the change was made from (an editor's view of it, what
    the last undo step left); if the file's differs, another program changed it since,
    and ``wanted``, a whole template, would write that change away: refused with
    ``refused``. ``Plan.left`` is the template as the change leaves it."""
    with _writing(db):
        if only_from is not None and stored_spec(db) != only_from:
            raise TaizhangError(refused)
        plan = apply_plan(db, plan_changes(db, wanted))
        plan.left = stored_spec(db)
        return plan


def stored_spec(db: sqlite_utils.Database) -> Spec:
    return spec_of(load_template(db))


# --- the history ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    item: str
    uid: str
    action: str
    at: str
    staff: str
    before: dict | None
    after: dict | None
    change_id: str = ""  # the same for every entry of one change (empty: made before 6)


def template_history(db: sqlite_utils.Database, uid: str | None = None) -> list[HistoryEntry]:
    """The template's changes, oldest first (of one item when ``uid`` is given)."""
    sql = "SELECT item, uid, action, at, staff, before, after, change_id FROM template_history"
    params: tuple = ()
    if uid is not None:
        sql += " WHERE uid = ?"
        params = (uid,)
    return [
        HistoryEntry(*row[:5], _load(row[5]), _load(row[6]), row[7])
        for row in db.conn.execute(sql + " ORDER BY id", params)
    ]


def _load(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


def iter_items(spec: Spec) -> Iterator[SectionSpec | TypeSpec | FieldSpec | IndicatorSpec]:
    for s in spec:
        yield s
        for t in s.types:
            yield t
            yield from t.fields
        yield from s.indicators


def as_dict(spec: Spec) -> list[dict]:
    """A spec as plain data (compares and prints well in tests)."""
    return [asdict(s) for s in spec]

"""The template: sections → activity types → fields, stored in the database.

Records refer to types and fields by id; labels are for people and may change.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from core.errors import TaizhangError
from core.resources import resource_path

KINDS = ("integer", "decimal", "text", "choice")
NUMERIC_KINDS = ("integer", "decimal")

# The 指标 name of a type's count row in the ledger, after its count unit.
COUNT_LABELS = {
    "期": "期数",
    "场": "场次",
    "次": "次数",
    "项": "项数",
    "家": "家数",
    "件": "件数",
    "个": "个数",
    "人": "人数",
    "条": "条数",  # 意见建议 32 条
    "篇": "篇数",  # 信息 15 篇
    "户": "户数",
    "批": "批数",
    "份": "份数",
}
# What a type's records count in: one of these, or "" for none (a type of figures only).
COUNT_UNITS = tuple(COUNT_LABELS)
# How a field's kind is written for people (the editor and the template workbook).
KIND_NAMES = {"integer": "整数", "decimal": "小数", "text": "文字", "choice": "选项"}
# The prefix of a breakdown row's 指标 in the 汇总: 其中：新认定.
BREAKDOWN_PREFIX = "其中："

# Stable ids of template items (the 编号 of the template workbook). The default
# template's are derived from its names, so every database seeded with it, or upgraded
# to it, shares them: a county and its townships can later merge records by id.
_UID_NAMESPACE = uuid.UUID("6b1f0c8e-2d4a-4e55-9a43-7c1e0d9b5a10")
UID_PREFIXES = {"section": "S", "type": "T", "field": "F", "indicator": "I"}


def default_uid(kind: str, *names: str) -> str:
    digest = uuid.uuid5(_UID_NAMESPACE, "/".join((kind, *names))).hex[:10]
    return f"{UID_PREFIXES[kind]}-{digest}"


def new_uid(kind: str) -> str:
    return f"{UID_PREFIXES[kind]}-{uuid.uuid4().hex[:10]}"


_WHITESPACE = re.compile(r"\s+")


# What may stand between a choice field's options, as people type them: 、 / ， ； and
# their ASCII forms.
_OPTION_SEPARATORS = re.compile(r"[、/／，,；;]")


def split_options(text: str) -> tuple[str, ...]:
    """国家级、省级，市级 → (国家级, 省级, 市级): each option typed, trimmed, none empty."""
    return tuple(o.strip() for o in _OPTION_SEPARATORS.split(text) if o.strip())


def name_key(text: object) -> str:
    """How names typed by people compare: NFKC (full-width → ordinary), no whitespace."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", str(text)))


@dataclass(frozen=True)
class Field:
    id: int
    type_id: int
    label: str
    unit: str
    kind: str
    options: tuple[str, ...]
    required: bool
    position: int
    uid: str = ""
    archived: bool = False  # hidden from new entry; still counted where it holds values

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def label_with_unit(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label


@dataclass(frozen=True)
class ActivityType:
    id: int
    section_id: int
    name: str
    count_unit: str
    position: int
    fields: tuple[Field, ...] = ()
    uid: str = ""
    archived: bool = False  # hidden from new entry; still counted where it holds records
    counted_by: int | None = None  # an integer field whose value a record counts as (empty: 1)
    breakdown_by: int | None = None  # a choice field: 汇总 rows 其中：<option> per option

    @property
    def count_label(self) -> str:
        """The 汇总's name for the count row: 期数 after the count unit, or the field the
        type is counted by (7 firms of one 校企对接活动 are no 场次)."""
        counting = self.counting_field
        if counting is not None:
            return counting.label
        return COUNT_LABELS.get(self.count_unit, "次数")

    @property
    def count_row_unit(self) -> str:
        """The count row's unit: the counting field's (none if it has none), else the
        count unit."""
        counting = self.counting_field
        return counting.unit if counting is not None else self.count_unit

    @property
    def numeric_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.is_numeric)

    @property
    def active_fields(self) -> tuple[Field, ...]:
        """The fields offered for new entry, in form order."""
        return tuple(f for f in self.fields if not f.archived)

    def entry_fields(self, held: Iterable[int] = ()) -> tuple[Field, ...]:
        """The fields a form shows: the active ones, and archived ones a record holds.

        ``held``: the field ids the record being edited has values for, so that
        editing an old record never drops a figure of an archived field.
        """
        held = set(held)
        return tuple(f for f in self.fields if not f.archived or f.id in held)

    @property
    def counting_field(self) -> Field | None:
        return next((f for f in self.fields if f.id == self.counted_by), None)

    @property
    def breakdown_field(self) -> Field | None:
        return next((f for f in self.fields if f.id == self.breakdown_by), None)

    def field_by_label(self, label: str) -> Field | None:
        key = name_key(label)
        return next((f for f in self.fields if name_key(f.label) == key), None)


@dataclass(frozen=True)
class Section:
    id: int
    name: str
    position: int
    types: tuple[ActivityType, ...] = ()
    uid: str = ""
    archived: bool = False
    indicators: tuple = ()  # its standing indicators (core.indicators.Indicator), in order

    @property
    def active_types(self) -> tuple[ActivityType, ...]:
        return () if self.archived else tuple(t for t in self.types if not t.archived)


@dataclass(frozen=True)
class Template:
    sections: tuple[Section, ...]
    types_by_id: dict[int, ActivityType] = field(default_factory=dict)
    fields_by_id: dict[int, Field] = field(default_factory=dict)
    # ("type" | "field", id) → the name of a type or field deleted from the template
    # ('' when it was deleted before names were kept): a record's history still names it.
    retired: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def types(self) -> list[ActivityType]:
        """Every type, archived ones included (they still name past records)."""
        return [t for s in self.sections for t in s.types]

    @property
    def active_sections(self) -> tuple[Section, ...]:
        """The sections offered for new entry: not archived, with an active type."""
        return tuple(s for s in self.sections if s.active_types)

    @property
    def active_types(self) -> list[ActivityType]:
        """The types offered for new entry (not archived, in a section not archived)."""
        return [t for s in self.sections for t in s.active_types]

    def is_active(self, type_id: int) -> bool:
        activity_type = self.types_by_id.get(type_id)
        if activity_type is None or activity_type.archived:
            return False
        return not self.section_of(type_id).archived

    def type(self, type_id: int) -> ActivityType:
        try:
            return self.types_by_id[type_id]
        except KeyError:
            raise TaizhangError("unknown_type_id", type_id=type_id) from None

    def type_by_name(self, name: str) -> ActivityType:
        key = name_key(name)
        for activity_type in self.types:
            if name_key(activity_type.name) == key:
                return activity_type
        raise TaizhangError("unknown_type", name=name.strip())

    def section_of(self, type_id: int) -> Section:
        section_id = self.type(type_id).section_id
        return next(s for s in self.sections if s.id == section_id)

    def field_labels(self) -> set[str]:
        return {f.label for f in self.fields_by_id.values()}


def load_template(db: sqlite_utils.Database) -> Template:
    from core.indicators import load_indicators  # indicators know the sections, not back

    indicators_by_section: dict[int, list] = {}
    for indicator in load_indicators(db):
        indicators_by_section.setdefault(indicator.section_id, []).append(indicator)
    fields_by_type: dict[int, list[Field]] = {}
    for row in db.conn.execute(
        "SELECT id, type_id, label, unit, kind, options, required, position, uid, archived "
        "FROM fields ORDER BY position, id"
    ):
        f = Field(
            id=row[0],
            type_id=row[1],
            label=row[2],
            unit=row[3],
            kind=row[4],
            options=tuple(json.loads(row[5])),
            required=bool(row[6]),
            position=row[7],
            uid=row[8] or "",
            archived=bool(row[9]),
        )
        fields_by_type.setdefault(f.type_id, []).append(f)
    types_by_section: dict[int, list[ActivityType]] = {}
    for row in db.conn.execute(
        "SELECT id, section_id, name, count_unit, position, uid, archived, counted_by, "
        "breakdown_by FROM activity_types ORDER BY position, id"
    ):
        t = ActivityType(
            *row[:5],
            fields=tuple(fields_by_type.get(row[0], ())),
            uid=row[5] or "",
            archived=bool(row[6]),
            counted_by=row[7],
            breakdown_by=row[8],
        )
        types_by_section.setdefault(t.section_id, []).append(t)
    sections = tuple(
        Section(
            row[0],
            row[1],
            row[2],
            types=tuple(types_by_section.get(row[0], ())),
            uid=row[3] or "",
            archived=bool(row[4]),
            indicators=tuple(indicators_by_section.get(row[0], ())),
        )
        for row in db.conn.execute(
            "SELECT id, name, position, uid, archived FROM sections ORDER BY position, id"
        )
    )
    types_by_id = {t.id: t for s in sections for t in s.types}
    fields_by_id = {f.id: f for t in types_by_id.values() for f in t.fields}
    return Template(sections, types_by_id, fields_by_id, _retired(db))


def _retired(db: sqlite_utils.Database) -> dict[tuple[str, int], str]:
    """The deleted types and fields (a damaged file opened to look at may predate them)."""
    try:
        rows = db.conn.execute("SELECT item, id, name FROM retired_template_items").fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" not in str(error):
            raise
        return {}
    return {(item, number): name for item, number, name in rows}


def read_template_file(path: Path) -> dict:
    """Read and check a template JSON file (sections → types → fields)."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TaizhangError("template_invalid", reason=error) from error
    _check_template_doc(doc)
    return doc


def _check_template_doc(doc: dict) -> None:
    def fail(reason: str) -> None:
        raise TaizhangError("template_invalid", reason=reason)

    if not isinstance(doc, dict) or not isinstance(doc.get("sections"), list):
        fail("sections")
    type_names: set[str] = set()
    for section in doc["sections"]:
        if not str(section.get("name", "")).strip():
            fail("section name")
        for activity_type in section.get("types", []):
            name = str(activity_type.get("name", "")).strip()
            if not name or name in type_names:
                fail(f"type name {name!r}")
            type_names.add(name)
            labels = [f.get("label") for f in activity_type.get("fields", [])]
            if len(labels) != len(set(labels)):
                fail(f"duplicate field in {name}")
            for f in activity_type.get("fields", []):
                if f.get("kind") not in KINDS or not str(f.get("label", "")).strip():
                    fail(f"field {f!r}")
                if f["kind"] == "choice" and not f.get("options"):
                    fail(f"choice without options in {name}")
            kinds = {f["label"]: f["kind"] for f in activity_type.get("fields", [])}
            for key, wanted in (("counted_by", "integer"), ("breakdown_by", "choice")):
                if key in activity_type and kinds.get(activity_type[key]) != wanted:
                    fail(f"{key} of {name}")


def seed_template(db: sqlite_utils.Database, doc: dict) -> None:
    """Insert a template document; the caller holds the transaction."""
    conn = db.conn
    for s_pos, section in enumerate(doc["sections"], 1):
        section_name = section["name"].strip()
        section_id = conn.execute(
            "INSERT INTO sections (name, position, uid) VALUES (?, ?, ?)",
            (section_name, s_pos, default_uid("section", section_name)),
        ).lastrowid
        for t_pos, activity_type in enumerate(section.get("types", []), 1):
            insert_type(conn, section_id, activity_type, t_pos)


def insert_type(conn, section_id: int, activity_type: dict, position: int) -> int:
    """One type of a template document and its fields, with the default template's ids."""
    type_name = activity_type["name"].strip()
    type_id = conn.execute(
        "INSERT INTO activity_types (section_id, name, count_unit, position, uid) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            section_id,
            type_name,
            activity_type.get("count_unit", ""),
            position,
            default_uid("type", type_name),
        ),
    ).lastrowid
    field_ids = {}
    for f_pos, f in enumerate(activity_type.get("fields", []), 1):
        field_ids[f["label"]] = insert_field(conn, type_id, type_name, f, f_pos)
    set_counting(conn, type_id, activity_type, field_ids)
    return type_id


def insert_field(conn, type_id: int, type_name: str, f: dict, position: int) -> int:
    label = f["label"].strip()
    return conn.execute(
        "INSERT INTO fields (type_id, label, unit, kind, options, required, position, uid) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            type_id,
            label,
            f.get("unit", ""),
            f["kind"],
            json.dumps(f.get("options", []), ensure_ascii=False),
            int(bool(f.get("required", False))),
            position,
            default_uid("field", type_name, label),
        ),
    ).lastrowid


def set_counting(conn, type_id: int, activity_type: dict, field_ids: dict[str, int]) -> None:
    """A document type's ``counted_by`` / ``breakdown_by`` (field labels) → field ids."""
    for key in ("counted_by", "breakdown_by"):
        if activity_type.get(key):
            conn.execute(
                f"UPDATE activity_types SET {key} = ? WHERE id = ?",
                (field_ids[activity_type[key]], type_id),
            )


def seed_default_template(db: sqlite_utils.Database) -> None:
    seed_template(db, read_template_file(resource_path("default_template.json")))


def give_stable_ids(db: sqlite_utils.Database) -> None:
    """Give every template item without one its stable id (the caller holds the transaction).

    Items named as in the default template get the default template's ids.
    """
    conn = db.conn
    used = set()
    for table in ("sections", "activity_types", "fields"):
        used |= {r[0] for r in conn.execute(f"SELECT uid FROM {table} WHERE uid IS NOT NULL")}

    def unique(uid: str, kind: str) -> str:
        while uid in used:
            uid = new_uid(kind)
        used.add(uid)
        return uid

    for section_id, name in conn.execute(
        "SELECT id, name FROM sections WHERE uid IS NULL ORDER BY id"
    ).fetchall():
        uid = unique(default_uid("section", name), "section")
        conn.execute("UPDATE sections SET uid = ? WHERE id = ?", (uid, section_id))
    for type_id, name in conn.execute(
        "SELECT id, name FROM activity_types WHERE uid IS NULL ORDER BY id"
    ).fetchall():
        uid = unique(default_uid("type", name), "type")
        conn.execute("UPDATE activity_types SET uid = ? WHERE id = ?", (uid, type_id))
    for field_id, type_name, label in conn.execute(
        "SELECT f.id, t.name, f.label FROM fields f JOIN activity_types t ON t.id = f.type_id "
        "WHERE f.uid IS NULL ORDER BY f.id"
    ).fetchall():
        uid = unique(default_uid("field", type_name, label), "field")
        conn.execute("UPDATE fields SET uid = ? WHERE id = ?", (uid, field_id))


def grow_to_default_template(db: sqlite_utils.Database) -> None:
    """Add what the default template has and this database's lacks (item by name).

    Never removes or renames anything and never touches a record: sections, types and
    fields missing here are added in the default's order, and a type without a
    ``counted_by`` / ``breakdown_by`` gets the default's. The caller holds the transaction.
    """
    doc = read_template_file(resource_path("default_template.json"))
    conn = db.conn
    sections = {name_key(n): i for i, n in conn.execute("SELECT id, name FROM sections")}
    for section in doc["sections"]:
        section_id = sections.get(name_key(section["name"]))
        if section_id is None:
            position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM sections")
            section_id = conn.execute(
                "INSERT INTO sections (name, position, uid) VALUES (?, ?, ?)",
                (section["name"], position.fetchone()[0], default_uid("section", section["name"])),
            ).lastrowid
        for activity_type in section.get("types", []):
            _grow_type(conn, section_id, activity_type)


def _grow_type(conn, section_id: int, activity_type: dict) -> None:
    row = conn.execute(
        "SELECT id, counted_by, breakdown_by FROM activity_types WHERE name = ?",
        (activity_type["name"],),
    ).fetchone()
    if row is None:
        position = conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM activity_types WHERE section_id = ?",
            (section_id,),
        ).fetchone()[0]
        insert_type(conn, section_id, activity_type, position)
        return
    type_id = row[0]
    have = {
        label: (field_id, kind)
        for field_id, label, kind in conn.execute(
            "SELECT id, label, kind FROM fields WHERE type_id = ?", (type_id,)
        )
    }
    wanted = [f["label"] for f in activity_type.get("fields", [])]
    for f in activity_type.get("fields", []):
        if f["label"] not in have:
            field_id = insert_field(conn, type_id, activity_type["name"], f, 0)
            have[f["label"]] = (field_id, f["kind"])
    # The default's fields in its order, then any others as they were.
    others = [
        field_id
        for (field_id,) in conn.execute(
            "SELECT id FROM fields WHERE type_id = ? ORDER BY position, id", (type_id,)
        ).fetchall()
        if field_id not in {have[label][0] for label in wanted}
    ]
    order = [have[label][0] for label in wanted] + others
    for position, field_id in enumerate(order, 1):
        conn.execute("UPDATE fields SET position = ? WHERE id = ?", (position, field_id))
    kinds = {"counted_by": "integer", "breakdown_by": "choice"}
    for index, key in ((1, "counted_by"), (2, "breakdown_by")):
        label = activity_type.get(key)
        if row[index] is None and label in have and have[label][1] == kinds[key]:
            conn.execute(
                f"UPDATE activity_types SET {key} = ? WHERE id = ?", (have[label][0], type_id)
            )

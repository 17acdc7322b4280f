"""The template: sections → activity types → fields, stored in the database.

Records refer to types and fields by id; labels are for people and may change.
"""

from __future__ import annotations

import json
import re
import unicodedata
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
}


_WHITESPACE = re.compile(r"\s+")


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

    @property
    def count_label(self) -> str:
        return COUNT_LABELS.get(self.count_unit, "次数")

    @property
    def numeric_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.is_numeric)

    def field_by_label(self, label: str) -> Field | None:
        key = name_key(label)
        return next((f for f in self.fields if name_key(f.label) == key), None)


@dataclass(frozen=True)
class Section:
    id: int
    name: str
    position: int
    types: tuple[ActivityType, ...] = ()


@dataclass(frozen=True)
class Template:
    sections: tuple[Section, ...]
    types_by_id: dict[int, ActivityType] = field(default_factory=dict)
    fields_by_id: dict[int, Field] = field(default_factory=dict)

    @property
    def types(self) -> list[ActivityType]:
        return [t for s in self.sections for t in s.types]

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
    fields_by_type: dict[int, list[Field]] = {}
    for row in db.conn.execute(
        "SELECT id, type_id, label, unit, kind, options, required, position "
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
        )
        fields_by_type.setdefault(f.type_id, []).append(f)
    types_by_section: dict[int, list[ActivityType]] = {}
    for row in db.conn.execute(
        "SELECT id, section_id, name, count_unit, position FROM activity_types "
        "ORDER BY position, id"
    ):
        t = ActivityType(*row, fields=tuple(fields_by_type.get(row[0], ())))
        types_by_section.setdefault(t.section_id, []).append(t)
    sections = tuple(
        Section(*row, types=tuple(types_by_section.get(row[0], ())))
        for row in db.conn.execute("SELECT id, name, position FROM sections ORDER BY position, id")
    )
    types_by_id = {t.id: t for s in sections for t in s.types}
    fields_by_id = {f.id: f for t in types_by_id.values() for f in t.fields}
    return Template(sections, types_by_id, fields_by_id)


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


def seed_template(db: sqlite_utils.Database, doc: dict) -> None:
    """Insert a template document; the caller holds the transaction."""
    conn = db.conn
    for s_pos, section in enumerate(doc["sections"], 1):
        section_id = conn.execute(
            "INSERT INTO sections (name, position) VALUES (?, ?)",
            (section["name"].strip(), s_pos),
        ).lastrowid
        for t_pos, activity_type in enumerate(section.get("types", []), 1):
            type_id = conn.execute(
                "INSERT INTO activity_types (section_id, name, count_unit, position) "
                "VALUES (?, ?, ?, ?)",
                (
                    section_id,
                    activity_type["name"].strip(),
                    activity_type.get("count_unit", ""),
                    t_pos,
                ),
            ).lastrowid
            for f_pos, f in enumerate(activity_type.get("fields", []), 1):
                conn.execute(
                    "INSERT INTO fields (type_id, label, unit, kind, options, required, "
                    "position) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        type_id,
                        f["label"].strip(),
                        f.get("unit", ""),
                        f["kind"],
                        json.dumps(f.get("options", []), ensure_ascii=False),
                        int(bool(f.get("required", False))),
                        f_pos,
                    ),
                )


def seed_default_template(db: sqlite_utils.Database) -> None:
    seed_template(db, read_template_file(resource_path("default_template.json")))

"""The history of every record: who changed what, when, and the values before and after.

Written by ``activities`` in the same transaction as the change itself, so the
history can never disagree with the data.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core import ids, messages
from core.template import Template

if TYPE_CHECKING:
    from core.activities import Activity

ACTIONS = ("add", "import", "edit", "delete", "restore", "purge", "conflict", "attach", "detach")
ACTION_NAMES = {
    "add": "新增",
    "import": "导入",
    "edit": "修改",
    "delete": "删除（移到回收站）",
    "restore": "从回收站恢复",
    "purge": "撤销新增",
    "conflict": "交换冲突（保留较新的一方，另一方记录于此）",
    "attach": "添加佐证材料",
    "detach": "移除佐证材料（移到回收站）",
}
# A conflict the clerk decided against the rule (the newer side): what was kept.
CHOSEN_NAMES = {
    "ours": "交换冲突（{unit}选择保留自己的一方，交换包的一方记录于此）",
    "theirs": "交换冲突（{unit}选择保留交换包的一方，自己的一方记录于此）",
}
COMMON_LABELS = {
    "type_id": "活动类型",
    "date": "日期",
    "end_date": "结束日期",
    "title": "活动名称",
    "location": "地点",
    "organizer": "主办单位",
    "partners": "联合单位",
    "audience": "参与对象",
    "handler": "经办人",
    "notes": "备注",
    "deleted": "在回收站",
}


def snapshot(activity: Activity) -> dict:
    """What a record holds, as stored in the history (JSON-ready)."""
    return {
        "type_id": activity.type_id,
        "date": activity.date.isoformat(),
        "end_date": activity.end_date.isoformat() if activity.end_date else None,
        "title": activity.title,
        "location": activity.location,
        "organizer": activity.organizer,
        "partners": activity.partners,
        "audience": activity.audience,
        "handler": activity.handler,
        "notes": activity.notes,
        "values": {str(k): v for k, v in activity.values.items()},
    }


def record(
    conn: sqlite3.Connection,
    entries: list[tuple[str, str, dict | None, dict | None]],
    staff: str,
    at: str,
    unit: str = "",
) -> None:
    """Add ``(activity id, action, before, after)`` entries; the caller holds the transaction.

    Each entry gets an id of its own (``uid``), under which it travels in packages.
    """
    conn.executemany(
        "INSERT INTO activity_history (uid, activity_id, action, at, staff, unit, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (ids.new_hex(), activity_id, action, at, staff, unit, as_json(before), as_json(after))
            for activity_id, action, before, after in entries
        ],
    )


def exported(conn: sqlite3.Connection, activity_id: str) -> list[dict]:
    """A record's history as it travels in a package, oldest first."""
    rows = conn.execute(
        "SELECT uid, action, at, staff, unit, before, after FROM activity_history "
        "WHERE activity_id = ? ORDER BY id",
        (activity_id,),
    )
    keys = ("uid", "action", "at", "staff", "unit", "before", "after")
    return [
        {
            **dict(zip(keys[:5], row[:5], strict=True)),
            "before": _load(row[5]),
            "after": _load(row[6]),
        }
        for row in rows
    ]


def receive(conn: sqlite3.Connection, activity_id: str, entries: Iterable[dict]) -> int:
    """Add the entries of a package not here yet (known by ``uid``); returns how many."""
    added = 0
    for e in entries:
        added += conn.execute(
            "INSERT OR IGNORE INTO activity_history "
            "(uid, activity_id, action, at, staff, unit, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e["uid"],
                activity_id,
                e["action"],
                e["at"],
                e.get("staff", ""),
                e.get("unit", ""),
                as_json(e.get("before")),
                as_json(e.get("after")),
            ),
        ).rowcount
    return added


# One encoder for every entry: json.dumps with options builds a new one per call, which
# an import of 100,000 records pays 100,000 times.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def as_json(value: dict | None) -> str | None:
    """A snapshot as the history stores it."""
    return None if value is None else _ENCODER.encode(value)


@dataclass(frozen=True)
class Entry:
    at: str
    staff: str
    action: str
    before: dict | None
    after: dict | None
    unit: str = ""

    @property
    def action_name(self) -> str:
        chosen = ((self.before or {}).get("change") or {}).get("chosen")
        if self.action == "conflict" and chosen in CHOSEN_NAMES:
            # Said of the unit that chose: the entry travels to the other side too.
            return CHOSEN_NAMES[chosen].format(unit=self.unit or "接收方")
        return ACTION_NAMES.get(self.action, self.action)

    @property
    def time(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at)


def history_of(conn: sqlite3.Connection, activity_id: str) -> list[Entry]:
    """A record's history, oldest first."""
    rows = conn.execute(
        "SELECT at, staff, action, before, after, unit FROM activity_history "
        "WHERE activity_id = ? ORDER BY at, id",
        (activity_id,),
    )
    return [
        Entry(at, staff, action, _load(before), _load(after), unit)
        for at, staff, action, before, after, unit in rows
    ]


def _load(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


def changes(template: Template, entry: Entry) -> list[tuple[str, str, str]]:
    """(label, before, after) of every value the entry changed, in form order; a value that
    reads the same before and after (empty, then empty text) is no change, and nor is one
    equal before and after (12 and 12.0)."""
    before, after = entry.before or {}, entry.after or {}
    rows = []
    for key, label in COMMON_LABELS.items():
        old, new = before.get(key), after.get(key)
        shown = _shown(template, key, old), _shown(template, key, new)
        if old != new and shown[0] != shown[1]:
            rows.append((label, *shown))
    old_values, new_values = before.get("values", {}), after.get("values", {})
    for field_id in sorted({*old_values, *new_values}, key=int):
        old, new = old_values.get(field_id), new_values.get(field_id)
        if old != new and _text(old) != _text(new):
            f = template.fields_by_id.get(int(field_id))
            label = f.label_with_unit if f else _retired(template, "field", int(field_id))
            rows.append((label, _text(old), _text(new)))
    return rows


def _shown(template: Template, key: str, value: object) -> str:
    if key == "type_id" and value is not None:
        known = template.types_by_id.get(int(value))
        return known.name if known else _retired(template, "type", int(value))
    if key == "deleted" and value is not None:
        return "是" if value else "否"
    return _text(value)


def _retired(template: Template, item: str, number: int) -> str:
    """A type or field no longer in the template, by the name it had (in Chinese, as the
    history's other labels are)."""
    name = template.retired.get((item, number))
    if name:
        return messages.text("history_retired_item", "zh", name=name)
    return messages.text("history_retired_unnamed", "zh", number=number)


def _text(value: object) -> str:
    return "" if value is None else str(value)

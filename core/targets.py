"""Annual targets (年度目标) of 汇总 rows, and the progress of the year to date against them.

"全年争取项目立项8个", "力争全年新增高企5家": a target belongs to one row of the 汇总 of a
year — a type's count, one of its figures, a breakdown option's count, or a standing
indicator — named by a stable key of ids (never labels), so a rename keeps it:

- ``count:{type_id}``                       the type's 期数 / 场次 / 项数 …
- ``field:{field_id}``                      one of its figures
- ``option:{type_id}:{field_id}:{option}``  其中：<option> (a breakdown row)
- ``indicator:{indicator_id}``              a standing indicator
"""

from __future__ import annotations

import sqlite_utils

from core.errors import TaizhangError
from core.indicators import record_change
from core.values import parse_number


def count_key(type_id: int) -> str:
    return f"count:{type_id}"


def field_key(field_id: int) -> str:
    return f"field:{field_id}"


def option_key(type_id: int, field_id: int, option: str) -> str:
    return f"option:{type_id}:{field_id}:{option}"


def indicator_key(indicator_id: int) -> str:
    return f"indicator:{indicator_id}"


def parse_target(text: object, label: str, whole: bool = False) -> float | None:
    """A target as typed (8, 500, 1,200.5); empty clears it. A target of 0 means nothing.

    ``whole``: a row that counts (项数, 家数, an integer field): no 7.5 of anything."""
    number = parse_number(text, label=label, places=0 if whole else 2)
    if number is not None and number <= 0:
        raise TaizhangError("target_not_positive", label=label)
    return None if number is None else float(number)


def targets_of_year(db: sqlite_utils.Database, year: int) -> dict[str, float]:
    rows = db.conn.execute("SELECT row_key, value FROM targets WHERE year = ?", (year,))
    return dict(rows.fetchall())


def set_target(
    db: sqlite_utils.Database,
    year: int,
    row_key: str,
    value: float | None,
    *,
    check: bool = False,
    expected: float | None = None,
    refused: str = "undo_figure_changed_elsewhere",
) -> float | None:
    """Set (or clear, with ``None``) a row's target for ``year``; returns the one before.
    ``check``, ``expected``, ``refused``: as for ``indicators.set_value``."""
    from core.activities import _writing  # the one place that turns SQLite errors into ours

    with _writing(db):
        row = db.conn.execute(
            "SELECT value FROM targets WHERE year = ? AND row_key = ?", (year, row_key)
        ).fetchone()
        before = row[0] if row else None
        if check and before != expected:
            raise TaizhangError(refused)
        if value is None:
            db.conn.execute("DELETE FROM targets WHERE year = ? AND row_key = ?", (year, row_key))
        else:
            db.conn.execute(
                "INSERT INTO targets (year, row_key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (year, row_key) DO UPDATE SET value = excluded.value",
                (year, row_key, value),
            )
        if before != value:
            record_change(db, f"target:{year}:{row_key}", before, value)
    return before


def progress(year_to_date: float | None, target: float | None) -> float | None:
    """完成进度 in %, one decimal: the year to date against the year's target."""
    if target is None or not target or year_to_date is None:
        return None
    return round(year_to_date / target * 100, 1)


def counts_whole(template, row_key: str) -> bool:
    """Whether the 汇总 row ``row_key`` counts whole things: a type's count or its
    breakdown, or an integer field (an indicator may hold 0.70 件 per 万人: never)."""
    kind, _, rest = row_key.partition(":")
    if kind in ("count", "option"):
        return True
    if kind == "field":
        field = template.fields_by_id.get(int(rest.partition(":")[0]))
        return field is not None and field.kind == "integer"
    return False

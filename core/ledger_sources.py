"""The ledger over sources: one unit's ledger, or all of them with who reported what.

``compute_ledger`` counts the records; this adds, for the renderers, the units in the
period (when more than one: a 填报单位 column and a 分单位汇总 sheet), each unit's 本期 for
every 汇总 row, and the names of each record's evidence (a 佐证材料 column).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import sqlite_utils

from core.errors import TaizhangError
from core.ledger import Ledger, SectionRecords, compute_ledger
from core.periods import Period
from core.template import Template

NO_UNIT = "（未填单位）"


def units_in_period(db: sqlite_utils.Database, period: Period) -> list[str]:
    """The 填报单位 of the records dated in ``period``, in pinyin order."""
    rows = db.conn.execute(
        "SELECT DISTINCT source_unit FROM activities WHERE deleted = 0 AND date BETWEEN ? AND ? "
        "ORDER BY pinyin_key(source_unit)",
        (period.start.isoformat(), period.end.isoformat()),
    )
    return [unit for (unit,) in rows]


def compute_ledger_over_sources(
    db: sqlite_utils.Database,
    template: Template,
    period: Period,
    *,
    unit: str | None = None,
    made_on: dt.date | None = None,
) -> Ledger:
    """The ledger of ``period`` for every unit, or for ``unit`` only (``export --unit``).

    Raises ``unit_not_found`` when ``unit`` has no record in the period.
    """
    units = units_in_period(db, period)
    if unit is not None and unit not in units:
        raise TaizhangError("unit_not_found", unit=unit, units="、".join(units) or "—")
    ledger = compute_ledger(db, template, period, made_on=made_on, unit=unit)
    show_evidence = _any_evidence(db, period, unit)
    if show_evidence:
        sections = [replace(s, records=_with_evidence(s.records)) for s in ledger.sections]
        ledger = replace(ledger, sections=sections, show_evidence=True)
    if unit is not None:
        return replace(ledger, unit_name=unit)
    if len(units) < 2:
        return ledger
    per_unit = {u: _unit_figures(db, template, period, u, ledger) for u in units}
    return replace(
        ledger,
        units=tuple(u or NO_UNIT for u in units),
        unit_figures={u or NO_UNIT: figures for u, figures in per_unit.items()},
    )


def _unit_figures(
    db: sqlite_utils.Database, template: Template, period: Period, unit: str, whole: Ledger
) -> list:
    """``unit``'s 本期 for each row of the whole ledger, matched row by row.

    A unit's own ledger can lack rows the whole one has: a field taken out of the template
    that only other units' records hold, a breakdown option only they used. Such a row is
    0 for this unit.
    """
    own = compute_ledger(db, template, period, unit=unit, with_records=False)
    current = {_row(f): f.current for f in own.figures}
    return [current.get(_row(f), 0) for f in whole.figures]


def _row(figure) -> tuple:
    return (figure.type_id, figure.field_id, figure.option)


def _any_evidence(db: sqlite_utils.Database, period: Period, unit: str | None) -> bool:
    """Whether any record of the period (of ``unit``) has evidence: a 佐证材料 column."""
    source = "" if unit is None else " AND a.source_unit = ?"
    row = db.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM activities a JOIN attachments f ON f.activity_id = a.id "
        f"WHERE a.deleted = 0 AND f.deleted = 0 AND a.date BETWEEN ? AND ?{source})",
        (period.start.isoformat(), period.end.isoformat(), *([] if unit is None else [unit])),
    ).fetchone()
    return bool(row[0])


def _with_evidence(records):
    if isinstance(records, SectionRecords):
        return records.with_evidence()
    return records  # records given as a list already carry their evidence


def evidence_text(names: tuple[str, ...]) -> str:
    """The 佐证材料 cell: how many, then the names (签到表.pdf、现场.jpg)."""
    return f"{len(names)}个：{'、'.join(names)}" if names else ""

"""Exporting a period's ledger, as ``main.py export`` and the export dialog both do it:
computed over the sources (all units, or one), rendered to .xlsx, and on request its
evidence zip beside it (``--with-evidence``, the dialog's 同时导出佐证材料).

All of it happens inside one read snapshot (``db.reading``): the section sheets stream
their records from the database (bounded memory) and walk them more than once (widths,
then rows, then the evidence), so every walk, the 合计 row and the warnings must see the
file as it was at one moment, even while a colleague's window saves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from core import db as database
from core import export_log, outputs
from core.periods import Period
from core.template import Template


@dataclass(frozen=True)
class LedgerExport:
    path: Path
    records: int
    warnings: list[str]  # what the workbook cannot show exactly as stored
    evidence: Path | None = None  # the zip, when asked for
    evidence_files: int = 0
    earlier: export_log.LastExport | None = None  # the period's export before this one
    logged: bool = False  # whether this one is in the log of exports (best effort)


def export_ledger_file(
    db: sqlite_utils.Database,
    template: Template,
    period: Period,
    target: str | Path,
    *,
    unit: str | None = None,
    with_evidence: bool = False,
    protected: Iterable[Path] = (),
    made_on: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LedgerExport:
    """Write the ledger of ``period`` to ``target`` (a file, or a folder: then under the
    standard name) and, with ``with_evidence``, ``<workbook>-佐证材料.zip`` beside it.

    The export is then logged (``export_log``), if the file can be written to; what
    changed since the period's export before is in ``earlier``.

    ``protected``: the open database, never written over. Raises ``unit_not_found``,
    ``ledger_changed`` and the errors of ``export_ledger`` and ``export_evidence``.
    """
    # openpyxl loads only when exporting: the window and the CLI start faster
    from core.evidence_export import export_evidence
    from core.ledger_sources import compute_ledger_over_sources
    from core.xlsx import export_ledger

    target = Path(target)
    outputs.refuse_database_target(target, protected=list(protected))
    with database.reading(db):
        earlier = export_log.last_export(db, period, unit)
        mark = export_log.history_mark(db)
        seen_at = export_log.now()  # the time of what it read: later changes are after it
        data = compute_ledger_over_sources(
            db, template, period, unit=unit, made_on=made_on or dt.date.today()
        )
        if target.is_dir():
            target = target / data.file_name
        warnings: list[str] = []  # gathered on the way: one walk over the records less
        written = export_ledger(data, target, progress, warnings)
        evidence, files = (None, 0)
        if with_evidence:
            evidence, files = export_evidence(db, data, written, warnings)
    logged = export_log.record_export(
        db, period, unit, written, data.record_count, mark, at=seen_at
    )
    return LedgerExport(
        written, data.record_count, warnings, evidence, files, earlier=earlier, logged=logged
    )

"""Export a period's ledger: the one way the command line and the window write a 台账.

The ledger is computed and written inside one read snapshot (``db.reading``), so the
workbook shows the file as it was at one moment even while a colleague's window saves:
its section sheets stream their records from the database twice (widths, then rows),
and both walks see the same records, as do the 合计 row and the warnings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from core import db as database
from core.ledger_sources import compute_ledger_over_sources
from core.periods import Period
from core.template import Template


@dataclass(frozen=True)
class LedgerExport:
    path: Path  # the workbook written
    records: int
    warnings: list[str]  # what the workbook cannot show exactly as stored
    evidence: Path | None = None  # the 佐证材料 zip, when asked for
    evidence_files: int = 0


def export_period(
    db: sqlite_utils.Database,
    template: Template,
    period: Period,
    target: str | Path,
    *,
    unit: str | None = None,
    with_evidence: bool = False,
    made_on: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LedgerExport:
    """Write the ledger of ``period`` (of ``unit``, or of every unit) to ``target``: a
    file, or a folder to put it in under its usual name. Raises ``TaizhangError``."""
    from core.export_xlsx import export_ledger  # openpyxl only now

    with database.reading(db):
        ledger = compute_ledger_over_sources(db, template, period, unit=unit, made_on=made_on)
        target = Path(target)
        if target.is_dir():
            target = target / ledger.file_name
        warnings: list[str] = []
        written = export_ledger(ledger, target, progress, warnings)
        if not with_evidence:
            return LedgerExport(written, ledger.record_count, warnings)
        from core.evidence_export import export_evidence

        archive, files = export_evidence(db, ledger, written)
        return LedgerExport(written, ledger.record_count, warnings, archive, files)

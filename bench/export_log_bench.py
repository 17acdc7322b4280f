"""What the export dialog pays to say what changed since a period's last export
(core/export_log.last_export, read on the worker since the follow-ups), and what it still
pays on the GUI thread at each change of period (the units of the period), at 1k, 10k and
100k records.

Worst case: the quarter was exported before any record was entered, so every record's
history counts (an import of the whole year after the export). Usual case: a late
correction of 100 records after the export.

TAIZHANG_DATA_DIR=$(mktemp -d) python -m bench.export_log_bench [--counts 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from bench.generate import make_database
from core import activities, export_log
from core.ledger_sources import units_in_period
from core.periods import parse_period


def _median_ms(call, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counts", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    q1 = parse_period("2026Q1")
    folder = Path(tempfile.mkdtemp())
    for count in args.counts:
        db, template = make_database(
            folder / f"{count}.db", count, dt.date(2025, 1, 1), dt.date(2026, 12, 31)
        )
        export_log.record_export(db, q1, None, "before.xlsx", 0, mark=0)
        worst = _median_ms(lambda db=db: export_log.last_export(db, q1, None))
        changed = export_log.last_export(db, q1, None).changed
        export_log.record_export(db, q1, None, "after.xlsx", 0, export_log.history_mark(db))
        in_q1 = db.conn.execute(
            "SELECT id FROM activities WHERE date BETWEEN '2026-01-01' AND '2026-03-31' LIMIT 100"
        ).fetchall()
        activities.delete_activities(db, [r[0] for r in in_q1])
        usual = _median_ms(lambda db=db: export_log.last_export(db, q1, None))
        assert export_log.last_export(db, q1, None).changed == len(in_q1)
        others = _median_ms(lambda db=db: export_log.others_since(db, q1, "2000-01-01T00:00:00"))
        units = _median_ms(lambda db=db: units_in_period(db, q1))
        print(
            f"{count:>7} records: all changed since ({changed} in Q1) {worst:7.1f} ms; "
            f"{len(in_q1)} deleted since {usual:5.1f} ms (worker); template, indicators, "
            f"targets {others:5.1f} ms; units of Q1 {units:5.1f} ms (GUI thread)"
        )
        db.close()


if __name__ == "__main__":
    main()

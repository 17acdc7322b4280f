"""Benchmarks of the core at 1k, 10k and 100k records (run by hand: `make bench`).

Data: N activities spread over 2025-01-01..2026-12-31 (so every period has a
previous year to compare with). Reported: insert rate, the first page of a
quarter, text searches, the ledger of a quarter and of a year, the .xlsx
export of a quarter, and an import plan. Two more cases match the targets:
a quarter holding 10,000 records exported, and a year holding 100,000 records
summed into a ledger. Medians of several runs. Then ``bench/floors.py``: an import of
100,000 CSV rows and the export of a quarter of 125,000 records, each in a process of
its own, with its time and peak memory as ratios to a floor measured in the same run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench import floors
from bench.generate import make_database
from core import activities as A
from core.importer import plan_import
from core.ledger import compute_ledger
from core.periods import parse_period
from core.xlsx import export_ledger


def timed(fn, repeat: int = 5) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_size(count: int, folder: Path) -> dict[str, float]:
    start = time.perf_counter()
    db, template = make_database(
        folder / f"bench-{count}.db", count, dt.date(2025, 1, 1), dt.date(2026, 12, 31)
    )
    insert_s = time.perf_counter() - start
    q2, year = parse_period("2026Q2"), parse_period("2026")
    quarter_query = A.ActivityQuery(start=q2.start, end=q2.end)
    results = {
        "records": count,
        "insert (records/s)": count / insert_s,
        "quarter, first page of 200 (ms)": timed(lambda: A.query_activities(db, quarter_query)),
        "search 1 char 科 (ms)": timed(lambda: A.query_activities(db, A.ActivityQuery(text="科"))),
        "search 2 chars 青山 (ms)": timed(
            lambda: A.query_activities(db, A.ActivityQuery(text="青山"))
        ),
        "search, no match (ms)": timed(
            lambda: A.query_activities(db, A.ActivityQuery(text="无此词"))
        ),
        "ledger figures, year (ms)": timed(
            lambda: compute_ledger(db, template, year, with_records=False)
        ),
        "ledger with records, quarter (ms)": timed(lambda: compute_ledger(db, template, q2)),
    }
    ledger = compute_ledger(db, template, q2)
    target = folder / "quarter.xlsx"
    results["quarter records"] = ledger.record_count
    results["export quarter .xlsx (ms)"] = timed(lambda: export_ledger(ledger, target), repeat=3)
    csv_path = folder / "import.csv"
    _write_import_csv(db, template, csv_path, limit=min(count, 10_000))
    results["plan import of ≤10k-row CSV (ms)"] = timed(
        lambda: plan_import(csv_path, template), repeat=3
    )
    db.close()
    return results


def _write_import_csv(db, template, path: Path, limit: int) -> None:
    rows = list(A.iter_activities(db, A.ActivityQuery(limit=1000)))[:limit]
    labels = sorted({f.label for t in template.types for f in t.fields})
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["日期", "活动类型", "活动名称", "地点", "备注", *labels])
        for a in rows:
            by_label = {template.fields_by_id[k].label: v for k, v in a.values.items()}
            t = template.type(a.type_id).name
            writer.writerow(
                [a.date.isoformat(), t, a.title, a.location, a.notes]
                + [by_label.get(label, "") for label in labels]
            )


def bench_targets(folder: Path) -> dict[str, float]:
    q1 = parse_period("2026Q1")
    db, template = make_database(folder / "q10k.db", 10_000, q1.start, q1.end, seed=2)
    ledger = compute_ledger(db, template, q1)
    target = folder / "q10k.xlsx"
    targets = {
        "export: quarter with 10,000 records, ledger + .xlsx (ms)": timed(
            lambda: export_ledger(compute_ledger(db, template, q1), target), repeat=3
        ),
        "  of which .xlsx writing (ms)": timed(lambda: export_ledger(ledger, target), repeat=3),
    }
    db.close()
    year = parse_period("2026")
    db, template = make_database(folder / "y100k.db", 100_000, year.start, year.end, seed=3)
    targets["ledger figures: year with 100,000 records (ms)"] = timed(
        lambda: compute_ledger(db, template, year, with_records=False)
    )
    targets["ledger with all 100,000 records listed (ms)"] = timed(
        lambda: compute_ledger(db, template, year), repeat=3
    )
    db.close()
    return targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["TAIZHANG_DATA_DIR"] = str(folder / "data")  # no backup in the real one
        table = [bench_size(int(n), folder) for n in args.sizes.split(",")]
        keys = list(table[0])
        width = max(len(k) for k in keys)
        print(f"{'':{width}}  " + "  ".join(f"{r['records']:>10,}" for r in table))
        for key in keys[1:]:
            print(f"{key:{width}}  " + "  ".join(f"{r[key]:>10,.1f}" for r in table))
        print()
        for key, value in bench_targets(folder).items():
            print(f"{key}: {value:,.0f}")
        print()
        floors.report(floors.measure(folder, floors.IMPORT_ROWS, floors.EXPORT_RECORDS, repeat=3))


if __name__ == "__main__":
    main()

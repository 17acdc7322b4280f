"""What the list's 按单位 and 佐证 cost at 100,000 records (run by hand).

python -m bench.sources_bench [--count 100000] [--units 20]

The records are spread over ``--units`` 填报单位 and every 50th has two attachment rows.
Measured (median of several runs, milliseconds): the tree's unit counts for all records
and for a quarter (``gui.section_tree.unit_counts``, on the worker at each refresh); the
first page of the list with and without its evidence counts (one query per page); and
the list sorted by 填报单位 (pinyin, the whole order worked out once).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _median_ms(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    os.environ["TAIZHANG_DATA_DIR"] = str(folder / "data")

    from core import activities, settings
    from core.activities import ActivityQuery
    from core.bureau_file import open_bureau
    from core.sample_data import generate_activities
    from core.template import load_template

    db = open_bureau(folder / "bench.db", create=True)
    settings.set_settings(db, **{settings.UNIT: "某某县科技局", settings.STAFF: "张三"})
    template = load_template(db)
    units = [f"第{n:02d}镇" for n in range(args.units)]
    generated = generate_activities(
        template, args.count, dt.date(2025, 1, 1), dt.date(2026, 12, 31), 1
    )
    records = [replace(a, source_unit=units[i % len(units)]) for i, a in enumerate(generated)]
    stored = activities.add_activities(db, records)
    with activities.writing(db):
        rows = []
        for i, a in enumerate(stored[::50]):
            for k in range(2):
                sha = hashlib.sha256(f"{i}-{k}".encode()).hexdigest()
                rows.append((a.id, sha, f"照片{k}.jpg", 1000, a.created_at, a.created_at))
        db.conn.executemany(
            "INSERT INTO attachments (activity_id, sha256, name, size, added_at, changed_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.close()

    from PySide6.QtWidgets import QApplication

    from gui.activity_model import ActivityModel
    from gui.section_tree import unit_counts
    from gui.session import Session

    QApplication([])
    session = Session(folder / "bench.db")
    reader = session.reader
    everything = ActivityQuery()
    quarter = ActivityQuery(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))
    model = ActivityModel(session)
    with_counts = _median_ms(lambda: model.set_query(everything))
    counting = model._count_evidence
    model._count_evidence = lambda rows: None
    without_counts = _median_ms(lambda: model.set_query(everything))
    model._count_evidence = counting
    by_unit = replace(everything, order_by="source_unit", descending=False)
    all_units = _median_ms(lambda: unit_counts(reader, everything, template))
    quarter_units = _median_ms(lambda: unit_counts(reader, quarter, template))
    year = replace(quarter, end=dt.date(2026, 12, 31))
    year_units = _median_ms(lambda: unit_counts(reader, year, template))
    sorted_by_unit = _median_ms(lambda: model.set_query(by_unit), 3)
    print(f"{args.count:,} records, {args.units} units, {len(rows):,} attachment rows")
    print(f"unit counts: all records {all_units:.1f} ms, a quarter {quarter_units:.1f} ms, "
          f"a year {year_units:.1f} ms")  # fmt: skip
    print(f"first page with 佐证 counts {with_counts:.1f} ms (without: {without_counts:.1f} ms)")
    print(f"sorted by 填报单位: {sorted_by_unit:.1f} ms")
    session.close()


if __name__ == "__main__":
    main()

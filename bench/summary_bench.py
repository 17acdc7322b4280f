"""The 汇总 on screen at 1k, 10k and 100k records (run by hand: `make bench`).

Issue 11: the 汇总 view refreshes in ≤ 100 ms at 100,000 records. Data: N records over
2025-01-01..2026-12-31 (bench/generate.py), and a year holding 100,000 records (the
case bench/run_bench.py reports as "ledger figures: year with 100,000 records").

Core (the job the view runs on the worker: the period's ledger figures and the four
quarters of this year and last for the charts):
- without the cache: ``compute_ledger`` as the workbook does it, and the charts' quarters;
- first compute: a connection whose month totals are not read yet;
- refresh after one record edit: the edit (marked and reported as the window's operations
  do), then the job; the edit itself is not counted;
- period switch: another period, the months already read.
Window (offscreen, in this process): from the request to the 汇总's table shown and
painted: opening it, after one record edited through the window's operations (the list's
own refresh runs on the same worker first), and after a period switch; then the 汇总's own
part alone (the list's jobs done before it is asked). Medians.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent

PERIODS = ("2026Q1", "2026Q3", "2026", "2026-05", "2026H1", "2026-01-15..2026-06-30")


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def summary_job(db, template, period):
    """What ``SummaryDialog.refresh`` runs on the worker."""
    from core.ledger import compute_ledger
    from core.quarter_figures import quarter_figures

    ledger = compute_ledger(db, template, period, with_records=False)
    return ledger, quarter_figures(db, template, period.end.year)


def edited(activity):
    """The record with one of its figures changed, or moved by a day when it has none."""
    numeric = [k for k, v in activity.values.items() if isinstance(v, int | float)]
    if numeric:
        values = dict(activity.values)
        values[numeric[0]] = values[numeric[0]] + 1
        return replace(activity, values=values)
    day = activity.date + dt.timedelta(days=1 if activity.date.day < 28 else -1)
    return replace(activity, date=day)


def bench_core(db, template, runs: int) -> dict[str, float]:
    from core import activities as A
    from core import figure_cache
    from core.ledger import compute_ledger
    from core.periods import parse_period
    from core.quarter_figures import quarter_figures

    q2 = parse_period("2026Q2")
    results: dict[str, float] = {}
    figure_cache.detach(db)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        compute_ledger(db, template, q2, with_records=False)
        times.append(time.perf_counter() - start)
    results["no cache: ledger figures of 2026Q2 (ms)"] = median_ms(times)
    start = time.perf_counter()
    quarter_figures(db, template, 2026)
    results["no cache: the charts' 8 quarters (ms)"] = (time.perf_counter() - start) * 1000

    times = []
    for _ in range(runs):
        figure_cache.detach(db)
        figure_cache.attach(db)
        start = time.perf_counter()
        summary_job(db, template, q2)
        times.append(time.perf_counter() - start)
    results["first compute, 2026Q2 + charts (ms)"] = median_ms(times)

    records = A.query_activities(
        db, A.ActivityQuery(start=q2.start, end=q2.end, limit=runs)
    ).activities
    times = []
    for activity in records:
        mark = figure_cache.before_write(db, (activity.id,))
        A.update_activity(db, activity.id, edited(activity))
        figure_cache.after_write(db, mark, (activity.id,), True)
        start = time.perf_counter()
        summary_job(db, template, q2)
        times.append(time.perf_counter() - start)
    results["refresh after one record edit (ms)"] = median_ms(times)

    times = []
    for code in PERIODS:
        start = time.perf_counter()
        summary_job(db, template, parse_period(code))
        times.append(time.perf_counter() - start)
    results["period switch (ms)"] = median_ms(times)
    cache = figure_cache.attached(db)
    results["cache: day totals kept (entries)"] = sum(len(d) for d in cache.days.values())
    figure_cache.detach(db)
    return results


def wait_for_events() -> None:
    """Sleep until the next event (a busy loop here would hold the GIL the worker needs)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def bench_window(app, db_path: Path, runs: int) -> dict[str, float]:

    from core import activities as A
    from core.periods import parse_period
    from gui.app import open_window
    from gui.operations import OpChanges

    window = open_window(db_path)
    window.resize(1280, 760)
    window.show()
    window.period_bar.set_period(parse_period("2026Q2"), emit=True)
    window.worker.wait()
    app.processEvents()
    resets: list[float] = []

    def until_reset(action) -> float:
        seen = len(resets)
        start = time.perf_counter()
        action()
        while len(resets) == seen:
            wait_for_events()
        holder["dialog"].table.viewport().repaint()  # and painted
        return time.perf_counter() - start

    results: dict[str, float] = {}
    holder = {}

    def open_summary():
        holder["dialog"] = window.show_summary()
        holder["dialog"].model.modelReset.connect(lambda: resets.append(time.perf_counter()))

    # The first reset is connected inside open_summary, before the job can land.
    start = time.perf_counter()
    open_summary()
    while not resets:
        wait_for_events()
    holder["dialog"].table.viewport().repaint()
    results["window: open the 汇总 (ms)"] = (time.perf_counter() - start) * 1000
    window.worker.wait()
    app.processEvents()

    q2 = parse_period("2026Q2")
    reader = window.session.reader
    records = A.query_activities(
        reader, A.ActivityQuery(start=q2.start, end=q2.end, limit=runs)
    ).activities
    times = []
    for activity in records:
        times.append(until_reset(lambda a=activity: window.ops.update(a.id, edited(a))))
        window.worker.wait()
        app.processEvents()
    results["window: one record edited → 汇总 shown again (ms)"] = median_ms(times)
    times = []
    for code in PERIODS:
        period = parse_period(code)
        times.append(until_reset(lambda p=period: window.period_bar.set_period(p, emit=True)))
        window.worker.wait()
        app.processEvents()
    results["window: period switch → 汇总 shown (ms)"] = median_ms(times)

    # The 汇总's own part: the same, with the list's jobs (its reload, the status bar's
    # counts and sums, queued first on the same worker) done before the 汇总 is asked.
    dialog = holder["dialog"]
    window.period_bar.set_period(q2, emit=True)
    window.worker.wait()
    app.processEvents()
    window.ops.changed.disconnect(dialog._changed)
    times = []
    for activity in records:
        window.ops.update(activity.id, edited(A.get_activity(reader, activity.id)))
        window.worker.wait()
        app.processEvents()
        times.append(until_reset(lambda: dialog._changed(OpChanges(activities=True))))
    results["汇总 alone: refresh after one record edit (ms)"] = median_ms(times)
    window.period_bar.changed.disconnect(dialog._period_changed)
    times = []
    for code in PERIODS:
        period = parse_period(code)
        window.period_bar.set_period(period, emit=True)
        window.worker.wait()
        app.processEvents()
        times.append(until_reset(lambda p=period: dialog._period_changed(p)))
    results["汇总 alone: period switch (ms)"] = median_ms(times)
    window.close()
    while not window.quitting.finished:
        app.processEvents()
        time.sleep(0.005)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-window", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["TAIZHANG_DATA_DIR"] = str(folder / "data")  # backups stay in here
        from bench.generate import make_database

        app = None
        if not args.no_window:
            from gui.app import create_application

            app = create_application()
        cases = [(int(n), dt.date(2025, 1, 1)) for n in args.sizes.split(",")]
        cases.append((100_000, dt.date(2026, 1, 1)))  # a year holding 100,000 records
        columns = []
        for count, first in cases:
            path = folder / f"summary-{count}-{first.year}.db"
            db, template = make_database(path, count, first, dt.date(2026, 12, 31))
            results = bench_core(db, template, args.runs)
            db.close()
            if app is not None:
                results.update(bench_window(app, path, args.runs))
            label = f"{count:,}" if first.year == 2025 else f"{count:,} in 2026"
            columns.append((label, results))
        keys = list(columns[0][1])
        width = max(len(k) for k in keys)
        print(f"{'records':{width}}  " + "  ".join(f"{label:>14}" for label, _ in columns))
        for key in keys:
            cells = "  ".join(f"{r[key]:>14,.1f}" for _, r in columns)
            print(f"{key:{width}}  {cells}")


if __name__ == "__main__":
    main()

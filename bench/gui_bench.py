"""Window benchmarks with 100,000 records (run by hand: `make bench-gui`).

Measures: start to the window painted (a fresh process, median of several),
a search and a period filter (table refreshed), saving one record (from the
request to the change committed and announced), and scrolling the table from
top to bottom page by page (the slowest step shows any stall).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent


def child_start(db: str) -> None:
    """In a fresh process: open the window, quit at its first table paint."""
    from PySide6.QtCore import QEvent, QObject

    from gui.app import create_application, open_window

    app = create_application()
    window = open_window(Path(db))

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                print(f"painted-at {time.time():.6f}", flush=True)
                app.quit()
            return False

    watcher = FirstPaint()
    window.table.viewport().installEventFilter(watcher)
    window.resize(1280, 760)
    window.show()
    app.exec()
    window.worker.wait()


def time_start(db: Path, runs: int) -> tuple[float, float]:
    """From launching the process to the table's first paint (quitting is not counted:
    it waits for the quit backup, a copy of the whole file)."""
    times = []
    for _ in range(runs):
        start = time.time()
        done = subprocess.run(
            [sys.executable, __file__, "--child-start", str(db)],
            check=True, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        painted = float(done.stdout.split("painted-at ")[1].split()[0])
        times.append((painted - start) * 1000)
    return statistics.median(times), min(times)


def in_process(db: Path) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from core.activities import validate_activity
    from core.periods import Period
    from gui.app import create_application, open_window

    app = create_application()
    window = open_window(db)
    window.resize(1280, 760)
    window.show()
    window.period_bar.set_period(None, emit=True)
    window.worker.wait()
    app.processEvents()
    results: dict[str, float] = {}

    def timed(fn, repeat=5):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            app.processEvents()
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    for text in ("科", "青山", "县科技馆", "没有这样的词"):

        def search(text=text):
            window.search_edit.blockSignals(True)
            window.search_edit.setText(text)
            window.search_edit.blockSignals(False)
            window.refresh()

        results[f"search “{text}”, table refreshed (ms)"] = timed(search)
        window.worker.wait()
    window.search_edit.setText("")
    results["period filter, a quarter (ms)"] = timed(
        lambda: window.period_bar.set_period(Period("quarter", 2026, 2), emit=True)
    )
    results["period filter, all records (ms)"] = timed(
        lambda: window.period_bar.set_period(None, emit=True)
    )
    window.worker.wait()

    template = window.session.template
    lecture = template.type_by_name("科普讲座")
    saves = []
    for n in range(10):
        activity = validate_activity(
            template, {"type_id": lecture.id, "date": "2026-06-01", "title": f"测速 {n}"}
        )
        done = []
        start = time.perf_counter()
        window.ops.add([activity], on_done=lambda _r, done=done: done.append(time.perf_counter()))
        while not done:
            QApplication.processEvents()
        saves.append((done[0] - start) * 1000)
        window.worker.wait()
        app.processEvents()
    results["save one record, request → committed (ms)"] = statistics.median(saves)

    window.period_bar.set_period(None, emit=True)
    window.worker.wait()
    app.processEvents()
    model, steps = window.model, []
    scroll = window.table.verticalScrollBar()
    start = time.perf_counter()
    while True:
        step = time.perf_counter()
        scroll.setValue(scroll.maximum())
        app.processEvents()
        steps.append((time.perf_counter() - step) * 1000)
        if not model.canFetchMore():
            break
    results["scroll top → bottom, total (s)"] = time.perf_counter() - start
    results["scroll, rows loaded"] = model.rowCount()
    results["scroll, slowest step (ms)"] = max(steps)
    results["scroll, median step (ms)"] = statistics.median(steps)
    results.update(time_close(app, window))
    return results


def time_close(app, window) -> dict[str, float]:
    """Closing: until the window is hidden, and until its quit backup is done and the
    file closed (when the program may end)."""
    start = time.perf_counter()
    window.close()
    app.processEvents()
    hidden = time.perf_counter() - start if not window.isVisible() else float("nan")
    while not window.quitting.finished:
        app.processEvents()
        time.sleep(0.005)
    return {
        "close: window hidden after (s)": hidden,
        "close: quit backup done, file closed after (s)": time.perf_counter() - start,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child-start")
    parser.add_argument(
        "--close-count", type=int, default=1_000_000, help="records for the closing case"
    )
    args = parser.parse_args()
    if args.child_start:
        child_start(args.child_start)
        return
    sys.path.insert(0, str(ROOT))
    from bench.generate import make_database

    with tempfile.TemporaryDirectory() as tmp:
        # Backups (daily, quit) go to the temporary folder, never the real data folder;
        # the child processes inherit it.
        os.environ["TAIZHANG_DATA_DIR"] = str(Path(tmp) / "data")
        db_path = Path(tmp) / "bench.db"
        db, _ = make_database(db_path, args.count, dt.date(2025, 1, 1), dt.date(2026, 12, 31))
        db.close()
        median, best = time_start(db_path, args.runs)
        print(f"start → window painted, {args.count:,} records: median {median:.0f} ms, "
              f"best {best:.0f} ms ({args.runs} runs)")  # fmt: skip
        for key, value in in_process(db_path).items():
            print(f"{key}: {value:,.3f}" if "(s)" in key else f"{key}: {value:,.1f}")
        if args.close_count:
            print(close_at(Path(tmp) / "close.db", args.close_count))


def close_at(db_path: Path, count: int) -> str:
    """Closing the window on a file of ``count`` records (1,000,000 by default)."""
    from bench.generate import make_database
    from gui.app import create_application, open_window

    db, _ = make_database(db_path, count, dt.date(2020, 1, 1), dt.date(2026, 12, 31))
    db.close()
    app = create_application()
    window = open_window(db_path)
    window.resize(1280, 760)
    window.show()
    window.worker.wait()
    app.processEvents()
    times = time_close(app, window)
    return "; ".join(f"{key} at {count:,} records: {value:.3f}" for key, value in times.items())


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()

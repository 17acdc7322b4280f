"""Start to window shown: the bundle (dist/Taizhang) against the source run, same machine.

    .venv/bin/python build/measure_start.py [--runs 7] [--records 1000] [--platform xcb]

Each run is a fresh process, timed from launch to exit, alternating bundle and source:
  window   --screenshot: the main window opened on a database of --records records,
           shown with its summaries in, painted into a PNG, then the process exits
  nothing  --version: the interpreter and the argument parser only, no Qt
The program has no timing code: only whole processes are timed. One untimed run of each
comes first, so both start with the files in the page cache. With --platform xcb the
window is a real X11 window (set DISPLAY, e.g. to an Xvfb server).
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUNDLE = ROOT / "dist" / "Taizhang" / ("Taizhang.exe" if sys.platform == "win32" else "Taizhang")


def make_database(path: Path, records: int) -> None:
    from core import settings
    from core.activities import add_activities
    from core.bureau_file import open_bureau
    from core.sample_data import generate_activities
    from core.template import load_template

    db = open_bureau(path, create=True)
    settings.set_settings(db, **{settings.UNIT: "某某县科学技术局", settings.STAFF: "张三"})
    today = dt.date.today()
    add_activities(
        db, generate_activities(load_template(db), records, today.replace(month=1, day=1), today)
    )
    db.close()


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--platform", default="offscreen")
    args = parser.parse_args()
    if not BUNDLE.exists():
        sys.exit(f"{BUNDLE} is missing: run `make package` first")
    with tempfile.TemporaryDirectory(prefix="taizhang-start-") as folder:
        folder = Path(folder)
        db = folder / "taizhang.db"
        make_database(db, args.records)
        env = {
            **os.environ,
            "HOME": str(folder),  # Qt's settings go here, not into the user's
            "TAIZHANG_DATA_DIR": str(folder / "data"),
            "QT_QPA_PLATFORM": args.platform,
        }
        png = str(folder / "window.png")
        runs = {
            ("window", "bundle"): [str(BUNDLE), "--db", str(db), "--screenshot", png],
            ("window", "source"): [sys.executable, "main.py", "--db", str(db), "--screenshot", png],
            ("nothing", "bundle"): [str(BUNDLE), "--version"],
            ("nothing", "source"): [sys.executable, "main.py", "--version"],
        }
        times: dict[tuple[str, str], list[float]] = {key: [] for key in runs}
        for command in runs.values():
            timed(command, env)  # untimed: fills the page cache
        for _ in range(args.runs):
            for key, command in runs.items():
                times[key].append(timed(command, env))
    print(
        f"{args.runs} runs each, {args.records} records, QT_QPA_PLATFORM={args.platform}, "
        f"{os.cpu_count()} cores"
    )
    print(f"{'':22} {'median':>8} {'min':>8} {'max':>8}   (ms, launch to exit)")
    for (what, how), values in times.items():
        print(
            f"{what + ' · ' + how:22} {statistics.median(values):8.0f} "
            f"{min(values):8.0f} {max(values):8.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

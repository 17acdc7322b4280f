"""Exchange packages: 10,000 records with 500 attachments of 1 MB, exported and imported.

Run by hand: ``python -m bench.exchange_bench`` (or ``make bench``). Each step runs in a
process of its own that reports its wall time and its own peak memory (``ru_maxrss``), so
the figures do not mix. The floor is copying the same bytes (the database file and the
attachment store) with ``shutil``: time and peak memory are given as ratios to it.
Everything goes to a temporary folder (TAIZHANG_DATA_DIR there too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def setup(folder: Path, records: int, files: int, size: int) -> None:
    from bench.generate import make_database
    from core import activities, attachments
    from core.bureau_file import open_bureau

    db, template = make_database(
        folder / "sender.db", records, dt.date(2025, 1, 1), dt.date(2026, 12, 31)
    )
    ids = [a.id for a in activities.iter_activities(db, activities.ActivityQuery(limit=1000))]
    scratch = folder / "scratch.bin"
    for n in range(files):
        scratch.write_bytes(os.urandom(size))
        attachments.attach_files(db, ids[n * len(ids) // files], [scratch])
    scratch.unlink(missing_ok=True)  # none made when --files 0
    db.close()
    open_bureau(folder / "receiver.db", create=True).close()  # a fresh township's file


def step_copy(folder: Path) -> None:
    target = folder / "copy"
    target.mkdir()
    shutil.copyfile(folder / "sender.db", target / "sender.db")
    shutil.copytree(folder / "sender.attachments", target / "sender.attachments")


def step_export(folder: Path) -> None:
    from core import exchange
    from core.bureau_file import open_bureau

    db = open_bureau(folder / "sender.db")
    exchange.export_package(db, folder / "package.tzpkg", everything=True)
    db.close()


def step_import(folder: Path) -> None:
    from core import exchange
    from core.bureau_file import open_bureau

    db = open_bureau(folder / "receiver.db")
    package = exchange.read_package(folder / "package.tzpkg")
    exchange.import_package(db, package, folder / "receiver.db")
    db.close()


STEPS = {"copy": step_copy, "export": step_export, "import": step_import}


def _child(step: str, folder: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.exchange_bench", "--step", step, "--folder", str(folder)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TAIZHANG_DATA_DIR": str(folder / "data")},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--size", type=int, default=1024 * 1024)
    parser.add_argument("--step", choices=sorted(STEPS))
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.step:  # one measured step, in its own process
        start = time.perf_counter()
        STEPS[args.step](args.folder)
        print(json.dumps({"seconds": time.perf_counter() - start, "peak_mib": _peak_mib()}))
        return
    with tempfile.TemporaryDirectory(prefix="taizhang-exchange-bench-") as tmp:
        folder = Path(tmp)
        os.environ["TAIZHANG_DATA_DIR"] = str(folder / "data")
        setup(folder, args.records, args.files, args.size)
        copy = _child("copy", folder)
        export = _child("export", folder)
        imported = _child("import", folder)
        package_mib = (folder / "package.tzpkg").stat().st_size / 1024 / 1024
        print(f"{args.records} records, {args.files} attachments of {args.size // 1024} KiB; "
              f"package {package_mib:.0f} MiB")  # fmt: skip
        print(f"{'step':<8}{'seconds':>10}{'peak MiB':>10}{'time ×copy':>12}{'memory ×copy':>14}")
        for name, result in (("copy", copy), ("export", export), ("import", imported)):
            print(
                f"{name:<8}{result['seconds']:>10.2f}{result['peak_mib']:>10.0f}"
                f"{result['seconds'] / copy['seconds']:>12.1f}"
                f"{result['peak_mib'] / copy['peak_mib']:>14.1f}"
            )


if __name__ == "__main__":
    main()

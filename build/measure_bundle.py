"""What each rule of build/bundle_rules.py saves: the bundle rebuilt with one rule off.

    .venv/bin/python build/measure_bundle.py [RULE ...]

About a minute per build (PyInstaller, then the zip); builds go to .build-work/measure/.
Prints the size unpacked and zipped with every rule on, with each rule off in turn, and
with none of them (PyInstaller's defaults). Rules: the keys of EXCLUDED_MODULES, "strip",
"qt-plugins", "qt-translations" and "libraries" (see TAIZHANG_BUNDLE_KEEP).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bundle_rules as rules  # noqa: E402
import package  # noqa: E402

RULES = ["strip", "qt-plugins", "qt-translations", "libraries", *rules.EXCLUDED_MODULES]
MEASURE = package.WORK / "measure"
MB = 1_000_000


def measure(keep: list[str]) -> tuple[int, int]:
    """(bytes unpacked, bytes zipped) of the bundle built with the ``keep`` rules off."""
    folder = MEASURE / ("-".join(keep) or "shipped")
    shutil.rmtree(folder, ignore_errors=True)
    os.environ["TAIZHANG_BUNDLE_KEEP"] = ",".join(keep)
    try:
        bundle = package.build_bundle(dist=folder / "dist", work=folder / "work")
    finally:
        del os.environ["TAIZHANG_BUNDLE_KEEP"]
    archive = rules.make_zip(bundle, folder / "bundle.zip")
    sizes = rules.bundle_size(bundle), archive.stat().st_size
    shutil.rmtree(folder, ignore_errors=True)
    return sizes


def main(argv: list[str]) -> int:
    chosen = argv or RULES
    shipped = measure([])
    rows = [("every rule on (as shipped)", shipped, None)]
    for rule in chosen:
        sizes = measure([rule])
        rows.append((f"without {rule}", sizes, (sizes[0] - shipped[0], sizes[1] - shipped[1])))
    if not argv:
        none = measure(RULES)
        rows.append(
            ("none (PyInstaller's defaults)", none, (none[0] - shipped[0], none[1] - shipped[1]))
        )
    print(f"{'build':34} {'unpacked':>10} {'zipped':>10} {'rule saves':>20}")
    for name, (unpacked, zipped), saving in rows:
        saves = f"{saving[0] / MB:8.1f} / {saving[1] / MB:5.1f} MB" if saving else ""
        print(f"{name:34} {unpacked / MB:7.1f} MB {zipped / MB:7.1f} MB {saves:>20}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

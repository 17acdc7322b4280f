"""Build the program folder with PyInstaller, then a zip named with the version.

    make package                 (Linux; the same as .venv/bin/python build/package.py)
    build\\package.ps1            (Windows; runs this, then Inno Setup)

Makes dist/Taizhang/ (run dist/Taizhang/Taizhang, or Taizhang.exe) and
dist/Taizhang-<version>-<system>-<machine>.zip, and prints their sizes. PyInstaller's work
folder is .build-work/, outside the source folder build/.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bundle_rules as rules  # noqa: E402

SPEC = rules.ROOT / "build" / "taizhang.spec"
WORK = rules.ROOT / ".build-work"
DIST = rules.ROOT / "dist"


def build_bundle(dist: Path = DIST, work: Path = WORK) -> Path:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--workpath",
        str(work),
        "--distpath",
        str(dist),
    ]
    subprocess.run(command, check=True, cwd=rules.ROOT)
    check_exclusions(work / SPEC.stem / f"warn-{SPEC.stem}.txt")
    return dist / rules.APP_NAME


def check_exclusions(warnings: Path) -> None:
    """Fail if a module the spec excludes is imported by the program's own code."""
    ours = ("core", "gui", "main")
    for line in warnings.read_text(encoding="utf-8").splitlines():
        if not line.startswith("excluded module named "):
            continue
        module, _, importers = line.removeprefix("excluded module named ").partition(" - ")
        names = [i.strip().split(" ")[0] for i in importers.removeprefix("imported by ").split(",")]
        needed = [n for n in names if n.split(".")[0] in ours]
        if needed:
            raise SystemExit(
                f"build/bundle_rules.py excludes {module}, but {', '.join(needed)} imports it"
            )


def main() -> int:
    version = rules.app_version()
    started = time.perf_counter()
    bundle = build_bundle()
    built = time.perf_counter()
    target = DIST / rules.zip_name(version, platform.system(), platform.machine())
    target.unlink(missing_ok=True)
    rules.make_zip(bundle, target)
    zipped = time.perf_counter()
    size = rules.bundle_size(bundle)
    files = sum(1 for p in bundle.rglob("*") if not p.is_dir())
    mib = 1024 * 1024
    print(f"Taizhang {version}")
    print(f"  {bundle}: {size / mib:.1f} MiB ({size:,} bytes), {files} files")
    print(f"  {target}: {target.stat().st_size / mib:.1f} MiB ({target.stat().st_size:,} bytes)")
    print(f"  PyInstaller {built - started:.0f} s, zip {zipped - built:.0f} s")
    if shutil.which("du") and platform.system() != "Windows":
        subprocess.run(["du", "-sh", str(bundle)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Generate a database of N activities across the default template.

python -m bench.generate --count 10000 --out /tmp/sample.db [--start 2025-01-01 --end 2026-12-31]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from core import activities, settings
from core.bureau_file import open_bureau
from core.sample_data import generate_activities
from core.template import load_template


def make_database(path: Path, count: int, start: dt.date, end: dt.date, seed: int = 1):
    """A fresh database at ``path`` holding ``count`` generated activities."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_bureau(path, create=True)
    settings.set_settings(db, **{settings.UNIT: "某某县科技局", settings.STAFF: "张三"})
    template = load_template(db)
    activities.add_activities(db, generate_activities(template, count, start, end, seed))
    return db, template


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2025, 1, 1))
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2026, 12, 31))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    db, _ = make_database(args.out, args.count, args.start, args.end, args.seed)
    db.close()
    print(f"{args.count} activities → {args.out}")


if __name__ == "__main__":
    main()

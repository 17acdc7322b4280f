"""The upgrade that takes zero-width characters out of the search keys (run by hand).

python -m bench.search_keys_bench [--count 100000] [--share 0.1 --share 1.0]

A database of N generated records (bench/generate.py); a share of them is given a title
pasted with U+200B and the search key an older version made of it (the character kept),
the file set back to the schema before the upgrade. Measured: the migration alone (its
transaction, as ``core.db.migrate`` runs it), and opening the file as the program does
(the backup before an upgrade, the check, the migration). Peak memory of the migration
by tracemalloc. Medians of --repeat runs, each on a fresh copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.generate import make_database
from core import activities, search
from core import db as database
from core.bureau_file import open_bureau
from core.values import ZERO_WIDTH, normalize_text

MIGRATION = next(
    n for n, step in database.MIGRATIONS.items() if step.__name__.endswith("zero_width")
)


def older_file(path: Path, count: int, share: float) -> int:
    """``count`` records, ``share`` of them pasted with U+200B and keyed as before."""
    db, _ = make_database(path, count, dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    db.close()
    conn = sqlite3.connect(path)
    step = max(round(1 / share), 1) if share else 0
    columns = ", ".join(activities.SEARCHED_FIELDS)
    rows = conn.execute(f"SELECT seq, search_text, {columns} FROM activities").fetchall()
    pasted = [r for r in rows if step and r[0] % step == 0]
    updates, deletes, inserts = [], [], []
    for seq, key, title, *rest in pasted:
        title = title[:1] + "\u200b" + title[1:]
        old_key = normalize_text("\n".join((title, *rest))).lower()  # as version 7 made it
        updates.append((title, old_key, seq))
        deletes.append((seq, search.grams(key)))
        inserts.append((seq, search.grams(old_key)))
    with conn:
        conn.executemany(
            "INSERT INTO activity_grams (activity_grams, rowid, grams) VALUES ('delete', ?, ?)",
            deletes,
        )
        conn.executemany("INSERT INTO activity_grams (rowid, grams) VALUES (?, ?)", inserts)
        conn.executemany("UPDATE activities SET title = ?, search_text = ? WHERE seq = ?", updates)
        conn.execute(f"PRAGMA user_version = {MIGRATION - 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return len(pasted)


def fresh_copy(source: Path, copy: Path) -> Path:
    for suffix in ("-wal", "-shm"):  # a -wal left by the copy before would be read into it
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, copy)
    return copy


def time_migration(path: Path, traced: bool = False) -> float:
    """Seconds the migration takes, or (``traced``) its peak of Python memory in MiB."""
    conn = sqlite3.connect(path)
    db = database.Database(conn, execute_plugins=False)
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    with database.transaction(db):
        database.MIGRATIONS[MIGRATION](db)
    took = time.perf_counter() - started
    if traced:
        took = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    conn.close()
    return took


def time_open(path: Path) -> float:
    started = time.perf_counter()
    db = open_bureau(path)
    took = time.perf_counter() - started
    left = db.conn.execute(
        "SELECT count(*) FROM activities WHERE search_text GLOB ?", (f"*[{ZERO_WIDTH}]*",)
    ).fetchone()[0]
    assert left == 0, left
    db.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--share", type=float, action="append")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="taizhang-bench-"))
    os.environ["TAIZHANG_DATA_DIR"] = str(folder / "data")
    try:
        for share in args.share or [0.0, 0.1, 1.0]:
            source = folder / f"older-{share}.db"
            pasted = older_file(source, args.count, share)
            migrations, opens = [], []
            copy = folder / "copy.db"
            for _ in range(args.repeat):
                migrations.append(time_migration(fresh_copy(source, copy)))
                opens.append(time_open(fresh_copy(source, copy)))
            peak = time_migration(fresh_copy(source, copy), traced=True)
            print(
                f"{args.count} records, {pasted} pasted with U+200B: migration "
                f"{statistics.median(migrations):.2f} s (peak {peak:.1f} MiB); "
                f"opening with backup + check + migration {statistics.median(opens):.2f} s"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Sorting the list and finding repeats, at 1k, 10k and 100k records (issue 8).

python -m bench.sort_bench [--sizes 1000,10000,100000]

Each sort is a page of 200 as the window asks for it: the first page, and the first 50
pages (date: key-set paging; other orders: the whole order once, then slices of it).
Text columns sort by ``pinyin_key`` (core/collation.py); "cold" is the first sort of a
fresh process, before its cache of sort keys has seen any text. Medians, in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.generate import make_database
from bench.run_bench import timed
from core import activities as A
from core import collation, duplicates
from core.periods import parse_period


def _page(db, template, query, pages: int = 1):
    """The ``pages``-th page of 200 as the window reads it (gui/activity_model.py): by key
    for an indexed order, else by the whole order worked out once, then sliced."""
    if query.order_by in A.INDEXED_ORDERS:
        page = A.query_activities(db, query, template)
        for _ in range(pages - 1):
            page = A.query_activities(db, replace(query, after=page.cursor), template)
        return page.activities
    seqs = A.sorted_seqs(db, query, template)
    rows = []
    for number in range(pages):
        rows = A.activities_at(db, seqs[number * 200 : (number + 1) * 200])
    return rows


def bench_size(count: int, folder: Path) -> dict[str, float]:
    db, template = make_database(
        folder / f"sort-{count}.db", count, dt.date(2025, 1, 1), dt.date(2026, 12, 31)
    )
    training = template.type_by_name("科技培训班")
    trainees = training.field_by_label("参训人次").id
    q2 = parse_period("2026Q2")
    by_title = A.ActivityQuery(order_by="title", descending=False)
    collation._text_keys.clear()
    start = time.perf_counter()
    _page(db, template, by_title)
    cold = (time.perf_counter() - start) * 1000
    results = {
        "records": count,
        "all, by title, first page, cold (ms)": cold,
        "all, by title, first page (ms)": timed(lambda: _page(db, template, by_title)),
        "all, by title, pages 1 to 50 (ms)": timed(lambda: _page(db, template, by_title, 50), 3),
        "all, by place (ms)": timed(
            lambda: _page(db, template, replace(by_title, order_by="location"))
        ),
        "all, by date (ms)": timed(lambda: _page(db, template, A.ActivityQuery())),
        "a quarter, by title (ms)": timed(
            lambda: _page(db, template, replace(by_title, start=q2.start, end=q2.end))
        ),
        "one type, by a figure (ms)": timed(
            lambda: _page(
                db,
                template,
                A.ActivityQuery(type_ids=(training.id,), order_by=f"figure:{trainees}"),
            )
        ),
        "one type, by a figure, pages 1 to 10 (ms)": timed(
            lambda: _page(
                db,
                template,
                A.ActivityQuery(type_ids=(training.id,), order_by=f"figure:{trainees}"),
                10,
            ),
            3,
        ),
    }
    sample = list(A.iter_activities(db, A.ActivityQuery(limit=1000)))[:10_000]
    results["repeats among ≤10,000 rows to import (ms)"] = timed(
        lambda: duplicates.find_repeats(db, sample), 3
    )
    results["records like one being saved (ms)"] = timed(
        lambda: duplicates.records_like(db, sample[0])
    )
    db.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = [bench_size(int(n), Path(tmp)) for n in args.sizes.split(",")]
    keys = [k for k in table[0] if k != "records"]
    width = max(len(k) for k in keys)
    print(f"{'':{width}}  " + "  ".join(f"{r['records']:>10,}" for r in table))
    for key in keys:
        print(f"{key:{width}}  " + "  ".join(f"{r[key]:>10,.1f}" for r in table))


if __name__ == "__main__":
    main()

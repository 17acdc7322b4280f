"""Import and export at scale, each against a floor measured in the same run.

Run by hand: ``make bench`` (or ``python -m bench.floors``). Every case runs in a
fresh process, so its peak memory (``ru_maxrss``) is its own; TAIZHANG_DATA_DIR is
a temporary folder, so no backup reaches the real data folder.

- import: 100,000 CSV rows through ``plan_import`` + ``run_import`` (the backup
  before it excluded), against a floor that writes the same rows into the same
  tables and indexes (search index and history included) with plain ``csv`` and
  ``executemany`` in one transaction.
- export: the ledger of a quarter holding 125,000 records, against a floor that
  writes the same number of rows and columns with openpyxl's write-only mode and
  nothing else.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORT_ROWS = 100_000
EXPORT_RECORDS = 125_000
EXPORT_COLUMNS = 14


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: the latter keeps the
    parent's size across fork + exec, and the parent holds the generated data."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the children ---------------------------------------------------------------------


def child_import(csv_path: str, db_path: str) -> dict:
    from core import importer
    from core.bureau_file import open_bureau
    from core.template import load_template

    db = open_bureau(db_path)
    template = load_template(db)
    start = time.perf_counter()
    plan = importer.plan_import(csv_path, template)
    count = importer.run_import(db, plan)
    seconds = time.perf_counter() - start
    db.close()
    return {"rows": count, "seconds": seconds, "peak_mb": peak_mb()}


def child_import_floor(csv_path: str, db_path: str) -> dict:
    """The same rows into the same tables and indexes, with nothing but csv + executemany."""
    from core import ids, search
    from core.bureau_file import open_bureau
    from core.template import load_template

    db = open_bureau(db_path)
    template = load_template(db)
    types = {t.name: t for t in template.types}
    conn = db.conn
    start = time.perf_counter()
    now = dt.datetime.now().isoformat(timespec="seconds")
    here = uuid.uuid4().hex
    with open(csv_path, encoding="utf-8-sig", newline="") as source:
        reader = csv.reader(source)
        header = next(reader)
        field_columns = [(i, h.split("（")[0]) for i, h in enumerate(header) if i >= 5]
        seq = conn.execute("SELECT coalesce(max(seq), 0) FROM activities").fetchone()[0]
        rows, grams, values, revs, history = [], [], [], [], []
        for cells in reader:
            seq += 1
            activity_type = types[cells[1]]
            by_label = {f.label: f for f in activity_type.fields}
            ident, rev = ids.new_id(), ids.new_hex()  # the ids the program makes
            text = " ".join((cells[2], cells[3], cells[4])).lower()
            figures = {}
            for index, label in field_columns:
                if cells[index] and label in by_label:
                    field_id = by_label[label].id
                    figures[str(field_id)] = float(cells[index])
                    values.append((seq, field_id, float(cells[index]), None))
            rows.append((seq, ident, activity_type.id, cells[0], None, cells[2], cells[3], "",
                         "", "", "", cells[4], text, now, now, 0, "", "", here, rev, here,
                         now, 1))  # fmt: skip
            grams.append((seq, search.grams(text)))
            revs.append((ident, rev))
            after = {"type_id": activity_type.id, "date": cells[0], "end_date": None,
                     "title": cells[2], "location": cells[3], "organizer": "",
                     "partners": "", "audience": "", "handler": "", "notes": cells[4],
                     "values": figures}  # fmt: skip
            history.append((ids.new_hex(), ident, "import", now, "", "", None,
                            json.dumps(after, ensure_ascii=False)))  # fmt: skip
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(f"INSERT INTO activities VALUES ({','.join('?' * 23)})", rows)
    conn.executemany("INSERT INTO activity_grams (rowid, grams) VALUES (?, ?)", grams)
    conn.executemany("INSERT INTO activity_values VALUES (?, ?, ?, ?)", values)
    conn.executemany("INSERT INTO activity_revisions VALUES (?, ?)", revs)
    conn.executemany(
        "INSERT INTO activity_history (uid, activity_id, action, at, staff, unit, before, "
        "after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        history,
    )
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    db.close()
    return {"rows": len(rows), "seconds": seconds, "peak_mb": peak_mb()}


def child_export(db_path: str, target: str) -> dict:
    from core.bureau_file import open_bureau
    from core.ledger_export import export_ledger_file
    from core.periods import parse_period
    from core.template import load_template

    db = open_bureau(db_path)
    start = time.perf_counter()
    done = export_ledger_file(db, load_template(db), parse_period("2026Q1"), target)
    seconds = time.perf_counter() - start
    db.close()
    return {"rows": done.records, "seconds": seconds, "peak_mb": peak_mb()}


def child_export_floor(rows: str, target: str) -> dict:
    import openpyxl

    start = time.perf_counter()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    for n in range(int(rows)):
        sheet.append([n, "2026-03-05", "科技培训班", f"第{n}期培训", "县科技馆", "县科技局", "",
                      "农民", "张三", 120, 300, 12.5, "", "备注"])  # fmt: skip
    book.save(target)
    return {"rows": int(rows), "seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


def child_nothing() -> dict:
    """The interpreter with the core's imports: what every child costs before it works."""
    import openpyxl  # noqa: F401

    from core import importer, ledger  # noqa: F401

    return {"rows": 0, "seconds": 0.0, "peak_mb": peak_mb()}


CHILDREN = {
    "import": child_import,
    "import-floor": child_import_floor,
    "export": child_export,
    "export-floor": child_export_floor,
    "nothing": child_nothing,
}


def in_child(name: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.floors", "--child", name, *args],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the data ---------------------------------------------------------------------------


def write_import_csv(path: Path, rows: int) -> None:
    from core.bureau_file import open_bureau
    from core.sample_data import generate_activities
    from core.template import load_template

    scratch = open_bureau(path.with_suffix(".template.db"), create=True)
    template = load_template(scratch)
    scratch.close()
    labels = sorted({f.label for t in template.types for f in t.fields if f.is_numeric})
    units = {f.label: f.unit for t in template.types for f in t.fields}
    generated = generate_activities(template, rows, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 7)
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        headings = [f"{label}（{units[label]}）" if units[label] else label for label in labels]
        writer.writerow(["日期", "活动类型", "活动名称", "地点", "备注", *headings])
        for a in generated:
            by_label = {template.fields_by_id[k].label: v for k, v in a.values.items()}
            writer.writerow(
                [a.date.isoformat(), template.type(a.type_id).name, a.title, a.location,
                 a.notes] + [by_label.get(label, "") for label in labels]
            )  # fmt: skip


def fresh_database(path: Path) -> None:
    from core.bureau_file import open_bureau

    open_bureau(path, create=True).close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs="+")
    parser.add_argument("--rows", type=int, default=IMPORT_ROWS)
    parser.add_argument("--export-records", type=int, default=EXPORT_RECORDS)
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="import and its floor this many times, alternately; the median of each is "
        "reported (on a shared machine one pair can differ by a third from the next)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](*args.child[1:])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["TAIZHANG_DATA_DIR"] = str(folder / "data")
        report(measure(folder, args.rows, args.export_records, args.repeat))


def measure(folder: Path, rows: int, export_records: int, repeat: int = 1) -> dict[str, dict]:
    from bench.generate import make_database
    from core.periods import parse_period

    source = folder / "import.csv"
    write_import_csv(source, rows)
    results = {"nothing": in_child("nothing")}
    runs: dict[str, list[dict]] = {"import": [], "import-floor": []}
    for _ in range(repeat):
        for name in runs:
            target = folder / f"{name}.db"
            for stale in folder.glob(f"{name}.db*"):
                stale.unlink()
            fresh_database(target)
            runs[name].append(in_child(name, str(source), str(target)))
    for name, done in runs.items():
        results[name] = sorted(done, key=lambda r: r["seconds"])[len(done) // 2]
        if repeat > 1:
            seconds = ", ".join(f"{r['seconds']:.2f}" for r in done)
            print(f"{name}: {seconds} s; the median is reported")
    q1 = parse_period("2026Q1")
    db, _ = make_database(folder / "export.db", export_records, q1.start, q1.end, seed=5)
    db.close()
    results["export"] = in_child("export", str(folder / "export.db"), str(folder / "q1.xlsx"))
    results["export-floor"] = in_child("export-floor", str(export_records), str(folder / "f.xlsx"))
    return results


def report(results: dict[str, dict]) -> None:
    base = results["nothing"]["peak_mb"]
    print(f"interpreter + core imports: {base:.0f} MB peak")
    for case, floor in (("import", "import-floor"), ("export", "export-floor")):
        mine, low = results[case], results[floor]
        rate, low_rate = mine["rows"] / mine["seconds"], low["rows"] / low["seconds"]
        print(
            f"{case}: {mine['rows']:,} rows in {mine['seconds']:.2f} s ({rate:,.0f} rows/s), "
            f"{mine['peak_mb']:.0f} MB peak | floor {low['seconds']:.2f} s "
            f"({low_rate:,.0f} rows/s), {low['peak_mb']:.0f} MB | time ratio "
            f"{mine['seconds'] / low['seconds']:.2f}×, memory ratio "
            f"{mine['peak_mb'] / low['peak_mb']:.2f}×"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()

"""Planning the import of a 20,000-row workbook written as Excel writes it (shared strings).

    TAIZHANG_DATA_DIR=$(mktemp -d) .venv/bin/python -m bench.xlsx_import_bench [--rows N]

Text cells stand in the shared-strings table, one in ten holding an ``_xHHHH_`` escape:
the cost of reading and decoding the cell text, which every .xlsx import pays.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from core.bureau_file import open_bureau
from core.importer import plan_import
from core.template import load_template
from tests import excel_like

HEADER = ["日期", "活动类型", "活动名称", "地点", "主办单位", "参与对象", "参训人次", "发放资料"]


def write_workbook(path: Path, rows: int) -> Path:
    body: list[list[object]] = [HEADER]
    start = dt.date(2026, 1, 1)
    for n in range(rows):
        title = f"第{n}期农村实用技术培训" + ("_x000D_" if n % 10 == 0 else "")
        day = excel_like.Styled(excel_like.serial(start + dt.timedelta(days=n % 360)), 14)
        body.append([day, "科技培训班", title, f"第{n % 50}村", "县科技局", "农户", n % 300, 200])
    return excel_like.write(path, body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = open_bureau(Path(folder) / "bench.db", create=True)
        template = load_template(database)
        database.close()
        path = write_workbook(Path(folder) / "import.xlsx", args.rows)
        times = []
        for _ in range(args.repeat):
            begun = time.perf_counter()
            plan = plan_import(path, template)
            times.append(time.perf_counter() - begun)
        assert plan.ok, plan.errors[:3]
        print(
            f"plan_import, {args.rows:,} rows .xlsx: median {statistics.median(times):.2f} s "
            f"(runs: {', '.join(f'{t:.2f}' for t in times)})"
        )


if __name__ == "__main__":
    main()

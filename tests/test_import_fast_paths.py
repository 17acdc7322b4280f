"""What makes an import fast (issue 9, speed) changes nothing else: the cycle collector is
held off while the plan reads its rows and given back as it was found, whatever happens,
and a line without quotes is split as the csv module splits it."""

from __future__ import annotations

import csv
import gc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import importer
from core.errors import TaizhangError
from core.importer import plan_import

HEADER = "日期,活动类型,活动名称,地点,参训人次（人次）\n"


def _write(tmp_path, rows: int, date: str = "2026-03-05"):
    path = tmp_path / "导入.csv"
    lines = [f"{date},科技培训班,第{n}期培训,县科技馆,{n}\n" for n in range(rows)]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def test_the_plan_holds_the_collector_off_and_gives_it_back(tmp_path, template, collector_on):
    seen = []
    plan = plan_import(
        _write(tmp_path, 1500), template, progress=lambda _: seen.append(gc.isenabled())
    )
    assert len(plan.activities) == 1500
    assert seen == [False] and gc.isenabled()


def test_the_collector_comes_back_when_the_plan_fails(
    tmp_path, template, collector_on, monkeypatch
):
    def cancel(_row):
        raise KeyboardInterrupt  # the window's 取消 raises from the progress callback too

    with pytest.raises(KeyboardInterrupt):
        plan_import(_write(tmp_path, 1500), template, progress=cancel)
    assert gc.isenabled()

    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    with pytest.raises(TaizhangError):  # import_too_many_rows, raised among the rows
        plan_import(_write(tmp_path, 100), template)
    assert gc.isenabled()

    with pytest.raises(TaizhangError):  # refused before a row is read
        plan_import(tmp_path / "不存在.csv", template)
    assert gc.isenabled()


def test_in_the_window_the_plan_leaves_the_collector_off_and_collects_nothing(tmp_path, template):
    """gui/garbage.py turns automatic collection off and collects on the GUI thread only; a
    plan runs on the worker's: it must neither turn collection on nor collect there."""
    collections = []

    def watch(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    was = gc.isenabled()
    gc.disable()
    gc.callbacks.append(watch)
    try:
        plan = plan_import(_write(tmp_path, 500, date="2026-13-45"), template)
        assert not gc.isenabled()
    finally:
        gc.callbacks.remove(watch)
        gc.enable() if was else gc.disable()
    assert plan.bad_rows == 500 and collections == []


def test_rows_with_problems_leave_no_garbage_piling_up_while_the_collector_is_off(
    tmp_path, template, collector_on
):
    """Each row with a problem leaves a reference cycle (its exceptions and their frames):
    held off without a sweep, 100,000 of them kept 600 MB until the plan ended."""
    young = []  # tracked objects made since the last collection, at every 1,000th row
    plan = plan_import(
        _write(tmp_path, 3000, date="2026-13-45"),
        template,
        progress=lambda _: young.append(gc.get_count()[0]),
    )
    assert plan.bad_rows == 3000
    assert len(young) == 3 and max(young) < 10_000  # 1,000 such rows leave some 28,000


@pytest.fixture
def collector_off():
    """The window's state: automatic collection off for the whole process (gui/garbage.py),
    so the plan's own sweeps do nothing on the worker."""
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    gc.enable() if was else gc.disable()


def test_rows_with_problems_make_no_reference_cycles(tmp_path, template, collector_off):
    """In the window 199,000 rows each with a bad figure took 1.2 GB (a command line run
    38 MB): each bad value's exception kept its traceback, whose frames led back to the
    list holding it, a cycle per row that only the collector, off there, could free."""
    path = tmp_path / "坏.csv"
    rows = [f"2026-03-05,科技培训班,第{n}期培训,县科技馆,不是数字{n}\n" for n in range(2000)]
    path.write_text("日期,活动类型,活动名称,地点,参训人次\n" + "".join(rows), encoding="utf-8")
    plan = plan_import(path, template)
    assert plan.bad_rows == 2000
    assert gc.collect() < 100  # a cycle per row left some 28 objects each: 56,000


CELLS = st.text(st.sampled_from(list("a中 ,;\t'\\=\x00\x1a\x0b\x0c\x1c\x85\u2028")), max_size=12)


@given(CELLS, st.sampled_from(["", "\n", "\r", "\r\n"]), st.sampled_from(importer.CSV_DELIMITERS))
def test_a_line_without_quotes_is_split_as_the_csv_module_splits_it(body, end, delimiter):
    line = body + end  # read with newline="", a line has its CR or LF at its end only
    expected = next(csv.reader([line], delimiter=delimiter, strict=True), [])
    assert importer._split_unquoted(line, delimiter) == expected


@given(st.lists(st.integers(0, 40), min_size=1, max_size=30), st.integers(1, 16))
def test_the_longest_text_of_a_workbook_is_counted_from_a_chunk_up(runs, chunk):
    """``_TextRuns`` looks at the ends of each chunk only: exact for texts of a chunk or
    longer, which are all the workbook limit needs."""
    data = b"<".join(b"a" * n for n in runs)
    counter = importer._TextRuns()
    for start in range(0, len(data), chunk):
        counter.feed(data[start : start + chunk])
    true = max(runs)
    assert counter.longest <= true
    if true >= chunk:
        assert counter.longest == true

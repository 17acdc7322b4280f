"""A quarter's records stream from the database (bounded memory, issue 9): every walk
gives the same records in ledger order, the 合计 equals the rows, and a write from another
window during an export changes nothing the workbook shows."""

import datetime as dt
import sqlite3
import time
import uuid

import openpyxl
import pytest

from core import activities as A
from core.errors import TaizhangError
from core.ids import new_hex, new_id
from core.ledger import SectionRecords, compute_ledger
from core.ledger_export import export_ledger_file
from core.periods import parse_period
from core.sample_data import generate_activities
from core.xlsx import FIRST_DATA_ROW, export_warnings, sheet_names

Q1 = parse_period("2026Q1")


@pytest.fixture
def stored(db, template):
    data = generate_activities(template, 2500, Q1.start, Q1.end, seed=3)
    return A.add_activities(db, data)


def _order_key(template, a):
    places = [t.id for s in template.sections for t in s.types]
    return (a.date, places.index(a.type_id))


def test_records_stream_in_ledger_order_and_each_walk_agrees(db, template, stored, monkeypatch):
    monkeypatch.setattr(SectionRecords, "SLICE", 97)  # many slices, an uneven last one
    ledger = compute_ledger(db, template, Q1)
    by_id = {a.id: a for a in stored}
    walked = 0
    for section, sheet in zip(
        [s for s in template.sections if not s.archived], ledger.sections, strict=True
    ):
        mine = sorted(
            (a for a in stored if template.type(a.type_id).section_id == section.id),
            key=lambda a: _order_key(template, a),
        )
        first = [r.id for r in sheet.records]
        assert len(sheet.records) == len(mine) == len(first)
        # Same day and type: the order they were saved in (stable, as before).
        assert [(by_id[i].date, by_id[i].type_id) for i in first] == [
            (a.date, a.type_id) for a in mine
        ]
        assert [r.id for r in sheet.records] == first  # a second walk: the same records
        if first:
            assert sheet.records[0].id == first[0] and sheet.records[-1].id == first[-1]
            assert [r.id for r in sheet.records[1:3]] == first[1:3]
        for index, column in enumerate(sheet.columns):
            expected = sum(by_id[i].values.get(f, 0) for i in first for f in column.field_ids)
            assert sheet.totals[index] == pytest.approx(expected)
        walked += len(first)
    assert walked == len(stored)


def test_a_record_gone_between_walks_is_refused_not_skipped(db, template, stored):
    ledger = compute_ledger(db, template, Q1)
    sheet = next(s for s in ledger.sections if s.records)
    A.delete_activities(db, [sheet.records[0].id])
    with pytest.raises(TaizhangError) as raised:
        list(sheet.records)
    assert raised.value.key == "ledger_changed"


def test_an_export_is_one_snapshot_while_another_window_deletes(
    db, db_path, template, stored, tmp_path
):
    """A colleague's window deletes records while the workbook is being written: the
    workbook shows the file as it was when the export began, rows and 合计 alike."""
    other = sqlite3.connect(db_path, timeout=10)
    deleted = []

    def progress(done, total):
        if done == 2 and not deleted:  # after the 汇总, before the section sheets
            ids = [a.id for a in stored[:400]]
            other.executemany("UPDATE activities SET deleted = 1 WHERE id = ?", [(i,) for i in ids])
            other.commit()
            deleted.extend(ids)

    done = export_ledger_file(db, template, Q1, tmp_path / "q1.xlsx", progress=progress)
    other.close()
    assert deleted, "the other window never wrote"
    assert done.records == len(stored)
    book = openpyxl.load_workbook(done.path, read_only=True)
    names = sheet_names(s.name for s in template.sections if not s.archived)
    rows = 0
    for name in names:
        values = list(book[name].iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
        rows += sum(1 for v in values if isinstance(v[0], int))
    assert rows == len(stored)
    # And the file itself did lose them: the next export says so.
    assert (
        export_ledger_file(db, template, Q1, tmp_path / "again.xlsx").records == len(stored) - 400
    )


def test_export_gathers_the_same_warnings_as_export_warnings(db, template, tmp_path):
    type_id = template.sections[0].types[0].id
    A.add_activities(
        db,
        [
            A.validate_activity(
                template,
                {"type_id": type_id, "date": "2026-02-03", "title": "标题", "notes": "备" * 40_000},
            ),
            A.validate_activity(
                template,
                {"type_id": type_id, "date": "2026-02-04", "title": "长" * 40_000},
            ),
        ],
    )
    done = export_ledger_file(db, template, Q1, tmp_path / "w.xlsx")
    assert len(done.warnings) == 2
    assert done.warnings == export_warnings(compute_ledger(db, template, Q1))


def test_new_ids_are_time_ordered_uuids(db, template):
    first, later = new_id(), None
    parsed = uuid.UUID(first)
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert str(parsed) == first
    millisecond = time.time_ns() // 1_000_000
    while time.time_ns() // 1_000_000 <= millisecond + 1:
        later = new_id()
    assert later > first  # a later millisecond sorts after
    assert len(new_hex()) == 32 and uuid.UUID(new_hex()).version == 7
    added = A.add_activities(
        db,
        [
            A.validate_activity(
                template,
                {
                    "type_id": template.sections[0].types[0].id,
                    "date": dt.date(2026, 1, 5),
                    "title": "编号",
                },
            )
        ],
    )
    assert uuid.UUID(added[0].id).version == 7

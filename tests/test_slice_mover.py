"""A write of many records, slice by slice, each moved into the tables on a second thread:
every record lands whole, and a write that fails anywhere leaves nothing of itself."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

import pytest

from core import activities as A
from core import history
from core.errors import TaizhangError

SCRATCH_TABLES = ("slice_records", "slice_figures", "slice_moves")


@pytest.fixture
def small_slices(monkeypatch):
    monkeypatch.setattr(A, "WRITE_SLICE", 3)  # 8 records: three slices, so moves overlap


def drafts(template, count: int) -> list[A.Activity]:
    t = template.type_by_name("科技培训班")
    people = next(f for f in t.fields if f.label == "参训人次")
    return [
        A.validate_activity(
            template,
            {
                "type_id": t.id,
                "date": f"2026-03-{n + 1:02d}",
                "title": f"第{n}期培训",
                "location": "石桥乡",
                "values": {people.id: str(10 * n + 1)},
            },
        )
        for n in range(count)
    ]


def scratch_rows(db) -> dict[str, int]:
    """What the scratch tables hold (made in the write's transaction, they may be gone)."""
    made = {name for (name,) in db.conn.execute("SELECT name FROM scratch.sqlite_master")}
    return {
        table: db.conn.execute(f"SELECT count(*) FROM scratch.{table}").fetchone()[0]
        if table in made
        else 0
        for table in SCRATCH_TABLES
    }


def mover_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("taizhang-slice-mover")]


def test_every_record_of_a_write_in_many_slices_lands_whole(db, template, small_slices):
    stored = A.add_activities(db, drafts(template, 8))
    assert A.count_activities(db, A.ActivityQuery()) == 8
    for record in stored:
        assert A.get_activity(db, record.id) == record
        entries = db.conn.execute(
            "SELECT action, staff, before, after FROM activity_history WHERE activity_id = ?",
            (record.id,),
        ).fetchall()
        assert [(action, before) for action, _, before, _ in entries] == [("add", None)]
        assert json.loads(entries[0][3]) == history.snapshot(record)
        revs = db.conn.execute(
            "SELECT rev FROM activity_revisions WHERE activity_id = ?", (record.id,)
        ).fetchall()
        assert revs == [(record.rev,)]
    found = A.iter_activities(db, A.ActivityQuery(text="第7期"))
    assert [a.id for a in found] == [stored[7].id]
    seqs = [s for (s,) in db.conn.execute("SELECT seq FROM activities ORDER BY seq")]
    assert seqs == list(range(1, 9))  # in the order given, numbered without a gap
    assert scratch_rows(db) == dict.fromkeys(SCRATCH_TABLES, 0)
    assert mover_threads() == []


def test_a_move_that_fails_leaves_nothing_of_the_write(db, template, small_slices):
    (kept,) = A.add_activities(db, drafts(template, 1))
    # The fifth record has the id of one already stored: its slice (the second) fails
    # to move, after the first has moved.
    items = drafts(template, 8)
    items[4] = replace(items[4], id=kept.id)
    with pytest.raises(TaizhangError) as raised:
        A.add_activities(db, items)
    assert raised.value.key == "db_write_failed"
    assert [a.id for a in A.iter_activities(db, A.ActivityQuery())] == [kept.id]
    assert db.conn.execute("SELECT count(*) FROM activity_history").fetchone()[0] == 1
    assert scratch_rows(db) == dict.fromkeys(SCRATCH_TABLES, 0)
    assert mover_threads() == []
    assert len(A.add_activities(db, drafts(template, 4))) == 4  # the next write is whole
    assert A.count_activities(db, A.ActivityQuery()) == 5


def test_a_write_stopped_while_a_slice_moves_leaves_nothing(db, template, small_slices):
    class Stopped(Exception):
        pass

    def stop_at_the_second_slice(part):
        if part[0].title == "第3期培训":
            raise Stopped  # as a cancel or Ctrl+C does, while the second slice moves

    with pytest.raises(Stopped):
        A.write_activities(db, drafts(template, 8), written=stop_at_the_second_slice)
    assert A.count_activities(db, A.ActivityQuery()) == 0
    assert db.conn.execute("SELECT count(*) FROM activity_history").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM activity_values").fetchone()[0] == 0
    assert scratch_rows(db) == dict.fromkeys(SCRATCH_TABLES, 0)
    assert mover_threads() == []
    assert len(A.add_activities(db, drafts(template, 7))) == 7
    assert A.count_activities(db, A.ActivityQuery()) == 7

"""The 汇总's day and month totals (core/figure_cache.py) give exactly the ledger's figures: over
every kind of span, partial months included, and after edits, deletes, undo, imports,
template changes and writes the cache was never told about."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from core import activities as A
from core import figure_cache, template_edit
from core.bureau_file import open_bureau
from core.ledger import compute_ledger
from core.periods import Period, parse_period, range_period
from core.sample_data import generate_activities
from core.template import load_template

CODES = [
    "2025", "2026", "2026H1", "2026H2", "2025H2", "2026Q1", "2026Q2", "2026Q3", "2026Q4",
    "2025Q4", "2026-01", "2026-02", "2026-06", "2026-12", "2025-03",
    "2026-01-15..2026-06-30", "2025-11-03..2026-02-17", "2026-03-01..2026-03-31",
    "2026-05-09..2026-05-09", "2026-02-28..2026-03-01", "2024-12-30..2026-01-02",
]  # fmt: skip


@pytest.fixture
def fresh(db_path, db):
    """A second connection to the same file, with no cache: the ledger as the workbook
    (the CLI's export) works it out."""
    other = open_bureau(db_path)
    yield other
    other.close()


@pytest.fixture
def records(db, template):
    data = generate_activities(template, 2500, dt.date(2025, 1, 1), dt.date(2026, 12, 31), seed=5)
    return A.add_activities(db, data)


def random_ranges(count: int, seed: int) -> list[Period]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        first = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        found.append(range_period(first, first + dt.timedelta(days=rng.randint(0, 420))))
    return found


def periods() -> list[Period]:
    return [parse_period(code) for code in CODES] + random_ranges(25, seed=3)


def assert_same(cached_db, fresh_db, template, chosen=None) -> None:
    for period in chosen or periods():
        shown = compute_ledger(cached_db, template, period, with_records=False)
        book = compute_ledger(fresh_db, template, period, with_records=False)
        assert shown.figures == book.figures, period.code


def write_noted(db, ids, change) -> None:
    """A change as the window's operations make it: marked before, reported after."""
    mark = figure_cache.before_write(db, ids)
    change()
    figure_cache.after_write(db, mark, ids, True)


def test_every_span_equals_the_ledger(db, fresh, template, records):
    cache = figure_cache.attach(db)
    assert_same(db, fresh, template)
    assert {2024, 2025, 2026} <= cache.years
    assert figure_cache.attached(fresh) is None  # the comparison really read afresh


def test_the_figures_are_really_those_of_the_records(db, template, records):
    """Independent of the ledger's query: 科普讲座 counted in a range with partial months."""
    figure_cache.attach(db)
    period = parse_period("2026-01-15..2026-06-10")
    lecture = template.type_by_name("科普讲座")
    audience = next(f for f in lecture.numeric_fields)
    ledger = compute_ledger(db, template, period, with_records=False)
    inside = [r for r in records if r.type_id == lecture.id and period.contains(r.date)]
    count = next(f for f in ledger.figures if f.type_id == lecture.id and f.field_id is None)
    total = next(f for f in ledger.figures if f.field_id == audience.id and not f.option)
    assert count.current == len(inside) > 0
    assert total.current == sum(r.values.get(audience.id, 0) for r in inside)


def test_edits_deletes_and_undo_read_only_their_days(db, fresh, template, records):
    cache = figure_cache.attach(db)
    assert_same(db, fresh, template)
    reads = cache.reads
    rng = random.Random(9)
    # An edit that moves a record from one month (and year) to another.
    moved = rng.choice([r for r in records if r.date.year == 2025])
    typed = {k: str(v) for k, v in moved.values.items()}
    after = A.validate_activity(template, {"type_id": moved.type_id, "date": "2026-05-20",
                                           "title": moved.title, "values": typed})  # fmt: skip
    write_noted(db, (moved.id,), lambda: A.update_activity(db, moved.id, after))
    assert {2024, 2025, 2026} <= cache.years and cache.dirty
    assert_same(db, fresh, template)
    assert cache.reads == reads + 1  # the two days, in one query; not the years again
    # To the bin and back.
    gone = [r.id for r in rng.sample(records, 30)]
    write_noted(db, tuple(gone), lambda: A.set_deleted(db, gone, True))
    assert_same(db, fresh, template)
    write_noted(db, tuple(gone[:10]), lambda: A.set_deleted(db, gone[:10], False))
    assert_same(db, fresh, template)
    # An add, then its undo (a purge of the record).
    lecture = template.type_by_name("科普讲座")
    new = A.validate_activity(template, {"type_id": lecture.id, "date": "2026-02-11",
                                         "title": "新讲座"})  # fmt: skip
    mark = figure_cache.before_write(db, None)  # an add names its records once stored
    stored = A.add_activities(db, [new])
    figure_cache.after_write(db, mark, (stored[0].id,), True)
    assert_same(db, fresh, template)
    mark = figure_cache.before_write(db, (stored[0].id,))
    A.purge_activities(db, [stored[0].id])
    figure_cache.after_write(db, mark, (stored[0].id,), True)
    assert cache.years
    assert_same(db, fresh, template)
    assert cache.reads == reads + 5  # each change read its months again, nothing more


def test_an_add_reported_after_it_ran(db, fresh, template, records):
    """An add names its records only once they are stored (``ops.add``): they are new."""
    cache = figure_cache.attach(db)
    assert_same(db, fresh, template, [parse_period("2026")])
    new = generate_activities(template, 20, dt.date(2026, 3, 1), dt.date(2026, 4, 30), seed=8)
    mark = figure_cache.before_write(db, None)
    stored = A.add_activities(db, new)
    figure_cache.after_write(db, mark, tuple(a.id for a in stored), True)
    assert cache.years and cache.dirty  # kept: only the new records’ days are read again
    assert_same(db, fresh, template)


def test_an_update_reported_only_after_it_ran_drops_the_cache(db, fresh, template, records):
    """A record that was there before, changed by a job that did not name it beforehand:
    the month it left is not known, so everything is read again."""
    cache = figure_cache.attach(db)
    assert_same(db, fresh, template, [parse_period("2026")])
    victim = next(r for r in records if r.date.year == 2026)
    mark = figure_cache.before_write(db, None)
    A.set_deleted(db, [victim.id], True)
    figure_cache.after_write(db, mark, (victim.id,), True)
    assert not cache.years
    assert_same(db, fresh, template)


def test_an_import_of_many_records_reads_the_years_again(db, fresh, template, records):
    cache = figure_cache.attach(db)
    assert_same(db, fresh, template, [parse_period("2026")])
    many = generate_activities(template, figure_cache.MAX_TRACKED_IDS + 1,
                               dt.date(2026, 1, 1), dt.date(2026, 12, 31), seed=4)  # fmt: skip
    mark = figure_cache.before_write(db, None)
    stored = A.add_activities(db, many, action="import")
    figure_cache.after_write(db, mark, tuple(a.id for a in stored), True)
    assert not cache.years
    assert_same(db, fresh, template)


def test_writes_the_cache_was_not_told_about(db, fresh, template, records):
    """Here (a job that says nothing) or by another connection (the CLI, another program):
    the stamp has moved, so the months are read again."""
    cache = figure_cache.attach(db)
    assert_same(db, fresh, template)
    victim = records[17]
    A.set_deleted(db, [victim.id], True)  # on the cached connection, unreported
    assert_same(db, fresh, template)
    other = records[40]
    A.set_deleted(fresh, [other.id], True)  # another connection
    assert_same(db, fresh, template)
    reads = cache.reads
    assert_same(db, fresh, template)
    assert cache.reads == reads  # nothing changed since: nothing read


def test_a_change_reported_with_other_writes_in_between(db, fresh, template, records):
    cache = figure_cache.attach(db)
    assert_same(db, fresh, template, [parse_period("2026")])
    first, second = [r for r in records if r.date.year == 2026][:2]
    A.set_deleted(db, [first.id], True)  # not told
    write_noted(db, (second.id,), lambda: A.set_deleted(db, [second.id], True))
    assert not cache.years  # the write before was not said: all read again
    assert_same(db, fresh, template)


def test_a_restore_that_leaves_the_stamp_as_it_was(db, fresh, template, records):
    """A copy into the connection (the backup API) moves neither number of the stamp; the
    job says it wrote without naming records, and that is enough to drop the cache."""
    cache = figure_cache.attach(db)
    assert_same(db, fresh, template, [parse_period("2026")])
    mark = figure_cache.before_write(db, None)
    figure_cache.after_write(db, mark, None, True)
    assert not cache.years


def test_a_template_change(db, fresh, template, records):
    """Making 科普讲座 broken down differently changes the keys: read again, and right."""
    cache = figure_cache.attach(db)
    assert_same(db, fresh, template)
    spec = template_edit.spec_of(template)
    mark = figure_cache.before_write(db, None)
    template_edit.change_template(db, _without_breakdowns(spec))
    figure_cache.after_write(db, mark, None, True)
    assert not cache.years
    changed = load_template(db)
    assert_same(db, fresh, changed)


def _without_breakdowns(spec):
    for section in spec:
        for activity_type in section.types:
            activity_type.breakdown_by = ""
    return spec


def test_a_unit_is_always_read_afresh(db, template, records):
    figure_cache.attach(db)
    period = parse_period("2026Q2")
    mine = compute_ledger(db, template, period, with_records=False, unit="某某县科技局")
    other = compute_ledger(db, template, period, with_records=False, unit="别的单位")
    assert sum(f.current for f in mine.figures) > 0
    assert sum(f.current for f in other.figures) == 0

""" "Changes since the last package" whatever the PC's clock did (the fault sweep's f02):
a package made while the clock ran ahead, a record saved while it ran behind, a save
made while a package is written. Each change made after a package is in the next one."""

import datetime as dt
import random

import pytest

from core import activities, attachments, exchange, settings
from core.bureau_file import open_bureau
from core.template import load_template


class SetClock:
    """The time every change is stamped with: set by hand, anywhere, even backwards."""

    def __init__(self):
        self.now = dt.datetime(2026, 4, 1, 9, 0, 0)

    def set(self, *when):
        self.now = dt.datetime(*when)

    def read(self):
        return self.now.isoformat(timespec="seconds")


@pytest.fixture
def clock(monkeypatch):
    clock = SetClock()
    for module in (activities, attachments, exchange):
        monkeypatch.setattr(module, "_now", clock.read)
    return clock


@pytest.fixture
def township(tmp_path):
    db = open_bureau(tmp_path / "t.db", create=True)
    settings.set_settings(db, **{settings.UNIT: "胡集镇", settings.STAFF: "李四"})
    yield db
    db.close()


def _add(db, title):
    template = load_template(db)
    kind = template.type_by_name("科技培训班")
    draft = {"type_id": kind.id, "date": "2026-03-05", "title": title}
    return activities.add_activity(db, activities.validate_activity(template, draft))


def _edit(db, activity_id, title):
    old = activities.get_activity(db, activity_id)
    template = load_template(db)
    draft = {"type_id": old.type_id, "date": old.date.isoformat(), "title": title}
    return activities.update_activity(
        db, activity_id, activities.validate_activity(template, draft)
    )


def _ids_in(result):
    return {r["id"] for r in exchange.read_package(result.path).records}


def test_a_package_made_while_the_clock_ran_ahead_hides_no_later_change(township, tmp_path, clock):
    first = _add(township, "一")
    clock.set(2030, 6, 1, 9, 0, 0)  # the PC's clock wrong for a day
    assert _ids_in(exchange.export_package(township, tmp_path / "p1.tzpkg")) == {first.id}
    clock.set(2026, 4, 2, 9, 0, 0)  # set right again
    second = _add(township, "二")
    later = exchange.export_package(township, tmp_path / "p2.tzpkg")
    assert later.records == 1  # it said 0 条记录 (exit 0) for every package after
    assert _ids_in(later) == {second.id}


def test_a_change_saved_while_the_clock_runs_behind_is_sent(township, tmp_path, clock):
    first = _add(township, "一")
    exchange.export_package(township, tmp_path / "p1.tzpkg")
    clock.set(2026, 1, 1, 9, 0, 0)  # the clock runs months behind (a flat CMOS battery)
    slow = _add(township, "钟慢时录入")
    _edit(township, first.id, "一（改）")
    assert _ids_in(exchange.export_package(township, tmp_path / "p2.tzpkg")) == {slow.id, first.id}


def test_a_save_made_while_a_package_is_written_goes_in_the_next_one(township, tmp_path, clock):
    _add(township, "一")
    real = activities.activities_at
    saved = []

    def another_window_saves(db, seqs):  # between the choice of records and their writing
        if not saved:
            clock.set(2026, 3, 1, 9, 0, 0)
            saved.append(_add(township, "打包时录入"))
        return real(db, seqs)

    activities.activities_at = another_window_saves
    try:
        exchange.export_package(township, tmp_path / "p1.tzpkg")
    finally:
        activities.activities_at = real
    assert _ids_in(exchange.export_package(township, tmp_path / "p2.tzpkg")) == {saved[0].id}


def test_a_mark_left_by_a_clock_that_ran_ahead_sends_everything_once(township, tmp_path, clock):
    """A file whose last package was made, before this version, with the clock ahead:
    its mark is a time to come. The next package holds every record (a package too
    many is harmless; one that leaves out a change loses it)."""
    made = [_add(township, "一"), _add(township, "二")]
    settings.set_settings(township, **{exchange.LAST_SENT: "2030-06-01T09:00:00"})
    assert _ids_in(exchange.export_package(township, tmp_path / "p.tzpkg")) == {a.id for a in made}


def test_every_change_reaches_the_next_package_whatever_the_clock_does(tmp_path, clock):
    """A random walk of saves, edits, deletions, attachments, renames, merges and
    packages with the clock set anywhere between 2025 and 2031: each package holds
    exactly the records changed here since the one before."""
    rng = random.Random(20261202)
    here = open_bureau(tmp_path / "here.db", create=True)
    there = open_bureau(tmp_path / "there.db", create=True)
    settings.set_settings(here, **{settings.UNIT: "胡集镇"})
    settings.set_settings(there, **{settings.UNIT: "王集镇"})
    evidence = tmp_path / "签到表.jpg"
    evidence.write_bytes(b"jpeg")
    try:
        records, own, changed, packages = [], [], set(), 0
        for step in range(120):
            clock.set(rng.randint(2025, 2031), rng.randint(1, 12), rng.randint(1, 28),
                      rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))  # fmt: skip
            action = rng.choice(["add", "add", "edit", "delete", "attach", "rename",
                                 "merge", "export"])  # fmt: skip
            if action == "add" or not records:
                records.append(_add(here, f"记录{step}").id)
                own.append(records[-1])
                changed.add(records[-1])
            elif action == "edit":
                chosen = rng.choice(records)
                _edit(here, chosen, f"改{step}")
                changed.add(chosen)
            elif action == "delete":
                chosen = rng.choice(records)
                if activities.delete_activities(here, [chosen]):
                    changed.add(chosen)
            elif action == "attach":
                chosen = rng.choice(records)
                evidence.write_bytes(f"jpeg {step}".encode())
                attachments.attach_files(here, chosen, [evidence])
                changed.add(chosen)
            elif action == "rename":
                settings.set_settings(here, rename_records=True, **{settings.UNIT: f"镇{step}"})
                changed |= set(own)  # its own records: those received keep their unit
            elif action == "merge":
                theirs = _add(there, f"那边{step}")
                sent = exchange.export_package(there, tmp_path / f"there{step}.tzpkg")
                exchange.import_package(
                    here, exchange.read_package(sent.path), tmp_path / "here.db", backup=False
                )
                records.append(theirs.id)
                changed.add(theirs.id)
            else:
                package = exchange.export_package(here, tmp_path / f"here{step}.tzpkg")
                assert _ids_in(package) == changed, f"step {step}"
                changed, packages = set(), packages + 1
        assert packages > 5
    finally:
        here.close()
        there.close()


def test_each_stamp_is_later_than_every_stored_one_whatever_the_clock_says(township):
    from core import touch

    conn = township.conn
    record = _add(township, "一")  # stamped by the real clock: 2026 or later
    stored = []
    for now in ["2026-04-01T09:00:00", "2030-06-01T09:00:00", "2026-01-01T09:00:00",
                "2026-01-01T09:00:00", "2031-01-01T00:00:00.5"]:  # fmt: skip
        made = touch.stamp(conn, now)
        assert made >= now and all(made > s for s in stored)
        touch.touch(conn, record.id, now)
        stored.append(conn.execute("SELECT touched_at FROM activities").fetchone()[0])
    assert stored[2] == "2030-06-01T09:00:00.000001"  # one step after, not hours after

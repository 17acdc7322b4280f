"""A township's 填报单位 on its records, as three offices exchange packages: township A
corrects its name, township B edits one of A's records holding A's old name, county C
takes packages in any order. Every office must end with the name A itself gave its records
last, and a round of packages with nothing new must change nothing."""

import datetime as dt
import itertools
import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from core import activities, exchange, identity, ledger_sources, settings
from core.bureau_file import open_bureau
from core.errors import TaizhangError
from core.periods import parse_period
from tests import test_exchange
from tests.test_exchange import (
    _copy_db,
    _edit_title,
    _generate,
    _import,
    _package,
    _rewrite_with_hash,
    _state,
    _units_of,
)

clock, dbs = test_exchange.clock, test_exchange.dbs  # the fixtures of the exchange tests

OLD, NEW, NEWER = "胡集镇", "胡集镇人民政府", "胡集镇人民政府（更正）"
FIXTURES = Path(__file__).parent / "fixtures"


class Post:
    """Packages between offices, each in a file of its own."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.sent = 0

    def package(self, db):
        self.sent += 1
        return _package(db, self.tmp_path / f"p{self.sent}.tzpkg")

    def carry(self, sender, receiver):
        _import(receiver, self.package(sender), self.tmp_path)

    def round(self, offices):
        for sender, receiver in itertools.permutations(offices, 2):
            self.carry(sender, receiver)

    def until_quiet(self, offices, most=6):
        """Rounds of every office to every other until one changes nothing anywhere."""
        for _ in range(most):
            before = [_revs(db) for db in offices]
            self.round(offices)
            if [_revs(db) for db in offices] == before:
                return
        raise AssertionError(f"still changing after {most} rounds")


def _revs(db):
    """Every rev the file knows and every record's current one: what a merge mints."""
    known = db.conn.execute("SELECT activity_id, rev FROM activity_revisions ORDER BY 1, 2")
    current = db.conn.execute("SELECT id, rev, source_unit FROM activities ORDER BY id")
    return known.fetchall(), current.fetchall()


def _rename(db, unit):
    settings.set_settings(db, rename_records=True, **{settings.UNIT: unit})


def _start(dbs, post, clock):
    """A saves two records; C and B hold them under A's old name; B edits one; A renames.
    Returns (x, y, A's first package, B's package of its edit, A's package of its rename)."""
    a, b, c = dbs["t1"], dbs["t2"], dbs["c"]
    x, y = _generate(a, "镇", 2)
    first = post.package(a)
    _import(c, first, post.tmp_path)
    post.carry(c, b)
    clock.tick(60)
    _edit_title(b, x.id, "王集镇改的标题")
    from_b = post.package(b)
    clock.tick(60)
    _rename(a, NEW)
    from_a = post.package(a)
    return x, y, first, from_b, from_a


def _all_agree(dbs, name):
    a, b, c = dbs["t1"], dbs["t2"], dbs["c"]
    assert _state(a)[0] == _state(b)[0] == _state(c)[0]
    for db in (a, b, c):
        assert _units_of(db, a) == {name: 2}
    # the county's ledger names the township once, by that name
    assert ledger_sources.units_in_period(c, parse_period("2026H1")) == [name]


def _quiet_stays_quiet(post, offices):
    before = [_revs(db) for db in offices]
    post.round(offices)
    assert [_revs(db) for db in offices] == before


@pytest.mark.parametrize(
    "order", ["edit_then_rename", "rename_then_edit", "edit_through_a", "rename_through_b"]
)
def test_a_second_hand_edit_never_brings_back_the_old_name(dbs, tmp_path, clock, order):
    """B's edit of A's record, made under A's old name, reaches the county after A's
    rename: the county stored B's copy of the name (the old one), and its ledger showed A
    twice, until someone edited the record again."""
    post = Post(tmp_path)
    a, b, c = dbs["t1"], dbs["t2"], dbs["c"]
    x, _y, _first, from_b, from_a = _start(dbs, post, clock)
    if order == "edit_then_rename":
        _import(c, from_b, tmp_path)
        _import(c, from_a, tmp_path)
    elif order == "rename_then_edit":
        _import(c, from_a, tmp_path)
        _import(c, from_b, tmp_path)
    elif order == "edit_through_a":
        _import(c, from_a, tmp_path)
        _import(a, from_b, tmp_path)
        post.carry(a, c)
    else:  # A's rename reaches B through the county, B's edit the county through A
        _import(c, from_a, tmp_path)
        post.carry(c, b)
        _import(a, from_b, tmp_path)
        post.carry(a, c)
    assert activities.get_activity(c, x.id).title == "王集镇改的标题"  # the newer edit
    assert _units_of(c, a) == {NEW: 2}
    post.until_quiet([a, b, c])
    _all_agree(dbs, NEW)
    _quiet_stays_quiet(post, [a, b, c])


def test_a_name_said_twice_ends_as_said_last_in_every_order(dbs, tmp_path, clock):
    """A corrected its name twice; a package of the first correction that arrives after
    the second (a stick found in a drawer, B passing on what it holds) took the name back:
    it was the township's own word, and the county believed it."""
    post = Post(tmp_path)
    a, b, c = dbs["t1"], dbs["t2"], dbs["c"]
    x, _y = _generate(a, "镇", 2)
    post.carry(a, c)
    post.carry(a, b)
    clock.tick(60)
    _rename(a, NEW)
    first = post.package(a)
    _import(b, first, tmp_path)
    clock.tick(60)
    _edit_title(b, x.id, "王集镇改的标题")  # under the first correction
    from_b = post.package(b)
    clock.tick(60)
    _rename(a, NEWER)
    second = post.package(a)
    for n, order in enumerate(itertools.permutations([first, second, from_b])):
        county = _copy_db(c, tmp_path / f"county{n}.db")
        try:
            for package in order:
                _import(county, package, tmp_path)
            assert _units_of(county, a) == {NEWER: 2}, order
        finally:
            county.close()
    for package in (second, from_b, first):
        _import(c, package, tmp_path)
    post.until_quiet([a, b, c])
    _all_agree(dbs, NEWER)
    _quiet_stays_quiet(post, [a, b, c])


def test_a_later_correction_wins_though_the_townships_clock_went_back(dbs, tmp_path, clock):
    """A's PC clock was set back a day between its two corrections: the later one is dated
    before the earlier. What counts is the order A said them in, not the dates (a rule of
    the latest date would keep the first correction, which B's edit carries)."""
    post = Post(tmp_path)
    a, b, c = dbs["t1"], dbs["t2"], dbs["c"]
    x, _y = _generate(a, "镇", 2)
    post.carry(a, c)
    post.carry(a, b)
    clock.tick(60)
    _rename(a, NEW)
    first = post.package(a)
    _import(b, first, tmp_path)
    clock.now -= dt.timedelta(days=1)  # A's clock only: put right again below
    _rename(a, NEWER)
    second = post.package(a)
    clock.now += dt.timedelta(days=2)
    _edit_title(b, x.id, "王集镇改的标题")  # under the first correction, dated after both
    from_b = post.package(b)
    for n, order in enumerate(itertools.permutations([first, second, from_b])):
        county = _copy_db(c, tmp_path / f"county{n}.db")
        try:
            for package in order:
                _import(county, package, tmp_path)
            assert _units_of(county, a) == {NEWER: 2}, order
        finally:
            county.close()
    for package in (second, from_b):
        _import(c, package, tmp_path)
    post.until_quiet([a, b, c])
    _all_agree(dbs, NEWER)
    _quiet_stays_quiet(post, [a, b, c])


def _without_name_numbers(source, target):
    """The package as the version before the name's number travelled made it."""

    def old(name, data):
        if name != "records.jsonl":
            return data
        lines = []
        for line in data.decode().splitlines():
            item = json.loads(line)
            item["source"].pop("name_seq", None)
            lines.append(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
        return "".join(lines).encode()

    _rewrite_with_hash(source, target, old)
    return target


def test_packages_of_the_version_before_still_import_as_they_did(dbs, tmp_path, clock):
    """Packages without the name's number: an office that only ever had such packages of
    A's records takes A's correction as before (A's own change names them); one that has
    A's numbered correction keeps it against B's unnumbered copy of the old name."""
    post = Post(tmp_path)
    a, b, c = dbs["t1"], dbs["t2"], dbs["c"]
    x, _y, first, from_b, from_a = _start(dbs, post, clock)
    assert all("name_seq" in r["source"] for r in exchange.read_package(from_a).records)
    first = _without_name_numbers(first, tmp_path / "old_1.tzpkg")
    old_a = _without_name_numbers(from_a, tmp_path / "old_a.tzpkg")
    old_b = _without_name_numbers(from_b, tmp_path / "old_b.tzpkg")
    county = open_bureau(tmp_path / "county_of_old_packages.db", create=True)
    try:
        for package in (first, old_b, old_a):
            _import(county, package, tmp_path)
        assert activities.get_activity(county, x.id).title == "王集镇改的标题"
        assert _units_of(county, a) == {NEW: 2}
    finally:
        county.close()
    _import(c, from_a, tmp_path)
    _import(c, old_b, tmp_path)
    assert activities.get_activity(c, x.id).title == "王集镇改的标题"
    assert _units_of(c, a) == {NEW: 2}
    post.until_quiet([a, b, c])
    _all_agree(dbs, NEW)


@pytest.mark.parametrize("number", [-1, "2", True, 1.5, 2**63])
def test_a_name_number_that_is_no_count_is_a_damaged_package(dbs, tmp_path, clock, number):
    a = dbs["t1"]
    _generate(a, "镇", 1)

    def bad(name, data):
        item = json.loads(data)
        item["source"]["name_seq"] = number
        return (json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n").encode()

    target = tmp_path / "bad.tzpkg"
    _rewrite_with_hash(_package(a, tmp_path / "p.tzpkg"), target, bad)
    with pytest.raises(TaizhangError) as caught:
        exchange.read_package(target)
    assert caught.value.key == "package_damaged"


def test_an_upgraded_file_numbers_the_names_of_its_own_records(tmp_path):
    """Schema 10: a file's own records carry the name it gave them as its first word (1);
    records another office sent carry none of that office's words yet (0)."""
    path = tmp_path / "v7.db"
    shutil.copy(FIXTURES / "schema_v7.db", path)
    conn = sqlite3.connect(path)
    other = conn.execute("SELECT id FROM activities ORDER BY seq LIMIT 1").fetchone()[0]
    conn.execute("UPDATE activities SET source_db = 'another office' WHERE id = ?", (other,))
    conn.commit()
    conn.close()
    db = open_bureau(path)
    try:
        here = identity.database_id(db)
        rows = db.conn.execute("SELECT id, source_db, source_name_seq FROM activities").fetchall()
        assert len(rows) >= 3
        assert {(i == other, seq) for i, source, seq in rows} == {(True, 0), (False, 1)}
        assert all(source == here for i, source, _ in rows if i != other)
        # and the township's next correction is its second word on them
        _rename(db, "某某县科技局（更正）")
        seqs = db.conn.execute(
            "SELECT source_name_seq FROM activities WHERE source_db = ?", (here,)
        ).fetchall()
        assert set(seqs) == {(2,)}
    finally:
        db.close()


@pytest.mark.parametrize("seed", range(16))
def test_any_run_of_corrections_edits_and_late_packages_settles_on_the_last_name(
    dbs, tmp_path, clock, seed
):
    """A renames now and then; every office edits, deletes and restores A's records; packages
    go between any two offices, fresh or found late in a drawer; A's clock jumps back and
    forth. No office ever goes back to an earlier name of A's; once everyone exchanges
    until nothing changes, every office holds the same records under the name A gave them
    last, and one more round changes nothing."""
    rng = random.Random(seed)
    post = Post(tmp_path)
    a, b, c = dbs["t1"], dbs["t2"], dbs["c"]
    offices = [a, b, c]
    ids = [r.id for r in _generate(a, "镇", 3)]
    post.carry(a, c)
    post.carry(c, b)
    drawer = []  # every package made: any may turn up late
    names, seen = [OLD], {}  # A's names in the order it gave them; what each office held

    def never_back(db):
        for record, unit in db.conn.execute("SELECT id, source_unit FROM activities"):
            said = names.index(unit)
            assert said >= seen.get((id(db), record), 0), (unit, step, move)
            seen[id(db), record] = said

    for step in range(30):
        clock.tick(rng.randint(1, 90))
        move = rng.random()
        if move < 0.2:
            if rng.random() < 0.3:
                clock.now -= dt.timedelta(days=rng.randint(1, 3))  # A's clock set wrong
            names.append(f"胡集镇{step}")
            _rename(a, names[-1])
        elif move < 0.5:
            db, record = rng.choice(offices), rng.choice(ids)
            if rng.random() < 0.2:
                deleted = activities.get_activity(db, record).deleted
                activities.set_deleted(db, [record], not deleted)
            else:
                _edit_title(db, record, f"第{step}次改的标题")
        elif move < 0.8:
            sender, receiver = rng.sample(offices, 2)
            drawer.append((sender, post.package(sender)))
            _import(receiver, drawer[-1][1], tmp_path)
            never_back(receiver)
        elif drawer:
            sender, package = rng.choice(drawer)
            receiver = rng.choice([o for o in offices if o is not sender])
            _import(receiver, package, tmp_path)
            never_back(receiver)
    post.until_quiet(offices, most=8)
    last = settings.get_setting(a, settings.UNIT)
    assert _state(a)[0] == _state(b)[0] == _state(c)[0]
    for db in offices:
        assert _units_of(db, a) == {last: 3}
    _quiet_stays_quiet(post, offices)


def test_a_township_restored_from_an_older_backup_still_settles_on_its_last_name(
    dbs, tmp_path, clock
):
    """A was restored from a backup made before its first correction, then corrected its
    name again: its second correction has the number the lost first one had, and B holds an
    edit under the first. Its own change names the records where the numbers tie, so all
    three still end with the name A gave last."""
    from core import db as database

    post = Post(tmp_path)
    a, b, c = dbs["t1"], dbs["t2"], dbs["c"]
    x, _y = _generate(a, "镇", 2)
    post.carry(a, c)
    database.backup_to(a, tmp_path / "before-the-correction.db")
    clock.tick(60)
    _rename(a, NEW)
    post.carry(a, c)
    post.carry(c, b)
    clock.tick(60)
    _edit_title(b, x.id, "王集镇改的标题")
    from_b = post.package(b)
    a_id = identity.database_id(a)
    restored = test_exchange._restore_from(a, tmp_path / "before-the-correction.db")
    assert identity.database_id(restored) == a_id
    try:
        assert _units_of(restored, restored) == {OLD: 2}
        clock.tick(60)
        _rename(restored, NEWER)
        post.carry(restored, c)
        _import(c, from_b, tmp_path)
        post.until_quiet([restored, b, c])
        assert _state(restored)[0] == _state(b)[0] == _state(c)[0]
        for db in (restored, b, c):
            assert _units_of(db, restored) == {NEWER: 2}
        _quiet_stays_quiet(post, [restored, b, c])
    finally:
        restored.close()

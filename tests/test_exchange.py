"""Exchange packages (issue 12): two townships and a county as three databases."""

import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from core import (
    activities,
    attachments,
    exchange,
    history,
    identity,
    settings,
    template_book,
    template_edit,
)
from core.bureau_file import open_bureau
from core.errors import TaizhangError
from core.ledger import compute_ledger
from core.periods import parse_period
from core.template import load_template
from core.template_edit import FieldSpec, TypeSpec

UNITS = {"t1": ("胡集镇", "李四"), "t2": ("王集镇", "赵六"), "c": ("某某县科技局", "张三")}


class Clock:
    """The time every change is stamped with, moved on by hand."""

    def __init__(self):
        self.now = dt.datetime(2026, 4, 1, 9, 0, 0)

    def tick(self, minutes=1):
        self.now += dt.timedelta(minutes=minutes)
        return self.now.isoformat(timespec="seconds")


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(activities, "_now", clock.tick)
    monkeypatch.setattr(attachments, "_now", clock.tick)
    monkeypatch.setattr(exchange, "_now", clock.tick)
    return clock


@pytest.fixture
def dbs(tmp_path):
    opened = {}
    for key, (unit, staff) in UNITS.items():
        db = open_bureau(tmp_path / f"{key}.db", create=True)
        settings.set_settings(db, **{settings.UNIT: unit, settings.STAFF: staff})
        opened[key] = db
    yield opened
    for db in opened.values():
        db.close()


def _generate(db, seed, count=12):
    """Records of random types and figures; returns what was added (for the expected ledger)."""
    template = load_template(db)
    rng = random.Random(seed)
    types = [t for t in template.types if t.numeric_fields]
    added = []
    for n in range(count):
        t = rng.choice(types)
        values = {f.id: rng.randint(1, 300) for f in t.numeric_fields if f.kind == "integer"}
        date = dt.date(2026, rng.randint(1, 6), rng.randint(1, 28)).isoformat()
        draft = {"type_id": t.id, "date": date, "title": f"{seed}-{n}", "values": values}
        added.append(activities.add_activity(db, activities.validate_activity(template, draft)))
    return added


def _edit_title(db, activity_id, title):
    old = activities.get_activity(db, activity_id)
    template = load_template(db)
    draft = {"type_id": old.type_id, "date": old.date.isoformat(), "title": title,
             "values": dict(old.values), "location": old.location}  # fmt: skip
    return activities.update_activity(
        db, activity_id, activities.validate_activity(template, draft)
    )


def _package(db, path, **options):
    return exchange.export_package(db, path, everything=True, **options).path


def _import(db, path, tmp_path):
    return exchange.import_package(db, exchange.read_package(path), tmp_path / "x.db")


def _state(db):
    """Everything a merge decides, in a comparable form (not when it was written here)."""
    rows = db.conn.execute(
        "SELECT id, type_id, date, end_date, title, location, organizer, partners, audience, "
        "handler, notes, created_at, updated_at, deleted, source_unit, source_staff, source_db, "
        "rev, changed_by FROM activities ORDER BY id"
    ).fetchall()
    values = db.conn.execute(
        "SELECT a.id, v.field_id, v.number, v.text FROM activity_values v "
        "JOIN activities a ON a.seq = v.activity_seq ORDER BY a.id, v.field_id"
    ).fetchall()
    files = db.conn.execute(
        "SELECT activity_id, sha256, name, size, changed_at, deleted FROM attachments "
        "ORDER BY activity_id, sha256"
    ).fetchall()
    return rows, values, files


def _history_uids(db):
    return {r[0] for r in db.conn.execute("SELECT uid FROM activity_history")}


def _restore_from(db, backup):
    """What 从备份恢复 does: the backup's data put in place of ``db``'s (its id and home
    kept), the file opened again. A backup opened where it lies is a copy of its own."""
    from core import attachments, backups

    path = attachments.database_file(db.conn)
    backups.restore(db, path, Path(backup))
    db.close()
    return open_bureau(path)


def _copy_db(db, target):
    from core.db import backup_to

    backup_to(db, target)
    return open_bureau(target, create=True)


def test_three_databases_exchanging_in_every_order_agree(dbs, tmp_path, clock):
    t1, t2, c = dbs["t1"], dbs["t2"], dbs["c"]
    county = _generate(c, "县")
    pc = _package(c, tmp_path / "县.tzpkg")
    for township in (t1, t2):
        _import(township, pc, tmp_path)
    added = {"t1": _generate(t1, "胡集"), "t2": _generate(t2, "王集")}
    x, y = county[0], county[1]
    _edit_title(t1, x.id, "胡集镇改的标题")
    _edit_title(t2, x.id, "王集镇改的标题")  # later: the one kept everywhere
    activities.delete_activities(t1, [y.id])
    p1, p2 = _package(t1, tmp_path / "胡集.tzpkg"), _package(t2, tmp_path / "王集.tzpkg")
    pc = _package(c, tmp_path / "县2.tzpkg")

    results = []
    for n, order in enumerate(itertools.permutations([pc, p1, p2])):
        fresh = open_bureau(tmp_path / f"fresh{n}.db", create=True)
        for package in order:
            _import(fresh, package, tmp_path)
        results.append((_state(fresh), _history_uids(fresh)))
        fresh.close()
    for n, order in enumerate(itertools.permutations([p1, p2])):
        county_copy = _copy_db(c, tmp_path / f"county{n}.db")
        for package in order:
            _import(county_copy, package, tmp_path)
        results.append((_state(county_copy), _history_uids(county_copy)))
        county_copy.close()
    # the records come out the same in every order; the history holds every travelled entry
    # (and, where a conflict met this database, the conflict's own entry as well)
    assert all(state == results[0][0] for state, _ in results)
    travelled = set.union(*(_history_uids(db) for db in (t1, t2, c)))
    assert all(uids >= travelled for _, uids in results)

    for package in (p2, p1):
        _import(c, package, tmp_path)
    assert activities.get_activity(c, x.id).title == "王集镇改的标题"
    assert activities.get_activity(c, y.id).deleted
    # the county's ledger equals one computed independently over the three sources
    template = load_template(c)
    expected: dict[tuple, int] = {}
    for record in [*county, *added["t1"], *added["t2"]]:
        if record.id == y.id:
            continue
        key = ("count", record.type_id)
        expected[key] = expected.get(key, 0) + 1
        for field_id, value in record.values.items():
            expected[("field", field_id)] = expected.get(("field", field_id), 0) + value
    ledger = compute_ledger(c, template, parse_period("2026H1"))
    got = {}
    for f in ledger.figures:
        t = template.type_by_name(f.type_name)
        key = ("field", f.field_id) if f.field_id else ("count", t.id)
        if f.current:
            got[key] = f.current
    assert got == {k: v for k, v in expected.items() if k[0] == "field" or template.type(
        k[1]).count_unit}  # fmt: skip
    assert ledger.record_count == 3 * 12 - 1
    # every source is kept on its records
    units = {r[0] for r in c.conn.execute("SELECT DISTINCT source_unit FROM activities")}
    assert units == {"胡集镇", "王集镇", "某某县科技局"}


def test_a_conflict_keeps_the_newer_and_the_history_keeps_the_other_both_ways(dbs, tmp_path, clock):
    t1, c = dbs["t1"], dbs["c"]
    (x,) = _generate(c, "县", 1)
    _import(t1, _package(c, tmp_path / "0.tzpkg"), tmp_path)
    # the township edits first, the county later: the county's edit is kept on both sides
    _edit_title(t1, x.id, "乡镇的标题")
    _edit_title(c, x.id, "县里的标题")
    p1 = _package(t1, tmp_path / "1.tzpkg")
    preview = exchange.preview_import(c, exchange.read_package(p1))
    assert preview.counts["conflict"] == 1
    (conflict,) = preview.conflicts
    assert conflict.kept == "ours" and conflict.theirs_by == "胡集镇　李四"
    assert ("活动名称", "县里的标题", "乡镇的标题") in conflict.rows
    assert conflict.ours_at > conflict.theirs_at
    _import(c, p1, tmp_path)
    assert activities.get_activity(c, x.id).title == "县里的标题"
    lost = [e for e in history.history_of(c.conn, x.id) if e.action == "conflict"]
    assert lost[-1].before["title"] == "乡镇的标题" and lost[-1].after["title"] == "县里的标题"
    # and back to the township: it takes the county's title; its own stays in the history
    _import(t1, _package(c, tmp_path / "2.tzpkg"), tmp_path)
    assert activities.get_activity(t1, x.id).title == "县里的标题"
    assert _state(t1)[0] == _state(c)[0]
    # now the other way: the township's edit is the newer one
    _edit_title(c, x.id, "县里又改")
    _edit_title(t1, x.id, "乡镇又改")
    _import(c, _package(t1, tmp_path / "3.tzpkg"), tmp_path)
    assert activities.get_activity(c, x.id).title == "乡镇又改"
    lost = [e for e in history.history_of(c.conn, x.id) if e.action == "conflict"]
    assert lost[-1].before["title"] == "县里又改"
    titles = [e.after.get("title") for e in history.history_of(c.conn, x.id) if e.after]
    assert {"乡镇的标题", "县里的标题", "县里又改", "乡镇又改"} <= set(titles)


def test_a_deletion_travels_to_the_recycle_bin_and_can_be_restored(dbs, tmp_path, clock):
    t1, c = dbs["t1"], dbs["c"]
    (x,) = _generate(t1, "胡集", 1)
    _import(c, _package(t1, tmp_path / "0.tzpkg"), tmp_path)
    activities.delete_activities(t1, [x.id])
    preview = _import(c, _package(t1, tmp_path / "1.tzpkg"), tmp_path)
    assert preview.counts["deleted"] == 1
    assert activities.get_activity(c, x.id).deleted
    assert activities.restore_activities(c, [x.id]) == 1
    assert not activities.get_activity(c, x.id).deleted


def test_the_same_package_twice_changes_nothing(dbs, tmp_path, clock):
    t1, c = dbs["t1"], dbs["c"]
    records = _generate(t1, "胡集", 5)
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"jpeg" * 1000)
    attachments.attach_files(t1, records[0].id, [scan])
    package = _package(t1, tmp_path / "p.tzpkg")
    first = _import(c, package, tmp_path)
    assert first.counts["new"] == 5 and first.files_new == 1
    before = (_state(c), _history_uids(c), c.conn.execute("SELECT * FROM settings").fetchall())
    again = exchange.preview_import(c, exchange.read_package(package))
    assert again.counts == {"new": 0, "updated": 0, "deleted": 0, "conflict": 0, "unchanged": 5}
    assert not again.changes_anything and again.files_new == 0
    _import(c, package, tmp_path)
    assert (_state(c), _history_uids(c), c.conn.execute("SELECT * FROM settings").fetchall()) == (
        before
    )


def test_attachments_travel_in_packages_with_equal_sha256(dbs, tmp_path, clock):
    t1, c = dbs["t1"], dbs["c"]
    (x,) = _generate(t1, "胡集", 1)
    photo = tmp_path / "现场.png"
    photo.write_bytes(bytes(random.Random(1).randbytes(300_000)))
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    attachments.attach_files(t1, x.id, [photo])
    _import(c, _package(t1, tmp_path / "p.tzpkg"), tmp_path)
    (got,) = attachments.list_attachments(c, x.id)
    assert (got.name, got.sha256) == ("现场.png", sha)
    assert attachments.file_sha256(attachments.file_of(c, got)) == sha
    assert attachments.problems(c) == []
    # removing it travels too (to the bin, the file kept)
    attachments.set_attachment_deleted(t1, x.id, sha, True)
    _import(c, _package(t1, tmp_path / "q.tzpkg"), tmp_path)
    assert attachments.list_attachments(c, x.id) == []
    assert [a.sha256 for a in attachments.list_attachments(c, x.id, deleted=True)] == [sha]


def test_by_default_a_package_holds_what_changed_since_the_last_one(dbs, tmp_path, clock):
    t1 = dbs["t1"]
    records = _generate(t1, "胡集", 4)
    first = exchange.export_package(t1, tmp_path / "1.tzpkg")
    assert first.records == 4
    assert exchange.export_package(t1, tmp_path / "2.tzpkg").records == 0
    clock.tick(5)
    _edit_title(t1, records[2].id, "改过")
    third = exchange.export_package(t1, tmp_path / "3.tzpkg")
    assert third.records == 1
    assert [r["id"] for r in exchange.read_package(third.path).records] == [records[2].id]
    assert exchange.export_package(t1, tmp_path / "4.tzpkg", everything=True).records == 4
    period = parse_period("2026-03")
    in_march = [r for r in records if r.date.month == 3]
    only = exchange.export_package(t1, tmp_path / "5.tzpkg", everything=True, period=period)
    assert only.records == len(in_march)
    since = exchange.export_package(t1, tmp_path / "6.tzpkg", since=dt.date(2030, 1, 1))
    assert since.records == 0


def _unchanged(db):
    return _state(db), _history_uids(db)


def _rewrite(source, target, change):
    """A copy of a package with some members changed by ``change(name, data)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)


def _rewrite_with_hash(source, target, change):
    """As ``_rewrite``, with the manifest's hash and size of the records made to match: a
    package crafted by hand, not damaged on the way."""
    with zipfile.ZipFile(source) as old:
        records = change("records.jsonl", old.read("records.jsonl"))
        manifest = json.loads(old.read("manifest.json"))
    manifest["records"]["sha256"] = hashlib.sha256(records).hexdigest()
    manifest["records"]["bytes"] = len(records)

    def both(name, data):
        if name == "records.jsonl":
            return records
        if name == "manifest.json":
            return json.dumps(manifest, ensure_ascii=False).encode()
        return data

    _rewrite(source, target, both)


def test_damaged_truncated_tampered_newer_or_foreign_packages_are_refused(dbs, tmp_path, clock):
    t1, c = dbs["t1"], dbs["c"]
    (x,) = _generate(t1, "胡集", 3)[:1]
    scan = tmp_path / "a.pdf"
    scan.write_bytes(b"%PDF" * 5000)
    attachments.attach_files(t1, x.id, [scan])
    good = _package(t1, tmp_path / "good.tzpkg")
    before = _unchanged(c)

    truncated = tmp_path / "truncated.tzpkg"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    tampered = tmp_path / "tampered.tzpkg"
    _rewrite(good, tampered, lambda n, d: d.replace(b"\xe8\x83\xa1", b"\xe7\x8e\x8b")
             if n == exchange.RECORDS else d)  # fmt: skip
    swapped_file = tmp_path / "file.tzpkg"
    _rewrite(good, swapped_file, lambda n, d: b"x" * len(d) if n.startswith("files/") else d)
    newer = tmp_path / "newer.tzpkg"

    def bump(name, data):
        if name != exchange.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["version"] = exchange.FORMAT_VERSION + 1
        return json.dumps(manifest).encode()

    _rewrite(good, newer, bump)
    traversal = tmp_path / "traversal.tzpkg"
    shutil.copy(good, traversal)
    with zipfile.ZipFile(traversal, "a") as archive:
        archive.writestr("../../evil.exe", b"MZ")
    foreign = tmp_path / "foreign.tzpkg"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
    text = tmp_path / "text.tzpkg"
    text.write_text("不是交换包")

    expected = {truncated: "package_damaged", tampered: "package_damaged",
                swapped_file: "package_damaged", newer: "package_too_new",
                traversal: "package_damaged", foreign: "package_not_ours",
                text: "package_not_ours"}  # fmt: skip
    for path, key in expected.items():
        with pytest.raises(TaizhangError) as caught:
            exchange.import_package(c, exchange.read_package(path), tmp_path / "x.db")
        assert caught.value.key == key, path.name
        assert "(" in str(caught.value)  # Chinese, then English
        assert _unchanged(c) == before
    assert not list(attachments.store_dir(c).glob("*/*"))
    # and a package from this very database is not merged into itself
    with pytest.raises(TaizhangError) as caught:
        exchange.preview_import(t1, exchange.read_package(good))
    assert caught.value.key == "package_from_self"


def _add_type(db, name, fields, section=0, count_unit="次"):
    """A type of this database's own (a new uid), added as the template editor does."""
    spec = template_edit.spec_of(load_template(db))
    spec[section].types.append(
        TypeSpec(
            "", name, count_unit, fields=[FieldSpec("", label, unit) for label, unit in fields]
        )
    )
    template_edit.change_template(db, spec)


def _add_field(db, type_name, label, unit=""):
    spec = template_edit.spec_of(load_template(db))
    next(t for s in spec for t in s.types if t.name == type_name).fields.append(
        FieldSpec("", label, unit)
    )
    template_edit.change_template(db, spec)


def _rename(db, type_name, new_name, labels=None):
    """Rename a type (and some of its fields) in place: the uids stay."""
    spec = template_edit.spec_of(load_template(db))
    t = next(t for s in spec for t in s.types if t.name == type_name)
    t.name = new_name
    for f in t.fields:
        f.label = (labels or {}).get(f.label, f.label)
    template_edit.change_template(db, spec)


def _hand_template(source, target, book):
    """The template workbook handed from one database to another (issue 10)."""
    template_book.export_template(source, book)
    plan = template_book.plan_template_import(target, book)
    assert plan.ok, plan.problems
    template_book.import_template(target, plan)


def test_a_template_mismatch_is_reported_by_name_and_nothing_is_imported(dbs, tmp_path, clock):
    t1, c = dbs["t1"], dbs["c"]
    _generate(t1, "胡集", 3)
    _add_type(t1, "乡村振兴调研", [("走访户数", "户")])
    _add_field(t1, "科技培训班", "培训人数", "人")
    template = load_template(t1)
    survey, lecture = template.type_by_name("乡村振兴调研"), template.type_by_name("科技培训班")
    draft = {"type_id": survey.id, "date": "2026-05-01", "title": "调研",
             "values": {survey.fields[0].id: 12}}  # fmt: skip
    activities.add_activity(t1, activities.validate_activity(template, draft))
    trained = lecture.field_by_label("培训人数")
    draft = {"type_id": lecture.id, "date": "2026-05-02", "title": "培训",
             "values": {trained.id: 30}}  # fmt: skip
    activities.add_activity(t1, activities.validate_activity(template, draft))
    package = _package(t1, tmp_path / "p.tzpkg")
    # the county made a type of the same name on its own: another uid, not the same type
    _add_type(c, "乡村振兴调研", [("走访户数", "户")])
    before = _unchanged(c)
    with pytest.raises(TaizhangError) as caught:
        _import(c, package, tmp_path)
    assert caught.value.key == "package_template_mismatch"
    assert "乡村振兴调研" in str(caught.value) and "培训人数" in str(caught.value)
    assert _unchanged(c) == before
    # the missing type once (not its fields again), the missing field of a type we share
    problems = exchange.template_problems(c, exchange.read_package(package))
    assert len(problems) == 2 and "走访户数" not in "".join(problems)


def test_once_the_template_is_brought_level_the_package_imports(dbs, tmp_path, clock):
    t1, c = dbs["t1"], dbs["c"]
    _add_field(t1, "科技培训班", "培训人数", "人")
    template = load_template(t1)
    lecture = template.type_by_name("科技培训班")
    trained = lecture.field_by_label("培训人数")
    draft = {"type_id": lecture.id, "date": "2026-05-02", "title": "培训",
             "values": {trained.id: 30}}  # fmt: skip
    (x,) = activities.add_activities(t1, [activities.validate_activity(template, draft)])
    package = _package(t1, tmp_path / "p.tzpkg")
    with pytest.raises(TaizhangError):
        _import(c, package, tmp_path)
    _hand_template(t1, c, tmp_path / "模板.xlsx")
    assert _import(c, package, tmp_path).counts["new"] == 1
    ours = load_template(c).fields_by_id
    assert {ours[k].uid: v for k, v in activities.get_activity(c, x.id).values.items()} == {
        trained.uid: 30
    }


def test_an_import_takes_a_backup_first(dbs, tmp_path, clock, data_dir):
    t1, c = dbs["t1"], dbs["c"]
    _generate(t1, "胡集", 2)
    package = exchange.read_package(_package(t1, tmp_path / "p.tzpkg"))
    exchange.import_package(c, package, tmp_path / "c.db")
    assert list((data_dir / "backups").glob("c_*_exchange_*.db"))


def test_the_user_may_keep_the_older_side_of_a_conflict_and_it_travels(dbs, tmp_path, clock):
    t1, c = dbs["t1"], dbs["c"]
    (x,) = _generate(c, "县", 1)
    _import(t1, _package(c, tmp_path / "0.tzpkg"), tmp_path)
    _edit_title(c, x.id, "县里的标题")
    _edit_title(t1, x.id, "乡镇的标题")  # newer: the default
    package = exchange.read_package(_package(t1, tmp_path / "1.tzpkg"))
    (conflict,) = exchange.preview_import(c, package).conflicts
    assert conflict.kept == "theirs"
    exchange.import_package(c, package, tmp_path / "x.db", keep={x.id: "ours"})
    assert activities.get_activity(c, x.id).title == "县里的标题"
    # One entry says what happened: the county's clerk kept its own side, the township's
    # is the one set aside (it read as if the township's had been kept, then edited back).
    *_, last = history.history_of(c.conn, x.id)
    assert last.action == "conflict" and "选择保留自己的一方" in last.action_name
    assert last.before["title"] == "乡镇的标题" and last.after["title"] == "县里的标题"
    # the choice is a change of the county's: the township takes it without a conflict
    back = exchange.read_package(_package(c, tmp_path / "2.tzpkg"))
    preview = exchange.preview_import(t1, back)
    assert preview.counts["conflict"] == 0 and preview.counts["updated"] == 1
    exchange.import_package(t1, back, tmp_path / "x.db")
    assert activities.get_activity(t1, x.id).title == "县里的标题"


def test_a_failure_half_way_through_an_import_leaves_nothing_half_merged(
    dbs, tmp_path, clock, monkeypatch
):
    t1, c = dbs["t1"], dbs["c"]
    _generate(t1, "胡集", 6)
    package = exchange.read_package(_package(t1, tmp_path / "p.tzpkg"))
    before = _unchanged(c)
    real = activities.store_received
    calls = []

    def failing(db, activity, touched_at):
        calls.append(activity.id)
        if len(calls) == 4:
            raise OSError("killed")
        real(db, activity, touched_at)

    monkeypatch.setattr(activities, "store_received", failing)
    with pytest.raises(OSError):
        exchange.import_package(c, package, tmp_path / "x.db", backup=False)
    assert _unchanged(c) == before
    monkeypatch.setattr(activities, "store_received", real)
    assert exchange.import_package(c, package, tmp_path / "x.db").counts["new"] == 6


def test_a_zip_bomb_is_refused_before_it_is_unpacked(dbs, tmp_path, clock):
    t1 = dbs["t1"]
    _generate(t1, "胡集", 1)
    good = _package(t1, tmp_path / "good.tzpkg")
    bomb = tmp_path / "bomb.tzpkg"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        new.writestr("files/" + "0" * 64, b"\0" * 50_000_000)
    with pytest.raises(TaizhangError) as caught:
        exchange.read_package(bomb)
    assert caught.value.key == "package_damaged"


FIXTURES = Path(__file__).parent / "fixtures"


def _township_since_version_1(tmp_path):
    """A township that has used the program since schema 1 (its fields were grown by the
    upgrades, so many have other integer ids than a fresh file's) and added a type of its
    own before the county's template workbook came."""
    path = tmp_path / "胡集-v1.db"
    shutil.copy(FIXTURES / "schema_v1.db", path)
    db = open_bureau(path)
    settings.set_settings(db, **{settings.UNIT: "胡集镇", settings.STAFF: "李四"})
    _add_type(db, "科技助农直播", [("观看人次", "人次")])
    return db


def _by_uid(db):
    """Every record as its type's and fields' uids say it (what must agree across files)."""
    template = load_template(db)
    return {
        a.id: (
            template.type(a.type_id).uid,
            a.date,
            a.title,
            a.deleted,
            {template.fields_by_id[k].uid: v for k, v in a.values.items()},
        )
        for a in (
            activities.get_activity(db, i) for (i,) in db.conn.execute("SELECT id FROM activities")
        )
    }


def _expected_figures(records, template_of_uids, period):
    """The 汇总 figures summed here from the records alone: (type uid, field uid) → sum,
    and (type uid, None) → the count (one a record, or its counted-by field's value)."""
    expected: dict[tuple, float] = {}
    for type_uid, date, _title, deleted, values in records.values():
        if deleted or not (period.start <= date <= period.end):
            continue
        t = template_of_uids[type_uid]
        counting = t.counting_field
        if t.count_unit:
            count = values.get(counting.uid, 1) if counting else 1
            expected[(type_uid, None)] = expected.get((type_uid, None), 0) + count
        for field_uid, value in values.items():  # a counted-by field is the count row
            if isinstance(value, int | float) and not (counting and counting.uid == field_uid):
                expected[(type_uid, field_uid)] = expected.get((type_uid, field_uid), 0) + value
    return expected


def _ledger_figures(db, period):
    template = load_template(db)
    got = {}
    for f in compute_ledger(db, template, period).figures:
        if f.is_breakdown or not f.current:
            continue
        field_uid = template.fields_by_id[f.field_id].uid if f.field_id else None
        got[(template.type(f.type_id).uid, field_uid)] = f.current
    return got


def _generate_of(db, seed, type_uids, count):
    template = load_template(db)
    by_uid = {t.uid: t for t in template.types}
    rng = random.Random(seed)
    made = []
    for n in range(count):
        t = by_uid[type_uids[n] if n < len(type_uids) else rng.choice(type_uids)]
        values = {f.id: rng.randint(1, 300) for f in t.active_fields if f.kind == "integer"}
        date = dt.date(2026, rng.randint(1, 6), rng.randint(1, 28)).isoformat()
        draft = {"type_id": t.id, "date": date, "title": f"{seed}-{n}", "values": values}
        made.append(activities.validate_activity(template, draft))
    return activities.add_activities(db, made)


def test_files_with_the_same_uids_and_other_integer_ids_exchange_both_ways(dbs, tmp_path, clock):
    c = dbs["c"]
    t1 = _township_since_version_1(tmp_path)
    # the county's own additions, handed to the township by the template workbook
    _add_type(c, "乡村振兴调研", [("走访户数", "户"), ("座谈人数", "人")])
    _add_field(c, "科技培训班", "女性学员", "人")
    _hand_template(c, t1, tmp_path / "县模板.xlsx")
    ours, theirs = load_template(c), load_template(t1)
    assert [t.uid for t in ours.active_types] == [t.uid for t in theirs.active_types]
    their_ids = {f.uid: f.id for f in theirs.fields_by_id.values()}
    moved = [f for f in ours.fields_by_id.values() if their_ids[f.uid] != f.id]
    survey = ours.type_by_name("乡村振兴调研")
    assert theirs.type_by_name("乡村振兴调研").id != survey.id
    assert len(moved) > 30 and ours.type_by_name("科技培训班").field_by_label("女性学员") in moved
    shared = [t.uid for t in ours.active_types if any(f.kind == "integer" for f in t.fields)]
    first = [survey.uid, ours.type_by_name("科技培训班").uid]
    from_county = _generate_of(c, "县", first + shared, 40)
    from_township = _generate_of(t1, "胡集", first + shared, 40)

    records = {**_by_uid(c), **_by_uid(t1)}  # what each file holds, said by uid
    assert _import(t1, _package(c, tmp_path / "县.tzpkg"), tmp_path).counts["new"] == 40
    county_package = _package(c, tmp_path / "县.tzpkg")
    assert _import(c, _package(t1, tmp_path / "胡集.tzpkg"), tmp_path).counts["new"] == 43
    # every record on the type and fields of the same uids, in both files
    assert _by_uid(c) == _by_uid(t1) == records
    period = parse_period("2026H1")
    expected = _expected_figures(records, {t.uid: t for t in ours.types}, period)
    assert expected[(survey.uid, None)] >= 2
    assert _ledger_figures(c, period) == pytest.approx(expected)
    assert _ledger_figures(t1, period) == pytest.approx(expected)
    assert len(from_county) + len(from_township) + 3 == len(records)
    # the same package again changes nothing
    before = _unchanged(t1)
    assert not _import(t1, county_package, tmp_path).changes_anything
    assert _unchanged(t1) == before
    t1.close()


def test_the_history_of_a_record_names_the_right_type_and_fields_after_import(dbs, tmp_path, clock):
    c = dbs["c"]
    t1 = _township_since_version_1(tmp_path)
    _add_type(c, "乡村振兴调研", [("走访户数", "户")])
    _hand_template(c, t1, tmp_path / "县模板.xlsx")
    template = load_template(c)
    lecture, survey = template.type_by_name("科技培训班"), template.type_by_name("乡村振兴调研")
    attended = lecture.field_by_label("参训人次")
    draft = {"type_id": lecture.id, "date": "2026-05-02", "title": "培训",
             "values": {attended.id: 30}}  # fmt: skip
    (x,) = activities.add_activities(c, [activities.validate_activity(template, draft)])
    draft = {"type_id": survey.id, "date": "2026-05-02", "title": "培训后走访",
             "values": {survey.fields[0].id: 12}}  # fmt: skip
    activities.update_activity(c, x.id, activities.validate_activity(template, draft))
    _import(t1, _package(c, tmp_path / "p.tzpkg"), tmp_path)
    here = load_template(t1)
    shown = [history.changes(here, e) for e in history.history_of(t1.conn, x.id)]
    there = [history.changes(template, e) for e in history.history_of(c.conn, x.id)]
    assert shown == there
    assert ("活动类型", "科技培训班", "乡村振兴调研") in shown[-1]
    assert ("参训人次（人次）", "30", "") in shown[-1] and ("走访户数（户）", "", "12") in shown[-1]
    t1.close()


def test_a_type_renamed_on_one_side_matches_by_its_uid(dbs, tmp_path, clock):
    t1, c = dbs["t1"], dbs["c"]
    _rename(c, "科技培训班", "农业实用技术培训班", {"参训人次": "培训人次"})
    template = load_template(t1)
    lecture = template.type_by_name("科技培训班")
    attended = lecture.field_by_label("参训人次")
    draft = {"type_id": lecture.id, "date": "2026-05-02", "title": "培训",
             "values": {attended.id: 30}}  # fmt: skip
    (x,) = activities.add_activities(t1, [activities.validate_activity(template, draft)])
    assert _import(c, _package(t1, tmp_path / "p.tzpkg"), tmp_path).counts["new"] == 1
    got = activities.get_activity(c, x.id)
    ours = load_template(c)
    assert ours.type(got.type_id).name == "农业实用技术培训班"
    assert {ours.fields_by_id[k].label: v for k, v in got.values.items()} == {"培训人次": 30}
    # and back: the county's edit lands on the township's names
    _edit_title(c, x.id, "县里改的标题")
    _import(t1, _package(c, tmp_path / "q.tzpkg"), tmp_path)
    back = activities.get_activity(t1, x.id)
    assert (back.title, back.type_id, back.values) == (
        "县里改的标题",
        lecture.id,
        {attended.id: 30},
    )


def _as_format_1(source, target):
    """A package as format 1 wrote it: no uids in the template."""

    def old(name, data):
        if name != exchange.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["version"] = 1
        for items in manifest["template"].values():
            for item in items:
                del item["uid"]
        return json.dumps(manifest, ensure_ascii=False).encode()

    _rewrite(source, target, old)
    return target


def test_a_format_1_package_still_imports_by_the_same_id_and_name(dbs, tmp_path, clock):
    t1, c = dbs["t1"], dbs["c"]
    records = _generate(t1, "胡集", 6)
    old = _as_format_1(_package(t1, tmp_path / "p.tzpkg"), tmp_path / "old.tzpkg")
    assert exchange.read_package(old).manifest["version"] == 1
    assert _import(c, old, tmp_path).counts["new"] == 6
    assert _by_uid(c) == _by_uid(t1)
    assert [activities.get_activity(c, r.id).values for r in records] == [r.values for r in records]
    # where the ids differ it is refused by name, as format 1 always was: nothing lands amiss
    township = _township_since_version_1(tmp_path)
    before = _unchanged(township)
    with pytest.raises(TaizhangError) as caught:
        _import(township, old, tmp_path)
    assert caught.value.key == "package_template_mismatch" and "本库没有" in str(caught.value)
    assert _unchanged(township) == before
    township.close()


def test_a_package_whose_template_part_is_malformed_is_damaged(dbs, tmp_path, clock):
    t1 = dbs["t1"]
    _generate(t1, "胡集", 2)
    good = _package(t1, tmp_path / "p.tzpkg")
    for breaking in (
        lambda m: m["template"]["types"][0].pop("uid"),
        lambda m: m["template"]["fields"][0].update(id="3"),
        lambda m: m["template"].update(types={}),
        lambda m: m["template"]["types"].append(dict(m["template"]["types"][0])),
    ):

        def change(name, data, breaking=breaking):
            if name != exchange.MANIFEST:
                return data
            manifest = json.loads(data)
            breaking(manifest)
            return json.dumps(manifest).encode()

        bad = tmp_path / "bad.tzpkg"
        _rewrite(good, bad, change)
        with pytest.raises(TaizhangError) as caught:
            exchange.read_package(bad)
        assert caught.value.key == "package_damaged"


def test_the_conflict_names_the_later_of_two_authors_of_the_same_second(
    dbs, tmp_path, clock, monkeypatch
):
    t1, c = dbs["t1"], dbs["c"]
    (x,) = _generate(c, "县", 1)
    _import(t1, _package(c, tmp_path / "0.tzpkg"), tmp_path)
    _edit_title(c, x.id, "县里的标题")
    # two clerks of the township change it within one second (``at`` has whole seconds)
    monkeypatch.setattr(activities, "_now", lambda: "2026-04-01T11:00:00")
    _edit_title(t1, x.id, "李四改的")
    settings.set_settings(t1, **{settings.STAFF: "王五"})
    _edit_title(t1, x.id, "王五改的")
    (conflict,) = exchange.preview_import(
        c, exchange.read_package(_package(t1, tmp_path / "1.tzpkg"))
    ).conflicts
    assert conflict.theirs_by == "胡集镇　王五"
    assert ("活动名称", "县里的标题", "王五改的") in conflict.rows


def test_a_type_the_sender_deleted_named_only_in_the_history_names_nothing_here(
    dbs, tmp_path, clock
):
    t1, c = dbs["t1"], dbs["c"]
    _add_type(c, "县里自己的类型", [("户数", "户")])  # takes here the id 临时类型 has there
    _add_type(t1, "临时类型", [("户数", "户")])
    template = load_template(t1)
    temporary, lecture = template.type_by_name("临时类型"), template.type_by_name("科技培训班")
    draft = {"type_id": temporary.id, "date": "2026-05-02", "title": "走访"}
    (x,) = activities.add_activities(t1, [activities.validate_activity(template, draft)])
    draft = {"type_id": lecture.id, "date": "2026-05-02", "title": "走访"}
    activities.update_activity(t1, x.id, activities.validate_activity(template, draft))
    spec = template_edit.spec_of(load_template(t1))
    spec[0].types = [t for t in spec[0].types if t.name != "临时类型"]
    assert template_edit.change_template(t1, spec).count("delete") == 2  # no record uses it
    assert _import(c, _package(t1, tmp_path / "p.tzpkg"), tmp_path).counts["new"] == 1
    ours = load_template(c)
    edit = history.history_of(c.conn, x.id)[-1]
    assert edit.before["type_id"] not in ours.types_by_id  # not one of ours by chance
    assert ours.type(edit.after["type_id"]).name == "科技培训班"


@pytest.mark.parametrize("name", ["t1.db", "t1.db-wal", "c.db"])
def test_a_package_never_goes_over_a_database(dbs, tmp_path, clock, name):
    """Its own file, its -wal, another office's database: refused, each left as it was."""
    _generate(dbs["t1"], seed=3, count=2)
    _generate(dbs["c"], seed=4, count=2)
    dbs["t1"].conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    target = tmp_path / name
    before = target.read_bytes() if target.exists() else None
    with pytest.raises(TaizhangError) as refused:
        exchange.export_package(dbs["t1"], target, everything=True)
    assert refused.value.key == "output_is_database"
    assert (target.read_bytes() if target.exists() else None) == before
    assert settings.get_setting(dbs["t1"], exchange.LAST_SENT) in ("", None)
    assert activities.count_activities(dbs["c"], activities.ActivityQuery()) == 2


def _change_kind(db, type_name, label, kind):
    """The township's editor changed a field's kind: the uid stays, the kind differs."""
    spec = template_edit.spec_of(load_template(db))
    field = next(f for s in spec for t in s.types if t.name == type_name for f in t.fields
                 if f.label == label)  # fmt: skip
    field.kind = kind
    template_edit.change_template(db, spec)


def test_values_that_do_not_fit_our_fields_kind_are_refused_by_name(dbs, tmp_path, clock):
    """申请资金 made 文字 and 参训人次 made 小数 at a township: its 约5万元 and 12.5 would
    break the county's ledger (程序内部错误) or print three ways; nothing is imported."""
    t1, c = dbs["t1"], dbs["c"]
    _change_kind(t1, "项目申报", "申请资金", "text")
    _change_kind(t1, "科技培训班", "参训人次", "decimal")
    template = load_template(t1)
    apply, train = template.type_by_name("项目申报"), template.type_by_name("科技培训班")
    for kind, title, label, value in ((apply, "李集项目", "申请资金", "约5万元"),
                                      (train, "李集培训", "参训人次", "12.5")):  # fmt: skip
        draft = {"type_id": kind.id, "date": "2026-06-03", "title": title,
                 "values": {kind.field_by_label(label).id: value}}  # fmt: skip
        activities.add_activity(t1, activities.validate_activity(template, draft))
    package = _package(t1, tmp_path / "p.tzpkg")
    before = _unchanged(c)
    with pytest.raises(TaizhangError) as caught:
        _import(c, package, tmp_path)
    said = str(caught.value)
    assert caught.value.key == "package_values_unfit"
    assert "李集项目" in said and "申请资金" in said and "约5万元" in said and "小数" in said
    assert "李集培训" in said and "12.5" in said and "整数" in said
    assert _unchanged(c) == before


def test_records_dated_out_of_range_are_refused_by_name(dbs, tmp_path, clock):
    """A township's file from an older Taizhang let 1900 (Excel's day 0) through, and a
    package made by hand may hold year 1 or an end before its start: none of it may reach
    the county's ledger, whose form would refuse to save such a record again (and whose
    file refuses an end before the start: the import ended in 程序内部错误). Nothing is
    imported, and the records are named."""
    t1, c = dbs["t1"], dbs["c"]
    template = load_template(t1)
    lecture = template.type_by_name("科普讲座")
    made = {}
    for title in ("零日讲座", "倒序讲座", "元年讲座", "正常讲座"):
        draft = {"type_id": lecture.id, "date": "2026-06-03", "title": title}
        made[title] = activities.add_activity(t1, activities.validate_activity(template, draft))
    with t1.conn:  # as the older version stored it
        t1.conn.execute(
            "UPDATE activities SET date = '1900-01-01' WHERE id = ?", (made["零日讲座"].id,)
        )
    good = _package(t1, tmp_path / "p.tzpkg")

    def by_hand(name, data):
        lines = []
        for line in data.splitlines():
            item = json.loads(line)
            if item["content"]["title"] == "倒序讲座":
                item["content"]["end_date"] = "2026-06-01"
            if item["content"]["title"] == "元年讲座":
                item["content"]["date"] = "0001-06-03"
            lines.append(json.dumps(item, ensure_ascii=False).encode())
        return b"\n".join(lines) + b"\n"

    package = tmp_path / "by_hand.tzpkg"
    _rewrite_with_hash(good, package, by_hand)
    before = _unchanged(c)
    with pytest.raises(TaizhangError) as caught:
        _import(c, package, tmp_path)
    said = str(caught.value)
    assert caught.value.key == "package_dates_out_of_range", said
    assert "零日讲座" in said and "1900-01-01" in said and "1901" in said and "2999" in said
    assert "倒序讲座" in said and "2026-06-01" in said
    assert "元年讲座" in said and "0001-06-03" in said
    assert "正常讲座" not in said
    assert _unchanged(c) == before


def test_our_own_package_brings_back_what_a_restore_lost(dbs, tmp_path, clock):
    """Restored from an older backup, the clerk's own last package holds the records the
    restore lost: it imports them (it used to say 本数据库自己导出的，无需导入)."""
    from core import db as database

    t1 = dbs["t1"]
    _generate(t1, "旧", 2)
    old = tmp_path / "older-backup.db"
    database.backup_to(t1, old)
    _generate(t1, "新", 3)
    package = _package(t1, tmp_path / "sent.tzpkg")
    expected = _state(t1)
    restored = _restore_from(t1, old)
    try:
        assert len(_state(restored)[0]) == 2
        done = _import(restored, package, tmp_path)
        assert done.counts["new"] == 3
        assert _state(restored) == expected
        # and once it is all here, the same package is refused as changing nothing
        with pytest.raises(TaizhangError) as caught:
            exchange.preview_import(restored, exchange.read_package(package))
        assert caught.value.key == "package_from_self"
    finally:
        restored.close()


def test_what_is_wrong_with_a_package_path_is_said_plainly(dbs, tmp_path, clock):
    """A folder given as the package, an empty (0-byte) copy, a folder as the output:
    each said for what it is, not 不存在, 不是台账交换包 or an [Errno 21]."""
    t1 = dbs["t1"]
    _generate(t1, "胡集", 1)
    folder = tmp_path / "已有文件夹"
    folder.mkdir()
    empty = tmp_path / "复制失败.tzpkg"
    empty.write_bytes(b"")
    cases = [
        (lambda: exchange.read_package(folder), "input_is_folder"),
        (lambda: exchange.read_package(empty), "package_empty"),
        (lambda: exchange.export_package(t1, folder, everything=True), "output_is_folder"),
    ]
    for attempt, key in cases:
        with pytest.raises(TaizhangError) as caught:
            attempt()
        assert caught.value.key == key
        assert "Errno" not in str(caught.value) and ".partial" not in str(caught.value)
    assert list(folder.iterdir()) == []


def test_a_package_the_program_makes_is_one_it_takes(dbs, tmp_path, clock):
    """A note of 40,000 full-width spaces compresses 1,000 to 1: the package was refused as
    damaged (ratio) by the import, and made again just the same."""
    t1, c = dbs["t1"], dbs["c"]
    template = load_template(t1)
    lecture = template.type_by_name("科普讲座")
    draft = {"type_id": lecture.id, "date": "2026-03-01", "title": "讲座",
             "notes": "签到名单" + "\u3000" * 40000 + "完"}  # fmt: skip
    activities.add_activity(t1, activities.validate_activity(template, draft))
    done = _import(c, _package(t1, tmp_path / "p.tzpkg"), tmp_path)
    assert done.counts["new"] == 1
    assert _state(c)[0] == _state(t1)[0]


def test_many_records_of_repeated_text_travel_too(dbs, tmp_path, clock):
    """100 notes of 60,000 full-width spaces: an 18 MB records.jsonl at 400 to 1, refused as
    a bomb by a ratio check on large members (the reviewer's case)."""
    t1, c = dbs["t1"], dbs["c"]
    template = load_template(t1)
    lecture = template.type_by_name("科普讲座")
    drafts = [{"type_id": lecture.id, "date": "2026-03-01", "title": f"讲座{n}",
               "notes": f"{n}" + "\u3000" * 60000} for n in range(100)]  # fmt: skip
    activities.add_activities(t1, [activities.validate_activity(template, d) for d in drafts])
    done = _import(c, _package(t1, tmp_path / "p.tzpkg"), tmp_path)
    assert done.counts["new"] == 100


def test_a_record_too_long_to_travel_is_refused_at_the_export_by_name(
    dbs, tmp_path, clock, monkeypatch
):
    """The import's limit on a record's line is the export's too: never a package that the
    other side is told is damaged."""
    t1 = dbs["t1"]
    monkeypatch.setattr(exchange, "MAX_RECORD_LINE", 20_000)
    template = load_template(t1)
    lecture = template.type_by_name("科普讲座")
    draft = {"type_id": lecture.id, "date": "2026-03-02", "title": "长备注讲座",
             "notes": "长" * 10_000}  # fmt: skip
    activities.add_activity(t1, activities.validate_activity(template, draft))
    target = tmp_path / "p.tzpkg"
    with pytest.raises(TaizhangError) as caught:
        exchange.export_package(t1, target, everything=True)
    assert caught.value.key == "package_record_too_long" and "长备注讲座" in str(caught.value)
    assert not target.exists() and list(tmp_path.glob(".*partial")) == []


def test_an_attachment_whose_file_is_lost_is_named_on_both_sides(dbs, tmp_path, clock):
    """签到表.png lost from the township's store: the export says it left it out, the import
    says which record arrived without it (both said nothing)."""
    t1, c = dbs["t1"], dbs["c"]
    [record] = _generate(t1, "讲座", 1)
    sign, notice = tmp_path / "签到表.png", tmp_path / "通知.pdf"
    sign.write_bytes(b"\x89PNG\r\n\x1a\n signatures")
    notice.write_bytes(b"%PDF-1.4 notice")
    attachments.attach_files(t1, record.id, [sign, notice])
    lost = hashlib.sha256(sign.read_bytes()).hexdigest()
    attachments.blob_path(attachments.store_dir(t1), lost).unlink()
    made = exchange.export_package(t1, tmp_path / "p.tzpkg", everything=True)
    assert made.files == 1
    assert len(made.missing) == 1 and "签到表.png" in made.missing[0]
    assert record.title in made.missing[0]
    preview = exchange.preview_import(c, exchange.read_package(made.path))
    assert len(preview.files_absent) == 1 and "签到表.png" in preview.files_absent[0]
    assert "通知.pdf" not in "".join(preview.files_absent)


def test_a_package_made_over_an_undelivered_one_still_carries_what_that_one_held(
    dbs, tmp_path, clock
):
    """Monday's package, never taken to the county, is replaced by Tuesday's under the same
    name: the county used to get Tuesday's changes only, and Monday's never."""
    t1, c = dbs["t1"], dbs["c"]
    monday = _generate(t1, "三月讲座", 2)
    stick = tmp_path / "胡集镇.tzpkg"
    assert exchange.export_package(t1, stick).records == 2
    tuesday = _generate(t1, "四月讲座", 1)
    again = exchange.export_package(t1, stick)  # the same file, replaced
    assert again.records == 3
    _import(c, stick, tmp_path)
    titles = {a.title for a in activities.iter_activities(c, activities.ActivityQuery())}
    assert titles == {a.title for a in monday + tuesday}


def test_a_type_of_the_same_name_made_apart_is_said_to_be_another_type(dbs, tmp_path, clock):
    """The county has a 乡村振兴调研 too, made on its own: 本库没有 was untrue."""
    t1, c = dbs["t1"], dbs["c"]
    _add_type(t1, "乡村振兴调研", [("走访户数", "户")])
    template = load_template(t1)
    survey = template.type_by_name("乡村振兴调研")
    draft = {"type_id": survey.id, "date": "2026-05-01", "title": "调研"}
    activities.add_activity(t1, activities.validate_activity(template, draft))
    _add_type(c, "乡村振兴调研", [("走访户数", "户")])
    problems = exchange.template_problems(
        c, exchange.read_package(_package(t1, tmp_path / "p.tzpkg"))
    )
    [said] = problems
    assert "乡村振兴调研" in said and "本库没有" not in said and "编号不同" in said


def test_a_dry_run_reads_the_files_it_would_take(dbs, tmp_path, clock):
    """One byte of a photo flipped on the stick: the dry run said all was well (试运行), and
    only the import found it (Bad CRC-32). Now the check before it reads them too."""
    t1, c = dbs["t1"], dbs["c"]
    [record] = _generate(t1, "讲座", 1)
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(bytes(range(256)) * 40)
    attachments.attach_files(t1, record.id, [photo])
    good = _package(t1, tmp_path / "good.tzpkg")
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()

    def flip(name, data):
        return data[:100] + bytes([data[100] ^ 1]) + data[101:] if name.endswith(sha) else data

    bad = tmp_path / "bad.tzpkg"
    _rewrite(good, bad, flip)
    package = exchange.read_package(bad)
    with pytest.raises(TaizhangError) as caught:
        exchange.check_files(c, package)
    assert caught.value.key == "package_damaged"
    exchange.check_files(c, exchange.read_package(good))  # a whole package passes


def test_the_preview_counts_attachments_that_change_without_a_new_file(
    dbs, tmp_path, clock, monkeypatch
):
    """The same 签到表 on a second record, the county has the file already: 佐证材料 0 个,
    yet the import adds one to the record. The preview now says so."""
    t1, c = dbs["t1"], dbs["c"]
    first, second = _generate(t1, "讲座", 2)
    sheet = tmp_path / "签到表.pdf"
    sheet.write_bytes(b"%PDF-1.4 sign-in")
    attachments.attach_files(t1, first.id, [sheet])
    _import(c, _package(t1, tmp_path / "p1.tzpkg"), tmp_path)
    attachments.attach_files(t1, second.id, [sheet])
    preview = exchange.preview_import(c, exchange.read_package(_package(t1, tmp_path / "p2.tzpkg")))
    assert preview.files_new == 0 and preview.attachment_changes == 1
    from core import cli

    said = []
    monkeypatch.setattr(cli, "_say", said.append)
    monkeypatch.setattr(cli, "_say_error", said.append)
    cli._say_preview(preview)
    assert "佐证材料变动 1 处" in "".join(said)


def test_the_same_change_made_on_both_sides_is_no_conflict(dbs, tmp_path, clock):
    """Both clerks corrected the same title the same way: no 交换冲突 on either side (it was
    one, with nothing differing, and later twice in the county's history), and both files
    end with the same record, rev included."""
    t1, c = dbs["t1"], dbs["c"]
    (x,) = _generate(c, "县", 1)
    _import(t1, _package(c, tmp_path / "0.tzpkg"), tmp_path)

    def correct(db):  # every other field as it was (an edit of the form changes one)
        old = activities.get_activity(db, x.id)
        fixed = dataclasses.replace(old, title="更正后的标题")
        activities.update_activity(db, x.id, fixed)

    correct(t1)
    correct(c)
    preview = exchange.preview_import(c, exchange.read_package(_package(t1, tmp_path / "1.tzpkg")))
    assert preview.counts["conflict"] == 0 and not preview.conflicts
    assert preview.counts["updated"] == 1  # its revision is brought level: said, and done
    _import(c, tmp_path / "1.tzpkg", tmp_path)
    _import(t1, _package(c, tmp_path / "2.tzpkg"), tmp_path)
    for db in (c, t1):
        assert [e for e in history.history_of(db.conn, x.id) if e.action == "conflict"] == []
    assert activities.get_activity(c, x.id).rev == activities.get_activity(t1, x.id).rev
    assert _state(t1)[0] == _state(c)[0]
    # and a later change of one side is an update on the other, not a conflict
    _edit_title(t1, x.id, "乡镇再改")
    again = exchange.preview_import(c, exchange.read_package(_package(t1, tmp_path / "3.tzpkg")))
    assert again.counts["updated"] == 1 and again.counts["conflict"] == 0


def test_a_period_package_carries_a_record_moved_out_of_the_period(dbs, tmp_path, clock):
    """The 3-30 class was really on 1 April: the corrected 一季度 package held 0 records, and
    the county's Q1 kept counting it."""
    t1, c = dbs["t1"], dbs["c"]
    template = load_template(t1)
    kind = template.type_by_name("科技培训班")
    draft = {"type_id": kind.id, "date": "2026-03-30", "title": "培训班"}
    x = activities.add_activity(t1, activities.validate_activity(template, draft))
    q1 = parse_period("2026Q1")
    _import(c, exchange.export_package(t1, tmp_path / "q1.tzpkg", period=q1).path, tmp_path)
    moved = dataclasses.replace(activities.get_activity(t1, x.id), date=dt.date(2026, 4, 1))
    activities.update_activity(t1, x.id, moved)
    again = exchange.export_package(t1, tmp_path / "q1-fixed.tzpkg", period=q1)
    assert again.records == 1
    _import(c, again.path, tmp_path)
    assert activities.get_activity(c, x.id).date == dt.date(2026, 4, 1)


@pytest.mark.parametrize("value", [10**400, 10**19, float("nan"), float("inf")])
def test_a_figure_no_field_can_hold_is_refused_not_a_crash(dbs, tmp_path, clock, value):
    """A crafted package: a number past what SQLite or a ledger holds is named and refused
    (10**400 gave 程序内部错误; 10**19 failed inside the merge; NaN was stored)."""
    t1, c = dbs["t1"], dbs["c"]
    [record] = _generate(t1, "讲座", 1)
    good = _package(t1, tmp_path / "good.tzpkg")
    field_id = next(iter(activities.get_activity(t1, record.id).values))

    def tamper(name, data):
        if name != "records.jsonl":
            return data
        item = json.loads(data)
        item["content"]["values"][str(field_id)] = value
        return (json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n").encode()

    bad = tmp_path / "bad.tzpkg"
    _rewrite_with_hash(good, bad, tamper)
    before = _unchanged(c)
    with pytest.raises(TaizhangError) as caught:
        _import(c, bad, tmp_path)
    assert caught.value.key == "package_values_unfit"
    assert _unchanged(c) == before


def test_history_that_came_to_the_sender_later_travels_with_unchanged_records(dbs, tmp_path, clock):
    """王集镇 holds the county's record as it is. The county then keeps its own side of a
    conflict with 胡集镇: a 交换冲突 entry, the record's rev unchanged. The county's next
    package is all 未变 for 王集镇, and the entry never reached it until the record changed
    again: the histories differed. Now it travels."""
    t1, t2, c = dbs["t1"], dbs["t2"], dbs["c"]
    (x,) = _generate(c, "县", 1)
    _import(t1, _package(c, tmp_path / "0.tzpkg"), tmp_path)
    _edit_title(t1, x.id, "乡镇的标题")
    _edit_title(c, x.id, "县里的标题")  # later: the county keeps its own
    _import(t2, _package(c, tmp_path / "0b.tzpkg"), tmp_path)  # 王集镇 has the county's
    _import(c, _package(t1, tmp_path / "1.tzpkg"), tmp_path)  # the county's 交换冲突
    package = _package(c, tmp_path / "2.tzpkg")
    preview = exchange.preview_import(t2, exchange.read_package(package))
    assert preview.counts == {"new": 0, "updated": 0, "deleted": 0, "conflict": 0,
                              "unchanged": 1}  # fmt: skip
    assert preview.history_new == 2 and preview.changes_anything  # 胡集镇 edit, 交换冲突
    _import(t2, package, tmp_path)
    assert _history_uids(t2) == _history_uids(c)


def _units(db):
    return dict(
        db.conn.execute(
            "SELECT source_unit, count(*) FROM activities GROUP BY source_unit"
        ).fetchall()
    )


def test_a_township_that_corrects_its_name_is_one_unit_at_the_county_too(dbs, tmp_path, clock):
    """The township renamed its own records, but the county kept the old name on what it had:
    its ledger then showed the township twice (its records split over two 填报单位)."""
    t1, c = dbs["t1"], dbs["c"]
    _generate(t1, "镇", 3)
    _import(c, exchange.export_package(t1, tmp_path / "1.tzpkg").path, tmp_path)
    settings.set_settings(t1, rename_records=True, **{settings.UNIT: "胡集镇人民政府"})
    _generate(t1, "镇2", 1)
    # the next package, of what changed since the last one, carries the new name
    _import(c, exchange.export_package(t1, tmp_path / "2.tzpkg").path, tmp_path)
    assert _units(c) == {"胡集镇人民政府": 4}
    # and the county's own package back changes nothing of it at the township
    _import(t1, _package(c, tmp_path / "3.tzpkg"), tmp_path)
    assert _units(t1) == {"胡集镇人民政府": 4}
    assert _state(t1)[0] == _state(c)[0]


def test_a_name_correction_keeps_the_countys_edit_and_reaches_it(dbs, tmp_path, clock):
    """The county corrected a township record; the township then corrected its name. The
    county's edit is newer and stays, and the record still takes the township's new name
    (the name is the township's to say), on both sides, after a round each way."""
    t1, c = dbs["t1"], dbs["c"]
    (x, y) = _generate(t1, "镇", 2)
    _import(c, _package(t1, tmp_path / "1.tzpkg"), tmp_path)
    clock.tick(60)
    settings.set_settings(t1, rename_records=True, **{settings.UNIT: "胡集镇人民政府"})
    _edit_title(c, x.id, "县里改的标题")
    _import(c, exchange.export_package(t1, tmp_path / "2.tzpkg").path, tmp_path)
    _import(t1, _package(c, tmp_path / "3.tzpkg"), tmp_path)
    for db in (c, t1):
        assert activities.get_activity(db, x.id).title == "县里改的标题"
        assert _units(db) == {"胡集镇人民政府": 2}
    _import(c, _package(t1, tmp_path / "4.tzpkg"), tmp_path)
    assert _state(t1)[0] == _state(c)[0]


def test_a_field_the_county_deleted_comes_back_archived_with_the_townships_figures(
    dbs, tmp_path, clock
):
    """The county deleted 咨询 (no record of its own used it) after handing the template
    out; every later package of a township that had used it was refused for a field
    “本库没有”, though the township held the county's template."""
    t1, c = dbs["t1"], dbs["c"]
    _add_field(c, "科技培训班", "咨询", "人次")
    _hand_template(c, t1, tmp_path / "模板.xlsx")
    template = load_template(t1)
    lecture = template.type_by_name("科技培训班")
    asked = lecture.field_by_label("咨询")
    draft = {"type_id": lecture.id, "date": "2026-05-02", "title": "培训",
             "values": {asked.id: 30, lecture.field_by_label("参训人次").id: 50}}  # fmt: skip
    (x,) = activities.add_activities(t1, [activities.validate_activity(template, draft)])
    spec = template_edit.spec_of(load_template(c))
    training = next(t for s in spec for t in s.types if t.name == "科技培训班")
    training.fields = [f for f in training.fields if f.label != "咨询"]
    template_edit.change_template(c, spec)  # deleted: no record here has it
    assert load_template(c).type_by_name("科技培训班").field_by_label("咨询") is None

    package = exchange.read_package(_package(t1, tmp_path / "p.tzpkg"))
    preview = exchange.preview_import(c, package)
    assert preview.restored == ["指标“科技培训班 / 咨询”"]
    _import(c, _package(t1, tmp_path / "p2.tzpkg"), tmp_path)
    back = load_template(c).type_by_name("科技培训班").field_by_label("咨询")
    assert back is not None and back.archived and back.uid == asked.uid
    got = activities.get_activity(c, x.id).values
    assert got[back.id] == 30 and len(got) == 2
    assert _ledger_figures(c, parse_period("2026Q2"))[(lecture.uid, asked.uid)] == 30
    # said in the template's history too
    assert any(e.uid == asked.uid for e in template_edit.template_history(c))


def test_a_record_new_here_that_arrives_deleted_is_counted_as_new_in_the_bin(dbs, tmp_path, clock):
    """The county's first preview said 删除 2 for two records it never had (the township
    had deleted them before it sent its package): nothing of the county's is deleted."""
    t1, c = dbs["t1"], dbs["c"]
    kept, gone = _generate(t1, "镇", 2)
    activities.delete_activities(t1, [gone.id])
    preview = exchange.preview_import(c, exchange.read_package(_package(t1, tmp_path / "p.tzpkg")))
    assert (preview.counts["new"], preview.counts["deleted"], preview.new_in_bin) == (2, 0, 1)
    _import(c, _package(t1, tmp_path / "p2.tzpkg"), tmp_path)
    assert activities.get_activity(c, gone.id).deleted
    assert not activities.get_activity(c, kept.id).deleted


def test_a_name_correction_reaches_a_third_office_through_the_county(dbs, tmp_path, clock):
    """The county kept its own newer edit of a township record and took the township's new
    name for it, but wrote that name under its old rev: a third office holding that rev
    already never learned of the name, and its ledger still showed the old 填报单位."""
    t1, t2, c = dbs["t1"], dbs["t2"], dbs["c"]
    (x, y) = _generate(t1, "镇", 2)
    _import(c, _package(t1, tmp_path / "1.tzpkg"), tmp_path)
    clock.tick(60)
    _edit_title(c, x.id, "县里改的标题")
    _import(t2, _package(c, tmp_path / "2.tzpkg"), tmp_path)  # the county's edit, old name
    clock.tick(60)
    settings.set_settings(t1, rename_records=True, **{settings.UNIT: "胡集镇人民政府"})
    _import(c, exchange.export_package(t1, tmp_path / "3.tzpkg").path, tmp_path)
    assert activities.get_activity(c, x.id).title == "县里改的标题"  # the newer edit stays
    _import(t2, _package(c, tmp_path / "4.tzpkg"), tmp_path)
    assert activities.get_activity(t2, x.id).title == "县里改的标题"
    assert _units_of(t2, t1) == {"胡集镇人民政府": 2}
    # and it all settles: one more round each way changes nothing anywhere
    _import(t1, _package(c, tmp_path / "5.tzpkg"), tmp_path)
    _import(c, _package(t1, tmp_path / "6.tzpkg"), tmp_path)
    _import(t2, _package(c, tmp_path / "7.tzpkg"), tmp_path)
    assert _state(t1)[0] == _state(c)[0]
    assert _units_of(t1, t1) == _units_of(c, t1) == _units_of(t2, t1) == {"胡集镇人民政府": 2}


def _units_of(db, source):
    """The 填报单位 of the records first saved in ``source``, with how many."""
    return dict(
        db.conn.execute(
            "SELECT source_unit, count(*) FROM activities WHERE source_db = ? GROUP BY source_unit",
            (identity.database_id(source),),
        ).fetchall()
    )


def test_a_type_the_county_deleted_comes_back_archived_with_the_townships_records(
    dbs, tmp_path, clock
):
    """The county deleted 新品种新技术示范 (none of its records used it) after handing the
    template out; every later package of a township that had used it was refused, whole."""
    t1, c = dbs["t1"], dbs["c"]
    _hand_template(c, t1, tmp_path / "模板.xlsx")
    template = load_template(t1)
    shown = template.type_by_name("新品种新技术示范")
    area = shown.field_by_label("示范面积")
    draft = {"type_id": shown.id, "date": "2026-05-02", "title": "示范",
             "values": {area.id: 120}}  # fmt: skip
    (x,) = activities.add_activities(t1, [activities.validate_activity(template, draft)])
    _delete_type(c, "新品种新技术示范")  # deleted: no record here has it
    assert shown.uid not in {t.uid for t in load_template(c).types}

    package = exchange.read_package(_package(t1, tmp_path / "p.tzpkg"))
    preview = exchange.preview_import(c, package)
    assert preview.restored == ["活动类型“新品种新技术示范”", "指标“新品种新技术示范 / 示范面积”"]
    _import(c, _package(t1, tmp_path / "p2.tzpkg"), tmp_path)
    after = load_template(c)
    (back,) = [t for t in after.types if t.uid == shown.uid]
    assert back.archived and back.name == "新品种新技术示范"
    section = next(s for s in after.sections if back in s.types)
    assert section.name == "七、农业农村科技"
    field_back = back.field_by_label("示范面积")
    assert field_back.uid == area.uid and not field_back.archived  # its type is archived
    got = activities.get_activity(c, x.id)
    assert got.type_id == back.id and got.values == {field_back.id: 120}
    assert _ledger_figures(c, parse_period("2026Q2"))[(shown.uid, area.uid)] == 120


def _delete_type(db, name):
    spec = template_edit.spec_of(load_template(db))
    for s in spec:
        s.types = [t for t in s.types if t.name != name]
    template_edit.change_template(db, spec)


def _talent_record(t1, tmp_path):
    template = load_template(t1)
    shown = template.type_by_name("人才引进")
    people = shown.field_by_label("人数")
    draft = {"type_id": shown.id, "date": "2026-05-02", "title": "引进", "values": {people.id: 5}}
    activities.add_activities(t1, [activities.validate_activity(template, draft)])
    return shown


def test_a_type_brought_back_keeps_its_counting_and_the_figures_agree(dbs, tmp_path, clock):
    """人才引进 (counted by 人数) came back without its 计数方式: the township's 汇总 said
    人数 5, the county's a count of 1 and a separate 人数 row of 5. (Review finding.)"""
    t1, c = dbs["t1"], dbs["c"]
    _hand_template(c, t1, tmp_path / "模板.xlsx")
    shown = _talent_record(t1, tmp_path)
    _delete_type(c, "人才引进")
    _import(c, _package(t1, tmp_path / "p.tzpkg"), tmp_path)
    (back,) = [t for t in load_template(c).types if t.uid == shown.uid]
    assert back.archived and back.counting_field.uid == shown.counting_field.uid
    mine = {
        k: v for k, v in _ledger_figures(t1, parse_period("2026Q2")).items() if k[0] == shown.uid
    }
    theirs = {
        k: v for k, v in _ledger_figures(c, parse_period("2026Q2")).items() if k[0] == shown.uid
    }
    assert mine == theirs == {(shown.uid, None): 5}


def test_a_type_brought_back_under_a_name_taken_again_is_refused_in_the_preview(
    dbs, tmp_path, clock
):
    """The county deleted 人才引进 and made a new one of that name: the preview said the old
    one would come back, then the import failed in the template editor's words."""
    t1, c = dbs["t1"], dbs["c"]
    _hand_template(c, t1, tmp_path / "模板.xlsx")
    _talent_record(t1, tmp_path)
    _delete_type(c, "人才引进")
    spec = template_edit.spec_of(load_template(c))
    spec[0].types.append(template_edit.TypeSpec("", "人才引进", "人"))
    template_edit.change_template(c, spec)
    package = exchange.read_package(_package(t1, tmp_path / "p.tzpkg"))
    with pytest.raises(TaizhangError) as refused:
        exchange.preview_import(c, package)
    assert refused.value.key == "package_template_mismatch"
    assert "人才引进" in str(refused.value)

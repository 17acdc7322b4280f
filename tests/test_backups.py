"""Backups: checked copies, kept for 7 days, 8 weeks and 12 months; restores that lose nothing."""

import datetime as dt
import hashlib
import os
import threading
from pathlib import Path

import pytest

from core import activities as A
from core import backups, bureau_file, settings
from core import db as database
from core.errors import TaizhangError
from core.sample_data import generate_activities
from core.template import load_template


def content_hash(db) -> str:
    """The data, not the file: every row of every table of ours, in a stable order."""
    digest = hashlib.sha256()
    for table in ("settings", "sections", "activity_types", "fields", "activities",
                  "activity_values", "activity_history"):  # fmt: skip
        # A backup also records what it is a backup of (backup_of), a file where it lives
        # (database_home, core/identity.py): not the data.
        for row in db.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
            if table == "settings" and row[0] in ("backup_of", "database_home"):
                continue
            digest.update(repr(row).encode())
    return digest.hexdigest()


def fill(db, template, count=300, seed=1):
    data = generate_activities(template, count, dt.date(2026, 1, 1), dt.date(2026, 12, 31), seed)
    return A.add_activities(db, data)


def test_a_backup_is_a_whole_checked_copy(db, db_path, template, data_dir):
    fill(db, template)
    backup = backups.take_backup(db, db_path, "manual")
    assert backup.path.parent == data_dir / "backups"
    assert backup.path.name.startswith(f"{db_path.stem}_") and backup.reason == "manual"
    backups.check_backup(backup.path)
    copy = bureau_file.open_bureau(backup.path, read_only=True)
    assert content_hash(copy) == content_hash(db)
    assert backups.list_backups(db_path) == [backup]
    assert not [p for p in backup.path.parent.iterdir() if "partial" in p.name]


def test_backup_while_another_connection_writes(db, db_path, template):
    writer = bureau_file.open_bureau(db_path, create=True)
    stop = threading.Event()
    t = template.type_by_name("科普讲座")

    def keep_writing():
        n = 0
        while not stop.is_set():
            draft = {"type_id": t.id, "date": "2026-04-01", "title": f"并发 {n}"}
            A.add_activities(writer, [A.validate_activity(template, draft)] * 5)
            n += 1

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        taken = [backups.take_backup(db, db_path, "manual") for _ in range(5)]
    finally:
        stop.set()
        thread.join()
    counts = []
    for backup in taken:
        copy = bureau_file.open_bureau(backup.path, read_only=True)
        assert database.integrity_problems(copy) == []
        count = A.count_activities(copy, A.ActivityQuery())
        assert count % 5 == 0  # whole bursts only: one consistent state
        counts.append(count)
    assert counts == sorted(counts)


def test_restore_round_trip_gives_the_same_content(db, db_path, template):
    fill(db, template)
    before = content_hash(db)
    backup = backups.take_backup(db, db_path, "manual")
    stored = fill(db, template, 50, seed=2)
    A.delete_activities(db, [a.id for a in stored[:10]])
    settings.set_settings(db, **{settings.UNIT: "改了名字"})
    assert content_hash(db) != before
    changed = content_hash(db)
    saved = backups.restore(db, db_path, backup.path)
    assert content_hash(db) == before
    assert saved.reason == "restore"  # and the data from before the restore is kept
    assert content_hash(bureau_file.open_bureau(saved.path, read_only=True)) == changed


def test_restore_refuses_what_is_not_a_backup(db, db_path, tmp_path):
    bogus = tmp_path / "x.db"
    bogus.write_bytes(b"no" * 5000)
    before = content_hash(db)
    with pytest.raises(TaizhangError) as caught:
        backups.restore(db, db_path, bogus)
    assert caught.value.key == "backup_not_database"
    assert content_hash(db) == before


def a_change(db) -> None:
    """One record added: the file is no longer as its newest backup holds it."""
    template = load_template(db)
    kind = template.type_by_name("科普讲座")
    A.add_activity(db, A.validate_activity(template, {"type_id": kind.id, "date": "2026-03-01",
                                                      "title": "又一条"}))  # fmt: skip


def test_daily_backup_only_when_the_newest_is_older_than_a_day(db, db_path):
    start = dt.datetime(2026, 3, 1, 9, 0)
    assert backups.backup_if_due(db, db_path, start) is not None
    a_change(db)
    assert backups.backup_if_due(db, db_path, start + dt.timedelta(hours=23)) is None
    later = backups.backup_if_due(db, db_path, start + dt.timedelta(hours=25))
    assert later is not None and later.reason == "daily"


def test_retention_over_400_days(db, db_path, data_dir):
    """A fake clock: one start and one quit a day for 400 days, then what is kept."""
    day0 = dt.datetime(2025, 1, 1, 8, 30)
    for day in range(400):
        morning = day0 + dt.timedelta(days=day)
        backups.take_backup(db, db_path, "daily", morning)
        backups.take_backup(db, db_path, "quit", morning + dt.timedelta(hours=9))
    kept = backups.list_backups(db_path)
    last = day0 + dt.timedelta(days=399, hours=9)
    assert kept[0].taken == last and kept[0].reason == "quit"
    days = {b.taken.date() for b in kept}
    # the last 7 days, each by its newest backup (the one at quitting), and all of the
    # last 24 hours (that day's morning backup too)
    for back in range(7):
        assert (last - dt.timedelta(days=back)).date() in days
    recent = [b for b in kept if last - b.taken < dt.timedelta(hours=24)]
    assert [b.reason for b in recent] == ["quit", "daily"]
    assert all(b.reason == "quit" for b in kept if b not in recent)
    weeks = {b.taken.isocalendar()[:2] for b in kept}
    months = {(b.taken.year, b.taken.month) for b in kept}
    assert len(weeks) >= 8 and len(months) == 12
    assert len(kept) <= 7 + 8 + 12 + 1
    # nothing older than a year and a month survives
    assert min(b.taken for b in kept) > last - dt.timedelta(days=366 + 31)
    assert len(list((data_dir / "backups").iterdir())) == len(kept)


def test_prune_keeps_the_newest_of_each_period():
    def b(text):
        taken = dt.datetime.fromisoformat(text)
        return backups.Backup(Path(text), "t", taken, "daily")

    same_day = [b("2026-03-02T09:00"), b("2026-03-02T18:00")]
    assert backups.kept(same_day, dt.datetime(2026, 3, 4)) == {Path("2026-03-02T18:00")}
    assert backups.kept(same_day, dt.datetime(2026, 3, 2, 19)) == {b.path for b in same_day}


def test_the_copy_before_an_upgrade_and_a_damaged_file_stay_a_year():
    """They went with the next day's rotation: the way back for a PC still on the old
    version, and a damaged file that may hold what no backup has."""

    def b(text, reason):
        return backups.Backup(
            Path(f"{text} {reason}"), "t", dt.datetime.fromisoformat(text), reason
        )

    made = [b("2026-03-02T09:00", "migration"), b("2026-03-02T10:00", "damaged"),
            b("2026-03-02T17:00", "quit"), b("2026-03-03T18:00", "quit")]  # fmt: skip

    assert backups.kept(made, dt.datetime(2026, 3, 10)) == {b.path for b in made}
    assert backups.kept(made, dt.datetime(2027, 3, 10)) == {made[2].path, made[3].path}


def test_newest_good_skips_a_broken_backup(db, db_path):
    good = backups.take_backup(db, db_path, "manual", dt.datetime(2026, 1, 1))
    broken = backups.take_backup(db, db_path, "manual", dt.datetime(2026, 1, 2))
    broken.path.write_bytes(b"\x00" * 4096)
    assert backups.newest_good(db_path) == good


def flip_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for page in range(3, len(data) // 4096, 7):
        data[page * 4096 : page * 4096 + 8] = b"\xff" * 8
    path.write_bytes(data)


def test_a_damaged_file_is_refused_untouched_and_restored_from_a_backup(tmp_path, data_dir):
    path = tmp_path / "台账 数据.db"
    db = bureau_file.open_bureau(path, create=True)
    template = load_template(db)
    fill(db, template, 500)
    good = backups.take_backup(db, path, "manual")
    expected = content_hash(db)
    db.close()
    flip_pages(path)
    damaged = path.read_bytes()
    with pytest.raises(TaizhangError) as caught:
        bureau_file.open_bureau(path, create=True)
    assert caught.value.key == "db_damaged" and "损坏" in caught.value.zh
    assert path.read_bytes() == damaged and not Path(f"{path}-wal").exists()
    looked = bureau_file.open_bureau(
        path, read_only=True, create=True
    )  # to look at, writing nothing
    looked.close()
    assert path.read_bytes() == damaged
    assert backups.newest_good(path) == good
    aside = backups.restore_over_damaged(path, good.path)
    assert aside.path.read_bytes() == damaged  # the damaged file is kept, not thrown away
    assert content_hash(bureau_file.open_bureau(path, create=True)) == expected


def test_migration_takes_a_backup_first(tmp_path, data_dir):
    import shutil

    path = tmp_path / "v1.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_v1.db", path)
    original = path.read_bytes()
    bureau_file.open_bureau(path, create=True)
    (backup,) = backups.list_backups(path)
    assert backup.reason == "migration"
    copy = database.open_snapshot(backup.path)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert len(original) > 0


def test_backup_into_a_full_disk_is_a_clear_error(db, db_path, monkeypatch):
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(database.os, "replace", full)
    with pytest.raises(TaizhangError) as caught:
        backups.take_backup(db, db_path, "manual")
    assert caught.value.key == "backup_disk_full"
    assert backups.list_backups(db_path) == []


def test_a_backup_dated_in_the_future_does_not_stop_the_daily_one(db, db_path, data_dir):
    """Issue 9, finding 12: on 80e8515 one backup dated 2030 meant no daily backup until
    2030, and the real backups were pruned first."""
    now = dt.datetime(2026, 3, 10, 9, 0)
    future = backups.take_backup(db, db_path, "manual", dt.datetime(2030, 1, 1))
    daily = backups.backup_if_due(db, db_path, now)
    assert daily is not None and daily.reason == "daily"
    for day in range(1, 40):  # a clerk's next weeks, the clock right again
        a_change(db)
        backups.backup_if_due(db, db_path, now + dt.timedelta(days=day))
    listed = backups.list_backups(db_path)
    assert listed[-1] == future  # kept, but never the newest
    assert listed[0].taken == now + dt.timedelta(days=39)
    recent = [b for b in listed[:-1] if b.taken.date() > (now + dt.timedelta(days=32)).date()]
    assert len(recent) == 7  # the real last week, each day kept
    assert backups.newest_good(db_path).taken == now + dt.timedelta(days=39)


def test_debris_of_killed_backups_and_restores_is_cleaned(db, db_path, data_dir):
    """Issue 9, finding 11: on 80e8515 partial backups and .restoring files stayed forever."""
    folder = data_dir / "backups"
    folder.mkdir(parents=True)
    old = folder / ".taizhang_20260101-090000_daily.db.4242.partial"
    fresh = folder / ".taizhang_20260101-090000_daily.db.4243.partial"
    restoring = db_path.with_name(".taizhang-4242.restoring")
    for path in (old, fresh, restoring):
        path.write_bytes(b"x" * 1000)
    day_ago = __import__("time").time() - 86400
    os.utime(old, (day_ago, day_ago))
    os.utime(restoring, (day_ago, day_ago))
    backups.take_backup(db, db_path, "manual")
    assert not old.exists() and fresh.exists()  # fresh: perhaps another backup under way
    bureau_file.open_bureau(db_path).close()
    assert not restoring.exists()


def test_a_change_committed_while_a_restore_waits_is_in_the_backup_before_it(db, db_path,
                                                                             data_dir):  # fmt: skip
    """The backup of the data before a restore was taken before the restore waited for
    the write lock: a change another program committed meanwhile was in neither file."""
    import subprocess
    import sys
    import time

    good = backups.take_backup(db, db_path, "manual", dt.datetime(2026, 1, 1))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None, "
         "timeout=30); c.execute('BEGIN IMMEDIATE'); c.execute(\"UPDATE settings SET value = "
         "'提交于等待时' WHERE key = 'staff_name'\"); print('holding', flush=True); "
         "time.sleep(2); c.execute('COMMIT')", str(db_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "holding"
    started = time.monotonic()

    saved = backups.restore(db, db_path, good.path)

    holder.wait(timeout=30)
    assert time.monotonic() - started > 1  # it did wait for the other writer
    with backups.readable(saved.path) as before:
        (staff,) = before.execute("SELECT value FROM settings WHERE key = 'staff_name'").fetchone()
    assert staff == "提交于等待时"


def test_a_damaged_file_another_program_has_open_is_said_to_be_in_use(
    tmp_path, data_dir, monkeypatch
):
    """Windows refuses to delete or replace a file another program has open (sharing
    violation, a PermissionError): the restore said the *backups folder* was read-only."""
    path = tmp_path / "台账 数据.db"
    db = bureau_file.open_bureau(path, create=True)
    fill(db, load_template(db), 50)
    good = backups.take_backup(db, path, "manual")
    db.close()
    flip_pages(path)
    Path(f"{path}-wal").write_bytes(b"\0" * 32)  # held open by the other program too
    damaged = path.read_bytes()
    real_unlink = Path.unlink

    def in_use(self, *args, **kwargs):
        if self.name.startswith(path.name):
            error = PermissionError(13, "The process cannot access the file", str(self))
            error.winerror = 32  # ERROR_SHARING_VIOLATION, as Windows says it
            raise error
        return real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", in_use)
    monkeypatch.setattr(Path, "replace", lambda self, target: in_use(Path(target)))

    with pytest.raises(TaizhangError) as caught:
        backups.restore_over_damaged(path, good.path)

    assert caught.value.key == "restore_while_open", caught.value
    assert path.read_bytes() == damaged and Path(f"{path}-wal").is_file()
    assert not list(tmp_path.glob(".taizhang-*.restoring"))


def test_a_restore_whose_evidence_cannot_be_brought_back_replaces_nothing(
    db, db_path, template, tmp_path, monkeypatch
):
    """The files come back before the data is replaced: a full disk then leaves the data as
    it was, as the window says (未恢复), never the backup's data without its files."""
    import shutil

    from core import attachments

    record = fill(db, template, 20)[0]
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"photo" * 1000)
    attachments.attach_files(db, record.id, [photo])
    backup = backups.take_backup(db, db_path, "manual")
    fill(db, template, 5, seed=2)
    before = content_hash(db)
    store = attachments.store_dir_for(db_path)
    shutil.rmtree(store)  # a new PC: the files are in the backup only
    real_copyfile = shutil.copyfile

    def full_where_the_store_is(source, target, *args, **kwargs):
        if str(target).startswith(str(store)):
            raise OSError(28, "No space left on device")
        return real_copyfile(source, target, *args, **kwargs)

    monkeypatch.setattr(attachments.shutil, "copyfile", full_where_the_store_is)
    with pytest.raises(TaizhangError):
        backups.restore(db, db_path, backup.path)

    assert content_hash(db) == before


def test_a_restore_killed_once_the_data_is_replaced_leaves_the_file_its_own_id(
    db, db_path, tmp_path, monkeypatch
):
    """Another database's file restored (``restore FILE --yes``): the copy that replaces
    the data already carries this file's id; no second step can be missed by a kill."""
    from core import identity

    own = identity.ensure_database_id(db)
    other = bureau_file.open_bureau(tmp_path / "乡镇.db", create=True)
    theirs = identity.ensure_database_id(other)
    other.close()
    real_copy_into = database.copy_into

    class Killed(BaseException):
        pass

    def copy_then_killed(*args, **kwargs):
        real_copy_into(*args, **kwargs)
        raise Killed

    monkeypatch.setattr(backups.database, "copy_into", copy_then_killed)
    with pytest.raises(Killed):
        backups.restore(db, db_path, tmp_path / "乡镇.db")

    assert theirs != own
    assert identity.database_id(db) == own

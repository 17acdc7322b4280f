"""A copied file (a year-end archive, a colleague's try-out) carried the original's id:
the backups of the two are told apart by the file each was taken from (the fault
sweep's f03: the copy's prune deleted the original's only week-old backup, and
``backups`` of the original listed the copy's). Opened, a copy now takes an id of its own
(core/identity.py): the original's backups are listed apart in the copy, as those of the
file it was copied from, and the copy's are not the original's at all."""

import datetime as dt
import shutil
import sqlite3

import pytest

from core import activities as A
from core import backups, cli, identity
from core.bureau_file import open_bureau
from core.template import load_template

NOW = dt.datetime(2024, 6, 3, 9, 0, 0)  # and 14 months on: never "in the future"


def _made(path):
    db = open_bureau(path, create=True)
    template = load_template(db)
    kind = template.type_by_name("科技培训班")
    draft = {"type_id": kind.id, "date": "2026-03-05", "title": "原件"}
    A.add_activity(db, A.validate_activity(template, draft))
    return db


def _backup(path, when, reason="manual"):
    db = open_bureau(path)
    try:
        return backups.take_backup(db, path, reason, when)
    finally:
        db.close()


@pytest.fixture
def original_and_copy(tmp_path, data_dir):
    original, copy = tmp_path / "p1.db", tmp_path / "副本" / "p2.db"
    _made(original).close()
    copy.parent.mkdir()
    shutil.copy(original, copy)
    return original, copy


def test_a_copy_never_prunes_nor_lists_as_its_own_the_backups_of_the_original(
    original_and_copy,
):
    original, copy = original_and_copy
    week_ago = NOW - dt.timedelta(days=7)
    only = _backup(original, week_ago.replace(hour=9))  # the original's only backup
    _backup(copy, week_ago.replace(hour=10))  # the same day, later: the day's newest
    newest = _backup(copy, NOW)  # the copy's prune ran here
    assert only.path.exists()
    assert backups.list_backups(original) == [only]
    db = open_bureau(original)
    try:
        assert backups.list_backups(db) == [only]
    finally:
        db.close()
    assert backups.newest_good(original) == only
    assert only not in backups.list_backups(copy)
    assert backups.list_backups(copy)[0] == newest
    # listed apart, and still restorable by name
    assert [b.path for b in backups.other_files_backups(copy)] == [only.path]
    # the copy is another database now: its backups are none of the original's
    assert identity.read_from_file(copy)[0] != identity.read_from_file(original)[0]
    assert backups.other_files_backups(original) == []


def test_the_backups_from_before_a_file_was_moved_are_kept_apart(tmp_path, data_dir):
    before, after = tmp_path / "旧位置.db", tmp_path / "新位置" / "旧位置.db"
    _made(before).close()
    old = [_backup(before, NOW - dt.timedelta(days=d)) for d in (40, 20, 10, 3)]
    after.parent.mkdir()
    shutil.move(before, after)
    for day in range(30):  # a month of daily backups at the new place
        db = open_bureau(after)
        try:
            backups.backup_if_due(db, after, NOW + dt.timedelta(days=day))
        finally:
            db.close()
    assert all(b.path.exists() for b in old)
    assert not set(b.path for b in old) & set(b.path for b in backups.list_backups(after))
    assert {b.path for b in backups.other_files_backups(after)} == {b.path for b in old}


def test_a_backup_that_does_not_say_its_file_is_listed_but_never_pruned(tmp_path, data_dir):
    path = tmp_path / "台账.db"
    _made(path).close()
    unsaid = _backup(path, NOW - dt.timedelta(days=300))
    with sqlite3.connect(unsaid.path) as conn:  # as a version before the path was kept
        conn.execute("DELETE FROM settings WHERE key = ?", (identity.BACKUP_OF,))
    conn.close()
    for day in range(0, 430, 10):  # 14 months on: its month is long past the 12 kept
        _backup(path, NOW + dt.timedelta(days=day))
    assert unsaid.path.exists()
    assert unsaid in backups.list_backups(path)


def test_backups_lists_those_of_another_file_apart(original_and_copy, capsys):
    original, copy = original_and_copy
    theirs = _backup(original, NOW - dt.timedelta(hours=2))
    mine = _backup(copy, NOW - dt.timedelta(hours=1))
    assert cli.main(["--db", str(copy), "backups"]) == 0
    out = capsys.readouterr().out
    own, _, apart = out.partition("\n\n")
    assert str(mine.path) in own and str(theirs.path) not in own
    assert str(theirs.path) in apart and str(original.resolve()) in apart
    assert cli.main(["--db", str(original), "backups"]) == 0
    assert str(mine.path) not in capsys.readouterr().out


def test_backup_out_never_goes_over_a_backup_of_the_copy(original_and_copy, capsys):
    original, copy = original_and_copy
    theirs = _backup(copy, NOW)
    before = theirs.path.read_bytes()
    assert cli.main(["--db", str(original), "backup", "--out", str(theirs.path)]) == 1
    assert "数据库" in capsys.readouterr().err
    assert theirs.path.read_bytes() == before

"""What killed writes leave is cleaned by the next run of the same job (the fault sweep's
f11: 49 MB ``.incoming-*.partial`` files in the store, ``.p.tzpkg.*.partial`` beside a
package, ``backups/attachments/xx/.*.partial`` stayed, even 3 days old). Only our own
names, only those older than ``outputs.STALE_AFTER_SECONDS`` (a second window may be
writing a fresh one), never anyone else's file."""

import os
import time

import pytest

from core import activities as A
from core import attachments, backups, bureau_file, exchange, outputs
from core.template import load_template

SHA = "ab" + "0" * 62
OLD = time.time() - 3 * 86400
FRESH = time.time() - outputs.STALE_AFTER_SECONDS / 2


def _leave(path, when):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * 100)
    os.utime(path, (when, when))
    return path


def _record(db):
    template = load_template(db)
    kind = template.type_by_name("科技培训班")
    draft = {"type_id": kind.id, "date": "2026-03-05", "title": "有佐证"}
    return A.add_activity(db, A.validate_activity(template, draft))


def _debris(folder, names):
    """Each name left twice, 3 days old and fresh; returns (old ones, fresh ones)."""
    old = [_leave(folder / name.format(n="1"), OLD) for name in names]
    fresh = [_leave(folder / name.format(n="2"), FRESH) for name in names]
    return old, fresh


# Not ours by name (another program's, a clerk's file), though old and named .partial.
NOT_OURS = ["照片.jpg.partial", ".incoming-x.partial", "下载.tzpkg.partial", "ab/.notes.partial"]


@pytest.fixture
def evidence(tmp_path):
    path = tmp_path / "签到表.jpg"
    path.write_bytes(os.urandom(1000))
    return path


def test_an_attach_cleans_what_killed_attaches_left_in_the_store(db, db_path, evidence):
    store = attachments.store_dir_for(db_path)
    old, fresh = _debris(store, [".incoming-{n}a1b2c3d4e5f.partial"])
    others = [_leave(store / name, OLD) for name in NOT_OURS]
    attachments.attach_files(db, _record(db).id, [evidence])
    assert [p.exists() for p in old] == [False]
    assert all(p.exists() for p in fresh + others)


def test_a_backup_cleans_what_killed_evidence_copies_left(db, db_path, data_dir, evidence):
    attachments.attach_files(db, _record(db).id, [evidence])
    store = data_dir / "backups" / attachments.BACKUP_STORE
    old, fresh = _debris(store, [f"ab/.{SHA}.{{n}}1b2c3d4.partial"])
    others = [_leave(store / name, OLD) for name in NOT_OURS]
    backups.take_backup(db, db_path, "manual")
    assert [p.exists() for p in old] == [False]
    assert all(p.exists() for p in fresh + others)


def test_a_restore_cleans_what_killed_copies_left_in_the_store(db, db_path, data_dir, evidence):
    attachments.attach_files(db, _record(db).id, [evidence])
    backup = backups.take_backup(db, db_path, "manual")
    store = attachments.store_dir_for(db_path)
    old, fresh = _debris(store, [f"ab/.{SHA}.{{n}}1b2c3d4.partial"])
    backups.restore(db, db_path, backup.path)
    assert [p.exists() for p in old] == [False]
    assert all(p.exists() for p in fresh)


def test_a_package_export_cleans_what_killed_exports_left_beside_it(db, tmp_path):
    _record(db)
    out = tmp_path / "交换包"
    names = [".p.tzpkg.{n}a9c97d1.partial", ".胡集镇-李四-2026-04-01.tzpkg.{n}0000000.partial"]
    old, fresh = _debris(out, names)
    others = [_leave(out / name, OLD) for name in NOT_OURS]
    exchange.export_package(db, out / "p.tzpkg", everything=True)
    assert [p.exists() for p in old] == [False, False]
    assert all(p.exists() for p in fresh + others)


# What SQLite makes beside a file it writes: a killed copy leaves them with it.
COMPANIONS = ["", "-journal", "-wal", "-shm"]


def test_a_backup_cleans_what_killed_backups_left_with_their_companions(db, db_path, data_dir):
    """R2 (re-check of finding 11): ``.t.db.<pid>.partial-journal`` stayed, 2 days old."""
    folder = data_dir / "backups"
    names = [f".{db_path.stem}_20261202-160058_manual_1f3a.db.{{n}}23.partial{c}" for c in
             COMPANIONS]  # fmt: skip
    old = [_leave(folder / name.format(n="1"), OLD) for name in names]
    fresh = [_leave(folder / name.format(n="2"), time.time() - 60) for name in names]
    others = [_leave(folder / name, OLD) for name in NOT_OURS + [".t.db.1.partial-x"]]
    backups.take_backup(db, db_path, "manual")
    assert [p.name for p in old if p.exists()] == []
    assert all(p.exists() for p in fresh + others)


def test_opening_the_file_cleans_what_killed_restores_and_creations_left(db, db_path):
    """R2: a restore killed during its copy left ``..taizhang-<pid>.restoring.<pid>.partial``
    (a full-size copy) beside the database, still there after a later restore, 7 h old."""
    names = [f"..taizhang-{{n}}2.restoring.{{n}}2.partial{c}" for c in COMPANIONS]
    names += [f".taizhang-{{n}}2.restoring{c}" for c in COMPANIONS]
    names += [f".taizhang-{{n}}2-0a1b2c3d.creating{c}" for c in COMPANIONS]
    old, fresh = _debris(db_path.parent, names)
    others = [_leave(db_path.parent / name, OLD) for name in NOT_OURS + ["..taizhang-1.x"]]
    db.close()
    bureau_file.open_bureau(db_path).close()
    assert [p.name for p in old if p.exists()] == []
    assert all(p.exists() for p in fresh + others)


# The folder check's probe (db.cannot_write_in): a kill in the moment it exists left it.
PROBE = ".taizhang-{n}4321.probe"


def test_opening_the_file_cleans_a_folder_checks_probe_a_kill_left(db, db_path):
    old, fresh = _debris(db_path.parent, [PROBE])
    others = [_leave(db_path.parent / name, OLD) for name in [".taizhang-1.probe.jpg", "x.probe"]]
    db.close()
    bureau_file.open_bureau(db_path).close()
    assert [p.exists() for p in old] == [False]
    assert all(p.exists() for p in fresh + others)


def test_a_backup_cleans_a_folder_checks_probe_a_kill_left(db, db_path, data_dir):
    old = [_leave(data_dir / "backups" / PROBE.format(n="1"), OLD)]
    backups.take_backup(db, db_path, "manual")
    assert [p.exists() for p in old] == [False]


def test_the_folder_check_cleans_a_probe_a_kill_left_in_the_folder_it_asks(tmp_path):
    """A ``backup --out`` folder is cleaned by nothing else: the next check there does."""
    from core import db as database

    old, fresh = _debris(tmp_path, [PROBE])
    assert not database.cannot_write_in(tmp_path)
    assert [p.exists() for p in old] == [False] and all(p.exists() for p in fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in fresh)

"""A backup is all or nothing (the fault sweep's f08): the disk fills while its evidence
files are copied → no backup is listed, nothing it made is left, and the message is
about the backup (it said 刚才的修改没有保存, of a backup)."""

import errno
import os
import shutil

import pytest

from core import activities as A
from core import attachments, backups, cli
from core.errors import TaizhangError
from core.template import load_template


@pytest.fixture
def with_evidence(db, tmp_path):
    template = load_template(db)
    kind = template.type_by_name("科技培训班")
    draft = {"type_id": kind.id, "date": "2026-03-05", "title": "有佐证"}
    record = A.add_activity(db, A.validate_activity(template, draft))
    files = []
    for n in range(3):
        path = tmp_path / f"签到表{n}.jpg"
        path.write_bytes(os.urandom(2000) + bytes([n]))
        files.append(path)
    attachments.attach_files(db, record.id, files)
    return record


def _disk_fills_at_the_second_file(monkeypatch):
    real = shutil.copyfile
    copies = []

    def copyfile(source, target, *args, **kwargs):
        copies.append(target)
        if len(copies) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(attachments.shutil, "copyfile", copyfile)
    return copies


def _left_in(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_backup_whose_evidence_does_not_fit_is_no_backup(
    db, db_path, data_dir, with_evidence, tmp_path, monkeypatch
):
    folder = data_dir / "backups"
    earlier = backups.take_backup(db, db_path, "manual")
    before = _left_in(folder)
    more = [tmp_path / "照片1.jpg", tmp_path / "照片2.jpg"]  # files the earlier one lacks
    for n, path in enumerate(more):
        path.write_bytes(os.urandom(3000) + bytes([n]))
    attachments.attach_files(db, with_evidence.id, more)
    copies = _disk_fills_at_the_second_file(monkeypatch)
    with pytest.raises(TaizhangError) as caught:
        backups.take_backup(db, db_path, "daily")
    assert len(copies) == 2  # it failed on the evidence, not before
    assert caught.value.key == "backup_disk_full"
    assert "备份" in caught.value.zh and "修改没有保存" not in caught.value.zh
    assert backups.list_backups(db_path) == [earlier]  # not listed, not offered first
    assert backups.newest_good(db_path) == earlier
    assert _left_in(folder) == before  # nothing it made: no .db, no file, no .partial


def test_a_backup_out_whose_evidence_does_not_fit_is_no_backup(
    db, db_path, data_dir, with_evidence, tmp_path, capsys, monkeypatch
):
    out = tmp_path / "U盘" / "备份.db"
    out.parent.mkdir()
    _disk_fills_at_the_second_file(monkeypatch)
    code = cli.main(["--db", str(db_path), "backup", "--out", str(out)])
    _, err = capsys.readouterr()
    assert code == 1
    assert "备份" in err and "修改没有保存" not in err and "Traceback" not in err
    assert _left_in(out.parent) == []


def test_a_whole_backup_carries_every_file(db, db_path, data_dir, with_evidence):
    backup = backups.take_backup(db, db_path, "manual")
    store = attachments.backup_store(backup.path)
    for a in attachments.list_attachments(db, with_evidence.id):
        assert (
            attachments.blob_path(store, a.sha256).read_bytes()
            == attachments.file_of(db, a).read_bytes()
        )


def test_a_restore_from_a_backup_that_lacks_evidence_says_so(
    db, db_path, data_dir, with_evidence, capsys
):
    """A half-made backup of an older version: the data comes back, and the restore says
    how many evidence files did not (it said 已从备份恢复 and no more)."""
    backup = backups.take_backup(db, db_path, "manual")
    store = attachments.backup_store(backup.path)
    lost = attachments.list_attachments(db, with_evidence.id)[0]
    attachments.blob_path(store, lost.sha256).unlink()  # what the old version left out
    shutil.rmtree(attachments.store_dir_for(db_path))  # later the evidence folder is lost
    db.close()
    assert cli.main(["--db", str(db_path), "restore", str(backup.path)]) == 0
    out = capsys.readouterr().out
    assert "已从备份" in out
    assert "1 个佐证材料文件" in out and "check" in out

"""Nothing lost: a full disk, a read-only folder, network shares and synced folders.

The disk-full and read-only tests mount a small tmpfs (CI runs as root); where that is
not allowed they are skipped, saying why.
"""

import datetime as dt
import errno
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from core import activities as A
from core import backups, bureau_file, location
from core import db as database
from core.errors import TaizhangError
from core.ledger import compute_ledger
from core.periods import parse_period
from core.sample_data import generate_activities
from core.template import load_template


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB file system of our own, unmounted afterwards."""
    point = tmp_path / "小 磁盘"
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(point)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


def fill_disk(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as out:
        for chunk in (65536, 4096, 512, 1):  # to the last byte
            try:
                while True:
                    out.write(b"\0" * chunk)
            except OSError as error:
                assert error.errno == errno.ENOSPC
    return filler


def test_disk_full_while_saving_loses_nothing(small_disk):
    path = small_disk / "台账.db"
    db = bureau_file.open_bureau(path, create=True)
    template = load_template(db)
    kept = A.add_activities(db, generate_activities(template, 50, dt.date(2026, 1, 1),
                                                    dt.date(2026, 3, 31)))  # fmt: skip
    filler = fill_disk(small_disk)
    big = generate_activities(template, 5000, dt.date(2026, 1, 1), dt.date(2026, 3, 31), seed=9)
    with pytest.raises(TaizhangError) as caught:
        A.add_activities(db, big)
    assert caught.value.key == "db_disk_full" and "磁盘空间不足" in caught.value.zh
    assert A.count_activities(db, A.ActivityQuery()) == len(kept)
    filler.unlink()
    A.add_activities(db, big[:10])  # space again: saving works, nothing was damaged
    assert A.count_activities(db, A.ActivityQuery()) == len(kept) + 10
    assert database.integrity_problems(db) == []
    db.close()


def test_disk_full_while_exporting_keeps_the_old_file(small_disk, db, template):
    from core.xlsx import export_ledger

    A.add_activities(db, generate_activities(template, 3000, dt.date(2026, 1, 1),
                                             dt.date(2026, 3, 31)))  # fmt: skip
    target = small_disk / "台账.xlsx"
    target.write_bytes(b"last quarter's ledger")
    fill_disk(small_disk)
    with pytest.raises(TaizhangError) as caught:
        export_ledger(compute_ledger(db, template, parse_period("2026Q1")), target)
    assert caught.value.key == "export_disk_full"
    assert target.read_bytes() == b"last quarter's ledger"
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler.bin", "台账.xlsx"]


def test_disk_full_while_backing_up(small_disk, db, db_path, template):
    A.add_activities(db, generate_activities(template, 3000, dt.date(2026, 1, 1),
                                             dt.date(2026, 3, 31)))  # fmt: skip
    fill_disk(small_disk)
    with pytest.raises(TaizhangError) as caught:
        backups.take_backup(db, db_path, "manual", folder=small_disk)
    assert caught.value.key == "backup_disk_full"
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler.bin"]


def test_a_read_only_data_folder_is_a_clear_message(small_disk):
    path = small_disk / "台账.db"
    bureau_file.open_bureau(path, create=True).close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(TaizhangError) as caught:
        bureau_file.open_bureau(path, create=True)
    assert caught.value.key in ("db_folder_read_only", "db_cannot_open")
    assert "只读" in caught.value.zh or "无法打开" in caught.value.zh
    looked = bureau_file.open_bureau(path, read_only=True)  # still readable
    assert A.count_activities(looked, A.ActivityQuery()) == 0


MOUNTS = """\
sysfs /sys sysfs rw 0 0
/dev/sda1 / ext4 rw 0 0
//server/share /mnt/bureau cifs rw 0 0
server:/export /home/clerk/nfs nfs4 rw 0 0
/dev/sdb1 /mnt/bureau/local\\040disk ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("folder", "kind"),
    [
        ("/mnt/bureau/台账", "cifs"),
        ("/home/clerk/nfs/a/b", "nfs4"),
        ("/home/clerk/文档", "ext4"),
        ("/mnt/bureau/local disk/x", "ext4"),
    ],
)
def test_mount_types_are_read_from_the_mount_table(tmp_path, folder, kind):
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS, encoding="utf-8")
    assert location.mount_type(Path(folder), str(mounts)) == kind


def test_a_database_on_a_network_share_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(location, "is_network_path", lambda folder: True)
    with pytest.raises(TaizhangError) as caught:
        bureau_file.open_bureau(tmp_path / "台账.db", create=True)
    assert caught.value.key == "db_on_network" and "网络" in caught.value.zh
    assert not (tmp_path / "台账.db").exists()


@pytest.mark.parametrize("folder", ["OneDrive - 某某县科技局", "百度网盘", "Nutstore", "坚果云"])
def test_a_database_in_a_synced_folder_is_refused(tmp_path, folder):
    synced = tmp_path / folder / "台账"
    synced.mkdir(parents=True)
    with pytest.raises(TaizhangError) as caught:
        bureau_file.open_bureau(synced / "taizhang.db", create=True)
    assert caught.value.key == "db_in_cloud_folder"
    assert list(synced.iterdir()) == []


def test_backups_and_exports_may_go_to_a_synced_folder(db, db_path, tmp_path):
    synced = tmp_path / "OneDrive" / "备份"
    synced.mkdir(parents=True)
    assert backups.take_backup(db, db_path, "manual", folder=synced).path.exists()


def test_chinese_and_spaced_paths_everywhere(tmp_path):
    folder = tmp_path / "科技局 台账" / f"二〇二六 {uuid.uuid4().hex[:4]}"
    folder.mkdir(parents=True)
    db = bureau_file.open_bureau(folder / "我的 数据.db", create=True)
    assert backups.take_backup(db, folder / "我的 数据.db", "manual").path.exists()
    assert os.path.exists(folder / "我的 数据.db")

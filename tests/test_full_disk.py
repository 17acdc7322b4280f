"""Full disks: under an export, a list, and under the database itself (reading goes on).

From the office-fault sweep (findings 7, 9, 10, 11, 12, 14); each test says how it
failed on 8db8a35."""

import errno
import gc
import os
import sqlite3
import sys

from core import db as database
from tests.file_faults import add, no_traceback, run


def test_a_full_disk_under_an_export_leaves_no_traceback(capsys, tmp_path, monkeypatch):
    """f09: the message, then "Exception ignored in: <generator object
    WorksheetWriter.get_stream>" and a traceback (the sheet's writer was left half-way)."""
    from core.xlsx import writer

    db = tmp_path / "a.db"
    rows = tmp_path / "a.csv"  # enough that the zip writes while a sheet is being written
    rows.write_text("日期,活动类型,活动名称,备注\n" + "".join(
        f"2026-05-05,科普讲座,记录{n},{os.urandom(20).hex()}\n" for n in range(2000)
    ), encoding="utf-8")  # fmt: skip
    assert run(capsys, "--db", db, "import", rows)[0] == 0
    real_open = open

    class FullDisk:
        def __init__(self, file):
            self.file, self.written = file, 0

        def write(self, data):
            self.written += len(data)
            if self.written > 30000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.file.write(data)

        def __getattr__(self, name):
            return getattr(self.file, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    monkeypatch.setattr(writer, "open", lambda *a, **k: FullDisk(real_open(*a, **k)),
                        raising=False)  # fmt: skip
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    code, _, err = run(capsys, "--db", db, "export", "--period", "2026", "--out", tmp_path)
    gc.collect()
    assert code == 1 and "磁盘" in err
    assert unraisable == []
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob(".~taizhang-*"))


def test_list_out_to_a_full_disk_says_so(capsys, tmp_path, monkeypatch):
    """f09: "导出失败：[Errno 28] No space left on device"."""
    db = tmp_path / "a.db"
    add(capsys, db)
    real_replace = os.replace

    def full(source, target):
        if str(target).endswith("l.csv"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", full)
    code, _, err = run(capsys, "--db", db, "list", "--out", tmp_path / "l.csv")
    assert code == 1 and "磁盘空间不足" in err and "disk is full" in err
    no_traceback(err)
    assert not (tmp_path / "l.csv").exists() and not (tmp_path / ".l.csv.partial").exists()


class _NoRoomForTheShm(sqlite3.Connection):
    """What SQLite says when the -shm cannot grow on a full disk (SQLITE_IOERR_SHMSIZE)."""

    def execute(self, *args):
        raise sqlite3.OperationalError("disk I/O error")


def on_a_full_disk(monkeypatch) -> None:
    def connect(path):
        return sqlite3.connect(str(path), factory=_NoRoomForTheShm, check_same_thread=False)

    monkeypatch.setattr(database, "_connect", connect)
    monkeypatch.setattr(database, "free_bytes", lambda folder: 0, raising=False)


def test_a_database_on_a_full_disk_can_still_be_read(capsys, tmp_path, monkeypatch):
    """f09: with the database's own disk 100 % full even `list` and `check` said
    "无法打开数据库…：disk I/O error" (SQLite could not grow the -shm)."""
    db = tmp_path / "a.db"
    add(capsys, db, "满盘也能看")
    on_a_full_disk(monkeypatch)
    code, out, err = run(capsys, "--db", db, "list")
    assert code == 0 and "满盘也能看" in out
    code, out, err = run(capsys, "--db", db, "check")
    assert code == 0 and "通过" in out
    code, _, err = run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-05-06",
                       "--title", "写不进")  # fmt: skip
    assert code == 1 and "磁盘已满" in err and "disk" in err and "full" in err
    no_traceback(err)

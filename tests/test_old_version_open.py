"""An older version's file open in the older version is not upgraded under it: its next
save would fail (NOT NULL constraint failed: activity_history.uid).

From the office-fault sweep (findings 7, 9, 10, 11, 12, 14); each test says how it
failed on 8db8a35."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core import db as database
from tests.file_faults import FIXTURES, a_backup, no_traceback, run

HOLD_AS_THE_OLD_VERSION_DOES = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM activities").fetchone()
print("open", flush=True)
time.sleep(60)
"""

HOLD_THE_OLD_WINDOWS_LOCK = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
assert lock.tryLock(0)
print("open", flush=True)
time.sleep(60)
"""


def an_old_file(tmp_path) -> Path:
    path = tmp_path / "旧版.db"
    shutil.copy(FIXTURES / "schema_v2.db", path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")  # as the old version kept it
    conn.close()
    return path


def holding(script: str, *argv) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, argv)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "open"
    return holder


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="SQLite's locks asked on Linux")
def test_an_old_file_open_in_another_program_is_not_upgraded_under_it(capsys, tmp_path, data_dir):
    """f07: a mere `list` upgraded the file the old version had open; the old window's
    next save failed with "NOT NULL constraint failed: activity_history.uid"."""
    path = an_old_file(tmp_path)
    holder = holding(HOLD_AS_THE_OLD_VERSION_DOES, path)
    try:
        for command in (["list"], ["check"], ["add", "--type", "科普讲座", "--date",
                                              "2026-05-05", "--title", "新"]):  # fmt: skip
            code, _, err = run(capsys, "--db", path, *command)
            assert code == 1 and "正被" in err and "关闭" in err and "close" in err.lower()
            no_traceback(err)
            assert user_version(path) == 2
    finally:
        holder.kill()
        holder.wait()
    code, _, err = run(capsys, "--db", path, "list")  # closed: the upgrade goes ahead
    assert code == 0 and "升级" in err
    assert user_version(path) == database.SCHEMA_VERSION


def test_an_old_file_held_by_an_old_window_is_not_upgraded(capsys, tmp_path, data_dir, monkeypatch):
    """The old version's window holds a QLockFile in the temp folder (gui/single_instance.py
    at 80e8515): it is asked too (on Windows SQLite's locks cannot be)."""
    temp = tmp_path / "临时"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    path = an_old_file(tmp_path)
    name = hashlib.sha256(os.path.normcase(str(path.absolute())).encode()).hexdigest()[:20]
    holder = holding(HOLD_THE_OLD_WINDOWS_LOCK, temp / f"taizhang-{name}.lock")
    before = path.read_bytes()
    try:
        code, _, err = run(capsys, "--db", path, "list")
        assert code == 1 and "旧版本的台账" in err and "older Taizhang" in err
        assert user_version(path) == 2
        # nor is it restored over, as a file that could not be opened would be
        backup = a_backup(capsys, tmp_path / "另一个.db", data_dir)
        code, _, err = run(capsys, "--db", path, "restore", backup, "--yes")
        assert code == 1 and "旧版本的台账" in err
        assert path.read_bytes() == before
        assert not list((data_dir / "backups").glob("*_damaged_*"))
    finally:
        holder.kill()
        holder.wait()
    # a lock left by a window that is gone (killed) holds nothing
    assert run(capsys, "--db", path, "list")[0] == 0
    assert user_version(path) == database.SCHEMA_VERSION

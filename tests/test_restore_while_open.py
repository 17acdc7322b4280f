"""``restore`` from the command line while the clerk's window has the same file open is
refused: by SQLite's own lock on the file (any program, Linux), and by the window's
one-window-per-file lock (``gui/single_instance.py``; also where SQLite's locks cannot be
asked, Windows). Each test runs real processes: the window, and ``main.py`` as the IT
person runs it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

HOLD_AS_THE_WINDOW_DOES = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from gui import app as gui_app
from gui.session import Session
qt = gui_app.create_application()
path = Path(sys.argv[1])
assert gui_app.claim(path)  # the window's one-window-per-file lock
session = Session(path)  # its connections, as the window opens them
session.reader.execute("SELECT count(*) FROM activities").fetchone()
# On Linux a process's locks on a file go with the first descriptor of it closed, whoever
# opened it (gui/file_dialogs.py: Qt's file dialog reading the file for its icon did).
os.close(os.open(path, os.O_RDONLY))
print("open", flush=True)
time.sleep(60)
"""


@pytest.fixture
def env(tmp_path):
    return {
        **os.environ,
        "TAIZHANG_DATA_DIR": str(tmp_path / "数据"),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(tmp_path / "运行"),  # the window's lock: the same for both
    }


def taizhang(env, *argv) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, argv)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


ADD = ["add", "--type", "科普讲座", "--date", "2026-03-05", "--title"]


def a_file(tmp_path, env) -> Path:
    (tmp_path / "运行").mkdir(mode=0o700)
    db = tmp_path / "库.db"
    assert (
        taizhang(
            env, "--db", db, "settings", "--unit", "某某县科技局", "--staff", "张三"
        ).returncode
        == 0
    )
    assert taizhang(env, "--db", db, *ADD, "原有").returncode == 0
    return db


def backed_up_then_added_to(tmp_path, env, db, reason="manual") -> Path:
    if reason == "manual":
        assert taizhang(env, "--db", db, "backup").returncode == 0
    (backup,) = (tmp_path / "数据" / "backups").glob(f"库_*_{reason}_*.db")
    assert taizhang(env, "--db", db, *ADD, "之后").returncode == 0
    return backup


def refused_then_restored(env, db, backup, holder) -> None:
    try:
        done = taizhang(env, "--db", db, "restore", backup)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "正被另一个程序使用" in done.stderr and "Traceback" not in done.stderr
        assert "之后" in taizhang(env, "--db", db, "list").stdout  # nothing was restored
    finally:
        holder.terminate()
        holder.wait(timeout=60)
    done = taizhang(env, "--db", db, "restore", backup)  # once the window is closed
    assert done.returncode == 0, done.stderr
    assert "之后" not in taizhang(env, "--db", db, "list").stdout


def test_restore_is_refused_while_the_window_has_the_file_open(tmp_path, env):
    """The window itself (``main.py --db``), up until its daily backup is made."""
    if sys.platform == "win32":
        pytest.skip("the window's lock is tested below; SQLite's is POSIX here")
    db = a_file(tmp_path, env)
    window = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db)],
        env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list((tmp_path / "数据" / "backups").glob("库_*_daily_*.db")):  # it is up
        assert window.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
    backup = backed_up_then_added_to(tmp_path, env, db, "daily")
    refused_then_restored(env, db, backup, window)


def test_restore_is_refused_while_a_window_holds_the_file_whose_sqlite_locks_are_gone(
    tmp_path, env
):
    """SQLite's lock alone was asked (and on Windows nothing at all): once anything in
    the window's process had closed a descriptor of the file, the restore went ahead and
    replaced the data under the open window."""
    db = a_file(tmp_path, env)
    backup = backed_up_then_added_to(tmp_path, env, db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_AS_THE_WINDOW_DOES, str(db), str(ROOT)],
        env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "open"
    refused_then_restored(env, db, backup, holder)

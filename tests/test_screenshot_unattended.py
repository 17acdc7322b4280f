"""``--screenshot`` is for scripts and CI, with no one at the screen: a box that would wait
for a person (N7: ``--db`` a folder, offscreen) hung for ever. Its words go to stderr
instead, and the run ends with 1, no picture taken."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def screenshot(tmp_path, db) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "TAIZHANG_DATA_DIR": str(tmp_path / "数据"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--screenshot", str(tmp_path / "图.png"),
         "--db", str(db)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["folder", "empty file"])
def test_a_box_that_would_wait_for_a_person_is_said_on_stderr(tmp_path, kind):
    db = tmp_path / "台账.db"
    if kind == "folder":
        db.mkdir()
    else:
        db.write_bytes(b"")
    done = screenshot(tmp_path, db)  # on 70eb7e3 this never ended (the timeout)
    assert done.returncode == 1
    said = "是一个文件夹，不是数据库文件" if kind == "folder" else "0 字节"
    assert said in done.stderr
    assert not (tmp_path / "图.png").exists()
    if kind == "empty file":
        assert db.read_bytes() == b""  # nothing was chosen for the clerk

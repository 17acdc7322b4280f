"""Killed at any moment, nothing saved is lost and nothing is half-written.

A child process adds records in bursts of 20 (one transaction each) and says after
each commit which burst it saved; it is killed with SIGKILL at a random moment, 50
times over the same database.
"""

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from core import activities as A
from core import bureau_file
from core import db as database

CHILD = Path(__file__).parent / "crash_writer.py"
BURST = 20
KILLS = 50


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_kill_at_random_moments_loses_nothing(tmp_path):
    path = tmp_path / "崩溃 测试.db"
    bureau_file.open_bureau(path, create=True).close()
    rng = random.Random(20261128)
    reported: set[int] = set()
    next_burst = 0
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(path), str(BURST), str(next_burst)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines: list[str] = []
        ready = threading.Event()

        def read(child=child, lines=lines, ready=ready):
            for line in child.stdout:
                lines.append(line.strip())
                ready.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert ready.wait(30), "the child never started"
        time.sleep(rng.uniform(0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait()
        reader.join()
        saved = [int(line.split()[1]) for line in lines if line.startswith("saved")]
        reported.update(saved)
        next_burst = max([next_burst - 1, *saved]) + 2  # never reuse a burst number

        db = bureau_file.open_bureau(path, create=True)  # quick_check on the way in
        assert database.integrity_problems(db) == []
        sizes = dict(
            db.conn.execute("SELECT notes, count(*) FROM activities GROUP BY notes").fetchall()
        )
        for burst in reported:
            assert sizes.get(f"burst-{burst}") == BURST, f"burst {burst} reported saved"
        assert set(sizes.values()) <= {BURST}, "a burst was half-written"
        db.close()
    assert len(reported) > KILLS, "too few bursts were saved to test anything"
    final = bureau_file.open_bureau(path, create=True)
    assert A.count_activities(final, A.ActivityQuery()) >= len(reported) * BURST

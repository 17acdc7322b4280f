"""A clerk-test file run again under a real X server (Xvfb, the xcb platform), where the
key bindings are X11's (the offscreen platform has Windows' ones)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNDER_X = "TAIZHANG_TEST_UNDER_X"  # set in the child run under Xvfb


@contextlib.contextmanager
def x_server() -> Iterator[dict[str, str]]:
    """A fresh Xvfb (1366x768, no window manager: the keys go where the focus is, as on a
    desktop); yields the environment a child needs to use it on the xcb platform."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    try:
        with os.fdopen(read) as said:
            display = said.readline().strip()
        assert display, "Xvfb gave no display"
        env = {key: value for key, value in os.environ.items() if not key.startswith("QT_")}
        env.update(DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb")
        env.pop("WAYLAND_DISPLAY", None)
        yield env
    finally:
        server.terminate()
        server.wait(timeout=30)


def run_under_x(test_file: str) -> None:
    """``test_file`` again in a child pytest on the xcb platform, under Xvfb; the calling
    test skips itself there (``skipif(os.environ.get(UNDER_X))``)."""
    with x_server() as env:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "-o", "faulthandler_timeout=300", str(Path(test_file))],
            cwd=ROOT, env={**env, UNDER_X: "1"}, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert " passed" in run.stdout and "skipped" in run.stdout  # the child skipped itself only

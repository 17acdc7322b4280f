"""Whether another program has a database file open: asked before an older file is
upgraded, which the older program still holding it would not survive (its next save
fails: "NOT NULL constraint failed: activity_history.uid").

Two signs, either enough:
- the older version's window lock: a ``QLockFile`` named after the file in the system's
  temporary folder (``gui/single_instance.py`` as released, before the lock moved to the
  user's runtime folder). Qt holds it with ``flock`` (POSIX) or a handle that shares no
  writing (Windows) for the window's life; a lock left by a process that died holds
  nothing.
- SQLite's own locks (Linux, read from ``/proc/locks``: no descriptor of the file is
  opened here, so none of this process's own locks on it is dropped): any connection of
  another process, to the file or its ``-shm``.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


def held_by_an_old_window(path: str | Path) -> bool:
    """Whether a window of the version before the lock moved holds ``path``."""
    return any(_held(lock) for lock in _old_window_locks(Path(path)))


def held_by_another_process(path: str | Path, locks: str = "/proc/locks") -> bool:
    """Whether another process holds an SQLite lock on ``path`` or its ``-shm`` (Linux;
    False where it cannot be told)."""
    wanted = set()
    for member in (Path(path), Path(f"{path}-shm")):
        try:
            found = os.stat(member)
        except OSError:
            continue
        wanted.add((os.major(found.st_dev), os.minor(found.st_dev), found.st_ino))
    if not wanted:
        return False
    try:
        lines = Path(locks).read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return False
    mine = os.getpid()
    for line in lines:
        fields = line.replace("->", " ").split()
        # "1: POSIX  ADVISORY  READ 12345 fe:00:2254113 1073741826 1073742335"
        if len(fields) < 6 or fields[1] != "POSIX":
            continue
        try:
            pid = int(fields[4])
            major, minor, inode = fields[5].split(":")
            where = (int(major, 16), int(minor, 16), int(inode))
        except ValueError:
            continue
        if pid != mine and where in wanted:
            return True
    return False


def _old_window_locks(path: Path) -> list[Path]:
    folder = _qt_temp_folder()
    spellings = {str(path.absolute()), os.path.realpath(path)}
    return [folder / f"{_old_instance_name(text)}.lock" for text in spellings]


def _old_instance_name(absolute: str) -> str:
    """``gui/single_instance.instance_name`` as released (by the path as spelled)."""
    text = os.path.normcase(absolute)
    if sys.platform == "win32":
        text = text.lower()
    return "taizhang-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _qt_temp_folder() -> Path:
    """Where ``QDir.tempPath()`` points: $TMPDIR or /tmp (POSIX), %TMP% or %TEMP% (Windows)."""
    if sys.platform == "win32":
        import tempfile

        return Path(os.environ.get("TMP") or os.environ.get("TEMP") or tempfile.gettempdir())
    return Path(os.environ.get("TMPDIR") or "/tmp")


def _held(lock: Path) -> bool:
    if not lock.is_file():
        return False
    if sys.platform == "win32":  # Qt keeps it open sharing no writing while it holds it
        try:
            with open(lock, "r+b"):
                return False
        except PermissionError:
            return True
        except OSError:
            return False
    import fcntl

    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # lets go of the probe's own lock too
    return False

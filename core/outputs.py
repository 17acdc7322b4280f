"""Where a file the program writes (an export, a list, a backup copy) may go.

Never over a database: the live file, its ``-wal``/``-shm``, or a backup. A typed
path that ends in a separator names a folder, never a file. And the temporaries a
killed write leaves behind, under our own names, are cleaned the next time.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

from core.errors import TaizhangError

SQLITE_HEADER = b"SQLite format 3\x00"
DATABASE_SIDE_FILES = ("-wal", "-shm", "-journal")
# A temporary older than this is no write in progress (a backup of a huge file takes
# minutes, not hours) but debris of a killed one.
STALE_AFTER_SECONDS = 6 * 3600


def is_database_file(path: Path) -> bool:
    """An SQLite file (a database, ours or not, or a backup), by its first bytes."""
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def is_database_side_file(path: Path) -> bool:
    """``x.db-wal``, ``x.db-shm``, ``x.db-journal`` beside an existing ``x.db``."""
    name = path.name
    for suffix in DATABASE_SIDE_FILES:
        if name.endswith(suffix) and path.with_name(name[: -len(suffix)]).exists():
            return True
    return False


def refuse_database_target(
    target: str | Path, protected: Iterable[Path] = (), any_database: bool = True
) -> Path:
    """Raise ``output_is_database`` unless writing ``target`` leaves every database whole.

    ``protected``: the open database (and its side files are protected with it).
    ``any_database``: also refuse an existing SQLite file (an export or a list never
    goes over one); a backup copy may replace an older copy of the user's choosing.
    A typed ``folder/`` that does not exist, or a file in a folder that does not, is
    ``export_folder_missing`` (see ``typed_target``).
    """
    target = typed_target(target)
    for path in protected:
        family = [Path(path), *(Path(f"{path}{s}") for s in DATABASE_SIDE_FILES)]
        if any(_same_file(target, member) for member in family):
            raise TaizhangError("output_is_database", path=target)
    if is_database_side_file(target) or (any_database and is_database_file(target)):
        raise TaizhangError("output_is_database", path=target)
    return target


def typed_target(target: str | Path) -> Path:
    """Where an output goes, as typed or chosen: ``folder/`` must be a folder (a ``Path``
    would drop the separator and write a file so named), and a file's folder must be
    there. The one check, the one message (``export_folder_missing``) of every command
    and the window; a folder that is there is the caller's to take or refuse."""
    text = os.fspath(target)
    target = Path(target)
    if text.endswith(("/", os.sep)) and not _is_folder(target):
        raise TaizhangError("export_folder_missing", path=text)
    if not _is_folder(target) and not _is_folder(target.absolute().parent):
        raise TaizhangError("export_folder_missing", path=target.absolute().parent)
    return target


def _is_folder(path: Path) -> bool:
    """``Path.is_dir`` raises for a name over 255 bytes (ENAMETOOLONG): such a name is no
    folder, and the writer's own check says it is too long."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    if os.path.abspath(a) == os.path.abspath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def clean_stale(folder: Path, pattern: re.Pattern[str], age: float = STALE_AFTER_SECONDS) -> int:
    """Remove our own temporaries in ``folder`` (names matching ``pattern``) older than
    ``age`` seconds: what a killed write left. Returns how many went."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > age:
                os.unlink(entry.path)
                removed += 1
    return removed


def write_error(error: OSError, target: Path, *, replacing: bool = False) -> TaizhangError:
    """A file of ours that could not be written, said for what stopped it: the file held
    open by Excel or WPS (``replacing`` it), no permission, a full disk, a write-protected
    stick; anything else with its reason."""
    path = str(target)
    number = getattr(error, "errno", None)
    if isinstance(error, PermissionError):
        # Excel and WPS on Windows hold an open file so that it cannot be replaced; a
        # folder we cannot write in fails already while the temporary file is written.
        if office_lock_file(target) is not None or (replacing and target.exists()):
            return TaizhangError("export_locked", path=path)
        return TaizhangError("export_no_permission", path=path)
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return TaizhangError("export_disk_full", path=path)
    if number == errno.EROFS:
        return TaizhangError("export_read_only", path=path)
    return TaizhangError("export_failed", reason=error.strerror or str(error))


def office_lock_file(target: Path) -> Path | None:
    """The lock file Excel/WPS (``~$name``) or LibreOffice (``.~lock.name#``) keeps beside a
    file it has open, if there is one."""
    for name in (f"~${target.name}", f".~lock.{target.name}#"):
        lock = target.with_name(name)
        if lock.exists():
            return lock
    return None


def remove_quietly(path: Path) -> None:
    """A temporary file of a write that failed: its own error is the one to report (on a
    write-protected stick, removing fails too, even a file that was never made)."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)

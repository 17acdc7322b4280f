"""What the office-fault tests share (/work/notes/report_faults.md; each test says how
it failed on 8db8a35)."""

from pathlib import Path

from core import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys, db, title="原有"):
    code, _, err = run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-05-05",
                       "--title", title)  # fmt: skip
    assert (code, err) == (0, "")


def a_backup(capsys, db, data_dir) -> Path:
    add(capsys, db)
    assert run(capsys, "--db", db, "backup")[0] == 0
    (backup,) = (data_dir / "backups").glob(f"{db.stem}_*.db")
    return backup


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and "内部错误" not in err and "Errno" not in err


def read_only_folder(monkeypatch, folder: Path, *, access_lies: bool = False) -> None:
    """``folder`` as on a write-protected stick or a read-only mount (EROFS): SQLite cannot
    open a new file there ("unable to open database file"), ``os.access`` says not writable
    and a file cannot be made in it. Simulated, the same for root (who writes through any
    mode) and others; what a real read-only mount and ``chmod 555`` say was checked by hand
    (/work/notes/report_files.md). ``access_lies``: ``os.access`` says
    writable all the same (Windows: a folder's read-only attribute or ACL is not seen)."""
    import errno
    import os
    import sqlite3

    folder = Path(folder).absolute()
    folder.mkdir(parents=True, exist_ok=True)

    def inside(path) -> bool:
        try:
            return Path(os.fsdecode(path)).absolute().parent == folder
        except (TypeError, ValueError):
            return False

    real_connect, real_access, real_open = sqlite3.connect, os.access, os.open

    def connect(database, *args, **kwargs):
        if inside(database):
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(database, *args, **kwargs)

    def access(path, mode, *args, **kwargs):
        if not access_lies and mode & os.W_OK and Path(os.fsdecode(path)).absolute() == folder:
            return False
        return real_access(path, mode, *args, **kwargs)

    def open_(path, flags, *args, **kwargs):
        if inside(path) and flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", open_)

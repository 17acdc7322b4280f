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

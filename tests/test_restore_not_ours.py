"""Restore over a file that is not a healthy database: refused when it is clearly another
program's (a workbook, a document), still done when it is a damaged file of ours.

From the office-fault sweep (findings 7, 9, 10, 11, 12, 14); each test says how it
failed on 8db8a35."""

import zipfile
from pathlib import Path

import pytest

from tests.file_faults import a_backup, no_traceback, run


def a_workbook(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    return path


@pytest.mark.parametrize("name", ["台账.xlsx", "台账.db", "扫描件.db", "说明.txt"])
def test_restore_never_turns_another_programs_file_into_a_database(
    capsys, tmp_path, data_dir, name
):
    """f05: `--db 台账.xlsx restore B` replaced the workbook with the backup (exit 0); the
    workbook survived only as backups/台账_…_damaged_….db."""
    backup = a_backup(capsys, tmp_path / "a.db", data_dir)
    target = tmp_path / name
    if name == "说明.txt":  # no magic bytes of any kind: by its name, not ours
        target.write_text("会议纪要：……\n" * 50, encoding="utf-8")
    elif name == "扫描件.db":  # a PDF saved under a database's name
        target.write_bytes(b"%PDF-1.7\n" + bytes(4096))
    else:  # a workbook, even one renamed .db
        a_workbook(target)
    before = target.read_bytes()
    code, _, err = run(capsys, "--db", target, "restore", backup)
    assert code == 1 and "不是台账数据库" in err and "not a Taizhang database" in err
    no_traceback(err)
    assert target.read_bytes() == before
    assert not list((data_dir / "backups").glob("*_damaged_*"))


def test_restore_over_a_damaged_file_of_ours_still_works(capsys, tmp_path, data_dir):
    """Issue 9 finding 4 stays: garbage in a .db that no backup points to is restored."""
    backup = a_backup(capsys, tmp_path / "a.db", data_dir)
    target = tmp_path / "坏了.db"
    target.write_bytes(bytes(range(256)) * 32)  # no signature of any kind
    assert run(capsys, "--db", target, "restore", backup)[0] == 0
    assert "原有" in run(capsys, "--db", target, "list")[1]

"""Issue 9, finding 14a / N8 / N12 (the re-check's R6): with the backups folder (or the
folder of ``backup --out``) read-only, ``backup``, ``import`` (its backup first),
``restore`` and ``backup --out`` said ``备份失败：unable to open database file`` on
70eb7e3: SQLite fails at connect() of the ``.partial``, before any write, and that was
not taken for a read-only folder. They say the catalogue's ``backup_read_only``."""

import pytest

from core import bureau_file
from tests.file_faults import a_backup, no_traceback, read_only_folder, run

READ_ONLY = "是只读的（或没有写权限），无法备份"


def _records(db_path) -> int:
    db = bureau_file.open_bureau(db_path, read_only=True)
    try:
        return db["activities"].count
    finally:
        db.close()


@pytest.fixture
def setup(capsys, tmp_path, data_dir):
    db = tmp_path / "t.db"
    backup = a_backup(capsys, db, data_dir)
    return db, backup


@pytest.mark.parametrize("access_lies", [False, True])
def test_a_backup_into_a_read_only_backups_folder_says_so(capsys, setup, data_dir, monkeypatch,
                                                           access_lies):  # fmt: skip
    db, _ = setup
    read_only_folder(monkeypatch, data_dir / "backups", access_lies=access_lies)
    code, _, err = run(capsys, "--db", db, "backup")
    assert code == 1
    assert f"备份文件夹“{data_dir / 'backups'}”{READ_ONLY}" in err
    assert "unable to open" not in err
    no_traceback(err)


def test_an_import_whose_backup_cannot_be_made_says_why(capsys, setup, data_dir, tmp_path,
                                                        monkeypatch):  # fmt: skip
    db, _ = setup
    csv = tmp_path / "new.csv"
    csv.write_text("日期,活动类型,活动名称\n2026-03-01,科普讲座,新的\n", encoding="utf-8")
    read_only_folder(monkeypatch, data_dir / "backups")
    code, _, err = run(capsys, "--db", db, "import", csv)
    assert code == 1
    assert "导入前的备份没有成功，因此一条记录也没有导入" in err and READ_ONLY in err
    assert "unable to open" not in err
    assert _records(db) == 1


def test_a_restore_whose_backup_cannot_be_made_says_why(capsys, setup, data_dir, monkeypatch):
    db, backup = setup
    read_only_folder(monkeypatch, data_dir / "backups")
    code, _, err = run(capsys, "--db", db, "restore", backup, "--yes")
    assert code == 1
    assert READ_ONLY in err and "unable to open" not in err
    no_traceback(err)
    assert _records(db) == 1


def test_a_backup_out_into_a_read_only_folder_says_so(capsys, setup, tmp_path, monkeypatch):
    db, _ = setup
    stick = tmp_path / "U盘"
    read_only_folder(monkeypatch, stick)
    code, _, err = run(capsys, "--db", db, "backup", "--out", stick / "t.db")
    assert code == 1
    assert f"备份文件夹“{stick}”{READ_ONLY}" in err and "unable to open" not in err
    assert not list(stick.iterdir())

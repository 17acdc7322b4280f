"""Issue 9 re-check, N13: ``restore`` from a file that is not a backup (an exported ledger
``.xlsx``, an exchange package, any other file) said ``“…”不是可用的台账备份：file is not
a database`` on 70eb7e3: SQLite's English inside the Chinese half, and a package was not
pointed to ``exchange import``. Each is said in Chinese, as what it is; SQLite's words,
where they are said, only in the English half."""

import pytest

from core import backups
from core.errors import TaizhangError
from tests.file_faults import add, no_traceback, run


@pytest.fixture
def db(capsys, tmp_path):
    path = tmp_path / "t.db"
    add(capsys, path)
    return path


def _refused(path) -> TaizhangError:
    with pytest.raises(TaizhangError) as caught:
        backups.check_backup(path)
    assert "file is not a database" not in caught.value.zh
    return caught.value


def test_an_exported_ledger_is_said_to_be_a_workbook(capsys, db, tmp_path):
    ledger = tmp_path / "台账.xlsx"
    assert run(capsys, "--db", db, "export", "--period", "2026", "--out", ledger)[0] == 0
    code, _, err = run(capsys, "--db", db, "restore", ledger, "--yes")
    assert code == 1
    assert f"“{ledger}”是Excel/WPS 工作簿（如导出的台账），不是台账备份，不能用来恢复" in err
    assert "file is not a database" not in err
    no_traceback(err)
    assert _refused(ledger).key == "backup_is_other_kind"


def test_an_exchange_package_is_pointed_to_exchange_import(capsys, db, tmp_path):
    package = tmp_path / "胡集镇.tzpkg"
    assert run(capsys, "--db", db, "exchange", "export", "--all", "--out", package)[0] == 0
    code, _, err = run(capsys, "--db", db, "restore", package, "--yes")
    assert code == 1
    assert f"“{package}”是交换包，不是台账备份" in err and "exchange import" in err
    no_traceback(err)
    assert _refused(package).key == "backup_is_package"


def test_any_other_file_is_said_in_chinese_with_sqlites_words_in_english(capsys, db, tmp_path):
    other = tmp_path / "备份.db"
    other.write_bytes(b"not a database at all, but long enough to be read " * 100)
    code, _, err = run(capsys, "--db", db, "restore", other, "--yes")
    assert code == 1
    error = _refused(other)
    assert error.key == "backup_not_database"
    assert error.zh in err and "不是数据库文件" in error.zh
    assert "file is not a database" in error.en
    no_traceback(err)

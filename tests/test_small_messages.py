"""Smaller faults: a folder given as the database, empty values in messages, a workbook
with the wrong extension.

From the office-fault sweep (findings 7, 9, 10, 11, 12, 14); each test says how it
failed on 8db8a35."""

import pytest

from tests.file_faults import a_backup, add, no_traceback, run


@pytest.mark.parametrize("command", [["restore", "B"], ["list"], ["add", "--type", "科普讲座",
                                     "--date", "2026-05-05", "--title", "x"]])  # fmt: skip
def test_a_folder_given_as_the_database_is_said_to_be_a_folder(capsys, tmp_path, data_dir, command):
    """f13: "备份失败：[Errno 21] Is a directory" (restore); `list` said it does not exist."""
    backup = a_backup(capsys, tmp_path / "a.db", data_dir)
    folder = tmp_path / "台账文件夹"
    folder.mkdir()
    argv = [backup if a == "B" else a for a in command]
    code, _, err = run(capsys, "--db", folder, *argv)
    assert code == 1 and "是一个文件夹" in err and "is a folder" in err
    no_traceback(err)
    assert list(folder.iterdir()) == []


def test_an_empty_value_is_said_not_shown_as_empty_quotes(capsys, tmp_path):
    """f13: "由“”改为了“新”" and "来自“胡集镇”（）的交换包"."""
    db, other = tmp_path / "a.db", tmp_path / "b.db"
    add(capsys, db)
    code, out, _ = run(capsys, "--db", db, "settings", "--unit", "新")
    assert code == 0 and "“”" not in out and "''" not in out and "（空）" in out
    assert run(capsys, "--db", other, "settings", "--unit", "胡集镇")[0] == 0
    assert run(capsys, "--db", other, "exchange", "export", "--all",
               "--out", tmp_path / "p.tzpkg")[0] == 0  # fmt: skip
    code, out, _ = run(capsys, "--db", db, "exchange", "import", "--dry-run", tmp_path / "p.tzpkg")
    assert code == 0 and "来自“胡集镇”的交换包" in out and "（）" not in out and "()" not in out


def test_an_xlsx_renamed_to_xls_is_read(capsys, tmp_path):
    """f13: called "旧版 Excel（.xls）或设了密码的工作簿"."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["日期", "活动类型", "活动名称"])
    book.active.append(["2026-03-05", "科普讲座", "改了扩展名"])
    book.save(tmp_path / "台账.xlsx")
    (tmp_path / "台账.xlsx").rename(tmp_path / "台账.xls")
    db = tmp_path / "a.db"
    code, out, err = run(capsys, "--db", db, "import", tmp_path / "台账.xls")
    assert code == 0, err
    assert "改了扩展名" in run(capsys, "--db", db, "list")[1]

"""Issue 9, finding 14: small faults, each a traceback or the catch-all on 80e8515."""

import errno
import os
from pathlib import Path

import pytest

from core import backups, cli, settings
from core import db as database
from core.errors import TaizhangError
from core.ledger import ledger_file_name
from core.periods import parse_period


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_backup_onto_a_read_only_disk_says_so(db, db_path, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(database.os, "replace", read_only)
    with pytest.raises(TaizhangError) as caught:
        backups.take_backup(db, db_path, "manual")
    assert caught.value.key == "backup_read_only"


def test_a_write_to_a_read_only_file_is_a_clear_error(db):
    db.conn.execute("PRAGMA query_only = 1")  # SQLite answers as for a read-only file
    with pytest.raises(TaizhangError) as caught:
        settings.set_settings(db, **{settings.UNIT: "县科技局"})
    assert caught.value.key == "db_file_read_only"


def test_backups_that_is_a_file_is_a_clear_error(db, db_path, data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "backups").write_text("not a folder")
    with pytest.raises(TaizhangError) as caught:
        backups.take_backup(db, db_path, "manual")
    assert caught.value.key == "backups_not_folder"


def test_a_very_long_database_name_still_backs_up(capsys, tmp_path, data_dir):
    path = tmp_path / ("很长的数据库名字" * 10 + ".db")  # 240 bytes
    assert len(path.name.encode()) > 230
    assert run(capsys, "--db", path, "settings", "--unit", "县科技局")[0] == 0
    code, _, err = run(capsys, "--db", path, "backup")
    assert (code, err) == (0, "")
    (made,) = (data_dir / "backups").glob("*.db")
    assert len(made.name.encode()) <= 255


def test_the_default_file_name_survives_a_long_or_odd_unit():
    q1 = parse_period("2026Q1")
    long_name = ledger_file_name("某某某" * 40, q1)
    assert len(long_name.encode()) <= 255 and long_name.endswith("第一季度工作台账.xlsx")
    odd = ledger_file_name("县科技局\u202exslx.exe\x07", q1)
    assert "\u202e" not in odd and "\x07" not in odd
    # a space the unit's name holds stays: 某县　科技局 was named 某县科技局
    assert ledger_file_name("某县　科技局", q1).startswith("某县　科技局2026")


def test_a_lone_surrogate_in_unit_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "--db", tmp_path / "d.db", "settings", "--unit", "县\udce9科技局")
    assert code == 1 and "无法识别的字符" in err and "程序内部错误" not in err


def test_restoring_through_a_link_restores_the_file_it_points_to(capsys, tmp_path, data_dir):
    real = tmp_path / "真的.db"
    assert run(capsys, "--db", real, "add", "--type", "科普讲座", "--date", "2026-05-05",
               "--title", "原有")[0] == 0  # fmt: skip
    assert run(capsys, "--db", real, "backup")[0] == 0
    (good,) = (data_dir / "backups").glob("*.db")
    link = tmp_path / "快捷方式.db"
    link.symlink_to(real)
    real.write_bytes(b"\x00" * 8192)  # damaged
    assert run(capsys, "--db", link, "restore", good)[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "原有" in run(capsys, "--db", real, "list")[1]


def test_a_link_into_a_synced_folder_is_refused(capsys, tmp_path):
    synced = tmp_path / "OneDrive" / "台账"
    synced.mkdir(parents=True)
    link = tmp_path / "本地"
    link.symlink_to(synced, target_is_directory=True)
    code, _, err = run(capsys, "--db", link / "d.db", "settings", "--unit", "县科技局")
    assert code == 1 and "同步" in err


def on_a_locked_stick(monkeypatch) -> None:
    """Every file is in a read-only place: opening one to write is refused as there."""
    from core import bureau_file

    writable_open = bureau_file.open_bureau

    def refusing(db_path, **kwargs):
        if not kwargs.get("read_only"):
            raise TaizhangError("db_folder_read_only", path=Path(db_path).parent)
        return writable_open(db_path, **kwargs)

    monkeypatch.setattr(bureau_file, "open_bureau", refusing)


def test_a_read_only_place_can_still_be_read(capsys, tmp_path, monkeypatch):

    path = tmp_path / "d.db"
    assert run(capsys, "--db", path, "add", "--type", "科普讲座", "--date", "2026-05-05",
               "--title", "只读也能看")[0] == 0  # fmt: skip
    on_a_locked_stick(monkeypatch)
    code, out, _ = run(capsys, "--db", path, "list")
    assert code == 0 and "只读也能看" in out


def test_every_command_that_only_shows_works_on_a_write_protected_stick(capsys, tmp_path,
                                                                       monkeypatch):  # fmt: skip
    """`settings` without options (it only shows 填报单位 and 填报人), `history` and
    `attachments` said the folder was read-only and showed nothing (verify9 N4)."""
    import json

    path = tmp_path / "d.db"
    run(capsys, "--db", path, "settings", "--unit", "某某县科技局", "--staff", "张三")
    run(
        capsys, "--db", path, "add", "--type", "科普讲座", "--date", "2026-05-05", "--title", "看看"
    )
    (record,) = json.loads(run(capsys, "--db", path, "list", "--format", "json")[1])
    on_a_locked_stick(monkeypatch)
    code, out, err = run(capsys, "--db", path, "settings")
    assert (code, err) == (0, "") and "某某县科技局" in out and "张三" in out
    for command in ("history", "attachments"):
        code, out, err = run(capsys, "--db", path, command, "--id", record["id"])
        assert (code, err) == (0, ""), (command, err)
    code, _, err = run(capsys, "--db", path, "settings", "--unit", "别的单位")
    assert code == 1 and "只读" in err


def test_an_older_versions_database_in_a_read_only_place_is_explained(capsys, tmp_path,
                                                                       monkeypatch):  # fmt: skip
    """It cannot be upgraded there; `list` and `export` ended in 程序内部错误 (no such
    table: indicators)."""
    import shutil

    path = tmp_path / "旧版.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_v2.db", path)
    before = path.read_bytes()
    on_a_locked_stick(monkeypatch)
    for command in (["list"], ["export", "--period", "2026", "--out", tmp_path / "x.xlsx"]):
        code, _, err = run(capsys, "--db", path, *command)
        assert code == 1 and "旧版本" in err and "复制到可写的文件夹" in err, err
        assert "内部错误" not in err
    assert path.read_bytes() == before


def test_the_single_instance_lock_is_not_in_the_shared_temp_folder(app, tmp_path):
    from PySide6.QtCore import QDir

    from gui.single_instance import SingleInstance

    instance = SingleInstance(tmp_path / "库.db")
    assert not instance.lock.fileName().startswith(QDir.tempPath() + "/taizhang-")


def test_a_full_disk_during_an_upgrade_is_said_and_leaves_a_whole_file(tmp_path, monkeypatch):
    """It ended in 程序内部错误 (database or disk is full)."""
    import shutil
    import sqlite3

    from core import bureau_file
    from core import db as database

    path = tmp_path / "旧版.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_v2.db", path)
    upgrade = database.migrate

    def on_a_full_disk(db):
        pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
        db.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own 'disk full'
        upgrade(db)

    monkeypatch.setattr(database, "migrate", on_a_full_disk)
    with pytest.raises(TaizhangError) as caught:
        bureau_file.open_bureau(path)
    assert caught.value.key == "db_disk_full"
    rows = sqlite3.connect(path).execute("PRAGMA integrity_check").fetchall()
    assert rows == [("ok",)]


def test_sqlites_words_for_a_damaged_file_stay_in_the_english_half(capsys, tmp_path):
    from core import bureau_file

    path = tmp_path / "d.db"
    bureau_file.open_bureau(path, create=True).close()
    data = bytearray(path.read_bytes())
    data[4096 * 2 :] = b"\x5a" * (len(data) - 4096 * 2)
    path.write_bytes(data)

    code, _, err = run(capsys, "--db", path, "check")

    chinese, _, english = err.partition(" (")
    assert code == 1 and "已损坏" in chinese and "文件内容不完整或已被破坏" in chinese
    assert "malformed" not in chinese and "malformed" in english


def on_a_read_only_stick(monkeypatch, folder: Path) -> None:
    """Writing anything in ``folder`` fails as on a write-protected stick (EROFS), removing
    a file there too, even one that is not there (Linux checks the mount first)."""
    import builtins

    def refused(path) -> bool:
        return Path(os.fspath(path)).absolute().is_relative_to(folder.absolute())

    def fail(path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))

    import io

    real_open, real_unlink, real_replace = builtins.open, os.unlink, os.replace
    real_os_open = os.open

    def open_(file, mode="r", *args, **kwargs):
        if isinstance(file, str | os.PathLike) and set(mode) & set("wxa+") and refused(file):
            fail(file)
        return real_open(file, mode, *args, **kwargs)

    def unlink(path, *args, **kwargs):
        if refused(path):
            fail(path)
        return real_unlink(path, *args, **kwargs)

    def replace(source, target, *args, **kwargs):
        if refused(target):
            fail(target)
        return real_replace(source, target, *args, **kwargs)

    def os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and refused(path):
            fail(path)
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "replace", replace)


def test_writing_onto_a_write_protected_stick_says_so(capsys, tmp_path, monkeypatch):
    """导出交换包 there ended in 程序内部错误 (removing its temporary file failed too and
    hid the first error), 导出台账 in “导出失败：Read-only file system”."""
    path, stick = tmp_path / "d.db", tmp_path / "U盘"
    stick.mkdir()
    assert run(capsys, "--db", path, "add", "--type", "科普讲座", "--date", "2026-05-05",
               "--title", "讲座")[0] == 0  # fmt: skip
    on_a_read_only_stick(monkeypatch, stick)
    for command in (
        ["exchange", "export", "--all", "--out", stick / "包.tzpkg"],
        ["export", "--period", "2026Q2", "--out", stick],
        ["template", "export", "--out", stick / "模板.xlsx"],
    ):
        code, _, err = run(capsys, "--db", path, *command)
        assert code == 1 and "只读" in err and "写保护" in err, err
        assert "内部错误" not in err and "Read-only file system" not in err.split("(")[0]
    assert list(stick.iterdir()) == []

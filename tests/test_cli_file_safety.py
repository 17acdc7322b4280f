"""The command line and the bureau's file: what a command may create, overwrite, restore.

Issue 9; each test names its finding and how it failed on 80e8515.
"""

from pathlib import Path

import pytest

from core import activities as A
from core import cli
from core import db as database


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys, db, title="原有", date="2026-05-05"):
    code, _, err = run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", date,
                       "--title", title)  # fmt: skip
    assert (code, err) == (0, "")


def test_check_says_when_the_wal_holds_changes_not_in_the_file(capsys, tmp_path):
    """Finding 1: on 80e8515 check said 通过 while the -wal held the records."""
    path = tmp_path / "d.db"
    add(capsys, path)
    reader = database.open_database(path)
    writer = database.open_database(path)
    reader.conn.execute("BEGIN")
    reader.conn.execute("SELECT count(*) FROM activities").fetchone()  # an older snapshot
    template = __import__("core.template").template.load_template(writer)
    t = template.type_by_name("科普讲座")
    draft = {"type_id": t.id, "date": "2026-03-05", "title": "还在 wal 里"}
    A.add_activities(writer, [A.validate_activity(template, draft)] * 20)
    try:
        code, out, err = run(capsys, "--db", path, "check")
    finally:
        reader.conn.execute("ROLLBACK")
        reader.close()
        writer.close()
    assert code == 1 and "-wal" in err and "通过" not in out
    assert run(capsys, "--db", path, "check")[0] == 0  # closed: merged into the file


@pytest.mark.parametrize("command", [["list"], ["list", "--format", "json"],
                                     ["export", "--period", "2026"]])  # fmt: skip
@pytest.mark.parametrize("which", ["live", "wal", "backup"])
def test_an_output_path_is_never_the_database_or_its_backup(capsys, tmp_path, data_dir,
                                                            command, which):  # fmt: skip
    """Finding 3: on 80e8515 `list --out d.db` overwrote the live database (exit 0)."""
    path = tmp_path / "d.db"
    add(capsys, path)
    assert run(capsys, "--db", path, "backup")[0] == 0
    (backup,) = (data_dir / "backups").glob("d_*.db")
    target = {"live": path, "wal": Path(f"{path}-wal"), "backup": backup}[which]
    window = database.open_database(path)  # a window has it open: its -wal exists
    window.conn.execute("UPDATE settings SET value = value")
    window.conn.commit()
    before = target.read_bytes()
    try:
        code, _, err = run(capsys, "--db", path, *command, "--out", target)
    finally:
        window.close()
    assert code == 1 and "数据库文件" in err
    if which != "wal":  # the -wal is merged into the file by the last close
        assert target.read_bytes() == before
    assert not target.exists() or not target.read_bytes().startswith((b"\xef\xbb\xbf", b"PK"))
    assert run(capsys, "--db", path, "check")[0] == 0
    assert "原有" in run(capsys, "--db", path, "list")[1]


def test_backup_out_never_replaces_the_live_database(capsys, tmp_path):
    """Finding 3: on 80e8515 `backup --out d.db` replaced the live file by its own copy."""
    path = tmp_path / "d.db"
    add(capsys, path)
    code, _, err = run(capsys, "--db", path, "backup", "--out", path)
    assert code == 1 and "数据库文件" in err
    another = tmp_path / "每晚.db"
    assert run(capsys, "--db", path, "backup", "--out", another)[0] == 0
    assert run(capsys, "--db", path, "backup", "--out", another)[0] == 0  # a copy may be renewed


def test_out_to_a_missing_folder_is_refused_not_a_file(capsys, tmp_path):
    """Finding 14: on 80e8515 `--out missing_dir/` wrote a file named missing_dir."""
    path = tmp_path / "d.db"
    add(capsys, path)
    code, _, err = run(capsys, "--db", path, "list", "--out", f"{tmp_path / 'missing_dir'}/")
    assert code == 1 and "不存在" in err
    assert not (tmp_path / "missing_dir").exists()

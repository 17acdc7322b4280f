"""Issue 9, finding 14d (the re-check's R3): a database file name of 248–251 bytes.
``settings`` made the file, then said the data folder was read-only (untrue) and left
the file; every later write said the same. SQLite could not make the ``-journal``
beside it (a name over 255 bytes: ENAMETOOLONG, said "unable to open"), nor the
evidence store ``<stem>.attachments``. Such a name is refused before anything is made,
saying how long a name may be; a file that has one already can still be read."""

import os
import sqlite3

from core import attachments, bureau_file
from core import db as database
from tests.file_faults import add, no_traceback, run

# The longest the program makes beside ``x.db``: ``x.attachments`` (its -journal is
# shorter by one), so the name may hold 246 bytes with ``.db``.
MOST = 246


def _name(length: int) -> str:
    """A name of ``length`` bytes, Chinese as a clerk writes it, ending ``.db``."""
    body = "很长的数据库名字" * 20
    while len(body.encode()) > length - 3:
        body = body[:-1]
    return body + "x" * (length - 3 - len(body.encode())) + ".db"


def test_a_name_too_long_for_the_files_beside_it_is_refused_before_anything_is_made(
    capsys, tmp_path
):
    for length, command in [(MOST + 1, "settings"), (248, "settings"), (251, "settings"),
                            (255, "settings"), (256, "settings"), (300, "list")]:  # fmt: skip
        path = tmp_path / _name(length)
        assert len(path.name.encode()) == length
        args = ["--unit", "局"] if command == "settings" else []
        code, _, err = run(capsys, "--db", path, command, *args)
        assert code == 1
        assert f"数据库文件名“{path.name}”太长（{length} 字节）" in err, err
        assert f"文件名最多 {MOST} 字节" in err and "只读" not in err
        assert f"at most {MOST} bytes" in err
        no_traceback(err)
        assert os.listdir(tmp_path) == []


def test_the_longest_name_allowed_works_with_evidence(capsys, tmp_path):
    path = tmp_path / _name(MOST)
    add(capsys, path)
    evidence = tmp_path / "签到表.jpg"
    evidence.write_bytes(b"jpg")
    db = bureau_file.open_bureau(path)
    try:
        (record,) = db["activities"].rows
        attachments.attach_files(db, record["id"], [evidence])
    finally:
        db.close()
    assert run(capsys, "--db", path, "check")[0] == 0


def test_a_file_that_has_such_a_name_already_is_read_not_changed(capsys, tmp_path):
    """As 70eb7e3 left it: made, but never switched to WAL (that needs a -journal)."""
    made = tmp_path / "短.db"
    add(capsys, made)
    with sqlite3.connect(made) as conn:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    conn.close()
    path = tmp_path / _name(250)
    os.rename(made, path)
    code, out, err = run(capsys, "--db", path, "list")
    assert code == 0 and "原有" in out
    before = path.read_bytes()
    code, _, err = run(capsys, "--db", path, "add", "--type", "科普讲座", "--date",
                       "2026-05-06", "--title", "新")  # fmt: skip
    assert code == 1
    assert f"数据库文件名“{path.name}”太长（250 字节），不能修改它" in err
    assert "请把它改成短一些的名字" in err and "只读" not in err
    no_traceback(err)
    assert path.read_bytes() == before


def test_the_store_suffix_counted_is_the_one_made():
    assert database.EVIDENCE_STORE_SUFFIX == attachments.STORE_SUFFIX
    assert database.most_name_bytes(database.Path("x.db")) == MOST
    assert database.most_name_bytes(database.Path("x.sqlite3")) == 247  # its -journal


def test_a_backup_out_under_a_long_name_is_made_or_said_too_long(capsys, tmp_path):
    """``backup --out`` onto a 245-byte name said ``备份失败：unable to open database file``:
    the copy is made as ``.<name>.<pid>.partial`` first, a name over 255 bytes."""
    db = tmp_path / "t.db"
    add(capsys, db)
    out = tmp_path / "备份"
    out.mkdir()
    for length in (230, 245, 255):
        target = out / _name(length)
        code, said, err = run(capsys, "--db", db, "backup", "--out", target)
        assert (code, err) == (0, ""), err
        assert target.is_file()
        code, _, err = run(capsys, "--db", db, "restore", target, "--yes")
        assert code == 0, (length, err)
    target = out / _name(256)
    code, _, err = run(capsys, "--db", db, "backup", "--out", target)
    assert code == 1
    assert f"文件名“{target.name}”太长（256 字节）：文件名最多 255 字节" in err
    no_traceback(err)
    assert sorted(len(p.name.encode()) for p in out.iterdir()) == [230, 245, 255]

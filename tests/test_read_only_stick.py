"""A write-protected stick holding the database: what only reads it works; the rest says
the true reason.

From the office-fault sweep (findings 7, 9, 10, 11, 12, 14); each test says how it
failed on 8db8a35."""

import os
from pathlib import Path

from core import bureau_file
from core import db as database
from core.errors import TaizhangError
from tests.file_faults import a_backup, add, no_traceback, run


def on_a_write_protected_stick(monkeypatch, stick: Path) -> None:
    """The database's folder is read-only (root's chmod would not stop a write): opening it
    to write is refused as SQLite refuses it there, and nothing can be made in it."""
    from core import backups

    writable_open = bureau_file.open_bureau

    def refusing(db_path, **kwargs):
        if not kwargs.get("read_only") and Path(db_path).parent == stick:
            raise TaizhangError("db_folder_read_only", path=stick)
        return writable_open(db_path, **kwargs)

    monkeypatch.setattr(bureau_file, "open_bureau", refusing)
    real_copy = database.copy_database

    def copy(source, target, *args, **kwargs):
        if Path(target).parent == stick:
            raise TaizhangError("backup_failed", reason="unable to open database file")
        return real_copy(source, target, *args, **kwargs)

    monkeypatch.setattr(database, "copy_database", copy)
    monkeypatch.setattr(backups.database, "copy_database", copy)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **k: False if Path(p) == stick else real_access(p, mode)
    )


def test_what_only_reads_a_write_protected_stick_works(capsys, tmp_path, data_dir, monkeypatch):
    """f10: backup, exchange export and template export were refused with "数据文件夹
    “usb”是只读的", though they write elsewhere; restore said "备份失败：unable to open
    database file"."""
    stick = tmp_path / "usb"
    stick.mkdir()
    db = stick / "a.db"
    earlier = a_backup(capsys, db, data_dir)
    before = db.read_bytes()
    on_a_write_protected_stick(monkeypatch, stick)
    code, out, err = run(capsys, "--db", db, "backup")
    assert (code, err) == (0, "") and "已备份" in out
    assert len(list((data_dir / "backups").glob("a_*.db"))) == 2
    code, out, err = run(capsys, "--db", db, "exchange", "export", "--all",
                         "--out", tmp_path / "p.tzpkg")  # fmt: skip
    assert code == 0 and (tmp_path / "p.tzpkg").is_file(), err
    no_traceback(err)
    code, out, err = run(capsys, "--db", db, "template", "export", "--out", tmp_path / "t.xlsx")
    assert (code, err) == (0, "") and (tmp_path / "t.xlsx").is_file()
    code, _, err = run(capsys, "--db", db, "restore", earlier)
    assert code == 1 and "只读" in err and "read-only" in err and "unable to open" not in err
    assert db.read_bytes() == before


def test_a_read_only_look_reads_the_changes_still_in_the_wal(capsys, tmp_path, monkeypatch):
    """The read-only look (a write-protected stick, a full disk, a damaged file) used
    ``immutable=1``, which reads the file without its -wal: a record saved by a window
    still open (or before a kill) was silently missing from `list`."""
    db = tmp_path / "a.db"
    add(capsys, db, "已合并")
    window = bureau_file.open_bureau(db)
    window.conn.execute("PRAGMA wal_autocheckpoint = 0")
    from core import activities as A
    from core.template import load_template

    template = load_template(window)
    lecture = template.type_by_name("科普讲座")
    draft = {"type_id": lecture.id, "date": "2026-05-06", "end_date": None,
             "title": "只在日志里", "values": {},
             **{n: "" for n in A.COMMON_TEXT_FIELDS}}  # fmt: skip
    A.add_activity(window, A.validate_activity(template, draft))
    assert Path(f"{db}-wal").stat().st_size > 0
    try:
        on_a_write_protected_stick(monkeypatch, tmp_path)
        code, out, _ = run(capsys, "--db", db, "list")
        assert code == 0 and "已合并" in out and "只在日志里" in out
    finally:
        window.close()


def test_the_window_looks_at_a_file_on_a_write_protected_stick(
    qtbot, app, capsys, tmp_path, monkeypatch
):
    """The window said "数据文件夹“usb”是只读的…" and stopped; the command line read it."""
    from PySide6.QtWidgets import QMessageBox

    from gui import app as gui_app
    from gui import session as gui_session
    from gui.operations import OpChanges

    stick = tmp_path / "usb"
    stick.mkdir()
    db = stick / "a.db"
    add(capsys, db, "只读也能看")
    on_a_write_protected_stick(monkeypatch, stick)
    monkeypatch.setattr(gui_session, "open_bureau", bureau_file.open_bureau)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    window = gui_app.open_window(db)
    assert window is not None, shown
    try:
        assert window.session.read_only and len(shown) == 1
        assert "只读" in shown[0] and "只读打开" in shown[0]
        titles = window.session.reader.execute("SELECT title FROM activities").fetchall()
        assert titles == [("只读也能看",)]
        refused = []
        window.ops.run(lambda db: None, OpChanges(activities=True), on_error=refused.append)
        assert refused and "只读" in refused[0] and "损坏" not in refused[0]
    finally:
        window.close()
        window.quitting.wait()

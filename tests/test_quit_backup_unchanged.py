"""No quit (or daily) backup of a file as its newest backup already holds it: at a million
records each close of the window took a 9–15 s backup identical to the one before, and
pushed an older, different backup out of the kept set.

Whether anything changed is told by the change mark (``db.CHANGE_MARK``): a new random
value written in the same transaction as every change, by whichever program makes it.
It must hold after a restore, for a copy of the file, for the command line writing while
the window is open, and for a change of the schema."""

import shutil

from PySide6.QtCore import Qt

from core import activities as A
from core import backups, bureau_file, cli, settings
from core import db as database
from tests import clerk
from tests.test_clerk_restore import save_a_record_by_keys

LECTURE = ["add", "--type", "科普讲座", "--date", "2026-05-01", "--title", "命令行加的"]


def mark(db) -> str:
    return database.change_mark(db.conn)


def quit_by_keys(qtbot, window) -> None:
    """Ctrl+Q, as the clerk quits; until the quit backup (or its skipping) is done."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    clerk.press(qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.quitting.finished, timeout=20_000)


def quit_backups(data_dir) -> list:
    return sorted((data_dir / "backups").glob("*_quit_*.db"))


def lecture(db, template, title="讲座"):
    kind = template.type_by_name("科普讲座")
    draft = {"type_id": kind.id, "date": "2026-05-06", "title": title}
    return A.add_activity(db, A.validate_activity(template, draft))


# --- the window's quit -------------------------------------------------------------------


def test_a_quit_with_no_change_takes_no_backup(qtbot, clerk_window, db, db_path, data_dir):
    backups.take_backup(db, db_path, "daily")  # the newest backup: the data as it is
    quit_by_keys(qtbot, clerk_window)
    assert quit_backups(data_dir) == []
    assert len(backups.list_backups(db_path)) == 1


def test_one_change_then_quit_takes_one_backup(qtbot, clerk_window, db, db_path, data_dir):
    backups.take_backup(db, db_path, "daily")
    save_a_record_by_keys(qtbot, clerk_window, "退出前加的")
    quit_by_keys(qtbot, clerk_window)
    (taken,) = quit_backups(data_dir)
    copy = bureau_file.open_bureau(taken, read_only=True)
    try:
        titles = [t for (t,) in copy.conn.execute("SELECT title FROM activities")]
    finally:
        copy.close()
    assert titles == ["退出前加的"]


def test_the_command_line_writing_while_the_window_is_open_is_backed_up_at_quit(
    qtbot, capsys, clerk_window, db, db_path, data_dir
):
    backups.take_backup(db, db_path, "daily")
    assert cli.main(["--db", str(db_path), *LECTURE]) == 0
    capsys.readouterr()
    quit_by_keys(qtbot, clerk_window)
    assert len(quit_backups(data_dir)) == 1


# --- the mark ------------------------------------------------------------------------------


def test_every_kind_of_change_writes_a_new_mark(db, template):
    seen = [mark(db)]
    record = lecture(db, template)
    seen.append(mark(db))
    settings.set_settings(db, **{settings.STAFF: "李四"})
    seen.append(mark(db))
    A.delete_activities(db, [record.id])
    seen.append(mark(db))
    A.purge_activities(db, [record.id])
    seen.append(mark(db))
    with database.transaction(db):  # the schema alone (a migration's index)
        db.conn.execute("CREATE INDEX just_a_test ON activities (title)")
    seen.append(mark(db))
    assert "" not in seen and len(set(seen)) == len(seen)
    with database.transaction(db):  # read, nothing written: the same data
        db.conn.execute("SELECT count(*) FROM activities").fetchone()
    assert mark(db) == seen[-1]


def test_a_new_file_has_a_mark_and_its_backup_holds_it(db, db_path):
    assert mark(db)
    backups.take_backup(db, db_path, "manual")
    assert backups.unchanged_since_newest_backup(db)


def test_the_daily_backup_is_not_taken_of_a_file_unchanged_since_its_newest(db, db_path, template):
    import datetime as dt

    start = dt.datetime(2026, 3, 1, 9, 0)
    assert backups.backup_if_due(db, db_path, start) is not None
    assert backups.backup_if_due(db, db_path, start + dt.timedelta(days=2)) is None
    lecture(db, template)
    later = backups.backup_if_due(db, db_path, start + dt.timedelta(days=3))
    assert later is not None and later.reason == "daily"


def test_after_a_restore_of_an_older_backup_a_change_is_backed_up(db, db_path, template):
    older = backups.take_backup(db, db_path, "manual")
    lecture(db, template, "恢复后会没有的")
    assert backups.backup_if_changed(db, db_path, "quit") is not None
    backups.restore(db, db_path, older.path)
    db.close()
    again = bureau_file.open_bureau(db_path)
    try:
        lecture(again, load_template_of(again), "恢复后加的")
        taken = backups.backup_if_changed(again, db_path, "quit")
        assert taken is not None
        assert backups.backup_if_changed(again, db_path, "quit") is None  # and then no more
    finally:
        again.close()


def load_template_of(db):
    from core.template import load_template

    return load_template(db)


def test_a_copy_of_the_file_is_backed_up_for_itself(db, db_path, tmp_path):
    """A copy carries the same id and the same mark; the original's backups are not its
    own (taken from another path), so its first quit backs it up."""
    backups.take_backup(db, db_path, "manual")
    db.close()
    copy_path = tmp_path / "副本.db"
    shutil.copyfile(db_path, copy_path)
    copy = bureau_file.open_bureau(copy_path)
    try:
        assert backups.backup_if_changed(copy, copy_path, "quit") is not None
        assert backups.backup_if_changed(copy, copy_path, "quit") is None
    finally:
        copy.close()


def test_a_newest_backup_whose_mark_cannot_be_read_is_no_reason_to_skip(db, db_path):
    newest = backups.take_backup(db, db_path, "manual")
    newest.path.write_bytes(b"\0" * 4096)  # damaged since it was checked
    assert backups.backup_if_changed(db, db_path, "quit") is not None


def test_a_file_of_an_older_version_without_a_mark_is_backed_up(db, db_path):
    backups.take_backup(db, db_path, "manual")
    db.conn.execute("DELETE FROM settings WHERE key = ?", (database.CHANGE_MARK,))
    db.conn.commit()
    assert backups.backup_if_changed(db, db_path, "quit") is not None


def test_records_written_by_a_program_that_writes_no_mark_are_backed_up(db, db_path, template):
    """A Taizhang from before the mark (or a tool) adding a record leaves the mark as it
    was; the record's stamp and its history entry still tell."""
    backups.take_backup(db, db_path, "manual")
    before = mark(db)
    lecture(db, template, "旧版本加的")
    db.conn.execute("UPDATE settings SET value = ? WHERE key = ?", (before, database.CHANGE_MARK))
    db.conn.commit()
    assert mark(db) == before
    assert backups.backup_if_changed(db, db_path, "quit") is not None


# --- the one place that changes data ---------------------------------------------------------

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def test_every_command_that_changes_the_file_moves_its_mark_inside_the_one_transaction(
    capsys, tmp_path, monkeypatch
):
    """The mark is only as good as the one place: a statement that changed the live file
    outside ``db.transaction`` would change the data and leave the mark, and the quit
    would then skip a backup it needs. Every statement of every writing command is
    watched: none writes outside an explicit BEGIN IMMEDIATE … COMMIT."""
    outside: list[str] = []
    real_connect = database._connect

    def watched(path):
        conn = real_connect(path)
        inside = [False]

        def trace(sql: str) -> None:
            word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
            if sql.strip().upper() == "BEGIN IMMEDIATE":  # db.transaction's, not Python's
                inside[0] = True
            elif word in ("COMMIT", "ROLLBACK", "END"):
                inside[0] = False
            elif word in WRITES and not inside[0]:
                outside.append(sql)

        conn.set_trace_callback(trace)
        return conn

    monkeypatch.setattr(database, "_connect", watched)
    path = tmp_path / "台账.db"

    def run(*argv) -> str:
        code = cli.main(["--db", str(path), *map(str, argv)])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    def file_mark() -> str:
        db = bureau_file.open_bureau(path, read_only=True)
        try:
            return mark(db)
        finally:
            db.close()

    run(*LECTURE)
    record = run("list").splitlines()[1].split(",")[0]
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"jpeg")
    rows = tmp_path / "讲座.csv"
    rows.write_text("日期,活动类型,活动名称\n2026-03-01,科普讲座,甲\n", encoding="utf-8")
    commands = [
        ("edit", "--id", record, "--title", "改过的"),
        ("settings", "--unit", "乙县科技局"),
        ("indicator", "set", "--period", "2026Q2", "--name", "高新技术企业总数", "--value", "39"),
        (
            "target",
            "set",
            "--year",
            "2026",
            "--indicator-name",
            "高新技术企业总数",
            "--value",
            "40",
        ),
        ("attach", "--id", record, photo),
        ("import", rows),
        ("delete", "--id", record),
    ]
    marks = [file_mark()]
    for command in commands:
        run(*command)
        marks.append(file_mark())
        assert marks[-1] != marks[-2], command
    run("list")
    run("backup")
    assert file_mark() == marks[-1]  # reading and backing up change nothing
    assert outside == []

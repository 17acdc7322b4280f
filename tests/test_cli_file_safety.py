"""The command line and the bureau's file: what a command may create, overwrite, restore.

Issue 9; each test names its finding and how it failed on 80e8515.
"""

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

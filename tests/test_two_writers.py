"""Two writers on one file: the second waits for the first (busy timeout), never fails.

Issue 9, finding 6. On 80e8515 writes began with a plain ``BEGIN``: the second
writer read, then SQLite refused its upgrade to writing at once (``db_busy``).
"""

import threading
import time

from core import activities as A
from core import bureau_file, settings


def hold_the_write_lock(path, seconds: float, started: threading.Event) -> None:
    other = bureau_file.open_bureau(path, create=True)
    try:
        other.conn.execute("BEGIN IMMEDIATE")
        other.conn.execute("UPDATE settings SET value = value")
        started.set()
        time.sleep(seconds)
        other.conn.execute("COMMIT")
    finally:
        other.close()


def test_an_add_waits_for_another_writer_and_succeeds(db, db_path, template):
    t = template.type_by_name("科普讲座")
    draft = A.validate_activity(template, {"type_id": t.id, "date": "2026-03-05", "title": "等"})
    started = threading.Event()
    holder = threading.Thread(target=hold_the_write_lock, args=(db_path, 0.5, started))
    holder.start()
    started.wait(5)
    try:
        A.add_activities(db, [draft] * 3)
    finally:
        holder.join()
    assert A.count_activities(db, A.ActivityQuery()) == 3


def test_an_edit_after_a_read_waits_too(db, db_path, template):
    t = template.type_by_name("科普讲座")
    draft = A.validate_activity(template, {"type_id": t.id, "date": "2026-03-05", "title": "甲"})
    (stored,) = A.add_activities(db, [draft])
    started = threading.Event()
    holder = threading.Thread(target=hold_the_write_lock, args=(db_path, 0.5, started))
    holder.start()
    started.wait(5)
    try:
        A.update_activity(db, stored.id, A.with_new_id(draft))
        settings.set_settings(db, **{settings.STAFF: "李四"})
    finally:
        holder.join()
    assert settings.get_setting(db, settings.STAFF) == "李四"


def test_two_imports_at_once_both_succeed(db_path, template, tmp_path):
    from core import importer

    csv_path = tmp_path / "a.csv"
    rows = "".join(f"2026-03-{d:02d},科普讲座,第{d}场\n" for d in range(1, 29))
    csv_path.write_text("日期,活动类型,活动名称\n" + rows, encoding="utf-8")
    plan = importer.plan_import(csv_path, template)
    errors = []

    def import_once():
        own = bureau_file.open_bureau(db_path, create=True)
        try:
            for _ in range(5):
                importer.run_import(own, plan)
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=import_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = bureau_file.open_bureau(db_path, create=True)
    assert A.count_activities(check, A.ActivityQuery()) == 2 * 5 * 28
    check.close()


def test_nothing_is_written_into_a_wal_another_program_deleted(db, db_path, template):
    """Any descriptor of the file closed in this process drops its locks (a file dialog
    reading it did); the next program to close the database then deleted the -wal this
    connection went on writing into, unseen by anyone else until it closed."""
    import subprocess
    import sys

    import pytest

    from core.errors import TaizhangError

    lecture = template.type_by_name("科普讲座")

    def draft(title):
        return A.validate_activity(template, {"type_id": lecture.id, "date": "2026-03-05",
                                              "title": title})  # fmt: skip

    A.add_activity(db, draft("丢锁之前"))
    open(db_path, "rb").close()  # what Qt's dialog did, for an icon
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute('SELECT count(*) FROM settings').fetchone(); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path)], check=True)

    with pytest.raises(TaizhangError) as caught:
        A.add_activity(db, draft("丢锁之后"))

    assert caught.value.key == "db_wal_lost"
    db.close()  # its last close writes what was saved back into the file
    again = bureau_file.open_bureau(db_path)
    titles = [a.title for a in A.iter_activities(again, A.ActivityQuery())]
    again.close()
    assert "丢锁之前" in titles and "丢锁之后" not in titles

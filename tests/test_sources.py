"""Where each record comes from (issue 12): the source on every record, kept through edits,
and given to older records from the database's own settings when it is upgraded."""

import shutil
from pathlib import Path

from core import activities, history, identity, settings
from core import db as database
from core.bureau_file import open_bureau
from core.template import load_template

FIXTURES = Path(__file__).parent / "fixtures"


def _lecture(template, title="讲座", date="2026-04-01"):
    t = template.type_by_name("科普讲座")
    return activities.validate_activity(template, {"type_id": t.id, "date": date, "title": title})


def test_a_new_record_carries_the_unit_staff_and_database_it_was_saved_in(db, template):
    stored = activities.add_activity(db, _lecture(template))
    again = activities.get_activity(db, stored.id)
    assert (again.source_unit, again.source_staff) == ("某某县科技局", "张三")
    assert again.source_db == identity.database_id(db) and len(again.source_db) >= 32
    assert again.rev and again.changed_by == again.source_db


def test_the_source_stays_through_edits_and_a_changed_setting(db, template):
    stored = activities.add_activity(db, _lecture(template))
    settings.set_settings(db, **{settings.UNIT: "胡集镇", settings.STAFF: "王五"})
    edited = activities.update_activity(db, stored.id, _lecture(template, "改过的讲座"))
    activities.delete_activities(db, [stored.id])
    again = activities.get_activity(db, stored.id)
    assert (edited.source_unit, again.source_unit, again.source_staff) == (
        "某某县科技局",
        "某某县科技局",
        "张三",
    )
    # every change is a new revision, remembered
    assert len({stored.rev, edited.rev, again.rev}) == 3
    known = {r for (r,) in db.conn.execute("SELECT rev FROM activity_revisions")}
    assert {stored.rev, edited.rev, again.rev} <= known
    # and the history says which unit made each change
    assert [e.unit for e in history.history_of(db.conn, stored.id)] == [
        "某某县科技局",
        "胡集镇",
        "胡集镇",
    ]


def test_the_database_id_is_made_once_and_kept(db):
    first = identity.database_id(db)
    assert identity.database_id(db) == first
    stored = db.conn.execute("SELECT value FROM settings WHERE key = 'database_id'").fetchone()
    assert stored == (first,)


def test_upgrading_gives_older_records_this_database_as_their_source(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_v2.db", path)
    db = open_bureau(path, create=True)
    assert database.schema_version(db) == database.SCHEMA_VERSION
    db_id = identity.database_id(db)
    rows = list(activities.iter_activities(db, activities.ActivityQuery(), load_template(db)))
    assert rows and {(a.source_unit, a.source_staff, a.source_db) for a in rows} == {
        ("某某县科技局", "李四", db_id)
    }
    assert all(a.rev for a in rows)
    # the history written before the upgrade is kept, each entry with an id of its own
    uids = [r[0] for r in db.conn.execute("SELECT uid FROM activity_history")]
    assert len(uids) >= len(rows) and len(set(uids)) == len(uids)
    assert database.integrity_problems(db) == []
    db.close()

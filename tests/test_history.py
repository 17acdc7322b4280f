"""Every add, edit, delete, restore and undo is in the history, with values before and after."""

import shutil
from pathlib import Path

import pytest

from core import activities as A
from core import bureau_file, history, settings
from core.errors import TaizhangError

FIXTURES = Path(__file__).parent / "fixtures"


def _lecture(template, title="讲座", audience=80):
    t = template.type_by_name("科普讲座")
    draft = {"type_id": t.id, "date": "2026-03-05", "title": title,
             "values": {t.field_by_label("听众人次").id: audience}}  # fmt: skip
    return A.validate_activity(template, draft)


def test_each_change_is_recorded_with_staff_and_values(db, template):
    stored = A.add_activity(db, _lecture(template))
    settings.set_settings(db, **{settings.STAFF: "李四"})
    A.update_activity(db, stored.id, _lecture(template, "改过的讲座", 120))
    A.delete_activities(db, [stored.id])
    A.restore_activities(db, [stored.id])
    entries = history.history_of(db.conn, stored.id)
    assert [e.action for e in entries] == ["add", "edit", "delete", "restore"]
    assert [e.staff for e in entries] == ["张三", "李四", "李四", "李四"]
    assert entries[0].before is None and entries[0].after["title"] == "讲座"
    # An edit stores what it is given: 主办单位 and 经办人 given empty are emptied, not
    # filled with the unit and the staff member at the desk now (as a new record is)
    assert history.changes(template, entries[1]) == [
        ("活动名称", "讲座", "改过的讲座"),
        ("主办单位", "某某县科技局", ""),
        ("经办人", "张三", ""),
        ("听众人次（人次）", "80", "120"),
    ]
    assert history.changes(template, entries[2]) == [("在回收站", "否", "是")]
    # what the record was made with: the fields left empty are no change to list
    assert history.changes(template, entries[0]) == [
        ("活动类型", "", "科普讲座"), ("日期", "", "2026-03-05"), ("活动名称", "", "讲座"),
        ("主办单位", "", "某某县科技局"), ("经办人", "", "张三"), ("听众人次（人次）", "", "80"),
    ]  # fmt: skip


def test_failed_change_leaves_no_history(db, template):
    stored = A.add_activity(db, _lecture(template))
    with pytest.raises(TaizhangError):
        A.add_activities(db, [_lecture(template, "新"), stored])  # the id clashes
    count = db.conn.execute("SELECT count(*) FROM activity_history").fetchone()[0]
    assert count == 1


def test_undoing_an_add_is_recorded_and_imports_say_so(db, template):
    stored = A.add_activities(db, [_lecture(template)], action="import")[0]
    A.purge_activities(db, [stored.id])
    entries = history.history_of(db.conn, stored.id)
    assert [e.action for e in entries] == ["import", "purge"]
    assert entries[1].before["title"] == "讲座" and entries[1].after is None


def test_a_first_schema_database_gains_a_history(tmp_path, template):
    path = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "schema_v1.db", path)
    db = bureau_file.open_bureau(path, create=True)
    old = next(iter(A.iter_activities(db, A.ActivityQuery())))
    assert history.history_of(db.conn, old.id) == []  # older changes were never recorded
    A.delete_activities(db, [old.id])
    assert [e.action for e in history.history_of(db.conn, old.id)] == ["delete"]

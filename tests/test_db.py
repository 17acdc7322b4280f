import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from core import activities, bureau_file
from core import db as database
from core.bureau_file import open_bureau
from core.errors import TaizhangError
from core.template import load_template

FIXTURES = Path(__file__).parent / "fixtures"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_has_pragmas_and_version(db_path):
    db = bureau_file.open_bureau(db_path, create=True)
    conn = db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert database.schema_version(db) == database.SCHEMA_VERSION
    assert database.integrity_problems(db) == []


def test_reopening_keeps_data_and_does_not_reseed(db_path):
    db = bureau_file.open_bureau(db_path, create=True)
    types = len(load_template(db).types)
    db.close()
    again = bureau_file.open_bureau(db_path, create=True)
    assert len(load_template(again).types) == types


def test_missing_file_not_created_when_asked(tmp_path):
    with pytest.raises(TaizhangError) as caught:
        bureau_file.open_bureau(tmp_path / "none.db", create=False)
    assert caught.value.key == "db_missing"
    assert not (tmp_path / "none.db").exists()


def test_folder_must_exist(tmp_path):
    with pytest.raises(TaizhangError):
        bureau_file.open_bureau(tmp_path / "no" / "such" / "x.db", create=True)


def test_not_a_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "工作台账.xlsx"
    path.write_bytes(b"PK\x03\x04 this is a spreadsheet, not a database" * 50)
    before = _digest(path)
    with pytest.raises(TaizhangError) as caught:
        bureau_file.open_bureau(path, create=True)
    assert caught.value.key == "db_not_database"
    assert _digest(path) == before


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(TaizhangError) as caught:
        bureau_file.open_bureau(path, create=True)
    assert caught.value.key == "db_foreign"
    assert _digest(path) == before


def test_newer_schema_is_refused_and_not_written(tmp_path):
    path = tmp_path / "newer.db"
    shutil.copy(FIXTURES / "schema_v1.db", path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(TaizhangError) as caught:
        bureau_file.open_bureau(path, create=True)
    assert caught.value.key == "db_too_new"
    assert "更新版本" in caught.value.zh
    assert _digest(path) == before
    assert not Path(f"{path}-wal").exists()


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema_v*.db")))
def test_every_released_schema_opens_and_upgrades(tmp_path, fixture):
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    db = bureau_file.open_bureau(path, create=True)
    assert database.schema_version(db) == database.SCHEMA_VERSION
    assert database.integrity_problems(db) == []
    template = load_template(db)
    rows = list(activities.iter_activities(db, activities.ActivityQuery(), template))
    assert {a.title for a in rows} >= {"春季农业技术培训班", "省级重点研发计划申报"}
    training = next(a for a in rows if a.title == "春季农业技术培训班")
    by_label = {template.fields_by_id[k].label: v for k, v in training.values.items()}
    assert by_label == {"参训人次": 120, "发放资料": 300}
    # its records can be edited and found again under the new words
    edited = activities.validate_activity(template, {
        "type_id": training.type_id, "date": "2026-03-05", "title": "秋季果树培训班"})  # fmt: skip
    activities.update_activity(db, training.id, edited)
    query = activities.ActivityQuery
    assert activities.count_activities(db, query(text="果树")) == 1
    assert activities.count_activities(db, query(text="农业技术")) == 0
    # and the upgraded file takes new records
    t = template.type_by_name("科普讲座")
    activities.add_activity(
        db,
        activities.validate_activity(
            template, {"type_id": t.id, "date": "2026-04-01", "title": "讲座"}
        ),
    )


def test_an_upgraded_file_never_gives_again_the_ids_its_history_names(tmp_path):
    """schema_v6.db deleted type 28 and field 54 (the highest) while a record's history
    named them: version 7 keeps both ids from being given to a new type."""
    from core import history
    from core import template_edit as E

    path = tmp_path / "v6.db"
    shutil.copy(FIXTURES / "schema_v6.db", path)
    db = bureau_file.open_bureau(path)
    assert load_template(db).retired == {("type", 28): "", ("field", 54): ""}
    spec = E.spec_of(load_template(db))
    section = next(s for s in spec if s.name == "十、机关建设")
    section.types.append(
        E.TypeSpec("", "调研活动", "次", fields=[E.FieldSpec("", "走访人次", "人", "integer")])
    )
    E.change_template(db, spec)
    template = load_template(db)
    new = template.type_by_name("调研活动")
    assert (new.id, new.fields[0].id) == (29, 55)
    (record,) = [a for a in activities.iter_activities(db, activities.ActivityQuery(), template)
                 if a.title == "主题党日"]  # fmt: skip
    edit = history.history_of(db.conn, record.id)[-1]
    shown = {label: before for label, before, _after in history.changes(template, edit)}
    assert shown["活动类型"] == "已从模板删除（#28）"


def test_migrations_are_numbered_without_gaps():
    assert sorted(database.MIGRATIONS) == list(range(1, database.SCHEMA_VERSION + 1))


def test_failed_migration_leaves_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "schema_v1.db", path)

    def broken(db):
        db.conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("simulated failure")

    released = database.SCHEMA_VERSION
    monkeypatch.setitem(database.MIGRATIONS, database.SCHEMA_VERSION + 1, broken)
    monkeypatch.setattr(database, "SCHEMA_VERSION", database.SCHEMA_VERSION + 1)
    with pytest.raises(TaizhangError) as caught:  # said, not 程序内部错误
        bureau_file.open_bureau(path, create=True)
    assert caught.value.key == "db_write_failed"
    conn = sqlite3.connect(path)
    # every migration before the broken one took; the broken one left nothing behind
    assert conn.execute("PRAGMA user_version").fetchone()[0] == released
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()


def test_backup_is_a_checked_copy(db, template, tmp_path):
    t = template.type_by_name("科普讲座")
    activities.add_activity(
        db,
        activities.validate_activity(
            template, {"type_id": t.id, "date": "2026-04-01", "title": "讲座"}
        ),
    )
    target = tmp_path / "备份 文件.db"
    database.backup_to(db, target)
    copy = bureau_file.open_bureau(target, create=True)
    assert activities.count_activities(copy, activities.ActivityQuery()) == 1
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_backup_into_missing_folder_is_a_clear_error(db, tmp_path):
    with pytest.raises(TaizhangError):
        database.backup_to(db, tmp_path / "nope" / "b.db")


def test_fixture_search_index_is_used_by_the_upgraded_file(tmp_path):
    path = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "schema_v1.db", path)
    db = bureau_file.open_bureau(path, create=True)
    assert activities.count_activities(db, activities.ActivityQuery(text="研发计划")) == 1


def _template_shape(template):
    return [
        (s.uid, s.name, s.archived, [
            (t.uid, t.name, t.count_unit, t.archived,
             t.counting_field.uid if t.counting_field else None,
             t.breakdown_field.uid if t.breakdown_field else None,
             [(f.uid, f.label, f.unit, f.kind, f.options, f.archived) for f in t.fields])
            for t in s.types])
        for s in template.sections
    ]  # fmt: skip


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema_v*.db")))
def test_every_schema_grows_to_the_default_template_without_touching_records(tmp_path, fixture):
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    conn = sqlite3.connect(path)
    records_before = conn.execute("SELECT * FROM activities ORDER BY seq").fetchall()
    # What the file held: later schemas add columns (a record's source), never change these.
    held = ", ".join(r[1] for r in conn.execute("PRAGMA table_info(activities)"))
    values_before = conn.execute("SELECT * FROM activity_values ORDER BY 1, 2").fetchall()
    type_of_record = dict(
        conn.execute(
            "SELECT a.id, t.name FROM activities a JOIN activity_types t ON t.id = a.type_id"
        ).fetchall()
    )
    conn.close()
    db = open_bureau(path, create=True)
    fresh = open_bureau(tmp_path / "fresh.db", create=True)
    try:
        assert _template_shape(load_template(db)) == _template_shape(load_template(fresh))
        assert db.conn.execute(f"SELECT {held} FROM activities ORDER BY seq").fetchall() == (
            records_before
        )
        assert db.conn.execute("SELECT * FROM activity_values ORDER BY 1, 2").fetchall() == (
            values_before
        )
        template = load_template(db)
        for a in activities.iter_activities(db, activities.ActivityQuery(), template):
            assert template.type(a.type_id).name == type_of_record[a.id]
    finally:
        db.close()
        fresh.close()


def _shape(conn: sqlite3.Connection) -> dict:
    """Every table's columns (name, type, not null, default, key) and every index's
    columns: what a file is, whatever order its columns were added in."""
    shape = {}
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'activity_grams_%'"
    ).fetchall()
    for (table,) in tables:
        columns = conn.execute(f"PRAGMA table_info({table})").fetchall()
        shape[table] = sorted((c[1], c[2], c[3], c[4], c[5]) for c in columns)
        for index in conn.execute(f"PRAGMA index_list({table})").fetchall():
            name, unique = index[1], index[2]
            if name.startswith("sqlite_autoindex"):
                name = f"{table} auto {unique}"  # numbered by column order: not comparable
            parts = [c[2] for c in conn.execute(f"PRAGMA index_info('{index[1]}')")]
            shape[f"index {name}"] = (table, unique, parts)
    return shape


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema_v*.db")))
def test_every_upgraded_file_has_the_shape_of_a_new_one(tmp_path, fixture):
    # A table whose shape lives outside its migration (a module's SCHEMA that a later
    # version edits) would give new files and upgraded ones two different shapes.
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    upgraded = bureau_file.open_bureau(path, create=True)
    new = bureau_file.open_bureau(tmp_path / "new.db", create=True)
    assert _shape(upgraded.conn) == _shape(new.conn)

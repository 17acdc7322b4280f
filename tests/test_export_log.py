"""A late correction leaves a trace: each ledger export is logged, and a later export of the
period (or the dialog, before it) says how many of its records changed since."""

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from core import activities, exchange, export_log, settings
from core import db as database
from core.bureau_file import open_bureau
from core.ledger_export import export_ledger_file
from core.periods import parse_period
from core.template import load_template

FIXTURES = Path(__file__).parent / "fixtures"
Q1, Q2 = parse_period("2026Q1"), parse_period("2026Q2")


def _add(db, title, date, type_name="科普讲座", **values):
    template = load_template(db)
    t = template.type_by_name(type_name)
    draft = {"type_id": t.id, "date": date, "title": title, "values": values}
    return activities.add_activity(db, activities.validate_activity(template, draft))


def _edit(db, record, **changes):
    template = load_template(db)
    old = activities.get_activity(db, record.id)
    kept = {name: getattr(old, name) for name in activities.COMMON_TEXT_FIELDS}
    draft = {"type_id": old.type_id, "date": old.date.isoformat(), "title": old.title,
             "values": dict(old.values), **kept, **changes}  # fmt: skip
    return activities.update_activity(db, record.id, activities.validate_activity(template, draft))


def _export(db, tmp_path, period=Q1, **options):
    return export_ledger_file(db, load_template(db), period, tmp_path, **options)


def _changed(db, period=Q1, unit=None):
    last = export_log.last_export(db, period, unit)
    return None if last is None else last.changed


@pytest.fixture
def exported(db, tmp_path):
    """Q1 with three records and Q2 with one, the ledger of Q1 exported."""
    records = {
        "a": _add(db, "一季度讲座甲", "2026-01-10"),
        "b": _add(db, "一季度讲座乙", "2026-02-10"),
        "c": _add(db, "一季度讲座丙", "2026-03-31"),
        "q2": _add(db, "二季度讲座", "2026-04-01"),
    }
    result = _export(db, tmp_path)
    assert result.logged and result.records == 3
    return records


def test_an_export_is_logged_with_its_period_time_file_and_records(db, tmp_path):
    _add(db, "讲座", "2026-03-05")
    assert export_log.last_export(db, Q1, None) is None
    result = _export(db, tmp_path)
    last = export_log.last_export(db, Q1, None)
    assert (last.file_name, last.records, last.changed) == (result.path.name, 1, 0)
    assert len(last.when) == len("2026-04-02 10:31")
    assert export_log.last_export(db, Q2, None) is None  # another period: never exported
    assert export_log.last_export(db, Q1, "胡集镇").records == 1  # in the ledger of all


def test_an_added_record_of_the_period_counts_and_one_of_another_period_does_not(
    db, tmp_path, exported
):
    _add(db, "二季度补录", "2026-05-01")
    assert _changed(db) == 0
    _add(db, "一季度补录", "2026-03-15")
    assert _changed(db) == 1
    assert export_log.last_export(db, Q1, None).titles == ("一季度补录",)
    assert _changed(db, Q2) is None  # Q2 was never exported


def test_edits_and_deletions_count_once_per_record(db, tmp_path, exported):
    _edit(db, exported["a"], title="一季度讲座甲（更正）")
    _edit(db, exported["a"], location="县科技馆")
    activities.delete_activities(db, [exported["b"].id])
    _edit(db, exported["q2"], title="二季度讲座（更正）")  # Q2's: not Q1's business
    last = export_log.last_export(db, Q1, None)
    assert last.changed == 2
    assert set(last.titles) == {"一季度讲座甲（更正）", "一季度讲座乙"}


def test_a_record_moved_across_the_boundary_counts_for_both_quarters(db, tmp_path, exported):
    _export(db, tmp_path, Q2)
    _edit(db, exported["c"], date="2026-04-02")  # out of Q1, into Q2
    assert _changed(db, Q1) == 1
    assert _changed(db, Q2) == 1
    _export(db, tmp_path, parse_period("2026Q3"))
    _edit(db, exported["q2"], date="2026-04-03")  # within Q2
    assert _changed(db, Q1) == 1
    assert _changed(db, Q2) == 2
    assert _changed(db, parse_period("2026Q3")) == 0


def test_changes_taken_back_do_not_count(db, tmp_path, exported):
    added = _add(db, "误录", "2026-03-01")
    activities.purge_activities(db, [added.id])  # undo of the add
    activities.delete_activities(db, [exported["a"].id])
    activities.restore_activities(db, [exported["a"].id])  # undo of the delete
    _edit(db, exported["b"], title="改错了")
    _edit(db, exported["b"], title="一季度讲座乙")  # edited back
    assert _changed(db) == 0
    _add(db, "真的补录", "2026-03-02")
    assert _changed(db) == 1


def test_a_new_export_starts_the_count_again(db, tmp_path, exported):
    _add(db, "一季度补录", "2026-03-15")
    second = _export(db, tmp_path)
    assert second.earlier.changed == 1 and second.earlier.records == 3  # said at the export
    assert second.records == 4
    assert _changed(db) == 0


def test_an_import_counts_its_records_of_the_period(db, tmp_path, exported):
    template = load_template(db)
    t = template.type_by_name("科技培训班")
    items = [
        activities.validate_activity(template, {"type_id": t.id, "date": d, "title": f"导入{d}"})
        for d in ("2026-01-05", "2026-02-05", "2026-06-05")
    ]
    activities.import_activities(db, items)
    assert _changed(db) == 2


def test_a_township_merge_counts_even_when_its_changes_were_made_before_the_export(
    db, tmp_path, exported
):
    """The township edited its record before the county's export; the package arrived
    after it: the county's Q1 ledger changes now, whatever the entries' times say."""
    township = open_bureau(tmp_path / "t.db", create=True)
    settings.set_settings(township, **{settings.UNIT: "胡集镇", settings.STAFF: "李四"})
    _add(township, "胡集镇一季度讲座", "2026-03-20")
    _add(township, "胡集镇二季度讲座", "2026-04-20")
    package = exchange.export_package(township, tmp_path / "t.tzpkg", everything=True).path
    township.close()
    assert _changed(db) == 0
    exchange.import_package(db, exchange.read_package(package), tmp_path / "x.db")
    last = export_log.last_export(db, Q1, None)
    assert (last.changed, last.titles) == (1, ("胡集镇一季度讲座",))
    # its own ledger was never exported; the one of all units was, and changed
    assert _changed(db, Q1, "某某县科技局") == 1


def test_a_unit_ledger_counts_the_changes_of_its_own_records(db, tmp_path, exported):
    _export(db, tmp_path, unit="某某县科技局")
    _edit(db, exported["a"], title="本单位更正")
    assert _changed(db, Q1, "某某县科技局") == 1
    assert _changed(db, Q1, None) == 1
    settings.set_settings(db, **{settings.UNIT: "胡集镇"})  # a record saved as 胡集镇's
    _add(db, "胡集镇补录", "2026-03-03")
    assert _changed(db, Q1, "某某县科技局") == 1  # not in that unit's ledger
    assert _changed(db, Q1, None) == 2
    assert _changed(db, Q1, "胡集镇") == 2  # only the ledger of all held it: all said


def test_a_unit_ledger_never_stands_for_another_units(db, tmp_path):
    _add(db, "讲座", "2026-03-05")
    _export(db, tmp_path, unit="某某县科技局")
    assert export_log.last_export(db, Q1, "胡集镇") is None
    assert export_log.last_export(db, Q1, None).records == 1  # one unit: all of them


def test_evidence_files_added_later_do_not_change_the_ledger(db, tmp_path, exported):
    from core import attachments

    evidence = tmp_path / "照片.jpg"
    evidence.write_bytes(b"\xff\xd8 not much of a photo")
    attachments.attach_files(db, exported["a"].id, [evidence])
    assert _changed(db) == 0


def test_the_note_says_when_what_and_how_many(db, tmp_path, exported):
    last = export_log.last_export(db, Q1, None)
    said = export_log.note(last, "zh")
    assert said.startswith(f"本期已于 {last.when} 导出过（{last.file_name}，共 3 条）")
    assert "没有变化" in said
    for n in range(5):
        _add(db, f"补录{n}", f"2026-03-1{n}")  # named the latest first: 补录4 …
    said = export_log.note(export_log.last_export(db, Q1, None), "zh")
    assert "此后本期有 5 条记录被新增、修改或删除：“补录4”、“补录3”、“补录2”等" in said
    assert "5 of its records" in export_log.note(export_log.last_export(db, Q1, None), "en")
    _add(
        db, "关于组织开展二〇二六年度全县科技特派员农村实用技术培训的通知及其附件材料", "2026-03-20"
    )
    said = export_log.note(export_log.last_export(db, Q1, None), "zh")
    assert "“关于组织开展二〇二六年度全县…实用技术培训的通知及其附件材料”" in said  # both ends kept


def test_a_file_opened_read_only_exports_and_logs_nothing(db, db_path, tmp_path):
    _add(db, "讲座", "2026-03-05")
    db.close()
    looked_at = open_bureau(db_path, read_only=True)
    try:
        result = _export(looked_at, tmp_path)
    finally:
        looked_at.close()
    assert result.path.is_file() and result.records == 1
    assert not result.logged
    again = open_bureau(db_path)
    try:
        assert export_log.last_export(again, Q1, None) is None
        assert database.integrity_problems(again) == []
    finally:
        again.close()


def test_a_file_held_by_another_writer_exports_and_logs_nothing(db, db_path, tmp_path):
    _add(db, "讲座", "2026-03-05")
    other = sqlite3.connect(db_path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another program's write, holding the lock
    try:
        started = time.monotonic()
        result = _export(db, tmp_path)
        waited = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.path.is_file() and result.records == 1
    assert not result.logged
    assert waited < database.BUSY_TIMEOUT_MS / 1000  # the log waits briefly, not 5 s
    assert export_log.last_export(db, Q1, None) is None
    assert db.conn.execute("PRAGMA busy_timeout").fetchone()[0] == database.BUSY_TIMEOUT_MS
    assert _export(db, tmp_path).logged  # and the next export is logged


def test_a_full_disk_leaves_no_line_and_no_transaction_open(db, tmp_path, monkeypatch):
    _add(db, "讲座", "2026-03-05")

    def full_disk(conn, row):
        conn.execute("INSERT INTO ledger_exports (period, at, file_name, records, history_mark) "
                     "VALUES ('2026Q1', '2026-04-01T00:00:00', 'half.xlsx', 0, 0)")  # fmt: skip
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(export_log, "_insert", full_disk)
    result = _export(db, tmp_path)
    assert result.path.is_file() and not result.logged
    assert not db.conn.in_transaction
    assert db.conn.execute("SELECT count(*) FROM ledger_exports").fetchone()[0] == 0


def test_an_older_file_upgrades_to_an_empty_log(tmp_path):
    path = tmp_path / "v7.db"
    shutil.copy(FIXTURES / "schema_v7.db", path)
    db = open_bureau(path)
    try:
        assert database.schema_version(db) == database.SCHEMA_VERSION >= 8
        assert export_log.last_export(db, Q1, None) is None
        result = _export(db, tmp_path)
        assert result.records == 2 and result.logged
        assert export_log.last_export(db, Q1, None).changed == 0
        _add(db, "升级后补录", "2026-03-06")
        assert export_log.last_export(db, Q1, None).changed == 1
    finally:
        db.close()


def test_the_command_line_says_it_at_the_second_export(capsys, tmp_path):
    from core import cli

    path = tmp_path / "台账.db"

    def run(*argv):
        code = cli.main(["--db", str(path), *map(str, argv)])
        out, err = capsys.readouterr()
        assert (code, err) == (0, "")
        return out

    lecture = ["add", "--type", "科普讲座", "--title"]
    run(*lecture, "一月讲座", "--date", "2026-01-05")
    out = run("export", "--period", "2026Q1", "--out", tmp_path / "一季度.xlsx")
    assert "导出过" not in out  # the first export: nothing to say
    run(*lecture, "补录的讲座", "--date", "2026-03-30")
    run(*lecture, "四月讲座", "--date", "2026-04-01")
    out = run("export", "--period", "2026Q1", "--out", tmp_path / "一季度.xlsx")
    lines = out.splitlines()
    assert lines[0].startswith("已导出 2026年第一季度 台账")
    assert lines[1].startswith("本期已于 ")
    assert (
        "（一季度.xlsx，共 1 条）；此后本期有 1 条记录被新增、修改或删除：“补录的讲座”" in lines[1]
    )
    out = run("export", "--period", "2026Q1", "--out", tmp_path / "一季度.xlsx")
    assert "（一季度.xlsx，共 2 条）；此后本期记录没有变化" in out


# --- the template, the 统计指标 and the 年度目标 change the ledger too ----------------------


def _exported_a_while_ago(db):
    """The last export read its data a minute ago (the histories' times are in seconds)."""
    with db.conn:  # committed: another connection reads it
        db.conn.execute(
            "UPDATE ledger_exports SET at = strftime('%Y-%m-%dT%H:%M:%S', at, '-60 seconds') "
            "WHERE id = (SELECT max(id) FROM ledger_exports)"
        )


def _others(db, period=Q1):
    return export_log.last_export(db, period, None).others


def test_a_target_of_the_period_s_year_changed_since_is_said(db, tmp_path, exported):
    from core import targets

    _exported_a_while_ago(db)
    assert _others(db) == ()
    key = targets.count_key(load_template(db).type_by_name("科普讲座").id)
    targets.set_target(db, 2025, key, 10)  # another year's: not in this ledger
    assert _others(db) == ()
    targets.set_target(db, 2026, key, 12)
    assert _others(db) == ("targets",)
    said = export_log.note(export_log.last_export(db, Q1, None), "zh")
    assert said.endswith("此后本期记录没有变化，但此后年度目标有修改，本期台账已与那次导出的不同")
    targets.set_target(db, 2026, key, None)  # taken back: the ledger is as exported
    assert _others(db) == ()


def test_an_indicator_value_counts_where_the_ledger_shows_it(db, tmp_path, exported):
    from core import indicators

    _exported_a_while_ago(db)
    indicator = indicators.load_indicators(db)[0]
    indicators.set_value(db, indicator.id, parse_period("2026-07"), 5)  # after Q1
    assert _others(db) == ()
    indicators.set_value(db, indicator.id, parse_period("2025-02"), 5)  # 上年同期
    assert _others(db) == ("indicators",)


def test_a_template_change_since_is_said_after_the_records(db, tmp_path, exported):
    from core import template_edit

    _exported_a_while_ago(db)
    _add(db, "一季度补录", "2026-03-15")
    spec = template_edit.spec_of(load_template(db))
    spec[0].types[0].count_unit = "场" if spec[0].types[0].count_unit != "场" else "次"
    template_edit.change_template(db, spec)
    last = export_log.last_export(db, Q1, None)
    assert (last.changed, last.others) == (1, ("template",))
    said = export_log.note(last, "zh")
    assert "被新增、修改或删除：“一季度补录”；模板也有修改，本期台账已与那次导出的不同" in said
    assert "; the template changed too; its ledger differs" in export_log.note(last, "en")


def test_changes_before_the_export_are_not_said(db, tmp_path):
    from core import targets

    _add(db, "讲座", "2026-03-05")
    key = targets.count_key(load_template(db).type_by_name("科普讲座").id)
    targets.set_target(db, 2026, key, 12)
    db.conn.execute(
        "UPDATE figure_history SET at = strftime('%Y-%m-%dT%H:%M:%S', at, '-60 seconds')"
    )
    _export(db, tmp_path)
    assert _others(db) == ()


def test_the_command_line_says_the_targets_changed_since(capsys, tmp_path):
    from core import cli, targets

    path = tmp_path / "台账.db"

    def run(*argv):
        code = cli.main(["--db", str(path), *map(str, argv)])
        out, err = capsys.readouterr()
        assert (code, err) == (0, "")
        return out

    run("add", "--type", "科普讲座", "--title", "一月讲座", "--date", "2026-01-05")
    run("export", "--period", "2026Q1", "--out", tmp_path / "一季度.xlsx")
    db = open_bureau(path)
    try:
        _exported_a_while_ago(db)
        key = targets.count_key(load_template(db).type_by_name("科普讲座").id)
        targets.set_target(db, 2026, key, 12)
    finally:
        db.close()
    out = run("export", "--period", "2026Q1", "--out", tmp_path / "一季度.xlsx")
    assert "此后本期记录没有变化，但此后年度目标有修改，本期台账已与那次导出的不同" in out


def test_one_townships_ledger_never_stands_for_the_ledger_of_all_units(db, tmp_path):
    """With the county's records and a township's in the period, only 胡集镇's own ledger
    exported: the ledger of all units was never handed in, and is not said to be."""
    _add(db, "县里讲座", "2026-03-05")
    settings.set_settings(db, **{settings.UNIT: "胡集镇"})
    _add(db, "镇上讲座", "2026-03-06")
    _export(db, tmp_path, unit="胡集镇")

    assert export_log.last_export(db, Q1, None) is None
    assert export_log.last_export(db, Q1, "胡集镇").records == 1


def test_a_record_added_after_the_export_and_moved_out_leaves_the_quarter_as_handed_in(
    db, tmp_path, exported
):
    """Added to Q1 after the export, then moved to Q2: Q1's ledger is the one handed in."""
    late = _add(db, "补录讲座", "2026-03-15")
    _edit(db, late, date="2026-04-15")

    assert _changed(db, Q1) == 0
    assert _changed(db, Q2) is None  # Q2 was never exported

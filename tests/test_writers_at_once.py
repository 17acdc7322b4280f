"""Two writers at once lose nothing (report_faults.md, findings 1–3 and the FOREIGN KEY of 14).

Each test makes "the other program" write at the one moment that mattered: between what
the first writer read and what it wrote. That moment is reached through a hook, not by
timing. With the fixes, the first writer reads inside its write transaction, so the other
finds the file locked (busy timeout 0 here: it gives up at once instead of waiting on a
lock held by its own thread) and writes after it, as a second process would.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from core import activities as A
from core import bureau_file, cli, exchange, history, settings
from core.errors import TaizhangError
from core.template import load_template


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


class OtherProgram:
    """A second connection to the file that makes one change when called: at once if the
    file is free, else (the first writer holds the lock) right after the first is done."""

    def __init__(self, path, change) -> None:
        self.path = path
        self.change = change
        self.made_at_once: bool | None = None
        self._called = False

    def __call__(self) -> None:
        if self._called:
            return  # once (and not again from inside its own change)
        self._called = True
        self.made_at_once = self._try()

    def _try(self) -> bool:
        other = bureau_file.open_bureau(self.path)
        try:
            other.conn.execute("PRAGMA busy_timeout = 0")
            self.change(other)
            return True
        except TaizhangError as error:
            assert error.key == "db_busy", error
            return False
        finally:
            other.close()

    def finish(self) -> None:
        """The change, if it had to wait for the first writer."""
        if self.made_at_once is False:
            other = bureau_file.open_bureau(self.path)
            try:
                self.change(other)
            finally:
                other.close()


def _listed(capsys, db):
    code, out, _ = run(capsys, "--db", db, "list", "--format", "json")
    assert code == 0
    return json.loads(out)


# --- 1. two edits of one record ------------------------------------------------------


def test_two_cli_edits_of_one_record_at_once_keep_both(capsys, tmp_path, monkeypatch):
    """f12: `edit --title` and another `edit --field` at once; before, the one that wrote
    last put back the other's field as it had read it (and the history said so)."""
    db = tmp_path / "e.db"
    run(capsys, "--db", db, "add", "--type", "科技培训班", "--date", "2026-03-05",
        "--title", "原", "--field", "参训人次=1")  # fmt: skip
    (row,) = _listed(capsys, db)
    record_id = row["id"]

    def relocate(other):  # the other program's edit: another field
        stored = A.get_activity(other, record_id)
        A.update_activity(other, record_id, replace(stored, location="会议室"))

    other = OtherProgram(db, relocate)
    real = A.validate_activity

    def validate_then_the_other_writes(template, draft):
        other()  # between this edit's read of the record and its write
        return real(template, draft)

    monkeypatch.setattr(A, "validate_activity", validate_then_the_other_writes)
    code, out, err = run(capsys, "--db", db, "edit", "--id", record_id, "--title", "T1")
    other.finish()
    assert other.made_at_once is not None  # the hook was reached
    assert (code, err) == (0, "")
    (row,) = _listed(capsys, db)
    assert (row["title"], row["location"]) == ("T1", "会议室")
    code, out, _ = run(capsys, "--db", db, "history", "--id", record_id)
    assert "会议室" in out and "由“会议室”改为" not in out  # no change back nobody made


def test_an_edit_made_from_an_older_read_is_refused(db, template):
    """The window's save: the form was opened on the record; another program wrote since."""
    t = template.type_by_name("科普讲座")
    draft = A.validate_activity(template, {"type_id": t.id, "date": "2026-03-05", "title": "甲"})
    (opened,) = A.add_activities(db, [draft])
    elsewhere = A.update_activity(db, opened.id, replace(opened, location="会议室"))
    with pytest.raises(TaizhangError) as refused:
        A.update_activity(db, opened.id, replace(opened, title="乙"), expected=opened)
    assert refused.value.key == "record_changed_elsewhere"
    assert "别处" in str(refused.value) and "elsewhere" in str(refused.value)
    stored = A.get_activity(db, opened.id)
    assert (stored.title, stored.location, stored.rev) == ("甲", "会议室", elsewhere.rev)
    saved = A.update_activity(db, opened.id, replace(stored, title="乙"), expected=stored)
    assert (saved.title, saved.location) == ("乙", "会议室")


# --- 2. an exchange import and a local edit at once ----------------------------------


class Clock:
    """The time every change is stamped with, a minute on at each: the order of the edits
    is the order they were made in, whatever the machine's speed."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 4, 1, 9, 0, 0)

    def __call__(self) -> str:
        self.now += dt.timedelta(minutes=1)
        return self.now.isoformat(timespec="seconds")


@pytest.fixture
def town_and_county(tmp_path, monkeypatch):
    clock = Clock()
    for module in (A, exchange):
        monkeypatch.setattr(module, "_now", clock)
    opened = []
    for name, unit in (("town", "胡集镇"), ("county", "县科技局")):
        db = bureau_file.open_bureau(tmp_path / f"{name}.db", create=True)
        settings.set_settings(db, **{settings.UNIT: unit, settings.STAFF: "张三"})
        opened.append(db)
    yield opened
    for db in opened:
        db.close()


def _retitle(db, record_id, title):
    stored = A.get_activity(db, record_id)
    return A.update_activity(db, record_id, replace(stored, title=title))


def test_a_local_edit_made_while_an_exchange_import_runs_is_a_conflict_and_said(
    town_and_county, tmp_path, monkeypatch
):
    """f06: the county edits a record while it imports the township's change of it: the
    import overwrote the county's edit with no conflict, or recorded one and said 冲突 0."""
    town, county = town_and_county
    template = load_template(town)
    t = template.type_by_name("科技培训班")
    draft = {"type_id": t.id, "date": "2026-03-05", "title": "培训"}
    (record,) = A.add_activities(town, [A.validate_activity(template, draft)])
    first = exchange.export_package(town, tmp_path / "p1.tzpkg", everything=True).path
    exchange.import_package(county, exchange.read_package(first), tmp_path / "county.db")
    _retitle(town, record.id, "乡镇改的")
    second = exchange.export_package(town, tmp_path / "p2.tzpkg", everything=True).path

    county_path = tmp_path / "county.db"
    other = OtherProgram(county_path, lambda db: _retitle(db, record.id, "县里改的"))
    real = exchange._receive_files

    def receive_then_the_other_writes(db, package):
        real(db, package)
        other()  # after the preview, before the merge's transaction

    monkeypatch.setattr(exchange, "_receive_files", receive_then_the_other_writes)
    done = exchange.import_package(county, exchange.read_package(second), county_path)
    other.finish()
    assert other.made_at_once is True  # the preview does not hold the lock
    # The county's edit is the newer: kept, the township's in the history, and said so.
    assert A.get_activity(county, record.id).title == "县里改的"
    assert (done.counts["updated"], done.counts["conflict"]) == (0, 1)
    entries = history.history_of(county.conn, record.id)
    (conflict,) = [e for e in entries if e.action == "conflict"]
    assert conflict.before["title"] == "乡镇改的" and conflict.after["title"] == "县里改的"


def test_the_command_line_says_the_conflict_the_import_recorded(
    capsys, town_and_county, tmp_path, monkeypatch
):
    """f06: a conflict recorded, and `exchange import` printing "更新 1 条，冲突 0 条" (what it
    had looked at before the local edit)."""
    town, county = town_and_county
    template = load_template(town)
    t = template.type_by_name("科技培训班")
    draft = {"type_id": t.id, "date": "2026-03-05", "title": "培训"}
    (record,) = A.add_activities(town, [A.validate_activity(template, draft)])
    first = exchange.export_package(town, tmp_path / "p1.tzpkg", everything=True).path
    exchange.import_package(county, exchange.read_package(first), tmp_path / "county.db")
    _retitle(town, record.id, "乡镇改的")
    second = exchange.export_package(town, tmp_path / "p2.tzpkg", everything=True).path
    county_path = tmp_path / "county.db"
    other = OtherProgram(county_path, lambda db: _retitle(db, record.id, "县里改的"))
    real = exchange._receive_files

    def receive_then_the_other_writes(db, package):
        real(db, package)
        other()

    monkeypatch.setattr(exchange, "_receive_files", receive_then_the_other_writes)
    code, out, err = run(capsys, "--db", county_path, "exchange", "import", second)
    assert other.made_at_once is True and (code, err) == (0, "")
    assert "更新 0 条，删除 0 条，冲突 1 条" in out and "本库 县里改的 | 对方 乡镇改的" in out


# --- 3. the same file imported twice at once -----------------------------------------


def _rows_file(path, count=3):
    rows = "".join(f"2026-03-{d:02d},科技培训班,第{d}期,{d}\n" for d in range(1, count + 1))
    path.write_text("日期,活动类型,活动名称,参训人次（人次）\n" + rows, encoding="utf-8")
    return path


def test_the_same_file_imported_twice_at_once_is_added_once(capsys, tmp_path, monkeypatch):
    """f01: two `import a.csv` at once each found no repeats, then both wrote (2 → 4)."""
    from core import backups, duplicates, importer

    db = tmp_path / "x.db"
    csv_path = _rows_file(tmp_path / "a.csv")
    run(capsys, "--db", db, "settings", "--unit", "胡集镇")
    template = _template_of(db)

    def the_other_import(other):  # the same file, imported by another process
        plan = importer.plan_import(csv_path, template)
        new = duplicates.find_repeats(other, plan.activities).new_items(plan.activities)
        if new:
            importer.run_import(other, replace(plan, activities=new, source_ids=[]))

    other = OtherProgram(db, the_other_import)
    real = backups.take_backup

    def backup_then_the_other_writes(*args, **kwargs):
        taken = real(*args, **kwargs)
        other()  # after this import's look for repeats, before its write
        return taken

    monkeypatch.setattr(backups, "take_backup", backup_then_the_other_writes)
    code, out, err = run(capsys, "--db", db, "import", csv_path)
    other.finish()
    assert other.made_at_once is True
    assert (code, err) == (0, "")
    assert len(_listed(capsys, db)) == 3
    assert "已导入 0 条" in out and "已跳过 3 条重复记录" in out


def _template_of(path):
    db = bureau_file.open_bureau(path)
    try:
        return load_template(db)
    finally:
        db.close()


# --- 4. a template import while a CSV import runs ------------------------------------


def test_an_import_whose_fields_were_removed_meanwhile_is_refused_clearly(
    capsys, tmp_path, monkeypatch
):
    """f13: a template import removed a field the file's rows fill while the CSV import
    ran: "FOREIGN KEY constraint failed" (the catch-all), or figures in another field."""
    from core import backups, template_edit

    db = tmp_path / "x.db"
    csv_path = _rows_file(tmp_path / "a.csv")
    run(capsys, "--db", db, "settings", "--unit", "胡集镇")

    def remove_the_field(other):  # what importing a template workbook without it does
        spec = template_edit.spec_of(load_template(other))
        training = next(t for s in spec for t in s.types if t.name == "科技培训班")
        training.fields = [f for f in training.fields if f.label != "参训人次"]
        template_edit.change_template(other, spec)

    other = OtherProgram(db, remove_the_field)
    real = backups.take_backup

    def backup_then_the_other_writes(*args, **kwargs):
        taken = real(*args, **kwargs)
        other()  # after the file was checked against the template, before the write
        return taken

    monkeypatch.setattr(backups, "take_backup", backup_then_the_other_writes)
    code, out, err = run(capsys, "--db", db, "import", csv_path)
    other.finish()
    assert other.made_at_once is True
    assert code == 1 and "模板已被修改" in err and "Import the file again" in err
    assert "FOREIGN KEY" not in err and "Traceback" not in err
    assert _listed(capsys, db) == []  # nothing half-imported
    assert _template_of(db).type_by_name("科技培训班").field_by_label("参训人次") is None
    monkeypatch.undo()
    code, out, err = run(capsys, "--db", db, "import", csv_path)  # again: the column is
    assert code == 1 and "参训人次" in err  # now one the template does not know, and said


# --- two commands at once on a new path ----------------------------------------------


def test_a_command_that_adds_nothing_never_removes_a_new_file_another_one_filled(
    capsys, tmp_path, monkeypatch
):
    """f01 again, once an import of repeats adds nothing: of two imports at once onto a
    new path, the one that found every row already there removed the file as "made by it
    and left empty", with the other's records in it."""
    from core import bureau_file as opener
    from core import importer

    db = tmp_path / "x.db"
    csv_path = _rows_file(tmp_path / "a.csv")
    real = opener._create

    def the_other_makes_and_fills_it_first(path):
        real(path)  # the other command, a moment sooner
        filled = opener.open_bureau(path)
        try:
            importer.import_new(filled, importer.plan_import(csv_path, load_template(filled)))
        finally:
            filled.close()
        return real(path)  # finds it there: made by the other

    monkeypatch.setattr(opener, "_create", the_other_makes_and_fills_it_first)
    code, out, _ = run(capsys, "--db", db, "import", csv_path)
    monkeypatch.undo()
    assert code == 0 and "已跳过 3 条重复记录" in out
    assert db.exists() and len(_listed(capsys, db)) == 3


def test_a_dry_run_on_a_new_path_keeps_what_another_program_wrote_to_it_meanwhile(
    capsys, tmp_path, monkeypatch
):
    from core import importer

    db = tmp_path / "x.db"
    csv_path = _rows_file(tmp_path / "a.csv")
    other = OtherProgram(
        db, lambda o: importer.import_new(o, importer.plan_import(csv_path, load_template(o)))
    )
    real = importer.plan_import

    def plan_while_the_other_imports(*args, **kwargs):
        other()  # this dry run made the file; the other program writes to it now
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "plan_import", plan_while_the_other_imports)
    code, out, err = run(capsys, "--db", db, "import", "--dry-run", csv_path)
    monkeypatch.undo()
    assert other.made_at_once is True and (code, err) == (0, "")
    assert db.exists() and len(_listed(capsys, db)) == 3
    # and a dry run alone on a new path still leaves nothing behind
    code, _, _ = run(capsys, "--db", tmp_path / "y.db", "import", "--dry-run", csv_path)
    assert code == 0 and not (tmp_path / "y.db").exists()


def test_a_template_change_planned_before_an_import_used_its_field_is_refused_clearly(
    db, db_path, template, tmp_path
):
    """The other way round: the template change (a workbook without 参训人次) was checked
    while no record used the field, so it was to be deleted; a CSV import then filled it,
    and the change failed with "FOREIGN KEY constraint failed"."""
    from core import importer, template_edit

    spec = template_edit.spec_of(template)
    training = next(t for s in spec for t in s.types if t.name == "科技培训班")
    training.fields = [f for f in training.fields if f.label != "参训人次"]
    plan = template_edit.plan_changes(db, spec)
    assert plan.ok and plan.count("delete") == 1
    other = bureau_file.open_bureau(db_path)  # the CSV import, between the check and the write
    try:
        importer.import_new(other, importer.plan_import(_rows_file(tmp_path / "a.csv"), template))
    finally:
        other.close()
    with pytest.raises(TaizhangError) as refused:
        template_edit.apply_plan(db, plan)
    assert refused.value.key == "template_plan_stale" and "FOREIGN" not in str(refused.value)
    assert load_template(db).type_by_name("科技培训班").field_by_label("参训人次") is not None
    again = template_edit.plan_changes(db, spec)  # checked again: now archived, not deleted
    template_edit.apply_plan(db, again)
    assert load_template(db).type_by_name("科技培训班").field_by_label("参训人次").archived

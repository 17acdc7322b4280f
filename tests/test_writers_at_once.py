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

    def __call__(self) -> None:
        if self.made_at_once is not None:
            return  # once
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

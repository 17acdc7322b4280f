"""Restoring another database's file (a township's, another office's) over this one: the
backup list offers only this database's own backups, but any Taizhang file could be
chosen by hand and replaced all the data without a word about whose it was."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from core import activities as A
from core import backups, cli, file_owner, settings
from core.bureau_file import open_bureau
from core.template import load_template

COUNTY = "某某县科技局"
TOWNSHIP = "胡集镇"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def make_file(path, unit: str, titles: list[str]):
    """A database of ``unit`` holding ``titles`` (科普讲座 on 2026-03-05), closed."""
    db = open_bureau(path, create=True)
    settings.set_settings(db, **{settings.UNIT: unit, settings.STAFF: "王五"})
    template = load_template(db)
    kind = template.type_by_name("科普讲座").id
    drafts = [{"type_id": kind, "date": "2026-03-05", "title": t} for t in titles]
    A.add_activities(db, [A.validate_activity(template, d) for d in drafts])
    db.close()
    return path


def listed(capsys, path) -> set[str]:
    out = run(capsys, "--db", path, "list")[1]
    return {row["活动名称"] for row in csv.DictReader(io.StringIO(out))}


@pytest.fixture
def county(tmp_path):
    return make_file(tmp_path / "县局.db", COUNTY, ["县里的一", "县里的二"])


@pytest.fixture
def township(tmp_path):
    return make_file(tmp_path / "U盘" / "胡集镇.db", TOWNSHIP, ["镇上的一", "镇上的二", "镇三"])


@pytest.fixture(autouse=True)
def stick(tmp_path):
    (tmp_path / "U盘").mkdir()


def test_the_command_line_refuses_another_units_file_naming_both(
    capsys, county, township, data_dir
):
    code, out, err = run(capsys, "--db", county, "restore", township)
    assert code == 1 and out == ""
    assert err.startswith(
        f"所选文件属于“{TOWNSHIP}”（3 条记录），当前数据库属于“{COUNTY}”（2 条记录）。"
        "恢复将用它替换当前全部数据"
    )
    assert "--yes" in err and "\n" not in err.strip()  # one line, no traceback
    assert listed(capsys, county) == {"县里的一", "县里的二"}
    assert not [b for b in backups.list_backups(county) if b.reason == "restore"]


def test_with_yes_the_other_units_file_replaces_the_data(capsys, county, township, data_dir):
    code, out, err = run(capsys, "--db", county, "restore", township, "--yes")
    assert (code, err) == (0, "") and "恢复" in out
    assert listed(capsys, county) == {"镇上的一", "镇上的二", "镇三"}


def test_a_backup_of_this_database_asks_nothing_even_after_a_new_unit_name(
    capsys, county, data_dir
):
    run(capsys, "--db", county, "backup")
    (backup,) = (data_dir / "backups").glob("县局_*_manual_*.db")
    assert run(capsys, "--db", county, "settings", "--unit", "某某县科学技术局")[0] == 0
    code, _, err = run(capsys, "--db", county, "restore", backup)
    assert (code, err) == (0, "")


def test_an_old_versions_file_without_an_id_is_told_by_its_unit(capsys, county, tmp_path):
    from pathlib import Path

    fixture = Path(__file__).resolve().parent / "fixtures" / "schema_v2.db"  # 某某县科技局
    same = tmp_path / "旧版.db"
    shutil.copyfile(fixture, same)
    assert run(capsys, "--db", county, "restore", same)[0] == 0
    other = make_file(tmp_path / "另一个.db", TOWNSHIP, ["镇上的"])
    db = open_bureau(other)
    db.conn.execute("DELETE FROM settings WHERE key = 'database_id'")  # as an old version's
    db.conn.commit()
    db.close()
    code, _, err = run(capsys, "--db", county, "restore", other)
    assert code == 1 and f"“{TOWNSHIP}”（1 条记录）" in err


def test_the_help_names_the_confirmation(capsys):
    with pytest.raises(SystemExit):
        cli.main(["restore", "--help"])
    assert "--yes" in capsys.readouterr().out


def test_same_unit_but_another_database_says_so(county, tmp_path):
    other = make_file(tmp_path / "另一台电脑.db", COUNTY, ["别处的"])
    ours, theirs = open_bureau(county), file_owner.owner_of_file(other)
    try:
        current = file_owner.owner_of(ours)
    finally:
        ours.close()
    assert file_owner.belongs_elsewhere(current, theirs)
    said = file_owner.warning(current, theirs).zh
    assert "另一个数据库" in said and f"“{COUNTY}”" in said and "1 条记录" in said
    assert "2 条记录" in said


def test_thousands_are_written_with_separators():
    said = file_owner.warning(
        file_owner.Owner("a", COUNTY, 657), file_owner.Owner("b", TOWNSHIP, 1204)
    )
    assert said.zh.startswith(
        f"所选文件属于“{TOWNSHIP}”（1,204 条记录），当前数据库属于“{COUNTY}”（657 条记录）"
    )


def test_over_a_damaged_database_another_units_file_is_refused_too(capsys, county, township):
    import sqlite3

    conn = sqlite3.connect(county)
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'activities'"
    ).fetchone()
    conn.close()
    data = bytearray(county.read_bytes())
    data[(root - 1) * 4096 : (root - 1) * 4096 + 8] = b"\xff" * 8  # the records' table
    county.write_bytes(data)
    assert run(capsys, "--db", county, "list")[0] == 1  # damaged: not opened
    code, _, err = run(capsys, "--db", county, "restore", township)
    assert code == 1 and f"所选文件属于“{TOWNSHIP}”（3 条记录），当前数据库属于“{COUNTY}”" in err
    assert county.read_bytes() == bytes(data)  # not moved aside, not replaced
    assert run(capsys, "--db", county, "restore", township, "--yes")[0] == 0
    assert listed(capsys, county) == {"镇上的一", "镇上的二", "镇三"}


def test_a_new_pcs_empty_database_takes_its_old_backup_without_yes(
    capsys, tmp_path, county, data_dir
):
    """The usual way to a new PC: a new, empty database (another id), then its old file
    restored. Nothing is lost, so nothing is asked (the window neither)."""
    fresh = make_file(tmp_path / "新电脑.db", COUNTY, [])

    code, _, err = run(capsys, "--db", fresh, "restore", county)

    assert code == 0, err
    assert listed(capsys, fresh) == {"县里的一", "县里的二"}

"""A copy of a database file is another database (the tester's F1): the county copies its
file to start a township's; the township names itself, answers 是 to renaming its records
and sends a package back. The county's own records must keep the county's 填报单位.

A copy takes an id of its own when it is first opened (core/identity.py); a file moved to
another folder, or restored from a backup, keeps its id."""

from __future__ import annotations

import json
import shutil

import pytest

from core import cli, exchange, identity, settings
from core.bureau_file import open_bureau
from tests import test_exchange

clock = test_exchange.clock  # every change a minute after the one before

COUNTY = "青山县科学技术局"
TOWN = "李集镇"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def records(capsys, db) -> dict[str, dict]:
    """title → record, as `list --format json` says."""
    out = ok(capsys, "--db", db, "list", "--format", "json")
    return {r["title"]: r for r in json.loads(out)}


def id_of(path) -> str:
    return identity.read_from_file(path)[0]


def _county(capsys, tmp_path):
    county = tmp_path / "county.db"
    ok(capsys, "--db", county, "settings", "--unit", COUNTY, "--staff", "李四")
    ok(capsys, "--db", county, *_lecture("县局讲座", "2026-10-08"), "--field", "听众人次=100")
    return county


def _lecture(title, day):
    return ["add", "--type", "科普讲座", "--date", day, "--title", title]


def test_a_townships_copy_sent_back_leaves_the_countys_records_their_unit(
    capsys, tmp_path, data_dir
):
    county = _county(capsys, tmp_path)
    (tmp_path / "town").mkdir()
    town = tmp_path / "town" / "county.db"
    shutil.copy(county, town)
    ok(capsys, "--db", town, "settings", "--unit", TOWN, "--staff", "赵六")  # 是: the default
    ok(capsys, "--db", town, *_lecture("镇讲座", "2026-10-09"))
    ok(capsys, "--db", town, "exchange", "export", "--out", tmp_path / "town.tzpkg")
    ok(capsys, "--db", county, "exchange", "import", tmp_path / "town.tzpkg")
    got = records(capsys, county)
    assert got["县局讲座"]["source"]["unit"] == COUNTY
    assert got["镇讲座"]["source"]["unit"] == TOWN
    code, _out, err = run(
        capsys, "--db", county, "export", "--period", "2026Q4", "--unit", COUNTY,
        "--out", tmp_path / "县.xlsx",
    )  # fmt: skip
    assert code == 0, err
    # and the township's file: the county's record is the county's there too
    assert records(capsys, town)["县局讲座"]["source"]["unit"] == COUNTY
    assert id_of(town) != id_of(county)


def test_a_copy_on_another_pc_takes_an_id_of_its_own(capsys, tmp_path, monkeypatch, data_dir):
    county = _county(capsys, tmp_path)
    stick = tmp_path / "U盘.db"
    shutil.copy(county, stick)
    other_pc = tmp_path / "另一台电脑的数据文件夹"
    monkeypatch.setenv("TAIZHANG_DATA_DIR", str(other_pc))
    town = tmp_path / "镇" / "台账.db"
    town.parent.mkdir()
    shutil.copy(stick, town)
    ok(capsys, "--db", town, "list")
    assert id_of(town) != id_of(county)
    assert identity.copied_from_file(town) == [id_of(county)]


def test_a_file_moved_to_another_folder_keeps_its_id_and_its_backups(capsys, tmp_path, data_dir):
    county = _county(capsys, tmp_path)
    before = id_of(county)
    ok(capsys, "--db", county, "backup")
    moved = tmp_path / "新文件夹" / "台账.db"
    moved.parent.mkdir()
    shutil.move(county, moved)
    ok(capsys, "--db", moved, *_lecture("搬家后", "2026-10-10"))
    assert id_of(moved) == before
    # its home is here now: a second open decides nothing again
    db = open_bureau(moved)
    try:
        assert db.home_settled == ""
    finally:
        db.close()
    out = ok(capsys, "--db", moved, "backups")
    assert "county" in out  # the backup of before the move, listed (apart: another path)


def test_a_file_moved_where_another_database_now_is_keeps_its_id(capsys, tmp_path, data_dir):
    """Moved away, and a new file made at the old path: that one is another database."""
    county = _county(capsys, tmp_path)
    before = id_of(county)
    moved = tmp_path / "新文件夹" / "county.db"
    moved.parent.mkdir()
    shutil.move(county, moved)
    ok(capsys, "--db", county, *_lecture("新库", "2026-10-11"))  # a new database there
    assert id_of(county) != before
    ok(capsys, "--db", moved, "list")
    assert id_of(moved) == before


def test_a_restore_keeps_the_id(capsys, tmp_path, data_dir):
    county = _county(capsys, tmp_path)
    before = id_of(county)
    out = ok(capsys, "--db", county, "backup", "--out", tmp_path / "手工备份.db")
    assert out
    ok(capsys, "--db", county, *_lecture("备份之后", "2026-10-12"))
    ok(capsys, "--db", county, "restore", tmp_path / "手工备份.db")
    assert id_of(county) == before
    assert "备份之后" not in records(capsys, county)
    assert id_of(county) == before  # and opened again: not taken for a copy


def test_a_new_pc_restoring_its_old_file_keeps_the_id(capsys, tmp_path, monkeypatch, data_dir):
    county = _county(capsys, tmp_path)
    before = id_of(county)
    ok(capsys, "--db", county, "backup", "--out", tmp_path / "U盘备份.db")
    monkeypatch.setenv("TAIZHANG_DATA_DIR", str(tmp_path / "新电脑"))
    fresh = tmp_path / "新电脑的台账.db"
    ok(capsys, "--db", fresh, "restore", tmp_path / "U盘备份.db")
    ok(capsys, "--db", fresh, *_lecture("新电脑上", "2026-10-13"))
    assert id_of(fresh) == before


def test_a_package_of_a_copy_that_shares_our_id_is_refused(capsys, tmp_path, data_dir):
    """Two copies made before copies took ids of their own: the same id, each its own
    home. The county refuses the township's package, saying why."""
    county = _county(capsys, tmp_path)
    (tmp_path / "town").mkdir()
    town = tmp_path / "town" / "county.db"
    shutil.copy(county, town)
    db = open_bureau(town)
    try:  # as an older version left it: the county's id
        settings.set_settings(db, **{identity.KEY: id_of(county), identity.COPIED_FROM: ""})
    finally:
        db.close()
    ok(capsys, "--db", town, "settings", "--unit", TOWN)
    ok(capsys, "--db", town, "exchange", "export", "--out", tmp_path / "town.tzpkg")
    code, _out, err = run(capsys, "--db", county, "exchange", "import", tmp_path / "town.tzpkg")
    assert code == 1
    assert "这个交换包来自本数据库的一个副本" in err and "copy of this database" in err
    assert records(capsys, county)["县局讲座"]["source"]["unit"] == COUNTY


def test_our_own_package_is_still_ours(capsys, tmp_path, data_dir):
    county = _county(capsys, tmp_path)
    ok(capsys, "--db", county, "exchange", "export", "--out", tmp_path / "own.tzpkg")
    code, _out, err = run(capsys, "--db", county, "exchange", "import", tmp_path / "own.tzpkg")
    assert code == 1 and "本数据库自己导出的" in err


@pytest.mark.parametrize("relayed", [False, True])
def test_another_databases_word_on_our_records_name_is_never_taken(
    capsys, tmp_path, data_dir, relayed
):
    """A package that renames one of our records (a higher number than ours): ours kept,
    and said again above it, so that the office that sent it takes ours back."""
    county = _county(capsys, tmp_path)
    ok(capsys, "--db", county, "exchange", "export", "--out", tmp_path / "c.tzpkg")
    other = tmp_path / "镇.db"
    ok(capsys, "--db", other, "settings", "--unit", TOWN)
    ok(capsys, "--db", other, "exchange", "import", tmp_path / "c.tzpkg")
    db = open_bureau(other)
    try:  # as a copy that kept the county's id once named the county's record
        db.conn.execute(
            "UPDATE activities SET source_unit = ?, source_name_seq = source_name_seq + 1, "
            "rev = 'f' || rev",
            (TOWN,),
        )
        db.conn.execute("INSERT INTO activity_revisions (activity_id, rev) "
                        "SELECT id, rev FROM activities")  # fmt: skip
        db.conn.commit()
    finally:
        db.close()
    if relayed:
        ok(capsys, "--db", other, *_lecture("镇讲座", "2026-10-09"))
    ok(capsys, "--db", other, "exchange", "export", "--all", "--out", tmp_path / "t.tzpkg")
    ok(capsys, "--db", county, "exchange", "import", tmp_path / "t.tzpkg")
    assert records(capsys, county)["县局讲座"]["source"]["unit"] == COUNTY
    ok(capsys, "--db", county, "exchange", "export", "--all", "--out", tmp_path / "c2.tzpkg")
    ok(capsys, "--db", other, "exchange", "import", tmp_path / "c2.tzpkg")
    assert records(capsys, other)["县局讲座"]["source"]["unit"] == COUNTY


def test_the_sender_of_a_package_says_its_instance(tmp_path, data_dir):
    db = open_bureau(tmp_path / "a.db", create=True)
    try:
        sent = exchange._sender(db)
        assert sent["instance"] and sent["instance"] == identity.instance(db)
        assert not exchange.from_a_copy(db, sent)
        assert exchange.from_a_copy(db, {**sent, "instance": "0" * 32})
        assert not exchange.from_a_copy(db, {**sent, "instance": ""})  # an older package
    finally:
        db.close()


# --- F3: the 主办单位 filled in from the old unit name follows a rename ------------------


def test_renaming_the_unit_renames_the_organizer_it_filled_in(capsys, tmp_path, data_dir):
    a = tmp_path / "a.db"
    ok(capsys, "--db", a, "settings", "--unit", "某某县科技局", "--staff", "张三")
    ok(capsys, "--db", a, *_lecture("讲座", "2026-10-08"))  # no --organizer: the unit
    ok(capsys, "--db", a, *_lecture("科协的讲座", "2026-10-08"), "--organizer", "县科协")
    said = ok(capsys, "--db", a, "settings", "--unit", "某某县科学技术局", "--staff", "张三")
    assert "其中 1 条记录的主办单位原为“某某县科技局”" in said
    got = records(capsys, a)
    assert got["讲座"]["organizer"] == "某某县科学技术局"
    assert got["科协的讲座"]["organizer"] == "县科协"
    assert {r["source"]["unit"] for r in got.values()} == {"某某县科学技术局"}
    # found by the new name, and the history says what changed
    out = ok(capsys, "--db", a, "list", "--search", "科学技术局")
    assert "讲座" in out and "科协的讲座" not in out
    out = ok(capsys, "--db", a, "history", "--id", got["讲座"]["id"])
    assert "主办单位：某某县科技局 → 某某县科学技术局" in out


def test_keeping_the_records_unit_keeps_their_organizer(capsys, tmp_path, data_dir):
    a = tmp_path / "a.db"
    ok(capsys, "--db", a, "settings", "--unit", "某某县科技局")
    ok(capsys, "--db", a, *_lecture("讲座", "2026-10-08"))
    ok(capsys, "--db", a, "settings", "--unit", "某某县科学技术局", "--keep-record-units")
    assert records(capsys, a)["讲座"]["organizer"] == "某某县科技局"


def test_a_rename_leaves_the_organizer_of_another_units_records(capsys, tmp_path, data_dir):
    """A township's record whose 主办单位 names the county is the township's to change."""
    county, town = tmp_path / "county.db", tmp_path / "town.db"
    ok(capsys, "--db", county, "settings", "--unit", "某某县科技局")
    ok(capsys, "--db", town, "settings", "--unit", TOWN)
    ok(capsys, "--db", town, *_lecture("县里主办的", "2026-10-08"), "--organizer", "某某县科技局")
    ok(capsys, "--db", town, "exchange", "export", "--out", tmp_path / "t.tzpkg")
    ok(capsys, "--db", county, "exchange", "import", tmp_path / "t.tzpkg")
    ok(capsys, "--db", county, "settings", "--unit", "某某县科学技术局")
    assert records(capsys, county)["县里主办的"]["organizer"] == "某某县科技局"


def test_an_edit_made_elsewhere_under_the_old_name_does_not_bring_back_the_organizer(
    capsys, tmp_path, data_dir, clock
):
    """The county corrects a township's record while the township corrects its name: the
    county's edit is the later change and is kept, and the 主办单位 still follows the name."""
    county, town = tmp_path / "county.db", tmp_path / "town.db"
    ok(capsys, "--db", county, "settings", "--unit", COUNTY)
    ok(capsys, "--db", town, "settings", "--unit", "李集乡")
    ok(capsys, "--db", town, *_lecture("乡讲座", "2026-10-08"))
    ok(capsys, "--db", town, "exchange", "export", "--out", tmp_path / "t1.tzpkg")
    ok(capsys, "--db", county, "exchange", "import", tmp_path / "t1.tzpkg")
    record = records(capsys, county)["乡讲座"]["id"]
    ok(capsys, "--db", town, "settings", "--unit", TOWN)  # 李集乡 → 李集镇, 是
    ok(capsys, "--db", county, "edit", "--id", record, "--location", "县科技馆")
    ok(capsys, "--db", county, "exchange", "export", "--out", tmp_path / "c1.tzpkg")
    ok(capsys, "--db", town, "exchange", "export", "--out", tmp_path / "t2.tzpkg")
    ok(capsys, "--db", town, "exchange", "import", tmp_path / "c1.tzpkg")
    ok(capsys, "--db", county, "exchange", "import", tmp_path / "t2.tzpkg")
    for _round in range(2):
        for name, db in (("c", county), ("t", town)):
            code, _out, err = run(capsys, "--db", db, "exchange", "export", "--out",
                                  tmp_path / f"{name}x.tzpkg")  # fmt: skip
            assert code == 0, err
        for name, db in (("t", county), ("c", town)):
            code, _out, err = run(capsys, "--db", db, "exchange", "import",
                                  tmp_path / f"{name}x.tzpkg")  # fmt: skip
            assert code in (0, 1), err  # 1: nothing new in it
    for db in (county, town):
        got = records(capsys, db)["乡讲座"]
        assert (got["location"], got["organizer"], got["source"]["unit"]) == (
            "县科技馆",
            TOWN,
            TOWN,
        ), db

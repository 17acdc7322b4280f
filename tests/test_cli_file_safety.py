"""The command line and the bureau's file: what a command may create, overwrite, restore.

Issue 9; each test names its finding and how it failed on 80e8515.
"""

from pathlib import Path

import pytest

from core import activities as A
from core import bureau_file, cli


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
    reader = bureau_file.open_bureau(path, create=True)
    writer = bureau_file.open_bureau(path, create=True)
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


@pytest.mark.parametrize("command", [["list"], ["list", "--format", "json"],
                                     ["export", "--period", "2026"],
                                     ["template", "export"]])  # fmt: skip
@pytest.mark.parametrize("which", ["live", "wal", "backup"])
def test_an_output_path_is_never_the_database_or_its_backup(capsys, tmp_path, data_dir,
                                                            command, which):  # fmt: skip
    """Finding 3: on 80e8515 `list --out d.db` overwrote the live database (exit 0)."""
    path = tmp_path / "d.db"
    add(capsys, path)
    assert run(capsys, "--db", path, "backup")[0] == 0
    (backup,) = (data_dir / "backups").glob("d_*.db")
    target = {"live": path, "wal": Path(f"{path}-wal"), "backup": backup}[which]
    window = bureau_file.open_bureau(path, create=True)  # a window has it open: its -wal exists
    window.conn.execute("UPDATE settings SET value = value")
    window.conn.commit()
    before = target.read_bytes()
    try:
        code, _, err = run(capsys, "--db", path, *command, "--out", target)
    finally:
        window.close()
    assert code == 1 and "数据库文件" in err
    if which != "wal":  # the -wal is merged into the file by the last close
        assert target.read_bytes() == before
    assert not target.exists() or not target.read_bytes().startswith((b"\xef\xbb\xbf", b"PK"))
    assert run(capsys, "--db", path, "check")[0] == 0
    assert "原有" in run(capsys, "--db", path, "list")[1]


def test_backup_out_never_replaces_the_live_database(capsys, tmp_path):
    """Finding 3: on 80e8515 `backup --out d.db` replaced the live file by its own copy."""
    path = tmp_path / "d.db"
    add(capsys, path)
    code, _, err = run(capsys, "--db", path, "backup", "--out", path)
    assert code == 1 and "数据库文件" in err
    another = tmp_path / "每晚.db"
    assert run(capsys, "--db", path, "backup", "--out", another)[0] == 0
    assert run(capsys, "--db", path, "backup", "--out", another)[0] == 0  # a copy may be renewed
    township = tmp_path / "乡镇.db"
    add(capsys, township)
    before = township.read_bytes()
    code, _, err = run(capsys, "--db", path, "backup", "--out", township)
    assert code == 1 and "数据库文件" in err  # another bureau's database is no copy of ours
    assert township.read_bytes() == before


def test_out_to_a_missing_folder_is_refused_not_a_file(capsys, tmp_path):
    """Finding 14: on 80e8515 `--out missing_dir/` wrote a file named missing_dir."""
    path = tmp_path / "d.db"
    add(capsys, path)
    code, _, err = run(capsys, "--db", path, "list", "--out", f"{tmp_path / 'missing_dir'}/")
    assert code == 1 and "不存在" in err
    assert not (tmp_path / "missing_dir").exists()


@pytest.mark.parametrize("command", [["check"], ["list"], ["backups"], ["backup"],
                                     ["export", "--period", "2026"]])  # fmt: skip
def test_a_mistyped_path_is_not_made_into_a_new_database(capsys, tmp_path, command):
    """Finding 5: on 80e8515 `--db typo.db check` said 通过 and created typo.db."""
    typo = tmp_path / "typo.db"
    code, out, err = run(capsys, "--db", typo, *command)
    if command == ["backups"]:
        assert code == 0 and "没有找到" in out and "不存在" in out  # nothing listed, nothing made
    else:
        assert code == 1 and "不存在" in err and "通过" not in out
    assert not typo.exists()


def test_commands_that_add_data_may_create_the_file(capsys, tmp_path):
    path = tmp_path / "新.db"
    assert run(capsys, "--db", path, "settings", "--unit", "某县科技局")[0] == 0
    assert path.stat().st_size > 0 and not list(tmp_path.glob(".*creating"))


def test_a_zero_byte_file_is_damaged_not_a_new_database(capsys, tmp_path, data_dir):
    """Finding 5: on 80e8515 a 0-byte taizhang.db was seeded anew (exit 0), and its empty
    backups became the newest good ones."""
    path = tmp_path / "d.db"
    add(capsys, path)
    assert run(capsys, "--db", path, "backup")[0] == 0
    (good,) = (data_dir / "backups").glob("d_*.db")
    path.write_bytes(b"")
    for command in (["list"], ["add", "--type", "科普讲座", "--date", "2026-05-06",
                               "--title", "x"]):  # fmt: skip
        code, _, err = run(capsys, "--db", path, *command)
        assert code == 1 and "损坏" in err and "0 字节" in err
        assert path.stat().st_size == 0
    assert run(capsys, "--db", path, "restore", good)[0] == 0
    assert "原有" in run(capsys, "--db", path, "list")[1]


def test_two_files_of_the_same_name_never_share_backups(capsys, tmp_path, data_dir):
    """Finding 2: on 80e8515 both taizhang.db listed, pruned and offered each other's
    backups (the damaged-file dialog offered another database's)."""
    from core import backups

    first, second = tmp_path / "甲" / "taizhang.db", tmp_path / "乙" / "taizhang.db"
    for path, titles in ((first, ["甲一", "甲二", "甲三"]), (second, ["乙一"])):
        path.parent.mkdir()
        for title in titles:
            add(capsys, path, title)
        assert run(capsys, "--db", path, "backup")[0] == 0
    listed_first = run(capsys, "--db", first, "backups")[1].splitlines()
    listed_second = run(capsys, "--db", second, "backups")[1].splitlines()
    assert len(listed_first) == 1 and len(listed_second) == 1
    assert listed_first != listed_second
    second.write_bytes(b"\x00" * 4096)  # damaged: its id cannot be read any more
    offered = backups.newest_good(second)
    assert offered is not None and str(offered.path) == listed_second[0].split("\t")[2]
    assert run(capsys, "--db", second, "restore", offered.path)[0] == 0
    assert "乙一" in run(capsys, "--db", second, "list")[1]
    assert "甲一" not in run(capsys, "--db", second, "list")[1]


@pytest.mark.parametrize("damage", ["zeroed header", "cut in half"])
def test_a_damaged_first_page_is_restored(capsys, tmp_path, data_dir, damage):
    """Finding 4: on 80e8515 such a file was "不是台账数据库文件" and restore refused."""
    path = tmp_path / "d.db"
    for n in range(30):
        add(capsys, path, f"记录 {n}")
    assert run(capsys, "--db", path, "backup")[0] == 0
    (good,) = (data_dir / "backups").glob("d_*.db")
    data = bytearray(path.read_bytes())
    if damage == "zeroed header":
        data[:100] = b"\x00" * 100
    else:
        data = data[: len(data) // 2]
    path.write_bytes(bytes(data))
    code, _, err = run(capsys, "--db", path, "list")
    assert code == 1
    code, out, err = run(capsys, "--db", path, "restore", good)
    assert (code, err) == (0, "")
    assert "记录 29" in run(capsys, "--db", path, "list")[1]
    (aside,) = (data_dir / "backups").glob("d_*_damaged*.db")
    assert aside.read_bytes() == bytes(data)  # the damaged file is kept


def test_restore_never_replaces_another_programs_database(capsys, tmp_path, data_dir):
    import sqlite3

    path = tmp_path / "d.db"
    add(capsys, path)
    assert run(capsys, "--db", path, "backup")[0] == 0
    (good,) = (data_dir / "backups").glob("d_*.db")
    other = tmp_path / "微信.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE chats (id INTEGER)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    code, _, err = run(capsys, "--db", other, "restore", good)
    assert code == 1 and "其他程序" in err
    assert other.read_bytes() == before


def test_restore_takes_in_a_wal_copied_beside_the_backup(capsys, tmp_path, data_dir):
    """Finding 14: on 80e8515 restore ignored the -wal beside a copied backup."""
    import shutil

    live = tmp_path / "live.db"
    add(capsys, live, "早先")
    window = bureau_file.open_bureau(live)
    window.conn.execute("PRAGMA wal_autocheckpoint = 0")
    template = __import__("core.template").template.load_template(window)
    t = template.type_by_name("科普讲座")
    draft = {"type_id": t.id, "date": "2026-03-05", "title": "只在 wal 里"}
    A.add_activities(window, [A.validate_activity(template, draft)])
    copied = tmp_path / "拷贝.db"
    shutil.copyfile(live, copied)  # an IT person copies both files while the window is open
    shutil.copyfile(f"{live}-wal", f"{copied}-wal")
    window.close()
    target = tmp_path / "target.db"
    add(capsys, target, "别的")
    code, _, err = run(capsys, "--db", target, "restore", copied, "--yes")  # another file's
    assert (code, err) == (0, "")
    assert "只在 wal 里" in run(capsys, "--db", target, "list")[1]


def test_a_listed_csv_is_safe_to_open_and_imports_back_the_same(capsys, tmp_path):
    """Finding 15: on 80e8515 =HYPERLINK(…) and +86… went raw into the CSV, and a cell
    over 131,072 characters could not be imported back."""
    import csv
    import io
    import json

    source, copy = tmp_path / "原.db", tmp_path / "新.db"
    titles = ['=HYPERLINK("http://x.cn","点我")', "+8613800000000", "-减号开头", "@SUM(A1)",
              "'引号开头", "''两个引号", "普通标题"]  # fmt: skip
    long_notes = "长" * 150_000
    for title in titles:
        code, _, err = run(capsys, "--db", source, "add", "--type", "科普讲座", "--date",
                           "2026-05-05", f"--title={title}", "--notes", long_notes)  # fmt: skip
        assert (code, err) == (0, "")
    listed = tmp_path / "列表.csv"
    assert run(capsys, "--db", source, "list", "--out", listed)[0] == 0
    csv.field_size_limit(1 << 24)
    rows = list(csv.DictReader(io.StringIO(listed.read_text(encoding="utf-8-sig"))))
    assert all(r["活动名称"][:1] not in "=+-@" for r in rows)
    code, out, err = run(capsys, "--db", copy, "import", listed)
    assert (code, err) == (0, ""), err
    back = json.loads(run(capsys, "--db", copy, "list", "--format", "json")[1])
    assert sorted(r["title"] for r in back) == sorted(titles)
    assert all(r["notes"] == long_notes for r in back)


def test_a_command_that_upgrades_an_older_file_says_so(capsys, tmp_path, data_dir):
    """`check` said only 数据库检查通过, and the other PC's older program then refused the
    file: an upgrade is one-way, and the copy from before it is the way back."""
    import shutil

    path = tmp_path / "旧版.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_v2.db", path)

    code, out, err = run(capsys, "--db", path, "check")

    assert code == 0 and "通过" in out
    assert "从结构版本 2 升级到" in err and "旧版本的台账程序将不能再打开它" in err
    (saved,) = (data_dir / "backups").glob("*_migration_*.db")
    assert str(saved) in err
    code, out, err = run(capsys, "--db", path, "check")
    assert code == 0 and "升级" not in err


def test_check_names_a_missing_evidence_file_and_its_record_once_per_language(capsys, tmp_path):
    """The line named only the file's SHA-256, each problem four times (Chinese and
    English nested inside the Chinese half, then again inside the English half)."""
    import json

    from core import attachments, bureau_file

    path = tmp_path / "d.db"
    add(capsys, path)
    (record,) = json.loads(run(capsys, "--db", path, "list", "--format", "json")[1])
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(b"\x89PNG not really")
    db = bureau_file.open_bureau(path)
    (attached,) = attachments.attach_files(db, record["id"], [photo])
    stored = attachments.file_of(db, attached)
    db.close()
    stored.unlink()  # the store left behind when the .db alone was copied

    code, _, err = run(capsys, "--db", path, "check")

    assert code == 1
    chinese, _, english = err.partition(" (")
    assert "现场照片.png" in chinese and "原有" in chinese and "2026-05-05" in chinese
    assert "is missing" not in chinese and "缺失" not in english
    assert err.count("现场照片.png") == 2  # once in each language


def test_restore_onto_a_new_pc_says_there_was_no_database(capsys, tmp_path, data_dir):
    """It named a backup of the data before (…_damaged_….db) that was never made."""
    old = tmp_path / "旧电脑.db"
    add(capsys, old)
    assert run(capsys, "--db", old, "backup")[0] == 0
    (backup,) = (data_dir / "backups").glob("*_manual_*.db")
    new = tmp_path / "新电脑" / "taizhang.db"
    new.parent.mkdir()

    code, out, _ = run(capsys, "--db", new, "restore", backup)

    assert code == 0 and "此前这里没有数据库" in out and "_damaged_" not in out
    assert not list((data_dir / "backups").glob("*_damaged_*"))
    assert "原有" in run(capsys, "--db", new, "list")[1]


def test_restore_is_refused_while_another_program_has_the_file_open(capsys, tmp_path, data_dir):
    """It went ahead while the clerk's window was open on the file; the window then
    showed the restored data at its next refresh, without a word."""
    import subprocess
    import sys

    if sys.platform == "win32":
        return
    path = tmp_path / "d.db"
    add(capsys, path)
    assert run(capsys, "--db", path, "backup")[0] == 0
    (backup,) = (data_dir / "backups").glob("d_*_manual_*.db")
    add(capsys, path, title="之后")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('SELECT count(*) FROM activities').fetchone(); print('open', flush=True); "
         "time.sleep(30)", str(path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "open"
        code, _, err = run(capsys, "--db", path, "restore", backup)
    finally:
        holder.kill()
        holder.wait()
    assert code == 1 and "正被另一个程序使用" in err
    assert "之后" in run(capsys, "--db", path, "list")[1]  # nothing was restored
    assert run(capsys, "--db", path, "restore", backup)[0] == 0  # once it is closed


def test_a_listed_note_of_lines_that_look_like_rows_imports_back_the_same(capsys, tmp_path):
    """A line inside a cell that reads as a record is taken for stray quotes in other
    CSVs; our own list's notes are kept as they were written."""
    import json

    source, copy = tmp_path / "原.db", tmp_path / "新.db"
    notes = "上午讲座\n2026-05-06,下午,补课\n2026-05-07,晚上,答疑"
    code, _, err = run(capsys, "--db", source, "add", "--type", "科普讲座", "--date",
                       "2026-05-05", "--title", "讲座", "--notes", notes)  # fmt: skip
    assert (code, err) == (0, "")
    listed = tmp_path / "列表.csv"
    assert run(capsys, "--db", source, "list", "--out", listed)[0] == 0
    code, _, err = run(capsys, "--db", copy, "import", listed)
    assert (code, err) == (0, ""), err
    (back,) = json.loads(run(capsys, "--db", copy, "list", "--format", "json")[1])
    assert back["notes"] == notes

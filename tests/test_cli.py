"""The command line of PRODUCT.md §5: exit codes, one-line messages, no traceback."""

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core import cli

ROOT = Path(__file__).resolve().parent.parent
LECTURE = ["add", "--type", "科普讲座", "--date", "2026-02-03", "--title", "x"]


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_then_list_csv(capsys, tmp_path):
    db = tmp_path / "新 数据.db"
    code, out, err = run(
        capsys, "--db", db, "add", "--type", "科技培训班", "--date", "2026年3月5日",
        "--title", "=HYPERLINK(\"x\")", "--location", "县科技馆",
        "--field", "参训人次=１２０", "--field", "发放资料=1,200",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "已添加记录" in out
    code, out, err = run(capsys, "--db", db, "list", "--period", "2026Q1")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    row = rows[0]
    assert row["日期"] == "2026-03-05" and row["活动类型"] == "科技培训班"
    assert row["活动名称"] == '\'=HYPERLINK("x")'  # safe to open in Excel (finding 15)
    assert row["参训人次（人次）"] == "120" and row["发放资料（册）"] == "1200"
    code, out, _ = run(capsys, "--db", db, "list", "--period", "2026Q2")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 0


def test_list_json_and_file(capsys, tmp_path):
    db = tmp_path / "d.db"
    run(capsys, "--db", db, "add", "--type", "项目申报", "--date", "2026-01-02", "--title", "申报",
        "--field", "级别=省级", "--field", "申请资金=12.5")  # fmt: skip
    code, out, _ = run(capsys, "--db", db, "list", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data[0]["values"] == {"级别": "省级", "申请资金": 12.5}
    assert data[0]["section"] == "一、科技项目"
    target = tmp_path / "列表.csv"
    assert run(capsys, "--db", db, "list", "--out", target)[0] == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["add", "--type", "不存在", "--date", "2026-01-01", "--title", "x"], "不存在"),
        (["add", "--type", "科普讲座", "--date", "2026-02-30", "--title", "x"], "日期"),
        ([*LECTURE, "--field", "听众人次=-3"], "负数"),
        ([*LECTURE, "--field", "展板=3"], "展板"),
        ([*LECTURE, "--field", "听众人次"], "="),
        (["list", "--period", "2026Q5"], "2026Q5"),
        (["backup", "--out", "/nonexistent/folder/b.db"], "不存在"),
    ],
)  # fmt: skip
def test_user_errors_exit_1_with_one_line(capsys, tmp_path, argv, needle):
    code, out, err = run(capsys, "--db", tmp_path / "d.db", *argv)
    assert code == 1
    assert err.count("\n") == 1 and needle in err
    assert "Traceback" not in err
    assert "(" in err  # Chinese, then the English in brackets


def test_usage_errors_exit_2(capsys, tmp_path):
    with pytest.raises(SystemExit) as caught:
        cli.main(["--db", str(tmp_path / "d.db"), "add", "--type", "科普讲座"])
    assert caught.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_check_and_backup(capsys, tmp_path):
    db = tmp_path / "d.db"
    assert run(capsys, "--db", db, "settings", "--unit", "某县科技局")[0] == 0
    assert run(capsys, "--db", db, "check")[0] == 0
    code, out, _ = run(capsys, "--db", db, "backup", "--out", tmp_path / "备份.db")
    assert code == 0 and "备份" in out
    assert run(capsys, "--db", tmp_path / "备份.db", "check")[0] == 0


def test_check_refuses_a_file_that_is_not_a_database(capsys, tmp_path):
    bogus = tmp_path / "x.db"
    bogus.write_bytes(b"\x00garbage" * 1000)
    code, _, err = run(capsys, "--db", bogus, "check")
    assert code == 1 and "不是台账数据库" in err


def test_settings(capsys, tmp_path):
    db = tmp_path / "d.db"
    code, out, _ = run(capsys, "--db", db, "settings", "--unit", "某某县科技局", "--staff", "王五")
    assert code == 0 and "某某县科技局" in out and "王五" in out


def test_unexpected_errors_are_one_line_too(capsys, tmp_path, monkeypatch):
    def boom(args):
        raise RuntimeError("simulated bug")

    monkeypatch.setitem(cli.COMMANDS, "check", boom)
    monkeypatch.delenv("TAIZHANG_DEBUG", raising=False)
    code, _, err = run(capsys, "--db", tmp_path / "d.db", "check")
    assert code == 1 and "simulated bug" in err and "Traceback" not in err


def test_main_py_as_a_process(tmp_path):
    db = tmp_path / "d.db"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "add", "--type", "科普讲座",
         "--date", "2026-13-01", "--title", "x"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_import_dry_run_then_import(capsys, tmp_path):
    db = tmp_path / "d.db"
    source = tmp_path / "旧台账.csv"
    source.write_bytes(
        "日期,活动类型,活动名称,参训人次（人次）,备注\n"
        '2026/3/5,科技培训班,春季培训,"1,200",=SUM(A1)\n'
        "2026年3月6日,科普讲座,讲座,,\n".encode("gbk")
    )
    code, out, err = run(capsys, "--db", db, "import", source, "--dry-run")
    assert (code, err) == (0, "") and "2" in out
    assert not db.exists()  # nothing written, and no new empty file made for it
    code, out, _ = run(capsys, "--db", db, "import", source)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(run(capsys, "--db", db, "list")[1])))
    assert {r["活动名称"] for r in rows} == {"春季培训", "讲座"}
    # stored as written; listed with the mark that keeps Excel from running it
    assert next(r for r in rows if r["活动名称"] == "春季培训")["备注"] == "'=SUM(A1)"


def test_import_says_which_rows_above_the_header_it_passed_over(capsys, tmp_path):
    db = tmp_path / "d.db"
    source = tmp_path / "一季度台账.csv"
    source.write_bytes(
        "某某县科技局2026年第一季度台账,,\n填报单位：某某县科技局,,填报人：李四\n"
        "日期,活动类型,活动名称\n2026/3/5,科技培训班,春季培训\n".encode("gbk")
    )
    code, out, err = run(capsys, "--db", db, "import", source)
    assert (code, err) == (0, "")
    assert "表头在第 3 行，其上的 2 行（标题、填报单位等）不是记录，不导入" in out
    assert "已导入 1 条" in out


def test_bad_import_lists_every_bad_row_and_writes_nothing(capsys, tmp_path):
    db = tmp_path / "d.db"
    source = tmp_path / "坏.csv"
    source.write_text(
        "日期,活动类型,活动名称\n2026-02-30,科技培训班,甲\n2026-03-01,无此类型,乙\n2026-03-02,科普讲座,丙\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--db", db, "import", source)
    assert code == 1 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert any("2" in line and "日期" in line for line in lines)
    assert any("3" in line and "活动类型" in line for line in lines)
    assert "未写入" in lines[-1]
    assert not db.exists()  # not even an empty file


def test_list_csv_imports_back(capsys, tmp_path):
    db, again = tmp_path / "a.db", tmp_path / "b.db"
    run(capsys, "--db", db, "add", "--type", "项目申报", "--date", "2026-01-02", "--title", "申报",
        "--field", "级别=省级", "--field", "申请资金=12.5", "--notes", "+86 联系")  # fmt: skip
    exported = tmp_path / "列表.csv"
    assert run(capsys, "--db", db, "list", "--out", exported)[0] == 0
    assert run(capsys, "--db", again, "import", exported)[0] == 0
    first = json.loads(run(capsys, "--db", db, "list", "--format", "json")[1])
    second = json.loads(run(capsys, "--db", again, "list", "--format", "json")[1])
    strip = ("id", "created_at", "updated_at", "source")  # a CSV keeps no source
    assert [{k: v for k, v in r.items() if k not in strip} for r in first] == [
        {k: v for k, v in r.items() if k not in strip} for r in second
    ]


def _count(capsys, db):
    return len(json.loads(run(capsys, "--db", db, "list", "--format", "json")[1]))


def test_importing_the_same_file_twice_skips_every_repeat(capsys, tmp_path):
    db = tmp_path / "d.db"
    source = tmp_path / "上季度.csv"
    rows = "".join(f"2026-03-{d:02d},科技培训班,第{d}期,{d * 10}\n" for d in range(1, 21))
    source.write_bytes(("日期,活动类型,活动名称,参训人次\n" + rows).encode("gbk"))
    assert run(capsys, "--db", db, "import", source)[0] == 0
    code, out, _ = run(capsys, "--db", db, "import", source, "--dry-run")
    # what a dry run promises is what the import then does: nothing of these 20
    assert code == 0 and "文件中有 20 条记录，将导入 0 条" in out and "可导入 20" not in out
    assert "其中 20 条已在数据库中" in out
    code, out, _ = run(capsys, "--db", db, "import", source)
    assert code == 0 and "已跳过 20 条重复记录" in out and "已导入 0 条" in out
    assert _count(capsys, db) == 20
    code, out, _ = run(capsys, "--db", db, "import", source, "--allow-duplicates")
    assert code == 0 and "已导入 20 条" in out and "跳过" not in out
    assert _count(capsys, db) == 40


def test_a_changed_figure_is_not_a_repeat(capsys, tmp_path):
    db = tmp_path / "d.db"
    first, second = tmp_path / "一.csv", tmp_path / "二.csv"
    first.write_text("日期,活动类型,活动名称,参训人次\n2026-03-05,科技培训班,春季,120\n", "utf-8")
    second.write_text("日期,活动类型,活动名称,参训人次\n2026-03-05,科技培训班,春季,121\n"
                      "2026-03-05,科技培训班,春季,120\n", "utf-8")  # fmt: skip
    run(capsys, "--db", db, "import", first)
    code, out, _ = run(capsys, "--db", db, "import", second)
    assert "已导入 1 条" in out and "已跳过 1 条重复记录" in out
    assert _count(capsys, db) == 2


def test_a_sheet_copied_in_the_workbook_is_not_imported_twice(capsys, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "一季度"
    first.append(["日期", "活动类型", "活动名称", "参训人次（人次）"])
    first.append(["2026-03-05", "科技培训班", "食用菌培训", 120])
    first.append(["2026-03-09", "科普讲座", "防诈骗讲座", None])
    book.copy_worksheet(first).title = "一季度 (2)"
    source = tmp_path / "复制了工作表.xlsx"
    book.save(source)
    db = tmp_path / "d.db"

    code, out, _ = run(capsys, "--db", db, "import", source)

    assert code == 0 and "已导入 2 条" in out and "已跳过 2 条重复记录" in out
    assert "其中 2 条与文件中前面的行相同" in out
    assert _count(capsys, db) == 2


def test_a_corrected_row_of_our_own_list_is_named_not_silently_skipped(capsys, tmp_path):
    db = tmp_path / "d.db"
    run(capsys, "--db", db, "add", "--type", "科技培训班", "--date", "2026-03-05",
        "--title", "食用菌培训", "--field", "参训人次=1200")  # fmt: skip
    run(capsys, "--db", db, "add", "--type", "科技培训班", "--date", "2026-03-06",
        "--title", "茶叶培训", "--field", "参训人次=80")  # fmt: skip
    exported = tmp_path / "列表.csv"
    assert run(capsys, "--db", db, "list", "--out", exported)[0] == 0
    exported.write_text(exported.read_text("utf-8-sig").replace(",1200,", ",1500,"), "utf-8-sig")

    code, out, _ = run(capsys, "--db", db, "import", exported)

    assert code == 0 and "已跳过 2 条重复记录" in out
    assert "有 1 行的编号是库中已有的记录，但内容与库中不同：“食用菌培训”（2026-03-05）" in out
    assert "茶叶培训" not in out.partition("内容与库中不同")[2].partition("。")[0]


def test_list_csv_imported_back_into_the_same_database_changes_nothing(capsys, tmp_path):
    db = tmp_path / "d.db"
    for title in ("甲", "乙", "丙"):
        run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-02-03",
            "--title", title, "--field", "听众人次=50")  # fmt: skip
    exported = tmp_path / "列表.csv"
    assert run(capsys, "--db", db, "list", "--out", exported)[0] == 0
    before = run(capsys, "--db", db, "list", "--format", "json")[1]
    code, out, _ = run(capsys, "--db", db, "import", exported)
    assert code == 0 and "已跳过 3 条重复记录" in out
    assert run(capsys, "--db", db, "list", "--format", "json")[1] == before
    # The ids are what tells them: an edited title in the list is still the same record.
    text = exported.read_text("utf-8-sig").replace(",甲,", ",甲（改）,")
    exported.write_text(text, "utf-8-sig")
    code, out, _ = run(capsys, "--db", db, "import", exported)
    assert "已跳过 3 条重复记录" in out and _count(capsys, db) == 3


def test_export_writes_the_default_name_into_a_folder(capsys, tmp_path):
    db = tmp_path / "d.db"
    run(capsys, "--db", db, "settings", "--unit", "某某县科技局")
    run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-05-05", "--title", "讲座")
    code, out, err = run(capsys, "--db", db, "export", "--period", "2026Q2", "--out", tmp_path)
    assert (code, err) == (0, "")
    assert (tmp_path / "某某县科技局2026年第二季度工作台账.xlsx").is_file()
    assert "1" in out


def test_backup_without_out_goes_to_the_backups_folder_and_restore(capsys, tmp_path, data_dir):
    db = tmp_path / "d.db"
    run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-05-05", "--title", "原有")
    code, out, _ = run(capsys, "--db", db, "backup")
    assert code == 0 and str(data_dir / "backups") in out
    (backup,) = (data_dir / "backups").glob("d_*_manual_*.db")
    run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-05-06", "--title", "后加")
    code, out, err = run(capsys, "--db", db, "restore", backup)
    assert (code, err) == (0, "") and "恢复" in out
    titles = {
        r["活动名称"] for r in csv.DictReader(io.StringIO(run(capsys, "--db", db, "list")[1]))
    }
    assert titles == {"原有"}
    listed = run(capsys, "--db", db, "backups")[1]
    assert "手动" in listed and "恢复前" in listed


def test_restore_over_a_damaged_database(capsys, tmp_path, data_dir):
    db = tmp_path / "d.db"
    run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-05-05", "--title", "原有")
    run(capsys, "--db", db, "backup")
    (backup,) = (data_dir / "backups").glob("d_*_manual_*.db")
    # Damage the pages of the records, not those of the schema (sqlite_master may span
    # several pages): a file whose schema cannot be read is not recognisably ours.
    conn = sqlite3.connect(db)
    roots = [r[0] for r in conn.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 1")]
    conn.close()
    data = bytearray(db.read_bytes())
    for page in roots:
        data[(page - 1) * 4096 : (page - 1) * 4096 + 8] = b"\xff" * 8
    db.write_bytes(data)
    code, _, err = run(capsys, "--db", db, "list")
    assert code == 1 and "损坏" in err
    assert run(capsys, "--db", db, "restore", backup)[0] == 0
    assert "原有" in run(capsys, "--db", db, "list")[1]
    assert list((data_dir / "backups").glob("d_*_damaged_*.db"))


def test_import_takes_a_backup_first(capsys, tmp_path, data_dir):
    db = tmp_path / "d.db"
    source = tmp_path / "a.csv"
    source.write_text("日期,活动类型,活动名称\n2026-03-05,科普讲座,甲\n", encoding="utf-8")
    assert run(capsys, "--db", db, "import", source)[0] == 0
    assert list((data_dir / "backups").glob("d_*_import_*.db"))


def test_long_and_control_text_is_kept_whole_and_the_export_says_so(capsys, tmp_path):
    db = tmp_path / "d.db"
    long_notes = "很长的备注" * 7000  # 35,000 characters
    run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-05-05",
        "--title", "带\x07响铃字符", "--notes", long_notes)  # fmt: skip
    stored = json.loads(run(capsys, "--db", db, "list", "--format", "json")[1])[0]
    assert stored["notes"] == long_notes and stored["title"] == "带\x07响铃字符"
    code, _, err = run(capsys, "--db", db, "export", "--period", "2026Q2", "--out", tmp_path)
    assert code == 0
    # The cell carries the control character (escaped, as Excel writes it): nothing to say.
    assert "32,767" in err and "残缺字符" not in err
    import openpyxl

    from core.xstring import decoded

    (path,) = tmp_path.glob("*.xlsx")
    sheet = openpyxl.load_workbook(path)["八、科普宣传与培训"]
    cells = [
        decoded(c) for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)
    ]
    assert "带\x07响铃字符" in cells
    assert any(len(c) == 32767 and c.startswith("很长的备注") for c in cells)


@pytest.mark.parametrize(
    ("period", "name", "days"),
    [("2026H1", "2026年上半年", ("01-14", "01-15", "06-30")),
     ("2026H2", "2026年下半年", ("07-01",)),
     ("2026-01-15..2026-06-30", "2026年1月15日至6月30日", ("01-15", "06-30"))],
)  # fmt: skip
def test_half_years_and_ranges_through_list_and_export(capsys, tmp_path, period, name, days):
    import openpyxl

    db = tmp_path / "d.db"
    run(capsys, "--db", db, "settings", "--unit", "某县科技局")
    for day in ("01-14", "01-15", "06-30", "07-01"):
        run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", f"2026-{day}",
            "--title", f"讲座{day}", "--field", "听众人次=10")  # fmt: skip
    listed = json.loads(run(capsys, "--db", db, "list", "--period", period, "--format", "json")[1])
    assert sorted(r["date"][5:] for r in listed) == sorted(days)
    code, out, err = run(capsys, "--db", db, "export", "--period", period, "--out", tmp_path)
    assert (code, err) == (0, "")
    path = tmp_path / f"某县科技局{name}工作台账.xlsx"
    summary = openpyxl.load_workbook(path)["汇总"]
    assert summary["A1"].value == f"某县科技局{name}科技工作台账汇总表"
    rows = list(summary.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[2] == "科普讲座")
    assert rows[at][3:6] == ("场次", "场", len(days))
    assert rows[at + 1][3:6] == ("听众人次", "人次", 10 * len(days))


def test_a_dry_run_or_a_refused_command_leaves_no_new_database(capsys, tmp_path):
    """A mistyped --db with a dry run, a refused package or bad rows: no empty bureau is
    left behind (the messages say nothing was written). A command that adds data keeps it."""
    town = tmp_path / "town.db"
    run(capsys, "--db", town, *LECTURE)
    package, empty, bad = tmp_path / "p.tzpkg", tmp_path / "empty.tzpkg", tmp_path / "bad.csv"
    assert run(capsys, "--db", town, "exchange", "export", "--out", package)[0] == 0
    empty.write_bytes(b"")
    bad.write_text("日期,活动类型,活动名称\n2026-13-01,科普讲座,讲座\n", encoding="utf-8")
    attempts = [
        ("exchange", "import", "--dry-run", package),
        ("exchange", "import", empty),
        ("import", "--dry-run", bad),
        ("import", bad),
        ("add", "--type", "科普讲座", "--date", "明天", "--title", "x"),
    ]
    for number, attempt in enumerate(attempts):
        typo = tmp_path / f"县局{number}.db"
        run(capsys, "--db", typo, *attempt)
        assert sorted(p.name for p in tmp_path.glob(f"县局{number}*")) == [], attempt
    county = tmp_path / "县局.db"
    assert run(capsys, "--db", county, "exchange", "import", package)[0] == 0
    assert county.exists()


def test_a_new_database_that_received_data_is_kept_whatever_the_exit(capsys, tmp_path, monkeypatch):
    """The output pipe closed after the record was saved (`add … | head -0`): the new file
    holds the record and must stay, exit 0 or not. Only a file nothing was written to goes."""
    new = tmp_path / "新库.db"

    def closed_pipe(text):
        raise BrokenPipeError

    monkeypatch.setattr(cli, "_say", closed_pipe)
    monkeypatch.setattr(cli.os, "dup2", lambda *a: None)  # keep pytest's own stdout
    monkeypatch.setattr(cli.sys, "stdout", io.StringIO())
    monkeypatch.setattr(cli.sys.stdout, "fileno", lambda: 1, raising=False)
    assert cli.main(["--db", str(new), *LECTURE]) == 0
    monkeypatch.undo()
    code, out, _ = run(capsys, "--db", new, "list", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 1


def test_exchange_dry_run_finds_a_damaged_photo_and_names_an_unnamed_sender(capsys, tmp_path):
    import zipfile

    town, county = tmp_path / "town.db", tmp_path / "县局.db"
    code, out, _ = run(capsys, "--db", town, *LECTURE)
    record_id = next(w for w in out.split() if len(w) == 36 and w.count("-") == 4)
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(bytes(range(256)) * 40)
    assert run(capsys, "--db", town, "attach", "--id", record_id, photo)[0] == 0
    good, bad = tmp_path / "good.tzpkg", tmp_path / "bad.tzpkg"
    assert run(capsys, "--db", town, "exchange", "export", "--out", good)[0] == 0
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(bad, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith("files/"):
                data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
            new.writestr(info, data)
    run(capsys, "--db", county, "settings", "--unit", "某某县科技局")
    code, out, err = run(capsys, "--db", county, "exchange", "import", "--dry-run", good)
    assert code == 0 and "未填写填报单位" in out  # the town never set its 填报单位
    code, out, err = run(capsys, "--db", county, "exchange", "import", "--dry-run", bad)
    assert code == 1 and "损坏" in err and "试运行" not in out


def test_help_and_usage_errors_are_in_chinese_and_every_argument_is_described(capsys):
    """argparse's own words were English (positional arguments, options, the following
    arguments are required), and several arguments had no line at all."""
    import argparse

    parser = cli.build_parser()

    def undescribed(parser, name):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    yield from undescribed(sub, f"{name} {sub_name}")
            elif not action.help:
                yield f"{name} {action.dest}"
        if not parser.description:
            yield name

    assert list(undescribed(parser, "taizhang")) == []
    text = parser.format_help()
    assert "位置参数" in text and "选项" in text and "退出码" in text
    assert "positional arguments" not in text and "show this help" not in text
    with pytest.raises(SystemExit):
        cli.main(["add", "--type", "科技培训班", "--date", "2026-02-03"])
    err = capsys.readouterr().err
    assert "用法：" in err and "用法错误：缺少必需的参数：--title" in err
    assert "(usage error: the following arguments are required: --title)" in err


def test_importing_a_folder_says_it_is_a_folder(capsys, tmp_path):
    """It said the folder did not exist."""
    folder = tmp_path / "表格"
    folder.mkdir()
    code, _, err = run(capsys, "--db", tmp_path / "d.db", "import", folder)
    assert code == 1 and "文件夹" in err and "不存在" not in err
    assert not (tmp_path / "d.db").exists()


def test_check_names_the_file_it_checked(capsys, tmp_path):
    """The window opens the file used last, the command line its default: an IT person
    must see which one passed."""
    db = tmp_path / "2026年台账.db"
    run(capsys, "--db", db, "settings", "--unit", "某某县科技局")
    code, out, _ = run(capsys, "--db", db, "check")
    assert code == 0 and "数据库检查通过" in out and str(db) in out


def test_two_records_of_one_day_in_two_villages_are_two_records(capsys, tmp_path):
    """Our own list re-imported into a new file kept one of two 科技下乡 of the same day and
    figures (甲村, 乙村) and skipped the other as a repeat, though each had its 编号; a
    colleague's row for the other village was skipped against ours the same way."""
    home, fresh, other = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"

    def add(db, place):
        args = ("--type", "科技下乡", "--date", "2026-03-05", "--title", "科技下乡")
        done = run(capsys, "--db", db, "add", *args, "--location", place, "--field", "参与人次=50")
        assert done[0] == 0

    add(home, "甲村")
    add(home, "乙村")
    listed = tmp_path / "v.csv"
    assert run(capsys, "--db", home, "list", "--out", listed)[0] == 0
    code, out, _ = run(capsys, "--db", fresh, "import", listed)
    assert code == 0 and "已导入 2 条" in out and "跳过" not in out
    # a colleague's file without 编号: the other village is new, ours a repeat
    colleague = tmp_path / "同事.csv"
    colleague.write_text(
        "日期,活动类型,活动名称,地点,参与人次\n"
        "2026-03-05,科技下乡,科技下乡,甲村,50\n2026-03-05,科技下乡,科技下乡,丙村,50\n",
        encoding="utf-8",
    )
    add(other, "甲村")
    code, out, _ = run(capsys, "--db", other, "import", colleague)
    assert code == 0 and "已导入 1 条" in out and "已跳过 1 条" in out
    places = {r["地点"] for r in csv.DictReader(io.StringIO(run(capsys, "--db", other, "list")[1]))}
    assert places == {"甲村", "丙村"}


def test_our_own_list_keeps_an_empty_organizer_and_handler_empty(capsys, tmp_path):
    """A record saved with no 主办单位 and no 经办人, listed and imported elsewhere, was
    given the importing bureau and clerk; a clerk's own file still takes them."""
    home, other = tmp_path / "a.db", tmp_path / "b.db"
    run(capsys, "--db", other, "settings", "--unit", "乡镇", "--staff", "赵六")
    run(capsys, "--db", home, "add", "--type", "科普讲座", "--date", "2026-03-05",
        "--title", "讲座", "--organizer", "", "--handler", "")  # fmt: skip
    listed = tmp_path / "v.csv"
    assert run(capsys, "--db", home, "list", "--out", listed)[0] == 0
    theirs = tmp_path / "同事.csv"
    theirs.write_text("日期,活动类型,活动名称,主办单位,经办人\n2026-03-06,科普讲座,另一场,,\n",
                      encoding="utf-8")  # fmt: skip
    for source in (listed, theirs):
        assert run(capsys, "--db", other, "import", source)[0] == 0
    rows = {r["活动名称"]: r for r in csv.DictReader(io.StringIO(run(capsys, "--db", other,
                                                                      "list")[1]))}  # fmt: skip
    assert (rows["讲座"]["主办单位"], rows["讲座"]["经办人"]) == ("", "")
    assert (rows["另一场"]["主办单位"], rows["另一场"]["经办人"]) == ("乡镇", "赵六")


def test_backups_lists_an_old_versions_backups_apart_and_how_to_restore_one(
    capsys, tmp_path, data_dir
):
    """Issue of the IT person's report §14: the old version's backups (no id in their
    names) sat in the backups folder unlisted, so nobody learnt they were there."""
    import shutil

    db = tmp_path / "d.db"
    run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-05-05", "--title", "原有")
    run(capsys, "--db", db, "backup")
    folder = data_dir / "backups"
    (own,) = folder.glob("d_*_manual_*.db")
    old = folder / "d_20250301-093000_manual.db"  # the old version's name: no id
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema_v2.db", old)
    other_db = folder / "d_20250302-093000_daily_0123456789ab.db"  # another d.db's
    shutil.copyfile(own, other_db)
    unrelated = folder / "e_20250301-093000_manual.db"
    shutil.copyfile(old, unrelated)

    code, out, err = run(capsys, "--db", db, "backups")

    assert (code, err) == (0, "")
    ours, _, apart = out.partition("旧版本")
    assert str(own) in ours and str(old) not in ours
    assert str(old) in apart and "restore" in apart and "不会被自动推荐" in apart
    assert str(other_db) not in out and str(unrelated) not in out
    assert run(capsys, "--db", db, "restore", old)[0] == 0  # what the block says works
    assert "春季农业技术培训班" in run(capsys, "--db", db, "list")[1]
    assert old.is_file()  # never pruned by the restore's backup


def test_backups_says_so_when_there_is_none(capsys, tmp_path, data_dir):
    db = tmp_path / "d.db"
    run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-05-05", "--title", "原有")

    code, out, err = run(capsys, "--db", db, "backups")

    assert (code, err) == (0, "")
    assert "没有找到" in out and str(db) in out and "no backup" in out


def test_check_names_records_dated_outside_the_years_a_form_accepts(capsys, tmp_path):
    """An older Taizhang stored 1900 (Excel's day 0): such a record sits outside every
    period, its form refuses to save it, and another office refuses its package. ``check``
    said 通过; it names the record, so the clerk can find and correct it."""
    db = tmp_path / "d.db"
    for title in ("零日讲座", "正常讲座"):
        run(
            capsys,
            "--db",
            db,
            "add",
            "--type",
            "科普讲座",
            "--date",
            "2026-06-03",
            "--title",
            title,
        )
    with sqlite3.connect(db) as conn:  # as the older version stored it
        conn.execute("UPDATE activities SET date = '1900-01-01' WHERE title = '零日讲座'")
    conn.close()
    code, _, err = run(capsys, "--db", db, "check")
    assert code == 1 and "零日讲座" in err and "1900-01-01" in err and "1901" in err
    assert "正常讲座" not in err

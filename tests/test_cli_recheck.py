"""Issue 9 re-checked (report_verify R4, R5, R8): what the command line still got wrong on
70eb7e3. Each test says what it gave there."""

import argparse

import pytest

from core import cli

LECTURE = ["add", "--type", "科普讲座", "--date", "2026-05-01", "--title", "讲座"]
BAD = "\udcff"  # the byte 0xff from a terminal in another encoding, as Python gets it


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def titles(capsys, db) -> list[str]:
    code, out, _ = run(capsys, "--db", db, "list")
    assert code == 0
    return [line.split(",")[4] for line in out.splitlines()[1:]]


@pytest.fixture
def bureau(capsys, tmp_path):
    db = tmp_path / "台账.db"
    assert run(capsys, "--db", db, *LECTURE)[0] == 0
    return db


def refused_for(capsys, option: str, *argv) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 1, err
    assert out == ""  # nothing printed before it
    assert "程序内部错误" not in err and "internal error" not in err
    assert "无法识别的字符" in err and f"“{option}”" in err and f"'{option}'" in err
    assert err.count("\n") == 1


def test_a_bad_byte_in_exports_unit_is_a_clear_error(capsys, bureau):
    """On 70eb7e3: 程序内部错误，操作未完成：UnicodeEncodeError … surrogates not allowed."""
    refused_for(capsys, "--unit", "--db", bureau, "export", "--period", "2026", "--unit", BAD)


def test_a_bad_byte_in_a_search_prints_nothing_before_its_error(capsys, bureau):
    """On 70eb7e3: the CSV header, then the catch-all."""
    refused_for(capsys, "--search", "--db", bureau, "list", "--search", BAD)


def test_a_bad_byte_in_a_title_is_refused_not_dropped(capsys, bureau):
    """On 70eb7e3: exit 0, and the title "x\\udcffy" stored as "xy"."""
    add = ["add", "--type", "科普讲座", "--date", "2026-05-02"]
    refused_for(capsys, "--title", "--db", bureau, *add, "--title", f"x{BAD}y")
    refused_for(capsys, "--title", "--db", bureau, *add, f"--title=x{BAD}y")
    refused_for(capsys, "--title", "--db", bureau, *add, "--tit", f"x{BAD}y")
    assert titles(capsys, bureau) == ["讲座"]


def test_a_bad_byte_into_a_new_file_leaves_no_file(capsys, tmp_path):
    new = tmp_path / "新.db"
    refused_for(capsys, "--notes", "--db", new, *LECTURE, "--notes", f"备{BAD}注")
    assert list(tmp_path.iterdir()) == []


def test_a_bad_byte_in_a_figure_or_an_edit_is_refused(capsys, bureau):
    refused_for(capsys, "--field", "--db", bureau, *LECTURE, "--field", f"听众人次={BAD}")
    refused_for(capsys, "--location", "--db", bureau, "edit", "--id", "x", "--location", BAD)
    assert titles(capsys, bureau) == ["讲座"]


def test_a_bad_byte_in_settings_names_the_option_not_its_key(capsys, bureau):
    """On 70eb7e3: 设置“unit_name”中有无法识别的字符 (the internal key)."""
    refused_for(capsys, "--unit", "--db", bureau, "settings", "--unit", f"A{BAD}局")
    code, out, err = run(capsys, "--db", bureau, "settings", "--staff", f"张{BAD}")
    assert code == 1 and "--staff" in err and "staff_name" not in err


def test_a_bad_byte_in_a_file_name_is_refused_before_anything_is_made(capsys, tmp_path):
    """On 70eb7e3: ``--db`` so named left a new file and said 保存失败…Could not decode;
    ``export --out`` so named wrote the ledger, then ended in 程序内部错误; ``attach`` stored
    the file's name without the byte."""
    bureau_file = tmp_path / "台账.db"
    assert run(capsys, "--db", bureau_file, *LECTURE)[0] == 0
    refused_for(capsys, "--db", "--db", tmp_path / f"{BAD}.db", *LECTURE)
    refused_for(capsys, "--out", "--db", bureau_file, "export", "--period", "2026",
                "--out", tmp_path / f"{BAD}.xlsx")  # fmt: skip
    photo = tmp_path / f"照片{BAD}.jpg"
    refused_for(capsys, "FILE", "--db", bureau_file, "attach", "--id", "x", photo)
    refused_for(capsys, "file", "--db", bureau_file, "import", tmp_path / f"{BAD}.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.db"]


def commands(parser: argparse.ArgumentParser, path=()):
    """(command words, its parser) of every command and sub-command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))
    if path:
        yield path, parser


def test_every_text_option_of_every_command_is_checked(capsys, bureau):
    """Each option taking text, of each command, is refused before any work (the others
    given): found from the parser, so an option added later is covered too."""
    checked = 0
    for path, parser in commands(cli.build_parser()):
        texts = [a for a in parser._actions if a.option_strings and a.nargs != 0
                 and a.type in (None, str) and a.choices is None]  # fmt: skip
        for tested in texts:
            argv = ["--db", bureau, *path]
            for action in parser._actions:
                if action is tested or isinstance(action, argparse._SubParsersAction):
                    continue
                if action.required and action.option_strings:
                    argv += [action.option_strings[-1], "2026"]
                elif not action.option_strings:
                    argv += ["x.csv"]  # a positional: a file
            option = tested.option_strings[-1]
            code, out, err = run(capsys, *argv, option, f"x{BAD}")
            assert code == 1 and out == "" and f"“{option}”" in err, (path, option, err)
            checked += 1
    assert checked >= 30


@pytest.mark.parametrize(
    "command",
    [
        ["exchange", "export", "--all"],
        ["template", "export"],
        ["list"],
        ["export", "--period", "2026"],
        ["backup"],
    ],
)
def test_out_to_a_missing_folder_is_refused_and_writes_nothing(
    capsys, bureau, tmp_path, monkeypatch, command
):
    """R5, on 70eb7e3: ``exchange export --out missing_dir/`` and ``template export --out
    missing_dir/`` wrote a file named missing_dir and exited 0."""
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.iterdir())
    code, out, err = run(capsys, "--db", bureau, *command, "--out", "missing_dir/")
    assert (code, out) == (1, "")
    assert err == "文件夹“missing_dir/”不存在 (the folder 'missing_dir/' does not exist)\n"
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    "command, name",
    [
        (["list"], "x.csv"),
        (["export", "--period", "2026"], "x.xlsx"),
        (["backup"], "x.db"),
        (["exchange", "export", "--all"], "x.tzpkg"),
        (["template", "export"], "x.xlsx"),
    ],
)
def test_out_into_a_missing_folder_is_said_alike_by_every_command(
    capsys, bureau, tmp_path, monkeypatch, command, name
):
    """R5, on 70eb7e3: ``list --out nodir/x.csv`` said 导出失败：No such file or directory
    while ``export`` said 文件夹“…/nodir”不存在."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--db", bureau, *command, "--out", f"nodir/{name}")
    assert (code, out) == (1, "")
    folder = tmp_path / "nodir"
    assert err == f"文件夹“{folder}”不存在 (the folder '{folder}' does not exist)\n"
    assert not folder.exists()


def interrupted_while_writing(monkeypatch) -> None:
    """Ctrl+C (SIGINT) in the middle of the import's write: its rows are in, uncommitted."""
    from core import importer

    real = importer.import_activities

    def then_ctrl_c(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "import_activities", then_ctrl_c)


def lectures_csv(tmp_path):
    path = tmp_path / "讲座.csv"
    path.write_text("日期,活动类型,活动名称\n2026-03-01,科普讲座,甲\n2026-03-02,科普讲座,乙\n",
                    encoding="utf-8")  # fmt: skip
    return path


def test_ctrl_c_during_an_import_into_a_new_file_leaves_no_file(
    capsys, tmp_path, monkeypatch, data_dir
):
    """R8, on 70eb7e3: 已取消 (cancelled), and a new database of 0 records left behind,
    where an import that adds nothing leaves none."""
    source = lectures_csv(tmp_path)
    interrupted_while_writing(monkeypatch)
    new = tmp_path / "新" / "台账.db"
    new.parent.mkdir()
    code, out, err = run(capsys, "--db", new, "import", source)
    assert code == 1
    assert err == "已取消，未写入任何数据 (cancelled; nothing was written)\n"
    assert list(new.parent.iterdir()) == []
    assert list((data_dir / "backups").glob("*.db")) == []  # nor a backup of it, empty


def test_ctrl_c_during_an_import_keeps_the_file_it_was_given(
    capsys, bureau, tmp_path, monkeypatch, data_dir
):
    source = lectures_csv(tmp_path)
    interrupted_while_writing(monkeypatch)
    code, _, err = run(capsys, "--db", bureau, "import", source)
    assert code == 1 and err == "已取消，未写入任何数据 (cancelled; nothing was written)\n"
    assert len(list((data_dir / "backups").glob("*.db"))) == 1  # of a file with a record
    monkeypatch.undo()
    assert titles(capsys, bureau) == ["讲座"]


def test_ctrl_c_after_the_write_does_not_say_nothing_was_written(capsys, tmp_path, monkeypatch):
    """Once the records are in, a Ctrl+C (while "imported" is said) neither takes them away
    nor says nothing was written."""
    source = lectures_csv(tmp_path)
    new = tmp_path / "台账.db"
    real_text = cli.messages.text

    def ctrl_c_at_import_ok(key, *args, **kwargs):
        if key == "import_ok":
            raise KeyboardInterrupt
        return real_text(key, *args, **kwargs)

    monkeypatch.setattr(cli.messages, "text", ctrl_c_at_import_ok)
    code, _, err = run(capsys, "--db", new, "import", source)
    assert code == 1 and err == "已取消 (cancelled)\n"
    monkeypatch.undo()
    assert titles(capsys, new) == ["甲", "乙"]


def test_ctrl_c_during_an_exchange_import_into_a_new_file_leaves_no_file(
    capsys, bureau, tmp_path, monkeypatch, data_dir
):
    """As an import does (0f31efc): a county's new file taking a township's package,
    cancelled while it merges, left the backup the exchange takes first (of nothing), and
    the evidence store it had received the package's files in beside the file removed."""
    from core import exchange

    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"jpeg of the sign-in sheet")
    _, out, _ = run(capsys, "--db", bureau, "list")
    record = out.splitlines()[1].split(",")[0]
    assert run(capsys, "--db", bureau, "attach", "--id", record, photo)[0] == 0
    package = tmp_path / "乡镇.tzpkg"
    assert run(capsys, "--db", bureau, "exchange", "export", "--all", "--out", package)[0] == 0
    before = set((data_dir / "backups").glob("*.db"))

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(exchange, "_merge_one", ctrl_c)
    new = tmp_path / "县" / "台账.db"
    new.parent.mkdir()
    code, out, err = run(capsys, "--db", new, "exchange", "import", package)
    assert code == 1
    assert err == "已取消，未写入任何数据 (cancelled; nothing was written)\n"
    assert list(new.parent.iterdir()) == []
    assert set((data_dir / "backups").glob("*.db")) == before  # nor a backup of it, empty


def test_ctrl_c_during_an_exchange_import_keeps_the_file_and_its_backup(
    capsys, bureau, tmp_path, monkeypatch, data_dir
):
    from core import exchange

    package = tmp_path / "乡镇.tzpkg"
    other = tmp_path / "县.db"
    assert run(capsys, "--db", other, *LECTURE)[0] == 0
    assert run(capsys, "--db", other, "exchange", "export", "--all", "--out", package)[0] == 0
    before = set((data_dir / "backups").glob("*.db"))
    monkeypatch.setattr(exchange, "_merge_one", lambda *a, **k: (_ for _ in ()).throw(
        KeyboardInterrupt))  # fmt: skip
    code, _, err = run(capsys, "--db", bureau, "exchange", "import", package)
    assert code == 1 and err == "已取消，未写入任何数据 (cancelled; nothing was written)\n"
    assert len(set((data_dir / "backups").glob("*.db")) - before) == 1  # of a file with a record
    monkeypatch.undo()
    assert titles(capsys, bureau) == ["讲座"]


def test_a_bad_byte_in_a_setting_names_it_as_the_clerk_knows_it(db):
    """On 70eb7e3: 设置“unit_name”中有无法识别的字符 (its key in the database)."""
    from core import settings
    from core.errors import TaizhangError

    with pytest.raises(TaizhangError) as caught:
        settings.set_settings(db, **{settings.UNIT: f"县{BAD}科技局"})
    assert "“填报单位”" in caught.value.zh and "unit_name" not in str(caught.value)

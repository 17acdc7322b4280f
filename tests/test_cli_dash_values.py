"""A value that begins with '-' (-5度低温作业培训, -3) given as the next argument of an option
that takes one: argparse alone takes it for an unknown option (a usage error)."""

from __future__ import annotations

import json

import pytest

import main as entry
from core import cli

TITLE = "-5度低温作业培训"


def run(capsys, *argv, through=cli.main):
    try:
        code = through([str(a) for a in argv])
    except SystemExit as usage:  # argparse's way out: --help, wrong usage
        code = usage.code
    out, err = capsys.readouterr()
    return code, out, err


def records(capsys, db) -> list[dict]:
    code, out, err = run(capsys, "--db", db, "list", "--format", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("through", [cli.main, entry.main], ids=["cli", "main.py"])
def test_every_text_option_takes_a_value_beginning_with_a_dash(capsys, tmp_path, through):
    db = tmp_path / "县.db"
    code, _, err = run(
        capsys, "--db", db, "add", "--type", "科技培训班", "--date", "2026-03-05",
        "--title", TITLE, "--location", "-1层报告厅", "--notes", "-h 不是求助",
        "--audience", "--双创--", "--field", "参训人次=120", through=through,
    )  # fmt: skip
    assert code == 0, err
    (record,) = records(capsys, db)
    assert (record["title"], record["location"], record["notes"], record["audience"]) == (
        TITLE, "-1层报告厅", "-h 不是求助", "--双创--"
    )  # fmt: skip


def test_edit_and_an_abbreviated_option_too(capsys, tmp_path):
    db = tmp_path / "县.db"
    run(capsys, "--db", db, "add", "--type", "科技培训班", "--date", "2026-03-05", "--title", "甲")
    (record,) = records(capsys, db)
    code, _, err = run(capsys, "--db", db, "edit", "--id", record["id"], "--tit", "-3℃防冻培训")
    assert code == 0, err
    assert records(capsys, db)[0]["title"] == "-3℃防冻培训"


def test_a_figure_beginning_with_a_minus_reaches_the_check_of_its_value(capsys, tmp_path):
    """-3万 is refused by the figure check (exit 1, a clear line), not as wrong usage."""
    db = tmp_path / "县.db"
    code, _, err = run(capsys, "--db", db, "indicator", "set", "--period", "2026Q2",
                       "--name", "技术合同成交额", "--value", "-3万")  # fmt: skip
    assert code == 1 and "“-3万”" in err and "用法错误" not in err


def test_an_option_in_place_of_a_value_is_still_a_missing_value(capsys, tmp_path):
    code, _, err = run(capsys, "--db", tmp_path / "县.db", "add", "--type", "科技培训班",
                       "--title", "--date", "2026-03-05")  # fmt: skip
    assert code == 2 and "--title" in err and not (tmp_path / "县.db").exists()


def test_help_and_the_double_dash_are_as_before(capsys, tmp_path, monkeypatch):
    code, out, _ = run(capsys, "add", "--help")
    assert code == 0 and "--title TITLE" in out
    # After --, a name beginning with '-' is the file, and nothing is joined to anything.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-导入.csv").write_text(
        f"日期,活动类型,活动名称\n2026-03-05,科普讲座,{TITLE}\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "--db", "县.db", "import", "--", "-导入.csv")
    assert code == 0, err
    assert [r["title"] for r in records(capsys, "县.db")] == [TITLE]

"""--self-test (core/selftest.py): passes on a sound install, fails clearly on a broken one."""

import ast
import dataclasses
import io
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import main
from core import activities, selftest
from core.bureau_file import open_bureau

ROOT = Path(__file__).resolve().parent.parent
ALL = len(selftest.CHECKS)


def run_selftest() -> tuple[int, str]:
    out = io.StringIO()
    code = selftest.run(out)
    return code, out.getvalue()


def test_passes_and_says_what_it_checked():
    code, text = run_selftest()
    assert code == 0, text
    for check in selftest.CHECKS:
        assert f"[通过 OK] {check.zh} ({check.en}): " in text
    assert "SQLite" in text and "（源代码） (Taizhang self-test" in text
    assert "27 条记录，每种活动类型一条 (27 records, one of every activity type)" in text
    assert text.splitlines()[-1] == f"self-test: {ALL} passed, 0 failed"


def test_writes_only_inside_its_temporary_folder(monkeypatch, tmp_path):
    user_data = tmp_path / "user-data"
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TAIZHANG_DATA_DIR", str(user_data))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    code, text = run_selftest()
    assert code == 0, text
    assert not user_data.exists()
    assert list(temp.iterdir()) == []  # the temporary folder is gone
    assert os.environ["TAIZHANG_DATA_DIR"] == str(user_data)  # put back as it was


def test_main_py_self_test_from_the_command_line():
    env = {**os.environ, "PYTHONUTF8": "1", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "main.py", "--self-test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert "自检通过" in result.stdout and "self-test passed" in result.stdout


def assert_fails_at(text: str, check_number: int, *needles: str) -> None:
    check = selftest.CHECKS[check_number - 1]
    assert f"[失败 FAIL] {check.zh} ({check.en}): " in text, text
    for needle in needles:
        assert needle in text, text
    assert "Traceback" not in text
    assert f"self-test FAILED at check {check_number} of {ALL}" in text
    skipped = ALL - check_number
    tally = f"self-test: {check_number - 1} passed, 1 failed"
    assert text.splitlines()[-1] == tally + (f", {skipped} skipped" if skipped else "")


def test_a_bundle_without_its_template_fails(monkeypatch, tmp_path):
    # resource_path() looks in sys._MEIPASS in a bundle: an empty one has no data files.
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "empty-bundle"), raising=False)
    code, text = run_selftest()
    assert code == 1
    assert_fails_at(text, 1, "缺少模板文件", "default_template.json", "is missing")


def test_a_missing_qt_translation_fails(monkeypatch):
    monkeypatch.setattr(selftest, "QT_TRANSLATION", "qtbase_xx_XX.qm")
    code, text = run_selftest()
    assert code == 1
    assert_fails_at(text, 1, "缺少 Qt 的中文翻译", "qtbase_xx_XX.qm")


def test_an_export_that_loses_records_fails(monkeypatch):
    from core import xlsx

    real_export = xlsx.export_ledger

    def lossy(ledger, target, progress=None):
        first = dataclasses.replace(ledger.sections[0], records=[])
        return real_export(
            dataclasses.replace(ledger, sections=[first, *ledger.sections[1:]]), target
        )

    monkeypatch.setattr(xlsx, "export_ledger", lossy)
    code, text = run_selftest()
    assert code == 1
    assert_fails_at(text, 6, "明细表里找不到", "is in no section sheet")


def test_an_incomplete_backup_fails(monkeypatch):
    real_backup = selftest.backup_to

    def early_backup(db, target):
        """A sound copy that misses one record, as if taken before it was added."""
        written = real_backup(db, target)
        copy = open_bureau(written, create=True)
        one = activities.query_activities(copy, activities.ActivityQuery(limit=1)).activities[0]
        activities.purge_activities(copy, [one.id])
        copy.close()
        return written

    monkeypatch.setattr(selftest, "backup_to", early_backup)
    code, text = run_selftest()
    assert code == 1
    assert_fails_at(text, 7, "备份里有 26 条记录，应为 27 条")


def test_an_unexpected_error_is_one_line_and_exit_1(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selftest, "compute_ledger", broken)
    code, text = run_selftest()
    assert code == 1
    assert_fails_at(text, 5, "RuntimeError: boom")


def test_main_returns_the_self_test_status(monkeypatch, capsys):
    monkeypatch.setattr(selftest, "QT_TRANSLATION", "qtbase_xx_XX.qm")
    assert main.main(["--self-test"]) == 1
    assert "自检失败" in capsys.readouterr().out


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_a_console_that_cannot_show_every_character_still_gets_the_report(encoding):
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding=encoding)  # strict errors, like a real console
    assert selftest.run(out) == 0
    out.flush()
    assert raw.getvalue().decode(encoding).splitlines()[-1] == f"self-test: {ALL} passed, 0 failed"


def test_no_console_at_all(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)  # a windowed program on Windows
    assert selftest.run() == 0


# What the self-test enters and names (its data, not its words): the unit, the clerk, the
# file, a text value, a title's start, a place, the pinyin probes, the backup's folder.
SELF_TEST_DATA = {
    selftest.UNIT, selftest.STAFF, selftest.DB_NAME, selftest.TEXT_VALUE, "自检 ", "自检地点",
    "安全", "北京", "中心", "备份", "taizhang-自检备份.db",
}  # fmt: skip


def test_the_self_tests_own_words_are_in_the_catalogue():
    """Its count texts ("27 条记录" / "27 records") and the rest were f-strings outside
    core/messages.py, without its plural forms: each word it says is a message now (a
    Chinese literal there is data it enters), and each failure names one."""
    from core.messages import MESSAGES

    tree = ast.parse((ROOT / "core" / "selftest.py").read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }  # fmt: skip
    outside = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings and re.search(r"[\u4e00-\u9fff]", node.value)
        and node.value not in SELF_TEST_DATA
    ]  # fmt: skip
    assert outside == []
    failures = [
        node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "CheckFailed"
    ]
    assert failures and all(key in MESSAGES for key in failures), failures


def test_the_self_tests_counts_say_one_in_english():
    from core import messages

    said = messages.text("selftest_records_added", count=1)
    assert said == "1 条记录，每种活动类型一条 (1 record, one of every activity type)"

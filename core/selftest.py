"""``--self-test``: the whole core on a throwaway database, for a bundle or a fresh install.

In a temporary folder: check that the program's files are there, create a database with
the default template, add a record of every activity type, compute the ledger, export it
and read the workbook back with openpyxl, back the database up and open the backup. Each
check prints one line, Chinese then English; the exit status is 0 only if every check
passed. Nothing outside the temporary folder is written, and the user's own database is
never opened. No Qt: the window is not started (only the translation files are looked for).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import math
import os
import platform
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from core import activities, settings
from core.bureau_file import open_bureau
from core.db import backup_to, integrity_problems
from core.errors import TaizhangError
from core.ledger import Ledger, compute_ledger
from core.periods import parse_period
from core.resources import resource_path
from core.template import Template, load_template, read_template_file
from core.version import __version__

EXIT_OK, EXIT_FAILED = 0, 1
PERIOD = "2026Q1"
DAY = dt.date(2026, 2, 14)  # inside PERIOD
UNIT, STAFF = "自检县科学技术局", "自检员"
DB_NAME = "自检 数据.db"  # Chinese and a space: the path handling is tested too
INTEGER_VALUE, DECIMAL_VALUE, TEXT_VALUE = 3, 12.5, "自检文字"
OUR_TRANSLATIONS = ("translations/taizhang_zh_CN.qm", "translations/taizhang_en.qm")
QT_TRANSLATION = "qtbase_zh_CN.qm"


class CheckFailed(Exception):
    """A check found something wrong; the text says what, Chinese then English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} ({en})")


@dataclass
class _State:
    """What the checks hand on to each other."""

    folder: Path
    db: object = None
    template: Template | None = None
    expected: dict[str, dict] = field(default_factory=dict)  # title → what was entered
    ledger: Ledger | None = None
    opened: list = field(default_factory=list)  # databases to close at the end


Detail = tuple[str, str]


@dataclass(frozen=True)
class _Check:
    zh: str
    en: str
    run: Callable[[_State], Detail]


def run(out: TextIO | None = None) -> int:
    """Run every check, print one line each to ``out`` and return the exit status."""
    stream = out if out is not None else sys.stdout

    def say(line: str) -> None:
        _write(stream, line)

    frozen = getattr(sys, "frozen", False)
    say(
        f"台账自检 · Taizhang self-test {__version__} "
        f"({'打包程序 bundle' if frozen else '源代码 source'})"
    )
    say(
        f"Python {platform.python_version()} · SQLite {sqlite3.sqlite_version} · "
        f"{platform.system()} {platform.machine()}"
    )
    with (
        tempfile.TemporaryDirectory(
            prefix="taizhang-selftest-", ignore_cleanup_errors=True
        ) as folder,
        _data_dir_in(Path(folder) / "data"),
    ):
        say(f"临时文件夹 (temporary folder): {folder}")
        state = _State(Path(folder))
        try:
            for number, check in enumerate(CHECKS, 1):
                try:
                    zh, en = check.run(state)
                except Exception as error:  # every failure is reported, never a traceback
                    say(f"[失败 FAIL] {check.zh} ({check.en}): {_reason(error)}")
                    say(
                        f"自检失败：第 {number} 项（共 {len(CHECKS)} 项）未通过，其后各项未检查 "
                        f"(self-test FAILED at check {number} of {len(CHECKS)}; "
                        "the checks after it were not run)"
                    )
                    say(_tally(number - 1, 1, len(CHECKS) - number))
                    return EXIT_FAILED
                say(f"[通过 OK] {check.zh} ({check.en}): {zh} ({en})")
        finally:
            for db in state.opened:
                with contextlib.suppress(Exception):
                    db.close()
    say(
        f"自检通过：{len(CHECKS)} 项检查全部正确 "
        f"(self-test passed: all {len(CHECKS)} checks are right)"
    )
    say(_tally(len(CHECKS), 0, 0))
    return EXIT_OK


def _tally(passed: int, failed: int, skipped: int) -> str:
    """The closing line in the form test runners and CI read."""
    return f"self-test: {passed} passed, {failed} failed" + (
        f", {skipped} skipped" if skipped else ""
    )


def main() -> int:
    return run()


def _write(stream: TextIO | None, line: str) -> None:
    """One line; characters the console cannot show are escaped rather than fatal."""
    if stream is None:  # a windowed program on Windows has no console
        return
    try:
        stream.write(line + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(line.encode(encoding, "backslashreplace").decode(encoding) + "\n")
    stream.flush()


def _reason(error: BaseException) -> str:
    if isinstance(error, CheckFailed | TaizhangError):
        return str(error)
    return f"{type(error).__name__}: {error}"


@contextlib.contextmanager
def _data_dir_in(folder: Path) -> Iterator[None]:
    """Point the data folder into the temporary folder, so nothing lands in the user's."""
    folder.mkdir()
    before = os.environ.get("TAIZHANG_DATA_DIR")
    os.environ["TAIZHANG_DATA_DIR"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TAIZHANG_DATA_DIR", None)
        else:
            os.environ["TAIZHANG_DATA_DIR"] = before


# --- the checks ---------------------------------------------------------------------------


def check_files(state: _State) -> Detail:
    template_file = resource_path("default_template.json")
    if not template_file.is_file():
        raise CheckFailed(
            f"缺少模板文件 {template_file}", f"the template {template_file} is missing"
        )
    doc = read_template_file(template_file)
    for name in OUR_TRANSLATIONS:  # Chinese, and English's plurals ("1 record")
        ours = resource_path(name)
        if not ours.is_file() or ours.stat().st_size == 0:
            raise CheckFailed(f"缺少界面翻译 {ours}", f"the translation {ours} is missing")
    qt_own = qt_translation()
    if qt_own is None:
        raise CheckFailed(
            f"缺少 Qt 的中文翻译 {QT_TRANSLATION}", f"Qt's translation {QT_TRANSLATION} is missing"
        )
    types = sum(len(s.get("types", [])) for s in doc["sections"])
    return (
        f"模板 {len(doc['sections'])} 个板块、{types} 种活动类型，界面翻译和 Qt 翻译都在",
        f"template with {len(doc['sections'])} sections and {types} activity types, "
        "both translations present",
    )


def qt_translation() -> Path | None:
    """Where Qt's own Chinese (确定/取消) is, found without loading Qt; None if nowhere."""
    places = [resource_path("translations")]
    spec = importlib.util.find_spec("PySide6")
    for package in (spec.submodule_search_locations or []) if spec else []:
        places += [Path(package) / "Qt" / "translations", Path(package) / "translations"]
    for place in places:
        candidate = place / QT_TRANSLATION
        if candidate.is_file() and candidate.stat().st_size > 0:
            return candidate
    return None


def check_create(state: _State) -> Detail:
    path = state.folder / DB_NAME
    state.db = open_bureau(path, create=True)
    state.opened.append(state.db)
    settings.set_settings(state.db, **{settings.UNIT: UNIT, settings.STAFF: STAFF})
    version = state.db.conn.execute("PRAGMA user_version").fetchone()[0]
    mode = state.db.conn.execute("PRAGMA journal_mode").fetchone()[0]
    return (
        f"{path.name}，结构版本 {version}，日志模式 {mode}",
        f"{path.name}, schema version {version}, journal mode {mode}",
    )


def check_template(state: _State) -> Detail:
    state.template = load_template(state.db)
    if not state.template.types:
        raise CheckFailed("模板里没有活动类型", "the template has no activity types")
    fields = len(state.template.fields_by_id)
    return (
        f"{len(state.template.sections)} 个板块、{len(state.template.types)} 种活动类型、"
        f"{fields} 个指标",
        f"{len(state.template.sections)} sections, {len(state.template.types)} activity types, "
        f"{fields} fields",
    )


def check_add(state: _State) -> Detail:
    template = state.template
    drafts = []
    for activity_type in template.types:
        values = {f.id: _sample_value(f) for f in activity_type.fields}
        title = f"自检 {activity_type.name}"
        state.expected[title] = {"type": activity_type, "values": values}
        drafts.append(
            {
                "type_id": activity_type.id,
                "date": DAY.isoformat(),
                "title": title,
                "location": "自检地点",
                "values": values,
            }
        )
    valid = [activities.validate_activity(template, draft) for draft in drafts]
    stored = activities.add_activities(state.db, valid)
    for activity in stored:
        again = activities.get_activity(state.db, activity.id)
        entered = state.expected[again.title]
        if again.type_id != entered["type"].id or again.date != DAY:
            raise CheckFailed(f"记录“{again.title}”读回不一致", f"{again.title!r} reads back wrong")
        for field_id, value in entered["values"].items():
            if not _same(again.values.get(field_id), value):
                raise CheckFailed(
                    f"记录“{again.title}”的指标 {field_id} 读回为 {again.values.get(field_id)!r}",
                    f"field {field_id} of {again.title!r} reads back wrong",
                )
        if again.organizer != UNIT or again.handler != STAFF:
            raise CheckFailed(
                "主办单位、经办人未按默认填写", "organizer and handler defaults wrong"
            )
    count = activities.count_activities(state.db, activities.ActivityQuery())
    if count != len(template.types):
        raise CheckFailed(
            f"应有 {len(template.types)} 条记录，实有 {count} 条",
            f"expected {len(template.types)} records, found {count}",
        )
    return f"{count} 条记录，每种活动类型一条", f"{count} records, one of every activity type"


def check_pinyin_order(state: _State) -> Detail:
    """Titles sort as a dictionary does: the pinyin table is in the program (pypinyin)."""
    from core.collation import sort_key

    if not sort_key("安全") < sort_key("北京") < sort_key("中心"):
        raise CheckFailed("拼音排序不正确：安、北、中", "pinyin order is wrong: 安, 北, 中")
    query = activities.ActivityQuery(order_by="title", descending=False)
    seqs = activities.sorted_seqs(state.db, query, state.template)
    titles = [a.title for a in activities.activities_at(state.db, seqs)]
    if titles != sorted(titles, key=sort_key):
        raise CheckFailed("记录没有按拼音排序", "records are not sorted in pinyin order")
    return f"{len(titles)} 条记录按活动名称的拼音排序", f"{len(titles)} records in pinyin order"


def _sample_value(f) -> object:
    if f.kind == "integer":
        return INTEGER_VALUE
    if f.kind == "decimal":
        return DECIMAL_VALUE
    if f.kind == "choice":
        return f.options[0]
    return TEXT_VALUE


def _same(found: object, expected: object) -> bool:
    if isinstance(expected, int | float) and isinstance(found, int | float):
        return math.isclose(found, expected)
    return found == expected


def check_ledger(state: _State) -> Detail:
    period = parse_period(PERIOD)
    state.ledger = compute_ledger(state.db, state.template, period, made_on=DAY)
    ledger = state.ledger
    if ledger.record_count != len(state.expected):
        raise CheckFailed(
            f"台账有 {ledger.record_count} 条记录，应为 {len(state.expected)} 条",
            f"the ledger has {ledger.record_count} records, expected {len(state.expected)}",
        )
    for figure in ledger.figures:
        activity_type = state.template.type_by_name(figure.type_name)
        if figure.field_id is None:
            # one record each; a type counted by a field counts its value
            want = INTEGER_VALUE if activity_type.counted_by is not None else 1
        else:
            f = state.template.fields_by_id[figure.field_id]
            want = INTEGER_VALUE if f.kind == "integer" else DECIMAL_VALUE
        if figure.option is not None and figure.option != activity_type.breakdown_field.options[0]:
            want = 0  # the record chose the first option
        if not (_same(figure.current, want) and _same(figure.year_to_date, want)):
            raise CheckFailed(
                f"{figure.type_name} {figure.indicator}：本期 {figure.current}，应为 {want}",
                f"{figure.type_name} {figure.indicator}: {figure.current}, expected {want}",
            )
    return (
        f"{period.name}，{len(ledger.figures)} 项汇总数字正确",
        f"{period.code}, all {len(ledger.figures)} summary figures right",
    )


def check_export(state: _State) -> Detail:
    import openpyxl

    from core.xlsx import SUMMARY_SHEET, export_ledger, sheet_names

    ledger = state.ledger
    target = export_ledger(ledger, state.folder / ledger.file_name)
    wanted_sheets = [SUMMARY_SHEET, *sheet_names(s.name for s in ledger.sections)]
    workbook = openpyxl.load_workbook(target, read_only=True)
    try:
        if workbook.sheetnames != wanted_sheets:
            raise CheckFailed(
                f"工作表为 {workbook.sheetnames}，应为 {wanted_sheets}",
                "the workbook's sheets are not the ledger's",
            )
        summary = {v for row in workbook[SUMMARY_SHEET].iter_rows(values_only=True) for v in row}
        missing = [t.name for t in state.template.types if t.name not in summary]
        if missing:
            raise CheckFailed(f"汇总表缺少 {missing}", f"the summary sheet lacks {missing}")
        found = {}
        for name in wanted_sheets[1:]:
            for row in workbook[name].iter_rows(values_only=True):
                for title in state.expected.keys() & set(row):
                    found[title] = row
    finally:
        workbook.close()
    for title, entered in state.expected.items():
        if title not in found:
            raise CheckFailed(f"明细表里找不到“{title}”", f"{title!r} is in no section sheet")
        numbers = [v for v in entered["values"].values() if isinstance(v, int | float)]
        row_numbers = [v for v in found[title] if isinstance(v, int | float)]
        for number in numbers:
            if not any(_same(v, number) for v in row_numbers):
                raise CheckFailed(
                    f"“{title}”那一行没有数字 {number}", f"the row of {title!r} lacks {number}"
                )
    size = target.stat().st_size
    return (
        f"{target.name}，{len(wanted_sheets)} 张工作表，{size:,} 字节，读回一致",
        f"{len(wanted_sheets)} sheets, {size:,} bytes, read back right",
    )


def check_backup(state: _State) -> Detail:
    folder = state.folder / "备份"
    folder.mkdir()
    target = backup_to(state.db, folder / "taizhang-自检备份.db")
    copy = open_bureau(target, create=False)
    state.opened.append(copy)
    problems = integrity_problems(copy)
    if problems:
        raise CheckFailed(f"备份有问题：{problems[:3]}", f"the backup is damaged: {problems[:3]}")
    count = activities.count_activities(copy, activities.ActivityQuery())
    if count != len(state.expected):
        raise CheckFailed(
            f"备份里有 {count} 条记录，应为 {len(state.expected)} 条",
            f"the backup holds {count} records, expected {len(state.expected)}",
        )
    return (
        f"{target.name}，{target.stat().st_size:,} 字节，完整性检查通过，{count} 条记录",
        f"{target.stat().st_size:,} bytes, integrity check passed, {count} records",
    )


def check_integrity(state: _State) -> Detail:
    problems = integrity_problems(state.db)
    if problems:
        raise CheckFailed(
            f"数据库有问题：{problems[:3]}", f"the database is damaged: {problems[:3]}"
        )
    return "没有发现问题", "no problems found"


CHECKS = (
    _Check("程序文件齐全", "the program's files are present", check_files),
    _Check("建立数据库", "create a database", check_create),
    _Check("读取模板", "load the template", check_template),
    _Check("每种活动类型各添加一条记录", "add a record of every activity type", check_add),
    _Check("计算台账", "compute the ledger", check_ledger),
    _Check("导出台账并读回", "export the ledger and read it back", check_export),
    _Check("备份数据库并打开备份", "back up the database and open the backup", check_backup),
    _Check("数据库完整性检查", "database integrity check", check_integrity),
    _Check("按拼音排序", "sort in pinyin order", check_pinyin_order),
)

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

from core import activities, messages, settings
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


def said(key: str, **params: object) -> str:
    """The catalogue's message ``key``, Chinese then English, whatever language the
    messages are set to."""
    return f"{messages.text(key, 'zh', **params)} ({messages.text(key, 'en', **params)})"


class CheckFailed(Exception):
    """A check found something wrong: the message ``key`` says what."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(said(key, **params))


@dataclass
class _State:
    """What the checks hand on to each other."""

    folder: Path
    db: object = None
    template: Template | None = None
    expected: dict[str, dict] = field(default_factory=dict)  # title → what was entered
    ledger: Ledger | None = None
    opened: list = field(default_factory=list)  # databases to close at the end


Detail = str  # what a check found, said in both languages (``said``)


@dataclass(frozen=True)
class _Check:
    key: str  # its name in the catalogue
    run: Callable[[_State], Detail]

    @property
    def zh(self) -> str:
        return messages.text(self.key, "zh")

    @property
    def en(self) -> str:
        return messages.text(self.key, "en")


def run(out: TextIO | None = None) -> int:
    """Run every check, print one line each to ``out`` and return the exit status."""
    stream = out if out is not None else sys.stdout

    def say(line: str) -> None:
        _write(stream, line)

    build = "selftest_build_bundle" if getattr(sys, "frozen", False) else "selftest_build_source"
    say(said("selftest_heading", version=__version__, build=messages.Both.of(build)))
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
        say(said("selftest_folder", folder=folder))
        state = _State(Path(folder))
        try:
            for number, check in enumerate(CHECKS, 1):
                try:
                    found = check.run(state)
                except Exception as error:  # every failure is reported, never a traceback
                    say(f"{_mark('selftest_mark_fail')} {said(check.key)}: {_reason(error)}")
                    say(said("selftest_failed_at", number=number, total=len(CHECKS)))
                    say(_tally(number - 1, 1, len(CHECKS) - number))
                    return EXIT_FAILED
                say(f"{_mark('selftest_mark_ok')} {said(check.key)}: {found}")
        finally:
            for db in state.opened:
                with contextlib.suppress(Exception):
                    db.close()
    say(said("selftest_passed", count=len(CHECKS)))
    say(_tally(len(CHECKS), 0, 0))
    return EXIT_OK


def _mark(key: str) -> str:
    """[通过 OK], [失败 FAIL]: both words in one bracket, easy to look for."""
    return f"[{messages.text(key, 'zh')} {messages.text(key, 'en')}]"


def _tally(passed: int, failed: int, skipped: int) -> str:
    """The closing line in the form test runners and CI read (English only: a machine's
    line, not the catalogue's)."""
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
        raise CheckFailed("selftest_no_template", path=template_file)
    doc = read_template_file(template_file)
    for name in OUR_TRANSLATIONS:  # Chinese, and English's plurals ("1 record")
        ours = resource_path(name)
        if not ours.is_file() or ours.stat().st_size == 0:
            raise CheckFailed("selftest_no_translation", path=ours)
    qt_own = qt_translation()
    if qt_own is None:
        raise CheckFailed("selftest_no_qt_translation", name=QT_TRANSLATION)
    types = sum(len(s.get("types", [])) for s in doc["sections"])
    return said("selftest_files_ok", sections=len(doc["sections"]), types=types)


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
    return said("selftest_created", name=path.name, version=version, mode=mode)


def check_template(state: _State) -> Detail:
    state.template = load_template(state.db)
    if not state.template.types:
        raise CheckFailed("selftest_template_empty")
    template = state.template
    return said("selftest_template_ok", sections=len(template.sections),
                types=len(template.types), fields=len(template.fields_by_id))  # fmt: skip


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
            raise CheckFailed("selftest_reads_back_wrong", title=again.title)
        for field_id, value in entered["values"].items():
            if not _same(again.values.get(field_id), value):
                found = repr(again.values.get(field_id))
                raise CheckFailed(
                    "selftest_field_reads_back_wrong",
                    title=again.title,
                    field=field_id,
                    found=found,
                )
        if again.organizer != UNIT or again.handler != STAFF:
            raise CheckFailed("selftest_defaults_wrong")
    count = activities.count_activities(state.db, activities.ActivityQuery())
    if count != len(template.types):
        raise CheckFailed("selftest_record_count_wrong", expected=len(template.types), count=count)
    return said("selftest_records_added", count=count)


def check_pinyin_order(state: _State) -> Detail:
    """Titles sort as a dictionary does: the pinyin table is in the program (pypinyin)."""
    from core.collation import sort_key

    if not sort_key("安全") < sort_key("北京") < sort_key("中心"):
        raise CheckFailed("selftest_pinyin_wrong")
    query = activities.ActivityQuery(order_by="title", descending=False)
    seqs = activities.sorted_seqs(state.db, query, state.template)
    titles = [a.title for a in activities.activities_at(state.db, seqs)]
    if titles != sorted(titles, key=sort_key):
        raise CheckFailed("selftest_not_in_pinyin_order")
    return said("selftest_pinyin_ok", count=len(titles))


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
            "selftest_ledger_count_wrong", count=ledger.record_count, expected=len(state.expected)
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
            name, indicator = figure.type_name, figure.indicator
            raise CheckFailed(
                "selftest_figure_wrong", type=name, indicator=indicator, current=figure.current,
                want=want,
            )  # fmt: skip
    period_said = messages.Both(period.name, period.code)
    return said("selftest_ledger_ok", period=period_said, count=len(ledger.figures))


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
                "selftest_sheets_wrong", found=workbook.sheetnames, wanted=wanted_sheets
            )
        summary = {v for row in workbook[SUMMARY_SHEET].iter_rows(values_only=True) for v in row}
        missing = [t.name for t in state.template.types if t.name not in summary]
        if missing:
            raise CheckFailed("selftest_summary_lacks", missing=missing)
        found = {}
        for name in wanted_sheets[1:]:
            for row in workbook[name].iter_rows(values_only=True):
                for title in state.expected.keys() & set(row):
                    found[title] = row
    finally:
        workbook.close()
    for title, entered in state.expected.items():
        if title not in found:
            raise CheckFailed("selftest_not_in_sheets", title=title)
        numbers = [v for v in entered["values"].values() if isinstance(v, int | float)]
        row_numbers = [v for v in found[title] if isinstance(v, int | float)]
        for number in numbers:
            if not any(_same(v, number) for v in row_numbers):
                raise CheckFailed("selftest_row_lacks", title=title, number=number)
    size = target.stat().st_size
    return said("selftest_export_ok", name=target.name, sheets=len(wanted_sheets), size=f"{size:,}")


def check_backup(state: _State) -> Detail:
    folder = state.folder / "备份"
    folder.mkdir()
    target = backup_to(state.db, folder / "taizhang-自检备份.db")
    copy = open_bureau(target, create=False)
    state.opened.append(copy)
    problems = integrity_problems(copy)
    if problems:
        raise CheckFailed("selftest_backup_damaged", problems=problems[:3])
    count = activities.count_activities(copy, activities.ActivityQuery())
    if count != len(state.expected):
        raise CheckFailed("selftest_backup_count_wrong", count=count, expected=len(state.expected))
    size = f"{target.stat().st_size:,}"
    return said("selftest_backup_ok", name=target.name, size=size, count=count)


def check_integrity(state: _State) -> Detail:
    problems = integrity_problems(state.db)
    if problems:
        raise CheckFailed("selftest_db_damaged", problems=problems[:3])
    return said("selftest_integrity_ok")


CHECKS = (
    _Check("selftest_check_files", check_files),
    _Check("selftest_check_create", check_create),
    _Check("selftest_check_template", check_template),
    _Check("selftest_check_add", check_add),
    _Check("selftest_check_ledger", check_ledger),
    _Check("selftest_check_export", check_export),
    _Check("selftest_check_backup", check_backup),
    _Check("selftest_check_integrity", check_integrity),
    _Check("selftest_check_pinyin", check_pinyin_order),
)

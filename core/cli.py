"""The command line: the same core as the window, for scripts, tests and IT staff.

Exit status: 0 success, 1 an error the user can act on (one line on stderr,
Chinese then English, no traceback), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from core import (
    activities,
    attachments,
    backups,
    bureau_file,
    cli_figures,
    duplicates,
    export_log,
    file_kind,
    file_owner,
    history,
    identity,
    messages,
    outputs,
    settings,
)
from core import db as database
from core.errors import TaizhangError
from core.paths import backups_dir, default_db_path
from core.periods import parse_period
from core.template import Template, load_template
from core.version import __version__

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
PERIOD_HELP = "期间：2026、2026H1（上半年）、2026Q1、2026-03 或 2026-01-15..2026-06-30"
# What makes a spreadsheet read a CSV cell as a formula, and our own escape mark.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")

LIST_COLUMNS = (
    ("id", "编号"),
    ("date", "日期"),
    ("end_date", "结束日期"),
    ("type", "活动类型"),
    ("title", "活动名称"),
    ("location", "地点"),
    ("organizer", "主办单位"),
    ("partners", "联合单位"),
    ("audience", "参与对象"),
    ("handler", "经办人"),
    ("notes", "备注"),
)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors said in Chinese first and exit status 2."""

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        english = getattr(message, "en", message)
        sys.stderr.write(f"用法错误：{message} (usage error: {english})\n")
        raise SystemExit(EXIT_USAGE)

    def parse_known_args(self, args=None, namespace=None):
        # Each command's parser is one of these too: each attaches its own options' values.
        arguments = sys.argv[1:] if args is None else list(args)
        parsed, extras = super().parse_known_args(self._values_attached(arguments), namespace)
        if getattr(parsed, "undecodable", None) is None:  # a command's parser found none
            parsed.undecodable = self._undecodable(parsed)
        return parsed, extras

    def _undecodable(self, parsed: argparse.Namespace) -> str | None:
        """The first option or argument whose value holds bytes the terminal could not
        decode (a GBK name typed on a UTF-8 console arrives as lone surrogates), named as
        the clerk typed it or as the usage shows it: ``run`` refuses it before any work.
        File names too: such a name cannot be stored (the export log, an attachment's
        name, the database's own path) nor said, and would be changed or end in error."""
        for action in self._actions:
            value = getattr(parsed, action.dest, None)
            values = value if isinstance(value, list) else [value]
            if any(
                isinstance(v, (str, os.PathLike)) and _SURROGATE.search(os.fspath(v))
                for v in values
            ):
                return max(action.option_strings, key=len, default=action.metavar or action.dest)
        return None

    def _values_attached(self, arguments: list[str]) -> list[str]:
        """``--title -5度低温作业培训`` as ``--title=-5度低温作业培训``.

        argparse takes an argument beginning with '-' for an option unless it looks like
        a plain negative number (CPython issue 53580), so a title ``-5度…`` or a figure
        ``-3万`` was wrong usage unless written ``--title=-5度…``. The argument after an
        option taking one value is attached to it, unless it is one of this parser's
        options (``--title --date`` stays a missing title) or ``--``. Nothing past ``--``
        is touched, nor past the name of a command (its own parser does the same).
        """
        has_commands = any(isinstance(a, argparse._SubParsersAction) for a in self._actions)
        attached: list[str] = []
        position = 0
        while position < len(arguments):
            argument = arguments[position]
            if argument == "--" or (has_commands and not argument.startswith("-")):
                break
            position += 1
            if not self._takes_one_value(argument) or position == len(arguments):
                attached.append(argument)
                continue
            value = arguments[position]
            position += 1
            if not value.startswith("-"):
                attached += [argument, value]
            elif value == "--" or self._is_option(value):
                attached.append(argument)
                position -= 1  # the option's value is missing: argparse says so
            else:
                attached.append(f"{argument}={value}")
        return attached + arguments[position:]

    def _option_named(self, argument: str) -> argparse.Action | None:
        """The option ``argument`` names, in full or abbreviated (``--tit``), as argparse
        reads it; None for anything else, and for ``--title=…`` (its value is attached)."""
        options = self._option_string_actions
        if argument in options:
            return options[argument]
        if not argument.startswith("--") or "=" in argument or not self.allow_abbrev:
            return None
        named = {options[o] for o in options if o.startswith(argument)}
        return named.pop() if len(named) == 1 else None

    def _takes_one_value(self, argument: str) -> bool:
        option = self._option_named(argument)
        return option is not None and option.nargs in (None, 1)

    def _is_option(self, argument: str) -> bool:
        if argument in self._option_string_actions:
            return True
        name = argument.partition("=")[0]
        return name.startswith("--") and any(
            o.startswith(name) for o in self._option_string_actions
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


# argparse looks its texts up through its module's gettext when it needs them.
argparse._ = messages.argparse_text


def _screen_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().replace("×", "x").partition("x")
    if not (sep and width.isdigit() and height.isdigit()) or min(int(width), int(height)) < 200:
        raise argparse.ArgumentTypeError(f"屏幕尺寸应写成 宽x高，如 1366x768：{text}")
    return int(width), int(height)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="taizhang",
        description="科技工作台账 Taizhang：记录科技工作，一键导出季度台账。不带子命令时打开窗口。",
        epilog="退出码：0 成功；1 未完成（原因写在标准错误输出上，数据未改动）；2 用法错误。"
        "每个命令的说明：taizhang 命令 --help",
    )
    parser.add_argument("--db", type=Path, help="数据库文件（默认在用户数据文件夹）")
    parser.add_argument(
        "--screenshot", type=Path, metavar="FILE.png", help="把主窗口画到 PNG 后退出"
    )
    parser.add_argument(
        "--size",
        type=_screen_size,
        metavar="WxH",
        help="与 --screenshot 一起用：按这个屏幕尺寸（如 1366x768，底部留出任务栏）摆放窗口",
    )
    parser.add_argument(
        "--version",
        action="version",
        # The schema tells an IT person which files an older copy of the program can open.
        version=f"Taizhang {__version__}（数据库结构版本 {database.SCHEMA_VERSION}）",
        help="显示程序版本并退出",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="自检：在临时文件夹中建库、录入、导出、备份，全部正确时退出码为 0",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    add = sub.add_parser("add", help="添加一条活动记录")
    add.add_argument("--type", required=True, help="活动类型，如 科技培训班")
    add.add_argument("--date", required=True, help="日期，如 2026-03-05")
    add.add_argument("--end-date", help="结束日期（可选）")
    add.add_argument("--title", required=True, help="活动名称")
    for name, label in (
        ("location", "地点"),
        ("organizer", "主办单位（默认为填报单位）"),
        ("partners", "联合单位"),
        ("audience", "参与对象"),
        ("handler", "经办人（默认为填报人）"),
        ("notes", "备注"),
    ):
        add.add_argument(f"--{name}", default="", help=label)
    add.add_argument(
        "--field", action="append", default=[], metavar="指标=数值", help="如 参训人次=120，可重复"
    )

    lst = sub.add_parser("list", help="列出活动记录")
    lst.add_argument(
        "--period", help="期间：2026、2026H1（上半年）、2026Q1、2026-03 或 2026-01-15..2026-06-30"
    )
    lst.add_argument("--format", choices=("csv", "json"), default="csv", help="输出格式，默认 csv")
    lst.add_argument("--deleted", action="store_true", help="列出回收站中的记录")
    lst.add_argument(
        "--search", default="", metavar="文字", help="只列出含这些文字的记录（空格分隔多个词）"
    )
    lst.add_argument("--out", help="写入文件（CSV 为带 BOM 的 UTF-8，可直接用 Excel 打开）")

    imp = sub.add_parser("import", help="从 .xlsx 或 .csv 导入（全部成功才写入）")
    imp.add_argument("file", type=Path, help="要导入的 .xlsx 或 .csv 文件")
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    imp.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="数据库中已有的记录（相同编号，或类型、日期、名称和指标都相同）也照样导入",
    )

    exp = sub.add_parser("export", help="导出期间台账 .xlsx")
    exp.add_argument(
        "--period",
        required=True,
        help="期间：2026、2026H1（上半年）、2026Q1、2026-03 或 2026-01-15..2026-06-30",
    )
    exp.add_argument("--out", help="文件或文件夹（默认当前文件夹，标准文件名）")
    exp.add_argument("--unit", help="只导出这个填报单位的记录，如 胡集镇")
    exp.add_argument(
        "--with-evidence",
        action="store_true",
        help="在台账旁另写一个佐证材料压缩包（台账、每个板块一个文件夹、每条记录一个子文件夹）",
    )

    sub.add_parser("check", help="检查数据库完整性")

    bak = sub.add_parser("backup", help="备份数据库（默认存入数据文件夹的 backups 中）")
    bak.add_argument("--out", help="备份文件（不写则自动命名并按期保留）")

    res = sub.add_parser("restore", help="从备份恢复（恢复前先备份当前数据）")
    res.add_argument(
        "backup_file", type=Path, help="备份文件（backups 命令列出的，或任何一份台账备份）"
    )
    res.add_argument(
        "--yes",
        action="store_true",
        help="所选文件属于另一个数据库（如另一个单位的）时也恢复；不加则拒绝并说明两边的单位和记录数",
    )

    sub.add_parser("backups", help="列出这个数据库的备份")

    tpl = sub.add_parser("template", help="台账模板工作簿：导出给 Excel/WPS 修改，改好后导入")
    tpl_sub = tpl.add_subparsers(dest="template_command", metavar="操作", parser_class=_Parser)
    tpl_sub.required = True
    tpl_export = tpl_sub.add_parser("export", help="导出模板工作簿")
    tpl_export.add_argument("--out", required=True, help="如 模板.xlsx")
    tpl_import = tpl_sub.add_parser("import", help="导入模板工作簿（全部无误才修改）")
    tpl_import.add_argument("file", type=Path, help="模板工作簿 .xlsx（template export 导出的）")
    tpl_import.add_argument("--dry-run", action="store_true", help="只列出将要发生的变化，不修改")
    _add_record_commands(sub)
    _add_exchange_commands(sub)

    conf = sub.add_parser("settings", help="查看或设置填报单位、填报人")
    conf.add_argument("--unit", help="填报单位，如 某某县科技局")
    conf.add_argument("--staff", help="填报人")
    conf.add_argument(
        "--keep-record-units",
        action="store_true",
        help="改填报单位时，本库已录入的记录保留原来的填报单位（默认随之改为新名称）",
    )
    cli_figures.add_parsers(sub)
    _describe_commands(parser)
    return parser


def _describe_commands(parser: argparse.ArgumentParser) -> None:
    """Each command's own --help opens with the line the command list gives it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                sub.description = sub.description or helps.get(name)
                _describe_commands(sub)


def _add_record_commands(sub) -> None:
    """edit, delete, history, attach and attachments: one record, named by its id."""
    edit = sub.add_parser("edit", help="修改一条记录（只改给出的内容）")
    edit.add_argument("--id", required=True, help="记录编号")
    edit.add_argument("--type", help="活动类型")
    edit.add_argument("--date", help="日期")
    edit.add_argument("--end-date", help="结束日期（写空字符串则去掉）")
    edit.add_argument("--title", help="活动名称")
    for name, label in (
        ("location", "地点"),
        ("organizer", "主办单位"),
        ("partners", "联合单位"),
        ("audience", "参与对象"),
        ("handler", "经办人"),
        ("notes", "备注"),
    ):
        edit.add_argument(f"--{name}", help=label)
    edit.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="指标=数值",
        help="如 参训人次=120（写 参训人次= 则清空），可重复",
    )

    delete = sub.add_parser("delete", help="把一条记录移到回收站（可恢复）")
    delete.add_argument("--id", required=True, help="记录编号")

    hist = sub.add_parser("history", help="一条记录的全部修改历史（含交换冲突）")
    hist.add_argument("--id", required=True, help="记录编号")
    hist.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")

    attach = sub.add_parser("attach", help="给一条记录添加佐证材料文件")
    attach.add_argument("--id", required=True, help="记录编号")
    attach.add_argument("files", nargs="+", type=Path, metavar="FILE", help="佐证材料文件")

    listing = sub.add_parser("attachments", help="列出一条记录的佐证材料（名称、大小、SHA-256）")
    listing.add_argument("--id", required=True, help="记录编号")
    listing.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")


def _add_exchange_commands(sub) -> None:
    exchange = sub.add_parser("exchange", help="交换包：在同事和乡镇之间传递记录")
    actions = exchange.add_subparsers(
        dest="exchange_command", metavar="操作", parser_class=_Parser, required=True
    )
    out = actions.add_parser("export", help="导出交换包 .tzpkg")
    out.add_argument("--out", required=True, help="交换包文件，如 胡集镇.tzpkg")
    which = out.add_mutually_exclusive_group()
    which.add_argument("--since", help="只导出这一天以来改动过的记录，如 2026-03-01")
    which.add_argument("--all", action="store_true", help="导出全部记录")
    out.add_argument("--period", help=PERIOD_HELP + "（只导出日期在其中的记录）")
    into = actions.add_parser("import", help="导入交换包（先预览，再一次写入，写入前先备份）")
    into.add_argument("file", type=Path, help="交换包文件 .tzpkg")
    into.add_argument("--dry-run", action="store_true", help="只预览，不写入")


def run(args: argparse.Namespace, held_by_a_window=None) -> int:
    """Run one subcommand; user errors become one line on stderr and exit status 1.

    ``held_by_a_window(path)``: whether a Taizhang window has the file open (main.py
    asks the window's lock, which this package cannot reach: it never imports Qt).
    """
    args.held_by_a_window = held_by_a_window or (lambda path: False)
    cancelled_made: list[Path] = []
    try:
        if getattr(args, "undecodable", None):  # before any work and any output
            raise TaizhangError("cli_option_bad_characters", option=args.undecodable)
        return COMMANDS[args.command](args)
    except TaizhangError as error:
        _say_error(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        # A file this command made and put no record in goes, as a refused one does (its
        # write was rolled back); one given keeps what it had.
        cancelled_made = [path for path, db, _, version in _made
                          if not _written_by_others(db, version)]  # fmt: skip
        made = {id(db) for path, db, _, _ in _made if path in cancelled_made}
        cancelled_made += _backups_of_nothing([db for _, db, _, _ in _made if id(db) in made])
        wrote = any(
            getattr(db, "commits", 0) != db.commits_at_open for db in _opened if id(db) not in made
        )
        _say_error(messages.text("cli_interrupted" if wrote else "cli_cancelled_nothing_written"))
        return EXIT_ERROR
    except BrokenPipeError:
        # `list | head` closed the pipe: what was asked for has been shown.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a bug: still one line, never a traceback
        if os.environ.get("TAIZHANG_DEBUG"):
            raise
        _say_error(messages.text("internal_error", reason=f"{type(error).__name__}: {error}"))
        return EXIT_ERROR
    finally:
        # Closed now, not whenever garbage is collected: the WAL is checkpointed into
        # the file, and the next program to open it finds it whole and alone.
        unfilled = _unfilled_new_files()
        while _opened:
            _opened.pop().close()
        _remove(list(dict.fromkeys(unfilled + cancelled_made)))
        _new_stores.clear()


def _unfilled_new_files() -> list[Path]:
    """The files this command made that it then wrote nothing to (a dry run, a refusal):
    no empty bureau is left behind a mistyped --db, as the message said nothing was
    written. A file that took anything, whatever the exit, stays."""
    unfilled = [
        path
        for path, db, made, version in _made
        if db.conn.total_changes == made and not _written_by_others(db, version)
    ]
    _made.clear()
    return unfilled


def _backups_of_nothing(made: list) -> list[Path]:
    """The backups of files this command made and put nothing in: found by the file's id
    (born in this command, so each one of them was taken by it), whatever took them (the
    import's own, the one an exchange import takes itself)."""
    return [backup.path for db in made for backup in backups.list_backups(db)]


def _data_version(db) -> int:
    return db.conn.execute("PRAGMA data_version").fetchone()[0]


def _written_by_others(db, version: int) -> bool:
    """Whether another program wrote to a file this command made (two commands at once on
    a new path): then it is theirs too, and stays."""
    if _data_version(db) != version:
        return True
    return db.conn.execute("SELECT 1 FROM activities LIMIT 1").fetchone() is not None


def _remove(paths: list[Path]) -> None:
    """Each file, what SQLite made beside it, and the evidence store beside it when this
    command made that too (an exchange import receives the package's files first)."""
    for path in paths:
        for member in (path, *(Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal"))):
            with contextlib.suppress(OSError):
                member.unlink()
        store = attachments.store_dir_for(path)
        if store in _new_stores:
            shutil.rmtree(store, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


def _say(text: str) -> None:
    print(text, flush=True)


def _say_error(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


_opened: list = []
# Database files this command created: (path, opened, its changes once made, the file's
# data_version then).
_made: list[tuple[Path, object, int, int]] = []
# The evidence stores of those files that were not there when the file was made.
_new_stores: list[Path] = []


# Opening for writing fails on a write-protected USB stick, or on a full disk (SQLite
# cannot grow the -shm there); reading need not.
_READ_ONLY_PLACE = (
    "db_folder_read_only",
    "db_file_read_only",
    "db_disk_full_here",
    "db_name_too_long_here",
)


def _open(args: argparse.Namespace, create: bool = False, reading: bool = False):
    """The bureau's file; only commands that add data (``create``) may make a new one.

    ``reading``: a command that only reads (list, export, check) opens a file in a
    read-only place read-only, rather than refusing it.
    """
    path = _db_path(args)
    if args.db is None and create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = bureau_file.open_bureau(path, create=create)
    except TaizhangError as error:
        if not (reading and error.key in _READ_ONLY_PLACE):
            raise
        db = bureau_file.open_bureau(path, read_only=True)
    if getattr(db, "made_here", False):  # not when another program made it meanwhile
        _made.append((path, db, db.conn.total_changes, _data_version(db)))
        if not attachments.store_dir_for(path).exists():
            _new_stores.append(attachments.store_dir_for(path))
    if getattr(db, "home_settled", "") == "copied":
        _say_error(messages.text("db_copy_new_id", path=path))
    upgraded = getattr(db, "upgraded", None)
    if upgraded:
        found, now, saved = upgraded
        _say_error(messages.text("db_upgraded", path=path, found=found, now=now, backup=saved))
    db.commits_at_open = getattr(db, "commits", 0)  # (a new file's making among them)
    _opened.append(db)
    return db


# --- commands ------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    db = _open(args, create=True)
    template = load_template(db)
    activity_type = template.type_by_name(args.type)
    if not template.is_active(activity_type.id):
        raise TaizhangError("type_archived", name=activity_type.name)
    values = _field_values(activity_type, args.field)
    draft = {
        "type_id": activity_type.id,
        "date": args.date,
        "end_date": args.end_date,
        "title": args.title,
        "values": values,
        **{name: getattr(args, name) for name in activities.COMMON_TEXT_FIELDS},
    }
    stored = activities.add_activity(db, activities.validate_activity(template, draft))
    _say(messages.text("added", activity_id=stored.id))
    return EXIT_OK


def _output(text: str | None) -> Path | None:
    """``--out`` as typed, checked before anything is opened: ``folder/`` must be a folder
    and a file's folder must be there (``outputs.typed_target``, as for the window)."""
    return None if text is None else outputs.typed_target(text)


def cmd_list(args: argparse.Namespace) -> int:
    args.out = _output(args.out)
    period = parse_period(args.period) if args.period else None
    db = _open(args, reading=True)
    template = load_template(db)
    query = activities.ActivityQuery(
        start=period.start if period else None,
        end=period.end if period else None,
        deleted=args.deleted,
        text=args.search,
        descending=False,
        limit=1000,
    )
    rows = activities.iter_activities(db, query, template)
    if args.out:
        outputs.refuse_database_target(args.out, protected=[_db_path(args)])
        if args.out.is_dir():
            raise TaizhangError("output_is_folder", path=args.out)
        # Written beside the target first, so a failure never leaves half a file.
        partial = args.out.with_name(f".{args.out.name}.partial")
        encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
        try:
            with open(partial, "w", encoding=encoding, newline="") as out:
                _write_list(out, args.format, rows, template, db)
            os.replace(partial, args.out)
        except OSError as error:
            outputs.remove_quietly(partial)
            raise outputs.write_error(error, args.out, replacing=args.out.exists()) from error
    else:
        _write_list(sys.stdout, args.format, rows, template, db)
    return EXIT_OK


def _write_list(out: io.TextIOBase, fmt: str, rows, template: Template, db=None) -> None:
    labels = _field_columns(template)
    if fmt == "json" and db is not None:
        rows = list(rows)
        files = attachments.attachments_of(db, [a.id for a in rows])
    else:
        files = {}
    if fmt == "json":
        out.write("[")
        for index, activity in enumerate(rows):
            out.write(",\n" if index else "\n")
            item = _as_json(activity, template)
            item["attachments"] = [a.sha256 for a in files.get(activity.id, [])]
            out.write(json.dumps(item, ensure_ascii=False))
        out.write("\n]\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([heading for _, heading in LIST_COLUMNS] + [h for _, h in labels])
    for activity in rows:
        common = _common_values(activity, template)
        by_label = _values_by_label(activity, template)
        cells = [common[key] for key, _ in LIST_COLUMNS]
        cells += [by_label.get(lab, "") for lab, _ in labels]
        writer.writerow([csv_safe(cell) for cell in cells])


def csv_safe(value: object) -> object:
    """A cell Excel or WPS will not run as a formula (OWASP, CSV injection): text that
    starts with = + - @ or a tab or carriage return gets a leading ' (and text that
    starts with ' gets another), which the import takes off again (core/importer.py)."""
    if isinstance(value, str) and value[:1] in CSV_FORMULA_STARTS:
        return "'" + value
    return value


def _field_columns(template: Template) -> list[tuple[str, str]]:
    """(label, heading with unit) of every field label in the template, first use first."""
    seen: dict[str, str] = {}
    for activity_type in template.types:
        for f in activity_type.fields:
            seen.setdefault(f.label, f.label_with_unit)
    return list(seen.items())


def _common_values(activity: activities.Activity, template: Template) -> dict[str, str]:
    return {
        "id": activity.id,
        "date": activity.date.isoformat(),
        "end_date": activity.end_date.isoformat() if activity.end_date else "",
        "type": template.type(activity.type_id).name,
        **{name: getattr(activity, name) for name in ("title", *activities.COMMON_TEXT_FIELDS)},
    }


def _values_by_label(activity: activities.Activity, template: Template) -> dict[str, object]:
    return {template.fields_by_id[fid].label: value for fid, value in activity.values.items()}


def _as_json(activity: activities.Activity, template: Template) -> dict:
    return {
        **_common_values(activity, template),
        "end_date": activity.end_date.isoformat() if activity.end_date else None,
        "section": template.section_of(activity.type_id).name,
        "values": _values_by_label(activity, template),
        "created_at": activity.created_at,
        "updated_at": activity.updated_at,
        "deleted": activity.deleted,
        "source": source_of(activity),
    }


def source_of(activity: activities.Activity) -> dict:
    return {
        "unit": activity.source_unit,
        "staff": activity.source_staff,
        "database_id": activity.source_db,
    }


def cmd_import(args: argparse.Namespace) -> int:
    from core import importer  # openpyxl loads only when needed: the window starts faster

    importer.check_path(args.file)  # a folder, a lock file: said before a file is made
    db = _open(args, create=True)
    plan = importer.plan_import(args.file, load_template(db))
    if not plan.ok:
        for error in plan.errors:
            _say_error(str(error))
        if plan.more_errors:
            _say_error(
                messages.text("import_more_problems", shown=len(plan.errors), more=plan.more_errors)
            )
        raise TaizhangError("import_rejected", count=plan.bad_rows)
    for note in importer.plan_notes(plan):  # sheets read, titles passed over
        _say(note)
    repeats = duplicates.find_repeats(db, plan.activities, plan.source_ids)
    skipped = 0 if args.allow_duplicates else repeats.count
    if args.dry_run:
        count = len(plan.activities)
        _say(messages.text("import_dry_run_ok", count=count, new=count - skipped))
        if skipped:
            _say(messages.text("import_dry_run_repeats", repeats=skipped))
            _say_what_repeats(repeats)
        return EXIT_OK
    count = 0
    if len(plan.activities) > skipped:
        try:
            backups.take_backup(db, _db_path(args), "import")
        except TaizhangError as error:  # said as the window says it: nothing was imported
            raise TaizhangError("import_no_backup", reason=error) from error
        # The repeats found again under the write lock: the same file imported at once.
        count, again = importer.import_new(db, plan, skip_repeats=not args.allow_duplicates)
        repeats, skipped = (again, again.count) if again is not None else (repeats, 0)
    _say(messages.text("import_ok", count=count))
    if skipped:
        _say(messages.text("import_skipped_repeats", repeats=skipped))
        _say_what_repeats(repeats)
    return EXIT_OK


def _say_what_repeats(repeats: duplicates.Repeats) -> None:
    """Repeats within the file, and rows whose 编号 is known but whose content is not."""
    if repeats.in_file:
        _say(messages.text("import_repeats_in_file", count=repeats.in_file))
    if repeats.changed:
        _say(
            messages.text(
                "import_changed_by_id",
                count=len(repeats.changed),
                records=duplicates.named(repeats.changed),
            )
        )


def cmd_export(args: argparse.Namespace) -> int:
    from core.ledger_export import export_ledger_file

    period = parse_period(args.period)
    args.out = _output(args.out)
    db = _open(args, reading=True)
    result = export_ledger_file(
        db,
        load_template(db),
        period,
        args.out or Path.cwd(),
        unit=args.unit,
        with_evidence=args.with_evidence,
        protected=[_db_path(args)],
    )
    for warning in result.warnings:
        _say_error(warning)
    _say(
        messages.text(
            "export_done", period_name=period.name, path=result.path, records=result.records
        )
    )
    if result.evidence is not None:
        _say(messages.text("evidence_done", path=result.evidence, files=result.evidence_files))
    if result.earlier is not None:  # what was handed in before may no longer match
        _say(export_log.note(result.earlier))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    db = _open(args, reading=True)
    problems = database.integrity_problems(db)
    problems += attachments.problems(db)
    problems += activities.date_problems(db)
    if problems:
        listed = problems[:10]
        if len(problems) > len(listed):
            more = len(problems) - len(listed)
            listed.append(messages.Both.of("import_more_problems", shown=len(listed), more=more))
        raise TaizhangError("integrity_bad", details=messages.Both.join(listed))
    # The file alone must be whole: an IT person copies the .db, not its -wal.
    pending = database.wal_pages_not_in_file(db) if db.live else 0
    if pending:
        wal = f"{_db_path(args)}-wal"
        raise TaizhangError("integrity_wal_pending", pages=pending, wal=wal)
    _say(messages.text("integrity_ok", path=_db_path(args)))
    return EXIT_OK


def _db_path(args: argparse.Namespace) -> Path:
    return args.db or default_db_path()


def cmd_backup(args: argparse.Namespace) -> int:
    args.out = _output(args.out)
    db = _open(args, reading=True)  # a backup is written elsewhere: a locked stick is read
    if args.out:
        found = [*backups.list_backups(_db_path(args)), *backups.other_files_backups(db)]
        own = [_db_path(args), *(b.path for b in found)]
        outputs.refuse_database_target(args.out, protected=own, any_database=False)
        _refuse_another_database(db, Path(args.out))
        written = backups.copy_with_evidence(db, _db_path(args), Path(args.out))
    else:
        written = backups.take_backup(db, _db_path(args), "manual").path
    _say(messages.text("backup_done", path=written))
    return EXIT_OK


def _refuse_another_database(db, target: Path) -> None:
    """``backup --out`` may replace an older copy of this database, never another: another
    bureau's file, another program's, one whose id cannot be read."""
    if not outputs.is_database_file(target):
        return
    ours = identity.database_id(db)
    found, _ = identity.read_from_file(target)
    if not ours or found != ours:
        raise TaizhangError("output_is_database", path=target)


# What a restore puts a backup in place of, moved aside whole: a file that cannot be opened
# because it is damaged, cut short, 0 bytes or its header gone, or none at all. Any other
# refusal stands (another program's file, a newer Taizhang's, a read-only place, a folder,
# an older file that an older Taizhang still has open).
_RESTORED_OVER = ("db_damaged", "db_missing", "db_not_database")


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.backup_file.is_file():
        raise TaizhangError("file_missing", path=args.backup_file)
    path = _db_path(args)
    # Before this process opens it (see open_elsewhere); SQLite's lock for any program
    # (Linux), the window's own for a window (Windows too, where SQLite's cannot be asked).
    if database.open_elsewhere(path) or args.held_by_a_window(path):
        raise TaizhangError("restore_while_open", path=path)
    try:
        db = _open(args)
    except TaizhangError as error:
        if error.key == "db_foreign":
            raise TaizhangError("restore_foreign", path=path) from error
        if error.key not in _RESTORED_OVER:
            raise
        if error.key == "db_not_database":  # not ours by name, place or a backup of ours
            file_kind.refuse_a_stranger(path)
        # Damaged, cut short, 0 bytes, its header gone, or missing: moved aside, replaced.
        if args.db is None:
            path.parent.mkdir(parents=True, exist_ok=True)
        was_there = path.exists()
        current = file_owner.owner_of_file(path) if was_there else None
        _refuse_another_owner(args, current)
        saved = backups.restore_over_damaged(path, args.backup_file)
        if not was_there:  # nothing was set aside: said so, not a backup that is not there
            bureau_file.open_bureau(path).close()
            _say(messages.text("restore_done_new", path=args.backup_file, db=path))
            return EXIT_OK
    else:
        _refuse_another_owner(args, file_owner.owner_of(db))
        saved = backups.restore(db, path, args.backup_file)
        _opened.remove(db)
        db.close()
    restored = bureau_file.open_bureau(path)  # an older backup is upgraded now
    missing = len(attachments.missing_files(restored))
    restored.close()
    _say(messages.text("restore_done", path=args.backup_file, saved=saved.path))
    if missing:
        _say(messages.text("restore_evidence_missing", count=missing))
    return EXIT_OK


def _refuse_another_owner(args: argparse.Namespace, current) -> None:
    """Another database's file (another unit's) replaces this one only with ``--yes``: the
    command line cannot ask, so it says what it would replace and stops."""
    chosen = file_owner.owner_of_file(args.backup_file)
    if not args.yes and file_owner.ask_before_restoring(current, chosen):
        raise TaizhangError("restore_other_refused", warning=file_owner.warning(current, chosen))


def cmd_backups(args: argparse.Namespace) -> int:
    path = _db_path(args)
    own = backups.list_backups(path)
    unnumbered = backups.unnumbered_backups(path)
    for backup in own:
        _say_backup(backup)
    others = backups.other_files_backups(path)
    _say_apart("backups_other_files", others, own)
    if unnumbered:
        if own or others:
            _say("")
        _say(messages.text("backups_unnumbered", count=len(unnumbered)))
        for backup in unnumbered:
            _say_backup(backup)
    if not own and not unnumbered and not others:
        none = "backups_none" if path.exists() else "backups_none_no_file"  # a typo, say
        _say(messages.text(none, path=path, folder=backups_dir()))
    return EXIT_OK


def _say_backup(backup: backups.Backup) -> None:
    _say(f"{backup.taken:%Y-%m-%d %H:%M:%S}\t{backup.reason_name}\t{backup.path}")


def _say_apart(key: str, found: list[backups.Backup], before: list) -> None:
    """Backups listed after a blank line under a line that says whose they are."""
    if not found:
        return
    if before:
        _say("")
    _say(messages.text(key, count=len(found)))
    for backup in found:
        _say(f"{backup.taken:%Y-%m-%d %H:%M:%S}\t{backup.reason_name}\t{backup.path}"
             f"\t（{backup.taken_from}）")  # fmt: skip


def cmd_settings(args: argparse.Namespace) -> int:
    changes = {}
    if args.unit is not None:
        changes[settings.UNIT] = args.unit
    if args.staff is not None:
        changes[settings.STAFF] = args.staff
    # Without options it only shows them: a write-protected stick is read-only to it.
    db = _open(args, create=True, reading=not changes)
    if changes:
        old_unit = settings.get_setting(db, settings.UNIT)
        organized = activities.own_records_organized_as(db, old_unit)
        renamed = settings.set_settings(db, rename_records=not args.keep_record_units, **changes)
        if renamed:
            unit = settings.get_setting(db, settings.UNIT)
            _say(messages.text("unit_renamed_records", count=renamed, old=old_unit, new=unit))
            if organized:
                said = {"count": organized, "old": old_unit, "new": unit}
                _say(messages.text("unit_renamed_organizers", **said))
    _say(f"填报单位：{settings.get_setting(db, settings.UNIT)}")
    _say(f"填报人：{settings.get_setting(db, settings.STAFF)}")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from core import template_book  # openpyxl only when needed

    if args.template_command == "export":
        args.out = _output(args.out)
        db = _open(args, reading=True)
        written = template_book.export_template(db, args.out)
        _say(messages.text("template_exported", path=written))
        return EXIT_OK
    if not args.file.is_file():
        raise TaizhangError("file_missing", path=args.file)
    db = _open(args)
    book = template_book.plan_template_import(db, args.file)
    if not book.ok:
        for problem in book.problems:
            _say_error(problem)
        raise TaizhangError("template_book_rejected", count=len(book.problems))
    for line in book.change_lines():
        _say(line)
    if not book.plan.changes:
        _say(messages.text("template_unchanged"))
        return EXIT_OK
    if args.dry_run:
        _say(book.summary("template_dry_run"))
        return EXIT_OK
    backups.take_backup(db, _db_path(args), "import")
    template_book.import_template(db, book)
    _say(book.summary("template_changed"))
    return EXIT_OK


def _field_values(activity_type, items: Sequence[str]) -> dict[int, str]:
    """``--field 标签=值`` options as ``{field id: typed value}``."""
    values = {}
    for item in items:
        label, sep, value = item.partition("=")
        if not sep:
            raise TaizhangError("bad_field_arg", arg=item)
        f = activity_type.field_by_label(label.strip())
        if f is None:
            raise TaizhangError("unknown_field", type_name=activity_type.name, label=label)
        values[f.id] = value
    return values


def cmd_edit(args: argparse.Namespace) -> int:
    db = _open(args)
    texts = {name: getattr(args, name) for name in activities.COMMON_TEXT_FIELDS}
    given = [args.type, args.date, args.end_date, args.title, *texts.values()]
    if all(v is None for v in given) and not args.field:
        activities.get_activity(db, args.id)  # an unknown record is said first
        raise TaizhangError("edit_nothing")

    def edit(template, old):  # the options given, onto the record as stored now
        activity_type = (
            template.type_by_name(args.type) if args.type else template.type(old.type_id)
        )
        typed = _field_values(activity_type, args.field)
        kept_values = {
            k: v for k, v in old.values.items() if k in {f.id for f in activity_type.fields}
        }
        return {
            "type_id": activity_type.id,
            "date": args.date if args.date is not None else old.date.isoformat(),
            "end_date": args.end_date
            if args.end_date is not None
            else (old.end_date.isoformat() if old.end_date else None),
            "title": args.title if args.title is not None else old.title,
            "values": {**kept_values, **typed},
            **{k: v if v is not None else getattr(old, k) for k, v in texts.items()},
        }

    activities.edit_activity(db, args.id, edit)
    _say(messages.text("edited", activity_id=args.id))
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    db = _open(args)
    activities.get_activity(db, args.id)
    if not activities.delete_activities(db, [args.id]):
        raise TaizhangError("already_deleted", activity_id=args.id)
    _say(messages.text("deleted", activity_id=args.id))
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    db = _open(args, reading=True)
    template = load_template(db)
    activities.get_activity(db, args.id)
    entries = history.history_of(db.conn, args.id)
    if args.format == "json":
        rows = [
            {
                "at": e.at,
                "action": e.action,
                "action_name": e.action_name,
                "staff": e.staff,
                "unit": e.unit,
                "changes": [
                    {"label": label, "before": before, "after": after}
                    for label, before, after in history.changes(template, e)
                ],
                "before": e.before,
                "after": e.after,
            }
            for e in entries
        ]
        _say(json.dumps(rows, ensure_ascii=False, indent=1))
        return EXIT_OK
    for e in entries:
        who = "　".join(x for x in (e.unit, e.staff) if x)
        _say(f"{e.at}\t{e.action_name}\t{who}")
        for label, before, after in history.changes(template, e):
            _say(f"\t{label}：{before or '（空）'} → {after or '（空）'}")
        if e.action == "conflict" and e.before and isinstance(e.before.get("change"), dict):
            lost = e.before["change"]
            _say(f"\t未采用的一方（已记在此处）：{lost.get('at', '')}　{lost.get('by', '')}")
        if e.action in ("attach", "detach") and e.after:
            _say(f"\t{e.after.get('name', '')}\t{e.after.get('sha256', '')}")
    return EXIT_OK


def cmd_attach(args: argparse.Namespace) -> int:
    db = _open(args)
    for a in attachments.attach_files(db, args.id, args.files):
        _say(messages.text("attached", name=a.name, size=a.size, sha256=a.sha256))
    return EXIT_OK


def cmd_attachments(args: argparse.Namespace) -> int:
    db = _open(args, reading=True)
    activities.get_activity(db, args.id)
    found = attachments.list_attachments(db, args.id)
    if args.format == "json":
        rows = [
            {"name": a.name, "size": a.size, "sha256": a.sha256, "added_at": a.added_at}
            for a in found
        ]
        _say(json.dumps(rows, ensure_ascii=False, indent=1))
        return EXIT_OK
    if not found:
        _say(messages.text("no_attachments"))
    for a in found:
        _say(f"{a.name}\t{a.size}\t{a.sha256}")
    return EXIT_OK


def cmd_exchange(args: argparse.Namespace) -> int:
    from core import exchange
    from core.values import parse_date

    # Importing adds data (a county's new file takes its townships' packages).
    importing = args.exchange_command == "import"
    if not importing:
        args.out = _output(args.out)  # said before the database is opened
    db = _open(args, create=importing, reading=not importing)
    if args.exchange_command == "export":
        since = None
        if args.since:
            try:
                since = parse_date(args.since)
            except TaizhangError as error:
                raise TaizhangError("since_bad", text=args.since) from error
        period = parse_period(args.period) if args.period else None
        try:
            result = exchange.export_package(
                db, args.out, since=since, everything=args.all, period=period
            )
        except TaizhangError as error:
            if db.live or error.key != "db_file_read_only" or not args.out.is_file():
                raise
            # Written whole; only remembering it as sent, in the file, could not be done.
            _say(messages.text("package_exported_not_remembered", path=args.out.absolute()))
            return EXIT_OK
        _say(messages.text("package_exported", path=result.path, records=result.records,
                           files=result.files))  # fmt: skip
        if result.in_bin:
            _say(messages.text("package_exported_in_bin", count=result.in_bin))
        if result.missing:
            _say_error(messages.text("package_files_left_out", count=len(result.missing),
                                     details="；".join(result.missing)))  # fmt: skip
        return EXIT_OK
    package = exchange.read_package(args.file)
    if args.dry_run:
        _say_preview(exchange.preview_import(db, package))
        exchange.check_files(db, package)  # a damaged photo is found now, not at the import
        _say(messages.text("package_dry_run"))
        return EXIT_OK
    # What was done, as decided under the write lock (a record edited here meanwhile is a
    # conflict there, not the update a look before it would have said).
    _say_preview(exchange.import_package(db, package, _db_path(args)))
    _say(messages.text("package_imported"))
    return EXIT_OK


def _say_preview(preview) -> None:
    if preview.new_in_bin:
        _say(messages.text("package_new_in_bin", count=preview.new_in_bin))
    if preview.restored:
        _say(messages.text("package_fields_restored", fields="、".join(preview.restored)))
    if preview.files_absent:
        _say_error(messages.text("package_files_absent", count=len(preview.files_absent),
                                 details="；".join(preview.files_absent)))  # fmt: skip
    _say(
        messages.text(
            "package_preview",
            unit=preview.sender_unit or messages.text("sender_unnamed", "zh"),
            staff=preview.sender_staff,
            files=preview.files_new,
            changes=preview.attachment_changes,
            history=preview.history_new,
            conflicts=preview.counts["conflict"],
            **{k: v for k, v in preview.counts.items() if k != "conflict"},
        )
    )
    for c in preview.conflicts:
        kept, kept_en = ("对方的修改", "theirs") if c.kept == "theirs" else ("本库的修改", "ours")
        _say(messages.text("package_conflict_line", title=c.title, date=c.date,
                           ours_at=c.ours_at, theirs_at=c.theirs_at, kept=kept,
                           kept_en=kept_en))  # fmt: skip
        for label, ours, theirs in c.rows:
            _say(f"\t{label}：本库 {ours or '（空）'} | 对方 {theirs or '（空）'}")


COMMANDS = {
    "add": cmd_add,
    "list": cmd_list,
    "import": cmd_import,
    "export": cmd_export,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "backups": cmd_backups,
    "settings": cmd_settings,
    "template": cmd_template,
    **cli_figures.commands(_open),
    "edit": cmd_edit,
    "delete": cmd_delete,
    "history": cmd_history,
    "attach": cmd_attach,
    "attachments": cmd_attachments,
    "exchange": cmd_exchange,
}

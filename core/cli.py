"""The command line: the same core as the window, for scripts, tests and IT staff.

Exit status: 0 success, 1 an error the user can act on (one line on stderr,
Chinese then English, no traceback), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from core import activities, backups, bureau_file, messages, outputs, settings
from core import db as database
from core.errors import TaizhangError
from core.paths import default_db_path
from core.periods import parse_period
from core.template import Template, load_template
from core.version import __version__

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
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
        sys.stderr.write(f"用法错误 (usage error): {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="taizhang",
        description="科技工作台账 Taizhang：记录科技工作，一键导出季度台账。不带子命令时打开窗口。",
    )
    parser.add_argument("--db", type=Path, help="数据库文件（默认在用户数据文件夹）")
    parser.add_argument(
        "--screenshot", type=Path, metavar="FILE.png", help="把主窗口画到 PNG 后退出"
    )
    parser.add_argument("--version", action="version", version=f"Taizhang {__version__}")
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
    lst.add_argument("--period", help="期间：2026、2026Q1 或 2026-03")
    lst.add_argument("--format", choices=("csv", "json"), default="csv")
    lst.add_argument("--deleted", action="store_true", help="列出回收站中的记录")
    lst.add_argument(
        "--out", type=str, help="写入文件（CSV 为带 BOM 的 UTF-8，可直接用 Excel 打开）"
    )

    imp = sub.add_parser("import", help="从 .xlsx 或 .csv 导入（全部成功才写入）")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    exp = sub.add_parser("export", help="导出期间台账 .xlsx")
    exp.add_argument("--period", required=True, help="期间：2026、2026Q1 或 2026-03")
    exp.add_argument("--out", type=str, help="文件或文件夹（默认当前文件夹，标准文件名）")

    sub.add_parser("check", help="检查数据库完整性")

    bak = sub.add_parser("backup", help="备份数据库（默认存入数据文件夹的 backups 中）")
    bak.add_argument("--out", type=str, help="备份文件（不写则自动命名并按期保留）")

    res = sub.add_parser("restore", help="从备份恢复（恢复前先备份当前数据）")
    res.add_argument("backup_file", type=Path)

    sub.add_parser("backups", help="列出这个数据库的备份")

    conf = sub.add_parser("settings", help="查看或设置填报单位、填报人")
    conf.add_argument("--unit", help="填报单位，如 某某县科技局")
    conf.add_argument("--staff", help="填报人")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run one subcommand; user errors become one line on stderr and exit status 1."""
    try:
        return COMMANDS[args.command](args)
    except TaizhangError as error:
        _say_error(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say_error(messages.text("cli_interrupted"))
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
        while _opened:
            _opened.pop().close()


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


def _say(text: str) -> None:
    print(text, flush=True)


def _say_error(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


_opened: list = []


# Opening for writing fails on a write-protected USB stick; reading need not.
_READ_ONLY_PLACE = ("db_folder_read_only", "db_file_read_only")


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
    _opened.append(db)
    return db


# --- commands ------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    db = _open(args, create=True)
    template = load_template(db)
    activity_type = template.type_by_name(args.type)
    values = {}
    for item in args.field:
        label, sep, value = item.partition("=")
        if not sep:
            raise TaizhangError("bad_field_arg", arg=item)
        f = activity_type.field_by_label(label.strip())
        if f is None:
            raise TaizhangError("unknown_field", type_name=activity_type.name, label=label)
        values[f.id] = value
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
    """``--out`` as typed: ``folder/`` must be a folder (a Path would drop the separator)."""
    if text is None:
        return None
    if text.endswith(("/", os.sep)) and not Path(text).is_dir():
        raise TaizhangError("export_folder_missing", path=text)
    return Path(text)


def cmd_list(args: argparse.Namespace) -> int:
    args.out = _output(args.out)
    period = parse_period(args.period) if args.period else None
    db = _open(args, reading=True)
    template = load_template(db)
    query = activities.ActivityQuery(
        start=period.start if period else None,
        end=period.end if period else None,
        deleted=args.deleted,
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
                _write_list(out, args.format, rows, template)
            os.replace(partial, args.out)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise TaizhangError("export_failed", reason=error) from error
    else:
        _write_list(sys.stdout, args.format, rows, template)
    return EXIT_OK


def _write_list(out: io.TextIOBase, fmt: str, rows, template: Template) -> None:
    labels = _field_columns(template)
    if fmt == "json":
        out.write("[")
        for index, activity in enumerate(rows):
            out.write(",\n" if index else "\n")
            out.write(json.dumps(_as_json(activity, template), ensure_ascii=False))
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
    }


def cmd_import(args: argparse.Namespace) -> int:
    from core import importer  # openpyxl loads only when needed: the window starts faster

    if not args.file.is_file():
        raise TaizhangError("file_missing", path=args.file)
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
    if args.dry_run:
        _say(messages.text("import_dry_run_ok", count=len(plan.activities)))
        return EXIT_OK
    backups.take_backup(db, _db_path(args), "import")
    count = importer.run_import(db, plan)
    _say(messages.text("import_ok", count=count))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from core.export_xlsx import export_ledger, export_warnings  # openpyxl only when needed
    from core.ledger import compute_ledger

    period = parse_period(args.period)
    args.out = _output(args.out)
    db = _open(args, reading=True)
    data = compute_ledger(db, load_template(db), period, made_on=dt.date.today())
    target = args.out or Path.cwd()
    outputs.refuse_database_target(target, protected=[_db_path(args)])
    if target.is_dir():
        target = target / data.file_name
    written = export_ledger(data, target)
    for warning in export_warnings(data):
        _say_error(warning)
    _say(
        messages.text(
            "export_done", period_name=period.name, path=written, records=data.record_count
        )
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    db = _open(args, reading=True)
    problems = database.integrity_problems(db)
    if problems:
        raise TaizhangError("integrity_bad", details="; ".join(problems[:10]))
    # The file alone must be whole: an IT person copies the .db, not its -wal.
    pending = database.wal_pages_not_in_file(db) if db.live else 0
    if pending:
        wal = f"{_db_path(args)}-wal"
        raise TaizhangError("integrity_wal_pending", pages=pending, wal=wal)
    _say(messages.text("integrity_ok"))
    return EXIT_OK


def _db_path(args: argparse.Namespace) -> Path:
    return args.db or default_db_path()


def cmd_backup(args: argparse.Namespace) -> int:
    args.out = _output(args.out)
    db = _open(args)
    if args.out:
        own = [_db_path(args), *(b.path for b in backups.list_backups(_db_path(args)))]
        outputs.refuse_database_target(args.out, protected=own, any_database=False)
        written = database.backup_to(db, args.out)
    else:
        written = backups.take_backup(db, _db_path(args), "manual").path
    _say(messages.text("backup_done", path=written))
    return EXIT_OK


# A file that is sound but not ours to replace: another program's, or a newer Taizhang's.
_NOT_RESTORED_OVER = ("db_foreign", "db_too_new", "db_on_network", "db_in_cloud_folder")


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.backup_file.is_file():
        raise TaizhangError("file_missing", path=args.backup_file)
    path = _db_path(args)
    try:
        db = _open(args)
    except TaizhangError as error:
        if error.key == "db_foreign":
            raise TaizhangError("restore_foreign", path=path) from error
        if error.key in _NOT_RESTORED_OVER:
            raise
        # Damaged, cut short, 0 bytes, its header gone, or missing: moved aside, replaced.
        if args.db is None:
            path.parent.mkdir(parents=True, exist_ok=True)
        saved = backups.restore_over_damaged(path, args.backup_file)
    else:
        saved = backups.restore(db, path, args.backup_file)
        _opened.remove(db)
        db.close()
    bureau_file.open_bureau(path).close()  # an older backup is upgraded now
    _say(messages.text("restore_done", path=args.backup_file, saved=saved.path))
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    for backup in backups.list_backups(_db_path(args)):
        _say(f"{backup.taken:%Y-%m-%d %H:%M:%S}\t{backup.reason_name}\t{backup.path}")
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    db = _open(args, create=True)
    changes = {}
    if args.unit is not None:
        changes[settings.UNIT] = args.unit
    if args.staff is not None:
        changes[settings.STAFF] = args.staff
    if changes:
        settings.set_settings(db, **changes)
    _say(f"填报单位：{settings.get_setting(db, settings.UNIT)}")
    _say(f"填报人：{settings.get_setting(db, settings.STAFF)}")
    return EXIT_OK


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
}

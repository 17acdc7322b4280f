"""The command line of standing indicators and annual targets (issue 11).

main.py indicator set --period 2026Q2 --name 高新技术企业总数 --value 39
main.py indicator list --year 2026 [--format csv|json] [--out FILE]
main.py target set --year 2026 --type 项目立项 --indicator 项数 --value 8
main.py target set --year 2026 --indicator-name 高新技术企业总数 --value 45
main.py target list --year 2026 [--format csv|json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from core import indicators, messages, targets
from core.errors import TaizhangError
from core.periods import QUARTER_NAMES, parse_period
from core.template import Template, load_template, name_key

MONTH_COLUMNS = [f"{m}月" for m in range(1, 13)]
QUARTER_COLUMNS = [f"第{q}季度" for q in QUARTER_NAMES]


def add_parsers(sub) -> None:
    ind = sub.add_parser("indicator", help="统计指标：按月或按季度填报，列出一年的数")
    ind_sub = ind.add_subparsers(dest="figures_command", metavar="命令", required=True)
    put = ind_sub.add_parser("set", help="填报一个月或一个季度的数（--value 为空则清空）")
    put.add_argument("--period", required=True, help="月份 2026-03 或季度 2026Q2")
    put.add_argument("--name", required=True, help="统计指标，如 高新技术企业总数")
    put.add_argument("--value", required=True, help="数值，如 39；空字符串表示未填报")
    show = ind_sub.add_parser("list", help="列出一年里每个统计指标的数")
    show.add_argument("--year", type=int, required=True, help="年份，如 2026")
    show.add_argument("--format", choices=("csv", "json"), default="csv", help="输出格式")

    tgt = sub.add_parser("target", help="年度目标：设定、列出")
    tgt_sub = tgt.add_subparsers(dest="figures_command", metavar="命令", required=True)
    put = tgt_sub.add_parser("set", help="设定汇总表中一行的年度目标（--value 为空则取消）")
    put.add_argument("--year", type=int, required=True, help="年份，如 2026")
    put.add_argument("--type", help="活动类型，如 项目立项")
    put.add_argument("--indicator", help="这个类型在汇总表中的指标，如 项数、争取资金")
    put.add_argument("--indicator-name", help="或一个统计指标，如 高新技术企业总数")
    put.add_argument("--value", required=True, help="目标数值，如 8；空字符串表示取消")
    show = tgt_sub.add_parser("list", help="列出一年的年度目标")
    show.add_argument("--year", type=int, required=True, help="年份，如 2026")
    show.add_argument("--format", choices=("csv", "json"), default="csv", help="输出格式")


def cmd_indicator(args: argparse.Namespace, db) -> None:
    if args.figures_command == "set":
        indicator = indicators.indicator_by_name(db, args.name)
        period = parse_period(args.period)
        value = indicators.parse_value(indicator, args.value)
        indicators.set_value(db, indicator.id, period, value)
        key = "indicator_cleared" if value is None else "indicator_set"
        shown = _number(value) if value is not None else ""
        print(messages.text(key, name=indicator.name, period=period.name, value=shown))
        return
    rows = indicator_rows(db, load_template(db), args.year)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    columns = ["板块", "统计指标", "单位", "汇总方式", "填报方式", *MONTH_COLUMNS,
               *QUARTER_COLUMNS, "全年"]  # fmt: skip
    writer.writerow(columns)
    for row in rows:
        months = [_cell(row["values"].get(f"{args.year}-{m:02d}")) for m in range(1, 13)]
        quarters = [
            _cell(row["values"].get(code, row["quarters_from_months"].get(code)))
            for code in (f"{args.year}Q{q}" for q in range(1, 5))
        ]
        writer.writerow([row["section"], row["name"], row["unit"], row["aggregation"],
                         row["reported_by"], *months, *quarters, _cell(row["year"])])  # fmt: skip


def indicator_rows(db, template: Template, year: int) -> list[dict]:
    """Every indicator with its values of ``year`` (period code → value) and the year's figure."""
    del template  # the sections' names come with the indicators
    return [
        {
            "id": row.indicator.id,
            "section": row.section_name,
            "name": row.indicator.name,
            "unit": row.indicator.unit,
            "aggregation": row.indicator.aggregation_name,
            "reported_by": {"month": "按月", "quarter": "按季度"}.get(row.kind, ""),
            "values": {code: _plain(value) for code, value in row.values.items()},
            # a year by month: each quarter worked out of its months, as its ledger says
            "quarters_from_months": {c: _plain(v) for c, v in row.quarter_figures.items()},
            "year": _plain(row.year_figure),
        }
        for row in indicators.year_table(db, year)
    ]


def cmd_target(args: argparse.Namespace, db) -> None:
    template = load_template(db)
    if args.figures_command == "set":
        key, label = target_row(db, template, args)
        value = targets.parse_target(args.value, label, targets.counts_whole(template, key))
        targets.set_target(db, args.year, key, value)
        message = "target_cleared" if value is None else "target_set"
        print(messages.text(message, year=args.year, row=label, value=_number(value)))
        return
    rows = [
        {"row": _row_label(db, template, key), "key": key, "target": _plain(value)}
        for key, value in sorted(targets.targets_of_year(db, args.year).items())
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["汇总行", "年度目标"])
    for row in rows:
        writer.writerow([row["row"], _cell(row["target"])])


def target_row(db, template: Template, args: argparse.Namespace) -> tuple[str, str]:
    """The key and the name of the 汇总 row the options name."""
    if args.indicator_name and not args.type:
        indicator = indicators.indicator_by_name(db, args.indicator_name)
        return targets.indicator_key(indicator.id), indicator.name
    if not (args.type and args.indicator):
        raise TaizhangError("target_needs_one_row")
    activity_type = template.type_by_name(args.type)
    wanted = name_key(args.indicator)
    rows = type_rows(template, activity_type.id)
    # By the row's name (家数, 家数 其中：新认定), else by what a breakdown row prints
    # (其中：新认定, 新认定) where that names one row.
    found = [(key, label) for key, label, _ in rows if name_key(label) == wanted]
    if not found:
        found = [(key, label) for key, label, short in rows if wanted in map(name_key, short)]
    if len(found) == 1:
        key, label = found[0]
        return key, f"{activity_type.name} {label}"
    if found:  # 其中：国家级 under 项数 and under 争取资金 alike
        raise TaizhangError(
            "ambiguous_target_row", type_name=activity_type.name, indicator=args.indicator,
            rows="、".join(label for _, label in found),
        )  # fmt: skip
    raise TaizhangError(
        "unknown_target_row",
        type_name=activity_type.name,
        indicator=args.indicator,
        rows="、".join(label for _, label, _ in rows),
    )


def type_rows(template: Template, type_id: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """(target key, name, its short names) of every 汇总 row of a type: its count and
    figures (家数, 争取资金), then their breakdowns (家数 其中：新认定, also 其中：新认定 and
    新认定), as the 汇总 prints them."""
    from core.ledger import type_figures

    activity_type = template.type(type_id)
    main, breakdowns = [], []
    parent = ""
    for figure in type_figures("", activity_type):
        if not figure.is_breakdown:
            parent = figure.indicator
            main.append((figure.row_key, figure.indicator, ()))
        else:
            label = f"{parent} {figure.indicator}"
            breakdowns.append((figure.row_key, label, (figure.indicator, figure.option or "")))
    return main + breakdowns


def _row_label(db, template: Template, key: str) -> str:
    kind, _, rest = key.partition(":")
    try:
        if kind == "indicator":
            found = {i.id: i.name for i in indicators.load_indicators(db)}
            return found.get(int(rest), key)
        if kind == "count":
            t = template.type(int(rest))
            return f"{t.name} {t.count_label}"
        if kind == "field" and ":option:" in rest:  # a breakdown of a figure
            field_id, _, option = rest.partition(":option:")
            f = template.fields_by_id[int(field_id)]
            return f"{template.type(f.type_id).name} {f.label} 其中：{option}"
        if kind == "field":
            f = template.fields_by_id[int(rest)]
            return f"{template.type(f.type_id).name} {f.label}"
        if kind == "option":
            type_id, _, option = rest.split(":", 2)
            return f"{template.type(int(type_id)).name} 其中：{option}"
    except (TaizhangError, KeyError, ValueError):
        pass
    return key


def _plain(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _number(value: float | None) -> str:
    plain = _plain(value)
    return "" if plain is None else f"{plain:,}"


def _cell(value: float | None) -> str:
    plain = _plain(value)
    return "" if plain is None else str(plain)


def commands(open_db) -> dict:
    """The subcommands for core/cli.py, each opening the database the usual way."""
    return {
        "indicator": lambda args: _run(cmd_indicator, args, open_db),
        "target": lambda args: _run(cmd_target, args, open_db),
    }


def _run(command, args, open_db) -> int:
    # Setting a value adds data, so it may make a new file; listing only reads.
    if args.figures_command == "set":
        db = open_db(args, create=True)
    else:
        db = open_db(args, reading=True)
    command(args, db)
    return 0

"""Generated activities across a template, for benchmarks, tests and screenshots.

Deterministic for a given seed, so figures can be compared between runs.
"""

from __future__ import annotations

import datetime as dt
import random

from core.activities import Activity
from core.template import Template

PLACES = [
    "县科技馆",
    "城关镇文化广场",
    "青山村村委会",
    "县农业产业园",
    "高新区管委会",
    "县会议中心三楼会议室",
    "石桥乡农技站",
    "县第一中学",
    "湖北某某科技有限公司",
]
TITLES = {
    "default": ["{type}（{place}）", "{month}月{type}", "{place}{type}活动"],
}
PARTNERS = ["", "", "县农业农村局", "县科协", "县教育局", "县应急管理局、县地震局", "市农科院"]
AUDIENCES = ["农民群众", "企业技术人员", "中小学生", "科技特派员", "企业负责人", "机关干部", ""]
NOTES = ["", "", "", "签到表已存档", "照片见共享文件夹", "=SUM(A1:A3) 原样保存", "+86 联系人电话"]


def generate_activities(
    template: Template,
    count: int,
    start: dt.date,
    end: dt.date,
    seed: int = 20260101,
) -> list[Activity]:
    """``count`` plausible activities dated between ``start`` and ``end`` (inclusive)."""
    rng = random.Random(seed)
    types = template.active_types
    days = (end - start).days
    activities = []
    for _ in range(count):
        activity_type = rng.choice(types)
        date = start + dt.timedelta(days=rng.randint(0, days))
        place = rng.choice(PLACES)
        title = rng.choice(TITLES["default"]).format(
            type=activity_type.name, place=place, month=date.month
        )
        values: dict[int, int | float | str] = {}
        for f in activity_type.active_fields:
            if f.id == activity_type.counted_by:
                if rng.random() < 0.75:  # empty counts as one (a record of one expert)
                    values[f.id] = rng.randint(1, 20)
            elif f.kind == "integer":
                values[f.id] = rng.randint(0, 500)
            elif f.kind == "decimal":
                values[f.id] = round(rng.uniform(0, 300), 2)
            elif f.kind == "choice":
                values[f.id] = rng.choice(f.options)
            elif rng.random() < 0.5:
                values[f.id] = rng.choice(AUDIENCES) or "群众"
        activities.append(
            Activity(
                type_id=activity_type.id,
                date=date,
                title=title,
                location=place,
                partners=rng.choice(PARTNERS),
                audience=rng.choice(AUDIENCES),
                notes=rng.choice(NOTES),
                values=values,
            )
        )
    return activities

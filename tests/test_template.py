"""The default template is exactly PRODUCT.md §3 as grown by issue 10 item 4.

Scripts and tests rely on the names; the copy below is written out by hand from the
two documents, never computed from the template file.
"""

import json

import pytest

from core.errors import TaizhangError
from core.resources import resource_path
from core.template import read_template_file

LEVEL = ("国家级", "省级", "市级", "县级")
PUBLICITY = ["展板 块", "咨询 人次", "参与人次 人次", "发放资料 册"]
# section → [(type, count unit, ["label unit" | "label choice" | "label text"])]
PRODUCT_TEMPLATE = {
    "一、科技项目": [
        ("项目申报", "项", ["级别 choice", "申请资金 万元"]),
        ("项目立项", "项", ["级别 choice", "争取资金 万元"]),
    ],
    "二、创新主体培育": [
        ("高新技术企业认定", "家", ["认定类别 choice"]),
        ("科技型中小企业入库", "家", []),
        ("企业辅导培训", "次", ["参加企业 家", "参加人次 人次"]),
    ],
    "三、创新平台建设": [("创新平台认定", "个", ["平台类型 choice", "级别 choice"])],
    "四、产学研合作与成果转化": [
        ("校企对接活动", "场", ["参加企业 家", "参加人数 人", "签约项目 个"]),
        ("座谈会", "场", ["参会人数 人"]),
        ("走访调研", "次", ["走访企业 家"]),
        ("技术难题征集", "项", []),
        ("科技成果转化", "项", ["技术合同成交额 万元"]),
    ],
    "五、知识产权": [
        (
            "专利统计",
            "",
            [
                "专利申请 件",
                "发明专利申请 件",
                "实用新型专利申请 件",
                "外观设计专利申请 件",
                "专利授权 件",
                "发明专利授权 件",
                "实用新型专利授权 件",
                "外观设计专利授权 件",
            ],
        ),  # fmt: skip
        ("知识产权宣传", "次", ["参与人次 人次", "发放资料 册"]),
    ],
    "六、人才与科技特派员": [
        ("科技特派员派驻", "人", ["人数 人", "服务对象 个"]),
        ("人才引进", "人", ["人数 人"]),
    ],
    "七、农业农村科技": [
        ("新品种新技术示范", "项", ["示范面积 亩"]),
        ("农村实用技术培训", "期", ["参训人次 人次", "发放资料 册"]),
    ],
    "八、科普宣传与培训": [
        ("科技培训班", "期", ["参训人次 人次", "发放资料 册"]),
        ("科普讲座", "场", ["听众人次 人次"]),
        ("科技下乡", "次", PUBLICITY),
        ("科技活动周", "次", PUBLICITY),
        ("科普资料发放", "次", ["发放资料 册", "发放对象 text"]),
        ("信息宣传", "", ["报送信息 条", "被采用信息 条"]),
    ],
    "九、防震减灾": [
        ("防震减灾宣传", "次", ["展板 块", "参与人次 人次", "发放资料 册"]),
        ("应急疏散演练", "场", ["参演人数 人"]),
    ],
    "十、机关建设": [("学习会议", "次", ["参加人数 人"])],
    "十一、科技奖励": [("科技奖励", "项", ["级别 choice", "奖励资金 万元"])],
}
# issue 10 item 4: type → (counted by, broken down by)
COUNTING = {
    "项目申报": (None, "级别"),
    "项目立项": (None, "级别"),
    "高新技术企业认定": (None, "认定类别"),
    "创新平台认定": (None, "级别"),
    "科技特派员派驻": ("人数", None),
    "人才引进": ("人数", None),
    "科技奖励": (None, "级别"),
}


def _describe(f):
    if f.kind in ("choice", "text"):
        return f"{f.label} {f.kind}"
    return f"{f.label} {f.unit}"


def test_stored_template_is_product_template(template):
    stored = {
        s.name: [(t.name, t.count_unit, [_describe(f) for f in t.fields]) for t in s.types]
        for s in template.sections
    }
    assert list(stored) == list(PRODUCT_TEMPLATE)
    assert stored == PRODUCT_TEMPLATE


def test_counted_by_and_broken_down_by(template):
    stored = {
        t.name: (
            t.counting_field.label if t.counting_field else None,
            t.breakdown_field.label if t.breakdown_field else None,
        )
        for t in template.types
        if t.counted_by or t.breakdown_by
    }
    assert stored == COUNTING
    assert template.type_by_name("科技奖励").field_by_label("级别").options == LEVEL
    assert template.type_by_name("科技奖励").field_by_label("奖励资金").kind == "decimal"
    assert template.type_by_name("科技特派员派驻").field_by_label("人数").kind == "integer"
    assert template.type_by_name("人才引进").field_by_label("人数").required is False


def test_default_ids_are_the_same_in_every_database(template, tmp_path):
    from core.bureau_file import open_bureau
    from core.template import load_template

    other = open_bureau(tmp_path / "乡镇.db", create=True)
    try:
        theirs = load_template(other)
    finally:
        other.close()
    ours = [(i.uid, getattr(i, "name", None)) for i in template.types]
    assert ours == [(i.uid, i.name) for i in theirs.types]
    uids = [s.uid for s in template.sections] + [t.uid for t in template.types]
    uids += [f.uid for f in template.fields_by_id.values()]
    assert len(set(uids)) == len(uids) and all(uids)


def test_choices_and_kinds(template):
    level = template.type_by_name("项目申报").field_by_label("级别")
    assert level.options == LEVEL
    platform = template.type_by_name("创新平台认定").field_by_label("平台类型")
    assert platform.options[0] == "科技企业孵化器" and platform.options[-1] == "其他"
    assert template.type_by_name("项目申报").field_by_label("申请资金").kind == "decimal"
    assert template.type_by_name("新品种新技术示范").field_by_label("示范面积").kind == "decimal"
    assert template.type_by_name("科技培训班").field_by_label("参训人次").kind == "integer"


def test_count_labels(template):
    assert template.type_by_name("科技培训班").count_label == "期数"
    assert template.type_by_name("科普讲座").count_label == "场次"
    assert template.type_by_name("科技下乡").count_label == "次数"


def test_unknown_type_is_a_clear_error(template):
    with pytest.raises(TaizhangError) as caught:
        template.type_by_name("不存在的类型")
    assert "不存在的类型" in caught.value.zh


def test_type_ids_are_stable_keys(template):
    for t in template.types:
        assert template.type(t.id) is t
        assert template.section_of(t.id).types[t.position - 1] is t


@pytest.mark.parametrize(
    "broken",
    [
        {"sections": [{"name": "A", "types": [{"name": "x"}, {"name": "x"}]}]},
        {
            "sections": [
                {"name": "A", "types": [{"name": "x", "fields": [{"label": "f", "kind": "?"}]}]}
            ]
        },
        {
            "sections": [
                {
                    "name": "A",
                    "types": [{"name": "x", "fields": [{"label": "f", "kind": "choice"}]}],
                }
            ]
        },
        {"nope": 1},
    ],
)
def test_invalid_template_files_are_refused(tmp_path, broken):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(TaizhangError) as caught:
        read_template_file(path)
    assert caught.value.key == "template_invalid"


def test_default_template_file_reads():
    assert len(read_template_file(resource_path("default_template.json"))["sections"]) == 11


def test_lookups_forgive_full_width_and_spaces(template):
    t = template.type_by_name(" 科技培训班\u3000")
    assert t.name == "科技培训班"
    assert t.field_by_label("参训 人次").label == "参训人次"

"""Cell text with ``_xHHHH_`` escapes (ECMA-376 ST_Xstring): read as Excel shows it, written
so that Excel shows what is stored, and our own ledger comes back as the same text."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from core import activities as A
from core.importer import plan_import
from core.ledger import compute_ledger
from core.periods import parse_period
from core.xlsx import LEDGER_CREATOR, export_ledger
from core.xstring import decoded, encoded
from tests import excel_like

HEADER = ["日期", "活动类型", "活动名称", "地点", "参训人次（人次）", "备注"]
DAY = excel_like.Styled(excel_like.serial(dt.date(2026, 3, 5)), 14)


def training(title: object, location: object = "县科技馆", notes: object = None) -> list:
    return [DAY, "科技培训班", title, location, 120, notes]


def planned(path: Path, template) -> list[A.Activity]:
    plan = plan_import(path, template)
    assert plan.ok, [str(e) for e in plan.errors]
    return plan.activities


# What Excel writes in the XML (left) for the text the clerk sees in the cell (right).
AS_EXCEL_WRITES = [
    ("培训_x0001_班", "培训\x01班"),  # a control character XML cannot carry
    ("_x005F_x0041_低温培训", "_x0041_低温培训"),  # the text _x0041_, typed as such
    ("第一行_x000D_\n第二行", "第一行\n第二行"),  # a CR before the LF: one line break
    ("a_x005F_b", "a_b"),  # an escaped underscore on its own
    ("ax005F_b 培训", "ax005F_b 培训"),  # no escape at all: kept as it is
    ("价格_x005f_x00e9_", "价格_x00e9_"),  # hex digits in lower case, as some programs write
    ("表情_xD83D__xDE00_", "表情😀"),  # a character past U+FFFF as its two escaped halves
]


@pytest.mark.parametrize(("written", "shown"), AS_EXCEL_WRITES)
def test_shared_strings_are_read_as_excel_shows_them(tmp_path, template, written, shown):
    path = excel_like.write(tmp_path / "excel.xlsx", [HEADER, training(written)])
    (activity,) = planned(path, template)
    assert activity.title == shown


@pytest.mark.parametrize(("written", "shown"), AS_EXCEL_WRITES)
def test_inline_strings_and_formula_text_are_read_the_same_way(tmp_path, template, written, shown):
    row = training(
        "标题", location=excel_like.Inline(written), notes=excel_like.FormulaText(written)
    )
    path = excel_like.write(tmp_path / "inline.xlsx", [HEADER, row])
    (activity,) = planned(path, template)
    assert (activity.location, activity.notes) == (shown, shown)


def test_every_column_is_decoded_headers_and_type_names_too(tmp_path, template):
    header = ["日期", excel_like.Inline("活动_x7C7B_型"), "活动名称", "参训人次_x0028_人次_x0029_"]
    row = [DAY, "科技_x57F9_训班", "标题", 120]
    (activity,) = planned(excel_like.write(tmp_path / "h.xlsx", [header, row]), template)
    kind = template.type_by_name("科技培训班")
    assert activity.type_id == kind.id
    assert activity.values == {kind.field_by_label("参训人次").id: 120}


def test_a_decoded_control_character_follows_the_rule_of_any_text(tmp_path, template):
    """Kept inside the text (the database holds it whole), trimmed at the ends as any blank."""
    rows = [HEADER, training("_x0009_培训_x0007_班_x000A_", notes="_x000D__x000A_")]
    (activity,) = planned(excel_like.write(tmp_path / "c.xlsx", rows), template)
    assert (activity.title, activity.notes) == ("培训\x07班", "")


def test_a_literal_x005f_in_text_is_not_eaten(tmp_path, template):
    """openpyxl deletes every ``x005F_`` from shared strings, escape or not."""
    rows = [HEADER, training("编号x005F_12", location="_x005F_x005F_")]
    (activity,) = planned(excel_like.write(tmp_path / "x.xlsx", rows), template)
    assert (activity.title, activity.location) == ("编号x005F_12", "_x005F_")


@pytest.mark.parametrize(
    "text", ["_x0041_", "a\x01b", "_x005F_", "__x1234__", "\x00\x1f\ufffe", "普通文本", ""]
)
def test_encoded_text_decodes_to_itself(text):
    written = encoded(text)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", written)
    assert decoded(written) == text


def test_our_ledger_shows_and_brings_back_the_text_as_stored(tmp_path, db, template):
    """A title holding the text _x0041_ and a control character: Excel would show ``A`` for
    an unescaped _x0041_, and XML cannot hold U+0001 at all."""
    kind = template.type_by_name("科技培训班")
    title = "_x0041_低温\x01培训_x005F_"
    draft = {"type_id": kind.id, "date": "2026-03-05", "title": title, "location": "村\x07部"}
    stored = A.add_activity(db, A.validate_activity(template, draft))
    assert stored.title == title
    quarter = parse_period("2026Q1")
    path = export_ledger(compute_ledger(db, template, quarter), tmp_path / "台账.xlsx")

    plan = plan_import(_as_if_saved_elsewhere(path, tmp_path / "再导入.xlsx"), template)

    # The other sections' sheets say 本期无记录, no record: problems of those sheets only.
    assert all(e.sheet != "八、科普宣传与培训" for e in plan.errors)
    (activity,) = plan.activities
    assert (activity.title, activity.location) == (title, "村\x07部")


def _as_if_saved_elsewhere(path: Path, target: Path) -> Path:
    """Our ledger with another program named as its author and its info line reworded: the
    importer refuses our own ledger (its 备注 holds the text fields), by its author or by
    the info line over a sheet, not for the text of its cells."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = data.replace(LEDGER_CREATOR.encode(), b"WPS")
            data = data.replace("填报人：".encode(), "经办人：".encode())
            copy.writestr(info, data)
    return target


def test_the_string_table_holds_the_text_openpyxl_reads_of_each_item():
    """Plain text, formatted runs, a phonetic guide (no text of the cell), empty items."""
    import io

    from openpyxl.cell.text import Text
    from openpyxl.xml.functions import fromstring

    from core.importer import _string_table

    ns = excel_like.MAIN
    items = [
        '<si><t xml:space="preserve"> 春季 </t></si>',
        "<si><r><rPr><b/></rPr><t>粗</t></r><r><t>_x0041_细</t></r></si>",
        '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>',
        "<si><t/></si>",
        "<si/>",
    ]
    xml = f'<sst xmlns="{ns}">{"".join(items)}</sst>'
    expected = [Text.from_tree(fromstring(f'<si xmlns="{ns}"{i[3:]}')).content for i in items]
    assert _string_table(io.BytesIO(xml.encode())) == expected
    assert expected[:3] == [" 春季 ", "粗_x0041_细", "東京"]

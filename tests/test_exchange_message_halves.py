"""The command line's template-mismatch message says each half in its own language
(tester's F6): the inner item's English, “本库没有 (the activity type '…' is not here)”,
stood inside the Chinese sentence, and then again in the English half."""

from __future__ import annotations

import re

import pytest

from core import cli, exchange
from core.bureau_file import open_bureau
from core.errors import TaizhangError
from core.template import load_template
from tests.test_exchange import _add_field, _add_type, _package

# English words (three letters or more): none belongs in the Chinese half.
_ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _two_databases(tmp_path):
    township = open_bureau(tmp_path / "t.db", create=True)
    county = open_bureau(tmp_path / "c.db", create=True)
    _add_type(township, "科普大篷车", [("走访户数", "户")])
    _add_field(township, "科技培训班", "培训人数", "人")
    template = load_template(township)
    from core import activities

    for name, field in (("科普大篷车", "走访户数"), ("科技培训班", "培训人数")):
        kind = template.type_by_name(name)
        draft = {"type_id": kind.id, "date": "2026-05-01", "title": name,
                 "values": {kind.field_by_label(field).id: 12}}  # fmt: skip
        activities.add_activity(township, activities.validate_activity(template, draft))
    package = _package(township, tmp_path / "p.tzpkg")
    township.close()
    return county, package


def test_each_half_of_the_mismatch_message_is_in_its_own_language(tmp_path):
    county, package = _two_databases(tmp_path)
    with pytest.raises(TaizhangError) as caught:
        exchange.preview_import(county, exchange.read_package(package))
    county.close()
    error = caught.value
    assert error.key == "package_template_mismatch"
    assert "科普大篷车" in error.zh and "培训人数" in error.zh and "本库没有" in error.zh
    assert _ENGLISH.search(error.zh) is None, error.zh
    assert "本库" not in error.en and "is not here" in error.en, error.en


def test_the_cli_says_the_chinese_half_wholly_in_chinese(capsys, tmp_path):
    county, package = _two_databases(tmp_path)
    county.close()
    code = cli.main(["--db", str(tmp_path / "c.db"), "exchange", "import", str(package)])
    _, err = capsys.readouterr()
    assert code == 1 and "科普大篷车" in err
    chinese, _, english = err.partition(" (the package's template")
    assert english, err
    assert _ENGLISH.search(chinese) is None, chinese


def test_a_text_in_both_languages_says_itself_as_a_message_does():
    """What the window lists (``template_problems``) once the items are said in both."""
    from core import messages

    item = messages.Both.of("package_missing_type", name="科普大篷车", section="八、科普宣传与培训")
    was = messages.language()
    try:
        messages.set_language("zh")
        assert str(item) == "活动类型“科普大篷车”（八、科普宣传与培训）本库没有"
        messages.set_language("en")
        assert str(item) == "the activity type '科普大篷车' (八、科普宣传与培训) is not here"
        messages.set_language("both")
        assert str(item) == f"{item.zh} ({item.en})"
    finally:
        messages.set_language(was)

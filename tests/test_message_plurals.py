"""The English halves of core's messages count as English does: "1 record", "2 records".

They said "imported 1 records" and "1 backup(s)". A count followed by its noun is written
``{count|record|records}`` in the catalogue and resolved when the message is formatted; the
Chinese halves need no plural and are as they were.
"""

from __future__ import annotations

import re
import string

import pytest

from core import cli, messages
from core.errors import TaizhangError
from core.messages import MESSAGES

PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")
# A bare placeholder followed by one of these is no count of a noun: "{before} to {after}",
# "{added} new, {renamed} renamed", "{size} MB", "{row} is hidden", "{new} of which".
NOT_A_NOUN = {
    "to", "does", "from", "for", "in", "of", "and", "is", "are", "was", "has", "gives", "MB",
    "new", "renamed", "changed", "archived", "restored", "deleted", "refused", "updated",
    "unchanged",
}  # fmt: skip
NOT_A_COUNT = {"year"}  # "the {year} target", "already has {year} values"


def _names(template: str) -> set[str]:
    bare = {name for _, name, _, _ in string.Formatter().parse(PLURAL.sub("", template)) if name}
    return bare | {m.group(1) for m in PLURAL.finditer(template)}


def test_no_english_half_says_a_count_with_s_in_brackets():
    said = {key: en for key, (_zh, en) in MESSAGES.items() if "(s)" in en}
    assert said == {}


def test_every_count_followed_by_its_noun_has_a_plural_form():
    bare = []
    for key, (_zh, en) in MESSAGES.items():
        for match in re.finditer(r"\{(\w+)\} ([A-Za-z]+)", en):
            name, word = match.groups()
            if name not in NOT_A_COUNT and word not in NOT_A_NOUN:
                bare.append((key, f"{{{name}}} {word}"))
    assert bare == []


def test_the_chinese_halves_have_no_plural_forms():
    assert [key for key, (zh, _en) in MESSAGES.items() if PLURAL.search(zh)] == []


def _forms():
    for key, (_zh, en) in MESSAGES.items():
        found = PLURAL.findall(en)
        if found:
            yield key, found


def test_there_are_plural_forms_for_every_kind_of_count():
    keys = dict(_forms())
    assert len(keys) >= 40
    for key in ("import_ok", "export_done", "package_exported", "db_unnumbered_backups"):
        assert key in keys


@pytest.mark.parametrize(("key", "forms"), list(_forms()), ids=[k for k, _ in _forms()])
def test_formatting_picks_the_form_for_one_and_for_two(key, forms):
    zh, en = MESSAGES[key]
    counts = {name for name, _one, _other in forms}
    for number in (1, 2):
        params = {name: "某" for name in _names(zh) | _names(en)}
        params.update(dict.fromkeys(counts, number))
        english = messages.text(key, "en", **params)
        for name, one, other in forms:
            assert f"{number} {one if number == 1 else other}" in english, (name, english)
        assert "|" not in english and "{" not in english
        chinese = messages.text(key, "zh", **params)
        assert chinese == zh.format(**params)  # the Chinese as it was


def test_the_form_follows_the_number_as_shown():
    assert messages.text("import_ok", "en", count=1) == "imported 1 record"
    assert messages.text("import_ok", "en", count=2) == "imported 2 records"
    assert messages.text("import_ok", "en", count=0) == "imported 0 records"
    assert messages.text("import_ok", count=1) == "已导入 1 条记录 (imported 1 record)"
    assert messages.text("owner_records", "en", count="1,204") == "1,204 records"
    error = TaizhangError("import_rejected", count=1)
    assert error.en == "import not done: 1 row has errors, nothing was written"
    assert error.zh == "导入未执行：1 行有误，未写入任何数据"
    said = messages.text("import_more_problems", "en", shown=200, more=1)
    assert said == "these are the first 200 problems; 1 more is not listed"


def test_another_databases_file_is_said_with_its_count_of_records():
    from core import file_owner

    one = file_owner.Owner(unit="某某镇", records=1, database_id="a")
    many = file_owner.Owner(unit="县科技局", records=1204, database_id="b")
    said = file_owner.warning(many, one)
    assert "'某某镇' (1 record)" in said.en and "'县科技局' (1,204 records)" in said.en
    assert "（1 条记录）" in said.zh and "（1,204 条记录）" in said.zh


def test_the_command_line_says_one_record(capsys, tmp_path):
    source = tmp_path / "一条.csv"
    source.write_text("日期,活动类型,活动名称\n2026-03-05,科普讲座,科普进校园\n", encoding="utf-8")
    code = cli.main(["--db", str(tmp_path / "d.db"), "import", str(source)])
    out, _err = capsys.readouterr()
    assert code == 0
    assert "(imported 1 record)" in out

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ValidationError
from core.template import Field
from core.values import (
    MAX_YEAR,
    MIN_YEAR,
    clean_text,
    parse_date,
    parse_field_value,
    parse_number,
    without_zero_width,
)


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-05",
        "2026-3-5",
        "2026/3/5",
        "2026/03/05",
        "2026.3.5",
        "2026年3月5日",
        "2026年3月5号",
        "2026 年 3 月 5 日",
        "２０２６／３／５",
        "２０２６年３月５日",
        "20260305",
        "2026-03-05 00:00:00",
        " 2026-03-05 ",
    ],
)
def test_parse_date_accepts_what_clerks_type(text):
    assert parse_date(text) == dt.date(2026, 3, 5)


def test_parse_date_takes_date_objects():
    assert parse_date(dt.datetime(2026, 3, 5, 14, 30)) == dt.date(2026, 3, 5)
    assert parse_date(dt.date(2026, 3, 5)) == dt.date(2026, 3, 5)


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2026-13-01", "3/5/2026", "去年", "2026-03", "26/3/5", "1800-01-01"]
)
def test_parse_date_refuses_what_is_no_date(text):
    with pytest.raises(ValidationError) as caught:
        parse_date(text)
    assert caught.value.field == "date"
    assert "日期" in caught.value.zh


@pytest.mark.parametrize("text", ["3月5日", "3月5号", "03-05", "3/5", "3.5"])
def test_a_date_without_its_year_is_said_to_lack_it(text):
    """A sheet kept for one year often has 3月5日: it was called no valid date at all."""
    with pytest.raises(ValidationError) as caught:
        parse_date(text)
    assert caught.value.key == "value_date_no_year"
    assert "年份" in caught.value.zh and "2026年3月5日" in caught.value.zh


def test_parse_date_empty_is_required():
    with pytest.raises(ValidationError) as caught:
        parse_date("  ")
    assert caught.value.key == "value_required"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120", 120),
        ("１２０", 120),
        ("1,200", 1200),
        ("1，200", 1200),
        ("12,345,678", 12345678),
        ("300册", 300),
        ("12.0", 12),
        (12.0, 12),
        (7, 7),
        ("0", 0),
    ],
)
def test_parse_integer(text, expected):
    value = parse_number(text, label="发放资料", unit="册")
    assert value == expected and isinstance(value, int)


@pytest.mark.parametrize(
    "text",
    ["12.5", "-3", "abc", "1,2", "约500", "1e3", "nan", True,
     # two figures, or a slip: never glued into one (120300 would be 1000 times too many)
     "120 300", "1 200", "1,2345", "1 2345", "12,34,567", "1,200,30", "1,200 300", ",120"],
)  # fmt: skip
def test_parse_integer_refuses(text):
    with pytest.raises(ValidationError):
        parse_number(text, label="参训人次")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12.5", 12.5), ("１２．５", 12.5), ("1,234.56", 1234.56), ("3万元", 3), (0.1, 0.1)],
)
def test_parse_decimal(text, expected):
    assert parse_number(text, label="申请资金", unit="万元", places=2) == expected


def test_parse_decimal_refuses_three_places():
    with pytest.raises(ValidationError) as caught:
        parse_number("1.234", label="申请资金", places=2)
    assert caught.value.key == "value_not_decimal"


def test_empty_number_is_none():
    assert parse_number("", label="x") is None
    assert parse_number(None, label="x") is None


def test_huge_number_refused():
    with pytest.raises(ValidationError) as caught:
        parse_number("1" * 20, label="x")
    assert caught.value.key == "value_too_large"


def _field(kind, required=False, options=()):
    return Field(1, 1, "级别", "", kind, tuple(options), required, 1)


def test_choice_must_be_an_option():
    f = _field("choice", options=("国家级", "省级"))
    assert parse_field_value(f, " 省级 ") == "省级"
    with pytest.raises(ValidationError) as caught:
        parse_field_value(f, "乡级")
    assert caught.value.field == 1 and "国家级" in caught.value.zh


def test_a_choice_matches_without_zero_width_characters_but_text_keeps_them():
    # Finding 13: pasted text carries U+200B; the option it matches is what is stored.
    f = _field("choice", options=("国家级", "省级"))
    assert parse_field_value(f, "省级\u200b") == "省级"
    assert parse_field_value(f, "\ufeff国\u2060家级") == "国家级"
    assert parse_field_value(_field("text"), "说\u200b明") == "说\u200b明"


def test_the_other_invisible_characters_pasted_text_carries_count_as_absent_too():
    # Direction marks, embeddings and isolates (web pages), the soft hyphen, the word
    # joiner's invisible operators: as unseen as U+200B, so as untypable.
    pasted = "\u200e省\u00ad级\u202a\u202c\u2066\u2069\u2062\u180e\u200f"
    assert without_zero_width(pasted) == "省级"
    assert parse_field_value(_field("choice", options=("国家级", "省级")), pasted) == "省级"


def test_required_field():
    with pytest.raises(ValidationError) as caught:
        parse_field_value(_field("integer", required=True), "")
    assert caught.value.key == "value_required"


def test_clean_text_keeps_control_characters_and_unifies_lines():
    assert clean_text(" a\x00b\x07c\r\nd\te\r") == "a\x00b\x07c\nd\te"


@given(st.integers(min_value=0, max_value=10**11))
def test_integers_round_trip_with_separators(n):
    assert parse_number(f"{n:,}", label="x") == n
    full_width = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(full_width, label="x") == n


@given(st.dates(min_value=dt.date(MIN_YEAR, 1, 1), max_value=dt.date(MAX_YEAR, 12, 31)))
def test_dates_round_trip_in_every_format(date):
    for text in (
        date.isoformat(),
        f"{date.year}/{date.month}/{date.day}",
        f"{date.year}.{date.month}.{date.day}",
        f"{date.year}年{date.month}月{date.day}日",
    ):
        assert parse_date(text) == date


@given(st.text())
def test_clean_text_keeps_every_character_but_surrogates(text):
    cleaned = clean_text(text)
    assert "\r" not in cleaned
    expected = "".join(
        ch
        for ch in text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
        if unicodedata.category(ch) != "Cs"
    ).strip()
    assert cleaned == expected

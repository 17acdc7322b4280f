"""Chinese text in pinyin order: the ``pinyin`` collation on every connection we open.

A clerk expects 安全 before 北京 before 中心, as in a dictionary and in WPS's sort; code
point order puts 中 (U+4E2D) first. The readings come from pypinyin's single-character
table (offline, pure Python, 0.8 MB wheel, maintained): each character's most common
reading with its tone as a digit, then the character itself so that homophones stay
apart and the order is total. Letters and digits keep their own (case-folded) order
among the syllables, so ``A组`` sorts beside 安.

Both are registered on every connection core/db.py opens: the collation ``pinyin``
(``ORDER BY title COLLATE pinyin``) and the function ``pinyin_key(text)``. The list sorts
by the function: SQLite then computes each row's key once and compares the keys in C,
where a collation calls back into Python for every comparison, n·log n times (sorting
100,000 titles: 0.3 s by the key, 1.1 s by the collation). Neither is used in an index or
the schema, so the file stays readable and checkable by any SQLite tool that lacks them.
"""

from __future__ import annotations

import os
import sqlite3

_char_keys: dict[str, str] = {}
_text_keys: dict[str, str] = {}
_TEXT_CACHE = 200_000  # distinct strings remembered; about 40 MB at most
_SEPARATOR = "\x00"  # below every letter: 科 sorts before 科技


def _char_key(char: str) -> str:
    key = _char_keys.get(char)
    if key is None:
        key = _reading(char)
        _char_keys[char] = key
    return key


def _reading(char: str) -> str:
    # Loaded on the first sort, not at start: the table costs ~0.15 s to import. Without
    # its phrase table (words read in context, which a sort key never uses): 13 MB of
    # memory instead of 57 (pypinyin's documented switch, read when it is imported).
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    readings = pinyin_dict.get(ord(char))
    if readings is None:
        return char.casefold()
    first = readings.split(",")[0]
    return convert(first, Style.TONE3, strict=False, neutral_tone_with_five=True) + char


def sort_key(text: str) -> str:
    """A string that compares, as plain text, in pinyin order."""
    key = _text_keys.get(text)
    if key is None:
        key = _SEPARATOR.join(_char_key(c) for c in text)
        if len(_text_keys) >= _TEXT_CACHE:
            _text_keys.clear()
        _text_keys[text] = key
    return key


def compare(a: str, b: str) -> int:
    key_a, key_b = sort_key(a), sort_key(b)
    if key_a == key_b:
        return (a > b) - (a < b)
    return 1 if key_a > key_b else -1


def register(conn: sqlite3.Connection) -> None:
    conn.create_collation("pinyin", compare)
    conn.create_function("pinyin_key", 1, _key_or_none, deterministic=True)


def _key_or_none(text: object) -> str | None:
    return sort_key(text) if isinstance(text, str) else None

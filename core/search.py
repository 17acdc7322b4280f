"""Chinese substring search that stays fast at 100,000 records, whatever the length.

Chinese has no spaces between words, so a search is a substring search. Each
record's searched text is indexed in the FTS5 table ``activity_grams`` as every
character and every pair of neighbouring characters (a bigram index, as search
engines do for CJK text). A term of one or two characters is then one token; a
longer term is all of its pairs. The index only narrows the candidates; a plain
``instr()`` on the record's text keeps the result exact.

A term found in very many records is looked for by reading the records in
display order instead: the first page fills after a few hundred rows, sooner
than the index would list every match. Counting the first few thousand matches
in the index tells which case a term is.
"""

from __future__ import annotations

import re
import sqlite3

from core.values import normalize_text, without_zero_width

# Runs of letters and digits: what FTS5's unicode61 tokenizer keeps as one token.
_WORD_RUNS = re.compile(r"[^\W_]+")
# Above this many records holding a token, reading in display order is the faster way.
COMMON = 3000


def search_key(text: str) -> str:
    """What a search compares, of a record's text and of the typed terms alike: full-width
    forms made ordinary, lower-cased, and without the zero-width characters that pasted
    text carries (a clerk sees 零宽 in 零\u200b宽, so 零宽 must find it)."""
    return normalize_text(without_zero_width(text)).lower()


def grams(text: str) -> str:
    """The tokens indexed for ``text`` (a ``search_key``)."""
    tokens: list[str] = []
    for word in _WORD_RUNS.findall(text):
        tokens.extend(word)
        tokens.extend(map(str.__add__, word, word[1:]))  # its pairs, without slicing
    return " ".join(tokens)


def _term_tokens(term: str) -> list[str] | None:
    """The tokens every record holding ``term`` has; None if the index cannot tell."""
    if not _WORD_RUNS.fullmatch(term):
        return None  # punctuation inside: the tokenizer splits there
    if len(term) <= 2:
        return [term]
    return sorted({term[i : i + 2] for i in range(len(term) - 1)})


def term_condition(conn: sqlite3.Connection, term: str) -> tuple[str, list]:
    """A WHERE condition on ``activities`` for records whose text holds ``term``."""
    exact = "instr(search_text, ?) > 0"
    tokens = _term_tokens(term)
    if tokens is None:
        return exact, [term]
    counts = [_records_with(conn, token) for token in tokens]
    if min(counts) == 0:
        return "0", []  # some part of the term is in no record at all
    if min(counts) > COMMON:
        return exact, [term]
    match = " AND ".join(f'"{token}"' for token in tokens)
    return (
        f"seq IN (SELECT rowid FROM activity_grams WHERE activity_grams MATCH ?) AND {exact}",
        [match, term],
    )


def _records_with(conn: sqlite3.Connection, token: str) -> int:
    """How many records hold ``token``, counted up to just past ``COMMON`` (that is enough,
    and stopping there keeps this under 2 ms even for a token in every record)."""
    return conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM activity_grams WHERE activity_grams MATCH ? LIMIT ?)",
        (f'"{token}"', COMMON + 1),
    ).fetchone()[0]

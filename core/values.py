"""What people type, made into values: dates, numbers, choices, text.

Clerks type full-width digits (１２０), thousands separators (1,200 / 1，200),
dates as 2026/3/5, 2026.3.5 or 2026年3月5日, and sometimes the unit after the
number (300册). Everything here accepts those and explains what it refuses.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from core.errors import ValidationError
from core.template import Field

MAX_NUMBER = Decimal("1e12")  # far above any real figure; catches typos like pasted ids
# The years a record's date may have: the years a period can reach (core/periods.py,
# the period bar's year box), so every record can be listed and exported. 1900 is left
# out: a date cell left as 0 or 1 in a workbook is Excel's 1900-01-00/01, a slip.
MIN_YEAR, MAX_YEAR = 1901, 2999

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# A month and a day without the year (3月5日, 3/5): said as such, not as no date at all.
_NO_YEAR = re.compile(r"^(\d{1,2})\s*(?:月\s*(\d{1,2})\s*[日号]?|[-/.]\s*(\d{1,2}))$")
# A time of day that spreadsheets append to dates: "2026-03-05 00:00:00".
_TRAILING_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_PLAIN_INTEGER = re.compile(r"\d{1,12}\Z", re.ASCII)
_SURROGATES = re.compile("[\ud800-\udfff]")
# Thousands grouped by commas as Excel and WPS show them (1,200 / 12,345,678.5): a lead
# of one to three digits, then groups of exactly three. Anything else with a comma or a
# space between digits ("120 300", "1,2345") may be two figures or a slip, so is refused.
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?\Z")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")  # fullmatch: what Decimal is given


# Characters that show nothing and that text pasted from web pages and WeChat carries:
# zero-width space, non-joiner, joiner, word joiner, a BOM inside the text, and their
# kin: the soft hyphen, the Mongolian vowel separator, the direction marks, embeddings
# and isolates, the invisible operators. A clerk cannot see them, so cannot type them.
ZERO_WIDTH = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")  # ten times faster than str.translate


def without_zero_width(text: str) -> str:
    """``text`` without the characters above: for matching names and searching, never
    for storing."""
    return text if text.isascii() else _ZERO_WIDTH.sub("", text)


def has_zero_width(text: str) -> bool:
    return not text.isascii() and _ZERO_WIDTH.search(text) is not None


def normalize_text(text: str) -> str:
    """Full-width letters, digits and punctuation → their ordinary forms, trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_date(value: object, label: str = "日期", field: object = "date") -> dt.date:
    """A real calendar date from a date, a datetime or typed text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _check_year(value, label, field)
    if isinstance(value, str) and _ISO_DATE.match(value):  # the usual form, read fast
        try:
            return _check_year(dt.date.fromisoformat(value), label, field)
        except ValueError:
            raise ValidationError("value_not_date", field=field, label=label, value=value) from None
    text = normalize_text(str(value or "")).replace("。", ".")
    if not text:
        raise ValidationError("value_required", field=field, label=label)
    text = _TRAILING_TIME.sub("", text).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                year, month, day = (int(g) for g in match.groups())
                return _check_year(dt.date(year, month, day), label, field)
            except ValueError:
                break
    if _NO_YEAR.match(text):
        raise ValidationError("value_date_no_year", field=field, label=label, value=value)
    raise ValidationError("value_not_date", field=field, label=label, value=value)


def _check_year(date: dt.date, label: str, field: object) -> dt.date:
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise ValidationError(
            "date_out_of_range", field=field, label=label, value=date, first=MIN_YEAR, last=MAX_YEAR
        )
    return date


def parse_number(
    value: object, *, label: str, unit: str = "", places: int = 0, field: object = None
) -> int | float | None:
    """A number ≥ 0 with at most ``places`` decimals; ``None`` for empty input.

    Integers come back as ``int``, decimals as ``float`` rounded to ``places``.
    """
    if isinstance(value, str) and _PLAIN_INTEGER.match(value):  # the usual form, read fast
        number = int(value)
        if number < MAX_NUMBER:
            return number if places == 0 else float(number)
    error_key = "value_not_integer" if places == 0 else "value_not_decimal"
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValidationError(error_key, field=field, label=label, value=value)
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        number = _decimal_from_text(str(value), unit, label, error_key, field)
        if number is None:
            return None
    if not number.is_finite():
        raise ValidationError(error_key, field=field, label=label, value=value)
    if number < 0:
        raise ValidationError("value_negative", field=field, label=label)
    if number >= MAX_NUMBER:
        raise ValidationError("value_too_large", field=field, label=label, value=value)
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(error_key, field=field, label=label, value=value)
    return int(number) if places == 0 else round(float(number), places)


def _decimal_from_text(
    text: str, unit: str, label: str, error_key: str, field: object
) -> Decimal | None:
    cleaned = normalize_text(text).replace("，", ",").replace("。", ".")
    if not cleaned:
        return None
    if unit and cleaned.endswith(unit):
        cleaned = cleaned[: -len(unit)].strip()
    if "," in cleaned and _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.fullmatch(cleaned):
        raise ValidationError(error_key, field=field, label=label, value=text)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(error_key, field=field, label=label, value=text) from None


def parse_field_value(f: Field, value: object) -> int | float | str | None:
    """The stored value of one template field, or ``None`` when left empty."""
    if f.kind == "integer":
        result = parse_number(value, label=f.label, unit=f.unit, field=f.id)
    elif f.kind == "decimal":
        result = parse_number(value, label=f.label, unit=f.unit, places=2, field=f.id)
    else:
        text = "" if value is None else clean_text(str(value))
        if f.kind == "choice" and text:
            text = normalize_text(text)
            if text not in f.options:  # the option, if only invisible characters differ
                text = without_zero_width(text)
            if text not in f.options:
                raise ValidationError(
                    "value_not_choice",
                    field=f.id,
                    label=f.label,
                    options="、".join(f.options),
                    value=text,
                )
        result = text or None
    if result is None and f.required:
        raise ValidationError("value_required", field=f.id, label=f.label)
    return result


def clean_text(text: str) -> str:
    """Trim text, make every line break a ``\\n`` (also the Unicode line and paragraph
    separators, which a text box cannot give back as they were) and drop lone surrogates.

    Other control characters are kept: the database holds what was typed or
    pasted, whole; the export says where a workbook cannot show it.
    Lone surrogates are no text at all (they cannot even be stored as UTF-8).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text.strip()
    if "\u2028" in text or "\u2029" in text:  # pasted from web pages and Word
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    try:
        text.encode("utf-8")  # fails only on a lone surrogate: cheaper than a search
    except UnicodeEncodeError:
        return _SURROGATES.sub("", text).strip()
    return text.strip()

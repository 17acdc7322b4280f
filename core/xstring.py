"""The ``_xHHHH_`` escapes of cell text in an .xlsx (ECMA-376 Part 1, 22.9.2.19 ST_Xstring).

XML 1.0 cannot carry most control characters, so a workbook writes a character as
``_x`` + four hex digits + ``_`` (U+0001 is ``_x0001_``, a carriage return often
``_x000D_``), and text that merely looks like an escape gets its underscore escaped:
the clerk's ``_x0041_`` is written ``_x005F_x0041_``. Excel, WPS and LibreOffice read the
escapes in every text of a cell: the shared strings, inline strings and a formula's
cached text.

openpyxl reads none of them but one, and that one wrongly: it deletes every ``x005F_``
from the shared strings (``_x0001_`` stays as typed, ``ax005F_b`` becomes ``ab``), and it
writes text as it is (a title ``_x0041_`` is shown by Excel as ``A``). ``decoded`` and
``encoded`` are the two directions, for the importer and our workbook writers.
(``openpyxl.utils.escape`` is no help: it escapes U+0001–U+0019 only, tabs and line
breaks among them, which Office does not escape, and leaves an escape-like text as it is.)
A tab and a line break are written as themselves, as Excel does (MS-OI29500 2.1.1747).
"""

from __future__ import annotations

import re

# Hex digits in either case: Excel writes upper case, other programs do not always.
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile("[\ud800-\udfff]")
# What XML 1.0 cannot carry and so is written as an escape; a tab, LF and CR are carried
# as themselves. U+FFFE and U+FFFF are no characters of XML either.
_UNWRITABLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
# An escape-like text (to protect) or a character XML cannot carry (to escape).
_TO_ENCODE = re.compile(rf"(?=_x[0-9A-Fa-f]{{4}}_)_|{_UNWRITABLE}")


def decoded(text: str) -> str:
    """The text a cell shows for ``text`` as the file holds it: every escape made the
    character it names, once (``_x005F_x0041_`` is the text ``_x0041_``). An escaped half
    of a UTF-16 pair without its other half is no character, and is left out (it could
    be neither stored nor written)."""
    if "_x" not in text:  # nearly every cell: one scan, no regular expression
        return text
    result = _ESCAPE.sub(_character, text)
    if _SURROGATE.search(result) is not None:
        # A character past U+FFFF may be written as its two UTF-16 halves, each escaped.
        result = result.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        result = _SURROGATE.sub("", result)
    return result


def _character(match: re.Match) -> str:
    return chr(int(match[1], 16))


def encoded(text: str) -> str:
    """``text`` as a cell's XML holds it, so that Excel (and ``decoded``) shows it as it is:
    an underscore that would start an escape is escaped itself (``_x005F_``), and each
    character XML cannot carry becomes its escape. Lone surrogates, which no text file
    can hold, are left out."""
    if "_x" not in text and text.isprintable():  # nearly every cell
        return text
    if _SURROGATE.search(text) is not None:
        text = _SURROGATE.sub("", text)
    return _TO_ENCODE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    return f"_x{ord(match[0]):04X}_"

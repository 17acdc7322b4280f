"""Workbooks written the way Excel, WPS and LibreOffice write them, not as openpyxl does.

openpyxl writes text as inline strings and dates with a format code of its own, so a test
that only reads openpyxl's files never sees what a clerk's workbook holds: text in the
shared-strings table (``t="s"``), dates as serial numbers styled by a *built-in* format id
with no format code in the file (ids 27–36 and 50–58 are the 年月日 formats a Chinese
Excel writes by default), merged ranges and hidden rows. ``write`` makes such a file.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class Styled:
    """A number shown through a built-in format id (14 = yyyy/m/d, 31 = yyyy年m月d日…)."""

    value: float
    format_id: int


@dataclass(frozen=True)
class Formatted:
    """A number shown through a format code of the file's own (``000``, ``0.0%``), as
    Excel writes it: a ``<numFmt>`` with an id from 164 up."""

    value: float
    code: str


@dataclass(frozen=True)
class FormulaError:
    """A formula whose saved result is an error (#N/A, #DIV/0!)."""

    error: str
    formula: str = "VLOOKUP(A1,B:C,2,0)"


@dataclass(frozen=True)
class Inline:
    """Text written in the cell itself (``t="inlineStr"``), as some programs write it.

    Text of any kind goes into the XML as given (only XML-escaped): to write what Excel
    writes for a control character, give its ``_xHHHH_`` escape.
    """

    text: str


@dataclass(frozen=True)
class FormulaText:
    """A formula whose saved result is text (``t="str"``): =A1&"…", =VLOOKUP(…)."""

    text: str
    formula: str = 'A1&""'


def serial(day: dt.date) -> int:
    return (day - EPOCH).days


def write(
    path: Path,
    rows: list[list[object]],
    *,
    merges: tuple[str, ...] = (),
    hidden_rows: tuple[int, ...] = (),
) -> Path:
    """``rows`` of str (a shared string, written as given: escapes and all), int, float,
    None, ``Styled``, ``Formatted``, ``FormulaError``, ``Inline`` or ``FormulaText``;
    merges as "F2:F3"; ``hidden_rows`` by their numbers, as Excel hides (or filters) them."""
    strings: list[str] = []
    string_index: dict[str, int] = {}
    codes = sorted({c.code for r in rows for c in r if isinstance(c, Formatted)})
    code_ids = {code: 164 + n for n, code in enumerate(codes)}
    format_ids = sorted(
        {c.format_id for r in rows for c in r if isinstance(c, Styled)} | set(code_ids.values())
    )
    style_of = {fid: n + 1 for n, fid in enumerate(format_ids)}  # xf 0 is the default

    def cell_xml(ref: str, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, Styled):
            return f'<c r="{ref}" s="{style_of[value.format_id]}"><v>{value.value}</v></c>'
        if isinstance(value, Formatted):
            style = style_of[code_ids[value.code]]
            return f'<c r="{ref}" s="{style}"><v>{value.value}</v></c>'
        if isinstance(value, FormulaError):
            return (
                f'<c r="{ref}" t="e"><f>{escape(value.formula)}</f><v>{escape(value.error)}</v></c>'
            )
        if isinstance(value, Inline):
            space = ' xml:space="preserve"'
            return f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(value.text)}</t></is></c>'
        if isinstance(value, FormulaText):
            formula, text = escape(value.formula), escape(value.text)
            return f'<c r="{ref}" t="str"><f>{formula}</f><v>{text}</v></c>'
        if isinstance(value, (int, float)):
            return f'<c r="{ref}" t="n"><v>{value}</v></c>'
        text = str(value)
        if text not in string_index:
            string_index[text] = len(strings)
            strings.append(text)
        return f'<c r="{ref}" t="s"><v>{string_index[text]}</v></c>'

    body = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            cell_xml(f"{get_column_letter(col)}{number}", value)
            for col, value in enumerate(row, start=1)
        )
        hidden = ' hidden="1"' if number in hidden_rows else ""
        body.append(f'<row r="{number}"{hidden}>{cells}</row>')
    merged = ""
    if merges:
        refs = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        merged = f'<mergeCells count="{len(merges)}">{refs}</mergeCells>'
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
        f"<sheetData>{''.join(body)}</sheetData>{merged}</worksheet>"
    )
    shared = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' + "".join(
        f'<xf numFmtId="{fid}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for fid in format_ids
    )
    num_fmts = ""
    if codes:
        num_fmts = (
            f'<numFmts count="{len(codes)}">'
            + "".join(
                f'<numFmt numFmtId="{fid}" formatCode="{escape(code, {chr(34): "&quot;"})}"/>'
                for code, fid in code_ids.items()
            )
            + "</numFmts>"
        )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
        f"{num_fmts}"
        '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(format_ids) + 1}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
CONTENT_TYPES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{PKG}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}/'
    f'relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
    f'xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}/'
    f'relationships"><Relationship Id="rId1" Type="{REL}/worksheet" '
    f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/styles" '
    f'Target="styles.xml"/><Relationship Id="rId3" Type="{REL}/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)

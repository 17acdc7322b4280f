"""The ledger with its evidence: a zip beside the workbook holding the workbook, one folder
per section and one sub-folder per record with evidence (``序号-日期-活动名称``, the 序号 of
its row in the section sheet), with its files — what an inspector asks for.

Folder and file names come from the records and from the names users gave their files:
characters no file system takes become their full-width forms, and nothing can climb out
of its folder. Files are copied from the store in chunks (bounded memory); the zip is
written beside the target and moved into place when whole.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import unicodedata
import zipfile
from pathlib import Path

import sqlite_utils

from core import attachments, outputs
from core.ledger import Ledger
from core.xlsx import sheet_names

SUFFIX = "-佐证材料.zip"
MAX_PART = 60  # characters of a title in a folder name: paths stay short on Windows
_SAFE = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in '/\\:*?"<>|'})


def evidence_zip_path(workbook: Path) -> Path:
    return workbook.with_name(workbook.stem + SUFFIX)


def safe_part(text: str, limit: int = MAX_PART) -> str:
    """One path component from any text: no separators, no control characters, not ``..``."""
    text = "".join(c for c in str(text) if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    text = text.translate(_SAFE).strip().strip(".")[:limit].strip()
    return text or "未命名"


def record_folder(number: int, date: str, title: str) -> str:
    return safe_part(f"{number}-{date}-{title}", MAX_PART + 20)


def export_evidence(
    db: sqlite_utils.Database, ledger: Ledger, workbook: Path, warnings: list | None = None
) -> tuple[Path, int]:
    """Write ``<workbook>-佐证材料.zip`` beside ``workbook``; returns it and how many files.

    A file gone from the store (the database copied without its folder) is left out and
    named in ``warnings``: the workbook is written already, and the rest of the evidence
    is still worth handing in."""
    workbook = Path(workbook)
    target = evidence_zip_path(workbook)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    count = 0
    exported = _zip_time(dt.datetime.now())
    try:
        with zipfile.ZipFile(partial, "x", zipfile.ZIP_STORED, allowZip64=True) as archive:
            archive.write(workbook, workbook.name)
            names = sheet_names(s.name for s in ledger.sections)
            for folder, section in zip(names, ledger.sections, strict=True):
                archive.writestr(zipfile.ZipInfo(f"{folder}/", exported), b"")
                files = attachments.attachments_of(db, [r.id for r in section.records])
                for number, record in enumerate(section.records, 1):
                    found = files.get(record.id, [])
                    if not found:
                        continue
                    sub = record_folder(number, record.date.isoformat(), record.title)
                    used: set[str] = set()
                    for a in found:
                        if not _stored_at(db, a).is_file():
                            if warnings is not None:
                                warnings.append(_missing(db, a, record))
                            continue
                        name = _unique(safe_part(a.name, 120), used)
                        entry = zipfile.ZipInfo(f"{folder}/{sub}/{name}", _attached(a, exported))
                        with (
                            open(attachments.file_of(db, a), "rb") as source,
                            archive.open(entry, "w", force_zip64=True) as out,
                        ):
                            shutil.copyfileobj(source, out, attachments.CHUNK)
                        count += 1
        os.replace(partial, target)
    except OSError as error:
        raise outputs.write_error(error, target) from error
    finally:
        outputs.remove_quietly(partial)
    return target, count


def _attached(attachment, otherwise: tuple) -> tuple:
    """A file's date in the zip: when it was attached (a ZipInfo's own is 1980-01-01, and
    Explorer showed every photo as taken in 1980). The file's time before it was attached
    is not kept; the time attached is the same here and wherever a package took it."""
    try:
        when = dt.datetime.fromisoformat(attachment.added_at)
    except (TypeError, ValueError):
        return otherwise
    if when.tzinfo is not None:  # zip times are local times
        when = when.astimezone().replace(tzinfo=None)
    return _zip_time(when)


def _zip_time(when: dt.datetime) -> tuple:
    """A zip's date and time: 1980 to 2107, to the second."""
    low, high = dt.datetime(1980, 1, 1), dt.datetime(2107, 12, 31, 23, 59, 58)
    return min(max(when, low), high).timetuple()[:6]


def _stored_at(db, attachment) -> Path:
    return attachments.blob_path(attachments.store_dir(db), attachment.sha256)


def _missing(db, attachment, record) -> str:
    from core import messages

    return messages.text(
        "evidence_file_left_out", name=attachment.name, date=record.date.isoformat(),
        title=record.title, path=_stored_at(db, attachment),
    )  # fmt: skip


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 2
    stem, dot, suffix = name.rpartition(".")
    while candidate.casefold() in used:
        candidate = f"{stem}({n}).{suffix}" if dot else f"{name}({n})"
        n += 1
    used.add(candidate.casefold())
    return candidate

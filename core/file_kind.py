"""What kind of file another program made, by its first bytes: before a restore puts a
backup in place of a file that is not a healthy database of ours.

A restore may replace a damaged file of ours (issue 9, finding 4), never a clerk's
workbook named by mistake in ``--db 台账.xlsx``: that one would survive only as a
``…_damaged_….db`` in the backups folder. What a file's first bytes say is sure;
our files are SQLite files and end in ``.db``.
"""

from __future__ import annotations

from pathlib import Path

from core import messages
from core.errors import TaizhangError

OUR_SUFFIX = ".db"

# First bytes of the documents found beside a database in an office, and what they are;
# none shorter than three bytes, which a damaged file of ours might begin with by chance.
SIGNATURES: tuple[tuple[bytes, tuple[str, str]], ...] = (
    (b"PK\x03\x04", ("Excel/WPS 工作簿、Word 文档或压缩包", "a workbook, document or zip")),
    (b"PK\x05\x06", ("压缩包", "a zip")),
    (b"\x1f\x8b\x08", ("压缩包", "an archive")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ("旧版 Office 文档", "an old Office document")),
    (b"%PDF", ("PDF 文档", "a PDF document")),
    (b"{\\rtf", ("RTF 文档", "an RTF document")),
    (b"\x89PNG", ("图片", "a picture")),
    (b"\xff\xd8\xff", ("图片", "a picture")),
    (b"GIF8", ("图片", "a picture")),
    (b"Rar!", ("压缩包", "an archive")),
    (b"7z\xbc\xaf\x27\x1c", ("压缩包", "an archive")),
    (b"\x7fELF", ("程序", "a program")),
    (b"\xef\xbb\xbf", ("文本文件", "a text file")),
)


def foreign_kind(path: str | Path) -> messages.Both | None:
    """What the file is, if its first bytes say it is another program's; None if they do
    not (an SQLite file, a damaged one, a missing one)."""
    try:
        with open(path, "rb") as file:
            start = file.read(16)
    except OSError:
        return None
    for signature, (zh, en) in SIGNATURES:
        if start.startswith(signature):
            return messages.Both(zh, en)
    return None


# What a file named so is, when its first bytes agree (a zip: PK): said by name.
_BY_SUFFIX = {".xlsx": "kind_workbook", ".xlsm": "kind_workbook"}
PACKAGE_SUFFIX = ".tzpkg"  # exchange.SUFFIX (core/exchange.py imports far more than this)


def is_package(path: str | Path) -> bool:
    """An exchange package by name and first bytes (a zip)."""
    return Path(path).suffix.lower() == PACKAGE_SUFFIX and _start(path).startswith(b"PK")


def kind_of(path: str | Path) -> messages.Both | None:
    """What another program's file is, as exactly as its name and first bytes say."""
    kind = foreign_kind(path)
    key = _BY_SUFFIX.get(Path(path).suffix.lower())
    if kind is not None and key and _start(path).startswith(b"PK"):
        return messages.Both.of(key)
    return kind


def _start(path: str | Path) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read(16)
    except OSError:
        return b""


def has_our_suffix(path: str | Path) -> bool:
    return Path(path).suffix.lower() == OUR_SUFFIX


def refuse_to_replace(path: str | Path) -> None:
    """Raise ``restore_not_ours`` if the file at ``path`` is clearly another program's."""
    kind = foreign_kind(path)
    if kind is not None:
        raise TaizhangError("restore_not_ours", path=path, kind=kind)


def refuse_a_stranger(path: str | Path) -> None:
    """A file that is neither a database nor known to be ours (no backup of ours points
    to it, it is not the default file) is replaced only if it bears our name, ``.db``."""
    refuse_to_replace(path)
    if Path(path).exists() and not has_our_suffix(path):
        kind = messages.Both.of("file_not_named_db")
        raise TaizhangError("restore_not_ours", path=path, kind=kind)

"""Exchange packages (.tzpkg): records, their history and attachments, from one database
to another, offline (a USB stick, a message attachment).

A package is a zip: ``manifest.json`` (format and version, the sender's identity, the
template's ids and names, the SHA-256 of the records and every file's size),
``records.jsonl`` (one record a line, with its source, revisions, attachments and history)
and ``files/<sha256>`` (the attachments' content). Opening one checks all of it; anything
damaged, truncated, newer or not ours is refused before anything is written.

Records and their history name types and fields by the sender's integer ids, which are
local to its file: a township that added a type before taking the county's template
workbook has other integer ids for the same items. The manifest's template lists every
type and field of the sender with its stable ``uid`` (the workbook's 编号); the importer
maps the sender's ids through the uids to its own (``template_map``) before anything
else looks at a record. A uid we do not have is reported by name and nothing is
imported. Packages of format 1 (before the uids travelled) are still read, matched by
the old rule: the same integer id under the same name.

Merging (``core/revisions.py``): records match by id. A new id is added; a record changed
only on the sender's side is updated; one changed on both sides since they last matched
is a conflict: the newer change is kept and the other written into the history. A
deletion travels as a deletion (to the recycle bin). The same package twice changes
nothing, and packages give the same result in any order.

A record's 填报单位 and 填报人 are its own database's to say, whichever side's content a
merge keeps: each record travels with the number of that database's word on its name
(``source.name_seq``), and the higher number wins (``core/unit_names.py``). Packages made
before the number travelled read as number 0.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
import os
import re
import secrets
import shutil
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlite_utils

from core import (
    activities,
    attachments,
    history,
    identity,
    messages,
    outputs,
    revisions,
    settings,
    touch,
    unit_names,
)
from core.activities import Activity
from core.errors import TaizhangError
from core.periods import Period
from core.template import KIND_NAMES, Template, load_template, name_key
from core.values import MAX_YEAR, MIN_YEAR
from core.version import __version__

FORMAT = "taizhang-exchange"
FORMAT_VERSION = 2  # 2: the template's uids travel (1: integer ids and names only)
SUFFIX = ".tzpkg"
MANIFEST = "manifest.json"
RECORDS = "records.jsonl"
FILES = "files/"
LAST_SENT = "exchange_last_sent"  # settings: when the last complete package was made
# settings: the greatest stamp (``core/touch.py``) in the file when the last complete package
# was made: "the changes since the last package" are the records stamped after it. Never
# the clock's time, which may have been 2030 that day.
SENT_THROUGH = "exchange_sent_through"

# Bounds on what is read from a package (a zip bomb is refused, memory stays bounded).
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_RECORDS_BYTES = 1024 * 1024 * 1024
# One record's line (content and whole history): the export refuses a longer one by name,
# so that the program never makes a package it then refuses.
MAX_RECORD_LINE = 128 * 1024 * 1024
_MEMBER = re.compile(r"^(manifest\.json|records\.jsonl|files/[0-9a-f]{64})$")
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # members carry no clock time: the same data, the same bytes
# What a killed export leaves beside its target (``export_package``'s temporary).
_PARTIAL = re.compile(r"\..+\.tzpkg\.[0-9a-f]{8}\.partial")

Progress = Callable[[int, int], None]


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


# --- export ------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    path: Path
    records: int
    files: int
    # Attachments whose file is gone from our store: left out, each said by record and name.
    missing: tuple[str, ...] = ()
    in_bin: int = 0  # of the records, those in the recycle bin (a deletion travels too)


def export_package(
    db: sqlite_utils.Database,
    target: str | Path,
    *,
    since: dt.date | None = None,
    everything: bool = False,
    period: Period | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write a package of the records changed here since the last complete package (or
    since ``since``, or all of them), optionally only those dated in ``period``.

    Written beside ``target`` and moved into place when whole. A complete package (no
    ``since``, no ``period``) is remembered as sent.
    """
    target = Path(target).absolute()
    if target.is_dir():
        raise TaizhangError("output_is_folder", path=target)
    # Never over a database: this one, its -wal or -shm, another office's, a backup; nor
    # into a folder that is not there.
    outputs.refuse_database_target(target, protected=[attachments.database_file(db.conn)])
    _clean_debris_beside(target)
    started = _now()
    # First the greatest stamp, then the records: one saved in between is stamped after
    # it, so it goes in the next package too (whether or not this one took it).
    (greatest,) = db.conn.execute("SELECT max(touched_at) FROM activities").fetchone()
    changed_since = None
    if since is not None:
        changed_since = (">=", since.isoformat())
    elif not everything:
        changed_since = _unsent(db, started)
    seqs = _selected(db, changed_since, period)
    if changed_since is not None:
        # Over one of our packages, perhaps never delivered: what it held goes too.
        seqs = sorted(set(seqs) | set(_seqs_of(db, _records_in_our_package(db, target))))
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    missing: list[str] = []
    in_bin: list[str] = []
    try:
        with zipfile.ZipFile(partial, "x", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            records_sha, records_bytes, files = _write_records(
                db, archive, seqs, progress, missing, in_bin
            )
            store = attachments.store_dir(db)
            for sha in sorted(files):
                _write_file(archive, attachments.blob_path(store, sha), sha)
            manifest = _manifest(db, len(seqs), records_sha, records_bytes, files)
            archive.writestr(_info(MANIFEST), json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, target)
    except OSError as error:
        raise outputs.write_error(error, target) from error
    finally:
        outputs.remove_quietly(partial)
    if since is None and period is None:
        # Every record is now in a package: this one's, or an earlier one's.
        settings.set_settings(db, **{LAST_SENT: started, SENT_THROUGH: greatest or _NOTHING})
    return ExportResult(target, len(seqs), len(files), tuple(missing), len(in_bin))


def _clean_debris_beside(target: Path) -> None:
    """What killed exports left in the target's folder: any package's temporary (our
    ``.<name>.tzpkg.<hex>.partial``), and this target's under any name, once stale."""
    outputs.clean_stale(target.parent, _PARTIAL)
    own = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{8}}\.partial")
    outputs.clean_stale(target.parent, own)


def _attachment_named(item: dict, attachment: dict) -> str:
    from core import messages

    content = item["content"]
    return messages.text("attachment_named", "zh", title=content.get("title", ""),
                         date=content.get("date", ""), name=attachment["name"])  # fmt: skip


def last_sent(db: sqlite_utils.Database) -> str:
    """When the last complete package was made here ('' if none), by the clock of that
    day: for the clerk to read. What it held is told by ``SENT_THROUGH``, not by this."""
    return settings.get_setting(db, LAST_SENT) or ""


_NAME_SAFE = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in '/\\:*?"<>|'})


def package_file_name(unit_name: str, staff_name: str, day: dt.date) -> str:
    """胡集镇-李四-2026-04-01.tzpkg: who sent it and when, as a file name any disk takes."""
    parts = [
        "".join(c for c in text.strip() if c.isprintable()).translate(_NAME_SAFE)[:40]
        for text in (unit_name, staff_name)
    ]
    stem = "-".join([p for p in parts if p] + [day.isoformat()])
    return f"{stem.strip('. ')}{SUFFIX}"


def _records_in_our_package(db: sqlite_utils.Database, path: Path) -> list[str]:
    """The record ids of the package of this database at ``path``; none if it is not one."""
    if not path.is_file():
        return []
    # Only the ids, read a line at a time: the package it replaces may hold 100,000 records.
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(
                _read_bounded(archive, archive.getinfo(MANIFEST), MAX_MANIFEST_BYTES)
            )
            if manifest.get("sender", {}).get("database_id") != identity.database_id(db):
                return []
            with archive.open(RECORDS) as stream:
                return [str(json.loads(line)["id"]) for line in _lines(stream)]
    except (TaizhangError, OSError, zipfile.BadZipFile, zlib.error, EOFError, KeyError,
            ValueError, TypeError, AttributeError):  # fmt: skip
        return []  # not a package of ours, or damaged: nothing of it to carry on


def _seqs_of(db: sqlite_utils.Database, ids: list[str]) -> list[int]:
    seqs = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = db.conn.execute(
            f"SELECT seq FROM activities WHERE id IN ({','.join('?' * len(chunk))})", chunk
        )
        seqs += [seq for (seq,) in rows]
    return seqs


_NOTHING = "0"  # SENT_THROUGH of a file that had no record: before every stamp


def _unsent(db: sqlite_utils.Database, now: str) -> tuple[str, str] | None:
    """What the changes since the last complete package are: the records stamped after
    its mark (None: every record, none was sent yet).

    A file whose last package was made by a version before the mark has only that
    package's time: the records touched since it, unless it is a time still to come
    (the package was made with the clock ahead, and every change since looks older):
    then every record, once.
    """
    mark = settings.get_setting(db, SENT_THROUGH)
    if mark:
        return (">", mark)
    made = settings.get_setting(db, LAST_SENT)
    if made and made <= now:
        return (">=", made)
    return None


def _selected(
    db: sqlite_utils.Database, changed_since: tuple[str, str] | None, period: Period | None
):
    """The records to send: ``changed_since`` (an operator and a stamp, or None: all of
    them), dated in ``period`` if given."""
    where, params = ["1"], []
    if changed_since:
        where.append(f"touched_at {changed_since[0]} ?")
        params.append(changed_since[1])
    if period is not None:
        where.append("date BETWEEN ? AND ?")
        params += [period.start.isoformat(), period.end.isoformat()]
    sql = f"SELECT seq FROM activities WHERE {' AND '.join(where)} ORDER BY seq"
    seqs = [seq for (seq,) in db.conn.execute(sql, params)]
    if period is None:
        return seqs
    return sorted(set(seqs) | set(_moved_out_of(db, changed_since, period)))


def _moved_out_of(db: sqlite_utils.Database, changed_since: tuple[str, str] | None, period: Period):
    """Records once dated in ``period`` by their history, now dated elsewhere: a receiver
    of an earlier package of the period still counts them there until told."""
    start, end = period.start.isoformat(), period.end.isoformat()
    sql = (
        "SELECT DISTINCT a.seq FROM activities a JOIN activity_history h ON h.activity_id = a.id "
        "WHERE a.date NOT BETWEEN ? AND ? AND (json_extract(h.before, '$.date') BETWEEN ? AND ? "
        "OR json_extract(h.after, '$.date') BETWEEN ? AND ?)"
    )
    params = [start, end, start, end, start, end]
    if changed_since:
        sql += f" AND a.touched_at {changed_since[0]} ?"
        params.append(changed_since[1])
    return [seq for (seq,) in db.conn.execute(sql, params)]


def _info(name: str, compress: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _ZIP_TIME)
    info.compress_type = compress
    return info


def _write_records(
    db: sqlite_utils.Database,
    archive: zipfile.ZipFile,
    seqs: list[int],
    progress,
    missing: list[str],
    in_bin: list[str],
) -> tuple[str, int, dict[str, int]]:
    """records.jsonl, streamed in chunks; returns its SHA-256, its size and the files.
    ``missing`` gets the attachments whose file is gone from the store, ``in_bin`` the
    ids of the records in the recycle bin."""
    digest = hashlib.sha256()
    size = 0
    files: dict[str, int] = {}
    store = attachments.store_dir(db)
    with archive.open(_info(RECORDS), "w", force_zip64=True) as out:
        for start in range(0, len(seqs), 500):
            for activity in activities.activities_at(db, seqs[start : start + 500]):
                item = record_json(db, activity)
                if activity.deleted:
                    in_bin.append(activity.id)
                for a in item["attachments"]:
                    if attachments.blob_path(store, a["sha256"]).is_file():
                        files[a["sha256"]] = a["size"]
                    elif not a["deleted"]:
                        missing.append(_attachment_named(item, a))
                line = (json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n").encode()
                if len(line) > MAX_RECORD_LINE:
                    raise TaizhangError(
                        "package_record_too_long", title=activity.title,
                        date=activity.date.isoformat(), size=len(line) // (1024 * 1024),
                    )  # fmt: skip
                digest.update(line)
                size += len(line)
                out.write(line)
            if progress is not None:
                progress(min(start + 500, len(seqs)), len(seqs))
    return digest.hexdigest(), size, files


def _write_file(archive: zipfile.ZipFile, path: Path, sha: str) -> None:
    # Photos and scans are compressed already: stored as they are, copied in chunks.
    with (
        open(path, "rb") as source,
        archive.open(_info(FILES + sha, zipfile.ZIP_STORED), "w", force_zip64=True) as out,
    ):
        shutil.copyfileobj(source, out, attachments.CHUNK)


def record_json(db: sqlite_utils.Database, activity: Activity) -> dict:
    """A record as it travels: content, source, revisions, attachments, history."""
    return {
        "id": activity.id,
        "content": history.snapshot(activity),
        "deleted": activity.deleted,
        "created_at": activity.created_at,
        "updated_at": activity.updated_at,
        "source": {
            "unit": activity.source_unit,
            "staff": activity.source_staff,
            "database_id": activity.source_db,
            "name_seq": activity.source_name_seq,  # core/unit_names.py
        },
        "rev": activity.rev,
        "changed_by": activity.changed_by,
        "known_revs": sorted(revisions.known(db.conn, activity.id)),
        "attachments": [
            {
                "sha256": a.sha256,
                "name": a.name,
                "size": a.size,
                "added_at": a.added_at,
                "changed_at": a.changed_at,
                "changed_by": a.changed_by,
                "deleted": a.deleted,
            }
            for a in attachments.all_rows(db.conn, activity.id)
        ],
        "history": history.exported(db.conn, activity.id),
    }


def _manifest(db, count: int, records_sha: str, records_bytes: int, files: dict) -> dict:
    template = load_template(db)
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "created_at": _now(),
        "sender": _sender(db),
        "template": template_ids(template),
        "records": {"count": count, "sha256": records_sha, "bytes": records_bytes},
        "files": files,
    }


def _sender(db: sqlite_utils.Database) -> dict:
    """Who made the package; ``instance`` tells this file from a copy that shares its id
    (core/identity.py)."""
    return {
        "database_id": identity.database_id(db),
        "instance": identity.instance(db),
        "unit": settings.get_setting(db, settings.UNIT),
        "staff": settings.get_setting(db, settings.STAFF),
    }


def from_a_copy(db: sqlite_utils.Database, sender: dict) -> bool:
    """Whether a package's sender is a copy of this file that still has its id: the same
    id, another file (its instance). A package of this file itself (the same instance, or
    one made before instances travelled) is not."""
    theirs = str(sender.get("instance", "") or "")
    if sender.get("database_id") != identity.database_id(db) or not theirs:
        return False
    return theirs != identity.instance(db)


def _refuse_a_copys_package(db: sqlite_utils.Database, sender: dict) -> None:
    """A copy's unit rename would rename our own records here (F1): refused outright."""
    if from_a_copy(db, sender):
        raise TaizhangError("package_from_copy")


def template_ids(template: Template) -> dict:
    """The template as a package names it: our integer ids (what the records hold), each
    with its stable uid (what the receiver matches) and its name (for messages)."""
    return {
        "types": [
            {"id": t.id, "uid": t.uid, "name": t.name, "section": s.name}
            for s in template.sections
            for t in s.types
        ],
        "fields": [
            {"id": f.id, "uid": f.uid, "type_id": f.type_id, "label": f.label, "unit": f.unit}
            for t in template.types
            for f in t.fields
        ],
    }


# --- reading a package -------------------------------------------------------------


@dataclass
class Package:
    path: Path
    manifest: dict
    records: list[dict]

    @property
    def sender(self) -> dict:
        return self.manifest["sender"]


def read_package(path: str | Path) -> Package:
    """Open and check a package: every member, the manifest, the records' hash.

    Raises ``package_not_ours``, ``package_damaged`` or ``package_too_new``.
    """
    path = Path(path)
    if path.is_dir():
        raise TaizhangError("input_is_folder", path=path)
    if not path.is_file():
        raise TaizhangError("file_missing", path=path)
    if path.stat().st_size == 0:  # a copy onto the stick that never got written
        raise TaizhangError("package_empty", path=path)
    try:
        with zipfile.ZipFile(path) as archive:
            if MANIFEST not in archive.namelist():  # a workbook, another program's zip
                raise TaizhangError("package_not_ours", path=path)
            members = _checked_members(archive)
            manifest = _read_manifest(archive, members, path)
            records = _read_records(archive, members, manifest)
            _check_files(members, manifest)
    except zipfile.BadZipFile as error:
        if _looks_like_zip(path):
            raise TaizhangError("package_damaged", reason=error) from error
        raise TaizhangError("package_not_ours", path=path) from error
    except (zlib.error, EOFError, ValueError, KeyError, TypeError) as error:
        raise TaizhangError("package_damaged", reason=f"{type(error).__name__}: {error}") from error
    except OSError as error:
        raise TaizhangError("import_unreadable", path=path, reason=error) from error
    return Package(path, manifest, records)


def _looks_like_zip(path: Path) -> bool:
    with open(path, "rb") as stream:
        return stream.read(4) == b"PK\x03\x04"


def _checked_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    # No check of how well a member compresses: a record of repeated text compresses
    # 400 to 1 as it should, and what bounds an unpacking is each member's own size
    # limit (zipfile stops at the size declared, and the CRC catches a lie).
    members = {}
    for info in archive.infolist():
        if not _MEMBER.match(info.filename) or info.filename in members:
            # Only our own names: no folders, no '..', nothing else to unpack anywhere.
            raise TaizhangError("package_damaged", reason=f"member {info.filename[:80]!r}")
        members[info.filename] = info
    return members


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise TaizhangError("package_damaged", reason=f"{info.filename}: size")
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise TaizhangError("package_damaged", reason=f"{info.filename}: size")
    return data


def _read_manifest(archive: zipfile.ZipFile, members: dict, path: Path) -> dict:
    if MANIFEST not in members:
        raise TaizhangError("package_not_ours", path=path)
    try:
        manifest = json.loads(_read_bounded(archive, members[MANIFEST], MAX_MANIFEST_BYTES))
    except UnicodeDecodeError as error:
        raise TaizhangError("package_damaged", reason="manifest") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise TaizhangError("package_not_ours", path=path)
    version = manifest.get("version")
    if not isinstance(version, int) or version < 1:
        raise TaizhangError("package_damaged", reason=f"version {version!r}")
    if version > FORMAT_VERSION:
        raise TaizhangError("package_too_new", found=version, supported=FORMAT_VERSION)
    for key in ("sender", "template", "records", "files"):
        if not isinstance(manifest.get(key), dict):
            raise TaizhangError("package_damaged", reason=f"manifest {key}")
    _check_template_part(manifest["template"], version)
    return manifest


_TEMPLATE_KEYS = {
    "types": {"id": int, "name": str, "section": str},
    "fields": {"id": int, "type_id": int, "label": str, "unit": str},
}


def _check_template_part(part: dict, version: int) -> None:
    """The manifest's template: lists of items with integer ids, one entry an id, and
    (from format 2) a uid each; anything else is damaged."""
    for kind, keys in _TEMPLATE_KEYS.items():
        items = part.get(kind)
        if not isinstance(items, list):
            raise TaizhangError("package_damaged", reason=f"template {kind}")
        wanted = {**keys, "uid": str} if version >= 2 else keys
        for item in items:
            if not isinstance(item, dict) or any(
                not isinstance(item.get(k), kind_) or isinstance(item.get(k), bool)
                for k, kind_ in wanted.items()
            ):
                raise TaizhangError("package_damaged", reason=f"template {kind}")
        if len({item["id"] for item in items}) != len(items):
            raise TaizhangError("package_damaged", reason=f"template {kind}: ids")


def _read_records(archive: zipfile.ZipFile, members: dict, manifest: dict) -> list[dict]:
    """Every record line, streamed and hashed; the hash and count must match the manifest."""
    expected = manifest["records"]
    info = members.get(RECORDS)
    if info is None or info.file_size != expected.get("bytes"):
        raise TaizhangError("package_damaged", reason=RECORDS)
    if info.file_size > MAX_RECORDS_BYTES:
        raise TaizhangError("package_damaged", reason=f"{RECORDS}: size")
    digest = hashlib.sha256()
    records = []
    with archive.open(info) as stream:
        for line in _lines(stream):
            digest.update(line)
            records.append(_checked_record(json.loads(line)))
    if digest.hexdigest() != expected.get("sha256") or len(records) != expected.get("count"):
        raise TaizhangError("package_damaged", reason=f"{RECORDS}: SHA-256")
    return records


def _lines(stream: io.BufferedIOBase) -> Iterator[bytes]:
    while line := stream.readline(MAX_RECORD_LINE + 1):
        if len(line) > MAX_RECORD_LINE:
            raise TaizhangError("package_damaged", reason="record too long")
        yield line


_RECORD_KEYS = {"id": str, "content": dict, "deleted": bool, "created_at": str,
                "updated_at": str, "source": dict, "rev": str, "changed_by": str,
                "known_revs": list, "attachments": list, "history": list}  # fmt: skip


def _checked_record(item: object) -> dict:
    if not isinstance(item, dict):
        raise TaizhangError("package_damaged", reason="record")
    for key, kind in _RECORD_KEYS.items():
        if not isinstance(item.get(key), kind):
            raise TaizhangError("package_damaged", reason=f"record {key}")
    if "name_seq" in item["source"] and not unit_names.is_number(item["source"]["name_seq"]):
        raise TaizhangError("package_damaged", reason="record source")
    for a in item["attachments"]:
        if not (isinstance(a, dict) and re.fullmatch(r"[0-9a-f]{64}", str(a.get("sha256")))):
            raise TaizhangError("package_damaged", reason="attachment")
        if not isinstance(a.get("size"), int) or a["size"] > attachments.MAX_FILE_BYTES:
            raise TaizhangError("package_damaged", reason="attachment size")
    incoming_activity(item)  # dates, ids and values that cannot be read: damaged
    for value in item["content"].get("values", {}).values():
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise TaizhangError("package_damaged", reason="value")
    for e in item["history"]:
        if not (isinstance(e, dict) and isinstance(e.get("uid"), str)):
            raise TaizhangError("package_damaged", reason="history")
        if e.get("action") not in history.ACTIONS:
            raise TaizhangError("package_damaged", reason=f"history {e.get('action')!r}")
        for side in ("before", "after"):
            _check_snapshot(e.get(side))
    return item


def _check_snapshot(snapshot: object) -> None:
    """A history snapshot names its type and fields by id: ids that are numbers."""
    if snapshot is None:
        return
    if not isinstance(snapshot, dict):
        raise TaizhangError("package_damaged", reason="history snapshot")
    type_id = snapshot.get("type_id")
    if type_id is not None and (isinstance(type_id, bool) or not isinstance(type_id, int)):
        raise TaizhangError("package_damaged", reason="history type")
    values = snapshot.get("values", {})
    if not isinstance(values, dict) or not all(
        isinstance(k, str) and re.fullmatch(r"-?[0-9]{1,18}", k) for k in values
    ):
        raise TaizhangError("package_damaged", reason="history values")


def _check_files(members: dict, manifest: dict) -> None:
    files = manifest["files"]
    present = {name[len(FILES) :]: info for name, info in members.items() if name.startswith(FILES)}
    if set(present) != set(files):
        raise TaizhangError("package_damaged", reason="files")
    for sha, info in present.items():
        if info.file_size != files[sha] or info.file_size > attachments.MAX_FILE_BYTES:
            raise TaizhangError("package_damaged", reason=f"file {sha[:12]}…")


# --- the template ------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateMap:
    """The sender's integer ids of types and fields → ours, matched by uid; ``problems``
    says, by name, each one the records use that we do not have."""

    types: dict[int, int]
    fields: dict[int, int]
    problems: list[messages.Both]  # each said in both languages, to be joined into one
    # Fields deleted here that the records use, each to be brought back archived under its
    # own id (``_with_restored``, ``restore_items``): (uid, id, our type, what it was).
    restore: list[tuple[str, int, int, dict]] = field(default_factory=list)
    # Types deleted here that the records use, the same way: (uid, id, our section, what
    # it was). Their fields, deleted with them, are in ``restore``.
    restore_types: list[tuple[str, int, int, dict]] = field(default_factory=list)

    def type_id(self, theirs: int) -> int:
        return self.types.get(theirs, _unknown(theirs))

    def field_id(self, theirs: int) -> int:
        return self.fields.get(theirs, _unknown(theirs))


def _unknown(theirs: int) -> int:
    # An id the sender's own template no longer lists (an item it deleted, named only in
    # an old history entry): negative, so that it never names one of our items.
    return -abs(theirs)


def template_map(
    package: Package, template: Template, retired: dict[str, tuple[int, dict]] | None = None
) -> TemplateMap:
    """Map the types and fields the package's records and history use to ours.

    From format 2 by uid (a rename on either side still matches); format 1 packages
    carry no uids and match by the old rule (the same id under the same name). A field
    must also belong here to the type its type maps to. What the history names counts
    too (so that the history shown here names the right items), except ids the sender's
    template no longer lists (items it deleted): those map to nothing here. A field of a
    type we lack is said once, as its type. A field we deleted (``retired``: its uid →
    its id here and what it was) that the records use is no problem: it comes back
    archived, under its own id (a county deletes a field none of its records uses, not
    knowing that a township's do).
    """
    from core import messages

    theirs = package.manifest["template"]
    their_types = {t["id"]: t for t in theirs["types"]}
    their_fields = {f["id"]: f for f in theirs["fields"]}
    match_type, match_field = _matchers(package.manifest["version"], template)
    in_content, in_history = _used_ids(package.records)
    retired = retired or {}
    sections = {s.uid: s.id for s in template.sections if s.uid}
    # A deleted item comes back only where its name is free: one made since under that
    # name here is another item (said as a type made apart).
    type_names = {name_key(t.name) for t in template.types}
    types, fields, problems, restore, restore_types = {}, {}, [], [], []
    for type_id in sorted(in_content["types"] | in_history["types"]):
        t = their_types.get(type_id)
        ours = match_type(t) if t is not None else None
        if ours is not None:
            types[type_id] = ours.id
        elif (
            t is not None and t.get("uid") in retired
            and retired[t["uid"]][1].get("section") in sections
            and name_key(retired[t["uid"]][1]["name"]) not in type_names
        ):  # fmt: skip
            number, was = retired[t["uid"]]
            types[type_id] = number
            if type_id in in_content["types"]:
                restore_types.append((t["uid"], number, sections[was["section"]], was))
        elif t is not None or type_id in in_content["types"]:
            t = t or {"name": f"#{type_id}", "section": ""}
            problems.append(_missing_type(t, template))
    for field_id in sorted(in_content["fields"] | in_history["fields"]):
        f = their_fields.get(field_id)
        ours = match_field(f) if f is not None else None
        their_type = their_types.get(f["type_id"]) if f is not None else None
        our_type = match_type(their_type) if their_type is not None else None
        our_type_id = types.get(f["type_id"]) if f is not None else None  # restored ones too
        if ours is not None and our_type is not None and ours.type_id == our_type.id:
            fields[field_id] = ours.id
        elif (
            ours is None and our_type_id is not None and f is not None
            and f.get("uid") in retired
            and not _label_taken(template, our_type_id, retired[f["uid"]][1]["label"])
        ):  # fmt: skip
            number, was = retired[f["uid"]]
            fields[field_id] = number
            if field_id in in_content["fields"]:
                restore.append((f["uid"], number, our_type_id, was))
        elif their_type is not None and our_type_id is None:
            problems.append(_missing_type(their_type, template))
        elif f is not None or field_id in in_content["fields"]:
            f = f or {"label": f"#{field_id}"}
            type_name = their_type["name"] if their_type is not None else ""
            problems.append(
                messages.Both.of("package_missing_field", type_name=type_name, label=f["label"])
            )
    return TemplateMap(types, fields, list(dict.fromkeys(problems)), restore, restore_types)


def _label_taken(template: Template, type_id: int, label: str) -> bool:
    """A field of that label in our type (a restored type has none yet)."""
    t = template.types_by_id.get(type_id)
    return t is not None and any(name_key(f.label) == name_key(label) for f in t.fields)


def _missing_type(theirs: dict, template: Template) -> messages.Both:
    """A type of the sender's we lack; one of the same name here was made apart from it."""
    from core import messages

    key = "package_missing_type"
    if any(name_key(t.name) == name_key(theirs["name"]) for t in template.types):
        key = "package_type_made_apart"
    return messages.Both.of(key, name=theirs["name"], section=theirs["section"])


def template_problems(db: sqlite_utils.Database, package: Package) -> list[str]:
    """Types and fields the package's records use that this database does not have, each
    said by name; empty when the package merges directly."""
    return [str(p) for p in template_map(package, load_template(db), retired_items(db)).problems]


def retired_items(db: sqlite_utils.Database) -> dict[str, tuple[int, dict]]:
    """The types and fields deleted here whose template history tells what they were:
    uid → (the id they had and will have again, the item as it was last)."""
    rows = db.conn.execute(
        "SELECT r.uid, r.id, (SELECT h.before FROM template_history h WHERE h.item = r.item "
        "AND h.uid = r.uid AND h.action = 'delete' ORDER BY h.id DESC LIMIT 1) "
        "FROM retired_template_items r WHERE r.item IN ('type', 'field') AND r.uid != ''"
    )
    return {uid: (number, json.loads(was)) for uid, number, was in rows if was}


def _restored_counting(tmap: TemplateMap, was: dict) -> tuple[str, str]:
    """A type's 计数方式 and 分项统计 as it had them (field uids), where those fields come
    back with it: the county's 汇总 then counts its records as the township's does."""
    back = {uid for uid, *_ in tmap.restore}
    return tuple(
        was.get(key) if was.get(key) in back else "" for key in ("counted_by", "breakdown_by")
    )


def _with_restored(template: Template, tmap: TemplateMap) -> Template:
    """The template as it will be once the types and fields to restore are back, archived
    (a restored type's own fields need not be: the type is): what the preview checks the
    records against."""
    from core.template import ActivityType, Field

    types = dict(template.types_by_id)
    fields = dict(template.fields_by_id)
    numbers = {uid: number for uid, number, *_ in tmap.restore}
    in_section: dict[int, list[int]] = {}
    for uid, number, section_id, was in tmap.restore_types:
        counted, broken = _restored_counting(tmap, was)
        types[number] = ActivityType(number, section_id, was["name"], was["count_unit"],
                                     100_000 + number, (), uid, True, numbers.get(counted),
                                     numbers.get(broken))  # fmt: skip
        in_section.setdefault(section_id, []).append(number)
    brought_back = {number for _u, number, *_ in tmap.restore_types}
    for uid, number, type_id, was in tmap.restore:
        t = types[type_id]
        back = Field(number, type_id, was["label"], was["unit"], was["kind"],
                     tuple(was["options"]), False, 100_000 + number, uid,
                     type_id not in brought_back)  # fmt: skip
        types[type_id] = replace(t, fields=(*t.fields, back))
        fields[number] = back
    sections = tuple(
        replace(
            s, types=tuple(types[i] for i in [t.id for t in s.types] + in_section.get(s.id, []))
        )
        for s in template.sections
    )
    return replace(template, sections=sections, types_by_id=types, fields_by_id=fields)


def restore_items(db: sqlite_utils.Database, tmap: TemplateMap) -> None:
    """Bring the types and fields of ``tmap`` back, archived, as a change of the template
    (its history says so). Part of the caller's transaction."""
    from core import template_edit

    if not tmap.restore and not tmap.restore_types:
        return
    template = load_template(db)
    spec = template_edit.spec_of(template)
    by_section = {s.uid: s for s in spec}
    uids = {t.id: t.uid for t in template.types}
    for uid, number, _section_id, was in tmap.restore_types:
        counted, broken = _restored_counting(tmap, was)
        by_section[was["section"]].types.append(
            template_edit.TypeSpec(uid, was["name"], was["count_unit"], counted, broken, True)
        )
        uids[number] = uid
    brought_back = {number for _u, number, *_ in tmap.restore_types}
    by_type = {t.uid: t for s in spec for t in s.types}
    for uid, _number, type_id, was in tmap.restore:
        by_type[uids[type_id]].fields.append(
            template_edit.FieldSpec(
                uid,
                was["label"],
                was["unit"],
                was["kind"],
                tuple(was["options"]),
                archived=type_id not in brought_back,
            )
        )
    template_edit.change_template(db, spec)


def restored_names(template: Template, tmap: TemplateMap) -> list[str]:
    """活动类型“…”, 指标“type / field”: what comes back, in the template's words."""
    return [f"活动类型“{was['name']}”" for *_, was in tmap.restore_types] + [
        f"指标“{template.type(t).name} / {was['label']}”" for _u, _n, t, was in tmap.restore
    ]


def _matchers(version: int, template: Template):
    if version >= 2:
        types = {t.uid: t for t in template.types if t.uid}
        fields = {f.uid: f for f in template.fields_by_id.values() if f.uid}
        return (
            lambda t: types.get(t["uid"]) if t["uid"] else None,
            lambda f: fields.get(f["uid"]) if f["uid"] else None,
        )

    def old_type(t: dict):
        ours = template.types_by_id.get(t["id"])
        return ours if ours is not None and name_key(ours.name) == name_key(t["name"]) else None

    def old_field(f: dict):
        ours = template.fields_by_id.get(f["id"])
        return ours if ours is not None and name_key(ours.label) == name_key(f["label"]) else None

    return old_type, old_field


def _used_ids(records: list[dict]) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """The sender's type and field ids the records hold now, and those their history names."""
    content = {"types": set(), "fields": set()}
    past = {"types": set(), "fields": set()}
    for r in records:
        _collect(r["content"], content)
        for e in r["history"]:
            for side in (e.get("before"), e.get("after")):
                if side is not None:
                    _collect(side, past)
    return content, past


def _collect(snapshot: dict, into: dict[str, set[int]]) -> None:
    if snapshot.get("type_id") is not None:
        into["types"].add(int(snapshot["type_id"]))
    into["fields"].update(int(k) for k in snapshot.get("values", {}))


def translated(item: dict, tmap: TemplateMap) -> dict:
    """A package's record with its types and fields in our ids: content and history.

    Unchanged parts are shared, not copied: where both files have the same ids (the
    common case) the record itself comes back and memory stays that of the package.
    """
    content = _translated_snapshot(item["content"], tmap)
    entries = [
        (e, _translated_snapshot(e.get("before"), tmap), _translated_snapshot(e.get("after"), tmap))
        for e in item["history"]
    ]
    if content is item["content"] and all(
        b is e.get("before") and a is e.get("after") for e, b, a in entries
    ):
        return item
    history_ = [
        e if (b is e.get("before") and a is e.get("after")) else {**e, "before": b, "after": a}
        for e, b, a in entries
    ]
    return {**item, "content": content, "history": history_}


def _translated_snapshot(snapshot: dict | None, tmap: TemplateMap) -> dict | None:
    if snapshot is None:
        return None
    type_id = snapshot.get("type_id")
    new_type = tmap.type_id(int(type_id)) if type_id is not None else None
    values = snapshot.get("values")
    new_values = (
        {str(tmap.field_id(int(k))): v for k, v in values.items()} if values is not None else None
    )
    if new_type == type_id and (values is None or list(new_values) == list(values)):
        return snapshot
    out = dict(snapshot)
    if type_id is not None:
        out["type_id"] = new_type
    if values is not None:
        out["values"] = new_values
    return out


# --- preview and merge -------------------------------------------------------------

KINDS = ("new", "updated", "deleted", "conflict", "unchanged")


@dataclass(frozen=True)
class Conflict:
    """A record changed on both sides: field by field, who and when, which is kept."""

    activity_id: str
    title: str
    date: str
    ours_at: str
    ours_by: str
    theirs_at: str
    theirs_by: str
    rows: list[tuple[str, str, str]]  # (label, ours, theirs)
    kept: str  # "ours" or "theirs"


@dataclass
class Preview:
    """What importing a package would do (nothing is written to make it)."""

    sender_unit: str
    sender_staff: str
    sender_db: str
    counts: dict[str, int]
    conflicts: list[Conflict]
    files_new: int
    attachment_changes: int
    decisions: list[tuple[str, dict, Activity | None, str]] = field(default_factory=list)
    backup: Path | None = None  # the backup taken before an import wrote anything
    # Attachments that arrive without their file (neither in the package nor here).
    files_absent: list[str] = field(default_factory=list)
    # History entries of records unchanged here that this file lacks (a conflict the
    # sender wrote down): merged by an import, so that both histories agree.
    history_new: int = 0
    # Fields deleted here that the records use, brought back archived (类型 → 字段).
    restored: list[str] = field(default_factory=list)
    new_in_bin: int = 0  # of the new records, those the sender had deleted already
    template_map: TemplateMap | None = None

    @property
    def changes_anything(self) -> bool:
        return (
            any(self.counts[k] for k in KINDS if k != "unchanged")
            or bool(self.attachment_changes)
            or bool(self.history_new)
        )


def preview_import(db: sqlite_utils.Database, package: Package) -> Preview:
    """Check the package against this database and say what an import would do.

    Raises ``package_from_copy`` (a copy of this file with its id), ``package_from_self``
    (our own package, when it changes nothing), ``package_template_mismatch`` and
    ``package_values_unfit``.
    """
    sender = package.sender
    _refuse_a_copys_package(db, sender)
    template = load_template(db)
    tmap = template_map(package, template, retired_items(db))
    if tmap.problems:
        raise TaizhangError("package_template_mismatch", details=messages.Both.join(tmap.problems))
    if tmap.restore or tmap.restore_types:
        template = _with_restored(template, tmap)
    items = [translated(r, tmap) for r in package.records]
    unfit = [line for item in items for line in _unfit_values(item, template)]
    if unfit:  # the count in full, the first few by name
        shown = "；".join(unfit[:MAX_UNFIT_SHOWN])
        raise TaizhangError("package_values_unfit", count=len(unfit), details=shown)
    _refuse_dates_out_of_range(package.records)
    counts = dict.fromkeys(KINDS, 0)
    conflicts = []
    decisions = []
    attachment_changes = 0
    for item in items:
        kind, local = _classify(db, item)
        # The same change both sides: its revision is brought level, so it counts as an update.
        counts["updated" if kind == "converged" else kind] += 1
        if kind == "conflict":
            conflicts.append(_conflict(db, template, item, local))
        attachment_changes += _attachment_changes(db, item)
        kept = _kept(item, local) if kind in ("conflict", "converged") else ""
        decisions.append((kind, item, local, kept))
    store = attachments.store_dir(db)
    files_new = sum(
        1 for sha in package.manifest["files"] if not attachments.blob_path(store, sha).is_file()
    )
    preview = Preview(
        str(sender.get("unit", "")),
        str(sender.get("staff", "")),
        str(sender.get("database_id", "")),
        counts,
        conflicts,
        files_new,
        attachment_changes,
        decisions,
    )
    preview.files_absent = _files_absent(db, package, decisions)
    preview.history_new = _history_new(db, decisions)
    preview.template_map = tmap
    preview.restored = restored_names(template, tmap)
    preview.new_in_bin = sum(1 for kind, item, *_ in decisions if kind == "new" and item["deleted"])
    # Our own package changes nothing, unless a restore from an older backup lost what
    # it holds: then it brings that back.
    if sender.get("database_id") == identity.database_id(db) and not preview.changes_anything:
        raise TaizhangError("package_from_self")
    return preview


MAX_UNFIT_SHOWN = 5


def _history_new(db: sqlite_utils.Database, decisions: list) -> int:
    """History entries of the unchanged records that are not here yet (by uid)."""
    new = 0
    for kind, item, _local, _kept in decisions:
        if kind != "unchanged" or not item["history"]:
            continue
        here = {
            uid for (uid,) in db.conn.execute(
                "SELECT uid FROM activity_history WHERE activity_id = ?", (item["id"],)
            )
        }  # fmt: skip
        new += sum(1 for e in item["history"] if e["uid"] not in here)
    return new


def _files_absent(db: sqlite_utils.Database, package: Package, decisions: list) -> list[str]:
    """Attachments the import will store whose file is neither in the package nor here."""
    store = attachments.store_dir(db)
    carried = set(package.manifest["files"])
    absent = []
    for kind, item, _local, _kept in decisions:
        if kind == "unchanged":
            continue
        for a in item["attachments"]:
            sha = a["sha256"]
            if a["deleted"] or sha in carried or attachments.blob_path(store, sha).is_file():
                continue
            absent.append(_attachment_named(item, a))
    return absent


def _unfit_values(item: dict, template: Template) -> list[str]:
    """The record's figures our fields cannot hold: a field whose kind the sender changed
    (文字 where we count 小数, 12.5 where we count 整数). Stored, they would break the
    ledger or print differently in each of its places."""
    from core import messages

    lines = []
    for key, value in item["content"].get("values", {}).items():
        ours = template.fields_by_id.get(int(key))
        if ours is None or _fits(ours.kind, value):
            continue
        lines.append(messages.text(  # one language inside the message that lists them
            "package_value_unfit", "zh", title=item["content"].get("title", ""),
            date=item["content"].get("date", ""), label=ours.label, value=value,
            kind=KIND_NAMES.get(ours.kind, ours.kind),
        ))  # fmt: skip
    return lines


def _refuse_dates_out_of_range(records: list[dict]) -> None:
    """Dates this file cannot hold, as the form would refuse them: 1900 from an older
    Taizhang (Excel's day 0), year 1 or an end before the start in a package made by hand.
    Stored, they would sit outside every period, and a clerk could not save the record."""
    wrong = [line for item in records if (line := _date_out_of_range(item)) is not None]
    if wrong:
        shown = messages.Both.join(wrong[:MAX_UNFIT_SHOWN])
        raise TaizhangError(
            "package_dates_out_of_range", count=len(wrong), details=shown,
            first=MIN_YEAR, last=MAX_YEAR,
        )  # fmt: skip


def _date_out_of_range(item: dict) -> messages.Both | None:
    record = incoming_activity(item)
    for day in (record.date, record.end_date):
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            return messages.Both.of(
                "package_date_out_of_range", title=record.title, date=day.isoformat()
            )
    if record.end_date is not None and record.end_date < record.date:
        return messages.Both.of(
            "package_end_before_start", title=record.title,
            date=record.date.isoformat(), end=record.end_date.isoformat(),
        )  # fmt: skip
    return None


# What SQLite stores as an integer, and far past any real figure of a bureau.
_LARGEST = 2**63 - 1


def _fits(kind: str, value: object) -> bool:
    if kind not in ("integer", "decimal"):
        return isinstance(value, str)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False  # NaN, Infinity: JSON lets them through, no ledger can sum them
    if abs(value) > _LARGEST:
        return False
    return kind == "decimal" or float(value).is_integer()


def _classify(db: sqlite_utils.Database, item: dict) -> tuple[str, Activity | None]:
    try:
        local = activities.get_activity(db, item["id"])
    except TaizhangError:
        return "new", None  # deleted there already: new here, in the recycle bin
    relation = revisions.compare(
        local.rev, revisions.known(db.conn, local.id), item["rev"], set(item["known_revs"])
    )
    if relation in ("same", "behind"):
        return "unchanged", local
    if relation == "conflict":
        # Both sides made the very same change: nothing to choose, only revs to join.
        same = history.snapshot(local) == item["content"] and local.deleted == item["deleted"]
        return ("converged" if same else "conflict"), local
    if item["deleted"] and not local.deleted:
        return "deleted", local
    return "updated", local


def _kept(item: dict, local: Activity) -> str:
    theirs = revisions.order_key(item["updated_at"], item["changed_by"], item["rev"])
    ours = revisions.order_key(local.updated_at, local.changed_by, local.rev)
    return "theirs" if theirs > ours else "ours"


def _snapshot_with_bin(content: dict, deleted: bool) -> dict:
    return {**content, "deleted": deleted}


def _conflict(db, template: Template, item: dict, local: Activity) -> Conflict:
    ours = _snapshot_with_bin(history.snapshot(local), local.deleted)
    theirs = _snapshot_with_bin(item["content"], item["deleted"])
    entry = history.Entry("", "", "edit", ours, theirs)
    return Conflict(
        activity_id=local.id,
        title=local.title,
        date=local.date.isoformat(),
        ours_at=local.updated_at,
        ours_by=_last_author(history.exported(db.conn, local.id)),
        theirs_at=item["updated_at"],
        theirs_by=_last_author(item["history"]),
        rows=history.changes(template, entry),
        kept=_kept(item, local),
    )


def _last_author(entries: list[dict]) -> str:
    """Who made the latest entry. ``at`` has whole seconds only; entries of the same
    second are in the order the history wrote them (its own id order, which both
    ``history.exported`` and a package's history keep): the later one is the last."""
    if not entries:
        return ""
    _, last = max(enumerate(entries), key=lambda pair: (pair[1].get("at", ""), pair[0]))
    return "　".join(x for x in (last.get("unit", ""), last.get("staff", "")) if x)


def _attachment_rows(item: dict) -> list[attachments.Attachment]:
    return [
        attachments.Attachment(
            activity_id=item["id"],
            sha256=a["sha256"],
            name=str(a.get("name", "")),
            size=int(a["size"]),
            added_at=str(a.get("added_at", "")),
            changed_at=str(a.get("changed_at", "")),
            changed_by=str(a.get("changed_by", "")),
            deleted=bool(a.get("deleted", False)),
        )
        for a in item["attachments"]
    ]


def _attachment_changes(db: sqlite_utils.Database, item: dict) -> int:
    changes = 0
    for row in _attachment_rows(item):
        here = db.conn.execute(
            "SELECT changed_at, changed_by FROM attachments WHERE activity_id = ? AND sha256 = ?",
            (row.activity_id, row.sha256),
        ).fetchone()
        if here is None or tuple(here) < (row.changed_at, row.changed_by):
            changes += 1
    return changes


def import_package(
    db: sqlite_utils.Database,
    package: Package,
    db_path: str | Path,
    *,
    backup: bool = True,
    keep: dict[str, str] | None = None,
) -> Preview:
    """Merge a checked package: its files into the store, then one transaction, after a
    backup. Returns what was done (the preview it acted on).

    ``keep`` overrides the choice of a conflict (``{activity id: "ours" | "theirs"}``, as
    the conflict view offers): the side chosen against the rule becomes a new change made
    here, so that every other database takes it too.
    """
    from core import backups

    template = load_template(db)
    preview = preview_import(db, package)
    if not preview.changes_anything:
        return preview
    _receive_files(db, package)
    taken = backups.take_backup(db, db_path, "exchange").path if backup else None
    now = _now()
    staff = settings.get_setting(db, settings.STAFF)
    unit = settings.get_setting(db, settings.UNIT)
    with activities.writing(db):
        # A record edited here (or a template changed) while the preview was made and the
        # backup taken: the preview's decision about it is stale. Decided again under the
        # write lock, so that no local edit is overwritten unseen and what is said is done.
        if _changed_since(db, preview) or load_template(db) != template:
            received = preview.files_new  # in the store now: not new to the second look
            preview = preview_import(db, package)
            preview.files_new = received
        preview.backup = taken
        if preview.template_map is not None:
            restore_items(db, preview.template_map)
        for kind, item, local, kept in preview.decisions:
            chosen = (keep or {}).get(item["id"], kept)
            overruled = kind == "conflict" and chosen in ("ours", "theirs") and chosen != kept
            _merge_one(db, kind, item, local, kept, now, staff, unit, chosen if overruled else "")
            if overruled:
                _keep_other(db, item, local, chosen, now)
    return preview


def _changed_since(db: sqlite_utils.Database, preview: Preview) -> bool:
    """Whether a record the preview decided on is no longer as it found it: another rev,
    or there now where it was new (an import of the same package at once)."""
    for _kind, item, local, _kept in preview.decisions:
        row = db.conn.execute("SELECT rev FROM activities WHERE id = ?", (item["id"],)).fetchone()
        if (row[0] if row else None) != (local.rev if local is not None else None):
            return True
    return False


def _keep_other(db, item: dict, local: Activity, chosen: str, now: str) -> None:
    """The side the user chose over the newer one, stored as a new change of this database
    (its conflict entry in the history says so: ``_merge_one``)."""
    side = local if chosen == "ours" else incoming_activity(item)
    winner = activities.get_activity(db, item["id"])
    made = replace(
        side,
        rev=revisions.new_rev(),
        changed_by=identity.database_id(db),
        updated_at=now,
        created_at=winner.created_at,
        source_unit=winner.source_unit,
        source_staff=winner.source_staff,
        source_db=winner.source_db,
        source_name_seq=winner.source_name_seq,
    )
    activities.store_received(db, made, touch.stamp(db.conn, now))
    revisions.remember(db.conn, [(made.id, made.rev)])


def check_files(db: sqlite_utils.Database, package: Package) -> None:
    """Read and hash every file the import would take into the store, writing nothing:
    what a dry run must find (a byte flipped on the stick). Raises ``package_damaged``."""
    store = attachments.store_dir(db)
    try:
        with zipfile.ZipFile(package.path) as archive:
            for sha in package.manifest["files"]:
                if attachments.blob_path(store, sha).is_file():
                    continue
                digest = hashlib.sha256()
                with archive.open(FILES + sha) as stream:
                    while chunk := stream.read(attachments.CHUNK):
                        digest.update(chunk)
                if digest.hexdigest() != sha:
                    raise TaizhangError("package_damaged", reason=f"file {sha[:12]}…")
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError) as error:
        raise TaizhangError("package_damaged", reason=f"{type(error).__name__}: {error}") from error
    except OSError as error:  # the stick pulled out while it was read
        raise TaizhangError("import_unreadable", path=package.path, reason=error) from error


def _receive_files(db: sqlite_utils.Database, package: Package) -> None:
    """The package's files into our store, each checked against its SHA-256 as it is read.

    Done before the transaction: a file in the store that no record points to is harmless.
    """
    store = attachments.store_dir(db)
    needed = [
        sha for sha in package.manifest["files"] if not attachments.blob_path(store, sha).is_file()
    ]
    if not needed:
        return
    try:
        with zipfile.ZipFile(package.path) as archive:
            for sha in needed:
                with archive.open(FILES + sha) as stream:
                    attachments.put_stream(store, stream, expected=sha)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError) as error:
        raise TaizhangError("package_damaged", reason=f"{type(error).__name__}: {error}") from error


def _merge_one(db, kind, item, local, kept, now, staff, unit, chosen: str = "") -> None:
    """``chosen``: the side of a conflict the clerk kept against the rule (``kept``)."""
    conn = db.conn
    incoming = incoming_activity(item)
    touched_at = touch.stamp(conn, now)  # not the clock's time: core/touch.py
    if kind in ("new", "updated", "deleted"):
        activities.store_received(db, incoming, touched_at)
    elif kind == "converged":
        # The same content both sides: each ends with the newer rev, so that both files hold
        # the same record (and the next change of either is an update on the other).
        if kept == "theirs":
            activities.store_received(db, incoming, touched_at)
    elif kind == "conflict":
        ours = _snapshot_with_bin(history.snapshot(local), local.deleted)
        theirs = _snapshot_with_bin(item["content"], item["deleted"])
        said = chosen or kept  # what the history tells was kept
        loser, winner = (ours, theirs) if said == "theirs" else (theirs, ours)
        loser_meta = (
            {"at": local.updated_at, "by": _last_author(history.exported(conn, local.id)),
             "database_id": local.changed_by}
            if said == "theirs"
            else {"at": item["updated_at"], "by": _last_author(item["history"]),
                  "database_id": item["changed_by"]}
        )  # fmt: skip
        if chosen:
            loser_meta["chosen"] = chosen
        if kept == "theirs":
            activities.store_received(db, incoming, touched_at)
        else:
            touch.touch(conn, local.id, now)
        history.record(
            conn,
            [(item["id"], "conflict", {**loser, "change": loser_meta}, winner)],
            staff,
            now,
            unit,
        )
    revisions.remember(conn, [(item["id"], r) for r in [*item["known_revs"], item["rev"]]])
    history.receive(conn, item["id"], item["history"])
    touched = False
    for row in _attachment_rows(item):
        touched |= attachments.receive(conn, row) != "same"
    if touched:
        touch.touch(conn, item["id"], now)
    named = unit_names.chosen(identity.database_id(db), item, local)
    stored_incoming = kind in ("new", "updated", "deleted") or kept == "theirs"
    now_named = unit_names.of_item(item) if stored_incoming else unit_names.of_record(local)
    if named is not None and named != now_named:
        # A rev names one content under one name: the name written here is a change of
        # ours, so that the offices we send it to, holding the rev it had, take it too.
        rev = revisions.new_rev()
        conn.execute(
            "UPDATE activities SET source_unit = ?, source_staff = ?, source_name_seq = ?, "
            "rev = ?, changed_by = ?, touched_at = ? WHERE id = ?",
            (
                named.unit,
                named.staff,
                named.seq,
                rev,
                identity.database_id(db),
                touch.stamp(conn, now),
                item["id"],
            ),
        )
        activities.organizer_follows_the_unit(db, item["id"], now_named.unit, named.unit)
        revisions.remember(conn, [(item["id"], rev)])


def incoming_activity(item: dict) -> Activity:
    """The record of a package line, as ``activities.store_received`` writes it."""
    content = item["content"]
    source = item["source"]
    return Activity(
        id=item["id"],
        type_id=int(content["type_id"]),
        date=dt.date.fromisoformat(content["date"]),
        end_date=dt.date.fromisoformat(content["end_date"]) if content.get("end_date") else None,
        title=str(content["title"]),
        **{name: str(content.get(name, "")) for name in activities.COMMON_TEXT_FIELDS},
        values={int(k): v for k, v in content.get("values", {}).items()},
        created_at=item["created_at"],
        updated_at=item["updated_at"],
        deleted=item["deleted"],
        source_unit=str(source.get("unit", "")),
        source_staff=str(source.get("staff", "")),
        source_db=str(source.get("database_id", "")),
        rev=item["rev"],
        changed_by=item["changed_by"],
        source_name_seq=int(source.get("name_seq", 0)),
    )

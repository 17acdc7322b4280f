"""Per-database settings: 填报单位 (the bureau), 填报人 (the staff member)."""

from __future__ import annotations

import sqlite_utils

from core import messages
from core.db import transaction
from core.errors import TaizhangError

UNIT = "unit_name"  # 填报单位
STAFF = "staff_name"  # 填报人
DATABASE_ID = "database_id"  # core/identity.py
# As the clerk knows them (a message names the setting, not its key).
_NAMES = {
    UNIT: messages.Both("填报单位", "reporting unit"),
    STAFF: messages.Both("填报人", "staff member"),
}


def get_setting(db: sqlite_utils.Database, key: str, default: str = "") -> str:
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_settings(db: sqlite_utils.Database, rename_records: bool = False, **values: str) -> int:
    """Set ``values``; returns how many records were renamed.

    ``rename_records``: a new 填报单位 is also given to the records first saved in this
    database under the old one (the bureau corrects its name: its own records must not
    become a second unit in the ledger). Records that came from other databases keep the
    unit that sent them.
    """
    for key, value in values.items():
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            # A byte the terminal could not decode (a GBK name on a UTF-8 console).
            raise TaizhangError("setting_bad_characters", setting=_NAMES.get(key, key))
    renamed = 0
    with transaction(db):
        old_unit = get_setting(db, UNIT)
        for key, value in values.items():
            db.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value.strip()),
            )
        new_unit = values.get(UNIT, old_unit).strip()
        if rename_records and new_unit != old_unit:
            from core import activities  # it reads the settings: imported here, not above

            renamed = activities.rename_own_unit(db, old_unit, new_unit)
    return renamed


def own_records_of_unit(db: sqlite_utils.Database, unit: str) -> int:
    """How many records first saved in this database carry ``unit`` (deleted ones too)."""
    return db.conn.execute(
        "SELECT count(*) FROM activities WHERE source_unit = ? AND source_db = ?",
        (unit, get_setting(db, DATABASE_ID)),
    ).fetchone()[0]

"""Per-database settings: 填报单位 (the bureau), 填报人 (the staff member)."""

from __future__ import annotations

import sqlite_utils

from core.db import transaction
from core.errors import TaizhangError

UNIT = "unit_name"  # 填报单位
STAFF = "staff_name"  # 填报人


def get_setting(db: sqlite_utils.Database, key: str, default: str = "") -> str:
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_settings(db: sqlite_utils.Database, **values: str) -> None:
    for key, value in values.items():
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            # A byte the terminal could not decode (a GBK name on a UTF-8 console).
            raise TaizhangError("setting_bad_characters", setting=key)
    with transaction(db):
        for key, value in values.items():
            db.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value.strip()),
            )

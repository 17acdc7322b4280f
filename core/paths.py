"""Where Taizhang keeps its data by default: the user's data folder (platformdirs).

``TAIZHANG_DATA_DIR`` overrides it (tests, a portable install on a USB stick).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Taizhang"
DB_NAME = "taizhang.db"


def data_dir() -> Path:
    override = os.environ.get("TAIZHANG_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_NAME


def backups_dir() -> Path:
    return data_dir() / "backups"

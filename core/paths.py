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
    return given_data_dir() or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def given_data_dir() -> Path | None:
    """The folder ``TAIZHANG_DATA_DIR`` names, if it is set."""
    override = os.environ.get("TAIZHANG_DATA_DIR")
    return Path(override) if override else None


def default_db_path() -> Path:
    return data_dir() / DB_NAME


def backups_dir() -> Path:
    return data_dir() / "backups"

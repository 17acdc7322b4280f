"""Where Taizhang keeps its data by default: the user's data folder (platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "Taizhang"
DB_NAME = "taizhang.db"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_NAME

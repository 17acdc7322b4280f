"""Where the files under ``resources/`` are, from source or from a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(name: str) -> Path:
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parent.parent
    return root / "resources" / name

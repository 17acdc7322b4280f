"""Every connection to a database file is made by core/db.py, the one opener.

Elsewhere a connection could forget WAL, synchronous=FULL, foreign keys or the busy
timeout; so no other module of the product may call sqlite3.connect or build a
sqlite_utils.Database itself.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = [ROOT / "main.py", *sorted((ROOT / "core").glob("*.py")),
           *sorted((ROOT / "gui").glob("*.py"))]  # fmt: skip
OPENING = re.compile(r"sqlite3\.connect\s*\(|sqlite_utils\.Database\s*\(|\bDatabase\s*\(")


def test_only_core_db_opens_database_files():
    offenders = []
    for path in PRODUCT:
        if path.name == "db.py" and path.parent.name == "core":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OPENING.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_check_would_catch_one():
    assert OPENING.search("conn = sqlite3.connect(path)")
    assert OPENING.search("db = sqlite_utils.Database(conn)")


def test_core_db_sets_every_pragma_on_each_connection():
    source = (ROOT / "core" / "db.py").read_text(encoding="utf-8")
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout"):
        assert pragma in source

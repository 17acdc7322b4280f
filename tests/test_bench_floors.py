"""The import benchmark's floor writes what the import writes: a schema change that the floor
does not follow would make ``make bench`` fail, or compare against less work."""

from bench import floors
from core.bureau_file import open_bureau

TABLES = ("activities", "activity_values", "activity_revisions", "activity_history")


def _counts(path) -> dict[str, int]:
    db = open_bureau(path)
    try:
        counts = {t: db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        counts["grams"] = db.conn.execute(
            "SELECT count(*) FROM activity_grams WHERE activity_grams MATCH ?", ("讲",)
        ).fetchone()[0]
        return counts
    finally:
        db.close()


def test_the_floor_writes_the_same_rows_as_the_import(tmp_path, data_dir):
    source = tmp_path / "import.csv"
    floors.write_import_csv(source, 60)
    for name in ("import", "import-floor"):
        floors.fresh_database(tmp_path / f"{name}.db")
        done = floors.CHILDREN[name](str(source), str(tmp_path / f"{name}.db"))
        assert done["rows"] == 60

    assert _counts(tmp_path / "import-floor.db") == _counts(tmp_path / "import.db")
    assert _counts(tmp_path / "import.db")["activity_values"] > 60

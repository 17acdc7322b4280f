"""Searching 零宽 finds a record titled 零\u200b宽 (pasted from a web page or WeChat): in a
file made before the search ignored zero-width characters too, and from the command line."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from core import activities as A
from core import cli, search
from core.bureau_file import open_bureau
from core.template import load_template

FIXTURES = Path(__file__).parent / "fixtures"
PASTED = "零\u200b宽培训班"  # in zero_width_v7.db, with 县\u2060农技中心 and a BOM in 备注
OTHERS = ("乡村振兴讲座", "ＡＩ\u200c应用座谈会")
IN_THE_BIN = "科技\u200b下乡"


def _older_file(tmp_path: Path) -> Path:
    path = tmp_path / "zero_width_v7.db"
    shutil.copy(FIXTURES / "zero_width_v7.db", path)
    return path


def _titles(db, text: str, deleted: bool = False) -> set[str]:
    query = A.ActivityQuery(text=text, deleted=deleted)
    return {a.title for a in A.iter_activities(db, query)}


def test_an_older_file_finds_its_pasted_records_by_what_they_show(tmp_path):
    path = _older_file(tmp_path)
    conn = sqlite3.connect(path)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(activities)")]
    held = ", ".join(c for c in columns if c != "search_text")
    records_before = conn.execute(f"SELECT {held} FROM activities ORDER BY seq").fetchall()
    plain_key = conn.execute("SELECT search_text FROM activities WHERE title = ?", (OTHERS[0],))
    plain_key = plain_key.fetchone()[0]
    conn.close()
    db = open_bureau(path)
    try:
        assert _titles(db, "零宽") == {PASTED}
        assert _titles(db, "县农技中心") == {PASTED}
        assert _titles(db, "照片见") == {PASTED}
        assert _titles(db, "ai应用") == {OTHERS[1]}
        assert _titles(db, "企业代表") == {OTHERS[1]}
        assert _titles(db, "科技下乡", deleted=True) == {IN_THE_BIN}
        # what the clerks typed is as they typed it: only the search key changed
        assert db.conn.execute(f"SELECT {held} FROM activities ORDER BY seq").fetchall() == (
            records_before
        )
        key = db.conn.execute("SELECT search_text FROM activities WHERE title = ?", (OTHERS[0],))
        assert key.fetchone()[0] == plain_key
        # the index forgot the old tokens: once the record is renamed, 零 is in no record
        template = load_template(db)
        (pasted,) = A.iter_activities(db, A.ActivityQuery(text="零宽"), template)
        draft = {"type_id": pasted.type_id, "date": "2026-03-05", "title": "换了名字"}
        A.update_activity(db, pasted.id, A.validate_activity(template, draft))
        assert _titles(db, "零") == set()
        tokens = db.conn.execute(
            "SELECT count(*) FROM activity_grams WHERE activity_grams MATCH '\"零\"'"
        ).fetchone()[0]
        assert tokens == 0
    finally:
        db.close()


def test_a_file_without_zero_width_characters_keeps_its_search_keys(db, template):
    t = template.type_by_name("科普讲座")
    draft = {"type_id": t.id, "date": "2026-03-05", "title": "ＡＢＣ讲座", "notes": "县科技馆"}
    A.add_activity(db, A.validate_activity(template, draft))
    before = db.conn.execute("SELECT seq, search_text FROM activities").fetchall()
    from core.values import has_zero_width

    recomputed = A.recompute_search_keys(db, has_zero_width)
    assert recomputed == 0
    assert db.conn.execute("SELECT seq, search_text FROM activities").fetchall() == before


def test_recomputed_keys_leave_nothing_of_the_old_ones_in_the_index(db, template):
    # A key made another way before (as the next change of search_key may make it):
    # its tokens leave the index with it, or the record would be a candidate for ever.
    t = template.type_by_name("科普讲座")
    draft = {"type_id": t.id, "date": "2026-03-05", "title": "乡村振兴讲座"}
    record = A.add_activity(db, A.validate_activity(template, draft))
    with A.writing(db):
        seq, key = db.conn.execute("SELECT seq, search_text FROM activities").fetchone()
        db.conn.execute(A._DELETE_GRAMS, (seq, search.grams(key)))
        db.conn.execute(A._INSERT_GRAMS, (seq, search.grams("旧法做的键")))
        db.conn.execute("UPDATE activities SET search_text = '旧法做的键'")
        assert A.recompute_search_keys(db, lambda key: key == "旧法做的键") == 1
    assert db.conn.execute("SELECT search_text FROM activities").fetchone()[0] == key
    assert {a.id for a in A.iter_activities(db, A.ActivityQuery(text="振兴"))} == {record.id}
    for token in ("旧法", "键"):
        matched = db.conn.execute(
            "SELECT count(*) FROM activity_grams WHERE activity_grams MATCH ?", (f'"{token}"',)
        ).fetchone()[0]
        assert matched == 0, token


def test_list_search_finds_a_pasted_record_from_the_command_line(capsys, tmp_path):
    path = tmp_path / "d.db"
    for title in ("零\u200b宽讲座", "另一场讲座"):
        argv = ["--db", path, "add", "--type", "科普讲座", "--date", "2026-02-03", "--title", title]
        assert cli.main([str(a) for a in argv]) == 0
    capsys.readouterr()
    argv = ["--db", path, "list", "--search", "零宽", "--format", "json"]
    assert cli.main([str(a) for a in argv]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert [row["title"] for row in json.loads(out)] == ["零\u200b宽讲座"]

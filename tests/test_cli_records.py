"""edit, delete, history, attach, attachments and list --format json's sources (issue 12)."""

import hashlib
import json

import pytest

from core import attachments, cli

LECTURE = ["add", "--type", "科技培训班", "--date", "2026-03-05", "--title", "春季培训",
           "--field", "参训人次=120"]  # fmt: skip


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _add(capsys, db):
    run(capsys, "--db", db, "settings", "--unit", "胡集镇", "--staff", "李四")
    code, out, _ = run(capsys, "--db", db, *LECTURE)
    assert code == 0
    return out.split()[1]


def _listed(capsys, db, *extra):
    code, out, _ = run(capsys, "--db", db, "list", "--format", "json", *extra)
    assert code == 0
    return json.loads(out)


def test_edit_changes_only_what_is_given_and_keeps_the_source(capsys, tmp_path):
    db = tmp_path / "d.db"
    record_id = _add(capsys, db)
    code, out, err = run(capsys, "--db", db, "edit", "--id", record_id, "--title", "秋季培训",
                         "--field", "发放资料=300")  # fmt: skip
    assert (code, err) == (0, "") and "已修改" in out
    (row,) = _listed(capsys, db)
    assert row["title"] == "秋季培训" and row["date"] == "2026-03-05"
    assert row["values"] == {"参训人次": 120, "发放资料": 300}
    assert row["source"]["unit"] == "胡集镇" and row["source"]["staff"] == "李四"
    assert len(row["source"]["database_id"]) >= 32
    assert row["attachments"] == []


def test_edit_refuses_bad_values_and_unknown_ids_with_one_line(capsys, tmp_path):
    db = tmp_path / "d.db"
    record_id = _add(capsys, db)
    code, out, err = run(capsys, "--db", db, "edit", "--id", record_id, "--date", "2026-13-40")
    assert code == 1 and "日期" in err and "(" in err and "Traceback" not in err
    code, _, err = run(capsys, "--db", db, "edit", "--id", "nope", "--title", "x")
    assert code == 1 and "记录不存在" in err
    code, _, err = run(capsys, "--db", db, "edit", "--id", record_id)
    assert code == 1 and "没有要修改的内容" in err
    with pytest.raises(SystemExit) as usage:
        run(capsys, "--db", db, "edit", "--title", "x")
    assert usage.value.code == 2
    assert _listed(capsys, db)[0]["title"] == "春季培训"  # nothing changed


def test_delete_moves_to_the_bin_once(capsys, tmp_path):
    db = tmp_path / "d.db"
    record_id = _add(capsys, db)
    assert run(capsys, "--db", db, "delete", "--id", record_id)[0] == 0
    assert _listed(capsys, db) == []
    assert [r["id"] for r in _listed(capsys, db, "--deleted")] == [record_id]
    code, _, err = run(capsys, "--db", db, "delete", "--id", record_id)
    assert code == 1 and "已在回收站" in err


def test_history_shows_every_change_who_when_before_after(capsys, tmp_path):
    db = tmp_path / "d.db"
    record_id = _add(capsys, db)
    run(capsys, "--db", db, "edit", "--id", record_id, "--title", "秋季培训")
    run(capsys, "--db", db, "delete", "--id", record_id)
    code, out, _ = run(capsys, "--db", db, "history", "--id", record_id)
    assert code == 0
    assert "新增" in out and "修改" in out and "删除" in out and "胡集镇" in out
    assert "活动名称：春季培训 → 秋季培训" in out
    code, out, _ = run(capsys, "--db", db, "history", "--id", record_id, "--format", "json")
    entries = json.loads(out)
    assert [e["action"] for e in entries] == ["add", "edit", "delete"]
    assert entries[1]["changes"] == [
        {"label": "活动名称", "before": "春季培训", "after": "秋季培训"}
    ]
    assert all(e["staff"] == "李四" and e["at"] for e in entries)


def test_attach_and_list_attachments(capsys, tmp_path):
    db = tmp_path / "d.db"
    record_id = _add(capsys, db)
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(b"%PDF-1.4 sign-in sheet")
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    code, out, err = run(capsys, "--db", db, "attach", "--id", record_id, scan, photo)
    assert (code, err) == (0, "") and "签到表.pdf" in out
    code, out, _ = run(capsys, "--db", db, "attachments", "--id", record_id, "--format", "json")
    listed = json.loads(out)
    assert [(a["name"], a["size"]) for a in listed] == [
        ("现场照片.jpg", photo.stat().st_size),
        ("签到表.pdf", scan.stat().st_size),
    ] or [(a["name"], a["size"]) for a in listed] == [
        ("签到表.pdf", scan.stat().st_size),
        ("现场照片.jpg", photo.stat().st_size),
    ]
    expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (scan, photo)}
    assert {a["sha256"] for a in listed} == expected
    assert set(_listed(capsys, db)[0]["attachments"]) == expected
    # stored once per content, under its hash, beside the database
    store = tmp_path / "d.attachments"
    for sha in expected:
        assert (store / sha[:2] / sha).read_bytes() in (scan.read_bytes(), photo.read_bytes())
    # the same file again is one copy; the history says who attached what
    assert run(capsys, "--db", db, "attach", "--id", record_id, scan)[0] == 0
    assert len(list(store.glob("*/*"))) == 2
    out = run(capsys, "--db", db, "history", "--id", record_id)[1]
    assert out.count("添加佐证材料") == 3


def test_attach_refuses_a_missing_or_too_big_file_and_adds_none(capsys, tmp_path, monkeypatch):
    db = tmp_path / "d.db"
    record_id = _add(capsys, db)
    good = tmp_path / "good.txt"
    good.write_text("ok")
    code, _, err = run(capsys, "--db", db, "attach", "--id", record_id, good, tmp_path / "no.jpg")
    assert code == 1 and "不存在" in err
    monkeypatch.setattr(attachments, "MAX_FILE_BYTES", 10)
    big = tmp_path / "大文件.mp4"
    big.write_bytes(b"x" * 11)
    code, _, err = run(capsys, "--db", db, "attach", "--id", record_id, good, big)
    assert code == 1 and "大文件.mp4" in err and "太大" in err and "too big" in err
    assert json.loads(run(capsys, "--db", db, "attachments", "--id", record_id,
                          "--format", "json")[1]) == []  # fmt: skip
    code, _, err = run(capsys, "--db", db, "attach", "--id", "nope", good)
    assert code == 1 and "记录不存在" in err


def test_a_name_is_for_display_only_never_a_path(capsys, tmp_path, db):
    from core import activities
    from core.template import load_template

    template = load_template(db)
    t = template.type_by_name("科普讲座")
    a = activities.add_activity(db, activities.validate_activity(
        template, {"type_id": t.id, "date": "2026-04-01", "title": "讲座"}))  # fmt: skip
    odd = tmp_path / "..\\..\\evil.exe"
    odd.write_bytes(b"MZ")
    (stored,) = attachments.attach_files(db, a.id, [odd])
    assert stored.name == "evil.exe"
    path = attachments.file_of(db, stored)
    assert path.name == stored.sha256 and path.parent.parent == attachments.store_dir(db)


def test_check_reports_a_missing_or_altered_file(capsys, tmp_path):
    db = tmp_path / "d.db"
    record_id = _add(capsys, db)
    one, two = tmp_path / "1.txt", tmp_path / "2.txt"
    one.write_text("一")
    two.write_text("二")
    run(capsys, "--db", db, "attach", "--id", record_id, one, two)
    assert run(capsys, "--db", db, "check")[0] == 0
    sha1 = hashlib.sha256(one.read_bytes()).hexdigest()
    sha2 = hashlib.sha256(two.read_bytes()).hexdigest()
    store = tmp_path / "d.attachments"
    (store / sha1[:2] / sha1).unlink()
    (store / sha2[:2] / sha2).write_text("改过")
    code, _, err = run(capsys, "--db", db, "check")
    assert code == 1 and "缺失" in err and sha1 in err and "改动" in err and sha2 in err


def test_attachments_go_through_backup_and_restore(capsys, tmp_path, data_dir):
    db = tmp_path / "d.db"
    record_id = _add(capsys, db)
    scan = tmp_path / "签到表.png"
    scan.write_bytes(bytes(range(256)) * 100)
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    run(capsys, "--db", db, "attach", "--id", record_id, scan)
    assert run(capsys, "--db", db, "backup")[0] == 0
    (backup,) = (data_dir / "backups").glob("d_*_manual_*.db")
    assert (data_dir / "backups" / "attachments" / sha[:2] / sha).is_file()
    # the file is lost here; the restore brings it back, equal to the original
    store = tmp_path / "d.attachments"
    (store / sha[:2] / sha).unlink()
    assert run(capsys, "--db", db, "check")[0] == 1
    assert run(capsys, "--db", db, "restore", backup)[0] == 0
    restored = store / sha[:2] / sha
    assert hashlib.sha256(restored.read_bytes()).hexdigest() == sha
    assert run(capsys, "--db", db, "check")[0] == 0
    # a backup to a chosen file carries them beside it
    usb = tmp_path / "U盘"
    usb.mkdir()
    assert run(capsys, "--db", db, "backup", "--out", usb / "台账备份.db")[0] == 0
    assert (usb / "attachments" / sha[:2] / sha).read_bytes() == scan.read_bytes()


def test_exchange_export_and_import_from_the_command_line(capsys, tmp_path):
    township, county = tmp_path / "胡集镇.db", tmp_path / "县.db"
    record_id = _add(capsys, township)
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(b"%PDF" * 100)
    run(capsys, "--db", township, "attach", "--id", record_id, scan)
    run(capsys, "--db", county, "settings", "--unit", "某某县科技局", "--staff", "张三")
    package = tmp_path / "胡集镇.tzpkg"
    code, out, err = run(capsys, "--db", township, "exchange", "export", "--out", package)
    assert (code, err) == (0, "") and "1 条记录" in out and "1 个佐证材料" in out
    code, out, _ = run(capsys, "--db", county, "exchange", "import", package, "--dry-run")
    assert code == 0 and "胡集镇" in out and "新增 1 条" in out and "试运行" in out
    assert _listed(capsys, county) == []
    code, out, _ = run(capsys, "--db", county, "exchange", "import", package)
    assert code == 0 and "已导入" in out
    (row,) = _listed(capsys, county)
    assert row["id"] == record_id and row["source"]["unit"] == "胡集镇"
    assert row["attachments"] == [hashlib.sha256(scan.read_bytes()).hexdigest()]
    assert run(capsys, "--db", county, "check")[0] == 0
    code, out, _ = run(capsys, "--db", county, "exchange", "import", package)
    assert code == 0 and "未变 1 条" in out
    # a second default export (what changed since the first: see test_exchange) merges as
    # nothing new; --all holds everything again
    assert (
        run(capsys, "--db", township, "exchange", "export", "--out", tmp_path / "2.tzpkg")[0] == 0
    )
    assert "未变" in run(capsys, "--db", county, "exchange", "import", tmp_path / "2.tzpkg")[1]
    out = run(capsys, "--db", township, "exchange", "export", "--all", "--out",
              tmp_path / "3.tzpkg")[1]  # fmt: skip
    assert "1 条记录" in out
    bad = tmp_path / "坏.tzpkg"
    bad.write_bytes(package.read_bytes()[:200])
    code, out, err = run(capsys, "--db", county, "exchange", "import", bad)
    assert code == 1 and "损坏" in err and "damaged" in err and "Traceback" not in err
    code, _, err = run(capsys, "--db", county, "exchange", "import", tmp_path / "无.tzpkg")
    assert code == 1 and "不存在" in err
    code, _, err = run(capsys, "--db", township, "exchange", "export", "--since", "昨天",
                       "--out", tmp_path / "4.tzpkg")  # fmt: skip
    assert code == 1 and "昨天" in err


def test_runnable_files_are_never_handed_to_a_viewer_and_copies_are_read_only(db, tmp_path):
    from core import activities
    from core.template import load_template

    template = load_template(db)
    t = template.type_by_name("科普讲座")
    a = activities.add_activity(db, activities.validate_activity(
        template, {"type_id": t.id, "date": "2026-04-01", "title": "讲座"}))  # fmt: skip
    files = []
    for name in ("签到表.PDF", "setup.exe", "run.BAT", "无扩展名"):
        path = tmp_path / name
        path.write_bytes(name.encode())
        files.append(path)
    stored = {s.name: s for s in attachments.attach_files(db, a.id, files)}
    assert {n: attachments.may_open(s) for n, s in stored.items()} == {
        "签到表.PDF": True, "setup.exe": False, "run.BAT": False, "无扩展名": False}  # fmt: skip
    copy = attachments.copy_for_viewing(db, stored["签到表.PDF"], tmp_path / "查看")
    assert copy.name == "签到表.PDF" and copy.read_bytes() == "签到表.PDF".encode()
    assert not copy.stat().st_mode & 0o222
    again = attachments.copy_for_viewing(db, stored["签到表.PDF"], tmp_path / "查看")
    assert again == copy
    assert (
        attachments.display_name("..") == "未命名"
        and attachments.display_name("a/b/..") == "未命名"
    )


def test_records_by_unit_for_the_tree(db):
    from core import activities, settings
    from core.template import load_template

    template = load_template(db)
    t = template.type_by_name("科普讲座")
    for unit in ("胡集镇", "王集镇", "胡集镇"):
        settings.set_settings(db, **{settings.UNIT: unit})
        activities.add_activity(db, activities.validate_activity(
            template, {"type_id": t.id, "date": "2026-04-01", "title": unit}))  # fmt: skip
    assert activities.count_by_unit(db) == {"胡集镇": 2, "王集镇": 1}
    query = activities.ActivityQuery(source_unit="王集镇")
    assert [a.title for a in activities.iter_activities(db, query)] == ["王集镇"]


def test_history_shows_a_conflict_with_both_sides(capsys, tmp_path):
    county, township = tmp_path / "县.db", tmp_path / "乡.db"
    record_id = _add(capsys, county)
    run(capsys, "--db", township, "settings", "--unit", "王集镇", "--staff", "赵六")
    run(capsys, "--db", county, "exchange", "export", "--out", tmp_path / "0.tzpkg")
    assert run(capsys, "--db", township, "exchange", "import", tmp_path / "0.tzpkg")[0] == 0
    run(capsys, "--db", county, "edit", "--id", record_id, "--title", "县里改")
    run(capsys, "--db", township, "edit", "--id", record_id, "--title", "乡里改")
    run(capsys, "--db", township, "exchange", "export", "--out", tmp_path / "1.tzpkg")
    code, out, _ = run(capsys, "--db", county, "exchange", "import", tmp_path / "1.tzpkg",
                       "--dry-run")  # fmt: skip
    assert code == 0 and "冲突 1 条" in out and "本库 县里改 | 对方 乡里改" in out
    assert run(capsys, "--db", county, "exchange", "import", tmp_path / "1.tzpkg")[0] == 0
    out = run(capsys, "--db", county, "history", "--id", record_id)[1]
    assert "交换冲突" in out and "未采用的一方" in out
    assert "县里改" in out and "乡里改" in out and "王集镇" in out


def test_a_package_says_how_many_of_its_records_are_in_the_recycle_bin(capsys, tmp_path):
    """The export said 10 条记录 where the list showed 8: two were in the recycle bin."""
    db = tmp_path / "镇.db"
    for title in ("甲", "乙", "丙"):
        run(capsys, "--db", db, "add", "--type", "科普讲座", "--date", "2026-03-05",
            "--title", title)  # fmt: skip
    [first] = [r for r in json.loads(run(capsys, "--db", db, "list", "--format", "json")[1])
               if r["title"] == "甲"]  # fmt: skip
    assert run(capsys, "--db", db, "delete", "--id", first["id"])[0] == 0
    code, out, _ = run(capsys, "--db", db, "exchange", "export", "--all", "--out",
                       tmp_path / "包.tzpkg")  # fmt: skip
    assert code == 0 and "3 条记录" in out and "其中 1 条在回收站" in out

"""The ledger over sources and with its evidence (issue 12): --unit, the 填报单位 column,
the 分单位汇总 sheet, the 佐证材料 column and the evidence zip."""

import hashlib
import zipfile

from openpyxl import load_workbook

from core import activities, attachments, cli, settings
from core.template import load_template


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _add(db, unit, type_name, date, title, **figures):
    settings.set_settings(db, **{settings.UNIT: unit, settings.STAFF: "某人"})
    template = load_template(db)
    t = template.type_by_name(type_name)
    values = {t.field_by_label(label).id: value for label, value in figures.items()}
    draft = {"type_id": t.id, "date": date, "title": title, "values": values}
    return activities.add_activity(db, activities.validate_activity(template, draft))


def _fill(db):
    a = _add(db, "胡集镇", "科技培训班", "2026-03-05", "果树培训", 参训人次=120)
    b = _add(db, "王集镇", "科技培训班", "2026-02-01", "蔬菜/大棚培训", 参训人次=80)
    c = _add(db, "某某县科技局", "科普讲座", "2026-01-10", "科普讲座", 听众人次=300)
    _add(db, "胡集镇", "科技培训班", "2025-03-05", "去年的培训", 参训人次=50)
    return a, b, c


def _rows(ws):
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def _summary(ws, columns):
    """The 汇总 rows by (活动类型, 指标), its merged 活动类型 cells filled down."""
    found, type_name = {}, None
    for r in _rows(ws)[3:]:
        type_name = r[2] or type_name
        found[(type_name, r[3])] = tuple(r[c] for c in columns)
    return found


def _header(ws):
    return _rows(ws)[2]


def test_more_than_one_source_gives_a_unit_column_and_a_unit_summary(db, db_path, tmp_path,
                                                                       capsys):  # fmt: skip
    _fill(db)
    db.close()
    out = tmp_path / "台账.xlsx"
    assert run(capsys, "--db", db_path, "export", "--period", "2026Q1", "--out", out)[0] == 0
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["汇总", "分单位汇总"]
    units = _rows(book["分单位汇总"])
    header = units[2]
    assert header == ["序号", "工作板块", "活动类型", "指标", "单位", "胡集镇", "某某县科技局",
                      "王集镇", "合计"]  # fmt: skip
    summary = {key: value[0] for key, value in _summary(book["汇总"], [5]).items()}
    for row in units[3:]:
        by_unit = dict(zip(header[5:-1], row[5:-1], strict=True))
        assert row[-1] == summary[(row[2], row[3])] == sum(by_unit.values())
        if (row[2], row[3]) == ("科技培训班", "参训人次"):
            assert by_unit == {"胡集镇": 120, "王集镇": 80, "某某县科技局": 0}
    training = book["八、科普宣传与培训"]
    head = _header(training)
    assert head[-1] == "填报单位" and "佐证材料" not in head
    records = _rows(training)[3:6]
    assert [r[-1] for r in records[:3]] == ["某某县科技局", "王集镇", "胡集镇"]


def test_one_unit_only(db, db_path, tmp_path, capsys):
    _fill(db)
    db.close()
    out = tmp_path / "胡集镇.xlsx"
    code, text, _ = run(capsys, "--db", db_path, "export", "--period", "2026Q1",
                        "--unit", "胡集镇", "--out", out)  # fmt: skip
    assert code == 0 and "1 条记录" in text
    book = load_workbook(out)
    assert "分单位汇总" not in book.sheetnames
    assert _rows(book["汇总"])[0][0].startswith("胡集镇")
    summary = _summary(book["汇总"], [5, 6, 7])
    assert summary[("科技培训班", "参训人次")] == (120, 120, 50)
    assert summary[("科普讲座", "听众人次")] == (0, 0, 0)
    assert "填报单位" not in _header(book["八、科普宣传与培训"])
    code, _, err = run(capsys, "--db", db_path, "export", "--period", "2026Q1",
                       "--unit", "李集镇", "--out", out)  # fmt: skip
    assert code == 1 and "李集镇" in err and "胡集镇" in err


def test_evidence_column_and_zip_tree(db, db_path, tmp_path, capsys):
    a, b, _ = _fill(db)
    sign_in, photo = tmp_path / "签到表.pdf", tmp_path / "现场.jpg"
    sign_in.write_bytes(b"%PDF sign")
    photo.write_bytes(b"\xff\xd8 photo")
    attachments.attach_files(db, a.id, [sign_in, photo])
    attachments.attach_files(db, b.id, [sign_in])
    db.close()
    out = tmp_path / "台账.xlsx"
    code, text, _ = run(capsys, "--db", db_path, "export", "--period", "2026Q1", "--out", out,
                        "--with-evidence")  # fmt: skip
    assert code == 0 and "3 个文件" in text
    sheet = load_workbook(out)["八、科普宣传与培训"]
    head = _header(sheet)
    assert head[-2:] == ["填报单位", "佐证材料"]
    evidence = {r[3]: r[-1] for r in _rows(sheet)[3:6]}
    assert evidence["果树培训"] == "2个：签到表.pdf、现场.jpg"
    assert evidence["蔬菜/大棚培训"] == "1个：签到表.pdf"
    assert evidence["科普讲座"] is None
    archive = tmp_path / "台账-佐证材料.zip"
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        assert "台账.xlsx" in names
        assert "八、科普宣传与培训/" in names and "一、科技项目/" in names
        files = sorted(n for n in names if not n.endswith("/") and n != "台账.xlsx")
        assert files == [
            "八、科普宣传与培训/2-2026-02-01-蔬菜／大棚培训/签到表.pdf",
            "八、科普宣传与培训/3-2026-03-05-果树培训/现场.jpg",
            "八、科普宣传与培训/3-2026-03-05-果树培训/签到表.pdf",
        ]
        got = z.read("八、科普宣传与培训/3-2026-03-05-果树培训/现场.jpg")
        assert hashlib.sha256(got).digest() == hashlib.sha256(photo.read_bytes()).digest()
        assert z.read("台账.xlsx") == out.read_bytes()


def test_a_field_removed_from_the_template_held_by_one_unit_only(db, db_path, tmp_path, capsys):
    # The whole ledger keeps the archived field's row (a record holds it); a unit without
    # it has no such row of its own, so its figures were one row short: the export failed
    # with an internal error, and every row after it would have been shifted.
    from core import template_edit as edit

    _fill(db)
    spec = edit.spec_of(load_template(db))
    lecture = next(t for t in edit.iter_items(spec) if getattr(t, "name", "") == "科普讲座")
    lecture.fields = [f for f in lecture.fields if f.label != "听众人次"]
    edit.change_template(db, spec)
    assert load_template(db).type_by_name("科普讲座").field_by_label("听众人次").archived
    db.close()
    out = tmp_path / "台账.xlsx"

    code, _, err = run(capsys, "--db", db_path, "export", "--period", "2026Q1", "--out", out)

    assert code == 0, err
    book = load_workbook(out)
    units = _rows(book["分单位汇总"])
    header = units[2]
    by_row = {(r[2], r[3]): dict(zip(header[5:], r[5:], strict=True)) for r in units[3:]}
    assert by_row[("科普讲座", "听众人次")] == {"胡集镇": 0, "某某县科技局": 300, "王集镇": 0,
                                                "合计": 300}  # fmt: skip
    assert by_row[("科技培训班", "参训人次")] == {"胡集镇": 120, "某某县科技局": 0, "王集镇": 80,
                                                  "合计": 200}  # fmt: skip


def test_a_corrected_unit_name_keeps_one_bureau_one_unit(db, db_path, tmp_path, capsys):
    _add(db, "某某县科学技术局", "科技培训班", "2026-03-05", "培训一", 参训人次=10)
    db.close()
    code, out, _ = run(capsys, "--db", db_path, "settings", "--unit", "某某县科技局")
    assert code == 0 and "1 条记录的填报单位也由“某某县科学技术局”改为了“某某县科技局”" in out
    db_ = __import__("core.bureau_file").bureau_file.open_bureau(db_path)
    _add(db_, "某某县科技局", "科技培训班", "2026-03-06", "培训二", 参训人次=20)
    db_.close()
    out_file = tmp_path / "台账.xlsx"
    assert run(capsys, "--db", db_path, "export", "--period", "2026Q1", "--out", out_file)[0] == 0
    book = load_workbook(out_file)
    assert "分单位汇总" not in book.sheetnames
    code, out, _ = run(capsys, "--db", db_path, "settings", "--unit", "别的名字",
                       "--keep-record-units")  # fmt: skip
    assert code == 0 and "改为了" not in out


def test_an_evidence_file_gone_from_the_store_is_named_the_rest_exported(
    db, db_path, tmp_path, capsys
):
    """导出失败 was said (with a 64-digit path) though the workbook had been written: one
    photo's file was gone (the database copied without its folder)."""
    a, b, _ = _fill(db)
    sign_in, photo = tmp_path / "签到表.pdf", tmp_path / "现场.jpg"
    sign_in.write_bytes(b"%PDF sign")
    photo.write_bytes(b"\xff\xd8 photo")
    attachments.attach_files(db, a.id, [sign_in])
    (gone,) = attachments.attach_files(db, b.id, [photo])
    attachments.file_of(db, gone).unlink()
    db.close()
    out = tmp_path / "台账.xlsx"

    code, text, err = run(capsys, "--db", db_path, "export", "--period", "2026Q1", "--out", out,
                          "--with-evidence")  # fmt: skip

    assert code == 0 and out.exists() and "1 个文件" in text
    assert "现场.jpg" in err and "蔬菜/大棚培训" in err and "没有放进压缩包" in err
    with zipfile.ZipFile(tmp_path / "台账-佐证材料.zip") as z:
        assert [n for n in z.namelist() if n.endswith(".pdf")] != []
        assert not [n for n in z.namelist() if n.endswith(".jpg")]


def test_the_evidence_zip_dates_each_file_when_it_was_attached_not_1980(
    db, db_path, tmp_path, capsys, monkeypatch
):
    """Tester's L6: every entry was dated 1980-01-01 (zip's empty date); in Explorer the
    clerk's photos showed as taken in 1980."""
    import datetime as dt

    a, b, _ = _fill(db)
    photo, sign_in = tmp_path / "现场.jpg", tmp_path / "签到表.pdf"
    photo.write_bytes(b"\xff\xd8 photo")
    sign_in.write_bytes(b"%PDF sign")
    monkeypatch.setattr(attachments, "_now", lambda: "2026-03-06T14:25:31")
    attachments.attach_files(db, a.id, [photo])
    monkeypatch.setattr(attachments, "_now", lambda: "2026-02-02T09:05:00")
    attachments.attach_files(db, b.id, [sign_in])
    db.close()
    out = tmp_path / "台账.xlsx"
    before = dt.datetime.now().replace(microsecond=0) - dt.timedelta(seconds=2)
    code, _, _ = run(capsys, "--db", db_path, "export", "--period", "2026Q1", "--out", out,
                     "--with-evidence")  # fmt: skip
    assert code == 0
    with zipfile.ZipFile(tmp_path / "台账-佐证材料.zip") as z:
        dated = {i.filename: i.date_time for i in z.infolist()}
    assert dated["八、科普宣传与培训/3-2026-03-05-果树培训/现场.jpg"] == (2026, 3, 6, 14, 25, 30)
    assert dated["八、科普宣传与培训/2-2026-02-01-蔬菜／大棚培训/签到表.pdf"] == (
        2026, 2, 2, 9, 5, 0,
    )  # fmt: skip
    for name, when in dated.items():  # the folders and the workbook: when it was exported
        if name.endswith("/") or name == "台账.xlsx":
            assert dt.datetime(*when) >= before, (name, when)

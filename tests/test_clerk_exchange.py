"""Exchange packages as a clerk uses them (issue 12): a township's file and the county's,
one window after the other; the File menu by keys, the dialogs by keys, the result read
back from the databases."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from PySide6.QtCore import QPoint, QSettings
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from core import activities, attachments, backups, exchange, history, settings
from core.bureau_file import open_bureau
from core.template import load_template
from tests import clerk
from tests.clerk import Ctrl, Key, enter, focus, press
from tests.conftest import wait_idle

Alt = clerk.Qt.KeyboardModifier.AltModifier
TODAY = dt.date.today()


class Clock:
    """Changes stamped a minute apart, so which side is newer is never a matter of luck."""

    def __init__(self):
        self.now = dt.datetime(2026, 4, 1, 9, 0, 0)

    def tick(self):
        self.now += dt.timedelta(minutes=1)
        return self.now.isoformat(timespec="seconds")


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    for module in (activities, attachments, exchange):
        monkeypatch.setattr(module, "_now", clock.tick)
    return clock


@pytest.fixture
def town_path(tmp_path):
    path = tmp_path / "胡集镇.db"
    db = open_bureau(path, create=True)
    settings.set_settings(db, **{settings.UNIT: "胡集镇", settings.STAFF: "李四"})
    db.close()
    return path


@pytest.fixture
def county_path(db, db_path):
    """The county's file (某某县科技局, 张三), closed so that only the window holds it."""
    db.close()
    return db_path


@pytest.fixture
def outbox(tmp_path, app):
    """The folder the dialogs offer (the clerk's USB stick)."""
    folder = tmp_path / "U盘"
    folder.mkdir()
    QSettings().setValue("exchange/folder", str(folder))
    QSettings().setValue("export/folder", str(folder))
    return folder


def add_records(path, titles, type_name="科技培训班", **figures):
    db = open_bureau(path)
    template = load_template(db)
    t = template.type_by_name(type_name)
    values = {t.field_by_label(k).id: v for k, v in figures.items()}
    stored = [
        activities.add_activity(
            db,
            activities.validate_activity(
                template,
                {"type_id": t.id, "date": TODAY.isoformat(), "title": title, "values": values},
            ),
        )
        for title in titles
    ]
    db.close()
    return stored


def edit_title(path, activity_id, title):
    db = open_bureau(path)
    template = load_template(db)
    old = activities.get_activity(db, activity_id)
    draft = {"type_id": old.type_id, "date": old.date.isoformat(), "title": title,
             "values": dict(old.values)}  # fmt: skip
    activities.update_activity(db, activity_id, activities.validate_activity(template, draft))
    db.close()


def sync(source, target, tmp_path, name="sync.tzpkg"):
    """What happened before the test: one package from ``source`` merged into ``target``."""
    a, b = open_bureau(source), open_bureau(target)
    package = exchange.export_package(a, tmp_path / name, everything=True).path
    exchange.import_package(b, exchange.read_package(package), target)
    a.close()
    b.close()


def read(path):
    """(id, title, deleted, source unit) of every record, and the count of history entries."""
    db = open_bureau(path)
    rows = db.conn.execute(
        "SELECT id, title, deleted, source_unit FROM activities ORDER BY id"
    ).fetchall()
    entries = db.conn.execute("SELECT count(*) FROM activity_history").fetchone()[0]
    db.close()
    return [tuple(r) for r in rows], entries


def open_window(qtbot, path):
    from gui.main_window import MainWindow
    from gui.session import Session

    window = MainWindow(Session(path))
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, window)
    window.period_bar.set_period(None, emit=True)
    wait_idle(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    return window


def close_window(window):
    window.close()
    window.quitting.wait()


def file_menu(qtbot, mnemonic):
    """Alt+F opens 文件; the letter picks the item, as a clerk does without the mouse."""
    press(qtbot, Key.Key_F, Alt)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()  # where Qt sends the keys while a menu is open
    assert menu.title() == "文件(&F)"
    qtbot.keyClick(menu, mnemonic)
    clerk.settle()


def choose_file(monkeypatch, path):
    """The system's file dialog answers ``path`` (it cannot be driven offscreen)."""
    from gui import file_dialogs

    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: str(path))


def result_text(qtbot):
    """The message that says what was done, read and closed with Enter."""
    box = clerk.wait_dialog(qtbot, QMessageBox, timeout=20_000)
    text = box.text() + "\n" + box.informativeText()
    enter(qtbot)
    qtbot.waitUntil(lambda: not box.isVisible())
    return text


def export_package_by_keys(qtbot, window, outbox):
    from gui.exchange_export_dialog import ExchangeExportDialog

    before = set(outbox.glob("*.tzpkg"))
    file_menu(qtbot, Key.Key_P)  # 导出交换包(&P)…
    dialog = clerk.wait_dialog(qtbot, ExchangeExportDialog)
    assert clerk.field(dialog, "文件名").text().startswith("胡集镇-李四-")
    enter(qtbot)  # 导出: the changes since the last package (the default)
    text = result_text(qtbot)
    (written,) = set(outbox.glob("*.tzpkg")) - before
    return written, text


def open_preview(qtbot, window, monkeypatch, package):
    from gui.exchange_import_dialog import ExchangeImportDialog

    choose_file(monkeypatch, package)
    file_menu(qtbot, Key.Key_G)  # 导入交换包(&G)…
    dialog = clerk.wait_dialog(qtbot, ExchangeImportDialog)
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=10_000)
    return dialog


def shown_counts(dialog):
    return {
        name: int(clerk.field(dialog, name).text())
        for name in (
            "新增",
            "更新",
            "删除",
            "冲突",
            "未变",
            "新佐证材料文件",
            "佐证材料变动",
            "新修改历史",
        )
    }


# --- a package from the township, into the county -----------------------------------


def test_a_package_exported_by_the_menu_is_previewed_and_imported_in_another_file(
    qtbot, town_path, county_path, outbox, monkeypatch, tmp_path, clock
):
    made = add_records(town_path, ["春季水稻栽培技术培训班", "果树修剪培训班", "电商培训班"],
                       参训人次=120)  # fmt: skip
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(b"%PDF-1.4 sign-in sheet" * 100)
    db = open_bureau(town_path)
    attachments.attach_files(db, made[0].id, [scan])
    db.close()

    town = open_window(qtbot, town_path)
    package, said = export_package_by_keys(qtbot, town, outbox)
    assert "3 条记录" in said and "1 个佐证材料文件" in said and str(package) in said
    # the second package holds only what changed since the first (the core remembers)
    close_window(town)
    add_records(town_path, ["科普讲座"], "科普讲座", 听众人次=80)
    town = open_window(qtbot, town_path)
    second, said = export_package_by_keys(qtbot, town, outbox)
    assert "1 条记录" in said
    close_window(town)

    county = open_window(qtbot, county_path)
    county.table.selectRow(0)
    dialog = open_preview(qtbot, county, monkeypatch, package)
    assert "胡集镇" in dialog.status.text() and "李四" in dialog.status.text()
    assert shown_counts(dialog) == {"新增": 3, "更新": 0, "删除": 0, "冲突": 0, "未变": 0,
                                    "新佐证材料文件": 1, "佐证材料变动": 1,
                                    "新修改历史": 0}  # fmt: skip
    assert read(county_path)[0] == []  # a preview writes nothing
    enter(qtbot)  # 导入
    said = result_text(qtbot)
    assert "新增 3 条" in said and "不能用“撤销”撤回" in said
    wait_idle(qtbot, county)
    rows, _ = read(county_path)
    assert sorted(r[1] for r in rows) == sorted(a.title for a in made)
    assert {r[3] for r in rows} == {"胡集镇"}  # the source travels with the records
    assert county.model.rowCount() == 3  # the list shows them
    (backup,) = [b for b in backups.list_backups(county_path) if b.reason == "exchange"]
    assert str(backup.path) in said  # the message names the backup it took
    db = open_bureau(county_path)
    (attached,) = attachments.list_attachments(db, made[0].id)
    assert attached.name == "签到表.pdf"
    db.close()
    # the same package again: everything is here already; Enter closes, nothing is written
    state = read(county_path)
    dialog = open_preview(qtbot, county, monkeypatch, package)
    assert shown_counts(dialog)["未变"] == 3 and not dialog.import_button.isEnabled()
    enter(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, county)
    assert read(county_path) == state
    close_window(county)


def test_an_exchange_import_clears_the_undo_stack_instead_of_undoing_over_it(
    qtbot, town_path, county_path, outbox, monkeypatch, tmp_path, clock
):
    (mine,) = add_records(county_path, ["县局学习会"], "学习会议", 参加人数=20)
    add_records(town_path, ["乡镇培训班"])
    db = open_bureau(town_path)
    package = exchange.export_package(db, tmp_path / "p.tzpkg").path
    db.close()
    county = open_window(qtbot, county_path)
    county.table.selectRow(0)
    county.table.setFocus()
    press(qtbot, Key.Key_Delete)  # an undoable change first
    wait_idle(qtbot, county)
    assert county.undo_stack.canUndo()
    open_preview(qtbot, county, monkeypatch, package)
    enter(qtbot)
    result_text(qtbot)
    wait_idle(qtbot, county)
    assert not county.undo_stack.canUndo()  # its undo would now act over what arrived
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, county)
    rows = {r[1]: r for r in read(county_path)[0]}
    assert rows["县局学习会"][2] == 1 and "乡镇培训班" in rows
    close_window(county)


# --- a conflict, decided by the clerk -------------------------------------------------


def test_a_conflict_is_shown_side_by_side_and_the_clerk_takes_the_other_side_by_keys(
    qtbot, town_path, county_path, outbox, monkeypatch, tmp_path, clock
):
    (x,) = add_records(town_path, ["科技下乡活动"], "科技下乡", 展板=50)
    sync(town_path, county_path, tmp_path)
    edit_title(town_path, x.id, "乡镇改的标题")  # the township first …
    edit_title(county_path, x.id, "县里改的标题")  # … the county later: the county's is newer
    db = open_bureau(town_path)
    package = exchange.export_package(db, tmp_path / "p.tzpkg").path
    db.close()
    _, entries_before = read(county_path)

    county = open_window(qtbot, county_path)
    dialog = open_preview(qtbot, county, monkeypatch, package)
    assert shown_counts(dialog)["冲突"] == 1
    view = dialog.conflict_view
    assert focus() is view.list  # the conflicts first
    assert view.fields.item(0, 0).text() == "活动名称"
    assert (view.fields.item(0, 1).text(), view.fields.item(0, 2).text()) == (
        "县里改的标题", "乡镇改的标题")  # fmt: skip
    ours_head = view.fields.horizontalHeaderItem(1).text()
    theirs_head = view.fields.horizontalHeaderItem(2).text()
    assert ours_head.startswith("✔ 本机（较新）") and "某某县科技局　张三" in ours_head
    assert theirs_head.startswith("对方") and "胡集镇　李四" in theirs_head
    # to the second: two changes of one minute showed the same time, one said 较新
    import re

    assert re.search(r"\d\d:\d\d:\d\d$", ours_head) and re.search(r"\d\d:\d\d:\d\d$", theirs_head)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", view.list.item(0, 2).text())
    assert view.list.item(0, 4).text() == "本机"  # the newer is kept by default
    press(qtbot, Key.Key_T, Alt)  # 采用对方(&T)
    qtbot.waitUntil(view.theirs_button.isChecked)  # a mnemonic clicks as a person sees it
    assert view.list.item(0, 4).text() == "对方（您的选择）"
    assert view.fields.horizontalHeaderItem(2).text().startswith("✔ 对方")
    enter(qtbot)  # 导入
    said = result_text(qtbot)
    assert "冲突 1 条" in said and "1 条冲突按您的选择" in said
    wait_idle(qtbot, county)

    db = open_bureau(county_path)
    assert activities.get_activity(db, x.id).title == "乡镇改的标题"
    entries = history.history_of(db.conn, x.id)
    kept_in_history = [e for e in entries if (e.before or {}).get("title") == "县里改的标题"]
    assert kept_in_history, "the side not taken is lost"
    assert any(e.action == "conflict" for e in entries)
    db.close()
    assert read(county_path)[1] > entries_before
    close_window(county)

    # the choice travels: the township takes the county's package and agrees
    sync(county_path, town_path, tmp_path, "back.tzpkg")
    assert read(town_path)[0] == read(county_path)[0]


def test_the_side_can_be_chosen_with_the_mouse_per_conflict(
    qtbot, town_path, county_path, outbox, monkeypatch, tmp_path, clock
):
    x, y = add_records(town_path, ["示范培训班甲", "示范培训班乙"], 参训人次=30)
    sync(town_path, county_path, tmp_path)
    for record in (x, y):
        edit_title(county_path, record.id, record.title + "（县）")
        edit_title(town_path, record.id, record.title + "（乡镇）")  # the township's is newer
    db = open_bureau(town_path)
    package = exchange.export_package(db, tmp_path / "p.tzpkg").path
    db.close()

    county = open_window(qtbot, county_path)
    dialog = open_preview(qtbot, county, monkeypatch, package)
    view = dialog.conflict_view
    assert [view.list.item(r, 4).text() for r in range(2)] == ["对方", "对方"]
    rect = view.list.visualItemRect(view.list.item(1, 0))
    qtbot.mouseClick(view.list.viewport(), clerk.Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.current().activity_id in (x.id, y.id) and view.list.currentRow() == 1
    second = view.current().activity_id
    cell = view.fields.visualItemRect(view.fields.item(0, 1))
    qtbot.mouseClick(view.fields.viewport(), clerk.Qt.MouseButton.LeftButton, pos=cell.center())
    assert view.ours_button.isChecked() and view.list.item(1, 4).text() == "本机（您的选择）"
    qtbot.mouseClick(dialog.import_button, clerk.Qt.MouseButton.LeftButton)
    result_text(qtbot)
    wait_idle(qtbot, county)
    titles = {r[0]: r[1] for r in read(county_path)[0]}
    first = ({x.id, y.id} - {second}).pop()
    assert titles[second].endswith("（县）") and titles[first].endswith("（乡镇）")
    close_window(county)


# --- packages that must not be imported ---------------------------------------------


def test_a_damaged_package_shows_the_message_and_changes_nothing(
    qtbot, town_path, county_path, outbox, monkeypatch, tmp_path, clock
):
    add_records(town_path, ["培训班一", "培训班二"])
    db = open_bureau(town_path)
    good = exchange.export_package(db, tmp_path / "good.tzpkg").path
    db.close()
    damaged = tmp_path / "损坏.tzpkg"
    damaged.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    before = read(county_path)

    county = open_window(qtbot, county_path)
    dialog = open_preview(qtbot, county, monkeypatch, damaged)
    assert "交换包已损坏或不完整" in dialog.status.text()
    chinese = dialog.status.text().partition(" (")[0]
    assert not any(word in chinese for word in ("zip", "Error", "File"))  # zipfile's English
    assert not dialog.import_button.isEnabled()
    enter(qtbot)  # Enter closes it: there is nothing to import
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, county)
    assert read(county_path) == before
    assert not [b for b in backups.list_backups(county_path) if b.reason == "exchange"]
    close_window(county)


def test_a_package_of_another_template_names_what_is_missing_and_imports_nothing(
    qtbot, town_path, county_path, outbox, monkeypatch, tmp_path, clock
):
    from core import template_edit

    db = open_bureau(town_path)
    spec = template_edit.spec_of(load_template(db))
    spec[0].types.append(template_edit.TypeSpec("", "科技金融对接会", "场"))
    template_edit.change_template(db, spec)
    db.close()
    add_records(town_path, ["首届科技金融对接会"], "科技金融对接会")
    db = open_bureau(town_path)
    package = exchange.export_package(db, tmp_path / "p.tzpkg").path
    db.close()
    before = read(county_path)

    county = open_window(qtbot, county_path)
    dialog = open_preview(qtbot, county, monkeypatch, package)
    assert "模板统一之前不能导入任何记录" in dialog.status.text()
    assert "请对方" in dialog.status.text() and "本库缺少" in dialog.status.text()  # both sides
    assert "科技金融对接会" in dialog.problems_label.text()
    assert not dialog.import_button.isEnabled()
    enter(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, county)
    assert read(county_path) == before
    close_window(county)


# --- the ledger with its evidence -----------------------------------------------------


def test_the_ledger_export_writes_the_evidence_zip_when_its_box_is_ticked(
    qtbot, county_path, outbox, tmp_path
):
    from gui.export_dialog import ExportDialog

    (record,) = add_records(county_path, ["科技活动周启动仪式"], "科技活动周", 展板=30)
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"jpeg" * 500)
    db = open_bureau(county_path)
    attachments.attach_files(db, record.id, [photo])
    db.close()

    county = open_window(qtbot, county_path)
    press(qtbot, Key.Key_E, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ExportDialog)
    clerk.tab_to(qtbot, "")  # past the labelled fields, to the check box …
    while focus() is not dialog.evidence_check:
        clerk.tab(qtbot)
    assert focus().text().replace("(&V)", "") == "同时导出佐证材料"
    press(qtbot, Key.Key_Space)
    assert dialog.evidence_check.isChecked()
    enter(qtbot)
    said = result_text(qtbot)
    assert "佐证材料（1 个文件）" in said
    (archive,) = outbox.glob("*-佐证材料.zip")
    (workbook,) = outbox.glob("*.xlsx")
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        photo_names = [n for n in names if n.endswith("/现场照片.jpg")]
        assert workbook.name in names and len(photo_names) == 1
        assert "科技活动周启动仪式" in photo_names[0]
        assert z.read(photo_names[0]) == photo.read_bytes()
    close_window(county)


def test_the_ledger_export_can_take_one_reporting_unit(
    qtbot, town_path, county_path, outbox, tmp_path, clock
):
    from gui.export_dialog import ExportDialog

    add_records(town_path, ["乡镇培训班甲", "乡镇培训班乙"], 参训人次=40)
    sync(town_path, county_path, tmp_path)
    add_records(county_path, ["县局培训班"], 参训人次=200)

    county = open_window(qtbot, county_path)
    press(qtbot, Key.Key_E, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ExportDialog)
    clerk.tab_to(qtbot, "填报单位")
    units = [focus().itemText(i) for i in range(focus().count())]
    assert units[0] == "全部单位" and set(units[1:]) == {"胡集镇", "某某县科技局"}
    press(qtbot, Key.Key_Home)
    while focus().currentText() != "胡集镇":
        press(qtbot, Key.Key_Down)
    assert clerk.field(dialog, "文件名").text().startswith("胡集镇")
    enter(qtbot)
    said = result_text(qtbot)
    assert "2 条记录" in said
    (workbook,) = outbox.glob("*.xlsx")
    assert workbook.name.startswith("胡集镇")
    close_window(county)


def test_an_attachment_whose_file_is_lost_is_said_by_both_windows(
    qtbot, town_path, county_path, outbox, monkeypatch, tmp_path, clock
):
    import hashlib

    made = add_records(town_path, ["春季培训班"], 参训人次=30)
    scan = tmp_path / "签到表.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n sign-in sheet")
    db = open_bureau(town_path)
    attachments.attach_files(db, made[0].id, [scan])
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    attachments.blob_path(attachments.store_dir(db), sha).unlink()  # lost from the store
    db.close()
    town = open_window(qtbot, town_path)
    package, said = export_package_by_keys(qtbot, town, outbox)
    assert "未放入交换包" in said and "签到表.png" in said and "春季培训班" in said
    close_window(town)
    county = open_window(qtbot, county_path)
    dialog = open_preview(qtbot, county, monkeypatch, package)
    assert "到达时没有文件" in dialog.note.text() and "签到表.png" in dialog.note.text()
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    close_window(county)


def test_a_townships_ledger_is_its_own_records_unless_it_asks_for_all(
    qtbot, town_path, county_path, outbox, tmp_path, clock
):
    """After the county's package (which carries every office's records) the township's
    Ctrl+E, Enter wrote a 胡集镇 ledger of 3 records, the county's among them."""
    from gui.export_dialog import ExportDialog

    add_records(town_path, ["乡镇培训班甲", "乡镇培训班乙"], 参训人次=40)
    add_records(county_path, ["县局培训班"], 参训人次=200)
    sync(county_path, town_path, tmp_path)

    def export(choose_all: bool = False):
        press(qtbot, Key.Key_E, Ctrl)
        dialog = clerk.wait_dialog(qtbot, ExportDialog)
        shown = (clerk.field(dialog, "填报单位").currentText(), dialog.units_note.text())
        if choose_all:
            clerk.tab_to(qtbot, "填报单位")
            press(qtbot, Key.Key_Home)
        enter(qtbot)
        said = result_text(qtbot)
        for written in outbox.glob("*.xlsx"):
            written.unlink()  # handed in: the next one has the same name
        town.activateWindow()
        qtbot.waitUntil(lambda: focus().window() is town)
        return shown, said

    town = open_window(qtbot, town_path)
    (unit, note), said = export()
    assert unit == "胡集镇" and "2 个单位" in note and "全部单位" in note
    assert "2 条记录" in said
    # the county's clerk asks for all of them once; the dialog keeps that choice
    _, said = export(choose_all=True)
    assert "3 条记录" in said
    (unit, _), said = export()
    assert unit == "全部单位" and "3 条记录" in said
    close_window(town)


# --- what the preview says besides the counts -----------------------------------------


def shown_whole(dialog, label) -> bool:
    """``label`` is on screen in full: visible, given the height its wrapped text needs,
    inside the dialog and clear of the counts above it (the dialog once kept its first
    size and squeezed a long note under the figures, its last lines cut off)."""
    if not label.isVisible() or label.height() < label.heightForWidth(label.width()):
        return False
    place = label.geometry().translated(label.parentWidget().mapTo(dialog, QPoint(0, 0)))
    return dialog.rect().contains(place) and not place.intersects(dialog.counts.geometry())


def _sent_after_deleting(town_path, gone, tmp_path):
    """The township deletes ``gone``, then sends everything: a package holding it deleted."""
    db = open_bureau(town_path)
    activities.delete_activities(db, [gone.id])
    package = exchange.export_package(db, tmp_path / "p.tzpkg", everything=True).path
    db.close()
    return package


def test_the_preview_says_which_new_records_arrive_in_the_recycle_bin(
    qtbot, town_path, county_path, outbox, monkeypatch, tmp_path, clock
):
    kept, gone = add_records(town_path, ["春季培训班", "作废的培训班"], 参训人次=40)
    package = _sent_after_deleting(town_path, gone, tmp_path)

    county = open_window(qtbot, county_path)
    dialog = open_preview(qtbot, county, monkeypatch, package)
    assert shown_counts(dialog)["新增"] == 2 and shown_counts(dialog)["删除"] == 0
    note = dialog.note.text()
    # said of the 新增 figure, before the closing words about the backup
    assert "新增的记录中有 1 条对方已经删除" in note and "回收站" in note
    assert note.index("回收站") < note.index("目前什么也没有写入")
    assert shown_whole(dialog, dialog.note)
    enter(qtbot)  # 导入
    said = result_text(qtbot)
    assert "新增 2 条" in said and "新增的记录中有 1 条在回收站里" in said  # the list shows one
    wait_idle(qtbot, county)
    assert county.model.rowCount() == 1
    rows = {r[1]: r[2] for r in read(county_path)[0]}
    assert rows == {"春季培训班": 0, "作废的培训班": 1}
    close_window(county)


def test_the_preview_says_a_field_deleted_here_comes_back_archived(
    qtbot, town_path, county_path, outbox, monkeypatch, tmp_path, clock
):
    """The county added 咨询 to 科技培训班, handed the template out, then deleted 咨询; a
    township's records still use it: the import brings it back 停用, and says so first."""
    from core import template_book, template_edit

    def change_fields(path, change):
        db = open_bureau(path)
        spec = template_edit.spec_of(load_template(db))
        training = next(t for s in spec for t in s.types if t.name == "科技培训班")
        change(training)
        template_edit.change_template(db, spec)
        db.close()

    change_fields(
        county_path, lambda t: t.fields.append(template_edit.FieldSpec("", "咨询", "人次"))
    )
    county_db, town_db = open_bureau(county_path), open_bureau(town_path)
    template_book.export_template(county_db, tmp_path / "模板.xlsx")
    template_book.import_template(
        town_db, template_book.plan_template_import(town_db, tmp_path / "模板.xlsx")
    )
    county_db.close()
    town_db.close()
    _, gone = add_records(town_path, ["咨询培训班", "作废的培训班"], 参训人次=50, 咨询=30)
    change_fields(county_path, lambda t: setattr(
        t, "fields", [f for f in t.fields if f.label != "咨询"]))  # fmt: skip
    package = _sent_after_deleting(town_path, gone, tmp_path)  # two notes, one under another

    county = open_window(qtbot, county_path)
    dialog = open_preview(qtbot, county, monkeypatch, package)
    note = dialog.note.text()
    assert "指标“科技培训班 / 咨询”" in note and "停用" in note
    assert note.index("咨询") < note.index("目前什么也没有写入")
    assert shown_whole(dialog, dialog.note)
    enter(qtbot)  # 导入
    said = result_text(qtbot)
    assert "新增 2 条" in said and "指标“科技培训班 / 咨询”" in said and "停用" in said
    wait_idle(qtbot, county)
    db = open_bureau(county_path)
    back = load_template(db).type_by_name("科技培训班").field_by_label("咨询")
    assert back is not None and back.archived
    db.close()
    close_window(county)

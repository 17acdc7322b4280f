"""Evidence files on a record, as a clerk handles them (issue 12): attach through the file
dialog or by dropping files, see them listed, open one, remove it and take that back."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
)
from PySide6.QtWidgets import QApplication, QFileDialog, QListView, QMessageBox

from core import activities as A
from core import attachments
from tests import clerk
from tests.clerk import Ctrl, Key, NoMod, enter, press, write
from tests.conftest import wait_idle


@pytest.fixture
def main(clerk_window):
    return clerk_window


def add(db, template, title, date="2026-03-05", type_name="科技培训班"):
    t = template.type_by_name(type_name)
    draft = {"type_id": t.id, "date": date, "title": title}
    return A.add_activity(db, A.validate_activity(template, draft))


@pytest.fixture
def record(qtbot, db, template, main):
    stored = add(db, template, "春季果树栽培培训班")
    main.refresh()
    wait_idle(qtbot, main)
    return stored


@pytest.fixture
def files(tmp_path):
    """Two photos and a notice as a clerk has them: Chinese names, in a folder of theirs."""
    folder = tmp_path / "培训 材料"
    folder.mkdir()
    for name, colour in (("现场照片.jpg", "#4a7fb5"), ("签到表.png", "#eeeeee")):
        image = QImage(900, 600, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        assert image.save(str(folder / name))
    (folder / "培训通知.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return folder


def select_record(main, activity_id):
    main.table.setFocus()
    main.table.selectRow(main.model.row_of(activity_id))


def open_evidence(qtbot, main, activity_id):
    from gui.attachments_view import AttachmentsDialog

    select_record(main, activity_id)
    press(qtbot, Key.Key_M, Ctrl)
    return clerk.wait_dialog(qtbot, AttachmentsDialog)


def stored_names(db, activity_id, deleted=False):
    return [a.name for a in attachments.list_attachments(db, activity_id, deleted=deleted)]


def shown_names(dialog):
    view = dialog.view
    return [view.list.item(r).toolTip().split("\n")[0] for r in range(view.list.count())]


def file_rows(listing):
    model, root = listing.model(), listing.rootIndex()
    return {
        model.index(r, 0, root).data(): model.index(r, 0, root) for r in range(model.rowCount(root))
    }


def drop_files(widget, paths, position=None):
    """Files dragged from the file manager and let go over ``widget``."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    at = QPointF(position if position is not None else widget.rect().center())
    action = Qt.DropAction.CopyAction
    enter_event = QDragEnterEvent(at.toPoint(), action, mime, Qt.MouseButton.LeftButton,
                                  Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, enter_event)
    move = QDragMoveEvent(at.toPoint(), action, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, move)
    clerk.settle()
    drop = QDropEvent(at, action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    clerk.settle()
    return enter_event.isAccepted(), drop.isAccepted()


def test_attach_two_files_through_the_file_dialog(qtbot, main, db, record, files):
    dialog = open_evidence(qtbot, main, record.id)
    assert shown_names(dialog) == []
    press(qtbot, Key.Key_A, clerk.Qt.KeyboardModifier.AltModifier)  # 添加文件(A)…
    chooser = clerk.wait_dialog(qtbot, QFileDialog)
    assert chooser.testOption(QFileDialog.Option.DontUseNativeDialog)
    # The file-name field has the focus: the clerk types the folder, then two names.
    write(qtbot, str(files))
    enter(qtbot)
    qtbot.waitUntil(lambda: chooser.directory().absolutePath() == str(files))
    # Two files picked in the list as with the mouse: a click, then a Ctrl+click.
    listing = chooser.findChild(QListView, "listView")
    qtbot.waitUntil(lambda: len(file_rows(listing)) == 3)
    rows = file_rows(listing)
    for name, modifier in (("现场照片.jpg", NoMod), ("培训通知.pdf", Ctrl)):
        rect = listing.visualRect(rows[name])
        qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert len(chooser.selectedFiles()) == 2
    listing.setFocus()
    enter(qtbot)
    qtbot.waitUntil(lambda: not chooser.isVisible())
    wait_idle(qtbot, main)
    assert sorted(stored_names(db, record.id)) == ["培训通知.pdf", "现场照片.jpg"]
    qtbot.waitUntil(lambda: sorted(shown_names(dialog)) == ["培训通知.pdf", "现场照片.jpg"])
    assert "2 个文件" in dialog.view.summary.text()
    # The list's 📎 column counts them, from one query for the page.
    column = next(i for i, c in enumerate(main.model.columns) if c.key == "evidence")
    assert main.model.index(main.model.row_of(record.id), column).data() == "2"


def test_photos_get_thumbnails_and_documents_a_type_icon(qtbot, main, db, record, files):
    from gui.attachments_view import thumbnails, type_icon

    names = ["现场照片.jpg", "签到表.png", "培训通知.pdf"]
    attachments.attach_files(db, record.id, [files / n for n in names])
    dialog = open_evidence(qtbot, main, record.id)
    wait_idle(qtbot, main)
    by_name = {a.name: a for a in attachments.list_attachments(db, record.id)}
    for name, colour in (("现场照片.jpg", "#4a7fb5"), ("签到表.png", "#eeeeee")):
        qtbot.waitUntil(lambda n=name: thumbnails.get(by_name[n].sha256) is not None)
        shown = thumbnails.get(by_name[name].sha256).pixmap(128, 128).toImage()
        # Each photo's own colour is in its thumbnail, shown in the list.
        assert shown.pixelColor(64, 64) == QColor(colour), name
        item = next(dialog.view.list.item(r) for r in range(dialog.view.list.count())
                    if dialog.view.list.item(r).toolTip().startswith(name))  # fmt: skip
        qtbot.waitUntil(lambda i=item, s=shown: i.icon().pixmap(128, 128).toImage() == s)
    # The PDF has no thumbnail: a PDF icon.
    assert thumbnails.get(by_name["培训通知.pdf"].sha256) is None
    items = {dialog.view.list.item(r).toolTip().split("\n")[0]: dialog.view.list.item(r)
             for r in range(dialog.view.list.count())}  # fmt: skip
    pdf_icon = items["培训通知.pdf"].icon().pixmap(128, 128).toImage()
    assert pdf_icon == type_icon("x.pdf").pixmap(128, 128).toImage()


def test_open_hands_the_viewer_a_read_only_copy_never_the_store(
    qtbot, main, db, record, files, monkeypatch
):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    attachments.attach_files(db, record.id, [files / "培训通知.pdf"])
    dialog = open_evidence(qtbot, main, record.id)
    qtbot.waitUntil(lambda: dialog.view.list.count() == 1)
    dialog.view.list.setFocus()
    dialog.view.list.setCurrentRow(0)
    enter(qtbot)  # Enter on a file opens it
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: bool(opened))
    copy = opened[0].toLocalFile()
    store = attachments.store_dir(db)
    assert not copy.startswith(str(store))
    assert copy.endswith("培训通知.pdf")
    with open(copy, "rb") as shown, open(files / "培训通知.pdf", "rb") as original:
        assert shown.read() == original.read()
    import os

    assert not os.stat(copy).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_a_file_that_could_run_is_never_opened(qtbot, main, db, record, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    runnable = tmp_path / "安装程序.exe"
    runnable.write_bytes(b"MZ not really")
    attachments.attach_files(db, record.id, [runnable])
    dialog = open_evidence(qtbot, main, record.id)
    dialog.view.list.setFocus()
    dialog.view.list.setCurrentRow(0)
    enter(qtbot)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    assert "安装程序.exe" in box.text()
    box.done(0)
    wait_idle(qtbot, main)
    assert opened == []


def test_remove_goes_to_the_bin_and_ctrl_z_brings_it_back(qtbot, main, db, record, files):
    attachments.attach_files(db, record.id, [files / "现场照片.jpg", files / "签到表.png"])
    dialog = open_evidence(qtbot, main, record.id)
    dialog.view.list.setFocus()
    row = shown_names(dialog).index("签到表.png")
    dialog.view.list.setCurrentRow(row)
    press(qtbot, Key.Key_Delete)
    wait_idle(qtbot, main)
    assert stored_names(db, record.id) == ["现场照片.jpg"]
    assert stored_names(db, record.id, deleted=True) == ["签到表.png"]  # in the bin
    qtbot.waitUntil(lambda: shown_names(dialog) == ["现场照片.jpg"])
    press(qtbot, Key.Key_Z, Ctrl)  # right there, the removal is taken back
    wait_idle(qtbot, main)
    assert sorted(stored_names(db, record.id)) == ["现场照片.jpg", "签到表.png"]
    qtbot.waitUntil(lambda: len(shown_names(dialog)) == 2)
    press(qtbot, Key.Key_Y, Ctrl)  # and redo removes it again
    wait_idle(qtbot, main)
    assert stored_names(db, record.id) == ["现场照片.jpg"]
    assert main.undo_stack.undoText() == "移除佐证材料“签到表.png”"


def test_a_removed_file_is_restored_from_the_bin_view(qtbot, main, db, record, files):
    attachments.attach_files(db, record.id, [files / "签到表.png"])
    sha = attachments.list_attachments(db, record.id)[0].sha256
    attachments.set_attachment_deleted(db, record.id, sha, True)
    dialog = open_evidence(qtbot, main, record.id)
    assert shown_names(dialog) == []
    qtbot.mouseClick(dialog.view.bin_check, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    qtbot.waitUntil(lambda: shown_names(dialog) == ["签到表.png"])
    dialog.view.list.setFocus()
    dialog.view.list.setCurrentRow(0)
    assert dialog.view.remove_button.text().replace("&", "").startswith("恢复")
    qtbot.mouseClick(dialog.view.remove_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, main)
    assert stored_names(db, record.id) == ["签到表.png"]


def test_files_dropped_on_the_list_are_attached(qtbot, main, db, record, files):
    dialog = open_evidence(qtbot, main, record.id)
    accepted = drop_files(
        dialog.view.list.viewport(), [files / "现场照片.jpg", files / "签到表.png"]
    )
    assert accepted == (True, True)
    wait_idle(qtbot, main)
    assert sorted(stored_names(db, record.id)) == ["现场照片.jpg", "签到表.png"]
    qtbot.waitUntil(lambda: len(shown_names(dialog)) == 2)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    main.activateWindow()  # the desktop gives the window back its focus
    qtbot.waitUntil(main.isActiveWindow)
    main.table.setFocus()
    press(qtbot, Key.Key_Z, Ctrl)  # one drop, one step to take back, from the list too
    wait_idle(qtbot, main)
    assert stored_names(db, record.id) == []


def test_a_web_link_dropped_is_refused(qtbot, main, db, record):
    dialog = open_evidence(qtbot, main, record.id)
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/a.jpg")])
    event = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(dialog.view.list.viewport(), event)
    assert not event.isAccepted()


def test_files_dropped_on_a_row_go_to_that_rows_record(qtbot, main, db, template, files):
    first = add(db, template, "甲培训班", "2026-03-01")
    second = add(db, template, "乙培训班", "2026-03-02")
    main.refresh()
    wait_idle(qtbot, main)
    select_record(main, first.id)
    rect = main.table.visualRect(main.model.index(main.model.row_of(second.id), 2))
    drop_files(main.table.viewport(), [files / "培训通知.pdf"], rect.center())
    assert main.selected_ids() == [second.id]  # the row under the files, shown as they move
    wait_idle(qtbot, main)
    assert stored_names(db, second.id) == ["培训通知.pdf"]
    assert stored_names(db, first.id) == []
    below = main.table.viewport().rect().bottomLeft() + QPoint(20, -5)  # no row there
    assert drop_files(main.table.viewport(), [files / "签到表.png"], below)[1] is False
    wait_idle(qtbot, main)
    assert stored_names(db, first.id) == [] and stored_names(db, second.id) == ["培训通知.pdf"]


def test_a_file_over_the_limit_adds_none_and_says_why(qtbot, main, db, record, files, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_FILE_BYTES", 1000)
    dialog = open_evidence(qtbot, main, record.id)
    small = files / "小.txt"
    small.write_text("签到 12 人", encoding="utf-8")
    drop_files(dialog.view.list.viewport(), [small, files / "现场照片.jpg"])
    wait_idle(qtbot, main)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    assert "现场照片.jpg" in box.text() and "太大" in box.text()
    box.done(0)
    assert stored_names(db, record.id) == []  # the small one neither: all or none
    assert main.undo_stack.count() == 0


def test_an_unreadable_file_adds_none(qtbot, main, db, record, files, tmp_path):
    dialog = open_evidence(qtbot, main, record.id)
    gone = tmp_path / "已删除的照片.jpg"
    drop_files(dialog.view.list.viewport(), [files / "签到表.png", gone])
    wait_idle(qtbot, main)
    box = clerk.wait_dialog(qtbot, QMessageBox)
    assert "已删除的照片.jpg" in box.text()
    box.done(0)
    assert stored_names(db, record.id) == []


def test_the_edit_form_shows_the_records_files_and_takes_a_drop(qtbot, main, db, record, files):
    from gui.activity_dialog import ActivityDialog

    attachments.attach_files(db, record.id, [files / "签到表.png"])
    select_record(main, record.id)
    enter(qtbot)  # Enter edits the record
    form = clerk.wait_dialog(qtbot, ActivityDialog)
    view = form.evidence
    assert [view.list.item(r).toolTip().split("\n")[0] for r in range(view.list.count())] == [
        "签到表.png"
    ]
    drop_files(form, [files / "培训通知.pdf"])
    wait_idle(qtbot, main)
    assert sorted(stored_names(db, record.id)) == ["培训通知.pdf", "签到表.png"]
    qtbot.waitUntil(lambda: view.list.count() == 2)
    form.done(0)


def test_a_new_record_form_keeps_its_evidence_for_the_save(qtbot, main, db, files):
    """Files chosen on a new record wait for 保存 (tests/test_clerk_new_evidence.py):
    nothing is stored while the form is open, nor after it is closed unsaved."""
    from gui.activity_dialog import ActivityDialog
    from gui.pending_evidence import PendingEvidence

    press(qtbot, Key.Key_N, Ctrl)
    form = clerk.wait_dialog(qtbot, ActivityDialog)
    assert isinstance(form.evidence, PendingEvidence)
    drop_files(form.evidence.list, [files / "签到表.png"])
    assert form.evidence.list.count() == 1
    store = attachments.store_dir(db)
    assert not store.exists() or not any(p.is_file() for p in store.rglob("*"))
    form.done(0)
    wait_idle(qtbot, main)
    assert db.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0


def test_the_row_menu_and_the_edit_menu_offer_evidence(qtbot, main, record):
    rect = main.table.visualRect(main.model.index(main.model.row_of(record.id), 2))
    main.table.customContextMenuRequested.emit(rect.center())
    texts = [a.text().replace("&", "") for a in main.row_menu.actions() if not a.isSeparator()]
    main.row_menu.close()
    assert any(t.startswith("佐证材料") for t in texts), texts
    assert main.evidence_action.shortcut().toString() == "Ctrl+M"


def test_a_file_opened_read_only_shows_its_evidence_but_takes_none(
    qtbot, app, db, db_path, template, files
):
    from PySide6.QtGui import QUndoStack

    from gui.attachments_view import AttachmentsView
    from gui.operations import Operations
    from gui.session import Session
    from gui.worker import Worker

    stored = add(db, template, "只读文件里的培训")
    attachments.attach_files(db, stored.id, [files / "签到表.png"])
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # as a closed file is
    session = Session(db_path, read_only=True)
    worker = Worker()
    view = AttachmentsView(session, Operations(session, worker), QUndoStack(), stored.id)
    qtbot.addWidget(view)
    view.show()
    assert view.list.count() == 1
    view.list.setCurrentRow(0)
    assert view.open_button.isEnabled()
    assert not view.add_button.isEnabled() and not view.remove_button.isEnabled()
    assert drop_files(view.list.viewport(), [files / "培训通知.pdf"]) == (False, False)
    worker.wait()
    assert stored_names(db, stored.id) == ["签到表.png"]
    view.close()
    session.close()


def test_two_files_of_one_name_open_as_their_own_copies(
    qtbot, main, db, template, tmp_path, monkeypatch
):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    records = [add(db, template, f"第{n}期培训", f"2026-03-0{n}") for n in (1, 2)]
    for n, record in enumerate(records):
        folder = tmp_path / f"第{n}次"
        folder.mkdir()
        (folder / "照片.jpg").write_bytes(f"第{n}张".encode() * 100)
        attachments.attach_files(db, record.id, [folder / "照片.jpg"])
    main.refresh()
    wait_idle(qtbot, main)
    for record in (*records, records[0]):  # the first one twice: its copy opens again
        dialog = open_evidence(qtbot, main, record.id)
        dialog.view.list.setFocus()
        dialog.view.list.setCurrentRow(0)
        enter(qtbot)
        wait_idle(qtbot, main)
        press(qtbot, Key.Key_Escape)
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())
        main.activateWindow()
        qtbot.waitUntil(main.isActiveWindow)
    contents = []
    for url in opened:
        with open(url.toLocalFile(), "rb") as shown:
            contents.append(shown.read())
    assert contents == ["第0张".encode() * 100, "第1张".encode() * 100, "第0张".encode() * 100]
    assert opened[0] == opened[2] != opened[1]


def test_the_first_file_dialog_opens_in_the_documents_folder(qtbot, main, db, record):
    """The first time on a PC it opened in the program's working folder."""
    import os

    from PySide6.QtCore import QStandardPaths

    dialog = open_evidence(qtbot, main, record.id)
    press(qtbot, Key.Key_A, clerk.Qt.KeyboardModifier.AltModifier)  # 添加文件(A)…
    chooser = clerk.wait_dialog(qtbot, QFileDialog)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = documents if os.path.isdir(documents) else str(Path.home())
    assert chooser.directory().absolutePath() == expected
    chooser.reject()
    dialog.reject()

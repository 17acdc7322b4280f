"""文件 → 从备份恢复 of a backup that lacks evidence files (one an older version made
half-way, the fault sweep's f08): the records come back, and a warning names the files
that did not (it said only 已恢复)."""

import shutil

from PySide6.QtCore import Qt

from core import activities as A
from core import backups
from tests.clerk import press
from tests.test_clerk_restore import (  # noqa: F401 (the fixture closes what a restore opened)
    answer_when_asked,
    no_window_left_behind,
    open_restore_dialog,
    save_a_record_by_keys,
    the_new_window,
)
from tests.test_gui_window import titles

Key = Qt.Key


def test_a_restore_from_a_backup_that_lacks_evidence_says_which_files_did_not_come_back(
    qtbot, clerk_window, db, data_dir, tmp_path
):
    """A half-made backup of an older version: the records come back, and a warning names
    the evidence files that did not (it said only 已恢复)."""
    from core import attachments

    save_a_record_by_keys(qtbot, clerk_window, "有佐证的培训班")
    (record,) = A.iter_activities(db, A.ActivityQuery())
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"jpeg of the sign-in sheet")
    (attached,) = attachments.attach_files(db, record.id, [photo])
    backup = backups.take_backup(db, clerk_window.session.path, "manual")
    attachments.blob_path(attachments.backup_store(backup.path), attached.sha256).unlink()
    shutil.rmtree(attachments.store_dir_for(clerk_window.session.path))

    open_restore_dialog(qtbot)
    said: list = []
    answer_when_asked(qtbot, [Key.Key_Y, Key.Key_Return], said)
    press(qtbot, Key.Key_Return)
    new = the_new_window(qtbot, clerk_window)
    qtbot.waitUntil(lambda: len(said) == 2, timeout=10_000)

    assert titles(new) == ["有佐证的培训班"]
    assert "1 个佐证材料文件" in said[1] and "签到表.jpg" in said[1] and "有佐证的培训班" in said[1]
    new.close()

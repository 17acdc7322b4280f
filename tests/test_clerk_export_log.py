"""A late correction leaves a trace: the export dialog says, as soon as the period is
chosen, that the period was exported before and how many of its records changed since."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from core import activities as A
from core import export_log
from core.periods import parse_period
from tests import clerk
from tests.clerk import Ctrl, Key, focus, press
from tests.conftest import wait_idle

Q1 = parse_period("2026Q1")


def add(db, template, date, title):
    t = template.type_by_name("科普讲座")
    return A.add_activity(db, A.validate_activity(template, {"type_id": t.id, "date": date,
                                                             "title": title}))  # fmt: skip


def back_to(qtbot, window):
    """The main window active again after a dialog, as a click on it makes it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def open_export(qtbot, window):
    from gui.export_dialog import ExportDialog

    back_to(qtbot, window)
    press(qtbot, Key.Key_E, Ctrl)
    return clerk.wait_dialog(qtbot, ExportDialog)


def choose_quarter(qtbot, dialog, name):
    """Tab to the period bar's quarter and step to ``name`` with the arrow keys."""
    for _ in range(10):
        if focus() is dialog.period_bar.part_box:
            break
        clerk.tab(qtbot)
    box = focus()
    assert box is dialog.period_bar.part_box
    press(qtbot, Key.Key_Home)
    while box.currentText() != name:
        press(qtbot, Key.Key_Down)


def test_the_dialog_says_the_period_was_exported_and_what_changed_since(
    qtbot, clerk_window, db, template, tmp_path
):
    window = clerk_window
    for date, title in [("2026-01-10", "一月讲座"), ("2026-02-10", "二月讲座"),
                        ("2026-03-10", "三月讲座"), ("2026-04-10", "四月讲座")]:  # fmt: skip
        add(db, template, date, title)
    QSettings().setValue("export/folder", str(tmp_path))
    window.period_bar.set_period(Q1, emit=True)  # the list shows the first quarter
    wait_idle(qtbot, window)

    dialog = open_export(qtbot, window)
    assert not dialog.earlier_note.isVisible()  # never exported: nothing to say
    clerk.enter(qtbot)
    qtbot.waitUntil(lambda: clerk.message_box() is not None, timeout=20_000)
    clerk.message_box().done(0)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # one unit's records: its own ledger, as the dialog chose
    handed_in = export_log.last_export(db, Q1, "某某县科技局")
    assert (handed_in.records, handed_in.changed) == (3, 0)

    dialog = open_export(qtbot, window)  # at once again: the same ledger
    assert dialog.earlier_note.isVisible()
    said = dialog.earlier_note.text()
    assert said.startswith(f"本期已于 {handed_in.when} 导出过（{handed_in.file_name}，共 3 条）")
    assert "没有变化" in said
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # a late correction: the clerk deletes 二月讲座 from the list
    back_to(qtbot, window)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    row = next(r for r in range(window.model.rowCount())
               if window.model.index(r, 2).data() == "二月讲座")  # fmt: skip
    window.table.selectRow(row)
    press(qtbot, Key.Key_Delete)
    wait_idle(qtbot, window)

    dialog = open_export(qtbot, window)
    said = dialog.earlier_note.text()
    assert dialog.earlier_note.isVisible()
    assert "此后本期有 1 条记录被新增、修改或删除：“二月讲座”" in said
    choose_quarter(qtbot, dialog, "第二季度")
    assert not dialog.earlier_note.isVisible()  # the second quarter was never exported
    choose_quarter(qtbot, dialog, "第一季度")
    assert dialog.earlier_note.isVisible() and dialog.earlier_note.text() == said
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())

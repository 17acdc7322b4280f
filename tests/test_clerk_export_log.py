"""A late correction leaves a trace: the export dialog says, as soon as the period is
chosen, that the period was exported before and how many of its records changed since."""

from __future__ import annotations

import threading

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
    wait_idle(qtbot, window)  # the note is read on the worker
    assert not dialog.earlier_note.isVisible()  # never exported: nothing to say
    clerk.enter(qtbot)
    qtbot.waitUntil(lambda: clerk.message_box() is not None, timeout=20_000)
    clerk.message_box().done(0)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # one unit's records: its own ledger, as the dialog chose
    handed_in = export_log.last_export(db, Q1, "某某县科技局")
    assert (handed_in.records, handed_in.changed) == (3, 0)

    dialog = open_export(qtbot, window)  # at once again: the same ledger
    qtbot.waitUntil(dialog.earlier_note.isVisible)
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
    qtbot.waitUntil(dialog.earlier_note.isVisible)
    said = dialog.earlier_note.text()
    assert "此后本期有 1 条记录被新增、修改或删除：“二月讲座”" in said
    note = dialog.earlier_note  # two lines, read after the dialog was laid out: all in sight
    qtbot.waitUntil(lambda: note.height() >= note.heightForWidth(note.width()))
    choose_quarter(qtbot, dialog, "第二季度")
    wait_idle(qtbot, window)
    assert not dialog.earlier_note.isVisible()  # the second quarter was never exported
    choose_quarter(qtbot, dialog, "第一季度")
    qtbot.waitUntil(dialog.earlier_note.isVisible)
    assert dialog.earlier_note.text() == said
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_stepping_through_the_quarters_waits_for_none_and_ends_on_the_last_chosen(
    qtbot, clerk_window, db, template, tmp_path, monkeypatch
):
    """The history read for a quarter's note takes 0.4 s at 100,000 records: the clerk
    steps through the quarters with the arrow keys and the dialog follows her keys at
    once; the line at the end is the third quarter's, never the second's, read last."""
    window = clerk_window
    for number, name in enumerate(["一季度", "二季度", "三季度"], start=1):
        add(db, template, f"2026-{number * 3:02d}-10", f"{name}讲座")
        period = parse_period(f"2026Q{number}")
        export_log.record_export(db, period, None, f"{name}.xlsx", 1, export_log.history_mark(db))
    QSettings().setValue("export/folder", str(tmp_path))
    window.period_bar.set_period(Q1, emit=True)
    wait_idle(qtbot, window)

    read = export_log.last_export
    second_read = threading.Event()  # the second quarter's read, held until released
    release = threading.Event()
    gui_thread = threading.current_thread()
    on_gui_thread = []

    def slow_last_export(db, period, unit):
        on_gui_thread.append(threading.current_thread() is gui_thread)
        if period.code == "2026Q2":
            second_read.set()
            release.wait(timeout=3)  # on the GUI thread (the fault) it would hang for this
        return read(db, period, unit)

    monkeypatch.setattr(export_log, "last_export", slow_last_export)
    dialog = open_export(qtbot, window)
    qtbot.waitUntil(dialog.earlier_note.isVisible)
    assert "一季度.xlsx" in dialog.earlier_note.text()
    choose_quarter(qtbot, dialog, "第二季度")
    assert second_read.wait(timeout=5)
    press(qtbot, Key.Key_Down)  # on to the third while the second is being read
    assert dialog.period_bar.part_box.currentText() == "第三季度"
    assert not dialog.earlier_note.isVisible()  # no line of a quarter no longer chosen
    release.set()
    wait_idle(qtbot, window)
    assert dialog.earlier_note.isVisible()
    assert "三季度.xlsx" in dialog.earlier_note.text()
    assert not any(on_gui_thread)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_note_says_the_targets_changed_since(qtbot, clerk_window, db, template, tmp_path):
    from core import targets

    window = clerk_window
    add(db, template, "2026-02-10", "二月讲座")
    export_log.record_export(
        db, Q1, None, "一季度.xlsx", 1, export_log.history_mark(db), at="2026-04-01T09:00:00"
    )
    targets.set_target(db, 2026, targets.count_key(template.type_by_name("科普讲座").id), 12)
    window.period_bar.set_period(Q1, emit=True)
    wait_idle(qtbot, window)
    dialog = open_export(qtbot, window)
    qtbot.waitUntil(dialog.earlier_note.isVisible)
    assert dialog.earlier_note.text().endswith(
        "此后本期记录没有变化，但此后年度目标有修改，现在导出的台账将与那次导出的不同。"
    )
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())

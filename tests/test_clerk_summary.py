"""The 汇总 on screen (issue 11, items 3 and 5): a target typed in place, its progress as the
workbook prints it, undo, the records behind a row, and printing to PDF."""

from __future__ import annotations

import datetime as dt

import openpyxl
from PySide6.QtCore import Qt

from core import activities as A
from core import targets
from core.export_xlsx import export_ledger
from core.ledger import compute_ledger
from core.periods import parse_period
from tests import clerk
from tests.clerk import Ctrl, Key, press, write
from tests.conftest import wait_idle


def add(db, template, type_name, date, title):
    t = template.type_by_name(type_name)
    A.add_activity(db, A.validate_activity(template, {"type_id": t.id, "date": date,
                                                      "title": title}))  # fmt: skip


def row_of(dialog, type_name, indicator):
    rows = dialog.model.rows
    return next(
        i for i, r in enumerate(rows)
        if getattr(r, "type_name", None) == type_name and r.indicator == indicator
    )  # fmt: skip


def test_a_target_typed_in_the_summary(qtbot, window, db, template, tmp_path):
    for day in range(1, 7):
        add(db, template, "项目立项", f"2026-0{day}-10", f"立项{day}")
    window.period_bar.set_period(parse_period("2026Q2"), emit=True)
    wait_idle(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Key.Key_L, Ctrl)
    dialog = window.summary_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    row = row_of(dialog, "项目立项", "项数")
    cell = dialog.model.index(row, dialog.model.target_column)
    rect = dialog.table.visualRect(cell)
    dialog.table.scrollTo(cell)
    rect = dialog.table.visualRect(cell)
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    clerk.settle()
    write(qtbot, "8")
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, window)
    lixiang = template.type_by_name("项目立项")
    assert targets.targets_of_year(db, 2026) == {targets.count_key(lixiang.id): 8}
    qtbot.waitUntil(lambda: dialog.model.rows[row].target == 8)
    shown = dialog.model.data(dialog.model.index(row, dialog.model.target_column + 1))
    assert shown == "75.0%"  # 6 of 8
    ledger = compute_ledger(db, template, parse_period("2026Q2"), made_on=dt.date(2026, 7, 1))
    book = openpyxl.load_workbook(export_ledger(ledger, tmp_path / "汇总.xlsx"))["汇总"]
    printed = next(r for r in book.iter_rows(min_row=4, values_only=True) if r[2] == "项目立项")
    assert printed[-2:] == (8, 75.0)  # the same progress in the workbook
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, window)
    assert targets.targets_of_year(db, 2026) == {}

    # The records behind a row: the list shows that type in that period.
    dialog.activateWindow()
    index = dialog.model.index(row, 4)
    dialog._open_records(index)
    wait_idle(qtbot, window)
    titles = sorted(window.model.index(r, 2).data() for r in range(window.model.rowCount()))
    assert titles == ["立项4", "立项5", "立项6"]


def test_the_summary_prints_to_pdf(qtbot, window, db, template, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    add(db, template, "科普讲座", "2026-05-01", "讲座")
    window.period_bar.set_period(parse_period("2026Q2"), emit=True)
    dialog = window.show_summary()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "汇总.pdf"
    printer.setOutputFileName(str(target))
    assert dialog.print_summary(printer)
    assert target.read_bytes()[:4] == b"%PDF" and target.stat().st_size > 2000

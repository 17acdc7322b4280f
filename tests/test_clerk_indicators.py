"""The 统计指标 grid at the keyboard (issue 11, item 2): three values typed, one refused,
one cleared, undone, all read back from the database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core import indicators
from core.periods import Period
from tests import clerk
from tests.clerk import Ctrl, Key, press, write
from tests.conftest import wait_idle


def cell(dialog, name, header):
    model = dialog.model
    row = next(i for i, r in enumerate(model.rows) if r.indicator.name == name)
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == header)  # fmt: skip
    return model.index(row, column)


def click(qtbot, dialog, index):
    rect = dialog.table.visualRect(index)
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    clerk.settle()


def value(db, name, period):
    indicator = indicators.indicator_by_name(db, name)
    rows = indicators.reported_in_year(db, period.year)
    return next((r.value for r in rows if r.indicator_id == indicator.id and r.period == period),
                None)  # fmt: skip


def test_three_values_typed_in_the_grid(qtbot, window, db):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Key.Key_T, Ctrl)
    dialog = window.indicator_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.year_box.setValue(2026)
    wait_idle(qtbot, window)
    assert dialog.model.data(cell(dialog, "高新技术企业总数", "第一季度")) == "—"  # not reported

    click(qtbot, dialog, cell(dialog, "高新技术企业总数", "第一季度"))
    write(qtbot, "35")
    press(qtbot, Key.Key_Tab)  # kept, and on to 第二季度
    write(qtbot, "39")
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, window)
    click(qtbot, dialog, cell(dialog, "技术合同成交额", "1月"))
    write(qtbot, "1,200.5")
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, window)
    assert value(db, "高新技术企业总数", Period("quarter", 2026, 1)) == 35
    assert value(db, "高新技术企业总数", Period("quarter", 2026, 2)) == 39
    assert value(db, "技术合同成交额", Period("month", 2026, 1)) == 1200.5
    assert dialog.model.data(cell(dialog, "高新技术企业总数", "全年")) == "39"  # 期末
    assert dialog.model.data(cell(dialog, "技术合同成交额", "全年")) == "1,200.5"  # 累计

    # A month of a year reported by quarter: refused, saying why; nothing written.
    click(qtbot, dialog, cell(dialog, "高新技术企业总数", "3月"))
    write(qtbot, "36")
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "按季度" in dialog.message.text())
    assert value(db, "高新技术企业总数", Period("month", 2026, 3)) is None

    click(qtbot, dialog, cell(dialog, "高新技术企业总数", "第二季度"))
    press(qtbot, Key.Key_Delete)  # cleared: not reported again
    wait_idle(qtbot, window)
    assert value(db, "高新技术企业总数", Period("quarter", 2026, 2)) is None
    assert dialog.model.data(cell(dialog, "高新技术企业总数", "第二季度")) == "—"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    press(qtbot, Key.Key_Z, Ctrl)  # undo the clearing
    wait_idle(qtbot, window)
    assert value(db, "高新技术企业总数", Period("quarter", 2026, 2)) == 39
    press(qtbot, Key.Key_Z, Ctrl)  # and the 1,200.5
    wait_idle(qtbot, window)
    assert value(db, "技术合同成交额", Period("month", 2026, 1)) is None

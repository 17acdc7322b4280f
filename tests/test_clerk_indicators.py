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


def open_grid(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Key.Key_T, Ctrl)
    dialog = window.indicator_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.year_box.setValue(2026)
    wait_idle(qtbot, window)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_typing_into_a_filled_cell_reached_by_tab_replaces_it(qtbot, window, db):
    """2月 held 12: Tab from 1月 and 5 saved 125 (the digits went after the old ones)."""
    stock = indicators.indicator_by_name(db, "科技支出")
    indicators.set_value(db, stock.id, Period("month", 2026, 2), 12)
    dialog = open_grid(qtbot, window)
    click(qtbot, dialog, cell(dialog, "科技支出", "1月"))
    write(qtbot, "10")
    press(qtbot, Key.Key_Tab)
    wait_idle(qtbot, window)  # the 10 lands while the clerk looks at 2月
    write(qtbot, "5")
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, window)
    assert value(db, "科技支出", Period("month", 2026, 1)) == 10
    assert value(db, "科技支出", Period("month", 2026, 2)) == 5


def test_enter_keeps_the_value_and_goes_down_as_in_a_spreadsheet(qtbot, window, db):
    """12.5, Enter, 8 replaced the 12.5 (Enter stayed on the cell)."""
    dialog = open_grid(qtbot, window)
    click(qtbot, dialog, cell(dialog, "科技支出", "1月"))
    write(qtbot, "12.5")
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, window)
    below = dialog.model.rows[cell(dialog, "科技支出", "1月").row() + 1].indicator.name
    write(qtbot, "8")
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, window)
    assert value(db, "科技支出", Period("month", 2026, 1)) == 12.5
    assert value(db, below, Period("month", 2026, 1)) == 8


def test_a_refused_value_stays_in_its_cell_to_be_put_right(qtbot, window, db):
    """1.2.3 refused: the message says why, and the cell still holds what was typed (it went
    back to — and had to be typed again)."""
    dialog = open_grid(qtbot, window)
    click(qtbot, dialog, cell(dialog, "科技支出", "3月"))
    write(qtbot, "1.2.3")
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.message.text()))
    editor = clerk.focus()
    assert editor.text() == "1.2.3" and dialog.table.currentIndex() == cell(
        dialog, "科技支出", "3月"
    )
    press(qtbot, Key.Key_Backspace, times=4)
    write(qtbot, "2")
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, window)
    assert value(db, "科技支出", Period("month", 2026, 3)) == 12


def test_ctrl_z_in_the_grid_undoes_the_last_value(qtbot, window, db):
    dialog = open_grid(qtbot, window)
    click(qtbot, dialog, cell(dialog, "科技支出", "4月"))
    write(qtbot, "7")
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, window)
    assert value(db, "科技支出", Period("month", 2026, 4)) == 7
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, window)
    assert value(db, "科技支出", Period("month", 2026, 4)) is None
    press(qtbot, Key.Key_Y, Ctrl)
    wait_idle(qtbot, window)
    assert value(db, "科技支出", Period("month", 2026, 4)) == 7


def test_the_row_names_stay_and_a_year_by_quarter_opens_at_its_quarters(qtbot, window, db):
    """UI audit finding 5: scrolled to 第一季度…全年 only the 板块 stayed at the left,
    "二、创新主体培育" twice, and the quarters typed (39, 41) were off to the right."""
    for indicator, number, amount in (("高新技术企业总数", 2, 39), ("高新技术企业总数", 3, 41),
                                      ("科技型中小企业总数", 2, 120)):  # fmt: skip
        indicators.set_value(
            db, indicators.indicator_by_name(db, indicator).id, Period("quarter", 2025, number),
            amount,
        )  # fmt: skip
    dialog = open_grid(qtbot, window)
    dialog.year_box.setValue(2025)
    wait_idle(qtbot, window)
    table, header = dialog.table, dialog.table.verticalHeader()
    names = [
        dialog.model.headerData(r, Qt.Orientation.Vertical) for r in range(len(dialog.model.rows))
    ]
    assert "高新技术企业总数（家）" in names and "科技型中小企业总数（家）" in names
    assert len(set(names)) == len(names)  # each row says which indicator it is
    assert header.isVisible() and header.width() >= header.fontMetrics().horizontalAdvance(
        "高新技术企业总数（家）"
    )
    # the quarters and the year are on screen as the year opens, the values typed among them
    for heading in ("第一季度", "第二季度", "第三季度", "第四季度", "全年"):
        rect = table.visualRect(cell(dialog, "高新技术企业总数", heading))
        assert table.viewport().rect().contains(rect), heading
    assert dialog.model.data(cell(dialog, "高新技术企业总数", "第三季度")) == "41"
    # the name is not a column that scrolls away: the row header holds it
    press(qtbot, Key.Key_End)
    assert table.currentIndex().column() == dialog.model.columnCount() - 1
    assert all(table.isColumnHidden(c) for c in (0, 1))


def test_a_year_by_month_shows_each_quarter_as_its_ledger_gives_it(qtbot, window, db):
    """科技支出 entered in January and March: the grid's 第一季度 said — (not reported)
    where the quarter's ledger says 150. 期末 takes the quarter's latest month."""
    spent = indicators.indicator_by_name(db, "科技支出")
    firms = indicators.indicator_by_name(db, "高新技术企业总数")
    indicators.set_value(db, spent.id, Period("month", 2026, 1), 100)
    indicators.set_value(db, spent.id, Period("month", 2026, 3), 50)
    indicators.set_value(db, firms.id, Period("month", 2026, 2), 30)
    indicators.set_value(db, firms.id, Period("month", 2026, 3), 34)
    dialog = open_grid(qtbot, window)
    assert cell(dialog, "科技支出", "第一季度").data() == "150"
    assert cell(dialog, "高新技术企业总数", "第一季度").data() == "34"
    assert cell(dialog, "科技支出", "第二季度").data() == "—"  # no month of it reported
    assert not cell(dialog, "科技支出", "第一季度").data(Qt.ItemDataRole.EditRole)
    assert "各月" in cell(dialog, "科技支出", "第一季度").data(Qt.ItemDataRole.ToolTipRole)
    dialog.close()

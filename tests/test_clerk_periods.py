"""Half-years and date ranges in the period bar, chosen at the keyboard (issue 11, item 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core import activities as A
from core.periods import parse_period
from tests import clerk
from tests.clerk import Key, press, write
from tests.conftest import wait_idle


def titles(window):
    return sorted(window.model.index(r, 2).data() for r in range(window.model.rowCount()))


def add(db, template, date, title):
    t = template.type_by_name("科普讲座")
    draft = {"type_id": t.id, "date": date, "title": title}
    A.add_activity(db, A.validate_activity(template, draft))


def choose_kind(qtbot, window, name):
    box = window.period_bar.kind_box
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    press(qtbot, Key.Key_Home)
    for _ in range(box.count()):
        if box.currentText() == name:
            return
        press(qtbot, Key.Key_Down)
    raise AssertionError(f"no period kind {name}")


def test_a_half_year_from_the_period_bar(qtbot, window, db, template):
    for date in ("2026-01-02", "2026-06-30", "2026-07-01"):
        add(db, template, date, date)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    choose_kind(qtbot, window, "年度")
    window.period_bar.set_period(parse_period("2026"), emit=True)
    choose_kind(qtbot, window, "半年")
    wait_idle(qtbot, window)
    bar = window.period_bar
    bar.part_box.setFocus()
    qtbot.waitUntil(bar.part_box.hasFocus)
    while bar.part_box.currentText() != "上半年":
        press(qtbot, Key.Key_Up)
    wait_idle(qtbot, window)
    assert bar.period() == parse_period("2026H1")
    assert titles(window) == ["2026-01-02", "2026-06-30"]
    qtbot.mouseClick(bar.next_button, clerk.Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert bar.period() == parse_period("2026H2") and titles(window) == ["2026-07-01"]


def test_a_range_of_days_typed_in_the_period_bar(qtbot, window, db, template):
    for date in ("2026-01-14", "2026-01-15", "2026-06-30", "2026-07-01"):
        add(db, template, date, date)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    choose_kind(qtbot, window, "自定义")
    bar = window.period_bar
    assert bar.first_edit.isVisible() and bar.last_edit.isVisible()
    qtbot.mouseClick(bar.first_edit, clerk.Qt.MouseButton.LeftButton)
    press(qtbot, Key.Key_A, clerk.Ctrl)
    write(qtbot, "2026/1/15")
    press(qtbot, Key.Key_Tab)
    press(qtbot, Key.Key_A, clerk.Ctrl)
    write(qtbot, "2026年6月30日")
    press(qtbot, Key.Key_Tab)
    wait_idle(qtbot, window)
    assert bar.period() == parse_period("2026-01-15..2026-06-30")
    assert titles(window) == ["2026-01-15", "2026-06-30"]
    assert bar.last_edit.text() == "2026-06-30"  # shown the one way once read
    press_at = bar.last_edit
    qtbot.mouseClick(press_at, clerk.Qt.MouseButton.LeftButton)
    press(qtbot, Key.Key_A, clerk.Ctrl)
    write(qtbot, "2026-01-01")  # before the start: not a range, the last one stays
    press(qtbot, Key.Key_Tab)
    wait_idle(qtbot, window)
    assert bar.period() == parse_period("2026-01-15..2026-06-30")
    assert bar.last_edit.text() == "2026-06-30"
    assert window.period_bar.code() == "2026-01-15..2026-06-30"


def test_a_range_starts_from_the_period_shown_and_says_why_a_date_is_refused(
    qtbot, window, db, template
):
    """下半年 then 自定义 began at the current quarter; 2026-02-30 or a start after the end
    went back to the last good date with no word."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.period_bar.set_period(parse_period("2026H2"), emit=True)
    wait_idle(qtbot, window)
    bar = window.period_bar
    box = bar.kind_box  # picked from its list, as with the mouse: the kinds between unseen
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.showPopup()
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    view.setCurrentIndex(box.model().index(box.findText("自定义"), 0))
    qtbot.keyClick(view, Key.Key_Return)
    qtbot.waitUntil(lambda: box.currentText() == "自定义")
    assert (bar.first_edit.text(), bar.last_edit.text()) == ("2026-07-01", "2026-12-31")
    window.activateWindow()  # the list closed: the desktop gives the window back its focus
    qtbot.waitUntil(window.isActiveWindow)
    for typed, said in (("2026-02-30", "2026-02-30"), ("2027-01-15", "晚于")):
        bar.first_edit.setFocus()
        qtbot.waitUntil(bar.first_edit.hasFocus)
        clerk.clear_field(qtbot)
        write(qtbot, typed)
        press(qtbot, Key.Key_Return)
        qtbot.waitUntil(lambda said=said: said in window.statusBar().currentMessage())
        assert bar.period() == parse_period("2026-07-01..2026-12-31")


def test_the_today_button_says_and_goes_to_the_current_period_of_the_mode_shown(qtbot, window):
    """UI audit finding 17: in 月份 mode the button still said 本季度 and went to a quarter."""
    import datetime as dt

    today = dt.date.today()
    bar = window.period_bar
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    expected = {
        "年度": ("本年", str(today.year)),
        "半年": ("本半年", f"{today.year}H{(today.month - 1) // 6 + 1}"),
        "季度": ("本季度", f"{today.year}Q{(today.month - 1) // 3 + 1}"),
        "月份": ("本月", f"{today.year}-{today.month:02d}"),
    }
    for kind, (label, code) in expected.items():
        choose_kind(qtbot, window, kind)
        bar.step(-3)  # away from today first
        wait_idle(qtbot, window)
        assert bar.today_button.text() == label
        bar.today_button.setFocus()
        qtbot.waitUntil(bar.today_button.hasFocus)
        press(qtbot, Key.Key_Space)
        wait_idle(qtbot, window)
        assert bar.kind_box.currentText() == kind
        assert bar.code() == code


def test_the_calendar_has_no_week_numbers_all_its_rows_and_the_year_first(qtbot, window):
    """UI audit finding 16: "十二月 2026", ISO week numbers 49…1, the sixth week cut."""
    from PySide6.QtWidgets import QCalendarWidget, QTableView, QToolButton

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    choose_kind(qtbot, window, "自定义")
    field = window.period_bar.first_edit
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    write(qtbot, "2026-12-15")
    press(qtbot, Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field._popup
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible())
    calendar = popup.findChild(QCalendarWidget)
    assert calendar.verticalHeaderFormat() == QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader
    view = calendar.findChild(QTableView)
    text_height = view.fontMetrics().height()
    rows = view.model().rowCount()  # the day names and six weeks
    assert rows == 7
    for row in range(rows):
        assert view.rowHeight(row) >= text_height, f"row {row} is cut"
    assert view.rowViewportPosition(rows - 1) + view.rowHeight(rows - 1) <= view.viewport().height()

    def heading() -> str:
        buttons = [b for b in calendar.findChildren(QToolButton) if b.isVisible() and b.text()]
        return "".join(b.text() for b in sorted(buttons, key=lambda b: b.x()))

    assert heading() == "2026年12月"
    press(qtbot, Key.Key_PageDown)  # the next month
    assert heading() == "2027年1月"
    press(qtbot, Key.Key_Escape)

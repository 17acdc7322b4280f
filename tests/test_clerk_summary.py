"""The 汇总 on screen (issue 11, items 3 and 5): a target typed in place, its progress as the
workbook prints it, undo, the records behind a row, and printing to PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl
from PySide6.QtCore import Qt

from core import activities as A
from core import figure_cache, indicators, targets
from core.ledger import IndicatorFigure, compute_ledger
from core.periods import parse_period
from core.sample_data import generate_activities
from core.xlsx import export_ledger
from gui.quarter_chart import LAST_YEAR, QUARTERS_ROLE, THIS_YEAR
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


def type_target(qtbot, window, dialog, type_name, indicator, text):
    """Click the row's 年度目标 cell, type ``text``, Enter; returns the row."""
    row = row_of(dialog, type_name, indicator)
    cell = dialog.model.index(row, dialog.model.target_column)
    dialog.table.scrollTo(cell)
    rect = dialog.table.visualRect(cell)
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    clerk.settle()
    write(qtbot, text)
    press(qtbot, Key.Key_Return)
    wait_idle(qtbot, window)
    return row


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
    row = type_target(qtbot, window, dialog, "项目立项", "项数", "8")
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
    assert dialog.printed_title() == f"{window.session.unit_name}　2026年第二季度 汇总"


def open_summary(qtbot, window, code):
    window.period_bar.set_period(parse_period(code), emit=True)
    wait_idle(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Key.Key_L, Ctrl)
    dialog = window.summary_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    wait_idle(qtbot, window)
    return dialog


def shown_figures(dialog):
    return [r for r in dialog.model.rows if not isinstance(r, IndicatorFigure)]


def test_the_summary_keeps_up_with_deletes_undo_and_edits(qtbot, window, db, template):
    """Each change reads only its months again (the cache stays), and what is shown is
    what a fresh connection (the CLI's export) works out."""
    A.add_activities(db, generate_activities(template, 800, dt.date(2025, 1, 1),
                                             dt.date(2026, 12, 31), seed=21))  # fmt: skip
    period = parse_period("2026Q2")
    dialog = open_summary(qtbot, window, "2026Q2")
    cache = figure_cache.attached(window.session.writer)
    assert cache is not None and {2025, 2026} <= cache.years

    def book():
        return compute_ledger(db, template, period, with_records=False).figures

    assert shown_figures(dialog) == book()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    window.table.selectRow(0)
    before = shown_figures(dialog)
    moved = A.get_activity(db, window.selected_ids()[0])
    press(qtbot, Key.Key_Delete)
    wait_idle(qtbot, window)
    assert A.get_activity(db, moved.id).deleted
    assert shown_figures(dialog) == book() != before and cache.years
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, window)
    assert shown_figures(dialog) == book() == before and cache.years
    # An edit that moves a record out of the quarter, into last year.
    reads = cache.reads
    window.ops.update(moved.id, replace(moved, date=dt.date(2025, 5, 5)))
    wait_idle(qtbot, window)
    assert A.get_activity(db, moved.id).date == dt.date(2025, 5, 5)
    assert shown_figures(dialog) == book() and cache.years
    assert cache.reads == reads + 1  # its two days, not the years


def test_the_quarter_charts_are_the_ledgers_quarters(qtbot, window, db, template):
    A.add_activities(db, generate_activities(template, 600, dt.date(2025, 1, 1),
                                             dt.date(2026, 8, 31), seed=22))  # fmt: skip
    stock = indicators.indicator_by_name(db, "高新技术企业总数")
    for quarter, value in ((1, 30), (2, 33), (3, 35)):
        indicators.set_value(db, stock.id, parse_period(f"2025Q{quarter}"), value)
    indicators.set_value(db, stock.id, parse_period("2026Q1"), 38)
    dialog = open_summary(qtbot, window, "2026Q2")
    model = dialog.model
    ledgers = [compute_ledger(db, template, parse_period(f"2026Q{q}"), with_records=False)
               for q in (1, 2, 3, 4)]  # fmt: skip
    checked = 0
    for row, figure in enumerate(shown_figures(dialog)):
        series = model.index(row, model.chart_column).data(QUARTERS_ROLE)
        by_quarter = [next(f for f in ledger.figures if f.row_key == figure.row_key)
                      for ledger in ledgers]  # fmt: skip
        assert series.this_year == tuple(f.current for f in by_quarter)
        assert series.last_year == tuple(f.same_span_last_year for f in by_quarter)
        checked += 1
    assert checked > 50
    row = next(i for i, r in enumerate(model.rows) if getattr(r, "name", "") == stock.name)
    series = model.index(row, model.chart_column).data(QUARTERS_ROLE)
    # 期末: the latest value reported within each quarter; none reported stays None (—).
    assert series.this_year == (38, None, None, None)
    assert series.last_year == (30, 33, 35, None)
    assert series.this_year == tuple(
        next(i.current for i in ledger.indicators if i.name == stock.name) for ledger in ledgers
    )
    assert "38" in model.index(row, model.chart_column).data(Qt.ItemDataRole.ToolTipRole)
    # The bars are painted: this year's colour inside the chart cell of a row with data.
    lecture = next(i for i, r in enumerate(model.rows) if getattr(r, "type_name", "") == "科普讲座")
    cell = model.index(lecture, model.chart_column)
    dialog.table.scrollTo(cell)
    clerk.settle()
    image = dialog.table.viewport().grab(dialog.table.visualRect(cell)).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(image.width())
               for y in range(image.height())}  # fmt: skip
    assert THIS_YEAR.name() in colours and LAST_YEAR.name() in colours


def test_an_indicators_same_quarter_last_year_shows_on_screen(qtbot, window, db):
    """Ctrl+L on 2026Q2: a 累计 indicator's 上年同期 is last year's Q2 alone, beside its
    last year to date, as in the workbook."""
    from core.periods import Period

    flow = indicators.indicator_by_name(db, "科技支出")
    for quarter, value in ((1, 4000), (2, 3000)):
        indicators.set_value(db, flow.id, Period("quarter", 2025, quarter), value)
    window.period_bar.set_period(parse_period("2026Q2"), emit=True)
    wait_idle(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Key.Key_L, Ctrl)
    dialog = window.summary_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    model = dialog.model
    row = next(i for i, r in enumerate(model.rows) if getattr(r, "name", None) == "科技支出")
    shown = {model.headers[c]: model.index(row, c).data() for c in range(len(model.headers))}
    assert (shown["上年同期累计"], shown["上年同期"]) == ("7,000.00", "3,000.00")  # 万元


def test_the_print_button_prints_and_ctrl_z_here_undoes_a_target(
    qtbot, window, db, template, tmp_path, monkeypatch
):
    """打印… did nothing (its click passed False as the printer: a traceback on stderr);
    Ctrl+Z and Ctrl+Y did nothing in this window."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog, QPushButton

    target = tmp_path / "汇总.pdf"

    def print_to_pdf(self):
        self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer().setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", print_to_pdf)
    add(db, template, "项目立项", "2026-05-10", "立项")
    dialog = open_summary(qtbot, window, "2026Q2")
    [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == "打印…"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    assert target.read_bytes()[:4] == b"%PDF"

    type_target(qtbot, window, dialog, "项目立项", "项数", "8")
    lixiang = template.type_by_name("项目立项")
    assert targets.targets_of_year(db, 2026) == {targets.count_key(lixiang.id): 8}
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, window)
    assert targets.targets_of_year(db, 2026) == {}
    press(qtbot, Key.Key_Y, Ctrl)
    wait_idle(qtbot, window)
    assert targets.targets_of_year(db, 2026) == {targets.count_key(lixiang.id): 8}


def test_a_count_target_is_a_whole_number(qtbot, window, db, template):
    """项目立项 项数 took 7.5 as a target (最多两位小数); a money row still takes places."""
    add(db, template, "项目立项", "2026-05-10", "立项")
    dialog = open_summary(qtbot, window, "2026Q2")
    for indicator, typed, kept in (("项数", "7.5", None), ("争取资金", "12.5", 12.5)):
        row = type_target(qtbot, window, dialog, "项目立项", indicator, typed)
        assert dialog.model.rows[row].target == kept
        if kept is None:
            assert "整数" in dialog.message.text()


def test_the_names_in_the_summary_are_shown_whole(qtbot, window, db, template):
    """工作板块 read 四、产学研合作与… at the default widths. A name may wrap onto a second
    line of its cell (the section's cell spans its rows), never be cut."""
    dialog = open_summary(qtbot, window, "2026Q2")
    table, model = dialog.table, dialog.model
    metrics = table.fontMetrics()
    for row in range(model.rowCount()):
        for column in (0, 1, 2):
            rect = table.visualRect(model.index(row, column))  # a merged cell: all of it
            if rect.top() != table.rowViewportPosition(row):
                continue  # inside a merged cell, shown at its top
            text = str(model.index(row, column).data())
            needed = metrics.boundingRect(
                0, 0, rect.width() - 8, 10_000, int(Qt.TextFlag.TextWordWrap), text
            )
            assert needed.width() <= rect.width() - 8 and needed.height() <= rect.height(), text
    assert table.horizontalHeader().stretchLastSection()


def test_every_column_and_the_chart_fit_the_summary_on_a_1366_screen(qtbot, window, db, template):
    """UI audit finding 6: at 1180 px (the 汇总 on a 1366×768 screen at 100 %) the chart
    column was a 10 px sliver, while 工作板块 took 160 px saying 一、科技项目 on every row."""
    from gui.summary_view import CHART_WIDTH

    A.add_activities(db, generate_activities(template, 300, dt.date(2025, 1, 1),
                                             dt.date(2026, 12, 31), seed=6))  # fmt: skip
    dialog = open_summary(qtbot, window, "2026Q4")
    dialog.resize(1180, 640)
    clerk.settle()
    table, model = dialog.table, dialog.model
    room = table.viewport().width()
    assert room < 1180
    chart = model.chart_column
    for column in range(chart):
        assert table.columnViewportPosition(column) + table.columnWidth(column) <= room, (
            model.headers[column]
        )
    assert room - table.columnViewportPosition(chart) >= CHART_WIDTH  # the chart whole
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll to
    # the section once for its rows, not on each
    sections = [str(model.index(r, 0).data()) for r in range(model.rowCount())]
    first = sections.index("一、科技项目")
    run = next(r for r in range(first, len(sections)) if sections[r] != "一、科技项目") - first
    assert table.rowSpan(first, 0) == run > 1


def test_a_quarter_after_the_year_shows_its_targets_not_progress_bars(qtbot, window, db, template):
    """年度 then 季度: the quarter's 年度目标 column drew the year's progress bars (80.0%)
    where the target (5) should be: the year's delegate was never taken off."""
    add(db, template, "科技培训班", "2026-02-03", "培训")
    year = open_summary(qtbot, window, "2026")
    row = type_target(qtbot, window, year, "科技培训班", "期数", "5")
    year.done(0)
    quarter = open_summary(qtbot, window, "2026Q1")
    row = row_of(quarter, "科技培训班", "期数")
    column = quarter.model.target_column
    assert quarter.model.index(row, column).data() in ("5", 5)
    assert quarter.table.itemDelegateForColumn(column) is not quarter.progress_delegate
    assert quarter.table.itemDelegateForColumn(column + 1) is quarter.progress_delegate
    quarter.done(0)


def test_ctrl_a_ctrl_c_in_the_summary_copies_the_table_for_the_work_report(
    qtbot, window, db, template
):
    """Ctrl+C put the current cell alone on the clipboard: the 汇总 could not be pasted
    into WPS or Word as a table."""
    from PySide6.QtWidgets import QApplication

    add(db, template, "科技培训班", "2026-02-03", "培训")
    add(db, template, "科技培训班", "2026-03-03", "培训二")
    dialog = open_summary(qtbot, window, "2026Q1")
    dialog.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.table)
    press(qtbot, Key.Key_A, Ctrl)
    press(qtbot, Key.Key_C, Ctrl)
    lines = QApplication.clipboard().text().splitlines()
    assert len(lines) == dialog.model.rowCount() + 1
    assert lines[0].split("\t")[:5] == ["工作板块", "活动类型", "指标", "单位", "本期"]
    training = next(line.split("\t") for line in lines if "\t科技培训班\t期数\t" in line)
    assert training[4] == "2"  # a number, as the sheet sums it
    assert "<table>" in QApplication.clipboard().mimeData().html()
    dialog.done(0)


def test_a_refused_target_is_said_of_its_period_only(qtbot, window, db, template):
    """A refused target's message stayed when the 汇总 was opened on another period."""
    add(db, template, "科技培训班", "2026-02-03", "培训")
    dialog = open_summary(qtbot, window, "2026Q1")
    type_target(qtbot, window, dialog, "科技培训班", "期数", "7.5")  # a count is whole
    assert dialog.message.text()
    tip = dialog.model.headerData(dialog.model.target_column - 1, Qt.Orientation.Horizontal,
                                  Qt.ItemDataRole.ToolTipRole)  # fmt: skip
    assert tip == "本年累计比上年同期累计增减的百分比"
    dialog.done(0)
    dialog = open_summary(qtbot, window, "2026Q2")
    assert dialog.message.text() == ""
    dialog.done(0)

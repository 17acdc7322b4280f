"""汇总 on screen: the figures of the workbook's 汇总 for the period, from the same
``core/ledger.py`` data, with the annual targets edited in place and their progress.

Rows are the ledger's figures (counts, figures, 其中 rows), then the standing indicators.
The 年度目标 cell takes a number (Enter keeps it, Delete clears it), through the window's
operations and its undo; 完成进度 is drawn as a bar. A double click on a row shows the
records behind it in the list. Ctrl+P prints it (A4 landscape), or saves it as PDF.

The figures are worked out on the worker thread, never on the GUI thread, and kept for
the period until a change of records, values or targets is announced.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QMarginsF,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QColor, QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import figure_cache, targets
from core.errors import TaizhangError
from core.ledger import Figure, IndicatorFigure, Ledger, compute_ledger
from core.periods import Period, current_quarter
from core.quarter_figures import QuarterSeries, quarter_figures
from gui import copied_rows
from gui.operations import OpChanges
from gui.quarter_chart import (
    QUARTERS_ROLE,
    QuarterChartDelegate,
    legend_html,
    paint_legend,
    paint_quarters,
)

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
NOT_REPORTED = "—"
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1
CHART_WIDTH = 128


class SummaryModel(QAbstractTableModel):
    """A ledger's 汇总 rows, read-only but for the 年度目标 column."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.ledger: Ledger | None = None
        self.rows: list[Figure | IndicatorFigure] = []
        self.headers: list[str] = []
        self.quarters: dict[str, QuarterSeries] = {}
        self._target_column = 0
        self.edit_target = None  # callable(row_key, text) set by the view

    def set_ledger(self, ledger: Ledger, quarters: dict[str, QuarterSeries] | None = None) -> None:
        self.beginResetModel()
        self.ledger = ledger
        self.quarters = quarters or {}
        self.rows = [*ledger.figures, *ledger.indicators]
        self._cells: list[list] = []
        self.headers = [
            self.tr("Section"), self.tr("Type"), self.tr("Figure"), self.tr("Unit"),
            self.tr("This period"), self.tr("Year to date"), self.tr("Last year to date"),
        ]  # fmt: skip
        if ledger.shows_same_span_last_year:
            self.headers.append(self.tr("Same span last year"))
        self.headers += [self.tr("Change (%)"), self.tr("Annual target"), self.tr("Progress")]
        self._target_column = len(self.headers) - 2
        self.headers.append(self.tr("By quarter"))
        self._cells = [self.cells(row) for row in self.rows]  # once, not at every paint
        self.endResetModel()

    @property
    def target_column(self) -> int:
        return self._target_column

    @property
    def chart_column(self) -> int:
        return self._target_column + 2

    @property
    def current_quarter(self) -> int:
        """The quarter of the period shown (a quarter or a month), shaded in the charts."""
        period = self.ledger.period if self.ledger else None
        if period is None or period.kind not in ("quarter", "month"):
            return 0
        return (period.end.month - 1) // 3 + 1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        horizontal = orientation == Qt.Orientation.Horizontal
        change = section == self.target_column - 1  # 同比增减(%): of which two figures
        if horizontal and role == Qt.ItemDataRole.ToolTipRole and change:
            return self.tr("Year to date against last year's same span to date, in %")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.target_column:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def cells(self, row: Figure | IndicatorFigure) -> list:
        if isinstance(row, IndicatorFigure):
            head = [
                row.section,
                self.tr("Standing indicator"),
                f"{row.name}（{row.aggregation_name}）",
            ]
        else:
            head = [row.section, row.type_name, row.indicator]
        numbers = [row.current, row.year_to_date, row.last_year]
        same = [row.same_span_last_year] if self.ledger.shows_same_span_last_year else []
        change = row.change_percent
        series = self.quarters.get(row.row_key)
        return [*head, row.unit, *numbers, *same, change, row.target, row.progress, series]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        value = self._cells[index.row()][column]
        if role == PROGRESS_ROLE:
            return row.progress
        if column == self.chart_column:
            if role == QUARTERS_ROLE:
                return value
            if role == Qt.ItemDataRole.ToolTipRole and value is not None:
                return self._quarters_tip(value)
            if role == Qt.ItemDataRole.BackgroundRole and isinstance(row, IndicatorFigure):
                return QColor("#f3f7fb")
            return None
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else _plain(value)
        if role == Qt.ItemDataRole.DisplayRole:
            if column < 4:
                return value
            if column == self.target_column + 1:
                return "" if value is None else f"{value:.1f}%"
            if column == self.target_column - 1:  # 同比增减(%)
                return NOT_REPORTED if value is None else f"{value:.1f}"
            if value is None:
                blank = column >= self.target_column or isinstance(row, Figure)
                return "" if blank else NOT_REPORTED
            return _number(value, row.decimal)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 4:
            return _RIGHT
        if role == Qt.ItemDataRole.TextAlignmentRole and column < 2:  # merged: at the top
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.ToolTipRole and column < 2:
            return value  # the group's name, on any of its rows
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(row, IndicatorFigure):
            return QColor("#f3f7fb")
        return None

    def copied_cell(self, row: int, column: int):
        """A cell as the clipboard takes it: a figure as the number shown, else the text."""
        value = self._cells[row][column]
        if isinstance(value, int | float) and not isinstance(value, bool) and column >= 4:
            if column in (self.target_column - 1, self.target_column + 1):  # 同比, 进度 (%)
                return round(value, 1)
            return round(value, 2) if self.rows[row].decimal else value
        return self.index(row, column).data()

    def _quarters_tip(self, series: QuarterSeries) -> str:
        def shown(value) -> str:
            return NOT_REPORTED if value is None else _number(value)

        lines = [
            self.tr("Quarter %1: %2 this year, %3 last year")
            .replace("%1", str(q + 1))
            .replace("%2", shown(series.this_year[q]))
            .replace("%3", shown(series.last_year[q]))
            for q in range(4)
        ]
        return "\n".join(lines)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != self.target_column:
            return False
        if self.edit_target is not None:
            self.edit_target(self.rows[index.row()], str(value))
        return True


class ProgressDelegate(QStyledItemDelegate):
    """完成进度 as a bar: green at 100 % and above."""

    def paint(self, painter: QPainter, option, index) -> None:
        progress = index.data(PROGRESS_ROLE)
        if progress is None:
            super().paint(painter, option, index)
            return
        painter.save()
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if background is not None:
            painter.fillRect(option.rect, background)
        rect = option.rect.adjusted(3, 4, -3, -4)
        painter.fillRect(rect, QColor("#eeeeee"))
        filled = QRect(rect)
        filled.setWidth(int(rect.width() * min(progress, 100) / 100))
        painter.fillRect(filled, QColor("#4caf50" if progress >= 100 else "#5b9bd5"))
        painter.setPen(QColor("#000000"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{progress:.1f}%")
        painter.restore()


class SummaryDialog(QDialog):
    """The 汇总 of the main window's period, in a window of its own."""

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle(self.tr("Summary"))
        self.resize(1180, 640)
        self.period: Period = window.period_bar.period() or current_quarter()
        self._ledger_for: tuple | None = None
        self.model = SummaryModel(self)
        self.model.edit_target = self._edit_target
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        print_button = QPushButton(self.tr("Print…"))
        print_button.setAutoDefault(False)
        print_button.clicked.connect(lambda: self.print_summary())  # not clicked's False
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(print_button)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(0, QStyledItemDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # A wider window gives its room to the last column, the charts, not to nothing.
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_records)
        self.progress_delegate = ProgressDelegate(self)
        self.chart_delegate = QuarterChartDelegate(self, lambda: self.model.current_quarter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        legend = QLabel(legend_html(self.tr("Last year"), self.tr("This year"),
                                    self.tr("(shaded: the quarter of the period)")))  # fmt: skip
        legend.setStyleSheet("color: #555555;")
        layout.addWidget(legend)
        layout.addWidget(self.message)
        QShortcut(QKeySequence.StandardKey.Print, self, lambda: self.print_summary())
        # A target typed in place is one step, undone here (the stack's other steps: in
        # the window they were made in).
        window.undo_stack.add_keys_to(self, lambda c: getattr(c, "kind", "") == "target")
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self._clear_target)
        # The whole selection, for the 工作总结 in WPS or Word (Qt's own copies one cell).
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy_selection)
        window.ops.changed.connect(self._changed)
        window.period_bar.changed.connect(self._period_changed)
        self.refresh()

    def copy_selection(self) -> None:
        """The selected cells with their headings, as the list copies its rows
        (``gui/copied_rows.py``): figures as numbers a sheet can sum, the rest as text."""
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes and self.table.currentIndex().isValid():
            indexes = [self.table.currentIndex()]
        if not indexes:
            return
        model = self.model
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes} - {model.chart_column})
        table = [[model.headers[c] for c in columns]]
        table += [[model.copied_cell(r, c) for c in columns] for r in rows]
        QApplication.clipboard().setMimeData(copied_rows.mime_data(table))

    # --- the figures ----------------------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        """Work the ledger out on the worker; the same period is not worked out twice."""
        key = (self.period, self.window_.session.template)
        if not force and key == self._ledger_for:
            return
        if key[0] != (self._ledger_for or (None,))[0]:
            self.message.clear()  # a refusal was about the period shown before
        self._ledger_for = key
        period, template = self.period, self.window_.session.template
        self.title.setText(self.tr("Summary of %1").replace("%1", period.name))

        def job(db):
            figure_cache.attach(db)  # sums of months kept from now on (core/figure_cache.py)
            ledger = compute_ledger(db, template, period, with_records=False)
            return ledger, quarter_figures(db, template, period.end.year)

        self.window_.ops.run(job, OpChanges(), self._show)

    def _show(self, result: tuple[Ledger, dict[str, QuarterSeries]]) -> None:
        ledger, quarters = result
        if ledger.period != self.period:
            return  # another period was chosen meanwhile
        current = self.table.currentIndex()
        self.model.set_ledger(ledger, quarters)
        self._group_rows()
        self._fit_columns()
        # A year has a column fewer than a quarter: the delegates move with the layout,
        # and none is left on a column of the layout before (the year's progress bars
        # drew over a quarter's targets).
        for column in range(1, self.model.columnCount()):
            self.table.setItemDelegateForColumn(column, None)
        self.table.setItemDelegateForColumn(self.model.target_column + 1, self.progress_delegate)
        self.table.setItemDelegateForColumn(self.model.chart_column, self.chart_delegate)
        if current.isValid():
            self.table.setCurrentIndex(self.model.index(current.row(), current.column()))

    def _group_rows(self) -> None:
        """工作板块 once for its rows, and 活动类型 once for its own, as merged cells: the
        same 一、科技项目 on twenty rows took 160 px the chart lacked."""
        self.table.clearSpans()
        self._groups: dict[int, list[tuple[int, int, str]]] = {0: [], 1: []}
        model = self.model
        for column in (0, 1):
            start = 0
            for row in range(1, model.rowCount() + 1):
                same = row < model.rowCount() and all(
                    model.index(row, c).data() == model.index(start, c).data()
                    for c in range(column + 1)
                )
                if same:
                    continue
                text = str(model.index(start, column).data() or "")
                self._groups[column].append((start, row - start, text))
                if row - start > 1:
                    self.table.setSpan(start, column, row - start, 1)
                start = row

    def _fit_columns(self) -> None:
        """Every column, the chart too, in 1180 px (the 汇总 on a 1366 screen at 100 %): the
        names wrap in their merged cells (a one-row group gets a taller row), the figures
        as wide as their headings and numbers. Narrower, the table scrolls; no name is cut."""
        model, table = self.model, self.table
        if model.rowCount() == 0:
            return
        metrics = table.fontMetrics()
        pad = 16
        widths = []
        for column in (0, 1):
            half = [metrics.horizontalAdvance(text[: (len(text) + 1) // 2])
                    for _start, _rows, text in self._groups[column]]  # fmt: skip
            heading = metrics.horizontalAdvance(model.headers[column])
            widths.append(max([heading, *half]) + pad)
        for column in range(2, model.chart_column):
            texts = {str(model.index(r, column).data() or "") for r in range(model.rowCount())}
            texts.add(model.headers[column])
            widest = max(metrics.horizontalAdvance(t) for t in texts) + pad
            widths.append(min(widest, 260) if column == 2 else max(widest, 56))
        progress = model.target_column + 1
        widths[progress] = max(widths[progress], 80)  # the bar and its 62.5%
        for column, width in enumerate(widths):
            table.setColumnWidth(column, width)
        table.setColumnWidth(model.chart_column, CHART_WIDTH)
        self._tall_enough_rows(metrics, widths)

    def _tall_enough_rows(self, metrics, widths: list[int]) -> None:
        """A group of one row whose name needs two lines gets a row of two lines."""
        line = self.table.verticalHeader().defaultSectionSize()
        for row in range(self.model.rowCount()):
            self.table.setRowHeight(row, line)
        for column in (0, 1):
            for start, rows, text in self._groups[column]:
                if rows != 1:
                    continue
                box = metrics.boundingRect(
                    0, 0, widths[column] - 8, 10_000, int(Qt.TextFlag.TextWordWrap), text
                )
                if box.height() + 6 > line:
                    self.table.setRowHeight(
                        start, max(self.table.rowHeight(start), box.height() + 6)
                    )

    def _changed(self, changes: OpChanges) -> None:
        if changes.activities or changes.figures or getattr(changes, "template", False):
            self.refresh(force=True)

    def _period_changed(self, period) -> None:
        if period is not None:
            self.period = period
            self.refresh()

    # --- targets --------------------------------------------------------------------

    def _edit_target(self, row, text: str) -> None:
        from gui.undo import SetFigure

        self.message.clear()
        label = row.name if isinstance(row, IndicatorFigure) else f"{row.type_name} {row.indicator}"
        try:
            whole = isinstance(row, Figure) and not row.decimal  # 项数, 家数: no 7.5
            value = targets.parse_target(text, label, whole)
        except TaizhangError as error:
            self.message.setText(str(error))
            return
        if value == row.target:
            return
        year, key, ops = self.period.end.year, row.row_key, self.window_.ops
        undo_text = self.tr("Target of %1").replace("%1", label)

        def apply(number, failed, **checked) -> None:  # undo, redo: gui/undo.py SetFigure
            ops.set_target(year, key, number, on_error=failed, **checked)

        def landed(before) -> None:
            self.window_.undo_stack.push(SetFigure(apply, before, value, undo_text, kind="target"))

        ops.set_target(year, key, value, landed, self.message.setText)

    def _clear_target(self) -> None:
        index = self.table.currentIndex()
        if index.isValid() and index.column() == self.model.target_column:
            row = self.model.rows[index.row()]
            if row.target is not None:
                self._edit_target(row, "")

    # --- the records behind a row, printing ---------------------------------------------

    def _open_records(self, index: QModelIndex) -> None:
        if index.column() == self.model.target_column:
            return
        row = self.model.rows[index.row()]
        if isinstance(row, Figure) and row.type_id:
            window = self.window_
            window.period_bar.set_period(self.period, emit=False)
            window.tree.select(None, row.type_id)
            window.activateWindow()
            window.raise_()

    def print_summary(self, printer=None) -> bool:
        """A4 landscape through Qt's print dialog (a printer, or 打印到文件 as PDF)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageLayout(page_layout())
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        legend = (self.tr("Last year"), self.tr("This year"))
        footer = self.tr("Page %1 of %2")
        return render_summary(printer, self.printed_title(), self.model, legend, footer)

    def printed_title(self) -> str:
        """The paper names who reports: 某某县科技局 2026年第二季度 汇总."""
        unit = self.window_.session.unit_name
        return f"{unit}　{self.title.text()}" if unit else self.title.text()


def page_layout() -> QPageLayout:
    """A4 landscape, with margins a printer can print within (no page is cut at its edge)."""
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                       QMarginsF(12, 10, 12, 10), QPageLayout.Unit.Millimeter)  # fmt: skip


def render_summary(
    printer, title: str, model: SummaryModel, legend=("", ""), footer: str = "%1 / %2"
) -> bool:
    """Draw the 汇总 on ``printer``'s pages, the header again on every page and the page
    number (``footer``: %1 the page, %2 how many) under each."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        dpi = printer.resolution()
        line = int(dpi * 0.22)
        widths_mm = [36, 28, 42, 11] + [19] * (model.columnCount() - 5) + [34]
        scale = page.width() / (sum(widths_mm) * dpi / 25.4)
        widths = [int(w * dpi / 25.4 * scale) for w in widths_mm]
        font = painter.font()
        font.setPointSizeF(8.5)
        painter.setFont(font)

        def header(y: int) -> int:
            bold = painter.font()
            bold.setBold(True)
            painter.setFont(bold)
            bold.setPointSizeF(12)
            painter.setFont(bold)
            painter.drawText(
                QRect(0, y, page.width(), line * 2), Qt.AlignmentFlag.AlignCenter, title
            )
            bold.setPointSizeF(font.pointSizeF())
            painter.setFont(font)
            paint_legend(painter, QRect(0, y + line, page.width(), line), *legend)
            painter.setFont(bold)
            y += line * 2
            x = 0
            for column, width in enumerate(widths):
                cell = QRect(x, y, width, line)
                painter.drawRect(cell)
                text = model.headerData(column, Qt.Orientation.Horizontal)
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, text)
                x += width
            painter.setFont(font)
            return y + line

        pad = max(3, int(dpi * 0.03))
        per_page = max(1, (page.height() - 4 * line) // line)  # title, header, footer
        pages = max(1, -(-model.rowCount() // per_page))

        def page_number(number: int) -> None:
            text = footer.replace("%1", str(number)).replace("%2", str(pages))
            bottom = QRect(0, page.height() - line, page.width(), line)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, text)

        y = header(0)
        above: list = []  # the row printed above on this page
        for row in range(model.rowCount()):
            if row and row % per_page == 0:
                page_number(row // per_page)
                printer.newPage()
                y = header(0)
                above = []
            texts = [str(model.data(model.index(row, c)) or "") for c in range(len(widths))]
            x = 0
            for column, width in enumerate(widths):
                cell = QRect(x, y, width, line)
                x += width
                painter.drawRect(cell)
                if column == model.chart_column:
                    series = model.data(model.index(row, column), QUARTERS_ROLE)
                    if series is not None:
                        paint_quarters(painter, cell, series, model.current_quarter)
                    continue
                if column < 2 and above[: column + 1] == texts[: column + 1]:
                    continue  # the same section (and type) as the row above: said once
                inner = cell.adjusted(pad, 0, -pad, 0)
                text = painter.fontMetrics().elidedText(
                    texts[column], Qt.TextElideMode.ElideRight, inner.width()
                )
                align = Qt.AlignmentFlag.AlignRight if column >= 4 else Qt.AlignmentFlag.AlignLeft
                painter.drawText(inner, align | Qt.AlignmentFlag.AlignVCenter, text)
            above = texts
            y += line
        page_number(pages)
    finally:
        painter.end()
    return True


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _number(value, places: bool = False) -> str:
    """As the workbook prints it: two places for money and fractions (``decimal``)."""
    if places or (isinstance(value, float) and not value.is_integer()):
        return f"{value:,.2f}"
    return f"{int(value):,}"

"""统计指标: the standing indicators of a year, entered month by month or quarter by quarter.

Rows are the indicators, columns the twelve months, the four quarters and the year. A
cell left empty is *not reported* and shows ``—`` (0 is a value). An indicator takes
values per month or per quarter in one year, not both: once a row has one kind, the
cells of the other are greyed and refuse a value, saying why. Type a number over a
cell and press Enter or Tab; Delete clears it. Every change runs through the window's
operations and can be undone (Ctrl+Z) like a change to a record.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core import indicators
from core.errors import TaizhangError
from core.indicators import YearRow
from core.periods import Period
from core.values import MAX_YEAR, MIN_YEAR

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
NOT_REPORTED = "—"
FIRST_VALUE_COLUMN = 3  # after 统计指标, 单位, 汇总方式
PERIOD_COLUMNS = [("month", m) for m in range(1, 13)] + [("quarter", q) for q in range(1, 5)]


class IndicatorModel(QAbstractTableModel):
    """The grid's data: ``edit_requested(indicator_id, Period, value or None)`` asks the
    window to run the change; nothing is written here."""

    edit_requested = Signal(int, object, object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.year = dt.date.today().year
        self.rows: list[YearRow] = []
        # The cell and the text of the last value refused: the clerk puts it right there.
        self.last_refused: tuple[QPersistentModelIndex, str] | None = None
        self._headers = [
            self.tr("Indicator"),
            self.tr("Unit"),
            self.tr("Summed as"),
            *[self.tr("Month %1").replace("%1", str(m)) for m in range(1, 13)],
            self.tr("Q1"),
            self.tr("Q2"),
            self.tr("Q3"),
            self.tr("Q4"),
            self.tr("Whole year"),
        ]

    def set_rows(self, year: int, rows: list[YearRow]) -> None:
        """New values; the same rows of the same year are updated in place, so a cell the
        clerk is typing into meanwhile keeps its editor and what was typed."""
        same = year == self.year and [r.indicator.id for r in rows] == [
            r.indicator.id for r in self.rows
        ]
        if same and rows:
            self.rows = rows
            # A range, never one cell: Qt then leaves open editors alone.
            last = self.index(len(rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.year, self.rows = year, rows
        self.endResetModel()

    def period_of(self, column: int) -> Period | None:
        offset = column - FIRST_VALUE_COLUMN
        if 0 <= offset < len(PERIOD_COLUMNS):
            kind, number = PERIOD_COLUMNS[offset]
            return Period(kind, self.year, number)
        return None

    # --- Qt's model interface -------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical:
            # The row header does not scroll: it names the row (高新技术企业总数（家）), so
            # the quarters far to the right are typed into the right indicator.
            row = self.rows[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return row_name(row)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{row.section_name}：{row_name(row)}，{row.indicator.aggregation_name}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.period_of(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        period = self.period_of(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return row.indicator.name
            if column == 1:
                return row.indicator.unit
            if column == 2:
                return row.indicator.aggregation_name
            value = row.values.get(period.code) if period else row.year_figure
            if role == Qt.ItemDataRole.EditRole:
                return "" if value is None else _number(value)
            if value is None and period is not None:  # a quarter of a year by month
                value = row.quarter_figures.get(period.code)
            return NOT_REPORTED if value is None else _number(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= FIRST_VALUE_COLUMN:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and period is not None:
            if row.kind is not None and row.kind != period.kind:
                return QBrush(QColor("#b0b0b0"))  # this year is reported the other way
            if period.code not in row.values:
                return QBrush(QColor("#808080"))
        other_kind = period is not None and row.kind is not None and row.kind != period.kind
        if role == Qt.ItemDataRole.ToolTipRole and other_kind:
            if period.code in row.quarter_figures:
                return self.tr("Worked out of the months of this quarter, as its ledger gives it")
            by = self.tr("by month") if row.kind == "month" else self.tr("by quarter")
            return self.tr("This year is reported %1").replace("%1", by)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        period = self.period_of(index.column())
        if role != Qt.ItemDataRole.EditRole or period is None:
            return False
        row = self.rows[index.row()]
        try:
            number = indicators.parse_value(row.indicator, value)
        except TaizhangError as error:
            self.last_refused = (QPersistentModelIndex(index), str(value))
            self.refused.emit(str(error))
            return False
        self.last_refused = None
        if number == row.values.get(period.code):
            return False
        self.edit_requested.emit(row.indicator.id, period, number)
        return True


class _KeepWhatIsTyped(QStyledItemDelegate):
    """The cell editor as in a spreadsheet: what it holds is selected, so typing replaces
    it (Tab onto 12 and 5 made 125); an editor the clerk has typed into is not refilled
    when the values are read again (a change of the cell before has just landed); Enter
    keeps the value and goes down (``entered``)."""

    entered = Signal()

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda _text, e=editor: e.setProperty("typed", True))
        return editor

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        if not editor.property("typed"):
            super().setEditorData(editor, index)
            if isinstance(editor, QLineEdit):
                editor.selectAll()

    def eventFilter(self, editor, event) -> bool:  # noqa: N802
        enter = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if event.type() == QEvent.Type.KeyPress and event.key() in enter:
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.entered.emit()
            return True
        return super().eventFilter(editor, event)


class IndicatorTable(QTableView):
    """Delete clears the cells selected, as in a spreadsheet."""

    cleared = Signal(list)  # of QModelIndex

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        deleting = event.matches(QKeySequence.StandardKey.Delete) or (
            event.key() == Qt.Key.Key_Backspace
        )
        if deleting and self.state() != QAbstractItemView.State.EditingState:
            self.cleared.emit(self.selectionModel().selectedIndexes())
            return
        super().keyPressEvent(event)


class IndicatorDialog(QDialog):
    """The grid, in a window of its own beside the main one."""

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle(self.tr("Standing indicators"))
        self.resize(1180, 420)
        self.model = IndicatorModel(self)
        self.model.edit_requested.connect(self._edit)
        self.model.refused.connect(self._say)
        self.year_box = QSpinBox()
        self.year_box.setRange(MIN_YEAR, MAX_YEAR)
        self.year_box.setValue(dt.date.today().year)
        self.year_box.setSuffix(self.tr(" (year)"))
        self.year_box.valueChanged.connect(lambda _y: self.reload())
        earlier, later = QToolButton(), QToolButton()
        earlier.setText("◀")
        later.setText("▶")
        earlier.clicked.connect(lambda: self.year_box.setValue(self.year_box.value() - 1))
        later.clicked.connect(lambda: self.year_box.setValue(self.year_box.value() + 1))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year:")))
        top.addWidget(earlier)
        top.addWidget(self.year_box)
        top.addWidget(later)
        top.addStretch()
        hint = QLabel(
            self.tr(
                "Type a value over a cell, Enter or Tab to keep it; Delete clears it. Empty "
                "(—) means not reported, which is not 0. One year per month or per quarter."
            )
        )
        hint.setWordWrap(True)
        self.table = IndicatorTable()
        self.table.setModel(self.model)
        delegate = _KeepWhatIsTyped(self.table)
        delegate.entered.connect(self._after_enter)
        self.table.setItemDelegate(delegate)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.cleared.connect(self._clear)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # 统计指标 and 单位 are in the row header, which stays at the left.
        self.table.setColumnHidden(0, True)
        self.table.setColumnHidden(1, True)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        metrics = self.table.fontMetrics()
        self.table.setColumnWidth(2, metrics.horizontalAdvance("汇总方式") + 16)
        value_width = max(metrics.horizontalAdvance(t) for t in ("第一季度", "12,345.67")) + 12
        for column in range(FIRST_VALUE_COLUMN, self.model.columnCount()):
            self.table.setColumnWidth(column, value_width)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        window.ops.changed.connect(self._changed)
        window.undo_stack.add_keys_to(self, lambda c: getattr(c, "kind", "") == "indicator")
        self.reload()
        self.table.setFocus()

    def reload(self) -> None:
        year = self.year_box.value()
        current = self.table.currentIndex()
        another_year = year != self.model.year or not self.model.rows
        self.model.set_rows(year, indicators.year_table(self.window_.session.reader, year))
        if another_year or not current.isValid():
            self._go_to_start()
        else:
            self.table.setCurrentIndex(self.model.index(current.row(), current.column()))

    def _go_to_start(self) -> None:
        """A year opens at 1月, or at 第一季度 when it is reported by quarter: its values
        and 全年 on screen, not off to the right of twelve empty months."""
        kinds = [row.kind for row in self.model.rows if row.kind is not None]
        by_quarter = kinds.count("quarter") > kinds.count("month")
        first = FIRST_VALUE_COLUMN + (12 if by_quarter else 0)
        last = self.model.columnCount() - 1
        self.table.scrollTo(self.model.index(0, last if by_quarter else first))
        self.table.setCurrentIndex(self.model.index(0, first))
        self.table.scrollTo(self.model.index(0, first))

    def _changed(self, changes) -> None:
        if changes.figures:
            self.reload()

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _after_enter(self) -> None:
        """Enter: the value kept, on to the cell below; a value refused stays in its
        cell, as typed, to be put right (the message says why)."""
        refused, self.model.last_refused = self.model.last_refused, None
        if refused is not None and refused[0].isValid():
            index = self.model.index(refused[0].row(), refused[0].column())
            self.table.setCurrentIndex(index)
            self.table.edit(index)
            editor = QApplication.focusWidget()
            if isinstance(editor, QLineEdit):
                editor.setText(refused[1])
                editor.setProperty("typed", True)
            return
        current = self.table.currentIndex()
        below = self.model.index(current.row() + 1, current.column())
        if below.isValid():
            self.table.setCurrentIndex(below)

    def _edit(self, indicator_id: int, period: Period, value) -> None:
        """Run the change; once it has landed, it is one step of the window's undo."""
        from gui.undo import SetFigure

        self.message.clear()
        window = self.window_
        name = next(r.indicator.name for r in self.model.rows if r.indicator.id == indicator_id)
        text = self.tr("Set %1 for %2").replace("%1", name).replace("%2", period.name)

        def apply(number, failed, **checked) -> None:  # undo, redo: gui/undo.py SetFigure
            window.ops.set_indicator_value(indicator_id, period, number, on_error=failed, **checked)

        def landed(before) -> None:
            window.undo_stack.push(
                SetFigure(apply, before, value, text, done=True, kind="indicator")
            )

        window.ops.set_indicator_value(indicator_id, period, value, landed, self._say)

    def _clear(self, indexes: list) -> None:
        for index in indexes:
            period = self.model.period_of(index.column())
            row = self.model.rows[index.row()]
            if period is not None and period.code in row.values:
                self._edit(row.indicator.id, period, None)


def row_name(row: YearRow) -> str:
    unit = row.indicator.unit
    return f"{row.indicator.name}（{unit}）" if unit else row.indicator.name


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")

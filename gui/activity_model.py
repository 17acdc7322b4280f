"""The activity table: a model over a core query, fetched a page at a time.

Only the rows already shown are held; Qt asks for more with ``canFetchMore``/
``fetchMore`` as the user scrolls, and each page is one key-set query, so the table is
as quick with 100,000 records as with 100.

The columns follow what is chosen in the tree: one type shows each of its figures as
its own number column (right-aligned, sortable); a section shows the figures of its
types, one column per label and unit, blank where a type lacks it; all records show
the figures as one line of text. Every column that can show a sort arrow sorts, in SQL.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

from core import activities, attachments
from core.activities import Activity, ActivityQuery
from core.errors import TaizhangError
from core.messages import damage
from core.template import Template
from gui.session import Session

ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # read-only rows
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
PAGE = 200

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # a common field, "figures", "figure:IDS" or "text:ID"
    header: str
    sort_key: str | None  # what core sorts by; None: this column does not sort
    field_ids: tuple[int, ...] = ()
    numeric: bool = False
    decimal: bool = False
    width: int = 100


def _tr(text: str) -> str:
    return QCoreApplication.translate("ActivityModel", text)


# (key, header, sort key, width), before and after the figures.
_LEADING = (
    ("date", QT_TRANSLATE_NOOP("ActivityModel", "Date"), "date", 80),  # date_column_width()
    ("type", QT_TRANSLATE_NOOP("ActivityModel", "Type"), "type_id", 120),
    ("title", QT_TRANSLATE_NOOP("ActivityModel", "Title"), "title", 260),
)
SOURCE_COLUMN = ("source_unit", QT_TRANSLATE_NOOP("ActivityModel", "Reporting unit"), "source_unit",
                 120)  # fmt: skip
EVIDENCE_COLUMN = ("evidence", QT_TRANSLATE_NOOP("ActivityModel", "Evidence"), None, 56)
_TRAILING = (
    ("location", QT_TRANSLATE_NOOP("ActivityModel", "Place"), "location", 140),
    ("organizer", QT_TRANSLATE_NOOP("ActivityModel", "Organizer"), "organizer", 130),
    ("partners", QT_TRANSLATE_NOOP("ActivityModel", "Partners"), "partners", 120),
    ("audience", QT_TRANSLATE_NOOP("ActivityModel", "Audience"), "audience", 110),
    ("handler", QT_TRANSLATE_NOOP("ActivityModel", "Handled by"), "handler", 70),
    ("notes", QT_TRANSLATE_NOOP("ActivityModel", "Notes"), "notes", 200),
)
FIGURES_HEADER = QT_TRANSLATE_NOOP("ActivityModel", "Figures")
DETAILS_HEADER = QT_TRANSLATE_NOOP("ActivityModel", "Other fields")
NOT_SORTABLE = QT_TRANSLATE_NOOP("ActivityModel", "This column does not sort")


def columns_for(
    template: Template, section_id: int | None, type_id: int | None, with_source: bool = False
) -> tuple[ColumnSpec, ...]:
    """The table's columns for what the tree has selected.

    ``with_source``: a 填报单位 column, for a file holding more than one unit's records
    (a township's own file shows the same unit on every row: no column).
    """
    leading = [ColumnSpec(k, _tr(h), s, width=w) for k, h, s, w in _LEADING]
    leading[0] = replace(leading[0], width=date_column_width())
    extra = (EVIDENCE_COLUMN, SOURCE_COLUMN) if with_source else (EVIDENCE_COLUMN,)
    trailing = [ColumnSpec(k, _tr(h), s, width=w) for k, h, s, w in (*extra, *_TRAILING)]
    return (*leading, *_figure_columns(template, section_id, type_id), *trailing)


RANGE_SEPARATOR = " ~ "  # between the first and the last day of a record's dates


def date_column_width() -> int:
    """A date's width in the table's font (2026-09-30 and the cell's margins): a fixed
    150 px was twice that, room 主要指标 lacked at 125 % and 150 %."""
    return QFontMetrics(QGuiApplication.font()).horizontalAdvance("2026-09-30") + 16


def range_column_width() -> int:
    """The longest the 日期 column says, a range of two dates (2026-11-20 ~ 2026-11-21):
    the column's width while a record with an end date is shown, not before."""
    longest = f"2026-09-30{RANGE_SEPARATOR}2026-09-30"
    return QFontMetrics(QGuiApplication.font()).horizontalAdvance(longest) + 16


def _has_range(activity: Activity) -> bool:
    return activity.end_date is not None and activity.end_date != activity.date


def _figure_columns(
    template: Template, section_id: int | None, type_id: int | None
) -> list[ColumnSpec]:
    if type_id is not None and type_id in template.types_by_id:
        columns = []
        for f in template.type(type_id).fields:
            if f.is_numeric:
                key = f"figure:{f.id}"
                columns.append(ColumnSpec(key, f.label_with_unit, key, (f.id,), True,
                                          f.kind == "decimal", 90))  # fmt: skip
            else:
                key = f"text:{f.id}"
                columns.append(ColumnSpec(key, f.label, key, (f.id,), width=100))
        return columns
    section = next((s for s in template.sections if s.id == section_id), None)
    if section is None:
        return [ColumnSpec("figures", _tr(FIGURES_HEADER), None, width=240)]
    columns = []
    merged: dict[tuple[str, str], list] = {}  # label and unit → [field ids, decimal]
    has_details = False
    for activity_type in section.types:
        for f in activity_type.fields:
            if not f.is_numeric:
                has_details = True
                continue
            entry = merged.setdefault((f.label, f.unit), [[], False])
            entry[0].append(f.id)
            entry[1] = entry[1] or f.kind == "decimal"
    for (label, unit), (ids, decimal) in merged.items():
        key = "figure:" + ",".join(map(str, ids))
        heading = f"{label}（{unit}）" if unit else label
        columns.append(ColumnSpec(key, heading, key, tuple(ids), True, decimal, 90))
    if has_details:
        columns.append(ColumnSpec("details", _tr(DETAILS_HEADER), None, width=160))
    return columns


class ActivityModel(QAbstractTableModel):
    failed = Signal(str)  # the rows could not be read

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[Activity] = []
        self._cursor: tuple | int | None = None
        self._seqs: list[int] | None = None  # the whole order, when no index serves it
        self._query = ActivityQuery(limit=PAGE)
        self._changing = False
        self._evidence: dict[str, int] = {}  # record id → files attached, for rows read
        self.with_source = False  # whether the columns include 填报单位 (``columns_for``)
        self.columns: tuple[ColumnSpec, ...] = columns_for(session.template, None, None)
        self.has_ranges = False  # a row read has an end date: 日期 needs range_column_width()

    # --- what is shown ---------------------------------------------------------

    @property
    def template(self) -> Template:
        return self.session.template

    @property
    def query(self) -> ActivityQuery:
        return self._query

    def set_query(self, query: ActivityQuery) -> None:
        """Show the records matching ``query`` from the top."""
        self._query = replace(query, limit=PAGE, after=None)
        self._reset_to(PAGE)

    def set_columns(self, columns: tuple[ColumnSpec, ...]) -> bool:
        """New columns (the tree's choice changed); False if they are the same as now.

        A sort by a column that is gone falls back to the newest first.
        """
        if columns == self.columns:
            return False
        self.beginResetModel()
        self.columns = columns
        if not any(c.sort_key == self._query.order_by for c in columns):
            self._query = replace(self._query, order_by="date", descending=True)
        self.endResetModel()
        return True

    def sorted_column(self) -> int:
        return next(
            (i for i, c in enumerate(self.columns) if c.sort_key == self._query.order_by), 0
        )

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].sort_key is not None

    def reload(self) -> None:
        """Read again after a change, keeping as many rows loaded as before."""
        self._reset_to(max(len(self._rows), PAGE))

    def _page(self, after: tuple | int | None) -> activities.Page:
        """The page after ``after``; a damaged file (opened read-only) ends the list, with
        a word.

        An order an index serves pages by key (``after`` is the last row's sort value and
        seq). Any other order (pinyin, a figure) is worked out once for the whole list in
        ``_reset_to``; its pages are slices of it (``after`` is a position).
        """
        try:
            if self._seqs is None:
                query = replace(self._query, after=after)
                page = activities.query_activities(self.session.reader, query, self.template)
            else:
                start = after or 0
                chunk = self._seqs[start : start + PAGE]
                end = start + len(chunk)
                rows = activities.activities_at(self.session.reader, chunk)
                page = activities.Page(rows, end if end < len(self._seqs) else None)
            self._count_evidence(page.activities)
            return page
        except sqlite3.DatabaseError as error:
            damaged = TaizhangError("db_damaged", path=self.session.path, details=damage(error))
            self.failed.emit(str(damaged))
            return activities.Page([], None)

    def _count_evidence(self, rows: list[Activity]) -> None:
        """The files attached to a page's records: one query for the page, not one a row."""
        found = attachments.attachments_of(self.session.reader, [a.id for a in rows])
        for activity in rows:
            self._evidence[activity.id] = len(found.get(activity.id, ()))

    def evidence_count(self, activity_id: str) -> int:
        return self._evidence.get(activity_id, 0)

    def _reset_to(self, at_least: int) -> None:
        """Read the first ``at_least`` rows afresh, then swap them in as one reset."""
        self._seqs = None
        self._evidence = {}
        if self._query.order_by not in activities.INDEXED_ORDERS:
            try:
                self._seqs = activities.sorted_seqs(self.session.reader, self._query, self.template)
            except sqlite3.DatabaseError:
                self._seqs = []  # _page says what happened
        rows: list[Activity] = []
        cursor: tuple | int | None = None
        while True:
            page = self._page(cursor)
            rows.extend(page.activities)
            cursor = page.cursor
            if cursor is None or len(rows) >= at_least:
                break
        self._changing = True  # views may ask to fetch while a change is announced
        self.beginResetModel()
        self._rows, self._cursor = rows, cursor
        self.has_ranges = any(map(_has_range, rows))
        self.endResetModel()
        self._changing = False

    def activity(self, row: int) -> Activity:
        return self._rows[row]

    def row_of(self, activity_id: str) -> int:
        return next((i for i, a in enumerate(self._rows) if a.id == activity_id), -1)

    # --- Qt's model interface -------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._cursor is not None and not self._changing

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        page = self._page(self._cursor)
        if not page.activities:
            self._cursor = None
            return
        first = len(self._rows)
        self._changing = True
        self.beginInsertRows(QModelIndex(), first, first + len(page.activities) - 1)
        self._rows.extend(page.activities)
        self._cursor = page.cursor
        self.has_ranges = self.has_ranges or any(map(_has_range, page.activities))
        self.endInsertRows()
        self._changing = False

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column.sort_key is None:
            return _tr(NOT_SORTABLE)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        activity = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(activity, column)
            if role == Qt.ItemDataRole.DisplayRole:
                return text.replace("\n", " ")
            return text if len(text) > 20 or "\n" in text else None
        if role == Qt.ItemDataRole.EditRole:
            return self.raw_value(activity, column)
        if role == ID_ROLE:
            return activity.id
        if column.key == "evidence":
            return self._evidence_data(activity, role)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.numeric:
                return _RIGHT
            if column.key == "date":
                return _CENTER
        return None

    def _evidence_data(self, activity: Activity, role: int):
        count = self._evidence.get(activity.id, 0)
        if role == Qt.ItemDataRole.DecorationRole and count:
            return paperclip_icon()
        if role == Qt.ItemDataRole.ToolTipRole and count:
            return self.tr("%n evidence file(s)", "", count)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self.is_sortable(column):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        sort_key = self.columns[column].sort_key
        self.set_query(replace(self._query, order_by=sort_key, descending=descending))

    # --- cell text ------------------------------------------------------------

    def raw_value(self, activity: Activity, column: ColumnSpec) -> object:
        """The cell as data: a figure as a number, the rest as its text (copying)."""
        if column.numeric:
            return next(
                (activity.values[i] for i in column.field_ids if i in activity.values), None
            )
        return self._text(activity, column)

    def _text(self, activity: Activity, column: ColumnSpec) -> str:
        key = column.key
        if key == "date":
            if activity.end_date and activity.end_date != activity.date:
                return (
                    f"{activity.date.isoformat()}{RANGE_SEPARATOR}{activity.end_date.isoformat()}"
                )
            return activity.date.isoformat()
        if key == "type":
            return self.template.type(activity.type_id).name
        if key == "figures":
            return figures_text(self.template, activity)
        if key == "details":
            return details_text(self.template, activity)
        if key == "evidence":
            count = self._evidence.get(activity.id, 0)
            return str(count) if count else ""
        if column.field_ids:
            value = self.raw_value(activity, column) if column.numeric else None
            if column.numeric:
                return "" if value is None else _number_text(value, column.decimal)
            return str(activity.values.get(column.field_ids[0], ""))
        return getattr(activity, key)

    def copied_cells(self, rows: list[int]) -> list[list]:
        """The rows with the headers, as the clipboard takes them (``gui/copied_rows.py``):
        a figure as a number, the rest as the text stored."""
        table: list[list] = [[c.header for c in self.columns]]
        for row in rows:
            activity = self._rows[row]
            table.append([self.raw_value(activity, column) for column in self.columns])
        return table


_paperclip: QIcon | None = None


def paperclip_icon() -> QIcon:
    """📎 drawn, not a character: no font on a bureau's PC need have the emoji."""
    global _paperclip
    if _paperclip is None:
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#5f6368"), 2.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        clip = QPainterPath()
        clip.moveTo(20, 9)
        clip.lineTo(20, 22)
        clip.arcTo(12, 18, 8, 8, 0, -180)
        clip.lineTo(12, 7)
        clip.arcTo(12, 3, 12, 8, 180, -180)
        clip.lineTo(24, 24)
        clip.arcTo(8, 18, 16, 11, 0, -180)
        clip.lineTo(8, 12)
        painter.drawPath(clip)
        painter.end()
        _paperclip = QIcon(pixmap)
    return _paperclip


def _number_text(value: object, decimal: bool) -> str:
    return f"{value:,.2f}" if decimal else f"{int(value):,}"


def figures_text(template: Template, activity: Activity) -> str:
    """The record's own fields in one line: 参训人次 120人次，级别 省级."""
    parts = []
    for f in template.type(activity.type_id).fields:
        value = activity.values.get(f.id)
        if value is None or value == "":
            continue
        if f.is_numeric:
            parts.append(f"{f.label} {_number_text(value, f.kind == 'decimal')}{f.unit}")
        else:
            parts.append(f"{f.label} {value}")
    return "，".join(parts)


def details_text(template: Template, activity: Activity) -> str:
    """The record's choice and text fields in one line: 级别 省级."""
    parts = []
    for f in template.type(activity.type_id).fields:
        value = activity.values.get(f.id)
        if not f.is_numeric and value not in (None, ""):
            parts.append(f"{f.label} {value}")
    return "，".join(parts)

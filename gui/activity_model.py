"""The activity table: a model over a core query, fetched a page at a time.

Only ids and the rows already shown are held; Qt asks for more with
``canFetchMore``/``fetchMore`` as the user scrolls, and each page is one key-set
query, so the table is as quick with 100,000 records as with 100.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from core import activities
from core.activities import Activity, ActivityQuery
from core.errors import TaizhangError
from core.template import Template
from gui.session import Session

ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # read-only rows
PAGE = 200

Index = QModelIndex | QPersistentModelIndex


class ActivityModel(QAbstractTableModel):
    failed = Signal(str)  # the rows could not be read
    # (key, header, sort column in core or None)
    COLUMNS = (
        ("date", QT_TRANSLATE_NOOP("ActivityModel", "Date"), "date"),
        ("type", QT_TRANSLATE_NOOP("ActivityModel", "Type"), "type_id"),
        ("title", QT_TRANSLATE_NOOP("ActivityModel", "Title"), "title"),
        ("location", QT_TRANSLATE_NOOP("ActivityModel", "Place"), "location"),
        ("organizer", QT_TRANSLATE_NOOP("ActivityModel", "Organizer"), "organizer"),
        ("partners", QT_TRANSLATE_NOOP("ActivityModel", "Partners"), None),
        ("audience", QT_TRANSLATE_NOOP("ActivityModel", "Audience"), None),
        ("figures", QT_TRANSLATE_NOOP("ActivityModel", "Figures"), None),
        ("handler", QT_TRANSLATE_NOOP("ActivityModel", "Handled by"), None),
        ("notes", QT_TRANSLATE_NOOP("ActivityModel", "Notes"), None),
    )

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[Activity] = []
        self._cursor: tuple | None = None
        self._query = ActivityQuery(limit=PAGE)
        self._changing = False
        self._headers = [self.tr(h) for _, h, _ in self.COLUMNS]  # translated once

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

    def reload(self) -> None:
        """Read again after a change, keeping as many rows loaded as before."""
        self._reset_to(max(len(self._rows), PAGE))

    def _page(self, after: tuple | None) -> activities.Page:
        """One page of rows; a damaged file (opened read-only) ends the list, with a word."""
        try:
            query = replace(self._query, after=after)
            return activities.query_activities(self.session.reader, query, self.template)
        except sqlite3.DatabaseError as error:
            self.failed.emit(str(TaizhangError("db_damaged", path=self.session.path,
                                               details=error)))  # fmt: skip
            return activities.Page([], None)

    def _reset_to(self, at_least: int) -> None:
        """Read the first ``at_least`` rows afresh, then swap them in as one reset."""
        rows: list[Activity] = []
        cursor: tuple | None = None
        while True:
            page = self._page(cursor)
            rows.extend(page.activities)
            cursor = page.cursor
            if cursor is None or len(rows) >= at_least:
                break
        self._changing = True  # views may ask to fetch while a change is announced
        self.beginResetModel()
        self._rows, self._cursor = rows, cursor
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
        return 0 if parent.isValid() else len(self.COLUMNS)

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
        self.endInsertRows()
        self._changing = False

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        activity = self._rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(activity, key)
            if role == Qt.ItemDataRole.DisplayRole:
                return text.replace("\n", " ")
            return text if len(text) > 20 or "\n" in text else None
        if role == ID_ROLE:
            return activity.id
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "date":
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort_key = self.COLUMNS[column][2] if 0 <= column < len(self.COLUMNS) else None
        if sort_key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._query, order_by=sort_key, descending=descending))

    # --- cell text ------------------------------------------------------------

    def _text(self, activity: Activity, key: str) -> str:
        if key == "date":
            if activity.end_date and activity.end_date != activity.date:
                return f"{activity.date.isoformat()} ~ {activity.end_date.isoformat()}"
            return activity.date.isoformat()
        if key == "type":
            return self.template.type(activity.type_id).name
        if key == "figures":
            return figures_text(self.template, activity)
        return getattr(activity, key)


def figures_text(template: Template, activity: Activity) -> str:
    """The record's own fields in one line: 参训人次 120人次，级别 省级."""
    parts = []
    for f in template.type(activity.type_id).fields:
        value = activity.values.get(f.id)
        if value is None or value == "":
            continue
        if f.is_numeric:
            number = f"{value:,.2f}" if f.kind == "decimal" else f"{value:,}"
            parts.append(f"{f.label} {number}{f.unit}")
        else:
            parts.append(f"{f.label} {value}")
    return "，".join(parts)

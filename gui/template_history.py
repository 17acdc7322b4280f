"""台账模板 → 模板修改历史: every change to the template, newest first.

Each entry says when, who, which item and what it did; under it, each property that
changed, before → after. Ids (a type's section, the field a type counts by) are said
by the names they have now.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import template_edit as edit
from core.indicators import AGGREGATION_NAMES
from core.template import KIND_NAMES

# The properties a history entry holds (core.template_edit's docs), in the order shown.
PROPERTIES = (
    "name",
    "label",
    "section",
    "type",
    "unit",
    "count_unit",
    "counted_by",
    "breakdown_by",
    "kind",
    "options",
    "required",
    "aggregation",
    "archived",
    "position",
)
REFERENCES = ("section", "type", "counted_by", "breakdown_by")  # uids of other items


class TemplateHistoryDialog(QDialog):
    def __init__(
        self,
        entries: list[edit.HistoryEntry],
        names: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        """``names``: every item's present name by uid (a deleted item: its last name)."""
        super().__init__(parent)
        self.names = dict(names)
        for entry in entries:  # items deleted since: the name they had
            doc = entry.before or entry.after or {}
            self.names.setdefault(entry.uid, doc.get("name") or doc.get("label") or entry.uid)
        self.setWindowTitle(self.tr("Template history"))
        self.resize(820, 520)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [self.tr("When / who / what"), self.tr("Before"), self.tr("After")]
        )
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        for group in reversed(_groups(entries)):
            moved = [e for e in group if _only_position(e)]
            for entry in reversed([e for e in group if not _only_position(e)]):
                item = QTreeWidgetItem(self.tree, [self.headline(entry), "", ""])
                for label, before, after in self.changes(entry):
                    QTreeWidgetItem(item, [label, before, after])
                item.setExpanded(True)
            if moved:
                self._order_item(moved)
        layout = QVBoxLayout(self)
        if not entries:
            layout.addWidget(QLabel(self.tr("The template has not been changed yet.")))
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _order_item(self, moved: list[edit.HistoryEntry]) -> None:
        """The places that one change gave to other items, said once: 调整顺序（3 项）."""
        first = moved[0]
        when = first.at.replace("T", " ")[:16]
        staff = first.staff or self.tr("(no name)")
        text = self.tr("Reordered (%n item(s))", "", len(moved))
        item = QTreeWidgetItem(self.tree, [f"{when}  {staff}  {text}", "", ""])
        for entry in moved:
            name = self.names.get(entry.uid, entry.uid)
            place = self.tr("Position of “%1”").replace("%1", name)
            QTreeWidgetItem(
                item, [place, str(entry.before["position"]), str(entry.after["position"])]
            )
        item.setExpanded(len(moved) <= 3)

    def headline(self, entry: edit.HistoryEntry) -> str:
        """2026-12-01 10:15  李四  改名 活动类型“科普报告会”."""
        items = {
            "section": self.tr("section"),
            "type": self.tr("activity type"),
            "field": self.tr("field"),
            "indicator": self.tr("indicator"),
        }
        actions = {
            "add": self.tr("Added"),
            "change": self.tr("Changed"),
            "archive": self.tr("Archived"),
            "restore": self.tr("Restored"),
            "delete": self.tr("Deleted"),
        }
        before, after = entry.before or {}, entry.after or {}
        key = "label" if entry.item == "field" else "name"
        action = actions[entry.action]
        if entry.action == "change" and before.get(key) != after.get(key):
            action = self.tr("Renamed")
        elif entry.action == "change" and before.get("section", before.get("type")) != after.get(
            "section", after.get("type")
        ):
            action = self.tr("Moved")
        name = (after or before).get(key, "")
        when = entry.at.replace("T", " ")[:16]
        staff = entry.staff or self.tr("(no name)")
        return f"{when}  {staff}  {action} {items[entry.item]}“{name}”"

    def changes(self, entry: edit.HistoryEntry) -> list[tuple[str, str, str]]:
        """(property, before, after) of what the entry changed; all of an added item."""
        labels = {
            "name": self.tr("Name"),
            "label": self.tr("Name"),
            "section": self.tr("Section"),
            "type": self.tr("Activity type"),
            "unit": self.tr("Unit"),
            "count_unit": self.tr("Count unit"),
            "counted_by": self.tr("Counted by"),
            "breakdown_by": self.tr("Broken down by"),
            "kind": self.tr("Kind"),
            "options": self.tr("Options"),
            "required": self.tr("Required"),
            "aggregation": self.tr("Aggregation"),
            "archived": self.tr("Archived"),
            "position": self.tr("Position"),
        }
        before, after = entry.before or {}, entry.after or {}
        rows = []
        for key in PROPERTIES:
            if key not in before and key not in after:
                continue
            old, new = before.get(key), after.get(key)
            if entry.action == "add":
                if key == "position" or (key == "archived" and not new):
                    continue
            elif entry.action == "delete":
                if key not in ("name", "label"):
                    continue
            elif old == new:
                continue
            rows.append((labels[key], self.said(key, old, key in before),
                         self.said(key, new, key in after)))  # fmt: skip
        return rows

    def said(self, key: str, value, present: bool) -> str:
        if not present:
            return ""
        if key in REFERENCES:
            if not value:
                return self.tr("1 per record") if key == "counted_by" else "—"
            return self.names.get(value, value)
        if key == "kind":
            return KIND_NAMES.get(value, str(value))
        if key == "aggregation":
            return AGGREGATION_NAMES.get(value, str(value))
        if key == "options":
            return "、".join(value or ())
        if key in ("required", "archived"):
            return self.tr("yes") if value else self.tr("no")
        if key == "count_unit":
            return value or self.tr("none")
        return "" if value is None else str(value)


def _groups(entries: list[edit.HistoryEntry]) -> list[list[edit.HistoryEntry]]:
    """The entries of each change, one change after another (entries made before changes
    had ids: the same moment and the same person)."""
    groups: list[list[edit.HistoryEntry]] = []

    def key(entry):
        return entry.change_id or (entry.at, entry.staff)

    for entry in entries:
        if groups and key(groups[-1][0]) == key(entry):
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def _only_position(entry: edit.HistoryEntry) -> bool:
    """A change of place alone: an item moved, or one that made room for it."""
    if entry.action != "change" or not entry.before or not entry.after:
        return False
    changed = {k for k in entry.before.keys() | entry.after.keys()
               if entry.before.get(k) != entry.after.get(k)}  # fmt: skip
    return changed == {"position"}

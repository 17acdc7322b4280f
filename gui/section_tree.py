"""The tree on the left: all records, sections, types, each with its count for the view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from core.template import Template

SECTION_ROLE = Qt.ItemDataRole.UserRole + 1
TYPE_ROLE = Qt.ItemDataRole.UserRole + 2


class SectionTree(QTreeWidget):
    """Emits ``filter_changed(section_id, type_id)``; both None for all records."""

    filter_changed = Signal(object, object)

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Section / type"), self.tr("Records")])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(False)
        self.setUniformRowHeights(True)
        self.set_template(template)
        self.currentItemChanged.connect(self._current_changed)

    def set_template(self, template: Template) -> None:
        self.blockSignals(True)
        self.clear()
        self.all_item = QTreeWidgetItem(self, [self.tr("All records"), ""])
        self._type_items: dict[int, QTreeWidgetItem] = {}
        self._section_items: dict[int, QTreeWidgetItem] = {}
        archived = self.tr(" (archived)")
        for section in template.sections:
            name = section.name + (archived if section.archived else "")
            item = QTreeWidgetItem(self.all_item, [name, ""])
            item.setData(0, SECTION_ROLE, section.id)
            item.setToolTip(0, section.name)
            self._section_items[section.id] = item
            for activity_type in section.types:
                # An archived type still names its records: listed, and said to be archived.
                shown = activity_type.name + (archived if activity_type.archived else "")
                child = QTreeWidgetItem(item, [shown, ""])
                child.setData(0, SECTION_ROLE, section.id)
                child.setData(0, TYPE_ROLE, activity_type.id)
                self._type_items[activity_type.id] = child
        for item in (self.all_item, *self._section_items.values()):
            item.setData(1, Qt.ItemDataRole.TextAlignmentRole, int(Qt.AlignmentFlag.AlignRight))
        for item in self._type_items.values():
            item.setData(1, Qt.ItemDataRole.TextAlignmentRole, int(Qt.AlignmentFlag.AlignRight))
        self.expandAll()  # 36 rows: every type and its count in view at once
        self.setCurrentItem(self.all_item)
        self.blockSignals(False)

    def set_counts(self, counts: dict[int, int]) -> None:
        """Record counts per type id; sections and the total are added up here."""
        total = 0
        for section_item in self._section_items.values():
            section_total = 0
            for index in range(section_item.childCount()):
                child = section_item.child(index)
                count = counts.get(child.data(0, TYPE_ROLE), 0)
                child.setText(1, f"{count:,}" if count else "")
                section_total += count
            section_item.setText(1, f"{section_total:,}" if section_total else "")
            total += section_total
        self.all_item.setText(1, f"{total:,}")

    def count_text(self, type_id: int) -> str:
        return self._type_items[type_id].text(1)

    def select(self, section_id: int | None, type_id: int | None) -> None:
        if type_id is not None:
            self.setCurrentItem(self._type_items[type_id])
        elif section_id is not None:
            self.setCurrentItem(self._section_items[section_id])
        else:
            self.setCurrentItem(self.all_item)

    def _current_changed(self, item: QTreeWidgetItem | None, _previous) -> None:
        if item is None:
            return
        self.filter_changed.emit(item.data(0, SECTION_ROLE), item.data(0, TYPE_ROLE))

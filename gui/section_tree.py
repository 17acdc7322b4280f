"""The tree on the left: all records, sections, types, each with its count for the view;
and 按单位, the units the records come from, when the file holds more than one.

A unit is a filter of its own (``current_unit``), combined with the period and the
search like a section; its count follows them too.
"""

from __future__ import annotations

from dataclasses import replace

import sqlite_utils
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from core import activities
from core.activities import ActivityQuery
from core.template import Template

SECTION_ROLE = Qt.ItemDataRole.UserRole + 1
TYPE_ROLE = Qt.ItemDataRole.UserRole + 2
UNIT_ROLE = Qt.ItemDataRole.UserRole + 3  # the 填报单位 of a 按单位 item ("" for none given)


def unit_counts(
    db: sqlite_utils.Database, query: ActivityQuery, template: Template
) -> list[tuple[str, int]]:
    """The units of the file's records (in the bin, in the bin view), in pinyin order, each
    with how many of its records the period and search show: for the 按单位 branch.

    At most two grouped queries, however many units: the units, then their counts.
    """
    units = activities.count_by_unit(db, deleted=query.deleted)
    if len(units) < 2:
        return list(units.items())  # a township's own file: no branch, nothing more to count
    base = replace(query, section_id=None, type_ids=None, source_unit=None, after=None)
    if base.start is None and base.end is None and not base.text.strip():
        return list(units.items())  # all records: the units' own counts
    shown = activities.count_by_unit(db, query=base, template=template)
    return [(unit, shown.get(unit, 0)) for unit in units]


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
        self._units: list[tuple[str, int]] = []
        self.units_item: QTreeWidgetItem | None = None
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
        self.units_item = None
        self._unit_items: dict[str, QTreeWidgetItem] = {}
        self.setCurrentItem(self.all_item)
        self._show_units(self._units)
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

    def set_units(self, units: list[tuple[str, int]]) -> None:
        """The 按单位 branch: shown while more than one unit has records in the file.

        A unit chosen that is gone (its records all deleted) gives way to all records.
        """
        self._units = list(units)
        chosen = self.current_unit()
        self.blockSignals(True)
        self._show_units(self._units)
        self.blockSignals(False)
        if chosen is not None and chosen not in self._unit_items:
            self.setCurrentItem(self.all_item)  # tells the window: all records again

    def _show_units(self, units: list[tuple[str, int]]) -> None:
        chosen = self.current_unit()
        if len(units) < 2:
            if self.units_item is not None:
                self.takeTopLevelItem(self.indexOfTopLevelItem(self.units_item))
                self.units_item = None
                self._unit_items = {}
            return
        if self.units_item is None:  # first: in sight above the sections, however many
            self.units_item = QTreeWidgetItem([self.tr("By unit"), ""])
            self.insertTopLevelItem(0, self.units_item)
            self.units_item.setToolTip(0, self.tr("The units the records come from (填报单位)"))
        if [name for name, _count in units] != list(self._unit_items):
            self.units_item.takeChildren()
            self._unit_items = {}
            for name, _count in units:
                child = QTreeWidgetItem(self.units_item, [name or self.tr("(no unit given)"), ""])
                child.setData(0, UNIT_ROLE, name)
                child.setToolTip(0, name)
                child.setData(1, Qt.ItemDataRole.TextAlignmentRole,
                              int(Qt.AlignmentFlag.AlignRight))  # fmt: skip
                self._unit_items[name] = child
            self.units_item.setExpanded(True)
            if chosen in self._unit_items:
                self.setCurrentItem(self._unit_items[chosen])
        for name, count in units:
            self._unit_items[name].setText(1, f"{count:,}" if count else "")

    def current_unit(self) -> str | None:
        """The unit chosen under 按单位, or None (any unit)."""
        item = self.currentItem()
        unit = item.data(0, UNIT_ROLE) if item is not None else None
        return unit if isinstance(unit, str) else None

    def select_unit(self, unit: str) -> None:
        self.setCurrentItem(self._unit_items[unit])

    def unit_count_text(self, unit: str) -> str:
        return self._unit_items[unit].text(1)

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

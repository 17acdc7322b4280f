"""编辑 → 修改记录: one record's history, newest first, with each value before and after."""

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

from core.history import Entry, changes
from core.template import Template


class HistoryDialog(QDialog):
    def __init__(
        self, template: Template, title: str, entries: list[Entry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of “%1”").replace("%1", title))
        self.resize(720, 460)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("When / what"), self.tr("Before"), self.tr("After")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        for entry in reversed(entries):
            who = f"{entry.time:%Y-%m-%d %H:%M}  {entry.staff}  {entry.action_name}"
            item = QTreeWidgetItem(self.tree, [who, "", ""])
            for label, before, after in changes(template, entry):
                QTreeWidgetItem(item, [label, before, after])
            item.setExpanded(True)
        layout = QVBoxLayout(self)
        if not entries:
            layout.addWidget(QLabel(self.tr("No changes have been recorded for this record.")))
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

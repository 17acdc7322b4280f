"""编辑 → 修改历史: one record's history, newest first, with each value before and after."""

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
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # Before and after share what the labels leave: the value before is read whole too.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        for entry in reversed(entries):
            who = "　".join(x for x in (entry.unit, entry.staff) if x)
            line = f"{entry.time:%Y-%m-%d %H:%M}  {who}  {entry.action_name}"
            item = QTreeWidgetItem(self.tree, [line, "", ""])
            item.setToolTip(0, self._made_by(entry))
            for label, before, after in changes(template, entry):
                QTreeWidgetItem(item, [label, before, after])
            self._add_details(item, entry)
            item.setExpanded(True)
        layout = QVBoxLayout(self)
        if not entries:
            layout.addWidget(QLabel(self.tr("No changes have been recorded for this record.")))
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _made_by(self, entry: Entry) -> str:
        unit = self.tr("Unit: %1").replace("%1", entry.unit or "—")
        staff = self.tr("Staff: %1").replace("%1", entry.staff or "—")
        return f"{unit}\n{staff}"

    def _add_details(self, item: QTreeWidgetItem, entry: Entry) -> None:
        """What the value rows leave out: the file of an attach or a removal, and the side
        a conflict did not keep (it is the entry's *before*)."""
        if entry.action in ("attach", "detach") and entry.after:
            name = str(entry.after.get("name", ""))
            label = self.tr("Evidence file")
            before, after = ("", name) if entry.action == "attach" else (name, "")
            QTreeWidgetItem(item, [label, before, after])
        change = (entry.before or {}).get("change") if entry.action == "conflict" else None
        if isinstance(change, dict):
            at = str(change.get("at", "")).replace("T", " ")[:16]
            by = str(change.get("by", "")) or "—"
            text = self.tr("Not kept: the change of %1 at %2").replace("%1", by).replace("%2", at)
            QTreeWidgetItem(item, [text, "", ""])

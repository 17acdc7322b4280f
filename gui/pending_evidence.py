"""佐证材料 of a record not saved yet: the files the clerk chose (added by a button or by
dropping them), kept as paths until 保存, which stores the record and its files as one
change (``Operations.add_with_files``). Nothing is copied before: a form closed without
saving leaves nothing behind, and a file that cannot be read at the save saves nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import messages
from gui.attachments_view import (
    EvidenceList,
    open_evidence_dialog,
    size_text,
    two_lines,
    type_icon,
)


class PendingEvidence(QWidget):
    """The chosen files, one row of them, 添加文件… and 移除 beside the list."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paths: list[str] = []
        self.setAcceptDrops(True)
        self.list = EvidenceList()
        self.list.placeholder = self.tr("Drop files here, or Add files…")
        self.list.files_dropped.connect(self.add_paths)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr("&Add files…"))
        self.add_button.setToolTip(self.tr("Saved with the record; or drop files on the list"))
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setToolTip(self.tr("Not saved with the record"))
        self.remove_button.clicked.connect(self.remove_selected)
        remove = QAction(self.list)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(lambda _checked=False: self.remove_selected())
        self.list.addAction(remove)
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)  # Enter belongs to the form's own button
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._show()

    def paths(self) -> list[str]:
        return list(self._paths)

    def tab_chain(self) -> list[QWidget]:
        return [self.list, self.add_button, self.remove_button]

    def choose_files(self) -> QFileDialog:
        """Several files at once, in the dialog a saved record's evidence uses."""
        self.file_dialog = open_evidence_dialog(self, self.add_paths)
        return self.file_dialog

    def add_paths(self, paths: list[str]) -> None:
        """Each file once (the same file chosen twice is one file of evidence); a folder
        or a file gone is said now, in the core's words, not at the save."""
        not_files = [p for p in paths if not Path(p).is_file()]
        for path in paths:
            if path not in self._paths and path not in not_files:
                self._paths.append(path)
        self._show()
        if not_files:
            text = "\n".join(messages.text("file_missing", path=p) for p in not_files)
            self.problem_box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Evidence"), text,
                QMessageBox.StandardButton.Ok, self.window(),
            )  # fmt: skip
            self.problem_box.open()

    def remove_selected(self) -> None:
        chosen = {item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()}
        if chosen:
            self._paths = [p for p in self._paths if p not in chosen]
            self._show()

    def clear(self) -> None:
        self._paths = []
        self._show()

    def _show(self) -> None:
        self.list.clear()
        metrics = self.list.fontMetrics()
        width = self.list.gridSize().width() - 12
        for path in self._paths:
            name = Path(path).name
            try:
                size = size_text(Path(path).stat().st_size)
            except OSError:
                size = ""
            item = QListWidgetItem(type_icon(name), f"{two_lines(name, metrics, width)}\n{size}")
            item.setSizeHint(self.list.gridSize())
            item.setToolTip(path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.list.addItem(item)
        # Empty, only as tall as its two buttons: the form keeps its room for the fields
        # (a 1366×768 screen); a row of files once there are some.
        frame = 2 * self.list.frameWidth()
        if self._paths:
            self.list.setFixedHeight(self.list.gridSize().height() + frame + 4)
        else:
            self.list.setFixedHeight(
                self.add_button.sizeHint().height() + self.remove_button.sizeHint().height() + 6
            )
        self._update_buttons()
        self.changed.emit()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self.list.dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        self.list.dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.list.dropEvent(event)

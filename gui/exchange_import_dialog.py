"""文件 → 导入交换包: the package checked and previewed off the GUI thread (from whom, how
many new / updated / deleted / conflicting / unchanged), every conflict side by side with
the clerk's choice, then the merge as one job (the core takes the backup first).

Undo: a CSV import only adds records with ids of its own, so 撤销 takes exactly those
back. A package merges into records that already exist (updates, deletions, conflicts,
their history and revisions, the sender's attachments); taking that back record by
record would write changes of its own that travel on to every other database. So, as
with 从备份恢复, an exchange import is not on the undo stack: the stack is cleared (its
older entries would undo over what arrived) and the result names the backup to restore.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import exchange, messages
from core.errors import TaizhangError
from gui.exchange_export_dialog import shown_time
from gui.forms import button_box, make_default
from gui.operations import OpChanges, Operations
from gui.screen_fit import fit_height_to_text, fit_on_screen
from gui.session import Session

OURS, THEIRS = "ours", "theirs"
CHOSEN_BACKGROUND = "#e3f1e3"  # the side that will be kept: a quiet green


def check_package(db, path: Path):
    """On the worker: the package, what importing it would do, and (when the templates
    differ) the types and fields missing here, by name."""
    package = exchange.read_package(path)
    try:
        return package, exchange.preview_import(db, package), []
    except TaizhangError as error:
        if error.key != "package_template_mismatch":
            raise
        return package, None, exchange.template_problems(db, package)


class ConflictView(QWidget):
    """A master list of the conflicts and, under it, the one selected field by field:
    本机 | 对方 side by side, who changed each and when in the column heads, the side to be
    kept marked; the choice 保留本机 / 采用对方 below."""

    def __init__(self, conflicts: list[exchange.Conflict], parent: QWidget | None = None):
        super().__init__(parent)
        self.conflicts = conflicts
        self.choices = {c.activity_id: c.kept for c in conflicts}
        self.list = QTableWidget(len(conflicts), 5)
        self.list.setHorizontalHeaderLabels(
            [self.tr("Record"), self.tr("Date"), self.tr("Changed here"),
             self.tr("Changed there"), self.tr("Kept")]
        )  # fmt: skip
        self.list.verticalHeader().setVisible(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(False)
        self.list.setAccessibleName(self.tr("Conflicts"))
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, c in enumerate(conflicts):
            title = QTableWidgetItem(c.title)
            title.setToolTip(c.title)
            cells = [title, *(QTableWidgetItem(t) for t in (
                c.date, shown_time(c.ours_at, seconds=True),
                shown_time(c.theirs_at, seconds=True), ""))]  # fmt: skip
            for column, item in enumerate(cells):
                self.list.setItem(row, column, item)
        self.list.setMaximumHeight(self._list_height(min(len(conflicts), 5)))

        self.fields = QTableWidget(0, 3)
        self.fields.verticalHeader().setVisible(False)
        self.fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.fields.setWordWrap(True)
        self.fields.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read, not walked through
        fields_header = self.fields.horizontalHeader()
        fields_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        fields_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        fields_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.ours_button = QRadioButton(self.tr("&Keep this computer's"))
        self.theirs_button = QRadioButton(self.tr("&Take the sender's"))
        group = QButtonGroup(self)
        group.addButton(self.ours_button)
        group.addButton(self.theirs_button)
        self.ours_button.toggled.connect(lambda on: on and self._choose(OURS))
        self.theirs_button.toggled.connect(lambda on: on and self._choose(THEIRS))
        # With the mouse: a click on a side's column (or its head) chooses that side.
        self.fields.cellClicked.connect(lambda _row, column: self._click_side(column))
        fields_header.sectionClicked.connect(self._click_side)
        fields_header.setSectionsClickable(True)

        choice = QHBoxLayout()
        choice.addWidget(self.ours_button)
        choice.addWidget(self.theirs_button)
        choice.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.fields, 1)
        layout.addLayout(choice)
        self.setTabOrder(self.list, self.ours_button)
        self.setTabOrder(self.ours_button, self.theirs_button)

        for row in range(len(conflicts)):
            self._show_choice(row)
        self.list.currentCellChanged.connect(lambda row, *_: self._show(row))
        if conflicts:
            self.list.setCurrentCell(0, 0)
            self._show(0)

    def _list_height(self, rows: int) -> int:
        row = self.list.verticalHeader().defaultSectionSize()
        frame = 2 * self.list.frameWidth()
        return self.list.horizontalHeader().sizeHint().height() + row * max(rows, 1) + frame + 2

    def current(self) -> exchange.Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            return
        c = self.conflicts[row]
        rows = c.rows or [(self.tr("(no field differs)"), "", "")]  # only when it changed
        self.fields.setRowCount(len(rows))
        for index, (label, ours, theirs) in enumerate(rows):
            self.fields.setItem(index, 0, QTableWidgetItem(label))
            self.fields.setItem(index, 1, QTableWidgetItem(ours or self.tr("(empty)")))
            self.fields.setItem(index, 2, QTableWidgetItem(theirs or self.tr("(empty)")))
        chosen = self.choices[c.activity_id]
        button = self.ours_button if chosen == OURS else self.theirs_button
        button.blockSignals(True)
        button.setChecked(True)
        button.blockSignals(False)
        self._paint_chosen(chosen)

    def _side_heading(self, side: str, c: exchange.Conflict, chosen: str) -> str:
        name = self.tr("This computer") if side == OURS else self.tr("The sender")
        at, by = (c.ours_at, c.ours_by) if side == OURS else (c.theirs_at, c.theirs_by)
        newer = (c.ours_at >= c.theirs_at) == (side == OURS)
        mark = "✔ " if side == chosen else ""
        first = mark + name + (self.tr(" — newer") if newer else "")
        who = by or self.tr("(unknown)")  # outside the f-string, where lupdate finds it
        return f"{first}\n{who}　{shown_time(at, seconds=True)}"

    def _click_side(self, column: int) -> None:
        if column in (1, 2):
            (self.ours_button if column == 1 else self.theirs_button).setChecked(True)

    def _choose(self, side: str) -> None:
        c = self.current()
        if c is None:
            return
        self.choices[c.activity_id] = side
        self._show_choice(self.list.currentRow())
        self._paint_chosen(side)

    def _show_choice(self, row: int) -> None:
        c = self.conflicts[row]
        side = self.choices[c.activity_id]
        text = self.tr("This computer") if side == OURS else self.tr("The sender")
        if side != c.kept:
            text += self.tr(" (your choice)")
        self.list.item(row, 4).setText(text)

    def _paint_chosen(self, side: str) -> None:
        c = self.current()
        self.fields.setHorizontalHeaderLabels(
            [self.tr("Field"), self._side_heading(OURS, c, side),
             self._side_heading(THEIRS, c, side)]
        )  # fmt: skip
        kept_column = 1 if side == OURS else 2
        for row in range(self.fields.rowCount()):
            for column in (1, 2):
                item = self.fields.item(row, column)
                font = QFont(item.font())
                font.setBold(column == kept_column)
                item.setFont(font)
                chosen = QColor(CHOSEN_BACKGROUND) if column == kept_column else None
                item.setData(Qt.ItemDataRole.BackgroundRole, chosen)
        self.fields.resizeRowsToContents()

    def overrides(self) -> dict[str, str]:
        """Every conflict's choice, as ``import_package(keep=…)`` takes it."""
        return dict(self.choices)


class ExchangeImportDialog(QDialog):
    """The preview; 导入 merges the package and emits ``imported(what was done)``."""

    imported = Signal(object)  # core.exchange.Preview of the import

    def __init__(self, session: Session, ops: Operations, path: str, parent: QWidget | None):
        super().__init__(parent)
        self.ops = ops
        self.path = Path(path)
        self.package: exchange.Package | None = None
        self.preview: exchange.Preview | None = None
        self.conflict_view: ConflictView | None = None
        self.result_box: QMessageBox | None = None
        self.busy = False
        QSettings().setValue("exchange/folder", str(self.path.parent))
        self.setWindowTitle(self.tr("Import exchange package %1").replace("%1", self.path.name))
        self.resize(760, 240)

        self.status = QLabel(self.tr("Checking “%1”…").replace("%1", self.path.name))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts = QWidget()
        self.counts.hide()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self.conflict_box = QGroupBox(self.tr("Conflicts: changed on both sides"))
        self.conflict_box.hide()
        self.working = QProgressBar()
        self.working.setRange(0, 0)
        self.working.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.counts)
        layout.addWidget(self.conflict_box, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.working)
        layout.addStretch(0)  # without conflicts the rows stay together at the top
        self.layout_ = layout
        self.buttons, self.import_button = button_box(self, self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        layout.addWidget(self.buttons)

        path_ = self.path
        ops.run(lambda db: check_package(db, path_), OpChanges(), self._show_check, self._refuse)

    # --- the preview ----------------------------------------------------------

    def _show_check(self, result) -> None:
        package, preview, problems = result
        self.package = package
        if problems:
            self._show_template_problems(problems)
            return
        self.preview = preview
        self.status.setText(self._sender_line(preview))
        self._show_counts(preview)
        if preview.conflicts:
            self._show_conflicts(preview.conflicts)
        # What the counts do not say first, then what 导入 will do (or that it has nothing to).
        notes = self._preview_notes(preview)
        if not preview.changes_anything:
            notes.append(
                self.tr("This database already has everything in the package: nothing to import.")
            )
            self._only_close()
        else:
            notes.append(
                self.tr(
                    "Nothing has been written yet. Import first backs up this database, then "
                    "merges the package in one step. It cannot be undone with Undo, and "
                    "neither can the steps before it; the backup can be restored."
                )
            )
            self.import_button.setEnabled(True)
        self.note.setText("\n\n".join(notes))
        self.note.show()
        self._grow_to_show_all()
        if self.conflict_view is not None and self.import_button.isEnabled():
            self.conflict_view.list.setFocus()
        elif self.import_button.isEnabled():
            self.import_button.setFocus()

    @staticmethod
    def _preview_notes(preview: exchange.Preview) -> list[str]:
        """The core's words on what arrives otherwise than the figures suggest."""
        notes = []
        if preview.new_in_bin:  # deleted there before they ever came here
            notes.append(messages.text("package_new_in_bin", count=preview.new_in_bin))
        if preview.restored:  # deleted here, used there: they come back archived
            fields = "、".join(preview.restored)
            notes.append(messages.text("package_fields_restored", fields=fields))
        if preview.files_absent:  # the sender no longer had them: said before importing
            notes.append(messages.text(
                "package_files_absent", count=len(preview.files_absent),
                details="；".join(preview.files_absent),
            ))  # fmt: skip
        return notes

    def _grow_to_show_all(self) -> None:
        """Taller to hold the wrapped notes: a window keeps the size it was given, and its
        layout squeezed a long note under the figures, its last lines cut off (Qt gives a
        window no height for its wrapped text by itself)."""
        fit_height_to_text(self)  # and on the screen still, its buttons in reach

    def _sender_line(self, preview: exchange.Preview) -> str:
        who = "　".join(x for x in (preview.sender_unit, preview.sender_staff) if x)
        made = shown_time(str(self.package.manifest.get("created_at", "")))
        return (
            self.tr("Package from %1, made %2.")
            .replace("%1", who or self.tr("(unknown)"))
            .replace("%2", made)
        )

    def _show_counts(self, preview: exchange.Preview) -> None:
        grid = QGridLayout(self.counts)
        grid.setContentsMargins(0, 8, 0, 8)
        grid.setHorizontalSpacing(36)
        names = {
            "new": self.tr("New"),
            "updated": self.tr("Updated"),
            "deleted": self.tr("Deleted"),
            "conflict": self.tr("Conflicts"),
            "unchanged": self.tr("Unchanged"),
        }
        items = [(names[k], preview.counts[k]) for k in exchange.KINDS]
        items.append((self.tr("New attachment files"), preview.files_new))
        # An attachment added to a record, its file here already: a change all the same.
        items.append((self.tr("Attachment changes"), preview.attachment_changes))
        # Another office's history of a record that is the same here: merged too.
        items.append((self.tr("New history entries"), preview.history_new))
        for index, (name, count) in enumerate(items):
            value = QLabel(str(count))
            value.setObjectName(f"count_{index}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = value.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.3)
            value.setFont(font)
            label = QLabel(name)
            label.setBuddy(value)  # a person reads the number beside its name
            grid.addWidget(label, 0, index, Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(value, 1, index, Qt.AlignmentFlag.AlignHCenter)
        grid.setColumnStretch(len(items), 1)  # the figures side by side, from the left
        self.counts.show()

    def _show_conflicts(self, conflicts: list[exchange.Conflict]) -> None:
        view = ConflictView(conflicts, self)
        hint = QLabel(
            self.tr(
                "By default the newer change is kept; the other side is kept in the history "
                "of changes. ↑/↓ choose a record; Alt+K keeps this computer's, Alt+T takes "
                "the sender's (or click a side's column)."
            )
        )
        hint.setWordWrap(True)
        box_layout = QVBoxLayout(self.conflict_box)
        box_layout.addWidget(hint)
        box_layout.addWidget(view, 1)
        self.conflict_view = view
        self.conflict_box.show()
        self.resize(max(self.width(), 980), max(self.height(), 620))
        fit_on_screen(self)  # grown once shown: kept on the screen, its buttons in reach

    def _show_template_problems(self, problems: list[str]) -> None:
        self.status.setText(
            self.tr(
                "The package uses activity types or fields this database does not have "
                "(below). Nothing can be imported until the templates are brought level: if "
                "the sender added them, ask them to import the county's template workbook "
                "(Settings → Import template…) and export again; if this database lacks them, "
                "import the county's template workbook here."
            )
        )
        self.status.setStyleSheet("color: #b00020;")
        listing = QLabel("\n".join(f"• {p}" for p in problems))
        listing.setWordWrap(True)
        listing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.insertWidget(1, listing)
        self.problems_label = listing
        self._only_close()
        self._grow_to_show_all()

    def _refuse(self, text: str) -> None:
        """Damaged, cut short, tampered, newer, not a package, our own: the core's words."""
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;")
        self._only_close()
        self._grow_to_show_all()

    def _only_close(self) -> None:
        """Nothing can be imported: 导入 off, Enter closes."""
        self.import_button.setEnabled(False)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(self.tr("Close"))
        make_default(self, close)
        close.setFocus()

    # --- the import -----------------------------------------------------------

    def start_import(self) -> None:
        if self.package is None or self.preview is None or self.busy:
            return
        keep = self.conflict_view.overrides() if self.conflict_view is not None else {}
        self.busy = True
        self.import_button.setEnabled(False)
        self.buttons.setEnabled(False)
        self.working.show()
        self.note.setText(self.tr("Backing up and importing…"))
        self.ops.import_exchange(self.package, keep, self._imported, self._failed)

    def _imported(self, done: exchange.Preview) -> None:
        self.busy = False
        self.working.hide()
        self.imported.emit(done)
        self.result_box = box = self._result_message(done)
        back = self.parentWidget()
        if back is not None:  # the clerk is back in the list, where the records arrived
            box.finished.connect(lambda _r: back.activateWindow())
        box.open()
        self.accept()

    def _chosen_other(self, done: exchange.Preview) -> int:
        """Conflicts of the import where the clerk kept the older side."""
        if self.conflict_view is None:
            return 0
        choices = self.conflict_view.choices
        return sum(1 for c in done.conflicts if choices.get(c.activity_id, c.kept) != c.kept)

    def _result_message(self, done: exchange.Preview) -> QMessageBox:
        """What the import did, from the core's own account of it (not the earlier preview)."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Exchange package imported"), "",
                          parent=self.parentWidget() or self)  # fmt: skip
        if not done.changes_anything:
            box.setText(self.tr("Nothing was changed: this database already had everything."))
            return box
        who = "　".join(x for x in (done.sender_unit, done.sender_staff) if x)
        c = done.counts
        text = (
            self.tr("Imported the package from %1: %2 new, %3 updated, %4 deleted, %5, "
                    "%6 unchanged.")
            .replace("%1", who or self.tr("(unknown)"))
            .replace("%2", str(c["new"])).replace("%3", str(c["updated"]))
            .replace("%4", str(c["deleted"]))
            .replace("%5", self.tr("%n conflict(s)", "", c["conflict"]))
            .replace("%6", str(c["unchanged"]))
        )  # fmt: skip
        if c["conflict"]:
            other = self._chosen_other(done)
            text += (
                "\n"
                + (
                    self.tr("In %n conflict(s) you kept the older side; ", "", other)
                    if other
                    else ""
                )
                + self.tr("the side not kept is in each record's history of changes.")
            )
        if done.new_in_bin:  # the list shows fewer than the 新增 figure
            text += "\n" + self.tr(
                "%n of the new records are in the recycle bin (the sender had deleted them).",
                "",
                done.new_in_bin,
            )
        if done.restored:
            text += "\n" + self.tr(
                "Items deleted from this template came back archived: %1."
            ).replace("%1", "、".join(done.restored))
        box.setText(text)
        info = self.tr("This import cannot be undone with Undo.")
        if done.backup is not None:
            info += (
                "\n" + self.tr("The data as it was before is backed up in:") + f"\n{done.backup}"
            )
        box.setInformativeText(info)
        return box

    def _failed(self, text: str) -> None:
        self.busy = False
        self.working.hide()
        self.buttons.setEnabled(True)
        self.note.setText(text)
        self.note.setStyleSheet("color: #b00020;")
        QMessageBox.warning(self, self.tr("Not imported"), text)

    def reject(self) -> None:
        if not self.busy:  # the merge runs to its end; closing would hide its result
            super().reject()

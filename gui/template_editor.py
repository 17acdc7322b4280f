"""设置 → 台账模板: the bureau's sections → types → fields (and each section's standing
indicators), edited in the window.

Every change is one undoable operation (``gui.undo.ChangeTemplate``) that runs
``core.template_edit`` through ``gui.operations``. A change the core refuses (a kind
that recorded values would not fit, a name used twice…) is said here and not made.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import template_edit as edit
from core.indicators import AGGREGATION_NAMES, AGGREGATIONS
from core.ledger import type_figures
from core.template import (
    COUNT_UNITS,
    KIND_NAMES,
    KINDS,
    load_template,
    new_uid,
    split_options,
)
from gui.operations import OpChanges, Operations
from gui.session import Session
from gui.template_history import TemplateHistoryDialog
from gui.undo import ChangeTemplate, UndoStack

UID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2


class TemplateTree(QTreeWidget):
    """The tree of the template; an item dragged among its siblings asks to move there, a
    type or an indicator dropped on another section (or on an item of it) moves into it."""

    def __init__(self, editor: TemplateEditor) -> None:
        super().__init__()
        self.editor = editor
        self.setHeaderHidden(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def dropEvent(self, event) -> None:  # noqa: N802
        dragged = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.ignore()  # the tree is rebuilt from the stored template, never moved by Qt
        if dragged is None or target is None or target is dragged:
            return
        self.editor.drop(dragged.data(0, UID_ROLE), target.data(0, UID_ROLE))


class TemplateEditor(QDialog):
    def __init__(
        self, session: Session, ops: Operations, undo_stack: UndoStack, parent=None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.ops = ops
        self.undo_stack = undo_stack
        self.spec: edit.Spec = edit.spec_of(session.template)
        self._view_read = True  # ``spec`` was read from the file (not made by a step)
        self._selected_uid: str | None = None
        self._reselect: str | None = None
        self._loading = False
        self.setWindowTitle(self.tr("Ledger template"))
        self.resize(980, 640)
        self._build()
        self._rebuild_tree()
        ops.changed.connect(self._on_changed)
        ops.failed.connect(lambda _text: self._reload())
        # A step refused (another program changed the template since): show the file's.
        undo_stack.failed.connect(self._on_step_refused)

    # --- layout -----------------------------------------------------------------

    def _undo_buttons(self) -> None:
        self.undo_button.setEnabled(self.steps.can_undo())
        self.redo_button.setEnabled(self.steps.can_redo())

    def _build(self) -> None:
        self.tree = TemplateTree(self)
        self.tree.currentItemChanged.connect(lambda item, _old: self._on_current(item))

        buttons = QHBoxLayout()
        self.add_section_button = self._button(self.tr("Add section"), self.add_section)
        self.add_type_button = self._button(self.tr("Add type"), self.add_type)
        self.add_field_button = self._button(self.tr("Add field"), self.add_field)
        self.add_indicator_button = self._button(self.tr("Add indicator"), self.add_indicator)
        for button in (
            self.add_section_button,
            self.add_type_button,
            self.add_field_button,
            self.add_indicator_button,
        ):
            buttons.addWidget(button)
        moves = QHBoxLayout()
        self.up_button = self._button(self.tr("Move up"), lambda: self.move_by(-1))
        self.down_button = self._button(self.tr("Move down"), lambda: self.move_by(1))
        self.remove_button = self._button(self.tr("Remove"), self.remove_current)
        self.restore_button = self._button(self.tr("Restore"), self.restore_current)
        for button in (self.up_button, self.down_button, self.remove_button, self.restore_button):
            moves.addWidget(button)
        left = QVBoxLayout()
        left.addLayout(buttons)
        left.addWidget(self.tree, 1)
        left.addLayout(moves)
        hint = QLabel(
            self.tr(
                "Removing an item that records use archives it: it is hidden from new entry "
                "and still counted where it has records. Unused items are deleted."
            )
        )
        hint.setWordWrap(True)
        left.addWidget(hint)
        left_widget = QWidget()
        left_widget.setLayout(left)

        self.form_box = QGroupBox(self.tr("Item"))
        self.form = QFormLayout(self.form_box)
        self.name_edit = QLineEdit()
        self.unit_edit = QLineEdit()
        self.count_unit_box = QComboBox()
        self.count_unit_box.addItems([*COUNT_UNITS, self.tr("none")])
        self.counted_by_box = QComboBox()
        self.breakdown_box = QComboBox()
        self.kind_box = QComboBox()
        self.kind_box.addItems([KIND_NAMES[k] for k in KINDS])
        self.options_edit = QLineEdit()
        self.options_edit.setPlaceholderText(self.tr("e.g. 国家级、省级、市级、县级"))
        self.required_box = QCheckBox(self.tr("Must be filled in"))
        self.section_box = QComboBox()  # a type's or an indicator's section: choose to move
        self.aggregation_box = QComboBox()
        for key in AGGREGATIONS:
            self.aggregation_box.addItem(AGGREGATION_NAMES[key], key)
        self.aggregation_box.setToolTip(
            self.tr(
                "Cumulative: the values of a span add up (e.g. contract turnover); end of "
                "period: the latest value in the span counts (e.g. high-tech enterprises)"
            )
        )
        self._rows = {}
        for key, label, widget in (
            ("name", self.tr("Name"), self.name_edit),
            ("section", self.tr("Section"), self.section_box),
            ("count_unit", self.tr("Count unit"), self.count_unit_box),
            ("counted_by", self.tr("Counted by"), self.counted_by_box),
            ("breakdown_by", self.tr("Broken down by"), self.breakdown_box),
            ("unit", self.tr("Unit"), self.unit_edit),
            ("kind", self.tr("Kind"), self.kind_box),
            ("options", self.tr("Options"), self.options_edit),
            ("required", self.tr("Required"), self.required_box),
            ("aggregation", self.tr("Aggregation"), self.aggregation_box),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            self.form.addRow(caption, widget)
            self._rows[key] = widget
        for line in (self.name_edit, self.unit_edit, self.options_edit):
            line.editingFinished.connect(self.apply_form)
        boxes = (
            self.count_unit_box,
            self.counted_by_box,
            self.breakdown_box,
            self.kind_box,
            self.aggregation_box,
        )
        for box in boxes:
            box.activated.connect(lambda _index: self.apply_form())
        self.section_box.activated.connect(lambda _index: self._section_chosen())
        self.required_box.clicked.connect(lambda _checked: self.apply_form())
        # The preview follows the form as it is being filled in, before anything is saved.
        for line in (self.name_edit, self.unit_edit, self.options_edit):
            line.textEdited.connect(lambda _text: self._preview_form())
        for box in (self.count_unit_box, self.counted_by_box, self.breakdown_box, self.kind_box):
            box.currentIndexChanged.connect(lambda _index: self._preview_form())

        self.preview = QListWidget()
        self.preview.setToolTip(self.tr("The summary sheet's rows of this type"))
        preview_box = QGroupBox(self.tr("Summary rows (preview)"))
        QVBoxLayout(preview_box).addWidget(self.preview)

        saved_hint = QLabel(
            self.tr("A change is saved on Enter or on leaving the box; Ctrl+Z undoes it.")
        )
        saved_hint.setWordWrap(True)
        self.form.addRow(saved_hint)
        right = QVBoxLayout()
        right.addWidget(self.form_box)
        right.addWidget(preview_box, 1)
        undo_row = QHBoxLayout()
        self.undo_button = self._button(self.tr("Undo"), lambda: self.steps.undo())
        self.redo_button = self._button(self.tr("Redo"), lambda: self.steps.redo())
        self.close_button = self._button(self.tr("Close"), self.close)
        self.history_button = self._button(self.tr("Template history…"), self.show_history)
        undo_row.addWidget(self.undo_button)
        undo_row.addWidget(self.redo_button)
        undo_row.addWidget(self.history_button)
        undo_row.addStretch()
        undo_row.addWidget(self.close_button)
        right.addLayout(undo_row)
        right_widget = QWidget()
        right_widget.setLayout(right)

        splitter = QSplitter()
        splitter.addWidget(left_widget)
        splitter.addWidget(right_widget)
        splitter.setSizes([420, 560])
        QVBoxLayout(self).addWidget(splitter)

        # The editor's keys and buttons undo its own kind of step only: the stack holds
        # the main window's record changes too (gui/undo.py WindowSteps).
        self.steps = self.undo_stack.add_keys_to(self, lambda c: isinstance(c, ChangeTemplate))
        self.steps.changed.connect(self._undo_buttons)
        self._undo_buttons()
        for text, keys, slot in (
            (self.tr("Move up"), [QKeySequence("Ctrl+Up")], lambda: self.move_by(-1)),
            (self.tr("Move down"), [QKeySequence("Ctrl+Down")], lambda: self.move_by(1)),
        ):  # fmt: skip
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.triggered.connect(slot)
            self.addAction(action)
        remove = QAction(self.tr("Remove"), self.tree)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_current)
        self.tree.addAction(remove)

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- the tree ---------------------------------------------------------------------

    def _rebuild_tree(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for s in self.spec:
            section_item = self._item(self.tree, s, "section", s.name)
            items[s.uid] = section_item
            for t in s.types:
                type_item = self._item(section_item, t, "type", t.name)
                items[t.uid] = type_item
                for f in t.fields:
                    text = f"{f.label}（{f.unit}）" if f.unit else f.label
                    items[f.uid] = self._item(type_item, f, "field", text)
            for i in s.indicators:
                items[i.uid] = self._item(section_item, i, "indicator", self._indicator_text(i))
        self.tree.expandAll()
        self.tree.blockSignals(False)
        current = items.get(self._selected_uid or "")
        if current is None and self.spec:
            current = items[self.spec[0].uid]
        self.tree.setCurrentItem(current)
        if current is not None:
            self.tree.scrollToItem(current)  # the tree was made anew, scrolled to its top
        self._on_current(current)

    def _indicator_text(self, i: edit.IndicatorSpec) -> str:
        """统计指标：高新技术企业总数（家，期末）."""
        said = "，".join(x for x in (i.unit, AGGREGATION_NAMES.get(i.aggregation, "")) if x)
        return self.tr("Indicator: %1").replace("%1", f"{i.name}（{said}）")

    def _item(self, parent, spec_item, kind: str, text: str) -> QTreeWidgetItem:
        archived = spec_item.archived
        shown = text + self.tr(" (archived)") if archived else text
        item = QTreeWidgetItem(parent, [shown])
        item.setData(0, UID_ROLE, spec_item.uid)
        item.setData(0, KIND_ROLE, kind)
        if archived:
            item.setForeground(0, QBrush(QColor("#888888")))
        elif kind == "indicator":
            item.setForeground(0, QBrush(QColor("#1f4e79")))
        return item

    def item_of(self, uid: str) -> QTreeWidgetItem | None:
        """The tree item of a template item (tests and selection after a change)."""
        for item in self._all_items():
            if item.data(0, UID_ROLE) == uid:
                return item
        return None

    def _all_items(self):
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            yield item
            stack.extend(item.child(i) for i in range(item.childCount()))

    def _on_current(self, item: QTreeWidgetItem | None) -> None:
        self._selected_uid = item.data(0, UID_ROLE) if item else None
        self._load_form()

    # --- the form ----------------------------------------------------------------------

    def _locate(self, spec: edit.Spec, uid: str | None):
        """(kind, item, the list holding it, its section, its type) of ``uid`` in ``spec``."""
        for s in spec:
            if s.uid == uid:
                return "section", s, spec, s, None
            for t in s.types:
                if t.uid == uid:
                    return "type", t, s.types, s, t
                for f in t.fields:
                    if f.uid == uid:
                        return "field", f, t.fields, s, t
            for i in s.indicators:
                if i.uid == uid:
                    return "indicator", i, s.indicators, s, None
        return None, None, None, None, None

    def _load_form(self) -> None:
        self._loading = True
        kind, item, _siblings, section, owner = self._locate(self.spec, self._selected_uid)
        shown = {
            "section": ("name",),
            "type": ("name", "section", "count_unit", "counted_by", "breakdown_by"),
            "field": ("name", "unit", "kind", "options", "required"),
            "indicator": ("name", "section", "unit", "aggregation"),
        }.get(kind, ())
        for key, widget in self._rows.items():
            self.form.setRowVisible(widget, key in shown)
        titles = {
            "section": self.tr("Section"),
            "type": self.tr("Activity type"),
            "field": self.tr("Field"),
            "indicator": self.tr("Standing indicator"),
        }
        self.form_box.setTitle(titles.get(kind, self.tr("Item")))
        self.form_box.setEnabled(item is not None)
        if kind == "section":
            self.name_edit.setText(item.name)
        elif kind == "type":
            self.name_edit.setText(item.name)
            units = [*COUNT_UNITS, ""]
            self.count_unit_box.setCurrentIndex(units.index(item.count_unit))
            self._fill_field_box(self.counted_by_box, item, "integer", item.counted_by,
                                 self.tr("1 per record"))  # fmt: skip
            self._fill_field_box(self.breakdown_box, item, "choice", item.breakdown_by,
                                 self.tr("no breakdown"))  # fmt: skip
        elif kind == "indicator":
            self.name_edit.setText(item.name)
            self.unit_edit.setText(item.unit)
            self.aggregation_box.setCurrentIndex(max(0, AGGREGATIONS.index(item.aggregation)))
        if kind in ("type", "indicator"):
            self.section_box.clear()
            for s in self.spec:
                if not s.archived or s is section:
                    self.section_box.addItem(s.name, s.uid)
            self.section_box.setCurrentIndex(max(0, self.section_box.findData(section.uid)))
        if kind == "field":
            self.name_edit.setText(item.label)
            self.unit_edit.setText(item.unit)
            self.kind_box.setCurrentIndex(KINDS.index(item.kind))
            self.options_edit.setText("、".join(item.options))
            self.options_edit.setEnabled(item.kind == "choice")
            self.required_box.setChecked(item.required)
        has_item = item is not None
        archived = bool(item is not None and item.archived)
        self.add_type_button.setEnabled(has_item)
        self.add_field_button.setEnabled(kind in ("type", "field"))
        self.add_indicator_button.setEnabled(has_item)
        self.up_button.setEnabled(has_item)
        self.down_button.setEnabled(has_item)
        self.remove_button.setEnabled(has_item and not archived)
        self.restore_button.setEnabled(archived)
        if kind == "section":
            self._show_section_preview(section)
        else:
            self._show_preview(section, owner)
        if kind == "indicator":  # its row of the 汇总's block of indicators
            unit = f"（{item.unit}）" if item.unit else ""
            self.preview.addItem(f"{item.name}{unit}　{AGGREGATION_NAMES[item.aggregation]}")
        self._loading = False

    def _fill_field_box(self, box: QComboBox, t: edit.TypeSpec, kind: str, uid: str, none: str):
        box.clear()
        box.addItem(none, "")
        for f in t.fields:
            if f.kind == kind and not f.archived:
                box.addItem(f.label, f.uid)
        box.setCurrentIndex(max(0, box.findData(uid)))

    def _show_preview(self, section, owner, spec: edit.Spec | None = None) -> None:
        self.preview.clear()
        if owner is None:
            return
        template = edit.template_of(spec or self.spec)
        activity_type = next(t for t in template.types if t.uid == owner.uid)
        self._add_rows_of(section.name, activity_type, indent="")

    def _add_rows_of(self, section_name: str, activity_type, indent: str) -> None:
        """A type's 汇总 rows in the preview, its breakdowns under each."""
        for figure in type_figures(section_name, activity_type):
            deeper = indent + ("　　" if figure.option is not None else "")
            unit = f"（{figure.unit}）" if figure.unit else ""
            self.preview.addItem(f"{deeper}{figure.indicator}{unit}")

    def _show_section_preview(self, section) -> None:
        """A section's rows of the 汇总: each of its types, then that type's rows."""
        self.preview.clear()
        template = edit.template_of(self.spec)
        for spec_type in section.types:
            if spec_type.archived:
                continue
            activity_type = next(t for t in template.types if t.uid == spec_type.uid)
            self.preview.addItem(activity_type.name)
            self._add_rows_of(section.name, activity_type, indent="　　")
        for item in section.indicators:
            if not item.archived:
                self.preview.addItem(self._indicator_text(item))

    def _form_values(self, kind: str) -> dict:
        if kind == "section":
            return {"name": self.name_edit.text()}
        if kind == "type":
            units = [*COUNT_UNITS, ""]
            return {
                "name": self.name_edit.text(),
                "count_unit": units[self.count_unit_box.currentIndex()],
                "counted_by": self.counted_by_box.currentData() or "",
                "breakdown_by": self.breakdown_box.currentData() or "",
            }
        if kind == "indicator":
            return {
                "name": self.name_edit.text(),
                "unit": self.unit_edit.text(),
                "aggregation": self.aggregation_box.currentData(),
            }
        return {
            "label": self.name_edit.text(),
            "unit": self.unit_edit.text(),
            "kind": KINDS[self.kind_box.currentIndex()],
            "options": split_options(self.options_edit.text()),
            "required": self.required_box.isChecked(),
        }

    def _pending(self) -> edit.Spec | None:
        """The template as the form now says it, not yet saved."""
        after = edit.copy_spec(self.spec)
        kind, item, *_ = self._locate(after, self._selected_uid)
        if item is None:
            return None
        for key, value in self._form_values(kind).items():
            setattr(item, key, value)
        return after

    def _preview_form(self) -> None:
        if self._loading:
            return
        pending = self._pending()
        if pending is None:
            return
        _kind, _item, _siblings, section, owner = self._locate(pending, self._selected_uid)
        self._show_preview(section, owner, pending)

    def apply_form(self) -> None:
        """What the form now says, as one change (nothing when it says what is stored)."""
        if self._loading:
            return
        after = edit.copy_spec(self.spec)
        kind, item, *_ = self._locate(after, self._selected_uid)
        if item is None:
            return
        values = self._form_values(kind)
        if kind == "field" and values["kind"] != "choice":
            values["options"] = ()
        if kind == "field" and values["kind"] == "choice" and not values["options"]:
            # a choice needs its options first: they are asked for, the kind waits for them
            self.options_edit.setEnabled(True)
            self.options_edit.setFocus()
            return
        changed = {k: v for k, v in values.items() if getattr(item, k) != v}
        if not changed:
            return
        for key, value in changed.items():
            setattr(item, key, value)
        if "name" in changed or "label" in changed:
            old = getattr(self._locate(self.spec, self._selected_uid)[1], "name", None) or getattr(
                self._locate(self.spec, self._selected_uid)[1], "label", ""
            )
            text = (
                self.tr("Rename “%1” to “%2”")
                .replace("%1", old)
                .replace("%2", values.get("name") or values.get("label", ""))
            )
        else:
            text = self.tr("Change “%1”").replace("%1", getattr(item, "name", None) or item.label)
        if not self.submit(after, text):
            self._load_form()

    # --- changes --------------------------------------------------------------------------

    def submit(self, after: edit.Spec, text: str) -> bool:
        """Check ``after`` against the file, then make it one undoable change."""
        plan = edit.plan_changes(self.session.reader, after)
        if not plan.ok:
            self._refused(plan)
            return False
        if not plan.changes:
            return False
        made_from, self._view_read = (self.spec if self._view_read else None), False
        self.undo_stack.push(ChangeTemplate(self.ops, self.spec, plan.spec, text, made_from))
        self.spec = edit.copy_spec(plan.spec)  # the step's outcome until the file is read
        self._rebuild_tree()
        return True

    def _refused(self, plan: edit.Plan) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Not changed"))
        box.setText("\n".join(p.text for p in plan.problems))
        records = [r for p in plan.problems for r in p.record_ids]
        if records:
            box.setDetailedText(self._records_text(records))
        # Opened once the key that refused the change is done with: the Enter that ends
        # a name goes on to this dialog, which presses the default button of its children
        # (this box's 确定) and shut the box before it was seen.
        QTimer.singleShot(0, box.open)
        self.refusal = box

    def _records_text(self, ids: list[str]) -> str:
        from core import activities

        lines = []
        for activity_id in ids[:1000]:
            a = activities.get_activity(self.session.reader, activity_id)
            lines.append(f"{a.date.isoformat()}  {a.title}")
        return "\n".join(lines)

    def add_section(self) -> None:
        after = edit.copy_spec(self.spec)
        name = self._unused_name(self.tr("New section"), [s.name for s in after])
        section = edit.SectionSpec(new_uid("section"), name)
        _kind, _item, _siblings, current, _owner = self._locate(after, self._selected_uid)
        position = after.index(current) + 1 if current else len(after)
        after.insert(position, section)
        self._selected_uid = section.uid
        if self.submit(after, self.tr("Add section “%1”").replace("%1", name)):
            self._focus_name()

    def add_type(self) -> None:
        after = edit.copy_spec(self.spec)
        kind, item, _siblings, section, owner = self._locate(after, self._selected_uid)
        if section is None:
            return
        names = [t.name for s in after for t in s.types]
        name = self._unused_name(self.tr("New activity type"), names)
        new = edit.TypeSpec(new_uid("type"), name, "次")
        position = section.types.index(owner) + 1 if owner else len(section.types)
        section.types.insert(position, new)
        self._selected_uid = new.uid
        if self.submit(after, self.tr("Add activity type “%1”").replace("%1", name)):
            self._focus_name()

    def add_field(self) -> None:
        after = edit.copy_spec(self.spec)
        kind, item, _siblings, _section, owner = self._locate(after, self._selected_uid)
        if owner is None:
            return
        name = self._unused_name(self.tr("New field"), [f.label for f in owner.fields])
        new = edit.FieldSpec(new_uid("field"), name, "", "integer")
        position = owner.fields.index(item) + 1 if kind == "field" else len(owner.fields)
        owner.fields.insert(position, new)
        self._selected_uid = new.uid
        if self.submit(after, self.tr("Add field “%1”").replace("%1", name)):
            self._focus_name()

    def add_indicator(self) -> None:
        after = edit.copy_spec(self.spec)
        kind, item, _siblings, section, _owner = self._locate(after, self._selected_uid)
        if section is None:
            return
        names = [i.name for s in after for i in s.indicators]
        name = self._unused_name(self.tr("New indicator"), names)
        new = edit.IndicatorSpec(new_uid("indicator"), name, "", "sum")
        position = section.indicators.index(item) + 1 if kind == "indicator" else None
        section.indicators.insert(len(section.indicators) if position is None else position, new)
        self._selected_uid = new.uid
        if self.submit(after, self.tr("Add indicator “%1”").replace("%1", name)):
            self._focus_name()

    def _unused_name(self, base: str, taken: list[str]) -> str:
        name, number = base, 2
        while name in taken:
            name, number = f"{base}{number}", number + 1
        return name

    def _focus_name(self) -> None:
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def move_by(self, step: int) -> None:
        _kind, item, siblings, *_ = self._locate(self.spec, self._selected_uid)
        if item is None:
            return
        self.move_to(item.uid, siblings.index(item) + step)

    def move_to(self, uid: str, position: int) -> None:
        after = edit.copy_spec(self.spec)
        _kind, item, siblings, *_ = self._locate(after, uid)
        if item is None or not 0 <= position < len(siblings):
            return
        siblings.remove(item)
        siblings.insert(position, item)
        self._selected_uid = uid
        name = getattr(item, "name", None) or item.label
        self.submit(after, self.tr("Move “%1”").replace("%1", name))

    def _section_chosen(self) -> None:
        uid = self.section_box.currentData()
        if uid and not self._loading:
            self.move_to_section(self._selected_uid, uid)

    def move_to_section(self, uid: str, section_uid: str, position: int | None = None) -> None:
        """A type (with its fields and records) or an indicator into another section, as
        one change; its records and values stay as they are (they point at it by id)."""
        after = edit.copy_spec(self.spec)
        kind, item, siblings, section, _owner = self._locate(after, uid)
        target = next((s for s in after if s.uid == section_uid), None)
        if kind not in ("type", "indicator") or target is None:
            return
        if target is section:
            if position is not None:
                self.move_to(uid, position)
            return
        siblings.remove(item)
        into = target.types if kind == "type" else target.indicators
        into.insert(len(into) if position is None else position, item)
        self._selected_uid = uid
        text = self.tr("Move “%1” to “%2”").replace("%1", item.name).replace("%2", target.name)
        if not self.submit(after, text):
            self._load_form()

    def drop(self, uid: str, target_uid: str) -> None:
        """What a drag ends in: ``uid`` dropped on the item ``target_uid``."""
        kind, _item, _siblings, section, owner = self._locate(self.spec, uid)
        target_kind, target, siblings, target_section, target_owner = self._locate(
            self.spec, target_uid
        )
        if kind is None or target_kind is None:
            return
        if kind == target_kind and section is target_section and owner is target_owner:
            self.move_to(uid, siblings.index(target))  # among its siblings
        elif kind in ("type", "indicator") and target_kind == "section":
            self.move_to_section(uid, target.uid)  # to the end of that section
        elif kind == target_kind and kind in ("type", "indicator"):
            self.move_to_section(uid, target_section.uid, siblings.index(target))

    def show_history(self) -> TemplateHistoryDialog:
        """模板修改历史: when, who and what changed, before → after."""
        names = {}
        for item in edit.iter_items(edit.spec_of(load_template(self.session.reader))):
            names[item.uid] = getattr(item, "name", None) or getattr(item, "label", "")
        entries = edit.template_history(self.session.reader)
        dialog = TemplateHistoryDialog(entries, names, self)
        dialog.open()
        self.history_dialog = dialog
        return dialog

    def remove_current(self) -> None:
        """Archive (records use it) or delete (none do): the core decides, by the records."""
        after = edit.copy_spec(self.spec)
        kind, item, siblings, _section, owner = self._locate(after, self._selected_uid)
        if item is None or item.archived:
            return
        if kind == "field" and owner is not None:
            # a field a type counts or breaks down by: the type forgets it first
            owner.counted_by = "" if owner.counted_by == item.uid else owner.counted_by
            owner.breakdown_by = "" if owner.breakdown_by == item.uid else owner.breakdown_by
        place = siblings.index(item)
        siblings.remove(item)
        # Deleted, it is gone: the clerk goes on from the item after it (or before it, or
        # its parent), not from the top of the tree.
        parent = owner if kind == "field" else (_section if kind != "section" else None)
        beside = siblings[min(place, len(siblings) - 1)] if siblings else parent
        if beside is not None:
            self._selected_uid = beside.uid
        name = getattr(item, "name", None) or item.label
        self._reselect = item.uid  # archived, it is back in the tree once stored
        self.submit(after, self.tr("Remove “%1”").replace("%1", name))

    def restore_current(self) -> None:
        after = edit.copy_spec(self.spec)
        _kind, item, *_ = self._locate(after, self._selected_uid)
        if item is None or not item.archived:
            return
        item.archived = False
        name = getattr(item, "name", None) or item.label
        self.submit(after, self.tr("Restore “%1”").replace("%1", name))

    # --- after a change ---------------------------------------------------------------------

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.template:
            self._reload()

    def _on_step_refused(self, _text: str) -> None:
        self._reload()

    def _reload(self) -> None:
        self.spec = edit.spec_of(load_template(self.session.reader))
        self._view_read = True
        if self._reselect and self._locate(self.spec, self._reselect)[1] is not None:
            self._selected_uid = self._reselect
        self._reselect = None
        self._rebuild_tree()

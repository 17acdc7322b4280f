"""The form to log or edit one activity, generated from the template.

The common fields first, then the chosen type's own figures (spin boxes that
show their unit, a list for choices). Problems are shown beside the field they
concern; nothing is saved until the whole record is valid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QDate, QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import activities
from core.activities import Activity
from core.errors import RecordErrors
from core.template import Field, Template
from gui.i18n import short

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_INTEGER = 999_999_999
COMPLETED_FIELDS = ("location", "organizer", "partners", "audience", "handler")


class ActivityDialog(QDialog):
    """Emits ``saved(activity, keep_going)``; the caller runs the change (undoable)."""

    saved = Signal(object, bool)

    def __init__(
        self,
        template: Template,
        parent: QWidget | None = None,
        activity: Activity | None = None,
        completions: dict[str, list[str]] | None = None,
        editing: bool = False,
    ) -> None:
        super().__init__(parent)
        self.template = template
        self.editing = editing
        self._field_widgets: dict[int, QWidget] = {}
        self._errors: dict[object, QLabel] = {}
        self.setWindowTitle(self.tr("Edit activity") if editing else self.tr("New activity"))
        self.setMinimumWidth(560)
        self._build(completions or {})
        if activity is not None:
            self.load(activity)
        else:
            self._on_type_changed()
        # A new record starts at its type (typed over); an edit at its title.
        first = self.title_edit if editing else self.type_box
        first.setFocus()
        if not editing:
            self.type_box.lineEdit().selectAll()

    # --- layout ---------------------------------------------------------------

    def _build(self, completions: dict[str, list[str]]) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form = form

        self.type_box = self._type_combo()
        self._add_row(form, self.tr("Type"), self.type_box, "type_id")

        self.date_edit = self._date_edit()
        self.end_check = QCheckBox(self.tr("until"))
        self.end_edit = self._date_edit()
        self.end_edit.setEnabled(False)
        self.end_check.toggled.connect(self.end_edit.setEnabled)
        dates = QHBoxLayout()
        dates.addWidget(self.date_edit)
        dates.addWidget(self.end_check)
        dates.addWidget(self.end_edit)
        dates.addStretch()
        dates_widget = QWidget()
        dates_widget.setLayout(dates)
        dates.setContentsMargins(0, 0, 0, 0)
        self._add_row(form, self.tr("Date"), dates_widget, "date")
        self._errors["end_date"] = self._errors["date"]

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("e.g. Spring training class on fruit growing"))
        self._add_row(form, self.tr("Title"), self.title_edit, "title")

        self.text_edits: dict[str, QLineEdit] = {}
        for name, label in (
            ("location", self.tr("Place")),
            ("organizer", self.tr("Organizer")),
            ("partners", self.tr("Partners")),
            ("audience", self.tr("Audience")),
            ("handler", self.tr("Handled by")),
        ):
            edit = QLineEdit()
            if completions.get(name):
                completer = QCompleter(completions[name], edit)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                edit.setCompleter(completer)
            self.text_edits[name] = edit
            self._add_row(form, label, edit, name)
        self.text_edits["organizer"].setPlaceholderText(self.tr("empty: the bureau"))
        self.text_edits["handler"].setPlaceholderText(self.tr("empty: the staff member"))

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(64)
        self._add_row(form, self.tr("Notes"), self.notes_edit, "notes")
        layout.addLayout(form)

        self.fields_box = QGroupBox()
        self.fields_form = QFormLayout(self.fields_box)
        self.fields_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addWidget(self.fields_box)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #b00020;")
        self.summary.hide()
        layout.addWidget(self.summary)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.save_new_button = QPushButton(self.tr("Save and new"))
        self.save_new_button.setShortcut("Ctrl+Return")
        self.save_new_button.setAutoDefault(False)
        self.save_new_button.setVisible(not self.editing)
        buttons.addButton(self.save_new_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(lambda: self._save(keep_going=False))
        self.save_new_button.clicked.connect(lambda: self._save(keep_going=True))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add_row(self, form: QFormLayout, label: str, widget: QWidget, key: object) -> None:
        error = QLabel()
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(error)
        holder = QWidget()
        holder.setLayout(column)
        form.addRow(label, holder)
        self._errors[key] = error

    def _type_combo(self) -> QComboBox:
        """Types grouped by section; typing any part of a name filters the list."""
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.setMaxVisibleItems(24)
        model = QStandardItemModel(box)
        bold = QFont()
        bold.setBold(True)
        for section in self.template.sections:
            header = QStandardItem(section.name)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(bold)
            model.appendRow(header)
            for activity_type in section.types:
                item = QStandardItem(activity_type.name)
                item.setData(activity_type.id, TYPE_ROLE)
                model.appendRow(item)
        box.setModel(model)
        names = [t.name for t in self.template.types]
        completer = QCompleter(QStringListModel(names, box), box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        box.setCompleter(completer)
        box.lineEdit().setPlaceholderText(self.tr("type to filter, e.g. 培训"))
        box.setCurrentIndex(1)  # the first type, under the first section heading
        box.currentIndexChanged.connect(self._on_type_changed)
        completer.activated.connect(self._select_type_by_name)
        box.lineEdit().textEdited.connect(self._select_type_by_name)  # a whole name typed
        return box

    def _select_type_by_name(self, name: str) -> None:
        index = self.type_box.findText(name, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            self.type_box.setCurrentIndex(index)

    @staticmethod
    def _date_edit() -> QDateEdit:
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(QDate(1900, 1, 1))
        edit.setMaximumDate(QDate(2999, 12, 31))
        return edit

    # --- the type's own fields -------------------------------------------------

    def current_type_id(self) -> int | None:
        type_id = self.type_box.currentData(TYPE_ROLE)
        if type_id is None:  # typed text: accept an exact name
            name = self.type_box.currentText().strip()
            match = [t for t in self.template.types if t.name == name]
            return match[0].id if match else None
        return int(type_id)

    def _on_type_changed(self) -> None:
        previous = self.field_values_by_label()
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        for key in [k for k in self._errors if isinstance(k, int)]:
            del self._errors[key]
        self._field_widgets = {}
        type_id = self.current_type_id()
        if type_id is None:
            self.fields_box.hide()
            return
        activity_type = self.template.type(type_id)
        self.fields_box.setTitle(self.tr("Figures of %1").replace("%1", activity_type.name))
        for f in activity_type.fields:
            widget = self._field_widget(f)
            self._field_widgets[f.id] = widget
            self._add_row(self.fields_form, f.label, widget, f.id)
            if f.label in previous:
                self._set_field(f, widget, previous[f.label])
        self.fields_box.setVisible(bool(activity_type.fields))

    def _field_widget(self, f: Field) -> QWidget:
        if f.kind in ("integer", "decimal"):
            spin = QSpinBox() if f.kind == "integer" else QDoubleSpinBox()
            if f.kind == "integer":
                spin.setRange(0, MAX_INTEGER)
            else:
                spin.setDecimals(2)
                spin.setRange(0, 1e10)
            spin.setGroupSeparatorShown(True)
            spin.setSuffix(f" {f.unit}" if f.unit else "")  # the unit in the box: 120 人次
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            return spin
        if f.kind == "choice":
            box = QComboBox()
            box.addItem("")
            box.addItems(list(f.options))
            return box
        return QLineEdit()

    @staticmethod
    def _set_field(f: Field, widget: QWidget, value: object) -> None:
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            widget.setValue(float(value) if f.kind == "decimal" else int(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findText(str(value))))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

    @staticmethod
    def _field_value(widget: QWidget) -> object:
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            return widget.value() or None  # 0 and empty count the same in every sum
        if isinstance(widget, QComboBox):
            return widget.currentText()
        return widget.text()

    def field_values_by_label(self) -> dict[str, object]:
        values = {}
        for field_id, widget in self._field_widgets.items():
            value = self._field_value(widget)
            if value not in (None, ""):
                values[self.template.fields_by_id[field_id].label] = value
        return values

    # --- load and save --------------------------------------------------------

    def load(self, activity: Activity) -> None:
        with QSignalBlocker(self.type_box):
            index = self.type_box.findData(activity.type_id, TYPE_ROLE)
            self.type_box.setCurrentIndex(index)
        self._on_type_changed()
        self.date_edit.setDate(_qdate(activity.date))
        self.end_check.setChecked(activity.end_date is not None)
        if activity.end_date:
            self.end_edit.setDate(_qdate(activity.end_date))
        self.title_edit.setText(activity.title)
        for name, edit in self.text_edits.items():
            edit.setText(getattr(activity, name))
        self.notes_edit.setPlainText(activity.notes)
        for field_id, value in activity.values.items():
            widget = self._field_widgets.get(field_id)
            if widget is not None:
                self._set_field(self.template.fields_by_id[field_id], widget, value)

    def draft(self) -> dict:
        """What the form holds, as ``activities.validate_activity`` takes it."""
        return {
            "type_id": self.current_type_id(),
            "date": self.date_edit.date().toPython(),
            "end_date": self.end_edit.date().toPython() if self.end_check.isChecked() else None,
            "title": self.title_edit.text(),
            "notes": self.notes_edit.toPlainText(),
            "values": {
                field_id: self._field_value(widget)
                for field_id, widget in self._field_widgets.items()
            },
            **{name: edit.text() for name, edit in self.text_edits.items()},
        }

    def validated(self) -> Activity | None:
        """The record, or ``None`` with every problem shown beside its field."""
        for label in self._errors.values():
            label.hide()
        self.summary.hide()
        try:
            return activities.validate_activity(self.template, self.draft())
        except RecordErrors as problems:
            first = None
            for error in problems.errors:
                label = self._errors.get(error.field)
                if label is None:
                    self.summary.setText(short(error))
                    self.summary.show()
                    continue
                label.setText(short(error))
                label.show()
                first = first or error.field
            self._focus(first)
            return None

    def _focus(self, key: object) -> None:
        widget = (
            {
                "type_id": self.type_box,
                "date": self.date_edit,
                "end_date": self.end_edit,
                "title": self.title_edit,
            }.get(key)
            or self._field_widgets.get(key)
            or self.text_edits.get(key)
        )
        if widget is not None:
            widget.setFocus()

    def _save(self, keep_going: bool) -> None:
        activity = self.validated()
        if activity is None:
            return
        self.saved.emit(activity, keep_going)
        if keep_going:
            self._start_next(activity)
        else:
            self.accept()

    def _start_next(self, previous: Activity) -> None:
        """Save and new: keep type, date and place; clear the rest."""
        self.load(
            replace(
                previous,
                title="",
                partners="",
                audience="",
                notes="",
                values={},
                organizer=self.text_edits["organizer"].text(),
                handler=self.text_edits["handler"].text(),
            )
        )
        self.title_edit.setFocus()


def _qdate(date: dt.date) -> QDate:
    return QDate(date.year, date.month, date.day)

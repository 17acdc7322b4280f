"""The form to log or edit one activity, generated from the template.

The common fields first, then the chosen type's own figures, in the order Tab visits
them, before any button. What the form shows is what is saved: the type is the one
its box names (a part of a name that fits one type only is that type), a date is read
by the program's one date parser, a figure by its one number parser. Problems are shown
beside the field they concern, with the focus on the first; nothing is saved until the
whole record is valid, and the form stays open, as typed, until the save has landed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QSize, QStringListModel, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core import activities
from core.activities import Activity
from core.errors import RecordErrors, ValidationError
from core.template import ActivityType, Field, Template, name_key
from gui.date_field import DateField
from gui.forms import Form, labelled, make_default, return_focus, text_line
from gui.i18n import short
from gui.screen_fit import FormScroll

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
COMPLETED_FIELDS = ("location", "organizer", "partners", "audience", "handler")
# What 保存并新增 keeps for the next record; everything else starts empty.
CARRIED_OVER = ("location", "organizer", "partners")
FIGURE_WIDTH = 200  # a figure's box: room for 12 digits

# saver(activity, on_done(stored), on_error(message)): runs the change, then answers.
Saver = Callable[[Activity, Callable[[Activity], None], Callable[[str], None]], None]
# records_like(activity) → the saved records of the same type, date and title.
LikeFinder = Callable[[Activity], Sequence[Activity]]


class EndDateBox(QCheckBox):
    """The 至 box: off Tab's way (``ClickFocus``); its Alt+letter ticks it at once, where a
    check box's own mnemonic ticks it a tenth of a second later (an animated click), so
    that the end date typed right after it would land in the start date."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut and self.isEnabled():
            self.click()
            return True
        return super().event(event)


class ActivityDialog(Form):
    def __init__(
        self,
        template: Template,
        parent: QWidget | None = None,
        activity: Activity | None = None,
        completions: dict[str, list[str]] | None = None,
        editing: bool = False,
        saver: Saver | None = None,
        records_like: LikeFinder | None = None,
        type_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.template = template
        self.editing = editing
        self.saver = saver
        self.records_like = records_like
        self.editing_id = activity.id if editing and activity is not None else ""
        self._field_widgets: dict[int, QWidget] = {}
        self._errors: dict[object, QLabel] = {}
        self._shown_type: ActivityType | None = None
        self._typed_by_id: dict[int, str] = {}  # what each figure shown held (_remember_figures)
        self._typed_by_label: dict[str, str] = {}
        self._busy = False
        # Offered: the active types; an edited record keeps its own type and the figures
        # it holds, even when the template has archived them since.
        self._held: tuple[int, ...] = tuple(activity.values) if activity else ()
        kept = activity.type_id if activity is not None else None
        self.offered_types = [t for t in template.types if template.is_active(t.id) or t.id == kept]
        self.setWindowTitle(self.tr("Edit activity") if editing else self.tr("New activity"))
        self.setMinimumWidth(560)
        self._build(completions or {})
        if activity is not None:
            self.load(activity)
        else:
            if type_id is not None:  # the type the clerk has chosen in the tree
                found = self.type_box.findData(type_id, TYPE_ROLE)
                if found >= 0:
                    self.type_box.setCurrentIndex(found)
            self._show_figures()
        self.mark_clean()
        # A new record starts at its type (typed over); an edit at its title.
        if editing:
            self.title_edit.setFocus()
        else:
            self.type_box.setFocus()
            self.type_box.lineEdit().selectAll()

    # --- layout ---------------------------------------------------------------

    def _build(self, completions: dict[str, list[str]]) -> None:
        outer = QVBoxLayout(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout = layout
        # The fields scroll on a small screen; the problems and the buttons stay in view.
        outer.addWidget(FormScroll(body, self), 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form = form

        self.type_box = self._type_combo()
        self._add_row(form, self.tr("Type"), self.type_box, "type_id")

        self.date_edit = DateField(dt.date.today())
        # Most records have one date: Tab goes from 日期 to 活动名称, past the box (it takes
        # no Tab focus); Alt+U or a click ticks it and puts the cursor in the end date,
        # which is then on Tab's way until the box is unticked.
        self.end_check = EndDateBox(self.tr("&until"))
        self.end_check.setToolTip(self.tr("Ticked for an activity of several days (Alt+U)"))
        self.end_edit = DateField()
        self.end_edit.setPlaceholderText("")  # no example date in a field not in use
        self.end_edit.setEnabled(False)
        self.end_check.toggled.connect(self._end_toggled)
        self.end_check.clicked.connect(self._end_clicked)
        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.date_edit)
        dates.addWidget(self.end_check)
        dates.addWidget(self.end_edit)
        dates.addStretch()
        dates_widget = QWidget()
        dates_widget.setLayout(dates)
        self._add_row(form, self.tr("Date"), dates_widget, "date", buddy=self.date_edit)
        self._errors["end_date"] = self._errors["date"]

        self.title_edit = text_line()
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
            edit = text_line()
            if completions.get(name):
                completer = QCompleter(completions[name], edit)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                edit.setCompleter(completer)
            self.text_edits[name] = edit
            self._add_row(form, label, edit, name)
        if not self.editing:  # an edit keeps an empty 主办单位 or 经办人 empty
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

        layout.addStretch(1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #b00020;")
        # It wraps at the form's width, and makes the form taller, never wider.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.hide()
        outer.addWidget(self.summary)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_new_button: QPushButton | None = None
        if not self.editing:  # 保存并新增 makes a new record: an edit has no such button
            self.save_new_button = self.buttons.addButton(
                self.tr("Save and new"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.save_new_button.setToolTip(self.tr("Save, then a new form (Ctrl+Enter)"))
            self.save_new_button.clicked.connect(lambda: self._save(keep_going=True))
            for keys in ("Ctrl+Return", "Ctrl+Enter"):
                QShortcut(QKeySequence(keys), self, lambda: self._save(keep_going=True))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(lambda: self._save(keep_going=False))
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        make_default(self, self.save_button)

    def show_evidence(self, view: QWidget) -> None:
        """An existing record's evidence files (``gui/attachments_view.py``), under its
        figures. They are saved as they are added or removed, not with the form."""
        self._add_evidence(view, self.tr("Evidence (saved as added or removed; Ctrl+Z undoes)"))

    def take_evidence(self, view: QWidget) -> None:
        """A new record's evidence (``gui/pending_evidence.py``): files chosen now, saved
        with the record by 保存, as one change."""
        self._add_evidence(view, self.tr("Evidence (saved with the record)"))
        view.changed.connect(self._set_tab_order)

    def new_evidence(self) -> list[str]:
        """The files a new record's form holds for its save."""
        view = getattr(self, "evidence", None)
        return view.paths() if view is not None and hasattr(view, "paths") else []

    def _add_evidence(self, view: QWidget, title: str) -> None:
        box = QGroupBox(title)
        column = QVBoxLayout(box)
        column.setContentsMargins(6, 4, 6, 6)
        column.addWidget(view)
        self.evidence_box = box
        self.evidence = view
        self.setMinimumWidth(620)  # three files side by side
        self.setAcceptDrops(True)
        layout = self.body_layout
        layout.insertWidget(layout.count() - 1, box)  # above the stretch
        self._set_tab_order()

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        view = getattr(self, "evidence", None)
        if view is not None:
            view.dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        view = getattr(self, "evidence", None)
        if view is not None:
            view.dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        view = getattr(self, "evidence", None)
        if view is not None:
            view.dropEvent(event)

    def _add_row(
        self,
        form: QFormLayout,
        label: str,
        widget: QWidget,
        key: object,
        buddy: QWidget | None = None,
        unit: str = "",
        beside: bool = False,
    ) -> None:
        error = ProblemBeside() if beside else QLabel()
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(widget, 1)
        if unit:
            line.addWidget(QLabel(unit))
        column = QVBoxLayout()
        column.setSpacing(2)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(line)
        if beside:  # in the room right of a short figure: the form grows no taller
            line.addWidget(error, 1)
        else:
            column.addWidget(error)
        holder = QWidget()
        holder.setLayout(column)
        form.addRow(labelled(label, buddy or widget), holder)
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
        offered = {t.id for t in self.offered_types}
        for section in self.template.sections:
            types = [t for t in section.types if t.id in offered]
            if not types:
                continue
            header = QStandardItem(section.name)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(bold)
            model.appendRow(header)
            for activity_type in types:
                item = QStandardItem(activity_type.name)
                item.setData(activity_type.id, TYPE_ROLE)
                model.appendRow(item)
        box.setModel(model)
        names = [t.name for t in self.offered_types]
        completer = QCompleter(QStringListModel(names, box), box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        box.setCompleter(completer)
        box.lineEdit().setPlaceholderText(self.tr("type to filter, e.g. 培训"))
        box.setCurrentIndex(1)  # the first type, under the first section heading
        box.currentIndexChanged.connect(lambda _i: self._show_figures())
        box.lineEdit().textChanged.connect(lambda _t: self._show_figures())
        box.lineEdit().editingFinished.connect(self._complete_type_name)
        return box

    def _end_toggled(self, checked: bool) -> None:
        self.end_edit.setEnabled(checked)
        if checked and not self.end_edit.text():
            self.end_edit.setText(self.date_edit.text())

    def _end_clicked(self, checked: bool) -> None:
        """The clerk ticked the box (not a load): the end date to type, or the date again."""
        if checked:
            self.end_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.end_edit.selectAll()
        else:
            self.date_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- the type: what the box shows ------------------------------------------

    def matching_types(self) -> list[ActivityType]:
        """The types the box's text names: the one of that exact name, or every type
        whose name contains it."""
        key = name_key(self.type_box.currentText()).casefold()
        if not key:
            return []
        types = self.offered_types
        exact = [t for t in types if name_key(t.name).casefold() == key]
        return exact or [t for t in types if key in name_key(t.name).casefold()]

    def current_type(self) -> ActivityType | None:
        matches = self.matching_types()
        return matches[0] if len(matches) == 1 else None

    def current_type_id(self) -> int | None:
        chosen = self.current_type()
        return chosen.id if chosen else None

    def _complete_type_name(self) -> None:
        """Leaving the box: a part of a name that fits one type becomes its whole name."""
        chosen = self.current_type()
        if chosen is not None and self.type_box.currentText() != chosen.name:
            self.type_box.setCurrentIndex(self.type_box.findData(chosen.id, TYPE_ROLE))

    def _type_problem(self) -> ValidationError:
        text = self.type_box.currentText().strip()
        if not text:
            return ValidationError("value_required", field="type_id", label="活动类型")
        matches = self.matching_types()
        if len(matches) > 1:
            names = "、".join(t.name for t in matches[:8])
            return ValidationError("type_ambiguous", field="type_id", name=text, names=names)
        return ValidationError("unknown_type", field="type_id", name=text)

    # --- the type's own fields -------------------------------------------------

    def _show_figures(self, keep_values: bool = True) -> None:
        """The figures of the type the box names now (none while it names no one type)."""
        activity_type = self.current_type()
        if activity_type is self._shown_type and self._field_widgets:
            return
        if keep_values:
            self._remember_figures()
        else:
            self._typed_by_id, self._typed_by_label = {}, {}
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        for key in [k for k in self._errors if isinstance(k, int)]:
            del self._errors[key]
        self._field_widgets = {}
        self._shown_type = activity_type
        if activity_type is None:
            self.fields_box.hide()
            self._set_tab_order()
            return
        self.fields_box.setTitle(self.tr("Figures of %1").replace("%1", activity_type.name))
        for f in activity_type.entry_fields(held=self._held):
            widget = self._field_widget(f)
            self._field_widgets[f.id] = widget
            unit = f.unit if f.is_numeric else ""
            self._add_row(self.fields_form, f.label, widget, f.id, unit=unit, beside=f.is_numeric)
            typed = self._typed_by_id.get(f.id, self._typed_by_label.get(f.label))
            if typed:
                self._set_field(f, widget, typed)
        self.fields_box.setVisible(bool(self._field_widgets))
        self._set_tab_order()

    def _remember_figures(self) -> None:
        """What is typed in the figures shown, kept while the form is open: a figure comes
        back when its type is chosen again (the clerk scrolled past it, or typed the
        type's name letter by letter), and goes to a field of the same label in another
        type. Only the figures shown are saved."""
        for field_id, widget in self._field_widgets.items():
            text = self._field_text(widget)
            self._typed_by_id[field_id] = text
            self._typed_by_label[self.template.fields_by_id[field_id].label] = text

    def _field_widget(self, f: Field) -> QWidget:
        if f.kind == "choice":
            box = QComboBox()
            box.addItem("")
            box.addItems(list(f.options))
            return box
        edit = text_line()
        if f.is_numeric:
            # Read by the program's one number parser: 1,200 / １２００ / 1200人次 all fit.
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setPlaceholderText("0")
            edit.setFixedWidth(FIGURE_WIDTH)  # its problem beside it asks for the rest
        return edit

    @staticmethod
    def _set_field(f: Field, widget: QWidget, value: object) -> None:
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findText(str(value))))
        elif isinstance(widget, QLineEdit):
            widget.setText(_shown_value(value))

    @staticmethod
    def _field_text(widget: QWidget) -> str:
        if isinstance(widget, QComboBox):
            return widget.currentText()
        return widget.text()

    def _set_tab_order(self) -> None:
        """Tab walks the form as it is read: every input, the figures, the evidence, then
        the buttons."""
        evidence = getattr(self, "evidence", None)
        chain: list[QWidget] = [
            self.type_box,
            self.date_edit,
            self.end_check,  # skipped by Tab (ClickFocus): Alt+U
            self.end_edit,  # skipped while disabled
            self.title_edit,
            *self.text_edits.values(),
            self.notes_edit,
            *self._field_widgets.values(),
            *(evidence.tab_chain() if evidence is not None else ()),
            *_buttons_in_layout_order(self.buttons),
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # --- load and save --------------------------------------------------------

    def load(self, activity: Activity) -> None:
        self.type_box.setCurrentIndex(self.type_box.findData(activity.type_id, TYPE_ROLE))
        self._show_figures(keep_values=False)
        self.date_edit.set_date(activity.date)
        self.end_check.setChecked(activity.end_date is not None)
        self.end_edit.setText(activity.end_date.isoformat() if activity.end_date else "")
        self.title_edit.setText(activity.title)
        for name, edit in self.text_edits.items():
            edit.setText(getattr(activity, name))
        self.notes_edit.setPlainText(activity.notes)
        for widget in self._field_widgets.values():
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            else:
                widget.clear()
        for field_id, value in activity.values.items():
            widget = self._field_widgets.get(field_id)
            if widget is not None:
                self._set_field(self.template.fields_by_id[field_id], widget, value)

    def draft(self) -> dict:
        """What the form holds, as ``activities.validate_activity`` takes it."""
        return {
            "type_id": self.current_type_id(),
            "date": self.date_edit.text(),
            "end_date": self.end_edit.text() if self.end_check.isChecked() else None,
            "title": self.title_edit.text(),
            # raw: toPlainText() makes every non-breaking space a plain one
            "notes": self.notes_edit.document().toRawText(),
            "values": {
                field_id: self._field_text(widget)
                for field_id, widget in self._field_widgets.items()
            },
            **{name: edit.text() for name, edit in self.text_edits.items()},
        }

    def snapshot(self) -> object:
        draft = self.draft()
        draft["type_text"] = self.type_box.currentText()
        draft["values"] = {k: v for k, v in draft["values"].items() if v.strip()}
        draft["evidence"] = self.new_evidence()  # files chosen are typed content too
        return draft

    def validated(self) -> Activity | None:
        """The record, or ``None`` with every problem shown beside its field."""
        for label in self._errors.values():
            label.hide()
        self.summary.hide()
        draft = self.draft()
        try:
            return activities.validate_activity(self.template, draft)
        except RecordErrors as problems:
            errors = [
                self._type_problem() if e.field == "type_id" and draft["type_id"] is None else e
                for e in problems.errors
            ]
            self._show_problems(errors)
            return None

    def _show_problems(self, errors: list[ValidationError]) -> None:
        first = None
        said: set[QLabel] = set()  # 日期 and its end date share one line of problems
        for error in errors:
            label = self._errors.get(error.field)
            if label is None:
                self.summary.setText(short(error))
                self.summary.show()
                continue
            label.setText((label.text() + "\n" if label in said else "") + short(error))
            label.show()
            said.add(label)
            first = first if first is not None else error.field
        self._focus(first)

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
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def _save(self, keep_going: bool) -> None:
        if self._busy or (keep_going and self.editing):
            return
        activity = self.validated()
        if activity is None:
            return
        like = list(self.records_like(activity)) if self.records_like else []
        if like:
            self._ask_about_like(activity, keep_going, like)
            return
        self._commit(activity, keep_going)

    def _ask_about_like(self, activity: Activity, keep_going: bool, like: list[Activity]) -> None:
        """The same type, date and title are already saved: 仍然保存 or 返回修改 (the default)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), "", parent=self)
        box.setText(self.tr("A record with the same type, date and title is already saved:"))
        box.setInformativeText(
            "\n".join(f"{a.date.isoformat()}　{a.title}　{a.location}".rstrip() for a in like)
        )
        save_anyway = box.addButton(self.tr("Save anyway"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(self.tr("Go back and change it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        self.like_box = box

        def answered(_result: int) -> None:
            return_focus(self, self.title_edit)
            if box.clickedButton() is save_anyway:
                self._commit(activity, keep_going)

        box.finished.connect(answered)
        box.open()

    def _commit(self, activity: Activity, keep_going: bool) -> None:
        if self.saver is None:
            self._saved(activity, keep_going)
            return
        self._set_busy(True)
        self.saver(
            activity,
            lambda stored: self._saved(stored, keep_going),
            self._save_failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in self.buttons.buttons():
            button.setEnabled(not busy)

    def _saved(self, stored: Activity, keep_going: bool) -> None:
        self._set_busy(False)
        if keep_going:
            self._start_next(stored)
        else:
            self.accept()

    def _save_failed(self, text: str) -> None:
        """Not saved: everything typed stays, with the reason under the form."""
        self._set_busy(False)
        self.summary.setText(text)
        self.summary.show()

    def _start_next(self, _previous: Activity) -> None:
        """保存并新增: the type, date, place, organizer and partners stay; the rest is empty."""
        kept = {name: self.text_edits[name].text() for name in CARRIED_OVER}
        date_text = self.date_edit.text()
        self.title_edit.clear()
        self.notes_edit.clear()
        for name, edit in self.text_edits.items():
            edit.setText(kept.get(name, ""))
        self.end_check.setChecked(False)
        self.end_edit.clear()
        self.date_edit.setText(date_text)
        for widget in self._field_widgets.values():
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            else:
                widget.clear()
        view = getattr(self, "evidence", None)
        if view is not None and hasattr(view, "clear"):
            view.clear()  # saved with the record before: the next one starts with none
        self.mark_clean()
        self.title_edit.setFocus()


class ProblemBeside(QLabel):
    """A figure's problem, right of it: it asks for the width of its text on one line
    (the window widens where the screen has room, and the row grows no taller), and
    wraps when there is less."""

    MOST = 420  # points: past this it wraps anyway

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        lines = self.text().splitlines() or [""]
        wanted = max(self.fontMetrics().horizontalAdvance(line) for line in lines) + 4
        return QSize(max(hint.width(), min(wanted, self.MOST)), hint.height())


def _shown_value(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _buttons_in_layout_order(box: QDialogButtonBox) -> list[QWidget]:
    """The box's buttons as they stand on screen (the order depends on the platform)."""
    layout = box.layout()
    found = []
    for index in range(layout.count() if layout else 0):
        widget = layout.itemAt(index).widget()
        if isinstance(widget, QPushButton) and not widget.isHidden():
            found.append(widget)
    return found or list(box.buttons())

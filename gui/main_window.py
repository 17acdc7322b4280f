"""The window a clerk lives in: period bar, sections tree, activity table, status bar."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QMargins,
    QPoint,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import activities, backups
from core import db as database
from core.activities import Activity, ActivityQuery
from core.errors import TaizhangError
from core.paths import DB_NAME, backups_dir
from core.periods import Period, range_period
from gui import copied_rows, file_dialogs
from gui.activity_model import ID_ROLE, ActivityModel, columns_for, range_column_width
from gui.landed_after_closing import landed_after_closing
from gui.operations import Landed, OpChanges, Operations
from gui.period_bar import PeriodBar
from gui.quit_backup import QuitBackup
from gui.save_place import folder_for
from gui.search_box import SearchBox
from gui.section_tree import SectionTree, unit_counts
from gui.session import Session
from gui.sums_label import SumsLabel
from gui.undo import (
    AddActivities,
    ChangeTemplate,
    EditActivity,
    ImportActivities,
    SetDeleted,
    UndoStack,
)
from gui.worker import Worker

SEARCH_DELAY_MS = 150
SELECTED_AFTER_IMPORT = 200  # records an import selects when they are shown
# The window's size where the screen has room for it; on a smaller screen it opens
# maximised (1366×768 with a taskbar, 1024×768, 1920×1080 at 150 %).
NATURAL_SIZE = QSize(1280, 760)
# Title bar and borders before the window manager has said: a Windows 10/11 frame.
GUESSED_FRAME = QMargins(8, 31, 8, 8)


HEADER_PADDING = 28  # the cell's margins and the sort arrow
MAX_HEADER_WIDTH = 240
WATCH_MS = 3000  # how often the file is looked at for what other programs saved
TEMPLATE_CHANGES_SHOWN = 12  # changes or problems a template import's box lists in sight


class MainWindow(QMainWindow):
    def __init__(self, session: Session, worker: Worker | None = None) -> None:
        super().__init__()
        self.session = session
        self.worker = worker or Worker(self)
        self.ops = Operations(session, self.worker, self)
        self.ops.changed.connect(self.on_changed)
        # What another program saves (the command line, a colleague's window over a share)
        # shows here too: the file is looked at every few seconds and on coming back.
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self.ops.notice_changes_elsewhere)
        self._watch.start()
        QApplication.instance().applicationStateChanged.connect(self._on_application_state)
        self.ops.failed.connect(self.show_error)
        self.quitting = QuitBackup(self)
        self.undo_stack = UndoStack(self)
        self.undo_stack.failed.connect(self.show_error)
        self._summary_generation = 0
        self._section_id: int | None = None
        self._type_id: int | None = None
        self._select_after_change: tuple[str, ...] = ()

        self.model = ActivityModel(session, self)
        self.model.failed.connect(lambda text: QMessageBox.warning(self, self.tr("Not done"), text))
        self.model.modelReset.connect(self._fit_date_column)
        self.model.rowsInserted.connect(self._fit_date_column)
        self._build_central()
        self._accept_dropped_evidence()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._restore_settings()
        self._update_title()
        self.verify_database()
        self.refresh()
        if getattr(session.writer, "home_settled", "") == "copied":  # core/identity.py
            said = self.tr(
                "This file is a copy of another ledger file: it is a database of its "
                "own now. The records it held when copied stay the original's."
            )
            # Once the window is shown: said before, the record count was drawn over it.
            QTimer.singleShot(0, lambda: self.statusBar().showMessage(said, 60_000))
        # Opened, the records have the keys: arrows, Enter to edit, Delete (not the period).
        self.table.setFocus()

    # --- layout ---------------------------------------------------------------

    def _build_central(self) -> None:
        self.period_bar = PeriodBar()
        self.period_bar.changed.connect(lambda _period: self.refresh())
        self.period_bar.refused.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.search_edit = SearchBox()
        self.search_edit.to_results.connect(self._to_results)
        self.search_edit.setPlaceholderText(
            self.tr("Search title, place, organizer, partners, notes… (Ctrl+F)")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(280)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())

        self.bin_banner = QLabel(
            self.tr(
                "Recycle bin: the records deleted, of every period; they count nowhere. "
                "Select and choose Restore to bring them back."
            )
        )
        self.bin_banner.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0c060; padding: 4px 8px;"
        )
        self.bin_banner.hide()

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Period:")))
        filters.addWidget(self.period_bar)
        filters.addStretch()
        filters.addWidget(self.search_edit)

        self.tree = SectionTree(self.session.template)
        self.tree.filter_changed.connect(self._on_tree_filter)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        # Fixed row heights: Qt need not measure rows as pages of records arrive.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self._apply_column_widths()
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_row_menu)

        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1000])
        self.splitter = splitter

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(filters)
        layout.addWidget(self.bin_banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel()
        self.count_label.setMinimumWidth(110)
        self.totals_label = SumsLabel()  # whole sums, as many as fit (gui/sums_label.py)
        # Where a record just saved went, when the list no longer shows it.
        self.saved_notice = QLabel()
        self.saved_notice.setTextFormat(Qt.TextFormat.RichText)
        self.saved_notice.linkActivated.connect(lambda _link: self.show_saved_record())
        self.saved_notice.hide()
        # What the notice's link shows: (first day, last day, the records to select).
        self._saved: tuple[dt.date, dt.date, tuple[str, ...]] | None = None
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addWidget(self.totals_label, 1)
        self.statusBar().addPermanentWidget(self.saved_notice)

    def _action(self, text: str, slot, shortcuts=(), tip: str = "", icon=None) -> QAction:
        action = QAction(text, self)
        # The toolbar shows the words without the menu's mnemonic: 新增记录, not 新增记录(N).
        action.setIconText(re.sub(r"\(&\w\)|&|…|\.\.\.", "", text))
        if icon is not None:
            action.setIcon(self._icon(*icon))
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip or shortcuts:
            # 新增记录（Ctrl+N）: the words without the menu's mnemonic, the keys in the
            # full-width brackets the rest of the program uses.
            said = tip or re.sub(r"\(&\w\)|&|…|\.\.\.", "", text)
            if shortcuts:
                keys = QKeySequence(shortcuts[0]).toString(QKeySequence.SequenceFormat.NativeText)
                said = f"{said}（{keys}）"
            action.setToolTip(said)
        action.triggered.connect(lambda _checked=False: slot())  # slots take no `checked`
        return action

    def _undo_tips(self, *_text) -> None:
        for action, keys in ((self.undo_action, "Ctrl+Z"), (self.redo_action, "Ctrl+Y")):
            words = re.sub(r"\(&\w\)|&", "", action.text())
            action.setToolTip(f"{words}（{keys}）")

    def _icon(self, theme_name: str, fallback: QStyle.StandardPixmap) -> QIcon:
        """The desktop theme's icon where there is one (Linux), else Qt's own."""
        return QIcon.fromTheme(theme_name, self.style().standardIcon(fallback))

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.new_action = self._action(
            self.tr("&New activity…"), self.new_activity, ["Ctrl+N"],
            icon=("document-new", sp.SP_FileIcon),
        )  # fmt: skip
        self.edit_action = self._action(
            self.tr("&Edit…"), self.edit_selected, ["Return", "Enter"],
            icon=("document-edit", sp.SP_FileDialogDetailedView),
        )  # fmt: skip
        self.duplicate_action = self._action(
            self.tr("D&uplicate…"), self.duplicate_selected, ["Ctrl+D"],
            icon=("edit-copy", sp.SP_FileDialogNewFolder),
        )  # fmt: skip
        self.delete_action = self._action(
            self.tr("&Delete"), self.delete_selected, [QKeySequence.StandardKey.Delete],
            icon=("edit-delete", sp.SP_TrashIcon),
        )  # fmt: skip
        self.restore_action = self._action(
            self.tr("&Restore"), self.restore_selected, ["Ctrl+R"],
            icon=("edit-undo", sp.SP_DialogResetButton),
        )  # fmt: skip
        self.copy_action = self._action(
            self.tr("&Copy rows"), self.copy_selected, [QKeySequence.StandardKey.Copy],
            icon=("edit-copy", sp.SP_FileLinkIcon),
        )  # fmt: skip
        # Enter, Delete and Ctrl+C act on the table only, so they never fire while typing.
        for action in (self.edit_action, self.delete_action, self.copy_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(action)
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.setIcon(self._icon("edit-undo", sp.SP_ArrowBack))
        # The menu text follows the last change (撤销 新增“…”); the toolbar keeps one word.
        self.undo_action.setIconText(re.sub(r"\(&\w\)|&", "", self.tr("&Undo")))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.setIcon(self._icon("edit-redo", sp.SP_ArrowForward))
        self.redo_action.setIconText(re.sub(r"\(&\w\)|&", "", self.tr("&Redo")))
        # Their tips follow the change they undo, and say the keys, as the others' do.
        self.undo_stack.undoTextChanged.connect(self._undo_tips)
        self.undo_stack.redoTextChanged.connect(self._undo_tips)
        self._undo_tips()
        self.export_action = self._action(
            self.tr("&Export ledger…"), self.export_ledger, ["Ctrl+E"],
            icon=("document-save-as", sp.SP_DialogSaveButton),
        )  # fmt: skip
        self.import_action = self._action(
            self.tr("&Import…"), self.import_file, ["Ctrl+I"],
            icon=("document-open", sp.SP_DialogOpenButton),
        )  # fmt: skip
        self.export_package_action = self._action(
            self.tr("Export exchange &package…"), self.export_package
        )
        self.import_package_action = self._action(
            self.tr("Import exchange packa&ge…"), self.import_package
        )
        self.find_action = self._action(self.tr("&Find"), self.focus_search, ["Ctrl+F"])
        self.refresh_action = self._action(self.tr("Re&fresh"), self.refresh, ["F5"])
        self.bin_action = self._action(
            self.tr("Recycle &bin"), self.toggle_bin, ["Ctrl+B"],
            icon=("user-trash", sp.SP_TrashIcon),
        )  # fmt: skip
        self.bin_action.setCheckable(True)
        self.settings_action = self._action(self.tr("Bureau and &staff…"), self.edit_settings)
        self.backup_action = self._action(self.tr("&Back up now"), self.backup_now)
        self.restore_backup_action = self._action(
            self.tr("Restore from a bac&kup…"), self.restore_from_backup
        )
        self.history_action = self._action(
            self.tr("&History of changes…"), self.show_history, ["Ctrl+H"]
        )
        self.evidence_action = self._action(
            self.tr("E&vidence…"), self.show_evidence, ["Ctrl+M"],
            tip=self.tr("The record's evidence files: sign-in sheets, photos, notices"),
        )  # fmt: skip
        self.new_db_action = self._action(self.tr("&New database…"), self.new_database)
        self.open_db_action = self._action(
            self.tr("&Open database…"), self.open_database, [QKeySequence.StandardKey.Open]
        )
        self.quit_action = self._action(self.tr("&Quit"), self.close, ["Ctrl+Q"])
        self.about_action = self._action(self.tr("&About Taizhang"), self.show_about)
        self.help_action = self._action(self.tr("&How to use"), self.show_help, ["F1"])
        self.summary_action = self._action(self.tr("&Summary…"), self.show_summary, ["Ctrl+L"])
        self.indicators_action = self._action(
            self.tr("Standing &indicators…"), self.show_indicators, ["Ctrl+T"]
        )
        self._update_actions()

    def _build_menus_and_toolbar(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addActions([self.new_db_action, self.open_db_action])
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addActions([self.export_package_action, self.import_package_action])
        file_menu.addSeparator()
        file_menu.addActions([self.backup_action, self.restore_backup_action])
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions(
            [self.new_action, self.edit_action, self.duplicate_action, self.delete_action,
             self.restore_action, self.copy_action]
        )  # fmt: skip
        edit_menu.addActions([self.evidence_action, self.history_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addActions([self.bin_action, self.refresh_action])
        view_menu.addSeparator()
        view_menu.addActions([self.summary_action, self.indicators_action])
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(self.tr("&Language"))
        for code, name in (("zh_CN", "简体中文"), ("en", "English")):
            action = language_menu.addAction(name)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addActions([self.help_action, self.about_action])

        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.new_action, self.edit_action, self.duplicate_action])
        toolbar.addActions([self.delete_action, self.restore_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions([self.import_action, self.export_action])
        toolbar.addSeparator()
        toolbar.addAction(self.bin_action)
        self._build_template_menu()

    # --- settings -------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if not (isinstance(geometry, QByteArray) and self._restore_if_it_fits(geometry)):
            self.fit_to_screen()
        splitter = settings.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        remembered = settings.value("main/period")
        if remembered:
            self.period_bar.set_code(str(remembered))

    # --- size and place on the screen -----------------------------------------------

    def fit_to_screen(self, available: QRect | None = None) -> None:
        """The natural size, centred, where it fits; else maximised (shown by ``show_fitted``)."""
        if available is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            available = screen.availableGeometry()
        room = available.size().shrunkBy(GUESSED_FRAME)
        self.open_maximized = (
            NATURAL_SIZE.width() > room.width() or NATURAL_SIZE.height() > room.height()
        )
        size = NATURAL_SIZE.boundedTo(room).expandedTo(self.minimumSizeHint().boundedTo(room))
        self.resize(size)
        centre = available.center()
        self.move(QPoint(centre.x() - size.width() // 2, centre.y() - size.height() // 2))

    def _restore_if_it_fits(self, geometry: QByteArray) -> bool:
        """The size and place of last time, only where they still fit a screen now."""
        if not self.restoreGeometry(geometry):
            return False
        self.open_maximized = self.isMaximized()
        if self.open_maximized:
            return True
        frame = self.geometry().marginsAdded(GUESSED_FRAME)
        if any(s.availableGeometry().contains(frame) for s in QGuiApplication.screens()):
            return True
        self.setWindowState(Qt.WindowState.WindowNoState)
        return False

    def show_fitted(self) -> None:
        if getattr(self, "open_maximized", False):
            self.showMaximized()
        else:
            self.show()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Hidden at once; the quit backup runs behind every queued change, then the file
        # is closed and the window closes again, for good (gui/quit_backup.py).
        if not self.quitting.finished:
            if not self.quitting.started:
                settings = QSettings()
                settings.setValue("main/geometry", self.saveGeometry())
                settings.setValue("main/splitter", self.splitter.saveState())
                settings.setValue("main/period", self.period_bar.code())
            event.ignore()
            self._watch.stop()  # the file is about to be closed
            self._search_timer.stop()  # a search typed just now: not read from a closed file
            self.quitting.start()
            return
        copied_rows.release_clipboard()
        super().closeEvent(event)

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        # Back from the command line, say: what it saved shows at once. (Not a changeEvent
        # override: Qt calls that while it destroys the window, its children gone.)
        if state == Qt.ApplicationState.ApplicationActive and self._watch.isActive():
            self.ops.notice_changes_elsewhere()

    def verify_database(self) -> None:
        """SQLite's quick_check, first on the worker: every change queues behind it."""
        if self.session.read_only:
            return
        session = self.session

        def check(db) -> None:
            try:
                database.quick_check(db, session.path)
            except TaizhangError:
                session.damaged = True
                raise

        self.ops.run(check, OpChanges(), on_error=self._on_damaged)

    def _on_damaged(self, text: str) -> None:
        from gui.app import reopen_damaged

        self.undo_stack.clear()
        reopen_damaged(self, text)

    # --- what is shown --------------------------------------------------------

    def current_query(self) -> ActivityQuery:
        in_bin = self.bin_action.isChecked()
        # The bin holds what was deleted whenever the activity took place: a clerk who has
        # just deleted something looks for it there, not under its date's period.
        period: Period | None = None if in_bin else self.period_bar.period()
        type_ids = (self._type_id,) if self._type_id is not None else None
        return replace(
            self.model.query,
            start=period.start if period else None,
            end=period.end if period else None,
            section_id=self._section_id if self._type_id is None else None,
            type_ids=type_ids,
            text=self.search_edit.text(),
            deleted=in_bin,
            source_unit=self.tree.current_unit(),
        )

    def refresh(self) -> None:
        """Show the records of the current filters, from the top."""
        self.model.set_query(self.current_query())
        self.saved_notice.hide()
        self._update_summary()
        self._update_actions()

    def _on_tree_filter(self, section_id, type_id) -> None:
        self._section_id, self._type_id = section_id, type_id
        columns = columns_for(self.session.template, section_id, type_id, self.model.with_source)
        if self.model.set_columns(columns):
            self._apply_column_widths()
        self.refresh()

    def _show_source_column(self, shown: bool) -> None:
        """填报单位 as a column while the file holds more than one unit's records."""
        if shown != self.model.with_source:
            self.model.with_source = shown
            self._on_tree_filter(self._section_id, self._type_id)

    def _apply_column_widths(self) -> None:
        # At least as wide as the heading (and the sort arrow): 参训人次（人次）, 听众人次（人次）
        # and 参与人次（人次） side by side were cut to 训人次（人次） and 众人次（人次）.
        metrics = self.table.horizontalHeader().fontMetrics()
        for index, column in enumerate(self.model.columns):
            heading = metrics.horizontalAdvance(column.header) + HEADER_PADDING
            self.table.setColumnWidth(index, max(column.width, min(heading, MAX_HEADER_WIDTH)))
        self._fit_date_column()
        self._show_sort_indicator()

    def _fit_date_column(self) -> None:
        """日期 one date wide (room for 主要指标 at 125 % and 150 %) until a record with an
        end date is shown, then as wide as a range: 2026-11-20 ~ 2026-11-21, not 2026-11-2….
        It only grows: a width the clerk dragged is kept."""
        if not self.model.has_ranges:
            return
        index = next((i for i, c in enumerate(self.model.columns) if c.key == "date"), None)
        if index is not None and self.table.columnWidth(index) < range_column_width():
            self.table.setColumnWidth(index, range_column_width())

    def _show_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        order = (
            Qt.SortOrder.DescendingOrder
            if self.model.query.descending
            else (Qt.SortOrder.AscendingOrder)
        )
        header.blockSignals(True)
        header.setSortIndicator(self.model.sorted_column(), order)
        header.blockSignals(False)

    def _sort_indicator_changed(self, column: int, _order) -> None:
        # A column that cannot sort keeps no arrow: it stays on the column really sorted.
        if not self.model.is_sortable(column):
            QTimer.singleShot(0, self._show_sort_indicator)

    def _show_row_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid() and index.row() not in {i.row() for i in self.table.selectedIndexes()}:
            self.table.selectRow(index.row())
        menu = QMenu(self.table)
        in_bin = self.bin_action.isChecked()
        actions = [self.restore_action] if in_bin else [
            self.edit_action, self.duplicate_action, self.delete_action
        ]  # fmt: skip
        menu.addActions(actions)
        menu.addSeparator()
        menu.addActions([self.evidence_action, self.history_action, self.copy_action])
        if not in_bin:
            menu.addSeparator()
            menu.addAction(self.new_action)
        self.row_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(position))

    def copy_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if rows:
            QApplication.clipboard().setMimeData(
                copied_rows.mime_data(self.model.copied_cells(rows))
            )
            self.statusBar().showMessage(self.tr("Copied %n row(s)", "", len(rows)), 4000)

    def _update_summary(self) -> None:
        """Counts for the tree and totals for the status bar, worked out off the GUI thread."""
        self._summary_generation += 1
        generation = self._summary_generation
        query = self.model.query
        by_type = replace(query, section_id=None, type_ids=None, source_unit=None)
        template = self.session.template

        def job(db):
            return (
                activities.count_activities(db, query, template),
                activities.field_totals(db, query, template),
                activities.count_by_type(db, by_type, template),
                unit_counts(db, query, template),
            )

        def show(result) -> None:
            if generation != self._summary_generation:
                return  # the filters changed since; a newer summary is on its way
            count, totals, counts, units = result
            self.tree.set_counts(counts)
            self.tree.set_units(units)
            self._show_source_column(len(units) > 1)
            self.count_label.setText(self.tr("%n record(s)", "", count))
            self.totals_label.set_sums(self._sums(totals))

        self.ops.run(job, OpChanges(), show)

    def _sums(self, totals: dict[int, float]) -> list[tuple[str, str]]:
        """Sums of the shown records, one per label and unit (参训人次, 1,200人次)."""
        merged: dict[tuple[str, str], float] = {}
        decimal: set[tuple[str, str]] = set()
        for field_id, total in totals.items():
            f = self.session.template.fields_by_id.get(field_id)
            if f is None or not total:
                continue
            key = (f.label, f.unit)
            merged[key] = merged.get(key, 0) + total
            if f.kind == "decimal":
                decimal.add(key)
        return [
            (label, f"{total:,.2f}{unit}" if (label, unit) in decimal else
             f"{int(round(total)):,}{unit}")
            for (label, unit), total in merged.items()
        ]  # fmt: skip

    def _update_title(self) -> None:
        # The platform adds the program's name (QApplication's display name) after it.
        unit, name = self.session.unit_name, self.session.path.name
        title = self.tr("%1 - %2").replace("%1", unit).replace("%2", name) if unit else name
        if self.session.read_only:
            title += self.tr(" (read-only)")
        self.setWindowTitle(title)

    def _update_actions(self, *_args) -> None:
        in_bin = self.bin_action.isChecked()
        selected = bool(self.selected_ids())
        single = len(self.selected_ids()) == 1
        writable = not self.session.read_only
        self.new_action.setEnabled(writable and not in_bin)
        self.edit_action.setEnabled(writable and single and not in_bin)
        self.duplicate_action.setEnabled(writable and single and not in_bin)
        self.delete_action.setEnabled(writable and selected and not in_bin)
        self.restore_action.setEnabled(writable and selected and in_bin)
        self.history_action.setEnabled(single)
        self.evidence_action.setEnabled(single)
        self.copy_action.setEnabled(selected)
        for action in (self.import_action, self.settings_action, self.backup_action,
                       self.export_package_action, self.import_package_action,
                       # a file opened read-only: its template is not changed either
                       getattr(self, "template_action", None),
                       getattr(self, "import_template_action", None)):  # fmt: skip
            if action is not None:
                action.setEnabled(writable)

    def selected_ids(self) -> list[str]:
        if not hasattr(self, "table"):
            return []
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.index(row, 0).data(ID_ROLE) for row in rows]

    def on_changed(self, changes: OpChanges) -> None:
        if changes.template:
            self.on_template_changed()
        if changes.settings:
            self._update_title()
        if not changes.activities:
            return
        kept = tuple(self.selected_ids()) if changes.elsewhere else ()
        self.model.reload()
        self._update_summary()
        self._select(self._select_after_change or changes.ids or kept)
        self._select_after_change = ()
        self._update_actions()

    def _select(self, ids: tuple[str, ...]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        rows = [row for row in map(self.model.row_of, ids) if row >= 0]
        for row in rows:
            selection.select(
                self.model.index(row, 0),
                selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
            )
        if rows:
            self.table.scrollTo(self.model.index(rows[0], 0))
            # NoUpdate: the current row moves there and every id stays selected. The view's
            # setCurrentIndex would read the keys held (Ctrl, still down after Ctrl+Z) as a
            # Ctrl+click and unselect the very row just selected.
            current = self.model.index(rows[0], 0)
            selection.setCurrentIndex(current, selection.SelectionFlag.NoUpdate)

    # --- actions --------------------------------------------------------------

    def _open_dialog(self, activity: Activity | None, editing: bool, saver):
        # Imported when first needed: the window paints sooner at start.
        from core import duplicates
        from gui.activity_dialog import COMPLETED_FIELDS, ActivityDialog

        reader = self.session.reader
        completions = {name: activities.distinct_values(reader, name) for name in COMPLETED_FIELDS}
        exclude = activity.id if editing and activity is not None else ""
        dialog = ActivityDialog(
            self.session.template,
            self,
            activity,
            completions,
            editing=editing,
            saver=saver,
            records_like=lambda a: duplicates.records_like(reader, a, exclude),
            type_id=self._type_id,
        )
        # The saved record is selected in the list: Enter, Delete and Ctrl+C are for it.
        dialog.accepted.connect(self.table.setFocus)
        return dialog

    def new_activity(self, template_activity: Activity | None = None):
        from gui.pending_evidence import PendingEvidence

        def save(activity: Activity, on_done, on_error) -> None:  # with the files chosen
            self.add_activity(activity, on_done, on_error, files=dialog.new_evidence())

        dialog = self._open_dialog(template_activity, editing=False, saver=save)
        dialog.take_evidence(PendingEvidence())
        dialog.open()
        return dialog

    def add_activity(self, activity: Activity, on_done=None, on_error=None, files=()) -> None:
        """Save a new record (and the evidence ``files`` with it, in the same change); only
        once it has landed is it undoable and the form closed. Its undo takes the record
        back, and its redo brings it back with its files (their rows stay with its id)."""
        stored = activities.with_new_id(activity)
        text = self.tr("Add “%1”").replace("%1", activity.title)
        left = Landed()  # the evidence it is saved with (the undo checks it is still so)

        def landed(result: list[Activity]) -> None:
            # As stored: its undo takes it back only if it is still so.
            self.undo_stack.push(AddActivities(self.ops, result, text, True, left))
            self._tell_where_saved(result[0])
            if on_done is not None:
                on_done(result[0])

        self._select_after_change = (stored.id,)
        if files:
            saved = lambda record: landed([record])  # noqa: E731
            self.ops.add_with_files(stored, files, saved, on_error or self.show_error, left)
        else:
            self.ops.add([stored], landed, on_error or self.show_error)

    def edit_selected(self):
        ids = self.selected_ids()
        if len(ids) != 1 or self.bin_action.isChecked():
            return None
        before = activities.get_activity(self.session.reader, ids[0])

        def save(after: Activity, on_done, on_error) -> None:
            text = self.tr("Edit “%1”").replace("%1", after.title)

            def landed(new: Activity) -> None:
                self.undo_stack.push(EditActivity(self.ops, before, new, text, done=True))
                self._tell_where_saved(new)
                on_done(new)

            self._select_after_change = (before.id,)
            # The form shows ``before``: changed elsewhere meanwhile, the save is refused
            # and the form stays open with what was typed (not written over that change).
            self.ops.update(before.id, after, landed, on_error, expected=before)

        dialog = self._open_dialog(before, editing=True, saver=save)
        self._add_evidence_to(dialog, before.id)
        dialog.open()
        return dialog

    # --- where a saved record went ---------------------------------------------------

    def _tell_where_saved(self, stored: Activity) -> None:
        """A record the list does not show (another period, another type, the search)
        is not lost from sight: the status bar says where it went, with a link to it."""
        query = self.current_query()
        if activities.matches(self.session.reader, query, self.session.template, stored.id):
            self.saved_notice.hide()
            return
        self._saved = (stored.date, stored.date, (stored.id,))
        where = self._period_holding(stored.date, stored.date)
        if where is not None:
            text = self.tr("Saved to %1.").replace("%1", where.name)
        else:
            text = self.tr("Saved; the current filters do not show it.")
        self._show_notice(text, self.tr("Show it"))

    def _tell_where_imported(self, stored: list[Activity], skipped: int) -> None:
        """Imported records are said, and where they went when the list shows none of them."""
        text = self.tr("Imported %n record(s).", "", len(stored))
        if skipped:
            text += " " + self.tr("Skipped %n repeated record(s).", "", skipped)
        first = min(a.date for a in stored)
        last = max(a.date for a in stored)
        where = self._period_holding(first, last)
        query = self.current_query()
        reader, template = self.session.reader, self.session.template
        if where is None and activities.matches(reader, query, template, stored[0].id):
            self.saved_notice.hide()
            self.statusBar().showMessage(text, 10_000)
            return
        self._saved = (first, last, tuple(a.id for a in stored[:SELECTED_AFTER_IMPORT]))
        if where is not None:
            text += " " + self.tr("They are in %1.").replace("%1", where.name)
        self._show_notice(text, self.tr("Show them"))

    def _period_holding(self, first: dt.date, last: dt.date) -> Period | None:
        """The period to show ``first`` to ``last`` in: None when the one on screen holds
        them; else that kind's period holding them, or the range of their days."""
        period = self.period_bar.period()
        if period is None or (period.contains(first) and period.contains(last)):
            return None
        where = period.containing(first)
        return where if where.contains(last) else range_period(first, last)

    def _show_notice(self, text: str, link_text: str) -> None:
        self.saved_notice.setText(f"{text} <a href='show'>{link_text}</a>")
        self.saved_notice.show()

    def show_saved_record(self) -> None:
        if self._saved is None:
            return
        first, last, ids = self._saved
        self._show_in(self._period_holding(first, last), ids)

    def _show_in(self, where: Period | None, ids: tuple[str, ...]) -> None:
        """The list in ``where`` (None: the period as it is), unfiltered, ``ids`` selected."""
        if where is not None:
            self.period_bar.set_period(where)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        if self.bin_action.isChecked():
            self.bin_action.setChecked(False)
            self.bin_banner.hide()
        self.tree.blockSignals(True)
        self.tree.select(None, None)
        self.tree.blockSignals(False)
        self._on_tree_filter(None, None)
        self._select(ids)
        self.saved_notice.hide()

    def duplicate_selected(self):
        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        return self.new_activity(activities.get_activity(self.session.reader, ids[0]))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids and not self.bin_action.isChecked():
            text = self.tr("Delete %n record(s)", "", len(ids))
            # The record below takes the place, selected: Delete again goes on from there.
            self._select_after_change = self._next_after(ids)
            self.undo_stack.push(SetDeleted(self.ops, ids, True, text))
            self.statusBar().showMessage(
                self.tr("%n record(s) moved to the recycle bin (Ctrl+Z undoes it).", "", len(ids)),
                10_000,
            )

    def _next_after(self, ids: list[str]) -> tuple[str, ...]:
        """The record shown below the last of ``ids`` (or above, at the end), if any."""
        gone = set(ids)
        rows = [row for row in map(self.model.row_of, ids) if row >= 0]
        if not rows:
            return ()
        below = range(max(rows) + 1, self.model.rowCount())
        above = range(min(rows) - 1, -1, -1)
        for row in (*below, *above):
            candidate = self.model.index(row, 0).data(ID_ROLE)
            if candidate and candidate not in gone:
                return (candidate,)
        return ()

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.bin_action.isChecked():
            text = self.tr("Restore %n record(s)", "", len(ids))
            self.undo_stack.push(SetDeleted(self.ops, ids, False, text))
            self.statusBar().showMessage(
                self.tr("%n record(s) restored from the recycle bin (Ctrl+Z undoes it).", "",
                        len(ids)),
                10_000,
            )  # fmt: skip

    def toggle_bin(self) -> None:
        in_bin = self.bin_action.isChecked()
        self.bin_banner.setVisible(in_bin)
        self.period_bar.setEnabled(not in_bin)  # the bin lists every period
        self.refresh()

    def _to_results(self) -> None:
        """From the search box to the first record found, selected: Enter opens it."""
        if self._search_timer.isActive():  # typed just now: search at once
            self._search_timer.stop()
            self.refresh()
        self.table.setFocus()
        if self.model.rowCount():
            self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def export_ledger(self):
        from gui.export_dialog import ExportDialog

        dialog = ExportDialog(self.session, self.ops, self.period_bar.period(), self)
        dialog.open()
        return dialog

    def import_file(self, path: str | None = None):
        from gui.import_dialog import ImportDialog

        if path is None:
            path = file_dialogs.open_file_name(
                self,
                self.tr("Import activities"),
                folder_for("import/folder"),
                # .xls, .et and .ods are listed too: picked, they are refused with the
                # way forward (另存为 .xlsx), instead of being nowhere to be seen.
                self.tr("Spreadsheets (*.xlsx *.xlsm *.csv *.txt *.xls *.et *.ods);;All files (*)"),
            )
            if not path:
                return None
        dialog = ImportDialog(self.session, self.ops, path, self)
        dialog.confirmed.connect(
            lambda items, name, skipped: self._import_confirmed(
                items, name, skipped, checks=dialog.checks()
            )
        )
        dialog.open()
        return dialog

    def _import_confirmed(
        self, items: list[Activity], file_name: str, skipped: int = 0, checks=(None, False)
    ) -> None:
        """Import; only once it has landed is it undoable and said (where the records went).
        ``checks``: what the write must find unchanged (``ImportDialog.checks``)."""
        stored = [activities.with_new_id(a) for a in items]
        left = Landed()  # what the write filled in (the undo checks the records are still so)

        def landed(written: list[Activity]) -> None:
            # Fewer than confirmed when the same rows were imported elsewhere meanwhile.
            repeats = skipped + len(stored) - len(written)
            if self.quitting.started:  # closed meanwhile: said at the next start instead
                landed_after_closing(self.session, self.tr(
                    "When the window was last closed, an import was still running. It ran "
                    "to its end: %n record(s) of “%1” were imported.", "", len(written),
                ).replace("%1", file_name))  # fmt: skip
                return
            if not written:
                text = self.tr("Skipped %n repeated record(s).", "", repeats)
                self.statusBar().showMessage(text, 10_000)
                return
            text = self.tr("Import %n record(s)", "", len(written))
            self.undo_stack.push(
                ImportActivities(self.ops, written, f"{text} ({file_name})", True, left)
            )
            self._tell_where_imported(written, repeats)

        self._select_after_change = ()
        template, skip_repeats = checks
        self.ops.import_with_backup(
            stored,
            landed,
            self.show_error,
            template=template,
            skip_repeats=skip_repeats,
            landed=left,
        )

    def export_package(self):
        """文件 → 导出交换包 (gui/exchange_export_dialog.py)."""
        from gui.exchange_export_dialog import ExchangeExportDialog

        dialog = ExchangeExportDialog(self.session, self.ops, self)
        dialog.open()
        return dialog

    def import_package(self, path: str | None = None):
        """文件 → 导入交换包: preview, then one merge; not undoable (see the dialog's module)."""
        from gui.exchange_import_dialog import ExchangeImportDialog

        if path is None:
            path = file_dialogs.open_file_name(
                self,
                self.tr("Import exchange package"),
                folder_for("exchange/folder"),
                self.tr("Exchange packages (*.tzpkg)"),
            )
            if not path:
                return None
        dialog = ExchangeImportDialog(self.session, self.ops, path, self)
        dialog.imported.connect(lambda _done: self.undo_stack.clear())
        dialog.open()
        return dialog

    def backup_now(self) -> None:
        path = self.session.path

        def done(backup) -> None:
            QMessageBox.information(
                self, self.tr("Backed up"), self.tr("Backed up to:") + f"\n{backup.path}"
            )

        self.ops.run(
            lambda db: backups.take_backup(db, path, "manual"), OpChanges(), done, writes=True
        )

    def restore_from_backup(self):
        from core import file_owner
        from gui.backup_dialog import BackupDialog

        dialog = BackupDialog(
            backups.list_backups(self.session.reader),
            self,
            folder=backups_dir(),
            unnumbered=len(backups.unnumbered_backups(self.session.path)),
            owner=file_owner.owner_of(self.session.reader),
        )
        dialog.chosen.connect(self._restore)
        dialog.open()
        return dialog

    def _restore(self, backup) -> None:
        """``backup``: one of the list (a ``Backup``), or the ``Path`` of another file. The
        undo history goes once the data is replaced; a restore that fails leaves it."""
        from gui.backup_dialog import restoring_note

        path = self.session.path
        if isinstance(backup, backups.Backup):
            source = backup.path
            said = self.tr("Restored the backup of %1. The data as it was before is kept in %2.")
            said = said.replace("%1", f"{backup.taken:%Y-%m-%d %H:%M}")
        else:
            source = backup
            said = self.tr("Restored the backup file %1. The data as it was before is kept in %2.")
            said = said.replace("%1", str(source))

        # Modal while it runs: no Ctrl+Z is queued behind it, to land in the restored data.
        note = restoring_note(self)

        def done(result) -> None:
            saved, missing = result
            note.close()
            self.undo_stack.clear()  # only now: what it would undo is gone
            # Reopened (an older backup is upgraded); the new window says what was done.
            reopened = self._switch_database(str(path))
            if reopened is not None:
                reopened.statusBar().showMessage(said.replace("%2", str(saved.path)), 30_000)
                if missing:
                    reopened.say_evidence_not_restored(missing)

        def failed(text: str) -> None:
            note.close()
            kept = self.tr("Nothing was restored: the data, and what Ctrl+Z undoes, are as before.")
            self.show_error(f"{text}\n\n{kept}")

        def job(db):
            from core import attachments

            return backups.restore(db, path, source), attachments.missing_files(db)

        self.ops.run(job, OpChanges(), done, failed, writes=True)

    def say_evidence_not_restored(self, missing: list) -> None:
        """A backup that lacked evidence files (made half-way by an older version): the
        records came back, these files did not."""
        from gui.i18n import short_both

        text = self.tr("%n evidence file(s) of the restored records were not in the backup "
                       "and were not restored:", "", len(missing))  # fmt: skip
        lines = [short_both(p) for p in missing[:5]] + (["…"] if len(missing) > 5 else [])
        QMessageBox.warning(self, self.tr("Evidence not restored"), "\n".join([text, *lines]))

    def show_history(self):
        from core import history
        from gui.history_dialog import HistoryDialog

        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        activity = activities.get_activity(self.session.reader, ids[0])
        entries = history.history_of(self.session.reader.conn, ids[0])
        dialog = HistoryDialog(self.session.template, activity.title, entries, self)
        dialog.open()
        return dialog

    def edit_settings(self):
        from gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session.unit_name, self.session.staff_name, self)
        dialog.accepted.connect(
            lambda: self._save_settings(dialog.unit_name(), dialog.staff_name())
        )
        dialog.open()
        return dialog

    def _save_settings(self, unit: str, staff: str) -> None:
        """A corrected 填报单位: the records saved here under the old name may follow it,
        so that the bureau's own ledger is not split into two units."""
        from core import settings

        old = self.session.unit_name
        count = settings.own_records_of_unit(self.session.reader, old) if old else 0
        if not count or unit.strip() == old:
            self.ops.save_settings(unit, staff)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Reporting unit"),
            self.tr("%n record(s) saved in this database carry “%1” as their unit. Give them "
                    "“%2” too?", "", count).replace("%1", old).replace("%2", unit.strip()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )  # fmt: skip
        informative = self.tr(
            "Otherwise the ledger lists them as another unit. Records that came "
            "from other units' packages keep their own unit. Your next exchange "
            "package takes the new name to the offices that have these records."
        )
        organized = activities.own_records_organized_as(self.session.reader, old)
        if organized:  # 主办单位 left empty is filled with the unit's name (F3)
            informative += "\n" + self.tr(
                "%n of them also have “%1” as organizer (an empty organizer is the unit): "
                "it becomes “%2” too.",
                "",
                organized,
            ).replace("%1", old).replace("%2", unit.strip())
        box.setInformativeText(informative)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(
            lambda _result: self.ops.save_settings(
                unit, staff, rename_records=box.clickedButton() is yes
            )
        )
        self.unit_question = box
        box.open()

    def new_database(self) -> None:
        path = file_dialogs.save_file_name(
            self,
            self.tr("New database"),
            str(Path(folder_for("database/folder")) / DB_NAME),
            self.tr("Taizhang database (*.db)"),
        )
        if path:
            self._switch_database(path, create=True)

    def open_database(self) -> None:
        path = file_dialogs.open_file_name(
            self,
            self.tr("Open database"),
            str(self.session.path.parent),  # where this one is: the others most likely too
            self.tr("Taizhang database (*.db)"),
        )
        if path:
            self._switch_database(path)

    def _switch_database(self, path: str, create: bool = False):
        from gui.app import switch_database

        return switch_database(self, path, create)

    def choose_language(self, code: str) -> None:
        QSettings().setValue("language", code)
        QMessageBox.information(
            self,
            self.tr("Language"),
            # In the language shown now, then in English for one who is switching to it.
            self.tr("The language changes the next time Taizhang starts.")
            + "\nThe language changes the next time Taizhang starts.",
        )

    def show_error(self, text: str) -> None:
        # A failed change was rolled back; a failed undo or redo has already stepped back
        # over its own command (gui/undo.py), and every other step stays undoable.
        self.model.reload()
        QMessageBox.warning(self, self.tr("Not done"), text)

    def show_summary(self):
        """汇总: this period's figures, targets and indicators, in a window of its own."""
        from gui.summary_view import SummaryDialog

        dialog = getattr(self, "summary_dialog", None)
        if dialog is None:
            dialog = self.summary_dialog = SummaryDialog(self)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_indicators(self):
        """统计指标: the grid of the year's standing indicators, in a window of its own."""
        from gui.indicator_grid import IndicatorDialog

        dialog = getattr(self, "indicator_dialog", None)
        if dialog is None:
            dialog = self.indicator_dialog = IndicatorDialog(self)
        dialog.reload()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_about(self) -> None:
        from gui.about_dialog import AboutDialog

        AboutDialog(self.session, self).open()

    def show_help(self) -> None:
        text = self.tr(
            "Log each activity once: Ctrl+N, pick its type, fill in the form, Enter saves. "
            "“Save and new” keeps the type, date and place for the next one.\n\n"
            "Choose the period at the top and a section or type on the left; type in the "
            "search box to find records by title, place, organizer, partners or notes.\n\n"
            "Ctrl+E exports the ledger of a quarter (or month, or year) as an Excel workbook: "
            "a summary sheet and one sheet per section.\n\n"
            "Deleted records go to the recycle bin (View → Recycle bin) and can be restored. "
            "Ctrl+Z undoes, Ctrl+Y redoes."
        )
        QMessageBox.information(self, self.tr("How to use"), text)

    # --- evidence (佐证材料; issue 12) ---------------------------------------------------

    def show_evidence(self):
        """编辑 → 佐证材料…: the selected record's files, added, opened, removed there."""
        from gui.attachments_view import AttachmentsDialog

        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        activity = activities.get_activity(self.session.reader, ids[0])
        dialog = AttachmentsDialog(
            self.session, self.ops, self.undo_stack, activity.id, activity.title, self
        )
        dialog.open()
        return dialog

    def _add_evidence_to(self, dialog, activity_id: str) -> None:
        from gui.attachments_view import AttachmentsView

        dialog.show_evidence(
            AttachmentsView(self.session, self.ops, self.undo_stack, activity_id, compact=True)
        )

    def _accept_dropped_evidence(self) -> None:
        """Files dropped on a row of the list are attached to its record."""
        from gui.attachments_view import RowDropTarget, attach

        def record_at(position) -> str:
            index = self.table.indexAt(position)
            return index.data(ID_ROLE) or "" if index.isValid() else ""

        def dropped(activity_id: str, paths: list[str]) -> None:
            self._select_after_change = (activity_id,)
            attach(self.ops, self.undo_stack, activity_id, paths, self._evidence_failed)

        def allowed() -> bool:
            return not self.session.read_only and not self.bin_action.isChecked()

        def hovered(position) -> None:  # the row that would take the files, selected
            index = self.table.indexAt(position)
            if index.isValid() and self.selected_ids() != [index.data(ID_ROLE)]:
                flags = self.table.selectionModel().SelectionFlag
                self.table.selectionModel().setCurrentIndex(
                    index, flags.ClearAndSelect | flags.Rows
                )  # never added to the selection, whatever keys are held

        self.row_drop = RowDropTarget(self.table.viewport(), record_at, dropped, allowed, hovered)

    def _evidence_failed(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not done"), text, parent=self)
        box.open()
        self.evidence_box = box

    # --- the template (设置 → 台账模板; issue 10) --------------------------------------

    def _build_template_menu(self) -> None:
        """设置: the template editor and the template workbook, before the Help menu."""
        self.template_action = self._action(self.tr("Ledger &template…"), self.edit_template)
        self.export_template_action = self._action(
            self.tr("E&xport template…"), self.export_template
        )
        self.import_template_action = self._action(
            self.tr("I&mport template…"), self.import_template
        )
        menu = self.menuBar()
        settings_menu = menu.addMenu(self.tr("&Settings"))
        help_action = next(a for a in menu.actions() if a.menu() and a.text() == self.tr("&Help"))
        menu.insertMenu(help_action, settings_menu)
        settings_menu.addAction(self.template_action)
        settings_menu.addSeparator()
        settings_menu.addActions([self.export_template_action, self.import_template_action])
        settings_menu.addSeparator()
        settings_menu.addAction(self.settings_action)

    def on_template_changed(self) -> None:
        """The template changed (editor, workbook, undo): read it again, and its tree."""
        from core.template import load_template

        self.session.template = load_template(self.session.reader)
        self.tree.set_template(self.session.template)
        self._section_id = self._type_id = None

    def edit_template(self):
        from gui.template_editor import TemplateEditor

        editor = getattr(self, "_template_editor", None)
        if editor is None:
            editor = TemplateEditor(self.session, self.ops, self.undo_stack, self)
            self._template_editor = editor
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def export_template(self, path: str | None = None) -> None:
        from core import template_book

        if path is None:
            path = file_dialogs.save_file_name(
                self,
                self.tr("Export template"),
                str(QSettings().value("import/folder", "")) + "/" + self.tr("template.xlsx"),
                self.tr("Excel workbook (*.xlsx)"),
            )
            if not path:
                return

        def done(written) -> None:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Template exported"),
                self.tr("Written to:") + f"\n{written}",
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.open()
            self.template_export_box = box

        self.ops.run(lambda db: template_book.export_template(db, path), OpChanges(), done)

    def import_template(self, path: str | None = None) -> None:
        """Check the workbook on the worker, show what it would change, then make it so."""
        from core import template_book

        if path is None:
            path = file_dialogs.open_file_name(
                self,
                self.tr("Import template"),
                folder_for("import/folder"),
                self.tr("Excel workbook (*.xlsx)"),
            )
            if not path:
                return
        self.ops.run(
            lambda db: template_book.plan_template_import(db, path),
            OpChanges(),
            self._confirm_template_import,
        )

    def _first_lines(self, lines: list[str]) -> str:
        """What a box says in sight: the first lines, then how many more 显示详情 holds."""
        shown = lines[:TEMPLATE_CHANGES_SHOWN]
        if len(lines) > len(shown):
            shown.append(self.tr("… and %n more (Show Details…)", "", len(lines) - len(shown)))
        return "\n".join(shown)

    def _confirm_template_import(self, book) -> None:
        from core import template_edit

        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Import template"))
        if not book.ok:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(book.summary())
            box.setInformativeText(self._first_lines(book.problems))
            box.setDetailedText("\n".join(book.problems))
            box.open()
            self.template_import_box = box
            return
        if not book.plan.changes:
            box.setText(self.tr("The workbook holds the template as it is: nothing to change."))
            box.open()
            self.template_import_box = box
            return
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(book.summary())
        lines = book.change_lines()
        box.setInformativeText(self._first_lines(lines))
        box.setDetailedText("\n".join(lines))
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        before = template_edit.spec_of(self.session.template)
        name = book.path.name

        def answered(button) -> None:
            if box.standardButton(button) != QMessageBox.StandardButton.Ok:
                return
            path = self.session.path
            self.ops.run(
                lambda db: backups.take_backup(db, path, "import"), OpChanges(), writes=True
            )
            text = self.tr("Import template (%1)").replace("%1", name)
            self.undo_stack.push(
                ChangeTemplate(
                    self.ops, before, book.plan.spec, text, before, refused="template_plan_stale"
                )
            )

        box.buttonClicked.connect(answered)
        box.open()
        self.template_import_box = box

"""佐证材料: a record's evidence files as a list of thumbnails, added by a button or by
dropping files, opened with the system viewer, removed to the recycle bin.

Every change runs through ``Operations`` (off the GUI thread) and is one undoable step;
the core checks each file (exists, readable, under the size limit) before any is added,
so a bad file adds none and the clerk reads the core's own message. A file is opened
only through a read-only copy in a temporary folder (``attachments.copy_for_viewing``)
and only when ``attachments.may_open`` allows it: nothing attached is ever run, and no
viewer can change the store.

Thumbnails are made on the worker from the stored file, scaled while decoding (a phone
photo of 12 MP never sits in memory whole), and kept in a small cache by SHA-256.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QIcon,
    QImage,
    QImageReader,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import attachments
from core.attachments import Attachment
from gui import file_dialogs
from gui.operations import OpChanges, Operations
from gui.save_place import folder_for
from gui.session import Session
from gui.undo import AttachFiles, SetAttachmentsDeleted, WindowSteps

ICON = 64  # the thumbnail's side on screen
THUMBNAIL_PIXELS = 128  # made at twice the size: sharp at 200 % display scaling
CACHE_SIZE = 400  # thumbnails kept (≈ 64 KB each at most)
SHA_ROLE = Qt.ItemDataRole.UserRole + 1

# What kind of file a name is, for its icon: the label printed on it and its colour.
_KINDS = {
    "pdf": ("PDF", "#d93025"),
    "doc": ("DOC", "#2b579a"), "docx": ("DOC", "#2b579a"), "wps": ("WPS", "#2b579a"),
    "rtf": ("DOC", "#2b579a"), "odt": ("DOC", "#2b579a"),
    "xls": ("XLS", "#217346"), "xlsx": ("XLS", "#217346"), "et": ("ET", "#217346"),
    "csv": ("CSV", "#217346"), "ods": ("XLS", "#217346"),
    "ppt": ("PPT", "#c43e1c"), "pptx": ("PPT", "#c43e1c"), "dps": ("PPT", "#c43e1c"),
    "zip": ("ZIP", "#7a5c00"), "rar": ("RAR", "#7a5c00"), "7z": ("7Z", "#7a5c00"),
    "txt": ("TXT", "#5f6368"), "ofd": ("OFD", "#b3261e"),
    "mp4": ("视频", "#6a1b9a"), "mov": ("视频", "#6a1b9a"), "avi": ("视频", "#6a1b9a"),
    "mp3": ("音频", "#00695c"), "wav": ("音频", "#00695c"), "m4a": ("音频", "#00695c"),
}  # fmt: skip
_IMAGE_SUFFIXES = frozenset(("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff"))


def suffix_of(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def is_image(name: str) -> bool:
    return suffix_of(name) in _IMAGE_SUFFIXES


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


_type_icons: dict[str, QIcon] = {}


def type_icon(name: str) -> QIcon:
    """A page with a coloured band naming its kind (PDF, DOC, XLS…): the same on every
    desktop, where the system's own file icons differ or are missing."""
    suffix = suffix_of(name)
    label, colour = _KINDS.get(suffix, (suffix.upper()[:4] or "FILE", "#80868b"))
    if is_image(name):
        label, colour = ("IMG", "#1a73e8")
    key = f"{label}:{colour}"
    if key not in _type_icons:
        _type_icons[key] = QIcon(_paint_page(label, QColor(colour)))
    return _type_icons[key]


def _paint_page(label: str, colour: QColor) -> QPixmap:
    side = THUMBNAIL_PIXELS
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    left, top, width, height, fold = side * 0.2, side * 0.06, side * 0.6, side * 0.88, side * 0.16
    page = QPainterPath()
    page.moveTo(left, top)
    page.lineTo(left + width - fold, top)
    page.lineTo(left + width, top + fold)
    page.lineTo(left + width, top + height)
    page.lineTo(left, top + height)
    page.closeSubpath()
    painter.setPen(QPen(QColor("#9aa0a6"), 2))
    painter.setBrush(QColor("#ffffff"))
    painter.drawPath(page)
    band = QRectF(left - side * 0.06, top + height * 0.52, width + side * 0.12, height * 0.26)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(band, 4, 4)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(band.height() * (0.62 if len(label) <= 3 else 0.5)))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(band, Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    return pixmap


def make_thumbnail(path: Path) -> QImage | None:
    """The image at ``path`` scaled to fit the thumbnail, decoded at that size where the
    format allows (JPEG); None for anything Qt cannot read as an image. Thread-safe."""
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)  # stored files have no extension
    reader.setAutoTransform(True)  # phone photos: the way up their EXIF says
    size = reader.size()
    if size.isValid() and not size.isEmpty():
        reader.setScaledSize(size.scaled(THUMBNAIL_PIXELS, THUMBNAIL_PIXELS,
                                         Qt.AspectRatioMode.KeepAspectRatio))  # fmt: skip
    image = reader.read()
    if image.isNull():
        return None
    if image.width() > THUMBNAIL_PIXELS or image.height() > THUMBNAIL_PIXELS:
        image = image.scaled(THUMBNAIL_PIXELS, THUMBNAIL_PIXELS,
                             Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)  # fmt: skip
    return image


def _square(image: QImage) -> QPixmap:
    """The thumbnail centred on a square, so a row of them lines up."""
    side = THUMBNAIL_PIXELS
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.drawImage(QPoint((side - image.width()) // 2, (side - image.height()) // 2), image)
    painter.setPen(QPen(QColor("#c0c4c8"), 1))
    painter.drawRect((side - image.width()) // 2, (side - image.height()) // 2,
                     image.width() - 1, image.height() - 1)  # fmt: skip
    painter.end()
    return pixmap


class ThumbnailCache:
    """Thumbnails by SHA-256 (the content: one per file however many records hold it)."""

    def __init__(self, limit: int = CACHE_SIZE) -> None:
        self.limit = limit
        self._icons: OrderedDict[str, QIcon | None] = OrderedDict()

    def get(self, sha: str) -> QIcon | None:
        icon = self._icons.get(sha)
        if sha in self._icons:
            self._icons.move_to_end(sha)
        return icon

    def has(self, sha: str) -> bool:
        return sha in self._icons

    def put(self, sha: str, image: QImage | None) -> None:
        self._icons[sha] = None if image is None else QIcon(_square(image))
        self._icons.move_to_end(sha)
        while len(self._icons) > self.limit:
            self._icons.popitem(last=False)


thumbnails = ThumbnailCache()


def two_lines(name: str, metrics, width: int) -> str:
    """A file name on at most two lines of ``width``: as much as fits on the first, the
    rest on the second, cut in its middle so the extension stays in sight."""
    if metrics.horizontalAdvance(name) <= width:
        return name
    cut = len(name)
    while cut > 1 and metrics.horizontalAdvance(name[:cut]) > width:
        cut -= 1
    rest = metrics.elidedText(name[cut:], Qt.TextElideMode.ElideMiddle, width)
    return f"{name[:cut]}\n{rest}"


def local_files(mime) -> list[str]:
    """The local files a drag carries (links to web pages and the like left out)."""
    if mime is None or not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def viewing_folder() -> Path:
    """Where read-only copies for the viewer go: this run's own temporary folder, removed
    when the program ends (a copy a viewer still holds open on Windows stays behind)."""
    folder = Path(tempfile.gettempdir()) / f"taizhang-view-{os.getpid()}"
    if folder not in _folders_to_remove:
        _folders_to_remove.add(folder)
        atexit.register(_remove_copies, folder)
    return folder


_folders_to_remove: set[Path] = set()


def _remove_copies(folder: Path) -> None:
    def writable_then_again(function, path, _error) -> None:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700)
            function(path)

    shutil.rmtree(folder, onerror=writable_then_again)


def attach(
    ops: Operations,
    undo_stack: QUndoStack,
    activity_id: str,
    paths: Sequence[str],
    on_error: Callable[[str], None],
    on_done: Callable[[list[Attachment]], None] | None = None,
) -> None:
    """Attach ``paths`` to the record; once landed, one undoable step."""
    if not paths:
        return

    def landed(new: list[Attachment]) -> None:
        if new:
            if len(new) == 1:
                text = QCoreApplication.translate("AttachmentsView", "Attach “%1”")
                text = text.replace("%1", new[0].name)
            else:
                text = QCoreApplication.translate("AttachmentsView", "Attach %1 files")
                text = text.replace("%1", str(len(new)))  # two or more
            undo_stack.push(AttachFiles(ops, activity_id, [a.sha256 for a in new], text))
        if on_done is not None:
            on_done(new)

    ops.attach_files(activity_id, paths, landed, on_error)


# --- the list ------------------------------------------------------------------------


class EvidenceList(QListWidget):
    """Icons with name and size; files dropped on it are handed on as ``files_dropped``."""

    files_dropped = Signal(list)
    open_requested = Signal()  # Enter or a double click on a file

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(ICON, ICON))
        self.setGridSize(QSize(124, 128))  # the icon, two lines of name and the size
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(False)  # the name's lines are made by ``two_lines``
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.accepting = True  # False in a file opened read-only, or the bin view
        self.placeholder = ""  # said in the empty list

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.count() == 0 and self.placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(QColor("#80868b"))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter,
                             self.placeholder)  # fmt: skip
            painter.end()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Enter opens the file and stops here: passed on, it would also press the
        # dialog's default button.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            event.accept()
            self.open_requested.emit()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self.accepting and local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self.accepting and local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = local_files(event.mimeData()) if self.accepting else []
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            event.ignore()


def open_evidence_dialog(parent: QWidget, chosen: Callable[[list[str]], None]) -> QFileDialog:
    """A file dialog for several evidence files (Qt's own: the same on every desktop),
    opened in the folder last chosen from; ``chosen`` gets the paths. For a saved record's
    evidence and a new record's alike."""

    translate = QCoreApplication.translate  # the strings keep AttachmentsView's context
    dialog = QFileDialog(parent, translate("AttachmentsView", "Add evidence files"))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    file_dialogs.reads_no_content(dialog)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setNameFilters([
        translate("AttachmentsView",
                  "Evidence (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff *.pdf *.ofd "
                  "*.doc *.docx *.wps *.xls *.xlsx *.et *.csv *.ppt *.pptx *.txt *.zip *.rar)"),
        translate("AttachmentsView", "All files (*)"),
    ])  # fmt: skip
    dialog.setDirectory(folder_for("attachments/folder"))

    def files_selected(paths: list[str]) -> None:
        if paths:
            QSettings().setValue("attachments/folder", str(Path(paths[0]).parent))
        chosen(paths)

    dialog.filesSelected.connect(files_selected)
    dialog.open()
    return dialog


class AttachmentsView(QWidget):
    """One record's evidence: the list, 添加文件… 打开 移除, and the bin of its files."""

    def __init__(
        self,
        session: Session,
        ops: Operations,
        undo_stack: QUndoStack,
        activity_id: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.ops = ops
        self.undo_stack = undo_stack
        self.activity_id = activity_id
        self.shown: list[Attachment] = []
        self._asked_for: set[str] = set()
        self.setAcceptDrops(True)

        self.list = EvidenceList()
        if compact:  # inside the record's form: one row of files, more by scrolling
            self.list.setFixedHeight(self.list.gridSize().height() + 2 * self.list.frameWidth() + 4)
        self.compact = compact
        self.list.files_dropped.connect(self.attach_paths)
        self.list.open_requested.connect(self.open_selected)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr("&Add files…"))
        self.add_button.setToolTip(self.tr("Add files, or drop them on the list"))
        self.add_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setToolTip(self.tr("To the recycle bin; Ctrl+Z brings it back"))
        self.remove_button.clicked.connect(self.remove_or_restore_selected)
        self.bin_check = QCheckBox(self.tr("Show removed files"))
        self.bin_check.toggled.connect(lambda _on: self.reload())
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #5f6368;")
        self.list.addAction(self._key_action(QKeySequence.StandardKey.Delete,
                                             self.remove_or_restore_selected))  # fmt: skip
        # Ctrl+Z and Ctrl+Y here too, where the file was just added or removed (the
        # window's own keys do not reach into a dialog): this record's files only, never
        # a record's change made in the main window (gui/undo.py WindowSteps).
        WindowSteps(undo_stack, self, self._own_step,
                    Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip

        # In the record's form, the buttons stand beside the list: the form stays short
        # enough for a 768-pixel screen.
        buttons = QVBoxLayout() if compact else QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.open_button, self.remove_button):
            button.setAutoDefault(False)  # Enter belongs to the list and the form's own button
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.bin_check)
        if compact:
            layout = QHBoxLayout(self)
            column = QVBoxLayout()
            column.addWidget(self.list)
            column.addWidget(self.summary)
            layout.addLayout(column, 1)
            self.summary.hide()
        else:
            layout = QVBoxLayout(self)
            layout.addWidget(self.list, 1)
            layout.addWidget(self.summary)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)

        ops.changed.connect(self._changed)
        self.reload()

    def _own_step(self, command) -> bool:
        return (
            isinstance(command, (AttachFiles, SetAttachmentsDeleted))
            and command.activity_id == self.activity_id
        )

    def _key_action(self, keys, slot):
        from PySide6.QtGui import QAction

        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def tab_chain(self) -> list[QWidget]:
        return [self.list, self.add_button, self.open_button, self.remove_button, self.bin_check]

    @property
    def in_bin(self) -> bool:
        return self.bin_check.isChecked()

    # --- what is shown --------------------------------------------------------

    def reload(self) -> None:
        reader = self.session.reader
        chosen = {a.sha256 for a in self.selected()}
        self.shown = attachments.list_attachments(reader, self.activity_id, deleted=self.in_bin)
        self.list.clear()
        metrics = self.list.fontMetrics()
        width = self.list.gridSize().width() - 12
        store = attachments.store_dir(reader)
        wanted: list[tuple[str, Path]] = []
        for a in self.shown:
            item = QListWidgetItem(f"{two_lines(a.name, metrics, width)}\n{size_text(a.size)}")
            item.setSizeHint(self.list.gridSize())
            item.setData(SHA_ROLE, a.sha256)
            item.setToolTip(f"{a.name}\n{size_text(a.size)}　{a.added_at.replace('T', ' ')}")
            item.setIcon(thumbnails.get(a.sha256) or type_icon(a.name))
            self.list.addItem(item)
            item.setSelected(a.sha256 in chosen)
            if is_image(a.name) and not thumbnails.has(a.sha256):
                wanted.append((a.sha256, attachments.blob_path(store, a.sha256)))
        if self.list.count() and not self.list.selectedItems():
            self.list.setCurrentRow(0)  # what the list's focus frame marks is what is chosen
        self.list.accepting = self._writable() and not self.in_bin
        total = sum(a.size for a in self.shown)
        if self.in_bin:
            self.summary.setText(self.tr("%n removed file(s)", "", len(self.shown)))
        elif self.shown:
            files = self.tr("%n file(s)", "", len(self.shown))
            self.summary.setText(f"{files}，{size_text(total)}")
        else:
            self.summary.clear()  # the empty list says it, once
        empty = self.tr("No files yet: add them, or drop them here.")
        self.list.placeholder = "" if self.shown or self.in_bin else empty
        self.list.viewport().update()
        self._update_buttons()
        self._make_thumbnails([w for w in wanted if w[0] not in self._asked_for])

    def _make_thumbnails(self, wanted: list[tuple[str, Path]]) -> None:
        """On the worker (one job for the whole list), then put in place as they come."""
        if not wanted:
            return
        self._asked_for.update(sha for sha, _path in wanted)

        def job():
            return [(sha, make_thumbnail(path)) for sha, path in wanted]

        def done(made) -> None:
            for sha, image in made:
                thumbnails.put(sha, image)
            with contextlib.suppress(RuntimeError):  # the view was closed meanwhile
                self._show_thumbnails()

        self.ops.worker.submit(job, done, lambda _error: None)

    def _show_thumbnails(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            icon = thumbnails.get(item.data(SHA_ROLE))
            if icon is not None:
                item.setIcon(icon)

    def selected(self) -> list[Attachment]:
        if not hasattr(self, "list"):
            return []
        chosen = {item.data(SHA_ROLE) for item in self.list.selectedItems()}
        return [a for a in self.shown if a.sha256 in chosen]

    def _writable(self) -> bool:
        return not self.session.read_only

    def _update_buttons(self) -> None:
        chosen = self.selected()
        writable = self._writable()
        self.add_button.setEnabled(writable and not self.in_bin)
        self.open_button.setEnabled(len(chosen) == 1)
        self.remove_button.setText(self.tr("Re&store") if self.in_bin else self.tr("&Remove"))
        self.remove_button.setEnabled(writable and bool(chosen))

    def _changed(self, changes: OpChanges) -> None:
        if self.activity_id in changes.ids or changes.template:
            if self.isVisible():
                self.reload()
            else:
                self._stale = True  # a closed dialog reads again only if shown again

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._stale = False
            self.reload()

    # --- adding -----------------------------------------------------------------

    def choose_files(self) -> QFileDialog:
        self.file_dialog = open_evidence_dialog(self, self.attach_paths)
        return self.file_dialog

    def attach_paths(self, paths: list[str]) -> None:
        if not self._writable() or self.in_bin:
            return
        self.add_button.setEnabled(False)

        def done(_new) -> None:
            self.add_button.setEnabled(True)

        def failed(text: str) -> None:
            self.add_button.setEnabled(True)
            self.show_problem(text)

        attach(self.ops, self.undo_stack, self.activity_id, paths, failed, done)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self.list.dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        self.list.dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.list.dropEvent(event)

    # --- opening and removing ----------------------------------------------------

    def open_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        attachment = chosen[0]
        if not attachments.may_open(attachment):
            self.show_problem(
                self.tr(
                    "“%1” could be a program, so Taizhang does not open it. It stays attached "
                    "to the record."
                ).replace("%1", attachment.name)
            )
            return

        def copy(db) -> Path:
            # A folder per content: two files both called 照片.jpg never take each other's
            # place, and a copy already made (read-only, so unchanged) is opened again
            # rather than replaced under a viewer that may still hold it.
            folder = viewing_folder() / attachment.sha256[:16]
            made = folder / attachments.display_name(attachment.name)
            if made.is_file() and made.stat().st_size == attachment.size:
                return made
            return attachments.copy_for_viewing(db, attachment, folder)

        def opened(copy: Path) -> None:
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
                self.show_problem(
                    self.tr("No program on this computer opens “%1”.").replace(
                        "%1", attachment.name
                    )
                )

        self.ops.run(copy, OpChanges(), opened, self.show_problem, writes=False)

    def remove_or_restore_selected(self) -> None:
        chosen = self.selected()
        if not chosen or not self._writable():
            return
        shas = [a.sha256 for a in chosen]
        if self.in_bin:
            text = self.tr("Restore %n evidence file(s)", "", len(chosen))
        elif len(chosen) == 1:
            text = self.tr("Remove “%1”").replace("%1", chosen[0].name)
        else:
            text = self.tr("Remove %n evidence file(s)", "", len(chosen))
        self.undo_stack.push(
            SetAttachmentsDeleted(self.ops, self.activity_id, shas, not self.in_bin, text)
        )

    def show_problem(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Evidence"), text, QMessageBox.StandardButton.Ok,
            self.window(),
        )  # fmt: skip
        box.open()
        self.problem_box = box


class AttachmentsDialog(QDialog):
    """编辑 → 佐证材料…: one record's evidence in a window of its own."""

    def __init__(
        self,
        session: Session,
        ops: Operations,
        undo_stack: QUndoStack,
        activity_id: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Evidence of “%1”").replace("%1", title))
        self.resize(620, 420)
        self.setAcceptDrops(True)
        self.view = AttachmentsView(session, ops, undo_stack, activity_id, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.view.list.setFocus()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self.view.list.dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        self.view.list.dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.view.list.dropEvent(event)


class RowDropTarget(QObject):
    """Files dropped on a row of the main list are attached to that row's record.

    An event filter on the table's viewport; ``record_at(pos)`` names the record under
    the pointer (``""`` for none), ``dropped(record id, paths)`` attaches, and
    ``hovered(pos)`` shows which row would take the files while they are dragged.
    """

    def __init__(
        self,
        viewport: QWidget,
        record_at: Callable[[QPoint], str],
        dropped: Callable[[str, list[str]], None],
        allowed: Callable[[], bool],
        hovered: Callable[[QPoint], None] | None = None,
    ) -> None:
        super().__init__(viewport)
        self.record_at = record_at
        self.dropped = dropped
        self.allowed = allowed
        self.hovered = hovered
        viewport.setAcceptDrops(True)
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        files = local_files(event.mimeData()) if self.allowed() else []
        record = self.record_at(event.position().toPoint()) if files else ""
        if kind == QEvent.Type.DragEnter and files:
            event.acceptProposedAction()  # a row may come under the pointer as it moves
            return True
        if not record:
            event.ignore()
            return True
        event.acceptProposedAction()
        if kind == QEvent.Type.DragMove and self.hovered is not None:
            self.hovered(event.position().toPoint())
        if kind == QEvent.Type.Drop:
            self.dropped(record, files)
        return True

"""Every window on the screen it opens on, buttons included.

Office PCs run 1366×768 screens at 125 % or 150 %: 911×472 points of room at 150 %, less
the taskbar. Windows sized for a larger screen (汇总 1180×640, a record form with its
evidence 620×610) opened with their 保存 and 取消 below the bottom edge, out of reach.
``FitOnScreen`` shrinks and moves each dialog into the screen's room as it is shown;
forms that hold more than that scroll (``FormScroll``), their buttons kept in view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QLabel,
    QMessageBox,
    QScrollArea,
    QWidget,
)

GUESSED_FRAME = QSize(8, 40)  # borders and a title bar, at 150 % on Windows 10


def room_for(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_on_screen(
    window: QWidget, room: QRect | None = None, *, placed: bool = True, shown: bool = False
) -> None:
    """Shrink ``window`` to the room (down to its minimum size) and pull it back inside
    where it reaches past the room's edge. A window with a scrolling form first grows to
    show all of it, if the room allows: Qt opens a window at two thirds of the screen's
    height at most.

    ``placed=False``: the window is being shown and Qt has not placed it yet (a dialog's
    own ``showEvent`` then centres it over its parent, inside the screen's room): its size
    only. A move there pinned every dialog and message at the screen's top-left corner.
    ``shown``: it has just been shown (and framed): a dialog Qt centres is put back over
    its window even when its size stays (a resize by Qt's own layout may have left it in
    the screen's corner); else only when it grows or shrinks, not to undo a clerk's move."""
    room = room or room_for(window)
    frame = _frame_of(window)
    wanted = QSize(room.width() - frame.width(), room.height() - frame.height())
    size = window.size()
    if window.findChild(FormScroll) is not None:
        size = size.expandedTo(_all_of(window, wanted.width()))
    size = size.boundedTo(wanted).expandedTo(window.minimumSize())
    if placed and _centred_by_qt(window) and (shown or size != window.size()):
        _centre_over_parent(window, size, room)
        return
    if size != window.size():
        window.resize(size)
    if placed:
        _pull_inside(window, room)


def _all_of(window: QWidget, widest: int) -> QSize:
    """The size that shows all ``window`` holds, its wrapped text (a message under a form)
    as tall as its lines are at the width the window will have."""
    hint = window.sizeHint()
    layout = window.layout()
    if layout is not None and layout.hasHeightForWidth():
        width = min(max(window.width(), hint.width()), widest)
        # Not the hint's height: Qt wraps the text at a narrower width of its own guess.
        hint.setHeight(layout.totalHeightForWidth(width))
    return hint


def fit_height_to_text(window: QWidget, *, shrink: bool = False) -> None:
    """``window`` as tall as its wrapped text needs at its width, and still on the screen.

    Qt gives a shown window no height for wrapped text that arrives later (a note read on
    the worker, an import's notes): its layout squeezes the text, lines cut at top and
    bottom. ``shrink``: also less tall once such text is gone, leaving no empty room."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width())  # -1: no wrapped text in it
    if needed > 0:
        needed = max(needed, window.minimumSizeHint().height())
        if needed > window.height() or (shrink and needed < window.height()):
            size = QSize(window.width(), needed)
            if _centred_by_qt(window):  # still centred over its window, in one step
                _centre_over_parent(window, size, room_for(window))
            else:
                window.resize(size)
    fit_on_screen(window)


def _centred_by_qt(window: QWidget) -> bool:
    """A dialog Qt centres over its parent: no code gave it a place of its own."""
    return (
        isinstance(window, QDialog)
        and window.parentWidget() is not None
        and not window.testAttribute(Qt.WidgetAttribute.WA_Moved)
    )


def _centre_over_parent(window: QWidget, size: QSize, room: QRect) -> None:
    """``window`` at ``size``, centred over its parent's window and inside the room, in one
    step, from the parent's place alone: while the window system frames a new window it
    reports it at 0,0 for a moment (openbox does), and a fit that read the dialog's own
    place then pinned it in the corner. A resize alone would go out with that place too
    (Qt sends the position it last heard of). A dialog that grows stays centred."""
    left, top, right, bottom = _frame_margins(window)
    outer = QRect(0, 0, size.width() + left + right, size.height() + top + bottom)
    outer.moveCenter(window.parentWidget().window().frameGeometry().center())
    outer.moveRight(min(outer.right(), room.right()))
    outer.moveBottom(min(outer.bottom(), room.bottom()))
    outer.moveLeft(max(outer.left(), room.left()))
    outer.moveTop(max(outer.top(), room.top()))
    wanted = QRect(outer.x() + left, outer.y() + top, size.width(), size.height())
    if window.geometry() != wanted:
        window.setGeometry(wanted)
    window.setAttribute(Qt.WidgetAttribute.WA_Moved, False)  # still Qt's place, as QDialog says


def _pull_inside(window: QWidget, room: QRect) -> None:
    """Back inside by as much as its right or bottom edge reaches past the room, never
    further. Its top-left corner alone says nothing: while the window system frames a new
    window it reports it at 0,0 for a moment (openbox does), and a window moved to where
    it seemed to be then stays in the corner."""
    outer = window.frameGeometry()
    x, y = outer.x(), outer.y()
    if outer.right() > room.right():
        x = max(room.right() + 1 - outer.width(), room.x())
    if outer.bottom() > room.bottom():
        y = max(room.bottom() + 1 - outer.height(), room.y())
    # Off the screen altogether to the left or above (where a second monitor was): pulled
    # back as well. Not at the moment of framing: openbox then reports the window itself
    # at 0,0, its frame above and left of the screen (at -1,-20), and a window pulled
    # "back" from there stayed in the corner (导出完成, 1 time in 8).
    screen = window.screen() or QGuiApplication.primaryScreen()
    whole = screen.geometry()
    framing = window.geometry().topLeft() == QPoint(0, 0)
    if x < whole.x() and not framing:
        x = room.x()
    if y < whole.y() and not framing:
        y = room.y()
    if (x, y) != (outer.x(), outer.y()):
        window.move(x, y)


def _frame_margins(window: QWidget) -> tuple[int, int, int, int]:
    """Left, top, right and bottom of the frame around ``window`` (or the best guess, as
    ``_frame_of``)."""
    inner, outer = window.geometry(), window.frameGeometry()
    if outer.height() > inner.height():
        return (inner.left() - outer.left(), inner.top() - outer.top(),
                outer.right() - inner.right(), outer.bottom() - inner.bottom())  # fmt: skip
    frame = _frame_of(window)
    side = frame.width() // 2
    return side, frame.height() - side, side, side


def _frame_of(window: QWidget) -> QSize:
    """The title bar and borders the window system puts around ``window``. Before it is
    mapped it has none yet: those of a window already shown (the main window) are the
    best guess, else a title bar's worth."""
    own = window.frameGeometry().size() - window.geometry().size()
    if own.height() > 0:
        return own
    for other in QApplication.topLevelWidgets():
        if other is not window and other.isVisible():
            seen = other.frameGeometry().size() - other.geometry().size()
            if seen.height() > 0:
                return seen
    return GUESSED_FRAME


LINE_ROOM = 440  # points: what a message's line may take before it wraps


def _no_broken_lines(box: QMessageBox) -> None:
    """A message box is as wide as its main text: a longer second text wrapped inside a
    phrase (“表单中有尚未保存的 / 内容。”). Each text gets the room of its longest line."""
    for name in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
        label = box.findChild(QLabel, name)
        if label is None or not label.text():
            continue
        metrics = label.fontMetrics()
        lines = label.text().splitlines() or [""]
        longest = max(metrics.horizontalAdvance(line) for line in lines)
        label.setMinimumWidth(min(longest + 4, LINE_ROOM))


class FitOnScreen(QObject):
    """Installed on the application: each dialog is fitted as it is shown, and once more
    when the window system has given it its frame."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox):
            _no_broken_lines(watched)
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and watched.isWindow():
            # Its size now, before Qt centres it (a position the code gave it is its place).
            fit_on_screen(watched, placed=watched.testAttribute(Qt.WidgetAttribute.WA_Moved))
            # Again once the window system has framed it (its title bar is then known).
            for delay in (0, 200):
                QTimer.singleShot(delay, watched, lambda: fit_on_screen(watched, shown=True))
        return False


class FormScroll(QScrollArea):
    """A form's fields in a scroll area that asks for all the room they need, and can be
    given less (a small screen): they then scroll, and the buttons below stay in view."""

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body.installEventFilter(self)
        self.window().installEventFilter(self)  # what is shown beside the fields too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The fields grew (problems shown under them, another type's figures, the
        evidence), or a message appeared beside them (a save refused, under the form):
        the window grows while the screen has room, instead of squeezing the fields into
        a scroll. Qt keeps a shown window's size, and the scroll area's own size hint, as
        they were."""
        if event.type() == QEvent.Type.LayoutRequest and watched in (self.widget(), self.window()):
            if watched is self.widget():
                self.updateGeometry()
            if self.window().isVisible():
                QTimer.singleShot(0, self, self._grow_window)
        return super().eventFilter(watched, event)

    def _grow_window(self) -> None:
        window = self.window()
        if window.isVisible() and self.verticalScrollBar().maximum() > 0:
            fit_on_screen(window)

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = self.widget().sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.widget().minimumSizeHint().width(), 120)

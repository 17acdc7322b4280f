"""``--screenshot`` runs with no one at the screen (CI, a script, offscreen): a box that
would wait for a person (any modal dialog: an error, the damaged-file question) would
wait for ever. Instead its words go to stderr, it is closed as if cancelled, and the run
ends with exit code 1 (gui/app.py run_gui), no picture taken.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox


class NoOneToAsk(QObject):
    """An application event filter: every modal dialog shown is told and cancelled."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.refused: list[str] = []  # the words of each box that wanted a person

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QDialog)
            and watched.windowModality() != Qt.WindowModality.NonModal
        ):
            text = words_of(watched)
            self.refused.append(text)
            print(text, file=sys.stderr, flush=True)
            # Later, from within the dialog's own loop: closed now, exec() would still wait.
            QTimer.singleShot(0, watched.reject)
        return False


def words_of(dialog: QDialog) -> str:
    if isinstance(dialog, QMessageBox):
        parts = [dialog.text(), dialog.informativeText()]
    else:
        parts = [dialog.windowTitle()] + [label.text() for label in dialog.findChildren(QLabel)]
    return "\n".join(part for part in parts if part)

"""Python's cycle collector, run on the GUI thread only, between events.

A Qt object whose Python wrapper sits in a reference cycle is deleted when the collector
frees the cycle. Left automatic, the collector runs wherever an allocation crosses its
threshold: on the worker's thread, or while Qt is in the middle of building a window
(a Python event filter runs there), and an object deleted then crashes the program: seen
as a segmentation fault in ``MainWindow.__init__`` once the threshold was 1. So automatic
collection is off, and a timer on the GUI thread collects as often as the thresholds
would have asked for, from the event loop, where no Qt code is half done. This is the
pattern of Anki's ``aqt`` and of Erik Janssens' ``GarbageCollector`` for PyQt.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GarbageCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start(INTERVAL_MS)

    def collect_due(self) -> int:
        """The generations the thresholds call for, as the automatic collector would."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return -1
        generation = 0
        for older in (1, 2):
            if counts[older] > self.thresholds[older]:
                generation = older
        gc.collect(generation)
        return generation


_collector: list[GarbageCollector] = []  # the application's one


def collect_on_the_gui_thread(app: QObject) -> None:
    if not _collector:
        _collector.append(GarbageCollector(app))

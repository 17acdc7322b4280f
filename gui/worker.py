"""The one helper for work off the GUI thread.

Jobs run one at a time, in the order given, on one background thread, so
changes to the database never overlap. Results, errors and progress come back
on the GUI thread through queued signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], with_progress: bool) -> None:
        super().__init__()
        self.fn = fn
        self.with_progress = with_progress
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit) if self.with_progress else self.fn()
        except BaseException as error:  # reported on the GUI thread, never lost
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


class Worker(QObject):
    """Runs ``fn`` on the background thread; ``on_done(result)`` / ``on_error(exc)`` after."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending: set[_Job] = set()

    def submit(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Queue ``fn``; with ``on_progress`` it is called as ``fn(progress)``."""
        job = _Job(fn, with_progress=on_progress is not None)
        self._pending.add(job)

        def finish(callback, value):
            self._pending.discard(job)
            if callback is not None:
                callback(value)
            elif isinstance(value, BaseException):
                log.error("background job failed", exc_info=value)

        job.signals.done.connect(lambda result: finish(on_done, result))
        job.signals.failed.connect(lambda error: finish(on_error, error))
        if on_progress is not None:
            job.signals.progress.connect(on_progress)
        self._pool.start(job)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every queued job has run (quitting, tests)."""
        return self._pool.waitForDone(msecs)

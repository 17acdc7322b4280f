"""The cycle collector runs on the GUI thread only, from the event loop (gui/garbage.py)."""

from __future__ import annotations

import gc
import weakref


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_cycles_are_collected_by_the_gui_threads_timer_not_where_they_fall(app, qtbot):
    assert not gc.isenabled()  # never on the worker's thread, nor inside Qt's own work
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    del cycle
    for _ in range(2000):  # past the first generation's threshold
        _Cycle()

    qtbot.waitUntil(lambda: gone() is None, timeout=5000)

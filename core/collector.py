"""Python's cycle collector held off while bulk work makes its objects (issue 9, speed).

An import makes hundreds of thousands of objects that live on (its records), and the
automatic collector walks every live object again and again as they pile up: the full
collections, not the young ones, are what cost. ``paused`` holds it off for a block and
gives back the state it found: automatic collection that was off stays off (the window
collects on its GUI thread only, ``gui/garbage.py``; nothing here turns it on, nor
collects on a worker's thread).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator


def _nothing() -> None:
    pass


def _sweep() -> None:
    # The young generation only: what was made since the last sweep. A row with a
    # problem leaves a reference cycle (its exceptions and their frames); held off
    # without a sweep, a file of 100,000 such rows would keep 600 MB of them.
    gc.collect(0)


@contextlib.contextmanager
def paused() -> Iterator[Callable[[], None]]:
    """Automatic collection off inside the block, on again after it however it ends
    (an error, a cancel), if it was on before.

    Gives ``sweep``: call it every so many items of a long loop to free the reference
    cycles they left, young objects only. It does nothing where the collection was off
    already (the window's own collector frees them, on its thread).
    """
    if not gc.isenabled():
        yield _nothing
        return
    gc.disable()
    try:
        yield _sweep
    finally:
        gc.enable()

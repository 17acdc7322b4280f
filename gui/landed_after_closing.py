"""What finished after the window was closed, said when the file is opened next.

Closing hides the window at once, but a change already running (an import) goes on to its
end: all or nothing, and nothing is lost. A clerk who closed the window to stop it would
otherwise find the records at the next start without a word, and no Undo for them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QSettings


def _key(path: Path) -> str:
    where = os.path.realpath(path).encode("utf-8", "surrogatepass")
    return "landed/" + hashlib.sha256(where).hexdigest()[:16]


def landed_after_closing(path: Path, text: str) -> None:
    """Keep ``text`` to say at the next start of the file ``path``."""
    settings = QSettings()
    settings.setValue(_key(path), text)
    settings.sync()  # the program is about to end


def take_what_landed(path: Path) -> str | None:
    """What was kept for ``path``, once: it is forgotten as it is taken."""
    settings = QSettings()
    text = settings.value(_key(path), None)
    if text is None:
        return None
    settings.remove(_key(path))
    return str(text)

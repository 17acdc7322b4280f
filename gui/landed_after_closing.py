"""What finished after the window was closed, said when the file is opened next.

Closing hides the window at once, but a change already running (an import) goes on to its
end: all or nothing, and nothing is lost. A clerk who closed the window to stop it would
otherwise find the records at the next start without a word, and no Undo for them.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from gui.session import Session

_PREFIX = "landed"


def landed_after_closing(session: Session, text: str) -> None:
    """Keep ``text`` to say at the next start of the session's file."""
    settings = QSettings()
    settings.setValue(session.settings_key(_PREFIX), text)
    settings.sync()  # the program is about to end


def take_what_landed(session: Session) -> str | None:
    """What was kept for the session's file, once: it is forgotten as it is taken."""
    settings = QSettings()
    key = session.settings_key(_PREFIX)
    text = settings.value(key, None)
    if text is None:
        return None
    settings.remove(key)
    return str(text)

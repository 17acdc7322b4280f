"""One window per database file, across processes.

A ``QLockFile`` in the user's own runtime folder (``$XDG_RUNTIME_DIR``, mode 0700; not
the shared ``/tmp``, where anyone could take the predictable name first) marks the file
as open; Qt
takes over a lock left by a process that died (its PID is gone). A second start
on the same file finds the lock, asks the first window to come forward through
a local socket, and quits.

The first answers what it did: ``shown`` (a window on the file came forward),
``closing`` (its only window on the file is closing: hidden, its quit backup running),
``asking`` (it is still opening the file and has no window on it yet, but a question
about it: a damaged file's 恢复/只读打开/退出; that box came forward) or ``opening`` (no
window yet, nor a question). A start told ``closing`` waits for the lock to go and then
opens the file itself (gui/app.py); one told ``asking`` or ``opening`` says so, where it
said 已切换到那个窗口 of a window that did not exist. A window that is closing, or hidden
while its file is asked about again, is never brought back.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, QStandardPaths, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

ACTIVATE = b"activate\n"
SHOWN = b"shown"  # the first brought its window forward
CLOSING = b"closing"  # the first's window on the file is closing: the lock goes soon
ASKING = b"asking"  # no window on the file yet: a question about it is up (brought forward)
OPENING = b"opening"  # no window on the file yet, nor a question: it is on its way
ANSWERS = (SHOWN, CLOSING, ASKING, OPENING)


def instance_name(db_path: Path) -> str:
    """One name per database file, however its path is spelled: a link to it, ``..``,
    a relative path (``os.path.realpath`` resolves them all)."""
    text = os.path.normcase(os.path.realpath(db_path))
    if sys.platform == "win32":
        text = text.lower()
    return "taizhang-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def private_folder() -> Path:
    """A folder only this user can use: the runtime folder, else the app's own data."""
    for location in (
        QStandardPaths.StandardLocation.RuntimeLocation,
        QStandardPaths.StandardLocation.AppLocalDataLocation,
    ):
        found = QStandardPaths.writableLocation(location)
        if found:
            folder = Path(found) / "taizhang" if "Runtime" in location.name else Path(found)
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError:
                continue
            return folder
    return Path(QDir.tempPath())


def lock_of(db_path: Path) -> QLockFile:
    """The lock a window holds while it has ``db_path`` open."""
    lock = QLockFile(str(private_folder() / f"{instance_name(db_path)}.lock"))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    return lock


def held_by_a_window(db_path: Path) -> bool:
    """Whether a Taizhang window (this user's) has ``db_path`` open, for a command that
    must not run under one (``restore``). A free lock is taken and let go at once.

    SQLite's own locks tell it only on Linux, and only until something in the window's
    process closes a descriptor of the file; this lock is the window's for its life,
    on Windows too.
    """
    lock = lock_of(db_path)
    if lock.tryLock(0):
        lock.unlock()
        return False
    return lock.error() == QLockFile.LockError.LockFailedError


class SingleInstance(QObject):
    activated = Signal()  # another start asked this window (or its question) to come forward

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Asked before ``activated`` is sent: what this process has on the file (one of
        # ANSWERS). Sent for ``shown`` and ``asking``, and that is the answer given.
        self.state = lambda: SHOWN
        self.answer: bytes | None = None  # what the first said, when acquire() failed
        folder = private_folder()
        self.name = instance_name(db_path)
        # On Linux the socket too lives in the private folder (a full path); Windows
        # names pipes per session.
        if sys.platform != "win32" and len(str(folder / self.name).encode()) < 100:
            self.name = str(folder / self.name)
        self.lock = lock_of(db_path)
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True if this process now holds the file; False (and the first one told) if not."""
        if self.take(200):
            return True
        self.answer = self.tell_the_first()
        return False

    def take(self, wait_ms: int = 0) -> bool:
        """The lock, if it is (or within ``wait_ms`` becomes) free; and the socket."""
        if not self.lock.tryLock(wait_ms):
            return False
        QLocalServer.removeServer(self.name)  # a socket left by a killed process
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_connection)
        self.server.listen(self.name)
        return True

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()

    def tell_the_first(self) -> bytes | None:
        """Ask the first to come forward; its answer (None: it gave none, e.g. it is
        ending, its event loop gone)."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(1000):
            return None
        socket.write(ACTIVATE)
        socket.waitForBytesWritten(1000)
        answer = b""
        while b"\n" not in answer and socket.waitForReadyRead(2000):
            answer += bytes(socket.readAll())
        socket.disconnectFromServer()
        return answer.strip() or None

    def _on_connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))

    def _read(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll()).startswith(ACTIVATE.strip()):
            state = self.state()
            if state in (SHOWN, ASKING):
                self.activated.emit()
            connection.write(state + b"\n")
            connection.flush()
        connection.disconnectFromServer()

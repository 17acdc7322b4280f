"""One window per database file, across processes.

A ``QLockFile`` beside the system's temporary files marks the file as open; Qt
takes over a lock left by a process that died (its PID is gone). A second start
on the same file finds the lock, asks the first window to come forward through
a local socket, and quits.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

ACTIVATE = b"activate\n"


def instance_name(db_path: Path) -> str:
    text = os.path.normcase(str(Path(db_path).absolute()))
    if sys.platform == "win32":
        text = text.lower()
    return "taizhang-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class SingleInstance(QObject):
    activated = Signal()  # another start asked this window to come forward

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = instance_name(db_path)
        self.lock = QLockFile(str(Path(QDir.tempPath()) / f"{self.name}.lock"))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True if this process now holds the file; False (and the first one told) if not."""
        if self.lock.tryLock(200):
            QLocalServer.removeServer(self.name)  # a socket left by a killed process
            self.server = QLocalServer(self)
            self.server.newConnection.connect(self._on_connection)
            self.server.listen(self.name)
            return True
        self._tell_the_first()
        return False

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()

    def _tell_the_first(self) -> None:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(1000):
            socket.write(ACTIVATE)
            socket.waitForBytesWritten(1000)
            socket.disconnectFromServer()

    def _on_connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))

    def _read(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll()).startswith(ACTIVATE.strip()):
            self.activated.emit()
        connection.disconnectFromServer()

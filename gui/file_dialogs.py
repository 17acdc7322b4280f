"""The file dialogs: choosing a file to open, a name to save, a folder.

Qt's own dialog (the one Linux desktops get) tells each listed file's icon by reading
the start of the file. Reading the live ``taizhang.db`` that way, in this process,
undoes SQLite's locks on it: on Linux a process's POSIX locks on a file go with the
first descriptor of it that is closed, whoever opened it. The next program to close
the database (a 命令行 run, a backup) then takes itself for the last user, and deletes
the ``-wal`` this window still writes into: what the window saves from then on is seen
by nobody else until it closes. So the dialogs here tell icons by name alone. Windows
locks by handle and keeps its own dialog.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtWidgets import QDialog, QFileDialog, QFileIconProvider, QWidget


class NamesOnly(QFileIconProvider):
    """A file's icon and type told by its name, never by its content."""

    _names = QMimeDatabase()

    def icon(self, what):  # Qt's overload: an IconType, or a QFileInfo
        if isinstance(what, QFileInfo):
            kinds = QFileIconProvider.IconType
            return super().icon(kinds.Folder if what.isDir() else kinds.File)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return super().type(info)
        kind = self._names.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension)
        return kind.comment() or kind.name()


_PROVIDER: NamesOnly | None = None


def reads_no_content(dialog: QFileDialog) -> QFileDialog:
    """``dialog`` made to list files without opening them (see the module's text)."""
    global _PROVIDER
    if sys.platform != "win32":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        if _PROVIDER is None:
            _PROVIDER = NamesOnly()  # one for the program: a dialog does not own it
        dialog.setIconProvider(_PROVIDER)
    return dialog


def _chosen(dialog: QFileDialog) -> str:
    reads_no_content(dialog)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return ""
    files = dialog.selectedFiles()
    return files[0] if files else ""


def open_file_name(parent: QWidget | None, caption: str, folder: str, filters: str) -> str:
    """An existing file chosen by the clerk, or '' when cancelled."""
    dialog = QFileDialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog)


def save_file_name(parent: QWidget | None, caption: str, suggested: str, filters: str) -> str:
    """A file name to write (``suggested`` may name the file as well as its folder)."""
    dialog = QFileDialog(parent, caption, suggested, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    return _chosen(dialog)


def existing_folder(parent: QWidget | None, caption: str, folder: str) -> str:
    dialog = QFileDialog(parent, caption, folder)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _chosen(dialog)

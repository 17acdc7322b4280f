"""Where the live database may not be: a network share or a cloud-synced folder.

SQLite's locking is not reliable over network file systems, and a sync client
copying the file while it is written can bring back an old or broken copy.
Exports and backups may go anywhere; only the live file is checked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from core.errors import TaizhangError

NETWORK_FILE_SYSTEMS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "ncpfs", "9p",
    "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "glusterfs", "fuse.glusterfs", "ceph",
    "fuse.rclone", "fuse.s3fs", "lustre", "gpfs",
}  # fmt: skip
# Folder names that the sync clients used in Chinese offices create.
CLOUD_FOLDERS = (
    "onedrive", "dropbox", "google drive", "googledrive", "icloud drive", "iclouddrive",
    "百度网盘", "baidunetdisk", "baiduyun", "坚果云", "nutstore", "wps网盘", "wpsdrive",
    "wps云盘", "腾讯微云", "weiyun", "seafile", "nextcloud", "owncloud", "阿里云盘", "aliyundrive",
    "天翼云盘", "115网盘", "synologydrive",
)  # fmt: skip


def check_live_database_location(path: Path) -> None:
    """Refuse a live database on a network share or in a cloud-synced folder."""
    folder = Path(os.path.abspath(path)).parent
    # A link may lead into a synced folder: where the file really is counts too.
    real = Path(os.path.realpath(path)).parent
    for part in (*folder.parts, *real.parts):
        if any(name in part.lower() for name in CLOUD_FOLDERS):
            raise TaizhangError("db_in_cloud_folder", path=path, folder=part)
    if is_network_path(folder):
        raise TaizhangError("db_on_network", path=path)


def is_network_path(folder: Path) -> bool:
    if sys.platform == "win32":
        return _windows_is_remote(folder)
    file_system = mount_type(folder)
    return file_system is not None and file_system.lower() in NETWORK_FILE_SYSTEMS


def mount_type(folder: Path, mounts: str = "/proc/mounts") -> str | None:
    """The file system type of the mount holding ``folder`` (Linux), or None if unknown."""
    try:
        lines = Path(mounts).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = os.path.realpath(folder)
    best, best_type = "", None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def _windows_is_remote(folder: Path) -> bool:  # pragma: no cover - Windows only
    text = str(folder)
    if text.startswith("\\\\"):
        return True  # \\server\share
    import ctypes

    drive_remote = 4
    root = os.path.splitdrive(text)[0] + "\\"
    return ctypes.windll.kernel32.GetDriveTypeW(root) == drive_remote

"""What goes into the bundle and what stays out: read by taizhang.spec, checked by the tests.

PyInstaller takes every Qt plugin and translation that belongs to the Qt modules we import,
and every library those plugins load. Most are for things Taizhang never does (OpenGL,
TLS, printing, JPEG, GTK theming, embedded Linux screens, 40 languages), so the spec
keeps the plugins and translations listed here, and drops the libraries only the dropped
plugins loaded. Figures measured with each rule are in the README.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "Taizhang"  # the program folder and the executable
CLI_NAME = "taizhang-cli"  # Windows only: the same program with a console, for scripts
DISPLAY_NAME = "科技工作台账"

# Python modules that must not be bundled even if something mentions them, by reason.
# An excluded module that our own code imports fails the build (package.py reads
# PyInstaller's warnings), so a rule here can never break the program silently.
EXCLUDED_MODULES: dict[str, tuple[str, ...]] = {
    # Qt's D-Bus library is loaded by QtGui itself; its Python module is never used.
    # (QtNetwork is: gui/single_instance.py's local socket. Its TLS and network-information
    # plugins and OpenSSL are left out below.)
    "qtdbus": ("PySide6.QtDBus",),
    # No network is ever used (PRODUCT.md): no TLS. hashlib falls back on Python's own
    # md5/sha1/sha2/sha3/blake2 without OpenSSL's _hashlib.
    "ssl": ("ssl", "_ssl", "_hashlib"),
    # Tools and test suites: never imported by the program.
    "tools": (
        "tkinter", "_tkinter", "unittest", "doctest", "pydoc", "pydoc_data", "test", "lib2to3",
        "idlelib", "ensurepip", "venv", "distutils", "setuptools", "pkg_resources", "pip",
        "pytest", "_pytest", "pytestqt", "hypothesis", "pygments", "tests", "bench",
    ),
}  # fmt: skip

# For measuring what each rule saves: TAIZHANG_BUNDLE_KEEP=strip,qt-plugins,... builds
# with those rules switched off (names: the keys above, "strip", "qt-plugins",
# "qt-translations", "libraries").
KEEP = set(filter(None, os.environ.get("TAIZHANG_BUNDLE_KEEP", "").split(",")))


def excluded_modules() -> list[str]:
    return [m for rule, mods in EXCLUDED_MODULES.items() if rule not in KEEP for m in mods]


ALL = None  # every plugin of the kind
# Qt plugins kept, by kind (the folder under plugins/): file names without "lib" and extension.
QT_PLUGINS: dict[str, set[str] | None] = {
    # xcb: X11 desktops (UOS, Kylin); wayland: their Wayland sessions; windows; offscreen:
    # --screenshot and CI without a screen.
    "platforms": {"qxcb", "qwayland", "qwindows", "qoffscreen"},
    # Typing Chinese on Linux goes through an input method: ibus (fcitx5 can speak it too).
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    # PNG is built into Qt; .ico is the Windows icon format.
    "imageformats": {"qico"},
    # Windows: the native Windows 11 / Vista look.
    "styles": ALL,
    # A Wayland window needs a shell protocol (xdg-shell is the standard one) and, where the
    # compositor draws no title bar, decorations (bradient; adwaita would need QtSvg).
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": {"bradient"},
}
# Qt's own translations kept: Chinese for the standard buttons and dialogs (确定, 取消).
QT_TRANSLATIONS = {"qtbase_zh_CN.qm"}
# Libraries loaded by name (not linked) only for what the program never does: software
# OpenGL and its shader compiler (Windows), and OpenSSL for QtNetwork's TLS plugin (left out
# above). They are dropped unless something kept links to them.
DROPPED_LIBRARIES = (
    "opengl32sw.dll",
    "d3dcompiler_*.dll",
    "libegl.dll",
    "libglesv2.dll",
    "libssl*",
    "libcrypto*",
)

# Beside the executable on Linux: the menu entry, its icon and the script that installs them.
LINUX_EXTRAS = (
    ("resources/taizhang.desktop", "taizhang.desktop"),
    ("resources/icons/taizhang.png", "taizhang.png"),
    ("build/install-linux.sh", "install.sh"),
)


def app_version() -> str:
    """The version, read from core/version.py (the one place it is written)."""
    text = (ROOT / "core" / "version.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if not match:
        raise SystemExit("core/version.py has no __version__ line")
    return match.group(1)


def data_files() -> list[tuple[str, str]]:
    """(file, folder in the bundle) for every file under resources/ that the program reads."""
    resources = ROOT / "resources"
    files = [
        resources / "default_template.json",
        resources / "default_indicators.json",
        *sorted((resources / "translations").glob("*.qm")),
        *sorted((resources / "icons").glob("taizhang*.png")),
    ]
    required = [
        resources / "default_template.json",
        resources / "default_indicators.json",
        resources / "translations" / "taizhang_zh_CN.qm",
        resources / "translations" / "taizhang_en.qm",
        resources / "icons" / "taizhang.png",
    ]
    missing = [str(f) for f in required if not f.is_file()]
    if missing:
        raise SystemExit(f"missing resources: {missing}")
    return [(str(f), f.parent.relative_to(ROOT).as_posix()) for f in files]


def plugin_name(file_name: str) -> str:
    """libqxcb.so → qxcb, qwindows.dll → qwindows, libqico.dylib → qico."""
    stem = file_name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_qt_file(dest: str) -> bool:
    """Whether a file PyInstaller collected under PySide6/ stays in the bundle."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if not parts or parts[0] != "PySide6":
        return True
    if "plugins" in parts[:-1] and "qt-plugins" not in KEEP:
        kind = parts[parts.index("plugins") + 1]
        wanted = QT_PLUGINS.get(kind, set())
        return wanted is ALL or plugin_name(parts[-1]) in wanted
    if "translations" in parts[:-1] and "qt-translations" not in KEEP:
        return parts[-1] in QT_TRANSLATIONS
    return True


def _is_plugin(dest: str) -> bool:
    return "plugins" in PurePosixPath(dest.replace("\\", "/")).parts[:-1]


def _is_python_library(dest: str) -> bool:
    """The interpreter's own library, which the bootloader loads by name."""
    name = PurePosixPath(dest.replace("\\", "/")).name.lower()
    return bool(re.match(r"(lib)?python3[\d.]*(\.so|\.dll|\.dylib)", name))


def _reached(roots: Iterable[tuple[str, str]], by_name: dict, imports_of) -> set[str]:
    """Bundle paths of every library that ``roots`` load, directly or through others."""
    seen: set[str] = set()
    queue = list(roots)
    while queue:
        _, source = queue.pop()
        for name in imports_of(source):
            for dest, dep_source in by_name.get(_file_name(name), ()):
                if dest not in seen:
                    seen.add(dest)
                    queue.append((dest, dep_source))
    return seen


def _file_name(dest: str) -> str:
    return PurePosixPath(dest.replace("\\", "/")).name.lower()


def prune(
    binaries: list[tuple], datas: list[tuple], imports_of: Callable[[str], Iterable[str]]
) -> tuple[list[tuple], list[tuple], list[str]]:
    """Drop unwanted Qt plugins and translations, and the libraries only they needed.

    ``binaries`` and ``datas`` are PyInstaller's (bundle path, source path, kind) entries;
    ``imports_of(source)`` names the libraries a binary links to. The roots are the Python
    extension modules, the Qt plugins and Python's own library; a library is dropped when
    only dropped plugins reach it, or when it matches DROPPED_LIBRARIES and nothing kept
    links to it. A library nothing reaches at all is kept (PyInstaller had its reasons).
    Returns the new binaries, the new datas and the bundle paths dropped.
    """
    by_name: dict[str, list[tuple[str, str]]] = {}
    for dest, source, _kind in binaries:
        by_name.setdefault(_file_name(dest), []).append((dest, source))

    def roots(entries):
        return [
            (dest, source)
            for dest, source, kind in entries
            if kind == "EXTENSION" or _is_plugin(dest) or _is_python_library(dest)
        ]

    kept = [e for e in binaries if keep_qt_file(e[0])]
    dropped = {e[0] for e in binaries} - {e[0] for e in kept}
    if "libraries" not in KEEP:
        kept_roots = roots(kept)
        needed = _reached(kept_roots, by_name, imports_of) | {dest for dest, _ in kept_roots}
        only_for_dropped = _reached(roots(binaries), by_name, imports_of) - needed
        unwanted = {
            dest
            for dest, _, _ in kept
            if dest not in needed
            and any(fnmatch(_file_name(dest), pattern) for pattern in DROPPED_LIBRARIES)
        }
        dropped |= only_for_dropped | unwanted
    new_binaries = [e for e in binaries if e[0] not in dropped]
    new_datas = []
    for entry in datas:
        dest, source, kind = entry
        if not keep_qt_file(dest) or (kind == "SYMLINK" and source in dropped):
            dropped.add(dest)
            continue
        new_datas.append(entry)
    return new_binaries, new_datas, sorted(dropped)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """a.b.c → (a, b, c, 0), a.brc1 → (a, b, 0, 0): what a Windows version resource holds."""
    leading = re.match(r"\d+(?:\.\d+)*", version)
    numbers = [int(n) for n in leading.group(0).split(".")] if leading else []
    return tuple((numbers + [0, 0, 0, 0])[:4])


def windows_version_info(version: str) -> str:
    """The text of a Windows version resource (PyInstaller's ``version=`` file)."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": "",
        "FileDescription": DISPLAY_NAME,
        "FileVersion": version,
        "InternalName": APP_NAME,
        "LegalCopyright": "",
        "OriginalFilename": f"{APP_NAME}.exe",
        "ProductName": f"{DISPLAY_NAME} {APP_NAME}",
        "ProductVersion": version,
    }
    table = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3F,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0),
  ),
  kids=[
    StringFileInfo([
      StringTable('080404B0', [
{table},
      ]),
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])]),
  ],
)
"""


def bundle_size(folder: Path) -> int:
    """Bytes in the folder, as ``du -sb`` counts them (a symbolic link as itself)."""
    return sum(p.lstat().st_size for p in folder.rglob("*")) + folder.lstat().st_size


def zip_name(version: str, system: str, machine: str) -> str:
    """Taizhang-<version>-linux-x86_64.zip, Taizhang-<version>-windows-x64.zip."""
    arch = {"amd64": "x64", "x86_64": "x86_64", "arm64": "arm64", "aarch64": "aarch64"}.get(
        machine.lower(), machine.lower()
    )
    if system.lower() == "windows" and arch == "x86_64":
        arch = "x64"
    return f"{APP_NAME}-{version}-{system.lower()}-{arch}.zip"


def make_zip(folder: Path, target: Path) -> Path:
    """Zip ``folder`` as one top folder, keeping executable bits and symbolic links."""
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            name = (Path(folder.name) / path.relative_to(folder)).as_posix()
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.create_system = 3  # Unix: unzip reads the mode below
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, os.readlink(path))
            elif path.is_dir():
                continue  # folders are implied by the files in them
            else:
                archive.write(path, name)
    os.replace(partial, target)
    return target

"""Packaging (build/): one version, the data files, what the bundle keeps, the zip, the
installers. The bundle itself is built and run by `make package` in .ci/run."""

import ast
import configparser
import importlib.util
import re
import stat
import struct
import sys
import zipfile
from pathlib import Path

import pytest

from core.version import __version__

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, BUILD / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = load("bundle_rules")
package = load("package")


# --- one version ----------------------------------------------------------------------------


def test_the_version_is_written_in_one_place():
    assert rules.app_version() == __version__
    literal = re.compile(rf"(?<![\d.]){re.escape(__version__)}(?![\d.])")
    places = [*BUILD.glob("*.*"), ROOT / "Makefile", ROOT / ".ci" / "run"]
    written = [p.name for p in places if literal.search(p.read_text(encoding="utf-8-sig"))]
    assert written == []


def test_installer_and_zip_take_the_version_from_the_build():
    iss = (BUILD / "installer.iss").read_text(encoding="utf-8-sig")
    assert "#ifndef MyAppVersion" in iss and "AppVersion={#MyAppVersion}" in iss
    ps1 = (BUILD / "package.ps1").read_text(encoding="ascii")
    assert "from core.version import __version__" in ps1 and "/DMyAppVersion=$Version" in ps1
    assert rules.zip_name("0.1.0", "Linux", "x86_64") == "Taizhang-0.1.0-linux-x86_64.zip"
    assert rules.zip_name("2.0.1", "Windows", "AMD64") == "Taizhang-2.0.1-windows-x64.zip"


def test_windows_version_resource():
    assert rules.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert rules.version_tuple("1.2rc1") == (1, 2, 0, 0)
    assert rules.version_tuple("1.2.3.4.5") == (1, 2, 3, 4)
    text = rules.windows_version_info("0.1.0")
    ast.parse(text, mode="eval")  # PyInstaller evaluates it as a Python expression
    assert "filevers=(0, 1, 0, 0)" in text and "'ProductVersion', '0.1.0'" in text


def test_about_dialog_shows_version_data_folder_database_sqlite_and_qt(session):
    import sqlite3

    from PySide6.QtCore import qVersion

    from core.paths import data_dir
    from gui.about_dialog import AboutDialog

    dialog = AboutDialog(session)
    text = dialog.text() + "\n" + dialog.informativeText()
    for shown in (__version__, str(data_dir()), str(session.path), sqlite3.sqlite_version):
        assert shown in text
    assert f"Qt {qVersion()}" in text
    assert not dialog.iconPixmap().isNull()  # the program's icon
    dialog.deleteLater()


# --- what goes in ---------------------------------------------------------------------------


def test_data_files_exist_and_are_what_the_program_reads():
    files = rules.data_files()
    for source, folder in files:
        assert Path(source).is_file(), source
        assert Path(source).parent.relative_to(ROOT).as_posix() == folder
    names = {Path(source).relative_to(ROOT).as_posix() for source, _ in files}
    assert "resources/default_template.json" in names
    assert "resources/icons/taizhang.png" in names  # gui/app.py's window icon
    qm = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources/translations").glob("*.qm")}
    assert qm <= names and "resources/translations/taizhang_zh_CN.qm" in qm
    assert "resources/translations/taizhang_en.qm" in qm
    assert not any(n.endswith((".ts", ".ico")) for n in names)  # sources, and Windows-only


def test_the_spec_uses_the_rules():
    spec = (BUILD / "taizhang.spec").read_text(encoding="utf-8")
    for needed in (
        "rules.data_files()",
        "rules.excluded_modules()",
        "rules.prune(",
        "exclude_binaries=True",  # one folder (onedir), not one file
        "COLLECT(",
    ):
        assert needed in spec
    assert "onefile" not in spec.lower()


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqico.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/wayland-decoration-client/libbradient.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/plugins/imageformats/qpdf.dll", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so", False),
        ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", False),
        ("PySide6/Qt/plugins/wayland-decoration-client/libadwaita.so", False),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_zh_CN.qm", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/QtWidgets.abi3.so", True),
        ("resources/translations/taizhang_zh_CN.qm", True),
        ("libpython3.11.so.1.0", True),
    ],
)
def test_which_qt_files_are_kept(dest, kept):
    assert rules.keep_qt_file(dest) is kept


def test_prune_drops_what_only_dropped_plugins_need():
    binaries = [
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
        ("PySide6/QtGui.abi3.so", "/qt/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/qt/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Svg.so.6", "/qt/libQt6Svg.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/qt/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "/qt/libqsvgicon.so", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/qt/libqgtk3.so", "BINARY"),
        ("libcairo.so.2", "/usr/libcairo.so.2", "BINARY"),
        ("libfreetype.so.6", "/usr/libfreetype.so.6", "BINARY"),
        ("libssl.so.3", "/usr/libssl.so.3", "BINARY"),  # loaded by name, for TLS only
        ("libmystery.so.1", "/usr/libmystery.so.1", "BINARY"),  # nobody links it: kept
        ("opengl32sw.dll", "C:/qt/opengl32sw.dll", "BINARY"),
    ]
    links = {
        "/qt/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/qt/libQt6Gui.so.6": ["libfreetype.so.6"],
        "/qt/libqxcb.so": ["libQt6Gui.so.6"],
        "/qt/libqsvgicon.so": ["libQt6Svg.so.6", "libQt6Gui.so.6"],
        "/qt/libqgtk3.so": ["libcairo.so.2", "libfreetype.so.6"],
    }
    datas = [
        ("libQt6Svg.so.6", "PySide6/Qt/lib/libQt6Svg.so.6", "SYMLINK"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qtbase_de.qm", "/qt/qtbase_de.qm", "DATA"),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", "/qt/qtbase_zh_CN.qm", "DATA"),
    ]
    kept, kept_datas, dropped = rules.prune(binaries, datas, lambda s: links.get(s, []))
    assert [e[0] for e in kept] == [
        "libpython3.11.so.1.0",
        "PySide6/QtGui.abi3.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "libfreetype.so.6",
        "libmystery.so.1",
    ]
    assert [e[0] for e in kept_datas] == [
        "libQt6Gui.so.6",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
    ]
    assert "libQt6Svg.so.6" in dropped and "libcairo.so.2" in dropped


def test_a_library_a_kept_module_links_is_never_dropped():
    binaries = [
        ("_hashlib.so", "/py/_hashlib.so", "EXTENSION"),
        ("libcrypto.so.3", "/usr/libcrypto.so.3", "BINARY"),
    ]
    kept, _, dropped = rules.prune(
        binaries, [], lambda s: ["libcrypto.so.3"] if "hash" in s else []
    )
    assert len(kept) == 2 and dropped == []


def our_imports() -> set[str]:
    modules = set()
    for path in [ROOT / "main.py", *ROOT.glob("core/*.py"), *ROOT.glob("gui/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module)
                modules |= {f"{node.module}.{alias.name}" for alias in node.names}
    return modules


def test_nothing_the_program_imports_is_excluded():
    excluded = set(rules.excluded_modules())
    used = {m for m in our_imports() if any(m == e or m.startswith(e + ".") for e in excluded)}
    assert used == set()


def test_the_build_stops_when_our_code_imports_an_excluded_module(tmp_path):
    warnings = tmp_path / "warn.txt"
    warnings.write_text(
        "excluded module named _hashlib - imported by hashlib (optional), hmac (optional)\n"
        "excluded module named ssl - imported by http.client (optional)\n",
        encoding="utf-8",
    )
    package.check_exclusions(warnings)  # the standard library copes without them
    with warnings.open("a", encoding="utf-8") as out:
        out.write("excluded module named PySide6.QtDBus - imported by gui.tray (top-level)\n")
    with pytest.raises(SystemExit, match="gui.tray imports it"):
        package.check_exclusions(warnings)


# --- the zip, the folders, the requirements -------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links and modes are POSIX")
def test_zip_keeps_the_top_folder_executables_and_links(tmp_path):
    bundle = tmp_path / "Taizhang"
    (bundle / "_internal" / "lib").mkdir(parents=True)
    program = bundle / "Taizhang"
    program.write_bytes(b"\x7fELF")
    program.chmod(0o755)
    library = bundle / "_internal" / "lib" / "libQt6Core.so.6"
    library.write_bytes(b"qt")
    (bundle / "_internal" / "libQt6Core.so.6").symlink_to("lib/libQt6Core.so.6")
    target = rules.make_zip(bundle, tmp_path / "Taizhang-9.9.9-linux-x86_64.zip")
    with zipfile.ZipFile(target) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        assert set(infos) == {
            "Taizhang/Taizhang",
            "Taizhang/_internal/lib/libQt6Core.so.6",
            "Taizhang/_internal/libQt6Core.so.6",
        }
        assert infos["Taizhang/Taizhang"].external_attr >> 16 & 0o111
        link = infos["Taizhang/_internal/libQt6Core.so.6"]
        assert stat.S_ISLNK(link.external_attr >> 16)
        assert archive.read(link) == b"lib/libQt6Core.so.6"
    assert not (tmp_path / "Taizhang-9.9.9-linux-x86_64.zip.partial").exists()


def test_pyinstaller_work_folder_is_outside_the_source_build_folder():
    assert not package.WORK.resolve().is_relative_to(BUILD)
    assert package.DIST == ROOT / "dist"
    assert "/.build-work/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^package: .*\n\t\$\(BIN\)/python build/package.py$", makefile, re.M)
    assert "requirements-build.txt" in makefile


def test_build_requirements_are_pinned():
    lines = (ROOT / "requirements-build.txt").read_text(encoding="utf-8").splitlines()
    wanted = [line for line in lines if line.strip() and not line.startswith("#")]
    assert "-r requirements.txt" in wanted
    for line in wanted[1:]:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+(; sys_platform == \"win32\")?", line), line
    assert any(line.startswith("pyinstaller==6.") for line in wanted)


# --- icons, the Linux menu entry, the Windows installer ------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_icons_from_16_to_256_pixels_and_a_windows_icon():
    icons = ROOT / "resources" / "icons"
    assert png_size(icons / "taizhang.png") == (256, 256)
    for size in (16, 24, 32, 48, 64, 128):
        assert png_size(icons / f"taizhang-{size}.png") == (size, size)
    ico = (icons / "taizhang.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 1
    width, height = ico[6], ico[7]
    assert (width, height) == (0, 0)  # 0 means 256 in an ICO directory entry


def test_linux_menu_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "resources" / "taizhang.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == rules.APP_NAME and desktop["TryExec"] == rules.APP_NAME
    assert desktop["Name[zh_CN]"] == "科技工作台账"
    assert desktop["Icon"] == "taizhang" and desktop["Terminal"] == "false"
    assert desktop["StartupWMClass"] == rules.APP_NAME  # Qt's WM_CLASS: the application name
    assert desktop["Categories"].endswith(";")
    extras = dict((name, source) for source, name in rules.LINUX_EXTRAS)
    assert set(extras) == {"taizhang.desktop", "taizhang.png", "install.sh"}
    for source in extras.values():
        assert (ROOT / source).is_file()
    assert (BUILD / "install-linux.sh").stat().st_mode & 0o111


def test_windows_installer_is_per_user_and_leaves_the_data():
    raw = (BUILD / "installer.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads Chinese only from UTF-8 with BOM
    iss = raw.decode("utf-8-sig")
    assert "PrivilegesRequired=lowest" in iss
    assert "PrivilegesRequiredOverridesAllowed" not in iss  # never asks for admin
    assert "DefaultDirName={autopf}\\Taizhang" in iss  # %LOCALAPPDATA%\Programs\Taizhang
    assert 'Source: "..\\dist\\Taizhang\\*"' in iss
    assert 'Name: "{autoprograms}\\{#MyAppName}"' in iss
    assert 'Name: "{autodesktop}\\{#MyAppName}"' in iss
    assert '#define MyAppExe "Taizhang.exe"' in iss
    assert "[UninstallDelete]" not in iss.replace("no [UninstallDelete]", "")
    assert "{localappdata}\\Taizhang" not in iss  # the data folder is never named


def test_windows_build_script_does_what_make_package_does():
    ps1 = (BUILD / "package.ps1").read_text(encoding="ascii")  # PowerShell 5 reads ASCII safely
    assert "requirements-build.txt" in ps1 and "build\\package.py" in ps1
    assert "build\\installer.iss" in ps1
    assert f"dist\\Taizhang\\{rules.CLI_NAME}.exe" in ps1 and "--self-test" in ps1
    assert "$LASTEXITCODE" in ps1

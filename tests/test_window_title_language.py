"""The program's name in the window's title, in the language chosen (视图 → 语言).

The title bar reads "某某县科技局 — 台账.db — 科技工作台账": the platform adds the
application's display name, which was set to 科技工作台账 whatever the language, so the
English window said "某某县科技局 - 台账.db — 科技工作台账". In English it is Taizhang now,
as the program calls itself in English (About Taizhang, Welcome to Taizhang), and the boxes
the start shows before a window exists are titled the same way.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from gui import app as gui_app
from gui import i18n
from tests.under_x import x_server

ROOT = Path(__file__).resolve().parent.parent
NAMES = {"zh_CN": "科技工作台账", "en": "Taizhang"}


@pytest.fixture
def chosen(app, request):
    """The language chosen last time, as the program reads it at its start."""
    QSettings().setValue("language", request.param)
    gui_app.create_application()
    yield request.param
    QSettings().setValue("language", "zh_CN")
    gui_app.create_application()
    assert i18n.current_language() == "zh_CN"


@pytest.mark.parametrize("chosen", ["zh_CN", "en"], indirect=True)
def test_the_program_is_named_in_the_language_chosen(chosen, tmp_path, monkeypatch):
    assert QApplication.applicationDisplayName() == NAMES[chosen]
    titles = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, *_: titles.append(title))
    bogus = tmp_path / "坏.db"
    bogus.write_bytes(b"not a database at all" * 100)
    assert gui_app.open_window(bogus) is None
    assert titles == [NAMES[chosen]]


CHILD = """
import subprocess, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from gui import app as gui_app

gui_app.create_application()
QSettings().setValue("language", sys.argv[3])
gui_app.create_application()  # the language of the start, as read from the settings
window = gui_app.open_window(Path(sys.argv[2]))
window.show()
for _ in range(20):
    QApplication.processEvents()
seen = subprocess.run(["xprop", "-id", str(int(window.winId())), "_NET_WM_NAME"],
                      capture_output=True, text=True).stdout
print("TITLE", seen.strip(), flush=True)
window.quitting.take_backup = False
window.close()
window.quitting.wait()
"""


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_title_bar_of_a_real_x_server_names_the_program_so(
    tmp_path, db, db_path, data_dir, language
):
    """What the window manager is given to show, on the xcb platform under Xvfb."""
    if shutil.which("xprop") is None:
        pytest.skip("xprop is needed (apt-get install x11-utils)")
    with x_server() as env:
        run = subprocess.run(
            [sys.executable, "-c", CHILD, str(ROOT), str(db_path), language],
            env={**env, "TAIZHANG_DATA_DIR": str(data_dir)},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    title = next(line for line in run.stdout.splitlines() if line.startswith("TITLE"))
    assert title.endswith(f'— {NAMES[language]}"'), title
    other = NAMES["en" if language == "zh_CN" else "zh_CN"]
    assert other not in title, title
    assert "某某县科技局" in title and db_path.name in title, title

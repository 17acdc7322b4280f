"""Render the README's screenshots from generated sample data (offscreen).

python docs/make_screenshots.py
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The program's remembered settings (period, window size) would leak into the pictures.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="taizhang-screens-")
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))


def main() -> None:
    from bench.generate import make_database

    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "示例.db"
        today = dt.date.today()
        db, _ = make_database(db_path, 2400, dt.date(today.year - 1, 1, 1), today)
        db.close()
        subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", str(db_path),
             "--screenshot", str(OUT / "main_window.png")],
            check=True,
        )  # fmt: skip
        render_dialogs(db_path)


def render_dialogs(db_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from gui.app import create_application, open_window

    app = create_application()
    window = open_window(db_path)
    window.resize(1280, 760)
    window.show()
    window.worker.wait()
    app.processEvents()
    window.table.selectRow(0)
    dialog = window.edit_selected()
    dialog.adjustSize()
    app.processEvents()
    dialog.grab().save(str(OUT / "activity_dialog.png"))
    dialog.reject()
    export = window.export_ledger()
    export.adjustSize()
    app.processEvents()
    export.grab().save(str(OUT / "export_dialog.png"))
    export.reject()
    window.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main()

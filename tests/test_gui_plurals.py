"""The window in English counts as English does: "1 record", "2 records".

Its texts with a count are tr("%n record(s)", "", n); English, the source language, had
no translator, so the window said "1 record(s)". ``taizhang_en.qm`` (lupdate -pluralonly)
gives each its singular and plural; Chinese has one form.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from core import activities as A
from gui import i18n
from tests.conftest import wait_idle


@pytest.fixture
def english(app):
    """English chosen in 视图 → 语言, as the program reads it at its start."""
    QSettings().setValue("language", "en")
    i18n.install(app, i18n.saved_language())
    yield
    i18n.install(app, "zh_CN")


def add(db, template, title):
    t = template.type_by_name("科普讲座")
    draft = {"type_id": t.id, "date": "2026-03-05", "title": title}
    return A.add_activity(db, A.validate_activity(template, draft))


def _window(qtbot, session):
    from gui.main_window import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.period_bar.set_period(None, emit=True)  # every record shown
    wait_idle(qtbot, window)
    return window


def _closed(window) -> None:
    window.close()
    window.quitting.wait()


def test_the_status_bar_says_1_record_and_2_records(qtbot, english, session, db, template):
    add(db, template, "科普进校园")
    window = _window(qtbot, session)
    assert window.count_label.text() == "1 record"
    add(db, template, "科普进社区")
    window.refresh()
    qtbot.waitUntil(lambda: window.count_label.text() == "2 records")
    _closed(window)


def test_copying_and_deleting_say_their_counts_in_english(qtbot, english, session, db, template):
    from tests.clerk import Ctrl, Key, press

    add(db, template, "科普进校园")
    add(db, template, "科普进社区")
    window = _window(qtbot, session)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    press(qtbot, Key.Key_A, Ctrl)
    press(qtbot, Key.Key_C, Ctrl)
    assert window.statusBar().currentMessage() == "Copied 2 rows"
    window.table.selectRow(0)
    press(qtbot, Key.Key_Delete)
    wait_idle(qtbot, window)
    said = window.statusBar().currentMessage()
    assert said == "1 record moved to the recycle bin (Ctrl+Z undoes it)."
    assert window.undo_action.text() == "&Undo Delete 1 record"
    qtbot.waitUntil(lambda: window.count_label.text() == "1 record")
    _closed(window)


@pytest.mark.parametrize(
    ("context", "text", "one", "two"),
    [
        ("ExchangeImportDialog", "%n conflict(s)", "1 conflict", "2 conflicts"),
        ("TemplateHistoryDialog", "Reordered (%n item(s))", "Reordered (1 item)",
         "Reordered (2 items)"),
        ("ActivityModel", "%n evidence file(s)", "1 evidence file", "2 evidence files"),
        ("ImportDialog", "%n row(s) have problems. Nothing will be imported until the file is "
         "corrected:", "1 row has problems. Nothing will be imported until the file is "
         "corrected:", "2 rows have problems. Nothing will be imported until the file is "
         "corrected:"),
    ],
)  # fmt: skip
def test_the_counts_of_the_dialogs_in_english(english, context, text, one, two):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate(context, text, None, 1) == one
    assert QCoreApplication.translate(context, text, None, 2) == two


def test_chinese_has_one_form(qtbot, session, db, template):
    add(db, template, "科普进校园")
    window = _window(qtbot, session)
    assert window.count_label.text() == "共 1 条记录"
    add(db, template, "科普进社区")
    window.refresh()
    qtbot.waitUntil(lambda: window.count_label.text() == "共 2 条记录")
    _closed(window)

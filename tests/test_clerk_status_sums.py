"""The sums in the status bar on the screens clerks have: 1366×768 (the most common office
screen) and 1024 wide.

With every record shown the sums of the default template run to some 30 figures (3,500 px
of text); the status bar cut the last one shown in the middle (发…) and did not say how
many were out of sight. Now it shows whole sums only, as many as fit, says how many more
there are, and the tooltip lists every one (a click on the sums shows it at once).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QToolTip

from core import activities as A
from core.sample_data import generate_activities
from gui import i18n
from tests.conftest import wait_idle

SEPARATOR = "　"


@pytest.fixture
def many_sums(db, template):
    """A year of records of every type: a sum for nearly every figure of the template."""
    records = generate_activities(template, 400, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 3)
    A.add_activities(db, records)


@pytest.fixture
def fixed_font(app):
    """The font the window has on a clerk's screen, the same on every machine the test runs."""
    from gui.app import use_cjk_font

    before = QApplication.font()
    use_cjk_font(app)
    font = QApplication.font()
    font.setPointSize(9)
    QApplication.setFont(font)
    yield font
    QApplication.setFont(before)


@pytest.fixture(params=["zh_CN", "en"])
def language(request, app):
    QSettings().setValue("language", request.param)
    i18n.install(app, i18n.saved_language())
    yield request.param
    i18n.install(app, "zh_CN")


def window_at(qtbot, session, width: int):
    from gui.main_window import MainWindow

    main = MainWindow(session)
    qtbot.addWidget(main)
    main.resize(width, 768 - 40 - 30)
    main.show()
    qtbot.waitExposed(main)
    main.period_bar.set_period(None, emit=True)  # every record: the most sums
    wait_idle(qtbot, main)
    QApplication.processEvents()
    return main


def sums_of(main) -> list[str]:
    return main.totals_label.full_text().split(SEPARATOR)


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_sums_shown_are_whole_and_say_how_many_more_there_are(
    qtbot, many_sums, fixed_font, language, session, width
):
    main = window_at(qtbot, session, width)
    try:
        label = main.totals_label
        every = sums_of(main)
        assert len(every) > 20, every  # far more than any status bar holds
        shown = label.text()
        needed = label.fontMetrics().horizontalAdvance(shown)
        assert needed <= label.contentsRect().width(), (needed, label.width(), shown)
        parts = shown.split(SEPARATOR)
        whole = [part for part in parts if part in every]
        assert len(whole) >= (3 if width == 1024 else 5), shown  # the room is used
        rest = parts[len(whole) :]
        assert whole == every[: len(whole)], shown  # the first sums, none cut in the middle
        assert len(rest) == 1, shown  # then one word of how many more
        assert re.findall(r"\d+", rest[0]) == [str(len(every) - len(whole))], shown
        assert ("另" if language == "zh_CN" else "more") in rest[0], shown
        # Every sum is in the tooltip, and a click on the sums shows it at once.
        tip = label.toolTip()
        for part in every:
            name, _, value = part.rpartition(" ")
            assert name in tip and value in tip, (part, tip)
        assert not QToolTip.isVisible()
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(10, label.height() // 2))
        qtbot.waitUntil(QToolTip.isVisible)
        assert "申请资金" in QToolTip.text()
    finally:
        QToolTip.hideText()
        main.close()
        main.quitting.wait()


def test_sums_that_fit_are_shown_whole_with_nothing_more_said(
    qtbot, db, template, fixed_font, session
):
    lecture = template.type_by_name("科普讲座")
    draft = {"type_id": lecture.id, "date": "2026-03-05", "title": "讲座",
             "values": {lecture.field_by_label("听众人次").id: 1200}}  # fmt: skip
    A.add_activity(db, A.validate_activity(template, draft))
    main = window_at(qtbot, session, 1366)
    try:
        assert main.totals_label.text() == "听众人次 1,200人次"
        assert "听众人次" in main.totals_label.toolTip()
    finally:
        main.close()
        main.quitting.wait()


def test_the_sums_follow_the_window_when_it_grows(qtbot, many_sums, fixed_font, session):
    main = window_at(qtbot, session, 1024)
    try:
        narrow = main.totals_label.text().split(SEPARATOR)
        main.resize(1366, main.height())
        qtbot.waitUntil(lambda: main.totals_label.width() > 1000)
        QApplication.processEvents()
        wide = main.totals_label.text().split(SEPARATOR)
        assert len(wide) > len(narrow), (narrow, wide)
    finally:
        main.close()
        main.quitting.wait()

"""The list and the window, as a clerk uses them (issue 8, findings 9 and 10, and the
record that went to another period)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMenu

from core import activities as A
from core.collation import sort_key
from tests import clerk
from tests.clerk import Ctrl, Key, enter, press, tab_to, write
from tests.conftest import wait_idle


def add(db, template, type_name, date, title, **by_label):
    t = template.type_by_name(type_name)
    values = {t.field_by_label(k).id: v for k, v in by_label.items()}
    draft = {"type_id": t.id, "date": date, "title": title, "values": values}
    return A.add_activity(db, A.validate_activity(template, draft))


@pytest.fixture
def main(clerk_window):
    return clerk_window


def headers(window):
    model = window.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def column(window, header):
    return headers(window).index(header)


def cells(window, header):
    c = column(window, header)
    return [window.model.index(r, c).data() for r in range(window.model.rowCount())]


def click_header(qtbot, window, header):
    view = window.table.horizontalHeader()
    x = view.sectionViewportPosition(column(window, header)) + 10
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    wait_idle(qtbot, window)


def choose_in_tree(qtbot, window, name):
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    iterator = QTreeWidgetItemIterator(window.tree)
    while iterator.value():
        item = iterator.value()
        if item.text(0) == name:
            rect = window.tree.visualItemRect(item)
            qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            wait_idle(qtbot, window)
            return
        iterator += 1
    raise AssertionError(f"no {name} in the tree")


# --- finding 10: the figures in the list ---------------------------------------------


@pytest.fixture
def trainings(db, template):
    add(db, template, "科技培训班", "2026-03-01", "甲班", 参训人次=120, 发放资料=300)
    add(db, template, "科技培训班", "2026-03-02", "乙班", 参训人次=1500)
    add(db, template, "科技培训班", "2026-03-03", "丙班", 参训人次=45, 发放资料=20)
    add(db, template, "科普讲座", "2026-03-04", "讲座", 听众人次=80)


def test_one_type_shows_each_figure_as_a_sortable_number_column(
    qtbot, main, trainings, db, template
):
    choose_in_tree(qtbot, main, "科技培训班")
    assert "参训人次（人次）" in headers(main) and "发放资料（册）" in headers(main)
    figure = column(main, "参训人次（人次）")
    assert figure < column(main, "地点")  # beside the title, not the 8th column
    assert cells(main, "参训人次（人次）") == ["45", "1,500", "120"]  # newest first
    alignment = main.model.index(0, figure).data(Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & int(Qt.AlignmentFlag.AlignRight)
    click_header(qtbot, main, "参训人次（人次）")
    ascending = cells(main, "参训人次（人次）")
    click_header(qtbot, main, "参训人次（人次）")
    descending = cells(main, "参训人次（人次）")
    assert {tuple(ascending), tuple(descending)} == {("45", "120", "1,500"), ("1,500", "120", "45")}
    assert cells(main, "发放资料（册）")[descending.index("1,500")] == ""  # none given
    totals = main.totals_label.full_text()
    assert "参训人次 1,665人次" in totals and "发放资料 320册" in totals
    assert "听众人次" not in totals  # another type's figure


def test_a_section_shows_the_figures_of_its_types_blank_where_a_type_lacks_one(
    qtbot, main, trainings
):
    choose_in_tree(qtbot, main, "八、科普宣传与培训")
    assert {"参训人次（人次）", "听众人次（人次）", "发放资料（册）"} <= set(headers(main))
    by_title = dict(zip(cells(main, "活动名称"), cells(main, "听众人次（人次）"), strict=True))
    assert by_title == {"讲座": "80", "甲班": "", "乙班": "", "丙班": ""}
    click_header(qtbot, main, "听众人次（人次）")
    listened = cells(main, "听众人次（人次）")
    assert listened in (["", "", "", "80"], ["80", "", "", ""])


@pytest.mark.parametrize(
    "header",
    ["日期", "活动类型", "活动名称", "地点", "主办单位", "联合单位", "参与对象", "经办人", "备注"],
)
def test_every_column_with_a_sort_arrow_sorts(qtbot, main, db, template, header):
    names = ["中", "北", "安", "重", "阿"]
    for index, name in enumerate(names):
        t = template.types[index]
        draft = {"type_id": t.id, "date": f"2026-0{index + 1}-01", "title": name + "标题",
                 "location": name + "地", "organizer": name + "办", "partners": name + "合",
                 "audience": name + "众", "handler": name + "人", "notes": name + "注"}  # fmt: skip
        A.add_activity(db, A.validate_activity(template, draft))
    main.refresh()
    wait_idle(qtbot, main)
    click_header(qtbot, main, header)
    view = main.table.horizontalHeader()
    assert view.sortIndicatorSection() == column(main, header)
    shown = cells(main, header)
    if header == "日期":
        expected = sorted(shown)
    elif header == "活动类型":
        order = [t.name for t in template.types]
        expected = sorted(shown, key=order.index)
    else:
        expected = sorted(shown, key=sort_key)  # pinyin: 阿 安 北 中 重
    if view.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder:
        expected.reverse()
    assert shown == expected
    if header not in ("日期", "活动类型"):
        assert [s[0] for s in shown] in (list("阿安北中重"), list("重中北安阿"))


def test_a_column_that_cannot_sort_shows_no_arrow(qtbot, trainings, main):
    before = main.table.horizontalHeader().sortIndicatorSection()
    rows = cells(main, "活动名称")
    click_header(qtbot, main, "主要指标")  # all records: the figures as one line of text
    qtbot.wait(20)
    assert main.table.horizontalHeader().sortIndicatorSection() == before
    assert cells(main, "活动名称") == rows


def test_ctrl_c_copies_the_selected_rows_with_headers_as_cells(qtbot, main, trainings):
    choose_in_tree(qtbot, main, "科技培训班")
    main.table.setFocus()
    main.table.selectRow(0)
    main.table.selectionModel().select(
        main.model.index(1, 0),
        main.table.selectionModel().SelectionFlag.Select
        | main.table.selectionModel().SelectionFlag.Rows,
    )
    press(qtbot, Key.Key_C, Ctrl)
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:4] == ["日期", "活动类型", "活动名称", "参训人次（人次）"]
    assert len(lines) == 3
    first = dict(zip(lines[0].split("\t"), lines[1].split("\t"), strict=True))
    assert first["活动名称"] == "丙班" and first["参训人次（人次）"] == "45"
    second = dict(zip(lines[0].split("\t"), lines[2].split("\t"), strict=True))
    assert second["参训人次（人次）"] == "1500"  # a number the spreadsheet can sum


def test_a_right_click_offers_the_row_actions(qtbot, trainings, main):
    rect = main.table.visualRect(main.model.index(0, 2))
    main.table.customContextMenuRequested.emit(rect.center())
    menu = main.row_menu
    assert isinstance(menu, QMenu)
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    for wanted in ("编辑", "复制为新记录", "删除", "复制所选行"):
        assert any(t.startswith(wanted) for t in texts), texts
    assert main.selected_ids() == [main.model.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)]
    menu.close()


# --- finding 9: the window fits the screen ---------------------------------------------


@pytest.mark.parametrize(
    ("width", "height", "maximised"),
    [(1366, 728, True), (1024, 728, True), (1280, 680, True), (1920, 1040, False)],
)
def test_the_first_window_fits_the_screen(qtbot, session, width, height, maximised):
    from gui.main_window import MainWindow

    QSettings().remove("main/geometry")
    window = MainWindow(session)
    qtbot.addWidget(window)
    available = QRect(0, 0, width, height)
    window.fit_to_screen(available)
    assert window.open_maximized is maximised
    window.setGeometry(available if maximised else window.geometry())
    window.show()
    qtbot.waitExposed(window)
    assert window.width() <= width and window.height() <= height
    assert window.minimumSizeHint().width() <= width
    search = window.search_edit
    right = search.mapTo(window, QPoint(search.width(), 0)).x()
    assert right <= window.width()  # the search box is on screen
    status = window.statusBar()
    assert status.isVisible() and status.mapTo(window, QPoint(0, status.height())).y() <= height
    _close(window)


def _close(window) -> None:
    """Closed as the program closes it: the quit backup, then the file."""
    window.close()
    window.quitting.wait()


def test_a_remembered_place_is_used_only_where_it_still_fits(qtbot, session):
    from gui.main_window import MainWindow

    first = MainWindow(session)
    qtbot.addWidget(first)
    first.setGeometry(QRect(5000, 4000, 1280, 760))  # a screen that is gone
    QSettings().setValue("main/geometry", first.saveGeometry())
    first.worker.wait()
    first.quitting.take_backup = False  # still open for the next window: not closed here
    again = MainWindow(session)
    qtbot.addWidget(again)
    screen = again.screen().availableGeometry()
    assert screen.contains(again.geometry().topLeft())
    assert again.width() <= screen.width() and again.height() <= screen.height()
    assert isinstance(QSettings().value("main/geometry"), QByteArray)
    again.worker.wait()
    again.quitting.take_backup = False


# --- a record saved outside the period on screen is not lost from sight -----------------


def test_a_record_saved_into_another_period_says_where_it_went(qtbot, main, db):
    from core.periods import Period
    from gui.activity_dialog import ActivityDialog

    main.period_bar.set_period(Period("quarter", 2026, 4), emit=True)
    wait_idle(qtbot, main)
    main.table.setFocus()
    press(qtbot, Key.Key_N, Ctrl)
    clerk.wait_dialog(qtbot, ActivityDialog)
    write(qtbot, "科普讲座")
    tab_to(qtbot, "日期")
    write(qtbot, "2027-01-15")
    tab_to(qtbot, "活动名称")
    write(qtbot, "新年讲座")
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(main.saved_notice.isVisible)
    assert "已保存到 2027年第一季度" in main.saved_notice.text()
    assert "新年讲座" not in cells(main, "活动名称")
    main.saved_notice.linkActivated.emit("show")
    wait_idle(qtbot, main)
    assert main.period_bar.period() == Period("quarter", 2027, 1)
    assert (
        main.selected_ids()
        and cells(main, "活动名称")[main.table.currentIndex().row()] == "新年讲座"
    )
    assert A.get_activity(db, main.selected_ids()[0]).date == dt.date(2027, 1, 15)


def test_an_import_into_other_periods_says_where_its_records_went(qtbot, main, db, tmp_path):
    """The clerk is on 2026 Q4 and imports last spring's records: the list shows none of
    them, so the status bar says how many came and where, and takes the clerk there."""
    from core.periods import Period, range_period

    main.period_bar.set_period(Period("quarter", 2026, 4), emit=True)
    wait_idle(qtbot, main)
    path = tmp_path / "春季.csv"
    path.write_text("日期,活动类型,活动名称\n2026-03-05,科普讲座,春季讲座\n"
                    "2026-05-06,科普讲座,五月讲座\n", encoding="utf-8-sig")  # fmt: skip
    clerk.open_import(qtbot, main, path)
    enter(qtbot)
    wait_idle(qtbot, main)
    qtbot.waitUntil(main.saved_notice.isVisible)
    assert "已导入 2 条记录。 在2026年3月5日至5月6日。" in main.saved_notice.text()
    main.saved_notice.linkActivated.emit("show")
    wait_idle(qtbot, main)
    assert main.period_bar.period() == range_period(dt.date(2026, 3, 5), dt.date(2026, 5, 6))
    assert sorted(cells(main, "活动名称")) == ["五月讲座", "春季讲座"]
    assert len(main.selected_ids()) == 2
    # imported where the list looks: said in the status bar, nothing to go to
    again = tmp_path / "四季度.csv"
    again.write_text("日期,活动类型,活动名称\n2026-03-20,科普讲座,又一讲座\n", encoding="utf-8")
    clerk.open_import(qtbot, main, again)
    enter(qtbot)
    wait_idle(qtbot, main)
    assert not main.saved_notice.isVisible()
    assert main.statusBar().currentMessage() == "已导入 1 条记录。"
    assert "又一讲座" in cells(main, "活动名称")


def test_a_new_window_is_no_bigger_than_the_screen_it_opens_on(qtbot, session):
    from gui.main_window import MainWindow

    QSettings().remove("main/geometry")
    window = MainWindow(session)  # tests run on Qt's offscreen screen of 800 × 800
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()
    _close(window)


def test_the_figure_columns_are_as_wide_as_their_headings(qtbot, clerk_window, template):
    """参训人次（人次）, 听众人次（人次）, 参与人次（人次） side by side read 训人次（人次）,
    众人次（人次）, 与人: a clerk could not tell them apart."""
    window = clerk_window
    section = next(s for s in template.sections if s.name == "八、科普宣传与培训")
    tree = window.tree
    item = next(
        tree.topLevelItem(0).child(i) for i in range(tree.topLevelItem(0).childCount())
        if tree.topLevelItem(0).child(i).text(0) == section.name
    )  # fmt: skip
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: any(c.numeric for c in window.model.columns))
    metrics = window.table.horizontalHeader().fontMetrics()
    for index, column in enumerate(window.model.columns):
        if column.numeric:
            assert window.table.columnWidth(index) >= metrics.horizontalAdvance(column.header)


def test_from_the_search_box_down_or_enter_goes_to_the_first_result(
    qtbot, clerk_window, db, template
):
    """Ctrl+F, 培训, Enter or Down did nothing; Esc did not clear the box."""
    from core import activities as A

    window = clerk_window
    for title in ("春季培训班", "科普讲座进校园", "秋季培训班"):
        t = template.type_by_name("科技培训班")
        A.add_activity(db, A.validate_activity(template, {"type_id": t.id, "date": "2026-03-05",
                                                          "title": title}))  # fmt: skip
    window.refresh()
    for key in (Key.Key_Down, Key.Key_Return):
        window.table.setFocus()
        press(qtbot, Key.Key_F, Ctrl)
        assert clerk.focus() is window.search_edit
        clerk.clear_field(qtbot)
        write(qtbot, "培训")
        press(qtbot, key)
        assert clerk.focus() is window.table
        [chosen] = window.selected_ids()
        assert "培训" in A.get_activity(db, chosen).title
        assert window.model.rowCount() == 2
    press(qtbot, Key.Key_F, Ctrl)
    press(qtbot, Key.Key_Escape)
    assert window.search_edit.text() == ""
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)


def test_a_search_typed_just_before_closing_is_not_read_from_the_closed_file(
    qtbot, main, monkeypatch
):
    """Typed, then Ctrl+Q within the search's short delay: the search ran afterwards, on
    the closed file ("Cannot operate on a closed database"; in a test run, once a crash
    in the message box it raised over the window gone)."""
    from PySide6.QtWidgets import QMessageBox

    from gui.main_window import SEARCH_DELAY_MS

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[2]))
    press(qtbot, Key.Key_F, Ctrl)
    write(qtbot, "培训")
    press(qtbot, Key.Key_Q, Ctrl)
    main.quitting.wait()
    assert not main.isVisible()
    qtbot.wait(SEARCH_DELAY_MS * 3)  # the search would have run by now
    assert said == []


def test_the_search_box_finds_a_title_pasted_with_zero_width_characters(qtbot, main, db, template):
    """零宽 found nothing where the title, pasted from WeChat, was 零\u200b宽 (invisible)."""
    pasted = add(db, template, "科普讲座", "2026-03-05", "零\u200b宽讲座")
    add(db, template, "科普讲座", "2026-03-06", "零点讲座")
    main.refresh()
    for term in ("零宽", "零\u200b宽"):  # typed, or pasted from the same message
        press(qtbot, Key.Key_F, Ctrl)
        assert clerk.focus() is main.search_edit
        clerk.clear_field(qtbot)
        write(qtbot, term)
        enter(qtbot)
        qtbot.waitUntil(lambda: main.model.rowCount() == 1)
        assert clerk.focus() is main.table
        assert main.selected_ids() == [pasted.id]
        assert cells(main, "活动名称") == ["零\u200b宽讲座"]  # shown as stored
        press(qtbot, Key.Key_F, Ctrl)
        press(qtbot, Key.Key_Escape)  # both records back before the next search
        qtbot.waitUntil(lambda: main.model.rowCount() == 2)


def test_after_delete_the_next_record_is_selected_and_the_window_says_where_it_went(
    qtbot, clerk_window, db, template
):
    """Nothing stayed selected after Delete: deleting three in a row took a click each."""
    from core import activities as A

    window = clerk_window
    t = template.type_by_name("科普讲座")
    for day in (1, 2, 3):
        A.add_activity(db, A.validate_activity(template, {"type_id": t.id, "title": f"讲座{day}",
                                                          "date": f"2026-03-0{day}"}))  # fmt: skip
    window.refresh()
    shown = [window.model.index(r, 2).data() for r in range(3)]
    window.table.selectRow(0)
    press(qtbot, Key.Key_Delete)
    wait_idle(qtbot, window)
    assert "回收站" in window.statusBar().currentMessage()
    [chosen] = window.selected_ids()
    assert A.get_activity(db, chosen).title == shown[1]
    press(qtbot, Key.Key_Delete)  # and on, without a click
    wait_idle(qtbot, window)
    [chosen] = window.selected_ids()
    assert A.get_activity(db, chosen).title == shown[2]


class _Cells(__import__("html.parser").parser.HTMLParser):
    """The cells of an HTML table, with the style of each."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell, self._style = [], None, ""

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell, self._style = "", dict(attrs).get("style", "")
        elif tag == "br" and self._cell is not None:
            self._cell += "\n"

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag == "td":
            self.rows[-1].append((self._cell, self._style))
            self._cell = None


def test_copied_rows_paste_as_what_is_stored(qtbot, main, db, template):
    """Ctrl+C made a tab or a line break in a cell a space and gave =1+2 raw (the
    spreadsheet then ran it); a title in quotes lost them when pasted."""
    import csv
    import io

    add(db, template, "科技培训班", "2026-03-01", "=1+2", 参训人次=120)
    a = add(db, template, "科技培训班", "2026-03-02", '"双引号"班', 参训人次=1500)
    A.update_activity(db, a.id, A.validate_activity(template, {
        "type_id": a.type_id, "date": "2026-03-02", "title": '"双引号"班',
        "location": "甲村\t乙村\n丙村", "values": a.values}))  # fmt: skip
    main.refresh()
    choose_in_tree(qtbot, main, "科技培训班")
    main.table.setFocus()
    main.table.selectAll()
    press(qtbot, Key.Key_C, Ctrl)
    data = QApplication.clipboard().mimeData()
    rows = list(csv.reader(io.StringIO(data.text()), delimiter="\t"))
    by_title = {r[2]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert set(by_title) == {"=1+2", '"双引号"班'}
    assert by_title['"双引号"班']["地点"] == "甲村\t乙村\n丙村"
    # the spreadsheets take the HTML: text cells marked as text, figures as numbers
    table = _Cells()
    table.feed(data.html())
    header = [text for text, _ in table.rows[0]]
    cells = {row[2][0]: dict(zip(header, row, strict=True)) for row in table.rows[1:]}
    formula = cells["=1+2"]["活动名称"]
    assert formula[0] == "=1+2" and "mso-number-format" in formula[1]
    assert cells['"双引号"班']["地点"][0] == "甲村\t乙村\n丙村"
    figure = cells["=1+2"]["参训人次（人次）"]
    assert figure[0] == "120" and "mso-number-format" not in figure[1]


# --- tester's L7: a date range in the 日期 column ------------------------------------


def _shown_whole(window, row: int, col: int) -> bool:
    """The cell's text fits the room Qt gives it: no ellipsis (2026-11-2…)."""
    table = window.table
    index = window.model.index(row, col)
    text = index.data()
    room = table.visualRect(index).width() - 2 * (
        table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    )
    return table.fontMetrics().horizontalAdvance(text) <= room


def test_a_date_range_is_shown_whole_in_the_list_at_1366(qtbot, session, db, template):
    """A record with an end date showed as 2026-11-2… (the column is one date wide, to leave
    主要指标 room at 125 % and 150 %: it widens for the range only where one is shown)."""
    from gui.main_window import MainWindow

    t = template.type_by_name("科技培训班")
    draft = {"type_id": t.id, "date": "2026-11-20", "end_date": "2026-11-21", "title": "两天的培训"}
    A.add_activity(db, A.validate_activity(template, draft))
    add(db, template, "科普讲座", "2026-11-05", "讲座", 听众人次=80)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.setGeometry(QRect(0, 0, 1366, 728))
    window.show()
    qtbot.waitExposed(window)
    window.period_bar.set_period(None, emit=True)
    wait_idle(qtbot, window)
    date = column(window, "日期")
    assert cells(window, "日期") == ["2026-11-20 ~ 2026-11-21", "2026-11-05"]
    assert _shown_whole(window, 0, date), window.table.columnWidth(date)
    # the next column still starts on screen, next to it
    assert window.table.columnViewportPosition(column(window, "活动名称")) < window.table.width()
    _close(window)


def test_without_a_range_the_date_column_stays_one_date_wide(qtbot, main, db, template):
    add(db, template, "科普讲座", "2026-11-05", "讲座", 听众人次=80)
    main.refresh()
    wait_idle(qtbot, main)
    table = main.table
    date = column(main, "日期")
    assert _shown_whole(main, 0, date)
    assert table.columnWidth(date) <= table.fontMetrics().horizontalAdvance("2026-09-30") + 40


def test_a_range_on_a_later_page_widens_the_column_when_it_comes_into_the_list(
    qtbot, main, db, template
):
    from gui.activity_model import PAGE

    t = template.type_by_name("科技培训班")
    draft = {"type_id": t.id, "date": "2026-01-05", "end_date": "2026-01-06", "title": "最早的"}
    A.add_activity(db, A.validate_activity(template, draft))
    for n in range(PAGE + 10):
        add(db, template, "科普讲座", f"2026-{n % 11 + 2:02d}-{n % 28 + 1:02d}", f"讲座{n}")
    main.refresh()
    wait_idle(qtbot, main)
    date = column(main, "日期")
    assert main.model.rowCount() == PAGE and _shown_whole(main, 0, date)
    main.table.setFocus()
    for _ in range(5):  # to the end of the list: it reads the next page as it gets there
        press(qtbot, Key.Key_End, Ctrl)
        if main.model.rowCount() == PAGE + 11:
            break
        press(qtbot, Key.Key_PageDown)
    assert main.model.rowCount() == PAGE + 11
    assert main.model.index(PAGE + 10, date).data() == "2026-01-05 ~ 2026-01-06"
    assert _shown_whole(main, PAGE + 10, date)

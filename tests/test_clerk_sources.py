"""Where each record comes from, as a county clerk sees it (issue 12): the 填报单位 column,
the tree's 按单位 filter with the period and the search, and who made each change."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTreeWidgetItemIterator

from core import activities as A
from core import exchange, settings
from core.bureau_file import open_bureau
from core.collation import sort_key
from core.periods import Period
from tests import clerk
from tests.clerk import Ctrl, Key, press, write
from tests.conftest import wait_idle


@pytest.fixture
def main(clerk_window):
    return clerk_window


def add(db, template, title, date, type_name="科技培训班"):
    t = template.type_by_name(type_name)
    draft = {"type_id": t.id, "date": date, "title": title}
    return A.add_activity(db, A.validate_activity(template, draft))


def township(tmp_path, template, unit, staff, titles):
    """A township's own file, its records sent to the county as an exchange package."""
    path = tmp_path / f"{unit}.db"
    town = open_bureau(path, create=True)
    settings.set_settings(town, **{settings.UNIT: unit, settings.STAFF: staff})
    for title, date in titles:
        add(town, template, title, date)
    package = exchange.export_package(town, tmp_path / f"{unit}.tzpkg", everything=True).path
    town.close()
    return package


@pytest.fixture
def county(qtbot, main, db, db_path, template, tmp_path):
    """The county's file: its own two records and the packages of two townships."""
    add(db, template, "县级科技培训班", "2026-02-10")
    add(db, template, "县级果树培训", "2026-05-10")
    for unit, staff, titles in (
        ("胡集镇", "李四", [("胡集果树培训", "2026-03-01"), ("胡集电商培训", "2026-03-02"),
                            ("胡集夏季培训", "2026-05-01")]),
        ("石桥镇", "王五", [("石桥果树培训", "2026-03-03")]),
    ):  # fmt: skip
        package = township(tmp_path, template, unit, staff, titles)
        exchange.import_package(db, exchange.read_package(package), db_path, backup=False)
    main.refresh()
    wait_idle(qtbot, main)
    return db


def tree_item(window, text, under=None):
    iterator = QTreeWidgetItemIterator(window.tree)
    while iterator.value():
        item = iterator.value()
        parent = item.parent()
        if item.text(0) == text and (under is None or (parent and parent.text(0) == under)):
            return item
        iterator += 1
    return None


def click_item(qtbot, window, item):
    window.tree.scrollToItem(item)
    rect = window.tree.visualItemRect(item)
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_idle(qtbot, window)


def column_cells(window, header):
    model = window.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    c = headers.index(header)
    return [model.index(r, c).data() for r in range(model.rowCount())]


def shown_ids(window):
    return {window.model.activity(r).id for r in range(window.model.rowCount())}


def ids_in_db(db, **query):
    return {a.id for a in A.iter_activities(db, A.ActivityQuery(limit=1000, **query))}


def test_by_unit_lists_each_unit_with_its_count_and_shows_only_its_rows(qtbot, main, county):
    branch = tree_item(main, "按单位")
    assert branch is not None
    units = [branch.child(i).text(0) for i in range(branch.childCount())]
    assert units == ["胡集镇", "某某县科技局", "石桥镇"]  # pinyin: hu, mou, shi
    counts = {branch.child(i).text(0): branch.child(i).text(1) for i in range(branch.childCount())}
    assert counts == {"胡集镇": "3", "石桥镇": "1", "某某县科技局": "2"}
    click_item(qtbot, main, tree_item(main, "胡集镇", under="按单位"))
    assert shown_ids(main) == ids_in_db(county, source_unit="胡集镇") and len(shown_ids(main)) == 3
    assert set(column_cells(main, "填报单位")) == {"胡集镇"}
    assert "共 3 条记录" in main.count_label.text()
    click_item(qtbot, main, tree_item(main, "全部记录"))  # and back to every unit's
    assert len(shown_ids(main)) == 6
    assert set(column_cells(main, "填报单位")) == {"胡集镇", "石桥镇", "某某县科技局"}


def test_a_unit_combines_with_the_period_and_the_search(qtbot, main, county):
    main.period_bar.set_period(Period("quarter", 2026, 1), emit=True)
    wait_idle(qtbot, main)
    unit = tree_item(main, "胡集镇", under="按单位")
    assert unit.text(1) == "2"  # its count follows the period: two in the first quarter
    click_item(qtbot, main, unit)
    q1 = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 3, 31)}
    assert shown_ids(main) == ids_in_db(county, source_unit="胡集镇", **q1)
    press(qtbot, Key.Key_F, Ctrl)
    write(qtbot, "果树")
    qtbot.waitUntil(lambda: main.model.query.text == "果树")
    wait_idle(qtbot, main)
    expected = ids_in_db(county, source_unit="胡集镇", text="果树", **q1)
    assert shown_ids(main) == expected and len(expected) == 1
    assert [main.model.activity(0).title] == ["胡集果树培训"]
    assert tree_item(main, "石桥镇", under="按单位").text(1) == "1"  # 石桥果树培训


def test_a_file_of_one_unit_shows_no_unit_column_and_no_branch(qtbot, main, db, template):
    add(db, template, "本局培训", "2026-03-01")
    main.refresh()
    wait_idle(qtbot, main)
    assert tree_item(main, "按单位") is None
    headers = [main.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(main.model.columnCount())]  # fmt: skip
    assert "填报单位" not in headers


def test_the_unit_column_sorts_in_pinyin_order(qtbot, main, county):
    header = main.table.horizontalHeader()
    model = main.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    x = header.sectionViewportPosition(headers.index("填报单位")) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    wait_idle(qtbot, main)
    shown = column_cells(main, "填报单位")
    expected = sorted(shown, key=sort_key)  # 胡 hu, 某 mou, 石 shi
    if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder:
        expected.reverse()
    assert shown == expected and len(set(shown)) == 3


def test_the_history_says_which_unit_and_who_made_each_change(qtbot, main, county):
    from gui.history_dialog import HistoryDialog

    click_item(qtbot, main, tree_item(main, "石桥镇", under="按单位"))
    main.table.setFocus()
    main.table.selectRow(0)
    press(qtbot, Key.Key_H, Ctrl)
    dialog = clerk.wait_dialog(qtbot, HistoryDialog)
    first = dialog.tree.topLevelItem(dialog.tree.topLevelItemCount() - 1).text(0)
    assert "石桥镇" in first and "王五" in first and "新增" in first
    dialog.done(0)


def test_a_unit_whose_records_all_go_to_the_bin_leaves_the_branch(qtbot, main, county):
    click_item(qtbot, main, tree_item(main, "石桥镇", under="按单位"))
    main.table.setFocus()
    main.table.selectRow(0)
    press(qtbot, Key.Key_Delete)
    wait_idle(qtbot, main)
    assert A.count_by_unit(county) == {"胡集镇": 3, "某某县科技局": 2}
    qtbot.waitUntil(lambda: tree_item(main, "石桥镇", under="按单位") is None)
    assert main.tree.current_unit() is None  # back to all records, not an empty list
    assert len(shown_ids(main)) == 5
    assert A.count_by_unit(county, deleted=True) == {"石桥镇": 1}
    press(qtbot, Key.Key_Z, Ctrl)
    wait_idle(qtbot, main)
    assert tree_item(main, "石桥镇", under="按单位").text(1) == "1"


def test_unit_counts_match_the_database_for_a_period_and_a_search(qtbot, main, county, template):
    from gui.section_tree import unit_counts

    q1 = A.ActivityQuery(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), text="培训")
    counted = dict(unit_counts(county, q1, template))
    for unit, count in counted.items():
        same = A.ActivityQuery(source_unit=unit, start=q1.start, end=q1.end, text="培训")
        expected = A.count_activities(county, same)
        assert count == expected
    assert counted == {"胡集镇": 2, "某某县科技局": 1, "石桥镇": 1}


def test_the_export_unit_comes_back_after_a_quarter_without_records(qtbot, main, county):
    """第三季度 has no record: the 填报单位 list holds 全部单位 alone. Back on 第一季度 the
    unit stuck on 全部单位, the clerk's own choice (or the file's own unit) lost."""
    from gui.export_dialog import ExportDialog
    from tests.test_clerk_export_log import choose_quarter

    press(qtbot, Key.Key_E, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ExportDialog)
    choose_quarter(qtbot, dialog, "第一季度")
    units = clerk.field(dialog, "填报单位")
    assert units.currentText() == "某某县科技局"  # the file's own unit, at first
    clerk.tab_to(qtbot, "填报单位")
    press(qtbot, Key.Key_Up)  # the list is in pinyin order: 胡集镇 before 某某县科技局
    assert units.currentText() == "胡集镇"

    choose_quarter(qtbot, dialog, "第三季度")
    assert units.currentText() == "全部单位" and not units.isEnabled()
    choose_quarter(qtbot, dialog, "第一季度")
    assert units.currentText() == "胡集镇"  # the clerk's choice is back
    choose_quarter(qtbot, dialog, "第二季度")  # 胡集镇 has records there too
    assert units.currentText() == "胡集镇"
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_export_unit_is_the_files_own_when_the_dialog_opens_on_an_empty_quarter(
    qtbot, main, county
):
    from gui.export_dialog import ExportDialog
    from tests.test_clerk_export_log import choose_quarter

    press(qtbot, Key.Key_E, Ctrl)
    dialog = clerk.wait_dialog(qtbot, ExportDialog)
    choose_quarter(qtbot, dialog, "第三季度")
    units = clerk.field(dialog, "填报单位")
    assert units.currentText() == "全部单位"
    choose_quarter(qtbot, dialog, "第一季度")
    assert units.currentText() == "某某县科技局"
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())

"""The template editor played as a clerk: clicks on the tree, keys to the focused widget,
fields found by the label beside them; results read from the database."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from core import activities as A
from core.template import load_template
from tests.conftest import type_text, wait_idle


def open_editor(qtbot, window):
    editor = window.edit_template()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def field(editor, label):
    """The input beside the visible label ``label``."""
    labels = [w for w in editor.findChildren(QLabel) if w.text() == label and w.isVisible()]
    assert len(labels) == 1, (label, [w.text() for w in editor.findChildren(QLabel)])
    return labels[0].buddy()


def click_item(qtbot, editor, uid):
    item = editor.item_of(uid)
    editor.tree.scrollToItem(item)
    rect = editor.tree.visualItemRect(item)
    qtbot.mouseClick(editor.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.tree.currentItem() is item


def retype(qtbot, widget, text):
    """Click into a line, select what it holds, type over it, press Enter."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    focused = QApplication.focusWidget()
    assert focused is widget
    qtbot.keyClick(focused, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(focused, text)
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def choose_last(qtbot, box):
    """Tab into a drop-down and press End: its last entry, as the keyboard chooses it."""
    box.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)


def undo(qtbot, window, editor):
    qtbot.keyClick(editor.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)


def stored(db):
    return load_template(db)


def test_rename_a_section_and_undo(qtbot, window, db, template):
    editor = open_editor(qtbot, window)
    section = template.sections[7]
    assert section.name == "八、科普宣传与培训"
    click_item(qtbot, editor, section.uid)
    retype(qtbot, field(editor, "名称"), "八、科普与培训")
    wait_idle(qtbot, window)
    assert stored(db).sections[7].name == "八、科普与培训"
    assert window.session.template.sections[7].name == "八、科普与培训"
    assert window.tree._section_items[section.id].text(0) == "八、科普与培训"
    assert "八、科普与培训" in editor.item_of(section.uid).text(0)
    undo(qtbot, window, editor)
    assert stored(db).sections[7].name == "八、科普宣传与培训"
    assert editor.item_of(section.uid).text(0) == "八、科普宣传与培训"


def test_add_a_type_with_two_fields_set_a_breakdown_and_undo_each(qtbot, window, db, template):
    editor = open_editor(qtbot, window)
    office = template.sections[9]
    click_item(qtbot, editor, office.uid)
    editor.add_type_button.click()
    wait_idle(qtbot, window)
    assert QApplication.focusWidget() is field(editor, "名称")  # the new name, ready to type
    retype(qtbot, field(editor, "名称"), "党建活动")
    wait_idle(qtbot, window)
    editor.add_field_button.click()
    wait_idle(qtbot, window)
    retype(qtbot, field(editor, "名称"), "参加人数")
    retype(qtbot, field(editor, "单位"), "人")
    wait_idle(qtbot, window)
    editor.add_field_button.click()
    wait_idle(qtbot, window)
    retype(qtbot, field(editor, "名称"), "形式")
    choose_last(qtbot, field(editor, "类型"))  # 选项: it waits for its options
    assert QApplication.focusWidget() is field(editor, "选项")
    type_text(QApplication.focusWidget(), "集中学习、主题党日")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    party = stored(db).type_by_name("党建活动")
    assert party.section_id == office.id and party.count_unit == "次"
    assert [(f.label, f.unit, f.kind) for f in party.fields] == [
        ("参加人数", "人", "integer"),
        ("形式", "", "choice"),
    ]
    assert party.fields[1].options == ("集中学习", "主题党日")
    # the breakdown, and the preview of its 汇总 rows
    # the preview follows the form before anything is saved
    click_item(qtbot, editor, party.fields[0].uid)
    unit = field(editor, "单位")
    qtbot.mouseClick(unit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(unit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(QApplication.focusWidget(), "名")
    assert [editor.preview.item(i).text() for i in range(2)] == ["次数（次）", "参加人数（名）"]
    assert stored(db).type_by_name("党建活动").fields[0].unit == "人"
    retype(qtbot, unit, "人")
    click_item(qtbot, editor, party.uid)
    choose_last(qtbot, field(editor, "分项统计"))
    wait_idle(qtbot, window)
    party = stored(db).type_by_name("党建活动")
    assert party.breakdown_field.label == "形式"
    preview = [editor.preview.item(i).text() for i in range(editor.preview.count())]
    assert preview == [
        "次数（次）", "　　其中：集中学习（次）", "　　其中：主题党日（次）",
        "参加人数（人）", "　　其中：集中学习（人）", "　　其中：主题党日（人）",
    ]  # fmt: skip
    # each step undoes alone, newest first
    undo(qtbot, window, editor)
    assert stored(db).type_by_name("党建活动").breakdown_by is None
    undo(qtbot, window, editor)
    assert stored(db).type_by_name("党建活动").fields[1].kind == "integer"
    for _ in range(5):  # 形式 named, added; 单位, 参加人数 named, added
        undo(qtbot, window, editor)
    assert [f.label for f in stored(db).type_by_name("党建活动").fields] == []
    undo(qtbot, window, editor)
    assert stored(db).types_by_id[party.id].name == "新活动类型"
    undo(qtbot, window, editor)
    assert party.id not in stored(db).types_by_id
    assert [t.name for t in stored(db).sections[9].types] == ["学习会议"]


def test_archive_a_type_with_records_and_undo(qtbot, window, db, template):
    lecture = template.type_by_name("科普讲座")
    draft = {"type_id": lecture.id, "date": "2026-03-01", "title": "讲座"}
    A.add_activity(db, A.validate_activity(template, draft))
    editor = open_editor(qtbot, window)
    click_item(qtbot, editor, lecture.uid)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    after = stored(db)
    assert after.type(lecture.id).archived and not after.is_active(lecture.id)
    assert not window.session.template.is_active(lecture.id)
    assert "（停用）" in editor.item_of(lecture.uid).text(0)
    assert window.tree._type_items[lecture.id].text(0) == "科普讲座（停用）"
    assert editor.restore_button.isEnabled()
    undo(qtbot, window, editor)
    assert stored(db).is_active(lecture.id)
    assert window.tree._type_items[lecture.id].text(0) == "科普讲座"


def test_move_a_type_up_with_the_keyboard_and_undo(qtbot, window, db, template):
    editor = open_editor(qtbot, window)
    section = template.sections[0]
    second = section.types[1]
    click_item(qtbot, editor, second.uid)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert [t.name for t in stored(db).sections[0].types] == ["项目立项", "项目申报"]
    undo(qtbot, window, editor)
    assert [t.name for t in stored(db).sections[0].types] == ["项目申报", "项目立项"]


def test_a_refused_kind_change_names_its_records(qtbot, window, db, template):
    training = template.type_by_name("科技培训班")
    people = training.field_by_label("参训人次")
    for title in ("春季培训", "秋季培训"):
        draft = {"type_id": training.id, "date": "2026-03-01", "title": title,
                 "values": {people.id: 50}}  # fmt: skip
        A.add_activity(db, A.validate_activity(template, draft))
    editor = open_editor(qtbot, window)
    click_item(qtbot, editor, people.uid)
    choose_last(qtbot, field(editor, "类型"))
    type_text(QApplication.focusWidget(), "甲、乙")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(editor, "refusal", None) is not None)
    assert "2 条记录" in editor.refusal.text() and "春季培训" in editor.refusal.text()
    assert "秋季培训" in editor.refusal.detailedText()
    editor.refusal.done(0)
    wait_idle(qtbot, window)
    assert stored(db).fields_by_id[people.id].kind == "integer"
    assert window.undo_stack.count() == 0
    assert field(editor, "类型").currentText() == "整数"  # the form shows what is stored


def test_template_menu_and_workbook_round_trip(qtbot, window, db, tmp_path):
    menus = {a.text(): a.menu() for a in window.menuBar().actions() if a.menu()}
    assert "设置(&S)" in menus
    texts = [a.text() for a in menus["设置(&S)"].actions() if a.text()]
    assert texts[:3] == ["台账模板(&T)…", "导出模板(&X)…", "导入模板(&M)…"]
    path = tmp_path / "模板.xlsx"
    window.export_template(str(path))
    wait_idle(qtbot, window)
    assert path.exists() and str(path) in window.template_export_box.text()
    window.template_export_box.done(0)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["板块"]["B2"] = "一、科技项目管理"
    wb.save(path)
    window.import_template(str(path))
    wait_idle(qtbot, window)
    box = window.template_import_box
    assert "改名 1 项" in box.text()
    # what will change is said in the box, not only behind 显示详情
    assert box.informativeText() == "改名 板块“一、科技项目” → “一、科技项目管理”"
    box.button(box.StandardButton.Ok).click()
    wait_idle(qtbot, window)
    assert stored(db).sections[0].name == "一、科技项目管理"
    window.undo_stack.undo()
    wait_idle(qtbot, window)
    assert stored(db).sections[0].name == "一、科技项目"


# --- dragging in the tree -----------------------------------------------------------------
# A real drag needs the platform's drag and drop: on the offscreen platform QDrag.exec
# returns at once (measured: startDrag is reached from a real press and two moves, then
# nothing). There the drag is played as Qt's own item-view tests do: a real press on the
# dragged item, then the enter / move / drop events Qt would deliver at the target's real
# position, with the mime data the view's model makes for the dragged item. Under X
# (QT_QPA_PLATFORM=xcb xvfb-run -a pytest tests/test_gui_template_editor.py) the same
# tests drive a real drag: press, move, release on the window, the drop inside QDrag.exec.


def drag_to(qtbot, editor, uid, target_uid):
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.platformName() == "offscreen":
        _drop_events(qtbot, editor, uid, target_uid)
    else:
        _real_drag(qtbot, editor, uid, target_uid)


def _drop_events(qtbot, editor, uid, target_uid):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    tree = editor.tree
    click_item(qtbot, editor, uid)  # the press that starts a drag selects the item
    mime = tree.model().mimeData([tree.indexFromItem(editor.item_of(uid))])
    target = tree.visualItemRect(editor.item_of(target_uid)).center()
    move = Qt.DropAction.MoveAction
    buttons, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    # Handed to the view as its viewport's events reach it (QApplication refuses to deliver
    # a drop that no drag of its own announced; Qt's view accepts enter and move only from
    # a drag it started itself, which this is not, and takes the drop all the same).
    for event in (
        QDragEnterEvent(target, move, mime, buttons, none),
        QDragMoveEvent(target, move, mime, buttons, none),
        QDropEvent(QPointF(target), move, mime, buttons, none),
    ):
        tree.viewportEvent(event)


def _real_drag(qtbot, editor, uid, target_uid):
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtTest import QTest

    tree, top = editor.tree, editor.window()
    window = top.windowHandle()
    tree.scrollToItem(editor.item_of(uid))

    def at(item_uid):
        rect = tree.visualItemRect(editor.item_of(item_uid))
        return tree.viewport().mapTo(top, rect.center())

    start, end = at(uid), at(target_uid)
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    released = []

    def move_and_release():  # runs inside QDrag.exec, started by the second move below
        for step in range(1, 6):
            QTest.mouseMove(window, start + (end - start) * step / 5)
        QTest.mouseRelease(window, left, none, end)
        released.append(True)

    QTest.mousePress(window, left, none, start)
    QTimer.singleShot(200, move_and_release)
    QTest.mouseMove(window, start + QPoint(0, 2))
    QTest.mouseMove(window, start + QPoint(0, QApplication.startDragDistance() + 5))
    qtbot.waitUntil(lambda: bool(released), timeout=3000)


def test_drag_a_type_among_its_siblings_and_undo(qtbot, window, db, template):
    editor = open_editor(qtbot, window)
    training = template.sections[7]
    names = [t.name for t in training.types]
    assert names[:3] == ["科技培训班", "科普讲座", "科技下乡"]
    drag_to(qtbot, editor, training.types[2].uid, training.types[0].uid)  # 科技下乡 to the top
    wait_idle(qtbot, window)
    moved = ["科技下乡", "科技培训班", "科普讲座", *names[3:]]
    assert [t.name for t in stored(db).sections[7].types] == moved
    section_item = editor.item_of(training.uid)
    assert [section_item.child(i).text(0) for i in range(3)] == moved[:3]
    assert editor.tree.currentItem() is editor.item_of(training.types[2].uid)
    # and the keys: Ctrl+Down takes it back down one place
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert [t.name for t in stored(db).sections[7].types][:3] == [
        "科技培训班",
        "科技下乡",
        "科普讲座",
    ]
    undo(qtbot, window, editor)
    assert [t.name for t in stored(db).sections[7].types] == moved
    undo(qtbot, window, editor)
    assert [t.name for t in stored(db).sections[7].types] == names


def test_drag_a_field_onto_another_types_field_moves_nothing(qtbot, window, db, template):
    editor = open_editor(qtbot, window)
    training = template.type_by_name("科技培训班")
    lecture = template.type_by_name("科普讲座")
    before = [(f.type_id, f.position) for f in stored(db).fields_by_id.values()]
    drag_to(qtbot, editor, training.fields[0].uid, lecture.fields[0].uid)
    wait_idle(qtbot, window)
    assert [(f.type_id, f.position) for f in stored(db).fields_by_id.values()] == before
    assert window.undo_stack.count() == 0


# --- a type into another section ---------------------------------------------------------


def _type_rows(db, name):
    from core.ledger import compute_ledger
    from core.periods import parse_period

    template = stored(db)
    found = {}
    for code in ("2025", "2026Q1", "2026"):
        ledger = compute_ledger(db, template, parse_period(code))
        found[code] = [(f.section, f.indicator, f.current) for f in ledger.figures
                       if f.type_name == name]  # fmt: skip
    return found


def test_move_a_type_to_another_section_and_undo(qtbot, window, db, template):
    import datetime as dt

    from core.sample_data import generate_activities

    data = generate_activities(template, 600, dt.date(2025, 1, 1), dt.date(2026, 6, 30), seed=9)
    stored_records = A.add_activities(db, data)
    lecture = template.type_by_name("科普讲座")
    listener = lecture.field_by_label("听众人次")
    editor = open_editor(qtbot, window)
    click_item(qtbot, editor, lecture.uid)
    box = field(editor, "板块")
    assert box.currentText() == "八、科普宣传与培训"
    choose_last(qtbot, box)  # the keyboard's End: the last section
    wait_idle(qtbot, window)
    after = stored(db)
    assert after.section_of(lecture.id).name == "十一、科技奖励"
    assert [t.name for t in after.sections[10].types] == ["科技奖励", "科普讲座"]
    assert editor.item_of(lecture.uid).parent() is editor.item_of(template.sections[10].uid)
    assert window.tree._type_items[lecture.id].parent().text(0).startswith("十一、科技奖励")
    rows = _type_rows(db, "科普讲座")
    for code, (first, last) in (("2025", ("2025-01-01", "2025-12-31")),
                                ("2026Q1", ("2026-01-01", "2026-03-31")),
                                ("2026", ("2026-01-01", "2026-12-31"))):  # fmt: skip
        start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        mine = [a for a in stored_records if a.type_id == lecture.id and start <= a.date <= end]
        listeners = sum(a.values.get(listener.id, 0) for a in mine)
        assert mine, code
        assert rows[code] == [("十一、科技奖励", "场次", len(mine)),
                              ("十一、科技奖励", "听众人次", listeners)]  # fmt: skip
    undo(qtbot, window, editor)
    assert stored(db).section_of(lecture.id).name == "八、科普宣传与培训"
    names = [t.name for t in template.sections[7].types]
    assert [t.name for t in stored(db).sections[7].types] == names
    assert {r[0] for code in rows for r in _type_rows(db, "科普讲座")[code]} == {
        "八、科普宣传与培训"
    }


def fold_all_but(editor, uids):
    from gui.template_editor import UID_ROLE

    for index in range(editor.tree.topLevelItemCount()):
        item = editor.tree.topLevelItem(index)
        item.setExpanded(item.data(0, UID_ROLE) in uids)


def test_drag_a_type_onto_another_section(qtbot, window, db, template):
    editor = open_editor(qtbot, window)
    talk = template.type_by_name("座谈会")
    office = template.sections[9]
    keep = (template.sections[3].uid, office.uid)  # both in sight, as a clerk would fold
    fold_all_but(editor, keep)
    drag_to(qtbot, editor, talk.uid, office.uid)
    wait_idle(qtbot, window)
    assert [t.name for t in stored(db).sections[9].types] == ["学习会议", "座谈会"]
    fold_all_but(editor, keep)
    drag_to(qtbot, editor, talk.uid, office.types[0].uid)  # onto 学习会议: before it
    wait_idle(qtbot, window)
    assert [t.name for t in stored(db).sections[9].types] == ["座谈会", "学习会议"]
    undo(qtbot, window, editor)
    undo(qtbot, window, editor)
    assert stored(db).section_of(talk.id).name == "四、产学研合作与成果转化"


# --- standing indicators in the editor ----------------------------------------------------


def test_rename_an_indicator_change_its_aggregation_and_undo(qtbot, window, db, template):
    hightech = template.sections[1].indicators[0]
    assert hightech.name == "高新技术企业总数"
    editor = open_editor(qtbot, window)
    item = editor.item_of(hightech.uid)
    assert item.parent() is editor.item_of(template.sections[1].uid)
    assert item.text(0) == "统计指标：高新技术企业总数（家，期末）"
    click_item(qtbot, editor, hightech.uid)
    retype(qtbot, field(editor, "名称"), "国家高新技术企业总数")
    wait_idle(qtbot, window)
    box = field(editor, "汇总方式")
    box.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Home)  # 累计
    wait_idle(qtbot, window)
    now = stored(db).sections[1].indicators[0]
    assert (now.id, now.name, now.aggregation) == (hightech.id, "国家高新技术企业总数", "sum")
    undo(qtbot, window, editor)
    undo(qtbot, window, editor)
    now = stored(db).sections[1].indicators[0]
    assert (now.name, now.aggregation) == ("高新技术企业总数", "last")


# --- the template's history ----------------------------------------------------------------


def test_template_history_says_when_who_and_what(qtbot, window, db, template):
    import datetime as dt

    editor = open_editor(qtbot, window)
    section = template.sections[7]
    people = template.type_by_name("科技培训班").field_by_label("参训人次")
    click_item(qtbot, editor, section.uid)
    retype(qtbot, field(editor, "名称"), "八、科普与培训")
    wait_idle(qtbot, window)
    click_item(qtbot, editor, people.uid)
    retype(qtbot, field(editor, "单位"), "人")
    wait_idle(qtbot, window)
    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    dialog = editor.history_dialog
    qtbot.waitExposed(dialog)
    tree = dialog.tree
    heads = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    today = dt.date.today().isoformat()
    assert heads == [
        f"{heads[0][:16]}  张三  修改 指标“参训人次”",
        f"{heads[1][:16]}  张三  改名 板块“八、科普与培训”",
    ]
    assert all(h.startswith(today) for h in heads)
    unit = tree.topLevelItem(0)
    assert [[unit.child(i).text(c) for c in range(3)] for i in range(unit.childCount())] == [
        ["单位", "人次", "人"]
    ]
    name = tree.topLevelItem(1)
    rows = [[name.child(i).text(c) for c in range(3)] for i in range(name.childCount())]
    assert rows == [["名称", "八、科普宣传与培训", "八、科普与培训"]]
    dialog.done(0)
    # a move: said once, with the places it gave the types after it in one line
    lecture = template.type_by_name("科普讲座")
    click_item(qtbot, editor, lecture.uid)
    choose_last(qtbot, field(editor, "板块"))
    wait_idle(qtbot, window)
    tree = editor.show_history().tree
    heads = [tree.topLevelItem(i).text(0)[16:] for i in range(tree.topLevelItemCount())]
    later = len(template.sections[7].types) - 2  # the types below 科普讲座 move up one
    assert heads == [
        "  张三  移动 活动类型“科普讲座”",
        f"  张三  调整顺序（{later} 项）",
        "  张三  修改 指标“参训人次”",
        "  张三  改名 板块“八、科普与培训”",
    ]
    moved = tree.topLevelItem(0)
    assert [moved.child(0).text(c) for c in range(3)] == [
        "板块",
        "八、科普与培训",
        "十一、科技奖励",
    ]
    order = tree.topLevelItem(1)
    assert [order.child(0).text(c) for c in range(3)] == ["“科技下乡”的顺序", "3", "2"]
    editor.history_dialog.done(0)


def test_a_section_previews_the_summary_rows_of_its_types(qtbot, window, db, template):
    """Clicking a section showed an empty preview; it lists each type, then its rows."""
    editor = open_editor(qtbot, window)
    section = next(s for s in template.sections if s.name == "八、科普宣传与培训")
    click_item(qtbot, editor, section.uid)
    shown = [editor.preview.item(i).text() for i in range(editor.preview.count())]
    names = [t.name for t in section.types]
    assert [line for line in shown if line in names] == names  # each type, in order
    lecture = shown.index("科普讲座")
    assert [line.strip() for line in shown[lecture + 1 : lecture + 3]] == [
        "场次（场）",
        "听众人次（人次）",
    ]
    editor.close()


def test_undo_and_redo_are_offered_only_when_there_is_something_to_undo(
    qtbot, window, db, template
):
    editor = open_editor(qtbot, window)
    assert not editor.undo_button.isEnabled() and not editor.redo_button.isEnabled()
    section = template.sections[0]
    click_item(qtbot, editor, section.uid)
    retype(qtbot, field(editor, "名称"), "一、科技项目管理")
    wait_idle(qtbot, window)
    qtbot.waitUntil(editor.undo_button.isEnabled)
    assert not editor.redo_button.isEnabled()
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(editor.redo_button.isEnabled)
    assert stored(db).sections[0].name == section.name
    editor.close()


def test_ctrl_z_in_a_name_box_with_nothing_of_its_own_undoes_the_template_step(
    qtbot, window, db, template
):
    """The hint under the boxes promises 按 Ctrl+Z 可撤销; after Enter the box holds no
    edit of its own, yet it kept the key, and nothing happened."""
    editor = open_editor(qtbot, window)
    section = template.sections[7]
    click_item(qtbot, editor, section.uid)
    name = field(editor, "名称")
    retype(qtbot, name, "八、科普与培训")
    wait_idle(qtbot, window)
    assert stored(db).sections[7].name == "八、科普与培训"
    focused = QApplication.focusWidget()
    assert focused is name and not name.isUndoAvailable()

    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)

    assert stored(db).sections[7].name == "八、科普宣传与培训"


def test_a_name_another_type_has_is_refused_with_a_word_after_enter(qtbot, window, db, template):
    """Renaming a type to a name another type has, then Enter: the name went back as it
    was without a word (with Tab, the refusal was said)."""
    training = template.type_by_name("科技培训班")
    editor = open_editor(qtbot, window)
    click_item(qtbot, editor, training.uid)
    retype(qtbot, field(editor, "名称"), "科普讲座")
    qtbot.waitUntil(lambda: getattr(editor, "refusal", None) is not None, timeout=3000)
    qtbot.waitUntil(editor.refusal.isVisible, timeout=3000)
    qtbot.wait(300)  # still there once the key is let go and the events have run
    assert editor.refusal.isVisible() and "不止一次" in editor.refusal.text()
    editor.refusal.done(0)
    wait_idle(qtbot, window)
    assert stored(db).type(training.id).name == "科技培训班"


def test_after_a_delete_the_next_item_is_current_where_it_was(qtbot, window, db, template):
    """Deleting a field (no record has it) put the tree back at its top, nothing selected
    where the clerk was working."""
    patents = template.type_by_name("专利统计")  # low in the tree, eight fields
    doomed, after_it = patents.fields[5], patents.fields[6]
    editor = open_editor(qtbot, window)
    click_item(qtbot, editor, doomed.uid)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    assert stored(db).fields_by_id.get(doomed.id) is None
    assert editor.tree.currentItem() is editor.item_of(after_it.uid)
    rect = editor.tree.visualItemRect(editor.tree.currentItem())
    assert editor.tree.viewport().rect().contains(rect.center())  # in sight


def test_a_long_template_import_lists_its_first_changes_and_says_how_many_more(
    qtbot, window, db, tmp_path
):
    import openpyxl

    path = tmp_path / "模板.xlsx"
    window.export_template(str(path))
    wait_idle(qtbot, window)
    window.template_export_box.done(0)
    wb = openpyxl.load_workbook(path)
    renamed = 0
    for sheet in ("板块", "活动类型"):
        for row in wb[sheet].iter_rows(min_row=2, max_row=8):
            row[1 if sheet == "板块" else 2].value += "（新）"
            renamed += 1
    wb.save(path)
    window.import_template(str(path))
    wait_idle(qtbot, window)
    box = window.template_import_box
    shown = box.informativeText().split("\n")
    assert renamed == 14 and len(shown) == 13
    assert all(line.startswith("改名 ") for line in shown[:12])
    assert shown[12] == "……另有 2 项（见“显示详情”）"
    assert len(box.detailedText().split("\n")) == 14
    box.done(0)


def test_a_refused_template_import_says_all_its_problems_in_the_box(qtbot, window, db, tmp_path):
    """The box said 拒绝 7 项 (the template's own refusals) where the command line listed 11
    problems (the sheets' too), and showed none of them until 显示详情."""
    import openpyxl

    from core import template_book

    path = tmp_path / "模板.xlsx"
    window.export_template(str(path))
    wait_idle(qtbot, window)
    window.template_export_box.done(0)
    wb = openpyxl.load_workbook(path)
    wb["活动类型"].append([None, "没有这个板块", "新类型", "次", None, None, None])
    wb["指标"].append([None, "科技培训班", "新指标", None, "日期", None, None, None])
    wb["指标"].append([None, "科技培训班", "参训人次", "人次", "整数", None, None, None])
    wb.save(path)
    expected = template_book.plan_template_import(db, path).problems
    assert len(expected) >= 3
    window.import_template(str(path))
    wait_idle(qtbot, window)
    box = window.template_import_box
    assert f"{len(expected)} 处问题" in box.text() + box.informativeText()
    assert box.informativeText().split("\n") == expected[:12]
    box.done(0)


# --- another program changes the template while the editor is open -------------------------


def _renamed_elsewhere(db, index, name):
    """Another program (the command line's ``template import``, another window: its own
    connection to the file) renames a section."""
    from core import template_edit

    spec = template_edit.spec_of(load_template(db))
    spec[index].name = name
    template_edit.change_template(db, spec)


def _warnings(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def _ctrl(qtbot, window, key):
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)


def test_an_undo_in_the_editor_leaves_another_programs_template_change(
    qtbot, window, db, template, monkeypatch
):
    """The editor's undo wrote back its whole template as it was before its step: a
    section another program renamed meanwhile lost its new name without a word."""
    said = _warnings(monkeypatch)
    editor = open_editor(qtbot, window)
    click_item(qtbot, editor, template.sections[7].uid)
    retype(qtbot, field(editor, "名称"), "八、科普与培训")
    wait_idle(qtbot, window)
    _renamed_elsewhere(db, 2, "三、别处改的名称")
    window.ops.notice_changes_elsewhere()
    wait_idle(qtbot, window)
    _ctrl(qtbot, window, Qt.Key.Key_Z)
    assert [s.name for s in (stored(db).sections[2], stored(db).sections[7])] == [
        "三、别处改的名称", "八、科普与培训"
    ]  # fmt: skip
    assert said and "无法撤销" in said[-1] and "模板" in said[-1]
    # The step stays: once the other change is taken back, it can be undone.
    _renamed_elsewhere(db, 2, template.sections[2].name)
    window.ops.notice_changes_elsewhere()
    wait_idle(qtbot, window)
    qtbot.waitUntil(editor.undo_button.isEnabled)
    _ctrl(qtbot, window, Qt.Key.Key_Z)
    assert stored(db).sections[7].name == "八、科普宣传与培训"


def test_a_redo_in_the_editor_leaves_another_programs_template_change(
    qtbot, window, db, template, monkeypatch
):
    said = _warnings(monkeypatch)
    editor = open_editor(qtbot, window)
    click_item(qtbot, editor, template.sections[7].uid)
    retype(qtbot, field(editor, "名称"), "八、科普与培训")
    wait_idle(qtbot, window)
    _ctrl(qtbot, window, Qt.Key.Key_Z)
    assert stored(db).sections[7].name == "八、科普宣传与培训"
    _renamed_elsewhere(db, 2, "三、别处改的名称")
    window.ops.notice_changes_elsewhere()
    wait_idle(qtbot, window)
    _ctrl(qtbot, window, Qt.Key.Key_Y)
    assert stored(db).sections[2].name == "三、别处改的名称"
    assert stored(db).sections[7].name == "八、科普宣传与培训"
    assert said and "无法重做" in said[-1]


def test_a_change_made_on_a_template_changed_elsewhere_since_is_refused(
    qtbot, window, db, template, monkeypatch
):
    """The editor sends its whole template: typed before it had seen another program's
    change (it looks every few seconds), its step wrote that change away."""
    said = _warnings(monkeypatch)
    editor = open_editor(qtbot, window)
    click_item(qtbot, editor, template.sections[7].uid)
    _renamed_elsewhere(db, 2, "三、别处改的名称")  # not noticed yet
    retype(qtbot, field(editor, "名称"), "八、科普与培训")
    wait_idle(qtbot, window)
    assert stored(db).sections[2].name == "三、别处改的名称"
    assert stored(db).sections[7].name == "八、科普宣传与培训"
    assert said and "别处" in said[-1]
    # The editor shows the template as it is now, and the clerk's next try lands.
    qtbot.waitUntil(lambda: "三、别处改的名称" in editor.item_of(template.sections[2].uid).text(0))
    click_item(qtbot, editor, template.sections[7].uid)
    retype(qtbot, field(editor, "名称"), "八、科普与培训")
    wait_idle(qtbot, window)
    assert stored(db).sections[7].name == "八、科普与培训"
    assert stored(db).sections[2].name == "三、别处改的名称"


def test_steps_typed_before_the_last_one_landed_are_made_from_it(
    qtbot, window, db, template, monkeypatch
):
    """The editor's view after a step is that step's outcome, not yet read from the file
    (a type with records removed is archived there, absent from the view): a second step
    typed before the first landed is made from what the first left, and lands too."""
    import threading

    from gui.operations import OpChanges

    said = _warnings(monkeypatch)
    lecture = template.type_by_name("科普讲座")
    A.add_activity(db, A.validate_activity(template, {"type_id": lecture.id,
                   "date": "2026-03-01", "title": "讲座"}))  # fmt: skip
    editor = open_editor(qtbot, window)
    held = threading.Event()
    window.ops.run(lambda _db: held.wait(30), OpChanges(), writes=False)  # the worker busy
    click_item(qtbot, editor, lecture.uid)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    click_item(qtbot, editor, template.sections[7].uid)
    retype(qtbot, field(editor, "名称"), "八、科普与培训")
    held.set()
    wait_idle(qtbot, window)
    assert not said
    assert stored(db).type(lecture.id).archived
    assert stored(db).sections[7].name == "八、科普与培训"
    _ctrl(qtbot, window, Qt.Key.Key_Z)
    _ctrl(qtbot, window, Qt.Key.Key_Z)
    assert not said
    assert stored(db).is_active(lecture.id)
    assert stored(db).sections[7].name == "八、科普宣传与培训"


def test_an_older_step_is_not_undone_over_a_change_made_elsewhere_between_two_steps(
    qtbot, window, db, template, monkeypatch
):
    """Step one, another program's change (seen by the editor), step two: undoing step
    two gives back what the other program left, and undoing step one would write that
    change away, so it is refused."""
    said = _warnings(monkeypatch)
    editor = open_editor(qtbot, window)
    click_item(qtbot, editor, template.sections[7].uid)
    retype(qtbot, field(editor, "名称"), "八、科普与培训")
    wait_idle(qtbot, window)
    _renamed_elsewhere(db, 2, "三、别处改的名称")
    window.ops.notice_changes_elsewhere()
    wait_idle(qtbot, window)
    click_item(qtbot, editor, template.sections[6].uid)
    retype(qtbot, field(editor, "名称"), "七、农村科技")
    wait_idle(qtbot, window)
    assert not said
    _ctrl(qtbot, window, Qt.Key.Key_Z)
    assert not said
    assert stored(db).sections[6].name == template.sections[6].name
    _ctrl(qtbot, window, Qt.Key.Key_Z)
    assert said and "无法撤销" in said[-1]
    assert stored(db).sections[2].name == "三、别处改的名称"
    assert stored(db).sections[7].name == "八、科普与培训"

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
    box.button(box.StandardButton.Ok).click()
    wait_idle(qtbot, window)
    assert stored(db).sections[0].name == "一、科技项目管理"
    window.undo_stack.undo()
    wait_idle(qtbot, window)
    assert stored(db).sections[0].name == "一、科技项目"

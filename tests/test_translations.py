"""Chinese first: every tr() text is translated, and the shipped .qm matches the .ts."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "taizhang_zh_CN.ts"
QM = TS.with_suffix(".qm")
# English: the source texts, but for the plurals of those with a count (lupdate -pluralonly).
EN_TS = ROOT / "resources" / "translations" / "taizhang_en.ts"
BIN = Path(sys.executable).parent


def _tool(name):
    path = BIN / name
    if not path.exists():
        pytest.skip(f"{name} is not installed beside this Python")
    return str(path)


def test_every_text_in_the_gui_is_translated(tmp_path):
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "gui").glob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-ts", str(copy)], check=True,
                   capture_output=True)  # fmt: skip
    text = copy.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "a tr() text has no Chinese translation yet"
    for empty in ("<name></name>", "<name/>", "<name />"):
        assert empty not in text, "a tr() call that lupdate cannot place in a class"


def test_every_tr_literal_finds_its_chinese_in_the_shipped_qm(qapp):
    """As the running program looks a text up: by the class it is in. lupdate skips a
    tr() written inside an f-string, so the 导入交换包 conflict view said “(unknown)”."""
    import ast

    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(QM))
    missing = []

    class Calls(ast.NodeVisitor):
        def __init__(self) -> None:
            self.classes: list[str] = []

        def visit_ClassDef(self, node) -> None:  # noqa: N802
            self.classes.append(node.name)
            self.generic_visit(node)
            self.classes.pop()

        def visit_Call(self, node) -> None:  # noqa: N802
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            literal = [a.value for a in node.args[:2] if isinstance(a, ast.Constant)]
            if name == "tr" and node.args and isinstance(node.args[0], ast.Constant):
                context, text = (self.classes or ["?"])[-1], node.args[0].value
                plural = len(node.args) >= 3
                if not translator.translate(context, text, None, 1 if plural else -1):
                    missing.append((path.name, node.lineno, context, text))
            elif (
                name == "translate"
                and len(literal) == 2
                and not translator.translate(literal[0], literal[1])
            ):
                missing.append((path.name, node.lineno, literal[0], literal[1]))
            self.generic_visit(node)

    for path in sorted((ROOT / "gui").glob("*.py")):
        Calls().visit(ast.parse(path.read_text(encoding="utf-8")))
    assert missing == []


@pytest.mark.parametrize("ts", [TS, EN_TS], ids=["zh_CN", "en"])
def test_shipped_qm_is_built_from_the_ts(tmp_path, ts):
    built = tmp_path / "built.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(built)], check=True,
                   capture_output=True)  # fmt: skip
    assert built.read_bytes() == ts.with_suffix(".qm").read_bytes(), "run `make translations`"


def test_every_text_with_a_count_has_its_english_plural(tmp_path):
    """Every tr("…%n…", "", n) of the window: its singular and its plural in English."""
    import xml.etree.ElementTree as ET

    copy = tmp_path / EN_TS.name
    shutil.copy(EN_TS, copy)
    sources = sorted(str(p) for p in (ROOT / "gui").glob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-ts", str(copy), "-pluralonly"],
                   check=True, capture_output=True)  # fmt: skip
    text = copy.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "run `make translations`, then fill in the forms"
    root = ET.fromstring(text)
    assert root.get("language") == "en"
    messages = root.findall(".//message")
    assert len(messages) >= 38
    for message in messages:
        assert message.get("numerus") == "yes"
        source = message.findtext("source")
        one, other = [f.text or "" for f in message.findall("translation/numerusform")]
        assert "%n" in other and "(s)" not in one + other, source
        assert one != other or "more" in source, source  # "… and %n more" is the same


def test_every_text_with_a_count_is_counted_in_the_source(tmp_path):
    """A count put into a text by hand (%1) gets no plural: it is a %n."""
    import re

    counted = re.compile(r"\(s\)|\b(?:records?|files?|rows?|items?|conflicts?)\b")
    by_hand = []
    for path in sorted((ROOT / "gui").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"%1 (\w+)", source):
            if counted.match(match.group(1)) or "(s)" in source[match.end() : match.end() + 3]:
                by_hand.append((path.name, match.group(0)))
    # Attach %1 files: two or more (one file is said by its name, Attach “%1”).
    assert by_hand == [("attachments_view.py", "%1 files")]


def test_window_speaks_chinese(window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "设置(&S)", "帮助(&H)"]
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "日期"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() in ("取消", "取消(&C)")


def test_qt_file_dialog_speaks_chinese_where_qtbase_has_no_text_yet(window, qtbot, tmp_path):
    """Qt 6 added mnemonics to the file dialog's labels (&Look in:) and moved its file
    types to another context, which qtbase_zh_CN does not translate yet: on Linux desktops
    (UOS, Kylin) the clerk sees Qt's own dialog."""
    from PySide6.QtWidgets import QFileDialog, QLabel, QTreeView

    (tmp_path / "签到表").mkdir()
    dialog = QFileDialog(window, "导入", str(tmp_path), "表格文件 (*.xlsx *.csv)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"查找范围(&L)：", "文件类型(&T)：", "文件名称(&N)："} <= labels
    view = dialog.findChild(QTreeView)
    model = view.model()

    def folder_row_shown():
        assert model.rowCount(view.rootIndex()) == 1

    qtbot.waitUntil(folder_row_shown)
    assert model.index(0, 2, view.rootIndex()).data() == "文件夹"
    dialog.reject()

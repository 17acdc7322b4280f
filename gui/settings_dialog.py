"""填报单位 and 填报人: asked on first run, changed later from 文件 → 填报单位和填报人."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from gui.forms import Form, button_box, labelled


class SettingsDialog(Form):
    def __init__(
        self, unit: str, staff: str, parent: QWidget | None = None, first_run: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Welcome to Taizhang") if first_run else self.tr("Bureau and staff")
        )
        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(
                self.tr(  # two lines, broken after the sentence, not inside “文件”
                    "Please enter your bureau and your name.\nThey appear on every exported "
                    "ledger and can be changed later under File."
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        self.unit_edit = QLineEdit(unit)
        self.unit_edit.setPlaceholderText(self.tr("e.g. 某某县科学技术局"))
        self.staff_edit = QLineEdit(staff)
        self.staff_edit.setPlaceholderText(self.tr("e.g. 张三"))
        form = QFormLayout()
        form.addRow(labelled(self.tr("Bureau (填报单位)"), self.unit_edit), self.unit_edit)
        form.addRow(labelled(self.tr("Staff member (填报人)"), self.staff_edit), self.staff_edit)
        layout.addLayout(form)
        self.buttons, self.ok_button = button_box(self, self.tr("OK"))
        self.ok_button.clicked.connect(self.accept)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.unit_edit.textChanged.connect(self._update_ok)
        self._update_ok()
        self.mark_clean()
        self.unit_edit.setFocus()

    def snapshot(self) -> object:
        return (self.unit_name(), self.staff_name())

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.unit_name()))

    def unit_name(self) -> str:
        return self.unit_edit.text().strip()

    def staff_name(self) -> str:
        return self.staff_edit.text().strip()

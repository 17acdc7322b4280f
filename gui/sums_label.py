"""The sums of the records shown, in the status bar (申请资金 3,534.28万元　争取资金 …).

With every record shown, the default template's figures run to some 30 sums, 3,500 px of
text: no status bar holds them, at 1366 px (the common office screen) nor at 1920. So the
label shows whole sums only, as many as fit its width, then says how many more there are
(…另 23 项合计); a sum is never cut in the middle (发…), where a clerk could not read it.
Every sum is in the tooltip, in columns, and a click on the sums shows it at once. With a
section or a type chosen there are few sums, and they all fit.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip

SEPARATOR = "　"  # an ideographic space between two sums
TIP_ROWS = 15  # rows of one column of the tooltip: 30 sums make two columns


class SumsLabel(QLabel):
    """One line: the first sums that fit, whole, and how many more; all in the tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self._sums: list[tuple[str, str]] = []  # (label, value with its unit)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMinimumWidth(40)
        # Its width is what the status bar has left; its text is fitted to that.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Sums"))

    def set_sums(self, sums: list[tuple[str, str]]) -> None:
        self._sums = list(sums)
        self.setToolTip(self._tip())
        self.setAccessibleDescription(self.full_text())
        self._fit()

    def full_text(self) -> str:
        """Every sum on one line, as the label would show them with room enough."""
        return SEPARATOR.join(f"{label} {value}" for label, value in self._sums)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """A click shows every sum at once, where hovering waits a moment. On the release,
        kept here: a tooltip goes at any press or release of a button it sees after it."""
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.toolTip():
            QToolTip.showText(self.mapToGlobal(QPoint(0, 0)), self.toolTip(), self, self.rect())
            event.accept()

    def _fit(self) -> None:
        texts = [f"{label} {value}" for label, value in self._sums]
        metrics = self.fontMetrics()
        room = self.contentsRect().width()
        line = ""
        count = len(texts)
        while count >= 0:
            hidden = len(texts) - count
            line = SEPARATOR.join(texts[:count])
            if hidden:
                line = f"{line}{SEPARATOR}{self._more(hidden)}" if line else self._more(hidden)
            if count == 0 or metrics.horizontalAdvance(line) <= room:
                break
            count -= 1
        if metrics.horizontalAdvance(line) > room:  # not even the word of how many fits
            line = metrics.elidedText(line, Qt.TextElideMode.ElideRight, room)
        self.setText(line)

    def _more(self, count: int) -> str:
        return self.tr("… %n more sum(s)", "", count)

    def _tip(self) -> str:
        """Every sum, its name left and its value right, in columns of TIP_ROWS."""
        if not self._sums:
            return ""
        columns = -(-len(self._sums) // TIP_ROWS)
        rows = -(-len(self._sums) // columns)
        cells = []
        for row in range(rows):
            line = []
            for column in range(columns):
                index = column * rows + row
                if index >= len(self._sums):
                    break
                label, value = self._sums[index]
                gap = "<td width='18'></td>" if column else ""
                line.append(
                    f"{gap}<td style='white-space:pre'>{html.escape(label)}</td>"
                    f"<td align='right' style='white-space:pre'>&nbsp;{html.escape(value)}</td>"
                )
            cells.append("<tr>" + "".join(line) + "</tr>")
        heading = html.escape(self.tr("Sums of the records in the list"))
        return f"<b>{heading}</b><table cellspacing='0' cellpadding='1'>{''.join(cells)}</table>"

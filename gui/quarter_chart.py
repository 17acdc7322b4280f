"""A row's four quarters, this year against last year, as small bars in a table cell (the
汇总 on screen, and its printed pages). Plain QPainter: QtCharts is not in
PySide6-Essentials, and a few rectangles need no chart library."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyledItemDelegate

from core.quarter_figures import QuarterSeries

QUARTERS_ROLE = Qt.ItemDataRole.UserRole + 2
THIS_YEAR = QColor("#3b78c2")
LAST_YEAR = QColor("#b9c3cf")
NOT_REPORTED = QColor("#8c8c8c")
CURRENT_BACKGROUND = QColor(59, 120, 194, 28)


def paint_quarters(painter: QPainter, rect: QRect, series: QuarterSeries, current: int = 0) -> None:
    """Four pairs of bars (last year's lighter, on the left), scaled to the row's largest
    value, on one baseline; ``current``: the quarter (1–4) of the period, shaded."""
    across, down = max(2.0, rect.width() * 0.02), max(3.0, rect.height() * 0.14)
    area = QRectF(rect).adjusted(across, down, -across, -down)
    if area.width() < 16 or area.height() < 6:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.PenStyle.NoPen)
    group = area.width() / 4
    margin = max(group * 0.14, 1.5)  # between quarters
    inner = max(group * 0.04, 1.0)  # between last year's bar and this year's
    bar = (group - 2 * margin - inner) / 2
    largest = series.largest
    baseline = area.bottom()
    for index in range(4):
        left = area.left() + index * group + margin
        if index + 1 == current:
            painter.fillRect(QRectF(area.left() + index * group, area.top(), group,
                                    area.height()), CURRENT_BACKGROUND)  # fmt: skip
        pairs = ((series.last_year[index], LAST_YEAR), (series.this_year[index], THIS_YEAR))
        for offset, (value, colour) in enumerate(pairs):
            x = left + offset * (bar + inner)
            if value is None:  # not reported: a short grey stub, distinct from 0
                painter.fillRect(QRectF(x + bar / 4, baseline - 2, bar / 2, 2), NOT_REPORTED)
                continue
            height = 0.0 if not largest else area.height() * abs(value) / largest
            if value and height < 1.5:
                height = 1.5  # a value above 0 always shows
            painter.fillRect(QRectF(x, baseline - height, bar, height), colour)
    painter.setPen(QColor("#9aa5b1"))
    painter.drawLine(QPointF(area.left(), baseline), QPointF(area.right(), baseline))
    painter.restore()


class QuarterChartDelegate(QStyledItemDelegate):
    """Paints the cell's ``QUARTERS_ROLE`` series over its usual background."""

    def __init__(self, parent=None, current_quarter=lambda: 0) -> None:
        super().__init__(parent)
        self.current_quarter = current_quarter

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)  # the row's background and the selection
        series = index.data(QUARTERS_ROLE)
        if series is not None:
            paint_quarters(painter, option.rect, series, self.current_quarter())


def legend_html(last_year: str, this_year: str, shaded: str) -> str:
    """The key under the table: the two colours, and what the shaded quarter is."""
    return (
        f'<span style="color:{LAST_YEAR.name()}">■</span> {last_year}　'
        f'<span style="color:{THIS_YEAR.name()}">■</span> {this_year}　{shaded}'
    )


def paint_legend(painter: QPainter, rect: QRect, last_year: str, this_year: str) -> None:
    """The two colours and their names, right-aligned in ``rect`` (a printed page)."""
    painter.save()
    metrics = painter.fontMetrics()
    box = metrics.height() * 0.7
    x = rect.right()
    for text, colour in ((this_year, THIS_YEAR), (last_year, LAST_YEAR)):
        width = metrics.horizontalAdvance(text)
        x -= width
        place = QRect(int(x), rect.top(), width + 2, rect.height())
        painter.drawText(
            place, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text
        )
        x -= box * 1.4
        top = rect.top() + (rect.height() - box) / 2
        painter.fillRect(QRectF(x, top, box, box), colour)
        x -= box * 1.2
    painter.restore()

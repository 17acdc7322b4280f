"""Draw the program's icon with Qt: resources/icons/taizhang*.png (16 to 256 pixels) and .ico.

    QT_QPA_PLATFORM=offscreen .venv/bin/python build/make_icons.py

taizhang.png (256 pixels) is the window icon (gui/app.py) and the Linux menu icon;
taizhang-16.png … taizhang-128.png are the smaller sizes. A white ledger with the character
台 on a blue rounded square; at 16 and 24 pixels only a white 台, which stays legible. The
character is drawn as strokes, not typed in a font, so the result is the same on every
machine. Qt's ICO writer stores one image per file: the
.ico holds the 256-pixel image, which Windows scales for smaller icons.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QImageWriter,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL = 24  # at this size and below: no ledger, only the character

BLUE_TOP = QColor("#3b82f6")
BLUE_BOTTOM = QColor("#1d4ed8")
INK = QColor("#1e40af")
SPINE = QColor("#bfdbfe")
RIBBON = QColor("#ef4444")


def png_path(size: int) -> Path:
    return ICONS / ("taizhang.png" if size == max(SIZES) else f"taizhang-{size}.png")


def draw(size: int) -> QImage:
    """The icon at ``size`` × ``size`` pixels, drawn on a 256-unit canvas."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)
    small = size <= SMALL
    margin = 0 if small else 8
    square = QRectF(margin, margin, 256 - 2 * margin, 256 - 2 * margin)
    gradient = QLinearGradient(square.topLeft(), square.bottomLeft())
    gradient.setColorAt(0, BLUE_TOP)
    gradient.setColorAt(1, BLUE_BOTTOM)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(gradient))
    p.drawRoundedRect(square, 48, 48)
    if small:
        draw_tai(p, QRectF(36, 30, 184, 196), QColor("white"), width=0.15)
    else:
        draw_ledger(p)
        draw_tai(p, QRectF(98, 64, 92, 128), INK, width=0.12)
    p.end()
    return image


def draw_ledger(p: QPainter) -> None:
    """A bound ledger: white pages, a light spine on the left, a red bookmark."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(0, 0, 0, 40))
    p.drawRoundedRect(QRectF(62, 46, 144, 180), 14, 14)  # shadow
    p.setBrush(QColor("white"))
    p.drawRoundedRect(QRectF(56, 38, 144, 180), 14, 14)
    p.setBrush(SPINE)
    spine = QPainterPath()
    spine.addRoundedRect(QRectF(56, 38, 30, 180), 14, 14)
    spine.addRect(QRectF(72, 38, 14, 180))
    p.drawPath(spine.simplified())
    p.setBrush(RIBBON)
    ribbon = QPainterPath(QPointF(166, 38))
    for x, y in ((184, 38), (184, 84), (175, 76), (166, 84)):
        ribbon.lineTo(x, y)
    ribbon.closeSubpath()
    p.drawPath(ribbon)


def draw_tai(p: QPainter, box: QRectF, color: QColor, width: float) -> None:
    """台 as strokes in ``box``: 厶 (a turning stroke and a dot) above 口."""

    def at(x: float, y: float) -> QPointF:
        return QPointF(box.left() + x * box.width(), box.top() + y * box.height())

    pen = QPen(color, width * box.width())
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    turn = QPainterPath(at(0.46, 0.04))
    turn.lineTo(at(0.18, 0.40))
    turn.lineTo(at(0.82, 0.31))
    p.drawPath(turn)
    p.drawLine(at(0.68, 0.20), at(0.86, 0.38))
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    pen.setCapStyle(Qt.PenCapStyle.SquareCap)
    p.setPen(pen)
    p.drawRect(QRectF(at(0.20, 0.55), at(0.80, 0.95)))


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        if not draw(size).save(str(png_path(size)), "PNG"):
            print(f"cannot write {png_path(size)}", file=sys.stderr)
            return 1
    writer = QImageWriter(str(ICONS / "taizhang.ico"), b"ico")
    if not writer.write(draw(256)):
        print(f"cannot write taizhang.ico: {writer.errorString()}", file=sys.stderr)
        return 1
    print(f"wrote {len(SIZES)} PNGs and taizhang.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Pictures on PDF pages: embedded as the JPEG files they are, no larger than twice their own size,
their highlight boxes framed and a doubtful capture time marked, the same way on every kind of page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from evidence_pack.cards import HIGHLIGHT_RGB, MARKER_FILL, MARKER_INK, MAX_UPSCALE
from evidence_pack.exhibits import Exhibit
from evidence_pack.fields import Box
from evidence_pack.pdf import fonts

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#b0b0b0")
ACCENT = colors.HexColor("#0b4f8a")
HIGHLIGHT = colors.Color(*(c / 255 for c in HIGHLIGHT_RGB))  # the same frame colour as on the cards
AMBER = colors.Color(*(c / 255 for c in MARKER_FILL))
AMBER_INK = colors.Color(*(c / 255 for c in MARKER_INK))


class _ImagePath(str):
    """A JPEG path whose text form is a key derived from its bytes.

    reportlab names each embedded image after str(path); the work folder's path changes from run to
    run, so without this the same case would not give the same bytes.
    """

    key: str

    def __new__(cls, path: Path) -> _ImagePath:
        obj = super().__new__(cls, str(path))
        obj.key = "img-" + hashlib.sha256(path.read_bytes()).hexdigest()[:32]
        return obj

    def __str__(self) -> str:
        return self.key


def draw_jpeg(c: Canvas, path: Path, x: float, y: float, w: float, h: float) -> None:
    c.drawImage(_ImagePath(path), x, y, w, h)


@dataclass(frozen=True)
class Shown:
    """What is drawn with a picture besides its pixels: highlight frames, the date marker, and the size
    limits of an honest picture (never above MAX_UPSCALE points per pixel of its own size)."""

    boxes: tuple[Box, ...] = ()
    marker: str | None = None
    natural: tuple[int, int] | None = None  # the picture's own size in pixels (1 px = 1 pt at 100 %)
    original: tuple[int, int] | None = None  # the size named by "low-resolution original (W x H)"

    @staticmethod
    def of(ex: Exhibit, index: int) -> Shown:
        pic, ing = ex.pictures[index], ex.ingested
        whole = len(ex.pictures) == 1 and ex.kind != "video" and ing.width and ing.height
        original = (ing.width or pic.width, ing.height or pic.height) if whole else (pic.width, pic.height)
        return Shown(ex.boxes_on(index), ex.marker, (pic.width, pic.height), original)

    def scale(self, iw: int, ih: int, box_w: float, box_h: float) -> tuple[float, bool]:
        """Points per pixel of the (possibly re-encoded) picture iw x ih in a box; True when the picture
        is shown smaller than the box because it is small (and the page says so)."""
        fill = min(box_w / iw, box_h / ih)
        nw = self.natural[0] if self.natural else iw
        cap = MAX_UPSCALE * nw / iw
        return (cap, True) if fill > cap else (fill, False)

    @property
    def low_res_note(self) -> str:
        w, h = self.original or self.natural or (0, 0)
        return f"low-resolution original ({w} x {h})"


def outline_boxes(c: Canvas, boxes: tuple[Box, ...], x0: float, y0: float, dw: float, dh: float) -> None:
    """Frame each box (fractions of the picture, from its top-left) drawn at x0, y0 (bottom-left), dw x dh,
    just outside the box so the frame covers nothing inside it."""
    if not boxes:
        return
    lw = max(1.6, min(dw, dh) / 160)
    c.saveState()
    c.setStrokeColor(HIGHLIGHT)
    c.setLineWidth(lw)
    for x, y, w, h in boxes:
        c.rect(x0 + x * dw - lw / 2, y0 + (1 - y - h) * dh - lw / 2, w * dw + lw, h * dh + lw, stroke=1, fill=0)
    c.restoreState()


def draw_marker(c: Canvas, text: str, x: float, top: float, width: float, style: ParagraphStyle) -> float:
    """The amber band that marks a doubtful capture time, its top at `top`; returns its height."""
    p = Paragraph(
        fonts.markup(text),
        ParagraphStyle("marker", parent=style, fontName=fonts.SANS_BOLD, textColor=AMBER_INK),
    )
    _, ph = p.wrap(width - 8, top)
    c.saveState()
    c.setFillColor(AMBER)
    c.rect(x, top - ph - 5, width, ph + 5, stroke=0, fill=1)
    c.restoreState()
    p.drawOn(c, x + 4, top - ph - 2.5)
    return ph + 5


def place_picture(
    c: Canvas,
    pic: tuple[Path, int, int],
    shown: Shown,
    x: float,
    bottom: float,
    w: float,
    h: float,
    note_pt: float,
    top_aligned: bool = False,
) -> tuple[float, float, float, float]:
    """Draw a picture centred in a box (or at its top), no larger than Shown allows, its highlight boxes
    framed, and the low-resolution note under it when it is shown small; returns where it went."""
    path, iw, ih = pic
    scale, small = shown.scale(iw, ih, w, h)
    dw, dh = iw * scale, ih * scale
    x0 = x + (w - dw) / 2
    # a picture shown small leaves room in its box: its note sits under it, inside the box
    y0 = bottom + h - dh if top_aligned else bottom + (h - dh) / 2 + (note_pt / 2 if small else 0)
    draw_jpeg(c, path, x0, y0, dw, dh)
    c.setStrokeColor(RULE)
    c.rect(x0, y0, dw, dh, stroke=1, fill=0)
    outline_boxes(c, shown.boxes, x0, y0, dw, dh)
    if small and note_pt:
        c.setFont(fonts.SANS, note_pt)
        c.setFillColor(MUTED)
        c.drawCentredString(x + w / 2, y0 - note_pt - 2, shown.low_res_note)
    return x0, y0, dw, dh

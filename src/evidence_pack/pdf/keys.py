"""The one or two key pictures on the cover: the seller's highlighted message, the listing beside the item
received, else the first exhibits the buyer listed; a picture with `highlight` boxes is cropped to them (the
detail that matters, legible at the cover's size; the whole picture is on its own page). Drawn from the
JPEGs the exhibit pages already embed: a crop is a clipped view of the same image and costs no bytes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from evidence_pack.cards import MAX_UPSCALE
from evidence_pack.exhibits import Exhibit
from evidence_pack.fields import Box
from evidence_pack.pdf.pages import _WholePage, para
from evidence_pack.pdf.picture import RULE, draw_jpeg, outline_boxes
from evidence_pack.pdf.request import PdfRequest

# Around the highlighted part: a little of the picture, and a share of the part's own height (less of its
# width, which the narrow column pays for in legibility), so the crop shows where the part sits: the
# line above a message, the label around a weight.
CROP_MARGIN = 0.02
CONTEXT = (0.03, 0.15)


@dataclass(frozen=True)
class KeyPicture:
    """One picture on the cover and what it is."""

    exhibit: Exhibit
    index: int  # which picture of the exhibit
    crop: Box | None = None  # a part of the picture (fractions), or the whole
    caption: str = ""

    @property
    def label(self) -> str:
        return self.exhibit.picture_label(self.index)


def key_pictures(req: PdfRequest, limit: int = 2) -> list[KeyPicture]:
    """The pictures that carry the case, most decisive first, at most `limit`."""
    out: list[KeyPicture] = []

    def add(k: KeyPicture) -> None:
        if len(out) < limit and all(o.exhibit.number != k.exhibit.number for o in out):
            out.append(k)

    agreement = next((e for e in req.exhibits if e.is_agreement and e.pictures and e.highlight), None)
    if agreement is not None:
        index = next((i for i in range(len(agreement.pictures)) if agreement.boxes_on(i)), 0)
        add(KeyPicture(agreement, index, _around(agreement.boxes_on(index)), agreement.caption))
    for cmp in req.comparisons[:1]:  # listed, then received, each cropped to its outlined part if it has one
        at, got = cmp.listed, cmp.received
        add(KeyPicture(at, cmp.listed_index, _around(at.boxes_on(cmp.listed_index)), f"Listed: {at.caption}"))
        add(KeyPicture(got, 0, _around(got.boxes_on(0)), f"Received: {got.caption}"))
    chosen = [e for e in req.exhibits if e.listed] or [e for e in req.exhibits if e.kind == "photo"]
    for ex in chosen:
        # a picture whose capture time is doubtful is not set on the cover without its marker: its own
        # page shows it with the marker
        if ex.ingested.pdf_pages or not ex.pictures or ex.date_check is not None:
            continue
        if ex.kind == "video":  # the moment the buyer asked for, else none: a first frame is a sealed box
            moments = [i for i, p in enumerate(ex.pictures) if p.requested]
            if moments:
                add(KeyPicture(ex, moments[0], _around(ex.boxes_on(moments[0])), ex.caption))
            continue
        index = next((i for i in range(len(ex.pictures)) if ex.boxes_on(i)), 0)
        add(KeyPicture(ex, index, _around(ex.boxes_on(index)), ex.caption))
    return out


def _around(boxes: tuple[Box, ...]) -> Box | None:
    """The smallest box holding every highlight box, with a margin, within the picture."""
    if not boxes:
        return None
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    mx, my = CROP_MARGIN + CONTEXT[0] * (x1 - x0), CROP_MARGIN + CONTEXT[1] * (y1 - y0)
    x0, y0, x1, y1 = max(0.0, x0 - mx), max(0.0, y0 - my), min(1.0, x1 + mx), min(1.0, y1 + my)
    return (x0, y0, x1 - x0, y1 - y0)


class KeyPictures(_WholePage):
    """The key pictures stacked in a column, each with its exhibit number and what it shows. Takes the
    height it is given up to max_h (pictures never above twice their own size)."""

    def __init__(self, req: PdfRequest, keys: list[KeyPicture], styles: dict[str, ParagraphStyle], max_h: float):
        super().__init__()
        self.req = req
        self.keys = keys
        self.styles = styles
        self.max_h = max_h
        self._captions: dict[tuple[int, float], tuple[Paragraph, float]] = {}

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = min(self.max_h, sum(self._natural_h(k, availWidth) for k in self.keys))
        return self.width, self.height

    def _parts(self, k: KeyPicture) -> tuple[Path, float, float, Box]:
        """The embedded JPEG, its size in pixels, and the part shown (fractions)."""
        pic = self.req.image(k.exhibit.pictures[k.index])
        return pic.path, pic.width, pic.height, k.crop or (0.0, 0.0, 1.0, 1.0)

    def _scale_cap(self, k: KeyPicture, iw: float) -> float:
        natural = k.exhibit.pictures[k.index].width
        return MAX_UPSCALE * natural / iw

    def _caption(self, k: KeyPicture, width: float) -> tuple[Paragraph, float]:
        """One line: the exhibit number and as much of its caption as fits (the exhibit list below and the
        exhibit's own page carry it whole)."""
        key = (self.keys.index(k), width)
        if key not in self._captions:
            self._captions[key] = self._make_caption(k, width)
        return self._captions[key]

    def _make_caption(self, k: KeyPicture, width: float) -> tuple[Paragraph, float]:
        style = self.styles["cell_facts"]
        body = k.caption
        text = f"{k.label}: {body}"
        while body and stringWidth(text, style.fontName, style.fontSize) > width:
            body = body[: body.rfind(" ")] if " " in body else body[:-1]  # by words; by characters for CJK
            text = f"{k.label}: {body.rstrip(' ,:;.')} ..."
        p = para(text, style)
        _, h = p.wrap(width, 100)
        return p, h

    def _natural_h(self, k: KeyPicture, width: float) -> float:
        _, iw, ih, (_, _, cw, ch) = self._parts(k)
        scale = min(width / (iw * cw), self._scale_cap(k, iw))
        return ih * ch * scale + self._caption(k, width)[1] + 10

    def _rooms(self, w: float) -> list[float]:
        """The height each picture gets (caption included): what it needs when that is less than an
        equal share, the rest shared by the others."""
        needs = [self._natural_h(k, w) for k in self.keys]
        rooms = [0.0] * len(needs)
        left, open_ = self.height, list(range(len(needs)))
        while open_:
            share = left / len(open_)
            small = [i for i in open_ if needs[i] <= share]
            if not small:
                for i in open_:
                    rooms[i] = share
                break
            for i in small:
                rooms[i] = needs[i]
                left -= needs[i]
                open_.remove(i)
        return rooms

    def draw(self) -> None:
        c = self.canv
        w = self.width
        top = self.height
        for k, room_h in zip(self.keys, self._rooms(w), strict=True):
            path, iw, ih, (cx, cy, cw, ch) = self._parts(k)
            cap, cap_h = self._caption(k, w)
            room = room_h - cap_h - 10
            scale = min(w / (iw * cw), max(1.0, room) / (ih * ch), self._scale_cap(k, iw))
            dw, dh = iw * cw * scale, ih * ch * scale
            x0, y0 = (w - dw) / 2, top - dh
            c.saveState()
            clip = c.beginPath()
            clip.rect(x0, y0, dw, dh)
            c.clipPath(clip, stroke=0, fill=0)
            # the whole picture, placed so that the part shown fills the clipped box
            full_w, full_h = iw * scale, ih * scale
            draw_jpeg(c, path, x0 - cx * full_w, y0 - (1 - cy - ch) * full_h, full_w, full_h)
            c.restoreState()
            c.setStrokeColor(RULE)
            c.setLineWidth(0.5)
            c.rect(x0, y0, dw, dh, stroke=1, fill=0)
            boxes = tuple(
                ((bx - cx) / cw, (by - cy) / ch, bw / cw, bh / ch) for bx, by, bw, bh in k.exhibit.boxes_on(k.index)
            )
            outline_boxes(c, boxes, x0, y0, dw, dh)
            cap.drawOn(c, 0, y0 - 3 - cap_h)
            top = y0 - cap_h - 10

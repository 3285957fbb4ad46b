"""The side-by-side page: the listing screenshot beside the item received, each with its exhibit number
and caption, and for a wrong colour a swatch of each side with its name and hex value."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from evidence_pack.compare import Comparison, Swatch
from evidence_pack.exhibits import Exhibit
from evidence_pack.ingest import Picture
from evidence_pack.pdf.pages import _WholePage, para
from evidence_pack.pdf.picture import INK, RULE, Shown, place_picture


class ComparePage(_WholePage):
    """Listed | Received on one page."""

    def __init__(self, styles: dict[str, ParagraphStyle], comparison: Comparison, pictures: tuple[Picture, Picture]):
        super().__init__()
        self.styles = styles
        self.comparison = comparison
        self.pictures = pictures  # the listing's and the item's picture as the PDF embeds them

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        cmp = self.comparison
        key = f"cmp{cmp.listed.number}-{cmp.received.number}"
        c.bookmarkPage(key)
        c.addOutlineEntry(f"Listed and received: Exhibit {cmp.listed.number} beside Exhibit {cmp.received.number}", key)
        st = self.styles
        title = para("Listed and received, side by side", st["label"])
        _, th = title.wrap(w, h)
        title.drawOn(c, 0, h - th)
        sub = para(
            f"What the listing promised (Exhibit {cmp.listed.number}) beside what arrived "
            f"(Exhibit {cmp.received.number}). Each picture has its own page too.",
            st["caption"],
        )
        _, sh = sub.wrap(w, h)
        sub.drawOn(c, 0, h - th - 2 - sh)
        top = h - th - sh - 14
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(0, top + 6, w, top + 6)
        facts = para(
            f"Listed: {cmp.listed.rel}, SHA-256 {cmp.listed.sha256[:16]}...  |  "
            f"Received: {cmp.received.rel}, SHA-256 {cmp.received.sha256[:16]}...",
            st["small"],
        )
        _, fh = facts.wrap(w, h)
        facts.drawOn(c, 0, 0)
        bottom = fh + 8
        c.line(0, bottom - 4, w, bottom - 4)
        gap = 16
        col = (w - gap) / 2
        sides = (
            ("Listed", cmp.listed, cmp.listed_index, self.pictures[0], cmp.swatches[0] if cmp.swatches else None),
            ("Received", cmp.received, 0, self.pictures[1], cmp.swatches[1] if cmp.swatches else None),
        )
        heads = [self._head(heading, ex, index, col) for heading, ex, index, _, _ in sides]
        head_h = max(sum(p.wrap(col, top)[1] for p in ps) + 2 * len(ps) for ps in heads)
        swatch_h = 44 if cmp.swatches else 0
        box_top = top - head_h - 6
        box_bottom = bottom + swatch_h + 4
        for k, ((_, ex, index, pic, swatch), paras) in enumerate(zip(sides, heads, strict=True)):
            x = k * (col + gap)
            y = top
            for p in paras:
                _, ph = p.wrap(col, top)
                p.drawOn(c, x, y - ph)
                y -= ph + 2
            shown = Shown.of(ex, index)
            place_picture(
                c,
                (pic.path, pic.width, pic.height),
                shown,
                x,
                box_bottom,
                col,
                box_top - box_bottom,
                st["small"].fontSize,
                top_aligned=True,  # both pictures start on one line, to be compared
            )
            if swatch:
                self._swatch(swatch, x, bottom + 4, col)
        c.setStrokeColor(RULE)
        c.line(col + gap / 2, bottom + 2, col + gap / 2, top)

    def _head(self, heading: str, ex: Exhibit, index: int, width: float) -> list[Paragraph]:
        st = self.styles
        head = ParagraphStyle(
            "side-head", parent=st["cell_label"], textColor=INK, fontSize=max(14, st["cell_label"].fontSize)
        )
        return [
            para(heading, head),
            para(ex.picture_label(index), st["cell_label"]),
            para(ex.picture_caption(index), st["cell_caption"]),
        ]

    def _swatch(self, swatch: Swatch, x: float, y: float, width: float) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(colors.Color(*(v / 255 for v in swatch.rgb)))
        c.setStrokeColor(INK)
        c.setLineWidth(0.6)
        c.rect(x, y, 36, 36, stroke=1, fill=1)
        c.restoreState()
        # the name, hex value and place come from this tool's own tables: plain text, safe as markup
        text = Paragraph(
            f"<b>{swatch.name}</b>  {swatch.hex}<br/>colour of the {swatch.where}", self.styles["cell_caption"]
        )
        text.wrap(width - 44, 40)
        text.drawOn(c, x + 44, y + 2)

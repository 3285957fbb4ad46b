"""The page pieces of the evidence PDF: styles, one-exhibit pages, frame sheets, exhibit grids."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from evidence_pack.exhibits import Exhibit
from evidence_pack.ingest import Picture
from evidence_pack.pdf import fonts
from evidence_pack.pdf.picture import ACCENT, INK, MUTED, RULE, Shown, draw_jpeg, draw_marker, place_picture
from evidence_pack.read.ocr import TextLine


@dataclass
class Placement:
    """A reserved page onto which one page of an appended PDF is placed."""

    page_index: int
    box: tuple[float, float, float, float]
    source: Path  # the document's clean copy (documents.prepare_document)
    source_page: int
    rel: str = ""  # the original's path in the case folder, for messages


@dataclass
class Tracker:
    placements: list[Placement] = field(default_factory=list)


def make_styles(min_pt: float = 0) -> dict[str, ParagraphStyle]:
    """The paragraph styles; with min_pt, no text is smaller than that (card networks ask for 10 pt)."""
    base = ParagraphStyle("body", fontName=fonts.SANS, fontSize=10.5, leading=14, textColor=INK, alignment=TA_LEFT)
    styles = {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=11.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=12.5),
        "cellb": ParagraphStyle("cellb", parent=base, fontSize=10, leading=12.5, fontName=fonts.SANS_BOLD),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.SANS_BOLD, fontSize=20, leading=25),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=15, textColor=MUTED),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=fonts.SANS_BOLD,
            fontSize=13.5,
            leading=18,
            spaceBefore=7,
            spaceAfter=3,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        "just": ParagraphStyle("just", parent=base, fontSize=10.5, leading=14.2, spaceAfter=3),
        "lead": ParagraphStyle(
            "lead", parent=base, fontName=fonts.SANS_BOLD, fontSize=10.5, leading=14.2, spaceAfter=3
        ),
        "bullet": ParagraphStyle(
            "bullet",
            parent=base,
            fontSize=10.5,
            leading=14.2,
            spaceAfter=2,
            leftIndent=14,
            bulletIndent=3,
            bulletFontName=fonts.SANS,
        ),
        "label": ParagraphStyle(
            "label", parent=base, fontName=fonts.SANS_BOLD, fontSize=20, leading=24, textColor=ACCENT
        ),
        "caption": ParagraphStyle("caption", parent=base, fontSize=13, leading=17),
        "mono": ParagraphStyle("mono", parent=base, fontName=fonts.MONO, fontSize=7.6, leading=9.5),
        "cell_label": ParagraphStyle(
            "cell_label", parent=base, fontName=fonts.SANS_BOLD, fontSize=11.5, leading=14, textColor=ACCENT
        ),
        "cell_caption": ParagraphStyle("cell_caption", parent=base, fontSize=9.5, leading=12),
        "cell_facts": ParagraphStyle("cell_facts", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED),
    }
    if min_pt:
        for st in styles.values():
            if st.fontSize < min_pt:
                st.leading = st.leading * min_pt / st.fontSize
                st.fontSize = min_pt
    return styles


def ruled_table(rows: list[list[Flowable]], widths: list[float | None]) -> Table:
    """A table with a heading row ruled in ink and thin rules between the rows (the exhibit list, the
    integrity appendix); the heading repeats on every page."""
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text; Chinese and Japanese wrap between any two characters, as they should."""
    if fonts.has_cjk(text):
        style = ParagraphStyle(style.name + "-cjk", parent=style, wordWrap="CJK")
    return Paragraph(fonts.markup(text), style)


class _WholePage(Flowable):
    """A flowable that takes the whole frame it is given (it draws its own layout)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight - 1
        return self.width, self.height


class ExhibitPage(_WholePage):
    """A whole page for one picture (or one reserved document page): label, caption, picture, file facts."""

    def __init__(
        self,
        styles: dict[str, ParagraphStyle],
        label: str,
        caption: str,
        facts: str,
        image: tuple[Path, int, int] | None,
        bookmark: tuple[str, str, int] | None,
        tracker: Tracker | None = None,
        placement: tuple[Path, int, str] | None = None,
        text_layer: tuple[TextLine, ...] = (),
        shown: Shown | None = None,
    ) -> None:
        super().__init__()
        self.text_layer = text_layer  # the text read from the picture, laid invisibly over it
        self.styles = styles
        self.label = label
        self.caption = caption
        self.facts = facts
        self.image = image
        self.bookmark = bookmark
        self.tracker = tracker
        self.placement = placement
        self.shown = shown or Shown()

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        if self.bookmark:
            key, title, level = self.bookmark
            c.bookmarkPage(key)
            c.addOutlineEntry(title, key, level=level, closed=level == 0 and False)
        y = h
        lab = para(self.label, self.styles["label"])
        _, lh = lab.wrap(w, y)
        lab.drawOn(c, 0, y - lh)
        y -= lh + 2
        if self.caption:
            cap = para(self.caption, self.styles["caption"])
            _, ch = cap.wrap(w, y)
            cap.drawOn(c, 0, y - ch)
            y -= ch
        if self.shown.marker:
            y -= 4 + draw_marker(c, self.shown.marker, 0, y - 4, w, self.styles["body"])
        y -= 8
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(0, y, w, y)
        y -= 8
        facts = para(self.facts, self.styles["small"])
        _, fh = facts.wrap(w, h)
        facts.drawOn(c, 0, 0)
        bottom = fh + 8
        c.line(0, bottom - 4, w, bottom - 4)
        box_h = y - bottom - 4
        if self.image:
            x0, y0, dw, dh = place_picture(
                c, self.image, self.shown, 0, bottom, w, box_h, self.styles["small"].fontSize
            )
            if self.text_layer:
                from evidence_pack.pdf.textlayer import draw_text_layer

                draw_text_layer(c, self.text_layer, x0, y0, dw, dh)
        elif self.placement and self.tracker is not None:
            # Absolute page coordinates of the box, for documents.place_documents to place the page into.
            x_abs, y_abs = c.absolutePosition(0, bottom)
            self.tracker.placements.append(Placement(c.getPageNumber() - 1, (x_abs, y_abs, w, box_h), *self.placement))


class FrameSheet(_WholePage):
    """All chosen frames of one video on one page, each with its letter and timestamp."""

    def __init__(
        self,
        styles: dict[str, ParagraphStyle],
        exhibit: Exhibit,
        header: str,
        facts: str,
        bookmark: tuple[str, str, int],
        pictures: list[Picture] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.pictures = pictures or list(exhibit.pictures)
        self.notes = notes or []  # what was found about the recording (video/statements.py)
        self.styles = styles
        self.exhibit = exhibit
        self.header = header
        self.facts = facts
        self.bookmark = bookmark

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        key, title, level = self.bookmark
        c.bookmarkPage(key)
        c.addOutlineEntry(title, key, level=level)
        lab = para(self.exhibit.label, self.styles["label"])
        _, lh = lab.wrap(w, h)
        lab.drawOn(c, 0, h - lh)
        cap = para(self.header, self.styles["caption"])
        _, ch = cap.wrap(w, h)
        cap.drawOn(c, 0, h - lh - 2 - ch)
        top = h - lh - ch - 14
        if self.notes:
            notes = para(" ".join(self.notes), self.styles["body"])
            _, nh = notes.wrap(w, h)
            notes.drawOn(c, 0, top - nh + 6)
            top -= nh + 4
        facts = para(self.facts, self.styles["small"])
        _, fh = facts.wrap(w, h)
        facts.drawOn(c, 0, 0)
        bottom = fh + 10
        pics = self.pictures
        n = len(pics)
        gap, label_h = 8, 14
        avail_h = top - bottom

        def layout(cols: int) -> tuple[float, float, float]:
            rows = -(-n // cols)
            cw = (w - gap * (cols - 1)) / cols
            chh = (avail_h - gap * (rows - 1)) / rows
            area = sum(min(cw / p.width, (chh - label_h) / p.height) ** 2 * p.width * p.height for p in pics)
            return area, cw, chh

        cols = max(range(1, min(n, 5) + 1), key=lambda k: layout(k)[0])
        _, cell_w, cell_h = layout(cols)
        sizes = [min(cell_w / p.width, (cell_h - label_h) / p.height) for p in pics]
        # each row as tall as its tallest frame, its labels right under it; the rows from the top down
        row_h = [
            max(pics[k].height * sizes[k] for k in range(r, min(r + cols, n))) + label_h for r in range(0, n, cols)
        ]
        for i, pic in enumerate(pics):
            r, col = divmod(i, cols)
            cx = col * (cell_w + gap)
            cy = top - sum(row_h[: r + 1]) - r * gap - 8
            dw, dh = pic.width * sizes[i], pic.height * sizes[i]
            x0 = cx + (cell_w - dw) / 2
            y0 = cy + label_h + (row_h[r] - label_h - dh) / 2
            draw_jpeg(c, pic.path, x0, y0, dw, dh)
            c.setStrokeColor(RULE)
            c.rect(x0, y0, dw, dh, stroke=1, fill=0)
            c.setFont(fonts.SANS_BOLD, max(9.5, self.styles["small"].fontSize))
            c.setFillColor(INK)
            c.drawCentredString(
                cx + cell_w / 2, cy + 3, f"{self.exhibit.picture_tag(i)}  at {self.exhibit.timestamp(i)}"
            )


class ExhibitGrid(_WholePage):
    """Several exhibits on one page (2, 4, 6 or 9), each with its label, caption and file facts:
    used when a platform's page budget cannot hold one page per exhibit."""

    GRIDS: ClassVar[dict[int, tuple[int, int]]] = {2: (1, 2), 4: (2, 2), 6: (2, 3), 9: (3, 3)}

    def __init__(
        self,
        styles: dict[str, ParagraphStyle],
        cells: list[tuple[Exhibit, int, Picture, str]],
        per_page: int,
        side_by_side: bool = False,
    ) -> None:
        super().__init__()
        self.styles = styles
        self.cells = cells
        self.cols, self.rows = (2, 1) if side_by_side and per_page == 2 else self.GRIDS.get(per_page, (2, 2))

    def draw(self) -> None:
        c = self.canv
        gap = 12
        cw = (self.width - gap * (self.cols - 1)) / self.cols
        ch = (self.height - gap * (self.rows - 1)) / self.rows
        for k, (ex, i, pic, facts) in enumerate(self.cells):
            r, col = divmod(k, self.cols)
            x0 = col * (cw + gap)
            top = self.height - r * (ch + gap)
            if i == 0:
                key = f"ex{ex.number}"
                c.bookmarkPage(key, fit="XYZ", left=x0, top=top)
                c.addOutlineEntry(f"{ex.label}: {ex.caption}", key, level=0)
            y = top
            lab = para(ex.picture_label(i), self.styles["cell_label"])
            _, lh = lab.wrap(cw, ch)
            lab.drawOn(c, x0, y - lh)
            y -= lh + 1
            cap = para(ex.picture_caption(i), self.styles["cell_caption"])
            _, caph = cap.wrap(cw, ch)
            cap.drawOn(c, x0, y - caph)
            y -= caph + 4
            shown = Shown.of(ex, i)
            if shown.marker:
                y -= 3 + draw_marker(c, shown.marker, x0, y, cw, self.styles["cell_facts"])
            fac = para(facts, self.styles["cell_facts"])
            _, fh = fac.wrap(cw, ch)
            bottom = top - ch
            fac.drawOn(c, x0, bottom)
            box_h = y - (bottom + fh + 4)
            if box_h <= 10:
                continue
            c.setLineWidth(0.5)
            note_pt = self.styles["cell_facts"].fontSize
            place_picture(c, (pic.path, pic.width, pic.height), shown, x0, bottom + fh + 4, cw, box_h, note_pt)

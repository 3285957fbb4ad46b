"""The text read from chat screenshots in the PDF: an invisible layer over the picture (as scanners do),
so a reviewer can search and copy the conversation, and a transcript page after the exhibit, which
says that it was read by OCR and that the screenshot is the evidence."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from evidence_pack.exhibits import Exhibit
from evidence_pack.pdf import fonts
from evidence_pack.pdf.pages import ACCENT, RULE, para
from evidence_pack.read.chat import Transcript
from evidence_pack.read.ocr import TextLine
from evidence_pack.read.readings import Readings


def slice_lines(readings: Readings, ex: Exhibit) -> list[tuple[TextLine, ...]]:
    """The lines read on each picture of a chat exhibit (a tall screenshot is cut into slices; the
    lines are given in fractions of their slice)."""
    reading = readings.file(ex.rel)
    if reading is None or not reading.lines or ex.kind != "chat" or not ex.pictures:
        return [() for _ in ex.pictures]
    total = sum(p.height for p in ex.pictures)
    out: list[tuple[TextLine, ...]] = []
    top = 0
    for pic in ex.pictures:
        lo, hi = top / total, (top + pic.height) / total
        here = []
        for t in reading.lines:
            mid = t.box[1] + t.box[3] / 2
            if lo <= mid < hi:
                y = (t.box[1] - lo) * total / pic.height
                here.append(TextLine(t.text, (t.box[0], y, t.box[2], t.box[3] * total / pic.height), t.score))
        out.append(tuple(here))
        top += pic.height
    return out


def draw_text_layer(c: Canvas, lines: tuple[TextLine, ...], x0: float, y0: float, w: float, h: float) -> None:
    """Each line drawn invisibly (render mode 3) over where it is on the picture drawn at x0, y0, w, h,
    stretched to the width of its box so that selecting it selects the words under it."""
    c.saveState()
    for line in lines:
        bx, by, bw, bh = line.box
        size = max(1.0, bh * h * 0.8)
        left, base = x0 + bx * w, y0 + (1 - by - bh) * h + bh * h * 0.2
        natural = sum(c.stringWidth(run, font or fonts.SANS, size) for run, font in fonts.runs(line.text))
        text = c.beginText(left, base)
        text.setTextRenderMode(3)
        if natural > 0:
            text.setHorizScale(100 * bw * w / natural)
        for run, font in fonts.runs(line.text):
            text.setFont(font or fonts.SANS, size)
            text.textOut(run)
        c.drawText(text)
    c.restoreState()


def transcript_story(
    ex: Exhibit, chat: Transcript, st: dict[str, ParagraphStyle], quoted: str | None = None
) -> list[Flowable]:
    """A page after a chat exhibit: its messages in order, who wrote each, the date headers."""
    head = para(f"{ex.label}: the conversation as read", st["h2"])
    note = para(
        f"The text of {ex.name}, read from the screenshot by OCR (text recognition), in the order shown: "
        "the seller's messages are on the left of the screenshot, the buyer's on the right. "
        f"The screenshot ({ex.label}) is the evidence; this transcript makes it searchable.",
        st["small"],
    )
    rows: list[list[Flowable | str]] = []
    marks: list[int] = []
    for m in chat.messages:
        if m.side == "header":
            rows.append([para(m.text, st["small"]), ""])
            continue
        who = "Seller" if m.side == "seller" else "Buyer"
        if quoted is not None and m.text == quoted:
            marks.append(len(rows))
        rows.append([Paragraph(who, st["cellb"]), para(m.text, st["cell"])])
    out: list[Flowable] = [PageBreak(), head, note, Spacer(1, 8)]
    if not rows:
        return [*out, para("No text was read from this screenshot.", st["body"])]
    table = Table(rows, colWidths=[60, None], repeatRows=0)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
    ]
    for i, m in enumerate(chat.messages):
        if m.side == "header":
            style.append(("SPAN", (0, i), (1, i)))
    for i in marks:  # the agreement, outlined as on the exhibit
        style.append(("BOX", (0, i), (1, i), 1.2, ACCENT))
    table.setStyle(TableStyle(style))
    return [*out, table]

"""The evidence PDF: cover, one exhibit per item of evidence, frame sheets, documents, integrity appendix.

reportlab lays out the pages (always in invariant mode, so the same input gives the same bytes);
pikepdf places appended documents onto their reserved pages and writes the metadata.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from evidence_pack import TOOL_NAME, __version__
from evidence_pack.errors import RenderError
from evidence_pack.pdf import fonts
from evidence_pack.pdf.appendix import appendix
from evidence_pack.pdf.cover import REASON_TEXT, cover
from evidence_pack.pdf.pages import MUTED, Tracker, make_styles
from evidence_pack.pdf.request import PdfRequest
from evidence_pack.pdf.story import exhibit_story

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
MARGIN = 16 * mm

# JPEGs go in as they are (DCTDecode): reportlab's default ASCII85 wrapping would add 25 % to every
# image and every stream. Every PDF this process writes is binary, so the setting is made once, here.
rl_config.useA85 = 0


def render_pdf(req: PdfRequest, dest: Path) -> int:
    """Write the evidence PDF to dest; return its page count."""
    fonts.register_base()
    styles = make_styles(req.min_pt)
    size = PAGE_SIZES.get(req.page, A4)
    tracker = Tracker()
    buf = io.BytesIO()
    order = req.case.order

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.showOutline()  # open the bookmarks pane: one entry per exhibit
        canvas.saveState()
        canvas.setFont(fonts.SANS, max(8, req.min_pt))
        canvas.setFillColor(MUTED)
        text = f"Order {order.id}  |  evidence pack generated {req.generated_at.strftime('%Y-%m-%d')}"
        canvas.drawString(MARGIN, 9 * mm, _latin(text))
        canvas.drawRightString(size[0] - MARGIN, 9 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = BaseDocTemplate(
        buf,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        invariant=1,
        title=_title(req),
        author="",
        subject=_subject(req),
        creator=f"{TOOL_NAME} {__version__}",
        producer=f"{TOOL_NAME} {__version__}",
        pageCompression=1,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
    story: list[Flowable] = []
    front = cover(req, styles, (doc.width, doc.height))
    story += front.flows
    story += exhibit_story(req, styles, tracker)
    story.append(PageBreak())
    story += front.later  # the order and claim details, when the cover needed their room
    story += appendix(req, styles)
    try:
        doc.build(story)
    except Exception as exc:  # reportlab reports layout failures as plain exceptions
        raise RenderError(f"evidence.pdf could not be laid out ({type(exc).__name__}: {exc})") from exc
    return _finish(buf.getvalue(), tracker, req, dest, doc.page)


def _latin(text: str) -> str:
    return "".join(ch if not fonts.needs_fallback(ch) else "?" for ch in text)


def _title(req: PdfRequest) -> str:
    return f"Evidence for dispute, order {req.case.order.id}"


def _subject(req: PdfRequest) -> str:
    o = req.case.order
    return f"{REASON_TEXT[req.case.claim.reason]}: {o.item}; claim {req.case.refund.text}"


# reportlab's invariant mode dates every PDF 2000-01-01; the build's own time replaces that
# date in place (same length, so no offset moves) instead of a second pass through pypdf.
_INVARIANT_DATE = b"D:20000101000000+00'00'"


def _finish(data: bytes, tracker: Tracker, req: PdfRequest, dest: Path, pages: int) -> int:
    if not tracker.placements:
        stamp = req.generated_at.strftime("D:%Y%m%d%H%M%S+00'00'").encode("ascii")
        if data.count(_INVARIANT_DATE) == 2:  # CreationDate and ModDate
            dest.write_bytes(data.replace(_INVARIANT_DATE, stamp))
            return pages
    return _place_documents(data, tracker, req, dest)


def _place_documents(data: bytes, tracker: Tracker, req: PdfRequest, dest: Path) -> int:
    """Place appended documents' clean pages onto their reserved pages, then write the metadata."""
    from evidence_pack.pdf.documents import place_documents

    stamp = req.generated_at.strftime("D:%Y%m%d%H%M%S+00'00'")
    return place_documents(
        data,
        tracker.placements,
        {
            "/Title": _title(req),
            "/Subject": _subject(req),
            "/Author": "",
            "/Creator": f"{TOOL_NAME} {__version__}",
            "/Producer": f"{TOOL_NAME} {__version__}",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        },
        dest,
    )

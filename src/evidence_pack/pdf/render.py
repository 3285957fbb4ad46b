"""The evidence PDF: cover, one exhibit per item of evidence, frame sheets, documents, integrity appendix.

reportlab lays out the pages (always in invariant mode, so the same input gives the same
bytes); documents.py places the clean copies of appended documents onto their reserved pages and
writes the metadata.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageBreak, PageTemplate, Paragraph,
                                Spacer, Table, TableStyle)

from evidence_pack import TOOL_NAME, __version__
from evidence_pack.pdf import fonts
from evidence_pack.case import PROBLEM_PHRASES, Case
from evidence_pack.errors import RenderError
from evidence_pack.exhibits import KIND_LABEL, Exhibit, capture_text
from evidence_pack.ingest import Ingested, Picture
from evidence_pack.inventory import InputRecord
from evidence_pack.pdf.pages import (ACCENT, INK, MUTED, RULE, ExhibitGrid, ExhibitPage, FrameSheet, Tracker,
                                      make_styles, para)
from evidence_pack.money import format_money
from evidence_pack.video.timecode import format_ts

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
MARGIN = 16 * mm
REASON_TEXT = {
    "not_received": "Item not received",
    "not_as_described": "Item not as described",
    "defective": "Item defective / does not work",
    "damaged": "Item arrived damaged",
    "missing_items": "Items missing from the parcel",
    "counterfeit": "Counterfeit item",
}
RESOLUTION_TEXT = {"refund_only": "Refund only (no return)", "return_and_refund": "Return and refund"}


@dataclass(frozen=True)
class Layout:
    """How the exhibits are laid out: chosen by the fitting step (fit.py) to meet a page or byte budget."""

    per_page: int = 1  # pictures per page: 1, or a grid of 2, 4, 6 or 9
    frame_pages: bool = True  # a full page per video frame besides the frame sheet
    min_pt: float = 0  # smallest text size (card networks ask for 10 pt)


@dataclass(frozen=True)
class PdfRequest:
    case: Case
    exhibits: list[Exhibit]
    records: list[InputRecord]
    justification: str
    platform_name: str
    generated_at: dt.datetime
    page: str = "A4"
    layout: Layout = Layout()
    images: dict[Path, Picture] = field(default_factory=dict)  # smaller copies to use instead, by original path

    @property
    def min_pt(self) -> float:
        return self.layout.min_pt

    def image(self, pic: Picture) -> Picture:
        return self.images.get(pic.path, pic)


def render_pdf(req: PdfRequest, dest: Path) -> int:
    """Write the evidence PDF to dest; return its page count."""
    fonts.register_base()
    styles = make_styles(req.min_pt)
    size = PAGE_SIZES.get(req.page, A4)
    tracker = Tracker()
    buf = io.BytesIO()
    order = req.case.order

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.showOutline()  # open the bookmarks pane: one entry per exhibit
        canvas.saveState()
        canvas.setFont(fonts.SANS, max(8, req.min_pt))
        canvas.setFillColor(MUTED)
        text = f"Order {order.id}  |  evidence pack generated {req.generated_at.strftime('%Y-%m-%d')}"
        canvas.drawString(MARGIN, 9 * mm, _latin(text))
        canvas.drawRightString(size[0] - MARGIN, 9 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = BaseDocTemplate(buf, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN + 6 * mm, invariant=1, title=_title(req), author="",
                          subject=_subject(req), creator=f"{TOOL_NAME} {__version__}",
                          producer=f"{TOOL_NAME} {__version__}", pageCompression=1)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
    story: list[Flowable] = []
    story += _cover(req, styles)
    story += _exhibit_story(req, styles, tracker)
    story.append(PageBreak())
    story += _appendix(req, styles)
    from reportlab import rl_config

    # JPEGs go in as they are (DCTDecode); reportlab's default ASCII85 wrapping would add 25 % to every image.
    saved_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        doc.build(story)
    except Exception as exc:  # reportlab reports layout failures as plain exceptions
        raise RenderError(f"evidence.pdf could not be laid out ({type(exc).__name__}: {exc})") from exc
    finally:
        rl_config.useA85 = saved_a85
    return _finish(buf.getvalue(), tracker, req, dest, doc.page)


def _latin(text: str) -> str:
    return "".join(ch if not fonts.needs_fallback(ch) else "?" for ch in text)


def _cover(req: PdfRequest, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    case = req.case
    o, c, s = case.order, case.claim, case.seller
    cur = o.currency
    out: list[Flowable] = []
    out.append(Paragraph("Evidence for dispute", st["title"]))
    out.append(para(f"Order {o.id}  |  {req.platform_name}  |  {REASON_TEXT[c.reason]}", st["subtitle"]))
    out.append(Spacer(1, 8))
    amount = Table([[Paragraph("Amount claimed", st["cellb"]), para(case.refund.text, ParagraphStyle(
        "amt", parent=st["cellb"], fontSize=15, leading=18, textColor=ACCENT))],
        [Paragraph("How it was computed", st["cellb"]), para(case.refund.computation, st["cell"])]],
        colWidths=[45 * mm, None])
    amount.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eef4fa")),
                                ("BOX", (0, 0), (-1, -1), 0.8, ACCENT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    out.append(amount)
    out.append(Paragraph("Order", st["h2"]))
    rows: list[tuple[str, str]] = [("Order number", o.id), ("Order date", o.date.isoformat())]
    if o.store:
        rows.append(("Store", o.store))
    rows.append(("Item", o.item))
    if o.listing_url:
        rows.append(("Listing", o.listing_url))
    shipping = f" + shipping {format_money(o.shipping, cur)}" if o.shipping > 0 else " (no shipping charge)"
    rows.append(("Paid", f"{o.quantity} x {format_money(o.unit_price, cur)}{shipping} = "
                         f"{format_money(case.refund.order_total, cur)}"))
    if o.delivered:
        rows.append(("Delivered", o.delivered.isoformat()))
    if o.tracking:
        rows.append(("Tracking", o.tracking))
    out.append(_kv(rows, st))
    out.append(Paragraph("Claim", st["h2"]))
    crow: list[tuple[str, str]] = [("Reason", REASON_TEXT[c.reason])]
    if c.problems:
        crow.append(("Problems", "; ".join(p.replace("_", " ").capitalize() if p in PROBLEM_PHRASES else p
                                            for p in c.problems)))
    crow.append(("Units affected", f"{c.affected_quantity} of {o.quantity}"))
    crow.append(("Resolution asked", RESOLUTION_TEXT[c.resolution]))
    if s.agreed != "none":
        agreed = s.agreed.replace("_", " ")
        if s.agreed_amount is not None:
            agreed += f", {format_money(s.agreed_amount, cur)}"
        if s.agreed_on:
            agreed += f", on {s.agreed_on.isoformat()}"
        crow.append(("Seller agreed to", agreed))
    if s.proposal is not None:
        crow.append(("Seller's proposal", format_money(s.proposal, cur) + (f" ({s.proposal_note})" if s.proposal_note else "")))
    out.append(_kv(crow, st))
    out.append(Paragraph("Statement for the reviewer", st["h2"]))
    lead = 0
    for line in req.justification.strip().split("\n"):
        line = line.strip()
        if not line:
            out.append(Spacer(1, 4))
        elif line.startswith("- "):
            out.append(Paragraph(fonts.markup(line[2:]), st["bullet"], bulletText="\u2022"))
        elif lead < 3:
            out.append(para(line, st["lead"]))
            lead += 1
        else:
            out.append(para(line, st["just"]))
    out.append(Paragraph("Exhibits", st["h2"]))
    ex_rows = [[Paragraph("No.", st["cellb"]), Paragraph("Kind", st["cellb"]), Paragraph("Caption", st["cellb"]),
                Paragraph("File", st["cellb"])]]
    for ex in req.exhibits:
        kind = KIND_LABEL.get(ex.kind, ex.kind)
        if ex.kind == "video" and ex.pictures:
            kind += f" ({len(ex.pictures)} frames)"
        elif ex.ingested.pdf_pages:
            kind += f" ({_pages_text(ex.ingested)})"
        ex_rows.append([Paragraph(str(ex.number), st["cell"]), Paragraph(kind, st["cell"]), para(ex.caption, st["cell"]),
                        para(ex.rel, st["small"])])
    if len(ex_rows) == 1:
        ex_rows.append([Paragraph("-", st["cell"]), Paragraph("", st["cell"]),
                        Paragraph("No evidence files were found in the case folder.", st["cell"]), Paragraph("", st["cell"])])
    t = Table(ex_rows, colWidths=[12 * mm, 30 * mm, None, 52 * mm], repeatRows=1)
    t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(t)
    return out


def _kv(rows: list[tuple[str, str]], st: dict[str, ParagraphStyle]) -> Table:
    t = Table([[Paragraph(k, st["cellb"]), para(v, st["cell"])] for k, v in rows], colWidths=[45 * mm, None])
    t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
    return t


def _facts_line(ex: Exhibit, extra: str = "", compact: bool = False) -> str:
    ing = ex.ingested
    if compact:
        taken = capture_text(ex.captured_at)
        return "  |  ".join([ex.rel] + ([f"taken {taken}"] if taken else []) + [f"SHA-256 {ex.sha256[:12]}"])
    parts = [f"File: {ex.rel}"]
    taken = capture_text(ex.captured_at)
    if taken:
        parts.append(f"Taken: {taken}")
    elif ex.kind == "photo" and ing.content_is_image:
        parts.append("Taken: not recorded in the file")
    if ing.width and ing.height:
        parts.append(f"Original: {ing.width} x {ing.height} px")
    if extra:
        parts.append(extra)
    parts.append(f"SHA-256: {ex.sha256[:16]}...")
    return "  |  ".join(parts)


def _exhibit_story(req: PdfRequest, st: dict[str, ParagraphStyle], tracker: Tracker) -> list[Flowable]:
    """One page per picture, or grids of several pictures per page when the layout asks for it.
    Videos keep their frame sheet and documents their pages either way."""
    if req.layout.per_page <= 1:
        out: list[Flowable] = []
        for ex in req.exhibits:
            out += _exhibit_pages(ex, req, st, tracker)
        return out
    out = []
    cells: list[tuple[Exhibit, int]] = []
    # Chat screenshots are tall and must stay readable: at most two side by side on a page.
    limit = {"chat": min(2, req.layout.per_page)}

    def flush() -> None:
        if cells:
            kind = cells[0][0].kind
            out.append(PageBreak())
            out.append(ExhibitGrid(st, [(ex, i, req.image(ex.pictures[i]), _facts_line(ex, compact=True))
                                        for ex, i in cells], limit.get(kind, req.layout.per_page),
                                   side_by_side=kind == "chat"))
            cells.clear()

    for ex in req.exhibits:
        if ex.kind == "video" or ex.ingested.pdf_pages:
            flush()
            out += _exhibit_pages(ex, req, st, tracker)
            continue
        if cells and (cells[0][0].kind == "chat") != (ex.kind == "chat"):
            flush()
        for i in range(len(ex.pictures)):
            cells.append((ex, i))
            if len(cells) == limit.get(ex.kind, req.layout.per_page):
                flush()
    flush()
    return out


def _exhibit_pages(ex: Exhibit, req: PdfRequest, st: dict[str, ParagraphStyle], tracker: Tracker) -> list[Flowable]:
    out: list[Flowable] = []
    title = f"{ex.label}: {ex.caption}"
    key = f"ex{ex.number}"
    if ex.kind == "video":
        v = ex.ingested.video or {}
        dur = v.get("duration_s")
        extra = ", ".join(x for x in (
            f"{format_ts(float(dur), precise=True)} long" if isinstance(dur, (int, float)) else "length unknown",
            str(v.get("codec") or ""),
        ) if x)
        if ex.ingested.partial:
            extra += f"; PARTIAL: {ex.ingested.partial}"
        out.append(PageBreak())
        header = f"{ex.caption}. Frames chosen from {ex.name}, with the time at which each appears."
        out.append(FrameSheet(st, ex, header, _facts_line(ex, extra), (key, title, 0),
                              [req.image(p) for p in ex.pictures]))
        if not req.layout.frame_pages:
            return out
        for i, pic in enumerate(ex.pictures):
            pic = req.image(pic)
            out.append(PageBreak())
            out.append(ExhibitPage(st, ex.picture_label(i), ex.picture_caption(i), _facts_line(ex, extra),
                                   (pic.path, pic.width, pic.height),
                                   (f"{key}-{i}", f"{ex.picture_label(i)}: {ex.picture_caption(i)}", 1)))
        return out
    if ex.ingested.pdf_pages:
        return _document_pages(ex, st, tracker)
    for i, pic in enumerate(ex.pictures):
        pic = req.image(pic)
        out.append(PageBreak())
        out.append(ExhibitPage(st, ex.picture_label(i), ex.picture_caption(i), _facts_line(ex),
                               (pic.path, pic.width, pic.height),
                               (key, title, 0) if i == 0 else None))
    return out


def _document_pages(ex: Exhibit, st: dict[str, ParagraphStyle], tracker: Tracker) -> list[Flowable]:
    """One reserved page per placed page of a document; a capped document says so on every page."""
    ing = ex.ingested
    total = max(ing.pdf_pages_in_file, ing.pdf_pages)
    extra = ""
    if total > ing.pdf_pages:
        extra = (f"Only the first {ing.pdf_pages} of the document's {total:,} pages are placed in this pack; "
                 "the SHA-256 is that of the whole file")
    out: list[Flowable] = []
    for pg in range(ing.pdf_pages):
        out.append(PageBreak())
        label = ex.label if total == 1 else f"{ex.label} (page {pg + 1} of {total:,})"
        out.append(ExhibitPage(st, label, ex.caption, _facts_line(ex, extra), None,
                               (f"ex{ex.number}", f"{ex.label}: {ex.caption}", 0) if pg == 0 else None, tracker,
                               (ing.document or ing.source.path, pg, ex.rel)))
    return out


def _pages_text(ing: Ingested) -> str:
    """"3 p.", or "first 50 of 5,000 p." for a document over the page cap."""
    if ing.pdf_pages_in_file > ing.pdf_pages:
        return f"first {ing.pdf_pages} of {ing.pdf_pages_in_file:,} p."
    return f"{ing.pdf_pages} p."


def _appendix(req: PdfRequest, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("Integrity appendix", st["h2"])]
    out.append(Paragraph(
        "Every original file is listed below with its size and SHA-256 hash, computed before anything was "
        "done to it; the originals were not modified. To check a file, compute its SHA-256 (for example with "
        "<font name='Courier'>sha256sum FILE</font>, or <font name='Courier'>evidence-pack verify OUT --case "
        "CASE</font> for all of them) and compare it with the hash printed here.", st["body"]))
    out.append(Spacer(1, 6))
    rows = [[Paragraph(h, st["cellb"]) for h in ("File", "Kind", "Bytes", "Status", "SHA-256")]]
    chunk = 32
    for r in req.records:
        sha = r.sha256 or "-"
        rows.append([para(r.rel + _details_text(r), st["small"]), Paragraph(r.kind or "-", st["small"]),
                     Paragraph(f"{r.bytes:,}", st["small"]), para(r.status, st["small"]),
                     Paragraph("<br/>".join(sha[k:k + chunk] for k in range(0, len(sha), chunk)), st["mono"])])
    widths = [44 * mm, 21 * mm, 18 * mm, 35 * mm, None] if chunk == 32 else [50 * mm, 18 * mm, 22 * mm, 24 * mm, None]
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(t)
    out.append(Spacer(1, 8))
    out.append(Paragraph(
        f"Made by {TOOL_NAME} {__version__} on {req.generated_at.strftime('%Y-%m-%d %H:%M')} UTC. The pictures in "
        "this document are reduced copies of the originals with all camera and location metadata removed.",
        st["small"]))
    return [KeepTogether(out[:3])] + out[3:]


def _details_text(r: InputRecord) -> str:
    """Duration, size and codec of a video, or the pages placed of a capped document, for the appendix."""
    details = dict(r.details)
    video = details.get("video")
    if isinstance(details.get("pages_placed"), int) and isinstance(details.get("pages"), int):
        return f" ({details['pages']:,} pages; only the first {details['pages_placed']} placed)"
    if not isinstance(video, dict):
        return ""
    dur = video.get("duration_s")
    bits = [format_ts(float(dur), precise=True) if isinstance(dur, (int, float)) else "length unknown",
            f"{video.get('width')} x {video.get('height')}", str(video.get("codec") or "")]
    return " (" + ", ".join(b for b in bits if b) + ")"


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
    return place_documents(data, tracker.placements, {
        "/Title": _title(req),
        "/Subject": _subject(req),
        "/Author": "",
        "/Creator": f"{TOOL_NAME} {__version__}",
        "/Producer": f"{TOOL_NAME} {__version__}",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    }, dest)

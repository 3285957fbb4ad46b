"""The evidence PDF: cover, one exhibit per item of evidence, frame sheets, documents, integrity appendix.

reportlab lays out the pages (always in invariant mode, so the same input gives the same
bytes); pypdf places appended documents onto their reserved pages and writes the metadata.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageBreak, PageTemplate, Paragraph,
                                Spacer, Table, TableStyle)

from evidence_pack import TOOL_NAME, __version__, fonts
from evidence_pack.case import PROBLEM_PHRASES, Case
from evidence_pack.errors import RenderError
from evidence_pack.exhibits import KIND_LABEL, Exhibit, capture_text
from evidence_pack.inventory import InputRecord
from evidence_pack.money import format_money
from evidence_pack.video import format_ts

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
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#b0b0b0")
ACCENT = colors.HexColor("#0b4f8a")


@dataclass(frozen=True)
class PdfRequest:
    case: Case
    exhibits: list[Exhibit]
    records: list[InputRecord]
    justification: str
    platform_name: str
    generated_at: dt.datetime
    page: str = "A4"
    warnings: tuple[str, ...] = ()


@dataclass
class _Placement:
    """A reserved page onto which one page of an appended PDF is placed."""

    page_index: int
    box: tuple[float, float, float, float]
    source: Path
    source_page: int


@dataclass
class _Tracker:
    placements: list[_Placement] = field(default_factory=list)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=fonts.SANS, fontSize=10.5, leading=14, textColor=INK, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=11.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=12.5),
        "cellb": ParagraphStyle("cellb", parent=base, fontSize=10, leading=12.5, fontName=fonts.SANS_BOLD),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.SANS_BOLD, fontSize=20, leading=25),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=15, textColor=MUTED),
        "h2": ParagraphStyle("h2", parent=base, fontName=fonts.SANS_BOLD, fontSize=13.5, leading=18,
                             spaceBefore=10, spaceAfter=4, textColor=ACCENT),
        "just": ParagraphStyle("just", parent=base, fontSize=10.5, leading=14.2, spaceAfter=3),
        "lead": ParagraphStyle("lead", parent=base, fontName=fonts.SANS_BOLD, fontSize=10.5, leading=14.2, spaceAfter=3),
        "bullet": ParagraphStyle("bullet", parent=base, fontSize=10.5, leading=14.2, spaceAfter=2, leftIndent=14,
                                 bulletIndent=3, bulletFontName=fonts.SANS),
        "label": ParagraphStyle("label", parent=base, fontName=fonts.SANS_BOLD, fontSize=20, leading=24, textColor=ACCENT),
        "caption": ParagraphStyle("caption", parent=base, fontSize=13, leading=17),
        "mono": ParagraphStyle("mono", parent=base, fontName=fonts.MONO, fontSize=7.6, leading=9.5),
    }


class _ImagePath(str):
    """A JPEG path whose text form is a key derived from its bytes.

    reportlab names each embedded image after str(path); the work folder's path changes from run to
    run, so without this the same case would not give the same bytes.
    """

    key: str

    def __new__(cls, path: Path) -> "_ImagePath":
        import hashlib

        obj = super().__new__(cls, str(path))
        obj.key = "img-" + hashlib.sha256(path.read_bytes()).hexdigest()[:32]
        return obj

    def __str__(self) -> str:
        return self.key


def _draw_jpeg(c, path: Path, x: float, y: float, w: float, h: float) -> None:  # type: ignore[no-untyped-def]
    c.drawImage(_ImagePath(path), x, y, w, h)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(fonts.markup(text), style)


class ExhibitPage(Flowable):
    """A whole page for one picture (or one reserved document page): label, caption, picture, file facts."""

    def __init__(self, styles: dict[str, ParagraphStyle], label: str, caption: str, facts: str,
                 image: tuple[Path, int, int] | None, bookmark: tuple[str, str, int] | None,
                 tracker: _Tracker | None = None, placement: tuple[Path, int] | None = None) -> None:
        super().__init__()
        self.styles = styles
        self.label = label
        self.caption = caption
        self.facts = facts
        self.image = image
        self.bookmark = bookmark
        self.tracker = tracker
        self.placement = placement

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight - 1
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        if self.bookmark:
            key, title, level = self.bookmark
            c.bookmarkPage(key)
            c.addOutlineEntry(title, key, level=level, closed=level == 0 and False)
        y = h
        lab = _p(self.label, self.styles["label"])
        _, lh = lab.wrap(w, y)
        lab.drawOn(c, 0, y - lh)
        y -= lh + 2
        if self.caption:
            cap = _p(self.caption, self.styles["caption"])
            _, ch = cap.wrap(w, y)
            cap.drawOn(c, 0, y - ch)
            y -= ch
        y -= 8
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(0, y, w, y)
        y -= 8
        facts = _p(self.facts, self.styles["small"])
        _, fh = facts.wrap(w, h)
        facts.drawOn(c, 0, 0)
        bottom = fh + 8
        c.line(0, bottom - 4, w, bottom - 4)
        box_h = y - bottom - 4
        if self.image:
            path, iw, ih = self.image
            scale = min(w / iw, box_h / ih)
            dw, dh = iw * scale, ih * scale
            x0 = (w - dw) / 2
            y0 = bottom + (box_h - dh) / 2
            _draw_jpeg(c, path, x0, y0, dw, dh)
            c.setStrokeColor(RULE)
            c.rect(x0, y0, dw, dh, stroke=1, fill=0)
        elif self.placement and self.tracker is not None:
            # Absolute page coordinates of the box, for pypdf to place the document page into.
            x_abs, y_abs = c.absolutePosition(0, bottom)
            self.tracker.placements.append(_Placement(c.getPageNumber() - 1, (x_abs, y_abs, w, box_h),
                                                      self.placement[0], self.placement[1]))


class FrameSheet(Flowable):
    """All chosen frames of one video on one page, each with its letter and timestamp."""

    def __init__(self, styles: dict[str, ParagraphStyle], exhibit: Exhibit, header: str, facts: str,
                 bookmark: tuple[str, str, int]) -> None:
        super().__init__()
        self.styles = styles
        self.exhibit = exhibit
        self.header = header
        self.facts = facts
        self.bookmark = bookmark

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight - 1
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        key, title, level = self.bookmark
        c.bookmarkPage(key)
        c.addOutlineEntry(title, key, level=level)
        lab = _p(self.exhibit.label, self.styles["label"])
        _, lh = lab.wrap(w, h)
        lab.drawOn(c, 0, h - lh)
        cap = _p(self.header, self.styles["caption"])
        _, ch = cap.wrap(w, h)
        cap.drawOn(c, 0, h - lh - 2 - ch)
        top = h - lh - ch - 14
        facts = _p(self.facts, self.styles["small"])
        _, fh = facts.wrap(w, h)
        facts.drawOn(c, 0, 0)
        bottom = fh + 10
        pics = self.exhibit.pictures
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
        for i, pic in enumerate(pics):
            r, col = divmod(i, cols)
            cx = col * (cell_w + gap)
            cy = top - (r + 1) * cell_h - r * gap
            scale = min(cell_w / pic.width, (cell_h - label_h) / pic.height)
            dw, dh = pic.width * scale, pic.height * scale
            x0 = cx + (cell_w - dw) / 2
            y0 = cy + label_h + (cell_h - label_h - dh) / 2
            _draw_jpeg(c, pic.path, x0, y0, dw, dh)
            c.setStrokeColor(RULE)
            c.rect(x0, y0, dw, dh, stroke=1, fill=0)
            c.setFont(fonts.SANS_BOLD, 9.5)
            c.setFillColor(INK)
            c.drawCentredString(cx + cell_w / 2, cy + 3,
                                f"{self.exhibit.picture_label(i).split()[-1]}  at {self.exhibit.timestamp(i)}")


def render_pdf(req: PdfRequest, dest: Path) -> int:
    """Write the evidence PDF to dest; return its page count."""
    fonts.register_base()
    styles = _styles()
    size = PAGE_SIZES.get(req.page, A4)
    tracker = _Tracker()
    buf = io.BytesIO()
    order = req.case.order

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(fonts.SANS, 8)
        canvas.setFillColor(MUTED)
        text = f"Order {order.id}  |  evidence pack generated {req.generated_at.strftime('%Y-%m-%d')}"
        canvas.drawString(MARGIN, 9 * mm, _latin(text))
        canvas.drawRightString(size[0] - MARGIN, 9 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = BaseDocTemplate(buf, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN + 6 * mm, invariant=1, title="", author="", subject="",
                          creator=TOOL_NAME, producer=TOOL_NAME, pageCompression=1)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
    story: list[Flowable] = []
    story += _cover(req, styles)
    for ex in req.exhibits:
        story += _exhibit_pages(ex, req, styles, tracker)
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
    return _finish(buf.getvalue(), tracker, req, dest)


def _latin(text: str) -> str:
    return "".join(ch if not fonts.needs_fallback(ch) else "?" for ch in text)


def _cover(req: PdfRequest, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    case = req.case
    o, c, s = case.order, case.claim, case.seller
    cur = o.currency
    out: list[Flowable] = []
    out.append(Paragraph("Evidence for dispute", st["title"]))
    out.append(_p(f"Order {o.id}  |  {req.platform_name}  |  {REASON_TEXT[c.reason]}", st["subtitle"]))
    out.append(Spacer(1, 8))
    amount = Table([[Paragraph("Amount claimed", st["cellb"]), _p(case.refund.text, ParagraphStyle(
        "amt", parent=st["cellb"], fontSize=15, leading=18, textColor=ACCENT))],
        [Paragraph("How it was computed", st["cellb"]), _p(case.refund.computation, st["cell"])]],
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
    rows.append(("Quantity", str(o.quantity)))
    rows.append(("Unit price", format_money(o.unit_price, cur)))
    rows.append(("Shipping", format_money(o.shipping, cur)))
    rows.append(("Order total", case.refund.text if case.refund.is_full else format_money(case.refund.order_total, cur)))
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
            out.append(_p(line, st["lead"]))
            lead += 1
        else:
            out.append(_p(line, st["just"]))
    out.append(Paragraph("Exhibits", st["h2"]))
    ex_rows = [[Paragraph("No.", st["cellb"]), Paragraph("Kind", st["cellb"]), Paragraph("Caption", st["cellb"]),
                Paragraph("File", st["cellb"])]]
    for ex in req.exhibits:
        kind = KIND_LABEL.get(ex.kind, ex.kind)
        if ex.kind == "video" and ex.pictures:
            kind += f" ({len(ex.pictures)} frames)"
        elif ex.ingested.pdf_pages:
            kind += f" ({ex.ingested.pdf_pages} p.)"
        ex_rows.append([Paragraph(str(ex.number), st["cell"]), Paragraph(kind, st["cell"]), _p(ex.caption, st["cell"]),
                        _p(ex.rel, st["small"])])
    if len(ex_rows) == 1:
        ex_rows.append([Paragraph("-", st["cell"]), Paragraph("", st["cell"]),
                        Paragraph("No evidence files were found in the case folder.", st["cell"]), Paragraph("", st["cell"])])
    t = Table(ex_rows, colWidths=[12 * mm, 30 * mm, None, 52 * mm], repeatRows=1)
    t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(t)
    return out


def _kv(rows: list[tuple[str, str]], st: dict[str, ParagraphStyle]) -> Table:
    t = Table([[Paragraph(k, st["cellb"]), _p(v, st["cell"])] for k, v in rows], colWidths=[45 * mm, None])
    t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
    return t


def _facts_line(ex: Exhibit, extra: str = "") -> str:
    ing = ex.ingested
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


def _exhibit_pages(ex: Exhibit, req: PdfRequest, st: dict[str, ParagraphStyle], tracker: _Tracker) -> list[Flowable]:
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
        out.append(FrameSheet(st, ex, header, _facts_line(ex, extra), (key, title, 0)))
        for i, pic in enumerate(ex.pictures):
            out.append(PageBreak())
            out.append(ExhibitPage(st, ex.picture_label(i), ex.picture_caption(i), _facts_line(ex, extra),
                                   (pic.path, pic.width, pic.height),
                                   (f"{key}-{i}", f"{ex.picture_label(i)}: {ex.picture_caption(i)}", 1)))
        return out
    if ex.ingested.pdf_pages:
        for pg in range(ex.ingested.pdf_pages):
            out.append(PageBreak())
            label = ex.label if ex.ingested.pdf_pages == 1 else f"{ex.label} (page {pg + 1} of {ex.ingested.pdf_pages})"
            out.append(ExhibitPage(st, label, ex.caption, _facts_line(ex), None,
                                   (key, title, 0) if pg == 0 else None, tracker, (ex.ingested.source.path, pg)))
        return out
    for i, pic in enumerate(ex.pictures):
        out.append(PageBreak())
        out.append(ExhibitPage(st, ex.picture_label(i), ex.picture_caption(i), _facts_line(ex),
                               (pic.path, pic.width, pic.height),
                               (key, title, 0) if i == 0 else None))
    return out


def _appendix(req: PdfRequest, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("Integrity appendix", st["h2"])]
    out.append(Paragraph(
        "Every original file is listed below with its size and SHA-256 hash; the originals were not modified. "
        "To check a file, compute its SHA-256 (for example <font name='Courier'>sha256sum FILE</font> or "
        "<font name='Courier'>evidence-pack verify</font>) and compare it with the hash printed here.", st["body"]))
    out.append(Spacer(1, 6))
    rows = [[Paragraph(h, st["cellb"]) for h in ("File", "Kind", "Bytes", "Status", "SHA-256")]]
    for r in req.records:
        sha = r.sha256 or "-"
        rows.append([_p(r.rel + _details_text(r), st["small"]), Paragraph(r.kind or "-", st["small"]),
                     Paragraph(f"{r.bytes:,}", st["small"]), _p(r.status, st["small"]),
                     Paragraph(sha[:32] + "<br/>" + sha[32:], st["mono"])])
    t = Table(rows, colWidths=[44 * mm, 21 * mm, 18 * mm, 35 * mm, None], repeatRows=1)
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
    """Duration, size and codec of a video, for the appendix."""
    video = dict(r.details).get("video")
    if not isinstance(video, dict):
        return ""
    dur = video.get("duration_s")
    bits = [format_ts(float(dur), precise=True) if isinstance(dur, (int, float)) else "length unknown",
            f"{video.get('width')} x {video.get('height')}", str(video.get("codec") or "")]
    return " (" + ", ".join(b for b in bits if b) + ")"


def _finish(data: bytes, tracker: _Tracker, req: PdfRequest, dest: Path) -> int:
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for pl in tracker.placements:
        try:
            src_page = PdfReader(str(pl.source)).pages[pl.source_page]
            x, y, w, h = pl.box
            mb = src_page.mediabox
            sw, sh = float(mb.width), float(mb.height)
            rot = int(src_page.get("/Rotate", 0) or 0) % 360
            if rot:
                src_page.transfer_rotation_to_content()
                mb = src_page.mediabox
                sw, sh = float(mb.width), float(mb.height)
            scale = min(w / sw, h / sh)
            tx = x + (w - sw * scale) / 2 - float(mb.left) * scale
            ty = y + (h - sh * scale) / 2 - float(mb.bottom) * scale
            writer.pages[pl.page_index].merge_transformed_page(
                src_page, Transformation().scale(scale, scale).translate(tx, ty))
        except Exception as exc:
            raise RenderError(f"{pl.source.name}: page {pl.source_page + 1} could not be placed in the PDF ({exc})") from exc
    stamp = "D:" + req.generated_at.strftime("%Y%m%d%H%M%S") + "Z"
    o = req.case.order
    writer.add_metadata({
        "/Title": f"Evidence for dispute, order {o.id}",
        "/Subject": f"{REASON_TEXT[req.case.claim.reason]}: {o.item}; claim {req.case.refund.text}",
        "/Author": "",
        "/Creator": f"{TOOL_NAME} {__version__}",
        "/Producer": f"{TOOL_NAME} {__version__}",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    })
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    dest.write_bytes(out.getvalue())
    return len(writer.pages)

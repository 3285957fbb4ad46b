"""The exhibit pages of the evidence PDF: one page per picture (or grids of several when a page budget
asks for it), a frame sheet and frame pages per video, reserved pages for appended documents."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak

from evidence_pack.exhibits import Exhibit, capture_text
from evidence_pack.ingest import Ingested
from evidence_pack.pdf.pages import ExhibitGrid, ExhibitPage, FrameSheet, Tracker
from evidence_pack.pdf.picture import Shown
from evidence_pack.pdf.request import PdfRequest
from evidence_pack.pdf.sidebyside import ComparePage
from evidence_pack.pdf.textlayer import slice_lines, transcript_story
from evidence_pack.video.statements import video_notes
from evidence_pack.video.timecode import format_length


def _facts_line(ex: Exhibit, extra: str = "", compact: bool = False) -> str:
    ing = ex.ingested
    if compact:
        taken = capture_text(ex.captured_at)
        return "  |  ".join([ex.rel] + ([f"taken {taken}"] if taken else []) + [f"SHA-256 {ex.sha256[:12]}"])
    parts = [f"File: {ex.rel}"]
    taken = capture_text(ex.captured_at)
    if taken:
        parts.append(f"{'Recorded' if ex.kind == 'video' else 'Taken'}: {taken}")
    elif ex.kind == "photo" and ing.content_is_image:
        parts.append("Taken: not recorded in the file")
    if ing.width and ing.height:
        parts.append(f"Original: {ing.width} x {ing.height} px")
    if extra:
        parts.append(extra)
    parts.append(f"SHA-256: {ex.sha256[:16]}...")
    return "  |  ".join(parts)


def exhibit_story(req: PdfRequest, st: dict[str, ParagraphStyle], tracker: Tracker) -> list[Flowable]:
    """One page per picture, or grids of several pictures per page when the layout asks for it.
    Videos keep their frame sheet and documents their pages either way. Listing-against-item pages
    come first: for a not-as-described claim they are the case at a glance."""
    out: list[Flowable] = []
    for cmp in req.comparisons:
        out.append(PageBreak())
        out.append(
            ComparePage(
                st, cmp, (req.image(cmp.listed.pictures[cmp.listed_index]), req.image(cmp.received.pictures[0]))
            )
        )
    if req.layout.per_page <= 1:
        for ex in req.exhibits:
            out += _exhibit_pages(ex, req, st, tracker)
        return out
    cells: list[tuple[Exhibit, int]] = []
    # Chat screenshots are tall and must stay readable: at most two side by side on a page.
    limit = {"chat": min(2, req.layout.per_page)}

    def flush() -> None:
        if cells:
            kind = cells[0][0].kind
            out.append(PageBreak())
            out.append(
                ExhibitGrid(
                    st,
                    [(ex, i, req.image(ex.pictures[i]), _facts_line(ex, compact=True)) for ex, i in cells],
                    limit.get(kind, req.layout.per_page),
                    side_by_side=kind == "chat",
                )
            )
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
        extra = ", ".join(
            x
            for x in (
                f"{format_length(float(dur))} long" if isinstance(dur, (int, float)) else "length unknown",
                str(v.get("codec") or ""),
            )
            if x
        )
        if ex.ingested.partial:
            extra += f"; PARTIAL: {ex.ingested.partial}"
        out.append(PageBreak())
        header = f"{ex.caption}. Frames chosen from {ex.name}, with the time at which each appears."
        if ex.marker:
            header += f" {ex.marker}."
        out.append(
            FrameSheet(
                st,
                ex,
                header,
                _facts_line(ex, extra),
                (key, title, 0),
                [req.image(p) for p in ex.pictures],
                video_notes(v, req.case.order.tracking),
            )
        )
        if not req.layout.frame_pages:
            return out
        for i, pic in enumerate(ex.pictures):
            pic = req.image(pic)
            out.append(PageBreak())
            out.append(
                ExhibitPage(
                    st,
                    ex.picture_label(i),
                    ex.picture_caption(i),
                    _facts_line(ex, extra),
                    (pic.path, pic.width, pic.height),
                    (f"{key}-{i}", f"{ex.picture_label(i)}: {ex.picture_caption(i)}", 1),
                    shown=Shown.of(ex, i),
                )
            )
        return out
    if ex.ingested.pdf_pages:
        return _document_pages(ex, st, tracker)
    layer = slice_lines(req.readings, ex)  # chat screenshots: the text read, searchable on the page
    for i, pic in enumerate(ex.pictures):
        pic = req.image(pic)
        out.append(PageBreak())
        out.append(
            ExhibitPage(
                st,
                ex.picture_label(i),
                ex.picture_caption(i),
                _facts_line(ex),
                (pic.path, pic.width, pic.height),
                (key, title, 0) if i == 0 else None,
                text_layer=layer[i],
                shown=Shown.of(ex, i),
            )
        )
    return out + _transcript(ex, req, st)


def _transcript(ex: Exhibit, req: PdfRequest, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The transcript page after a chat exhibit, when its text was read."""
    reading = req.readings.file(ex.rel)
    chat = reading.transcript if reading is not None else None
    if chat is None:
        return []
    found = req.readings.agreement(req.case.seller.agreement_evidence)
    quoted = found.quote if found is not None and found.rel == ex.rel and req.case.seller.agreed != "none" else None
    return transcript_story(ex, chat, st, quoted)


def _document_pages(ex: Exhibit, st: dict[str, ParagraphStyle], tracker: Tracker) -> list[Flowable]:
    """One reserved page per placed page of a document; a capped document says so on every page."""
    ing = ex.ingested
    total = max(ing.pdf_pages_in_file, ing.pdf_pages)
    extra = ""
    if total > ing.pdf_pages:
        extra = (
            f"Only the first {ing.pdf_pages} of the document's {total:,} pages are placed in this pack; "
            "the SHA-256 is that of the whole file"
        )
    out: list[Flowable] = []
    for pg in range(ing.pdf_pages):
        out.append(PageBreak())
        label = ex.label if total == 1 else f"{ex.label} (page {pg + 1} of {total:,})"
        out.append(
            ExhibitPage(
                st,
                label,
                ex.caption,
                _facts_line(ex, extra),
                None,
                (f"ex{ex.number}", f"{ex.label}: {ex.caption}", 0) if pg == 0 else None,
                tracker,
                (ing.document or ing.source.path, pg, ex.rel),
            )
        )
    return out


def pages_text(ing: Ingested) -> str:
    """ "3 p.", or "first 50 of 5,000 p." for a document over the page cap."""
    if ing.pdf_pages_in_file > ing.pdf_pages:
        return f"first {ing.pdf_pages} of {ing.pdf_pages_in_file:,} p."
    return f"{ing.pdf_pages} p."

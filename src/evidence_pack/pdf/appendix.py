"""The integrity appendix: every original with its size, status and SHA-256."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
)

from evidence_pack import TOOL_NAME, __version__
from evidence_pack.exhibits import InputRecord
from evidence_pack.pdf.pages import para, ruled_table
from evidence_pack.pdf.request import PdfRequest
from evidence_pack.video.timecode import format_ts


def appendix(req: PdfRequest, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("Integrity appendix", st["h2"])]
    out.append(
        Paragraph(
            "Every original file is listed below with its size and SHA-256 hash, computed before anything was "
            "done to it; the originals were not modified. To check a file, compute its SHA-256 (for example with "
            "<font name='Courier'>sha256sum FILE</font>, or <font name='Courier'>evidence-pack verify OUT --case "
            "CASE</font> for all of them) and compare it with the hash printed here.",
            st["body"],
        )
    )
    out.append(Spacer(1, 6))
    rows = [[Paragraph(h, st["cellb"]) for h in ("File", "Kind", "Bytes", "Status", "SHA-256")]]
    large = req.min_pt >= 10  # the card profile: every text at 10 pt or more
    chunk = 22 if large else 32  # a hash in lines that fit its column: 3 of 22 characters, or 2 of 32
    for r in req.records:
        sha = r.sha256 or "-"
        rows.append(
            [
                para(r.rel + _details_text(r), st["small"]),
                Paragraph(r.kind or "-", st["small"]),
                Paragraph(f"{r.bytes:,}", st["small"]),
                para(r.status, st["small"]),
                Paragraph("<br/>".join(sha[k : k + chunk] for k in range(0, len(sha), chunk)), st["mono"]),
            ]
        )
    widths = [47 * mm, 15 * mm, 19 * mm, 29 * mm, None] if large else [44 * mm, 21 * mm, 18 * mm, 35 * mm, None]
    out.append(ruled_table(rows, widths))
    out.append(Spacer(1, 8))
    out.append(
        Paragraph(
            f"Made by {TOOL_NAME} {__version__} on {req.generated_at.strftime('%Y-%m-%d %H:%M')} UTC. The pictures in "
            "this document are reduced copies of the originals with all camera and location metadata removed.",
            st["small"],
        )
    )
    return [KeepTogether(out[:3]), *out[3:]]


def _details_text(r: InputRecord) -> str:
    """Duration, size and codec of a video, or the pages placed of a capped document, for the appendix."""
    details = dict(r.details)
    video = details.get("video")
    if isinstance(details.get("pages_placed"), int) and isinstance(details.get("pages"), int):
        return f" ({details['pages']:,} pages; only the first {details['pages_placed']} placed)"
    if not isinstance(video, dict):
        return ""
    dur = video.get("duration_s")
    bits = [
        format_ts(float(dur), precise=True) if isinstance(dur, (int, float)) else "length unknown",
        f"{video.get('width')} x {video.get('height')}",
        str(video.get("codec") or ""),
    ]
    return " (" + ", ".join(b for b in bits if b) + ")"

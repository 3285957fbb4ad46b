"""Make the evidence PDF fit a platform's budget (pages, bytes) without dropping any evidence.

First the page budget: several exhibits per page, video frames on their frame sheet only. Then the
byte budget: the pictures inside the PDF are re-encoded smaller (resolution, then JPEG quality)
for the size they are shown at. Every step taken is said in the build's notes.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from evidence_pack.ingest import Picture
from evidence_pack.media.jpeg import open_rgb
from evidence_pack.pdf.pages import ExhibitGrid
from evidence_pack.pdf.render import render_pdf
from evidence_pack.pdf.request import Layout, PdfRequest
from evidence_pack.platforms import Platform

GRIDS = tuple(ExhibitGrid.GRIDS)  # pictures per page, tried in this order
# (dots per inch at the size shown, JPEG quality): tried in order until the PDF fits its byte budget
LEVELS = ((150, 72), (120, 62), (100, 55), (85, 48), (72, 42), (60, 38))
A4_CONTENT_PT = (515.0, 640.0)


@dataclass(frozen=True)
class FitResult:
    pages: int
    bytes: int
    notes: tuple[str, ...]


def _shrink(task: tuple[Path, Path, int, int]) -> Picture:
    src, dest, max_edge, quality = task
    img = open_rgb(src, (max_edge, max_edge))
    if max(img.size) > max_edge:
        img.thumbnail((max_edge, max_edge), Image.Resampling.BICUBIC, reducing_gap=2.0)
    img.save(dest, "JPEG", quality=quality)
    return Picture(dest, img.width, img.height)


def _shown_edge_pt(per_page: int) -> float:
    """The long edge (points) a picture is shown at in a layout."""
    cols, rows = ExhibitGrid.GRIDS.get(per_page, (1, 1))
    return max(A4_CONTENT_PT[0] / cols, A4_CONTENT_PT[1] / rows * 0.8)


def fit_pdf(req: PdfRequest, dest: Path, platform: Platform, pool: Executor, workdir: Path) -> FitResult:
    """Render evidence.pdf within the platform's page and byte budgets, as far as evidence allows."""
    notes: list[str] = []
    req = replace(req, layout=Layout(min_pt=platform.min_text_pt))
    pages = render_pdf(req, dest)
    max_pages = platform.pdf_max_pages
    if max_pages and pages > max_pages:
        for per_page in GRIDS:
            req = replace(req, layout=replace(req.layout, per_page=per_page, frame_pages=False))
            pages = render_pdf(req, dest)
            if pages <= max_pages:
                break
        notes.append(
            f"to stay within the {max_pages}-page limit ({platform.name}), evidence.pdf shows up to "
            f"{req.layout.per_page} pictures per page (chat screenshots two) and each video's frames "
            "on its frame sheet only"
        )
        if pages > max_pages:
            notes.append(
                f"evidence.pdf still has {pages} pages, over the {max_pages} allowed: it holds more "
                "evidence than fits; leave out what matters least (every file is still listed)"
            )
    size = dest.stat().st_size
    budget = platform.pdf_max_bytes
    if budget and size > budget:
        # a document's pages are placed as they are: its pictures are for the cards only
        pictures = {p.path: p for ex in req.exhibits if not ex.ingested.pdf_pages for p in ex.pictures}
        shown_pt = _shown_edge_pt(req.layout.per_page)
        images_now = sum(p.path.stat().st_size for p in pictures.values())
        overhead = max(0, size - images_now)
        chosen = None
        for n, (dpi, quality) in enumerate(LEVELS):
            edge = max(240, int(shown_pt / 72 * dpi))
            folder = workdir / f"fit-{n}"
            folder.mkdir(parents=True, exist_ok=True)
            paths = list(pictures)
            futures = [pool.submit(_shrink, (p, folder / f"{k:04d}.jpg", edge, quality)) for k, p in enumerate(paths)]
            images = {p: f.result() for p, f in zip(paths, futures, strict=False)}
            total = sum(pic.path.stat().st_size for pic in images.values())
            chosen = (dpi, quality, images)
            if overhead + total <= budget * 0.97:
                break
        assert chosen is not None
        dpi, quality, images = chosen
        req = replace(req, images=images)
        pages = render_pdf(req, dest)
        size = dest.stat().st_size
        notes.append(
            f"to stay under the {budget:,}-byte limit ({platform.name}), the pictures in evidence.pdf were "
            f"re-encoded for {dpi} dpi at JPEG quality {quality} (the upload cards and originals "
            "keep their full detail)"
        )
        if size > budget:
            notes.append(
                f"evidence.pdf is {size:,} bytes, still over {budget:,}: it holds more evidence than "
                "fits; leave out what matters least"
            )
    return FitResult(pages=pages, bytes=size, notes=tuple(notes))

"""Read every evidence file once: hash it, decode it reduced, and write the JPEGs the PDF and uploads reuse.

Work is per file and independent, so it is spread over worker processes; results
are plain data (paths and numbers), never decoded images.
"""

from __future__ import annotations

import errno
import hashlib
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageStat

from evidence_pack.errors import MediaError, describe
from evidence_pack.folder.discover import SourceFile
from evidence_pack.media.image import ImageFacts
from evidence_pack.pdf.limits import DEFAULT_MAX_PAGES
from evidence_pack.quiet import quiet

if TYPE_CHECKING:
    from evidence_pack.video.choose import Frame

# Long edge of the copies in the PDF and on cards: at least MIN, at most MAX. A 12-MP phone photo
# decodes straight to 1008 px at 1/4 scale (no resize), which reads well on A4 at 100 % zoom.
PHOTO_MIN_EDGE = 1000
PHOTO_MAX_EDGE = 1600
CHAT_MAX_WIDTH = 1170
TALL_RATIO = 2.4  # taller than this (height / width) and a screenshot is split across pages
SLICE_RATIO = 2.1
JPEG_QUALITY = 80


@dataclass(frozen=True)
class Picture:
    """One prepared JPEG: a photo, a slice of a tall screenshot, or a video frame."""

    path: Path
    width: int
    height: int
    at_s: float | None = None
    requested: bool = False


@dataclass(frozen=True)
class Ingested:
    """What reading one evidence file produced."""

    source: SourceFile
    sha256: str
    pictures: tuple[Picture, ...] = ()
    format: str | None = None
    width: int | None = None
    height: int | None = None
    frames_in_file: int = 1
    captured_at: str | None = None  # ISO, from EXIF DateTimeOriginal
    has_exif: bool = False
    camera: str | None = None
    pdf_pages: int = 0  # pages of a document placed in the pack (at most the build's cap)
    pdf_pages_in_file: int = 0  # pages the document has
    document: Path | None = None  # its clean copy, the pages that are placed
    document_title: str | None = None  # the first line of its first page ("Order receipt")
    pixels_sha256: str | None = None
    redacted: tuple[tuple[float, float, float, float], ...] = ()
    video: dict[str, object] = field(default_factory=dict)
    partial: str | None = None
    error: str | None = None  # why the file could not be used, in plain words
    error_detail: str | None = None  # the library's own account, for manifest.json only
    barcodes: dict[str, object] | None = None  # read from the decoded pixels (read.readings.barcodes_of)

    @property
    def content_is_image(self) -> bool:
        return self.source.content == "image"


_UNREADABLE = "could not be read (damaged, or in a form this tool does not handle); export it again"
_OUTPUT_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class IngestSettings:
    """What reading each file depends on, besides the file (plain data: it travels to the workers)."""

    frames_per_video: int = 8
    decode_threads: int = 0  # video decoder threads; 1 when every core already runs its own case
    max_document_pages: int = DEFAULT_MAX_PAGES
    render_documents: bool = False  # pictures of a document's pages, for platforms that take pictures
    barcodes: bool = False  # read the barcodes of each picture from the pixels decoded for the pack


def ingest_all(
    sources: list[SourceFile], workdir: Path, pool: Executor | None = None, settings: IngestSettings = IngestSettings()
) -> list[Ingested]:
    """Ingest every source, on the pool when one is given; the result follows the order of `sources`."""
    tasks = [(s, workdir, i, settings) for i, s in enumerate(sources)]
    if pool is None:
        return [_ingest_task(t) for t in tasks]
    # big files first so the workers finish together
    order = sorted(range(len(tasks)), key=lambda i: -sources[i].size)
    futures = {i: pool.submit(_ingest_task, tasks[i]) for i in order}
    return [futures[i].result() for i in range(len(tasks))]


def _ingest_task(task: tuple[SourceFile, Path, int, IngestSettings]) -> Ingested:
    src, workdir, index, settings = task
    if not src.regular:  # never opened: a pipe would block, a loop has no content
        return Ingested(src, "", error=src.problem)
    try:
        digest = sha256_file(src.path)
    except OSError as exc:
        return Ingested(src, "", error=f"cannot be read ({exc.strerror})")
    if src.kind is None or src.problem:
        return Ingested(src, digest, error=src.problem)
    try:
        if src.content == "video" or src.kind == "video":
            return _ingest_video(src, digest, workdir, index, settings.frames_per_video, settings.decode_threads)
        if src.content == "pdf":
            return _ingest_pdf(src, digest, workdir, index, settings)
        return _ingest_image(src, digest, workdir, index, settings.barcodes)
    except MediaError as exc:
        return Ingested(src, digest, error=exc.reason, error_detail=exc.detail)
    except MemoryError:
        return Ingested(src, digest, error="is too large to decode in the memory available")
    except OSError as exc:
        if exc.errno in _OUTPUT_ERRNOS:  # writing the reduced copy failed: the output's problem, not the file's
            raise
        return Ingested(src, digest, error=_UNREADABLE, error_detail=describe(exc))
    except Exception as exc:  # a library bug on a hostile file must not stop the other files
        return Ingested(src, digest, error=_UNREADABLE, error_detail=describe(exc))


def decode_for_pack(path: Path, rel: str, kind: str | None) -> tuple[Image.Image, ImageFacts]:
    """The one decode the pack uses for an image (verify repeats it to compare pixel hashes)."""
    from evidence_pack.media.image import decode_upright

    if kind == "chat":
        return decode_upright(path, rel, max_edge=None, max_width=CHAT_MAX_WIDTH)
    return decode_upright(path, rel, max_edge=PHOTO_MAX_EDGE, min_edge=PHOTO_MIN_EDGE)


def redact(img: Image.Image, boxes: tuple[tuple[float, float, float, float], ...]) -> Image.Image:
    """Black out boxes given as fractions (x, y, w, h) of the upright picture, on a copy."""
    if not boxes:
        return img
    from PIL import ImageDraw

    img = img.copy()
    d = ImageDraw.Draw(img)
    for x, y, w, h in boxes:
        d.rectangle(
            [int(x * img.width), int(y * img.height), int((x + w) * img.width) - 1, int((y + h) * img.height) - 1],
            fill=(0, 0, 0),
        )
    return img


def _ingest_image(src: SourceFile, digest: str, workdir: Path, index: int, barcodes: bool = False) -> Ingested:
    from evidence_pack.media.jpeg import save_jpeg

    boxes = src.entry.redact if src.entry else ()
    img, facts = decode_for_pack(src.path, src.rel, src.kind)
    img = redact(img, boxes)  # chat screenshots arrive at most CHAT_MAX_WIDTH wide
    found = None
    if barcodes:
        from evidence_pack.read.readings import cached_barcodes_of, wanted

        # read here, on the pixels in hand: a second decode of every photo for its barcodes would cost
        # as much as the first (and not at all when the cache has this picture's reading)
        found = cached_barcodes_of(src, digest, img) if wanted(src, False)[0] else None
    parts = split_tall(img) if src.kind == "chat" else [img]
    pictures = []
    for k, part in enumerate(parts):
        p = save_jpeg(part, workdir / f"{index:04d}-{k:02d}.jpg", quality=JPEG_QUALITY)
        pictures.append(Picture(p.path, p.width, p.height))
    return Ingested(
        src,
        digest,
        pictures=tuple(pictures),
        format=facts.format,
        width=facts.width,
        height=facts.height,
        frames_in_file=facts.frames,
        captured_at=facts.captured_at.isoformat(sep=" ") if facts.captured_at else None,
        has_exif=facts.has_exif,
        camera=facts.camera,
        pixels_sha256=facts.pixels_sha256,
        barcodes=found,
        redacted=boxes,
    )


def split_tall(img: Image.Image) -> list[Image.Image]:
    """Split a long screenshot into page-sized slices, cutting only through quiet rows (between lines of text)."""
    w, h = img.size
    if h <= w * TALL_RATIO:
        return [img]
    grey = img.convert("L")
    target = int(w * SLICE_RATIO)
    parts: list[Image.Image] = []
    top = 0
    while h - top > w * TALL_RATIO:
        lo, hi = top + int(target * 0.7), min(h - 1, top + target)
        cut = _quietest_row(grey, lo, hi)
        parts.append(img.crop((0, top, w, cut)))
        top = cut
    parts.append(img.crop((0, top, w, h)))
    return parts


def _quietest_row(grey: Image.Image, lo: int, hi: int) -> int:
    """The row between lo and hi with the least variation (blank space), preferring the lowest such row."""
    best_row, best_var = hi, float("inf")
    w = grey.width
    step = max(1, (hi - lo) // 300)
    for y in range(hi, lo - 1, -step):
        var = ImageStat.Stat(grey.crop((0, y, w, y + 1))).var[0]
        if var < best_var - 0.5:
            best_row, best_var = y, var
            if var == 0:
                break
    return best_row


def _ingest_pdf(src: SourceFile, digest: str, workdir: Path, index: int, settings: IngestSettings) -> Ingested:
    """Parse the document once: its clean, capped copy is what the PDF places (pdf/documents.py); where
    the platform takes pictures, its pages are drawn as pictures too (the cards of a document)."""
    from evidence_pack.pdf.documents import prepare_document, render_pages

    with quiet():
        doc = prepare_document(src.path, src.rel, workdir / f"{index:04d}-document.pdf", settings.max_document_pages)
        pages, title = render_pages(doc.path, src.rel, workdir / f"{index:04d}-page", settings.render_documents)
    pictures = tuple(Picture(p.path, p.width, p.height) for p in pages)
    return Ingested(
        src,
        digest,
        format="PDF",
        pictures=pictures,
        pdf_pages=doc.pages_placed,
        pdf_pages_in_file=doc.pages_in_file,
        document=doc.path,
        document_title=title,
    )


def count_pdf_pages(path: Path, rel: str) -> int:
    """Pages of a readable PDF that opens without a password; MediaError otherwise. qpdf's warnings about
    damaged files are kept from the user: the outcome is what counts."""
    from evidence_pack.pdf.documents import count_pages

    with quiet():
        return count_pages(path, rel)


def _ingest_video(src: SourceFile, digest: str, workdir: Path, index: int, count: int, threads: int) -> Ingested:
    from evidence_pack.media.jpeg import save_jpeg
    from evidence_pack.video.sample import extract_frames, in_parallel

    requested = src.entry.frames_s if src.entry else ()
    result = extract_frames(src.path, src.rel, count=count, requested_s=requested, threads=threads, read_label=True)
    boxes = src.entry.redact if src.entry else ()

    def save(job: tuple[int, Frame]) -> Picture:
        k, f = job
        img = redact(f.image, boxes)  # frames arrive reduced to video.MAX_EDGE already
        p = save_jpeg(img, workdir / f"{index:04d}-{k:02d}.jpg", quality=JPEG_QUALITY)
        return Picture(p.path, p.width, p.height, at_s=f.at_s, requested=f.requested)

    pictures = in_parallel(save, list(enumerate(result.frames)), threads)
    info = result.info
    return Ingested(
        src,
        digest,
        pictures=tuple(pictures),
        format=info.codec,
        width=info.width,
        height=info.height,
        video={
            "duration_s": info.duration_s,
            "codec": info.codec,
            "fps": info.fps,
            "width": info.width,
            "height": info.height,
            "created_at": info.created_at,
            # what reading the whole video found (video/continuity.py, video/label.py); the words for it
            # are video/statements.py's
            "continuity": result.continuity.as_dict() if result.continuity else None,
            "label": result.label.as_dict() if result.label else None,
            "merged_identical": result.merged,
        },
        partial=result.partial,
        redacted=boxes,
        captured_at=video_time(info.created_at),
    )


def video_time(created: str | None) -> str | None:
    """A container's creation time ("2026-10-21T05:03:00.000000Z") as ISO with its UTC offset, or None."""
    import datetime as dt

    if not created:
        return None
    try:
        when = dt.datetime.fromisoformat(created.strip())
    except ValueError:
        return None
    when = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
    return when.isoformat(sep=" ", timespec="seconds")

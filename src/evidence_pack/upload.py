"""The upload folder: files ready to attach on the platform, within its limits.

For platforms that take images only (AliExpress) each exhibit becomes a JPEG "exhibit card"
with its number and caption burned in; quality, then size, is lowered until it fits.
"""

from __future__ import annotations

import shutil
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from evidence_pack.cards import CARD_WIDTH, PAD, Side, fit_scale, low_res_note, make_compare_card, marker_band, outline
from evidence_pack.cards import draw_text as _draw_text
from evidence_pack.cards import wrap as _wrap
from evidence_pack.compare import Comparison
from evidence_pack.errors import RenderError
from evidence_pack.exhibits import Exhibit, capture_text
from evidence_pack.fields import Box
from evidence_pack.media.jpeg import jpeg_bytes, open_rgb
from evidence_pack.platforms import Platform

CARD_MAX_HEIGHT = 2200


@dataclass(frozen=True)
class UploadFile:
    name: str
    bytes: int
    exhibit: int | None
    note: str = ""


@dataclass(frozen=True)
class UploadResult:
    files: tuple[UploadFile, ...]
    notes: tuple[str, ...]


def make_card(
    picture: Path,
    label: str,
    caption: str,
    footer: str,
    boxes: tuple[Box, ...] = (),
    marker: str | None = None,
    original: tuple[int, int] | None = None,
) -> Image.Image:
    """A JPEG-ready card: exhibit label and caption above the picture, file facts below. Highlight boxes
    are framed; a doubtful capture time is marked in an amber band; a small picture is shown at most at
    twice its size, saying it is a low-resolution original (original: its size in pixels)."""
    img = open_rgb(picture)
    scratch = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    inner = CARD_WIDTH - 2 * PAD
    cap_lines = _wrap(scratch, caption, 34, inner)
    head_h = PAD + 62 + len(cap_lines) * 44 + 18
    marker_h = 16 + 36 * len(_wrap(scratch, marker, 28, inner - 24, max_lines=2, bold=True)) + 14 if marker else 0
    foot_h = 50
    max_img_h = CARD_MAX_HEIGHT - head_h - marker_h - foot_h
    scale, small = fit_scale(img.size, (inner, max_img_h))
    note_h = 34 if small else 0
    new_size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    if new_size != img.size:
        img = img.resize(new_size, Image.Resampling.LANCZOS)
    img = outline(img, boxes)
    top = head_h + marker_h
    card = Image.new("RGB", (CARD_WIDTH, top + img.height + note_h + foot_h), (255, 255, 255))
    d = ImageDraw.Draw(card)
    d.rectangle((0, 0, CARD_WIDTH, 10), fill=(11, 79, 138))
    _draw_text(d, (PAD, PAD - 6), label, 52, bold=True, fill=(11, 79, 138))
    y = PAD + 62
    for line in cap_lines:
        _draw_text(d, (PAD, y), line, 34)
        y += 44
    if marker:
        marker_band(d, head_h - 4, marker)
    card.paste(img, ((CARD_WIDTH - img.width) // 2, top))
    if small:
        note = low_res_note(original, new_size)
        _draw_text(d, (PAD, top + img.height + 6), note, 24, fill=(85, 85, 85))
    _draw_text(d, (PAD, top + img.height + note_h + 12), footer, 22, fill=(85, 85, 85))
    return card


def fit_jpeg(card: Image.Image, max_bytes: int) -> bytes:
    """Encode under max_bytes: quality first (85 down to 60), then size in steps of 15 %."""
    img = card
    for _ in range(12):
        for q in (85, 78, 70, 60):
            data = jpeg_bytes(img, q)
            if len(data) <= max_bytes:
                return data
        img = img.resize((max(1, int(img.width * 0.85)), max(1, int(img.height * 0.85))), Image.Resampling.LANCZOS)
    raise RenderError(f"an exhibit card cannot be made smaller than {max_bytes:,} bytes")


def _original_size(ex: Exhibit, index: int) -> tuple[int, int]:
    """The size to name in "low-resolution original": the file's own, or the picture's for a slice or frame."""
    pic, ing = ex.pictures[index], ex.ingested
    if len(ex.pictures) == 1 and ex.kind != "video" and ing.width and ing.height:
        return ing.width, ing.height
    return pic.width, pic.height


def _card_name(ex: Exhibit, index: int, seq: int) -> str:
    label = ex.picture_label(index)
    slug = label.lower().replace(" (part ", "-part-").replace(" of ", "-of-").replace(")", "").replace(" ", "-")
    return f"{seq:02d}-{slug}.jpg"


def _video_upload(ex: Exhibit, platform: Platform, dest: Path, name_seq: int) -> UploadFile | str:
    """The video itself, without its metadata, when the platform takes video and it fits;
    otherwise the note that says why not."""
    from evidence_pack.errors import VideoError
    from evidence_pack.video.remux import remux_clean

    src = ex.ingested.source
    if not platform.accepts_video:
        return (
            f"{platform.name} does not take video files: {src.rel} is shown by its frames "
            f"(Exhibit {ex.number}a ...) in evidence.pdf and upload/"
        )
    limit = platform.max_video_bytes
    if src.size > limit:  # re-encoded to fit, by a worker (upload_video.py)
        return ""
    name = f"{name_seq:02d}-exhibit-{ex.number}-video{src.path.suffix.lower()}"
    try:
        remux_clean(src.path, dest / name, src.rel)
    except VideoError as exc:
        return f"{exc}; attach the original video by hand if the platform asks for it"
    return UploadFile(name, (dest / name).stat().st_size, ex.number, note="video without metadata")


@dataclass(frozen=True)
class CardJob:
    """One card to make: plain data, so a worker process can make it."""

    picture: Path
    label: str
    caption: str
    footer: str
    dest: Path
    max_bytes: int
    boxes: tuple[Box, ...] = ()
    marker: str | None = None
    original: tuple[int, int] | None = None


def _make_card_file(job: CardJob) -> int:
    card = make_card(job.picture, job.label, job.caption, job.footer, job.boxes, job.marker, job.original)
    data = fit_jpeg(card, job.max_bytes)
    job.dest.write_bytes(data)
    return len(data)


@dataclass(frozen=True)
class CompareJob:
    """One side-by-side card (listing | item received) to make in a worker process."""

    left: Side
    right: Side
    footer: str
    dest: Path
    max_bytes: int


def _make_compare_file(job: CompareJob) -> int:
    data = fit_jpeg(make_compare_card(job.left, job.right, job.footer), job.max_bytes)
    job.dest.write_bytes(data)
    return len(data)


def _side(heading: str, ex: Exhibit, index: int, swatch: tuple[tuple[int, int, int], str] | None) -> Side:
    return Side(
        heading, ex.picture_label(index), ex.picture_caption(index), ex.pictures[index].path, ex.boxes_on(index), swatch
    )


def compare_job(c: Comparison, dest: Path, max_bytes: int) -> tuple[str, CompareJob]:
    """The side-by-side card of one comparison; its name sorts before the exhibit cards."""
    listed, received = c.listed, c.received
    sw = c.swatches
    name = f"00-compare-exhibit-{listed.number}-and-{received.number}.jpg"
    job = CompareJob(
        _side("Listed", listed, c.listed_index, (sw[0].rgb, sw[0].text) if sw else None),
        _side("Received", received, 0, (sw[1].rgb, sw[1].text) if sw else None),
        f"{listed.rel}  |  {received.rel}",
        dest / name,
        max_bytes,
    )
    return name, job


class UploadBuilder:
    """Fills upload/ in two steps so the cards are made by the workers while the PDF is laid out:
    `start` hands the cards to the pool, `finish` adds the PDF and collects the results."""

    def __init__(
        self,
        exhibits: list[Exhibit],
        platform: Platform,
        dest: Path,
        pool: Executor,
        comparisons: tuple[Comparison, ...] = (),
        frame_cards: bool = False,
    ) -> None:
        from evidence_pack.upload_video import FitOutcome

        self.exhibits = exhibits
        self.platform = platform
        self.dest = dest
        self.notes: list[str] = []
        self.entries: list[tuple[str, int | None, Future[int] | int]] = []  # (name, exhibit, future or size)
        self.fitting: list[tuple[int, Future[FitOutcome]]] = []  # (exhibit, copy of a video made to fit)
        # image-only platforms get one frame-sheet card per video, unless one card per frame is asked for
        sheets = not platform.accepts_pdf and not frame_cards
        dest.mkdir(parents=True, exist_ok=True)
        self.pdf_only = platform.takes_pdf and not platform.takes_cards
        if not platform.takes_cards:
            return
        for c in comparisons:
            name, cjob = compare_job(c, dest, platform.max_file_bytes)
            self.entries.append((name, c.received.number, pool.submit(_make_compare_file, cjob)))
        seq = 0
        for ex in exhibits:
            if ex.kind == "video" and sheets and ex.pictures:
                seq += 1
                self._sheet(ex, seq, pool)
            for i, pic in enumerate(() if ex.kind == "video" and sheets else ex.pictures):
                seq += 1
                footer_bits = [ex.rel]
                taken = capture_text(ex.captured_at)
                if taken and ex.kind != "video":
                    footer_bits.append(f"taken {taken}")
                footer_bits.append(f"SHA-256 {ex.sha256[:12]}")
                name = _card_name(ex, i, seq)
                job = CardJob(
                    pic.path,
                    ex.picture_label(i),
                    ex.picture_caption(i),
                    "  |  ".join(footer_bits),
                    dest / name,
                    platform.max_file_bytes,
                    ex.boxes_on(i),
                    ex.marker,
                    _original_size(ex, i),
                )
                self.entries.append((name, ex.number, pool.submit(_make_card_file, job)))
            if ex.kind == "video":
                video = _video_upload(ex, platform, dest, seq + 1)
                if isinstance(video, UploadFile):
                    seq += 1
                    self.entries.append((video.name, video.exhibit, video.bytes))
                elif video:
                    self.notes.append(video)
                else:
                    seq += 1
                    self._fit(ex, seq, pool)

    def _sheet(self, ex: Exhibit, seq: int, pool: Executor) -> None:
        """One card with all of a video's frames, each with its letter and time."""
        from evidence_pack.upload_video import SheetJob, make_sheet_file

        name = f"{seq:02d}-exhibit-{ex.number}-frames.jpg"
        job = SheetJob(
            tuple((p.path, f"{ex.picture_tag(i)}  {ex.timestamp(i)}") for i, p in enumerate(ex.pictures)),
            ex.label,
            ex.caption,
            f"{ex.rel}  |  SHA-256 {ex.sha256[:12]}",
            self.dest / name,
            self.platform.max_file_bytes,
        )
        self.entries.append((name, ex.number, pool.submit(make_sheet_file, job)))

    def _fit(self, ex: Exhibit, seq: int, pool: Executor) -> None:
        """The video is over the platform's limit: a worker makes the copy that fits."""
        from evidence_pack.upload_video import FitJob, make_fitted_copy

        src = ex.ingested.source
        job = FitJob(
            src.path,
            src.rel,
            ex.sha256,
            self.dest,
            f"{seq:02d}-exhibit-{ex.number}-video",
            self.platform.max_video_bytes,
            self.platform.name,
        )
        self.fitting.append((ex.number, pool.submit(make_fitted_copy, job)))

    def finish(self, pdf_path: Path) -> UploadResult:
        """Wait for the cards, add the PDF where the platform takes it, and say what was not possible."""
        platform = self.platform
        files: list[UploadFile] = []
        if platform.takes_pdf:
            size = pdf_path.stat().st_size
            if size <= platform.max_file_bytes:
                shutil.copyfile(pdf_path, self.dest / "evidence.pdf")
                files.append(UploadFile("evidence.pdf", size, None))
            else:
                self.notes.append(
                    f"evidence.pdf is {size:,} bytes, over {platform.name}'s "
                    f"{platform.max_file_bytes:,}-byte limit per file; it is not in upload/"
                    + ("" if self.pdf_only else ": attach the exhibit cards instead")
                )
        for name, number, value in self.entries:
            size = value.result() if isinstance(value, Future) else value
            files.append(UploadFile(name, size, number))
        for number, fitting in self.fitting:
            outcome = fitting.result()
            self.notes.append(outcome.note)
            if outcome.name:
                files.append(UploadFile(outcome.name, outcome.bytes, number, note="the whole video, made to fit"))
        files.sort(key=lambda f: f.name)
        docs = [ex for ex in self.exhibits if ex.ingested.pdf_pages and not ex.pictures]  # not drawn as cards
        if docs and not platform.accepts_pdf:
            self.notes.append(
                f"{platform.name} does not take PDF files: the documents "
                + ", ".join(ex.name for ex in docs)
                + " are only in evidence.pdf"
            )
        if platform.max_files and len(files) > platform.max_files:
            self.notes.append(
                f"upload/ has {len(files)} files; {platform.name} takes at most {platform.max_files}: "
                "attach evidence.pdf or the first cards"
            )
        return UploadResult(tuple(files), tuple(self.notes))

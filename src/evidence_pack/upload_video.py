"""A video's files in upload/: its frame-sheet card (every chosen frame on one JPEG, each labelled with its
letter and time) for platforms that take pictures only, and the copy of the video that fits a platform's
size limit. Plain-data jobs, so the build's worker processes make them while the PDF is laid out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from evidence_pack.cards import CARD_WIDTH, PAD
from evidence_pack.cards import draw_text as _draw_text
from evidence_pack.cards import text_width as _text_width
from evidence_pack.cards import wrap as _wrap
from evidence_pack.media.jpeg import open_rgb
from evidence_pack.upload import CARD_MAX_HEIGHT, fit_jpeg

_GAP = 16
_TAG = 40  # height of the line under each frame: "5a  00:06"


@dataclass(frozen=True)
class SheetJob:
    """One frame-sheet card: the exhibit's label and caption above its frames, file facts below."""

    frames: tuple[tuple[Path, str], ...]  # each frame's JPEG and its tag ("5a  00:06")
    label: str
    caption: str
    footer: str
    dest: Path
    max_bytes: int


def make_sheet_file(job: SheetJob) -> int:
    data = fit_jpeg(make_sheet(job), job.max_bytes)
    job.dest.write_bytes(data)
    return len(data)


def make_sheet(job: SheetJob) -> Image.Image:
    """The card: as many columns as give the frames the most room within CARD_MAX_HEIGHT. The layout
    needs only the frames' sizes; each frame is then decoded alone, at the scale its cell needs (JPEG
    draft mode), so a sheet never holds its frames in full at once."""
    sizes = []
    for path, _ in job.frames:
        with Image.open(path) as src:
            sizes.append(_Size(src.width, src.height))
    pictures = sizes
    scratch = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    inner = CARD_WIDTH - 2 * PAD
    cap_lines = _wrap(scratch, job.caption, 34, inner)
    head_h = PAD + 62 + len(cap_lines) * 44 + 18
    foot_h = 50
    room = CARD_MAX_HEIGHT - head_h - foot_h

    def layout(cols: int) -> tuple[float, int, list[int]]:
        """Area the frames get, cell width, and row heights with `cols` columns."""
        cell_w = (inner - _GAP * (cols - 1)) // cols
        rows = [pictures[i : i + cols] for i in range(0, len(pictures), cols)]
        heights = [max(round(cell_w * p.height / p.width) for p in row) for row in rows]
        fixed = len(rows) * (_TAG + _GAP)  # the tags under the frames keep their size
        scale = min(1.0, (room - fixed) / sum(heights)) if heights else 1.0
        area = sum((cell_w * scale) ** 2 * p.height / p.width for p in pictures)
        return area, cell_w, [int(h * scale) for h in heights]

    cols = max(range(1, min(4, len(pictures)) + 1), key=lambda c: layout(c)[0]) if pictures else 1
    _, cell_w, heights = layout(cols)
    body_h = sum(heights) + len(heights) * (_TAG + _GAP)
    card = Image.new("RGB", (CARD_WIDTH, head_h + body_h + foot_h), (255, 255, 255))
    d = ImageDraw.Draw(card)
    d.rectangle((0, 0, CARD_WIDTH, 10), fill=(11, 79, 138))
    _draw_text(d, (PAD, PAD - 6), job.label, 52, bold=True, fill=(11, 79, 138))
    y = PAD + 62
    for line in cap_lines:
        _draw_text(d, (PAD, y), line, 34)
        y += 44
    y = head_h
    for r, row_h in enumerate(heights):
        for c in range(cols):
            i = r * cols + c
            if i >= len(pictures):
                break
            pic, (path, tag) = pictures[i], job.frames[i]
            scale = min(cell_w / pic.width, row_h / pic.height)
            shown = _shown(path, (max(1, round(pic.width * scale)), max(1, round(pic.height * scale))))
            x0 = PAD + c * (cell_w + _GAP)
            card.paste(shown, (x0 + (cell_w - shown.width) // 2, y + (row_h - shown.height) // 2))
            tw = _text_width(d, tag, 28, bold=True)
            _draw_text(d, (int(x0 + (cell_w - tw) / 2), y + row_h + 4), tag, 28, bold=True)
        y += row_h + _TAG + _GAP
    _draw_text(d, (PAD, head_h + body_h + 12), job.footer, 22, fill=(85, 85, 85))
    return card


@dataclass(frozen=True)
class _Size:
    width: int
    height: int


def _shown(path: Path, size: tuple[int, int]) -> Image.Image:
    """A frame's JPEG decoded at the smallest DCT scale at least `size`, then resized to it."""
    img = open_rgb(path, size)
    return img if img.size == size else img.resize(size, Image.Resampling.LANCZOS)


@dataclass(frozen=True)
class FitJob:
    """The copy of a video to make so it fits the platform's limit."""

    source: Path
    rel: str
    sha256: str
    dest_dir: Path
    stem: str  # "13-exhibit-5-video": the resolution and ".mp4" are added
    limit_bytes: int
    platform: str


@dataclass(frozen=True)
class FitOutcome:
    name: str | None  # the file made in upload/, or None
    bytes: int
    note: str  # what the build says about it


def make_fitted_copy(job: FitJob) -> FitOutcome:
    """Re-encode the video to fit (video/transcode.py), or say why it cannot be done."""
    from evidence_pack.errors import VideoError
    from evidence_pack.video.timecode import format_length
    from evidence_pack.video.transcode import WontFit, fit_copy

    tmp = job.dest_dir / f".{job.stem}.mp4.part"
    size = job.source.stat().st_size
    try:
        fitted = fit_copy(job.source, tmp, job.rel, job.limit_bytes, job.sha256)
    except WontFit as exc:
        return FitOutcome(
            None,
            0,
            f"{job.rel} is {size:,} bytes, over the {job.limit_bytes:,} bytes {job.platform} is assumed to take "
            f"for a video, and {exc.reason}: it is not in upload/; its frames are",
        )
    except VideoError as exc:
        tmp.unlink(missing_ok=True)
        return FitOutcome(None, 0, f"{exc}; attach the original video by hand if the platform asks for it")
    name = f"{job.stem}-{fitted.plan.label}.mp4"
    tmp.replace(job.dest_dir / name)
    return FitOutcome(
        name,
        fitted.bytes,
        f"{job.rel} is {size:,} bytes, over the {job.limit_bytes:,} bytes {job.platform} is assumed to take for a "
        f"video: upload/{name} is the whole recording ({format_length(fitted.duration_s)}) re-encoded at "
        f"{fitted.plan.label}, {fitted.bytes:,} bytes",
    )

"""`evidence-pack frames`: the chosen frames of one video, as JPEGs named by their timestamp."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evidence_pack.errors import OutputError, VideoError
from evidence_pack.media.image import save_jpeg
from evidence_pack.video.sample import extract_frames
from evidence_pack.video.timecode import format_ts, needs_tenths


@dataclass(frozen=True)
class FramesResult:
    files: tuple[str, ...]
    partial: str | None


def write_frames(video: Path, out: Path, count: int = 8, requested_s: tuple[float, ...] = ()) -> FramesResult:
    """Extract the chosen frames of `video` into `out` as `frame-MM-SS[.s].jpg`."""
    if not video.is_file():
        raise VideoError(video.name, "does not exist or is not a file")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; choose another -o")
    result = extract_frames(video, video.name, count=count, requested_s=requested_s)
    out.mkdir(parents=True, exist_ok=True)
    precise = needs_tenths([f.at_s for f in result.frames])
    names = []
    for f in result.frames:
        ts = format_ts(f.at_s, precise=precise or f.requested).replace(":", "-")
        name = f"frame-{ts}.jpg"
        save_jpeg(f.image, out / name, quality=88)
        names.append(name)
    return FramesResult(tuple(names), result.partial)

"""`evidence-pack frames`: the chosen frames of one video, as JPEGs named by their timestamp, and what was
found about the recording's continuity."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evidence_pack.errors import OutputError, VideoError
from evidence_pack.media.jpeg import save_jpeg
from evidence_pack.video.sample import extract_frames, in_parallel
from evidence_pack.video.statements import checked_sentence, continuity_sentence, cuts_sentence, merged_sentence
from evidence_pack.video.timecode import format_ts, needs_tenths


@dataclass(frozen=True)
class FramesResult:
    files: tuple[str, ...]
    partial: str | None
    statements: tuple[str, ...] = ()  # continuity, cuts, merged frames: in the words the PDF uses


def write_frames(video: Path, out: Path, count: int = 8, requested_s: tuple[float, ...] = ()) -> FramesResult:
    """Extract the chosen frames of `video` into `out` as `frame-MM-SS[.s].jpg`."""
    if not video.is_file():
        raise VideoError(video.name, "does not exist or is not a file")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; choose another -o")
    result = extract_frames(video, video.name, count=count, requested_s=requested_s, hold=True)
    out.mkdir(parents=True, exist_ok=True)
    precise = needs_tenths([f.at_s for f in result.frames])
    names = [f"frame-{format_ts(f.at_s, precise=precise or f.requested).replace(':', '-')}.jpg" for f in result.frames]
    jobs = [(f.image, out / name) for f, name in zip(result.frames, names, strict=True)]
    in_parallel(lambda job: save_jpeg(job[0], job[1], quality=88), jobs, 0)
    facts: dict[str, object] = {
        "continuity": result.continuity.as_dict() if result.continuity else None,
        "merged_identical": result.merged,
    }
    said = (continuity_sentence(facts), cuts_sentence(facts), checked_sentence(facts), merged_sentence(facts))
    return FramesResult(tuple(names), result.partial, tuple(s for s in said if s))

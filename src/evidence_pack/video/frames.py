"""`evidence-pack frames`: the chosen frames of one video, as JPEGs named by their timestamp, and what was
found about the recording's continuity."""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from evidence_pack.errors import OutputError, VideoError
from evidence_pack.media.jpeg import save_jpeg
from evidence_pack.video.choose import Frame
from evidence_pack.video.sample import extract_frames
from evidence_pack.video.statements import checked_sentence, continuity_sentence, cuts_sentence, merged_sentence
from evidence_pack.video.timecode import format_ts, needs_tenths


@dataclass(frozen=True)
class FramesResult:
    files: tuple[str, ...]
    partial: str | None
    statements: tuple[str, ...] = ()  # continuity, cuts, merged frames: in the words the PDF uses


def frame_name(f: Frame, precise: bool) -> str:
    """frame-MM-SS.jpg; with tenths when two chosen frames would otherwise share a name, or asked for."""
    return f"frame-{format_ts(f.at_s, precise=precise or f.requested).replace(':', '-')}.jpg"


def write_frames(video: Path, out: Path, count: int = 8, requested_s: tuple[float, ...] = ()) -> FramesResult:
    """Extract the chosen frames of `video` into `out` as `frame-MM-SS[.s].jpg`."""
    if not video.is_file():
        raise VideoError(video.name, "does not exist or is not a file")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; choose another -o")
    # Pillow's JPEG writer imported while FFmpeg opens the video (it lets go of the interpreter lock),
    # not by the first frames written
    threading.Thread(target=Image.preinit, name="evidence-pack-preinit", daemon=True).start()
    created = not out.exists()
    written: dict[Path, Path] = {}  # temporary name -> final name: nothing is replaced until all are written

    def write(f: Frame, moments: list[float]) -> None:  # on the thread that converted the frame
        final = out / frame_name(f, needs_tenths(moments))
        temp = out / f".{final.name}.{os.getpid()}.tmp"
        written[temp] = final
        try:
            save_jpeg(f.image, temp, quality=88)
        except OSError as exc:
            from evidence_pack.output.folder import output_error  # only now: it imports the case machinery

            raise output_error(out, exc) from None

    try:
        result = extract_frames(video, video.name, count=count, requested_s=requested_s, hold=True, finish=write)
        for temp, final in written.items():
            temp.replace(final)
    except BaseException:  # a failed run leaves no frame of its own and replaces none
        for temp in written:
            with contextlib.suppress(OSError):  # never written (the folder could not be made), or gone
                temp.unlink()
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        raise
    precise = needs_tenths([f.at_s for f in result.frames])
    names = [frame_name(f, precise) for f in result.frames]
    facts: dict[str, object] = {
        "continuity": result.continuity.as_dict() if result.continuity else None,
        "merged_identical": result.merged,
    }
    said = (continuity_sentence(facts), cuts_sentence(facts), checked_sentence(facts), merged_sentence(facts))
    return FramesResult(tuple(names), result.partial, tuple(s for s in said if s))

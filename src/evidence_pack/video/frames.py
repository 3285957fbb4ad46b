"""`evidence-pack frames`: the chosen frames of one video, as JPEGs named by their timestamp, and what was
found about the recording's continuity."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from evidence_pack.errors import OutputError, VideoError
from evidence_pack.media.jpeg import save_jpeg
from evidence_pack.video.choose import Frame
from evidence_pack.video.sample import FRAME_THREADS, extract_frames
from evidence_pack.video.statements import checked_sentence, continuity_sentence, cuts_sentence, merged_sentence
from evidence_pack.video.timecode import format_ts, needs_tenths


@dataclass(frozen=True)
class FramesResult:
    files: tuple[str, ...]
    partial: str | None
    statements: tuple[str, ...] = ()  # continuity, cuts, merged frames: in the words the PDF uses


def frame_names(frames: list[Frame]) -> dict[float, str]:
    """Each frame's file name by its moment: frame-MM-SS.jpg, with tenths when two chosen frames would
    otherwise share a name (or for a moment asked for), and -2, -3 ... when moments asked for still do
    (00:06 and 00:06.04)."""
    precise = needs_tenths([f.at_s for f in frames])
    out: dict[float, str] = {}
    taken: set[str] = set()
    for f in sorted(frames, key=lambda f: f.at_s):
        stem = f"frame-{format_ts(f.at_s, precise=precise or f.requested).replace(':', '-')}"
        name, k = f"{stem}.jpg", 1
        while name in taken:
            k += 1
            name = f"{stem}-{k}.jpg"
        taken.add(name)
        out[f.at_s] = name
    return out


def write_frames(video: Path, out: Path, count: int = 8, requested_s: tuple[float, ...] = ()) -> FramesResult:
    """Extract the chosen frames of `video` into `out` as `frame-MM-SS[.s].jpg`. Each is written under a
    temporary name as soon as it is converted; all are put in place together at the end, so a run that
    fails writes no frame and replaces none."""
    if not video.is_file():
        raise VideoError(video.name, "does not exist or is not a file")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; choose another -o")
    # Pillow's JPEG writer imported while FFmpeg opens the video (it lets go of the interpreter lock),
    # not by the first frames written
    threading.Thread(target=Image.preinit, name="evidence-pack-preinit", daemon=True).start()
    made = [d for d in (out, *out.parents) if not d.exists()]  # the folders this run creates, deepest first
    written: dict[Path, Path] = {}  # temporary name -> final name

    def write(f: Frame, chosen: list[Frame]) -> None:  # on the thread that converted the frame
        final = out / frame_names(chosen)[f.at_s]
        temp = out / f".{final.name}.{os.getpid()}.tmp"
        written[temp] = final
        try:
            save_jpeg(f.image, temp, quality=88)
        except OSError as exc:
            raise _output_error(out, exc) from None

    try:
        result = extract_frames(video, video.name, count=count, requested_s=requested_s, hold=True, finish=write)
        _put_in_place(written, out)
    except BaseException:
        # a thread whose start an interrupt cut short is not waited for by its pool: wait for it here,
        # or it could write after the cleanup
        for t in threading.enumerate():
            if t is not threading.current_thread() and t.name.startswith(FRAME_THREADS):
                t.join()
        for temp in written:
            with contextlib.suppress(OSError):  # never written (the folder could not be made), or gone
                temp.unlink()
        for folder in made:
            try:
                folder.rmdir()  # only while empty: never a folder that holds anything
            except OSError:
                break
        raise
    names = frame_names(list(result.frames))
    facts: dict[str, object] = {
        "continuity": result.continuity.as_dict() if result.continuity else None,
        "merged_identical": result.merged,
    }
    said = (continuity_sentence(facts), cuts_sentence(facts), checked_sentence(facts), merged_sentence(facts))
    return FramesResult(tuple(names[f.at_s] for f in result.frames), result.partial, tuple(s for s in said if s))


def _put_in_place(written: dict[Path, Path], out: Path) -> None:
    """The frames renamed to their names, in name order, with interrupts held back meanwhile; a name taken
    by a folder is refused before any rename. An interrupt that came during the renames finds every frame
    in place: the run is done, and it is let go (a message saying nothing was written would be untrue)."""
    for final in written.values():
        if final.is_dir() or final.is_symlink():
            raise OutputError(f"{final}: a folder or link has this frame's name; remove it or choose another -o")
    held = {signal.SIGINT, signal.SIGTERM}
    main = threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_sigmask")
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held) if main else None
    try:
        for temp, final in sorted(written.items(), key=lambda tf: tf[1].name):
            temp.replace(final)
    except OSError as exc:
        raise _output_error(out, exc) from None
    finally:
        if before is not None:
            with contextlib.suppress(KeyboardInterrupt):  # a held interrupt is raised here
                signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _output_error(out: Path, exc: OSError) -> OutputError:
    from evidence_pack.output.folder import output_error  # only now: it imports the case machinery

    return output_error(out, exc)

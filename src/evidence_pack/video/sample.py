"""The frames of a video a reviewer should see, and whether the recording was cut.

Short clips are decoded frame by frame: every pair of consecutive frames is compared. Long clips are
never decoded in full: their timeline (timeline.py) says where the keyframes are and where a cut may be;
keyframes spread over the video and around those places are decoded (seeking, on two cores), and short
runs of frames only where two keyframes around a suspicious place differ. Work per video is bounded by
counts (frames decoded), so the same file gives the same result whatever the machine's load; a wall
clock is only a guard against a decoder that hangs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from evidence_pack.errors import VideoError, describe
from evidence_pack.quiet import quiet
from evidence_pack.video import label as labels
from evidence_pack.video.choose import Frame, choose, signature
from evidence_pack.video.colour import Look, luma, reduced_luma
from evidence_pack.video.continuity import Continuity, cuts_in
from evidence_pack.video.keyframes import candidate, exact, full, refetched
from evidence_pack.video.long import Found, Plan, SecondReader, long_clip, plan_long
from evidence_pack.video.probe import (
    SHORT_CLIP_S,
    VideoInfo,
    decoded,
    duration_of,
    frame_rate,
    frame_time,
    open_video,
    read_first,
)
from evidence_pack.video.spare import Spare
from evidence_pack.video.timecode import format_ts
from evidence_pack.video.timeline import Timeline, breaks

if TYPE_CHECKING:
    from av.container import InputContainer
    from av.video.frame import VideoFrame
    from av.video.stream import VideoStream
    from PIL import Image


T = TypeVar("T")
R = TypeVar("R")

# The work a video may take: frames decoded from the start of a short clip, and the wall-clock guard.
MAX_SCANNED_FRAMES = 20_000
GUARD_S = 120.0


@dataclass(frozen=True)
class VideoFrames:
    info: VideoInfo
    frames: tuple[Frame, ...]
    partial: str | None  # why the result may be incomplete (a decode error part-way), else None
    continuity: Continuity | None = None  # None when the video could not be checked at all
    label: labels.Label | None = None  # the parcel label's barcode in the first seconds
    merged: int = 0  # moments sampled and left out because they looked the same as a frame shown


def extract_frames(
    path: Path,
    name: str,
    count: int = 8,
    requested_s: tuple[float, ...] = (),
    threads: int = 0,
    read_label: bool = False,
    hold: bool = False,
    finish: Callable[[Frame, list[Frame]], None] | None = None,
) -> VideoFrames:
    """At most `count` frames that each show something new, the exact requested moments, whether the
    recording was cut, and (read_label) the parcel label's barcode in its first seconds.

    threads: decoder threads (0: FFmpeg's choice and two seeking readers; 1 when the caller runs one
    worker per core). hold: for a command that has the machine to itself, not for a build's workers: keep
    a long clip's decoded keyframes until the choice instead of decoding the chosen ones again (faster, up
    to long.HOLD_BYTES more memory), and open the second reader while the first opens. finish: called
    with each chosen frame as soon as it is converted, on the thread that converted it, and all the chosen
    frames (so that it can be named and written at once)."""
    with quiet():
        return _extract(path, name, count, requested_s, threads, read_label, hold, finish)


def _extract(
    path: Path,
    name: str,
    count: int,
    requested_s: tuple[float, ...],
    threads: int,
    read_label: bool,
    hold: bool,
    finish: Callable[[Frame, list[Frame]], None] | None,
) -> VideoFrames:
    import av

    started = time.monotonic()
    # a long clip's keyframes are decoded on two readers unless the caller keeps every core busy; the
    # second is opened on another thread. A command that has the machine to itself (hold) opens it at
    # once, while this one opens, before knowing whether the clip is long (a short clip's is closed
    # unused); a build's worker, only for a long clip.
    spare = Spare(path, name) if threads != 1 and hold else None
    second: SecondReader | None = None
    try:
        container = open_video(path, name, threads)
    except BaseException:
        if spare is not None:
            spare.close()
        raise
    try:
        stream = container.streams.video[0]
        errors: list[str] = []
        claimed = duration_of(container, stream)
        long = claimed is not None and claimed > SHORT_CLIP_S
        if spare is None and threads != 1 and long:
            spare = Spare(path, name)

        # an indexed file's plan (its timeline read from the index, the container left where it is) is
        # made before the first frame is read, so the second reader starts on its keyframes meanwhile
        def begin(plan: Plan | None, look: Look | None = None) -> None:
            """The second reader on the plan's other share, when it is worth one; held before it starts, so
            that an interrupt at its start still finds it to stop."""
            nonlocal second
            if plan is not None and plan.parallel and spare is not None:
                second = SecondReader(spare, plan, read_label)
                if look is not None:
                    second.give_look(look)
                second.start()

        plan = None
        if claimed is not None and long:
            plan = plan_long(container, stream, claimed, count, read_label, hold, errors, packets=False)
        begin(plan)
        got: Look | None = None
        try:
            info, look, first = read_first(container, name)
            got = look
        finally:
            if second is not None:
                second.give_look(got)
        duration = info.duration_s
        if long and plan is None and duration is not None:  # not indexed: its packets are read now
            plan = plan_long(container, stream, duration, count, read_label, hold, errors)
            begin(plan, look)
        if second is None and spare is not None:
            spare.close()
        found: Found | None = None
        if plan is not None and duration is not None:
            found = long_clip(container, stream, look, first, duration, plan, second, read_label, errors)
        if found is None:  # short, of unknown length, or too damaged to seek in: read from the start
            container.seek(0)
            found = _scan(container, stream, look, started, max(24, count * 4), duration, read_label, errors)
            reached = found.duration or 0.0
            if duration is not None and duration > SHORT_CLIP_S and reached < duration * 0.8:
                found.partial = (
                    f"the video ends at about {format_ts(reached)} although it claims to last "
                    f"{format_ts(duration)}: it is probably truncated"
                )
            elif duration is None and found.candidates:
                duration = found.duration
        del first
        if not found.candidates:
            raise VideoError(
                name, "no frame could be decoded; the file may be truncated or corrupt", errors[0] if errors else None
            )
        partial = found.partial
        if errors and partial is None:
            partial = f"{len(errors)} damaged part(s) of the video were skipped"
        if time.monotonic() - started > GUARD_S:
            partial = partial or "frame search stopped at the time limit (the video decodes very slowly)"
        keep = list(found.keep)
        for at in requested_s:
            if duration is not None and at > duration + 0.5:
                raise VideoError(
                    name,
                    f"the requested frame at {format_ts(at, True)} is past the end of the video "
                    f"({format_ts(duration, True)}); fix frames = [...] in case.toml",
                )
            try:
                f = exact(container, stream, look, at)
            except av.error.FFmpegError as exc:
                raise VideoError(
                    name,
                    f"the frame at {format_ts(at, True)} cannot be decoded; choose another moment in frames = [...]",
                    describe(exc),
                ) from None
            if f is None:
                raise VideoError(name, f"no frame found at {format_ts(at, True)}; fix frames = [...] in case.toml")
            # a requested moment stands in for a frame chosen within half a second of it, never for another
            # requested one (00:06 and 00:06.4 are both kept), nor for the label's frame unless it is that
            # very frame (then one frame, carrying the label, is shown once)
            same = next((k for k in keep if k.label and abs(k.at_s - f.at_s) < 1e-3), None)
            if same is not None:
                f = replace(f, label=same.label)
            keep = [k for k in keep if k is not same and (k.requested or k.label or abs(k.at_s - f.at_s) > 0.5)]
            keep += [f] if all(abs(k.at_s - f.at_s) >= 1e-3 for k in keep) else []
        choice = choose(found.candidates, count, keep)
        # the chosen keyframes not held are decoded again here, on this reader; one that cannot be is left
        # out (its small grey copy is no picture to show) and counted among the damaged parts
        again = [
            refetched(container, stream, found.timeline, look, f, errors) if f.refetch is not None else f
            for f in choice.frames
        ]
        kept = [f for f in again if f is not None]

        def show(f: Frame) -> Frame:
            shown = full(f, look)
            if finish is not None:
                finish(shown, kept)
            return shown

        chosen = in_parallel(show, kept, threads)
        if not chosen:
            raise VideoError(
                name, "no frame could be decoded; the file may be truncated or corrupt", errors[-1] if errors else None
            )
        if errors and partial is None:  # a chosen keyframe that could not be decoded again
            partial = f"{len(errors)} damaged part(s) of the video were skipped"
        continuity = found.continuity
        if continuity is not None and partial is not None:
            continuity = replace(continuity, whole=False)
        if duration is not None and info.duration_s is None:
            info = replace(info, duration_s=duration)
        return VideoFrames(
            info=info,
            frames=tuple(chosen),
            partial=partial,
            continuity=continuity,
            label=found.label,
            merged=choice.merged,
        )
    finally:
        if second is not None:
            second.close()
        if spare is not None:
            spare.close()
        container.close()


FRAME_THREADS = "evidence-pack-frames"  # the name of the threads in_parallel converts and writes frames on


def in_parallel(work: Callable[[T], R], items: list[T], threads: int) -> list[R]:
    """work() on each item, on two threads unless the caller keeps every core busy already: converting a
    frame (swscale) and encoding a JPEG (Pillow) both let go of the interpreter lock."""
    if threads == 1 or len(items) < 3:
        return [work(i) for i in items]
    with ThreadPoolExecutor(2, thread_name_prefix=FRAME_THREADS) as pool:
        return list(pool.map(work, items))


def _scan(
    container: InputContainer,
    stream: VideoStream,
    look: Look,
    started: float,
    max_candidates: int,
    duration: float | None,
    read_label: bool,
    errors: list[str],
) -> Found:
    """Decode a clip from the start: every frame compared with the one before; candidates an evenly
    spread subset; the label looked for every labels.STEP_S of the first labels.WINDOW_S."""
    fps = frame_rate(stream) or 30.0
    total = stream.frames or (int(duration * fps) + 1 if duration else 300)
    step = max(1, math.ceil(total / max_candidates))
    out: list[Frame] = []
    times: list[float] = []
    sigs: list[Image.Image] = []
    label: labels.Label | None = None
    label_frame: Frame | None = None
    next_look = 0.0
    last: VideoFrame | None = None
    ended = True
    for i, frame in enumerate(decoded(container, stream, errors)):
        at = frame_time(frame, stream)
        times.append(at)
        sigs.append(signature(reduced_luma(frame, 64)))
        if read_label and label is None and next_look <= at <= labels.WINDOW_S:
            next_look = at + labels.STEP_S
            label = labels.read_label(luma(frame), at)
            if label is not None:
                label_frame = replace(candidate(frame, stream, look), label=label)
        if i % step == 0:
            out.append(candidate(frame, stream, look))
            last = None
        else:
            last = frame
        if i + 1 >= MAX_SCANNED_FRAMES or time.monotonic() - started > GUARD_S:
            ended = False
            break
    if last is not None:
        out.append(candidate(last, stream, look))
    reached = max(times) if times else 0.0
    timeline = Timeline(tuple(times), (), (), (), from_index=False, decode_ts=True)
    continuity = Continuity(
        cuts_s=tuple(cuts_in(times, sigs)),
        breaks=tuple(breaks(timeline)),
        checked_s=reached,
        duration_s=duration if duration is not None else reached,
        whole=ended and not errors,
        method="every frame",
    )
    return Found(
        candidates=out,
        keep=[label_frame] if label_frame is not None else [],
        continuity=continuity if times else None,
        label=label,
        partial=None,
        duration=reached,
    )

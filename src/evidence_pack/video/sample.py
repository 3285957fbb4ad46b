"""Decoding the candidate frames of a video and the frames that were chosen or asked for.

Candidates come from seeking to keyframes spread over the timeline (never a full decode of a long
clip); short clips are decoded frame by frame. Work per video is bounded by counts (frames decoded,
seeks made), so the same file gives the same frames whatever the machine's load; a wall clock is only
a guard against a decoder that hangs.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evidence_pack.errors import VideoError, describe
from evidence_pack.quiet import quiet
from evidence_pack.video.choose import Frame, choose, sharpness
from evidence_pack.video.colour import Look, to_image
from evidence_pack.video.probe import (
    SHORT_CLIP_S,
    VideoInfo,
    decoded,
    frame_rate,
    frame_time,
    open_video,
    read_info,
)
from evidence_pack.video.timecode import format_ts

if TYPE_CHECKING:
    from av.container import InputContainer
    from av.video.frame import VideoFrame
    from av.video.stream import VideoStream


# The work a video may take: frames decoded from the start of a short clip, and the wall-clock guard.
MAX_SCANNED_FRAMES = 20_000
GUARD_S = 120.0


@dataclass(frozen=True)
class VideoFrames:
    info: VideoInfo
    frames: tuple[Frame, ...]
    partial: str | None  # why the result may be incomplete (a decode error part-way), else None


def extract_frames(
    path: Path, name: str, count: int = 8, requested_s: tuple[float, ...] = (), threads: int = 0
) -> VideoFrames:
    """Choose `count` frames spread over the video, plus the exact requested moments.

    threads: decoder threads (0: FFmpeg's choice; 1 when the caller runs one worker per core)."""
    with quiet():
        return _extract(path, name, count, requested_s, threads)


def _extract(path: Path, name: str, count: int, requested_s: tuple[float, ...], threads: int) -> VideoFrames:
    import av

    started = time.monotonic()
    container = open_video(path, name, threads)
    try:
        info, look = read_info(container, name)
        container.seek(0)
        stream = container.streams.video[0]
        candidates: list[Frame] = []
        partial: str | None = None
        errors: list[str] = []
        duration = info.duration_s
        if duration is None or duration <= SHORT_CLIP_S:
            candidates = _scan_all(container, stream, look, started, max(24, count * 4), duration, errors)
            if duration is None and candidates:
                duration = candidates[-1].at_s
        else:
            candidates = _seek_keyframes(container, stream, look, duration, max(count * 2, 12), started, errors)
            reached = candidates[-1].at_s if candidates else 0.0
            if len(candidates) < 3 or reached < duration * 0.8:
                # seeking found little: the file is probably cut short; read what is there from the start
                container.seek(0)
                candidates = _scan_all(container, stream, look, started, max(24, count * 4), None, errors)
                reached = candidates[-1].at_s if candidates else 0.0
                partial = (
                    f"the video ends at about {format_ts(reached)} although it claims to last "
                    f"{format_ts(duration)}: it is probably truncated"
                )
        if not candidates:
            raise VideoError(
                name, "no frame could be decoded; the file may be truncated or corrupt", errors[0] if errors else None
            )
        if errors and partial is None:
            partial = f"{len(errors)} damaged part(s) of the video were skipped"
        if time.monotonic() - started > GUARD_S:
            partial = partial or "frame search stopped at the time limit (the video decodes very slowly)"
        chosen = [
            _refetched(container, stream, look, f, errors) if f.refetch else _full(f, look)
            for f in choose(candidates, count)
        ]
        for at in requested_s:
            if duration is not None and at > duration + 0.5:
                raise VideoError(
                    name,
                    f"the requested frame at {format_ts(at, True)} is past the end of the video "
                    f"({format_ts(duration, True)}); fix frames = [...] in case.toml",
                )
            try:
                f = _exact(container, stream, look, at)
            except av.error.FFmpegError as exc:
                raise VideoError(
                    name,
                    f"the frame at {format_ts(at, True)} cannot be decoded; choose another moment in frames = [...]",
                    describe(exc),
                ) from None
            if f is None:
                raise VideoError(name, f"no frame found at {format_ts(at, True)}; fix frames = [...] in case.toml")
            chosen = [c for c in chosen if abs(c.at_s - f.at_s) > 0.5] + [f]
        chosen.sort(key=lambda f: f.at_s)
        if duration is not None and info.duration_s is None:
            info = VideoInfo(
                duration_s=duration,
                width=info.width,
                height=info.height,
                codec=info.codec,
                fps=info.fps,
                rotation=info.rotation,
                created_at=info.created_at,
            )
        return VideoFrames(info=info, frames=tuple(chosen), partial=partial)
    finally:
        container.close()


THUMB_EDGE = 320


def _candidate(frame: VideoFrame, stream: VideoStream, look: Look, keep: bool = True) -> Frame:
    """A small copy for scoring; the full conversion waits until the frame is chosen.

    Frames larger than 1080p are converted (reduced) at once instead: holding dozens of decoded 4K
    frames would cost hundreds of MB.
    """
    w, h = frame.width, frame.height
    if w * h > 2_500_000:
        img = to_image(frame, look)
        return Frame(at_s=frame_time(frame, stream), image=img, sharpness=sharpness(img))
    s = min(1.0, THUMB_EDGE / max(w, h))
    thumb = frame.to_image(width=max(2, int(w * s)) // 2 * 2, height=max(2, int(h * s)) // 2 * 2)
    return Frame(
        at_s=frame_time(frame, stream),
        image=thumb,
        sharpness=sharpness(thumb),
        raw=frame if keep else None,
        refetch=not keep,
    )


def _refetched(container: InputContainer, stream: VideoStream, look: Look, f: Frame, errors: list[str]) -> Frame:
    """Decode a chosen keyframe again, in full, by seeking back to it."""
    import av

    start = stream.start_time or 0
    try:
        container.seek(_pts(stream, f.at_s) + start, stream=stream, backward=True, any_frame=False)
    except av.error.FFmpegError as exc:
        errors.append(describe(exc))
        return f
    frame = _keyframe_at_cursor(container, stream, errors)
    if frame is None:
        return f
    return Frame(at_s=f.at_s, image=to_image(frame, look), sharpness=f.sharpness, requested=f.requested)


def _pts(stream: VideoStream, at_s: float) -> int:
    """A moment in the stream's time base (streams without one count in microseconds, as FFmpeg does)."""
    return round(at_s / stream.time_base) if stream.time_base else round(at_s * 1_000_000)


def _full(f: Frame, look: Look) -> Frame:
    if f.raw is None:
        return f
    raw: VideoFrame = f.raw  # type: ignore[assignment]  # set from a decoded frame in _candidate
    return Frame(at_s=f.at_s, image=to_image(raw, look), sharpness=f.sharpness, requested=f.requested)


def _scan_all(
    container: InputContainer,
    stream: VideoStream,
    look: Look,
    started: float,
    max_candidates: int,
    duration: float | None,
    errors: list[str],
) -> list[Frame]:
    """Decode a short clip from the start; convert only an evenly spread subset of its frames."""
    fps = frame_rate(stream) or 30.0
    total = stream.frames or (int(duration * fps) + 1 if duration else 300)
    step = max(1, math.ceil(total / max_candidates))
    out: list[Frame] = []
    last = None
    for i, frame in enumerate(decoded(container, stream, errors)):
        if i % step == 0:
            out.append(_candidate(frame, stream, look))
            last = None
        else:
            last = frame
        if i + 1 >= MAX_SCANNED_FRAMES or time.monotonic() - started > GUARD_S:
            break
    if last is not None:
        out.append(_candidate(last, stream, look))
    return out


def _seek_keyframes(
    container: InputContainer,
    stream: VideoStream,
    look: Look,
    duration: float,
    n: int,
    started: float,
    errors: list[str],
) -> list[Frame]:
    """Seek to n points spread over the timeline and decode the keyframe found at each."""
    import av

    out: list[Frame] = []
    seen: set[float] = set()
    start = stream.start_time or 0
    for i in range(n):
        if time.monotonic() - started > GUARD_S:
            break
        target = duration * (i + 0.5) / n if 0 < i < n - 1 else (0.0 if i == 0 else max(0.0, duration - 0.5))
        try:
            container.seek(_pts(stream, target) + start, stream=stream, backward=True, any_frame=False)
        except av.error.FFmpegError as exc:
            errors.append(describe(exc))
            continue
        frame = _keyframe_at_cursor(container, stream, errors)
        if frame is None:
            continue
        at = frame_time(frame, stream)
        if at not in seen:
            seen.add(at)
            # not kept: a decoded 1080p frame is 3 MB, and decoding a keyframe again is cheap
            out.append(_candidate(frame, stream, look, keep=False))
    out.sort(key=lambda f: f.at_s)
    return out


def _keyframe_at_cursor(container: InputContainer, stream: VideoStream, errors: list[str]) -> VideoFrame | None:
    """Decode the keyframe the demuxer stands on, draining the decoder at once instead of feeding it
    the next packets (a decoder with B-frame delay would otherwise want 2-3 more), then reset it."""
    import av

    ctx = stream.codec_context
    try:
        for packet in container.demux(stream):
            if packet.size == 0:
                continue
            try:
                frames = packet.decode()
                if not frames:
                    frames = ctx.decode(None)
            except av.error.FFmpegError as exc:
                errors.append(describe(exc))
                return None
            return frames[0] if frames else None
        return None
    finally:
        ctx.flush_buffers()


def _exact(container: InputContainer, stream: VideoStream, look: Look, at: float) -> Frame | None:
    """Decode the frame shown at `at` seconds exactly (seek to the keyframe before, decode forward)."""
    start = stream.start_time or 0
    container.seek(_pts(stream, at) + start, stream=stream, backward=True, any_frame=False)
    last = None
    for frame in decoded(container, stream, []):
        t = frame_time(frame, stream)
        if t > at + 1e-3 and last is not None:
            break
        last = (t, frame)
        if t >= at - 1e-3:
            break
    if last is None:
        return None
    img = to_image(last[1], look)
    return Frame(at_s=at, image=img, sharpness=sharpness(img), requested=True)

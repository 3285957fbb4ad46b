"""Decoding parts of a long clip without decoding all of it: one keyframe at a time by seeking (picked on
the timeline, so each seek lands where it was meant to), short runs of consecutive frames around a
suspicious place, and the exact frame shown at a requested moment."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from evidence_pack.errors import describe
from evidence_pack.video.choose import Frame, sharpness, signature
from evidence_pack.video.colour import Look, reduced_luma, tint, to_image
from evidence_pack.video.probe import decoded, frame_time
from evidence_pack.video.timeline import Timeline

if TYPE_CHECKING:
    from av.container import InputContainer
    from av.packet import Packet
    from av.video.frame import VideoFrame
    from av.video.stream import VideoStream
    from PIL import Image

THUMB_EDGE = 320  # candidates are scored on a grey copy this size
KEEP_PIXELS = 2_500_000  # decoded frames up to this size are kept until chosen; larger ones converted at once
REORDER_PACKETS = 6  # packets read past a run's end so frames the codec shows earlier come out
SEEK_SLACK_PACKETS = 2_000  # packets passed over looking for a keyframe after an imprecise seek
# How far before a requested moment exact() seeks, in turn, while a seek lands past its keyframe (MPEG-TS)
EXACT_BACK_S = (0.0, 2.0, 8.0, 30.0)


def pts(stream: VideoStream, at_s: float) -> int:
    """A moment in the stream's time base (streams without one count in microseconds, as FFmpeg does)."""
    return round(at_s / stream.time_base) if stream.time_base else round(at_s * 1_000_000)


def candidate(frame: VideoFrame, stream: VideoStream, look: Look, key: int | None = None) -> Frame:
    """A frame to choose from: scored on a small grey copy; the full conversion waits until the frame is
    chosen. Frames larger than KEEP_PIXELS are converted (reduced) at once instead: holding dozens of
    decoded 4K frames would cost hundreds of MB. key: the keyframe's timeline index when the decoded frame
    is not to be held (it is decoded again by refetched() if chosen); None: held."""
    at = frame_time(frame, stream)
    thumb = reduced_luma(frame, THUMB_EDGE)
    colour = tint(frame)
    if converted_at_once(frame):
        shown = to_image(frame, look)
        return Frame(at, thumb, sharpness(thumb), raw=shown, tint=colour)
    return Frame(at, thumb, sharpness(thumb), raw=frame if key is None else None, refetch=key, tint=colour)


def converted_at_once(frame: VideoFrame) -> bool:
    """A frame too large to hold as decoded: candidate() converts it at once, with the video's Look."""
    return frame.width * frame.height > KEEP_PIXELS


def full(f: Frame, look: Look) -> Frame:
    """The chosen frame as the picture shown (upright, reduced to colour.MAX_EDGE)."""
    from PIL import Image

    if isinstance(f.raw, Image.Image):
        return replace(f, image=f.raw, raw=None, tint=None)
    if f.raw is None:
        return f
    raw: VideoFrame = f.raw  # type: ignore[assignment]  # set from a decoded frame in candidate()
    return replace(f, image=to_image(raw, look), raw=None, tint=None)


def packets_from(
    container: InputContainer, stream: VideoStream, tl: Timeline, k: int, errors: list[str]
) -> Iterator[Packet] | None:
    """The stream's packets from the keyframe at timeline index k on, or None when it cannot be reached.
    The first seek aims half-way to the next keyframe (the timeline holds decode times, and a keyframe is
    shown a frame or two later: aiming at its decode time would land on the keyframe before in an indexed
    file); packets before the keyframe are passed over. In a file without an index (MPEG-TS) a seek lands
    anywhere, often past the keyframe: then the next seeks aim at the keyframes before it, then the start.
    A keyframe at or past the next one's time is never taken for this one."""
    import av

    keys = tl.keyframes
    pos = keys.index(k)
    want = tl.raw_ts[k]
    end = tl.raw_ts[keys[pos + 1]] if pos + 1 < len(keys) else None
    half = want + max(0, ((end if end is not None else tl.raw_ts[-1] + 1) - want) // 2)
    aims = [half] + [tl.raw_ts[keys[p]] for p in (pos - 1, pos - 2) if p >= 0] + [tl.raw_ts[0] - 1]
    for aim in dict.fromkeys(aims):  # in order, once each
        try:
            container.seek(aim, stream=stream, backward=True, any_frame=False)
            packets = container.demux(stream)
            for seen, packet in enumerate(packets):
                if seen > SEEK_SLACK_PACKETS:
                    break
                if not packet.size or not packet.is_keyframe:
                    continue
                ts = packet.dts if tl.decode_ts else packet.pts
                if ts is None:
                    return itertools.chain([packet], packets)
                if ts >= want:
                    if end is None or ts < end:
                        return itertools.chain([packet], packets)
                    break  # landed past it: aim earlier
        except av.error.FFmpegError as exc:
            errors.append(describe(exc))
            return None
    return None


def decode_keyframe(
    container: InputContainer, stream: VideoStream, tl: Timeline, k: int, errors: list[str]
) -> VideoFrame | None:
    """Decode the keyframe at timeline index k, draining the decoder at once instead of feeding it the
    next packets (a decoder with B-frame delay would otherwise want 2-3 more), then reset it."""
    import av

    packets = packets_from(container, stream, tl, k, errors)
    if packets is None:
        return None
    ctx = stream.codec_context
    try:
        packet = next(packets)
        frames = packet.decode() or ctx.decode(None)
        return frames[0] if frames else None
    except av.error.FFmpegError as exc:
        errors.append(describe(exc))
        return None
    finally:
        ctx.flush_buffers()


def run_signatures(
    container: InputContainer, stream: VideoStream, tl: Timeline, first: int, last: int, errors: list[str]
) -> tuple[list[tuple[float, Image.Image]], int]:
    """Every frame from the keyframe at timeline index `first` to index `last` (and a few after, for
    reordering), as (moment, signature) in presentation order; and how many frames were decoded."""
    import av

    packets = packets_from(container, stream, tl, first, errors)
    if packets is None:
        return [], 0
    ctx = stream.codec_context
    out: list[tuple[float, Image.Image]] = []

    def take(frames: list[VideoFrame]) -> None:
        for f in frames:
            out.append((frame_time(f, stream), signature(reduced_luma(f, 64))))

    read = 0
    try:
        for packet in packets:
            if packet.size == 0:
                continue
            read += 1
            try:
                take(packet.decode())
            except av.error.FFmpegError as exc:
                errors.append(describe(exc))
            if first + read > last + REORDER_PACKETS:
                break
        try:
            take(ctx.decode(None))
        except av.error.FFmpegError as exc:
            errors.append(describe(exc))
    finally:
        ctx.flush_buffers()
    out.sort(key=lambda p: p[0])
    return out, read


def refetched(
    container: InputContainer, stream: VideoStream, tl: Timeline | None, look: Look, f: Frame, errors: list[str]
) -> Frame | None:
    """Decode a chosen keyframe again, as it was found (by its place on the timeline: a time seek in a
    file without an index, such as MPEG-TS, lands anywhere), and convert it at once (holding the decoded
    frames of all the candidates would cost about 3 MB each for 1080p); None when it cannot be decoded
    (the error noted)."""
    noted = len(errors)
    frame = decode_keyframe(container, stream, tl, f.refetch, errors) if tl and f.refetch is not None else None
    if frame is None:
        if len(errors) == noted:  # counted among the damaged parts even when FFmpeg said nothing
            errors.append(f"the keyframe at {f.at_s:.3f} s could not be decoded again")
        return None
    return replace(f, image=to_image(frame, look), raw=None, refetch=None, tint=None)


def exact(container: InputContainer, stream: VideoStream, look: Look, at: float) -> Frame | None:
    """Decode the frame shown at `at` seconds exactly: seek to the keyframe before, decode forward. In a
    file without an index (MPEG-TS) a seek can land past that keyframe, and the first frame that decodes
    is then a later one (the next keyframe's): seek again, further back, and at last from the start. A
    moment before the first frame gives the first frame."""
    start = stream.start_time or 0
    aims = sorted({max(0.0, at - back) for back in EXACT_BACK_S} - {0.0}, reverse=True)
    for aim in [*aims, None]:
        if aim is None:
            container.seek(0)
        else:
            container.seek(pts(stream, aim) + start, stream=stream, backward=True, any_frame=False)
        last = None
        for frame in decoded(container, stream, []):
            t = frame_time(frame, stream)
            if t > at + 1e-3 and (last is not None or aim is not None):
                break  # past the moment: the frame before it is the one shown (or the seek landed past it)
            last = (t, frame)
            if t >= at - 1e-3:
                break
        if last is not None:
            img = to_image(last[1], look)
            return Frame(at_s=at, image=img, sharpness=sharpness(img), requested=True)
    return None

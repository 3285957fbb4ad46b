"""Opening a video and reading what it is: duration, displayed size, codec, rotation, creation time.

Memory per video is bounded by the size of one decoded frame (see MAX_FRAME_BYTES): every opening of a
video goes through open_video, which sets the decoder's limits before anything is decoded.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evidence_pack.errors import VideoError, describe
from evidence_pack.media.budget import MEMORY_BUDGET_BYTES
from evidence_pack.quiet import quiet
from evidence_pack.video.colour import MAX_EDGE, SWAPS, Look, read_look

if TYPE_CHECKING:
    from av.container import InputContainer
    from av.video.codeccontext import VideoCodecContext
    from av.video.frame import VideoFrame
    from av.video.stream import VideoStream


SHORT_CLIP_S = 12.0  # up to this long, a clip is decoded frame by frame; longer ones by seeking to keyframes

# Memory per video is bounded too, by the size of one decoded frame: a decoder holds up to about
# _DECODER_FRAMES of them at the peak (reference frames, the one being decoded, one per thread;
# measured here: 8K H.264 8-bit 311 MB for 50 MB frames, 8K HEVC 10-bit 806 MB for 100 MB frames),
# so frames are capped at budget.MEMORY_BUDGET_BYTES / _DECODER_FRAMES: 8-bit 4:2:0 up to 44 MP
# (8K included), 10-bit up to 22 MP (6K; 8K 10-bit is refused). Above it, a codec that can decode
# at 1/2, 1/4 or 1/8 size (FFmpeg's "lowres": the JPEG and MPEG-1/2/4 families) is decoded reduced,
# anything else is refused with a message saying how to re-encode it. FFmpeg's max_pixels enforces
# the cap in the decoder too, for containers that declare a smaller size than their frames have.
_DECODER_FRAMES = 8
MAX_FRAME_BYTES = MEMORY_BUDGET_BYTES // _DECODER_FRAMES
_LOWRES_CODECS = frozenset(
    {
        "mjpeg",
        "mjpegb",
        "amv",
        "mpeg1video",
        "mpeg2video",
        "mpeg4",
        "h263",
        "h263p",
        "flv",
        "msmpeg4",
        "msmpeg4v1",
        "msmpeg4v2",
        "wmv1",
        "wmv2",
    }
)
_PROBE_MAX_PIXELS = int(MAX_FRAME_BYTES / 1.5)  # the largest frames allowed in any format (8-bit 4:2:0)
_FRAME_THREADS_UP_TO = 3840 * 2160  # above 4K, slice threads only: frame threads hold a frame each


@dataclass(frozen=True)
class VideoInfo:
    duration_s: float | None
    width: int  # as displayed (after rotation)
    height: int
    codec: str
    fps: float | None
    rotation: int
    created_at: str | None


def open_video(path: Path, name: str, threads: int = 0) -> InputContainer:
    import av

    if path.stat().st_size == 0:
        raise VideoError(name, "is an empty file (0 bytes); copy the original video again")
    try:
        container = _av_open(path)
    except (av.error.FFmpegError, OSError, ValueError, UnicodeDecodeError) as exc:
        raise VideoError(
            name,
            "cannot be opened as a video; the file may be truncated or corrupt: copy the original from the phone again",
            describe(exc),
        ) from None
    if not container.streams.video:
        container.close()
        raise VideoError(name, "has no video track; add the recording itself")
    stream = container.streams.video[0]
    try:
        lowres = _bound_frame_size(stream, name)
    except VideoError:
        container.close()
        raise
    big = stream.codec_context.width * stream.codec_context.height >> (2 * lowres) > _FRAME_THREADS_UP_TO
    long_clip = container.duration is not None and container.duration / 1_000_000 > SHORT_CLIP_S
    if threads == 1:  # the caller already keeps every core busy with other work
        stream.thread_count = 1
    elif long_clip or big:
        # Long clips are read one keyframe per seek: frame threads would only add a buffer set each.
        stream.thread_type = "SLICE"
    else:
        stream.thread_type = "AUTO"
    return container


def _av_open(path: Path) -> InputContainer:
    """av.open, with the frames FFmpeg decodes while probing the streams capped like ours: opening an
    H.264 file probes (decodes) its first frames, 330 MB for one 16000x8000 frame. A codec that can
    decode reduced loses its size to the cap (its decoder refuses to open), and its parser gives the
    size without decoding, so such a stream is opened again without the cap."""
    import av

    container = av.open(str(path), timeout=(10.0, 10.0), options={"max_pixels": str(_PROBE_MAX_PIXELS)})
    video = container.streams.video
    if video and not video[0].codec_context.width and video[0].codec_context.name in _LOWRES_CODECS:
        container.close()
        container = av.open(str(path), timeout=(10.0, 10.0))
    return container


def bytes_per_pixel(ctx: VideoCodecContext) -> float:
    """Of a decoded frame in the stream's pixel format (1.5 for 8-bit 4:2:0, 3 for 10-bit 4:2:0)."""
    fmt = getattr(ctx, "format", None)
    bits = getattr(fmt, "padded_bits_per_pixel", 0) if fmt is not None else 0
    return bits / 8 if bits else 1.5


def _lowres(codec: str, width: int, height: int, max_pixels: int) -> int:
    """How many halvings (0-3) to decode a frame of this size with: the fewest that bring it within
    max_pixels, more while the long edge stays at least MAX_EDGE (the size frames are kept at);
    0 for codecs FFmpeg cannot decode reduced."""
    if codec not in _LOWRES_CODECS:
        return 0
    k = 0
    while k < 3 and ((width >> k) * (height >> k) > max_pixels or max(width, height) >> (k + 1) >= MAX_EDGE):
        k += 1
    return k


def _bound_frame_size(stream: VideoStream, name: str) -> int:
    """Set the decoder so no frame above MAX_FRAME_BYTES is ever allocated; the lowres chosen."""
    ctx = stream.codec_context
    w, h = ctx.width, ctx.height
    per_pixel = bytes_per_pixel(ctx)
    max_pixels = int(MAX_FRAME_BYTES / per_pixel)
    lowres = _lowres(ctx.name, w, h, max_pixels)
    if (w >> lowres) * (h >> lowres) > max_pixels:
        depth = " 10-bit" if per_pixel > 2 else ""
        raise VideoError(
            name,
            f"is a {w}x{h}{depth} video ({w * h / 1e6:.0f} MP a frame): decoding it would take "
            f"more than the {MEMORY_BUDGET_BYTES >> 20} MB one file may use (frames up to "
            f"{max_pixels / 1e6:.0f} MP in this format); re-encode it at 3840x2160 (4K) or "
            "less and add it again",
        )
    # max_pixels is checked on the coded size (before lowres); FFmpeg takes at most INT_MAX
    options = {"max_pixels": str(min(max_pixels << (2 * lowres), 2**31 - 1))}
    if lowres:
        options["lowres"] = str(lowres)
    ctx.options = options
    return lowres


def probe_video(path: Path, name: str) -> VideoInfo:
    """Duration, displayed size, codec and rotation, from the container and the first frame."""
    with quiet():
        return _probe(path, name)


def _probe(path: Path, name: str) -> VideoInfo:
    container = open_video(path, name)
    try:
        return read_info(container, name)[0]
    finally:
        container.close()


def duration_of(container: InputContainer, stream: VideoStream) -> float | None:
    if stream.duration and stream.time_base:
        d = float(stream.duration * stream.time_base)
        if d > 0:
            return d
    if container.duration:
        d = container.duration / 1_000_000
        if d > 0:
            return d
    return None


def read_info(container: InputContainer, name: str) -> tuple[VideoInfo, Look]:
    """What the video is, from the container and its first frame (decoded, then let go)."""
    info, look, first = read_first(container, name)
    del first
    gc.collect()  # the first frame sits in a side-data reference cycle (see Look)
    return info, look


def read_first(container: InputContainer, name: str) -> tuple[VideoInfo, Look, VideoFrame]:
    """read_info, and the first frame itself (a keyframe: decoding it again would cost as much)."""
    import av

    stream = container.streams.video[0]
    try:
        first = first_frame(container, stream)
    except (StopIteration, av.error.FFmpegError) as exc:
        raise _undecodable(name, exc) from None
    look = read_look(first)
    rotation = int(getattr(first, "rotation", 0) or 0)
    w, h = first.width, first.height
    ctx = stream.codec_context
    if ctx.coded_width >= 2 * w and ctx.coded_height >= 2 * h:  # decoded reduced (lowres)
        w, h = ctx.coded_width, ctx.coded_height
    if any(t in SWAPS for t in look.transposes):
        w, h = h, w
    created = container.metadata.get("creation_time") if container.metadata else None
    info = VideoInfo(
        duration_s=duration_of(container, stream),
        width=w,
        height=h,
        codec=ctx.name,
        fps=frame_rate(stream),
        rotation=rotation,
        created_at=created,
    )
    return info, look, first


def first_frame(container: InputContainer, stream: VideoStream) -> VideoFrame:
    """The stream's first frame, decoded alone: when the first keyframe's packet gives no frame yet (a
    decoder with B-frame delay wants 2-3 more packets, each decoded: about 0.1 s for 1080p H.264), the
    decoder is drained at once instead. When that gives nothing either (a field-coded AVCHD keyframe spans
    two packets), the stream is read again from the start, packet by packet, as decoded() does.
    StopIteration when no frame decodes. Leaves the container anywhere: seek before decoding on."""
    import av

    ctx = stream.codec_context
    try:
        for packet in container.demux(stream):
            if packet.size == 0:
                continue
            try:
                frames = packet.decode()
                if not frames and packet.is_keyframe:
                    frames = ctx.decode(None)
            except av.error.FFmpegError:
                break
            if frames:
                return frames[0]
            if packet.is_keyframe:
                break
        ctx.flush_buffers()
        container.seek(0)
        return next(decoded(container, stream, []))
    finally:
        ctx.flush_buffers()


def _undecodable(name: str, exc: BaseException) -> VideoError:
    if isinstance(exc, StopIteration):
        return VideoError(name, "has no decodable frame (empty); the file may be truncated or corrupt")
    if "max_pixels" in str(exc):  # FFmpeg refused a frame larger than the container declared
        return VideoError(
            name,
            f"has frames too large to decode within the {MEMORY_BUDGET_BYTES >> 20} MB one file "
            "may use; re-encode it at 3840x2160 (4K) or less and add it again",
        )
    return VideoError(name, "has no decodable frame; the file may be truncated or corrupt", describe(exc))


def frame_rate(stream: VideoStream) -> float | None:
    """Frame rate; Matroska reports its 1000 Hz timebase as the average rate, which is not one."""
    for rate in (getattr(stream, "guessed_rate", None), stream.average_rate):
        if rate and 0 < float(rate) <= 240:
            return float(rate)
    return None


def frame_time(frame: VideoFrame, stream: VideoStream) -> float:
    """The moment (seconds from the start of the stream) a decoded frame is shown at."""
    if frame.pts is not None and stream.time_base:
        start = stream.start_time or 0
        return max(0.0, float((frame.pts - start) * stream.time_base))
    return float(frame.time or 0.0)


def decoded(container: InputContainer, stream: VideoStream, errors: list[str]) -> Iterator[VideoFrame]:
    """Frames of the stream from the current position; a packet that fails to decode is skipped, not fatal."""
    import av

    for packet in container.demux(stream):
        try:
            frames = packet.decode()
        except av.error.FFmpegError as exc:
            errors.append(describe(exc))
            if len(errors) > 50:
                return
            continue
        yield from frames

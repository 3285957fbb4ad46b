"""Choose and extract the frames of a video that a reviewer should see.

Candidates come from seeking to keyframes spread over the timeline (never a
full decode of a long clip); short clips are decoded frame by frame. Frames come
out upright (display matrix applied, mirror included) and in natural 8-bit colour.
"""

from __future__ import annotations

import gc
import math
import struct
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter, ImageStat

from evidence_pack.media.budget import MEMORY_BUDGET_BYTES
from evidence_pack.errors import VideoError, describe
from evidence_pack.quiet import quiet

# Work per video is bounded: whatever the file, frame choice stops after this.
DECODE_BUDGET_S = 20.0
SHORT_CLIP_S = 12.0

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
_LOWRES_CODECS = frozenset({"mjpeg", "mjpegb", "amv", "mpeg1video", "mpeg2video", "mpeg4", "h263", "h263p",
                            "flv", "msmpeg4", "msmpeg4v1", "msmpeg4v2", "wmv1", "wmv2"})
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


@dataclass(frozen=True)
class Frame:
    """A candidate or chosen frame: `image` is a small copy for scoring until the frame is chosen,
    then the full picture (see _finish)."""

    at_s: float
    image: Image.Image
    sharpness: float
    requested: bool = False
    raw: object = None  # the decoded av.VideoFrame, kept so only chosen frames are converted in full
    refetch: bool = False  # a keyframe reached by seeking: decoded again (not kept) once chosen


@dataclass(frozen=True)
class VideoFrames:
    info: VideoInfo
    frames: tuple[Frame, ...]
    partial: str | None  # why the result may be incomplete (a decode error part-way), else None


def format_ts(seconds: float, precise: bool = False) -> str:
    """mm:ss (or h:mm:ss); with precise, tenths of a second as well."""
    if precise:
        whole = int(seconds)
        tenths = int(round((seconds - whole) * 10))
        if tenths == 10:
            whole, tenths = whole + 1, 0
    else:
        whole, tenths = int(round(seconds)), 0
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    base = f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
    return f"{base}.{tenths}" if precise and tenths else base


def _open(path: Path, name: str, threads: int = 0):  # type: ignore[no-untyped-def]
    import av

    if path.stat().st_size == 0:
        raise VideoError(name, "is an empty file (0 bytes); copy the original video again")
    try:
        container = _av_open(path)
    except (av.error.FFmpegError, OSError, ValueError, UnicodeDecodeError) as exc:
        raise VideoError(name, "cannot be opened as a video; the file may be truncated or corrupt: copy the "
                               "original from the phone again", describe(exc)) from None
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


def _av_open(path: Path):  # type: ignore[no-untyped-def]
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


def _bytes_per_pixel(ctx) -> float:  # type: ignore[no-untyped-def]
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


def _bound_frame_size(stream, name: str) -> int:  # type: ignore[no-untyped-def]
    """Set the decoder so no frame above MAX_FRAME_BYTES is ever allocated; the lowres chosen."""
    ctx = stream.codec_context
    w, h = ctx.width, ctx.height
    per_pixel = _bytes_per_pixel(ctx)
    max_pixels = int(MAX_FRAME_BYTES / per_pixel)
    lowres = _lowres(ctx.name, w, h, max_pixels)
    if (w >> lowres) * (h >> lowres) > max_pixels:
        depth = " 10-bit" if per_pixel > 2 else ""
        raise VideoError(name, f"is a {w}x{h}{depth} video ({w * h / 1e6:.0f} MP a frame): decoding it would take "
                               f"more than the {MEMORY_BUDGET_BYTES >> 20} MB one file may use (frames up to "
                               f"{max_pixels / 1e6:.0f} MP in this format); re-encode it at 3840x2160 (4K) or "
                               "less and add it again")
    # max_pixels is checked on the coded size (before lowres); FFmpeg takes at most INT_MAX
    options = {"max_pixels": str(min(max_pixels << (2 * lowres), 2**31 - 1))}
    if lowres:
        options["lowres"] = str(lowres)
    ctx.options = options
    return lowres


def _display_transform(frame) -> list[Image.Transpose]:  # type: ignore[no-untyped-def]
    """The PIL transposes that show a frame as the phone displayed it (as ffmpeg's autorotate does)."""
    matrix = None
    for sd in frame.side_data:
        if "DISPLAYMATRIX" in str(getattr(sd, "type", "")):
            raw = bytes(sd)
            if len(raw) >= 36:
                matrix = struct.unpack("<9i", raw[:36])
    if matrix is None:
        return []
    a, b, _, c, d = (v / 65536.0 for v in matrix[:5])
    # fftools' get_rotation(): theta = -av_display_rotation_get(m) = atan2(m[1], m[0]) in degrees
    theta = math.degrees(math.atan2(b, a)) % 360.0 if (a or b) else 0.0
    if abs(theta - 90) < 1:
        return [Image.Transpose.TRANSPOSE] if c > 0 else [Image.Transpose.ROTATE_270]
    if abs(theta - 180) < 1:
        out = []
        if a < 0:
            out.append(Image.Transpose.FLIP_LEFT_RIGHT)
        if d < 0:
            out.append(Image.Transpose.FLIP_TOP_BOTTOM)
        return out
    if abs(theta - 270) < 1:
        return [Image.Transpose.TRANSVERSE] if c < 0 else [Image.Transpose.ROTATE_90]
    if abs(theta) < 1 and d < 0:
        return [Image.Transpose.FLIP_TOP_BOTTOM]
    return []


def _tone_lut(trc: int) -> list[int] | None:
    """A tone curve for HDR transfer functions (PQ 16, HLG 18) to SDR, else None."""
    if trc == 16:  # SMPTE ST 2084 (PQ)
        m1, m2, c1, c2, c3 = 0.1593017578125, 78.84375, 0.8359375, 18.8515625, 18.6875
        lut = []
        for i in range(256):
            e = (i / 255.0) ** (1 / m2)
            nits = 10000.0 * (max(e - c1, 0.0) / (c2 - c3 * e)) ** (1 / m1)
            x = nits / 203.0  # diffuse white at 203 nits
            y = x * (1 + x / 16.0) / (1 + x)  # extended Reinhard, white point 4x reference
            lut.append(int(round(255 * _srgb_oetf(min(1.0, y)))))
        return lut
    if trc == 18:  # ARIB STD-B67 (HLG)
        a, b, c = 0.17883277, 0.28466892, 0.55991073
        lut = []
        for i in range(256):
            e = i / 255.0
            lin = (e * e) / 3.0 if e <= 0.5 else (math.exp((e - c) / a) + b) / 12.0
            y = (lin ** 1.2) * 1.6
            y = y / (1 + y * 0.35)
            lut.append(int(round(255 * _srgb_oetf(min(1.0, y)))))
        return lut
    return None


def _srgb_oetf(v: float) -> float:
    return 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


MAX_EDGE = 1600


@dataclass(frozen=True)
class _Look:
    """How every frame of one video is shown: the transposes of its display matrix and its HDR tone
    curve. Read once, from the first frame: each read of a frame's side data makes a reference cycle
    (PyAV's frame <-> side-data container) that keeps the frame's buffer alive until the next garbage
    collection, and at 8K the decoder then allocates a new 50 MB frame for every frame read."""

    transposes: tuple[Image.Transpose, ...] = ()
    lut: tuple[int, ...] | None = None


def _look(frame) -> _Look:  # type: ignore[no-untyped-def]
    try:
        trc = int(frame.color_trc)
    except Exception:
        trc = 0
    lut = _tone_lut(trc)
    return _Look(tuple(_display_transform(frame)), tuple(lut) if lut is not None else None)


def _to_image(frame, look: _Look) -> Image.Image:  # type: ignore[no-untyped-def]
    """RGB picture of a frame, scaled by swscale so its long edge is at most MAX_EDGE (cheap for 4K)."""
    w, h = frame.width, frame.height
    s = min(1.0, MAX_EDGE / max(w, h))
    if s < 1.0:
        img = frame.to_image(width=max(2, int(w * s)) // 2 * 2, height=max(2, int(h * s)) // 2 * 2)
    else:
        img = frame.to_image()
    if look.lut is not None:
        img = img.point(list(look.lut) * 3)
        # BT.2020 primaries seen through BT.709 look grey: restore some saturation.
        from PIL import ImageEnhance

        img = ImageEnhance.Color(img).enhance(1.25)
    for t in look.transposes:
        img = img.transpose(t)
    return img


def sharpness(img: Image.Image) -> float:
    """Variance of the Laplacian on a small grey copy: higher is sharper."""
    small = img.convert("L")
    small.thumbnail((320, 320))
    lap = small.filter(ImageFilter.Kernel((3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), scale=1, offset=128))
    return float(ImageStat.Stat(lap).var[0])


def _signature(img: Image.Image) -> Image.Image:
    return img.convert("L").resize((32, 32), Image.Resampling.BILINEAR)


def _difference(a: Image.Image, b: Image.Image) -> float:
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


def probe_video(path: Path, name: str) -> VideoInfo:
    """Duration, displayed size, codec and rotation, from the container and the first frame."""
    with quiet():
        return _probe(path, name)


def _probe(path: Path, name: str) -> VideoInfo:
    container = _open(path, name)
    try:
        return _info(container, name)[0]
    finally:
        container.close()


def _duration(container, stream) -> float | None:  # type: ignore[no-untyped-def]
    if stream.duration and stream.time_base:
        d = float(stream.duration * stream.time_base)
        if d > 0:
            return d
    if container.duration:
        d = container.duration / 1_000_000
        if d > 0:
            return d
    return None


def _info(container, name: str) -> tuple[VideoInfo, _Look]:  # type: ignore[no-untyped-def]
    import av

    stream = container.streams.video[0]
    try:
        first = next(_decoded(container, stream, []))
    except (StopIteration, av.error.FFmpegError) as exc:
        raise _undecodable(name, exc) from None
    look = _look(first)
    rotation = int(getattr(first, "rotation", 0) or 0)
    w, h = first.width, first.height
    ctx = stream.codec_context
    if ctx.coded_width >= 2 * w and ctx.coded_height >= 2 * h:  # decoded reduced (lowres)
        w, h = ctx.coded_width, ctx.coded_height
    del first
    gc.collect()  # the first frame sits in a side-data reference cycle (see _Look)
    if any(t in _SWAPS for t in look.transposes):
        w, h = h, w
    created = container.metadata.get("creation_time") if container.metadata else None
    info = VideoInfo(duration_s=_duration(container, stream), width=w, height=h,
                     codec=ctx.name, fps=_fps(stream), rotation=rotation, created_at=created)
    return info, look


_SWAPS = (Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270)


def _undecodable(name: str, exc: BaseException) -> VideoError:
    if isinstance(exc, StopIteration):
        return VideoError(name, "has no decodable frame (empty); the file may be truncated or corrupt")
    if "max_pixels" in str(exc):  # FFmpeg refused a frame larger than the container declared
        return VideoError(name, f"has frames too large to decode within the {MEMORY_BUDGET_BYTES >> 20} MB one file "
                                "may use; re-encode it at 3840x2160 (4K) or less and add it again")
    return VideoError(name, "has no decodable frame; the file may be truncated or corrupt", describe(exc))


def extract_frames(path: Path, name: str, count: int = 8, requested_s: tuple[float, ...] = (),
                   threads: int = 0) -> VideoFrames:
    """Choose `count` frames spread over the video, plus the exact requested moments.

    threads: decoder threads (0: FFmpeg's choice; 1 when the caller runs one worker per core)."""
    with quiet():
        return _extract(path, name, count, requested_s, threads)


def _extract(path: Path, name: str, count: int, requested_s: tuple[float, ...], threads: int) -> VideoFrames:
    import av

    started = time.monotonic()
    container = _open(path, name, threads)
    try:
        info, look = _info(container, name)
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
                partial = (f"the video ends at about {format_ts(reached)} although it claims to last "
                           f"{format_ts(duration)}: it is probably truncated")
        if not candidates:
            raise VideoError(name, "no frame could be decoded; the file may be truncated or corrupt",
                             errors[0] if errors else None)
        if errors and partial is None:
            partial = f"{len(errors)} damaged part(s) of the video were skipped"
        if time.monotonic() - started > DECODE_BUDGET_S:
            partial = partial or "frame search stopped at the time limit"
        chosen = [_refetched(container, stream, look, f, errors) if f.refetch else _full(f, look)
                  for f in choose(candidates, count)]
        for at in requested_s:
            if duration is not None and at > duration + 0.5:
                raise VideoError(name, f"the requested frame at {format_ts(at, True)} is past the end of the video "
                                       f"({format_ts(duration, True)}); fix frames = [...] in case.toml")
            try:
                f = _exact(container, stream, look, at)
            except av.error.FFmpegError as exc:
                raise VideoError(name, f"the frame at {format_ts(at, True)} cannot be decoded; choose another moment in "
                                       "frames = [...]", describe(exc)) from None
            if f is None:
                raise VideoError(name, f"no frame found at {format_ts(at, True)}; fix frames = [...] in case.toml")
            chosen = [c for c in chosen if abs(c.at_s - f.at_s) > 0.5] + [f]
        chosen.sort(key=lambda f: f.at_s)
        if duration is not None and info.duration_s is None:
            info = VideoInfo(duration_s=duration, width=info.width, height=info.height, codec=info.codec,
                             fps=info.fps, rotation=info.rotation, created_at=info.created_at)
        return VideoFrames(info=info, frames=tuple(chosen), partial=partial)
    finally:
        container.close()


def _frame_time(frame, stream) -> float:  # type: ignore[no-untyped-def]
    if frame.pts is not None and stream.time_base:
        start = stream.start_time or 0
        return max(0.0, float((frame.pts - start) * stream.time_base))
    return float(frame.time or 0.0)


def _decoded(container, stream, errors: list[str]):  # type: ignore[no-untyped-def]
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


THUMB_EDGE = 320


def _candidate(frame, stream, look: _Look, keep: bool = True) -> Frame:  # type: ignore[no-untyped-def]
    """A small copy for scoring; the full conversion waits until the frame is chosen.

    Frames larger than 1080p are converted (reduced) at once instead: holding dozens of decoded 4K
    frames would cost hundreds of MB.
    """
    w, h = frame.width, frame.height
    if w * h > 2_500_000:
        img = _to_image(frame, look)
        return Frame(at_s=_frame_time(frame, stream), image=img, sharpness=sharpness(img))
    s = min(1.0, THUMB_EDGE / max(w, h))
    thumb = frame.to_image(width=max(2, int(w * s)) // 2 * 2, height=max(2, int(h * s)) // 2 * 2)
    return Frame(at_s=_frame_time(frame, stream), image=thumb, sharpness=sharpness(thumb),
                 raw=frame if keep else None, refetch=not keep)


def _refetched(container, stream, look: _Look, f: Frame, errors: list[str]) -> Frame:  # type: ignore[no-untyped-def]
    """Decode a chosen keyframe again, in full, by seeking back to it."""
    import av

    start = stream.start_time or 0
    try:
        container.seek(int(round(f.at_s / stream.time_base)) + start, stream=stream, backward=True, any_frame=False)
    except av.error.FFmpegError as exc:
        errors.append(describe(exc))
        return f
    frame = _keyframe_at_cursor(container, stream, errors)
    if frame is None:
        return f
    return Frame(at_s=f.at_s, image=_to_image(frame, look), sharpness=f.sharpness, requested=f.requested)


def _full(f: Frame, look: _Look) -> Frame:
    if f.raw is None:
        return f
    return Frame(at_s=f.at_s, image=_to_image(f.raw, look), sharpness=f.sharpness, requested=f.requested)


def _fps(stream) -> float | None:  # type: ignore[no-untyped-def]
    """Frame rate; Matroska reports its 1000 Hz timebase as the average rate, which is not one."""
    for rate in (getattr(stream, "guessed_rate", None), stream.average_rate):
        if rate and 0 < float(rate) <= 240:
            return float(rate)
    return None


def _scan_all(container, stream, look: _Look, started: float, max_candidates: int, duration: float | None,
              errors: list[str]) -> list[Frame]:  # type: ignore[no-untyped-def]
    """Decode a short clip from the start; convert only an evenly spread subset of its frames."""
    fps = _fps(stream) or 30.0
    total = stream.frames or (int(duration * fps) + 1 if duration else 300)
    step = max(1, math.ceil(total / max_candidates))
    out: list[Frame] = []
    last = None
    for i, frame in enumerate(_decoded(container, stream, errors)):
        if i % step == 0:
            out.append(_candidate(frame, stream, look))
            last = None
        else:
            last = frame
        if time.monotonic() - started > DECODE_BUDGET_S or i > 20000:
            break
    if last is not None:
        out.append(_candidate(last, stream, look))
    return out


def _seek_keyframes(container, stream, look: _Look, duration: float, n: int, started: float,
                    errors: list[str]) -> list[Frame]:  # type: ignore[no-untyped-def]
    """Seek to n points spread over the timeline and decode the keyframe found at each."""
    import av

    out: list[Frame] = []
    seen: set[float] = set()
    tb = stream.time_base
    start = stream.start_time or 0
    for i in range(n):
        if time.monotonic() - started > DECODE_BUDGET_S:
            break
        target = duration * (i + 0.5) / n if 0 < i < n - 1 else (0.0 if i == 0 else max(0.0, duration - 0.5))
        try:
            container.seek(int(target / tb) + start, stream=stream, backward=True, any_frame=False)
        except av.error.FFmpegError as exc:
            errors.append(describe(exc))
            continue
        frame = _keyframe_at_cursor(container, stream, errors)
        if frame is None:
            continue
        at = _frame_time(frame, stream)
        if at not in seen:
            seen.add(at)
            # not kept: a decoded 1080p frame is 3 MB, and decoding a keyframe again is cheap
            out.append(_candidate(frame, stream, look, keep=False))
    out.sort(key=lambda f: f.at_s)
    return out


def _keyframe_at_cursor(container, stream, errors: list[str]):  # type: ignore[no-untyped-def]
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


def _exact(container, stream, look: _Look, at: float) -> Frame | None:  # type: ignore[no-untyped-def]
    """Decode the frame shown at `at` seconds exactly (seek to the keyframe before, decode forward)."""
    tb = stream.time_base
    start = stream.start_time or 0
    container.seek(int(at / tb) + start, stream=stream, backward=True, any_frame=False)
    last = None
    for frame in _decoded(container, stream, []):
        t = _frame_time(frame, stream)
        if t > at + 1e-3 and last is not None:
            break
        last = (t, frame)
        if t >= at - 1e-3:
            break
    if last is None:
        return None
    img = _to_image(last[1], look)
    return Frame(at_s=at, image=img, sharpness=sharpness(img), requested=True)


DISTINCT = 4.0  # mean grey difference (0-255) on a 32x32 copy below which two frames show the same thing


def choose(candidates: list[Frame], count: int) -> list[Frame]:
    """Keep the first and last moments, then, stretch by stretch of the timeline, the sharpest frame
    that shows something not already kept; near-duplicates only when nothing new is left."""
    if len(candidates) <= count:
        return list(candidates)
    sigs = {id(f): _signature(f.image) for f in candidates}
    chosen = [candidates[0], candidates[-1]]
    if count <= 2:
        return chosen[:count]

    def novelty(f: Frame) -> float:
        return min(_difference(sigs[id(f)], sigs[id(c)]) for c in chosen)

    middle = candidates[1:-1]
    slots = count - 2
    size = len(middle) / slots
    for k in range(slots):
        bucket = [f for f in middle[int(k * size): max(int((k + 1) * size), int(k * size) + 1)] if f not in chosen]
        fresh = [f for f in bucket if novelty(f) >= DISTINCT]
        if fresh:
            chosen.append(max(fresh, key=lambda f: f.sharpness * (0.5 + min(novelty(f), 40.0) / 40.0)))
    # stretches with nothing new: fill with what is new, else with what is farthest in time from the rest
    rest = [f for f in middle if f not in chosen]

    def gap(f: Frame) -> float:
        return min(abs(f.at_s - c.at_s) for c in chosen)

    while len(chosen) < count and rest:
        best = max(rest, key=lambda f: (novelty(f) >= DISTINCT, gap(f) * (1 + min(novelty(f), 40.0) / 40.0)))
        chosen.append(best)
        rest.remove(best)
    chosen.sort(key=lambda f: f.at_s)
    return chosen


def needs_tenths(times: list[float]) -> bool:
    """True when two moments would print as the same mm:ss."""
    shown = [format_ts(t) for t in times]
    return len(set(shown)) < len(shown)


def remux_clean(src: Path, dest: Path, name: str) -> None:
    """Copy a video's audio and video packets into a new file without its metadata (location, camera,
    dates); the display matrix travels with the stream, so the clip still plays upright."""
    with quiet():
        _remux(src, dest, name)


def _remux(src: Path, dest: Path, name: str) -> None:
    import av

    container = _open(src, name)
    try:
        fmt = {".mov": "mov", ".mp4": "mp4", ".m4v": "mp4", ".3gp": "3gp", ".mkv": "matroska",
               ".webm": "webm", ".avi": "avi", ".asf": "asf", ".wmv": "asf", ".mts": "mpegts", ".ts": "mpegts",
               ".m2ts": "mpegts"}.get(src.suffix.lower(), "mp4")
        with av.open(str(dest), "w", format=fmt) as out:
            mapping = {}
            for st in container.streams:
                if st.type in ("video", "audio"):
                    # opaque: copy the codec parameters as they are (no encoder lookup; AV1 has none here)
                    mapping[st.index] = out.add_stream_from_template(st, opaque=True)
            for packet in container.demux(*[container.streams[i] for i in mapping]):
                if packet.dts is None:
                    continue
                packet.stream = mapping[packet.stream.index]
                out.mux(packet)
    except (av.error.FFmpegError, ValueError) as exc:
        dest.unlink(missing_ok=True)
        raise VideoError(name, "could not be copied without its metadata", describe(exc)) from None
    finally:
        container.close()

"""Choose and extract the frames of a video that a reviewer should see.

Candidates come from seeking to keyframes spread over the timeline (never a
full decode of a long clip); short clips are decoded frame by frame. Frames come
out upright (display matrix applied, mirror included) and in natural 8-bit colour.
"""

from __future__ import annotations

import math
import struct
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter, ImageStat

from evidence_pack.errors import VideoError

# Work per video is bounded: whatever the file, frame choice stops after this.
DECODE_BUDGET_S = 20.0
SHORT_CLIP_S = 12.0


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
    at_s: float
    image: Image.Image
    sharpness: float
    requested: bool = False


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


def _open(path: Path, name: str):  # type: ignore[no-untyped-def]
    import av

    if path.stat().st_size == 0:
        raise VideoError(name, "is an empty file (0 bytes); copy the original video again")
    try:
        container = av.open(str(path), timeout=(10.0, 10.0))
    except (av.error.FFmpegError, OSError, ValueError, UnicodeDecodeError) as exc:
        raise VideoError(name, f"cannot be opened as a video ({_short(exc)}); the file may be truncated or "
                               "corrupt: copy the original from the phone again") from None
    if not container.streams.video:
        container.close()
        raise VideoError(name, "has no video track; add the recording itself")
    container.streams.video[0].thread_type = "AUTO"
    return container


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


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
    rot = -math.degrees(math.atan2(b, a) if (a or b) else 0.0)  # av_display_rotation_get, negated
    theta = rot % 360.0
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


def _to_image(frame) -> Image.Image:  # type: ignore[no-untyped-def]
    img = frame.to_image()
    try:
        trc = int(frame.color_trc)
    except Exception:
        trc = 0
    lut = _tone_lut(trc)
    if lut is not None:
        img = img.point(lut * 3)
        # BT.2020 primaries seen through BT.709 look grey: restore some saturation.
        from PIL import ImageEnhance

        img = ImageEnhance.Color(img).enhance(1.25)
    for t in _display_transform(frame):
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
    container = _open(path, name)
    try:
        return _info(container, name)
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


def _info(container, name: str) -> VideoInfo:  # type: ignore[no-untyped-def]
    import av

    stream = container.streams.video[0]
    w, h = stream.codec_context.width, stream.codec_context.height
    rotation = 0
    try:
        first = next(container.decode(stream))
        rotation = int(getattr(first, "rotation", 0) or 0)
        img_w, img_h = first.width, first.height
        if _display_transform(first) and any(t in (Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE,
                                                    Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270)
                                             for t in _display_transform(first)):
            img_w, img_h = img_h, img_w
        w, h = img_w, img_h
    except (StopIteration, av.error.FFmpegError) as exc:
        raise VideoError(name, f"has no decodable frame ({_short(exc) if not isinstance(exc, StopIteration) else 'empty'}); "
                               "the file may be truncated or corrupt") from None
    fps = float(stream.average_rate) if stream.average_rate else None
    created = container.metadata.get("creation_time") if container.metadata else None
    return VideoInfo(duration_s=_duration(container, stream), width=w, height=h,
                     codec=stream.codec_context.name, fps=fps, rotation=rotation, created_at=created)


def extract_frames(path: Path, name: str, count: int = 8, requested_s: tuple[float, ...] = ()) -> VideoFrames:
    """Choose `count` frames spread over the video, plus the exact requested moments."""
    import av

    started = time.monotonic()
    container = _open(path, name)
    try:
        info = _info(container, name)
        container.seek(0)
        stream = container.streams.video[0]
        candidates: list[Frame] = []
        partial: str | None = None
        duration = info.duration_s
        try:
            if duration is None or duration <= SHORT_CLIP_S:
                candidates = _scan_all(container, stream, started, max_candidates=max(24, count * 4))
                if duration is None and candidates:
                    duration = candidates[-1].at_s
            else:
                candidates = _seek_keyframes(container, stream, duration, max(count * 2, 12), started)
        except av.error.FFmpegError as exc:
            partial = f"decoding stopped part-way ({_short(exc)})"
        if not candidates:
            raise VideoError(name, "no frame could be decoded; the file may be truncated or corrupt")
        if time.monotonic() - started > DECODE_BUDGET_S:
            partial = partial or "frame search stopped at the time limit"
        chosen = choose(candidates, count)
        for at in requested_s:
            if duration is not None and at > duration + 0.5:
                raise VideoError(name, f"the requested frame at {format_ts(at, True)} is past the end of the video "
                                       f"({format_ts(duration, True)}); fix frames = [...] in case.toml")
            try:
                f = _exact(container, stream, at)
            except av.error.FFmpegError as exc:
                raise VideoError(name, f"the frame at {format_ts(at, True)} cannot be decoded ({_short(exc)})") from None
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


def _scan_all(container, stream, started: float, max_candidates: int) -> list[Frame]:  # type: ignore[no-untyped-def]
    """Decode a short clip; keep an evenly thinned set of candidates."""
    all_frames: list[tuple[float, object]] = []
    for frame in container.decode(stream):
        all_frames.append((_frame_time(frame, stream), frame))
        if time.monotonic() - started > DECODE_BUDGET_S or len(all_frames) > 2000:
            break
    if not all_frames:
        return []
    step = max(1, math.ceil(len(all_frames) / max_candidates))
    picked = all_frames[::step]
    if picked[-1] is not all_frames[-1]:
        picked.append(all_frames[-1])
    out = []
    for at, frame in picked:
        img = _to_image(frame)
        out.append(Frame(at_s=at, image=img, sharpness=sharpness(img)))
    return out


def _seek_keyframes(container, stream, duration: float, n: int, started: float) -> list[Frame]:  # type: ignore[no-untyped-def]
    """Seek to n points spread over the timeline and decode the keyframe found at each."""
    out: list[Frame] = []
    seen: set[float] = set()
    tb = stream.time_base
    start = stream.start_time or 0
    for i in range(n):
        if time.monotonic() - started > DECODE_BUDGET_S:
            break
        target = duration * (i + 0.5) / n if 0 < i < n - 1 else (0.0 if i == 0 else max(0.0, duration - 0.5))
        container.seek(int(target / tb) + start, stream=stream, backward=True, any_frame=False)
        stream.codec_context.flush_buffers() if hasattr(stream.codec_context, "flush_buffers") else None
        for frame in container.decode(stream):
            at = _frame_time(frame, stream)
            if at in seen:
                break
            seen.add(at)
            img = _to_image(frame)
            out.append(Frame(at_s=at, image=img, sharpness=sharpness(img)))
            break
    out.sort(key=lambda f: f.at_s)
    return out


def _exact(container, stream, at: float) -> Frame | None:  # type: ignore[no-untyped-def]
    """Decode the frame shown at `at` seconds exactly (seek to the keyframe before, decode forward)."""
    tb = stream.time_base
    start = stream.start_time or 0
    container.seek(int(at / tb) + start, stream=stream, backward=True, any_frame=False)
    last = None
    for frame in container.decode(stream):
        t = _frame_time(frame, stream)
        if t > at + 1e-3 and last is not None:
            break
        last = (t, frame)
        if t >= at - 1e-3:
            break
    if last is None:
        return None
    img = _to_image(last[1])
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

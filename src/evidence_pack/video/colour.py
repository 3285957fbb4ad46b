"""How a decoded frame is shown: upright by its display matrix (as FFmpeg's autorotate does, mirror
included), HDR (PQ, HLG) tone-mapped to natural 8-bit, and reduced in swscale to MAX_EDGE."""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image

if TYPE_CHECKING:
    from av.video.frame import VideoFrame


def display_transform(frame: VideoFrame) -> list[Image.Transpose]:
    """The PIL transposes that show a frame as the phone displayed it (as ffmpeg's autorotate does)."""
    matrix = None
    for sd in frame.side_data:
        if "DISPLAYMATRIX" in str(getattr(sd, "type", "")):
            raw = bytes(sd)  # type: ignore[arg-type]  # PyAV's stub calls side data str; it is a buffer
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
            lut.append(round(255 * _srgb_oetf(min(1.0, y))))
        return lut
    if trc == 18:  # ARIB STD-B67 (HLG)
        a, b, c = 0.17883277, 0.28466892, 0.55991073
        lut = []
        for i in range(256):
            e = i / 255.0
            lin = (e * e) / 3.0 if e <= 0.5 else (math.exp((e - c) / a) + b) / 12.0
            y = (lin**1.2) * 1.6
            y = y / (1 + y * 0.35)
            lut.append(round(255 * _srgb_oetf(min(1.0, y))))
        return lut
    return None


def _srgb_oetf(v: float) -> float:
    return 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


# Long edge of the frames kept for the pack (the same as photos).
MAX_EDGE = 1600


@dataclass(frozen=True)
class Look:
    """How every frame of one video is shown: the transposes of its display matrix and its HDR tone
    curve. Read once, from the first frame: each read of a frame's side data makes a reference cycle
    (PyAV's frame <-> side-data container) that keeps the frame's buffer alive until the next garbage
    collection, and at 8K the decoder then allocates a new 50 MB frame for every frame read."""

    transposes: tuple[Image.Transpose, ...] = ()
    lut: tuple[int, ...] | None = None


def read_look(frame: VideoFrame) -> Look:
    try:
        trc = int(frame.color_trc)
    except Exception:
        trc = 0
    lut = _tone_lut(trc)
    return Look(tuple(display_transform(frame)), tuple(lut) if lut is not None else None)


def to_image(frame: VideoFrame, look: Look) -> Image.Image:
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


# transposes that swap width and height
SWAPS = (Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270)

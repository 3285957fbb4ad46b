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


def display_matrix(frame: VideoFrame) -> tuple[int, ...] | None:
    """The frame's display matrix (9 fixed-point numbers, as the container stores it), if it has one."""
    for sd in frame.side_data:
        if "DISPLAYMATRIX" in str(getattr(sd, "type", "")):
            raw = bytes(sd)  # type: ignore[arg-type]  # PyAV's stub calls side data str; it is a buffer
            if len(raw) >= 36:
                return tuple(struct.unpack("<9i", raw[:36]))
    return None


def display_transform(matrix: tuple[int, ...] | None) -> list[Image.Transpose]:
    """The PIL transposes that show a frame as the phone displayed it (as ffmpeg's autorotate does)."""
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
    matrix: tuple[int, ...] | None = None  # the display matrix itself, for copies that must play the same way


def read_look(frame: VideoFrame) -> Look:
    try:
        trc = int(frame.color_trc)
    except Exception:
        trc = 0
    lut = _tone_lut(trc)
    matrix = display_matrix(frame)
    return Look(tuple(display_transform(matrix)), tuple(lut) if lut is not None else None, matrix)


def to_image(frame: VideoFrame, look: Look) -> Image.Image:
    """RGB picture of a frame, scaled by swscale so its long edge is at most MAX_EDGE (cheap for 4K).

    Pillow reads swscale's output plane once (PyAV's VideoFrame.to_image() copies its rows three times
    first). A frame reduced is converted to 4-byte RGB0, which swscale writes with its vectorised code
    and Pillow maps without unpacking: 5 against 17 ms for 1080p. Its rounding differs from 3-byte RGB's by
    a few levels (within 8 on 109 random sizes), and against an exact conversion it is the closer of the
    two (mean error 1.1 against 1.9 levels in red). A frame at its own size takes the 3-byte path:
    swscale's unscaled 4-byte converter leaves the last columns of some widths black (642, 900). One
    swscale thread: the callers convert several frames at once, on their own threads."""
    w, h = frame.width, frame.height
    s = min(1.0, MAX_EDGE / max(w, h))
    if s < 1.0:
        size = (max(2, int(w * s)) // 2 * 2, max(2, int(h * s)) // 2 * 2)
        rgb = frame.reformat(width=size[0], height=size[1], format="rgb0", threads=1)
        plane = rgb.planes[0]
        # mapped in place, then copied to RGB: the picture does not hold the frame
        mapped = Image.frombuffer("RGBX", size, plane, "raw", "RGBX", plane.line_size, 1)  # type: ignore[arg-type]
        img = mapped.convert("RGB")
    else:
        rgb = frame.reformat(format="rgb24", threads=1)
        plane = rgb.planes[0]
        # Pillow copies a 3-byte buffer (it maps only 4-byte modes): the picture does not hold the frame
        img = Image.frombuffer("RGB", (w, h), plane, "raw", "RGB", plane.line_size, 1)  # type: ignore[arg-type]
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


# Pixel formats whose first plane is 8-bit brightness: read as it is, without converting the frame.
_LUMA_8BIT = frozenset(
    {
        "yuv420p",
        "yuvj420p",
        "yuv422p",
        "yuvj422p",
        "yuv444p",
        "yuvj444p",
        "yuv440p",
        "yuvj440p",
        "yuv411p",
        "yuv410p",
        "yuva420p",
        "nv12",
        "nv21",
        "nv16",
        "gray",
    }
)


def _plane(frame: VideoFrame) -> Image.Image:
    """The first plane of an 8-bit brightness format, shared with the frame (no copy), with its padding."""
    plane = frame.planes[0]
    # the plane is a buffer; Pillow's stub asks for bytes, and a copy is what sharing avoids
    return Image.frombuffer("L", (plane.line_size, frame.height), plane, "raw", "L", 0, 1)  # type: ignore[arg-type]


def luma(frame: VideoFrame) -> Image.Image:
    """The frame's brightness as a grey picture at its stored size and orientation: the Y plane shared
    with the frame, no conversion (1 ms for 1080p against 5 ms for a colour thumbnail). What frames are
    compared and barcodes read on; only what is shown needs colour."""
    w, h = frame.width, frame.height
    # 10-bit, RGB, palette ...: swscale makes the grey plane
    img = _plane(frame if frame.format.name in _LUMA_8BIT else frame.reformat(format="gray"))
    return img if img.width == w else img.crop((0, 0, w, h))


def reduced_luma(frame: VideoFrame, edge: int) -> Image.Image:
    """luma() reduced so its long edge is at most `edge` (box filter: an average, never aliased)."""
    w, h = frame.width, frame.height
    s = min(1.0, edge / max(w, h))
    size = (max(1, round(w * s)), max(1, round(h * s)))
    if frame.format.name in _LUMA_8BIT:
        return _plane(frame).resize(size, Image.Resampling.BOX, box=(0, 0, w, h), reducing_gap=2.0)
    return luma(frame).resize(size, Image.Resampling.BOX, reducing_gap=2.0)


_PLANAR_CHROMA = frozenset(
    {"yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "yuv440p", "yuvj440p", "yuva420p"}
)
TINT_EDGE = 16


def tint(frame: VideoFrame) -> Image.Image | None:
    """The frame's colour (its two chroma planes, averaged down to 16x16) as the Cb and Cr bands of a
    YCbCr picture, read without converting the frame; None for formats without separate chroma planes.
    Grey copies cannot tell a red box from a purple one of the same brightness: this can."""
    if frame.format.name not in _PLANAR_CHROMA:
        return None
    planes = frame.planes
    bands = []
    for plane in planes[1:3]:
        # the chroma plane's own size: the frame's, halved as the format subsamples it
        img = Image.frombuffer("L", (plane.line_size, plane.height), plane, "raw", "L", 0, 1)  # type: ignore[arg-type]
        bands.append(img.resize((TINT_EDGE, TINT_EDGE), Image.Resampling.BOX, box=(0, 0, plane.width, plane.height)))
    return Image.merge("YCbCr", (Image.new("L", (TINT_EDGE, TINT_EDGE), 128), bands[0], bands[1]))

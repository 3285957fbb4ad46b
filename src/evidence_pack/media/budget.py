"""How much memory reading one evidence file may take, and how a picture is decoded to stay within it.

Each worker process reads one file at a time, so a build with N workers holds at most about
N x MEMORY_BUDGET_BYTES of pixel buffers, plus ~100 MB per process for Python and the libraries.
512 MB lets a 250-MP PNG, a 200-MP phone HEIC, a 16000x16000 Motion-JPEG clip and 8K (8-bit) video
through, read reduced or in bands; what cannot be read within it (a 48-MP WebP, whose decoder needs
16 bytes per pixel; 10-bit video above 6K) is refused with the size to resize or re-encode it to.
Measured peaks: README "Images and videos" and bench/memory_bench.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image

from evidence_pack.errors import MediaError

MEMORY_BUDGET_BYTES = 512 * 1024 * 1024
BAND_BYTES = 8 * 1024 * 1024  # rows of a picture converted, hashed and reduced at a time
_BAND_WORK = 6 * BAND_BYTES  # a band as read, unfiltered, converted, hashed and reduced

# Bytes per pixel the decoding library holds besides Pillow's own buffer while it decodes, measured
# here on 8000x6000 pictures (peak RSS of open + load, minus Pillow's 4 bytes per pixel): libwebp
# decodes into its own RGBA canvas and more; libheif and libavif keep YCbCr planes and an
# interleaved copy. Freed once the picture is loaded.
_LIBRARY_BYTES_PER_PIXEL = {"WEBP": 12.0, "AVIF": 5.5, "HEIF": 3.5}


@dataclass(frozen=True)
class Wanted:
    """What the caller needs of a picture: the long edge at most max_edge (a JPEG decoded at a DCT
    scale that keeps it at least min_edge), the width at most max_width, and memory within budget."""

    max_edge: int | None = None
    min_edge: int | None = None
    max_width: int | None = None
    budget: int = MEMORY_BUDGET_BYTES


@dataclass(frozen=True)
class Plan:
    """How one picture is decoded: "full" (whole, by Pillow), "png" (band by band) or "heif" (tile by
    tile); then box-reduced by `factor` a band at a time, oriented, and resized to `final` if given."""

    how: str
    factor: int
    final: tuple[int, int] | None
    resample: Image.Resampling
    need_bytes: int


def stored_bytes_per_pixel(mode: str) -> int:
    """Pillow keeps 1 byte per pixel for 1, L and P, 2 for 16-bit grey and 4 for everything else."""
    return 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4


def full_decode_bytes(im: Image.Image) -> int:
    """What decoding the whole picture at its current (possibly drafted) size holds at the peak."""
    per_pixel = stored_bytes_per_pixel(im.mode) + _LIBRARY_BYTES_PER_PIXEL.get(im.format or "", 0.0)
    return int(im.width * im.height * per_pixel)


def jpeg_coefficient_bytes(im: Image.Image) -> int:
    """A progressive JPEG keeps every DCT coefficient of the full-size picture (2 bytes each) until its
    last scan, at whatever scale it is decoded: call before drafting. Baseline JPEGs decode a few rows
    at a time (0)."""
    if im.format not in ("JPEG", "MPO") or not (im.info.get("progressive") or im.info.get("progression")):
        return 0
    from PIL import JpegImagePlugin

    chroma = {0: 2.0, 1: 1.0, 2: 0.5}.get(JpegImagePlugin.get_sampling(im), 2.0)  # 4:4:4, 4:2:2, 4:2:0
    components = {"L": 1.0, "CMYK": 4.0}.get(im.mode, 1.0 + chroma)
    return int(im.width * im.height * components * 2)


def fit(width: int, height: int, edge: int) -> tuple[int, int]:
    """The size Image.thumbnail((edge, edge)) gives: aspect kept, each side rounded the closer way."""
    if width >= height:
        return edge, max(
            1,
            min(
                math.floor(edge * height / width),
                math.ceil(edge * height / width),
                key=lambda n: abs(width / height - edge / max(n, 1)),
            ),
        )
    return max(
        1,
        min(
            math.floor(edge * width / height),
            math.ceil(edge * width / height),
            key=lambda n: abs(width / height - n / edge),
        ),
    ), edge


def target(upright: tuple[int, int], want: Wanted) -> tuple[tuple[int, int] | None, Image.Resampling]:
    """The final upright size (None: as decoded) and the filter that reaches it: bicubic like
    Image.thumbnail for photos, Lanczos for screenshots brought to a width."""
    w, h = upright
    if want.max_edge and max(w, h) > want.max_edge:
        return fit(w, h, want.max_edge), Image.Resampling.BICUBIC
    if want.max_width and w > want.max_width:
        return (want.max_width, max(1, round(h * want.max_width / w))), Image.Resampling.LANCZOS
    return None, Image.Resampling.BICUBIC


def box_factor(upright: tuple[int, int], final: tuple[int, int] | None) -> int:
    """Box-average by this much while decoding, leaving a last resize of at least 2x: what Pillow's
    reducing_gap=2.0 does, so the pictures look as they did when made from a full-size copy."""
    if final is None:
        return 1
    return max(1, int(min(upright[0] / final[0], upright[1] / final[1]) / 2))


def too_large(name: str, fmt: str, size: tuple[int, int], need: int, budget: int) -> MediaError:
    """The refusal: what the picture is, what reading it would take, and how small to make it (the
    memory a decode needs grows with its pixel count)."""
    mp = size[0] * size[1] / 1e6
    fits = max(1, int(mp * budget / need))
    return MediaError(
        name,
        f"is {size[0]}x{size[1]} pixels ({mp:.0f} MP): reading this {fmt} would take about "
        f"{need >> 20} MB of memory, more than the {budget >> 20} MB one file may use; "
        f"resize it to at most {fits} megapixels (or save it as JPEG) and add it again",
    )


def plan(
    im: Image.Image,
    name: str,
    upright: tuple[int, int],
    stored: tuple[int, int],
    want: Wanted,
    how: str,
    coefficients: int,
) -> Plan:
    """The plan for a picture read `how` ("png" and "heif" hold a band at a time, whatever the size);
    a whole-picture decode is estimated and refused (MediaError) when it would pass the budget."""
    final, resample = target(upright, want)
    factor = box_factor(upright, final)
    reduced = (upright[0] // factor + 1) * (upright[1] // factor + 1) * 4 * 2  # reduced copy, then final
    if how != "full":  # bands or tiles: a band's work is fixed, only the reduced picture grows with the size
        if reduced > want.budget:  # a full-size copy of a huge picture was asked for
            raise too_large(name, im.format or "image", stored, reduced, want.budget)
        return Plan(how, factor, final, resample, _BAND_WORK + reduced)
    # The library's own buffers (and a progressive JPEG's coefficients) are gone once the picture is
    # loaded; then Pillow's copy is held while bands of it are reduced.
    held = im.width * im.height * stored_bytes_per_pixel(im.mode)
    need = max(full_decode_bytes(im) + coefficients, held + min(held, _BAND_WORK) + reduced)
    if need > want.budget:
        raise too_large(name, im.format or "image", stored, need, want.budget)
    return Plan(how, factor, final, resample, need)


def strips_above(budget: int) -> int:
    """A PNG whose decoded size passes this is read band by band (an eighth of the budget: 64 MB)."""
    return budget // 8

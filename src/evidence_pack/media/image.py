"""Open any evidence image: upright, 8-bit sRGB, reduced to what is needed, metadata stripped.

Every function here works on one file and raises MediaError naming it; nothing
prints. Decoding is the expensive part of a build, so each image is decoded once
into a reduced JPEG that both the PDF and the upload cards reuse.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from evidence_pack.errors import MediaError, describe
from evidence_pack.folder.sniff import is_jpeg_xl
from evidence_pack.media import exif
from evidence_pack.media.budget import (
    BAND_BYTES,
    MEMORY_BUDGET_BYTES,
    Plan,
    Wanted,
    full_decode_bytes,
    jpeg_coefficient_bytes,
    plan,
    strips_above,
)
from evidence_pack.media.strips import HeifGrid, StripError, png_bands, png_strippable
from evidence_pack.quiet import quiet

# A real 200-MP phone HEIC is evidence; a 4-gigapixel 44-byte GIF is an attack.
# Pillow raises DecompressionBombError above twice MAX_IMAGE_PIXELS, before allocating.
MAX_PIXELS = 250_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS // 2

_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
        except ImportError:  # pragma: no cover - pillow-heif is a dependency
            pass
        _heif_registered = True


@dataclass(frozen=True)
class ImageFacts:
    """What a file says about itself, read without a full decode."""

    format: str
    width: int  # upright (after orientation)
    height: int
    frames: int
    captured_at: dt.datetime | None
    has_exif: bool
    camera: str | None
    pixels_sha256: str | None = None  # of the decoded pixels as stored (before orientation): survives metadata edits


_ORIENT_SWAPS = {5, 6, 7, 8}


def _open(path: Path, name: str) -> ImageFile.ImageFile:
    _register_heif()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MediaError(name, f"cannot be read ({exc.strerror}); check the file's permissions") from None
    if size == 0:
        raise MediaError(name, "is an empty file (0 bytes); copy the original again from the phone")
    try:
        im = Image.open(path)
    except Image.DecompressionBombError:
        raise MediaError(
            name,
            f"declares more than {MAX_PIXELS // 1_000_000} million pixels; "
            "it is not a photo that can be used (possibly a hostile file)",
        ) from None
    except UnidentifiedImageError:
        with path.open("rb") as fh:
            head = fh.read(16)
        if is_jpeg_xl(head):
            raise MediaError(
                name, "is a JPEG XL image, which this tool cannot read; export it as JPEG or PNG"
            ) from None
        raise MediaError(
            name, "is not an image this tool can read (corrupt, or an unsupported format); export it as JPEG or PNG"
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise MediaError(
            name,
            "cannot be opened as an image (damaged, or a form this tool cannot read); export it again as JPEG or PNG",
            describe(exc),
        ) from None
    if im.width * im.height > MAX_PIXELS or im.width <= 0 or im.height <= 0:
        im.close()
        raise MediaError(
            name,
            f"is {im.width}x{im.height} pixels, above the limit of "
            f"{MAX_PIXELS // 1_000_000} million; resize it before adding it",
        )
    return im


def probe_image(path: Path, name: str) -> ImageFacts:
    """Read format, upright size, frame count and capture time without decoding pixels."""
    with quiet():
        return _probe(path, name)


def _probe(path: Path, name: str) -> ImageFacts:
    im = _open(path, name)
    try:
        ex = exif.read_exif(im, path)
        return _facts(im, ex, (im.height, im.width) if exif.orientation(ex) in _ORIENT_SWAPS else im.size)
    finally:
        im.close()


def _extrema(im: Image.Image) -> tuple[float, float] | None:
    """The value range 32-bit and float pictures are scaled from: the whole picture's, so that every
    band of it is scaled alike. Fixed for 16-bit; None for 8-bit modes."""
    if im.mode.startswith("I;16"):
        return 0.0, 65535.0
    if im.mode not in ("I", "F"):
        return None
    extrema = im.getextrema()  # one band: (lo, hi)
    lo, hi = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]  # I and F have one band
    if hi <= 255 and lo >= 0:
        return 0.0, 255.0
    return lo, hi


def _to_rgb(im: Image.Image, extrema: tuple[float, float] | None = None) -> Image.Image:
    """Any mode to 8-bit RGB; alpha is flattened on white, high bit depths scaled, CMYK inverted right."""
    mode = im.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        lo, hi = extrema or _extrema(im) or (0.0, 255.0)
        im = im.convert("I") if mode != "F" else im
        scale = 255.0 / max(1.0, hi - lo)
        im = im.point(lambda v: (v - lo) * scale).convert("L")
        return im.convert("RGB")
    if mode == "P":
        im = im.convert("RGBA") if "transparency" in im.info else im.convert("RGB")
        mode = im.mode
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = im.convert("RGBA") if mode != "RGBA" else im
        bg = Image.new("RGB", rgba.size, (255, 255, 255))
        bg.paste(rgba, mask=rgba.getchannel("A"))
        return bg
    if mode == "RGB":
        return im
    # CMYK (Adobe-inverted handled by Pillow), L, 1, YCbCr, LAB, HSV
    return im.convert("RGB")


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert wide-gamut (Display P3) pictures to sRGB so colours look right once the profile is stripped."""
    if not icc or im.mode != "RGB":
        return im
    try:
        from PIL import ImageCms

        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        desc = (ImageCms.getProfileDescription(src) or "").lower()
        if "srgb" in desc:
            return im
        return ImageCms.profileToProfile(im, src, ImageCms.createProfile("sRGB"), outputMode="RGB") or im
    except Exception:  # an unusable profile: keep the pixels as they are
        return im


# --- decoding within the memory budget (budget.py) ---------------------------------------------------


class _Reducer:
    """Takes the picture band by band (top to bottom, as stored): converts each band to RGB, hashes it
    and box-reduces it; rows left over from a band wait for the next one, so the result is exactly
    Image.reduce() of the whole picture and the hash that of its whole RGB bytes."""

    def __init__(self, factor: int, extrema: tuple[float, float] | None) -> None:
        self.factor = factor
        self.extrema = extrema
        self.sha = hashlib.sha256()
        self._pieces: list[Image.Image] = []
        self._carry: Image.Image | None = None

    def add(self, band: Image.Image, last: bool = False) -> None:
        rgb = _to_rgb(band, self.extrema)
        self.sha.update(rgb.tobytes())
        if self._carry is not None:
            rgb = _stack([self._carry, rgb])
            self._carry = None
        usable = rgb.height if last else rgb.height - rgb.height % self.factor
        if usable < rgb.height:
            self._carry = rgb.crop((0, usable, rgb.width, rgb.height))
        if usable:
            part = rgb if usable == rgb.height else rgb.crop((0, 0, rgb.width, usable))
            self._pieces.append(part.reduce(self.factor) if self.factor > 1 else part)

    def result(self) -> Image.Image:
        out = _stack(self._pieces)
        self._pieces = []
        return out


def _stack(pieces: list[Image.Image]) -> Image.Image:
    if len(pieces) == 1:
        return pieces[0]
    out = Image.new("RGB", (pieces[0].width, sum(p.height for p in pieces)))
    y = 0
    for p in pieces:
        out.paste(p, (0, y))
        y += p.height
    return out


def _band_rows(width: int, factor: int) -> int:
    rows = max(1, BAND_BYTES // max(1, width * 4))
    return max(factor, rows // factor * factor)


def _bands(im: ImageFile.ImageFile, path: Path, plan: Plan, heif: HeifGrid | None) -> Iterator[Image.Image]:
    """The stored picture, top to bottom, in bands of a few MB."""
    if heif is not None:
        yield from heif.rows()
    elif plan.how == "png":
        yield from png_bands(im, path, _band_rows(im.width, plan.factor))
    else:
        im.load()
        rows = _band_rows(im.width, plan.factor)
        for y in range(0, im.height, rows):
            yield im if rows >= im.height else im.crop((0, y, im.width, min(im.height, y + rows)))


def _reduce(im: ImageFile.ImageFile, path: Path, plan: Plan, heif: HeifGrid | None) -> tuple[Image.Image, str]:
    """The box-reduced RGB picture (stored orientation) and the SHA-256 of its full-size RGB pixels."""
    reducer = _Reducer(plan.factor, _extrema(im) if plan.how == "full" else None)
    pending: Image.Image | None = None
    for band in _bands(im, path, plan, heif):
        if pending is not None:
            reducer.add(pending)
        pending = band
    if pending is None:
        raise OSError("no pixel data")
    reducer.add(pending, last=True)
    return reducer.result(), reducer.sha.hexdigest()


def _draft_jpeg(im: Image.Image, scale: float) -> bool:
    """Decode a JPEG at 1/2, 1/4 or 1/8 scale straight from the DCT: the smallest of those that is at
    least `scale`. False when the picture is not a JPEG that can be drafted or no scale applies."""
    if im.format not in ("JPEG", "MPO") or im.mode not in ("RGB", "L", "CMYK", "YCbCr") or scale >= 1:
        return False
    w, h = im.size
    im.draft(im.mode if im.mode != "YCbCr" else "RGB", (max(1, int(w * scale + 1)), max(1, int(h * scale + 1))))
    return im.size != (w, h)


def _how(im: ImageFile.ImageFile, path: Path, want: Wanted) -> tuple[str, HeifGrid | None]:
    """Band by band for a PNG above strips_above(); tile by tile for a HEIF grid that would not fit
    whole; else whole (the HEIF grid is returned open, to be closed by the caller)."""
    if im.format == "PNG" and full_decode_bytes(im) > strips_above(want.budget) and png_strippable(im, path):
        return "png", None
    if im.format == "HEIF" and full_decode_bytes(im) > want.budget:
        try:
            grid = HeifGrid(path)
        except StripError:  # libheif's tile API unavailable or the file unreadable by it: decode whole
            return "full", None
        if grid.is_grid:
            return "heif", grid
        grid.close()
    return "full", None


def _planned(
    im: Image.Image, name: str, swap: bool, stored: tuple[int, int], want: Wanted, how: str, coefficients: int
) -> tuple[Plan, tuple[int, int]]:
    """The plan, and the size as decoded (after DCT scaling) before EXIF orientation (a HEIF's size is
    after its own rotation). A screenshot JPEG too large to decode whole is drafted to its width."""
    upright = (im.height, im.width) if swap else im.size
    try:
        return plan(im, name, upright, stored, want, how, coefficients), upright
    except MediaError:
        if not (want.max_width and im.size == stored and _draft_jpeg(im, want.max_width / upright[0])):
            raise
    upright = (im.height, im.width) if swap else im.size
    return plan(im, name, upright, stored, want, how, coefficients), upright


def _crop_margins(img: Image.Image, margins: tuple[int, ...]) -> Image.Image:
    """Crop (left, top, right, bottom) margins off a picture, keeping at least one pixel."""
    left, top, right, bottom = margins
    return img.crop((left, top, max(left + 1, img.width - right), max(top + 1, img.height - bottom)))


def _heif_steps(grid: HeifGrid, factor: int) -> list[Callable[[Image.Image], Image.Image]]:
    """The HEIF rotation, mirror and crop (libheif applies them on a full decode) as steps on the
    box-reduced picture."""
    steps: list[Callable[[Image.Image], Image.Image]] = []
    for kind, value in grid.transformations():
        if kind == "rotate_ccw" and isinstance(value, int) and value in _ROTATE_CCW:
            steps.append(functools.partial(Image.Image.transpose, method=_ROTATE_CCW[value]))
        elif kind == "mirror":
            # libheif: 0 "heif_transform_mirror_direction_vertical" flips top-bottom, 1 flips left-right
            flip = Image.Transpose.FLIP_TOP_BOTTOM if value == 0 else Image.Transpose.FLIP_LEFT_RIGHT
            steps.append(functools.partial(Image.Image.transpose, method=flip))
        elif kind == "crop" and isinstance(value, tuple):
            steps.append(functools.partial(_crop_margins, margins=tuple(round(v / factor) for v in value)))
    return steps


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_ROTATE_CCW = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}


def decode_upright(
    path: Path,
    name: str,
    max_edge: int | None,
    min_edge: int | None = None,
    max_width: int | None = None,
    budget_bytes: int = MEMORY_BUDGET_BYTES,
) -> tuple[Image.Image, ImageFacts]:
    """Decode the first frame upright in 8-bit sRGB, reduced so its long edge is at most max_edge
    (and its width at most max_width), holding about budget_bytes of pixels at most meanwhile.

    With min_edge, a JPEG is decoded at the smallest DCT scale (1/2, 1/4, 1/8) that keeps the long edge
    at or above min_edge, and only resized further when that is still above max_edge. Pictures too
    large to decode whole are read in bands (PNG) or tiles (HEIF grids), else refused with a
    MediaError that says how small to make them. pixels_sha256 is that of the full-size RGB pixels
    as stored (after DCT scaling; for HEIF grids read by tiles, before the HEIF rotation).
    """
    want = Wanted(max_edge, min_edge, max_width, budget_bytes)
    with quiet():
        im = _open(path, name)
        try:
            return _decode(im, path, name, want)
        except MediaError:
            raise
        except MemoryError:
            raise MediaError(name, "is too large to decode in the memory available; resize it first") from None
        except (
            OSError,
            ValueError,
            SyntaxError,
            EOFError,
            IndexError,
            TypeError,
            RuntimeError,
            StripError,
            Image.DecompressionBombError,
        ) as exc:
            detail = describe(exc)
            if "truncated" in detail.lower() or getattr(exc, "truncated", False):
                raise MediaError(
                    name, "is truncated (the file was cut short); copy the original again", detail
                ) from None
            raise MediaError(
                name, "cannot be decoded (the picture data is damaged); export it again as JPEG or PNG", detail
            ) from None
        finally:
            im.close()


def _decode(im: ImageFile.ImageFile, path: Path, name: str, want: Wanted) -> tuple[Image.Image, ImageFacts]:
    ex = exif.read_exif(im, path)
    orientation = exif.orientation(ex)
    if getattr(im, "n_frames", 1) > 1:
        im.seek(0)
    swap = orientation in _ORIENT_SWAPS
    stored = im.size
    facts = _facts(im, ex, (stored[1], stored[0]) if swap else stored)
    coefficients = jpeg_coefficient_bytes(im)  # of the full size: before drafting
    if want.max_edge:  # a smaller copy is all we need: decode at the smallest DCT scale that gives it
        _draft_jpeg(im, (want.min_edge or want.max_edge) / max(im.size))
    how, heif = _how(im, path, want)
    try:
        plan, upright = _planned(im, name, swap, stored, want, how, coefficients)
        small, pixels = _reduce(im, path, plan, heif)
        steps = _heif_steps(heif, plan.factor) if heif is not None else []
    finally:
        if heif is not None:
            heif.close()
    for step in steps:
        small = step(small)
    if orientation != 1:
        # Orientation is applied here and only here, after reducing (a transpose copies the picture);
        # HEIC (pillow-heif) arrives already rotated with its EXIF orientation reset to 1, AVIF arrives
        # unrotated with a synthesised orientation.
        small = small.transpose(_TRANSPOSE[orientation])
    if plan.final is not None and small.size != plan.final:
        box = (0.0, 0.0, upright[0] / plan.factor, upright[1] / plan.factor)  # the exact area of the picture
        small = small.resize(plan.final, plan.resample, box=box)
    small = _to_srgb(small, im.info.get("icc_profile"))
    if small is im:  # im is closed on return
        small = small.copy()
    return small, dataclasses.replace(facts, pixels_sha256=pixels)


def _facts(im: Image.Image, ex: Image.Exif | None, upright: tuple[int, int]) -> ImageFacts:
    captured, camera = exif.captured_at(ex), exif.camera(ex)
    return ImageFacts(
        format=im.format or "?",
        width=upright[0],
        height=upright[1],
        frames=int(getattr(im, "n_frames", 1) or 1),
        captured_at=captured,
        has_exif=ex is not None and (captured is not None or camera is not None),
        camera=camera,
    )

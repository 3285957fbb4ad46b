"""Open any evidence image: upright, 8-bit sRGB, reduced to what is needed, metadata stripped.

Every function here works on one file and raises MediaError naming it; nothing
prints. Decoding is the expensive part of a build, so each image is decoded once
into a reduced JPEG that both the PDF and the upload cards reuse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, UnidentifiedImageError

from evidence_pack.errors import MediaError
from evidence_pack.quiet import quiet
from evidence_pack.sniff import is_jpeg_xl
from evidence_pack.strips import StripError

if TYPE_CHECKING:
    from evidence_pack.strips import HeifGrid

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


@dataclass(frozen=True)
class PreparedImage:
    """A reduced, upright, metadata-free JPEG made from one source image."""

    path: Path
    width: int
    height: int


_ORIENT_SWAPS = {5, 6, 7, 8}


def _open(path: Path, name: str) -> Image.Image:
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
        raise MediaError(name, f"declares more than {MAX_PIXELS // 1_000_000} million pixels; "
                               "it is not a photo that can be used (possibly a hostile file)") from None
    except UnidentifiedImageError:
        with path.open("rb") as fh:
            head = fh.read(16)
        if is_jpeg_xl(head):
            raise MediaError(name, "is a JPEG XL image, which this tool cannot read; export it as JPEG or PNG") from None
        raise MediaError(name, "is not an image this tool can read (corrupt, or an unsupported format); "
                               "export it as JPEG or PNG") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise MediaError(name, f"cannot be opened as an image ({_short(exc)}); export it again as JPEG or PNG") from None
    if im.width * im.height > MAX_PIXELS or im.width <= 0 or im.height <= 0:
        im.close()
        raise MediaError(name, f"is {im.width}x{im.height} pixels, above the limit of "
                               f"{MAX_PIXELS // 1_000_000} million; resize it before adding it")
    return im


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


def _exif(im: Image.Image, path: Path | None = None) -> Image.Exif | None:
    try:
        if im.format == "PNG" and "exif" not in im.info and path is not None:
            ex = _png_late_exif(path)
        else:
            ex = im.getexif()
    except Exception:  # corrupt EXIF must not reject a good picture
        return None
    return ex if len(ex) else None


def _png_late_exif(path: Path) -> Image.Exif:
    """EXIF a PNG stores after its pixels, without decoding them as PngImageFile.getexif() would."""
    from evidence_pack.strips import png_exif_after_idat

    ex = Image.Exif()
    data = png_exif_after_idat(path)
    if data:
        ex.load(data if data.startswith(b"Exif\x00\x00") else b"Exif\x00\x00" + data)
    return ex


def _orientation(ex: Image.Exif | None) -> int:
    if ex is None:
        return 1
    value = ex.get(0x0112, 1)
    # Some Android phones write 0, which is outside the EXIF range: treat as upright.
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _captured_at(ex: Image.Exif | None) -> dt.datetime | None:
    if ex is None:
        return None
    try:
        sub = ex.get_ifd(0x8769)
    except Exception:
        sub = {}
    for tag in (0x9003, 0x9004):  # DateTimeOriginal, DateTimeDigitized
        raw = sub.get(tag)
        if isinstance(raw, bytes):
            raw = raw.decode("ascii", "ignore")
        if isinstance(raw, str):
            raw = raw.strip().rstrip("\x00")
            for fmt in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d %H:%M"):
                try:
                    when = dt.datetime.strptime(raw[:19], fmt)
                except ValueError:
                    continue
                if 1990 <= when.year <= 2100:
                    return when
    return None


def _camera(ex: Image.Exif | None) -> str | None:
    if ex is None:
        return None
    make = str(ex.get(0x010F, "") or "").strip("\x00 ")
    model = str(ex.get(0x0110, "") or "").strip("\x00 ")
    if model.lower().startswith(make.lower()):
        make = ""
    text = f"{make} {model}".strip()
    return text or None


def probe_image(path: Path, name: str) -> ImageFacts:
    """Read format, upright size, frame count and capture time without decoding pixels."""
    with quiet():
        return _probe(path, name)


def _probe(path: Path, name: str) -> ImageFacts:
    im = _open(path, name)
    try:
        ex = _exif(im, path)
        w, h = im.size
        if _orientation(ex) in _ORIENT_SWAPS:
            w, h = h, w
        return ImageFacts(format=im.format or "?", width=w, height=h, frames=int(getattr(im, "n_frames", 1) or 1),
                          captured_at=_captured_at(ex), has_exif=ex is not None and (
                              _captured_at(ex) is not None or _camera(ex) is not None),
                          camera=_camera(ex))
    finally:
        im.close()


def _extrema(im: Image.Image) -> tuple[float, float] | None:
    """The value range 32-bit and float pictures are scaled from: the whole picture's, so that every
    band of it is scaled alike. Fixed for 16-bit; None for 8-bit modes."""
    if im.mode.startswith("I;16"):
        return 0.0, 65535.0
    if im.mode not in ("I", "F"):
        return None
    lo, hi = im.getextrema()
    if hi <= 255 and lo >= 0:
        return 0.0, 255.0
    return float(lo), float(hi)


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


# --- decoding within the memory budget -------------------------------------------------------------

# What one decode may hold in pixel buffers: each worker process reads one file at a time, so a build
# with N workers stays under about N x this, plus ~100 MB per process for Python and the libraries.
# Measured peaks and the reasoning: README "Images and videos" and bench/memory_bench.py.
MEMORY_BUDGET_BYTES = 512 * 1024 * 1024
_BAND_BYTES = 8 * 1024 * 1024  # rows decoded, converted and hashed at a time
_STRIPS_ABOVE_BYTES = 64 * 1024 * 1024  # a PNG bigger than this decoded is read band by band

# Bytes per pixel the decoding library holds besides Pillow's own buffer, measured here on an
# 8000x6000 picture (peak RSS of open + load): libwebp decodes into its own RGBA canvas and more,
# libheif and libavif keep the YCbCr planes and an interleaved copy.
_LIBRARY_BYTES_PER_PIXEL = {"WEBP": 12.0, "AVIF": 5.5, "HEIF": 3.5}


def _stored_bytes_per_pixel(mode: str) -> int:
    """Pillow keeps 1 byte per pixel for 1, L and P, 2 for 16-bit grey and 4 for everything else."""
    return 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4


def _jpeg_coefficient_bytes(im: Image.Image, width: int, height: int) -> int:
    """A progressive JPEG keeps every DCT coefficient of the full-size picture (2 bytes each) until
    its last scan, whatever scale it is decoded at; a baseline JPEG is decoded a few rows at a time."""
    if not im.info.get("progressive") and not im.info.get("progression"):
        return 0
    from PIL import JpegImagePlugin

    chroma = {0: 2.0, 1: 1.0, 2: 0.5}.get(JpegImagePlugin.get_sampling(im), 2.0)  # 4:4:4, 4:2:2, 4:2:0
    components = {"L": 1.0, "CMYK": 4.0}.get(im.mode, 1.0 + chroma)
    return int(width * height * components * 2)


def _full_decode_bytes(im: Image.Image) -> int:
    """What decoding the whole picture at its current (possibly drafted) size holds at the peak."""
    w, h = im.size
    per_pixel = _stored_bytes_per_pixel(im.mode) + _LIBRARY_BYTES_PER_PIXEL.get(im.format or "", 0.0)
    return int(w * h * per_pixel)


@dataclass(frozen=True)
class _Plan:
    """How one picture is decoded: whole, PNG bands or HEIF tiles; then box-reduced band by band
    by `factor`, transposed, and resized to `final` (upright) when given."""

    how: str
    factor: int
    final: tuple[int, int] | None
    resample: Image.Resampling
    need_bytes: int


def _fit(width: int, height: int, edge: int) -> tuple[int, int]:
    """The size Image.thumbnail((edge, edge)) gives: aspect kept, each side rounded the closer way."""
    if width >= height:
        return edge, max(1, min(math.floor(edge * height / width), math.ceil(edge * height / width),
                                key=lambda n: abs(width / height - edge / max(n, 1))))
    return max(1, min(math.floor(edge * width / height), math.ceil(edge * width / height),
                      key=lambda n: abs(width / height - n / edge))), edge


def _target(upright: tuple[int, int], max_edge: int | None,
            max_width: int | None) -> tuple[tuple[int, int] | None, Image.Resampling]:
    """The final upright size (None: as decoded) and the filter that reaches it."""
    w, h = upright
    if max_edge and max(w, h) > max_edge:
        return _fit(w, h, max_edge), Image.Resampling.BICUBIC
    if max_width and w > max_width:
        return (max_width, max(1, round(h * max_width / w))), Image.Resampling.LANCZOS
    return None, Image.Resampling.BICUBIC


def _box_factor(upright: tuple[int, int], final: tuple[int, int] | None) -> int:
    """Box-average by this much while decoding, leaving a last resize of at least 2x (what Pillow's
    reducing_gap=2.0 does, so the pictures look as they did when made from the full-size copy)."""
    if final is None:
        return 1
    return max(1, int(min(upright[0] / final[0], upright[1] / final[1]) / 2))


def _too_large(name: str, fmt: str, size: tuple[int, int], need: int, budget: int) -> MediaError:
    """The refusal: what the picture is, what reading it would take, and how small to make it (the
    memory a decode needs grows with its pixel count)."""
    mp = size[0] * size[1] / 1e6
    fits = max(1, int(mp * budget / need))
    return MediaError(name, f"is {size[0]}x{size[1]} pixels ({mp:.0f} MP): reading this {fmt} would take about "
                            f"{need // (1 << 20)} MB of memory, more than the {budget // (1 << 20)} MB one file "
                            f"may use; resize it to at most {fits} megapixels (or save it as JPEG) and add it again")


def _draft_jpeg(im: Image.Image, scale: float) -> bool:
    """Decode a JPEG at 1/2, 1/4 or 1/8 scale straight from the DCT: the smallest of those that is
    at least `scale`. False when the picture is not a JPEG that can be drafted or no scale applies."""
    if im.format not in ("JPEG", "MPO") or im.mode not in ("RGB", "L", "CMYK", "YCbCr") or scale >= 1:
        return False
    w, h = im.size
    im.draft(im.mode if im.mode != "YCbCr" else "RGB", (max(1, int(w * scale + 1)), max(1, int(h * scale + 1))))
    return im.size != (w, h)


def _plan(im: Image.Image, path: Path, name: str, upright: tuple[int, int], max_edge: int | None,
          max_width: int | None, budget: int, heif: "HeifGrid | None", coefficients: int,
          stored: tuple[int, int]) -> _Plan:
    """Choose how to decode so the pixel buffers stay under `budget`, or refuse with what to do."""
    from evidence_pack.strips import png_strippable

    final, resample = _target(upright, max_edge, max_width)
    factor = _box_factor(upright, final)
    reduced = (upright[0] // factor + 1) * (upright[1] // factor + 1) * 4 * 2  # the box-reduced copy, then final
    full = _full_decode_bytes(im)
    band = _BAND_BYTES * 6  # a band as read, unfiltered, converted, hashed, reduced
    if heif is not None:
        return _Plan("heif", factor, final, resample, band + reduced)
    if im.format == "PNG" and full > _STRIPS_ABOVE_BYTES and png_strippable(im, path):
        return _Plan("png", factor, final, resample, band + reduced)
    # The library's own buffers (and a progressive JPEG's coefficients) are gone once the picture is
    # loaded; then Pillow's copy is held while bands of it are reduced.
    stored_only = im.width * im.height * _stored_bytes_per_pixel(im.mode)
    need = max(full + coefficients, stored_only + min(stored_only, band) + reduced)
    if need > budget:
        raise _too_large(name, im.format or "image", stored, need, budget)
    return _Plan("full", factor, final, resample, need)


class _Reducer:
    """Takes the picture band by band (top to bottom, as stored): converts each to RGB, hashes it and
    box-reduces it into one small picture; rows left over from a band wait for the next one, so the
    result is exactly Image.reduce of the whole picture."""

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
        if self._carry is not None:
            self._pieces.append(self._carry.reduce(self.factor) if self.factor > 1 else self._carry)
            self._carry = None
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
    rows = max(1, _BAND_BYTES // max(1, width * 4))
    return max(factor, rows // factor * factor)


def _bands(im: Image.Image, path: Path, plan: _Plan, heif: "HeifGrid | None") -> Iterator[Image.Image]:
    """The stored picture, top to bottom, in bands of a few MB."""
    from evidence_pack.strips import png_bands

    if plan.how == "heif" and heif is not None:
        yield from heif.rows()
        return
    if plan.how == "png":
        yield from png_bands(im, path, _band_rows(im.width, plan.factor))
        return
    im.load()
    rows = _band_rows(im.width, plan.factor)
    if rows >= im.height:
        yield im
        return
    for y in range(0, im.height, rows):
        yield im.crop((0, y, im.width, min(im.height, y + rows)))


def _reduce(im: Image.Image, path: Path, plan: _Plan, heif: "HeifGrid | None") -> tuple[Image.Image, str]:
    """The box-reduced RGB picture (stored orientation) and the SHA-256 of its full-size RGB pixels."""
    extrema = _extrema(im) if plan.how == "full" and im.mode in ("I", "F") else None
    if extrema is None and plan.how == "full" and im.mode in ("I", "F"):
        im.load()
        extrema = _extrema(im)
    reducer = _Reducer(plan.factor, extrema)
    pending: Image.Image | None = None
    for band in _bands(im, path, plan, heif):
        if pending is not None:
            reducer.add(pending)
        pending = band
    if pending is None:
        raise OSError("no pixel data")
    reducer.add(pending, last=True)
    return reducer.result(), reducer.sha.hexdigest()


def _plan_upright(im: Image.Image, path: Path, name: str, swap: bool, max_edge: int | None,
                  max_width: int | None, budget: int, heif: "HeifGrid | None", coefficients: int,
                  stored: tuple[int, int]) -> tuple[_Plan, tuple[int, int]]:
    """The plan, and the size as decoded (after DCT scaling) before EXIF orientation (a HEIF's size is
    after its own rotation). A chat screenshot JPEG too large to decode whole is drafted to its width."""
    upright = (im.height, im.width) if swap else im.size
    try:
        return _plan(im, path, name, upright, max_edge, max_width, budget, heif, coefficients, stored), upright
    except MediaError:
        if not (max_width and im.size == stored and _draft_jpeg(im, max_width / upright[0])):
            raise
    upright = (im.height, im.width) if swap else im.size
    return _plan(im, path, name, upright, max_edge, max_width, budget, heif, coefficients, stored), upright


def _heif_grid(im: Image.Image, path: Path, budget: int) -> "HeifGrid | None":
    """A HEIF grid image too large to decode whole, opened for reading tile by tile (None otherwise)."""
    if im.format != "HEIF" or _full_decode_bytes(im) <= budget:
        return None
    from evidence_pack.strips import HeifGrid, StripError

    try:
        grid = HeifGrid(path)
    except StripError:
        return None
    if not grid.is_grid:
        grid.close()
        return None
    return grid


def _heif_transposes(grid: "HeifGrid", factor: int) -> list[Callable[[Image.Image], Image.Image]]:
    """The HEIF rotation, mirror and crop, as steps on the box-reduced picture."""
    steps: list[Callable[[Image.Image], Image.Image]] = []
    for kind, value in grid.transformations():
        if kind == "rotate_ccw" and value in _ROTATE_CCW:
            steps.append(lambda img, t=_ROTATE_CCW[value]: img.transpose(t))
        elif kind == "mirror":
            flip = Image.Transpose.FLIP_LEFT_RIGHT if value == 0 else Image.Transpose.FLIP_TOP_BOTTOM
            steps.append(lambda img, t=flip: img.transpose(t))
        elif kind == "crop":
            left, top, right, bottom = (round(v / factor) for v in value)  # type: ignore[union-attr]
            steps.append(lambda img, b=(left, top, right, bottom): img.crop(
                (b[0], b[1], max(b[0] + 1, img.width - b[2]), max(b[1] + 1, img.height - b[3]))))
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


def decode_upright(path: Path, name: str, max_edge: int | None, min_edge: int | None = None,
                   max_width: int | None = None,
                   budget_bytes: int = MEMORY_BUDGET_BYTES) -> tuple[Image.Image, ImageFacts]:
    """Decode the first frame upright in 8-bit sRGB, reduced so its long edge is at most max_edge
    (and its width at most max_width), holding at most about budget_bytes of pixels meanwhile.

    With min_edge, a JPEG is decoded at the smallest DCT scale (1/2, 1/4, 1/8) that keeps the long edge
    at or above min_edge, and only resized further when that is still above max_edge. Pictures too
    large to decode whole are read in bands (PNG) or tiles (HEIF grids), else refused with a
    MediaError that says how small to make them. pixels_sha256 is that of the full-size RGB pixels
    as stored (after DCT scaling; for HEIF grids read by tiles, before the HEIF rotation).
    """
    with quiet():
        im = _open(path, name)
        try:
            return _decode(im, path, name, max_edge, min_edge, max_width, budget_bytes)
        except MediaError:
            raise
        except MemoryError:
            raise MediaError(name, "is too large to decode in the memory available; resize it first") from None
        except StripError as exc:
            if exc.truncated:
                raise MediaError(name, "is truncated (the file was cut short); copy the original again") from None
            raise MediaError(name, f"cannot be decoded ({_short(exc)}); export it again as JPEG or PNG") from None
        except (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, RuntimeError,
                Image.DecompressionBombError) as exc:
            msg = _short(exc)
            if "truncated" in msg.lower():
                raise MediaError(name, "is truncated (the file was cut short); copy the original again") from None
            raise MediaError(name, f"cannot be decoded ({msg}); export it again as JPEG or PNG") from None
        finally:
            im.close()


def _decode(im: Image.Image, path: Path, name: str, max_edge: int | None, min_edge: int | None,
            max_width: int | None, budget: int) -> tuple[Image.Image, ImageFacts]:
    ex = _exif(im, path)
    orientation = _orientation(ex)
    icc = im.info.get("icc_profile")
    frames = int(getattr(im, "n_frames", 1) or 1)
    if frames > 1:
        im.seek(0)
    swap = orientation in _ORIENT_SWAPS
    orig = (im.height, im.width) if swap else im.size
    stored = im.size
    coefficients = _jpeg_coefficient_bytes(im, *stored) if im.format in ("JPEG", "MPO") else 0
    if max_edge:  # a smaller copy is all we need: decode straight at the smallest DCT scale that gives it
        _draft_jpeg(im, (min_edge or max_edge) / max(im.size))
    heif = _heif_grid(im, path, budget)
    try:
        plan, upright = _plan_upright(im, path, name, swap, max_edge, max_width, budget, heif, coefficients, stored)
        small, pixels = _reduce(im, path, plan, heif)
        steps = _heif_transposes(heif, plan.factor) if heif is not None else []
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
        box = (0.0, 0.0, upright[0] / plan.factor, upright[1] / plan.factor)
        small = small.resize(plan.final, plan.resample, box=box)
    small = _to_srgb(small, icc)
    if small is im:
        small = small.copy()
    facts = ImageFacts(format=im.format or "?", width=orig[0], height=orig[1], frames=frames,
                       captured_at=_captured_at(ex), has_exif=ex is not None and (
                           _captured_at(ex) is not None or _camera(ex) is not None),
                       camera=_camera(ex), pixels_sha256=pixels)
    return small, facts


def save_jpeg(im: Image.Image, dest: Path, quality: int = 82) -> PreparedImage:
    """Write a baseline JPEG with no EXIF, XMP, ICC or thumbnail (nothing but pixels)."""
    if im.mode != "RGB":
        im = im.convert("RGB")
    dest.parent.mkdir(parents=True, exist_ok=True)
    im.save(dest, "JPEG", quality=quality, progressive=False, subsampling="4:2:0" if quality < 90 else 0)
    return PreparedImage(path=dest, width=im.width, height=im.height)


def jpeg_bytes(im: Image.Image, quality: int) -> bytes:
    """Encode to JPEG in memory (no metadata)."""
    buf = io.BytesIO()
    im.convert("RGB").save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()

"""Open any evidence image: upright, 8-bit sRGB, reduced to what is needed, metadata stripped.

Every function here works on one file and raises MediaError naming it; nothing
prints. Decoding is the expensive part of a build, so each image is decoded once
into a reduced JPEG that both the PDF and the upload cards reuse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from evidence_pack.errors import MediaError
from evidence_pack.sniff import is_jpeg_xl

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
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im = Image.open(path)
    except Image.DecompressionBombError:
        raise MediaError(name, f"declares more than {MAX_PIXELS // 1_000_000} million pixels; "
                               "it is not a photo that can be used (possibly a hostile file)") from None
    except UnidentifiedImageError:
        if is_jpeg_xl(path.read_bytes()[:16]):
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


def _exif(im: Image.Image) -> Image.Exif | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ex = im.getexif()
    except Exception:  # corrupt EXIF must not reject a good picture
        return None
    return ex if len(ex) else None


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
    im = _open(path, name)
    try:
        ex = _exif(im)
        w, h = im.size
        if _orientation(ex) in _ORIENT_SWAPS:
            w, h = h, w
        return ImageFacts(format=im.format or "?", width=w, height=h, frames=int(getattr(im, "n_frames", 1) or 1),
                          captured_at=_captured_at(ex), has_exif=ex is not None and (
                              _captured_at(ex) is not None or _camera(ex) is not None),
                          camera=_camera(ex))
    finally:
        im.close()


def _to_rgb(im: Image.Image) -> Image.Image:
    """Any mode to 8-bit RGB; alpha is flattened on white, high bit depths scaled, CMYK inverted right."""
    mode = im.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        im = im.convert("I") if mode != "F" else im
        lo, hi = im.getextrema()
        if mode.startswith("I;16"):
            lo, hi = 0, 65535
        elif hi <= 255 and lo >= 0:
            lo, hi = 0, 255
        scale = 255.0 / max(1.0, float(hi) - float(lo))
        im = im.point(lambda v: (v - lo) * scale).convert("L")
        return im.convert("RGB")
    if mode == "P":
        im = im.convert("RGBA") if "transparency" in im.info else im.convert("RGB")
        mode = im.mode
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = im.convert("RGBA")
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


def decode_upright(path: Path, name: str, max_edge: int | None,
                   min_edge: int | None = None) -> tuple[Image.Image, ImageFacts]:
    """Decode the first frame upright in 8-bit sRGB, reduced so its long edge is at most max_edge.

    With min_edge, a JPEG is decoded at the smallest DCT scale (1/2, 1/4, 1/8) that keeps the long edge
    at or above min_edge, and only resized further when that is still above max_edge.
    """
    im = _open(path, name)
    try:
        ex = _exif(im)
        orientation = _orientation(ex)
        icc = im.info.get("icc_profile")
        frames = int(getattr(im, "n_frames", 1) or 1)
        facts = ImageFacts(format=im.format or "?", width=0, height=0, frames=frames,
                           captured_at=_captured_at(ex), has_exif=ex is not None and (
                               _captured_at(ex) is not None or _camera(ex) is not None),
                           camera=_camera(ex))
        if frames > 1:
            im.seek(0)
        orig_w, orig_h = im.size
        if orientation in _ORIENT_SWAPS:
            orig_w, orig_h = orig_h, orig_w
        if max_edge and im.format in ("JPEG", "MPO") and im.mode in ("RGB", "L", "CMYK", "YCbCr"):
            # Decode at 1/2, 1/4 or 1/8 scale straight from the DCT when a smaller copy is all we need.
            w, h = im.size
            s = (min_edge or max_edge) / max(w, h)
            if s < 1:
                im.draft(im.mode if im.mode != "YCbCr" else "RGB", (max(1, int(w * s + 1)), max(1, int(h * s + 1))))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im.load()
        out = _to_rgb(im)
        pixels = hashlib.sha256(out.tobytes()).hexdigest()
        if orientation != 1:
            # Orientation is applied here and only here; HEIC (pillow-heif) arrives already rotated with
            # its EXIF orientation reset to 1, AVIF arrives unrotated with a synthesised orientation.
            out = out.transpose(_TRANSPOSE[orientation])
        if max_edge and max(out.size) > max_edge:
            out.thumbnail((max_edge, max_edge), Image.Resampling.BICUBIC, reducing_gap=2.0)
        out = _to_srgb(out, icc)
        if out is im:
            out = out.copy()
        facts = ImageFacts(format=facts.format, width=orig_w, height=orig_h, frames=frames,
                           captured_at=facts.captured_at, has_exif=facts.has_exif, camera=facts.camera,
                           pixels_sha256=pixels)
        return out, facts
    except MediaError:
        raise
    except MemoryError:
        raise MediaError(name, "is too large to decode in the memory available; resize it first") from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, Image.DecompressionBombError) as exc:
        msg = _short(exc)
        if "truncated" in msg.lower():
            raise MediaError(name, "is truncated (the file was cut short); copy the original again") from None
        raise MediaError(name, f"cannot be decoded ({msg}); export it again as JPEG or PNG") from None
    finally:
        im.close()


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


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

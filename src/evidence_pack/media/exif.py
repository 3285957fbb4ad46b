"""What a picture says about itself in its EXIF: orientation, capture time, camera."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PIL import Image


def read_exif(im: Image.Image, path: Path | None = None) -> Image.Exif | None:
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
    from evidence_pack.media.strips import png_exif_after_idat

    ex = Image.Exif()
    data = png_exif_after_idat(path)
    if data:
        ex.load(data if data.startswith(b"Exif\x00\x00") else b"Exif\x00\x00" + data)
    return ex


def orientation(ex: Image.Exif | None) -> int:
    if ex is None:
        return 1
    value = ex.get(0x0112, 1)
    # Some Android phones write 0, which is outside the EXIF range: treat as upright.
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def captured_at(ex: Image.Exif | None) -> dt.datetime | None:
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


def camera(ex: Image.Exif | None) -> str | None:
    if ex is None:
        return None
    make = str(ex.get(0x010F, "") or "").strip("\x00 ")
    model = str(ex.get(0x0110, "") or "").strip("\x00 ")
    if model.lower().startswith(make.lower()):
        make = ""
    text = f"{make} {model}".strip()
    return text or None

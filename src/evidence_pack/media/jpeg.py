"""This build's own JPEGs: written with nothing but pixels, and read back. Apart from media.image (which
opens any evidence file) so that what only writes frames does not import the decoders' machinery."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image


@dataclass(frozen=True)
class PreparedImage:
    """A reduced, upright, metadata-free JPEG made from one source image."""

    path: Path
    width: int
    height: int


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
    (im if im.mode == "RGB" else im.convert("RGB")).save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def open_rgb(path: Path, at_least: tuple[int, int] | None = None) -> Image.Image:
    """One of this build's own pictures (a JPEG ingest wrote) as RGB pixels, without the copy that
    convert("RGB") makes of an RGB picture; given `at_least`, decoded at the smallest JPEG DCT scale that
    still covers that size (draft mode: less to decode and to hold)."""
    with Image.open(path) as src:
        if at_least is not None:
            src.draft("RGB", at_least)
        src.load()
        return src if src.mode == "RGB" else src.convert("RGB")

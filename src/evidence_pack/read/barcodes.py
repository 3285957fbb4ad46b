"""Barcodes in a picture (zxing-cpp: Code 128 on parcel labels, QR, DataMatrix, EAN ...), found even when
the picture is rotated or small: one pass as it is, then passes turned a little and enlarged."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

Box = tuple[float, float, float, float]  # x, y, w, h in fractions of the picture


@dataclass(frozen=True)
class Barcode:
    text: str
    format: str  # "Code128", "QRCode", ...
    box: Box  # where it is, in fractions of the picture it was found in


# Extra passes when the plain one finds nothing: zxing-cpp reads lines at any right angle, but a label
# photographed 20 degrees off needs the picture turned back (measured: +-8/16/24 degrees and 2x recover it).
_ANGLES = (8, -8, 16, -16, 24, -24)


def read_barcodes(img: Image.Image, thorough: bool = True) -> list[Barcode]:
    """Every distinct barcode in the picture; with thorough, retry turned and enlarged when none is found."""
    grey = img.convert("L")
    found = _read(grey)
    if found or not thorough:
        return found
    big = grey.resize((grey.width * 2, grey.height * 2), Image.Resampling.BICUBIC) if max(grey.size) < 2000 else grey
    for angle in _ANGLES:
        turned = big.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        found = _read(turned, exact_box=False)
        if found:
            return found
    return []


def _read(grey: Image.Image, exact_box: bool = True) -> list[Barcode]:
    """One pass; a picture that had to be turned gives no exact box (the whole picture is said)."""
    import zxingcpp

    results = zxingcpp.read_barcodes(grey)
    out: list[Barcode] = []
    seen: set[str] = set()
    for r in results:
        if not r.valid or not r.text or r.text in seen:
            continue
        seen.add(r.text)
        out.append(
            Barcode(r.text, str(r.format).split(".")[-1], _box(r.position, grey.size) if exact_box else (0, 0, 1, 1))
        )
    return out


def _box(position: object, size: tuple[int, int]) -> Box:
    points = [getattr(position, k) for k in ("top_left", "top_right", "bottom_right", "bottom_left")]
    xs, ys = [p.x for p in points], [p.y for p in points]
    w, h = size
    x0, y0 = max(0, min(xs)) / w, max(0, min(ys)) / h
    return (x0, y0, min(1.0, max(xs) / w) - x0, min(1.0, max(ys) / h) - y0)

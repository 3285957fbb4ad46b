"""Listing against what arrived: which photo is shown beside which listing screenshot, and, for a wrong
colour, the colour of each side as a swatch with a plain name and its hex value.

The pairs come from `compare = "listing/..."` in case.toml, or, for a not-as-described claim with exactly
one listing screenshot and one photo, from the case itself. A colour is read from the outlined
(`highlight`) box, else from the centre of the picture, as its dominant colour (a thin zip or seam does
not shift it), and named after the nearest of a small table of colours in CIELAB (CIEDE2000).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from evidence_pack.case import Case
from evidence_pack.exhibits import Exhibit
from evidence_pack.fields import Box
from evidence_pack.texts.wording import Phrase

CENTRE: Box = (0.35, 0.35, 0.3, 0.3)  # the middle of a picture, where the item usually is

# Plain names a buyer and a reviewer both use, with a typical sRGB value for each.
COLOUR_NAMES: tuple[tuple[str, tuple[int, int, int]], ...] = (
    ("black", (20, 20, 20)),
    ("charcoal grey", (54, 60, 66)),
    ("dark grey", (90, 90, 90)),
    ("grey", (128, 128, 128)),
    ("light grey", (196, 196, 196)),
    ("white", (250, 250, 250)),
    ("cream", (250, 240, 200)),
    ("beige", (220, 200, 160)),
    ("khaki", (190, 175, 130)),
    ("tan", (200, 160, 110)),
    ("brown", (125, 75, 40)),
    ("dark brown", (70, 42, 25)),
    ("dark red", (125, 15, 25)),
    ("red", (205, 35, 40)),
    ("coral", (250, 125, 95)),
    ("pink", (245, 165, 190)),
    ("hot pink", (235, 70, 150)),
    ("magenta", (200, 20, 150)),
    ("orange", (240, 130, 30)),
    ("gold", (210, 170, 50)),
    ("yellow", (245, 215, 40)),
    ("olive green", (120, 120, 30)),
    ("lime green", (150, 210, 60)),
    ("green", (40, 145, 60)),
    ("dark green", (20, 80, 40)),
    ("mint green", (165, 225, 195)),
    ("teal", (0, 125, 125)),
    ("turquoise", (60, 200, 200)),
    ("light blue", (165, 200, 235)),
    ("sky blue", (95, 165, 225)),
    ("blue", (35, 85, 195)),
    ("navy blue", (28, 38, 88)),
    ("purple", (110, 45, 145)),
    ("lavender", (185, 165, 225)),
)


@dataclass(frozen=True)
class Swatch:
    """The colour of one side of a comparison."""

    rgb: tuple[int, int, int]
    name: str  # the nearest plain colour name
    where: str  # "outlined area" or "centre of the picture"

    @property
    def hex(self) -> str:
        return "#{:02X}{:02X}{:02X}".format(*self.rgb)

    @property
    def text(self) -> str:
        """'navy blue (#1C2658), outlined area'"""
        return f"{self.name} ({self.hex}), {self.where}"


@dataclass(frozen=True)
class Comparison:
    """A listing screenshot shown beside the item received, each picture with its exhibit number."""

    listed: Exhibit
    received: Exhibit
    listed_index: int = 0  # which picture of the listing (a tall screenshot is split into parts)
    swatches: tuple[Swatch, Swatch] | None = None  # (listed, received), for a wrong colour

    @property
    def numbers(self) -> tuple[int, int]:
        return self.listed.number, self.received.number


def comparisons(case: Case, exhibits: list[Exhibit]) -> tuple[list[Comparison], list[Phrase]]:
    """The side-by-side pairs of this case, and a warning for each `compare` that cannot be honoured."""
    by_rel = {e.rel: e for e in exhibits}
    pairs: list[tuple[Exhibit, Exhibit]] = []
    warnings: list[Phrase] = []
    for n, entry in enumerate(case.evidence):
        if not entry.compare:
            continue
        field = f"evidence[{n}].compare"
        received, listed = by_rel.get(entry.file), by_rel.get(entry.compare)
        if received is None:
            continue  # the file itself is missing or unreadable: reported already
        if listed is None:
            warnings.append(
                Phrase(
                    f"{field}: {entry.compare} is not among the exhibits; check the path",
                    f"{field}: {entry.compare} が証拠の中にありません。パスを確認してください",
                )
            )
        elif listed.kind != "listing" or not listed.pictures:
            warnings.append(
                Phrase(
                    f'{field}: {entry.compare} is not a listing screenshot; put it in listing/ or set kind = "listing"',
                    f'{field}: {entry.compare} は商品ページのスクリーンショットではありません。listing/ に入れるか kind = "listing" にしてください',
                )
            )
        elif received.kind != "photo" or not received.pictures:
            warnings.append(
                Phrase(
                    f"{field}: only a photo can be shown beside the listing; {entry.file} is a {received.kind}",
                    f"{field}: 商品ページと並べられるのは写真だけです（{entry.file} は {received.kind} です）",
                )
            )
        else:
            pairs.append((listed, received))
    if not pairs and case.claim.reason == "not_as_described":
        listings = [e for e in exhibits if e.kind == "listing" and e.pictures]
        photos = [e for e in exhibits if e.kind == "photo" and e.pictures]
        if len(listings) == 1 and len(photos) == 1:  # no doubt which is set against which
            pairs.append((listings[0], photos[0]))
    colour = "wrong_color" in case.claim.problems
    out = []
    for listed, received in pairs:
        index = focus_index(listed)
        swatches = (swatch(listed, index), swatch(received, 0)) if colour else None
        out.append(Comparison(listed, received, index, swatches))
    return out, warnings


def focus_index(ex: Exhibit) -> int:
    """The picture of an exhibit that matters most: the part of a tall screenshot its first highlight
    box falls on, else the first."""
    for i in range(len(ex.pictures)):
        if ex.boxes_on(i):
            return i
    return 0


def swatch(ex: Exhibit, index: int) -> Swatch:
    """The dominant colour of the outlined box (else the centre) of one picture, named."""
    boxes = ex.boxes_on(index)
    box, where = (boxes[0], "outlined area") if boxes else (CENTRE, "centre of the picture")
    rgb = dominant_colour(ex.pictures[index].path, box)
    return Swatch(rgb, colour_name(rgb), where)


def dominant_colour(path: Path, box: Box) -> tuple[int, int, int]:
    """The most common colour of a box of a picture: a median-cut palette of six, the largest entry."""
    with Image.open(path) as im:
        x, y, w, h = box
        region = im.convert("RGB").crop(
            (
                int(x * im.width),
                int(y * im.height),
                max(int(x * im.width) + 1, int((x + w) * im.width)),
                max(int(y * im.height) + 1, int((y + h) * im.height)),
            )
        )
    region.thumbnail((160, 160))
    q = region.quantize(colors=6, method=Image.Quantize.MEDIANCUT)
    palette = q.getpalette() or []
    # a palette picture's colours are palette indexes (Pillow types them as any pixel value)
    counts = [(n, i) for n, i in q.getcolors() or [] if isinstance(i, int)] or [(1, 0)]
    _, index = max(counts)
    r, g, b = palette[index * 3 : index * 3 + 3]
    return (r, g, b)


def colour_name(rgb: tuple[int, int, int]) -> str:
    """The plain name nearest to a colour (CIEDE2000 in CIELAB)."""
    lab = to_lab(rgb)
    return min(COLOUR_NAMES, key=lambda named: ciede2000(lab, to_lab(named[1])))[0]


def to_lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """sRGB (8-bit) to CIELAB, D65 white."""

    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """The CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        if dh > 180:
            dh -= 360
        elif dh < -180:
            dh += 360
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if not c1p * c2p:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = (
        -2
        * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
        * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
    )
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (dc / s_c) * (d_h / s_h))

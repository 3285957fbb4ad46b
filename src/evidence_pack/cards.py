"""Drawing on exhibit cards: text with per-character font fallback, highlight frames, the date marker,
pictures shown no larger than twice their size, and the side-by-side card of listing against item."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from evidence_pack.fields import Box
from evidence_pack.media.jpeg import open_rgb
from evidence_pack.pdf import fonts

CARD_WIDTH = 1080  # a phone screen's width in pixels: nothing is scaled down to be read
PAD = 36
MAX_UPSCALE = 2.0  # a small picture is shown at most at twice its size: blown up further it looks broken
HIGHLIGHT_RGB = (226, 0, 116)  # the highlight frame: a magenta no screenshot or product photo is made of
MARKER_FILL = (255, 214, 102)  # the date marker's band: amber, read as "look here"
MARKER_INK = (110, 40, 0)
ACCENT = (11, 79, 138)
INK = (20, 20, 20)
MUTED = (85, 85, 85)


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts.pil_font_path(bold)), size)


@lru_cache(maxsize=8)
def cjk(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts.pil_cjk_path()), size)


def draw_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    text: str,
    size: int,
    bold: bool = False,
    fill: tuple[int, int, int] = INK,
) -> None:
    x, y = xy
    for run, face in fonts.runs(text):
        f = cjk(size) if face else font(size, bold)
        draw.text((x, y), run, font=f, fill=fill)
        x += int(draw.textlength(run, font=f))


def text_width(draw: ImageDraw.ImageDraw, text: str, size: int, bold: bool = False) -> float:
    return sum(draw.textlength(run, font=cjk(size) if face else font(size, bold)) for run, face in fonts.runs(text))


def wrap(
    draw: ImageDraw.ImageDraw, text: str, size: int, width: int, max_lines: int = 4, bold: bool = False
) -> list[str]:
    words = text.split()
    lines: list[str] = []
    line = ""
    for word in words:
        trial = f"{line} {word}".strip()
        if text_width(draw, trial, size, bold) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(draw, line, size, bold) > width:  # a single long word or CJK run: break by characters
            cut = len(line)
            while cut > 1 and text_width(draw, line[:cut], size, bold) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .") + " ..."
    return lines


def fit_scale(size: tuple[int, int], box: tuple[float, float]) -> tuple[float, bool]:
    """The scale that fits a picture into a box, at most MAX_UPSCALE; True when that cap decided it
    (the picture is shown smaller than the box allows, and says so)."""
    fill = min(box[0] / size[0], box[1] / size[1])
    return (MAX_UPSCALE, True) if fill > MAX_UPSCALE else (fill, False)


def low_res_note(original: tuple[int, int] | None, shown: tuple[int, int]) -> str:
    w, h = original or shown
    return f"low-resolution original ({w} x {h})"


def outline(img: Image.Image, boxes: tuple[Box, ...]) -> Image.Image:
    """The picture with each box (fractions x, y, w, h) framed in the highlight colour, drawn just outside
    the box so the frame covers nothing inside it."""
    if not boxes:
        return img
    img = img.copy()
    d = ImageDraw.Draw(img)
    width = max(3, round(max(img.size) / 180))
    for x, y, w, h in boxes:
        x0, y0 = round(x * img.width) - width, round(y * img.height) - width
        x1, y1 = round((x + w) * img.width) + width - 1, round((y + h) * img.height) + width - 1
        d.rectangle((x0, y0, x1, y1), outline=HIGHLIGHT_RGB, width=width)
    return img


def marker_band(d: ImageDraw.ImageDraw, y: int, text: str, width: int = CARD_WIDTH) -> int:
    """The amber band that marks a doubtful capture time; returns the height it takes."""
    lines = wrap(d, text, 28, width - 2 * PAD - 24, max_lines=2, bold=True)
    h = 16 + 36 * len(lines)
    d.rectangle((PAD, y, width - PAD, y + h), fill=MARKER_FILL)
    for k, line in enumerate(lines):
        draw_text(d, (PAD + 12, y + 8 + 36 * k), line, 28, bold=True, fill=MARKER_INK)
    return h


@dataclass(frozen=True)
class Side:
    """One side of a side-by-side card: "Listed" or "Received"."""

    heading: str
    label: str  # "Exhibit 3"
    caption: str
    picture: Path
    boxes: tuple[Box, ...] = ()
    swatch: tuple[tuple[int, int, int], str] | None = None  # (rgb, "navy blue (#1C2658), outlined area")


def make_compare_card(left: Side, right: Side, footer: str, max_height: int = 2200) -> Image.Image:
    """Listing and item received side by side, each under its heading, exhibit number and caption, with
    its colour swatch when the claim is a wrong colour."""
    scratch = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    gap = 28
    col = (CARD_WIDTH - 2 * PAD - gap) // 2
    sides = []
    for side in (left, right):
        img = open_rgb(side.picture)
        cap = wrap(scratch, side.caption, 26, col, max_lines=4)
        sw = wrap(scratch, side.swatch[1], 24, col - 84, max_lines=3) if side.swatch else []
        sides.append((side, img, cap, sw))
    head_h = PAD + 44 + 8
    text_h = max(46 + 40 + 34 * len(cap) for _, _, cap, _ in sides) + 12
    swatch_h = max((max(72, 30 * len(sw)) + 16 for *_, sw in sides if sw), default=0)
    foot_h = 48
    max_img_h = max_height - head_h - text_h - swatch_h - foot_h
    scaled = []
    for side, img, cap, sw in sides:
        scale, capped = fit_scale(img.size, (col, max_img_h))
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        shown = outline(img.resize(size, Image.Resampling.LANCZOS), side.boxes)
        scaled.append((side, shown, cap, sw, capped, img.size))
    img_h = max(s[1].height for s in scaled) + (34 if any(s[4] for s in scaled) else 0)
    card = Image.new("RGB", (CARD_WIDTH, head_h + text_h + img_h + swatch_h + foot_h), (255, 255, 255))
    d = ImageDraw.Draw(card)
    d.rectangle((0, 0, CARD_WIDTH, 10), fill=ACCENT)
    draw_text(d, (PAD, PAD - 8), "Listed and received, side by side", 40, bold=True, fill=ACCENT)
    for k, (side, shown, cap, sw, capped, size) in enumerate(scaled):
        x = PAD + k * (col + gap)
        y = head_h
        draw_text(d, (x, y), side.heading, 38, bold=True, fill=INK)
        y += 46
        draw_text(d, (x, y), side.label, 32, bold=True, fill=ACCENT)
        y += 40
        for line in cap:
            draw_text(d, (x, y), line, 26)
            y += 34
        y = head_h + text_h
        card.paste(shown, (x + (col - shown.width) // 2, y))
        if capped:
            draw_text(d, (x, y + shown.height + 4), low_res_note(None, size), 22, fill=MUTED)
        y = head_h + text_h + img_h + 8
        if side.swatch:
            rgb, _ = side.swatch
            d.rectangle((x, y, x + 72, y + 72), fill=rgb, outline=(60, 60, 60), width=2)
            for j, line in enumerate(sw):
                draw_text(d, (x + 84, y + 4 + 30 * j), line, 24)
    if gap:
        mid = PAD + col + gap // 2
        d.line((mid, head_h, mid, head_h + text_h + img_h + swatch_h), fill=(190, 190, 190), width=2)
    draw_text(d, (PAD, card.height - foot_h + 10), footer, 22, fill=MUTED)
    return card

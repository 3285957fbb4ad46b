"""Pictures to read, drawn with real fonts: chat screenshots (seller bubbles on the left, buyer bubbles on
the right, date headers in the middle, as the apps draw them), order pages and parcel labels."""

from __future__ import annotations

from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFont

LATIN = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
LATIN_BOLD = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"
CJK = Path(__file__).resolve().parents[1] / "src" / "evidence_pack" / "fonts" / "DroidSansFallbackFull.ttf"

SELLER_BUBBLE = (236, 236, 240)
BUYER_BUBBLE = (255, 226, 204)
BACKGROUND = (250, 250, 250)


def _cjk(ch: str) -> bool:
    return ord(ch) > 0x2E7F


def font(size: int, text: str = "", bold: bool = False) -> ImageFont.FreeTypeFont:
    """Vera for Latin text; Droid Sans Fallback as soon as the text has a Chinese or Japanese character."""
    if any(_cjk(ch) for ch in text):
        return ImageFont.truetype(str(CJK), size)
    return ImageFont.truetype(str(LATIN_BOLD if bold else LATIN), size)


def _runs(text: str) -> list[str]:
    """The text cut where it changes between Latin and CJK, each run drawn with its own font."""
    out: list[str] = []
    for ch in text:
        if out and _cjk(out[-1][-1]) == _cjk(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def length(text: str, size: int, bold: bool = False) -> float:
    return sum(font(size, run, bold).getlength(run) for run in _runs(text))


def draw_text(
    d: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    size: int,
    fill: tuple[int, int, int],
    bold: bool = False,
) -> None:
    """Text from its top-left corner, each run in the font that has its characters."""
    x, y = xy
    for run in _runs(text):
        f = font(size, run, bold)
        # CJK glyphs sit lower than Vera's: align the runs on one baseline
        d.text((x, y + size * 0.8), run, font=f, fill=fill, anchor="ls")
        x += f.getlength(run)


def _wrap(text: str, f_size: int, max_w: int) -> list[str]:
    cjk = any(_cjk(ch) for ch in text)
    units = list(text) if cjk else text.split(" ")
    lines: list[str] = []
    line = ""
    for unit in units:
        trial = (line + unit) if cjk or not line else f"{line} {unit}"
        if line and length(trial, f_size) > max_w:
            lines.append(line)
            line = unit
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


def chat_screenshot(
    messages: list[tuple[str, str]], width: int = 1080, height: int = 2340, title: str = "Example Official Store"
) -> Image.Image:
    """messages: (side, text) with side "seller", "buyer" or "date" (a centred header)."""
    img = Image.new("RGB", (width, height), BACKGROUND)
    d = ImageDraw.Draw(img)
    s = width / 1080
    d.text((40 * s, 30 * s), "9:41", font=font(int(34 * s), bold=True), fill=(20, 20, 20))
    d.rectangle([0, 110 * s, width, 230 * s], fill=(255, 255, 255))
    d.text((width / 2, 170 * s), title, font=font(int(40 * s), title, bold=True), fill=(20, 20, 20), anchor="mm")
    y = 280 * s
    size = int(40 * s)
    line_h = int(56 * s)
    pad = int(28 * s)
    max_text = int(width * 0.62)
    for side, text in messages:
        if side == "date":
            size_h = int(30 * s)
            draw_text(d, (width / 2 - length(text, size_h) / 2, y), text, size_h, (130, 130, 130))
            y += 90 * s
            continue
        lines = _wrap(text, size, max_text)
        text_w = max(length(line, size) for line in lines)
        bw, bh = text_w + 2 * pad, len(lines) * line_h + 2 * pad - (line_h - size)
        x0 = 40 * s if side == "seller" else width - 40 * s - bw
        d.rounded_rectangle(
            [x0, y, x0 + bw, y + bh], radius=int(30 * s), fill=SELLER_BUBBLE if side == "seller" else BUYER_BUBBLE
        )
        for k, line in enumerate(lines):
            draw_text(d, (x0 + pad, y + pad + k * line_h), line, size, (25, 25, 25))
        y += bh + 44 * s
    return img


def order_page(rows: list[tuple[str, str]], width: int = 1080, height: int = 1600) -> Image.Image:
    """An order details page: one "label: value" row per line, as the apps show them."""
    img = Image.new("RGB", (width, height), (255, 255, 255))
    d = ImageDraw.Draw(img)
    y = 60
    for label, value in rows:
        if label:
            draw_text(d, (50, y), label, 36, (110, 110, 110))
            draw_text(d, (width - 50 - length(value, 38), y), value, 38, (20, 20, 20))
        else:
            for line in _wrap(value, 40, width - 100):
                draw_text(d, (50, y), line, 40, (20, 20, 20))
                y += 56
            y -= 56
        y += 90
    return img


def parcel_label(
    number: str, printed: bool = True, barcode: bool = True, size: tuple[int, int] = (1400, 1000)
) -> Image.Image:
    """A parcel label: the tracking number as a Code 128 barcode and printed under it."""
    import zxingcpp

    img = Image.new("RGB", size, (250, 246, 236))
    d = ImageDraw.Draw(img)
    d.text((120, 90), "CHINA POST  AIR MAIL", font=font(44, bold=True), fill=(10, 10, 10))
    if barcode:
        code = zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(number, zxingcpp.BarcodeFormat.Code128), scale=3)
        code = code if isinstance(code, Image.Image) else Image.fromarray(code)
        img.paste(code.convert("RGB").resize((code.width, 220)), (120, 260))
    if printed:
        d.text(
            (120, 520), " ".join([number[:2], number[2:6], number[6:10], number[10:]]), font=font(56), fill=(0, 0, 0)
        )
    d.text((120, 700), "TO: Hanako Yamada, Tokyo", font=font(40), fill=(10, 10, 10))
    return img

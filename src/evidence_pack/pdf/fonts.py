"""Fonts that are always embedded: Bitstream Vera (shipped with reportlab) for Latin text,
Droid Sans Fallback (shipped here, Apache-2.0) for Chinese and Japanese, chosen per character.

reportlab's built-in CID fonts are not embedded and many viewers lack them, so they are not used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.pdfbase.ttfonts import TTFont

SANS = "EP-Sans"
SANS_BOLD = "EP-Sans-Bold"
CJK = "EP-CJK"
MONO = "Courier"

_VERA_DIR = Path(reportlab.__file__).parent / "fonts"
_HERE = Path(__file__).parents[1] / "fonts"  # the fonts shipped in the package (evidence_pack/fonts)
FONT_FILES = {
    SANS: _VERA_DIR / "Vera.ttf",
    SANS_BOLD: _VERA_DIR / "VeraBd.ttf",
    CJK: _HERE / "DroidSansFallbackFull.ttf",
}


@cache
def _ttf(name: str) -> TTFont:
    from reportlab.pdfbase import pdfmetrics

    font = TTFont(name, str(FONT_FILES[name]))
    pdfmetrics.registerFont(font)
    return font


def register_base() -> None:
    """Register the Latin fonts (cheap) and the bold/normal family mapping."""
    from reportlab.lib.fonts import addMapping

    _ttf(SANS)
    _ttf(SANS_BOLD)
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS)
    addMapping(SANS, 1, 1, SANS_BOLD)


@cache
def _covered(name: str) -> frozenset[int]:
    return frozenset(_ttf(name).face.charToGlyph)


def needs_fallback(ch: str) -> bool:
    """True when the Latin font has no glyph for this character."""
    return ord(ch) not in _covered(SANS) and not ch.isspace()


def runs(text: str) -> list[tuple[str, str | None]]:
    """Split text into (run, font) pieces: None for the Latin font, CJK where only the fallback has the glyph."""
    out: list[tuple[str, str | None]] = []
    for ch in text:
        font: str | None = None
        if needs_fallback(ch) and ord(ch) in _covered(CJK):
            font = CJK
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + ch, font)
        else:
            out.append((ch, font))
    return out


def has_cjk(text: str) -> bool:
    return any(font == CJK for _, font in runs(text))


def markup(text: str) -> str:
    """User text as safe reportlab paragraph markup, with per-character font fallback.

    Everything is escaped first: a caption containing <b> or & is shown, never interpreted.
    """
    parts = []
    for run, font in runs(text):
        safe = escape(run)
        parts.append(f'<font name="{font}">{safe}</font>' if font else safe)
    return "".join(parts)


def pil_font_path(bold: bool = False) -> Path:
    return FONT_FILES[SANS_BOLD if bold else SANS]


def pil_cjk_path() -> Path:
    return FONT_FILES[CJK]

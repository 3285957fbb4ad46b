"""Folding text to plain ASCII for forms that take English characters only, keeping the meaning."""

from __future__ import annotations

import re
import unicodedata

_ASCII_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00d7": "x",
        "\u00a0": " ",
        "\u3000": " ",
        "\u2022": "-",
        "\u00b7": "-",
        "\u30fb": "-",
        "\uff5e": "~",
        "\u00ab": '"',
        "\u00bb": '"',
        "\u20ac": "EUR ",
        "\u00a3": "GBP ",
        "\u00a5": "JPY ",
        "\uffe5": "JPY ",
    }
)


# Letters of these scripts have a standard romanisation a reader of English understands (Straße ->
# Strasse, Łódź -> Lodz, Москва -> Moskva). Chinese, Japanese, Korean and other scripts have none that
# keeps the meaning ("紺" would become "Gan"): such text is left out and reported, never guessed at.
_FOLDABLE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


def _foldable(c: str) -> bool:
    if ord(c) < 128:
        return True
    if not unicodedata.category(c).startswith("L"):
        return True  # marks, numbers, symbols, punctuation and spaces: ½ -> 1/2, ™ -> TM
    return unicodedata.name(c, "").startswith(_FOLDABLE_SCRIPTS)


def fold_ascii(text: str) -> tuple[str, list[str]]:
    """Plain ASCII that keeps the meaning, and the runs of text that could not be folded (left out)."""
    from anyascii import anyascii

    text = unicodedata.normalize("NFKC", text).translate(_ASCII_MAP)
    out: list[str] = []
    dropped: list[str] = []
    run = ""
    for c in text:
        if c in "\n\t" or _foldable(c):
            if run:
                dropped.append(run)
                run = ""
            out.append(c if ord(c) < 128 else anyascii(c))
        else:
            run += c
    if run:
        dropped.append(run)
    folded = "".join(ch for ch in "".join(out) if ch.isprintable() or ch in "\n\t")
    folded = re.sub(r"[ \t]+", " ", folded)
    folded = re.sub(r"\(\s*\)|\[\s*\]", "", folded)
    return "\n".join(line.strip() for line in folded.splitlines()), [d.strip() for d in dropped if d.strip()]


def to_ascii(text: str) -> str:
    """Plain ASCII: typographic marks replaced, other scripts romanised where that keeps the meaning,
    the rest left out (see fold_ascii, which also says what was left out)."""
    return fold_ascii(text)[0]

"""Text as a person can read it, whatever was typed or pasted into the case file."""

from __future__ import annotations

import re
import unicodedata


def clean_text(text: str) -> str:
    """Text as it can be read: control, format and unassigned characters and odd spaces become plain
    spaces (a right-to-left override cannot reorder what follows), then runs of spaces collapse."""
    out = []
    for c in text:
        cat = unicodedata.category(c)
        if c == "\n":
            out.append(c)
        elif cat[0] in ("C", "Z") or not c.isprintable():
            out.append(" ")
        else:
            out.append(c)
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


def clean_line(text: str) -> str:
    """clean_text for a one-line field (order number, item, caption): line breaks become spaces, so a
    pasted value cannot break the line it is printed on."""
    return clean_text(text.replace("\n", " "))

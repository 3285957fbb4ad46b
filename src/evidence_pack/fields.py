"""Reading typed fields out of parsed TOML, collecting every problem instead of stopping at the first.

Each reader names the field and says how to fix it; nothing here knows what a case is, so the case
file and `init`'s answers use the same readers and the same messages.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

from evidence_pack.errors import MoneyError
from evidence_pack.folder.paths import PathOutsideCase, resolve_inside
from evidence_pack.money import parse_amount
from evidence_pack.video.timecode import parse_timestamp

Box = tuple[float, float, float, float]


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


def type_name(value: Any) -> str:
    """How a TOML value is called in a message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class FieldReader:
    """Reads fields of one file, relative to a root folder (for paths), collecting problems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[str] = []

    def fail(self, fieldname: str, message: str) -> None:
        self.problems.append(f"{fieldname}: {message}")

    def unknown_keys(self, table: dict[str, Any], known: tuple[str, ...], prefix: str) -> None:
        for key in table:
            if key in known:
                continue
            near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f'; did you mean "{near[0]}"?' if near else f"; known keys: {', '.join(known)}"
            self.fail(f"{prefix}{key}", f"unknown key{hint}")

    def table(self, data: dict[str, Any], key: str, required: bool) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(key, f"the [{key}] table is missing; add it (see the example in README)")
            return {}
        if not isinstance(value, dict):
            self.fail(key, f"must be a table [{key}], not {type(value).__name__}")
            return {}
        return value

    def text(
        self,
        t: dict[str, Any],
        key: str,
        name: str,
        required: bool = False,
        allow_number: bool = False,
        max_chars: int = 300,
        multiline: bool = False,
    ) -> str | None:
        """A text field, cleaned (control characters out; line breaks too unless multiline)."""
        value = t.get(key)
        if value is None:
            if required:
                self.fail(name, "is required; add it")
            return None
        if allow_number and isinstance(value, int) and not isinstance(value, bool):
            self.fail(name, f'{value} must be a string; write "{value}" in quotes (long numbers lose digits)')
            return str(value)
        if not isinstance(value, str):
            self.fail(name, f"must be text in quotes, not {type_name(value)}")
            return None
        value = clean_text(value) if multiline else clean_line(value)
        if required and not value:
            self.fail(name, "is empty; fill it in")
            return None
        if len(value) > max_chars:
            self.fail(
                name,
                f"is {len(value):,} characters long; keep it under {max_chars:,} (the reviewer reads "
                "the first lines only)",
            )
            return None
        return value or None

    def choice(
        self, t: dict[str, Any], key: str, name: str, choices: tuple[str, ...], default: str | None
    ) -> str | None:
        value = t.get(key, default)
        if value is None:
            self.fail(name, f"is required; one of: {', '.join(choices)}")
            return None
        if not isinstance(value, str) or value.strip().lower() not in choices:
            near = difflib.get_close_matches(str(value).lower(), choices, n=1, cutoff=0.5)
            hint = f'; did you mean "{near[0]}"?' if near else ""
            self.fail(name, f"{value!r} is not one of: {', '.join(choices)}{hint}")
            return default
        return value.strip().lower()

    def code_or_phrase(self, value: Any, name: str, codes: tuple[str, ...], max_chars: int = 200) -> str | None:
        """A known code (snake_case, checked with a did-you-mean) or a short English phrase with spaces."""
        if not isinstance(value, str) or not clean_line(value):
            self.fail(name, "must be a code or a short English phrase in quotes")
            return None
        value = clean_line(value)
        if value in codes:
            return value
        if re.match(r"^[a-z0-9]+(_[a-z0-9]+)+$", value):
            near = difflib.get_close_matches(value, list(codes), n=1, cutoff=0.6)
            hint = f'; did you mean "{near[0]}"?' if near else "; or write a short English phrase with spaces"
            self.fail(name, f"{value!r} is not a known code{hint}")
            return None
        if len(value) > max_chars:
            self.fail(name, f"is longer than {max_chars} characters; keep it to one short phrase")
            return None
        return value

    def date(self, t: dict[str, Any], key: str, name: str, required: bool = False) -> dt.date | None:
        value = t.get(key)
        if value is None:
            if required:
                self.fail(name, "is required; write a date such as 2026-10-01 (no quotes)")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(name, f"{value!r} is not a date; write it as YYYY-MM-DD, such as 2026-10-01")
        return None

    def integer(self, t: dict[str, Any], key: str, name: str, default: int | None, minimum: int = 1) -> int | None:
        value = t.get(key, default)
        if value is None:
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"{value!r} is not a whole number; write a number such as 2")
            return None
        if value < minimum:
            self.fail(name, f"{value} is too small; it must be at least {minimum}")
            return None
        if value > 1_000_000:
            self.fail(name, f"{value} is not a plausible number of units")
            return None
        return value

    def amount(
        self, t: dict[str, Any], key: str, name: str, required: bool = False, default: Decimal | None = None
    ) -> Decimal | None:
        value = t.get(key)
        if value is None:
            if required:
                self.fail(name, 'is required; write the amount as a string such as "12.50"')
            return default
        try:
            return parse_amount(value, name)
        except MoneyError as exc:
            self.problems.append(exc.message)
            return None

    def path(self, value: Any, name: str) -> str | None:
        """A file inside the root folder, as a POSIX path relative to it."""
        if not isinstance(value, str) or not value.strip():
            self.fail(name, 'must be a path relative to the case folder, such as "photos/IMG_0001.jpg"')
            return None
        try:
            resolved = resolve_inside(self.root, value.strip())
        except PathOutsideCase as exc:
            self.fail(name, str(exc))
            return None
        if not resolved.is_file():
            self.fail(name, f'"{value}" does not exist in the case folder; check the spelling or remove the entry')
            return None
        return resolved.relative_to(self.root.resolve()).as_posix()

    def timestamps(self, value: Any, name: str) -> tuple[float, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(name, 'must be a list such as ["00:12", "01:05.5"]')
            return ()
        out: list[float] = []
        for j, f in enumerate(value):
            try:
                out.append(parse_timestamp(f))
            except ValueError:
                self.fail(f"{name}[{j}]", f'{f!r} is not a time; write mm:ss such as "01:05.5"')
        return tuple(out)

    def boxes(self, value: Any, name: str) -> tuple[Box, ...]:
        """Boxes [x, y, w, h] in fractions of the picture (redact, highlight)."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(
                name, "must be a list of [x, y, w, h] boxes in fractions of the image, such as [[0.1, 0.2, 0.3, 0.1]]"
            )
            return ()
        boxes: list[Box] = []
        for i, box in enumerate(value):
            ok = (
                isinstance(box, list)
                and len(box) == 4
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in box)
            )
            if ok:
                x, y, w, h = (float(v) for v in box)
                ok = 0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 and 0 < h <= 1 and x + w <= 1.0001 and y + h <= 1.0001
            if not ok:
                self.fail(f"{name}[{i}]", f"{box!r} is not a box [x, y, w, h] of fractions between 0 and 1")
                continue
            boxes.append((x, y, w, h))
        return tuple(boxes)

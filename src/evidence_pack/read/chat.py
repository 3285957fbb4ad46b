"""A chat screenshot's transcript from the lines OCR read: the messages in order, the side each is on
(the seller's bubbles on the left, the buyer's on the right, as the apps draw them), and the date and
time headers centred between them. Lines of one bubble come back from OCR one by one: they are joined
by position (same left edge, a line's height apart at most)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from evidence_pack.read.barcodes import Box
from evidence_pack.read.ocr import TextLine

# The phone's status bar (time, signal, battery) at the very top is not part of the conversation.
_STATUS_BAND = 0.06
_STATUS = re.compile(r"^(\d{1,2}:\d{2}|\d{1,3}\s?%|[45]G|LTE|5G\+?|Wi-?Fi|[\W\d]{1,4})$", re.IGNORECASE)
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}(\s?[AaPp][Mm])?$")
# Below it, the app's title bar: a back arrow at the far left ("<", read as "V", "く" ...) and beside it the
# name of the other side. Not a message: the name is kept as a header row, the arrow dropped.
_TITLE_BAND = 0.15
_ARROW = re.compile(r"^[^\w\s]|^[A-Za-z\u3040-\u30ff]$")


@dataclass(frozen=True)
class Message:
    side: str  # "seller" (left), "buyer" (right) or "header" (centred: a date, a time, a notice)
    text: str
    box: Box  # the bubble's text, in fractions of the picture
    date: dt.date | None = None  # the date of the last header above it, when one was read
    time: str | None = None  # a time shown in or beside the bubble, or in the header above


@dataclass(frozen=True)
class Transcript:
    messages: tuple[Message, ...]

    def lines(self) -> list[str]:
        """The transcript as text: "Seller: ...", "Buyer: ...", "--- 2026-10-22 09:15 ---"."""
        out = []
        for m in self.messages:
            if m.side == "header":
                out.append(f"--- {m.text} ---")
            else:
                out.append(f"{m.side.capitalize()}: {m.text}")
        return out


def _right(b: Box) -> float:
    return b[0] + b[2]


def _union(boxes: list[Box]) -> Box:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(_right(b) for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def _is_cjk(ch: str) -> bool:
    return ord(ch) > 0x2E7F


def join_lines(texts: list[str]) -> str:
    """Lines of one bubble as one text: a space between words, none in Chinese or Japanese text (which
    wraps anywhere, even inside a number: "1,3" / "50円")."""
    cjk = any(_is_cjk(ch) for t in texts for ch in t)
    return ("" if cjk else " ").join(texts)


def _centred(b: Box) -> bool:
    mid = b[0] + b[2] / 2
    return abs(mid - 0.5) < 0.07 and b[0] > 0.15 and _right(b) < 0.85


def _groups(lines: list[TextLine], aspect: float) -> list[list[TextLine]]:
    """Consecutive lines with the same left edge, less than about half a line apart: one bubble."""
    groups: list[list[TextLine]] = []
    for line in lines:
        if groups:
            last = groups[-1][-1]
            gap = line.box[1] - (last.box[1] + last.box[3])
            same_edge = abs(line.box[0] - last.box[0]) < 0.025
            if same_edge and gap < 0.7 * last.box[3] and not _centred(line.box) and not _centred(last.box):
                groups[-1].append(line)
                continue
        groups.append([line])
    return groups


def _title_bar(lines: list[TextLine]) -> tuple[Message | None, list[TextLine]]:
    """The title bar's name as a header row, and the lines without the bar. The bar is recognised by its
    back arrow: a glyph of one or two characters at the far left near the top, with nothing above it at
    the left (the last line of a wrapped bubble, "す", has its bubble's line right above it), and beside
    it, on its row and to its right, the name of the other side. Without a name beside it, it is no bar."""
    for arrow in lines:
        text = arrow.text.strip()
        x, y, w, h = arrow.box
        if not (x < 0.1 and y + h < _TITLE_BAND and len(text) <= 2 and _ARROW.match(text)):
            continue
        if any(t is not arrow and t.box[1] + t.box[3] <= y + h * 0.25 and t.box[0] < 0.2 for t in lines):
            continue  # something is above it at the left: a bubble's last line, not the arrow
        named = [
            t
            for t in lines
            if t is not arrow
            and t.box[0] >= x + w
            and y - h / 2 <= t.box[1] + t.box[3] / 2 <= y + h * 1.5
            and any(c.isalnum() for c in t.text)
        ]
        if not named:
            continue
        named.sort(key=lambda t: t.box[0])
        rest = [t for t in lines if t is not arrow and t not in named]
        return Message("header", " ".join(t.text.strip() for t in named), _union([t.box for t in named])), rest
    return None, lines


def transcript(lines: list[TextLine], aspect: float = 2.0) -> Transcript:
    """The conversation in a chat screenshot, from its OCR lines (boxes in fractions; aspect = h / w)."""
    body = [
        t
        for t in sorted(lines, key=lambda t: (t.box[1], t.box[0]))
        if not (t.box[1] + t.box[3] < _STATUS_BAND and _STATUS.match(t.text.strip()))
    ]
    title, body = _title_bar(body)
    messages: list[Message] = [title] if title else []
    date: dt.date | None = None
    header_time: str | None = None
    for group in _groups(body, aspect):
        box = _union([t.box for t in group])
        text = join_lines([t.text for t in group])
        if len(group) == 1 and _centred(box):
            found = parse_date(text)
            date = found or date
            header_time = _time_in(text) or header_time
            messages.append(Message("header", text, box, date, _time_in(text)))
            continue
        side = "seller" if box[0] <= 1 - _right(box) else "buyer"
        if _TIME_ONLY.match(text) and messages and messages[-1].side == side:
            # the time a bubble was sent, drawn inside it or beside it
            prev = messages[-1]
            messages[-1] = Message(prev.side, prev.text, _union([prev.box, box]), prev.date, text)
            continue
        messages.append(Message(side, text, box, date, header_time))
    return Transcript(tuple(messages))


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_ISO = re.compile(r"(20\d\d)\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{1,2})")
_CJK_DATE = re.compile(r"(20\d\d)\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日")
_MONTH_FIRST = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(20\d\d)\b")
_DAY_FIRST = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(20\d\d)\b")
_TIME = re.compile(r"\b(\d{1,2}:\d{2})(?::\d{2})?(\s?[AaPp][Mm])?")


def _date(y: str, m: int | str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """A full date written in the ways chat apps and order pages write it: 2026-10-22, 2026/10/22,
    2026年10月22日, Oct 22, 2026, 22 Oct 2026. Dates without a year, or as ambiguous as 10/11/2026,
    give None: a wrong date is worse than none."""
    text = unicodedata.normalize("NFKC", text)
    for pattern in (_ISO, _CJK_DATE):
        m = pattern.search(text)
        if m:
            return _date(m.group(1), m.group(2), m.group(3))
    m = _MONTH_FIRST.search(text)
    if m and m.group(1).lower() in _MONTHS:
        return _date(m.group(3), _MONTHS[m.group(1).lower()], m.group(2))
    m = _DAY_FIRST.search(text)
    if m and m.group(2).lower() in _MONTHS:
        return _date(m.group(3), _MONTHS[m.group(2).lower()], m.group(1))
    return None


def _time_in(text: str) -> str | None:
    m = _TIME.search(text)
    return (m.group(1) + (m.group(2) or "")).strip() if m else None

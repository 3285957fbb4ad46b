"""Order, number and caption the evidence: Exhibit 1 … N, in the order the PDF shows them."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from evidence_pack.case import Case
from evidence_pack.fields import Box
from evidence_pack.folder.discover import KIND_ORDER, natural_key
from evidence_pack.ingest import Ingested, Picture
from evidence_pack.money import format_money
from evidence_pack.timeline import DateCheck, capture_label, check_capture, parse_capture
from evidence_pack.video.timecode import format_length, format_ts, needs_tenths


@dataclass(frozen=True)
class Exhibit:
    """One numbered item of evidence and everything the outputs say about it."""

    number: int
    kind: str
    rel: str
    sha256: str
    caption: str
    user_caption: bool
    captured_at: str | None
    pictures: tuple[Picture, ...]
    ingested: Ingested
    is_agreement: bool = False
    # boxes (x, y, w, h in fractions of the upright picture) outlined on the exhibit's copies: the
    # message or detail that matters (case.toml `highlight`, or a seller's agreement found by reading)
    highlight: tuple[Box, ...] = ()
    listed: bool = False  # named under [[evidence]]: the buyer's own choice of what matters
    # a capture time a reviewer would not believe (before the order, a clock never set): shown as a
    # visible marker on the exhibit's page and card, and warned by check and build
    date_check: DateCheck | None = None

    @property
    def label(self) -> str:
        return f"Exhibit {self.number}"

    @property
    def name(self) -> str:
        return PurePosixPath(self.rel).name

    def picture_tag(self, index: int) -> str:
        """The short name of one picture: "5a" for a video frame, "5" otherwise."""
        return f"{self.number}{_letters(index)}" if self.kind == "video" else str(self.number)

    def picture_label(self, index: int) -> str:
        """Exhibit 4a, 4b … for video frames; Exhibit 5 (part 2 of 3) for slices of a tall screenshot."""
        if self.kind == "video":
            return f"Exhibit {self.picture_tag(index)}"
        if len(self.pictures) > 1:
            part = "page" if self.kind == "document" else "part"
            return f"Exhibit {self.number} ({part} {index + 1} of {len(self.pictures)})"
        return self.label

    def picture_caption(self, index: int) -> str:
        """The caption shown with one picture: the video's caption and the frame's moment ("Unit 2 stays
        dark, 00:06") for videos, else the caption with the capture time when the file records one."""
        pic = self.pictures[index]
        if self.kind == "video" and pic.at_s is not None:
            return f"{self.caption.rstrip('.')}, {self.timestamp(index)}"
        taken = capture_text(self.captured_at)
        if taken and self.date_check is None:  # a doubtful time is shown in its marker instead
            return f"{self.caption} (taken {taken})"
        return self.caption

    @property
    def marker(self) -> str | None:
        """The visible warning about the capture time, for the page and the card, or None."""
        return self.date_check.label if self.date_check else None

    def boxes_on(self, index: int) -> tuple[Box, ...]:
        """The highlight boxes that fall on one picture, in fractions of that picture. Boxes are given for
        the whole upright picture; a tall screenshot's slices each take their share, and video frames
        all take the same boxes (as redact does)."""
        if not self.highlight or not self.pictures or self.kind == "document":
            return ()  # a document's pages are placed as they are (not redacted either)
        if self.kind == "video" or len(self.pictures) == 1:
            return self.highlight
        heights = [p.height for p in self.pictures]
        total = sum(heights)
        top = sum(heights[:index]) / total
        share = heights[index] / total
        out: list[Box] = []
        for x, y, w, h in self.highlight:
            y0, y1 = max(y, top), min(y + h, top + share)
            if y1 > y0:
                out.append((x, (y0 - top) / share, w, (y1 - y0) / share))
        return tuple(out)

    def timestamp(self, index: int) -> str:
        """mm:ss of a video frame; with tenths when requested or when two frames share a second."""
        pic = self.pictures[index]
        precise = pic.requested or needs_tenths([p.at_s or 0.0 for p in self.pictures])
        return format_ts(pic.at_s or 0.0, precise=precise)


def _letters(index: int) -> str:
    letters = string.ascii_lowercase
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = letters[rem] + out
    return out


def number_exhibits(case: Case, ingested: list[Ingested], today: dt.date | None = None) -> list[Exhibit]:
    """Number the usable evidence: first the files listed under [[evidence]], in the order listed (the
    buyer's choice of what matters goes first); then listing, photos, videos, chat, documents, by capture
    time, else by name. With `today`, capture times are checked (timeline.check_capture)."""
    usable = [i for i in ingested if i.error is None and i.source.kind is not None]
    listed = {e.file: n for n, e in enumerate(case.evidence)}

    def key(i: Ingested) -> tuple[object, ...]:
        entry = i.source.entry
        if entry is not None and entry.file in listed:
            return (0, listed[entry.file])
        kind_rank = KIND_ORDER.index(i.source.kind) if i.source.kind in KIND_ORDER else len(KIND_ORDER)
        when = i.captured_at
        return (1, kind_rank, when is None, when or "", natural_key(i.source.rel))

    out: list[Exhibit] = []
    for n, ing in enumerate(sorted(usable, key=key), start=1):
        entry = ing.source.entry
        is_agreement = case.seller.agreement_evidence == ing.source.rel
        caption = entry.caption if entry and entry.caption else default_caption(case, ing, is_agreement)
        out.append(
            Exhibit(
                number=n,
                kind=ing.source.kind or "photo",
                rel=ing.source.rel,
                sha256=ing.sha256,
                caption=caption,
                user_caption=bool(entry and entry.caption),
                captured_at=ing.captured_at,
                pictures=ing.pictures,
                ingested=ing,
                is_agreement=is_agreement,
                highlight=entry.highlight if entry else (),
                listed=entry is not None and entry.file in listed,
                date_check=(
                    check_capture(ing.source.kind, parse_capture(ing.captured_at), case, today)
                    if today is not None
                    else None
                ),
            )
        )
    return out


def default_caption(case: Case, ing: Ingested, is_agreement: bool) -> str:
    """A plain caption for evidence the buyer did not caption."""
    kind = ing.source.kind
    if is_agreement:
        return agreement_sentence(case, cite=None)
    if kind == "listing":
        return "The product listing: what the seller promised"
    if kind == "chat":
        return "Conversation with the seller"
    if kind == "video":
        dur = ing.video.get("duration_s") if ing.video else None
        # under a second with tenths: "(00:00.6 long)", never "(00:00 long)"
        length = f" ({format_length(float(dur))} long)" if isinstance(dur, (int, float)) else ""
        return f"Video of the item{length}"
    if kind == "document":
        # what it is, from its first line, never its file name: the caption should say what it proves
        pages = ing.pdf_pages_in_file or ing.pdf_pages
        size = f"{pages} page{'s' if pages != 1 else ''}"
        return f'The document "{ing.document_title}" ({size})' if ing.document_title else f"A document ({size})"
    return "Photo of the item as received"


_AGREED_WORDS = {
    "partial_refund": "a partial refund",
    "full_refund": "a full refund",
    "return": "a return for a refund",
    "replacement": "send a replacement",
}


def agreement_sentence(case: Case, cite: str | None) -> str:
    """'On 2026-10-22 the seller agreed in chat to a partial refund of USD 13.50' (+ citation)."""
    s = case.seller
    what = _AGREED_WORDS.get(s.agreed, "a refund")
    if s.agreed == "replacement":
        what_text = "to send a replacement"
    else:
        what_text = f"to {what}"
        if s.agreed_amount is not None:
            what_text += f" of {format_money(s.agreed_amount, case.order.currency)}"
    when = f"On {s.agreed_on.isoformat()} the seller" if s.agreed_on else "The seller"
    sentence = f"{when} agreed in chat {what_text}"
    return f"{sentence} ({cite})" if cite else sentence


def exhibit_range(numbers: list[int], and_word: str = " and ") -> str:
    """'Exhibit 3', 'Exhibits 2-4', 'Exhibits 2, 5 and 7' (and_word "、" for Japanese)."""
    if not numbers:
        return ""
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"Exhibit {numbers[0]}"
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    parts: list[str] = []
    for a, b in runs:
        if b >= a + 2:
            parts.append(f"{a}-{b}")
        else:
            parts += [str(n) for n in range(a, b + 1)]
    if len(parts) == 1:
        return f"Exhibits {parts[0]}"
    sep = ", " if and_word == " and " else and_word
    return f"Exhibits {sep.join(parts[:-1])}{and_word}{parts[-1]}"


def capture_text(captured_at: str | None) -> str | None:
    """'2026-10-21 14:03' from an ISO timestamp ('... UTC' when it carries its offset, as videos do)."""
    when = parse_capture(captured_at)
    return capture_label(when) if when else None


@dataclass(frozen=True)
class FactItem:
    """One line of the evidence list: a captioned exhibit on its own, or the uncaptioned exhibits of a kind."""

    kind: str
    exhibits: tuple[Exhibit, ...]
    captioned: bool


def fact_items(exhibits: list[Exhibit], own_line: Callable[[Exhibit], bool]) -> list[FactItem]:
    """Exhibits in order, each one for which own_line() is true on its own line, the rest grouped by kind
    at the place of the first of their kind. The seller's agreement is left out: it has its own sentence."""
    items: list[FactItem | str] = []
    groups: dict[str, list[Exhibit]] = {}
    for e in exhibits:
        if e.is_agreement:
            continue
        if own_line(e):
            items.append(FactItem(e.kind, (e,), True))
            continue
        if e.kind not in groups:
            groups[e.kind] = []
            items.append(e.kind)
        groups[e.kind].append(e)
    return [i if isinstance(i, FactItem) else FactItem(i, tuple(groups[i]), False) for i in items]


# The account of every input file: hashed, and either an exhibit or left out with its reason. The
# manifest and the PDF's integrity appendix are both written from this one list.
@dataclass(frozen=True)
class InputRecord:
    rel: str
    kind: str | None
    bytes: int
    sha256: str
    exhibit: int | None = None
    reason: str | None = None  # why it is not an exhibit
    captured_at: str | None = None
    details: tuple[tuple[str, object], ...] = ()

    @property
    def status(self) -> str:
        return f"Exhibit {self.exhibit}" if self.exhibit is not None else f"not included: {self.reason}"

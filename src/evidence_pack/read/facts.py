"""What the readings add to a case's outputs: the seller's words to quote (case.toml's, or as read from the
screenshot), the parcel label that shows the order's tracking number, and the agreement's message
outlined on its exhibit. Only what case.toml already claims is stated: a found agreement is quoted when
the case says the seller agreed, never turned into a claim of its own."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from evidence_pack.case import Case
from evidence_pack.exhibits import Exhibit, default_caption
from evidence_pack.read.agreement import Agreement
from evidence_pack.read.barcodes import Box
from evidence_pack.read.readings import Readings, TrackingSeen
from evidence_pack.read.tracking import same_number
from evidence_pack.texts.facts import Quote as TextQuote


@dataclass(frozen=True)
class Quote:
    """The seller's own words, and where they come from."""

    text: str
    from_case_file: bool  # True: [seller] agreement_quote; False: read from the screenshot
    exhibit: int | None  # the screenshot's exhibit number
    rel: str | None
    date: dt.date | None = None


@dataclass(frozen=True)
class TrackingMatch:
    number: str
    exhibit: int  # the exhibit that shows it
    kind: str  # the exhibit's kind: a photo is the parcel label


@dataclass(frozen=True)
class ReadFacts:
    """What the texts say of the readings (English; each sentence cites the exhibit that shows it)."""

    quote: Quote | None = None
    tracking: TrackingMatch | None = None

    def text_quote(self) -> TextQuote | None:
        """The seller's words as read, for the texts (texts.facts.gather) when case.toml gives none:
        they are quoted "as read from the screenshot", citing its exhibit."""
        q = self.quote
        if q is None or q.from_case_file:
            return None
        return TextQuote(q.text, q.exhibit, "read")

    def sentences(self, attached: list[int]) -> list[str]:
        """The evidence-list sentences of the readings, citing only exhibits attached on the platform."""
        t = self.tracking
        if t is None or t.exhibit not in attached:
            return []
        if t.kind == "photo":
            return [f"The parcel label, Exhibit {t.exhibit}, shows tracking {t.number}, the number of this order."]
        return [f"Exhibit {t.exhibit} shows tracking {t.number}, the number of this order."]


def found_agreement(case: Case, readings: Readings) -> Agreement | None:
    """The agreement read from the chat, in the screenshot case.toml names when it names one."""
    return readings.agreement(case.seller.agreement_evidence)


def effective_quote(case: Case, exhibits: list[Exhibit], readings: Readings) -> Quote | None:
    """The seller's words to quote: [seller] agreement_quote when case.toml has it; else the agreement read
    from a chat exhibit, when case.toml says the seller agreed; else None."""
    s = case.seller
    by_rel = {e.rel: e for e in exhibits}
    if s.agreement_quote:
        rel = s.agreement_evidence
        ex = by_rel.get(rel) if rel else None
        return Quote(s.agreement_quote, True, ex.number if ex else None, rel, s.agreed_on)
    if s.agreed == "none":
        return None
    found = found_agreement(case, readings)
    if found is None or found.rel not in by_rel:
        return None
    return Quote(found.quote, False, by_rel[found.rel].number, found.rel, found.date)


def tracking_match(case: Case, exhibits: list[Exhibit], readings: Readings) -> TrackingMatch | None:
    """The exhibit that shows order.tracking (a label photo's barcode first), when one does."""
    number = case.order.tracking
    if not number:
        return None
    by_rel = {e.rel: e for e in exhibits}
    seen = [t for t in readings.tracking() if t.rel in by_rel and same_number(t.number.text, number)]
    if not seen:
        return None

    def rank(t: TrackingSeen) -> tuple[bool, bool, int]:
        return (by_rel[t.rel].kind == "photo", t.source == "barcode", -by_rel[t.rel].number)

    best = max(seen, key=rank)
    ex = by_rel[best.rel]
    return TrackingMatch(best.number.text, ex.number, ex.kind)


def read_facts(case: Case, exhibits: list[Exhibit], readings: Readings) -> ReadFacts:
    return ReadFacts(effective_quote(case, exhibits, readings), tracking_match(case, exhibits, readings))


def _padded(box: Box) -> Box:
    """The message's text box grown to take in its bubble's margin."""
    x, y, w, h = box
    x0, y0 = max(0.0, x - 0.02), max(0.0, y - 0.008)
    x1, y1 = min(1.0, x + w + 0.02), min(1.0, y + h + 0.008)
    return (round(x0, 4), round(y0, 4), round(x1 - x0, 4), round(y1 - y0, 4))


def mark_exhibits(case: Case, exhibits: list[Exhibit], readings: Readings) -> list[Exhibit]:
    """The found agreement's message outlined on its exhibit (unless case.toml outlines something there
    itself), and that exhibit made the agreement's when case.toml says the seller agreed but names no
    screenshot."""
    s = case.seller
    found = found_agreement(case, readings)
    if found is None or s.agreed == "none":
        return exhibits
    out = []
    for ex in exhibits:
        if ex.rel == found.rel:
            entry = ex.ingested.source.entry
            highlight = ex.highlight if entry and entry.highlight else (*ex.highlight, _padded(found.box))
            becomes_agreement = not ex.is_agreement and not s.agreement_evidence
            caption = ex.caption
            if becomes_agreement and not ex.user_caption:
                caption = default_caption(case, ex.ingested, True)
            ex = dataclasses.replace(
                ex, highlight=highlight, is_agreement=ex.is_agreement or becomes_agreement, caption=caption
            )
        out.append(ex)
    return out

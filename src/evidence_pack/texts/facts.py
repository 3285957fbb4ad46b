"""The facts every text states, gathered once and worded by each language (english.py, japanese.py).

Nothing here is worded for a reader except through texts/wording.py: the English and Japanese texts say
the same facts, cite the same exhibits and show the same amounts because they read them from here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from evidence_pack.case import Case
from evidence_pack.exhibits import Exhibit
from evidence_pack.platforms import Platform
from evidence_pack.texts.wording import Phrase

# A letter of one of these scripts makes a text "not English" for the English forms.
_NOT_ENGLISH = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "ARABIC", "HEBREW", "THAI", "DEVANAGARI", "CYRILLIC")
# "(2 pcs)", "2pcs", "x2", "2 個", "2個セット": a count in an item's name, which a reader may take for units.
_PACK = re.compile(r"(\b\d+\s*(pcs|pieces|pack|set|pairs?)\b|\bx\s*\d+\b|\d+\s*(個|枚|本|セット|組))", re.IGNORECASE)


def is_english(text: str) -> bool:
    """False for text with letters of another script (Japanese, Chinese, Korean, Cyrillic ...): the English
    forms take English words only."""
    return not any(
        unicodedata.category(c).startswith("L") and unicodedata.name(c, "").startswith(_NOT_ENGLISH) for c in text
    )


def item_name(item: str) -> str:
    """The item as listed, without the brackets a whole name is sometimes wrapped in ("(Wireless earbuds,
    black)" -> "Wireless earbuds, black")."""
    item = item.strip()
    while (
        len(item) > 2 and item[0] + item[-1] in ("()", "[]", "（）", "【】", '""', "「」") and item.count(item[0]) == 1
    ):
        item = item[1:-1].strip()
    return item


def pack_count(item: str) -> str | None:
    """The count an item's name carries ("2 pcs"), if any."""
    m = _PACK.search(item)
    return m.group(0) if m else None


@dataclass(frozen=True)
class Upload:
    """What the platform's reviewer will see: the PDF, the cards, or both."""

    pdf: bool
    cards: bool

    def attached(self, ex: Exhibit) -> bool:
        """An exhibit is attached when it is in the uploaded PDF or has cards of its own."""
        return self.pdf or (self.cards and bool(ex.pictures))


def upload_of(platform: Platform) -> Upload:
    return Upload(pdf=platform.takes_pdf, cards=platform.takes_cards)


@dataclass(frozen=True)
class Quote:
    """The seller's own words, verbatim, and where they are shown."""

    text: str
    exhibit: int | None
    source: str = "case"  # "case": [seller] agreement_quote; "read": read from the screenshot


@dataclass(frozen=True)
class Agreement:
    what: str  # an AGREED code
    amount: Decimal | None
    on: dt.date | None
    cite: tuple[int, ...]  # the exhibits that show it (attached ones only)
    quote: Quote | None
    equals_claim: bool


@dataclass(frozen=True)
class Dispute:
    """Where the dispute stands: the seller's proposal and objection, and which texts the buyer needs."""

    proposal: Decimal | None
    proposal_on: dt.date | None
    objection: str | None  # an OBJECTIONS code or the buyer's short English phrase
    rejects: bool  # the proposal is below the claim: response.txt
    went_back: bool  # the seller agreed, then proposed less than agreed
    escalate: bool  # refused, proposed less, went back, or never replied: escalation.txt


@dataclass(frozen=True)
class Event:
    on: dt.date
    what: Phrase
    exhibit: int | None = None  # the (first) exhibit that shows it
    count: int = 1  # photos or videos taken that day
    exhibits: tuple[int, ...] = ()  # every exhibit that shows it


@dataclass(frozen=True)
class Facts:
    case: Case
    platform: Platform
    upload: Upload
    exhibits: tuple[Exhibit, ...]  # the exhibits a text may cite: attached on this platform
    left_out: tuple[Exhibit, ...]  # exhibits the platform cannot be shown (a document on an image-only form)
    agreement: Agreement | None
    dispute: Dispute
    events: tuple[Event, ...]

    @property
    def has_video(self) -> bool:
        return any(e.kind == "video" for e in self.exhibits)

    def numbers(self, *kinds: str) -> list[int]:
        return [e.number for e in self.exhibits if e.kind in kinds and not e.is_agreement]


def gather(case: Case, exhibits: list[Exhibit], platform: Platform, quote: Quote | None = None) -> Facts:
    """Every fact the texts state. `quote` is the seller's agreement as read from a screenshot, used when
    case.toml gives none."""
    upload = upload_of(platform)
    cited = tuple(e for e in exhibits if upload.attached(e))
    left = tuple(e for e in exhibits if not upload.attached(e))
    agreement = _agreement(case, cited, quote)
    return Facts(case, platform, upload, cited, left, agreement, _dispute(case, agreement), _events(case, cited))


def _agreement(case: Case, cited: tuple[Exhibit, ...], found: Quote | None) -> Agreement | None:
    s = case.seller
    if s.agreed == "none":
        return None
    shown = next((e for e in cited if e.is_agreement), None)
    cite = (shown.number,) if shown else tuple(e.number for e in cited if e.kind == "chat")
    quote = None
    if s.agreement_quote:
        quote = Quote(s.agreement_quote, shown.number if shown else (cite[0] if len(cite) == 1 else None))
    elif found is not None:
        quote = found
    equal = s.agreed_amount is not None and s.agreed_amount == case.refund.amount
    return Agreement(s.agreed, s.agreed_amount, s.agreed_on, cite, quote, equal)


def _dispute(case: Case, agreement: Agreement | None) -> Dispute:
    s = case.seller
    below_claim = s.proposal is not None and s.proposal < case.refund.amount
    went_back = (
        agreement is not None
        and s.proposal is not None
        and (agreement.amount is None or s.proposal < agreement.amount)
        and agreement.what in ("partial_refund", "full_refund")
    )
    escalate = below_claim or went_back or s.objection == "no_reply"
    return Dispute(s.proposal, s.proposal_on, s.objection, below_claim, went_back, escalate)


_EVENTS = {
    "order.date": Phrase("ordered", "注文"),
    "order.shipped": Phrase("shipped", "発送"),
    "order.delivered": Phrase("delivered", "配達"),
    "claim.noticed_on": Phrase("problem found", "問題に気づいた日"),
    "seller.contacted_on": Phrase("seller contacted", "販売者に連絡"),
    "seller.agreed_on": Phrase("seller agreed", "販売者が同意"),
    "claim.opened_on": Phrase("dispute opened", "紛争を開始"),
    "seller.proposal_on": Phrase("seller's proposal", "販売者の提案"),
}


_CAPTURED = {"photo": Phrase("photo taken", "写真を撮影"), "video": Phrase("video recorded", "動画を撮影")}


def _events(case: Case, cited: tuple[Exhibit, ...]) -> tuple[Event, ...]:
    """The dispute's dates, as timeline.timeline (the cover's timeline) orders them, worded short for the
    texts: the case's own dates and the days the photos and videos were taken."""
    from evidence_pack.timeline import timeline

    out = []
    for ev in timeline(case, list(cited)):
        if ev.field:
            out.append(Event(ev.date, _EVENTS[ev.field], ev.exhibit, 1, ev.exhibits))
        elif ev.kind in _CAPTURED:
            out.append(Event(ev.date, _CAPTURED[ev.kind], ev.exhibit, len(ev.exhibits), ev.exhibits))
    return tuple(out)

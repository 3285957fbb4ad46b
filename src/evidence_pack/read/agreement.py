"""The seller's agreement in a chat: a message on the seller's side that agrees to a refund ("we agree to
refund US $13.50", "返金します", "同意退款"), with the words as read, the amount it names, its date and
where it is on the screenshot. A sentence that refuses ("we cannot refund") is not an agreement."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from evidence_pack.read.amounts import Amount, find_amounts
from evidence_pack.read.barcodes import Box
from evidence_pack.read.chat import Message, Transcript

_REFUND = re.compile(r"refund|money back|reimburs|返金|返還|払い戻し|退款|退钱|退还|退給|退给", re.IGNORECASE)
_AGREE = re.compile(
    r"\b(agree|agreed|accept|approve|ok|okay|sure|yes|will|we'?ll|i'?ll|can|could|would|go ahead|"
    r"(we|i)\s+(fully\s+|partially\s+)?refund)\b"
    r"|します|いたします|致します|同意|承知|了解|させていただ|可能です|対応します"
    r"|同意|可以|好的|会|给您|给你|为您|帮您",
    re.IGNORECASE,
)
_REFUSE = re.compile(
    r"\b(not|no|never|cannot|unable|refuse|reject|decline|impossible)\b|n't"
    r"|できません|しません|致しかねます|いたしかねます|できかねます|不可|お断り"
    r"|不能|不会|不可以|无法|拒绝|不同意|不退|没法",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*")  # never inside "13.50"
_NOT_A_REFUSAL = re.compile(r"no problem|no worries|没问题|問題ありません|問題ございません", re.IGNORECASE)


@dataclass(frozen=True)
class Agreement:
    """A seller's message that agrees to a refund, as read from one screenshot."""

    rel: str  # the screenshot
    quote: str  # the message, word for word as read
    amount: Amount | None  # the amount it names, when it names one
    date: dt.date | None  # the date of the header above it, when one was read
    box: Box  # the message on the screenshot, in fractions of the picture


def agrees_to_refund(text: str) -> bool:
    """True when one sentence of the text speaks of a refund, agrees, and does not refuse."""
    for sentence in _SENTENCE.split(text):
        plain = _NOT_A_REFUSAL.sub("", sentence)
        if _REFUND.search(plain) and _AGREE.search(plain) and not _REFUSE.search(plain):
            return True
    return False


def find_agreements(rel: str, chat: Transcript) -> list[Agreement]:
    """Every seller message of one screenshot that agrees to a refund, in the order shown."""
    out = []
    for m in chat.messages:
        if m.side == "seller" and agrees_to_refund(m.text):
            out.append(_agreement(rel, m))
    return out


def _agreement(rel: str, m: Message) -> Agreement:
    amounts = find_amounts(m.text)
    return Agreement(rel, m.text, amounts[-1] if amounts else None, m.date, m.box)


def best_agreement(found: list[Agreement], preferred: str | None = None) -> Agreement | None:
    """The agreement to quote: in the screenshot case.toml names when it has one there; one that names an
    amount before one that does not; in English letters (the dispute form's language) before others;
    then the latest shown (the last promise made)."""
    if not found:
        return None
    pool = [a for a in found if a.rel == preferred] or found
    ranked = sorted(
        enumerate(pool), key=lambda ia: (ia[1].amount is not None, not any(ord(c) > 0x2E7F for c in ia[1].quote), ia[0])
    )
    return ranked[-1][1]

"""The dated windows of a platform for an order: when to open, when to claim."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evidence_pack.case import Case
from evidence_pack.platforms import Platform


@dataclass(frozen=True)
class Deadline:
    """A platform time window computed from the order's dates."""

    code: str
    end: dt.date
    days_left: int
    what_en: str
    what_ja: str


def deadlines(case: Case, platform: Platform, today: dt.date) -> list[Deadline]:
    """The dated windows of this platform for this order (the open/claim window where known)."""
    o = case.order
    if not platform.open_within_days:
        return []
    if platform.key == "amazon":
        start, code = o.delivered or o.date, "claim_deadline"
        en = "the time to file an A-to-z claim (90 days from the latest delivery date)"
        ja = "A-to-z 保証の申請期限（最新の配達日から 90 日）"
    else:
        start, code = o.date, "open_deadline"
        en = f"the time to open a dispute ({platform.open_within_days} days from the payment)"
        ja = f"紛争を開く期限（支払いから {platform.open_within_days} 日）"
    end = start + dt.timedelta(days=platform.open_within_days)
    return [Deadline(code, end, (end - today).days, en, ja)]

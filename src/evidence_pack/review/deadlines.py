"""The dated windows of a platform for an order: when the seller must answer, when escalation opens and
closes, the last day to act; computed from the case's dates and the platform profile's settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evidence_pack.case import Case
from evidence_pack.platforms import Platform


@dataclass(frozen=True)
class Deadline:
    """One dated window: `end` is the last day (or, for kind "from", the first day something may be done)."""

    code: str
    end: dt.date
    days_left: int
    what_en: str
    what_ja: str
    kind: str = "by"  # "by": do it by this day; "from": it can be done from this day

    def text(self, lang: str) -> str:
        return self.what_ja if lang == "ja" else self.what_en


def add_business_days(start: dt.date, days: int) -> dt.date:
    """`days` working days (Monday to Friday) after start."""
    d = start
    while days:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            days -= 1
    return d


def dispute_opened(case: Case, platform: Platform) -> dt.date | None:
    """When the dispute on `platform` was opened: claim.opened_on is the dispute on the case's own platform,
    so a build for another one (--platform) has none open there yet."""
    return case.claim.opened_on if platform.key == case.platform else None


def deadlines(case: Case, platform: Platform, today: dt.date) -> list[Deadline]:
    """The windows of this platform for this order that the case's dates let us compute, in date order."""
    o, s = case.order, case.seller
    out: list[Deadline] = []

    def add(code: str, end: dt.date, en: str, ja: str, kind: str = "by") -> None:
        out.append(Deadline(code, end, (end - today).days, en, ja, kind))

    # once the dispute is open, the last day to open it says nothing (Amazon's A-to-z claim is a step of its own)
    opened = dispute_opened(case, platform)
    if platform.open_within_days and not (opened and platform.key != "amazon"):
        start = (o.delivered or o.date) if platform.open_from == "delivery" else o.date
        base_en = "the latest delivery date" if platform.open_from == "delivery" else "the payment"
        base_ja = "最新の配達日" if platform.open_from == "delivery" else "支払い"
        if platform.key == "amazon":
            en, ja = "the last day to file an A-to-z claim", "A-to-z 保証を申請できる最終日"
        elif platform.key == "card":
            en, ja = (
                "the usual last day to dispute the charge with your card issuer (issuers differ: ask yours)",
                ("カード会社に異議を申し立てられる一般的な最終日（カード会社により異なります。確認してください）"),
            )
        else:
            en, ja = "the last day to open the dispute", "紛争を開ける最終日"
        n = platform.open_within_days
        add(
            "claim_deadline" if platform.key == "amazon" else "open_deadline",  # codes check --json reports
            start + dt.timedelta(days=n),
            f"{en} ({n} days from {base_en})",
            f"{ja}（{base_ja}から {n} 日）",
        )
    if platform.escalate_after_days and s.contacted_on:
        add(
            "claim_from",
            s.contacted_on + dt.timedelta(days=platform.escalate_after_days),
            f"from this day you can file the claim ({platform.escalate_after_days * 24} hours after contacting the seller)",
            f"この日から申請できます（販売者に連絡してから {platform.escalate_after_days * 24} 時間後）",
            "from",
        )
    if opened:
        if platform.seller_reply_days and s.proposal is None:  # once the seller has proposed, they answered
            add(
                "seller_answer",
                opened + dt.timedelta(days=platform.seller_reply_days),
                f"the seller should have answered your proposal (about {platform.seller_reply_days} days; "
                "if they stay silent, your amount is refunded)",
                f"販売者が提案に返答する期限（約 {platform.seller_reply_days} 日。返答がなければ申請額が返金されます）",
            )
        if platform.seller_reply_business_days:
            n = platform.seller_reply_business_days
            add(
                "step_in_from",
                add_business_days(opened, n),
                f"from this day you can ask {platform.name} to step in (the seller had {n} business days)",
                f"この日から {platform.name} に介入を依頼できます（販売者の回答期限は {n} 営業日）",
                "from",
            )
        if platform.escalate_within_days:
            n = platform.escalate_within_days
            add(
                "escalate_deadline",
                opened + dt.timedelta(days=n),
                f"the last day to escalate the dispute to a claim ({n} days from opening it; after that it closes)",
                f"申し立てを「クレーム」にエスカレートできる最終日（開始から {n} 日。過ぎると終了します）",
            )
    out.sort(key=lambda d: d.end)
    return out

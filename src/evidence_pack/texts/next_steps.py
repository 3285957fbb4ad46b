"""next-steps.txt, in the case's language: for the platform the pack is for, the form's choices, the
amount, where to paste each text, which files to attach, the warnings that are true there, the dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evidence_pack.money import format_money, format_plain
from evidence_pack.platforms import marketplace
from evidence_pack.review.deadlines import deadlines, dispute_opened
from evidence_pack.texts.english import _render
from evidence_pack.texts.facts import Facts
from evidence_pack.texts.japanese import event_ja, money_ja
from evidence_pack.texts.lines import event_en
from evidence_pack.texts.templating import environment
from evidence_pack.texts.wording import CARD_REASON, FORM_REASON


@dataclass(frozen=True)
class UploadSummary:
    """What upload/ holds, as next steps tell it."""

    names: tuple[str, ...]
    pdf_pages: int
    pdf_bytes: int
    video_files: tuple[str, ...] = ()  # the video copies in upload/
    video_whole: bool = True  # every video copy is the whole recording (never trimmed)


def next_steps(
    facts: Facts,
    justification: str,
    files: UploadSummary,
    today: dt.date,
    has_response: bool,
    has_escalation: bool,
    templates: str | None = None,
) -> str:
    """next-steps.txt in the case's language."""
    case, platform = facts.case, facts.platform
    c, o = case.claim, case.order
    lang = case.language
    key = next((p for p in c.problems if p in FORM_REASON), c.reason) if c.reason == "not_as_described" else c.reason
    form = FORM_REASON.get(key, FORM_REASON["not_as_described"])
    opened = dispute_opened(case, platform)
    dated = []
    for d in deadlines(case, platform, today):
        if lang == "ja":
            state = f"{-d.days_left} 日前に過ぎました" if d.days_left < 0 else f"あと {d.days_left} 日"
            dated.append(f"{d.end}: {d.text('ja')}（{state}）")
        else:
            state = f"passed {-d.days_left} days ago" if d.days_left < 0 else f"{d.days_left} days from today"
            dated.append(f"{d.end}: {d.text('en')} ({state})")
    events = [event_ja(e) if lang == "ja" else event_en(e) for e in facts.events]
    agreement_ex = next((e for e in facts.exhibits if e.is_agreement), None)
    cards = [n for n in files.names if n.endswith(".jpg")]
    ctx: dict[str, object] = {
        "platform": platform.name,
        "key": platform.key,
        "reason": c.reason,
        "form_reason": form.en,
        "form_reason_ja": form.ja,
        "card_reason": CARD_REASON[c.reason].en,
        "card_reason_ja": CARD_REASON[c.reason].ja,
        "return_item": c.resolution == "return_and_refund",
        "amount_plain": format_plain(case.refund.amount, o.currency),
        "currency": o.currency,
        "amount_text": money_ja(case.refund.amount, o.currency) if lang == "ja" else case.refund.text,
        "total": money_ja(case.refund.order_total, o.currency)
        if lang == "ja"
        else format_money(case.refund.order_total, o.currency),
        "just_chars": len(justification.strip()),
        "ascii": platform.ascii_only,
        "upload_files": len(files.names),
        "cards": len(cards),
        "first_card": cards[0] if cards else None,
        "pdf_uploaded": "evidence.pdf" in files.names,
        "pdf_pages": files.pdf_pages,
        "pdf_bytes": f"{files.pdf_bytes:,}",
        "video_files": list(files.video_files),
        "video_whole": files.video_whole,
        "order_date": o.date.isoformat(),
        "order_id": o.id,
        "response": has_response,
        "escalation": has_escalation,
        "proposal": (
            money_ja(facts.dispute.proposal, o.currency)
            if lang == "ja"
            else format_money(facts.dispute.proposal, o.currency)
        )
        if facts.dispute.proposal is not None
        else None,
        "agreement_exhibit": agreement_ex.label if agreement_ex else None,
        "deadlines": dated,
        "events": events,
        "today": today.isoformat(),
        "left_out": [f"{e.label} ({e.rel})" for e in facts.left_out],
        # claim.opened_on is the dispute on the case's own platform: a build for another one (--platform) has
        # none open there yet (Amazon's steps are contacting the seller, then the claim: left as they are)
        "opened": opened is not None and platform.key != "amazon",
        "opened_on": opened.isoformat() if opened else None,
        # on a chargeback: the marketplace the order was paid on, whose dispute may still be open
        "bought_on": marketplace(case.platform) if platform.key == "card" else None,
        "marketplace_opened": c.opened_on is not None and platform.key == "card" and marketplace(case.platform),
    }
    name = "next_steps/ja.txt.j2" if lang == "ja" else "next_steps/en.txt.j2"
    return _render(environment(templates), name, ctx).strip() + "\n"

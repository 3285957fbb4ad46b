"""next-steps.txt, in the case's language: the form choices, the amount, the files, the warnings, the dates."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from evidence_pack.case import Case
from evidence_pack.exhibits import Exhibit
from evidence_pack.money import format_money, format_plain
from evidence_pack.platforms import Platform
from evidence_pack.review.deadlines import deadlines
from evidence_pack.texts.templating import environment
from evidence_pack.texts.wording import FORM_REASON


def next_steps(
    case: Case,
    platform: Platform,
    exhibits: list[Exhibit],
    justification: str,
    has_response: bool,
    upload_names: list[str],
    pdf_pages: int,
    pdf_bytes: int,
    today: dt.date,
) -> str:
    """next-steps.txt in the case's language: the form choices, the amount, the files, the warnings, the dates."""
    c, o = case.claim, case.order
    key_reason = (
        next((p for p in c.problems if p in FORM_REASON), c.reason) if c.reason == "not_as_described" else c.reason
    )
    form_en, form_ja = FORM_REASON.get(key_reason, FORM_REASON["not_as_described"])
    agreement_ex = next((e for e in exhibits if e.is_agreement), None)
    # the video as it is ("-video.mov") or the whole of it made to fit ("-video-720p.mp4", upload_video.py)
    video = next((n for n in upload_names if re.search(r"-video(-\d+p)?\.", n)), None)
    ja = case.language == "ja"
    dated = []
    for d in deadlines(case, platform, today):
        if ja:
            state = f"{-d.days_left} 日前に過ぎました" if d.days_left < 0 else f"あと {d.days_left} 日"
            dated.append(f"{d.what_ja}: {d.end}（{state}）")
        else:
            state = f"passed {-d.days_left} days ago" if d.days_left < 0 else f"{d.days_left} days left"
            dated.append(f"{d.what_en[0].upper()}{d.what_en[1:]}: {d.end} ({state})")
    ctx = {
        "platform": platform.name,
        "key": platform.key,
        "reason": c.reason,
        "form_reason": form_en,
        "form_reason_ja": form_ja,
        "return_item": c.resolution == "return_and_refund",
        "amount_plain": format_plain(case.refund.amount, o.currency),
        "currency": o.currency,
        "amount_text": case.refund.text,
        "total": format_money(case.refund.order_total, o.currency),
        "just_chars": len(justification.strip()),
        "upload_first": upload_names[0] if upload_names else "upload/",
        "video_file": video,
        "video_fitted": bool(video and re.search(r"-video-\d+p\.", video)),
        "card_count": sum(1 for n in upload_names if n.endswith(".jpg")),
        "order_date": o.date.isoformat(),
        "order_id": o.id,
        "pdf_pages": pdf_pages,
        "pdf_bytes": f"{pdf_bytes:,}",
        "response": has_response,
        "proposal": format_money(case.seller.proposal if case.seller.proposal is not None else Decimal(0), o.currency),
        "agreement_exhibit": agreement_ex.label if agreement_ex else None,
        "deadlines": dated,
    }
    template = "next_steps/ja.txt.j2" if ja else "next_steps/en.txt.j2"
    return environment().get_template(template).render(**ctx).strip() + "\n"

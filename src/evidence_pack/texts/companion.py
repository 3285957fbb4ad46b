"""Texts for the buyer, never for upload: justification.ja.txt and response.ja.txt (the same facts,
amounts and exhibit numbers as the English, in Japanese), and next-steps.txt in the case's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from evidence_pack.case import Case
from evidence_pack.exhibits import Exhibit, exhibit_range, fact_items
from evidence_pack.money import format_money, format_plain
from evidence_pack.platforms import Platform
from evidence_pack.review.findings import deadlines
from evidence_pack.texts.english import environment

PROBLEM_JA = {
    "does_not_power_on": "電源が入りません", "does_not_work": "動作しません", "wrong_color": "色が違います",
    "wrong_size": "サイズが違います", "wrong_model": "型番（モデル）が違います", "wrong_item": "注文した商品と違います",
    "different_material": "素材が説明と違います", "poor_quality": "品質が説明よりかなり劣ります",
    "missing_parts": "部品が足りません", "quantity_short": "数量が足りません", "broken": "壊れていました",
    "torn": "破れていました", "scratched": "傷がありました", "leaking": "液漏れしていました",
    "counterfeit": "偽物です", "empty_parcel": "小包が空でした",
}
REASON_DEFAULT_JA = {"defective": "動作しません", "damaged": "破損して届きました", "not_as_described": "説明と異なります",
                     "counterfeit": "偽物です"}
GROUP_JA = {"listing": "商品ページ（出品内容）", "photo": "届いた商品の写真", "video": "動画",
            "chat": "販売者とのチャット", "document": "書類"}
FORM_REASON = {  # the option to choose in AliExpress's dispute form, and its Japanese label
    "defective": ("Item does not work / function", "商品が動作しない（機能の問題）"),
    "damaged": ("Item damaged", "商品の破損"),
    "missing_items": ("Quantity not enough / missing items", "数量不足・欠品"),
    "counterfeit": ("Counterfeit item", "偽物"),
    "not_received": ("Package not received", "荷物が届かない"),
    "wrong_color": ("Color not as described", "色が説明と異なる"),
    "wrong_size": ("Size not as described", "サイズが説明と異なる"),
    "wrong_model": ("Model not as described", "モデルが説明と異なる"),
    "different_material": ("Material not as described", "素材が説明と異なる"),
    "not_as_described": ("Item not as described", "説明と異なる商品"),
}


def _range_ja(numbers: list[int]) -> str:
    return exhibit_range(numbers, and_word="、")


def _subject_ja(case: Case) -> str:
    o, c = case.order, case.claim
    if o.quantity == 1:
        return "商品は"
    if c.affected_quantity == o.quantity:
        return f"{o.quantity} 個すべてが"
    return f"{o.quantity} 個のうち {c.affected_quantity} 個が"


def _problem_ja(case: Case) -> str:
    c = case.claim
    if c.reason == "missing_items":
        return (f"注文した {case.order.quantity} 個のうち {case.order.quantity - c.affected_quantity} 個しか届かず、"
                f"{c.affected_quantity} 個が不足しています。") if case.order.quantity > 1 else "商品が小包に入っていませんでした。"
    if c.reason == "not_received":
        return "商品がまだ届いていません" + (f"（追跡番号 {case.order.tracking}）。" if case.order.tracking else "。")
    parts = [PROBLEM_JA[p] for p in c.problems if p in PROBLEM_JA] or [REASON_DEFAULT_JA.get(c.reason, "問題があります")]
    free = [p for p in c.problems if p not in PROBLEM_JA]
    text = _subject_ja(case) + "、".join(parts) + "。"
    if free:
        text += "問題: " + "、".join(free) + "。"
    return text


def computation_ja(case: Case) -> str:
    o, c, r = case.order, case.claim, case.refund
    cur = o.currency
    total, amount = format_money(r.order_total, cur), r.text
    ship = f"送料 {format_money(o.shipping, cur)} を含む" if o.shipping > 0 else "送料なし"
    if r.basis == "full":
        return f"注文合計 {o.quantity} × {format_money(o.unit_price, cur)}（{ship}）= {total}"
    if r.basis == "proportional":
        if c.affected_quantity == o.quantity:
            return f"全 {o.quantity} 個分: 注文合計（{ship}）= {amount}"
        return f"{o.quantity} 個中 {c.affected_quantity} 個分: 注文合計 {total}（{ship}）× {c.affected_quantity}/{o.quantity} = {amount}"
    return f"注文合計 {total}（{ship}）のうち {amount}"


def _agreement_ja(case: Case, cite: str | None, you: bool) -> str | None:
    s = case.seller
    if s.agreed == "none":
        return None
    cur = case.order.currency
    amount = f"{format_money(s.agreed_amount, cur)} の" if s.agreed_amount is not None else ""
    what = {"partial_refund": f"{amount}一部返金", "full_refund": f"{amount}全額返金", "return": "返品による返金",
            "replacement": "代替品の送付"}.get(s.agreed, "返金")
    who = "あなた" if you else "販売者"
    when = f"{s.agreed_on.isoformat()} に" if s.agreed_on else ""
    text = f"{when}{who}はチャットで{what}に同意しました" + (f"（{cite}）" if cite else "") + "。"
    if s.agreed_amount is not None and s.agreed_amount == case.refund.amount:
        text += "これは請求額と同じです。"
    return text


def _video_ref_ja(e: Exhibit) -> str:
    if not e.pictures:
        return e.label
    first, last = e.picture_tag(0), e.picture_tag(len(e.pictures) - 1)
    ref = f"{e.label}、フレーム {first}〜{last}" if len(e.pictures) > 1 else f"{e.label}、フレーム {first}"
    requested = [f"{e.picture_tag(i)}（{e.timestamp(i)}）" for i, p in enumerate(e.pictures) if p.requested]
    if requested:
        ref += "。問題は " + "、".join(requested) + " に写っています"
    return ref


def _facts_ja(exhibits: list[Exhibit]) -> list[str]:
    lines: list[str] = []
    for item in fact_items(exhibits, lambda e: e.user_caption):
        first = item.exhibits[0]
        if item.captioned:
            ref = _video_ref_ja(first) if first.kind == "video" else first.label
            lines.append(f"{first.caption.rstrip('.')}（{ref}）")
        elif item.kind == "video":
            lines.append("動画（" + "; ".join(_video_ref_ja(e) for e in item.exhibits) + "）")
        else:
            lines.append(f"{GROUP_JA[item.kind]}（{_range_ja([e.number for e in item.exhibits])}）")
    return lines


def _ask_ja(case: Case) -> str:
    if case.claim.resolution == "return_and_refund":
        return f"{case.refund.text} の返金を求めます。商品は販売者に返品します。"
    if case.claim.reason == "missing_items":
        return f"不足している {case.claim.affected_quantity} 個分として {case.refund.text} の返金を求めます。"
    if case.claim.reason == "not_received":
        return f"届いていない注文の返金として {case.refund.text} を求めます。"
    return f"返品なしで {case.refund.text} の返金を求めます（返金のみ）。"


def japanese_texts(case: Case, exhibits: list[Exhibit], with_response: bool) -> tuple[str, str | None]:
    """justification.ja.txt and, when there is a response, response.ja.txt."""
    env = environment()
    o = case.order
    agreement_ex = next((e for e in exhibits if e.is_agreement), None)
    chat = [e.number for e in exhibits if e.kind == "chat"]
    cite = agreement_ex.label if agreement_ex else (_range_ja(chat) or None)
    ctx = {
        "order_date": o.date.isoformat(), "order_id": o.id, "item": o.item, "quantity": o.quantity,
        "total": format_money(case.refund.order_total, o.currency),
        "incl_shipping": f"、送料 {format_money(o.shipping, o.currency)} を含む" if o.shipping > 0 else "",
        "problem": _problem_ja(case), "ask": _ask_ja(case), "statement": case.claim.statement or "",
        "facts": _facts_ja(exhibits), "computation": computation_ja(case),
        "agreement": _agreement_ja(case, cite, you=False),
        "return_line": "販売者が返品先の住所を知らせたら、すぐに商品を返送します。"
        if case.claim.resolution == "return_and_refund" else "",
    }
    just = env.get_template("ja/justification.txt.j2").render(**ctx).strip() + "\n"
    if not with_response:
        return just, None
    refs = _range_ja([e.number for e in exhibits if e.kind in ("photo", "video") and not e.is_agreement])
    listing = [e.number for e in exhibits if e.kind == "listing"]
    if listing and case.claim.reason in ("not_as_described", "counterfeit", "missing_items"):
        refs = f"{refs}、商品ページは {_range_ja(listing)}" if refs else f"商品ページは {_range_ja(listing)}"
    problem = _problem_ja(case).rstrip("。")
    rctx = {
        "proposal": format_money(case.seller.proposal if case.seller.proposal is not None else Decimal(0), o.currency),
        "agreement": _agreement_ja(case, cite, you=True),
        "problem_sentence": f"{problem}（{refs}）。" if refs else f"{problem}。",
        "proposal_note": (case.seller.proposal_note or "").rstrip("."),
        "refund": case.refund.text, "computation": computation_ja(case),
    }
    return just, env.get_template("ja/response.txt.j2").render(**rctx).strip() + "\n"


def next_steps(case: Case, platform: Platform, exhibits: list[Exhibit], justification: str, has_response: bool,
               upload_names: list[str], pdf_pages: int, pdf_bytes: int, today: dt.date) -> str:
    """next-steps.txt in the case's language: the form choices, the amount, the files, the warnings, the dates."""
    c, o = case.claim, case.order
    key_reason = next((p for p in c.problems if p in FORM_REASON), c.reason) if c.reason == "not_as_described" else c.reason
    form_en, form_ja = FORM_REASON.get(key_reason, FORM_REASON["not_as_described"])
    agreement_ex = next((e for e in exhibits if e.is_agreement), None)
    video = next((n for n in upload_names if "-video." in n), None)
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
        "platform": platform.name, "key": platform.key, "reason": c.reason, "form_reason": form_en,
        "form_reason_ja": form_ja, "return_item": c.resolution == "return_and_refund",
        "amount_plain": format_plain(case.refund.amount, o.currency), "currency": o.currency,
        "amount_text": case.refund.text, "total": format_money(case.refund.order_total, o.currency),
        "just_chars": len(justification.strip()), "upload_first": upload_names[0] if upload_names else "upload/",
        "video_file": video, "order_date": o.date.isoformat(), "order_id": o.id,
        "pdf_pages": pdf_pages, "pdf_bytes": f"{pdf_bytes:,}", "response": has_response,
        "proposal": format_money(case.seller.proposal if case.seller.proposal is not None else Decimal(0), o.currency),
        "agreement_exhibit": agreement_ex.label if agreement_ex else None, "deadlines": dated,
    }
    template = "next_steps/ja.txt.j2" if ja else "next_steps/en.txt.j2"
    return environment().get_template(template).render(**ctx).strip() + "\n"

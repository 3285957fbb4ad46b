"""The buyer's Japanese notes, never for upload: justification.ja.txt and response.ja.txt, the same facts,
amounts and exhibit numbers as the English texts."""

from __future__ import annotations

from decimal import Decimal

from evidence_pack.case import Case
from evidence_pack.exhibits import Exhibit, exhibit_range, fact_items
from evidence_pack.money import format_money
from evidence_pack.texts.templating import environment
from evidence_pack.texts.wording import GROUP_JA, PROBLEM_JA, REASON_DEFAULT_JA


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
        return (
            (
                f"注文した {case.order.quantity} 個のうち {case.order.quantity - c.affected_quantity} 個しか届かず、"
                f"{c.affected_quantity} 個が不足しています。"
            )
            if case.order.quantity > 1
            else "商品が小包に入っていませんでした。"
        )
    if c.reason == "not_received":
        return "商品がまだ届いていません" + (f"（追跡番号 {case.order.tracking}）。" if case.order.tracking else "。")
    parts = [PROBLEM_JA[p] for p in c.problems if p in PROBLEM_JA] or [
        REASON_DEFAULT_JA.get(c.reason, "問題があります")
    ]
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
    what = {
        "partial_refund": f"{amount}一部返金",
        "full_refund": f"{amount}全額返金",
        "return": "返品による返金",
        "replacement": "代替品の送付",
    }.get(s.agreed, "返金")
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
        "order_date": o.date.isoformat(),
        "order_id": o.id,
        "item": o.item,
        "quantity": o.quantity,
        "total": format_money(case.refund.order_total, o.currency),
        "incl_shipping": f"、送料 {format_money(o.shipping, o.currency)} を含む" if o.shipping > 0 else "",
        "problem": _problem_ja(case),
        "ask": _ask_ja(case),
        "statement": case.claim.statement or "",
        "facts": _facts_ja(exhibits),
        "computation": computation_ja(case),
        "agreement": _agreement_ja(case, cite, you=False),
        "return_line": "販売者が返品先の住所を知らせたら、すぐに商品を返送します。"
        if case.claim.resolution == "return_and_refund"
        else "",
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
        "refund": case.refund.text,
        "computation": computation_ja(case),
    }
    return just, env.get_template("ja/response.txt.j2").render(**rctx).strip() + "\n"

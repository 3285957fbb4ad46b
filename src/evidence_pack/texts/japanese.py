"""The buyer's Japanese notes, never for upload: justification.ja.txt, response.ja.txt and escalation.ja.txt
show in Japanese each sentence the reviewer reads in the English texts (the same facts, amounts and
exhibit numbers, from texts/facts.py), and say plainly what the English texts leave out."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_currency_name
from jinja2.sandbox import SandboxedEnvironment

from evidence_pack.case import Case
from evidence_pack.exhibits import Exhibit, exhibit_range, fact_items
from evidence_pack.money import format_plain, minor_digits, quantize
from evidence_pack.texts.english import Texts, _render
from evidence_pack.texts.facts import Agreement, Event, Facts, item_name
from evidence_pack.texts.lines import fault_exhibits, problem_codes
from evidence_pack.texts.templating import environment
from evidence_pack.texts.wording import AGREED, GROUP_MANY, GROUP_ONE, OBJECTION, REASON_PROBLEM


def money_ja(amount: Decimal, currency: str) -> str:
    """Amounts as Japanese readers write them: 12,000円, 13.50 米ドル."""
    q = quantize(amount, currency)
    digits = minor_digits(currency)
    number = f"{q:,.{digits}f}"
    if currency == "JPY":
        return f"{number}円"
    return f"{number} {get_currency_name(currency, locale='ja')}"


def range_ja(numbers: list[int]) -> str:
    return exhibit_range(numbers, and_word="、")


def subject_ja(case: Case) -> str:
    """The units the problem concerns, with its topic particle: 商品は, 2 個とも, 2 個のうち 1 個は."""
    q, a = case.order.quantity, case.claim.affected_quantity
    if a == q:
        return "商品は" if q == 1 else ("2 個とも" if q == 2 else f"{q} 個すべて")
    return f"{q} 個のうち {a} 個は"


def problem_ja(case: Case) -> str:
    c, o = case.claim, case.order
    if c.reason == "missing_items":
        if o.quantity > 1:
            return f"注文した {o.quantity} 個のうち {o.quantity - c.affected_quantity} 個しか届かず、{c.affected_quantity} 個が不足しています。"
        return "商品が小包に入っていませんでした。"
    if c.reason == "not_received":
        return "商品がまだ届いていません" + (f"（追跡番号 {o.tracking}）。" if o.tracking else "。")
    coded, free = problem_codes(case)
    parts = [p.ja for p in coded] or [REASON_PROBLEM[c.reason].ja]
    text = subject_ja(case) + "。また、".join(parts) + "。"
    if free:
        text += "問題（英語のまま）: " + "、".join(free) + "。"
    return text


def computation_ja(case: Case) -> str:
    o, c, r = case.order, case.claim, case.refund
    cur = o.currency
    total, amount = money_ja(r.order_total, cur), money_ja(r.amount, cur)
    ship = f"送料 {money_ja(o.shipping, cur)}を含む" if o.shipping > 0 else "送料なし"
    if r.basis == "full" or (r.basis == "proportional" and c.affected_quantity == o.quantity):
        units = "" if o.quantity == 1 else f"{o.quantity} 個すべて: "
        return f"{units}注文合計 {o.quantity} × {money_ja(o.unit_price, cur)}（{ship}）= {total}"
    if r.basis == "proportional":
        return f"{o.quantity} 個中 {c.affected_quantity} 個分: 注文合計 {total}（{ship}）× {c.affected_quantity}/{o.quantity} = {amount}"
    return f"注文合計 {total}（{ship}）のうち {amount}"


def ask_ja(case: Case) -> str:
    amount = money_ja(case.refund.amount, case.order.currency)
    if case.claim.resolution == "return_and_refund":
        return f"{amount}の返金を求めます。商品は販売者に返品します。"
    if case.claim.reason == "missing_items":
        return f"不足している {case.claim.affected_quantity} 個分として {amount}の返金を求めます。"
    if case.claim.reason == "not_received":
        return f"届いていない注文の返金として {amount}を求めます。"
    return f"返品なしで {amount}の返金を求めます（返金のみ）。"


def _quote_ja(agreement: Agreement) -> str:
    if agreement.quote is None:
        return ""
    read = "（スクリーンショットから読み取ったもの）" if agreement.quote.source == "read" else ""
    return f"：「{agreement.quote.text}」{read}"


def agreement_lead_ja(agreement: Agreement) -> str:
    when = f"{agreement.on.isoformat()} に" if agreement.on else ""
    cite = f"（{range_ja(list(agreement.cite))}）" if agreement.cite else ""
    return f"販売者は{when}チャットでこの金額に同意しました{_quote_ja(agreement)}{cite}。"


def agreement_ja(agreement: Agreement, currency: str, you: bool) -> str:
    amount = f"{money_ja(agreement.amount, currency)}の" if agreement.amount is not None else ""
    what = (
        amount + AGREED[agreement.what].ja
        if agreement.what in ("partial_refund", "full_refund")
        else AGREED[agreement.what].ja
    )
    who = "あなた" if you else "販売者"
    when = f"{agreement.on.isoformat()} に" if agreement.on else ""
    cite = f"（{range_ja(list(agreement.cite))}）" if agreement.cite else ""
    same = "。これは請求額と同じです" if agreement.equals_claim else ""
    return f"{when}{who}はチャットで{what}に同意しました{_quote_ja(agreement)}{cite}{same}。"


def _caption_ja(e: Exhibit, left_out: tuple[str, ...]) -> str:
    """An exhibit as the Japanese notes name it: the buyer's Japanese words where given, with the English
    caption the reviewer reads."""
    own = e.ingested.source.entry.caption_ja if e.ingested.source.entry else None
    if e.user_caption and f"caption of {e.rel}" not in left_out:
        return f"{e.caption}（英語のキャプション" + (f"。日本語メモ: {own}）" if own else "）")
    if e.kind == "document":
        pages = e.ingested.pdf_pages_in_file or e.ingested.pdf_pages
        title = e.ingested.document_title
        return f"書類「{title}」（{pages} ページ）" if title else f"書類（{pages} ページ）"
    return own or GROUP_ONE[e.kind].ja


def evidence_ja(facts: Facts, left_out: tuple[str, ...]) -> list[str]:
    lines: list[str] = []
    captioned = {e.number for e in facts.exhibits if e.user_caption and f"caption of {e.rel}" not in left_out}
    for item in fact_items(list(facts.exhibits), lambda e: e.number in captioned):
        first = item.exhibits[0]
        if item.captioned or len(item.exhibits) == 1 or item.kind == "video":
            for e in item.exhibits:
                ref = video_ref_ja(e) if e.kind == "video" else e.label
                lines.append(f"{_caption_ja(e, left_out)}（{ref}）")
        else:
            group = (GROUP_ONE if len(item.exhibits) == 1 else GROUP_MANY)[first.kind].ja
            lines.append(f"{group}（{range_ja([e.number for e in item.exhibits])}）")
    return lines


def video_ref_ja(e: Exhibit) -> str:
    if not e.pictures:
        return e.label
    first, last = e.picture_tag(0), e.picture_tag(len(e.pictures) - 1)
    ref = f"{e.label}、フレーム {first}〜{last}" if len(e.pictures) > 1 else f"{e.label}、フレーム {first}"
    requested = [f"{e.picture_tag(i)}（{e.timestamp(i)}）" for i, p in enumerate(e.pictures) if p.requested]
    if requested:
        ref += "。問題は " + "、".join(requested) + " に写っています"
    return ref


def event_ja(e: Event) -> str:
    what = e.what.ja if e.count == 1 else f"{e.what.ja}（{e.count} 件）"
    return f"{what} {e.on.isoformat()}" + (f"（{range_ja(list(e.exhibits))}）" if e.exhibits else "")


def _left_out_lines(facts: Facts, texts: Texts) -> list[str]:
    """What the English texts do not contain, said plainly."""
    out = []
    c = facts.case.claim
    if c.statement and "claim.statement" in texts.left_out:
        out.append("あなたの説明（claim.statement）は英語で書かれていないため、英語の申し立て文には入っていません。")
    elif c.statement and texts.detail < 2:
        out.append("あなたの説明（claim.statement）は文字数制限のため、英語の申し立て文から外しました。")
    for name in texts.left_out:
        if name.startswith("caption of "):
            out.append(f"{name[len('caption of ') :]} のキャプションは英語ではないため、英語の文には入っていません。")
    out += [w.ja for w in texts.warnings if w.ja not in out]
    for e in facts.left_out:
        out.append(f"{e.label}（{e.rel}）は {facts.platform.name} に添付できないため、英語の文では触れていません。")
    return out


def japanese_texts(facts: Facts, texts: Texts, templates: str | None = None) -> dict[str, str]:
    """justification.ja.txt and, when the English ones exist, response.ja.txt and escalation.ja.txt."""
    env = environment(templates)
    case = facts.case
    o = case.order
    cur = o.currency
    agreement = facts.agreement
    lead = agreement_lead_ja(agreement) if agreement is not None and agreement.equals_claim else ""
    later = agreement_ja(agreement, cur, you=False) if agreement is not None and not agreement.equals_claim else None
    statement = case.claim.statement if case.claim.statement and "claim.statement" not in texts.left_out else ""
    ctx: dict[str, object] = {
        "order_date": o.date.isoformat(),
        "order_id": o.id,
        "item": item_name(o.item),
        "quantity": o.quantity,
        "units": f" {o.quantity} 個" if o.quantity > 1 else "",
        "total": money_ja(case.refund.order_total, cur),
        "incl_shipping": f"、送料 {money_ja(o.shipping, cur)}を含む" if o.shipping > 0 else "",
        "problem": problem_ja(case),
        "ask": ask_ja(case),
        "agreement_lead": lead,
        "statement": statement,
        "statement_ja": case.claim.statement_ja or "",
        "facts": evidence_ja(facts, texts.left_out),
        "dates": [event_ja(e) for e in facts.events],
        "computation": computation_ja(case),
        "agreement": later,
        "return_line": "販売者が返品先の住所を知らせたら、すぐに商品を返送します。"
        if case.claim.resolution == "return_and_refund"
        else "",
        "left_out": _left_out_lines(facts, texts),
        "shortened": texts.detail < 2,
        "escalation_shortened": texts.escalation_shortened,
        "limit": f"{facts.platform.text_max_chars:,}" if facts.platform.text_max_chars else None,
    }
    out = {"justification.ja.txt": _finish(env, "ja/justification.txt.j2", ctx)}
    if texts.response is not None:
        out["response.ja.txt"] = _finish(env, "ja/response.txt.j2", _response_ctx(facts, ctx))
    if texts.escalation is not None:
        out["escalation.ja.txt"] = _finish(env, "ja/escalation.txt.j2", _escalation_ctx(facts, ctx))
    return out


def _finish(env: SandboxedEnvironment, name: str, ctx: dict[str, object]) -> str:
    return _render(env, name, ctx).strip() + "\n"


def _problem_sentence_ja(facts: Facts) -> str:
    refs = range_ja(facts.numbers("photo", "video"))
    listing = facts.numbers("listing")
    if listing and facts.case.claim.reason in ("not_as_described", "counterfeit", "missing_items"):
        refs = f"{refs}、商品ページは {range_ja(listing)}" if refs else f"商品ページは {range_ja(listing)}"
    problem = problem_ja(facts.case).rstrip("。")
    return f"{problem}（{refs}）。" if refs else f"{problem}。"


def _attached_ja(facts: Facts) -> str:
    if facts.upload.pdf and facts.upload.cards:
        return "各証拠は紛争に添付した証拠 PDF に入っており、1 枚ずつの画像としても添付しています。"
    if facts.upload.pdf:
        return "各証拠は紛争に添付した証拠 PDF に入っています。"
    return "各証拠は番号とキャプション付きの画像として 1 枚ずつ紛争に添付しています。"


def _objection_ja(facts: Facts) -> list[str]:
    d, case = facts.dispute, facts.case
    refs = range_ja(facts.numbers("photo", "video"))
    fault = f"問題は {refs} に写っています。" if refs else ""
    if d.objection == "clearer_pictures":
        return [f"より鮮明な写真を求められましたが、{fault}{_attached_ja(facts)}"]
    if d.objection == "acceptable_difference":
        listing = range_ja(facts.numbers("listing"))
        return [
            f"違いは許容範囲だと言われましたが、販売された内容とは違います。商品ページ（{listing}）と届いた商品（{refs}）を比べてください。"
        ]
    if d.objection == "return_first":
        if case.claim.resolution == "return_and_refund":
            return ["先に返品するよう求められました。返品先の住所が届きしだい返送します。"]
        return [
            f"先に返品するよう求められましたが、この紛争は返品なしの返金を求めています。{fault}"
            f"{facts.platform.name} が返品が必要と判断した場合は、返品先の住所が届きしだい返送します。"
        ]
    if d.objection == "resend_offered":
        return [
            f"再送の提案はお断りします。求めているのは {money_ja(case.refund.amount, case.order.currency)}の返金です。"
        ]
    if d.objection == "damaged_by_buyer":
        return [f"購入者が壊したと言われましたが、{fault or '届いた状態の写真があります。'}"]
    if d.objection == "partial_offer":
        return [
            f"提案額 {money_ja(d.proposal or Decimal(0), case.order.currency)} は請求額 {money_ja(case.refund.amount, case.order.currency)}より少なく、請求額の計算は次のとおりです: {computation_ja(case)}。"
        ]
    if d.objection in (None, "no_reply") or d.objection in OBJECTION:
        return []
    return [fault] if fault else []


def _response_ctx(facts: Facts, ctx: dict[str, object]) -> dict[str, object]:
    case, d = facts.case, facts.dispute
    cur = case.order.currency
    return {
        "proposal": money_ja(d.proposal or Decimal(0), cur),
        "below_agreement": d.went_back,
        "agreement": agreement_ja(facts.agreement, cur, you=True) if facts.agreement is not None else None,
        "problem_sentence": _problem_sentence_ja(facts),
        "objection_reply": _objection_ja(facts),
        "refund": money_ja(case.refund.amount, cur),
        "computation": computation_ja(case),
        # kept for templates of the first release
        "proposal_note": "",
    }


_OPENING_JA = {
    "aliexpress": "AliExpress カスタマーサービスへ: 注文 {id} の紛争に介入してください。",
    "paypal": "この申し立てをクレームにエスカレートします（注文 {id}、{date} 支払い）。",
    "ebay": "注文 {id} のリクエストについて eBay の介入を求めます。",
    "amazon": "注文 {id} の A-to-z 保証申請。",
    "card": "{date} の注文 {id} の請求 {total} に異議を申し立てます。",
    "generic": "サポートチームへ: 注文 {id} の紛争に介入してください。",
}


def _answer_ja(facts: Facts) -> str:
    """The English escalation's answer to the objection (lines.objection_answer_for_staff_en), in Japanese."""
    code = facts.dispute.objection
    if code == "clearer_pictures":
        shown = fault_exhibits(facts)[:4]
        return f"不具合は {'、'.join(e.label for e in shown)} にはっきり写っています。" if shown else ""
    if code == "acceptable_difference":
        listing, received = facts.numbers("listing"), facts.numbers("photo", "video")
        if listing and received:
            return f"商品ページ（{range_ja(listing)}）が販売された商品を示し、届いた商品は {range_ja(received)} のとおりです。"
    return ""


def _escalation_ctx(facts: Facts, ctx: dict[str, object]) -> dict[str, object]:
    case, d = facts.case, facts.dispute
    o = case.order
    cur = o.currency
    when = f"{d.proposal_on.isoformat()} に" if d.proposal_on else "その後、"
    said = f"販売者は{OBJECTION[d.objection].ja}。" if d.objection in OBJECTION and d.objection != "no_reply" else ""
    now = ""
    if d.proposal is not None and d.went_back:
        now = f"{when}販売者は同意を覆し、{money_ja(d.proposal, cur)}を提案しました。{said}"
    elif d.proposal is not None and d.rejects:
        now = f"{when}販売者は請求額 {money_ja(case.refund.amount, cur)}より少ない {money_ja(d.proposal, cur)}を提案しました。{said}"
    elif d.objection == "no_reply":
        now = "販売者から返答がありません。"
    now += _answer_ja(facts) if now else ""
    who = "カード会社" if facts.platform.key == "card" else facts.platform.name
    return {
        **ctx,
        "opening": _OPENING_JA[facts.platform.key].format(
            id=o.id, date=o.date.isoformat(), total=money_ja(case.refund.order_total, cur)
        ),
        "problem_sentence": _problem_sentence_ja(facts),
        "agreement": agreement_ja(facts.agreement, cur, you=False) if facts.agreement is not None else None,
        "seller_now": now,
        "ask_staff": f"{who} に {money_ja(case.refund.amount, cur)}の返金を認めるよう求めます（{computation_ja(case)}）。",
        "amount_plain": format_plain(case.refund.amount, cur),
    }

"""What the readings say beside case.toml, for `check` and `read`: the seller's words, amount and date to
copy when case.toml has none; an agreed amount that differs from the claim; a tracking number that is
not the order's, or whose check digit is wrong. Each finding names both values."""

from __future__ import annotations

from evidence_pack.case import Case
from evidence_pack.money import format_money, format_plain
from evidence_pack.read import ocr
from evidence_pack.read.amounts import same_money
from evidence_pack.read.facts import found_agreement
from evidence_pack.read.readings import Readings
from evidence_pack.read.tracking import TrackingNumber, classify, same_number
from evidence_pack.review.finding import Finding


def reading_findings(case: Case, readings: Readings, text_possible: bool) -> list[Finding]:
    """Findings from what was read; text_possible says whether the case has pictures whose text matters."""
    out: list[Finding] = []
    if text_possible and not readings.text_read and not readings.notes and not ocr.available():
        out.append(
            Finding(
                "advice",
                "reading_extra",
                "the chat and listing screenshots were not read: install the reading extra "
                f"({ocr.INSTALL_HINT}) to quote the seller's words, check the amounts and make the PDF searchable",
            )
        )
    out += [Finding("warning", "reading_failed", n) for n in readings.notes]
    out += _agreement(case, readings)
    out += _tracking(case, readings)
    out += _order(case, readings)
    return out


def _agreement(case: Case, readings: Readings) -> list[Finding]:
    found = found_agreement(case, readings)
    if found is None:
        return []
    s, cur = case.seller, case.order.currency
    out: list[Finding] = []
    copy = []
    if not s.agreement_quote:
        copy.append(f"agreement_quote = {_toml(found.quote)}")
    if s.agreed == "none":
        copy.append('agreed = "partial_refund" (or "full_refund")')
    if found.amount is not None and s.agreed_amount is None:
        copy.append(f'agreed_amount = "{format_plain(found.amount.value, cur)}"')
    if found.date is not None and s.agreed_on is None:
        copy.append(f"agreed_on = {found.date.isoformat()}")
    if not s.agreement_evidence:
        copy.append(f'agreement_evidence = "{found.rel}"')
    said = f'{found.rel}: the seller wrote "{found.quote}"'
    if copy:
        out.append(
            Finding("advice", "agreement_read", f"{said}; to use it, add under [seller]: {'; '.join(copy)}", found.rel)
        )
    amount = found.amount
    if amount is not None and not same_money(amount, case.refund.amount, cur):
        out.append(
            Finding(
                "warning",
                "agreement_amount_differs",
                f"{found.rel}: the seller's message names {amount.text}, but the claim is {case.refund.text}; "
                "claim the amount the seller agreed to, or be ready to say why it differs",
                found.rel,
                f"{found.rel}: 販売者のメッセージの金額は {amount.text} ですが、請求額は {case.refund.text} です。"
                "販売者が同意した金額を請求するか、違う理由を説明できるようにしてください",
            )
        )
    if amount is not None and s.agreed_amount is not None and not same_money(amount, s.agreed_amount, cur):
        out.append(
            Finding(
                "warning",
                "agreed_amount_differs",
                f"seller.agreed_amount is {format_money(s.agreed_amount, cur)}, but {found.rel} reads "
                f"{amount.text}; check which is right",
                found.rel,
                f"seller.agreed_amount は {format_money(s.agreed_amount, cur)} ですが、{found.rel} には {amount.text} と"
                "あります。どちらが正しいか確認してください",
            )
        )
    return out


def _toml(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _bad_digit(n: TrackingNumber) -> str:
    return f"its check digit should be {n.expected_check} ({n.text[:10]}{n.expected_check}{n.text[11:]})"


def _tracking(case: Case, readings: Readings) -> list[Finding]:
    out: list[Finding] = []
    mine = classify(case.order.tracking) if case.order.tracking else None
    if mine is not None and mine.valid is False:
        out.append(
            Finding(
                "warning",
                "tracking_check_digit",
                f"order.tracking {mine.text} is not a valid UPU S10 number: {_bad_digit(mine)}; check it on the order page",
                message_ja=f"order.tracking {mine.text} は正しい UPU S10 番号ではありません（{_bad_digit(mine)}）。"
                "注文ページで確認してください",
            )
        )
    seen = readings.tracking()
    for t in seen:
        if t.number.valid is False and not (mine and same_number(mine.text, t.number.text)):
            out.append(
                Finding(
                    "warning",
                    "tracking_check_digit",
                    f"{t.rel} shows tracking {t.number.text}, not a valid UPU S10 number ({_bad_digit(t.number)}); "
                    "it may be misread: check the label",
                    t.rel,
                    f"{t.rel} の追跡番号 {t.number.text} は正しい UPU S10 番号ではありません（{_bad_digit(t.number)}）。"
                    "読み違いかもしれません。伝票を確認してください",
                )
            )
    if mine is None:
        for t in seen[:1]:
            out.append(
                Finding(
                    "advice",
                    "tracking_read",
                    f'{t.rel} shows tracking {t.number.text}; add it to case.toml: order.tracking = "{t.number.text}"',
                    t.rel,
                )
            )
        return out
    if not seen:
        return out
    match = [t for t in seen if same_number(t.number.text, mine.text)]
    if match:
        out.append(
            Finding(
                "advice",
                "tracking_match",
                f"{match[0].rel} shows tracking {mine.text}, the number in order.tracking",
                match[0].rel,
            )
        )
        return out
    for t in seen:
        if t.number.format != mine.format:
            # AliExpress swaps its LP number for a postal one at the hub, and carriers add their own:
            # numbers of two forms may belong to one parcel
            out.append(
                Finding(
                    "advice",
                    "tracking_other_number",
                    f"{t.rel} shows tracking {t.number.text} ({t.number.format}), order.tracking is "
                    f"{mine.text} ({mine.format}); check that the order's tracking page lists both",
                    t.rel,
                )
            )
        else:
            out.append(
                Finding(
                    "warning",
                    "tracking_mismatch",
                    f"{t.rel} shows tracking {t.number.text}, but order.tracking is {mine.text}; "
                    "is it the label of this order's parcel?",
                    t.rel,
                    f"{t.rel} の追跡番号は {t.number.text} ですが、order.tracking は {mine.text} です。"
                    "この注文の小包の伝票ですか",
                )
            )
    return out


def _order(case: Case, readings: Readings) -> list[Finding]:
    found = readings.order()
    if found is None:
        return []
    rel, details = found
    out: list[Finding] = []
    if details.order_id and details.order_id != case.order.id:
        out.append(
            Finding(
                "warning",
                "order_id_differs",
                f"{rel} shows order {details.order_id}, but order.id is {case.order.id}; check which is right",
                rel,
                f"{rel} の注文番号は {details.order_id} ですが、order.id は {case.order.id} です。どちらが正しいか確認してください",
            )
        )
    if details.order_date and details.order_date != case.order.date.isoformat():
        out.append(
            Finding(
                "warning",
                "order_date_differs",
                f"{rel} shows the order date {details.order_date}, but order.date is {case.order.date.isoformat()}",
                rel,
                f"{rel} の注文日は {details.order_date} ですが、order.date は {case.order.date.isoformat()} です",
            )
        )
    return out

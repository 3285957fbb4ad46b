"""The pre-flight review: what a dispute reviewer will miss in this case, and the dates that matter.

Works on facts already read (the case, the kinds and capture times of its files); reads nothing itself.
"""

from __future__ import annotations

import datetime as dt

from evidence_pack.case import Case
from evidence_pack.money import compute_refund, format_money
from evidence_pack.platforms import Platform
from evidence_pack.review.dates import implausible_date_messages, photo_findings, video_findings
from evidence_pack.review.deadlines import deadlines
from evidence_pack.review.finding import FileFacts, Finding

SOON_DAYS = 14


def review(case: Case, files: list[FileFacts], platform: Platform, today: dt.date) -> list[Finding]:
    """Every finding for this case, most important first."""
    out: list[Finding] = []
    usable = [f for f in files if f.ok]
    kinds = {k: [f for f in usable if f.kind == k] for k in ("photo", "video", "chat", "listing", "document")}
    out += [
        Finding("warning", "implausible_date", m.en, message_ja=m.ja) for m in implausible_date_messages(case, today)
    ]
    out += _language_findings(case)
    out += _winning_evidence(case, kinds)
    out += photo_findings(case, usable, today)
    out += video_findings(case, kinds["video"])
    out += _amount_findings(case)
    out += _seller_findings(case, kinds, platform)
    out += _deadlines(case, platform, today)
    order = {"error": 0, "warning": 1, "advice": 2}
    return sorted(out, key=lambda f: order[f.level])


def _language_findings(case: Case) -> list[Finding]:
    """The English texts take English words only: a statement or caption in another language is left out of
    them, and the buyer is told so, naming the field."""
    from evidence_pack.texts.facts import is_english, pack_count

    out: list[Finding] = []
    fields = [("claim.statement", case.claim.statement)] + [
        (f"caption of {e.file}", e.caption) for e in case.evidence if e.caption
    ]
    for name, text in fields:
        if text and not is_english(text):
            out.append(
                Finding(
                    "warning",
                    "not_english",
                    f"{name} is not in English: the English texts leave it out; write it in English "
                    "(your own words can go in the *_ja field)",
                    message_ja=f"{name} が英語ではないため、英語の申し立て文には入りません。英語で書いてください"
                    "（日本語のメモは *_ja の欄に書けます）",
                )
            )
    count = pack_count(case.order.item)
    if count and case.order.quantity > 1:
        out.append(
            Finding(
                "advice",
                "pack_in_item_name",
                f'order.item says "{count}" and order.quantity is {case.order.quantity}: the texts say '
                f"{case.order.quantity} units of the item as listed; check that quantity counts listings bought, "
                "not pieces",
                message_ja=f"order.item に「{count}」とあり、order.quantity は {case.order.quantity} です。"
                "quantity は購入した商品（出品単位）の数です。個数（ピース数）ではないか確認してください",
            )
        )
    return out


def _winning_evidence(case: Case, kinds: dict[str, list[FileFacts]]) -> list[Finding]:
    c = case.claim
    out: list[Finding] = []
    photos, videos, listing = kinds["photo"], kinds["video"], kinds["listing"]

    def missing(code: str, text: str, ja: str) -> None:
        out.append(Finding("warning", code, text, message_ja=ja))

    def advice(code: str, text: str, ja: str) -> None:
        out.append(Finding("advice", code, text, message_ja=ja))

    if c.reason == "defective":
        if not videos:
            missing(
                "no_video",
                "defective: there is no video. A video that shows the item connected and not "
                "working wins these disputes; record one and put it in videos/",
                "不良品: 動画がありません。接続して動かない様子を撮った動画が決め手になります。撮影して videos/ に入れてください",
            )
        if case.order.quantity > 1:
            advice(
                "show_every_unit",
                f"defective: show all {case.order.quantity} units, the working ones "
                "beside the faulty one, in the photos or the video",
                f"不良品: {case.order.quantity} 個すべてを、動く物と動かない物を並べて、写真か動画に写してください",
            )
    elif c.reason == "not_as_described":
        if not listing:
            missing(
                "no_listing",
                "not as described: there is no listing screenshot. Put a screenshot of what "
                "the listing promised in listing/, to show beside the item received",
                "説明と異なる: 商品ページのスクリーンショットがありません。届いた商品と比べるため listing/ に入れてください",
            )
        if "wrong_size" in c.problems:
            advice(
                "ruler",
                "wrong size: photograph the item flat with a ruler or tape measure in frame, and its size label",
                "サイズ違い: 商品を平らに置き、定規かメジャーを一緒に写し、サイズ表示のタグも撮影してください",
            )
        advice(
            "one_line_per_difference",
            "not as described: write one line per difference in "
            'claim.statement, such as "Listed: navy blue; received: red"',
            '説明と異なる: 違いを 1 行ずつ claim.statement に英語で書いてください（例 "Listed: navy blue; received: red"）',
        )
    elif c.reason == "damaged":
        if len(photos) < 3:
            missing(
                "few_photos",
                "damaged: show the outer packaging, the inner packaging, then the damage close "
                f"up (3 photos at least; this case has {len(photos)})",
                f"破損: 外箱、内側の梱包、破損部分のアップを撮影してください（最低 3 枚。今は {len(photos)} 枚）",
            )
    elif c.reason == "missing_items":
        if not photos:
            missing(
                "no_photo_of_contents",
                "missing items: there is no photo of everything that was received together; add one to photos/",
                "欠品: 届いた物をすべて並べた写真がありません。photos/ に入れてください",
            )
        advice(
            "label_weight",
            "missing items: a photo of the parcel label with its weight, and of the opened "
            "parcel, shows what was shipped",
            "欠品: 重さが書かれた伝票と、開けた小包の写真が、発送された内容を示します",
        )
    elif c.reason == "counterfeit":
        if not listing:
            missing(
                "no_listing",
                "counterfeit: there is no listing screenshot showing the brand that was sold",
                "偽物: 販売されたブランドがわかる商品ページのスクリーンショットがありません",
            )
        advice(
            "logo_serial",
            "counterfeit: photograph the logo and the serial number close up, and compare "
            "them with the brand's official product page",
            "偽物: ロゴとシリアル番号をアップで撮影し、ブランドの公式ページと比べてください",
        )
    elif c.reason == "not_received":
        if not case.order.tracking:
            missing(
                "no_tracking",
                "not received: order.tracking is empty; add the tracking number",
                "未着: order.tracking が空です。追跡番号を書いてください",
            )
        if not kinds["document"] and not kinds["chat"]:
            missing(
                "no_tracking_history",
                "not received: add screenshots of the tracking history (documents/ or chat/), with the delivery window",
                "未着: 配送状況のスクリーンショット（お届け予定日を含む）を documents/ か chat/ に入れてください",
            )
    if c.reason not in ("not_received", "defective") and not videos:
        advice(
            "unboxing_video",
            "a continuous unboxing video that starts on the sealed parcel and its label "
            "is the strongest evidence; keep it for the next dispute if it is too late now",
            "未開封の小包と伝票から始まる、途切れない開封動画が最も強い証拠です。今回間に合わなければ次の機会に撮影してください",
        )
    return out


def _amount_findings(case: Case) -> list[Finding]:
    o, c = case.order, case.claim
    out: list[Finding] = []
    if (
        c.affected_quantity < o.quantity
        and case.refund.amount > case.refund.order_total * c.affected_quantity / o.quantity
    ):
        fair = compute_refund(
            "proportional",
            unit_price=o.unit_price,
            quantity=o.quantity,
            shipping=o.shipping,
            affected_quantity=c.affected_quantity,
            currency=o.currency,
        )
        out.append(
            Finding(
                "warning",
                "claim_above_share",
                f"the claim {case.refund.text} is more than the share of the {c.affected_quantity} "
                f"affected unit(s) ({fair.text}); sellers and reviewers refuse such claims more often",
                message_ja=f"請求額 {case.refund.text} は問題のある {c.affected_quantity} 個分（{fair.text}）より多く、"
                "販売者にも審査でも断られやすくなります",
            )
        )
    s = case.seller
    if s.agreed_amount is not None and s.agreed_amount < case.refund.amount:
        agreed = format_money(s.agreed_amount, o.currency)
        out.append(
            Finding(
                "advice",
                "claim_above_agreement",
                f"the seller agreed to {agreed}, less than the claim {case.refund.text}; claiming what was agreed "
                "is usually decided fastest",
                message_ja=f"販売者が同意したのは {agreed} で、請求額 {case.refund.text} より少ない金額です。"
                "同意された金額を請求すると、たいてい最も早く決着します",
            )
        )
    return out


def _seller_findings(case: Case, kinds: dict[str, list[FileFacts]], platform: Platform) -> list[Finding]:
    s = case.seller
    out: list[Finding] = []
    if s.agreed != "none" and not s.agreement_evidence:
        out.append(
            Finding(
                "warning",
                "agreement_without_evidence",
                "the seller agreed, but seller.agreement_evidence names no chat screenshot; "
                "the screenshot of that message is your strongest evidence"
                + ("" if kinds["chat"] else ": add it to chat/"),
                message_ja="販売者は同意しましたが、seller.agreement_evidence にチャットのスクリーンショットが指定されていません。"
                "そのメッセージのスクリーンショットが最も強い証拠です"
                + ("" if kinds["chat"] else "。chat/ に入れてください"),
            )
        )
    if s.agreed != "none" and s.agreement_evidence and not s.agreement_quote:
        out.append(
            Finding(
                "advice",
                "no_agreement_quote",
                "seller.agreement_quote is empty: copy the seller's message word for word from the screenshot, "
                "so the texts quote their own words",
                message_ja="seller.agreement_quote が空です。販売者のメッセージをスクリーンショットからそのまま書き写すと、"
                "申し立て文で販売者自身の言葉を引用できます",
            )
        )
    if s.proposal is not None and s.proposal < case.refund.amount:
        proposal = format_money(s.proposal, case.order.currency)
        if platform.key == "aliexpress":
            en = (
                f"the seller proposes {proposal}: do not press Accept, it closes the dispute for good; reject it and "
                "send response.txt with the evidence"
            )
            ja = f"販売者が {proposal} を提案しています。「承諾」を押すと紛争が終了し再開できません。拒否して response.txt と証拠を送ってください"
        else:
            en = (
                f"the seller proposes {proposal}, less than your claim: answer it on the dispute page with response.txt"
            )
            ja = f"販売者が請求額より少ない {proposal} を提案しています。紛争ページで response.txt を使って返答してください"
        out.append(Finding("warning", "do_not_accept", en, message_ja=ja))
    return out


def _deadlines(case: Case, platform: Platform, today: dt.date) -> list[Finding]:
    out: list[Finding] = []
    for d in deadlines(case, platform, today):
        left = d.days_left
        if d.kind == "from":
            if left > 0:
                out.append(
                    Finding(
                        "advice",
                        d.code,
                        f"{platform.name}: {d.what_en}: {d.end} ({left} days from now)",
                        message_ja=f"{platform.name}: {d.what_ja}: {d.end}（あと {left} 日）",
                    )
                )
            continue
        if left < 0:
            out.append(
                Finding(
                    "warning",
                    d.code,
                    f"{platform.name}: {d.what_en} was {d.end} ({-left} days ago); contact support anyway and say why",
                    message_ja=f"{platform.name}: {d.what_ja}は {d.end} でした（{-left} 日前）。それでもサポートに連絡し、事情を説明してください",
                )
            )
        elif left <= SOON_DAYS:
            out.append(
                Finding(
                    "warning",
                    d.code,
                    f"{platform.name}: {d.what_en} is {d.end}: {left} days left",
                    message_ja=f"{platform.name}: {d.what_ja}は {d.end} です（あと {left} 日）",
                )
            )
        else:
            out.append(
                Finding(
                    "advice",
                    d.code,
                    f"{platform.name}: {d.what_en} is {d.end} ({left} days left)",
                    message_ja=f"{platform.name}: {d.what_ja}は {d.end} です（あと {left} 日）",
                )
            )
    if platform.key == "amazon":
        out.append(
            Finding(
                "advice",
                "contact_seller_first",
                "Amazon: contact the seller first and wait 48 hours before filing the claim",
                message_ja="Amazon: まず販売者に連絡し、48 時間待ってから申請してください",
            )
        )
    if platform.escalate_within_days:
        out.append(
            Finding(
                "advice",
                "escalate_deadline",
                f"{platform.name}: escalate to a claim within {platform.escalate_within_days} days of "
                "opening the dispute, or it closes",
                message_ja=f"{platform.name}: 申し立てを開いてから {platform.escalate_within_days} 日以内にクレームへ"
                "エスカレートしてください。しないと終了します",
            )
        )
    if platform.seller_reply_days:
        out.append(
            Finding(
                "advice",
                "seller_reply",
                f"{platform.name}: the seller has about {platform.seller_reply_days} days to answer your "
                "proposal; if they stay silent, your amount is refunded. Answer their proposals in time",
                message_ja=f"{platform.name}: 販売者には提案に返答する期限（約 {platform.seller_reply_days} 日）があり、"
                "返答がなければ申請額が返金されます。販売者の提案には期限内に返答してください",
            )
        )
    return out

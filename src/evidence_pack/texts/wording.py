"""The words for every code of a case, per language, in one place: reasons, problems, resolutions,
agreements, objections, kinds of evidence and platforms. The texts, the PDF, next steps and init's
questions all take them from here; a test checks that every code has its English and Japanese words.
"""

from __future__ import annotations

from typing import NamedTuple


class Phrase(NamedTuple):
    en: str
    ja: str

    def __call__(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


# What the problem is, as the predicate of a sentence whose subject is the item or units ("does not
# power on"; Japanese polite form, after the topic marker: 「1 個は電源が入りません」).
PROBLEM: dict[str, Phrase] = {
    "does_not_power_on": Phrase("does not power on", "電源が入りません"),
    "does_not_work": Phrase("does not work", "動作しません"),
    "wrong_color": Phrase("is the wrong colour", "色が注文と違います"),
    "wrong_size": Phrase("is the wrong size", "サイズが注文と違います"),
    "wrong_model": Phrase("is the wrong model", "型番（モデル）が注文と違います"),
    "wrong_item": Phrase("is not the item I ordered", "注文した商品ではありません"),
    "different_material": Phrase("is made of a different material than listed", "素材が商品ページの説明と違います"),
    "poor_quality": Phrase("is of much lower quality than listed", "品質が商品ページの説明よりかなり劣ります"),
    "missing_parts": Phrase("is missing parts", "部品が足りません"),
    "quantity_short": Phrase("arrived in a smaller quantity than ordered", "注文より少ない数量で届きました"),
    "broken": Phrase("arrived broken", "壊れて届きました"),
    "torn": Phrase("arrived torn", "破れて届きました"),
    "scratched": Phrase("arrived scratched", "傷がついて届きました"),
    "leaking": Phrase("arrived leaking", "液漏れして届きました"),
    "counterfeit": Phrase("is counterfeit", "偽物です"),
    "empty_parcel": Phrase(
        "was not in the parcel (the parcel was empty)", "小包に入っていませんでした（小包は空でした）"
    ),
}

# The same problems as short labels (init's menu, the PDF cover).
PROBLEM_LABEL: dict[str, Phrase] = {
    "does_not_power_on": Phrase("Does not power on", "電源が入らない"),
    "does_not_work": Phrase("Does not work", "動作しない"),
    "wrong_color": Phrase("Wrong colour", "色が違う"),
    "wrong_size": Phrase("Wrong size", "サイズが違う"),
    "wrong_model": Phrase("Wrong model", "型番が違う"),
    "wrong_item": Phrase("Wrong item", "別の商品"),
    "different_material": Phrase("Different material", "素材が違う"),
    "poor_quality": Phrase("Poor quality", "品質が悪い"),
    "missing_parts": Phrase("Missing parts", "部品が足りない"),
    "quantity_short": Phrase("Quantity short", "数量が足りない"),
    "broken": Phrase("Broken", "壊れている"),
    "torn": Phrase("Torn", "破れている"),
    "scratched": Phrase("Scratched", "傷がある"),
    "leaking": Phrase("Leaking", "液漏れ"),
    "counterfeit": Phrase("Counterfeit", "偽物"),
    "empty_parcel": Phrase("Empty parcel", "小包が空"),
}

REASON_TITLE: dict[str, Phrase] = {
    "not_received": Phrase("Item not received", "商品が届いていない"),
    "not_as_described": Phrase("Item not as described", "説明と異なる（色・サイズ・型番・素材など）"),
    "defective": Phrase("Item defective / does not work", "不良品・動作しない"),
    "damaged": Phrase("Item arrived damaged", "破損して届いた"),
    "missing_items": Phrase("Items missing from the parcel", "数量不足・欠品"),
    "counterfeit": Phrase("Counterfeit item", "偽物"),
}

# What is wrong when no problem code says more.
REASON_PROBLEM: dict[str, Phrase] = {
    "not_received": Phrase("has not been delivered", "まだ届いていません"),
    "not_as_described": Phrase("differs from the listing", "商品ページの説明と異なります"),
    "defective": Phrase("does not work", "動作しません"),
    "damaged": Phrase("arrived damaged", "破損して届きました"),
    "missing_items": Phrase("was missing from the parcel", "小包に入っていませんでした"),
    "counterfeit": Phrase("is counterfeit", "偽物です"),
}

# The reason to give a card issuer, in the issuers' own words (a marketplace's form words mean nothing there).
_NOT_AS_DESCRIBED_CARD = Phrase("Defective or not as described merchandise", "商品の欠陥・説明と異なる商品")
CARD_REASON: dict[str, Phrase] = {
    "not_received": Phrase("Merchandise not received", "商品が届かない"),
    "not_as_described": _NOT_AS_DESCRIBED_CARD,
    "defective": _NOT_AS_DESCRIBED_CARD,
    "damaged": _NOT_AS_DESCRIBED_CARD,
    "missing_items": _NOT_AS_DESCRIBED_CARD,
    "counterfeit": _NOT_AS_DESCRIBED_CARD,
}

# The option to choose in AliExpress's dispute form (problem codes of not_as_described refine it).
FORM_REASON: dict[str, Phrase] = {
    "defective": Phrase("Item does not work / function", "商品が動作しない（機能の問題）"),
    "damaged": Phrase("Item damaged", "商品の破損"),
    "missing_items": Phrase("Quantity not enough / missing items", "数量不足・欠品"),
    "counterfeit": Phrase("Counterfeit item", "偽物"),
    "not_received": Phrase("Package not received", "荷物が届かない"),
    "not_as_described": Phrase("Item not as described", "説明と異なる商品"),
    "wrong_color": Phrase("Color not as described", "色が説明と異なる"),
    "wrong_size": Phrase("Size not as described", "サイズが説明と異なる"),
    "wrong_model": Phrase("Model not as described", "モデルが説明と異なる"),
    "different_material": Phrase("Material not as described", "素材が説明と異なる"),
}

RESOLUTION: dict[str, Phrase] = {
    "refund_only": Phrase("Refund only (no return)", "返金のみ（返品なし）"),
    "return_and_refund": Phrase("Return and refund", "返品と返金"),
}

# What the seller agreed to: "agreed in chat to <a partial refund>".
AGREED: dict[str, Phrase] = {
    "none": Phrase("nothing", "何も同意していない"),
    "partial_refund": Phrase("a partial refund", "一部返金"),
    "full_refund": Phrase("a full refund", "全額返金"),
    "return": Phrase("a return for a refund", "返品による返金"),
    "replacement": Phrase("send a replacement", "代替品の送付"),
}

AGREED_LABEL: dict[str, Phrase] = {
    "none": Phrase("nothing", "同意していない"),
    "partial_refund": Phrase("a partial refund", "一部返金に同意"),
    "full_refund": Phrase("a full refund", "全額返金に同意"),
    "return": Phrase("a return and refund", "返品・返金に同意"),
    "replacement": Phrase("a replacement", "代替品の送付に同意"),
}

# What the seller objects, as the buyer's notes name it.
OBJECTION: dict[str, Phrase] = {
    "clearer_pictures": Phrase("asked for clearer pictures", "より鮮明な写真を求めています"),
    "damaged_by_buyer": Phrase("says the buyer caused the damage", "購入者が壊したと言っています"),
    "return_first": Phrase("asks for the item to be returned first", "先に返品するよう求めています"),
    "acceptable_difference": Phrase("says the difference is acceptable", "違いは許容範囲だと言っています"),
    "resend_offered": Phrase("offers to send the item again", "再送を提案しています"),
    "partial_offer": Phrase("offers less than the claim", "請求額より少ない金額を提案しています"),
    "no_reply": Phrase("does not reply", "返答しません"),
}

KIND: dict[str, Phrase] = {
    "listing": Phrase("Listing", "商品ページ"),
    "photo": Phrase("Photo", "写真"),
    "video": Phrase("Video", "動画"),
    "chat": Phrase("Chat", "チャット"),
    "document": Phrase("Document", "書類"),
}

# The uncaptioned exhibits of a kind, named together: one, several.
GROUP_ONE: dict[str, Phrase] = {
    "listing": Phrase("The product listing", "商品ページ（出品内容）"),
    "photo": Phrase("Photo of what was received", "届いた商品の写真"),
    "video": Phrase("Video", "動画"),
    "chat": Phrase("Conversation with the seller", "販売者とのチャット"),
    "document": Phrase("A document", "書類"),
}
GROUP_MANY: dict[str, Phrase] = {
    "listing": Phrase("The product listing", "商品ページ（出品内容）"),
    "photo": Phrase("Photos of what was received", "届いた商品の写真"),
    "video": Phrase("Videos", "動画"),
    "chat": Phrase("Conversation with the seller", "販売者とのチャット"),
    "document": Phrase("Documents", "書類"),
}

PLATFORM: dict[str, Phrase] = {
    "aliexpress": Phrase("AliExpress", "AliExpress"),
    "paypal": Phrase("PayPal", "PayPal"),
    "ebay": Phrase("eBay", "eBay"),
    "amazon": Phrase("Amazon", "Amazon"),
    "card": Phrase("your card issuer", "カード会社"),
    "generic": Phrase("the platform", "プラットフォーム"),
}

# Kept under their first names for the PDF cover and init.
PROBLEM_PHRASES = {code: p.en for code, p in PROBLEM.items()}
REASON_JA = {code: p.ja for code, p in REASON_TITLE.items()}
PROBLEM_LABEL_JA = {code: p.ja for code, p in PROBLEM_LABEL.items()}
AGREED_JA = {code: p.ja for code, p in AGREED_LABEL.items()}
RESOLUTION_JA = {code: p.ja for code, p in RESOLUTION.items()}

# Every table above, by the codes of case.py it must cover (the completeness test reads this).
TABLES: dict[str, tuple[dict[str, Phrase], ...]] = {
    "PROBLEMS": (PROBLEM, PROBLEM_LABEL),
    "REASONS": (REASON_TITLE, REASON_PROBLEM, FORM_REASON, CARD_REASON),
    "RESOLUTIONS": (RESOLUTION,),
    "AGREED": (AGREED, AGREED_LABEL),
    "OBJECTIONS": (OBJECTION,),
    "KINDS": (KIND, GROUP_ONE, GROUP_MANY),
    "PLATFORMS": (PLATFORM,),
}

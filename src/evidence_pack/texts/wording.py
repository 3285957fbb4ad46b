"""The words for every code of a case (reason, problem, agreement, resolution, kind of evidence), per
language, in one place: the texts, the PDF, next steps and init's questions all take them from here."""

from __future__ import annotations

PROBLEM_PHRASES: dict[str, str] = {
    "does_not_power_on": "does not power on",
    "does_not_work": "does not work",
    "wrong_color": "is the wrong colour",
    "wrong_size": "is the wrong size",
    "wrong_model": "is the wrong model",
    "wrong_item": "is not the item I ordered",
    "different_material": "is made of a different material than listed",
    "poor_quality": "is of much lower quality than listed",
    "missing_parts": "is missing parts",
    "quantity_short": "arrived in a smaller quantity than ordered",
    "broken": "arrived broken",
    "torn": "arrived torn",
    "scratched": "arrived scratched",
    "leaking": "arrived leaking",
    "counterfeit": "is counterfeit",
    "empty_parcel": "was not in the parcel (the parcel was empty)",
}

PROBLEM_JA = {
    "does_not_power_on": "電源が入りません",
    "does_not_work": "動作しません",
    "wrong_color": "色が違います",
    "wrong_size": "サイズが違います",
    "wrong_model": "型番（モデル）が違います",
    "wrong_item": "注文した商品と違います",
    "different_material": "素材が説明と違います",
    "poor_quality": "品質が説明よりかなり劣ります",
    "missing_parts": "部品が足りません",
    "quantity_short": "数量が足りません",
    "broken": "壊れていました",
    "torn": "破れていました",
    "scratched": "傷がありました",
    "leaking": "液漏れしていました",
    "counterfeit": "偽物です",
    "empty_parcel": "小包が空でした",
}
REASON_DEFAULT_JA = {
    "defective": "動作しません",
    "damaged": "破損して届きました",
    "not_as_described": "説明と異なります",
    "counterfeit": "偽物です",
}
GROUP_JA = {
    "listing": "商品ページ（出品内容）",
    "photo": "届いた商品の写真",
    "video": "動画",
    "chat": "販売者とのチャット",
    "document": "書類",
}
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
REASON_JA = {
    "not_received": "商品が届いていない",
    "not_as_described": "説明と異なる（色・サイズ・型番・素材など）",
    "defective": "不良品・動作しない",
    "damaged": "破損して届いた",
    "missing_items": "数量不足・欠品",
    "counterfeit": "偽物",
}
PROBLEM_LABEL_JA = {
    "does_not_power_on": "電源が入らない",
    "does_not_work": "動作しない",
    "wrong_color": "色が違う",
    "wrong_size": "サイズが違う",
    "wrong_model": "型番が違う",
    "wrong_item": "別の商品",
    "different_material": "素材が違う",
    "poor_quality": "品質が悪い",
    "missing_parts": "部品が足りない",
    "quantity_short": "数量が足りない",
    "broken": "壊れている",
    "torn": "破れている",
    "scratched": "傷がある",
    "leaking": "液漏れ",
    "counterfeit": "偽物",
    "empty_parcel": "小包が空",
}
AGREED_JA = {
    "none": "同意していない",
    "partial_refund": "一部返金に同意",
    "full_refund": "全額返金に同意",
    "return": "返品・返金に同意",
    "replacement": "代替品の送付に同意",
}
RESOLUTION_JA = {"refund_only": "返金のみ", "return_and_refund": "返品と返金"}

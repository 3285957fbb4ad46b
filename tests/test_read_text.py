"""Understanding what was read: amounts, the seller's agreement, chat transcripts, order pages, and the
comparison with case.toml. Lines are given as OCR gives them (text and box), so these run without the
reading extra; tests/test_read_ocr.py reads real pictures."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from evidence_pack.case import load_case
from evidence_pack.read import cache
from evidence_pack.read.agreement import agrees_to_refund, best_agreement, find_agreements
from evidence_pack.read.amounts import find_amounts, same_money
from evidence_pack.read.barcodes import Barcode
from evidence_pack.read.chat import parse_date, transcript
from evidence_pack.read.compare import reading_findings
from evidence_pack.read.ocr import TextLine
from evidence_pack.read.order import order_details
from evidence_pack.read.readings import FileReading, Readings


def line(text: str, x: float, y: float, w: float, h: float = 0.02) -> TextLine:
    return TextLine(text, (x, y, w, h), 0.99)


@pytest.mark.parametrize(
    "text, value, currency",
    [
        ("we agree to refund US $13.50 for the broken one", "13.50", "USD"),
        ("refund USD 13.50", "13.50", "USD"),
        ("13.50 USD", "13.50", "USD"),
        ("返金 1,500円", "1500", "JPY"),
        ("¥1,500", "1500", "JPY"),
        ("我们同意退款 13.50 美元", "13.50", "USD"),
        ("13,50 €", "13.50", "EUR"),
        ("only $6.75", "6.75", None),
        ("退款 20 元", "20", "CNY"),
    ],
)
def test_amounts(text, value, currency):
    found = find_amounts(text)
    assert [(a.value, a.currency) for a in found] == [(Decimal(value), currency)]


def test_amount_comparison():
    [dollar] = find_amounts("$13.50")
    assert same_money(dollar, Decimal("13.50"), "USD") and not same_money(dollar, Decimal("13.50"), "JPY")
    assert find_amounts("order 8181234567890123, 2 units") == []


@pytest.mark.parametrize(
    "text, agrees",
    [
        ("Please open a dispute for half of the order, we agree to refund US $13.50 for the broken one.", True),
        ("OK, we will refund you 13.50 USD.", True),
        ("No problem, we will refund you.", True),
        ("返金します。ご迷惑をおかけしました。", True),
        ("全額返金いたします", True),
        ("我们同意退款 13.50 美元", True),
        ("Sorry, we cannot refund, please send it back first.", False),
        ("We won't refund without pictures.", False),
        ("返金はできません", False),
        ("我们不同意退款", False),
        ("Please send a photo of the LED.", False),
        ("We can send a new one. Sorry we cannot refund.", False),
    ],
)
def test_agreement_wording(text, agrees):
    assert agrees_to_refund(text) is agrees


def chat_lines() -> list[TextLine]:
    return [
        line("9:41", 0.03, 0.01, 0.09),
        line("Example Official Store", 0.26, 0.065, 0.47),
        line("2026-10-21 14:02", 0.37, 0.12, 0.26),
        line("Hello, one of the two hubs I", 0.37, 0.17, 0.52),
        line("received does not power on at", 0.365, 0.193, 0.58),
        line("all.", 0.366, 0.216, 0.07),
        line("Sorry for the trouble. Can you", 0.056, 0.277, 0.56),
        line("send a photo of the LED?", 0.055, 0.3, 0.47),
        line("2026-10-22 09:15", 0.37, 0.41, 0.26),
        line("Please open a dispute for half of", 0.057, 0.46, 0.61),
        line("the order, we agree to refund US", 0.056, 0.483, 0.62),
        line("$13.50 for the broken one.", 0.057, 0.506, 0.5),
        line("Thank you, I will do that.", 0.47, 0.566, 0.47),
        line("返金します。ご迷惑をおかけしまし", 0.057, 0.626, 0.6),
        line("た。", 0.054, 0.648, 0.07),
    ]


def test_transcript_sides_headers_and_bubbles():
    chat = transcript(chat_lines())
    got = [(m.side, m.text) for m in chat.messages]
    assert got == [
        ("header", "Example Official Store"),
        ("header", "2026-10-21 14:02"),
        ("buyer", "Hello, one of the two hubs I received does not power on at all."),
        ("seller", "Sorry for the trouble. Can you send a photo of the LED?"),
        ("header", "2026-10-22 09:15"),
        ("seller", "Please open a dispute for half of the order, we agree to refund US $13.50 for the broken one."),
        ("buyer", "Thank you, I will do that."),
        ("seller", "返金します。ご迷惑をおかけしました。"),
    ]
    # the buyer's bubble ends with a short line far from the right edge: still the buyer's
    assert chat.messages[2].date == dt.date(2026, 10, 21)
    assert chat.messages[5].date == dt.date(2026, 10, 22) and chat.messages[5].time == "09:15"


def test_a_title_taller_than_its_arrow_is_still_the_title_bar():
    """The wrong-colour sample as OCR reads it: the name's box starts a little above the arrow's."""
    lines = [
        line("V", 0.0521, 0.0624, 0.0316, 0.0269),
        line("Down Jacket Store", 0.1077, 0.0607, 0.3966, 0.0442),
        line("Oct 18, 19:30", 0.394, 0.2149, 0.1718, 0.0312),
    ]
    got = [(m.side, m.text) for m in transcript(lines).messages]
    assert got == [("header", "Down Jacket Store"), ("header", "Oct 18, 19:30")]


@pytest.mark.parametrize("arrow", ["<", "V", "く", "←"])
def test_title_bar_beside_the_back_arrow_is_a_header_not_the_sellers_message(arrow):
    """AliExpress draws the other side's name at the left beside a back arrow (which OCR reads as "V" or
    "<"): neither is a message of the seller's."""
    lines = [
        line(arrow, 0.0513, 0.0451, 0.0342, 0.0216),
        line("Example Official Store", 0.1077, 0.0451, 0.4786, 0.0311),
        line("Oct 21, 14:10", 0.3923, 0.1563, 0.1726, 0.0248),
        line("Sorry dear friend.", 0.056, 0.30, 0.40),
    ]
    got = [(m.side, m.text) for m in transcript(lines).messages]
    assert got == [("header", "Example Official Store"), ("header", "Oct 21, 14:10"), ("seller", "Sorry dear friend.")]


def test_a_short_seller_message_at_the_top_of_a_cropped_screenshot_stays_a_message():
    lines = [line("OK", 0.056, 0.02, 0.06), line("Thank you", 0.6, 0.08, 0.3)]
    got = [(m.side, m.text) for m in transcript(lines).messages]
    assert got == [("seller", "OK"), ("buyer", "Thank you")]


def test_agreement_found_with_amount_date_and_box():
    found = find_agreements("chat/a.png", transcript(chat_lines()))
    assert [a.quote[:20] for a in found] == ["Please open a disput", "返金します。ご迷惑をおかけしました。"]
    best = best_agreement(found)
    assert best is not None and best.amount is not None
    assert best.amount.value == Decimal("13.50") and best.amount.currency == "USD"
    assert best.date == dt.date(2026, 10, 22)
    x, y, _w, h = best.box
    assert x == pytest.approx(0.056) and y == pytest.approx(0.46) and y + h == pytest.approx(0.526)


def test_buyer_asking_for_a_refund_is_not_the_sellers_agreement():
    lines = [line("Can you agree to refund US $13.50?", 0.4, 0.3, 0.55)]
    assert find_agreements("chat/a.png", transcript(lines)) == []


@pytest.mark.parametrize(
    "text, date",
    [
        ("2026-10-22 09:15", dt.date(2026, 10, 22)),
        ("2026/10/22", dt.date(2026, 10, 22)),
        ("2026年10月22日 9:15", dt.date(2026, 10, 22)),
        ("Oct 22, 2026", dt.date(2026, 10, 22)),
        ("22 October 2026", dt.date(2026, 10, 22)),
        ("10/11/2026", None),
        ("Yesterday", None),
        ("2026-02-30", None),
    ],
)
def test_dates(text, date):
    assert parse_date(text) == date


def test_order_page_details():
    lines = [
        line("Order details", 0.05, 0.03, 0.3),
        line("USB-C hub 7-in-1 with HDMI and SD card reader", 0.05, 0.09, 0.85),
        line("Store", 0.05, 0.15, 0.1),
        line("Example Official Store", 0.55, 0.15, 0.4),
        line("Order ID: 8181 2345 6789 0123", 0.05, 0.21, 0.6),
        line("Order date", 0.05, 0.27, 0.2),
        line("Oct 1, 2026", 0.7, 0.27, 0.25),
        line("Price", 0.05, 0.33, 0.1),
        line("US $12.50", 0.75, 0.33, 0.2),
        line("Quantity", 0.05, 0.39, 0.15),
        line("x2", 0.9, 0.39, 0.05),
        line("Shipping", 0.05, 0.45, 0.15),
        line("Free shipping", 0.7, 0.45, 0.25),
        line("Tracking number", 0.05, 0.51, 0.3),
        line("RR 1234 5678 5CN", 0.6, 0.51, 0.35),
    ]
    d = order_details(lines)
    assert d.proposals() == {
        "order_id": "8181234567890123",
        "order_date": "2026-10-01",
        "store": "Example Official Store",
        "item": "USB-C hub 7-in-1 with HDMI and SD card reader",
        "quantity": "2",
        "unit_price": "12.50",
        "shipping": "0.00",
        "currency": "USD",
    }
    assert d.tracking == "RR123456785CN"


def test_japanese_order_page():
    lines = [
        line("注文番号", 0.05, 0.1, 0.2),
        line("3051234567890", 0.6, 0.1, 0.35),
        line("注文日", 0.05, 0.16, 0.15),
        line("2026年10月1日", 0.6, 0.16, 0.3),
        line("単価", 0.05, 0.22, 0.1),
        line("¥5,500", 0.75, 0.22, 0.2),
        line("送料", 0.05, 0.28, 0.1),
        line("無料", 0.85, 0.28, 0.1),
    ]
    d = order_details(lines)
    assert (d.order_id, d.order_date, d.unit_price, d.shipping, d.currency) == (
        "3051234567890",
        "2026-10-01",
        "5500",
        "0",
        "JPY",
    )


CASE = """
schema = 1
platform = "aliexpress"
[order]
id = "8181234567890123"
date = 2026-10-01
item = "USB-C hub"
quantity = 2
unit_price = "12.50"
shipping = "2.00"
currency = "USD"
{tracking}
[claim]
reason = "defective"
affected_quantity = 1
refund = "{refund}"
[seller]
agreed = "partial_refund"
{seller}
"""


def make(tmp_path: Path, tracking: str = "", refund: str = "proportional", seller: str = "") -> object:
    (tmp_path / "case.toml").write_text(
        CASE.format(tracking=f'tracking = "{tracking}"' if tracking else "", refund=refund, seller=seller)
    )
    return load_case(tmp_path)


def readings(*files: FileReading) -> Readings:
    return Readings(files, text_read=True)


def label(number: str) -> FileReading:
    return FileReading("photos/label.jpg", "photo", "0" * 64, 0.7, None, (Barcode(number, "Code128", (0, 0, 1, 1)),))


def codes(findings) -> dict[str, str]:
    return {f.code: f.message for f in findings}


def test_tracking_match_mismatch_and_check_digit(tmp_path):
    case = make(tmp_path, tracking="RR123456785CN")
    assert "tracking_match" in codes(reading_findings(case, readings(label("RR123456785CN")), True))
    other = codes(reading_findings(case, readings(label("RR473124829CN")), True))
    assert "RR473124829CN" in other["tracking_mismatch"] and "RR123456785CN" in other["tracking_mismatch"]
    bad = codes(reading_findings(case, readings(label("RR123456784CN")), True))
    assert "RR123456784CN" in bad["tracking_check_digit"] and "RR123456785CN" in bad["tracking_check_digit"]
    assert "RR123456784CN" in bad["tracking_mismatch"]


def test_order_tracking_with_a_wrong_check_digit(tmp_path):
    case = make(tmp_path, tracking="RR123456784CN")
    found = codes(reading_findings(case, readings(), False))
    assert "RR123456784CN" in found["tracking_check_digit"] and "RR123456785CN" in found["tracking_check_digit"]


def test_cainiao_number_and_postal_number_are_not_a_mismatch(tmp_path):
    case = make(tmp_path, tracking="LP00123456789012")
    found = codes(reading_findings(case, readings(label("RR123456785CN")), True))
    assert "tracking_mismatch" not in found and "tracking_other_number" in found


def chat_reading(lines: list[TextLine]) -> FileReading:
    return FileReading("chat/agreed.png", "chat", "1" * 64, 2.2, tuple(lines))


def test_agreement_to_copy_and_amount_that_differs(tmp_path):
    case = make(tmp_path, refund="full")
    found = codes(reading_findings(case, readings(chat_reading(chat_lines())), True))
    assert 'agreement_quote = "Please open a dispute' in found["agreement_read"]
    assert 'agreed_amount = "13.50"' in found["agreement_read"] and "agreed_on = 2026-10-22" in found["agreement_read"]
    assert "US $13.50" in found["agreement_amount_differs"] and "USD 27.00" in found["agreement_amount_differs"]
    same = codes(reading_findings(make(tmp_path), readings(chat_reading(chat_lines())), True))
    assert "agreement_amount_differs" not in same


def test_agreed_amount_that_differs_from_the_screenshot(tmp_path):
    case = make(tmp_path, seller='agreed_amount = "12.00"\nagreement_quote = "we agree"')
    found = codes(reading_findings(case, readings(chat_reading(chat_lines())), True))
    assert "USD 12.00" in found["agreed_amount_differs"] and "US $13.50" in found["agreed_amount_differs"]
    assert "agreement_quote" not in found.get("agreement_read", "")


def test_cache_round_trip_and_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_PACK_CACHE_DIR", str(tmp_path / "cache"))
    a = cache.key("text", "ab" * 32, "chat", [], "rapidocr 3.10.0")
    assert a != cache.key("text", "ab" * 32, "chat", [[0, 0, 0.5, 0.5]], "rapidocr 3.10.0")  # redacted differently
    assert a != cache.key("text", "ab" * 32, "chat", [], "rapidocr 3.11.0")
    assert cache.load(a) is None
    cache.store(a, {"lines": [["返金します", [0, 0, 1, 1], 0.9]]})
    assert cache.load(a) == {"lines": [["返金します", [0, 0, 1, 1], 0.9]]}
    monkeypatch.setenv("EVIDENCE_PACK_CACHE_DIR", "")
    assert cache.load(a) is None  # caching off


def test_a_wrapped_bubbles_last_glyph_is_not_a_back_arrow():
    """A cropped screenshot whose first bubble wraps onto a line of one kana: a message, with its agreement."""
    lines = [
        line("壊れた1個分として13.50ドルを返金しま", 0.056, 0.03, 0.62, 0.03),
        line("す", 0.056, 0.065, 0.03, 0.03),
    ]
    chat = transcript(lines)
    assert [(m.side, m.text) for m in chat.messages] == [("seller", "壊れた1個分として13.50ドルを返金します")]
    assert find_agreements("chat/a.png", chat)


@pytest.mark.parametrize("glyph", ["👍", "?"])
def test_a_one_glyph_reply_at_the_top_left_stays_a_message(glyph):
    lines = [line(glyph, 0.056, 0.03, 0.04, 0.03), line("Thanks", 0.6, 0.09, 0.2)]
    assert [(m.side, m.text) for m in transcript(lines).messages] == [("seller", glyph), ("buyer", "Thanks")]

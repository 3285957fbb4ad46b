from decimal import Decimal

import pytest

from evidence_pack.errors import MoneyError
from evidence_pack.money import (
    compute_refund,
    format_money,
    minor_digits,
    parse_amount,
    quantize,
)


def refund(mode, unit="12.50", qty=2, ship="2.00", affected=1, cur="USD"):
    return compute_refund(
        mode, unit_price=Decimal(unit), quantity=qty, shipping=Decimal(ship), affected_quantity=affected, currency=cur
    )


def test_proportional_half_including_shipping():
    r = refund("proportional")
    assert r.amount == Decimal("13.50")
    assert r.computation == "1 of 2 units: half of USD 27.00 including shipping = USD 13.50"


def test_full():
    r = refund("full")
    assert r.amount == Decimal("27.00") and r.is_full


def test_explicit_amount_jpy():
    r = refund("11000", unit="11500", qty=1, ship="500", cur="JPY")
    assert r.amount == Decimal("11000")
    assert r.text == "JPY 11,000"


def test_half_up_rounding_to_minor_unit():
    # (3 x 3.33 + 0) x 1 / 3 = 3.33; (1.00 + 0.01) / 2 = 0.505 -> 0.51 half-up
    r = refund("proportional", unit="0.50", qty=2, ship="0.01", affected=1)
    assert r.amount == Decimal("0.51")
    r = refund("proportional", unit="100", qty=3, ship="1", affected=1, cur="JPY")
    assert r.amount == Decimal("100")  # 301 / 3 = 100.33 -> 100
    r = refund("proportional", unit="1.000", qty=2, ship="0.001", affected=1, cur="KWD")
    assert r.amount == Decimal("1.001")  # 2.001 / 2 = 1.0005 -> 1.001


def test_claim_above_total_is_error():
    with pytest.raises(MoneyError, match="more than the order total"):
        refund("30.00")


def test_zero_claim_is_error():
    with pytest.raises(MoneyError):
        refund("0")


def test_too_many_decimals():
    with pytest.raises(MoneyError, match="more decimals than JPY"):
        refund("100.5", unit="11500", qty=1, ship="500", cur="JPY")


@pytest.mark.parametrize("text,hint", [("12,50", '"12.50"'), ("1,250.00", "thousands"), ("abc", "digits")])
def test_parse_amount_errors_say_how_to_fix(text, hint):
    with pytest.raises(MoneyError) as err:
        parse_amount(text, "order.unit_price")
    assert "order.unit_price" in str(err.value) and hint in str(err.value)


def test_parse_amount_number_and_negative():
    assert parse_amount(12.5, "x") == Decimal("12.5")
    assert parse_amount(3, "x") == Decimal(3)
    with pytest.raises(MoneyError, match="negative"):
        parse_amount("-1", "x")
    with pytest.raises(MoneyError):
        parse_amount(True, "x")


def test_format_and_precision():
    assert format_money(Decimal("13.5"), "USD") == "USD 13.50"
    assert format_money(Decimal("11000"), "JPY") == "JPY 11,000"
    assert minor_digits("KWD") == 3
    assert quantize(Decimal("2.345"), "USD") == Decimal("2.35")
    assert quantize(Decimal("-2.345"), "USD") == Decimal("-2.35")


def test_fraction_words():
    assert "one third of" in refund("proportional", qty=3, affected=1).computation
    assert "2/5 of" in refund("proportional", qty=5, affected=2).computation
    assert "both units" in refund("proportional", qty=2, affected=2).computation
    assert "all 3 units" in refund("proportional", qty=3, affected=3).computation
    assert refund("proportional", qty=1, affected=1, ship="0").computation.startswith("the item: the full order total")


def test_minor_units_follow_iso_4217():
    from evidence_pack.money import minor_digits

    assert minor_digits("IQD") == 3 and minor_digits("RSD") == 2 and minor_digits("IRR") == 2
    assert minor_digits("ALL") == 2 and minor_digits("JPY") == 0 and minor_digits("KWD") == 3


@pytest.mark.parametrize("code", ["DEM", "FRF", "XAU", "XTS", "XXX"])
def test_withdrawn_codes_and_metals_are_refused(make_case, code):
    from evidence_pack.case import load_case
    from evidence_pack.errors import CaseError

    text = (make_case(name="a") / "case.toml").read_text().replace('currency = "USD"', f'currency = "{code}"')
    with pytest.raises(CaseError, match="ISO 4217"):
        load_case(make_case(toml=text, name="b"))

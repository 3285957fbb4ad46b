"""Exact amounts: parsing, currency precision, the refund computation and its wording."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from evidence_pack.errors import MoneyError

_DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@cache
def _minor_units() -> dict[str, int]:
    """ISO 4217's current list (List One, from the iso4217 package's copy of it) with each currency's
    minor unit. Codes without a minor unit are not money a purchase is paid in (gold XAU, the test code
    XTS, SDR XDR, XXX) and withdrawn codes (DEM, FRF) are not on the list: both are refused."""
    from iso4217 import Currency

    return {c.code: int(c.exponent) for c in Currency if c.exponent is not None}


def known_currencies() -> frozenset[str]:
    """The ISO 4217 codes a price can be in."""
    return frozenset(_minor_units())


def minor_digits(currency: str) -> int:
    """Digits after the decimal point for a currency, as ISO 4217 gives them: JPY 0, USD 2, IQD 3."""
    return _minor_units()[currency]


def parse_amount(value: object, field: str) -> Decimal:
    """Read a decimal string or a TOML number as an exact Decimal.

    Floats from TOML are read through their shortest repr, so 12.5 stays 12.5.
    """
    if isinstance(value, bool):
        raise MoneyError(f'{field}: {value!r} is not an amount; write it as a string such as "12.50"')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        text = repr(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise MoneyError(f'{field}: {value!r} is not an amount; write it as a string such as "12.50"')
    if not _DECIMAL_RE.match(text):
        hint = ""
        if re.match(r"^\d+,\d{1,3}$", text):
            hint = f'; write "{text.replace(",", ".")}"'
        elif re.match(r"^\d{1,3}(,\d{3})+(\.\d+)?$", text):
            hint = f'; write "{text.replace(",", "")}" without thousands separators'
        else:
            hint = '; write digits with a dot for decimals, such as "12.50"'
        raise MoneyError(f"{field}: {value!r} is not a number{hint}")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise MoneyError(f"{field}: {value!r} is not a number") from exc
    if amount < 0:
        raise MoneyError(f"{field}: {text} is negative; amounts are zero or more")
    if abs(amount) >= Decimal("1e15"):
        raise MoneyError(f"{field}: {text} is too large to be an order amount")
    return amount


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit."""
    exp = Decimal(1).scaleb(-minor_digits(currency))
    return amount.quantize(exp, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str) -> str:
    """Show an amount as people expect on a dispute form: `USD 13.50`, `JPY 11,000`."""
    digits = minor_digits(currency)
    q = quantize(amount, currency)
    return f"{currency} {q:,.{digits}f}"


def format_plain(amount: Decimal, currency: str) -> str:
    """The amount as typed into a form field: `13.50`, `11000` (no separators)."""
    digits = minor_digits(currency)
    return f"{quantize(amount, currency):.{digits}f}"


@dataclass(frozen=True)
class Refund:
    """The amount claimed and the words that show how it was computed."""

    amount: Decimal
    currency: str
    order_total: Decimal
    basis: str  # "full" | "proportional" | "explicit"
    computation: str

    @property
    def text(self) -> str:
        return format_money(self.amount, self.currency)

    @property
    def is_full(self) -> bool:
        return self.amount == self.order_total


def order_total(unit_price: Decimal, quantity: int, shipping: Decimal, currency: str) -> Decimal:
    """unit_price × quantity + shipping, rounded to the currency."""
    return quantize(unit_price * quantity + shipping, currency)


_FRACTION_WORDS = {
    (1, 2): "half",
    (1, 3): "one third",
    (2, 3): "two thirds",
    (1, 4): "one quarter",
    (3, 4): "three quarters",
}


def _fraction_words(affected: int, quantity: int) -> str:
    from math import gcd

    g = gcd(affected, quantity)
    key = (affected // g, quantity // g)
    return _FRACTION_WORDS.get(key, f"{affected}/{quantity}")


def compute_refund(
    refund: str,
    *,
    unit_price: Decimal,
    quantity: int,
    shipping: Decimal,
    affected_quantity: int,
    currency: str,
) -> Refund:
    """Compute the claimed amount from the claim's `refund` setting.

    `proportional` = (unit_price × quantity + shipping) × affected / quantity;
    `full` = unit_price × quantity + shipping; anything else is an explicit amount.
    """
    total = order_total(unit_price, quantity, shipping, currency)
    total_text = format_money(total, currency)
    incl = " including shipping" if shipping > 0 else ""
    mode = refund.strip().lower() if isinstance(refund, str) else refund
    if mode == "full":
        return Refund(
            total,
            currency,
            total,
            "full",
            f"full order total: {quantity} x {format_money(unit_price, currency)}"
            + (f" + shipping {format_money(shipping, currency)}" if shipping > 0 else "")
            + f" = {total_text}",
        )
    if mode == "proportional":
        exact = (unit_price * quantity + shipping) * affected_quantity / quantity
        amount = quantize(exact, currency)
        if affected_quantity == quantity:
            units = "the item" if quantity == 1 else ("both units" if quantity == 2 else f"all {quantity} units")
            comp = f"{units}: the full order total{incl} = {format_money(amount, currency)}"
        else:
            frac = _fraction_words(affected_quantity, quantity)
            comp = (
                f"{affected_quantity} of {quantity} units: {frac} of {total_text}{incl}"
                f" = {format_money(amount, currency)}"
            )
        return Refund(amount, currency, total, "proportional", comp)
    amount = parse_amount(refund, "claim.refund")
    q = quantize(amount, currency)
    if q != amount:
        raise MoneyError(
            f"claim.refund: {amount} has more decimals than {currency} allows "
            f"({minor_digits(currency)}); write {format_plain(q, currency)}"
        )
    if q > total:
        raise MoneyError(
            f"claim.refund: {format_money(q, currency)} is more than the order total {total_text}; "
            f"claim at most {format_plain(total, currency)}"
        )
    if q == 0:
        raise MoneyError('claim.refund: 0 is not a claim; write "full", "proportional" or the amount you ask for')
    if q == total:
        comp = f"the full order total{incl} = {total_text}"
    else:
        comp = f"{format_money(q, currency)} of the order total of {total_text}{incl}"
    return Refund(q, currency, total, "explicit", comp)

"""Amounts of money as screenshots write them: US $13.50, USD 13.50, $13.50, 13,50 €, ¥1,500, 1,500円,
13.50 美元, 13.50ドル. The currency is given only when the text says it (a bare $ is any dollar)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_NUMBER = r"(\d{1,3}(?:[,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
# (pattern, currency or None for "some dollar")
_PREFIX = (
    (r"US\s?\$|USD\s?\$?|U\.S\.\s?\$", "USD"),
    (r"CA\s?\$|CAD\s?\$?", "CAD"),
    (r"AU\s?\$|AUD\s?\$?", "AUD"),
    (r"EUR\s?|€\s?", "EUR"),
    (r"GBP\s?|£\s?", "GBP"),
    (r"JPY\s?|JP\s?¥|￥|¥", "JPY"),
    (r"CNY\s?|RMB\s?|CN\s?¥", "CNY"),
    (r"\$", None),
)
_SUFFIX = (
    (r"USD|US\s?dollars?|美元|美金|ドル|dollars?", "USD"),
    (r"EUR|euros?|€|ユーロ|欧元", "EUR"),
    (r"GBP|pounds?", "GBP"),
    (r"JPY|円|yen|日元", "JPY"),
    (r"CNY|RMB|元|人民币", "CNY"),
)
_PREFIX_RE = re.compile("(?:" + "|".join(f"(?P<p{i}>{p})" for i, (p, _) in enumerate(_PREFIX)) + r")\s?" + _NUMBER)
_SUFFIX_RE = re.compile(_NUMBER + r"\s?(?:" + "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_SUFFIX)) + ")")


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str | None  # ISO 4217, or None when only "$" was written
    text: str  # as written


def _value(raw: str) -> Decimal | None:
    raw = raw.replace(" ", "")
    # 1,500 and 1.500 are thousands; 13,50 (two decimals after a comma) is a decimal comma
    if re.fullmatch(r"\d+,\d{1,2}", raw):
        raw = raw.replace(",", ".")
    else:
        raw = raw.replace(",", "")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def find_amounts(text: str) -> list[Amount]:
    """Every amount with its currency sign or word, in the order written."""
    text = unicodedata.normalize("NFKC", text)  # full-width digits and signs (１,３５０円, ＄) as plain ones
    found: list[tuple[int, Amount]] = []
    taken: list[tuple[int, int]] = []
    for regex, table, prefix in ((_PREFIX_RE, _PREFIX, "p"), (_SUFFIX_RE, _SUFFIX, "s")):
        for m in regex.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            number = m.group(len(table) + 1) if prefix == "p" else m.group(1)
            value = _value(number)
            if value is None:
                continue
            currency = next(cur for i, (_, cur) in enumerate(table) if m.group(f"{prefix}{i}"))
            taken.append((m.start(), m.end()))
            found.append((m.start(), Amount(value, currency, m.group(0).strip())))
    return [a for _, a in sorted(found, key=lambda f: f[0])]


def same_money(amount: Amount, value: Decimal, currency: str) -> bool:
    """True when an amount read equals value in currency (a bare $ matches any dollar currency)."""
    if amount.value != value:
        return False
    return amount.currency == currency or (amount.currency is None and currency.endswith("D"))

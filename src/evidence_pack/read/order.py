"""Order details from the OCR lines of an order page screenshot: order number, date, store, item,
quantity, unit price, shipping, currency and tracking number. Each is a proposal that `init --from`
shows for the buyer to confirm; nothing is written without that."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from evidence_pack.read.amounts import Amount, find_amounts
from evidence_pack.read.chat import join_lines, parse_date
from evidence_pack.read.ocr import TextLine
from evidence_pack.read.tracking import classify

_LABELS: dict[str, re.Pattern[str]] = {
    "order_id": re.compile(r"order\s*(id|no\.?|number|#)|注文番号|注文ID|订单号|订单编号", re.I),
    "order_date": re.compile(
        r"order\s*(date|time|placed)|placed\s+on|ordered\s+on|注文日|下单时间|订单时间|下单日期", re.I
    ),
    "store": re.compile(r"^(store|seller|sold by|shop)\b|ストア|ショップ|販売者|店铺|卖家|商家", re.I),
    "quantity": re.compile(r"\b(qty|quantity)\b|数量|個数", re.I),
    "unit_price": re.compile(r"\b(unit\s*price|item\s*price|price)\b|単価|価格|单价|商品価格", re.I),
    "subtotal": re.compile(r"sub\s*-?total|items?\s*total|小計|商品小计|商品合计|商品总价", re.I),
    "shipping": re.compile(r"shipping|delivery\s*(fee|cost|charge)|postage|送料|配送料|运费", re.I),
    "total": re.compile(r"^(order\s*)?total|合計|合计|实付|お支払い金額|支払い金額", re.I),
    "tracking": re.compile(r"tracking\s*(no\.?|number|id)?|追跡番号|お問い合わせ番号|运单号|物流单号|快递单号", re.I),
}
_FREE = re.compile(r"\bfree\b|無料|免费|包邮", re.I)


@dataclass(frozen=True)
class Row:
    label: str  # the row's left part (or the whole row when it is one piece of text)
    value: str  # its right part


@dataclass(frozen=True)
class OrderDetails:
    """What an order page says; every field None when not read."""

    order_id: str | None = None
    order_date: str | None = None  # ISO
    store: str | None = None
    item: str | None = None
    quantity: str | None = None
    unit_price: str | None = None
    shipping: str | None = None
    currency: str | None = None
    tracking: str | None = None

    def proposals(self) -> dict[str, str]:
        """The answers to `init`'s questions this page proposes (keys as the questions name them)."""
        return {k: v for k, v in self.__dict__.items() if v is not None and k != "tracking"}

    @property
    def empty(self) -> bool:
        return not any(self.__dict__.values())


def rows(lines: list[TextLine]) -> list[Row]:
    """Lines side by side (a label on the left, its value on the right) as one row each."""
    out: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda t: (t.box[1], t.box[0])):
        mid = line.box[1] + line.box[3] / 2
        if out:
            last = out[-1][0]
            if last.box[1] <= mid <= last.box[1] + last.box[3]:
                out[-1].append(line)
                continue
        out.append([line])
    result = []
    for group in out:
        group.sort(key=lambda t: t.box[0])
        if len(group) == 1:
            result.append(Row(group[0].text, ""))
        else:
            result.append(Row(group[0].text, join_lines([t.text for t in group[1:]])))
    return result


def _money(text: str) -> Amount | None:
    found = find_amounts(text)
    if found:
        return found[-1]
    m = re.search(r"\d+(?:[.,]\d{1,2})?", text)
    return Amount(Decimal(m.group(0).replace(",", ".")), None, m.group(0)) if m else None


def _plain(value: Decimal, currency: str | None) -> str:
    """As case.toml writes amounts: the currency's decimals ("2.00" for USD, "1500" for JPY)."""
    if currency:
        from evidence_pack.money import format_plain, quantize

        try:
            return format_plain(quantize(value, currency), currency)
        except Exception:  # a currency code the tables do not know: as written
            pass
    return format(value, "f")


def order_details(lines: list[TextLine]) -> OrderDetails:
    """Read an order page: a label's value is on its right, or on the next row when the row has none."""
    table = rows(lines)
    found: dict[str, str] = {}
    amounts: dict[str, Amount] = {}
    used: set[int] = set()
    for i, row in enumerate(table):
        for key, pattern in _LABELS.items():
            label = pattern.search(row.label)
            if key in found or key in amounts or label is None:
                continue
            # "Order ID: 8181..." in one piece of text, or the label on the left and the value on the right
            value = row.value or row.label[label.end() :].strip(" :：#")
            if not value and i + 1 < len(table):
                value = table[i + 1].label
                used.add(i + 1)
            used.add(i)
            if key in ("unit_price", "subtotal", "shipping", "total"):
                if key == "shipping" and _FREE.search(value):
                    amounts[key] = Amount(Decimal(0), None, value)
                elif (amount := _money(value)) is not None:
                    amounts[key] = amount
            elif value:
                found[key] = value
            break
    details: dict[str, str | None] = {}
    if "order_id" in found:
        m = re.search(r"\d[\d\s]{5,30}\d", found["order_id"])
        details["order_id"] = re.sub(r"\s", "", m.group(0)) if m else None
    if "order_date" in found:
        date = parse_date(found["order_date"])
        details["order_date"] = date.isoformat() if date else None
    details["store"] = found.get("store")
    if "quantity" in found:
        m = re.search(r"\d+", found["quantity"])
        details["quantity"] = m.group(0) if m else None
    if "tracking" in found:
        number = classify(found["tracking"])
        details["tracking"] = number.text if number.format != "unknown" else None
    titles = [r for i, r in enumerate(table) if i not in used and not r.value and _looks_like_item(r.label)]
    item_row = max(titles, key=lambda r: len(r.label), default=None)  # the product's title is the longest
    if item_row is not None:
        details["item"] = item_row.label
        m = re.search(r"(?:^|\s)[x×]\s?(\d+)\b", item_row.label)
        if m and "quantity" not in details:
            details["quantity"] = m.group(1)
    currencies = [a.currency for a in amounts.values() if a.currency]
    details["currency"] = currencies[0] if currencies else None
    unit = amounts.get("unit_price")
    if unit is None and "subtotal" in amounts and details.get("quantity"):
        qty = int(details["quantity"] or 1)
        unit = Amount(amounts["subtotal"].value / qty, amounts["subtotal"].currency, "")
    details["unit_price"] = _plain(unit.value, details["currency"]) if unit else None
    if "shipping" in amounts:
        details["shipping"] = _plain(amounts["shipping"].value, details["currency"])
    return OrderDetails(**details)


def _looks_like_item(text: str) -> bool:
    """A product title: long, mostly words, not an amount or a date."""
    letters = sum(ch.isalpha() for ch in text)
    return len(text) >= 12 and letters >= len(text) * 0.5 and not find_amounts(text) and parse_date(text) is None

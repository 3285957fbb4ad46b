"""Read and validate case.toml into a typed, frozen Case.

Every problem in the file is collected and reported at once, each naming the
file and the field and saying how to fix it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from evidence_pack.errors import CaseError, MoneyError
from evidence_pack.fields import Box, FieldReader, parse_timestamp
from evidence_pack.money import (
    Refund,
    compute_refund,
    format_plain,
    known_currencies,
    quantize,
)

__all__ = [
    "CASE_FILE",
    "Case",
    "Claim",
    "EvidenceEntry",
    "Order",
    "Seller",
    "load_case",
    "parse_case",
    "parse_timestamp",
]

CASE_FILE = "case.toml"
PLATFORMS = ("aliexpress", "paypal", "ebay", "amazon", "card", "generic")
LANGUAGES = ("en", "ja")
REASONS = ("not_received", "not_as_described", "defective", "damaged", "missing_items", "counterfeit")
RESOLUTIONS = ("refund_only", "return_and_refund")
AGREED = ("none", "partial_refund", "full_refund", "return", "replacement")
KINDS = ("photo", "video", "chat", "listing", "document")
OBJECTIONS = (
    "clearer_pictures",
    "damaged_by_buyer",
    "return_first",
    "acceptable_difference",
    "resend_offered",
    "partial_offer",
    "no_reply",
)


PROBLEMS = (
    "does_not_power_on",
    "does_not_work",
    "wrong_color",
    "wrong_size",
    "wrong_model",
    "wrong_item",
    "different_material",
    "poor_quality",
    "missing_parts",
    "quantity_short",
    "broken",
    "torn",
    "scratched",
    "leaking",
    "counterfeit",
    "empty_parcel",
)

_TOP_KEYS = ("schema", "platform", "language", "order", "claim", "seller", "evidence")
_ORDER_KEYS = (
    "id",
    "date",
    "store",
    "item",
    "listing_url",
    "quantity",
    "unit_price",
    "shipping",
    "currency",
    "delivered",
    "shipped",
    "tracking",
)
_CLAIM_KEYS = (
    "reason",
    "problems",
    "affected_quantity",
    "resolution",
    "refund",
    "statement",
    "statement_ja",
    "noticed_on",
    "opened_on",
)
_SELLER_KEYS = (
    "agreed",
    "agreed_on",
    "agreed_amount",
    "agreement_evidence",
    "agreement_quote",
    "proposal",
    "proposal_note",
    "proposal_on",
    "contacted_on",
    "objection",
)
_EVIDENCE_KEYS = ("file", "caption", "caption_ja", "kind", "frames", "redact", "highlight", "compare")


@dataclass(frozen=True)
class Order:
    id: str
    date: dt.date
    item: str
    unit_price: Decimal
    currency: str
    quantity: int = 1
    shipping: Decimal = Decimal(0)
    store: str | None = None
    listing_url: str | None = None
    delivered: dt.date | None = None
    tracking: str | None = None
    shipped: dt.date | None = None


@dataclass(frozen=True)
class Claim:
    reason: str
    affected_quantity: int
    resolution: str = "refund_only"
    refund: str = "proportional"
    problems: tuple[str, ...] = ()
    statement: str | None = None
    statement_ja: str | None = None  # the buyer's own words, for the companion notes only
    noticed_on: dt.date | None = None
    opened_on: dt.date | None = None


@dataclass(frozen=True)
class Seller:
    agreed: str = "none"
    agreed_on: dt.date | None = None
    agreed_amount: Decimal | None = None
    agreement_evidence: str | None = None
    proposal: Decimal | None = None
    proposal_note: str | None = None
    agreement_quote: str | None = None  # the seller's own words, verbatim
    proposal_on: dt.date | None = None
    contacted_on: dt.date | None = None
    objection: str | None = None  # a code of OBJECTIONS or a short English phrase


@dataclass(frozen=True)
class EvidenceEntry:
    """One `[[evidence]]` table: caption, kind or frames for one file."""

    file: str
    caption: str | None = None
    kind: str | None = None
    frames_s: tuple[float, ...] = ()
    redact: tuple[Box, ...] = ()
    highlight: tuple[Box, ...] = ()  # outlined on the copies: the message or detail that matters
    caption_ja: str | None = None  # companion notes only
    compare: str | None = None  # a listing screenshot to show side by side with this photo


@dataclass(frozen=True)
class Case:
    root: Path
    platform: str
    language: str
    order: Order
    claim: Claim
    seller: Seller
    evidence: tuple[EvidenceEntry, ...]
    refund: Refund
    schema: int = 1


EARLIEST_PLAUSIBLE = dt.date(2000, 1, 1)


def date_fields(case: Case) -> list[tuple[str, dt.date]]:
    """Every date the case file gives, with its field name, in the order of a dispute's events."""
    o, c, s = case.order, case.claim, case.seller
    named = (
        ("order.date", o.date),
        ("order.shipped", o.shipped),
        ("order.delivered", o.delivered),
        ("claim.noticed_on", c.noticed_on),
        ("seller.contacted_on", s.contacted_on),
        ("seller.agreed_on", s.agreed_on),
        ("claim.opened_on", c.opened_on),
        ("seller.proposal_on", s.proposal_on),
    )
    return [(name, d) for name, d in named if d is not None]


def implausible_dates(case: Case, today: dt.date) -> list[tuple[str, dt.date, bool]]:
    """Dates a reviewer would not believe (year 0001 or 9999, or after today): (field, date, too early)."""
    out: list[tuple[str, dt.date, bool]] = []
    for name, d in date_fields(case):
        if d < EARLIEST_PLAUSIBLE:
            out.append((name, d, True))
        elif d > today + dt.timedelta(days=1):
            out.append((name, d, False))
    return out


def load_case(case_dir: Path | str) -> Case:
    """Read `case_dir/case.toml`, validate every field, and return a Case.

    Raises CaseError listing every problem found.
    """
    root = Path(case_dir)
    if not root.exists():
        raise CaseError(f"{root}: no such folder; give the folder that holds case.toml")
    if root.is_file() and root.name == CASE_FILE:
        root = root.parent
    if not root.is_dir():
        raise CaseError(f"{root}: not a folder; give the folder that holds case.toml")
    case_file = root / CASE_FILE
    if not case_file.is_file():
        raise CaseError(f"{root}: no case.toml in this folder; create one (see README, 'The case file')")
    try:
        raw = case_file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise CaseError(f"{CASE_FILE}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise CaseError(f"{CASE_FILE}: cannot be read ({exc.strerror}); check the file's permissions") from None
    raw = raw.removeprefix("\ufeff")  # Windows Notepad saves UTF-8 with a byte-order mark
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise CaseError(f"{CASE_FILE}: not valid TOML: {exc}; fix the line it names") from None
    except RecursionError:
        raise CaseError(
            f"{CASE_FILE}: its tables or lists are nested too deeply to be a case file; "
            "start again from the example in README"
        ) from None
    return parse_case(data, root)


def parse_case(data: dict[str, Any], root: Path) -> Case:
    """Validate an already-parsed case.toml mapping (see load_case)."""
    r = FieldReader(root)
    r.unknown_keys(data, _TOP_KEYS, "")
    schema = data.get("schema", 1)
    if schema != 1:
        r.fail("schema", f"{schema!r} is not supported; this version reads schema = 1")
    platform = r.choice(data, "platform", "platform", PLATFORMS, "generic") or "generic"
    language = r.choice(data, "language", "language", LANGUAGES, "en") or "en"
    order = _order(r, r.table(data, "order", required=True))
    claim = _claim(r, r.table(data, "claim", required=True), order.get("quantity"))
    seller = _seller(r, r.table(data, "seller", required=False))
    evidence = _evidence(r, data.get("evidence"))
    refund = _refund(r, order, claim, seller)
    if r.problems:
        raise CaseError(f"{CASE_FILE}: {len(r.problems)} problem(s) to fix", [f"{CASE_FILE}: {p}" for p in r.problems])
    assert refund is not None
    return Case(
        root=root,
        platform=platform,
        language=language,
        order=Order(**order),
        claim=Claim(**claim),
        seller=Seller(**seller),
        evidence=evidence,
        refund=refund,
    )


def _order(r: FieldReader, o: dict[str, Any]) -> dict[str, Any]:
    r.unknown_keys(o, _ORDER_KEYS, "order.")
    out: dict[str, Any] = {
        "id": r.text(o, "id", "order.id", required=True, allow_number=True, max_chars=64),
        "date": r.date(o, "date", "order.date", required=True),
        "item": r.text(o, "item", "order.item", required=True),
        "store": r.text(o, "store", "order.store"),
        "listing_url": r.text(o, "listing_url", "order.listing_url", max_chars=2000),
        "quantity": r.integer(o, "quantity", "order.quantity", 1),
        "unit_price": r.amount(o, "unit_price", "order.unit_price", required=True),
        "shipping": r.amount(o, "shipping", "order.shipping", default=Decimal(0)),
        "currency": None,
        "delivered": r.date(o, "delivered", "order.delivered"),
        "shipped": r.date(o, "shipped", "order.shipped"),
        "tracking": r.text(o, "tracking", "order.tracking", allow_number=True, max_chars=64),
    }
    if out["listing_url"] and not re.match(r"^https?://\S+$", out["listing_url"]):
        r.fail("order.listing_url", f"{out['listing_url']!r} is not a web address; write it starting with https://")
    currency_raw = r.text(o, "currency", "order.currency", required=True)
    if currency_raw:
        if currency_raw.upper() not in known_currencies():
            r.fail(
                "order.currency",
                f"{currency_raw!r} is not an ISO 4217 currency code; write one such as USD, EUR or JPY",
            )
        else:
            out["currency"] = currency_raw.upper()
    for key in ("shipped", "delivered"):
        if out["date"] and out[key] and out[key] < out["date"]:
            r.fail(f"order.{key}", f"{out[key]} is before the order date {out['date']}; check both dates")
    return out


def _claim(r: FieldReader, c: dict[str, Any], quantity: int | None) -> dict[str, Any]:
    r.unknown_keys(c, _CLAIM_KEYS, "claim.")
    affected = r.integer(c, "affected_quantity", "claim.affected_quantity", quantity or 1)
    if affected and quantity and affected > quantity:
        r.fail(
            "claim.affected_quantity", f"{affected} is more than the {quantity} units ordered; write at most {quantity}"
        )
        affected = None
    refund_raw = c.get("refund", "proportional")
    if isinstance(refund_raw, (int, float)) and not isinstance(refund_raw, bool):
        refund_raw = repr(refund_raw) if isinstance(refund_raw, float) else str(refund_raw)
    if not isinstance(refund_raw, str):
        r.fail("claim.refund", f'{refund_raw!r} must be "full", "proportional" or an amount such as "7.25"')
        refund_raw = "proportional"
    return {
        "reason": r.choice(c, "reason", "claim.reason", REASONS, None),
        "problems": _problems(r, c.get("problems")),
        "affected_quantity": affected,
        "resolution": r.choice(c, "resolution", "claim.resolution", RESOLUTIONS, "refund_only") or "refund_only",
        "refund": refund_raw,
        "statement": r.text(c, "statement", "claim.statement", max_chars=2000, multiline=True),
        "statement_ja": r.text(c, "statement_ja", "claim.statement_ja", max_chars=2000, multiline=True),
        "noticed_on": r.date(c, "noticed_on", "claim.noticed_on"),
        "opened_on": r.date(c, "opened_on", "claim.opened_on"),
    }


def _seller(r: FieldReader, s: dict[str, Any]) -> dict[str, Any]:
    r.unknown_keys(s, _SELLER_KEYS, "seller.")
    out: dict[str, Any] = {
        "agreed": r.choice(s, "agreed", "seller.agreed", AGREED, "none") or "none",
        "agreed_on": r.date(s, "agreed_on", "seller.agreed_on"),
        "agreed_amount": r.amount(s, "agreed_amount", "seller.agreed_amount"),
        "agreement_evidence": None,
        "agreement_quote": r.text(s, "agreement_quote", "seller.agreement_quote", max_chars=600),
        "proposal": r.amount(s, "proposal", "seller.proposal"),
        "proposal_note": r.text(s, "proposal_note", "seller.proposal_note", max_chars=500),
        "proposal_on": r.date(s, "proposal_on", "seller.proposal_on"),
        "contacted_on": r.date(s, "contacted_on", "seller.contacted_on"),
        "objection": None,
    }
    if s.get("agreement_evidence") is not None:
        out["agreement_evidence"] = r.path(s.get("agreement_evidence"), "seller.agreement_evidence")
    if s.get("objection") is not None:
        out["objection"] = r.code_or_phrase(s.get("objection"), "seller.objection", OBJECTIONS)
    if out["agreed"] == "none" and (out["agreed_on"] or out["agreed_amount"] is not None):
        r.fail("seller.agreed", 'is "none" but agreed_on or agreed_amount is set; say what the seller agreed to')
    return out


def _refund(r: FieldReader, o: dict[str, Any], c: dict[str, Any], s: dict[str, Any]) -> Refund | None:
    unit_price, shipping, currency = o["unit_price"], o["shipping"], o["currency"]
    quantity, affected = o["quantity"], c["affected_quantity"]
    if None in (unit_price, shipping, currency, quantity, affected):
        return None
    for name, value in (("order.unit_price", unit_price), ("order.shipping", shipping)):
        if quantize(value, currency) != value:
            r.fail(
                name,
                f"{value} has more decimals than {currency} allows; write {format_plain(quantize(value, currency), currency)}",
            )
    try:
        refund = compute_refund(
            c["refund"],
            unit_price=unit_price,
            quantity=quantity,
            shipping=shipping,
            affected_quantity=affected,
            currency=currency,
        )
    except MoneyError as exc:
        r.problems.append(exc.message)
        return None
    for name, value in (("seller.agreed_amount", s["agreed_amount"]), ("seller.proposal", s["proposal"])):
        if value is not None and quantize(value, currency) > refund.order_total:
            r.fail(
                name,
                f"{value} is more than the order total {format_plain(refund.order_total, currency)}; check the amount",
            )
    return refund


def _problems(r: FieldReader, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        r.fail("claim.problems", 'must be a list such as ["does_not_power_on"]')
        return ()
    found = (r.code_or_phrase(p, f"claim.problems[{i}]", PROBLEMS) for i, p in enumerate(value))
    return tuple(p for p in found if p)


def _evidence(r: FieldReader, value: Any) -> tuple[EvidenceEntry, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        r.fail("evidence", "must be written as [[evidence]] tables")
        return ()
    out: list[EvidenceEntry] = []
    seen: set[str] = set()
    for i, e in enumerate(value):
        name = f"evidence[{i}]"
        if not isinstance(e, dict):
            r.fail(name, "must be a table with file = ...")
            continue
        r.unknown_keys(e, _EVIDENCE_KEYS, f"{name}.")
        if "file" not in e:
            r.fail(f"{name}.file", 'is required; name the evidence file, such as "photos/IMG_0001.jpg"')
            continue
        rel = r.path(e.get("file"), f"{name}.file")
        entry = EvidenceEntry(
            file=rel or "",
            caption=r.text(e, "caption", f"{name}.caption"),
            caption_ja=r.text(e, "caption_ja", f"{name}.caption_ja"),
            kind=r.choice(e, "kind", f"{name}.kind", KINDS, None) if e.get("kind") is not None else None,
            frames_s=r.timestamps(e.get("frames"), f"{name}.frames"),
            redact=r.boxes(e.get("redact"), f"{name}.redact"),
            highlight=r.boxes(e.get("highlight"), f"{name}.highlight"),
            compare=r.path(e.get("compare"), f"{name}.compare") if e.get("compare") is not None else None,
        )
        if rel is None:
            continue
        if rel in seen:
            r.fail(f"{name}.file", f'"{rel}" is listed twice; merge the two [[evidence]] entries')
            continue
        if entry.compare == rel:
            r.fail(f"{name}.compare", "names the file itself; name the listing screenshot to compare it with")
        seen.add(rel)
        out.append(entry)
    return tuple(out)

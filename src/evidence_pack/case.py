"""Read and validate case.toml into a typed, frozen Case.

Every problem in the file is collected and reported at once, each naming the
file and the field and saying how to fix it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from evidence_pack.cleaning import clean_line, clean_text
from evidence_pack.errors import CaseError, MoneyError
from evidence_pack.money import Refund, compute_refund, known_currencies, parse_amount, quantize, format_plain
from evidence_pack.paths import PathOutsideCase, resolve_inside

CASE_FILE = "case.toml"
PLATFORMS = ("aliexpress", "paypal", "ebay", "amazon", "card", "generic")
LANGUAGES = ("en", "ja")
REASONS = ("not_received", "not_as_described", "defective", "damaged", "missing_items", "counterfeit")
RESOLUTIONS = ("refund_only", "return_and_refund")
AGREED = ("none", "partial_refund", "full_refund", "return", "replacement")
KINDS = ("photo", "video", "chat", "listing", "document")

# Problem codes and the English phrase each stands for in the justification.
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

_TOP_KEYS = ("schema", "platform", "language", "order", "claim", "seller", "evidence")
_ORDER_KEYS = ("id", "date", "store", "item", "listing_url", "quantity", "unit_price", "shipping",
               "currency", "delivered", "tracking")
_CLAIM_KEYS = ("reason", "problems", "affected_quantity", "resolution", "refund", "statement")
_SELLER_KEYS = ("agreed", "agreed_on", "agreed_amount", "agreement_evidence", "proposal", "proposal_note")
_EVIDENCE_KEYS = ("file", "caption", "kind", "frames", "redact")
_SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


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


@dataclass(frozen=True)
class Claim:
    reason: str
    affected_quantity: int
    resolution: str = "refund_only"
    refund: str = "proportional"
    problems: tuple[str, ...] = ()
    statement: str | None = None

    @property
    def problem_phrases(self) -> tuple[str, ...]:
        """Problems as English phrases (codes translated, free phrases kept)."""
        return tuple(PROBLEM_PHRASES.get(p, p) for p in self.problems)


@dataclass(frozen=True)
class Seller:
    agreed: str = "none"
    agreed_on: dt.date | None = None
    agreed_amount: Decimal | None = None
    agreement_evidence: str | None = None
    proposal: Decimal | None = None
    proposal_note: str | None = None


@dataclass(frozen=True)
class EvidenceEntry:
    """One `[[evidence]]` table: caption, kind or frames for one file."""

    file: str
    caption: str | None = None
    kind: str | None = None
    frames_s: tuple[float, ...] = ()
    redact: tuple[tuple[float, float, float, float], ...] = ()


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
    """Every date the case file gives, with its field name."""
    o, s = case.order, case.seller
    named = (("order.date", o.date), ("order.delivered", o.delivered), ("seller.agreed_on", s.agreed_on))
    return [(name, d) for name, d in named if d is not None]


def implausible_dates(case: Case, today: dt.date) -> list[str]:
    """Dates a reviewer would not believe (year 0001 or 9999, or after today): each one to check."""
    out: list[str] = []
    for name, d in date_fields(case):
        if d < EARLIEST_PLAUSIBLE:
            out.append(f"{name}: {d.isoformat()} is not a plausible date (before {EARLIEST_PLAUSIBLE.year}); check it")
        elif d > today + dt.timedelta(days=1):
            out.append(f"{name}: {d.isoformat()} is in the future (today is {today.isoformat()}); check it")
    return out


class _Reader:
    """Collects problems while reading one case file."""

    def __init__(self, root: Path, filename: str) -> None:
        self.root = root
        self.filename = filename
        self.problems: list[str] = []

    def fail(self, fieldname: str, message: str) -> None:
        self.problems.append(f"{fieldname}: {message}")

    def unknown_keys(self, table: dict[str, Any], known: tuple[str, ...], prefix: str) -> None:
        for key in table:
            if key in known:
                continue
            near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f'; did you mean "{near[0]}"?' if near else f"; known keys: {', '.join(known)}"
            self.fail(f"{prefix}{key}", f"unknown key{hint}")

    def table(self, data: dict[str, Any], key: str, required: bool) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(key, f"the [{key}] table is missing; add it (see the example in README)")
            return {}
        if not isinstance(value, dict):
            self.fail(key, f"must be a table [{key}], not {type(value).__name__}")
            return {}
        return value

    def text(self, t: dict[str, Any], key: str, name: str, required: bool = False,
             allow_number: bool = False, max_chars: int = 300, multiline: bool = False) -> str | None:
        value = t.get(key)
        if value is None:
            if required:
                self.fail(name, "is required; add it")
            return None
        if allow_number and isinstance(value, int) and not isinstance(value, bool):
            self.fail(name, f'{value} must be a string; write "{value}" in quotes (long numbers lose digits)')
            return str(value)
        if not isinstance(value, str):
            self.fail(name, f"must be text in quotes, not {_type_name(value)}")
            return None
        value = clean_text(value) if multiline else clean_line(value)
        if required and not value:
            self.fail(name, "is empty; fill it in")
            return None
        if len(value) > max_chars:
            self.fail(name, f"is {len(value):,} characters long; keep it under {max_chars:,} (the reviewer reads "
                            "the first lines only)")
            return None
        return value or None

    def choice(self, t: dict[str, Any], key: str, name: str, choices: tuple[str, ...], default: str | None) -> str | None:
        value = t.get(key, default)
        if value is None:
            self.fail(name, f"is required; one of: {', '.join(choices)}")
            return None
        if not isinstance(value, str) or value.strip().lower() not in choices:
            near = difflib.get_close_matches(str(value).lower(), choices, n=1, cutoff=0.5)
            hint = f'; did you mean "{near[0]}"?' if near else ""
            self.fail(name, f"{value!r} is not one of: {', '.join(choices)}{hint}")
            return default
        return value.strip().lower()

    def date(self, t: dict[str, Any], key: str, name: str, required: bool = False) -> dt.date | None:
        value = t.get(key)
        if value is None:
            if required:
                self.fail(name, "is required; write a date such as 2026-10-01 (no quotes)")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(name, f"{value!r} is not a date; write it as YYYY-MM-DD, such as 2026-10-01")
        return None

    def integer(self, t: dict[str, Any], key: str, name: str, default: int | None, minimum: int = 1) -> int | None:
        value = t.get(key, default)
        if value is None:
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"{value!r} is not a whole number; write a number such as 2")
            return None
        if value < minimum:
            self.fail(name, f"{value} is too small; it must be at least {minimum}")
            return None
        if value > 1_000_000:
            self.fail(name, f"{value} is not a plausible number of units")
            return None
        return value

    def amount(self, t: dict[str, Any], key: str, name: str, required: bool = False,
               default: Decimal | None = None) -> Decimal | None:
        value = t.get(key)
        if value is None:
            if required:
                self.fail(name, 'is required; write the amount as a string such as "12.50"')
            return default
        try:
            return parse_amount(value, name)
        except MoneyError as exc:
            self.problems.append(exc.message)
            return None

    def path(self, value: Any, name: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(name, "must be a path relative to the case folder, such as \"photos/IMG_0001.jpg\"")
            return None
        try:
            resolved = resolve_inside(self.root, value.strip())
        except PathOutsideCase as exc:
            self.fail(name, str(exc))
            return None
        if not resolved.is_file():
            self.fail(name, f'"{value}" does not exist in the case folder; check the spelling or remove the entry')
            return None
        return resolved.relative_to(self.root.resolve()).as_posix()


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def parse_timestamp(value: Any) -> float:
    """Read a video moment: "00:12", "01:05.5", "1:02:03" or a number of seconds."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(value)
        return float(value)
    if not isinstance(value, str):
        raise ValueError(value)
    parts = value.strip().split(":")
    if not 1 <= len(parts) <= 3 or any(not re.fullmatch(r"\d+(\.\d+)?", p) for p in parts):
        raise ValueError(value)
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + float(p)
    return seconds


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
        raise CaseError(f"{CASE_FILE}: its tables or lists are nested too deeply to be a case file; "
                        "start again from the example in README") from None
    return parse_case(data, root)


def parse_case(data: dict[str, Any], root: Path) -> Case:
    """Validate an already-parsed case.toml mapping (see load_case)."""
    r = _Reader(root, CASE_FILE)
    r.unknown_keys(data, _TOP_KEYS, "")
    schema = data.get("schema", 1)
    if schema != 1:
        r.fail("schema", f"{schema!r} is not supported; this version reads schema = 1")
    platform = r.choice(data, "platform", "platform", PLATFORMS, "generic") or "generic"
    language = r.choice(data, "language", "language", LANGUAGES, "en") or "en"

    o = r.table(data, "order", required=True)
    r.unknown_keys(o, _ORDER_KEYS, "order.")
    order_id = r.text(o, "id", "order.id", required=True, allow_number=True, max_chars=64)
    order_date = r.date(o, "date", "order.date", required=True)
    item = r.text(o, "item", "order.item", required=True)
    store = r.text(o, "store", "order.store")
    listing_url = r.text(o, "listing_url", "order.listing_url", max_chars=2000)
    if listing_url and not re.match(r"^https?://\S+$", listing_url):
        r.fail("order.listing_url", f"{listing_url!r} is not a web address; write it starting with https://")
    quantity = r.integer(o, "quantity", "order.quantity", 1)
    unit_price = r.amount(o, "unit_price", "order.unit_price", required=True)
    shipping = r.amount(o, "shipping", "order.shipping", default=Decimal(0))
    currency_raw = r.text(o, "currency", "order.currency", required=True)
    currency = None
    if currency_raw:
        cur = currency_raw.upper()
        if cur not in known_currencies():
            r.fail("order.currency", f"{currency_raw!r} is not an ISO 4217 currency code; write one such as USD, EUR or JPY")
        else:
            currency = cur
    delivered = r.date(o, "delivered", "order.delivered")
    tracking = r.text(o, "tracking", "order.tracking", allow_number=True, max_chars=64)
    if order_date and delivered and delivered < order_date:
        r.fail("order.delivered", f"{delivered} is before the order date {order_date}; check both dates")

    c = r.table(data, "claim", required=True)
    r.unknown_keys(c, _CLAIM_KEYS, "claim.")
    reason = r.choice(c, "reason", "claim.reason", REASONS, None)
    problems = _read_problems(r, c.get("problems"))
    affected = r.integer(c, "affected_quantity", "claim.affected_quantity", quantity or 1)
    if affected and quantity and affected > quantity:
        r.fail("claim.affected_quantity", f"{affected} is more than the {quantity} units ordered; write at most {quantity}")
        affected = None
    resolution = r.choice(c, "resolution", "claim.resolution", RESOLUTIONS, "refund_only") or "refund_only"
    refund_raw = c.get("refund", "proportional")
    if isinstance(refund_raw, (int, float)) and not isinstance(refund_raw, bool):
        refund_raw = repr(refund_raw) if isinstance(refund_raw, float) else str(refund_raw)
    if not isinstance(refund_raw, str):
        r.fail("claim.refund", f'{refund_raw!r} must be "full", "proportional" or an amount such as "7.25"')
        refund_raw = "proportional"
    statement = r.text(c, "statement", "claim.statement", max_chars=2000, multiline=True)

    s = r.table(data, "seller", required=False)
    r.unknown_keys(s, _SELLER_KEYS, "seller.")
    agreed = r.choice(s, "agreed", "seller.agreed", AGREED, "none") or "none"
    agreed_on = r.date(s, "agreed_on", "seller.agreed_on")
    agreed_amount = r.amount(s, "agreed_amount", "seller.agreed_amount")
    agreement_evidence = None
    if s.get("agreement_evidence") is not None:
        agreement_evidence = r.path(s.get("agreement_evidence"), "seller.agreement_evidence")
    proposal = r.amount(s, "proposal", "seller.proposal")
    proposal_note = r.text(s, "proposal_note", "seller.proposal_note", max_chars=500)
    if agreed == "none" and (agreed_on or agreed_amount is not None):
        r.fail("seller.agreed", 'is "none" but agreed_on or agreed_amount is set; say what the seller agreed to')

    evidence = _read_evidence(r, data.get("evidence"))

    refund: Refund | None = None
    if None not in (unit_price, shipping, currency, quantity, affected):
        assert unit_price is not None and shipping is not None and currency is not None
        assert quantity is not None and affected is not None
        for name, value in (("order.unit_price", unit_price), ("order.shipping", shipping)):
            if quantize(value, currency) != value:
                r.fail(name, f"{value} has more decimals than {currency} allows; write {format_plain(quantize(value, currency), currency)}")
        try:
            refund = compute_refund(refund_raw, unit_price=unit_price, quantity=quantity, shipping=shipping,
                                    affected_quantity=affected, currency=currency)
        except MoneyError as exc:
            r.problems.append(exc.message)
        if refund is not None:
            for name, value in (("seller.agreed_amount", agreed_amount), ("seller.proposal", proposal)):
                if value is not None and quantize(value, currency) > refund.order_total:
                    r.fail(name, f"{value} is more than the order total {format_plain(refund.order_total, currency)}; check the amount")

    if r.problems:
        raise CaseError(f"{CASE_FILE}: {len(r.problems)} problem(s) to fix",
                        [f"{CASE_FILE}: {p}" for p in r.problems])
    assert order_id and order_date and item and unit_price is not None and currency and reason and refund
    assert quantity is not None and affected is not None and shipping is not None
    return Case(
        root=root,
        platform=platform,
        language=language,
        order=Order(id=order_id, date=order_date, item=item, unit_price=unit_price, currency=currency,
                    quantity=quantity, shipping=shipping, store=store, listing_url=listing_url,
                    delivered=delivered, tracking=tracking),
        claim=Claim(reason=reason, affected_quantity=affected, resolution=resolution, refund=refund_raw,
                    problems=problems, statement=statement),
        seller=Seller(agreed=agreed, agreed_on=agreed_on, agreed_amount=agreed_amount,
                      agreement_evidence=agreement_evidence, proposal=proposal, proposal_note=proposal_note),
        evidence=evidence,
        refund=refund,
    )


def _read_problems(r: _Reader, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        r.fail("claim.problems", 'must be a list such as ["does_not_power_on"]')
        return ()
    out: list[str] = []
    for i, p in enumerate(value):
        name = f"claim.problems[{i}]"
        if not isinstance(p, str) or not clean_line(p):
            r.fail(name, "must be a problem code or a short English phrase in quotes")
            continue
        p = clean_line(p)
        if p in PROBLEM_PHRASES:
            out.append(p)
        elif _SNAKE.match(p):
            near = difflib.get_close_matches(p, list(PROBLEM_PHRASES), n=1, cutoff=0.6)
            hint = f'; did you mean "{near[0]}"?' if near else "; or write a short English phrase with spaces"
            r.fail(name, f"{p!r} is not a known problem code{hint}")
        elif len(p) > 200:
            r.fail(name, "is longer than 200 characters; keep each problem to one short phrase")
        else:
            out.append(p)
    return tuple(out)


def _read_evidence(r: _Reader, value: Any) -> tuple[EvidenceEntry, ...]:
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
            r.fail(f"{name}.file", "is required; name the evidence file, such as \"photos/IMG_0001.jpg\"")
            continue
        rel = r.path(e.get("file"), f"{name}.file")
        caption = r.text(e, "caption", f"{name}.caption")
        kind = None
        if e.get("kind") is not None:
            kind = r.choice(e, "kind", f"{name}.kind", KINDS, None)
        frames: list[float] = []
        raw_frames = e.get("frames")
        if raw_frames is not None:
            if not isinstance(raw_frames, list):
                r.fail(f"{name}.frames", 'must be a list such as ["00:12", "01:05.5"]')
            else:
                for j, f in enumerate(raw_frames):
                    try:
                        frames.append(parse_timestamp(f))
                    except ValueError:
                        r.fail(f"{name}.frames[{j}]", f'{f!r} is not a time; write mm:ss such as "01:05.5"')
        redact = _read_redact(r, e.get("redact"), f"{name}.redact")
        if rel is None:
            continue
        if rel in seen:
            r.fail(f"{name}.file", f'"{rel}" is listed twice; merge the two [[evidence]] entries')
            continue
        seen.add(rel)
        out.append(EvidenceEntry(file=rel, caption=caption, kind=kind, frames_s=tuple(frames), redact=redact))
    return tuple(out)


def _read_redact(r: _Reader, value: Any, name: str) -> tuple[tuple[float, float, float, float], ...]:
    if value is None:
        return ()
    boxes: list[tuple[float, float, float, float]] = []
    if not isinstance(value, list):
        r.fail(name, "must be a list of [x, y, w, h] boxes in fractions of the image, such as [[0.1, 0.2, 0.3, 0.1]]")
        return ()
    for i, box in enumerate(value):
        ok = (isinstance(box, list) and len(box) == 4
              and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in box))
        if ok:
            x, y, w, h = (float(v) for v in box)
            ok = 0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 and 0 < h <= 1 and x + w <= 1.0001 and y + h <= 1.0001
        if not ok:
            r.fail(f"{name}[{i}]", f"{box!r} is not a box [x, y, w, h] of fractions between 0 and 1")
            continue
        boxes.append((x, y, w, h))
    return tuple(boxes)

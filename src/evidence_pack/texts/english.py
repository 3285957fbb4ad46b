"""The English texts: justification and response, from jinja2 templates (sandboxed).

Python gathers the facts (amounts, exhibit numbers, captions); templates word them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from evidence_pack.case import Case
from evidence_pack.errors import RenderError
from evidence_pack.exhibits import (
    Exhibit,
    agreement_sentence,
    exhibit_range,
    fact_items,
)
from evidence_pack.fields import clean_text
from evidence_pack.money import format_money
from evidence_pack.texts.ascii import fold_ascii, to_ascii
from evidence_pack.texts.templating import environment, verb
from evidence_pack.texts.wording import PROBLEM_PHRASES
from evidence_pack.video.statements import video_facts


@dataclass(frozen=True)
class Texts:
    justification: str
    full: str  # the most detailed version, whatever its length (for the PDF cover)
    detail: int  # 2 complete; 1 shortened (statement left out, or exhibits grouped); 0 a summary
    response: str | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class TextRules:
    ascii_only: bool
    max_chars: int | None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


class _Words:
    """Prepares the user's words for the text's rules, collecting warnings once."""

    def __init__(self, rules: TextRules) -> None:
        self.rules = rules
        self.warnings: list[str] = []

    def text(self, value: str, field: str) -> str:
        value = clean_text(value)
        if not self.rules.ascii_only:
            return value
        plain, dropped = fold_ascii(value)
        plain = plain.strip()
        if plain != value:
            if len(re.findall(r"[A-Za-z0-9]", plain)) < 3:
                self.warnings.append(
                    f"{field} is not in English letters and was left out of the English text; "
                    "write it in English for the dispute form"
                )
                return ""
            lost = f' ("{", ".join(dropped)}" cannot be written in English letters and is left out)' if dropped else ""
            self.warnings.append(
                f'{field} has characters the dispute form does not accept; the English text uses "{plain}"{lost}'
            )
        return plain


def compose(case: Case, exhibits: list[Exhibit], rules: TextRules, templates: str | None = None) -> Texts:
    """Render the justification (the most detailed version that fits) and, when needed, the response."""
    words = _Words(rules)
    env = environment(templates)
    ctx = _context(case, exhibits, words)
    try:
        return _compose(case, exhibits, rules, env, ctx, words)
    except SecurityError as exc:
        raise RenderError(f"a template tried something templates may not do ({exc}); fix the template") from None
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}, line {exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"a text template failed{where}: {exc}") from None


def _compose(
    case: Case,
    exhibits: list[Exhibit],
    rules: TextRules,
    env: SandboxedEnvironment,
    ctx: dict[str, object],
    words: _Words,
) -> Texts:
    try:
        template = env.get_template(f"justification/{case.claim.reason}.txt.j2")
    except jinja2.TemplateNotFound:
        raise RenderError(f"no justification template for reason {case.claim.reason!r}") from None
    text = ""
    chosen = 0
    full = _finish(template.render(**ctx, detail=2), rules)
    # from the most detailed version down: without the buyer's own statement, then grouped, then a summary
    levels = ((2, ctx["statement"]), (2, ""), (1, ""), (0, ""))
    for index, (detail, statement) in enumerate(levels):
        text = _finish(template.render(**{**ctx, "statement": statement}, detail=detail), rules)
        chosen = 2 if index == 0 else min(detail, 1)  # 2: nothing left out
        if rules.max_chars is None or len(text) <= rules.max_chars:
            break
    else:
        raise RenderError(
            f"the justification is {len(text)} characters even in its shortest form, over the "
            f"platform's {rules.max_chars}; shorten order.item or the captions"
        )
    response = None
    s = case.seller
    if s.proposal is not None and s.proposal < case.refund.amount:
        response = _finish(
            env.get_template("response/reject.txt.j2").render(**_response_context(case, exhibits, ctx, words)), rules
        )
    return Texts(
        justification=text, full=full, detail=chosen, response=response, warnings=tuple(dict.fromkeys(words.warnings))
    )


def _finish(text: str, rules: TextRules) -> str:
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    if rules.ascii_only:
        text = to_ascii(text).strip() + "\n"
    return text


def _context(case: Case, exhibits: list[Exhibit], words: _Words) -> dict[str, object]:
    o, c = case.order, case.claim
    cur = o.currency
    item = words.text(o.item, "order.item") or "the item"
    if len(item) > 90:
        item = item[:87].rsplit(" ", 1)[0] + "..."
    item_q = f'"{item}"' if item != "the item" else item
    ordered = f"{o.quantity} units of {item_q}" if o.quantity > 1 else f"1 x {item_q}"
    if c.affected_quantity == o.quantity:
        subject = "The item" if o.quantity == 1 else ("Both units" if o.quantity == 2 else f"All {o.quantity} units")
        plural = o.quantity > 1
    else:
        subject = f"{c.affected_quantity} of the {o.quantity} units"
        plural = c.affected_quantity > 1
    coded = [
        PROBLEM_PHRASES[p]
        for p in c.problems
        if p in PROBLEM_PHRASES and not (c.reason == "missing_items" and p == "quantity_short")
    ]
    free = [words.text(p, "claim.problems") for p in c.problems if p not in PROBLEM_PHRASES]
    free = [f for f in free if f]
    problem_text = _join(coded)
    if c.resolution == "return_and_refund":
        ask = f"a refund of {case.refund.text}; I will return the item{'s' if c.affected_quantity > 1 else ''} to the seller"
        return_line = "I will send the item back as soon as the seller gives a return address."
    else:
        ask = f"a refund of {case.refund.text} without returning the item (refund only)"
        if case.claim.reason == "missing_items":
            missing = case.claim.affected_quantity
            ask = f"a refund of {case.refund.text} for the {missing} missing unit{'s' if missing > 1 else ''}"
        elif case.claim.reason == "not_received":
            ask = f"a refund of {case.refund.text} for the undelivered order"
        return_line = ""
    agreement_ex = next((e for e in exhibits if e.is_agreement), None)
    chat = [e.number for e in exhibits if e.kind == "chat"]
    agreement = None
    if case.seller.agreed != "none":
        cite = agreement_ex.label if agreement_ex else (exhibit_range(chat) or None)
        agreement = agreement_sentence(case, cite)
        if case.seller.agreed_amount is not None and case.seller.agreed_amount == case.refund.amount:
            agreement += ", which is the amount I request"
            # the strongest fact goes into the first three lines, where the reviewer reads
            when = f" on {case.seller.agreed_on.isoformat()}" if case.seller.agreed_on else ""
            ask += f"; the seller agreed to this refund in chat{when}" + (f" ({cite})" if cite else "")
    agreement_full = agreement
    if agreement and "; the seller agreed to this refund" in ask:
        agreement = None  # said already, in the third line
    statement = words.text(c.statement, "claim.statement") if c.statement else ""
    return {
        "ordered": ordered,
        "order_id": o.id,
        "order_date": o.date.isoformat(),
        "total": format_money(case.refund.order_total, cur),
        "incl_shipping": f" including shipping of {format_money(o.shipping, cur)}" if o.shipping > 0 else "",
        "subject": subject,
        "plural": plural,
        "problem_text": problem_text,
        "extra_problems": "; ".join(free),
        "quantity": o.quantity,
        "affected": c.affected_quantity,
        "tracking": o.tracking,
        "ask": ask,
        "statement": _sentence(statement) if statement else "",
        "facts": _facts(exhibits, words, detail=2, tracking=o.tracking),
        "facts_grouped": _facts(exhibits, words, detail=1),
        "evidence_summary": _summary(exhibits),
        "computation": case.refund.computation,
        "agreement": agreement,
        "agreement_full": agreement_full,
        "return_line": return_line,
    }


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_GROUP = {
    "listing": "The product listing",
    "photo": "Photos of the item as received",
    "video": "Video",
    "chat": "Conversation with the seller",
    "document": "Documents",
}


def _video_refs(e: Exhibit) -> str:
    if not e.pictures:
        return e.label
    first, last = e.picture_tag(0), e.picture_tag(len(e.pictures) - 1)
    frames = f"frames {first}-{last}" if len(e.pictures) > 1 else f"frame {first}"
    requested = [f"{e.picture_tag(i)} at {e.timestamp(i)}" for i, p in enumerate(e.pictures) if p.requested]
    if requested:
        return f"{e.label}, {frames}; the problem is visible in {_join(requested)}"
    return f"{e.label}, {frames}"


def _facts(exhibits: list[Exhibit], words: _Words, detail: int, tracking: str | None = None) -> list[str]:
    """One line per captioned exhibit; uncaptioned exhibits of a kind grouped in one line."""
    captions = {e.number: words.text(e.caption, f"caption of {e.rel}") for e in exhibits if e.user_caption}
    lines: list[str] = []
    for item in fact_items(exhibits, lambda e: detail >= 2 and bool(captions.get(e.number))):
        first = item.exhibits[0]
        if item.captioned:
            ref = _video_refs(first) if first.kind == "video" else first.label
            lines.append(f"{captions[first.number].rstrip('.')} ({ref}).")
        elif item.kind == "video":
            lines.append(f"{_GROUP['video']} (" + "; ".join(_video_refs(e) for e in item.exhibits) + ").")
        elif len(item.exhibits) == 1:
            lines.append(
                f"{words.text(first.caption, f'caption of {first.rel}') or _GROUP[item.kind]} ({first.label})."
            )
        else:
            lines.append(f"{_GROUP[item.kind]} ({exhibit_range([e.number for e in item.exhibits])}).")
        if item.kind == "video" and detail >= 2:  # what the video shows about itself (video/statements.py)
            lines[-1] = " ".join(
                [lines[-1], *(f for e in item.exhibits if (f := video_facts(e.ingested.video, tracking)))]
            )
    return lines


def _summary(exhibits: list[Exhibit]) -> str:
    kinds = []
    for e in exhibits:
        name = {"photo": "photos", "listing": "listing", "video": "video", "chat": "chat", "document": "documents"}[
            e.kind
        ]
        if name not in kinds:
            kinds.append(name)
    return f"{exhibit_range([e.number for e in exhibits])} ({', '.join(kinds)})" if exhibits else "none attached"


def _response_context(case: Case, exhibits: list[Exhibit], ctx: dict[str, object], words: _Words) -> dict[str, object]:
    cur = case.order.currency
    problem_refs = [e.number for e in exhibits if e.kind in ("photo", "video") and not e.is_agreement]
    listing_refs = [e.number for e in exhibits if e.kind == "listing"]
    problem = (
        f"{ctx['subject']} {verb(str(ctx['problem_text']) or _default_problem(case.claim.reason), bool(ctx['plural']))}"
    )
    if case.claim.reason == "missing_items":
        problem = f"{case.claim.affected_quantity} of the {case.order.quantity} units ordered were not in the parcel"
    elif case.claim.reason == "not_received":
        problem = "The item has not been delivered"
    refs = exhibit_range(problem_refs)
    if listing_refs and case.claim.reason in ("not_as_described", "counterfeit", "missing_items"):
        refs = (
            f"{refs}; the listing is {exhibit_range(listing_refs)}"
            if refs
            else f"the listing is {exhibit_range(listing_refs)}"
        )
    problem_sentence = f"{problem} ({refs})." if refs else f"{problem}."
    agreement = None
    if case.seller.agreed != "none":
        agreement = str(ctx["agreement_full"]).replace("the seller agreed", "you agreed")
    note = words.text(case.seller.proposal_note, "seller.proposal_note") if case.seller.proposal_note else ""
    clearer = (
        "the attached evidence PDF shows every photo and the video frames at full size, each numbered, "
        "with its capture time and the SHA-256 hash of the original file."
    )
    return {
        "proposal": format_money(case.seller.proposal if case.seller.proposal is not None else Decimal(0), cur),
        "agreement": agreement,
        "problem_sentence": problem_sentence,
        "proposal_note": note.rstrip("."),
        "clearer_reply": clearer,
        "refund": case.refund.text,
        "computation": case.refund.computation,
    }


def _default_problem(reason: str) -> str:
    return {
        "defective": "does not work",
        "damaged": "arrived damaged",
        "not_as_described": "is not as described",
        "counterfeit": "is counterfeit",
    }.get(reason, "has a problem")

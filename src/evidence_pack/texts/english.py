"""The English texts the platform's people read: the justification (the dispute form), the response
(to the seller's proposal) and the escalation (to the platform's own staff).

Python gathers the facts (texts/facts.py) and words the pieces; jinja2 templates (sandboxed, replaceable
with --templates) arrange them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from evidence_pack.errors import RenderError
from evidence_pack.exhibits import Exhibit, exhibit_range, fact_items
from evidence_pack.fields import clean_text
from evidence_pack.money import format_money
from evidence_pack.read.facts import ReadFacts
from evidence_pack.texts import lines as L
from evidence_pack.texts.ascii import fold_ascii, to_ascii
from evidence_pack.texts.facts import Facts, is_english
from evidence_pack.texts.templating import environment
from evidence_pack.texts.wording import Phrase


@dataclass(frozen=True)
class TextRules:
    ascii_only: bool
    max_chars: int | None


@dataclass(frozen=True)
class Texts:
    justification: str
    full: str  # the most detailed version, whatever its length (for the PDF cover)
    detail: int  # 2 complete; 1 shortened (statement, dates left out, or exhibits grouped); 0 a summary
    response: str | None
    escalation: str | None
    warnings: tuple[Phrase, ...]
    left_out: tuple[str, ...] = ()  # user words the English texts could not carry (field names)
    escalation_shortened: bool = False  # escalation.txt left out some of its parts to fit the form


class Words:
    """The buyer's words made fit for an English form, with a warning for what could not be carried."""

    def __init__(self, rules: TextRules) -> None:
        self.rules = rules
        self.warnings: list[Phrase] = []
        self.left_out: list[str] = []

    def english(self, value: str, field: str) -> str:
        """Text the buyer wrote for the reviewer (statement, caption): English only, else left out."""
        value = clean_text(value)
        if not is_english(value):
            self.left_out.append(field)
            self.warnings.append(
                Phrase(
                    f"{field} is not in English and is left out of the English texts; write it in English "
                    "(put your own words in the *_ja field)",
                    f"{field} が英語ではないため、英語の申し立て文には入れていません。英語で書いてください"
                    "（日本語のメモは *_ja の欄に書けます）",
                )
            )
            return ""
        return self.fit(value, field)

    def fit(self, value: str, field: str) -> str:
        """A name or quote as the form can take it: folded to plain ASCII where the form asks for it."""
        value = clean_text(value)
        if not self.rules.ascii_only:
            return value
        plain, dropped = fold_ascii(value)
        plain = plain.strip()
        if plain == value:
            return plain
        if len(re.findall(r"[A-Za-z0-9]", plain)) < 3:
            self.left_out.append(field)
            self.warnings.append(
                Phrase(
                    f"{field} is not in English letters and was left out of the English text; "
                    "write it in English for the dispute form",
                    f"{field} は英字で書かれていないため、英語の申し立て文から外しました。フォーム用に英語で書いてください",
                )
            )
            return ""
        lost = f' ("{", ".join(dropped)}" cannot be written in English letters and is left out)' if dropped else ""
        lost_ja = f"（「{'、'.join(dropped)}」は英字にできないため外しました）" if dropped else ""
        self.warnings.append(
            Phrase(
                f'{field} has characters the dispute form does not accept; the English text uses "{plain}"{lost}',
                f"{field} にはフォームが受け付けない文字があります。英語の文では「{plain}」としています{lost_ja}",
            )
        )
        return plain


def _render(env: SandboxedEnvironment, name: str, ctx: dict[str, object]) -> str:
    try:
        return env.get_template(name).render(**ctx)
    except jinja2.TemplateNotFound:
        raise RenderError(f"the text template {name} is missing; reinstall evidence-pack or fix --templates") from None
    except SecurityError as exc:
        raise RenderError(f"a template tried something templates may not do ({exc}); fix the template") from None
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}, line {exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"a text template failed{where}: {exc}") from None


def finish(text: str, rules: TextRules) -> str:
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    if rules.ascii_only:
        text = to_ascii(text).strip() + "\n"
    return text


def compose(facts: Facts, rules: TextRules, templates: str | None = None, read: ReadFacts | None = None) -> Texts:
    """The justification (the most detailed version that fits the form), and the response and the
    escalation when the dispute calls for them."""
    words = Words(rules)
    env = environment(templates)
    ctx = justification_context(facts, words)
    if read is not None:  # reading the pictures: the parcel label that shows the order's tracking number
        shown = read.sentences([e.number for e in facts.exhibits])
        for key in ("facts", "facts_grouped", "facts_plain"):
            ctx[key] = [*cast(list[str], ctx[key]), *shown]
    name = f"justification/{facts.case.claim.reason}.txt.j2"
    # the PDF cover's version: complete, its dates left to the cover's own timeline
    full = finish(_render(env, name, {**ctx, "dates": [], "detail": 2}), rules)
    # from the most detailed version down: without the buyer's statement, fewer dates, none; then exhibits grouped
    # (with the dates again, as far as they fit); a summary
    # (the exhibits' captions come before the video's own account, which its frame sheet gives anyway)
    full_facts, plain = ctx["facts"], ctx["facts_plain"]
    levels: tuple[tuple[int, object, object, object], ...] = (
        (2, ctx["statement"], ctx["dates"], full_facts),
        (2, "", ctx["dates"], full_facts),
        (2, "", ctx["key_dates"], full_facts),
        (2, "", [], full_facts),
        (2, "", ctx["key_dates"], plain),
        (2, "", [], plain),
        (1, "", ctx["dates"], full_facts),
        (1, "", ctx["key_dates"], full_facts),
        (1, "", [], full_facts),
        (0, "", [], full_facts),
    )
    text, chosen = "", 0
    for index, (detail, statement, dates, lines) in enumerate(levels):
        text = finish(
            _render(env, name, {**ctx, "statement": statement, "dates": dates, "detail": detail, "facts": lines}),
            rules,
        )
        chosen = 2 if index == 0 else min(detail, 1)
        if rules.max_chars is None or len(text) <= rules.max_chars:
            break
    else:
        raise RenderError(
            f"the justification is {len(text)} characters even in its shortest form, over the "
            f"platform's {rules.max_chars}; shorten order.item, the captions or seller.agreement_quote"
        )
    response = None
    if facts.dispute.rejects:
        response = finish(_render(env, "response/reject.txt.j2", response_context(facts, words, ctx)), rules)
    escalation, esc_short = None, False
    if facts.dispute.escalate:
        escalation, esc_short = _escalation(facts, words, ctx, env, rules)
    for file, body in (("response.txt", response), ("escalation.txt", escalation)):
        if body is not None and rules.max_chars is not None and len(body) > rules.max_chars:
            # the seller's words are never cut: the buyer is told, and shortens them where they choose
            name, n, limit = facts.platform.name, len(body), rules.max_chars
            words.warnings.append(
                Phrase(
                    f"{file} is {n:,} characters, over {name}'s {limit:,} even in its shortest form: shorten it "
                    "before pasting (seller.agreement_quote and the captions are its longest parts)",
                    f"{file} は {n:,} 文字で、{name} の上限 {limit:,} 文字を超えています。貼り付ける前に短くして"
                    "ください（長いのは seller.agreement_quote とキャプションです）",
                )
            )
    return Texts(
        justification=text,
        full=full,
        detail=chosen,
        response=response,
        escalation=escalation,
        warnings=tuple(dict.fromkeys(words.warnings)),
        left_out=tuple(dict.fromkeys(words.left_out)),
        escalation_shortened=esc_short,
    )


def _escalation(
    facts: Facts, words: Words, ctx: dict[str, object], env: SandboxedEnvironment, rules: TextRules
) -> tuple[str, bool]:
    """The escalation, and whether it had to leave parts out to fit the form."""
    ectx = escalation_context(facts, words, ctx)
    text = ""
    # the answer to the seller's objection goes before the exhibits are grouped, after they are summed up
    for detail, with_answer in ((2, True), (1, True), (1, False), (0, True), (0, False)):
        text = finish(
            _render(env, "escalation/escalation.txt.j2", {**ectx, "detail": detail, "with_answer": with_answer}), rules
        )
        if rules.max_chars is None or len(text) <= rules.max_chars:
            return text, (detail, with_answer) != (2, True)
    return text, True


# --- the justification ---------------------------------------------------------------------------


def justification_context(facts: Facts, words: Words) -> dict[str, object]:
    """Everything the justification templates may use (the names of the first release are kept)."""
    case = facts.case
    o, c = case.order, case.claim
    cur = o.currency
    item = words.fit(L.item_en(o.item), "order.item") or "the item"
    if len(item) > 90:
        item = item[:87].rsplit(" ", 1)[0] + "..."
    subject, plural = L.subject_en(case)
    coded, free = L.problem_codes(case)
    free_en = [f for f in (words.english(p, "claim.problems") for p in free) if f]
    ask = L.ask_en(case)
    agreement = facts.agreement
    lead = ""
    later = None
    if agreement is not None:
        quote = _quote(facts, words)
        if agreement.equals_claim:
            lead = L.agreement_lead_en(agreement, quote)  # the strongest fact, in the first three lines
        else:
            later = L.agreement_en(agreement, cur, quote, "the seller")
    statement = words.english(c.statement, "claim.statement") if c.statement else ""
    return {
        "ordered": L.ordered_en(o.quantity, item),
        "order_id": o.id,
        "order_date": o.date.isoformat(),
        "total": format_money(case.refund.order_total, cur),
        "incl_shipping": f" including shipping of {format_money(o.shipping, cur)}" if o.shipping > 0 else "",
        "subject": subject,
        "plural": plural,
        "problem_text": L.join_en([p.en for p in coded]),
        "extra_problems": "; ".join(free_en),
        "quantity": o.quantity,
        "affected": c.affected_quantity,
        "tracking": o.tracking,
        "ask": ask,
        "agreement_lead": lead,
        "statement": L.sentence(statement) if statement else "",
        "facts": evidence_lines(facts, words, detail=2),
        "facts_grouped": evidence_lines(facts, words, detail=1),
        "facts_plain": evidence_lines(facts, words, detail=2, extras=False),
        "evidence_summary": L.summary_en(list(facts.exhibits)),
        "dates": [L.event_en(e) for e in facts.events],
        # when the form is short: the dates a reviewer checks first
        "key_dates": [L.event_en(e) for e in facts.events if e.what.en in ("ordered", "delivered", "seller agreed")],
        "computation": case.refund.computation,
        "agreement": later,
        "agreement_full": later or lead,
        "return_line": "I will send the item back as soon as the seller gives a return address."
        if c.resolution == "return_and_refund"
        else "",
    }


def _quote(facts: Facts, words: Words) -> str | None:
    """The seller's words as the form can carry them, or None (then the screenshot is cited alone)."""
    agreement = facts.agreement
    if agreement is None or agreement.quote is None:
        return None
    text = clean_text(agreement.quote.text)
    if not words.rules.ascii_only:
        return text
    plain, dropped = fold_ascii(text)
    if dropped:
        words.warnings.append(
            Phrase(
                "seller.agreement_quote is not in English letters: the English text cites the screenshot instead "
                "of quoting it (quote the seller's English words, or leave it to the screenshot)",
                "seller.agreement_quote が英字ではないため、英語の文では引用せずスクリーンショットを示しています",
            )
        )
        return None
    return plain.strip()


def evidence_lines(facts: Facts, words: Words, detail: int, extras: bool = True) -> list[str]:
    """One line per captioned exhibit; the uncaptioned exhibits of a kind named together on one line.
    extras: what a video shows about itself (continuity, the label), in the full version only."""
    exhibits = list(facts.exhibits)
    tracking = facts.case.order.tracking

    def extra(e: Exhibit) -> str:
        return L.video_extra_en(e, tracking) if detail >= 2 and extras else ""

    captions = {
        e.number: words.english(e.caption, f"caption of {e.rel}") for e in exhibits if e.user_caption and e.caption
    }
    lines: list[str] = []
    for item in fact_items(exhibits, lambda e: detail >= 2 and bool(captions.get(e.number))):
        first = item.exhibits[0]
        if item.captioned:
            ref = L.video_refs_en(first) if first.kind == "video" else first.label
            lines.append(f"{captions[first.number].rstrip('.')} ({ref}).{extra(first)}")
        elif item.kind == "video":
            for e in item.exhibits:
                lines.append(f"{L.default_caption_en(e)} ({L.video_refs_en(e)}).{extra(e)}")
        elif len(item.exhibits) == 1:
            lines.append(f"{L.default_caption_en(first)} ({first.label}).")
        else:
            group = L.group(item.kind, len(item.exhibits)).en
            lines.append(f"{group} ({exhibit_range([e.number for e in item.exhibits])}).")
    return lines


# --- the response to the seller's proposal ------------------------------------------------------


def response_context(facts: Facts, words: Words, ctx: dict[str, object]) -> dict[str, object]:
    case = facts.case
    cur = case.order.currency
    d = facts.dispute
    agreement = None
    if facts.agreement is not None:
        agreement = L.agreement_en(facts.agreement, cur, _quote(facts, Words(words.rules)), "you")
    return {
        "proposal": format_money(d.proposal or Decimal(0), cur),
        "below_agreement": d.went_back,
        "agreement": agreement,
        "problem_sentence": L.problem_sentence_en(facts),
        "objection_reply": L.objection_reply_en(facts, words),
        "proposal_note": "",  # the buyer's paraphrase is never quoted back to the seller as their note
        "clearer_reply": "",
        "refund": case.refund.text,
        "computation": case.refund.computation,
        "attached": L.attached_en(facts),
    }


# --- the escalation to the platform's staff -------------------------------------------------------


def escalation_context(facts: Facts, words: Words, ctx: dict[str, object]) -> dict[str, object]:
    case = facts.case
    cur = case.order.currency
    d = facts.dispute
    agreement = None
    if facts.agreement is not None:
        agreement = L.agreement_en(facts.agreement, cur, _quote(facts, Words(words.rules)), "the seller")
    return {
        **ctx,
        "opening": L.escalation_opening_en(facts),
        "agreement": agreement,
        "seller_now": L.seller_now_en(facts),
        "answer": L.objection_answer_for_staff_en(facts),
        "problem_sentence": L.problem_sentence_en(facts),
        "ask_staff": L.ask_staff_en(facts),
        "evidence": ctx["facts"],
        "evidence_grouped": ctx["facts_grouped"],
        "dates": ctx["dates"],
        "went_back": d.went_back,
    }


def exhibit_list(exhibits: list[Exhibit]) -> str:
    return exhibit_range([e.number for e in exhibits])

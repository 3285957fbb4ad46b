"""The English sentences of the texts, one function per kind of sentence, from the facts (texts/facts.py)."""

from __future__ import annotations

from decimal import Decimal

from evidence_pack.case import Case
from evidence_pack.exhibits import Exhibit, exhibit_range
from evidence_pack.money import format_money
from evidence_pack.texts.facts import Agreement, Event, Facts, item_name
from evidence_pack.texts.templating import verb
from evidence_pack.texts.wording import AGREED, GROUP_MANY, GROUP_ONE, OBJECTION, PROBLEM, REASON_PROBLEM, Phrase


def sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


def join_en(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def item_en(item: str) -> str:
    return item_name(item)


def ordered_en(quantity: int, item: str) -> str:
    """'2 units of "X"'; one unit is named alone, so a count in the name ("(2 pcs)") is not read as units."""
    quoted = f'"{item}"' if item != "the item" else item
    return f"{quantity} units of {quoted}" if quantity > 1 else quoted


def subject_en(case: Case) -> tuple[str, bool]:
    """The units the problem concerns, and whether the verb is plural."""
    q, a = case.order.quantity, case.claim.affected_quantity
    if a == q:
        if q == 1:
            return "The item", False
        return ("Both units" if q == 2 else f"All {q} units"), True
    return f"{a} of the {q} units", a > 1


def problem_codes(case: Case) -> tuple[list[Phrase], list[str]]:
    """The coded problems as phrases, and the buyer's own problem phrases."""
    c = case.claim
    coded = [
        PROBLEM[p] for p in c.problems if p in PROBLEM and not (c.reason == "missing_items" and p == "quantity_short")
    ]
    free = [p for p in c.problems if p not in PROBLEM]
    return coded, free


def ask_en(case: Case) -> str:
    c = case.claim
    amount = case.refund.text
    if c.resolution == "return_and_refund":
        return f"a refund of {amount}; I will return the item{'s' if c.affected_quantity > 1 else ''} to the seller"
    if c.reason == "missing_items":
        return (
            f"a refund of {amount} for the {c.affected_quantity} missing unit{'s' if c.affected_quantity > 1 else ''}"
        )
    if c.reason == "not_received":
        return f"a refund of {amount} for the undelivered order"
    return f"a refund of {amount} without returning the item (refund only)"


def _cite(agreement: Agreement) -> str:
    return exhibit_range(list(agreement.cite))


def _quoted(quote: str | None, agreement: Agreement) -> str:
    if not quote:
        return ""
    read = agreement.quote is not None and agreement.quote.source == "read"
    return f': "{quote.rstrip()}"' + (" (as read from the screenshot)" if read else "")


def agreement_lead_en(agreement: Agreement, quote: str | None) -> str:
    """The agreement to exactly the claimed amount, for the third line: the strongest fact."""
    when = f" on {agreement.on.isoformat()}" if agreement.on else ""
    cite = f" ({_cite(agreement)})" if agreement.cite else ""
    return f"The seller agreed to this amount in chat{when}{_quoted(quote, agreement)}{cite}."


def agreement_en(agreement: Agreement, currency: str, quote: str | None, who: str) -> str:
    """'On 2026-10-22 the seller agreed in chat to a partial refund of USD 13.50: "..." (Exhibit 6).'"""
    what = AGREED[agreement.what].en
    text = f"to {what}" if agreement.what != "replacement" else "to send a replacement"
    if agreement.amount is not None and agreement.what != "replacement":
        text += f" of {format_money(agreement.amount, currency)}"
    when = f"On {agreement.on.isoformat()} {who}" if agreement.on else who[:1].upper() + who[1:]
    cite = f" ({_cite(agreement)})" if agreement.cite else ""
    tail = ", which is the amount I request" if agreement.equals_claim else ""
    return f"{when} agreed in chat {text}{tail}{_quoted(quote, agreement)}{cite}."


def problem_predicate_en(case: Case) -> str:
    coded, _ = problem_codes(case)
    return join_en([p.en for p in coded]) or REASON_PROBLEM[case.claim.reason].en


def problem_sentence_en(facts: Facts) -> str:
    """What is wrong, with the exhibits that show it."""
    case = facts.case
    if case.claim.reason == "missing_items":
        text = f"{case.claim.affected_quantity} of the {case.order.quantity} units ordered were not in the parcel"
    elif case.claim.reason == "not_received":
        text = "The item has not been delivered"
    else:
        subject, plural = subject_en(case)
        text = f"{subject} {verb(problem_predicate_en(case), plural)}"
    refs = exhibit_range(facts.numbers("photo", "video"))
    listing = facts.numbers("listing")
    if listing and case.claim.reason in ("not_as_described", "counterfeit", "missing_items"):
        refs = (
            f"{refs}; the listing is {exhibit_range(listing)}" if refs else f"the listing is {exhibit_range(listing)}"
        )
    return f"{text} ({refs})." if refs else f"{text}."


def group(kind: str, n: int) -> Phrase:
    return (GROUP_ONE if n == 1 else GROUP_MANY)[kind]


def default_caption_en(e: Exhibit) -> str:
    """The words for an exhibit shown without the buyer's caption (none, or one the form cannot take):
    exhibits.default_caption's, never a file name."""
    if e.user_caption:
        return group(e.kind, 1).en
    return e.caption


def summary_en(exhibits: list[Exhibit]) -> str:
    kinds: list[str] = []
    for e in exhibits:
        name = {"photo": "photos", "listing": "listing", "video": "video", "chat": "chat", "document": "documents"}[
            e.kind
        ]
        if name not in kinds:
            kinds.append(name)
    return f"{exhibit_range([e.number for e in exhibits])} ({', '.join(kinds)})" if exhibits else "none attached"


def event_en(e: Event) -> str:
    what = (
        e.what.en
        if e.count == 1
        else f"{e.count} {e.what.en.replace('photo ', 'photos ').replace('video ', 'videos ')}"
    )
    return f"{what} {e.on.isoformat()}" + (f" ({exhibit_range(list(e.exhibits))})" if e.exhibits else "")


def video_refs_en(e: Exhibit) -> str:
    if not e.pictures:
        return e.label
    first, last = e.picture_tag(0), e.picture_tag(len(e.pictures) - 1)
    frames = f"frames {first}-{last}" if len(e.pictures) > 1 else f"frame {first}"
    requested = [f"{e.picture_tag(i)} at {e.timestamp(i)}" for i, p in enumerate(e.pictures) if p.requested]
    if requested:
        return f"{e.label}, {frames}; the problem is visible in {join_en(requested)}"
    return f"{e.label}, {frames}"


def video_extra_en(e: Exhibit, tracking: str | None = None) -> str:
    """What the video shows about itself, after its line: one continuous recording, the parcel's label at
    the start (video/statements.py); "" when there is nothing to say."""
    from evidence_pack.video.statements import video_facts

    said = video_facts(e.ingested.video, tracking) if e.kind == "video" else ""
    return f" {said}" if said else ""


def moments_en(e: Exhibit) -> str:
    requested = [f"{e.timestamp(i)} (frame {e.picture_tag(i)})" for i, p in enumerate(e.pictures) if p.requested]
    return f" at {join_en(requested)}" if requested else ""


def attached_en(facts: Facts) -> str:
    """Where the reviewer finds the exhibits on this platform: only what is true there."""
    if facts.upload.pdf and facts.upload.cards:
        return "Each exhibit is in the evidence PDF attached to the dispute, and attached as a picture of its own."
    if facts.upload.pdf:
        return "Each exhibit is in the evidence PDF attached to the dispute."
    return "Each exhibit is attached to the dispute as a picture of its own, with its number and caption."


_NOT_THE_FAULT = ("label", "parcel", "package", "packaging", "box", "receipt", "listing")


def fault_exhibits(facts: Facts) -> list[Exhibit]:
    """The exhibits that show the fault itself: the photos and videos the buyer captioned (in the order
    listed), not the ones of the parcel or its label; all photos and videos when none is captioned."""
    shown = [e for e in facts.exhibits if e.kind in ("photo", "video") and not e.is_agreement]
    chosen = [
        e
        for e in shown
        if (e.kind == "video" and any(p.requested for p in e.pictures))
        or (e.user_caption and not any(w in e.caption.lower() for w in _NOT_THE_FAULT))
    ]
    return chosen or shown


def _fault_refs(facts: Facts) -> list[str]:
    out = []
    for e in fault_exhibits(facts)[:4]:
        caption = e.caption.rstrip(".") if e.user_caption and e.caption.isascii() else ""
        if e.kind == "video":
            out.append(f"the video ({e.label}){moments_en(e)}")
        else:
            out.append(e.label + (f" ({caption[:1].lower() + caption[1:]})" if caption else ""))
    return out


def objection_answer_for_staff_en(facts: Facts) -> str:
    """For the platform's staff: what the evidence says to the seller's objection, in one sentence."""
    code = facts.dispute.objection
    if code == "clearer_pictures":  # the exhibits by number only: the evidence list below names them
        refs = [
            f"the video ({e.label}){moments_en(e)}" if e.kind == "video" else e.label for e in fault_exhibits(facts)[:4]
        ]
        return f"The fault is shown clearly in {join_en(refs)}." if refs else ""
    if code == "acceptable_difference":
        listing = exhibit_range(facts.numbers("listing"))
        received = exhibit_range(facts.numbers("photo", "video"))
        if listing and received:
            return (
                f"The listing ({listing}) shows what was sold; the item received ({received}) "
                f"{verb(problem_predicate_en(facts.case), False)}."
            )
    return ""


def objection_reply_en(facts: Facts, words: object) -> list[str]:
    """The answer to what the seller objects, one paragraph (as lines), or nothing."""
    case, d = facts.case, facts.dispute
    code = d.objection
    refs = _fault_refs(facts)
    fault = f"The fault is shown in {join_en(refs)}." if refs else ""
    listing = facts.numbers("listing")
    if code == "clearer_pictures":
        return [f"You asked for clearer pictures. {fault} {attached_en(facts)}".replace("  ", " ").strip()]
    if code == "acceptable_difference":
        shown = (
            f"the listing ({exhibit_range(listing)}) shows what was sold"
            if listing
            else "the listing shows what was sold"
        )
        received = exhibit_range(facts.numbers("photo", "video"))
        return [
            f"You say the difference is acceptable. It is not what was sold: {shown}, and the item I received"
            + (f" ({received})" if received else "")
            + f" {verb(problem_predicate_en(case), False)}."
        ]
    if code == "return_first":
        if case.claim.resolution == "return_and_refund":
            return ["You ask me to return the item first: I will send it back as soon as you give a return address."]
        return [
            "You ask me to return the item first. My dispute asks for a refund only, without a return: "
            + (f"{fault[:1].lower() + fault[1:]} " if fault else "")
            + f"If {facts.platform.name} decides that the item must be returned, I will send it back once a return "
            "address is given."
        ]
    if code == "resend_offered":
        agreed = ""
        if facts.agreement is not None and facts.agreement.equals_claim and facts.agreement.on:
            agreed = f", the amount you agreed to on {facts.agreement.on.isoformat()}"
        return [f"You offer to send the item again. I decline: I asked for a refund of {case.refund.text}{agreed}."]
    if code == "damaged_by_buyer":
        video = next((e for e in facts.exhibits if e.kind == "video"), None)
        if video is not None:
            return [
                f"You say I caused the damage. The video ({video.label}) shows the item as it came out of the parcel"
                f"{moments_en(video)}."
            ]
        photos = exhibit_range(facts.numbers("photo"))
        return [f"You say I caused the damage. {photos} show the item as I received it."] if photos else []
    if code == "partial_offer":
        return [
            f"Your offer of {format_money(d.proposal or Decimal(0), case.order.currency)} is less than my claim of "
            f"{case.refund.text}, which is computed as: {case.refund.computation}."
        ]
    if code == "no_reply" or code is None:
        return []
    return [fault] if fault else []  # a phrase of the buyer's own: answered by the evidence, never echoed


_OPENING = {
    "aliexpress": "To AliExpress customer service: please step in on my dispute for order {id}.",
    "paypal": "I am escalating this dispute to a claim (order {id}, paid on {date}).",
    "ebay": "I ask eBay to step in on my request for order {id}.",
    "amazon": "A-to-z Guarantee claim for order {id}.",
    "card": "I dispute the charge of {total} made on {date}{store} for order {id}.",
    "generic": "To the platform's support team: please step in on my dispute for order {id}.",
}


def escalation_opening_en(facts: Facts) -> str:
    o = facts.case.order
    store = f" by {o.store}" if o.store and o.store.isascii() else ""
    from evidence_pack.platforms import marketplace

    bought_on = marketplace(facts.case.platform)
    if facts.platform.key == "card" and bought_on:  # the statement names the marketplace, not its seller
        seller = f" (seller: {o.store})" if o.store and o.store.isascii() else ""
        store = f" by {bought_on}{seller}"
    return _OPENING[facts.platform.key].format(
        id=o.id, date=o.date.isoformat(), total=format_money(facts.case.refund.order_total, o.currency), store=store
    )


def seller_now_en(facts: Facts) -> str:
    """What the seller did instead of refunding."""
    d, case = facts.dispute, facts.case
    cur = case.order.currency
    when = f"On {d.proposal_on.isoformat()} the seller" if d.proposal_on else "The seller then"
    said = OBJECTION[d.objection].en if d.objection in OBJECTION and d.objection != "no_reply" else ""
    if d.proposal is not None and d.went_back:
        said = f" The seller {said}." if said else ""
        return f"{when} went back on this and proposed {format_money(d.proposal, cur)}.{said}"
    if d.proposal is not None and d.rejects:
        said = f"; the seller {said}" if said else ""
        return f"{when} proposed {format_money(d.proposal, cur)}, less than my claim of {case.refund.text}{said}."
    if d.objection == "no_reply":
        since = case.seller.contacted_on or case.claim.opened_on
        return f"The seller has not replied{f' since {since.isoformat()}' if since else ''}."
    return ""


def ask_staff_en(facts: Facts) -> str:
    case = facts.case
    who = "the card issuer" if facts.platform.key == "card" else facts.platform.name
    if facts.platform.key == "card":
        return f"I ask for {case.refund.text} back ({case.refund.computation})."
    return f"I ask {who} to decide in my favour and refund {case.refund.text} ({case.refund.computation})."

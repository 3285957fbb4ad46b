"""The pre-flight review: what a dispute reviewer will miss in this case, and the dates that matter.

Works on facts already read (the case, the kinds and capture times of its files); reads nothing itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from evidence_pack.case import Case, implausible_dates
from evidence_pack.money import compute_refund, format_money
from evidence_pack.platforms import Platform
from evidence_pack.review.deadlines import deadlines

SOON_DAYS = 14


@dataclass(frozen=True)
class FileFacts:
    rel: str
    kind: str | None
    ok: bool
    captured_at: dt.datetime | None = None
    has_metadata: bool = True
    video: Mapping[str, object] | None = None  # what reading a video found (Ingested.video's keys)


@dataclass(frozen=True)
class Finding:
    level: str  # "error" | "warning" | "advice"
    code: str
    message: str
    file: str | None = None

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"level": self.level, "code": self.code, "message": self.message}
        if self.file:
            d["file"] = self.file
        return d


def review(case: Case, files: list[FileFacts], platform: Platform, today: dt.date) -> list[Finding]:
    """Every finding for this case, most important first."""
    out: list[Finding] = []
    usable = [f for f in files if f.ok]
    kinds = {k: [f for f in usable if f.kind == k] for k in ("photo", "video", "chat", "listing", "document")}
    out += [Finding("warning", "implausible_date", m) for m in implausible_dates(case, today)]
    out += _winning_evidence(case, kinds)
    out += _photo_findings(case, kinds["photo"])
    out += _video_findings(case, kinds["video"])
    out += _amount_findings(case)
    out += _seller_findings(case, kinds)
    out += _deadlines(case, platform, today)
    order = {"error": 0, "warning": 1, "advice": 2}
    return sorted(out, key=lambda f: order[f.level])


def _winning_evidence(case: Case, kinds: dict[str, list[FileFacts]]) -> list[Finding]:
    c = case.claim
    out: list[Finding] = []
    photos, videos, listing = kinds["photo"], kinds["video"], kinds["listing"]

    def missing(code: str, text: str) -> None:
        out.append(Finding("warning", code, text))

    def advice(code: str, text: str) -> None:
        out.append(Finding("advice", code, text))

    if c.reason == "defective":
        if not videos:
            missing(
                "no_video",
                "defective: there is no video. A video that shows the item connected and not "
                "working wins these disputes; record one and put it in videos/",
            )
        if case.order.quantity > 1:
            advice(
                "show_every_unit",
                f"defective: show all {case.order.quantity} units, the working ones "
                "beside the faulty one, in the photos or the video",
            )
    elif c.reason == "not_as_described":
        if not listing:
            missing(
                "no_listing",
                "not as described: there is no listing screenshot. Put a screenshot of what "
                "the listing promised in listing/, to show beside the item received",
            )
        if "wrong_size" in c.problems:
            advice(
                "ruler",
                "wrong size: photograph the item flat with a ruler or tape measure in frame, and its size label",
            )
        advice(
            "one_line_per_difference",
            "not as described: write one line per difference in "
            'claim.statement, such as "Listed: navy blue; received: red"',
        )
    elif c.reason == "damaged":
        if len(photos) < 3:
            missing(
                "few_photos",
                "damaged: show the outer packaging, the inner packaging, then the damage close "
                f"up (3 photos at least; this case has {len(photos)})",
            )
    elif c.reason == "missing_items":
        if not photos:
            missing(
                "no_photo_of_contents",
                "missing items: there is no photo of everything that was received together; add one to photos/",
            )
        advice(
            "label_weight",
            "missing items: a photo of the parcel label with its weight, and of the opened "
            "parcel, shows what was shipped",
        )
    elif c.reason == "counterfeit":
        if not listing:
            missing("no_listing", "counterfeit: there is no listing screenshot showing the brand that was sold")
        advice(
            "logo_serial",
            "counterfeit: photograph the logo and the serial number close up, and compare "
            "them with the brand's official product page",
        )
    elif c.reason == "not_received":
        if not case.order.tracking:
            missing("no_tracking", "not received: order.tracking is empty; add the tracking number")
        if not kinds["document"] and not kinds["chat"]:
            missing(
                "no_tracking_history",
                "not received: add screenshots of the tracking history (documents/ or chat/), with the delivery window",
            )
    if c.reason not in ("not_received", "defective") and not videos:
        advice(
            "unboxing_video",
            "a continuous unboxing video that starts on the sealed parcel and its label "
            "is the strongest evidence; keep it for the next dispute if it is too late now",
        )
    return out


def _photo_findings(case: Case, photos: list[FileFacts]) -> list[Finding]:
    out: list[Finding] = []
    delivered = case.order.delivered
    for f in photos:
        if not f.has_metadata:
            out.append(
                Finding(
                    "warning",
                    "no_capture_metadata",
                    f"{f.rel}: no capture time or camera in the file, as happens when a photo is "
                    "forwarded through a chat app; use the original from the phone",
                    f.rel,
                )
            )
        elif f.captured_at is not None:
            day = f.captured_at.date()
            if day < case.order.date:
                out.append(
                    Finding(
                        "warning",
                        "photo_before_order",
                        f"{f.rel}: taken {day}, before the order date {case.order.date}; is it the right photo?",
                        f.rel,
                    )
                )
            elif delivered and day < delivered:
                out.append(
                    Finding(
                        "warning",
                        "photo_before_delivery",
                        f"{f.rel}: taken {day}, before the delivery date {delivered}; a reviewer will "
                        "ask how; check order.delivered or the photo",
                        f.rel,
                    )
                )
    return out


def _video_findings(case: Case, videos: list[FileFacts]) -> list[Finding]:
    """Cuts and gaps a reviewer will see, a recording older than the order, a label of another parcel."""
    from evidence_pack.read.tracking import same_number
    from evidence_pack.video.statements import cuts_sentence

    out: list[Finding] = []
    for f in videos:
        v = f.video or {}
        cuts = cuts_sentence(v)
        if cuts:
            out.append(
                Finding(
                    "warning",
                    "video_cut",
                    f"{f.rel}: {cuts[0].lower()}{cuts[1:-1]}; reviewers doubt edited videos: send the original, "
                    "uncut recording if you have it",
                    f.rel,
                )
            )
        created = _video_created(v.get("created_at"))
        # a day of slack: the file's clock is UTC, the order date the buyer's
        if created is not None and created < case.order.date - dt.timedelta(days=1):
            out.append(
                Finding(
                    "warning",
                    "video_before_order",
                    f"{f.rel}: recorded {created} (the file's creation time), before the order date "
                    f"{case.order.date}; is it the right video?",
                    f.rel,
                )
            )
        label = v.get("label")
        tracking = case.order.tracking
        if isinstance(label, Mapping) and tracking and not same_number(str(label.get("text") or ""), tracking):
            out.append(
                Finding(
                    "advice",
                    "video_label_other_number",
                    f"{f.rel}: the label's barcode in the first seconds reads {label.get('text')}, not "
                    f"order.tracking {tracking}; if the parcel carries both (a Cainiao LP number and a postal "
                    "one), add the one on the label to the order page screenshot or the statement",
                    f.rel,
                )
            )
    return out


def _video_created(value: object) -> dt.date | None:
    """The date of a video's creation_time (ISO, UTC); None when absent or a container's zero date."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.date() if when.year >= 2005 else None


def _amount_findings(case: Case) -> list[Finding]:
    o, c = case.order, case.claim
    out: list[Finding] = []
    if (
        c.affected_quantity < o.quantity
        and case.refund.amount > case.refund.order_total * c.affected_quantity / o.quantity
    ):
        fair = compute_refund(
            "proportional",
            unit_price=o.unit_price,
            quantity=o.quantity,
            shipping=o.shipping,
            affected_quantity=c.affected_quantity,
            currency=o.currency,
        )
        out.append(
            Finding(
                "warning",
                "claim_above_share",
                f"the claim {case.refund.text} is more than the share of the {c.affected_quantity} "
                f"affected unit(s) ({fair.text}); sellers and reviewers refuse such claims more often",
            )
        )
    s = case.seller
    if s.agreed_amount is not None and s.agreed_amount < case.refund.amount:
        out.append(
            Finding(
                "advice",
                "claim_above_agreement",
                f"the seller agreed to {format_money(s.agreed_amount, o.currency)}, less than the claim "
                f"{case.refund.text}; claiming what was agreed is usually decided fastest",
            )
        )
    return out


def _seller_findings(case: Case, kinds: dict[str, list[FileFacts]]) -> list[Finding]:
    s = case.seller
    out: list[Finding] = []
    if s.agreed != "none" and not s.agreement_evidence:
        out.append(
            Finding(
                "warning",
                "agreement_without_evidence",
                "the seller agreed, but seller.agreement_evidence names no chat screenshot; "
                "the screenshot of that message is your strongest evidence"
                + ("" if kinds["chat"] else ": add it to chat/"),
            )
        )
    if s.proposal is not None and s.proposal < case.refund.amount:
        out.append(
            Finding(
                "warning",
                "do_not_accept",
                f"the seller proposes {format_money(s.proposal, case.order.currency)}: do not press Accept, it closes "
                "the dispute for good; reject it and send response.txt with the evidence",
            )
        )
    return out


def _deadlines(case: Case, platform: Platform, today: dt.date) -> list[Finding]:
    out: list[Finding] = []

    def window(code: str, end: dt.date, left: int, what: str) -> None:
        if left < 0:
            out.append(
                Finding(
                    "warning",
                    code,
                    f"{platform.name}: {what} ended on {end} ({-left} days ago); contact support anyway and say why",
                )
            )
        elif left <= SOON_DAYS:
            out.append(Finding("warning", code, f"{platform.name}: {what} ends on {end}: {left} days left"))
        else:
            out.append(Finding("advice", code, f"{platform.name}: {what} ends on {end} ({left} days left)"))

    for d in deadlines(case, platform, today):
        window(d.code, d.end, d.days_left, d.what_en)
    if platform.key == "amazon":
        out.append(
            Finding(
                "advice",
                "contact_seller_first",
                "Amazon: contact the seller first and wait 48 hours before filing the claim",
            )
        )
    if platform.escalate_within_days:
        out.append(
            Finding(
                "advice",
                "escalate_deadline",
                f"{platform.name}: escalate to a claim within {platform.escalate_within_days} days of "
                "opening the dispute, or it closes",
            )
        )
    if platform.seller_reply_days:
        out.append(
            Finding(
                "advice",
                "seller_reply",
                f"{platform.name}: the seller has about {platform.seller_reply_days} days to answer your "
                "proposal; if they stay silent, your amount is refunded. Answer their proposals in time",
            )
        )
    return out

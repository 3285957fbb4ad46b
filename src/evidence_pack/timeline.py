"""The dates of a dispute: what happened when, from the case's dates and the capture times of its exhibits;
and the capture times a reviewer would not believe (a photo taken before the order, a clock never set).

`check_capture` is the one date check of evidence files: `check` turns it into findings, `build` into
warnings and the marker on the exhibit's page and card, so both say the same words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from evidence_pack.case import EARLIEST_PLAUSIBLE, Case, date_fields
from evidence_pack.money import format_money

if TYPE_CHECKING:
    from evidence_pack.exhibits import Exhibit

# A video's creation time is UTC and the case's dates are the buyer's own days: a video made in the
# morning in Tokyo carries the previous day in UTC. One day of slack keeps that from being flagged.
_UTC_SLACK = dt.timedelta(days=1)
# Capture times may be up to a day ahead of the build's UTC date (a phone's local time east of UTC).
_FUTURE_SLACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class DateCheck:
    """A capture time that works against the buyer, said once for check, build, the PDF and the card."""

    code: str  # photo_before_order | photo_before_delivery | video_before_order | clock_not_set | capture_in_future
    when: str  # the capture time as shown: "2018-02-17 14:03"
    marker: str  # what is wrong with it, shown beside the time: "before the order date 2026-10-01"
    advice: str  # what to do about it
    verb: str = "taken"  # "recorded" for videos
    marker_ja: str = ""
    advice_ja: str = ""

    def message(self, rel: str) -> str:
        """The warning: names the file, the time, what is wrong and what to do."""
        return f"{rel}: {self.verb} {self.when}, {self.marker}; {self.advice}"

    def message_ja(self, rel: str) -> str:
        """The same warning in Japanese (check and build in a Japanese case)."""
        return f"{rel}: 撮影日時 {self.when}（{self.marker_ja}）。{self.advice_ja}"

    @property
    def label(self) -> str:
        """The visible marker on the exhibit: 'Taken 2018-02-17 14:03 — before the order date 2026-10-01'."""
        return f"{self.verb.capitalize()} {self.when} \u2014 {self.marker}"


def parse_capture(text: str | None) -> dt.datetime | None:
    """A capture time as stored on an exhibit (ISO; videos carry their UTC offset), or None."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def capture_label(when: dt.datetime) -> str:
    """'2026-10-21 14:03', or '2026-10-21 05:03 UTC' for a time that carries its offset (videos)."""
    text = when.strftime("%Y-%m-%d %H:%M")
    return f"{text} UTC" if when.tzinfo is not None and when.utcoffset() == dt.timedelta(0) else text


def check_capture(kind: str | None, captured: dt.datetime | None, case: Case, today: dt.date) -> DateCheck | None:
    """What is wrong with this file's capture time, if anything. Photos are checked against the order and
    delivery dates, videos against the order date; every kind against a clock never set or in the future.
    Listing and chat screenshots may well predate the order (a listing is saved before buying)."""
    if captured is None:
        return None
    video = kind == "video"
    verb = "recorded" if video else "taken"
    noun = "video" if video else "photo"
    when = capture_label(captured)
    day = captured.date()
    order = case.order
    retake = "record it again" if video else "retake it"
    if day < EARLIEST_PLAUSIBLE:
        if video:  # containers write 1904-01-01 or 1970-01-01 when no time was recorded: no time, not a claim
            return None
        return DateCheck(
            "clock_not_set",
            when,
            "a date a camera gives when its clock was never set",
            f"set the clock and {retake}, or say in claim.statement that the camera's clock was wrong",
            verb,
            "時計が設定されていないカメラの日付です",
            "カメラの時計を合わせて撮り直すか、時計が違っていたことを claim.statement に書いてください",
        )
    if day > today + _FUTURE_SLACK:
        return DateCheck(
            "capture_in_future",
            when,
            f"after the date of this pack {today.isoformat()}",
            f"the camera's clock is wrong: set it and {retake}, or say in claim.statement that the clock was wrong",
            verb,
            f"この資料の作成日 {today.isoformat()} より後です",
            "カメラの時計が違っています。時計を合わせて撮り直すか、時計が違っていたことを claim.statement に書いてください",
        )
    if kind not in ("photo", "video"):
        return None
    slack = _UTC_SLACK if captured.tzinfo is not None else dt.timedelta(0)
    if day + slack < order.date:
        return DateCheck(
            f"{noun}_before_order",
            when,
            f"before the order date {order.date.isoformat()}",
            f"a reviewer will take it for an old or reused {noun}: {retake}, or, if the camera's clock was "
            "wrong, set it right and say so in claim.statement",
            verb,
            f"注文日 {order.date.isoformat()} より前です",
            "審査では古い、または使い回しの写真・動画と見なされます。撮り直すか、カメラの時計が違っていた場合は"
            "時計を合わせ、そのことを claim.statement に書いてください",
        )
    if not video and order.delivered and day < order.delivered:
        return DateCheck(
            "photo_before_delivery",
            when,
            f"before the delivery date {order.delivered.isoformat()}",
            "a reviewer will ask how; check order.delivered or the photo",
            verb,
            f"配達日 {order.delivered.isoformat()} より前です",
            "審査で理由を聞かれます。order.delivered か写真を確認してください",
        )
    return None


@dataclass(frozen=True)
class Event:
    """One dated step of the dispute, in plain English, with the exhibits that show it."""

    date: dt.date
    what: str
    exhibits: tuple[int, ...] = ()
    field: str = ""  # the case field it comes from ("order.delivered"), or "" for capture times
    kind: str = ""  # for capture times: the kind of the exhibits taken that day ("photo", "video" ...)

    @property
    def exhibit(self) -> int | None:
        """The (first) exhibit that shows this event, if one does."""
        return self.exhibits[0] if self.exhibits else None


_AGREED = {
    "partial_refund": "a partial refund",
    "full_refund": "a full refund",
    "return": "a return for a refund",
    "replacement": "send a replacement",
}
_CAPTURED = {
    "photo": ("Photo taken", "photos taken"),
    "video": ("Video recorded", "videos recorded"),
    "listing": ("Listing screenshot taken", "listing screenshots taken"),
    "chat": ("Chat screenshot taken", "chat screenshots taken"),
}


def _field_event(case: Case, name: str, day: dt.date, agreement: int | None) -> Event:
    o, s = case.order, case.seller
    cur = o.currency
    if name == "order.date":
        what = f"Order placed ({format_money(case.refund.order_total, cur)} paid)"
    elif name == "order.shipped":
        what = "Shipped by the seller" + (f" (tracking {o.tracking})" if o.tracking else "")
    elif name == "order.delivered":
        what = "Delivered"
    elif name == "claim.noticed_on":
        what = "Problem found"
    elif name == "seller.contacted_on":
        what = "Buyer contacted the seller"
    elif name == "seller.agreed_on":
        agreed = "send a replacement" if s.agreed == "replacement" else _AGREED.get(s.agreed, "a refund")
        if s.agreed_amount is not None and s.agreed != "replacement":
            agreed += f" of {format_money(s.agreed_amount, cur)}"
        what = f"Seller agreed in chat to {agreed}"
        return Event(day, what, (agreement,) if agreement else (), name)
    elif name == "claim.opened_on":
        what = "Dispute opened"
    else:  # seller.proposal_on
        what = (
            f"Seller proposed {format_money(s.proposal, cur)}" if s.proposal is not None else "Seller made a proposal"
        )
    return Event(day, what, (), name)


# The order of the case's events within one day (case.date_fields lists them in this order), and where
# capture times sit among them: after the delivery and the problem being found (the photos show it),
# before the seller is told, agrees or the dispute is opened.
_RANK = {
    "order.date": 0,
    "order.shipped": 1,
    "order.delivered": 2,
    "claim.noticed_on": 3,
    "seller.contacted_on": 5,
    "seller.agreed_on": 6,
    "claim.opened_on": 7,
    "seller.proposal_on": 8,
}
_CAPTURE_RANK = 4


def timeline(case: Case, exhibits: list[Exhibit]) -> list[Event]:
    """The dispute's events in date order: every date of the case file, then the days on which its
    exhibits were taken (grouped by day and kind). Capture times that fail check_capture are left out:
    a wrong clock is not an event (the exhibit's own page says what is wrong with it)."""
    agreement = next((e.number for e in exhibits if e.is_agreement), None)
    ranked: list[tuple[dt.date, int, Event]] = [
        (day, _RANK.get(name, len(_RANK)), _field_event(case, name, day, agreement)) for name, day in date_fields(case)
    ]
    groups: dict[tuple[dt.date, str], list[int]] = {}
    for ex in exhibits:
        when = parse_capture(ex.captured_at)
        if when is None or ex.kind not in _CAPTURED or ex.date_check is not None:
            continue
        groups.setdefault((when.date(), ex.kind), []).append(ex.number)
    kinds = list(_CAPTURED)
    for (day, kind), numbers in sorted(groups.items(), key=lambda g: (g[0][0], kinds.index(g[0][1]))):
        one, many = _CAPTURED[kind]
        what = one if len(numbers) == 1 else f"{len(numbers)} {many}"
        ranked.append((day, _CAPTURE_RANK, Event(day, what, tuple(numbers), kind=kind)))
    return [e for _, _, e in sorted(ranked, key=lambda r: (r[0], r[1]))]

"""Platform profiles: one data file per platform with its upload limits and text rules."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from evidence_pack.errors import CaseError

NAMES = ("aliexpress", "paypal", "ebay", "amazon", "card", "generic")


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    upload: str  # "cards" | "pdf"
    upload_types: tuple[str, ...]
    max_file_bytes: int
    max_files: int  # 0 = no cap
    accepts_pdf: bool
    accepts_video: bool
    max_video_bytes: int  # 0 = unknown
    ascii_only: bool
    text_max_chars: int  # 0 = no limit
    page: str
    pdf_max_pages: int = 0  # 0 = no limit
    pdf_max_bytes: int = 0  # 0 = no limit
    min_text_pt: float = 0
    open_within_days: int = 0
    open_from: str = "order"  # "order" (the payment) or "delivery" (the latest delivery date)
    escalate_within_days: int = 0  # escalate to a claim within this many days of opening
    escalate_after_days: int = 0  # wait this long after contacting the seller before a claim
    seller_reply_days: int = 0
    seller_reply_business_days: int = 0
    platform_decides_days: int = 0  # the platform's staff answer within about this many days
    escalation_reply_days: int = 0  # the seller answers an escalated claim within this many days
    after_protection_days: int = 0  # AliExpress: a dispute can still be opened this long after protection ends

    @property
    def takes_pdf(self) -> bool:
        """evidence.pdf goes into upload/ (when it fits the size limit)."""
        return self.upload == "pdf" and self.accepts_pdf

    @property
    def takes_cards(self) -> bool:
        """One JPEG exhibit card per picture goes into upload/ (every platform that takes images,
        except the card profile, which takes one PDF only)."""
        pdf_only = self.takes_pdf and self.max_files == 1
        return not pdf_only and ("jpg" in self.upload_types or "jpeg" in self.upload_types)


@cache
def get(key: str) -> Platform:
    """The profile of a platform by key; CaseError for an unknown one."""
    if key not in NAMES:
        raise CaseError(f"platform: {key!r} is not known; use one of: {', '.join(NAMES)}")
    import tomllib  # here, not above: every command imports NAMES, few read a profile (`frames` none)
    from importlib import resources

    raw = tomllib.loads((resources.files(__name__) / f"{key}.toml").read_text("utf-8"))
    raw["upload_types"] = tuple(raw["upload_types"])
    return Platform(key=key, **raw)


def marketplace(key: str) -> str | None:
    """The name of the platform a case was bought on when it is a marketplace with disputes of its own (what
    a card statement names, and whose dispute may be open beside a chargeback); None for card and generic."""
    return None if key in ("card", "generic") else get(key).name


def all_platforms() -> list[Platform]:
    return [get(k) for k in NAMES]

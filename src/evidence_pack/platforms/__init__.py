"""Platform profiles: one data file per platform with its upload limits and text rules."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

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
    escalate_within_days: int = 0
    seller_reply_days: int = 0


@cache
def get(key: str) -> Platform:
    """The profile of a platform by key; CaseError for an unknown one."""
    if key not in NAMES:
        raise CaseError(f"platform: {key!r} is not known; use one of: {', '.join(NAMES)}")
    raw = tomllib.loads((resources.files(__name__) / f"{key}.toml").read_text("utf-8"))
    raw["upload_types"] = tuple(raw["upload_types"])
    return Platform(key=key, **raw)


def all_platforms() -> list[Platform]:
    return [get(k) for k in NAMES]

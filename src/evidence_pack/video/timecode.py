"""Moments in a video as people read them: mm:ss, with tenths where two would look the same."""

from __future__ import annotations

import re
from typing import Any

# A frame's time is a count of its stream's ticks: 6.0 s may be stored as 5.9997 s.
_TICK = 0.005


def format_ts(seconds: float, precise: bool = False) -> str:
    """mm:ss (or h:mm:ss); with precise, tenths of a second as well. Cut down, never rounded up, as a
    player's clock shows it: the frame at 7.9 s of an 8-s video is at 00:07, not at its end."""
    ticks = int((max(0.0, seconds) + _TICK) * 10)
    whole, tenths = divmod(ticks, 10)
    if not precise:
        tenths = 0
    return _clock(whole, tenths if precise else 0)


def _clock(whole: int, tenths: int) -> str:
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    base = f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
    return f"{base}.{tenths}" if tenths else base


def needs_tenths(times: list[float]) -> bool:
    """True when two moments would print as the same mm:ss."""
    shown = [format_ts(t) for t in times]
    return len(set(shown)) < len(shown)


def format_length(seconds: float) -> str:
    """A recording's length: 02:14, 1:02:03; under a second with tenths, 00:00.6 (never "00:00")."""
    if seconds < 1:
        return f"00:00.{min(9, round(seconds * 10))}"
    return _clock(round(seconds), 0)


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

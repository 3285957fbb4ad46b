"""Moments in a video as people read them: mm:ss, with tenths where two would look the same."""

from __future__ import annotations


def format_ts(seconds: float, precise: bool = False) -> str:
    """mm:ss (or h:mm:ss); with precise, tenths of a second as well."""
    if precise:
        whole = int(seconds)
        tenths = round((seconds - whole) * 10)
        if tenths == 10:
            whole, tenths = whole + 1, 0
    else:
        whole, tenths = round(seconds), 0
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    base = f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
    return f"{base}.{tenths}" if precise and tenths else base


def needs_tenths(times: list[float]) -> bool:
    """True when two moments would print as the same mm:ss."""
    shown = [format_ts(t) for t in times]
    return len(set(shown)) < len(shown)


def format_length(seconds: float) -> str:
    """A recording's length: 02:14, 1:02:03; under a second with tenths, 00:00.6 (never "00:00")."""
    if seconds < 1:
        return f"00:00.{min(9, round(seconds * 10))}"
    return format_ts(seconds)

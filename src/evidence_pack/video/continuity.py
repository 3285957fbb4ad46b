"""Was the recording cut? Hard scene changes between consecutive frames, and gaps or jumps in the
timestamps, looked for over the whole video.

Short clips are decoded frame by frame, so every pair of consecutive frames is compared. Long clips are
screened on their timeline first (timeline.py: no decoding): a cut makes the encoder start a keyframe
before its regular cadence, or spend on one frame several times the bits of its neighbours (a new scene
cannot be predicted from the last one). Only around those places are frames decoded and compared. A
video is said to be one continuous recording only when the whole of it was checked this way and nothing
was found; a video that could not be checked to its end says nothing.

Pure Python and Pillow: the decoding is sample.py's.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PIL import Image

from evidence_pack.video.choose import difference
from evidence_pack.video.timeline import Break, Timeline

# Consecutive frames whose 32x32 grey copies differ by at least CUT_MIN (mean of 0-255) and by CUT_RATIO
# times what neighbouring frames differ by are a hard scene change: the whole picture is new. Camera
# motion changes every frame a little (a fast pan: several frames in a row, so the ratio stays low), and a
# cut is a single step: at least PEAK_RATIO times the difference just before and just after it.
CUT_MIN = 12.0
CUT_RATIO = 4.0
PEAK_RATIO = 2.0
_QUIET = 1.5  # the least neighbouring difference assumed (sensor noise, compression)
_AROUND = 8  # frames each side whose differences make the neighbourhood
# Two decoded keyframes that differ by less than this show the same scene: no hard cut between them.
SAME_SCENE = 6.0
# A frame that costs SPIKE_RATIO times the bits of the busier of its neighbours, and at least
# SPIKE_OF_KEY of a keyframe, was hardly predicted from the frame before: a place to look at.
SPIKE_RATIO = 2.5
SPIKE_OF_KEY = 0.4
_SPIKE_AROUND = 30
# A keyframe costing KEY_RATIO times more or less than the keyframes around it shows a different picture.
KEY_RATIO = 1.5


def cuts_in(times_s: Sequence[float], sigs: Sequence[Image.Image]) -> list[float]:
    """The moments (the first frame of the new scene) at which consecutive frames change completely.
    times_s and sigs are in presentation order."""
    diffs = [difference(a, b) for a, b in pairwise(sigs)]
    out: list[float] = []
    for i, d in enumerate(diffs):
        if d < CUT_MIN:
            continue
        around = [diffs[j] for j in range(max(0, i - _AROUND), min(len(diffs), i + _AROUND + 1)) if abs(j - i) > 1]
        usual = statistics.median(around) if around else 0.0
        # a cut is one step: the frames either side move as before (something swept through the picture
        # changes it over several frames in a row)
        beside = max(diffs[i - 1] if i > 0 else 0.0, diffs[i + 1] if i + 1 < len(diffs) else 0.0)
        if d >= CUT_RATIO * max(usual, _QUIET) and d >= PEAK_RATIO * beside:
            out.append(times_s[i + 1])
    return out


@dataclass(frozen=True)
class Suspect:
    """A place on the timeline to decode and look at, with the keyframes around it: `before` (the
    keyframe it follows) and `after` (the keyframe that ends its stretch, None at the end of the video)."""

    index: int  # in the timeline (decode order)
    why: str  # "early keyframe" | "keyframe unlike its neighbours" | "audio joined here" | "large frame"
    before: int
    after: int | None


def suspects(tl: Timeline) -> list[Suspect]:
    """Where a cut may be, from the timeline alone: keyframes before the regular cadence, and frames that
    cost far more than their neighbours."""
    keys = tl.keyframes
    if not keys:
        return []
    out: list[Suspect] = []
    intervals = [b - a for a, b in pairwise(keys)]
    regular = _cadence(intervals)
    key_sizes = [tl.sizes[k] for k in keys]
    for pos, (prev, k) in enumerate(pairwise(keys), start=1):
        if regular is None or k - prev < regular - 1:
            out.append(Suspect(k, "early keyframe", prev, k))
            continue
        # a keyframe on the cadence that costs much more or less than the keyframes around it shows a
        # picture unlike theirs: a join of two takes made where a keyframe was due leaves only this trace
        near = key_sizes[max(0, pos - 2) : pos] + key_sizes[pos + 1 : pos + 3]
        usual = statistics.median(near)
        if usual > 0 and not 1 / KEY_RATIO <= key_sizes[pos] / usual <= KEY_RATIO:
            out.append(Suspect(k, "keyframe unlike its neighbours", prev, k))
    key_s = [tl.shown_s(k) for k in keys]
    for at in tl.audio_joins_s:
        # the keyframe the video part of a join starts on: the nearest
        pos = min(range(len(keys)), key=lambda p: abs(key_s[p] - at))
        if pos > 0:
            out.append(Suspect(keys[pos], "audio joined here", keys[pos - 1], keys[pos]))
    key_size = statistics.median(key_sizes)
    others = [i for i in range(len(tl)) if not tl.keys[i]]
    for pos, i in enumerate(others):
        size = tl.sizes[i]
        if size < SPIKE_OF_KEY * key_size:
            continue
        near = [tl.sizes[j] for j in others[max(0, pos - _SPIKE_AROUND) : pos + _SPIKE_AROUND + 1] if abs(j - i) > 1]
        if near and size < SPIKE_RATIO * _high(near):
            continue
        at = bisect.bisect_left(keys, i)
        out.append(Suspect(i, "large frame", keys[max(0, at - 1)], keys[at] if at < len(keys) else None))
    out.sort(key=lambda s: s.index)
    return out


def _cadence(intervals: list[int]) -> int | None:
    """The regular keyframe interval (in frames), when at least half of the intervals are it (within a
    frame); None for encoders that place keyframes freely."""
    if not intervals:
        return None
    common = statistics.mode(intervals)
    near = sum(1 for v in intervals if abs(v - common) <= 1)
    return common if near * 2 >= len(intervals) else None


def _high(values: list[int]) -> float:
    """The 75th percentile: what the busier ordinary frames cost (a P-frame among B-frames is one in three
    or four), without letting another cut nearby raise the bar."""
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(len(ordered) * 0.75))])


@dataclass(frozen=True)
class Continuity:
    """What was found about the recording's continuity, and how much of it was checked."""

    cuts_s: tuple[float, ...]  # moments where the picture changes completely from one frame to the next
    breaks: tuple[Break, ...]  # gaps and jumps in the timestamps
    checked_s: float  # the video was checked from its start to here
    duration_s: float
    whole: bool  # all of it was checked (every frame, or every suspicious place of the timeline)
    method: str  # "every frame" | "timeline and suspicious places"

    @property
    def continuous(self) -> bool:
        """One continuous recording: the whole video checked, no cut, no gap, no jump."""
        return self.whole and not self.cuts_s and not self.breaks

    def as_dict(self) -> dict[str, object]:
        """Plain data, for Ingested.video and manifest.json."""
        return {
            "continuous": self.continuous,
            "whole": self.whole,
            "checked_s": round(self.checked_s, 3),
            "duration_s": round(self.duration_s, 3),
            "cuts": [round(t, 3) for t in self.cuts_s],
            "gaps": [b.as_dict() for b in self.breaks],
            "method": self.method,
        }

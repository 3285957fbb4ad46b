"""Choosing frames a reviewer should see, from candidate pictures: pure Pillow, no FFmpeg, so it can be
tested on plain images."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, ImageStat

from evidence_pack.video.label import Label
from evidence_pack.video.timecode import format_ts


@dataclass(frozen=True)
class Frame:
    """A candidate or chosen frame: `image` is a small copy for scoring until the frame is chosen,
    then the full picture."""

    at_s: float
    image: Image.Image
    sharpness: float
    requested: bool = False
    raw: object = None  # the decoded av.VideoFrame, kept so only chosen frames are converted in full
    refetch: int | None = None  # a keyframe reached by seeking, not kept: its timeline index, to decode it again
    label: Label | None = None  # the parcel label's barcode, read in this frame
    tint: Image.Image | None = None  # 16x16 colour copy (colour.tint), when `image` is a grey copy


def sharpness(img: Image.Image) -> float:
    """Variance of the Laplacian on a small grey copy: higher is sharper."""
    small = img.convert("L")
    small.thumbnail((320, 320))
    lap = small.filter(ImageFilter.Kernel((3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), scale=1, offset=128))
    return float(ImageStat.Stat(lap).var[0])


def signature(img: Image.Image) -> Image.Image:
    """A 32x32 grey copy: what two frames are compared on."""
    return img.convert("L").resize((32, 32), Image.Resampling.BILINEAR)


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean difference (0-255) of two signatures."""
    return band_means(ImageChops.difference(a, b))[0]


_LEVELS = range(256)


def band_means(img: Image.Image) -> list[float]:
    """The mean of each band of an 8-bit picture, as ImageStat's mean gives it, from one histogram summed
    in C: ImageStat sums its bins in a Python loop, and choosing among a video's candidates compares
    hundreds of small pictures (a third of the time of the choice)."""
    hist = img.histogram()
    n = img.width * img.height
    return [sum(map(operator.mul, hist[b : b + 256], _LEVELS)) / n for b in range(0, len(hist), 256)]


TINT_EDGE = 16


def tint_of(img: Image.Image) -> Image.Image | None:
    """A 16x16 colour copy (the Cb and Cr bands of YCbCr; Y flat) of a colour picture; None for grey."""
    if img.mode in ("L", "1", "I", "F", "I;16"):
        return None
    small = img.convert("RGB").resize((TINT_EDGE, TINT_EDGE), Image.Resampling.BOX).convert("YCbCr")
    _, cb, cr = small.split()
    return Image.merge("YCbCr", (Image.new("L", small.size, 128), cb, cr))


def _apart(a: tuple[Image.Image, Image.Image | None], b: tuple[Image.Image, Image.Image | None]) -> float:
    """How different two frames look: brightness, plus colour when both have it (grey copies cannot tell
    a red box from a purple one of the same brightness)."""
    d = difference(a[0], b[0])
    if a[1] is not None and b[1] is not None:
        mean = band_means(ImageChops.difference(a[1], b[1]))
        d += (mean[1] + mean[2]) / 2
    return d


MOTION_SPAN_S = 1.0  # a frame unlike both neighbours this close around it is between two views


def _in_motion(candidates: list[Frame], sigs: dict[int, tuple[Image.Image, Image.Image | None]]) -> list[bool]:
    """For each candidate: is it unlike both the candidate before and the one after, all within
    MOTION_SPAN_S (a pan or a turn, caught half-way)?"""
    out = [False] * len(candidates)
    for i in range(1, len(candidates) - 1):
        before, f, after = candidates[i - 1], candidates[i], candidates[i + 1]
        if after.at_s - before.at_s > MOTION_SPAN_S:
            continue
        out[i] = _apart(sigs[id(before)], sigs[id(f)]) >= DISTINCT and _apart(sigs[id(f)], sigs[id(after)]) >= DISTINCT
    return out


DISTINCT = 4.0  # mean grey difference (0-255) on a 32x32 copy below which two frames show the same thing


@dataclass(frozen=True)
class Choice:
    frames: list[Frame]  # in time order
    merged: int  # candidates left out because they looked the same as a frame shown


def choose(candidates: list[Frame], count: int, keep: Sequence[Frame] = ()) -> Choice:
    """At most `count` frames that each show something the others do not: the frames in `keep` (moments
    asked for, the parcel label), the first and last moments, then, stretch by stretch of the timeline,
    the sharpest frame that shows something new. Frames that look the same as one already chosen are
    never added, so a static clip gives its first and last moments and nothing more; no two frames are
    shown at the same time (to a tenth of a second). `candidates` are in time order."""
    chosen: list[Frame] = list(keep)
    if not candidates:
        return Choice(sorted(chosen, key=lambda f: f.at_s), 0)
    sigs = {id(f): (signature(f.image), f.tint or tint_of(f.image)) for f in [*candidates, *keep]}
    slots = max(0, count - len(chosen))

    def shown(f: Frame) -> str:
        return format_ts(f.at_s, precise=True)

    def free(f: Frame) -> bool:
        return all(f is not c and shown(f) != shown(c) for c in chosen)

    # how far each frame is from the nearest chosen one; only the newest choice can bring it closer
    nearest: dict[int, float] = {}
    measured: dict[int, int] = {}

    def novelty(f: Frame) -> float:
        done = measured.get(id(f), 0)
        if done < len(chosen):
            d = min((_apart(sigs[id(f)], sigs[id(c)]) for c in chosen[done:]), default=255.0)
            nearest[id(f)] = min(nearest.get(id(f), 255.0), d)
            measured[id(f)] = len(chosen)
        return nearest.get(id(f), 255.0)

    def add(f: Frame) -> None:
        nonlocal slots
        chosen.append(f)
        slots -= 1

    # the first and last moments: where the recording starts and ends
    for f in (candidates[0], candidates[-1]):
        if slots > 0 and free(f):
            add(f)
    # frames caught between two views (the camera turning to the next thing) are left out while the
    # recording holds views to show instead
    moving = _in_motion(candidates, sigs)
    middle = [f for i, f in enumerate(candidates[1:-1], start=1) if free(f) and not moving[i]]
    if not middle:
        middle = [f for f in candidates[1:-1] if free(f)]
    buckets = max(1, slots)
    size = len(middle) / buckets
    for k in range(buckets):
        if slots <= 0:
            break
        bucket = [f for f in middle[int(k * size) : max(int((k + 1) * size), int(k * size) + 1)] if free(f)]
        fresh = [f for f in bucket if novelty(f) >= DISTINCT]
        if fresh:
            add(max(fresh, key=lambda f: f.sharpness * (0.5 + min(novelty(f), 40.0) / 40.0)))
    # slots left: what is most different from everything chosen, while anything is new
    while slots > 0:
        rest = [f for f in middle if free(f) and novelty(f) >= DISTINCT]
        if not rest:
            break
        add(max(rest, key=novelty))
    merged = sum(1 for f in candidates if all(f is not c for c in chosen) and novelty(f) < DISTINCT)
    return Choice(sorted(chosen, key=lambda f: f.at_s), merged)

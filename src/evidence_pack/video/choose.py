"""Choosing frames a reviewer should see, from candidate pictures: pure Pillow, no FFmpeg, so it can be
tested on plain images."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, ImageStat


@dataclass(frozen=True)
class Frame:
    """A candidate or chosen frame: `image` is a small copy for scoring until the frame is chosen,
    then the full picture."""

    at_s: float
    image: Image.Image
    sharpness: float
    requested: bool = False
    raw: object = None  # the decoded av.VideoFrame, kept so only chosen frames are converted in full
    refetch: bool = False  # a keyframe reached by seeking: decoded again (not kept) once chosen


def sharpness(img: Image.Image) -> float:
    """Variance of the Laplacian on a small grey copy: higher is sharper."""
    small = img.convert("L")
    small.thumbnail((320, 320))
    lap = small.filter(ImageFilter.Kernel((3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), scale=1, offset=128))
    return float(ImageStat.Stat(lap).var[0])


def signature(img: Image.Image) -> Image.Image:
    return img.convert("L").resize((32, 32), Image.Resampling.BILINEAR)


def difference(a: Image.Image, b: Image.Image) -> float:
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


DISTINCT = 4.0  # mean grey difference (0-255) on a 32x32 copy below which two frames show the same thing


def choose(candidates: list[Frame], count: int) -> list[Frame]:
    """Keep the first and last moments, then, stretch by stretch of the timeline, the sharpest frame
    that shows something not already kept; near-duplicates only when nothing new is left."""
    if len(candidates) <= count:
        return list(candidates)
    sigs = {id(f): signature(f.image) for f in candidates}
    chosen = [candidates[0], candidates[-1]]
    if count <= 2:
        return chosen[:count]

    def novelty(f: Frame) -> float:
        return min(difference(sigs[id(f)], sigs[id(c)]) for c in chosen)

    middle = candidates[1:-1]
    slots = count - 2
    size = len(middle) / slots
    for k in range(slots):
        bucket = [f for f in middle[int(k * size) : max(int((k + 1) * size), int(k * size) + 1)] if f not in chosen]
        fresh = [f for f in bucket if novelty(f) >= DISTINCT]
        if fresh:
            chosen.append(max(fresh, key=lambda f: f.sharpness * (0.5 + min(novelty(f), 40.0) / 40.0)))
    # stretches with nothing new: fill with what is new, else with what is farthest in time from the rest
    rest = [f for f in middle if f not in chosen]

    def gap(f: Frame) -> float:
        return min(abs(f.at_s - c.at_s) for c in chosen)

    while len(chosen) < count and rest:
        best = max(rest, key=lambda f: (novelty(f) >= DISTINCT, gap(f) * (1 + min(novelty(f), 40.0) / 40.0)))
        chosen.append(best)
        rest.remove(best)
    chosen.sort(key=lambda f: f.at_s)
    return chosen

"""The packet timeline of a video stream: each frame's time, coded size and whether it is a keyframe, in
decode order. Read from the container's index when it lists every frame (MP4 and MOV sample tables: no
frame data is read, a few milliseconds for two hours), else by reading the packets once (no decoding).

The timeline is what continuity is screened on: gaps and jumps in the timestamps, keyframes that come
before the stream's regular cadence, and frames that cost far more bits than their neighbours.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from evidence_pack.errors import describe

if TYPE_CHECKING:
    from av.audio.stream import AudioStream
    from av.container import InputContainer
    from av.video.stream import VideoStream

# A forward step of at least this long between two frames is a gap in the recording (phones drop a
# frame or two under load: 0.1 s; a gap of half a second is not a recording that went on).
GAP_S = 0.5
GAP_FRAMES = 5  # ... and at least this many frame intervals (a 1-fps time-lapse steps 1 s each frame)
# Decode order may show presentation times out of order by the codec's reordering (B-frames): only a step
# back longer than this is a jump in the timestamps.
REORDER_S = 0.5


@dataclass(frozen=True)
class Timeline:
    """Frames of the video stream in decode order."""

    times_s: tuple[float, ...]  # decode timestamps (or presentation ones where the file has no DTS), from the start
    sizes: tuple[int, ...]  # coded bytes of each frame
    keys: tuple[bool, ...]
    raw_ts: tuple[int, ...]  # the same times in the stream's time base, for seeking
    from_index: bool  # read from the container's index (else by reading the packets)
    decode_ts: bool  # times_s are decode timestamps (strictly increasing in a sound file)
    # moments where the audio's packets stop following each other exactly: in a recording they are
    # contiguous (AAC: every 1,024 samples), and joining two files leaves a step of a few milliseconds
    audio_joins_s: tuple[float, ...] = ()

    def __len__(self) -> int:
        return len(self.times_s)

    @property
    def frame_s(self) -> float:
        """The usual interval between two frames (median of the forward steps)."""
        steps = sorted(b - a for a, b in pairwise(self.times_s) if b > a)
        return statistics.median(steps) if steps else 0.0

    @property
    def shift_s(self) -> float:
        """How much later than its decode time a frame is shown: the codec's reordering delay, seen on the
        first frame (shown at 0, decoded a frame or two before)."""
        return max(0.0, -self.times_s[0]) if self.decode_ts and self.times_s else 0.0

    def shown_s(self, i: int) -> float:
        """About when frame i is shown (its decode time plus the reordering delay)."""
        return self.times_s[i] + self.shift_s

    @property
    def keyframes(self) -> list[int]:
        return [i for i, k in enumerate(self.keys) if k]


@dataclass(frozen=True)
class Break:
    """A place where the timestamps do not run on: a gap (no frames for a while) or a jump back."""

    kind: str  # "gap" | "jump"
    at_s: float  # where the break is, on the video's timeline
    seconds: float  # how long the gap is, or how far the timestamps go back

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "at_s": round(self.at_s, 3), "seconds": round(self.seconds, 3)}


def read_timeline(
    container: InputContainer, stream: VideoStream, errors: list[str], packets: bool = True
) -> Timeline | None:
    """The stream's timeline, from its index when complete, else by reading every packet (unless not
    `packets`: then None); None when the file gives no timestamps at all. Read from the index, the
    container is left where it was; read from the packets, anywhere: seek before decoding."""
    tb = float(stream.time_base) if stream.time_base else 1e-6
    start = stream.start_time or 0
    audio = container.streams.audio[0] if container.streams.audio else None
    timeline = _from_index(stream, tb, start)
    audio_ts = _indexed_audio(audio)
    if timeline is None:
        if not packets:
            return None
        timeline, audio_ts = _from_packets(container, stream, audio, tb, start, errors)
    if timeline is None or audio is None or audio_ts is None:
        return timeline
    atb = float(audio.time_base) if audio.time_base else 1e-6
    joins = tuple(t * atb - start * tb for t in _audio_steps(audio_ts))
    return replace(timeline, audio_joins_s=joins)


def _indexed_audio(audio: AudioStream | None) -> list[int] | None:
    """The audio packets' timestamps from the index, when it lists them all."""
    if audio is None:
        return None
    try:
        entries = [int(e.timestamp) for e in audio.index_entries if not e.is_discard]
    except Exception:
        return None
    return entries if entries and audio.frames > 0 and len(entries) >= audio.frames - 2 else None


def _audio_steps(ts: list[int]) -> list[int]:
    """Where consecutive audio packets do not follow each other exactly, for codecs whose packets all
    last the same (AAC, MP3, AC-3: the usual step is at least 95 % of the steps); none otherwise."""
    steps = [b - a for a, b in pairwise(ts)]
    if len(steps) < 8:
        return []
    usual = statistics.mode(steps)
    if usual <= 0 or sum(1 for v in steps if v == usual) < 0.95 * len(steps):
        return []
    slack = max(2, usual // 50)
    return [b for a, b in pairwise(ts) if abs(b - a - usual) > slack]


def _from_index(stream: VideoStream, tb: float, start: int) -> Timeline | None:
    """The sample table, when it lists every frame with its size (MP4, MOV); None otherwise (Matroska's
    cues list keyframes only; fragmented MP4 is indexed as it is read)."""
    try:
        entries = [e for e in stream.index_entries if not e.is_discard]
    except Exception:  # an index PyAV cannot read is not an error: the packets are read instead
        return None
    if not entries or stream.frames <= 0 or len(entries) != stream.frames or any(e.size <= 0 for e in entries):
        return None
    raw = tuple(int(e.timestamp) for e in entries)
    return Timeline(
        times_s=tuple((t - start) * tb for t in raw),
        sizes=tuple(int(e.size) for e in entries),
        keys=tuple(bool(e.is_keyframe) for e in entries),
        raw_ts=raw,
        from_index=True,
        decode_ts=True,
    )


def _from_packets(
    container: InputContainer,
    stream: VideoStream,
    audio: AudioStream | None,
    tb: float,
    start: int,
    errors: list[str],
) -> tuple[Timeline | None, list[int] | None]:
    """Every packet read once (no decoding); the audio's timestamps in the same pass."""
    import av

    raw: list[int | None] = []
    dts: list[int | None] = []
    sizes: list[int] = []
    keys: list[bool] = []
    audio_ts: list[int] = []
    try:
        container.seek(0)
        for packet in container.demux(*([stream, audio] if audio is not None else [stream])):
            if packet.size == 0:
                continue
            if packet.stream.type == "audio":
                if packet.pts is not None:
                    audio_ts.append(packet.pts)
                continue
            raw.append(packet.pts)
            dts.append(packet.dts)
            sizes.append(packet.size)
            keys.append(bool(packet.is_keyframe))
    except (av.error.FFmpegError, OSError) as exc:
        errors.append(describe(exc))
    use_dts = bool(dts) and all(d is not None for d in dts)
    chosen = dts if use_dts else raw
    known = [t for t in chosen if t is not None]
    if len(known) < len(chosen) * 0.9 or not known:
        return None, None
    # a packet without a timestamp takes its predecessor's, so sizes and keys stay aligned
    filled: list[int] = []
    for t in chosen:
        filled.append(t if t is not None else (filled[-1] if filled else known[0]))
    timeline = Timeline(
        times_s=tuple((t - start) * tb for t in filled),
        sizes=tuple(sizes),
        keys=tuple(keys),
        raw_ts=tuple(filled),
        from_index=False,
        decode_ts=use_dts,
    )
    return timeline, audio_ts or None


def breaks(timeline: Timeline) -> list[Break]:
    """Gaps (a step forward of GAP_S and GAP_FRAMES intervals or more) and jumps back in the timestamps."""
    out: list[Break] = []
    times = timeline.times_s
    if len(times) < 2:
        return out
    frame = timeline.frame_s
    gap = max(GAP_S, GAP_FRAMES * frame)
    back = frame * 0.5 if timeline.decode_ts else REORDER_S
    shift = timeline.shift_s  # breaks are said where the frames are shown
    # presentation times seen so far: with reordering a frame may come before earlier-shown ones
    latest = times[0]
    for prev, t in pairwise(times):
        if t < prev - back and t < latest - back:
            out.append(Break("jump", latest + shift, latest - t))
            latest = t  # the timestamps start over from here
            continue
        if t - latest >= gap:
            out.append(Break("gap", latest + shift, t - latest))
        latest = max(latest, t)
    return out

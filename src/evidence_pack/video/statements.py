"""What the tool may say about a video, in English: each statement in one small function, so the
justification, the PDF and the build's notes say the same thing the same way, and say it only when the
video shows it. Each takes the plain data ingest keeps in Ingested.video ("continuity", "label",
"merged_identical", "duration_s")."""

from __future__ import annotations

from collections.abc import Mapping

from evidence_pack.video.timecode import format_length, format_ts


def _continuity(video: Mapping[str, object]) -> Mapping[str, object] | None:
    c = video.get("continuity")
    return c if isinstance(c, Mapping) else None


def _seconds(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def continuity_sentence(video: Mapping[str, object], label: str | None = None) -> str | None:
    """ "Exhibit 5 is one continuous recording, 2:14, no cuts found." (or, without a label, "One
    continuous recording, ..."). Only when the whole video was checked and no cut, gap or jump in its
    timestamps was found; None otherwise: a partly checked video is not said to be continuous."""
    c = _continuity(video)
    duration = _seconds(c.get("duration_s")) if c else None
    if not c or c.get("continuous") is not True or c.get("whole") is not True or duration is None:
        return None
    text = f"one continuous recording, {format_length(duration)}, no cuts found."
    return f"{label} is {text}" if label else text[0].upper() + text[1:]


def cuts_sentence(video: Mapping[str, object]) -> str | None:
    """For the PDF: the moments where the recording was found cut, and its gaps and jumps in time."""
    c = _continuity(video)
    if not c:
        return None
    parts: list[str] = []
    cuts = [t for t in (_seconds(v) for v in _list(c.get("cuts"))) if t is not None]
    if cuts:
        moments = _join([format_ts(t, precise=_close(cuts)) for t in cuts])
        what = "a cut" if len(cuts) == 1 else f"{len(cuts)} cuts"
        parts.append(f"The picture changes completely from one frame to the next ({what}) at {moments}")
    for gap in _list(c.get("gaps")):
        if not isinstance(gap, Mapping):
            continue
        at, length = _seconds(gap.get("at_s")), _seconds(gap.get("seconds"))
        if at is None or length is None:
            continue
        if gap.get("kind") == "jump":
            parts.append(f"The timestamps go back {length:.1f} s after {format_ts(at, precise=True)}")
        else:
            parts.append(f"No frames for {length:.1f} s after {format_ts(at, precise=True)} (a gap in the timestamps)")
    return ". ".join(parts) + "." if parts else None


def checked_sentence(video: Mapping[str, object]) -> str | None:
    """For the PDF, when the video could not be checked to its end: how far it was."""
    c = _continuity(video)
    if not c or c.get("whole") is True:
        return None
    checked, duration = _seconds(c.get("checked_s")), _seconds(c.get("duration_s"))
    if checked is None or duration is None:
        return "Whether the recording was cut could not be checked."
    return (
        f"Whether the recording was cut was checked up to {format_ts(checked)} of {format_length(duration)} only; "
        "nothing is said about the rest."
    )


def label_sentence(video: Mapping[str, object], tracking: str | None = None) -> str | None:
    """ "It starts on the parcel label: the barcode at 00:01 reads LP00123456789CN, this order's tracking
    number." When the order has a tracking number, only when the label's is the same; without one, only
    for a barcode in a tracking number's format. None otherwise."""
    from evidence_pack.read.tracking import same_number

    label = video.get("label")
    if not isinstance(label, Mapping):
        return None
    text, at = str(label.get("text") or ""), _seconds(label.get("at_s"))
    if not text or at is None:
        return None
    start = f"It starts on the parcel label: the barcode at {format_ts(at, precise=at < 1)} reads {text}"
    if tracking:
        return f"{start}, this order's tracking number." if same_number(text, tracking) else None
    if label.get("carrier") in (None, "", "unknown"):
        return None
    return f"{start}, a tracking number."


def label_note(video: Mapping[str, object], tracking: str | None = None) -> str | None:
    """For the PDF: the barcode read in the first seconds, whatever it is, and whether it is the order's."""
    from evidence_pack.read.tracking import same_number

    label = video.get("label")
    if not isinstance(label, Mapping):
        return None
    text, at = str(label.get("text") or ""), _seconds(label.get("at_s"))
    if not text or at is None:
        return None
    carrier = str(label.get("carrier") or "")
    note = f"Barcode read at {format_ts(at, precise=at < 1)}: {text}"
    if carrier and carrier != "unknown":
        note += f" ({carrier})"
    if tracking:
        note += (
            ", the tracking number of this order" if same_number(text, tracking) else f", not the order's {tracking}"
        )
    return note + "."


def merged_sentence(video: Mapping[str, object]) -> str | None:
    """For the PDF: frames left out because they looked the same as one shown."""
    merged = video.get("merged_identical")
    if not isinstance(merged, int) or merged <= 0:
        return None
    if merged == 1:
        return "1 more moment was looked at: it shows the same as a frame here and is not repeated."
    return f"{merged} more moments were looked at: they show the same as the frames here and are not repeated."


def video_notes(video: Mapping[str, object], tracking: str | None = None) -> list[str]:
    """What the PDF's frame sheet says under the caption: continuity (or the cuts, or how far it was
    checked), the label, the frames merged."""
    said = (
        continuity_sentence(video),
        cuts_sentence(video),
        checked_sentence(video),
        label_note(video, tracking),
        merged_sentence(video),
    )
    return [s for s in said if s]


def video_facts(video: Mapping[str, object], tracking: str | None = None) -> str:
    """The statements for the justification's line about a video (continuity, then the label), joined;
    "" when there is nothing the video shows to say."""
    return " ".join(s for s in (continuity_sentence(video), label_sentence(video, tracking)) if s)


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _close(times: list[float]) -> bool:
    shown = [format_ts(t) for t in times]
    return len(set(shown)) < len(shown)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

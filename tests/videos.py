"""Videos made for the tests with PyAV: one continuous take (a textured table the camera pans over, a
parcel moving on it), two takes (a different table from one frame to the next), takes joined packet by
packet as lossless cutters do, static clips, a parcel label with a real Code 128 barcode."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw, ImageFont


def table(seed: int, size: tuple[int, int]) -> Image.Image:
    """A table top seen from above: a wood colour and a few hundred objects, different for each seed."""
    r = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size, tuple(r.randrange(60, 200) for _ in range(3)))
    d = ImageDraw.Draw(img)
    for _ in range(300):
        x, y = r.randrange(w), r.randrange(h)
        s = r.randrange(6, max(8, w // 12))
        d.rectangle([x, y, x + s, y + s // 2], fill=tuple(r.randrange(256) for _ in range(3)))
    return img


def barcode(text: str, height: int = 60) -> Image.Image:
    """A Code 128 barcode of `text`, drawn by zxing-cpp (its writer: the same library reads it back)."""
    import zxingcpp

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128)
    pixels = memoryview(code.to_image(scale=2))  # rows x columns of 8-bit grey, quiet zones included
    bars = Image.frombytes("L", (pixels.shape[1], pixels.shape[0]), pixels.tobytes())
    return bars.resize((bars.width, height), Image.Resampling.NEAREST)


def label_card(text: str) -> Image.Image:
    """A parcel label: the tracking number printed and as a barcode."""
    bars = barcode(text, 70)
    card = Image.new("RGB", (bars.width + 40, 150), (250, 250, 250))
    card.paste(bars.convert("RGB"), (20, 20))
    ImageDraw.Draw(card).text((20, 105), text, fill=(0, 0, 0), font=ImageFont.load_default(24))
    return card


def write_clip(
    path: Path,
    seconds: float,
    frame_at,  # (index, t) -> PIL image
    fps: int = 15,
    size: tuple[int, int] = (320, 240),
    gop: int | None = None,
    scenecut: bool = True,
    rotation: int | None = None,
    audio: bool = False,
    bitrate: int | None = None,
) -> Path:
    """Encode frames with libx264 (scenecut off: a fixed keyframe cadence, as phones record)."""
    with av.open(str(path), "w", format="mp4") as out:
        st = out.add_stream("libx264", rate=fps)
        st.width, st.height, st.pix_fmt = size[0], size[1], "yuv420p"
        opts = {"preset": "veryfast", "g": str(gop or fps), "threads": "1"}
        if not scenecut:
            opts["sc_threshold"] = "0"
        if bitrate:
            st.bit_rate = bitrate
        else:
            opts["crf"] = "23"
        st.options = opts
        if rotation is not None:
            st.set_display_rotation(rotation)
        ast = None
        if audio:
            ast = out.add_stream("aac", rate=48000)
            ast.layout = "mono"
        n = round(seconds * fps)
        for i in range(n):
            frame = av.VideoFrame.from_image(frame_at(i, i / fps))
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for pkt in st.encode(frame):
                out.mux(pkt)
        for pkt in st.encode():
            out.mux(pkt)
        if ast is not None:
            samples = 1024
            for k in range(round(seconds * 48000 / samples)):
                data = bytes(
                    int(128 + 60 * math.sin(2 * math.pi * 440 * (k * samples + j) / 48000)) for j in range(samples)
                )
                af = av.AudioFrame(format="u8", layout="mono", samples=samples)
                af.planes[0].update(data)
                af.sample_rate = 48000
                af.pts = k * samples
                af.time_base = Fraction(1, 48000)
                for pkt in ast.encode(af):
                    out.mux(pkt)
            for pkt in ast.encode():
                out.mux(pkt)
    return path


def take(seed: int, size: tuple[int, int] = (320, 240), label: str | None = None):
    """One continuous take over table `seed`: the camera pans slowly, a parcel slides; with a label, the
    parcel's label (and its barcode) fills the picture for the first two seconds."""
    w, h = size
    world = table(seed, (w * 2, h * 2))
    card = label_card(label) if label else None

    def frame_at(i: int, t: float) -> Image.Image:
        x, y = int(t * 12) % w, int(t * 5) % h
        img = world.crop((x, y, x + w, y + h))
        d = ImageDraw.Draw(img)
        px = int(40 + t * 15) % (w - 80)
        d.rectangle([px, h // 3, px + 70, h // 3 + 50], fill=(190, 150, 100), outline=(90, 60, 30), width=3)
        if card is not None and t < 2.5:  # held up to the camera at its own size (the frame must be wide
            # enough), then taken away upwards
            lift = int(max(0.0, t - 1.5) * (h + card.height))
            img.paste(card, ((w - card.width) // 2, (h - card.height) // 2 - lift))
        return img

    return frame_at


def one_take(path: Path, seconds: float, **kw) -> Path:
    return write_clip(path, seconds, take(1, kw.get("size", (320, 240)), kw.pop("label", None)), **kw)


def two_takes(path: Path, seconds: float, cut_s: float, **kw) -> Path:
    """Take one until cut_s, then take two (another table) from the next frame: an edited video, encoded
    as one file."""
    size = kw.get("size", (320, 240))
    first, second = take(1, size), take(7, size)
    return write_clip(path, seconds, lambda i, t: first(i, t) if t < cut_s else second(i, t - cut_s), **kw)


def static(path: Path, seconds: float, **kw) -> Path:
    still = table(3, kw.get("size", (320, 240)))
    return write_clip(path, seconds, lambda i, t: still, **kw)


def join(parts: list[Path], out_path: Path, gap_s: float = 0.0) -> Path:
    """The parts' packets one after the other in one file, as `ffmpeg -f concat -c copy` or a lossless
    cutter joins them: each part's streams start where the longest stream of the part before ended;
    gap_s leaves that much more time between them."""
    with av.open(str(out_path), "w", format="mp4") as out:
        outs: dict[str, av.stream.Stream] = {}
        offset_s = 0.0
        for part in parts:
            with av.open(str(part)) as src:
                ends: list[float] = []
                for s in [*src.streams.video[:1], *src.streams.audio[:1]]:
                    if s.type not in outs:
                        outs[s.type] = out.add_stream_from_template(s, opaque=True)
                for pkt in src.demux(*[*src.streams.video[:1], *src.streams.audio[:1]]):
                    if pkt.dts is None:
                        continue
                    tb = pkt.stream.time_base
                    ends.append(float((pkt.pts + (pkt.duration or 0)) * tb))
                    shift = round(offset_s / tb)
                    pkt.pts += shift
                    pkt.dts += shift
                    pkt.stream = outs[pkt.stream.type]
                    out.mux(pkt)
                offset_s += max(ends) + gap_s
    return out_path

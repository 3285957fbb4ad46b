"""Hostile media made on the fly: huge in pixels, small on disk (used by tests and bench/memory_bench.py).

Both writers stream their output, so making a 250-MP file costs the test little memory: the PNG is
compressed row by row; the MJPEG frame is encoded by Pillow from a one-byte-per-pixel grey picture.
"""

from __future__ import annotations

import io
import struct
import zlib
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw

GREY, RED, BLUE = (230, 230, 230), (220, 20, 20), (20, 20, 220)


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def _marked_rows(width: int) -> tuple[bytes, bytes, bytes]:
    """RGB rows of marked_image(): red quarter top-left, blue quarter bottom-right, grey elsewhere."""
    quarter = width // 4
    grey = bytes(GREY) * width
    red = bytes(RED) * quarter + bytes(GREY) * (width - quarter)
    blue = bytes(GREY) * (width - quarter) + bytes(BLUE) * quarter
    return red, grey, blue


def write_huge_png(path: Path, width: int, height: int, level: int = 1) -> Path:
    """An 8-bit RGB PNG marked like conftest.marked_image, written without ever holding the picture.

    A row equal to the one above is stored with the PNG "Up" filter (all zeros), which deflate
    shrinks a thousand times: 15800x15800 is 3 MB at level 1, 728 KB at level 6."""
    red, grey, blue = _marked_rows(width)
    zero = bytes(len(grey) + 1)
    zero = b"\x02" + zero[1:]
    z = zlib.compressobj(level)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        pending: list[bytes] = []
        previous: bytes | None = None
        for y in range(height):
            row = red if y < height // 4 else blue if y >= height - height // 4 else grey
            pending.append(z.compress(zero if row is previous else b"\x00" + row))
            previous = row
            if sum(map(len, pending)) > 1 << 20:
                fh.write(_chunk(b"IDAT", b"".join(pending)))
                pending = []
        pending.append(z.flush())
        fh.write(_chunk(b"IDAT", b"".join(pending)))
        fh.write(_chunk(b"IEND", b""))
    return path


def marked_grey(width: int, height: int) -> Image.Image:
    """A grey picture whose orientation can be checked: white top-left quarter, black bottom-right."""
    img = Image.new("L", (width, height), 128)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, width // 4, height // 4], fill=255)
    d.rectangle([width - width // 4, height - height // 4, width, height], fill=0)
    return img


def write_huge_mjpeg(path: Path, width: int, height: int, frames: int = 3, colour: bool = False) -> Path:
    """A Motion-JPEG QuickTime clip of `frames` frames at 1 fps, each a JPEG of width x height.

    FFmpeg's own mjpeg encoder overflows its packet-size estimate above about 13,000x13,000, so the
    frame is encoded by Pillow and muxed as it is (one frame, repeated). colour=True makes an RGB
    frame (4 bytes per pixel while encoding: for the benchmark, not for tests)."""
    import av

    img = marked_grey(width, height)
    if colour:
        img = img.convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=75)
    del img
    data = buf.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="mov") as out:
        st = out.add_stream("mjpeg", rate=1)
        st.width, st.height = width, height
        st.pix_fmt = "yuvj420p"
        for i in range(frames):
            pkt = av.Packet(data)
            pkt.stream = st
            pkt.pts = pkt.dts = i
            pkt.time_base = Fraction(1, 1)
            pkt.is_keyframe = True
            out.mux(pkt)
    return path

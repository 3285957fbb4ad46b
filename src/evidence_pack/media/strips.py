"""Decode huge pictures a band at a time, so that no full-size copy is ever held.

Two formats can be read this way with the libraries we ship:
  - PNG (not interlaced, one frame, at most 32 bits per pixel): the IDAT stream is inflated a band of
    scanlines at a time and each band is unfiltered by Pillow's own PNG decoder, fed the band's rows
    behind the previous band's last row (the one PNG filters refer to), re-wrapped as a "stored"
    (uncompressed) zlib stream. The pixels are exactly those Pillow's full decode gives.
  - HEIF grid images (phone HEICs are grids of 512x512 HEVC tiles), through libheif's tile API
    (heif_image_handle_decode_image_tile, libheif >= 1.19; >= 1.22 for its fixes on malformed grids),
    called with ctypes on the libheif that pillow-heif already loaded: pillow-heif has no tile API.
    Tiles are decoded as stored, without the HEIF rotation and mirror, which the caller applies on
    the reduced picture: libheif 1.23's tile offsets for rotated grids are wrong (it takes the
    remainder of the width for the excess). Colours are libheif's own: a 200-MP Galaxy HEIC decoded
    tile by tile is bit-identical to its full decode reduced the same way.
Both yield rows of the stored (not yet oriented) picture, top to bottom, in the file's own mode.
"""

from __future__ import annotations

import ctypes
import glob
import os
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageFile

# --- PNG ------------------------------------------------------------------------------------------

_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type -> samples per pixel
# A Pillow mode whose raw bytes are exactly `n` bytes per pixel: it carries scanlines through the
# PNG unfilter untouched (the filters work on whole pixels of that many bytes).
_CARRIER = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}


class StripError(Exception):
    """The file is damaged in a way found while reading it band by band; `truncated` when cut short."""

    def __init__(self, message: str, truncated: bool = False) -> None:
        super().__init__(message)
        self.truncated = truncated


def _png_header(path: Path) -> tuple[int, int, int, int, int] | None:
    """(width, height, bit depth, colour type, interlace) from IHDR, which PNG requires first."""
    with path.open("rb") as fh:
        head = fh.read(33)
    if len(head) < 33 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", head[16:29])
    return w, h, depth, colour, interlace


def png_strippable(im: ImageFile.ImageFile, path: Path) -> bool:
    """True when this PNG can be read band by band (see the module notes)."""
    if im.format != "PNG" or getattr(im, "n_frames", 1) != 1 or len(im.tile) != 1 or im.tile[0][0] != "zip":
        return False
    header = _png_header(path)
    if header is None or header[4] or header[3] not in _CHANNELS:
        return False
    bits = header[2] * _CHANNELS[header[3]]
    return bits < 8 or bits // 8 in _CARRIER


def png_exif_after_idat(path: Path) -> bytes | None:
    """The eXIf chunk of a PNG that stores it after the image data, found by reading chunk headers
    only (Pillow's getexif decodes the whole picture to reach it)."""
    with path.open("rb") as fh:
        fh.seek(8)
        while True:
            head = fh.read(8)
            if len(head) < 8:
                return None
            length, kind = struct.unpack(">I4s", head)
            if kind == b"eXIf":
                data = fh.read(length)
                return data if len(data) == length else None
            if kind == b"IEND":
                return None
            fh.seek(length + 4, os.SEEK_CUR)


class _IdatStream:
    """The inflated bytes of a PNG's IDAT chunks, read on demand; each chunk's CRC is checked."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._z = zlib.decompressobj()
        self._pending = b""
        self._seen_idat = False
        fh.seek(8)

    def _next_chunk(self) -> bytes | None:
        while True:
            head = self._fh.read(8)
            if len(head) < 8:
                return None
            length, kind = struct.unpack(">I4s", head)
            if kind != b"IDAT":
                if self._seen_idat:
                    return None
                self._fh.seek(length + 4, os.SEEK_CUR)
                continue
            data = self._fh.read(length)
            crc = self._fh.read(4)
            if len(data) < length or len(crc) < 4:
                return None
            if zlib.crc32(kind + data) & 0xFFFFFFFF != struct.unpack(">I", crc)[0]:
                raise StripError("broken PNG data (checksum mismatch)")
            self._seen_idat = True
            return data

    def read(self, n: int) -> bytes:
        out = bytearray()
        while len(out) < n:
            try:
                got = self._z.decompress(self._pending, n - len(out))
            except zlib.error as exc:
                raise StripError(f"broken PNG data ({exc})") from None
            self._pending = self._z.unconsumed_tail
            out += got
            if len(out) < n and not got and not self._pending:
                data = None if self._z.eof else self._next_chunk()
                if data is None:
                    raise StripError("the image data ends early", truncated=True)
                self._pending = data
        return bytes(out)


def png_bands(im: ImageFile.ImageFile, path: Path, rows: int) -> Iterator[Image.Image]:
    """The picture as bands of `rows` rows (the last one shorter), in the PNG's Pillow mode."""
    header = _png_header(path)
    assert header is not None
    w, h, depth, colour, _ = header
    bits = depth * _CHANNELS[colour]
    bpp = max(1, bits // 8)
    rowbytes = (w * bits + 7) // 8
    carrier, carrier_w = _CARRIER[bpp], rowbytes // bpp
    args = im.tile[0].args
    rawmode = args if isinstance(args, str) else str(args[0]) if args else im.mode
    with path.open("rb") as fh:
        idat = _IdatStream(fh)
        previous: bytes | None = None
        for y in range(0, h, rows):
            n = min(rows, h - y)
            filtered = idat.read(n * (rowbytes + 1))
            # the previous row, unfiltered, goes first with filter type 0 so that Up, Average and
            # Paeth in the band's first row see it; PNG's implicit row above the first is all zeros
            lead = b"" if previous is None else b"\x00" + previous
            decoded = Image.frombytes(
                carrier, (carrier_w, n + (previous is not None)), zlib.compress(lead + filtered, 0), "zip", carrier
            )
            raw = decoded.tobytes()
            del decoded, filtered
            if previous is not None:
                raw = raw[rowbytes:]
            previous = raw[-rowbytes:]
            yield _as_png_mode(im, raw, (w, n), rawmode)


def _as_png_mode(im: Image.Image, raw: bytes, size: tuple[int, int], rawmode: str) -> Image.Image:
    band = Image.frombytes(im.mode, size, raw, "raw", rawmode)
    if im.mode == "P" and im.palette is not None:
        band.palette = im.palette.copy()
    if "transparency" in im.info:
        band.info["transparency"] = im.info["transparency"]
    return band


# --- HEIF grids through libheif's tile API -----------------------------------------------------------

_HEIF_COLORSPACE_RGB = 1
_HEIF_CHROMA_RGB, _HEIF_CHROMA_RGBA = 10, 11
_HEIF_CHANNEL_INTERLEAVED = 10


class _HeifError(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("subcode", ctypes.c_int), ("message", ctypes.c_char_p)]


class _HeifTiling(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_int),
        ("num_columns", ctypes.c_uint32),
        ("num_rows", ctypes.c_uint32),
        ("tile_width", ctypes.c_uint32),
        ("tile_height", ctypes.c_uint32),
        ("image_width", ctypes.c_uint32),
        ("image_height", ctypes.c_uint32),
        ("top_offset", ctypes.c_uint32),
        ("left_offset", ctypes.c_uint32),
        ("number_of_extra_dimensions", ctypes.c_uint8),
        ("extra_dimension_size", ctypes.c_uint32 * 8),
    ]


class _HeifDecodingOptions(ctypes.Structure):
    """The leading fields of heif_decoding_options (allocated by libheif, which sets its version)."""

    _fields_ = [
        ("version", ctypes.c_uint8),
        ("ignore_transformations", ctypes.c_uint8),
        ("start_progress", ctypes.c_void_p),
        ("on_progress", ctypes.c_void_p),
        ("end_progress", ctypes.c_void_p),
        ("progress_user_data", ctypes.c_void_p),
        ("convert_hdr_to_8bit", ctypes.c_uint8),
    ]


_libheif: ctypes.CDLL | None = None
_libheif_tried = False


def _loaded_libheif_path() -> str | None:
    """The libheif pillow-heif uses: the one mapped in this process, else the one its wheel ships."""
    import pillow_heif

    try:
        with open("/proc/self/maps") as fh:
            for line in fh:
                path = line.split()[-1]
                if os.path.basename(path).startswith("libheif") and os.path.isfile(path):
                    return path
    except OSError:
        pass
    here = os.path.dirname(pillow_heif.__file__)
    for pattern in (here + ".libs/libheif*", here + "/.dylibs/libheif*", here + ".libs/heif*.dll"):
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    return None


def _bind(lib: ctypes.CDLL) -> None:
    vp, err = ctypes.c_void_p, _HeifError
    for name, restype, argtypes in (
        ("heif_get_version_number_major", ctypes.c_int, []),
        ("heif_get_version_number_minor", ctypes.c_int, []),
        ("heif_context_alloc", vp, []),
        ("heif_context_free", None, [vp]),
        ("heif_context_read_from_file", err, [vp, ctypes.c_char_p, vp]),
        ("heif_context_get_primary_image_handle", err, [vp, ctypes.POINTER(vp)]),
        ("heif_image_handle_release", None, [vp]),
        ("heif_image_handle_has_alpha_channel", ctypes.c_int, [vp]),
        ("heif_image_handle_get_image_tiling", err, [vp, ctypes.c_int, ctypes.POINTER(_HeifTiling)]),
        ("heif_decoding_options_alloc", ctypes.POINTER(_HeifDecodingOptions), []),
        ("heif_decoding_options_free", None, [ctypes.POINTER(_HeifDecodingOptions)]),
        (
            "heif_image_handle_decode_image_tile",
            err,
            [
                vp,
                ctypes.POINTER(vp),
                ctypes.c_int,
                ctypes.c_int,
                ctypes.POINTER(_HeifDecodingOptions),
                ctypes.c_uint32,
                ctypes.c_uint32,
            ],
        ),
        (
            "heif_image_get_plane_readonly2",
            ctypes.POINTER(ctypes.c_uint8),
            [vp, ctypes.c_int, ctypes.POINTER(ctypes.c_size_t)],
        ),
        ("heif_image_get_width", ctypes.c_int, [vp, ctypes.c_int]),
        ("heif_image_get_height", ctypes.c_int, [vp, ctypes.c_int]),
        ("heif_image_release", None, [vp]),
        ("heif_image_handle_get_item_id", ctypes.c_uint32, [vp]),
        (
            "heif_item_get_transformation_properties",
            ctypes.c_int,
            [vp, ctypes.c_uint32, ctypes.POINTER(ctypes.c_uint32), ctypes.c_int],
        ),
        ("heif_item_get_property_type", ctypes.c_uint32, [vp, ctypes.c_uint32, ctypes.c_uint32]),
        ("heif_item_get_property_transform_rotation_ccw", ctypes.c_int, [vp, ctypes.c_uint32, ctypes.c_uint32]),
        ("heif_item_get_property_transform_mirror", ctypes.c_int, [vp, ctypes.c_uint32, ctypes.c_uint32]),
        (
            "heif_item_get_property_transform_crop_borders",
            None,
            [vp, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_int, ctypes.c_int] + [ctypes.POINTER(ctypes.c_int)] * 4,
        ),
    ):
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes


def libheif() -> ctypes.CDLL | None:
    """libheif with its tile API bound, or None when it cannot be found or is older than 1.22."""
    global _libheif, _libheif_tried
    if not _libheif_tried:
        _libheif_tried = True
        path = _loaded_libheif_path()
        try:
            lib = ctypes.CDLL(path) if path else None
            if lib is not None:
                _bind(lib)
                if (lib.heif_get_version_number_major(), lib.heif_get_version_number_minor()) >= (1, 22):
                    _libheif = lib
        except (OSError, AttributeError):
            _libheif = None
    return _libheif


def _fourcc(code: bytes) -> int:
    return int.from_bytes(code, "big")


def _check(e: _HeifError) -> None:
    if e.code:
        raise StripError((e.message or b"libheif error").decode("utf-8", "replace"))


class HeifGrid:
    """A HEIF file's primary image opened with libheif, read as rows of tiles (stored orientation)."""

    def __init__(self, path: Path) -> None:
        lib = libheif()
        if lib is None:
            raise StripError("libheif's tile API is not available")
        self._lib = lib
        self._ctx = lib.heif_context_alloc()
        self._handle = ctypes.c_void_p()
        self._options = lib.heif_decoding_options_alloc()
        try:
            _check(lib.heif_context_read_from_file(self._ctx, os.fsencode(path), None))
            _check(lib.heif_context_get_primary_image_handle(self._ctx, ctypes.byref(self._handle)))
            self.tiling = _HeifTiling()
            self.tiling.version = 1
            _check(lib.heif_image_handle_get_image_tiling(self._handle, 0, ctypes.byref(self.tiling)))
        except BaseException:
            self.close()
            raise
        self.alpha = bool(lib.heif_image_handle_has_alpha_channel(self._handle))
        self._options.contents.ignore_transformations = 1
        self._options.contents.convert_hdr_to_8bit = 1

    def transformations(self) -> list[tuple[str, object]]:
        """The primary image's irot / imir / clap properties in the order they apply:
        ("rotate_ccw", 90), ("mirror", 0: flip top-bottom | 1: flip left-right, libheif's enum),
        ("crop", (left, top, right, bottom) pixels to remove from the picture as it is at that step)."""
        lib, item = self._lib, self._lib.heif_image_handle_get_item_id(self._handle)
        count = lib.heif_item_get_transformation_properties(self._ctx, item, None, 0)
        ids = (ctypes.c_uint32 * max(count, 1))()
        count = lib.heif_item_get_transformation_properties(self._ctx, item, ids, count)
        out: list[tuple[str, object]] = []
        w, h = self.size
        for pid in ids[:count]:
            kind = lib.heif_item_get_property_type(self._ctx, item, pid)
            if kind == _fourcc(b"irot"):
                angle = lib.heif_item_get_property_transform_rotation_ccw(self._ctx, item, pid)
                out.append(("rotate_ccw", angle))
                if angle in (90, 270):
                    w, h = h, w
            elif kind == _fourcc(b"imir"):
                out.append(("mirror", lib.heif_item_get_property_transform_mirror(self._ctx, item, pid)))
            elif kind == _fourcc(b"clap"):
                edges = [ctypes.c_int() for _ in range(4)]
                lib.heif_item_get_property_transform_crop_borders(
                    self._ctx, item, pid, w, h, *[ctypes.byref(e) for e in edges]
                )
                left, top, right, bottom = (max(0, e.value) for e in edges)
                out.append(("crop", (left, top, right, bottom)))
                w, h = max(1, w - left - right), max(1, h - top - bottom)
        return out

    @property
    def size(self) -> tuple[int, int]:
        """Width and height as stored (before rotation and mirroring)."""
        return self.tiling.image_width, self.tiling.image_height

    @property
    def is_grid(self) -> bool:
        return self.tiling.num_columns * self.tiling.num_rows > 1

    def close(self) -> None:
        if self._options:
            self._lib.heif_decoding_options_free(self._options)
            self._options = None
        if self._handle:
            self._lib.heif_image_handle_release(self._handle)
            self._handle = ctypes.c_void_p()
        if self._ctx:
            self._lib.heif_context_free(self._ctx)
            self._ctx = None

    def _tile(self, tx: int, ty: int) -> Image.Image:
        lib, img = self._lib, ctypes.c_void_p()
        mode = "RGBA" if self.alpha else "RGB"
        _check(
            lib.heif_image_handle_decode_image_tile(
                self._handle,
                ctypes.byref(img),
                _HEIF_COLORSPACE_RGB,
                _HEIF_CHROMA_RGBA if self.alpha else _HEIF_CHROMA_RGB,
                self._options,
                tx,
                ty,
            )
        )
        try:
            stride = ctypes.c_size_t()
            plane = lib.heif_image_get_plane_readonly2(img, _HEIF_CHANNEL_INTERLEAVED, ctypes.byref(stride))
            w = lib.heif_image_get_width(img, _HEIF_CHANNEL_INTERLEAVED)
            h = lib.heif_image_get_height(img, _HEIF_CHANNEL_INTERLEAVED)
            if not plane or w <= 0 or h <= 0:
                raise StripError("a tile of the picture could not be decoded")
            data = ctypes.string_at(plane, stride.value * h)
            return Image.frombuffer(mode, (w, h), data, "raw", mode, stride.value, 1)
        finally:
            lib.heif_image_release(img)

    def rows(self) -> Iterator[Image.Image]:
        """Each row of tiles pasted into one band as wide as the picture (the grid's excess trimmed)."""
        t = self.tiling
        width, height = self.size
        mode = "RGBA" if self.alpha else "RGB"
        for ty in range(t.num_rows):
            top = ty * t.tile_height
            band = Image.new(mode, (width, min(t.tile_height, height - top)))
            for tx in range(t.num_columns):
                band.paste(self._tile(tx, ty), (tx * t.tile_width, 0))
            yield band

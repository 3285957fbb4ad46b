"""The parcel label in the first seconds of a video: a barcode that reads as a tracking number says the
recording starts on this parcel. The reading is read/barcodes.py's (zxing-cpp) and the number's format
read/tracking.py's; this module only says where to look and what counts."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

# Where a label is looked for: the first seconds, a look every STEP_S (the label is usually held up for a
# second or more, so half a second apart cannot miss it).
WINDOW_S = 6.0
STEP_S = 0.5
# zxing-cpp reads a Code 128 label in tens of milliseconds on a 1080p grey frame; larger frames are
# reduced to this long edge first (a label that fills a tenth of a 4K frame is still 380 px wide).
READ_EDGE = 1920


@dataclass(frozen=True)
class Label:
    at_s: float
    text: str  # the barcode's text, as read
    format: str  # the barcode's format ("Code128" ...)
    carrier: str  # the tracking number's format ("UPU S10", "Cainiao LP" ...)

    def as_dict(self) -> dict[str, object]:
        return {"at_s": round(self.at_s, 3), "text": self.text, "format": self.format, "carrier": self.carrier}


# Formats a parcel label's number is printed in (QR codes and DataMatrix on labels carry addresses and
# routing data, EAN the product).
_LINEAR = ("Code128", "Code 128", "Code39", "Code 39", "Code93", "Code 93", "ITF", "Codabar")
_MIN_CHARS = 8


def read_label(grey: Image.Image, at_s: float) -> Label | None:
    """The barcode in the picture that reads as a tracking number (carrier "UPU S10", "Cainiao LP" ...),
    else a linear barcode of at least 8 characters (carrier "unknown": the texts say what it is only when
    it matches the order's tracking number); None when there is neither. One plain pass (no turned
    retries): several frames are looked at, and a frame costs tens of milliseconds this way."""
    from evidence_pack.read.barcodes import read_barcodes
    from evidence_pack.read.tracking import classify

    if max(grey.size) > READ_EDGE:
        grey = grey.copy()
        grey.thumbnail((READ_EDGE, READ_EDGE), Image.Resampling.BILINEAR)
    other: Label | None = None
    for code in read_barcodes(grey, thorough=False):
        number = classify(code.text)
        if number.format != "unknown" and number.valid is not False:
            return Label(at_s, number.text, code.format, number.format)
        if other is None and code.format in _LINEAR and len(number.text) >= _MIN_CHARS and number.text.isalnum():
            other = Label(at_s, number.text, code.format, "unknown")
    return other

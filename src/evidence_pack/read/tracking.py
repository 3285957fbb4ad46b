"""Tracking numbers: which format a number is in and whether it is valid.

UPU S10 (international post, e.g. RR123456785CN): 2 letters, 8 digits, a check digit, a 2-letter
country; the check digit is computed with weights 8,6,4,2,3,5,9,7: C = 11 - (S mod 11), 10 -> 0,
11 -> 5. Cainiao's LP + 12-14 digits is AliExpress's internal number (swapped for an S10 number at the
consolidation hub): it is not an invalid S10 number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_S10 = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")
_CAINIAO = re.compile(r"^LP\d{12,14}$")
_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
# Forms seen on labels and order pages of other carriers (no check digit that can be verified here).
_OTHERS = (
    (re.compile(r"^1Z[0-9A-Z]{16}$"), "UPS"),
    (re.compile(r"^(YT|YANWEN)\d{16}$"), "YunExpress"),
    (re.compile(r"^(CNG|CNGXM)\w{8,20}$"), "Cainiao (CN)"),
    (re.compile(r"^\d{12}$|^\d{15}$|^\d{20,22}$"), "numeric (FedEx, DHL, USPS or a local carrier)"),
)


@dataclass(frozen=True)
class TrackingNumber:
    text: str  # normalised: upper case, no spaces
    format: str  # "UPU S10", "Cainiao LP", another carrier's name, or "unknown"
    valid: bool | None  # the check digit holds (True), does not (False), or the format has none (None)
    expected_check: int | None = None  # the S10 check digit the number should carry, when it does not


def normalise(text: str) -> str:
    """Upper case without spaces, dashes or dots (labels print S10 numbers as 'RR 123 456 785 CN')."""
    return re.sub(r"[\s\-.]", "", text).upper()


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an 8-digit serial number."""
    c = 11 - sum(int(d) * w for d, w in zip(serial, _WEIGHTS, strict=True)) % 11
    return 0 if c == 10 else 5 if c == 11 else c


def classify(text: str) -> TrackingNumber:
    """The format of a tracking number and, for S10, whether its check digit holds."""
    number = normalise(text)
    m = _S10.match(number)
    if m:
        expected = s10_check_digit(m.group(2))
        ok = expected == int(m.group(3))
        return TrackingNumber(number, "UPU S10", ok, None if ok else expected)
    if _CAINIAO.match(number):
        return TrackingNumber(number, "Cainiao LP", None)
    for pattern, name in _OTHERS:
        if pattern.match(number):
            return TrackingNumber(number, name, None)
    return TrackingNumber(number, "unknown", None)


def looks_like_tracking(text: str) -> bool:
    """True for text in one of the known tracking formats (what a label's barcode or print is)."""
    return classify(text).format != "unknown"


def same_number(a: str, b: str) -> bool:
    """True when two tracking numbers are the same once spaces and case are set aside."""
    return normalise(a) == normalise(b)

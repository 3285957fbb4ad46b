"""Tracking numbers and the barcodes that carry them, read from generated labels."""

import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter

from evidence_pack.read.barcodes import read_barcodes
from evidence_pack.read.tracking import classify, s10_check_digit, same_number


@pytest.mark.parametrize(
    "serial, digit", [("12345678", 5), ("47312482", 9), ("70000000", 0), ("00000000", 5), ("12345670", 6)]
)
def test_s10_check_digit(serial, digit):
    assert s10_check_digit(serial) == digit


def test_formats_and_validity():
    assert classify("RR123456785CN").valid is True
    wrong = classify("rr 1234 5678 4 cn")
    assert wrong.text == "RR123456784CN" and wrong.valid is False and wrong.expected_check == 5
    lp = classify("LP00123456789012")
    assert lp.format == "Cainiao LP" and lp.valid is None  # not an invalid S10 number
    assert classify("hello").format == "unknown"
    assert same_number("RR123456785CN", "rr 123 456 785 cn")


def label(text: str, angle: float = 0, blur: float = 0) -> Image.Image:
    code = zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128), scale=3)
    code = code if isinstance(code, Image.Image) else Image.fromarray(code)
    img = Image.new("RGB", (1400, 900), (250, 245, 235))
    img.paste(code.convert("RGB"), (250, 350))
    ImageDraw.Draw(img).text((250, 300), text, fill=(0, 0, 0))
    if angle:
        img = img.rotate(angle, expand=True, fillcolor=(250, 245, 235))
    return img.filter(ImageFilter.GaussianBlur(blur)) if blur else img


@pytest.mark.parametrize("angle, blur", [(0, 0), (7, 1.5), (20, 1.0)])
def test_label_barcode_is_read(angle, blur):
    found = read_barcodes(label("RR123456785CN", angle, blur))
    assert [b.text for b in found] == ["RR123456785CN"]


def test_no_barcode_no_result():
    assert read_barcodes(Image.new("RGB", (300, 200), (255, 255, 255))) == []

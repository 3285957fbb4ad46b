#!/usr/bin/env python3
"""Make the sample cases in this folder: drawn photos, drawn chat screenshots, a short drawn video.

No real personal media: every picture is drawn here. Run from anywhere:
    python samples/make_samples.py
It rewrites samples/one-of-two-dead, samples/wrong-colour and samples/missing-items.
"""

from __future__ import annotations

import io
import itertools
import shutil
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
FONT_B = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_B if bold else FONT), size)


def exif_bytes(when: str, orientation: int = 1, gps: bool = True) -> bytes:
    """EXIF as a phone writes it: make, model, capture time, orientation and a GPS position."""
    ex = Image.Exif()
    ex[0x010F] = "Google"
    ex[0x0110] = "Pixel 7"
    ex[0x0112] = orientation
    ex[0x0131] = "HDR+ 1.0"
    ex[0x8769] = {0x9003: when, 0x9004: when}
    if gps:
        ex[0x8825] = {1: "N", 2: (35.0, 39.0, 26.0), 3: "E", 4: (139.0, 44.0, 58.0)}
    return ex.tobytes()


def table_scene(w: int, h: int, seed: int) -> Image.Image:
    """A wooden table seen from above, softly lit."""
    img = Image.new("RGB", (w, h), (176, 134, 92))
    d = ImageDraw.Draw(img)
    for y in range(0, h, 23):
        shade = 160 + (y * 7 + seed * 13) % 30
        d.line([(0, y), (w, y + 9)], fill=(shade, int(shade * 0.76), int(shade * 0.52)), width=3)
    return img.filter(ImageFilter.GaussianBlur(2))


def hub(d: ImageDraw.ImageDraw, x: int, y: int, scale: float, lit: bool, label: str) -> None:
    """A USB-C hub: grey body, ports, a cable, a status LED."""
    w, h = int(520 * scale), int(190 * scale)
    d.rounded_rectangle([x + 10, y + 12, x + w + 10, y + h + 12], radius=int(36 * scale), fill=(90, 70, 50))
    d.rounded_rectangle(
        [x, y, x + w, y + h], radius=int(36 * scale), fill=(150, 154, 160), outline=(70, 72, 76), width=4
    )
    for i in range(4):
        px = x + int((70 + i * 95) * scale)
        d.rounded_rectangle(
            [px, y + int(60 * scale), px + int(60 * scale), y + int(90 * scale)], radius=6, fill=(30, 30, 34)
        )
    d.rounded_rectangle(
        [x + int(450 * scale), y + int(60 * scale), x + int(490 * scale), y + int(130 * scale)],
        radius=8,
        fill=(40, 40, 44),
    )
    led = (60, 255, 110) if lit else (55, 60, 55)
    cx, cy = x + int(470 * scale), y + int(30 * scale)
    if lit:
        d.ellipse([cx - 26, cy - 26, cx + 26, cy + 26], fill=(150, 255, 170))
    d.ellipse([cx - 12, cy - 12, cx + 12, cy + 12], fill=led, outline=(20, 20, 20))
    d.line([(x, y + h // 2), (x - int(220 * scale), y + h // 2 + 120)], fill=(25, 25, 25), width=int(16 * scale))
    d.text((x + int(60 * scale), y + int(125 * scale)), label, font=font(int(34 * scale), True), fill=(30, 30, 30))


def sticky_note(d: ImageDraw.ImageDraw, x: int, y: int, text: str) -> None:
    d.rectangle([x, y, x + 330, y + 150], fill=(255, 236, 120), outline=(200, 180, 60))
    for i, line in enumerate(text.split("\n")):
        d.text((x + 20, y + 20 + i * 46), line, font=font(36, True), fill=(40, 40, 40))


def save_photo(img: Image.Image, path: Path, when: str, orientation: int = 1, gps: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    stored = img
    if orientation == 6:  # stored as a phone does: sideways, with the orientation tag saying so
        stored = img.transpose(Image.Transpose.ROTATE_90)
    stored.save(path, "JPEG", quality=88, exif=exif_bytes(when, orientation, gps))


def chat_screenshot(path: Path, messages: list[tuple[str, str, str]], title: str, width: int = 1170) -> None:
    """A phone chat screenshot: bubbles left (seller) and right (buyer), with dates."""
    f, fs, fb = font(40), font(28), font(44, True)
    scratch = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    wrapped = []
    for who, when, text in messages:
        lines: list[str] = []
        for para in text.split("\n"):
            line = ""
            for word in para.split():
                trial = f"{line} {word}".strip()
                if scratch.textlength(trial, font=f) > width * 0.62:
                    lines.append(line)
                    line = word
                else:
                    line = trial
            lines.append(line)
        wrapped.append((who, when, lines))
    height = 260 + sum(80 + 54 * len(lines) + 70 for _, _, lines in wrapped) + 120
    img = Image.new("RGB", (width, height), (238, 238, 242))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, width, 200], fill=(255, 255, 255))
    d.text((60, 60), "<", font=fb, fill=(230, 70, 30))
    d.text((130, 70), title, font=fb, fill=(20, 20, 20))
    d.line([(0, 200), (width, 200)], fill=(210, 210, 215), width=2)
    y = 250
    for who, when, lines in wrapped:
        d.text((width // 2 - 120, y), when, font=fs, fill=(130, 130, 135))
        y += 50
        bw = int(max(scratch.textlength(t, font=f) for t in lines) + 70)
        bh = 54 * len(lines) + 40
        buyer = who == "buyer"
        x0 = width - bw - 50 if buyer else 50
        d.rounded_rectangle([x0, y, x0 + bw, y + bh], radius=34, fill=(255, 106, 40) if buyer else (255, 255, 255))
        for i, t in enumerate(lines):
            d.text((x0 + 35, y + 20 + i * 54), t, font=f, fill=(255, 255, 255) if buyer else (25, 25, 25))
        y += bh + 70
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, optimize=True)


def listing_screenshot(
    path: Path, title: str, price: str, bullets: list[str], colour: tuple[int, int, int], product: str
) -> None:
    w, h = 1170, 2100
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, 150], fill=(230, 60, 30))
    d.text((50, 45), "Store  >  Product details", font=font(44, True), fill=(255, 255, 255))
    d.rectangle([60, 200, w - 60, 1000], fill=(246, 246, 248))
    if product == "hub":
        hub(d, 230, 480, 1.3, True, "HUB-7")
    elif product == "jacket":
        jacket(d, w // 2, 600, 1.4, colour)
    else:
        for i in range(5):
            case_icon(d, 170 + i * 180, 430, colour)
    d.text((60, 1050), title, font=font(48, True), fill=(20, 20, 20))
    d.text((60, 1140), price, font=font(64, True), fill=(230, 60, 30))
    y = 1270
    for b in bullets:
        d.text((60, y), "- " + b, font=font(40), fill=(40, 40, 40))
        y += 70
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, optimize=True)


def jacket(d: ImageDraw.ImageDraw, cx: int, cy: int, s: float, colour: tuple[int, int, int]) -> None:
    body = [
        (cx - 170 * s, cy - 250 * s),
        (cx + 170 * s, cy - 250 * s),
        (cx + 200 * s, cy + 270 * s),
        (cx - 200 * s, cy + 270 * s),
    ]
    d.polygon(body, fill=colour, outline=(30, 30, 30))
    d.polygon(
        [
            (cx - 170 * s, cy - 250 * s),
            (cx - 330 * s, cy + 180 * s),
            (cx - 250 * s, cy + 200 * s),
            (cx - 150 * s, cy - 80 * s),
        ],
        fill=colour,
        outline=(30, 30, 30),
    )
    d.polygon(
        [
            (cx + 170 * s, cy - 250 * s),
            (cx + 330 * s, cy + 180 * s),
            (cx + 250 * s, cy + 200 * s),
            (cx + 150 * s, cy - 80 * s),
        ],
        fill=colour,
        outline=(30, 30, 30),
    )
    d.line([(cx, cy - 250 * s), (cx, cy + 270 * s)], fill=(200, 200, 200), width=int(6 * s))
    for k in range(1, 6):
        y = cy - 250 * s + k * 90 * s
        d.line([(cx - 185 * s, y), (cx + 185 * s, y)], fill=tuple(max(0, c - 40) for c in colour), width=int(4 * s))


def case_icon(d: ImageDraw.ImageDraw, x: int, y: int, colour: tuple[int, int, int]) -> None:
    d.rounded_rectangle([x, y, x + 140, y + 280], radius=30, fill=colour, outline=(40, 40, 40), width=3)
    d.rounded_rectangle([x + 20, y + 20, x + 70, y + 90], radius=14, fill=(40, 40, 40))


def parcel_label(img: Image.Image, x: int, y: int, lines: list[str]) -> None:
    d = ImageDraw.Draw(img)
    d.rectangle([x, y, x + 1100, y + 620], fill=(250, 250, 250), outline=(40, 40, 40), width=4)
    for i, line in enumerate(lines):
        d.text((x + 40, y + 40 + i * 70), line, font=font(48, i == 0), fill=(20, 20, 20))
    for i in range(60):  # barcode
        bw = 4 + (i * 7) % 9
        d.rectangle([x + 40 + i * 17, y + 470, x + 40 + i * 17 + bw // 2, y + 590], fill=(10, 10, 10))


def label_barcode(text: str, height: int) -> Image.Image:
    """A real Code 128 barcode of `text` (zxing-cpp's writer), so the label can be read in the video."""
    import zxingcpp

    pixels = memoryview(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128).to_image(scale=2))
    bars = Image.frombytes("L", (pixels.shape[1], pixels.shape[0]), pixels.tobytes())
    return bars.resize((bars.width, height), Image.Resampling.NEAREST).convert("RGB")


def _ease(t: float) -> float:
    return t * t * (3 - 2 * t)


def make_video(path: Path, seconds: int = 8, fps: int = 15) -> None:
    """An 'unboxing' clip filmed in one take: the camera starts on the sealed parcel and its label (a
    readable barcode of the tracking number), pans to the parcel being opened, then to both hubs
    connected, the dead unit's LED dark."""
    import av

    w, h = 960, 540
    world = table_scene(3 * w, h, 3)  # the parcel on the left, the opened box in the middle, the hubs right
    d = ImageDraw.Draw(world)
    d.rectangle([200, 90, 760, 450], fill=(196, 160, 110), outline=(120, 90, 60), width=5)
    d.rectangle([660, 90, 700, 450], fill=(210, 200, 170))
    d.rectangle([230, 120, 640, 330], fill=(250, 250, 250))
    d.text((250, 132), "LP00123456789CN", font=font(22, True), fill=(0, 0, 0))
    d.text((250, 164), "2 x HUB-7  0.32 kg", font=font(20), fill=(0, 0, 0))
    world.paste(label_barcode("LP00123456789CN", 110), (250, 200))
    d.rectangle([w + 200, 90, w + 760, 450], fill=(196, 160, 110), outline=(120, 90, 60), width=5)
    d.rectangle([w + 240, 130, w + 720, 410], fill=(120, 90, 60))
    hub(d, 2 * w + 130, 120, 0.6, True, "UNIT 1")
    hub(d, 2 * w + 560, 300, 0.6, False, "UNIT 2")
    # where the camera looks (left edge of the frame in the world) and the caption, moment by moment
    stops = [(0.0, 0), (2.6, 0), (3.4, w), (4.6, w), (5.4, 2 * w), (seconds, 2 * w)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="mp4") as out:
        st = out.add_stream("libx264", rate=fps)
        st.width, st.height, st.pix_fmt = w, h, "yuv420p"
        st.options = {"crf": "30", "preset": "veryfast", "g": str(fps * 2), "threads": "1"}
        for i in range(seconds * fps):
            t = i / fps
            for (t0, x0), (t1, x1) in itertools.pairwise(stops):
                if t0 <= t <= t1:
                    x = int(x0 + (x1 - x0) * _ease((t - t0) / (t1 - t0)))
                    break
            img = world.crop((x, 0, x + w, h))
            d = ImageDraw.Draw(img)
            if x == w:  # the hub comes out of the opened box
                hub(d, 330 + int((t - 3.4) * 40), 220, 0.55, False, "")
            caption = "Sealed parcel" if t < 3 else "Opening" if t < 5 else "Both connected: unit 2 stays dark"
            d.text((40, 20), caption, font=font(30, True), fill=(255, 255, 255))
            d.text((w - 150, h - 40), f"00:{int(t):02d}", font=font(24, True), fill=(255, 255, 255))
            frame = av.VideoFrame.from_image(img)
            for packet in st.encode(frame):
                out.mux(packet)
        for packet in st.encode():
            out.mux(packet)


def receipt_pdf(path: Path, lines: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(60, 780, "Order receipt")
    c.setFont("Helvetica", 12)
    for i, line in enumerate(lines):
        c.drawString(60, 740 - i * 22, line)
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())


def one_of_two_dead(root: Path) -> None:
    listing_screenshot(
        root / "listing" / "listing.png",
        "USB-C hub 7-in-1, 4K HDMI, 100 W PD",
        "US $12.50",
        [
            "7 ports: HDMI 4K, 3 x USB-A, SD, TF, USB-C PD",
            "Status LED lights when connected",
            "Works with Windows, macOS, Linux",
            "Quantity: 2 pieces",
        ],
        (150, 154, 160),
        "hub",
    )
    img = table_scene(2400, 1800, 1)
    d = ImageDraw.Draw(img)
    hub(d, 500, 300, 2.2, True, "UNIT 1")
    hub(d, 500, 1000, 2.2, False, "UNIT 2")
    sticky_note(d, 1850, 1450, "both plugged\ninto laptop")
    save_photo(img, root / "photos" / "IMG_0001.jpg", "2026:10:21 14:03:10")
    img = table_scene(2400, 1800, 2)
    d = ImageDraw.Draw(img)
    hub(d, 250, 550, 3.4, False, "UNIT 2")
    sticky_note(d, 1800, 150, "no LED\nno device")
    save_photo(img, root / "photos" / "IMG_0002.jpg", "2026:10:21 14:04:55", orientation=6)
    img = table_scene(2400, 1800, 4)
    parcel_label(img, 600, 500, ["LP00123456789CN", "To: (address hidden)", "2 x USB-C HUB-7", "Weight 0.32 kg"])
    save_photo(img, root / "photos" / "IMG_0003.jpg", "2026:10:20 18:30:02")
    make_video(root / "videos" / "unboxing.mp4")
    chat_screenshot(
        root / "chat" / "2026-10-22-agreed.png",
        [
            (
                "buyer",
                "Oct 21, 14:10",
                "Hello, I received 2 hubs but unit 2 does not power on. The LED stays dark and no computer detects it. Photos attached.",
            ),
            (
                "seller",
                "Oct 22, 09:02",
                "Sorry dear friend. Please open a dispute for half of the order, we agree to refund US $13.50 for the broken one.",
            ),
            ("buyer", "Oct 22, 09:15", "Thank you. I will open the dispute for US $13.50 as you said."),
            ("seller", "Oct 22, 09:20", "OK, we will accept it."),
        ],
        "Example Official Store",
    )
    (root / "case.toml").write_text(
        """schema = 1
platform = "aliexpress"
language = "en"

[order]
id = "8181234567890123"
date = 2026-10-01
store = "Example Official Store"
item = "USB-C hub 7-in-1"
listing_url = "https://www.aliexpress.com/item/1005001234567890.html"
quantity = 2
unit_price = "12.50"
shipping = "2.00"
currency = "USD"
delivered = 2026-10-20
tracking = "LP00123456789CN"

[claim]
reason = "defective"
problems = ["does_not_power_on"]
affected_quantity = 1
resolution = "refund_only"
refund = "proportional"
statement = "Unit 2 shows no light and is not detected by any computer; unit 1 works on the same cable and laptop."
noticed_on = 2026-10-21
opened_on = 2026-10-23

[seller]
agreed = "partial_refund"
agreed_on = 2026-10-22
agreed_amount = "13.50"
agreement_evidence = "chat/2026-10-22-agreed.png"
agreement_quote = "Please open a dispute for half of the order, we agree to refund US $13.50 for the broken one."
contacted_on = 2026-10-21
proposal = "0"
proposal_on = 2026-10-24
proposal_note = "Asked for clearer pictures."
objection = "clearer_pictures"

[[evidence]]
file = "photos/IMG_0001.jpg"
caption = "Both units connected to the same laptop: unit 1 LED on, unit 2 LED off"

[[evidence]]
file = "photos/IMG_0002.jpg"
caption = "Unit 2 close up: no power LED when connected"

[[evidence]]
file = "photos/IMG_0003.jpg"
caption = "Parcel label: 2 x USB-C HUB-7, tracking LP00123456789CN"

[[evidence]]
file = "videos/unboxing.mp4"
caption = "Unboxing from the sealed parcel to both units connected"
frames = ["00:06"]

[[evidence]]
file = "chat/2026-10-22-agreed.png"
highlight = [[0.03, 0.39, 0.66, 0.215]]   # the seller's message agreeing to refund US $13.50
""",
        encoding="utf-8",
    )


def wrong_colour(root: Path) -> None:
    navy, red = (30, 45, 90), (200, 40, 45)
    listing_screenshot(
        root / "listing" / "listing.png",
        "Down jacket, navy blue, size L",
        "JPY 11,500",
        ["Colour: Navy blue (selected)", "Size: L", "Filling: 90% duck down"],
        navy,
        "jacket",
    )
    img = table_scene(2400, 1800, 5)
    d = ImageDraw.Draw(img)
    jacket(d, 1200, 900, 2.4, red)
    sticky_note(d, 1900, 120, "received:\nRED")
    save_photo(img, root / "photos" / "IMG_2041.jpg", "2026:10:18 19:22:40")
    img = table_scene(2400, 1800, 6)
    d = ImageDraw.Draw(img)
    d.rectangle([700, 500, 1700, 1300], fill=(250, 250, 250), outline=(30, 30, 30), width=5)
    for i, line in enumerate(["DOWN JACKET", "SIZE: L", "COLOUR: RED", "90% DUCK DOWN"]):
        d.text((780, 580 + i * 150), line, font=font(90, True), fill=(20, 20, 20))
    save_photo(img, root / "photos" / "IMG_2042.jpg", "2026:10:18 19:23:05")
    chat_screenshot(
        root / "chat" / "chat.png",
        [
            ("buyer", "Oct 18, 19:30", "I ordered navy blue but received a red jacket. Please see the photos."),
            ("seller", "Oct 19, 10:05", "Sorry, red is also very nice. We can give 500 yen."),
            ("buyer", "Oct 19, 10:12", "No. I ordered navy blue. I will open a dispute."),
        ],
        "Down Jacket Store",
    )
    (root / "case.toml").write_text(
        """schema = 1
platform = "aliexpress"
language = "ja"

[order]
id = "3051234567000001"
date = 2026-10-02
store = "Down Jacket Store"
item = "ダウンジャケット Down jacket, navy blue, size L"
quantity = 1
unit_price = 11500
shipping = 500
currency = "JPY"
delivered = 2026-10-18

[claim]
reason = "not_as_described"
problems = ["wrong_color"]
resolution = "refund_only"
refund = "11000"
statement = "The listing and my order say navy blue; the jacket received and its label are red."
statement_ja = "注文したのは紺色ですが、届いたジャケットもタグも赤でした。"
noticed_on = 2026-10-18
opened_on = 2026-10-19     # the dispute, opened after the seller offered JPY 500 in chat

[seller]
agreed = "none"
contacted_on = 2026-10-18
proposal = "500"
proposal_on = 2026-10-20
proposal_note = "Offered JPY 500 because red is also nice."
objection = "acceptable_difference"

[[evidence]]
file = "photos/IMG_2041.jpg"
caption = "The jacket received is red, not navy blue"
caption_ja = "届いたジャケットは紺色ではなく赤"
compare = "listing/listing.png"

[[evidence]]
file = "photos/IMG_2042.jpg"
caption = "The jacket's label says COLOUR: RED"
caption_ja = "タグにも COLOUR: RED（赤）と書かれている"

[[evidence]]
file = "listing/listing.png"
caption = "The listing: down jacket, navy blue, size L"
caption_ja = "商品ページ：紺色のダウンジャケット、サイズ L"
highlight = [[0.09, 0.11, 0.82, 0.375]]   # the jacket as pictured in the listing
""",
        encoding="utf-8",
    )


def missing_items(root: Path) -> None:
    green = (60, 150, 90)
    listing_screenshot(
        root / "listing" / "listing.png",
        "Silicone phone case, green (5 pieces)",
        "EUR 4.20 / piece",
        ["Sold per piece", "Quantity ordered: 5", "Colour: green"],
        green,
        "cases",
    )
    img = table_scene(2400, 1800, 7)
    d = ImageDraw.Draw(img)
    for i in range(3):
        case_icon(d, 500 + i * 480, 500, green)
        d.rounded_rectangle([500 + i * 480, 500, 640 + i * 480, 780], radius=30, outline=(40, 40, 40), width=3)
    big = Image.new("RGB", (2400, 1800))
    big.paste(img)
    d = ImageDraw.Draw(big)
    for i in range(3):
        d.rounded_rectangle(
            [450 + i * 480, 450, 450 + i * 480 + 360, 450 + 720], radius=70, fill=green, outline=(40, 40, 40), width=6
        )
        d.rounded_rectangle([500 + i * 480, 500, 640 + i * 480, 680], radius=30, fill=(40, 40, 40))
    sticky_note(d, 1850, 1450, "only 3\nof 5")
    save_photo(big, root / "photos" / "IMG_3001.jpg", "2026:10:25 12:00:41")
    img = table_scene(2400, 1800, 8)
    parcel_label(img, 600, 500, ["RB123456785CN", "To: (address hidden)", "5 x phone case", "Weight 0.09 kg"])
    save_photo(img, root / "photos" / "IMG_3002.jpg", "2026:10:25 11:58:12", gps=False)
    receipt_pdf(
        root / "documents" / "receipt.pdf",
        [
            "Order 7788990011",
            "Date: 2026-10-05",
            "Silicone phone case, green  x 5   EUR 4.20 each",
            "Shipping                          EUR 1.00",
            "Total                             EUR 22.00",
            "Paid with PayPal",
        ],
    )
    (root / "case.toml").write_text(
        """schema = 1
platform = "paypal"
language = "en"

[order]
id = "7788990011"
date = 2026-10-05
store = "Case Corner"
item = "Silicone phone case, green"
quantity = 5
unit_price = "4.20"
shipping = "1.00"
currency = "EUR"
delivered = 2026-10-25
tracking = "RB123456785CN"

[claim]
reason = "missing_items"
problems = ["quantity_short"]
affected_quantity = 2
resolution = "refund_only"
refund = "proportional"
opened_on = 2026-10-26

[[evidence]]
file = "photos/IMG_3001.jpg"
caption = "Everything that was in the parcel: 3 cases, not 5"

[[evidence]]
file = "photos/IMG_3002.jpg"
caption = "Parcel label: 5 x phone case declared, 0.09 kg"
highlight = [[0.255, 0.375, 0.25, 0.085]]   # "5 x phone case", "Weight 0.09 kg"

[[evidence]]
file = "documents/receipt.pdf"
caption = "Receipt: 5 cases ordered, EUR 22.00 paid"
""",
        encoding="utf-8",
    )


def main() -> None:
    for name, maker in (
        ("one-of-two-dead", one_of_two_dead),
        ("wrong-colour", wrong_colour),
        ("missing-items", missing_items),
    ):
        root = HERE / name
        if root.exists():
            shutil.rmtree(root)
        root.mkdir()
        maker(root)
        print(f"made {root.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()

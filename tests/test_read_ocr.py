"""Real reading: chat screenshots, order pages and parcel labels drawn with real fonts (Vera, and the
project's Droid Sans Fallback for Japanese and Chinese), read by rapidocr and zxing-cpp, then built,
checked and read through the command line. Nothing here imitates an engine; without the reading extra
the OCR tests skip and say why (CI installs the extra)."""

import json
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from evidence_pack.build import BuildOptions, build_case
from evidence_pack.cli import cli
from evidence_pack.read import ocr
from evidence_pack.read.chat import transcript
from evidence_pack.read.report import read_case
from tests.conftest import BASE_TOML, SAMPLES
from tests.screens import chat_screenshot, order_page, parcel_label

needs_ocr = pytest.mark.skipif(
    not ocr.available(), reason="the reading extra is not installed: pip install -c constraints.txt '.[read]'"
)

CONVERSATION = [
    ("date", "2026-10-21 14:02"),
    ("buyer", "Hello, one of the two hubs I received does not power on at all. I attached a video."),
    ("seller", "Sorry for the trouble. Can you send a photo of the LED?"),
    ("buyer", "Sure, here it is. No light at all."),
    ("date", "2026-10-22 09:15"),
    ("seller", "Please open a dispute for half of the order, we agree to refund US $13.50 for the broken one."),
    ("buyer", "Thank you, I will do that."),
]
JAPANESE = [
    ("date", "2026年10月22日"),
    ("buyer", "2個のうち1個が動きません。"),
    ("seller", "ご迷惑をおかけしました。半額の1,350円を返金します。"),
]
CHINESE = [("date", "2026-10-23"), ("seller", "我们同意退款 13.50 美元")]


@pytest.fixture(scope="module")
def engine() -> ocr.OcrEngine:
    if not ocr.available():
        pytest.skip("the reading extra is not installed: pip install -c constraints.txt '.[read]'")
    return ocr.OcrEngine()


@needs_ocr
def test_chat_screenshot_read_word_for_word(engine):
    lines = engine.read(chat_screenshot(CONVERSATION))
    chat = transcript(lines)
    said = [(m.side, m.text) for m in chat.messages if m.side != "header"]
    assert said == [(side, text) for side, text in CONVERSATION if side != "date"]
    headers = [m.text for m in chat.messages if m.side == "header"]
    assert headers == ["Example Official Store", "2026-10-21 14:02", "2026-10-22 09:15"]


@needs_ocr
@pytest.mark.parametrize(
    "sample, title", [("one-of-two-dead", "Example Official Store"), ("wrong-colour", "Down Jacket Store")]
)
def test_the_samples_title_bar_is_read_as_a_header(engine, sample, title):
    """The chat apps' title bar (a back arrow, the other side's name) as the real engine reads it: a header
    row, never the seller's first messages ("V" was one)."""
    from PIL import Image

    shot = next((SAMPLES / sample / "chat").glob("*.png"))
    with Image.open(shot) as img:
        lines = engine.read(img.convert("RGB"))
        aspect = img.height / img.width
    first = transcript(lines, aspect).messages[0]
    assert (first.side, first.text) == ("header", title)
    assert all(len(m.text.strip()) > 2 for m in transcript(lines, aspect).messages if m.side == "seller")


@needs_ocr
@pytest.mark.parametrize(
    "conversation, quote, amount, currency, date",
    [
        (JAPANESE, "ご迷惑をおかけしました。半額の1,350円を返金します。", "1350", "JPY", "2026-10-22"),
        (CHINESE, "我们同意退款 13.50 美元", "13.50", "USD", "2026-10-23"),
    ],
)
def test_japanese_and_chinese_agreements(engine, conversation, quote, amount, currency, date):
    from evidence_pack.read.agreement import find_agreements

    [found] = find_agreements("chat/a.png", transcript(engine.read(chat_screenshot(conversation))))
    assert found.quote == quote
    assert found.amount is not None and (found.amount.value, found.amount.currency) == (Decimal(amount), currency)
    assert str(found.date) == date


@needs_ocr
def test_tall_screenshot_is_read_in_slices(engine):
    long = CONVERSATION * 4
    img = chat_screenshot(long, height=5200)
    chat = transcript(engine.read(img))
    said = [m.text for m in chat.messages if m.side == "seller"]
    assert said.count(CONVERSATION[5][1]) == 4


def make_case(tmp_path: Path, extra: str, files: dict[str, object]) -> Path:
    root = tmp_path / "case"
    root.mkdir()
    (root / "case.toml").write_text(textwrap.dedent(BASE_TOML) + textwrap.dedent(extra), encoding="utf-8")
    for rel, img in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        img.save(root / rel)  # type: ignore[attr-defined]
    return root


AGREED = """
[seller]
agreed = "partial_refund"
"""


@needs_ocr
def test_build_quotes_the_agreement_outlines_it_and_states_the_label(tmp_path, monkeypatch):
    # a cache of its own: other tests read the same chat picture, and this one counts what is read
    monkeypatch.setenv("EVIDENCE_PACK_CACHE_DIR", str(tmp_path / "cache"))
    root = make_case(
        tmp_path,
        'tracking = "RR123456785CN"\n' + AGREED,
        {"chat/chat.png": chat_screenshot(CONVERSATION), "photos/label.jpg": parcel_label("RR123456785CN")},
    )
    # order.tracking goes in [order]: the fixture's TOML ends with [claim], so put it there by hand
    text = (root / "case.toml").read_text().replace('tracking = "RR123456785CN"\n', "")
    text = text.replace('currency = "USD"\n', 'currency = "USD"\ntracking = "RR123456785CN"\n', 1)
    (root / "case.toml").write_text(text)
    seen: list[tuple[int, int, str]] = []
    result = build_case(root, BuildOptions(generated_at=None, progress=lambda d, t, f: seen.append((d, t, f))))
    just = (result.out_dir / "justification.txt").read_text()
    # quoted word for word, said to be read from the screenshot, with the screenshot's exhibit
    quoted = (
        '"Please open a dispute for half of the order, we agree to refund US $13.50 for the broken one." '
        "(as read from the screenshot) (Exhibit 2)"
    )
    assert quoted in just
    assert "The parcel label, Exhibit 1, shows tracking RR123456785CN, the number of this order." in just
    assert seen and seen[-1][:2] == (2, 2)  # the chat and the label photo
    pdf = PdfReader(result.out_dir / "evidence.pdf")
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Exhibit 2: the conversation as read" in text
    assert "we agree to refund US" in text  # the invisible layer over the screenshot and the transcript
    assert not any("9:41" in line for line in text.splitlines() if line.startswith("Seller"))
    # a rebuild reads nothing again: no text is read, so no progress is shown
    again: list[tuple[int, int, str]] = []
    build_case(root, BuildOptions(progress=lambda d, t, f: again.append((d, t, f))))
    assert again == []


@needs_ocr
def test_found_agreement_is_outlined_on_its_exhibit(tmp_path):
    from evidence_pack.exhibits import number_exhibits
    from evidence_pack.folder.discover import discover
    from evidence_pack.ingest import ingest_all
    from evidence_pack.read.facts import mark_exhibits
    from evidence_pack.read.readings import read_sources

    root = make_case(tmp_path, AGREED, {"chat/chat.png": chat_screenshot(CONVERSATION)})
    from evidence_pack.case import load_case

    case = load_case(root)
    sources = discover(root, case.evidence)
    ingested = ingest_all(sources, tmp_path)
    readings = read_sources(sources, {i.source.rel: i.sha256 for i in ingested})
    [ex] = mark_exhibits(case, number_exhibits(case, ingested), readings)
    assert ex.is_agreement and ex.caption.startswith("The seller agreed in chat to a partial refund")
    [(x, y, w, h)] = ex.highlight
    # the message "Please open a dispute ..." is the 4th bubble, on the left, in the middle of the picture
    assert x < 0.05 and 0.4 < y < 0.5 and 0.55 < w < 0.7 and 0.05 < h < 0.09


@needs_ocr
def test_check_and_read_compare_with_case_toml(tmp_path):
    root = make_case(
        tmp_path,
        "",
        {"chat/chat.png": chat_screenshot(CONVERSATION), "photos/parcel-label.jpg": parcel_label("RR473124829CN")},
    )
    text = (root / "case.toml").read_text()
    text = text.replace('currency = "USD"\n', 'currency = "USD"\ntracking = "RR123456785CN"\n', 1)
    (root / "case.toml").write_text(text.replace('refund = "proportional"', 'refund = "full"'))
    out = CliRunner().invoke(cli, ["check", str(root)])
    assert "photos/parcel-label.jpg shows tracking RR473124829CN, but order.tracking is RR123456785CN" in out.output
    assert "the seller's message names US $13.50, but the claim is USD 27.00" in out.output
    assert 'agreement_quote = "Please open a dispute for half of the order' in out.output
    data = json.loads(CliRunner().invoke(cli, ["read", str(root), "--json"]).output)
    assert data["text_read"] is True
    assert data["agreement"]["amount"] == "13.50" and data["agreement"]["date"] == "2026-10-22"
    chat = next(f for f in data["files"] if f["file"] == "chat/chat.png")
    assert [m["side"] for m in chat["transcript"]][:3] == ["header", "header", "buyer"]
    label = next(f for f in data["files"] if f["file"] == "photos/parcel-label.jpg")
    assert label["tracking"][0] == {"number": "RR473124829CN", "format": "UPU S10", "valid": True, "from": "barcode"}
    plain = CliRunner().invoke(cli, ["read", str(root)]).output
    assert "seller: Please open a dispute" in plain and "barcode (Code 128): RR473124829CN" in plain


@needs_ocr
def test_printed_number_read_without_a_barcode(tmp_path):
    root = make_case(tmp_path, "", {"photos/label.png": parcel_label("RR123456785CN", barcode=False)})
    report = read_case(root)
    [seen] = report.readings.tracking()
    assert (seen.number.text, seen.source) == ("RR123456785CN", "text")


@needs_ocr
def test_init_from_an_order_page(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    order_page(
        [
            ("Order details", ""),
            ("", "USB-C hub 7-in-1 with HDMI and SD card reader"),
            ("Store", "Example Official Store"),
            ("Order ID", "8181234567890123"),
            ("Order date", "Oct 1, 2026"),
            ("Price", "US $12.50"),
            ("Quantity", "x2"),
            ("Shipping", "US $2.00"),
        ]
    ).save(pages / "order.png")
    case = tmp_path / "new"
    # platform, then Enter for every proposed answer, then the claim's own questions
    answers = "1\n\n\n\n\n\n\n\n\n\n3\n1\n1\n1\n1\n1\n"
    out = CliRunner().invoke(cli, ["init", str(case), "--from", str(pages)], input=answers)
    assert out.exit_code == 0, out.output
    text = (case / "case.toml").read_text()
    for expected in (
        'id = "8181234567890123"',
        "date = 2026-10-01",
        'store = "Example Official Store"',
        'item = "USB-C hub 7-in-1 with HDMI and SD card reader"',
        "quantity = 2",
        'unit_price = "12.50"',
        'shipping = "2.00"',
        'currency = "USD"',
    ):
        assert expected in text


def test_init_from_a_folder_without_pictures(tmp_path):
    (tmp_path / "empty").mkdir()
    out = CliRunner().invoke(cli, ["init", str(tmp_path / "new"), "--from", str(tmp_path / "empty")], input="")
    assert out.exit_code == 1
    assert "no pictures in this folder" in out.output or "needs the reading extra" in out.output


@needs_ocr
def test_nothing_is_downloaded(tmp_path):
    """The engine starts and reads with every network connection refused."""
    chat_screenshot(CONVERSATION[:3]).save(tmp_path / "c.png")
    script = textwrap.dedent(
        f"""
        import socket
        def refuse(*a, **k):
            raise OSError("network blocked by the test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from PIL import Image
        from evidence_pack.read.ocr import OcrEngine
        print("|".join(t.text for t in OcrEngine().read(Image.open({str(tmp_path / "c.png")!r}))))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Sorry for the trouble. Can you" in out.stdout


def test_without_the_extra_build_and_check_work_and_say_what_reading_adds(tmp_path):
    """The extra hidden from a fresh interpreter: barcodes are still read, check says in one line what
    reading would add, and the build makes every output."""
    root = make_case(
        tmp_path,
        'tracking = "RR123456785CN"',
        {"chat/chat.png": chat_screenshot(CONVERSATION[:3]), "photos/label.jpg": parcel_label("RR123456785CN")},
    )
    text = (root / "case.toml").read_text().replace('tracking = "RR123456785CN"', "")
    (root / "case.toml").write_text(
        text.replace('currency = "USD"\n', 'currency = "USD"\ntracking = "RR123456785CN"\n', 1)
    )
    hide = "import sys; sys.modules['rapidocr'] = None; sys.modules['onnxruntime'] = None; "
    run = "from evidence_pack.cli import main; sys.argv = ['evidence-pack'] + sys.argv[1:]; main()"
    check = subprocess.run(
        [sys.executable, "-c", hide + run, "check", str(root)], capture_output=True, text=True, timeout=120
    )
    hints = [line for line in check.stdout.splitlines() if "evidence-pack[read]" in line]
    assert len(hints) == 1 and "not read" in hints[0]
    assert "photos/label.jpg shows tracking RR123456785CN, the number in order.tracking" in check.stdout
    build = subprocess.run(
        [sys.executable, "-c", hide + run, "build", str(root)], capture_output=True, text=True, timeout=120
    )
    assert build.returncode == 0, build.stderr
    just = (root / "out" / "justification.txt").read_text()
    assert "The parcel label, Exhibit 1, shows tracking RR123456785CN" in just
    assert "the conversation as read" not in "\n".join(
        p.extract_text() for p in PdfReader(root / "out" / "evidence.pdf").pages
    )

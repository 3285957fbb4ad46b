"""Texts that are true where they are sent: built cases read back per platform (texts, upload/, PDF)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidence_pack.build import BuildOptions, build_case
from evidence_pack.case import AGREED, KINDS, OBJECTIONS, PROBLEMS, REASONS, RESOLUTIONS
from evidence_pack.platforms import NAMES
from evidence_pack.texts import wording
from tests.conftest import BASE_TOML, SAMPLES

WHEN = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)

SELLER_AGREED_THEN_ZERO = """
noticed_on = 2026-10-21
opened_on = 2026-10-23

[seller]
agreed = "partial_refund"
agreed_on = 2026-10-22
agreed_amount = "13.50"
agreement_evidence = "chat/agreed.png"
agreement_quote = "We agree to refund US $13.50 for the broken one."
contacted_on = 2026-10-21
proposal = "0"
proposal_on = 2026-10-24
proposal_note = "Asked for clearer pictures."
objection = "clearer_pictures"

[[evidence]]
file = "photos/fault.jpg"
caption = "Unit 2 stays dark when connected"
"""


def _build(
    make_case,
    platform: str,
    extra: str = SELLER_AGREED_THEN_ZERO,
    files: dict | None = None,
    name: str = "case",
    toml: str | None = None,
) -> Path:
    files = files or {"photos/fault.jpg": None, "photos/label.jpg": None, "chat/agreed.png": None}
    text = toml or (BASE_TOML.replace('platform = "aliexpress"', f'platform = "{platform}"') + extra)
    case = make_case(toml=text, files=files, name=name)
    out = case.parent / f"{name}-out"
    build_case(case, BuildOptions(out_dir=out, generated_at=WHEN))
    return out


def _cited(text: str) -> set[int]:
    found = {int(n) for n in re.findall(r"Exhibits? (\d+)", text)}
    for a, b in re.findall(r"Exhibits? (\d+)-(\d+)", text):
        found |= set(range(int(a), int(b) + 1))
    return found


@pytest.mark.parametrize("platform", NAMES)
def test_agreed_then_zero_every_platform(make_case, platform):
    out = _build(make_case, platform)
    just = (out / "justification.txt").read_text()
    resp = (out / "response.txt").read_text()
    esc = (out / "escalation.txt").read_text()
    steps = (out / "next-steps.txt").read_text()
    quote = "We agree to refund US $13.50 for the broken one."
    # the seller's own words, with their exhibit, in the first three lines and in the other two texts
    assert quote in "\n".join(just.splitlines()[:3])
    assert quote in resp and quote in esc
    assert "(Exhibit 3)" in just.splitlines()[2]  # chat/agreed.png is the third exhibit (photos first)
    # never hashes, never the buyer's paraphrase quoted back, the PDF only where it is uploaded
    for text in (just, resp, esc):
        assert "SHA-256" not in text and "sha256" not in text.lower()
        assert "Asked for clearer pictures" not in text and "your note" not in text
    uploaded = {p.name for p in (out / "upload").iterdir()}
    assert ("PDF" in resp) == ("evidence.pdf" in uploaded)
    assert "video" not in resp.lower()  # no video in this case
    # everything cited is in upload/ (a card of its own, or the uploaded PDF)
    numbers = {int(m) for n in uploaded for m in re.findall(r"exhibit-(\d+)", n)}
    for text in (just, resp, esc):
        assert _cited(text) <= (numbers | ({1, 2, 3} if "evidence.pdf" in uploaded else set()))
    # next steps: the platform's own steps and warnings, and a Dates section everywhere
    assert "Dates (today is 2026-11-01):" in steps and "ordered 2026-10-01" in steps
    aliexpress_only = ("Do not press Accept on a proposal of 0", "offer to resend", "Do not confirm receipt")
    assert all((w in steps) == (platform == "aliexpress") for w in aliexpress_only)
    if platform == "card":
        assert "you do not send response.txt to the seller" in steps
    else:
        assert "response.txt" in steps
        assert ("Do not send it in the chat" if platform == "aliexpress" else "not by e-mail or chat") in steps
    assert "escalation.txt" in steps
    opening = {
        "aliexpress": "AliExpress customer service",
        "paypal": "escalating this dispute to a claim",
        "ebay": "I ask eBay to step in",
        "amazon": "A-to-z Guarantee claim",
        "card": "I dispute the charge",
        "generic": "support team",
    }[platform]
    assert opening in esc
    limit = {"aliexpress": 1000, "paypal": 2000, "ebay": 2000, "amazon": 2000}.get(platform)
    if limit:
        assert len(just) <= limit and len(esc) <= limit


def test_went_back_is_said(make_case):
    out = _build(make_case, "paypal")
    resp = (out / "response.txt").read_text()
    esc = (out / "escalation.txt").read_text()
    assert resp.startswith("I reject your proposal of USD 0.00: it goes back on what you agreed.")
    assert (
        "On 2026-10-24 the seller went back on this and proposed USD 0.00. The seller asked for clearer pictures."
        in esc
    )


def test_clearer_pictures_points_at_the_fault(make_case):
    out = _build(make_case, "aliexpress")
    resp = (out / "response.txt").read_text()
    assert "You asked for clearer pictures. The fault is shown in Exhibit 1 (unit 2 stays dark when connected)." in resp
    assert "attached to the dispute as a picture of its own" in resp
    esc = (out / "escalation.txt").read_text()  # the platform's staff hear the answer too
    assert "The seller asked for clearer pictures. The fault is shown clearly in Exhibit 1." in esc
    assert len(esc) <= 1000


def test_acceptable_difference_is_answered_for_the_staff(make_case):
    files = {"photos/fault.jpg": None, "listing/l.png": None}
    extra = OBJECTIONS_EXTRA.format(code="acceptable_difference")
    out = _build(make_case, "aliexpress", extra=extra, files=files, name="acc")
    esc = (out / "escalation.txt").read_text()
    assert "the seller says the difference is acceptable. The listing (Exhibit 2) shows what was sold; " in esc
    assert "the item received (Exhibit 1) does not power on." in esc


OBJECTIONS_EXTRA = """
[seller]
proposal = "0"
objection = "{code}"

[[evidence]]
file = "photos/fault.jpg"
caption = "Unit 2 stays dark when connected"
"""


@pytest.mark.parametrize(
    "code, words",
    [
        (
            "acceptable_difference",
            "You say the difference is acceptable. It is not what was sold: the listing (Exhibit 2)",  # listed photo first
        ),
        ("return_first", "My dispute asks for a refund only, without a return"),
        ("resend_offered", "You offer to send the item again. I decline: I asked for a refund of USD 13.50"),
        ("damaged_by_buyer", "show the item as I received it"),
        ("partial_offer", "is less than my claim of USD 13.50, which is computed as"),
    ],
)
def test_response_answers_the_objection(make_case, code, words):
    files = {"photos/fault.jpg": None, "listing/l.png": None}
    out = _build(make_case, "paypal", OBJECTIONS_EXTRA.format(code=code), files=files, name=code)
    assert words in (out / "response.txt").read_text()


def test_no_reply_gets_an_escalation_but_no_response(make_case):
    out = _build(make_case, "ebay", '\n[seller]\ncontacted_on = 2026-10-21\nobjection = "no_reply"\n')
    assert not (out / "response.txt").exists()
    assert "The seller has not replied since 2026-10-21." in (out / "escalation.txt").read_text()


def test_documents_are_cited_by_what_they_are_and_attached_on_image_only_forms(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "missing-items", case, ignore=shutil.ignore_patterns("out"))
    toml = (case / "case.toml").read_text()
    out = tmp_path / "ali"
    build_case(case, BuildOptions(out_dir=out, platform="aliexpress", generated_at=WHEN))
    just = (out / "justification.txt").read_text()
    # listed under [[evidence]], the receipt comes third
    assert "Receipt: 5 cases ordered, EUR 22.00 paid (Exhibit 3)." in just and "receipt.pdf" not in just
    cards = sorted(p.name for p in (out / "upload").iterdir())
    assert "03-exhibit-3.jpg" in cards  # the receipt, drawn as a picture: the cited exhibit is attached
    # without a caption: named by its first line, never by its file name
    (case / "case.toml").write_text(toml.split('[[evidence]]\nfile = "documents/receipt.pdf"')[0])
    out2 = tmp_path / "ali2"
    build_case(case, BuildOptions(out_dir=out2, platform="aliexpress", generated_at=WHEN))
    just = (out2 / "justification.txt").read_text()
    assert 'The document "Order receipt" (1 page) (Exhibit 4).' in just
    text = " ".join(p.extract_text() for p in PdfReader(str(out2 / "evidence.pdf")).pages)
    assert "Document: receipt.pdf" not in text and 'The document "Order receipt"' in text


def test_quote_folded_to_ascii_without_changing_its_meaning(make_case):
    extra = SELLER_AGREED_THEN_ZERO.replace(
        '"We agree to refund US $13.50 for the broken one."', '"“OK” – we refund 13,50 € for the broken one, naïve me."'
    )
    out = _build(make_case, "aliexpress", extra)
    just = (out / "justification.txt").read_text()
    assert just.isascii()
    assert '""OK" - we refund 13,50 EUR for the broken one, naive me."' in just


def test_a_quote_that_cannot_be_folded_is_not_mangled(make_case):
    extra = SELLER_AGREED_THEN_ZERO.replace(
        '"We agree to refund US $13.50 for the broken one."', '"13.50ドル返金します"'
    )
    case = make_case(toml=BASE_TOML + extra, files={"photos/fault.jpg": None, "chat/agreed.png": None})
    result = build_case(case, BuildOptions(out_dir=case.parent / "o", generated_at=WHEN))
    just = (case.parent / "o" / "justification.txt").read_text()
    assert "The seller agreed to this amount in chat on 2026-10-22 (Exhibit 2)." in just
    assert any("agreement_quote" in w for w in result.warnings)


def test_japanese_statement_and_caption_are_left_out_and_said(make_case, tmp_path):
    from evidence_pack.review.check import check_case

    toml = (
        BASE_TOML.replace('platform = "aliexpress"', 'platform = "paypal"\nlanguage = "ja"')
        + """
statement = "2個目は電源が入りません。"

[[evidence]]
file = "photos/fault.jpg"
caption = "2個目の電源が入らない"
"""
    )
    case = make_case(toml=toml, files={"photos/fault.jpg": None})
    result = build_case(case, BuildOptions(out_dir=tmp_path / "o", generated_at=WHEN))
    just = (tmp_path / "o" / "justification.txt").read_text()
    assert "電源" not in just  # nothing Japanese on the English form (PayPal takes any characters)
    assert any("claim.statement" in w and "英語" in w for w in result.warnings)  # in Japanese: language = "ja"
    notes = (tmp_path / "o" / "justification.ja.txt").read_text()
    assert "あなたの説明（claim.statement）は英語で書かれていないため、英語の申し立て文には入っていません。" in notes
    assert "photos/fault.jpg のキャプションは英語ではないため" in notes
    codes = [f.code for f in check_case(case).findings]
    assert codes.count("not_english") == 2


def test_wording_fixed(make_case, tmp_path):
    toml = (
        BASE_TOML.replace('item = "USB-C hub 7-in-1"', 'item = "(Wireless earbuds, black)"')
        .replace("quantity = 2", "quantity = 1")
        .replace("affected_quantity = 1", "affected_quantity = 1")
    )
    toml = toml.replace('platform = "aliexpress"', 'platform = "aliexpress"\nlanguage = "ja"')
    case = make_case(toml=toml, files={"photos/one.jpg": None}, name="one")
    build_case(case, BuildOptions(out_dir=tmp_path / "one-out", generated_at=WHEN))
    just = (tmp_path / "one-out" / "justification.txt").read_text()
    assert 'I ordered "Wireless earbuds, black" (order' in just  # no stray brackets, no "1 x"
    assert "all 1 units" not in just and "Photos" not in just and "(Exhibit 1)" in just
    ja = (tmp_path / "one-out" / "justification.ja.txt").read_text()
    assert "全 1 個" not in ja and "12.50 米ドル" in ja
    two = make_case(
        toml=BASE_TOML.replace('platform = "aliexpress"', 'platform = "aliexpress"\nlanguage = "ja"')
        + '\n[seller]\nagreed = "partial_refund"\nagreed_amount = "13.50"\n',
        name="two",
    )
    build_case(two, BuildOptions(out_dir=tmp_path / "two-out", generated_at=WHEN))
    ja = (tmp_path / "two-out" / "justification.ja.txt").read_text()
    assert "2 個のうち 1 個は電源が入りません" in ja and "1 個が電源が" not in ja
    assert "販売者はチャットでこの金額に同意しました。" in ja and "チャットでUSD" not in ja
    assert "返品なしで 13.50 米ドルの返金を求めます" in ja
    steps = (tmp_path / "two-out" / "next-steps.txt").read_text()
    assert re.search(r"^7\. ", steps, re.M) and re.search(r"^8\. ", steps, re.M)


def test_pack_count_in_the_name_is_not_read_as_units(make_case):
    from evidence_pack.review.check import check_case

    toml = BASE_TOML.replace('item = "USB-C hub 7-in-1"', 'item = "Socks (2 pcs)"')
    report = check_case(make_case(toml=toml))
    assert any(f.code == "pack_in_item_name" and '"2 pcs"' in f.message for f in report.findings)


def test_every_code_has_english_and_japanese_words():
    codes = {
        "PROBLEMS": PROBLEMS,
        "REASONS": REASONS,
        "RESOLUTIONS": RESOLUTIONS,
        "AGREED": AGREED,
        "OBJECTIONS": OBJECTIONS,
        "KINDS": KINDS,
        "PLATFORMS": NAMES,
    }
    for name, tables in wording.TABLES.items():
        for table in tables:
            missing = [c for c in codes[name] if c not in table or not table[c].en or not table[c].ja]
            assert not missing, (name, missing)
    assert set(wording.FORM_REASON) >= set(REASONS)


def test_templates_reach_every_text(make_case, tmp_path):
    mine = tmp_path / "mine"
    for rel in (
        "ja/justification.txt.j2",
        "next_steps/ja.txt.j2",
        "escalation/escalation.txt.j2",
        "ja/escalation.txt.j2",
        "ja/response.txt.j2",
    ):
        (mine / rel).parent.mkdir(parents=True, exist_ok=True)
        (mine / rel).write_text(f"MINE {rel}\n")
    toml = BASE_TOML.replace('platform = "aliexpress"', 'platform = "aliexpress"\nlanguage = "ja"')
    case = make_case(toml=toml + SELLER_AGREED_THEN_ZERO, files={"photos/fault.jpg": None, "chat/agreed.png": None})
    out = tmp_path / "o"
    build_case(case, BuildOptions(out_dir=out, generated_at=WHEN, templates=str(mine)))
    for name, rel in (
        ("justification.ja.txt", "ja/justification.txt.j2"),
        ("next-steps.txt", "next_steps/ja.txt.j2"),
        ("escalation.txt", "escalation/escalation.txt.j2"),
        ("escalation.ja.txt", "ja/escalation.txt.j2"),
        ("response.ja.txt", "ja/response.txt.j2"),
    ):
        assert (out / name).read_text().startswith(f"MINE {rel}"), name


@pytest.mark.parametrize("platform", ["paypal", "ebay", "amazon"])
def test_next_steps_say_what_the_cards_beside_the_pdf_are_for(make_case, platform):
    out = _build(make_case, platform, name=f"cards-{platform}")
    cards = sorted(p.name for p in (out / "upload").glob("*.jpg"))
    assert cards and (out / "upload" / "evidence.pdf").exists()
    steps = (out / "next-steps.txt").read_text()
    assert f"The {len(cards)} pictures in upload/ show the same exhibits one per file" in steps
    assert "pictures only.\n" in steps  # the sentence ends its line


def test_next_steps_on_aliexpress_do_not_mention_a_pdf_beside_the_cards(make_case):
    steps = (_build(make_case, "aliexpress", name="cards-ali") / "next-steps.txt").read_text()
    assert "show the same exhibits one per file" not in steps


def test_a_shortened_justification_keeps_the_captions_and_the_key_dates(tmp_path):
    """AliExpress's 1,000 characters: the video's own account (on its frame sheet anyway) gives way first,
    so that each exhibit keeps its caption and the key dates still fit."""
    out = tmp_path / "out"
    build_case(SAMPLES / "one-of-two-dead", BuildOptions(out_dir=out, generated_at=WHEN))
    text = (out / "justification.txt").read_text()
    assert len(text) <= 1000
    assert "- Both units connected to the same laptop: unit 1 LED on, unit 2 LED off (Exhibit 1)." in text
    assert "the problem is visible in 4c at 00:06)." in text and "no cuts found" not in text
    assert "Dates: ordered 2026-10-01; delivered 2026-10-20; seller agreed 2026-10-22 (Exhibit 5)." in text


@pytest.mark.parametrize("platform", ["aliexpress", "paypal", "ebay"])
def test_next_steps_of_an_open_dispute_never_say_to_open_it(make_case, platform):
    steps = (_build(make_case, platform, name=f"open-{platform}") / "next-steps.txt").read_text()
    assert (
        "(since 2026-10-23): do not open a second one" in steps
        or "(opened 2026-10-23; do not open a second one)" in steps
    )
    assert 'press "Open dispute"' not in steps and 'press "Report a problem"' not in steps
    assert "the last day to open the dispute" not in steps


def test_next_steps_of_a_dispute_not_yet_open_say_to_open_it(make_case):
    extra = SELLER_AGREED_THEN_ZERO.replace("opened_on = 2026-10-23\n", "").replace('proposal = "0"\n', "")
    extra = extra.replace("proposal_on = 2026-10-24\n", "").replace('objection = "clearer_pictures"\n', "")
    steps = (_build(make_case, "aliexpress", extra=extra, name="not-open") / "next-steps.txt").read_text()
    assert '1. On the order page, press "Open dispute".' in steps and "do not open a second one" not in steps


def test_card_deadline_counts_from_the_payment(make_case):
    extra = SELLER_AGREED_THEN_ZERO.replace("opened_on = 2026-10-23\n", "")  # no chargeback open yet
    steps = (_build(make_case, "card", extra=extra, name="card-deadline") / "next-steps.txt").read_text()
    assert "2027-01-29: the usual last day to dispute the charge" in steps  # 120 days from 2026-10-01


def test_a_chargeback_for_a_marketplace_order(make_case):
    """An AliExpress order disputed with the card issuer: the charge is AliExpress's, the reason is in the
    issuer's words, the text to paste is the one written for the issuer, and the open dispute is a warning."""
    case = make_case(
        toml=BASE_TOML + SELLER_AGREED_THEN_ZERO,
        files={"photos/fault.jpg": None, "photos/label.jpg": None, "chat/agreed.png": None},
        name="card-of-ali",
    )
    out = case.parent / "card-of-ali-out"
    build_case(case, BuildOptions(out_dir=out, generated_at=WHEN, platform="card"))
    esc = (out / "escalation.txt").read_text()
    assert esc.startswith("I dispute the charge of USD 27.00 made on 2026-10-01 by AliExpress for order ")
    steps = (out / "next-steps.txt").read_text()
    assert "give the reason: Defective or not as described merchandise." in steps
    assert "paste escalation.txt (written for the issuer" in steps and "If the seller keeps refusing" not in steps
    assert "Your AliExpress dispute is open: a chargeback while it runs may close it" in steps


def test_a_build_for_another_platform_than_case_toml_says_so(make_case):
    case = make_case(toml=BASE_TOML, files={"photos/fault.jpg": None}, name="other-platform")
    result = build_case(case, BuildOptions(out_dir=case.parent / "op-out", generated_at=WHEN, platform="ebay"))
    assert any('built for eBay (--platform) while case.toml says platform = "aliexpress"' in n for n in result.notes)
    same = build_case(case, BuildOptions(out_dir=case.parent / "op-same", generated_at=WHEN))
    assert not any("--platform" in n for n in same.notes)


@pytest.mark.parametrize("platform", ["generic", "card"])
def test_next_steps_of_an_open_dispute_on_other_platforms(make_case, platform):
    steps = (_build(make_case, platform, name=f"open2-{platform}") / "next-steps.txt").read_text()
    assert "(opened 2026-10-23; do not open a second one)" in steps or "is open (since 2026-10-23)" in steps
    assert "1. Open a dispute" not in steps and "1. Call your card issuer" not in steps
    assert "the usual last day to dispute the charge" not in steps and "the last day to open" not in steps


def test_opened_on_belongs_to_the_case_platform_not_to_another_built_for(make_case):
    """An AliExpress dispute is open; a PayPal pack of the same case is told to open its PayPal case, and
    no PayPal deadline is counted from the AliExpress dispute's opening."""
    files = {"photos/fault.jpg": None, "chat/agreed.png": None}
    case = make_case(toml=BASE_TOML + SELLER_AGREED_THEN_ZERO, files=files, name="ali-open")
    out = case.parent / "ali-open-paypal"
    build_case(case, BuildOptions(out_dir=out, generated_at=WHEN, platform="paypal"))
    steps = (out / "next-steps.txt").read_text()
    assert '1. In the PayPal Resolution Center, press "Report a problem"' in steps
    assert "do not open a second one" not in steps and "20 days from opening it" not in steps


def test_aliexpress_steps_without_pictures_say_there_is_nothing_to_attach(make_case):
    toml = BASE_TOML.replace('reason = "defective"', 'reason = "not_received"')
    case = make_case(toml=toml, files={}, name="no-pictures")
    out = case.parent / "no-pictures-out"
    build_case(case, BuildOptions(out_dir=out, generated_at=WHEN))
    steps = (out / "next-steps.txt").read_text()
    assert "7. No pictures to attach: this case has none (upload/ is empty)." in steps and "None" not in steps


def test_a_text_over_the_limit_even_at_its_shortest_is_a_warning(make_case):
    """The seller's words are never cut: an escalation that cannot fit AliExpress's 1,000 characters with a
    long quote is written whole, and the build says so."""
    quote = (
        "We agree to refund US $13.50 for the broken one. Please open a dispute for half of the order and we "
        "will accept it within two days. Sorry for the trouble, dear friend; our warehouse checked the batch "
        "and found that some units were damaged in transport, so we are happy to refund the broken unit and "
        "you may keep the other one. Thank you for your patience and understanding."
    )
    extra = SELLER_AGREED_THEN_ZERO.replace("We agree to refund US $13.50 for the broken one.", quote)
    case = make_case(
        toml=BASE_TOML + extra,
        files={"photos/fault.jpg": None, "photos/label.jpg": None, "chat/agreed.png": None},
        name="long-quote",
    )
    result = build_case(case, BuildOptions(out_dir=case.parent / "long-quote-out", generated_at=WHEN))
    esc = (case.parent / "long-quote-out" / "escalation.txt").read_text()
    assert quote in esc  # whole
    said = [w for w in result.warnings if w.startswith("escalation.txt is ")]
    assert (len(esc) > 1000) == bool(said)
    assert said and "over AliExpress's 1,000 even in its shortest form" in said[0]

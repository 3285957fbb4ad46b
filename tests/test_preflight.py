"""Each pre-flight finding, from `evidence-pack check`."""

import datetime as dt
import json

from click.testing import CliRunner

from evidence_pack.review.check import check_case
from tests.conftest import marked_image, write_jpeg


def codes(report):
    return {f.code for f in report.findings}


def test_defective_without_video(make_case):
    r = check_case(make_case(), today=dt.date(2026, 11, 1))
    assert "no_video" in codes(r) and r.ok


def test_not_as_described_without_listing_and_wrong_size(make_case):
    root = make_case()
    t = (root / "case.toml").read_text().replace('reason = "defective"', 'reason = "not_as_described"')
    t = t.replace('"does_not_power_on"', '"wrong_size"')
    (root / "case.toml").write_text(t)
    c = codes(check_case(root, today=dt.date(2026, 11, 1)))
    assert {"no_listing", "ruler"} <= c


def test_missing_items_without_photo(make_case):
    root = make_case(files={"chat/c.png": None})
    t = (root / "case.toml").read_text().replace('reason = "defective"', 'reason = "missing_items"')
    t = t.replace('"does_not_power_on"', '"quantity_short"')
    (root / "case.toml").write_text(t)
    assert "no_photo_of_contents" in codes(check_case(root, today=dt.date(2026, 11, 1)))


def test_forwarded_photo_and_photo_before_delivery(make_case):
    root = make_case("\n", files={})
    t = (root / "case.toml").read_text().replace('currency = "USD"', 'currency = "USD"\ndelivered = 2026-10-20')
    (root / "case.toml").write_text(t)
    (root / "photos").mkdir()
    marked_image().save(root / "photos" / "forwarded.jpg", "JPEG")
    write_jpeg(root / "photos" / "early.jpg", when="2026:10:10 09:00:00")
    write_jpeg(root / "photos" / "ok.jpg", when="2026:10:21 09:00:00")
    r = check_case(root, today=dt.date(2026, 11, 1))
    found = {(f.code, f.file) for f in r.findings}
    assert ("no_capture_metadata", "photos/forwarded.jpg") in found
    assert ("photo_before_delivery", "photos/early.jpg") in found
    assert not any(f.file == "photos/ok.jpg" for f in r.findings)


def test_claim_above_share_of_affected_units(make_case):
    root = make_case()
    t = (root / "case.toml").read_text().replace('refund = "proportional"', 'refund = "full"')
    (root / "case.toml").write_text(t)
    assert "claim_above_share" in codes(check_case(root, today=dt.date(2026, 11, 1)))


def test_zero_proposal_warns_not_to_accept(make_case):
    root = make_case('\n[seller]\nagreed = "partial_refund"\nproposal = "0"\n')
    c = codes(check_case(root, today=dt.date(2026, 11, 1)))
    assert {"do_not_accept", "agreement_without_evidence"} <= c


def test_paypal_deadline_near_and_past(make_case):
    root = make_case()
    t = (root / "case.toml").read_text().replace('platform = "aliexpress"', 'platform = "paypal"')
    (root / "case.toml").write_text(t)
    near = check_case(root, today=dt.date(2027, 3, 25))  # order 2026-10-01 + 180 days = 2027-03-30
    f = next(f for f in near.findings if f.code == "open_deadline")
    assert f.level == "warning" and "5 days left" in f.message and "2027-03-30" in f.message
    past = check_case(root, today=dt.date(2027, 5, 1))
    f = next(f for f in past.findings if f.code == "open_deadline")
    assert f.level == "warning" and "was 2027-03-30 (32 days ago)" in f.message
    far = check_case(root, today=dt.date(2026, 11, 1))
    assert next(f for f in far.findings if f.code == "open_deadline").level == "advice"


def test_amazon_deadline_from_delivery(make_case):
    root = make_case()
    t = (root / "case.toml").read_text().replace('platform = "aliexpress"', 'platform = "amazon"')
    t = t.replace('currency = "USD"', 'currency = "USD"\ndelivered = 2026-10-20')
    (root / "case.toml").write_text(t)
    r = check_case(root, today=dt.date(2027, 1, 10))
    f = next(f for f in r.findings if f.code == "claim_deadline")
    assert "2027-01-18" in f.message and "8 days left" in f.message
    assert "contact_seller_first" in codes(r)


def test_check_json_shape(make_case):
    from evidence_pack.cli import cli

    r = CliRunner().invoke(cli, ["check", str(make_case()), "--json", "--today", "2026-11-01"])
    data = json.loads(r.stdout)
    assert r.exit_code == 0 and data["ok"] is True
    assert {"level", "code", "message"} <= set(data["findings"][0])

import os
from pathlib import Path

import pytest

from evidence_pack.case import load_case, parse_timestamp
from evidence_pack.errors import CaseError


def problems(root: Path) -> str:
    with pytest.raises(CaseError) as err:
        load_case(root)
    return str(err.value)


def test_valid_case_defaults(make_case):
    case = load_case(make_case())
    assert case.order.quantity == 2
    assert case.claim.resolution == "refund_only"
    assert case.seller.agreed == "none"
    assert case.language == "en"
    assert str(case.refund.amount) == "13.50"


def test_bad_number_names_file_field_and_fix(make_case):
    root = make_case(toml=(Path(make_case()) / "case.toml").read_text().replace('"12.50"', '"12,50"'), name="c2")
    msg = problems(root)
    assert "case.toml: order.unit_price: '12,50' is not a number; write \"12.50\"" in msg


def test_unknown_key_did_you_mean(make_case):
    root = make_case('\n[seller]\nagred = "partial_refund"\n')
    assert 'seller.agred: unknown key; did you mean "agreed"?' in problems(root)


def test_every_problem_reported_at_once(make_case):
    text = (Path(make_case()) / "case.toml").read_text()
    text = text.replace('currency = "USD"', 'currency = "XYZ"').replace('reason = "defective"', 'reason = "broken"')
    text = text.replace("date = 2026-10-01", 'date = "yesterday"')
    msg = problems(make_case(toml=text, name="c3"))
    assert "order.currency" in msg and "claim.reason" in msg and "order.date" in msg


def test_missing_required(make_case):
    msg = problems(make_case(toml='schema = 1\n[order]\nid = "1"\n[claim]\nreason = "defective"\n', name="c4"))
    for field in ("order.date", "order.item", "order.unit_price", "order.currency"):
        assert f"{field}: is required" in msg


def test_order_id_as_number_is_refused_with_fix(make_case):
    text = (Path(make_case()) / "case.toml").read_text().replace('id = "8181234567890123"', "id = 8181234567890123")
    assert "order.id: 8181234567890123 must be a string" in problems(make_case(toml=text, name="c5"))


def test_affected_above_quantity(make_case):
    text = (Path(make_case()) / "case.toml").read_text().replace("affected_quantity = 1", "affected_quantity = 3")
    assert "claim.affected_quantity: 3 is more than the 2 units ordered" in problems(make_case(toml=text, name="c6"))


def test_claim_above_total(make_case):
    text = (Path(make_case()) / "case.toml").read_text().replace('refund = "proportional"', 'refund = "99"')
    assert "more than the order total USD 27.00" in problems(make_case(toml=text, name="c7"))


def test_unknown_problem_code_near_miss(make_case):
    text = (Path(make_case()) / "case.toml").read_text().replace('"does_not_power_on"', '"does_not_power"')
    assert 'did you mean "does_not_power_on"' in problems(make_case(toml=text, name="c8"))


def test_free_phrase_problem_is_kept(make_case):
    text = (Path(make_case()) / "case.toml").read_text().replace('"does_not_power_on"', '"USB port is loose"')
    case = load_case(make_case(toml=text, name="c9"))
    assert case.claim.problems == ("USB port is loose",)


def test_toml_syntax_error_names_file(make_case):
    msg = problems(make_case(toml="schema = 1\n[order\n", name="c10"))
    assert msg.startswith("case.toml: not valid TOML")


def test_no_case_file(tmp_path):
    assert "no case.toml" in problems(tmp_path)


@pytest.mark.parametrize(
    "path,words",
    [
        ("../outside.jpg", "outside the case folder"),
        ("/etc/passwd", "absolute path"),
        ("photos/missing.jpg", "does not exist"),
    ],
)
def test_evidence_paths_stay_inside(make_case, path, words):
    root = make_case(f'\n[[evidence]]\nfile = "{path}"\ncaption = "x"\n')
    (root.parent / "outside.jpg").write_bytes(b"x")
    msg = problems(root)
    assert "evidence[0].file" in msg and words in msg


def test_symlink_leading_out_is_refused(make_case, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"secret")
    root = make_case('\n[[evidence]]\nfile = "photos/link.jpg"\n')
    os.symlink(secret, root / "photos" / "link.jpg")
    assert "link that leads outside" in problems(root)


def test_agreement_evidence_must_exist(make_case):
    root = make_case('\n[seller]\nagreed = "partial_refund"\nagreement_evidence = "chat/nope.png"\n')
    assert "seller.agreement_evidence" in problems(root)


def test_evidence_entry_frames_and_kind(make_case):
    root = make_case('\n[[evidence]]\nfile = "photos/IMG_0001.jpg"\nkind = "listing"\nframes = ["00:12", "01:05.5"]\n')
    case = load_case(root)
    assert case.evidence[0].kind == "listing"
    assert case.evidence[0].frames_s == (12.0, 65.5)


def test_bad_frame_time(make_case):
    root = make_case('\n[[evidence]]\nfile = "photos/IMG_0001.jpg"\nframes = ["twelve"]\n')
    assert "evidence[0].frames[0]" in problems(root)


def test_parse_timestamp():
    assert parse_timestamp("1:02:03") == 3723
    assert parse_timestamp(5) == 5.0
    with pytest.raises(ValueError):
        parse_timestamp("-1")


def test_over_long_text_is_refused_clearly(make_case):
    root = make_case(f'\n[[evidence]]\nfile = "photos/IMG_0001.jpg"\ncaption = "{"x" * 400}"\n')
    assert "evidence[0].caption: is 400 characters long; keep it under 300" in problems(root)


def test_the_contract_fields_of_round_two(make_case):
    from tests.conftest import BASE_TOML

    toml = (
        BASE_TOML.replace('currency = "USD"', 'currency = "USD"\nshipped = 2026-10-03')
        + """
statement_ja = "2個目は電源が入りません。"
noticed_on = 2026-10-21
opened_on = 2026-10-23

[seller]
agreed = "partial_refund"
agreed_on = 2026-10-22
contacted_on = 2026-10-21
agreement_quote = "We agree to refund US $13.50 for the broken one."
proposal = "0"
proposal_on = 2026-10-24
objection = "clearer_pictures"

[[evidence]]
file = "photos/IMG_0001.jpg"
caption = "Unit 2"
caption_ja = "2個目"
highlight = [[0.05, 0.3, 0.9, 0.12]]
compare = "listing/l.png"
"""
    )
    case = load_case(make_case(toml=toml, files={"photos/IMG_0001.jpg": None, "listing/l.png": None}))
    assert case.order.shipped.isoformat() == "2026-10-03"
    assert case.claim.noticed_on.isoformat() == "2026-10-21" and case.claim.statement_ja.startswith("2個目")
    assert case.seller.objection == "clearer_pictures" and case.seller.agreement_quote.startswith("We agree")
    assert case.seller.proposal_on.isoformat() == "2026-10-24" and case.seller.contacted_on.day == 21
    e = case.evidence[0]
    assert e.highlight == ((0.05, 0.3, 0.9, 0.12),) and e.compare == "listing/l.png" and e.caption_ja == "2個目"


def test_objection_typo_and_free_phrase(make_case):
    root = make_case(extra_toml='\n[seller]\nobjection = "clearer_picture"\n')
    assert "seller.objection: 'clearer_picture' is not a known code; did you mean \"clearer_pictures\"?" in problems(
        root
    )
    ok = make_case(name="ok", extra_toml='\n[seller]\nobjection = "says it worked when shipped"\n')
    assert load_case(ok).seller.objection == "says it worked when shipped"

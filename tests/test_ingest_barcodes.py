"""Barcodes are read from the pixels ingest decoded for the pack: a build never decodes a photo a second
time for its barcodes, and what it finds is the same as the reader's own pass."""

from __future__ import annotations

import textwrap

from evidence_pack.build import BuildOptions, build_case
from evidence_pack.folder.discover import discover
from evidence_pack.ingest import decode_for_pack
from evidence_pack.read import readings as readings_module
from evidence_pack.read.readings import barcodes_of
from tests.conftest import BASE_TOML
from tests.test_tracking import label


def _case(make_case, number: str):
    toml = textwrap.dedent(BASE_TOML).replace('currency = "USD"', 'currency = "USD"\ntracking = "RR123456785CN"')
    return make_case(toml=toml, files={"photos/label.jpg": label(number), "photos/IMG_0001.jpg": None})


def test_build_reads_the_label_from_ingest_pixels_only(make_case, monkeypatch):
    case = _case(make_case, "RR473124829CN")

    def second_decode(src):  # the reader's own decode: must not be needed when ingest read the pixels
        raise AssertionError(f"{src.rel} decoded a second time for its barcodes")

    monkeypatch.setattr(readings_module, "_barcode_task", second_decode)
    monkeypatch.setenv("EVIDENCE_PACK_CACHE_DIR", "")
    result = build_case(case, BuildOptions(out_dir=case / "out", jobs=1))
    said = " ".join(result.warnings)
    assert "photos/label.jpg shows tracking RR473124829CN" in said and "RR123456785CN" in said


def test_ingest_and_reader_find_the_same_barcodes(make_case):
    case = _case(make_case, "RR123456785CN")
    src = next(s for s in discover(case) if s.rel == "photos/label.jpg")
    img, _ = decode_for_pack(src.path, src.rel, src.kind)
    found = barcodes_of(src, img)
    assert [b[0] for b in found["barcodes"]] == ["RR123456785CN"]
    assert readings_module._barcode_task(src) == found


def test_a_rebuild_reads_no_barcode_again(make_case, monkeypatch, tmp_path):
    """The reading ingest makes is kept by the picture's SHA-256: the second build takes it from the cache
    (an unreadable label costs about a second of retries each time otherwise)."""
    from evidence_pack.read import barcodes as barcodes_module

    case = _case(make_case, "RR473124829CN")
    monkeypatch.setenv("EVIDENCE_PACK_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []
    real = barcodes_module.read_barcodes

    def counted(img, thorough=True):
        calls.append(1)
        return real(img, thorough)

    monkeypatch.setattr(barcodes_module, "read_barcodes", counted)
    first = build_case(case, BuildOptions(out_dir=case / "out", jobs=1))
    assert len(calls) == 2  # the label and the other photo
    second = build_case(case, BuildOptions(out_dir=case / "out", jobs=1))
    assert len(calls) == 2
    assert first.warnings == second.warnings and any("RR473124829CN" in w for w in second.warnings)

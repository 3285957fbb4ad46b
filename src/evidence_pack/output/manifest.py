"""manifest.json: every input with its hash and fate, every output with its hash, the tool and version."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cache
from pathlib import Path

from evidence_pack import TOOL_NAME, __version__
from evidence_pack.case import Case
from evidence_pack.exhibits import InputRecord
from evidence_pack.ingest import sha256_file
from evidence_pack.output.folder import MANIFEST, MANIFEST_SCHEMA, MARKER, read_manifest

__all__ = ["MANIFEST", "fingerprint", "read_manifest", "write_manifest"]


@cache
def libraries() -> dict[str, str]:
    """The versions of the libraries that shape the output bytes: the same input gives the same bytes
    only with the same reportlab, Pillow (and its libjpeg), pikepdf (qpdf), PyAV (FFmpeg) and libheif."""
    import av
    import pikepdf
    import PIL
    import pillow_heif
    import reportlab
    from PIL import features

    return {
        "reportlab": reportlab.Version,
        "pillow": PIL.__version__,
        "libjpeg": str(features.version("jpg")),
        "zlib": str(features.version("zlib")),
        "pikepdf": pikepdf.__version__,
        "qpdf": str(pikepdf.__libqpdf_version__),
        "av": av.__version__,
        "libavcodec": ".".join(str(n) for n in av.library_versions.get("libavcodec", ())),
        "pillow_heif": pillow_heif.__version__,
        "libheif": str(pillow_heif.libheif_version()),
    }


def fingerprint(inputs: list[tuple[str, str]], options: dict[str, object]) -> str:
    """One hash of everything a build depends on: every input (path, SHA-256), the tool version, the
    libraries that shape the bytes, the options. The same fingerprint means the same outputs, so a
    batch can skip the case.
    """
    blob = json.dumps(
        {"tool": __version__, "libraries": libraries(), "options": options, "inputs": sorted(inputs)}, sort_keys=True
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def write_manifest(
    out_dir: Path,
    case: Case,
    records: list[InputRecord],
    generated_at: dt.datetime,
    options: dict[str, object],
    warnings: list[str],
    summary: dict[str, object],
) -> Path:
    """Hash every file already in out_dir and write manifest.json beside them."""
    outputs = []
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file() and p.name not in (MANIFEST, MARKER)):
        rel = path.relative_to(out_dir).as_posix()
        outputs.append({"path": rel, "bytes": path.stat().st_size, "sha256": sha256_file(path)})
    data = {
        "tool": {"name": TOOL_NAME, "version": __version__, "libraries": libraries()},
        "schema": MANIFEST_SCHEMA,
        "generated_at": generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "case": {
            "order_id": case.order.id,
            "platform": case.platform,
            "reason": case.claim.reason,
            "claim": {
                "amount": str(case.refund.amount),
                "currency": case.refund.currency,
                "computation": case.refund.computation,
            },
        },
        "options": options,
        "fingerprint": fingerprint([(r.rel, r.sha256) for r in records], options),
        "summary": summary,
        "inputs": [_record(r) for r in records],
        "outputs": outputs,
        "warnings": warnings,
    }
    path = out_dir / MANIFEST
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _record(r: InputRecord) -> dict[str, object]:
    d: dict[str, object] = {"path": r.rel, "bytes": r.bytes, "sha256": r.sha256, "kind": r.kind}
    if r.exhibit is not None:
        d["exhibit"] = r.exhibit
    else:
        d["left_out"] = r.reason
    if r.captured_at:
        d["captured_at"] = r.captured_at
    for k, v in r.details:
        d[k] = v
    return d

"""`evidence-pack verify`: recompute the manifest's hashes and name what changed, file by file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evidence_pack.case import CASE_FILE
from evidence_pack.discover import discover
from evidence_pack.errors import EvidencePackError, MediaError
from evidence_pack.ingest import decode_for_pack, sha256_file
from evidence_pack.manifest import MANIFEST, read_manifest


@dataclass
class VerifyReport:
    problems: list[str] = field(default_factory=list)
    checked_outputs: int = 0
    checked_inputs: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(out_dir: Path, case_dir: Path | None = None) -> VerifyReport:
    """Check every output against the manifest, and with case_dir every original too."""
    manifest = read_manifest(out_dir)
    if manifest is None:
        raise EvidencePackError(f"{out_dir}: no readable {MANIFEST}; give the output folder of a build")
    report = VerifyReport()
    recorded = {str(o["path"]): str(o["sha256"]) for o in manifest.get("outputs", []) if isinstance(o, dict)}
    for rel, digest in sorted(recorded.items()):
        path = out_dir / rel
        if not path.is_file():
            report.problems.append(f"output missing: {rel}")
        elif sha256_file(path) != digest:
            report.problems.append(f"output altered: {rel}")
        report.checked_outputs += 1
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(out_dir).as_posix()
        if rel != MANIFEST and rel not in recorded and not rel.startswith(".") and "/." not in rel:
            report.problems.append(f"output added: {rel}")
    if case_dir is not None:
        _verify_inputs(case_dir, out_dir, manifest, report)
    return report


def _verify_inputs(case_dir: Path, out_dir: Path, manifest: dict[str, object], report: VerifyReport) -> None:
    if not (case_dir / CASE_FILE).is_file():
        raise EvidencePackError(f"{case_dir}: no case.toml here; give the case folder the output was built from")
    inputs = {str(i["path"]): i for i in manifest.get("inputs", []) if isinstance(i, dict)}  # type: ignore[union-attr]
    for rel, rec in sorted(inputs.items()):
        path = case_dir / rel
        report.checked_inputs += 1
        if not path.is_file():
            report.problems.append(f"original missing: {rel}")
            continue
        if sha256_file(path) == rec.get("sha256"):
            continue
        pixels = rec.get("pixels_sha256")
        if pixels:
            try:
                _, facts = decode_for_pack(path, rel, str(rec.get("kind")))
            except MediaError:
                facts = None
            if facts is not None and facts.pixels_sha256 == pixels:
                report.problems.append(f"original changed: {rel} (the pixels are identical: only metadata or trailing bytes differ)")
                continue
        report.problems.append(f"original changed: {rel}")
    for src in discover(case_dir, (), exclude=(out_dir,)):
        if src.rel not in inputs:
            report.problems.append(f"original added: {src.rel} (not in this build)")

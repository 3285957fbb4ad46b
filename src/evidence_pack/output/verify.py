"""`evidence-pack verify`: recompute the manifest's hashes and name what changed, file by file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evidence_pack.case import CASE_FILE
from evidence_pack.errors import EvidencePackError, MediaError
from evidence_pack.folder.discover import discover, printable_name
from evidence_pack.folder.paths import PathOutsideCase, resolve_inside
from evidence_pack.ingest import decode_for_pack, sha256_file
from evidence_pack.output.folder import MANIFEST, is_own_manifest, read_manifest


@dataclass
class VerifyReport:
    problems: list[str] = field(default_factory=list)
    checked_outputs: int = 0
    checked_inputs: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _entries(manifest: dict[str, object], key: str, out_dir: Path) -> dict[str, str]:
    """The manifest's {path: sha256} for `key` ("outputs" or "inputs"), checked: a manifest this tool wrote
    has a list of {path, sha256} entries; anything else is refused with a clear message."""
    value = manifest.get(key, [])
    if not isinstance(value, list):
        raise EvidencePackError(
            f'{out_dir / MANIFEST}: "{key}" is not a list; this is not a manifest evidence-pack '
            "wrote, or it was edited: build the case again"
        )
    out: dict[str, str] = {}
    for i, entry in enumerate(value):
        path = entry.get("path") if isinstance(entry, dict) else None
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        if not isinstance(path, str) or not isinstance(digest, str):
            raise EvidencePackError(
                f"{out_dir / MANIFEST}: {key}[{i}] has no path and sha256; this is not a manifest "
                "evidence-pack wrote, or it was edited: build the case again"
            )
        out[path] = digest
    return out


def _inside(base: Path, rel: str) -> Path | None:
    """base/rel when rel is a plain relative path that stays inside base (no "..", not absolute, no link
    out); None otherwise: such a path is never read."""
    try:
        return resolve_inside(base, rel)
    except PathOutsideCase:
        return None


def verify(out_dir: Path, case_dir: Path | None = None) -> VerifyReport:
    """Check every output against the manifest, and with case_dir every original too.

    A manifest naming a path outside its folder (or outside the case folder) is reported, and that path
    is never opened."""
    manifest = read_manifest(out_dir)
    if manifest is None:
        raise EvidencePackError(f"{out_dir}: no readable {MANIFEST}; give the output folder of a build")
    if not is_own_manifest(manifest):
        raise EvidencePackError(
            f"{out_dir / MANIFEST}: not a manifest written by evidence-pack (its tool, schema or "
            "outputs are missing or wrong); give the output folder of a build"
        )
    report = VerifyReport()
    recorded = _entries(manifest, "outputs", out_dir)
    for rel, digest in sorted(recorded.items()):
        path = _inside(out_dir, rel)
        report.checked_outputs += 1
        if path is None:
            report.problems.append(
                f"manifest names a path outside the output folder: {rel!r} (not read; the manifest was edited)"
            )
        elif not path.is_file():
            report.problems.append(f"output missing: {rel}")
        elif sha256_file(path) != digest:
            report.problems.append(f"output altered: {rel}")
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(out_dir).as_posix()
        if rel != MANIFEST and rel not in recorded:
            report.problems.append(f"output added: {printable_name(rel)}")
    if case_dir is not None:
        _verify_inputs(case_dir, out_dir, manifest, report)
    return report


def _verify_inputs(case_dir: Path, out_dir: Path, manifest: dict[str, object], report: VerifyReport) -> None:
    if not (case_dir / CASE_FILE).is_file():
        raise EvidencePackError(f"{case_dir}: no case.toml here; give the case folder the output was built from")
    hashes = _entries(manifest, "inputs", out_dir)
    inputs = manifest.get("inputs")
    records = {str(i["path"]): i for i in inputs if isinstance(i, dict)} if isinstance(inputs, list) else {}
    for rel, digest in sorted(hashes.items()):
        report.checked_inputs += 1
        path = _inside(case_dir, rel)
        if path is None:
            report.problems.append(
                f"manifest names a path outside the case folder: {rel!r} (not read; the manifest was edited)"
            )
            continue
        if not digest:  # recorded but never read (a pipe or a link that loops): nothing to compare
            continue
        if not path.is_file():  # never opened unless a regular file: a pipe put in its place would block
            report.problems.append(f"original missing: {rel}")
            continue
        if sha256_file(path) == digest:
            continue
        pixels = records[rel].get("pixels_sha256")
        if pixels:
            try:
                _, facts = decode_for_pack(path, rel, str(records[rel].get("kind")))
            except MediaError:
                facts = None
            if facts is not None and facts.pixels_sha256 == pixels:
                report.problems.append(
                    f"original changed: {rel} (the pixels are identical: only metadata or trailing bytes differ)"
                )
                continue
        report.problems.append(f"original changed: {rel}")
    for src in discover(case_dir, (), exclude=(out_dir,)):
        if src.rel not in hashes:
            report.problems.append(f"original added: {src.rel} (not in this build)")

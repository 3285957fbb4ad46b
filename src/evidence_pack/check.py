"""Validate a case without building: the case file, then every evidence file, every problem reported."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evidence_pack import platforms
from evidence_pack.build import default_out
from evidence_pack.case import CASE_FILE, Case, load_case
from evidence_pack.discover import discover
from evidence_pack.errors import CaseError, MediaError


@dataclass
class CheckReport:
    case_dir: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    evidence: list[dict[str, object]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        return {"case": str(self.case_dir), "ok": self.ok, "errors": self.errors, "warnings": self.warnings,
                "evidence": self.evidence}


def check_case(case_dir: Path | str, platform: str | None = None) -> CheckReport:
    """Read the case file and every evidence file (decoding each), collecting every problem."""
    root = Path(case_dir)
    report = CheckReport(root)
    case: Case | None = None
    try:
        case = load_case(root)
    except CaseError as exc:
        report.errors += exc.problems or [exc.message]
        if not (root / CASE_FILE).is_file():
            return report
    if case is not None:
        try:
            platforms.get(platform or case.platform)
        except CaseError as exc:
            report.errors.append(exc.message)
    sources = discover(root, case.evidence if case else (), exclude=(default_out(root),))
    for src in sources:
        row: dict[str, object] = {"file": src.rel, "kind": src.kind}
        if src.left_out:
            row["status"] = f"not evidence: {src.left_out}"
        elif src.problem:
            row["status"] = "unreadable"
            report.errors.append(f"{src.rel}: {src.problem}")
        else:
            problem, warning = _read(src.path, src.rel, src.content, src.kind)
            row["status"] = "unreadable" if problem else "ok"
            if problem:
                report.errors.append(f"{src.rel}: {problem}")
            if warning:
                report.warnings.append(f"{src.rel}: {warning}")
        report.evidence.append(row)
    if case is not None and not any(r.get("status") == "ok" for r in report.evidence):
        report.warnings.append("no evidence files found: add photos/, videos/, chat/ or listing/ to the case folder")
    return report


def _read(path: Path, rel: str, content: str | None, kind: str | None) -> tuple[str | None, str | None]:
    """Decode one file as the build would (reduced); return (problem, warning)."""
    try:
        if content == "video":
            from evidence_pack.video import probe_video

            probe_video(path, rel)
            return None, None
        if content == "pdf":
            from evidence_pack.ingest import count_pdf_pages

            count_pdf_pages(path, rel)
            return None, None
        from evidence_pack.media import decode_upright

        _, facts = decode_upright(path, rel, max_edge=256)
        if kind == "photo" and not facts.has_exif:
            return None, "no capture time or camera in the file (forwarded through a chat app?); ask for the original"
        return None, None
    except MediaError as exc:
        return exc.reason, None

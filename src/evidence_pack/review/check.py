"""Validate a case without building: the case file, every evidence file, then the pre-flight review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from evidence_pack import platforms
from evidence_pack.build import default_out
from evidence_pack.case import CASE_FILE, Case, load_case
from evidence_pack.errors import CaseError, MediaError
from evidence_pack.folder.discover import discover
from evidence_pack.review.finding import FileFacts, Finding
from evidence_pack.review.findings import review


@dataclass
class CheckReport:
    case_dir: Path
    errors: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    evidence: list[dict[str, object]] = field(default_factory=list)
    language: str = "en"  # the case's: findings are shown in it

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def warnings(self) -> list[str]:
        return [f.message for f in self.findings if f.level == "warning"]

    def as_dict(self) -> dict[str, object]:
        return {
            "case": self.case_dir.name,
            "language": self.language,
            "ok": self.ok,
            "errors": self.errors,
            "findings": [f.as_dict() for f in self.findings],
            "evidence": self.evidence,
        }


def check_case(
    case_dir: Path | str,
    platform: str | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> CheckReport:
    """Read the case file and every evidence file (decoding each), then review what the case lacks.
    The pictures are read too (barcodes; text with the reading extra; cached): progress(done, total, file)."""
    root = Path(case_dir)
    report = CheckReport(root)
    case: Case | None = None
    try:
        case = load_case(root)
        report.language = case.language
    except CaseError as exc:
        report.errors += exc.problems or [exc.message]
        if not (root / CASE_FILE).is_file():
            return report
    profile = None
    try:
        profile = platforms.get(platform or (case.platform if case else "generic"))
    except CaseError as exc:
        report.errors.append(exc.message)
    facts: list[FileFacts] = []
    sources = discover(root, case.evidence if case else (), exclude=(default_out(root),))
    for src in sources:
        row: dict[str, object] = {"file": src.rel, "kind": src.kind}
        if src.left_out:
            row["status"] = f"not evidence: {src.left_out}"
        elif src.problem:
            row["status"] = "unreadable"
            report.errors.append(f"{src.rel}: {src.problem}")
            facts.append(FileFacts(src.rel, src.kind, ok=False))
        else:
            problem, taken, has_meta = _read(src.path, src.rel, src.content)
            video = _read_video(src.path, src.rel) if src.content == "video" and problem is None else None
            row["status"] = "unreadable" if problem else "ok"
            if problem:
                report.errors.append(f"{src.rel}: {problem}")
            facts.append(
                FileFacts(src.rel, src.kind, ok=problem is None, captured_at=taken, has_metadata=has_meta, video=video)
            )
        report.evidence.append(row)
    if case is not None and profile is not None:
        report.findings = review(case, facts, profile, today or dt.date.today())
        if not any(f.ok for f in facts):
            report.findings.insert(
                0,
                Finding(
                    "warning",
                    "no_evidence",
                    "no evidence files found: add photos/, videos/, chat/ or listing/ to the case folder",
                ),
            )
        # what reading the pictures says beside case.toml (the seller's words, amounts, tracking numbers)
        from evidence_pack.read.report import check_readings

        readable = [s for s in sources if s.rel in {f.rel for f in facts if f.ok}]
        levels = {"error": 0, "warning": 1, "advice": 2}
        report.findings = sorted(
            report.findings + check_readings(case, readable, progress), key=lambda f: levels[f.level]
        )
    return report


def _read_video(path: Path, rel: str) -> dict[str, object] | None:
    """What reading a whole video finds (continuity, label, creation time), as the build records it."""
    from evidence_pack.video.sample import extract_frames

    try:
        found = extract_frames(path, rel, count=2, read_label=True)
    except MediaError:
        return None
    return {
        "created_at": found.info.created_at,
        "continuity": found.continuity.as_dict() if found.continuity else None,
        "label": found.label.as_dict() if found.label else None,
    }


def _read(path: Path, rel: str, content: str | None) -> tuple[str | None, dt.datetime | None, bool]:
    """Decode one file as the build would (reduced); return (problem, capture time, has camera metadata)."""
    try:
        if content == "video":
            from evidence_pack.ingest import video_time
            from evidence_pack.timeline import parse_capture
            from evidence_pack.video.probe import probe_video

            info = probe_video(path, rel)
            return None, parse_capture(video_time(info.created_at)), True
        if content == "pdf":
            from evidence_pack.ingest import count_pdf_pages

            count_pdf_pages(path, rel)
            return None, None, True
        from evidence_pack.media.image import decode_upright

        _, facts = decode_upright(path, rel, max_edge=256)
        return None, facts.captured_at, facts.has_exif
    except MediaError as exc:
        return exc.reason, None, True

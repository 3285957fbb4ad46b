"""Build one case: case folder → exhibits → texts and pages → files, written atomically."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

from evidence_pack import platforms
from evidence_pack.case import CASE_FILE, Case, load_case
from evidence_pack.compare import comparisons
from evidence_pack.errors import StrictWarningsError, UnreadableEvidenceError
from evidence_pack.exhibits import Exhibit, InputRecord, number_exhibits
from evidence_pack.folder.discover import SourceFile, discover
from evidence_pack.ingest import Ingested, IngestSettings, ingest_all, sha256_file
from evidence_pack.output import folder as outdir
from evidence_pack.output.folder import output_error
from evidence_pack.output.manifest import fingerprint, read_manifest, write_manifest
from evidence_pack.pdf.documents import cap_notes
from evidence_pack.pdf.fit import fit_pdf
from evidence_pack.pdf.limits import DEFAULT_MAX_PAGES
from evidence_pack.pdf.request import PdfRequest
from evidence_pack.read.compare import reading_findings
from evidence_pack.read.facts import mark_exhibits, read_facts
from evidence_pack.read.readings import Readings, TextWorker, read_sources, start_text
from evidence_pack.read.shared import RemoteText
from evidence_pack.review.dates import implausible_date_messages, no_metadata_message
from evidence_pack.texts.english import TextRules, compose
from evidence_pack.texts.facts import gather
from evidence_pack.texts.japanese import japanese_texts
from evidence_pack.texts.next_steps import UploadSummary, next_steps
from evidence_pack.texts.wording import Phrase
from evidence_pack.upload import UploadBuilder
from evidence_pack.workers import worker_pool


@dataclass(frozen=True)
class BuildOptions:
    """Everything that changes what a build makes, in one place."""

    out_dir: Path | None = None
    platform: str | None = None
    skip_unreadable: bool = False
    generated_at: dt.datetime | None = None
    jobs: int = 0
    frames_per_video: int = 8
    decode_threads: int = 0  # video decoder threads; 1 when every core already runs its own case
    page: str | None = None
    templates: str | None = None
    max_document_pages: int = DEFAULT_MAX_PAGES  # pages of each appended PDF placed in the pack
    today: dt.date | None = None  # the day next-steps counts deadlines from (default: the build's date)
    read: bool = True  # read the pictures: barcodes always, text with the reading extra (read/)
    progress: Callable[[int, int, str], None] | None = None  # (done, total, file) while text is read
    strict: bool = False  # every warning is an error: nothing is written (for scripts and batches)
    frame_cards: bool = False  # image-only platforms: one card per video frame, not one frame sheet per video
    reader: tuple[str, bytes] | None = None  # in a batch: the shared text reader's address (read/shared.py)


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    exhibits: int
    pages: int
    pdf_bytes: int
    upload_files: int
    upload_bytes: int
    seconds: float
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    outputs: tuple[str, ...] = field(default=())


def options_record(options: BuildOptions, platform: platforms.Platform) -> dict[str, object]:
    """The options that change the outputs, as the manifest records them."""
    return {
        "platform": platform.key,
        "skip_unreadable": options.skip_unreadable,
        "frames_per_video": options.frames_per_video,
        "page": options.page or platform.page,
        "max_document_pages": options.max_document_pages,
        "frame_cards": options.frame_cards,
    }


def current_fingerprint(case_dir: Path, out: Path, options: BuildOptions) -> str:
    """The fingerprint a build of this case would record now (hashes every input)."""
    case = load_case(case_dir)
    platform = platforms.get(options.platform or case.platform)
    inputs = [(CASE_FILE, sha256_file(case.root / CASE_FILE))]
    for src in discover(case.root, case.evidence, exclude=(out,)):
        if not src.regular:
            inputs.append((src.rel, ""))
            continue
        try:
            inputs.append((src.rel, sha256_file(src.path)))
        except OSError:
            inputs.append((src.rel, ""))
    return fingerprint(inputs, options_record(options, platform))


def is_unchanged(case_dir: Path, out: Path, options: BuildOptions) -> bool:
    """True when `out` holds a complete build of exactly these inputs and options."""
    previous = read_manifest(out)
    if not previous or not isinstance(previous.get("fingerprint"), str):
        return False
    outputs = previous.get("outputs")
    if not isinstance(outputs, list) or not all(
        isinstance(o, dict) and (out / str(o.get("path"))).is_file() for o in outputs
    ):
        return False
    return previous["fingerprint"] == current_fingerprint(case_dir, out, options)


def default_out(case_dir: Path) -> Path:
    return case_dir / "out"


def build_case(case_dir: Path | str, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Make every output of one case. Nothing is written to the case's originals; the output folder
    appears complete or not at all."""
    started = time.monotonic()
    case = load_case(case_dir)
    platform = platforms.get(options.platform or case.platform)
    out = Path(options.out_dir) if options.out_dir else default_out(case.root)
    cleaned = outdir.clean_stale(out)
    outdir.check_replaceable(out, case.root)
    generated_at = (options.generated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    generated_at = generated_at.replace(microsecond=0, tzinfo=None)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = outdir.make_tmp(out)
    except OSError as exc:
        raise output_error(out, exc) from None
    try:
        result = _build_into(case, platform, options, tmp, out, generated_at)
        outdir.swap_into_place(tmp, out)
    except OSError as exc:
        outdir.remove_tmp(tmp)
        raise output_error(out, exc) from None
    except BaseException:
        outdir.remove_tmp(tmp)
        raise
    return dataclasses.replace(
        result, out_dir=out, seconds=round(time.monotonic() - started, 3), notes=tuple(cleaned) + result.notes
    )


def _build_into(
    case: Case, platform: platforms.Platform, options: BuildOptions, tmp: Path, out: Path, generated_at: dt.datetime
) -> BuildResult:
    work = tmp / ".work"
    work.mkdir()
    sources = discover(case.root, case.evidence, exclude=(out, tmp))
    with worker_pool(options.jobs, len(sources)) as pool:
        # the pictures' text is read in a worker of its own while the files are decoded (read/readings.py)
        started = start_text(sources, options.reader) if options.read else None
        try:
            return _build_with(case, platform, options, tmp, work, sources, pool, generated_at, started)
        finally:
            if started is not None:
                started.close()


def _build_with(
    case: Case,
    platform: platforms.Platform,
    options: BuildOptions,
    tmp: Path,
    work: Path,
    sources: list[SourceFile],
    pool: Executor,
    generated_at: dt.datetime,
    started: TextWorker | RemoteText | None = None,
) -> BuildResult:
    """Everything a build makes, into tmp; the result's out_dir and seconds are set by the caller."""
    settings = IngestSettings(
        frames_per_video=options.frames_per_video,
        decode_threads=options.decode_threads,
        max_document_pages=options.max_document_pages,
        render_documents=platform.takes_cards,
        barcodes=options.read,
    )
    ingested = ingest_all(sources, work, pool, settings)
    unreadable = [i for i in ingested if i.error and i.source.kind is not None]
    if unreadable and not options.skip_unreadable:
        raise UnreadableEvidenceError(
            f"{len(unreadable)} evidence file(s) cannot be read; fix or remove them, "
            "or build without them with --skip-unreadable",
            [f"{i.source.rel}: {i.error}" for i in unreadable],
        )
    exhibits = number_exhibits(case, ingested, generated_at.date())
    readings, read_warnings = _read(case, sources, ingested, exhibits, pool, options, started)
    exhibits = mark_exhibits(case, exhibits, readings)
    today = options.today or generated_at.date()
    notices = implausible_date_messages(case, generated_at.date()) + _warnings(case, exhibits)
    notices += read_warnings
    rules = TextRules(ascii_only=platform.ascii_only, max_chars=platform.text_max_chars or None)
    found = read_facts(case, exhibits, readings)
    facts = gather(case, exhibits, platform, found.text_quote())
    texts = compose(facts, rules, options.templates, read=found)
    notices += list(texts.warnings)
    pairs, pair_warnings = comparisons(case, exhibits)
    notices += pair_warnings
    warnings = [n.en for n in notices]  # the manifest keeps them in English
    if options.strict and notices:
        raise strict_error([n(case.language) for n in notices])
    records = _records(case, ingested, exhibits)
    pdf_path = tmp / "evidence.pdf"
    # cards are made while the PDF is laid out
    uploader = UploadBuilder(exhibits, platform, tmp / "upload", pool, tuple(pairs), frame_cards=options.frame_cards)
    fitted = fit_pdf(
        PdfRequest(
            case=case,
            exhibits=exhibits,
            records=records,
            justification=texts.full,
            platform_name=platform.name,
            generated_at=generated_at,
            page=options.page or platform.page,
            readings=readings,
            comparisons=tuple(pairs),
        ),
        pdf_path,
        platform,
        pool,
        work,
    )
    written = {
        "justification.txt": texts.justification,
        "response.txt": texts.response,
        "escalation.txt": texts.escalation,
    }
    upload = uploader.finish(pdf_path)
    if case.language == "ja":
        written.update(japanese_texts(facts, texts, options.templates))
    summary = UploadSummary(
        names=tuple(sorted(f.name for f in upload.files)),
        pdf_pages=fitted.pages,
        pdf_bytes=fitted.bytes,
        # the video as it is ("-video.mov") or the whole of it made to fit ("-video-720p.mp4", upload_video.py)
        video_files=tuple(sorted(f.name for f in upload.files if re.search(r"-video(-\d+p)?\.", f.name))),
    )
    written["next-steps.txt"] = next_steps(
        facts,
        texts.justification,
        summary,
        today,
        texts.response is not None,
        texts.escalation is not None,
        options.templates,
    )
    for name, text in written.items():
        if text is not None:
            (tmp / name).write_text(text, encoding="utf-8")
    shutil.rmtree(work)
    write_manifest(
        tmp,
        case,
        records,
        generated_at,
        options_record(options, platform),
        warnings,
        {"exhibits": len(exhibits), "pages": fitted.pages, "pdf_bytes": fitted.bytes},
    )
    outputs = tuple(
        sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file() and p.name != outdir.MARKER)
    )
    own_notes: tuple[str, ...] = (
        (f"the justification was shortened to fit {platform.name}'s {platform.text_max_chars} characters",)
        if texts.detail < 2
        else ()
    )
    if platform.key != case.platform:  # --platform: say so, in case it was not meant
        own_notes += (
            f'built for {platform.name} (--platform) while case.toml says platform = "{case.platform}": the '
            f"texts, next-steps and upload/ follow {platform.name}'s rules",
        )
    return BuildResult(
        out_dir=tmp,
        seconds=0.0,
        exhibits=len(exhibits),
        pages=fitted.pages,
        pdf_bytes=fitted.bytes,
        upload_files=len(upload.files),
        upload_bytes=sum(f.bytes for f in upload.files),
        warnings=tuple(n(case.language) for n in notices),
        notes=cap_notes(ingested, options.max_document_pages) + fitted.notes + upload.notes + own_notes,
        left_out=tuple(
            f"{i.source.rel}: {i.error or i.source.left_out}" for i in ingested if i.error or i.source.left_out
        ),
        outputs=outputs,
    )


def _read(
    case: Case,
    sources: list[SourceFile],
    ingested: list[Ingested],
    exhibits: list[Exhibit],
    pool: Executor,
    options: BuildOptions,
    started: TextWorker | RemoteText | None,
) -> tuple[Readings, list[Phrase]]:
    """Read the exhibits' pictures (cached by SHA-256); the warnings are check's, about what was read."""
    if not options.read:
        return Readings(), []
    numbered = {e.rel for e in exhibits}
    hashes = {i.source.rel: i.sha256 for i in ingested if i.source.rel in numbered}
    known = {i.source.rel: i.barcodes for i in ingested if i.barcodes is not None}
    readings = read_sources(
        [s for s in sources if s.rel in numbered], hashes, pool, options.progress, None, started, known
    )
    warnings = [
        Phrase(f.message, f.text("ja")) for f in reading_findings(case, readings, False) if f.level == "warning"
    ]
    found = readings.agreement(case.seller.agreement_evidence)
    if found is not None and case.seller.agreed == "none":
        warnings.append(
            Phrase(
                f'{found.rel} seems to show the seller agreeing to a refund ("{found.quote}"), but seller.agreed '
                "is none; if the seller agreed, say so in case.toml and the texts will quote it",
                f"{found.rel} には販売者が返金に同意しているメッセージ（「{found.quote}」）があるようですが、"
                "seller.agreed は none です。同意していたら case.toml に書くと、申し立て文で引用されます",
            )
        )
    return readings, warnings


def strict_error(warnings: list[str]) -> StrictWarningsError:
    """--strict: the build's warnings as one error (nothing is written)."""
    return StrictWarningsError(
        f"{len(warnings)} warning(s), and --strict makes each one an error; fix them, "
        "or build without --strict; nothing was written",
        warnings,
    )


def _warnings(case: Case, exhibits: list[Exhibit]) -> list[Phrase]:
    """What the build warns about; the evidence files' problems in the words `check` uses."""
    out: list[Phrase] = []
    for ex in exhibits:
        if ex.kind == "photo" and ex.ingested.content_is_image and not ex.ingested.has_exif:
            out.append(no_metadata_message(ex.rel))
        if ex.date_check is not None:
            out.append(Phrase(ex.date_check.message(ex.rel), ex.date_check.message_ja(ex.rel)))
        if ex.ingested.partial:
            out.append(
                Phrase(
                    f"{ex.rel}: {ex.ingested.partial}; the frames shown are from the readable part",
                    f"{ex.rel}: 動画の一部が読めません（{ex.ingested.partial}）。フレームは読める部分から選んでいます",
                )
            )
    agreement = case.seller.agreement_evidence
    if agreement and not any(e.rel == agreement for e in exhibits):
        out.append(
            Phrase(
                f"seller.agreement_evidence: {agreement} is not among the exhibits",
                f"seller.agreement_evidence: {agreement} が証拠の中にありません",
            )
        )
    return out


def _records(case: Case, ingested: list[Ingested], exhibits: list[Exhibit]) -> list[InputRecord]:
    by_rel = {e.rel: e for e in exhibits}
    case_file = case.root / CASE_FILE
    records = [
        InputRecord(
            rel=CASE_FILE,
            kind="case file",
            bytes=case_file.stat().st_size,
            sha256=sha256_file(case_file),
            reason="the case description (not an exhibit)",
        )
    ]
    for ing in ingested:
        src: SourceFile = ing.source
        ex = by_rel.get(src.rel)
        details: list[tuple[str, object]] = []
        if ing.video:
            details.append(("video", ing.video))
        if ing.pdf_pages:
            details.append(("pages", max(ing.pdf_pages_in_file, ing.pdf_pages)))
        if ing.pdf_pages_in_file > ing.pdf_pages:
            details.append(("pages_placed", ing.pdf_pages))
        if ing.width and ing.height and not ing.video:
            details.append(("pixels", f"{ing.width}x{ing.height}"))
        if ing.pixels_sha256:
            details.append(("pixels_sha256", ing.pixels_sha256))
        if ing.redacted:
            details.append(("redacted", [list(b) for b in ing.redacted]))
        if ing.error_detail:
            details.append(("detail", ing.error_detail))  # the library's words: here only, never in the PDF
        if ex is not None and len(ex.pictures) > 1:
            details.append(("pictures", [ex.picture_label(i) for i in range(len(ex.pictures))]))
        records.append(
            InputRecord(
                rel=src.rel,
                kind=src.kind,
                bytes=src.size,
                sha256=ing.sha256,
                exhibit=ex.number if ex else None,
                reason=None if ex else (ing.error or src.left_out or "not used"),
                captured_at=ing.captured_at,
                details=tuple(details),
            )
        )
    return records

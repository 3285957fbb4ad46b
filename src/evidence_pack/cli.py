"""The command line: parse, call the library, print, map errors to exit codes. Nothing else."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from evidence_pack import __version__
from evidence_pack.errors import EvidencePackError
from evidence_pack.pdf.documents import DEFAULT_MAX_PAGES, MAX_DOCUMENT_PAGES_LIMIT

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_BATCH_FAILED = 0, 1, 2, 3


def _run(fn: Callable[[], Any]) -> Any:
    """Call the library; a library error becomes its message on stderr and exit code 1."""
    try:
        return fn()
    except EvidencePackError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        click.echo("interrupted: nothing was written", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for those who ask
        if os.environ.get("EVIDENCE_PACK_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in evidence-pack; nothing was written. Run again with EVIDENCE_PACK_DEBUG=1 "
            "to see the details, and report them.",
            err=True,
        )
        sys.exit(EXIT_ERROR)


def _reading_progress() -> Callable[[int, int, str], None]:
    """One line on stderr while the pictures' text is read (the first time only: readings are cached)."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int, name: str) -> None:
        if tty:
            end = "\n" if done == total else ""
            click.echo(f"\rreading the text of the pictures: {done}/{total} {name}\033[K{end}", err=True, nl=False)
        elif done == 0:
            click.echo(f"reading the text of {total} picture(s) (once: the readings are kept)", err=True)

    return show


def _parse_when(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date-time; write it like 2026-11-01T12:00:00Z") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evidence-pack")
def cli() -> None:
    """Turn a dispute's evidence folder into a captioned PDF, an English justification
    and an upload folder that fits the platform.

    Example: evidence-pack build samples/one-of-two-dead -o out/
    """


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["en", "ja"]),
    default="en",
    show_default=True,
    help="Language of the questions, the comments and the companion texts.",
)
@click.option(
    "--set",
    "presets",
    multiple=True,
    metavar="KEY=VALUE",
    help="Answer a question without being asked (repeatable), e.g. --set order_id=8181234567890123.",
)
@click.option("--force", is_flag=True, help="Replace an existing case.toml.")
@click.option(
    "--from",
    "from_dir",
    type=click.Path(path_type=Path),
    help="A folder of order page screenshots: their order number, date, store, item, quantity, prices and "
    "currency are proposed as the answers, each for you to confirm (needs the reading extra).",
)
def init(case: Path, lang: str, presets: tuple[str, ...], force: bool, from_dir: Path | None) -> None:
    """Create a case folder and a commented case.toml, asking for the answers.

    In a terminal each question is asked and each answer checked on the spot. Without a terminal
    the answers come from --set flags, then one per line on standard input, in the order asked
    (an empty line takes the default). Keys, in that order: platform, order_id, order_date,
    store, item, quantity, currency, unit_price, shipping, delivered, reason, problems,
    affected_quantity, resolution, refund, agreed, agreed_on, agreed_amount.

    Example: evidence-pack init my-case --lang ja
    """
    from evidence_pack.init import write_case
    from evidence_pack.texts.questions import QUESTIONS, AnswerError, answer, with_proposal

    ja = lang == "ja"
    given: dict[str, str] = {}
    for item in presets:
        key, sep, value = item.partition("=")
        if not sep or key not in {q.key for q in QUESTIONS}:
            raise click.BadParameter(f"{item!r}: write KEY=VALUE with a known key", param_hint="--set")
        given[key] = value
    interactive = sys.stdin.isatty()
    proposed: dict[str, str] = {}
    if from_dir is not None:
        from evidence_pack.read.report import read_order_pages

        page, details = _run(lambda: read_order_pages(from_dir))
        proposed = details.proposals()
        click.echo(
            (
                f"{page} から読み取りました（Enter でそのまま使えます）: "
                if ja
                else f"read from {page} (Enter keeps each): "
            )
            + ", ".join(f"{k} {v}" for k, v in proposed.items()),
            err=True,
        )
    lines = iter([] if interactive else sys.stdin.read().splitlines())
    answers: dict[str, object] = {}
    for q in QUESTIONS:
        if not q.ask_if(answers):
            continue
        if q.key in proposed and q.key not in given:
            q = with_proposal(q, proposed[q.key])
        if q.key in given:
            try:
                answers[q.key] = answer(q, given[q.key], answers, ja)
            except AnswerError as exc:
                raise click.BadParameter(f"{q.key}: {exc}", param_hint="--set") from None
            continue
        if interactive:
            for line in q.menu(ja):
                click.echo(f"  {line}")
            default = q.default(answers, ja)
            while True:
                text = click.prompt(
                    q.prompt(ja), default=default if default is not None else "", show_default=bool(default)
                )
                try:
                    answers[q.key] = answer(q, text, answers, ja)
                    break
                except AnswerError as exc:
                    click.echo(f"  ! {exc}")
        else:
            text = next(lines, "")
            try:
                answers[q.key] = answer(q, text, answers, ja)
            except AnswerError as exc:
                click.echo(f"error: {q.key}: {exc} (answer given: {text!r})", err=True)
                sys.exit(EXIT_ERROR)
    path = _run(lambda: write_case(case, answers, lang, force=force))
    click.echo(f"created {path}" if not ja else f"{path} を作成しました")
    click.echo(
        (
            "次に写真・動画・スクリーンショットをフォルダに入れて evidence-pack build "
            if ja
            else "Now put the photos, videos and screenshots in its folders and run evidence-pack build "
        )
        + str(case)
    )


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), help="Output folder (default: CASE/out).")
@click.option(
    "--platform",
    type=click.Choice(["aliexpress", "paypal", "ebay", "amazon", "card", "generic"]),
    help="Platform profile to fit (default: platform in case.toml).",
)
@click.option("--page", type=click.Choice(["A4", "Letter"]), help="Page size of the PDF (default: the platform's).")
@click.option(
    "--skip-unreadable", is_flag=True, help="Build without evidence files that cannot be read; list them instead."
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Count next-steps' deadlines from this date (default: the build's date).",
)
@click.option(
    "--generated-at",
    "generated_at",
    metavar="T",
    help="Pin the build time (ISO 8601, e.g. 2026-11-01T12:00:00Z) so the same case gives the same bytes.",
)
@click.option(
    "--frames-per-video",
    type=click.IntRange(1, 24),
    default=8,
    show_default=True,
    help="The most frames chosen from each video (fewer when it shows fewer different things).",
)
@click.option(
    "--frame-cards",
    is_flag=True,
    help="On platforms that take pictures only, one card per video frame instead of one frame-sheet card per video.",
)
@click.option("--jobs", type=click.IntRange(0, 64), default=0, help="Worker processes for images (0: one per core).")
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of your own text templates (same names as the built-in ones); run sandboxed.",
)
@click.option(
    "--max-document-pages",
    type=click.IntRange(1, MAX_DOCUMENT_PAGES_LIMIT),
    default=DEFAULT_MAX_PAGES,
    show_default=True,
    help="Pages of each PDF in documents/ placed in evidence.pdf; a longer document "
    "shows its first pages and the build says so.",
)
@click.option(
    "--no-read",
    is_flag=True,
    help="Do not read the pictures (barcodes, and the text of chat, listing and label pictures).",
)
@click.option("--strict", is_flag=True, help="Treat every warning as an error: exit 1 and write nothing.")
def build(
    case: Path,
    out: Path | None,
    platform: str | None,
    page: str | None,
    skip_unreadable: bool,
    today: dt.datetime | None,
    generated_at: str | None,
    frames_per_video: int,
    frame_cards: bool,
    jobs: int,
    templates: Path | None,
    max_document_pages: int,
    no_read: bool,
    strict: bool,
) -> None:
    """Build the evidence pack of one case folder.

    Writes evidence.pdf, justification.txt, response.txt (when the seller's
    proposal is below the claim), escalation.txt (when the seller refused,
    offered less or went back on an agreement), next-steps.txt, the Japanese
    notes justification.ja.txt, response.ja.txt and escalation.ja.txt (when the
    case's language is ja), upload/ and manifest.json.

    Example: evidence-pack build samples/one-of-two-dead -o out/
    """
    from evidence_pack.workers import warm_up

    warm_up(jobs)  # the workers' imports run on the other core while this process imports its own
    from evidence_pack.build import BuildOptions, build_case

    options = BuildOptions(
        out_dir=out,
        platform=platform,
        skip_unreadable=skip_unreadable,
        generated_at=_parse_when(generated_at),
        jobs=jobs,
        frames_per_video=frames_per_video,
        page=page,
        templates=str(templates) if templates else None,
        max_document_pages=max_document_pages,
        today=today.date() if today else None,
        read=not no_read,
        progress=_reading_progress(),
        strict=strict,
        frame_cards=frame_cards,
    )
    result = _run(lambda: build_case(case, options))
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
    for n in result.notes:
        click.echo(f"note: {n}", err=True)
    for lo in result.left_out:
        click.echo(f"left out: {lo}", err=True)
    click.echo(
        f"built {result.out_dir}: {result.exhibits} exhibits, {result.pages} pages, "
        f"evidence.pdf {result.pdf_bytes:,} bytes, upload/ {result.upload_files} files "
        f"({result.upload_bytes:,} bytes) in {result.seconds:.1f} s"
    )


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option(
    "--platform",
    type=click.Choice(["aliexpress", "paypal", "ebay", "amazon", "card", "generic"]),
    help="Platform profile to check against (default: platform in case.toml).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Compute deadlines as of this date.")
def check(case: Path, platform: str | None, as_json: bool, today: dt.datetime | None) -> None:
    """Review a case before building: every problem in the case file and the evidence files,
    the evidence that wins disputes of this kind and whether the case has it, and the deadlines.

    Exit 0 when the case can be built, 1 when something must be fixed.

    Example: evidence-pack check samples/one-of-two-dead
    """
    from evidence_pack.review.check import check_case

    report = _run(lambda: check_case(case, platform, today.date() if today else None, _reading_progress()))
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        sys.exit(EXIT_OK if report.ok else EXIT_ERROR)
    for e in report.errors:
        click.echo(f"error: {e}")
    for f in report.findings:
        click.echo(f"{f.level}: {f.text(report.language)}")
    usable = sum(1 for r in report.evidence if r.get("status") == "ok")
    if report.language == "ja":
        verdict = "作成できます" if report.ok else f"作成の前に直す問題が {len(report.errors)} 件あります"
        click.echo(f"{case}: {verdict}。読める証拠ファイル {usable} 件、警告 {len(report.warnings)} 件")
    else:
        verdict = "ready to build" if report.ok else f"{len(report.errors)} problem(s) to fix before building"
        click.echo(f"{case}: {verdict}; {usable} evidence file(s) readable, {len(report.warnings)} warning(s)")
    sys.exit(EXIT_OK if report.ok else EXIT_ERROR)


@cli.command("read")
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print what was read as JSON on stdout (boxes in fractions).")
def read_cmd(case: Path, as_json: bool) -> None:
    """Read the case's pictures: the text of chat, listing, order and label pictures (with the reading
    extra, pip install 'evidence-pack[read]'), their barcodes, the chat's transcript, the seller's
    agreement and the tracking numbers found, compared with case.toml. Readings are kept by each
    picture's SHA-256, so check and build reuse them.

    Example: evidence-pack read samples/one-of-two-dead
    """
    from evidence_pack.read.report import read_case

    report = _run(lambda: read_case(case, _reading_progress()))
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return
    for line in report.lines():
        click.echo(line)


@cli.command()
@click.argument("video", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), required=True, help="Folder for the JPEG frames.")
@click.option(
    "--frames-per-video",
    "count",
    type=click.IntRange(1, 24),
    default=8,
    show_default=True,
    help="The most frames to choose (fewer when the video shows fewer different things).",
)
@click.option(
    "--at",
    "moments",
    multiple=True,
    metavar="MM:SS",
    help="A moment that must appear as a frame (repeatable), e.g. --at 00:12 --at 01:05.5.",
)
def frames(video: Path, out: Path, count: int, moments: tuple[str, ...]) -> None:
    """Choose the frames of one video that matter and write them as JPEGs named by timestamp; say
    whether the recording was found cut.

    Example: evidence-pack frames unboxing.mp4 -o frames/
    """
    from evidence_pack.case import parse_timestamp
    from evidence_pack.video.frames import write_frames

    try:
        at = tuple(parse_timestamp(m) for m in moments)
    except ValueError:
        raise click.BadParameter("write moments as MM:SS or MM:SS.s, e.g. 01:05.5", param_hint="--at") from None
    result = _run(lambda: write_frames(video, out, count=count, requested_s=at))
    if result.partial:
        click.echo(f"warning: {result.partial}", err=True)
    for said in result.statements:
        click.echo(f"note: {said}", err=True)
    for name in result.files:
        click.echo(str(out / name))


@cli.command()
@click.argument("root", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_root",
    type=click.Path(path_type=Path),
    help="Output root: each case goes to OUTROOT/<its path under ROOT> (default: each case's out/).",
)
@click.option("--jobs", type=click.IntRange(0, 64), default=0, help="Cases built at once (0: one per core).")
@click.option("--fail-fast", is_flag=True, help="Start no new case after the first failure.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--force", is_flag=True, help="Rebuild cases whose inputs have not changed.")
@click.option(
    "--timeout",
    "timeout_s",
    type=click.FloatRange(0.1, None),
    default=600,
    show_default=True,
    help="Seconds after which a case is stopped and reported.",
)
@click.option(
    "--platform",
    type=click.Choice(["aliexpress", "paypal", "ebay", "amazon", "card", "generic"]),
    help="Platform profile for every case (default: each case's own).",
)
@click.option("--skip-unreadable", is_flag=True, help="Build cases without their unreadable evidence files.")
@click.option("--strict", is_flag=True, help="Treat every warning as an error: such a case fails and is not written.")
def batch(
    root: Path,
    out_root: Path | None,
    jobs: int,
    fail_fast: bool,
    as_json: bool,
    force: bool,
    timeout_s: float,
    platform: str | None,
    skip_unreadable: bool,
    strict: bool,
) -> None:
    """Build every case folder under ROOT (any depth), in parallel, with a report.

    Exit 0 when every case was built or unchanged, 3 when some failed, 1 when nothing could run.
    The report is also written to OUTROOT (or ROOT) as batch-report.json and batch-report.csv.

    Example: evidence-pack batch my-disputes/ -o packs/
    """
    from evidence_pack.batch import BatchOptions, Progress, run_batch, write_reports
    from evidence_pack.build import BuildOptions

    tty = sys.stderr.isatty()

    def progress(p: Progress) -> None:
        if p.event == "start":
            if tty:
                click.echo(f"\r[{p.done}/{p.total}] {p.case} ... {p.elapsed_s:.0f} s\033[K", err=True, nl=False)
            return
        r = p.result
        assert r is not None
        line = f"[{p.done}/{p.total}] {r.case}: {r.status}" + (f" ({r.seconds:.1f} s)" if r.seconds else "")
        if tty:
            click.echo(f"\r{line}\033[K", err=True)
        else:
            click.echo(line, err=True)

    opts = BatchOptions(
        root=root,
        out_root=out_root,
        jobs=jobs,
        fail_fast=fail_fast,
        force=force,
        timeout_s=timeout_s,
        build=BuildOptions(platform=platform, skip_unreadable=skip_unreadable, strict=strict),
    )
    report = _run(lambda: run_batch(opts, progress))
    json_path, _ = _run(lambda: write_reports(report, out_root or root))
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(_table(report), err=False)
        click.echo(f"report: {json_path} (and .csv)", err=True)
    if report.interrupted:
        sys.exit(130)
    sys.exit(report.return_code)


def _table(report: Any) -> str:
    head = ("case", "status", "exhibits", "pages", "PDF bytes", "seconds", "message")
    rows = [head] + [
        (
            r.case,
            r.status,
            str(r.exhibits or ""),
            str(r.pages or ""),
            f"{r.pdf_bytes:,}" if r.pdf_bytes else "",
            f"{r.seconds:.1f}" if r.seconds else "",
            r.message.splitlines()[0][:70] if r.message else "",
        )
        for r in report.results
    ]
    if len(rows) == 1:
        return "no case folders (with a case.toml) found"
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip() for row in rows)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--case",
    "case_dir",
    type=click.Path(path_type=Path),
    help="The case folder: also check that every original is unchanged.",
)
def verify(out: Path, case_dir: Path | None) -> None:
    """Recompute the hashes in OUT/manifest.json and name every file that changed.

    Exit 0 when everything matches, 1 when something changed, is missing or was added.

    Example: evidence-pack verify samples/one-of-two-dead/out --case samples/one-of-two-dead
    """
    from evidence_pack.output.verify import verify as verify_out

    report = _run(lambda: verify_out(out, case_dir))
    for p in report.problems:
        click.echo(p)
    what = f"{report.checked_outputs} outputs" + (f" and {report.checked_inputs} originals" if case_dir else "")
    click.echo(f"{'all match' if report.ok else f'{len(report.problems)} difference(s)'}: {what} checked", err=True)
    sys.exit(EXIT_OK if report.ok else EXIT_ERROR)


@cli.command("platforms")
def platforms_cmd() -> None:
    """List the platform profiles and their limits.

    Example: evidence-pack platforms
    """
    from evidence_pack.platforms import all_platforms

    for p in all_platforms():
        click.echo(f"{p.key:<11} {p.name}")
        for line in _profile_lines(p):
            click.echo(f"            {line}")


def _profile_lines(p: Any) -> list[str]:
    types = ", ".join(p.upload_types)
    lines = [
        f"upload: {'one card per exhibit' if not p.takes_pdf else 'the PDF and the cards' if p.takes_cards else 'the PDF only'} "
        f"({types}), {p.max_file_bytes:,} bytes per file" + (f", at most {p.max_files} file(s)" if p.max_files else "")
    ]
    pdf = "PDF: " + (
        "not accepted"
        if not p.accepts_pdf
        else ", ".join(
            x
            for x in (
                f"at most {p.pdf_max_pages} pages" if p.pdf_max_pages else "",
                f"at most {p.pdf_max_bytes:,} bytes" if p.pdf_max_bytes else "",
                f"text at least {p.min_text_pt:g} pt" if p.min_text_pt else "",
            )
            if x
        )
        or "no limit"
    )
    lines.append(f"{pdf}; page {p.page}")
    lines.append("video: " + (f"accepted, up to {p.max_video_bytes:,} bytes" if p.accepts_video else "not accepted"))
    text = f"{p.text_max_chars:,} characters" if p.text_max_chars else "no limit"
    lines.append(f"text: {text}{', English (ASCII) only' if p.ascii_only else ''}")
    windows = [
        w
        for w in (
            f"open within {p.open_within_days} days" if p.open_within_days else "",
            f"escalate within {p.escalate_within_days} days" if p.escalate_within_days else "",
            f"seller answers within about {p.seller_reply_days} days" if p.seller_reply_days else "",
        )
        if w
    ]
    if windows:
        lines.append("time: " + "; ".join(windows))
    return lines


def main() -> None:
    """Entry point of the `evidence-pack` console script."""
    # SIGTERM (a service manager, `kill`, a CI timeout) stops a build as Ctrl-C does: its temporary
    # folder is removed and its workers stopped, instead of the process vanishing mid-write.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    # Workers stopped mid-task leave their queue locks behind; multiprocessing's resource tracker (a
    # separate process, started with these interpreter options) would print a warning about them.
    sys.warnoptions.append("ignore::UserWarning:multiprocessing.resource_tracker")
    cli(prog_name="evidence-pack")


if __name__ == "__main__":
    main()

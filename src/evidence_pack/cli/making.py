"""The commands that make outputs: build (one case), batch (many), frames (one video)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from evidence_pack.cli.shell import (
    _parse_when,
    _reading_progress,
    _run,
)
from evidence_pack.pdf.limits import DEFAULT_MAX_PAGES, MAX_DOCUMENT_PAGES_LIMIT
from evidence_pack.platforms import NAMES as PLATFORM_NAMES


def _frames_per_video(*dest: str, help_text: str) -> Any:
    """--frames-per-video, as build and frames both take it: at most this many frames of each video."""
    return click.option(
        "--frames-per-video", *dest, type=click.IntRange(1, 24), default=8, show_default=True, help=help_text
    )


@click.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), help="Output folder (default: CASE/out).")
@click.option(
    "--platform",
    type=click.Choice(list(PLATFORM_NAMES)),
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
@_frames_per_video(help_text="The most frames chosen from each video (fewer when it shows fewer different things).")
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


@click.command()
@click.argument("video", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), required=True, help="Folder for the JPEG frames.")
@_frames_per_video("count", help_text="The most frames to choose (fewer when the video shows fewer different things).")
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
    from evidence_pack.video.frames import write_frames
    from evidence_pack.video.timecode import parse_timestamp

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


@click.command()
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
    type=click.Choice(list(PLATFORM_NAMES)),
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
        import json

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

"""The commands about one case without building it: init, check, read, verify, and the platforms list."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from evidence_pack.cli.shell import (
    EXIT_ERROR,
    EXIT_OK,
    _reading_progress,
    _run,
)
from evidence_pack.platforms import NAMES as PLATFORM_NAMES


@click.command()
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


@click.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option(
    "--platform",
    type=click.Choice(list(PLATFORM_NAMES)),
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
        import json

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


@click.command("read")
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
        import json

        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return
    for line in report.lines():
        click.echo(line)


@click.command()
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


@click.command("platforms")
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

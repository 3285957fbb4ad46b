"""The shell every command shares: the group, the entry point, and the one place where library errors
become messages and exit codes."""

from __future__ import annotations

import datetime as dt
import gc
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

import click

from evidence_pack import __version__
from evidence_pack.errors import EvidencePackError

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


def main() -> None:
    """Entry point of the `evidence-pack` console script."""
    # SIGTERM (a service manager, `kill`, a CI timeout) stops a build as Ctrl-C does: its temporary
    # folder is removed and its workers stopped, instead of the process vanishing mid-write.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    # Workers stopped mid-task leave their queue locks behind; multiprocessing's resource tracker (a
    # separate process, started with these interpreter options) would print a warning about them.
    sys.warnoptions.append("ignore::UserWarning:multiprocessing.resource_tracker")
    try:
        cli(prog_name="evidence-pack")
    finally:
        # The interpreter's last garbage collections, at exit, walk every object the imports made (FFmpeg's
        # and Pillow's bindings, click): 20 ms of a 0.7-s `frames` run. Every output is written and closed
        # by now, so those objects are left to the end of the process instead (their memory is freed
        # with it; atexit handlers still run).
        gc.freeze()

"""The command line: parse, call the library, print, map errors to exit codes. Nothing else.

shell.py holds the group, the entry point and the error-to-exit-code mapping; making.py the commands that
make outputs (build, batch, frames); casework.py those that look at a case (init, check, read, verify,
platforms)."""

from __future__ import annotations

from evidence_pack.cli.casework import check, init, platforms_cmd, read_cmd, verify
from evidence_pack.cli.making import batch, build, frames
from evidence_pack.cli.shell import EXIT_BATCH_FAILED, EXIT_ERROR, EXIT_OK, EXIT_USAGE, cli, main

for _command in (init, build, check, read_cmd, frames, batch, verify, platforms_cmd):
    cli.add_command(_command)

__all__ = ["EXIT_BATCH_FAILED", "EXIT_ERROR", "EXIT_OK", "EXIT_USAGE", "cli", "main"]

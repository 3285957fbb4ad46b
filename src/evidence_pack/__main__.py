"""`python -m evidence_pack` runs the command line."""

from evidence_pack.cli import main

main()

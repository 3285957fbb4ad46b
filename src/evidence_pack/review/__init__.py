"""Reviewing a case before building: read every file, then say what a dispute reviewer will miss and
the dates that matter."""

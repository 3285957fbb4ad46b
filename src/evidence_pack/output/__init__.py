"""The output folder: what may be replaced, the manifest of hashes, and verify."""

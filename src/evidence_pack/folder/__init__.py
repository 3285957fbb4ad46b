"""The case folder: find the evidence files in it, tell what each is, keep paths inside it."""

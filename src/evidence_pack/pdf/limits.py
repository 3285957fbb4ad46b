"""How many pages of each appended PDF a build places: the default and the highest cap it accepts (time
and memory grow with it). Apart from documents.py so the command line reads them without its imports."""

DEFAULT_MAX_PAGES = 50
MAX_DOCUMENT_PAGES_LIMIT = 1000

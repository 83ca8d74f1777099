"""Imported only by the fork server (``child_process.PRELOAD``): the parsers' one-time set-up, done there
once, so that every child forked from it starts warm. trafilatura's first page costs about a quarter of a
second otherwise, in every child, on the file's time budget."""

from .extraction import Budget, ExtractionError, extract_file

_PAGE = b"<html><head><title>Warm-up</title></head><body><article><p>The ferry left at nine.</p></article></body></html>"

try:
    extract_file("warm-up.html", _PAGE, budget=Budget())
except ExtractionError:  # a warm-up only: a child would just start colder
    pass

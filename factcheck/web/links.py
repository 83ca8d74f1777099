"""Links to many rows of one kind on a page, made with one url_for each kind instead of one per row."""

from flask import url_for

SENTINEL = 9_876_543_210_123  # an id no page has: url_for once, then str.format per row


def url_pattern(endpoint: str, key: str, **values) -> str:
    """url_for(endpoint, key=N, **values) as a format string ("/claims/{}"): one url_for per page, not per row.
    (url_for percent-encodes braces, so the only "{}" is the one put in here.)"""
    return url_for(endpoint, **values, **{key: SENTINEL}).replace(str(SENTINEL), "{}")

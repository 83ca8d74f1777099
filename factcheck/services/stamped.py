"""Lists read whole on every page, kept per process under their table's stamp (migration 0013).

The claim screen's source picker (the first 500 sources by title) and the queue's article filter (the newest 500
articles with claims) change seldom and were read on every page. The database sets a stamp to a new random
number whenever such a list may have changed (table_stamp: "source", "article_choices"); a list kept under the
stamp read in the same request is the list the database would give. No stamp row (a table emptied by hand): the
list is read every time.
"""

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import text
from sqlmodel import Session

from ..lru import Kept

T = TypeVar("T")

KEPT = 16  # lists kept per process (the least recently read goes first)
_STAMP = text("SELECT stamp FROM table_stamp WHERE name = :name")
_kept = Kept(KEPT)  # key -> (stamp, list)


def kept(session: Session, stamp: str, key: tuple, read: Callable[[], T]) -> T:
    """`read()` (an immutable value: tuples, rows) as kept under `stamp` ("source" or "article_choices") for
    `key`, or read now and kept. One statement when kept (the stamp's row)."""
    now = session.execute(_STAMP, {"name": stamp}).scalar_one_or_none()
    if now is None:
        return read()
    full_key = (session.get_bind().engine.url, stamp, *key)
    found = _kept.get(full_key)
    if found is not None and found[0] == now:
        return found[1]
    value = read()
    _kept.put(full_key, (now, value))
    return value


def forget() -> None:
    """Drop every kept list (tests)."""
    _kept.clear()

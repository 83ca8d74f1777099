"""The queue's text searches, kept per process and brought up to date with the claims' changes.

A text search costs in proportion to its matches: at 100,000 claims "Malakal" matches 2,500, and each is looked up
for its status and place in the order, for the count per status and for whichever page is asked. The same words
are asked again and again: the next page, another status tab, the API paging through them, the list again after
a claim screen. Here a search's matches, in its order, with their statuses, are kept together with where the claims stood when
they were read (migration 0012 logs every insert, update and delete of a claim in claim_change; SQLite: the newest
change row, PostgreSQL: the snapshot). Asked again:
- no change since: the kept matches;
- a few changes (CATCH_UP at most): the changed claims are checked against the search again (one statement, the
  exact match over those claims alone); those still matching take their new status, those no longer matching
  (reworded, removed) are left out;
- otherwise the search is run again: a claim that did not match now does (added, reworded: its place in the order
  is not known here), one that matches moved in the order (priority, created_at, due date), many changes, changes
  that may have been pruned, a TRUNCATE, the database restored or made again; and in the "status" and "updated"
  orders after any change (every change moves a claim there).
So a kept answer is never older than the claims as the asking statement sees them.

Only what depends on the claims alone is kept: a search with no filter besides its words and a status (the
status is applied to the kept matches), in an order made of the claim's own columns. Searches matching more than
MOST_MATCHES claims are not kept (their memory), nor searches in a PostgreSQL transaction that has written.
"""

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from ..lru import Kept
from ..models import STATUSES

KEPT = 32  # searches kept per process (the least recently asked goes first)
MOST_MATCHES = 20_000  # a search matching more is not kept: ~9 bytes a match
CATCH_UP = 64  # changes a kept search catches up on; after more, it is run again
# the claim's columns whose change claim_change marks `moved` (migration 0012, with an insert or delete): an
# order made of these alone is left as it is by every other change (services.queue: caught-up orders)
MOVED_COLUMNS = frozenset({"priority", "created_at", "due_date", "id"})

_CODE = {status: n for n, status in enumerate(STATUSES)}
# SQLite: where the claims stand is the newest change row (id, stamp)
_SQLITE_NEWEST = text("SELECT id, stamp FROM claim_change ORDER BY id DESC LIMIT 1")
_SQLITE_SINCE = text(
    "SELECT id, stamp, claim_id, moved FROM claim_change WHERE id >= :seen ORDER BY id LIMIT :most"
)
# PostgreSQL: the snapshot, and the claim table's oid (another after the database is made again); no row in a
# transaction that has written (its own changes, not committed, are not told apart by the snapshot: they would
# be kept as if they were, and stay after a rollback)
_POSTGRES_NEWEST = text(
    "SELECT pg_current_snapshot()::text, 'claim'::regclass::oid WHERE pg_current_xact_id_if_assigned() IS NULL"
)
# the changes of the transactions the snapshot `seen` does not see (all at or above its xmin), led by a row
# (claim_id NULL) when changes it did not see may have been pruned (claim_change_pruned.xid not below its xmin)
_POSTGRES_SINCE = text("""
SELECT NULL AS claim_id, true AS moved
WHERE EXISTS (SELECT FROM claim_change_pruned WHERE xid >= pg_snapshot_xmin(CAST(:seen AS pg_snapshot)))
UNION ALL (
    SELECT claim_id, moved FROM claim_change
    WHERE xid >= pg_snapshot_xmin(CAST(:seen AS pg_snapshot))
    AND NOT pg_visible_in_snapshot(xid, CAST(:seen AS pg_snapshot))
    LIMIT :most
)""")


@dataclass(frozen=True)
class Found:
    """Every match of a search, in its order: ids and (as indexes into STATUSES) statuses."""

    ids: array
    statuses: bytes

    @classmethod
    def of(cls, rows: Sequence[tuple[int, str]]) -> "Found":
        return cls(ids=array("q", (id_ for id_, _ in rows)), statuses=bytes(_CODE[s] for _, s in rows))

    def counts(self) -> dict[str, int]:
        """The number of matches in each status (every status a key)."""
        return {status: self.statuses.count(n) for n, status in enumerate(STATUSES)}

    def page(self, status: str | None, offset: int, limit: int) -> list[int]:
        """The ids of the matches in `status` (None: every status) from `offset`, at most `limit` of them."""
        if status is None:
            return list(self.ids[offset : offset + limit])
        wanted = _CODE[status]
        kept = [id_ for id_, n in zip(self.ids, self.statuses, strict=True) if n == wanted]
        return kept[offset : offset + limit]

    def changed(self, *, statuses: dict[int, str], gone: set[int]) -> "Found":
        """These matches with the statuses of some (id -> status) changed, and those in `gone` left out."""
        ids, codes = array("q"), bytearray()
        for id_, code in zip(self.ids, self.statuses, strict=True):
            if id_ not in gone:
                ids.append(id_)
                codes.append(_CODE[statuses[id_]] if id_ in statuses else code)
        return Found(ids=ids, statuses=bytes(codes))


_kept = Kept(KEPT)  # key -> (where the claims stood, Found or None: too many matches)


def keeps(session: Session) -> bool:
    """Whether searches on `session`'s database can be kept (the changes of migration 0012)."""
    return session.get_bind().dialect.name in ("sqlite", "postgresql")


Rows = Sequence[tuple[int, str]]  # (id, status) of claims


def found(
    session: Session,
    key: tuple,
    *,
    catch_up: bool,
    read: Callable[[int], Rows],
    recheck: Callable[[list[int]], Rows],
) -> Found | None:
    """The matches of the search `key` (its words and order) as the claims are in `session`'s transaction: kept
    ones brought up to date, else `read(limit)` ((id, status) of every match, in order, at most `limit` of them)
    kept for next time. `catch_up`: its order is made of MOVED_COLUMNS alone, so the changes since can be caught
    up on (otherwise any change runs it again). `recheck(ids)`: (id, status) of those of `ids` the search
    matches now. None for a search with more than MOST_MATCHES matches, or asked in a PostgreSQL transaction
    that has written (its own search then)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    newest = session.execute(_POSTGRES_NEWEST if postgres else _SQLITE_NEWEST).first()
    if newest is None:  # (PostgreSQL: this transaction has written; SQLite: the table emptied by hand)
        return None
    newest = tuple(newest)
    key = (session.get_bind().engine.url, *key)
    kept = _kept.get(key)
    answer: Found | None
    if kept is not None and (kept[0] == newest or kept[1] is None):
        # (None: too many matches when last read; the caller's own search each time, not a read of
        # MOST_MATCHES + 1 of them first, until the search is no longer kept)
        answer = kept[1]
    elif kept is not None and catch_up:
        answer = _caught_up(session, kept[0], newest, kept[1], postgres, recheck)
        if answer is None:
            answer = _read(read)
    else:
        answer = _read(read)
    _kept.put(key, (newest, answer))
    return answer


def _read(read: Callable[[int], Rows]) -> Found | None:
    rows = read(MOST_MATCHES + 1)
    return Found.of(rows) if len(rows) <= MOST_MATCHES else None


def _caught_up(
    session: Session,
    seen: tuple,
    newest: tuple,
    answer: Found,
    postgres: bool,
    recheck: Callable[[list[int]], Rows],
) -> Found | None:
    """`answer`, read where the claims stood at `seen`, brought up to the claims' changes since: the changed claims
    it holds, in their new statuses (or gone, those the search no longer matches). None when it cannot be: a
    claim the search matches now that it did not hold, or one it holds moved in the order (their place in it is
    not known here), a TRUNCATE, too many changes, changes that may be lost."""
    changes = (
        _changes_since_postgres(session, seen, newest) if postgres else _changes_since_sqlite(session, seen)
    )
    if changes is None or any(claim_id == 0 for claim_id, _moved in changes):  # (0: every claim, a TRUNCATE)
        return None
    if not changes:
        return answer
    held = set(answer.ids)
    moved = {claim_id for claim_id, was_moved in changes if was_moved}
    now = dict(recheck(sorted({claim_id for claim_id, _moved in changes})))
    if any(claim_id not in held or claim_id in moved for claim_id in now):
        return None
    gone = {claim_id for claim_id, _moved in changes if claim_id in held and claim_id not in now}
    return answer.changed(statuses=now, gone=gone)


def _changes_since_sqlite(session: Session, seen: tuple[int, int]) -> list[tuple[int, bool]] | None:
    """(claim_id, moved) of the change rows after `seen` (id, stamp); None if more than CATCH_UP, or if `seen` is
    no longer there with its stamp (pruned, or another copy of the database)."""
    rows = session.execute(_SQLITE_SINCE, {"seen": seen[0], "most": CATCH_UP + 2}).all()
    if not rows or (rows[0].id, rows[0].stamp) != seen or len(rows) > CATCH_UP + 1:
        return None
    return [(row.claim_id, bool(row.moved)) for row in rows[1:]]


def _changes_since_postgres(session: Session, seen: tuple[str, int], newest: tuple[str, int]):
    """(claim_id, moved) of the changes the snapshot of `seen` (snapshot, claim oid) does not see; None if more
    than CATCH_UP, if some may have been pruned, or if the claim table is not the one `seen` read."""
    if seen[1] != newest[1]:
        return None
    rows = session.execute(_POSTGRES_SINCE, {"seen": seen[0], "most": CATCH_UP + 1}).all()
    if len(rows) > CATCH_UP or any(row.claim_id is None for row in rows):
        return None
    return [(row.claim_id, row.moved) for row in rows]


def forget() -> None:
    """Drop every kept search (tests)."""
    _kept.clear()

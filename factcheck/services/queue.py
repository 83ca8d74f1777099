"""The review queue: listing claims with filters, handing out the next one, and editors' bulk changes."""

import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Column, Integer, bindparam, func, null, text, tuple_, union_all, update
from sqlalchemy.orm import aliased
from sqlalchemy.sql import operators
from sqlalchemy.sql.visitors import iterate
from sqlmodel import Session, select

from ..errors import DomainError, Invalid
from ..models import PRIORITIES, STATUSES, Article, Claim, Rating, User, Verdict
from . import audit, kept_searches, similar, workflow
from .claim_filters import MAX_WORDS, SEARCH_KEYS_INDEX, TRIGRAM, ClaimFilters, exact_words, indexed_by
from .claims import ReturnNote, get_claim, returned_notes, touch, update_claim
from .roles import require_role
from .workflow import run_with_retry, snapshot

SORTS = {
    # name -> (label, order_by columns); the queue's own order is "priority": highest first, then oldest
    "priority": ("Priority, oldest first", (Claim.priority.desc(), Claim.created_at, Claim.id)),
    "oldest": ("Oldest first", (Claim.created_at, Claim.id)),
    "newest": ("Newest first", (Claim.created_at.desc(), Claim.id.desc())),
    "due": ("Due date", (Claim.due_date.is_(None), Claim.due_date, Claim.priority.desc(), Claim.id)),
    "updated": ("Recently changed", (Claim.updated_at.desc(), Claim.id.desc())),
    "status": ("Status", (Claim.status, Claim.priority.desc(), Claim.created_at, Claim.id)),
    # by the current verdict's rating, in the scale's order; claims without one last
    "rating": ("Rating", (Rating.position.is_(None), Rating.position, Claim.priority.desc(), Claim.id)),
}
MAX_PER_PAGE = 100
MAX_OFFSET = 2**62  # beyond this an OFFSET overflows the database's integers


@dataclass
class QueueRow:
    claim: Claim
    article_title: str
    assignee: User | None
    rating: Rating | None  # the current verdict's (services.claims)
    returned: ReturnNote | None = None  # set while the claim is returned, with the editor's reason


@dataclass
class QueuePage:
    items: list[QueueRow]
    total: int
    page: int
    per_page: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_claims(
    session: Session,
    *,
    filters: ClaimFilters | None = None,
    actor: User | None = None,
    sort: str = "priority",
    page: int = 1,
    per_page: int = 25,
) -> QueuePage:
    """One page of claims matching `filters`, in `sort` order, each with its current verdict's rating (and,
    while returned, the editor's reason), plus the count per status (all other filters applied).
    `filters.mine` keeps the claims `actor` holds.

    :raise Invalid: bad filters (ClaimFilters.check), sort or page values.
    """
    filters = filters or ClaimFilters()
    filters.check(session, actor=actor)
    if sort not in SORTS:
        raise Invalid("Unknown sort order.", fields={"sort": "one of " + ", ".join(SORTS)})
    page, per_page = max(1, page), min(max(1, per_page), MAX_PER_PAGE)
    if page * per_page > MAX_OFFSET:
        raise Invalid("There is no such page.", fields={"page": "out of range"})
    if filters.q:
        counts, ids = _search_page(session, filters, actor, sort, page, per_page)
    else:
        counts = status_counts(session, filters=filters.without("status"), actor=actor)
    # the status filter is one equality on Claim.status, so the total is read off the per-status counts
    # (every other filter applied there): one counting pass over the matching claims, not two
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    if not filters.q:
        # The page's ids first, over the claim alone (an index walk for the default order), then the joins
        # for those ids only: a deep page no longer joins every row it skips. A page past the middle is
        # counted from the end, in the reversed order, so no page walks more than half the list.
        skip = (page - 1) * per_page
        if total // 2 < skip < total:
            keys = _ordered_ids(filters, actor, sort, reverse=True)
            keys = keys.offset(max(0, total - skip - per_page)).limit(min(per_page, total - skip))
        else:
            keys = _ordered_ids(filters, actor, sort).offset(skip).limit(per_page)
        ids = keys.scalar_subquery()
    rows = session.exec(
        _joined(select(Claim, Article.title, User, Rating)).where(Claim.id.in_(ids)).order_by(*SORTS[sort][1])
    ).all()
    returned = returned_notes(session, [claim for claim, *_ in rows])
    items = [
        QueueRow(claim=c, article_title=t, assignee=u, rating=r, returned=returned.get(c.id))
        for c, t, u, r in rows
    ]
    return QueuePage(items=items, total=total, page=page, per_page=per_page, counts=counts)


def _ordered_ids(filters: ClaimFilters, actor: User | None, sort: str, *columns, reverse: bool = False):
    """The ids (and `columns`) of the claims `filters` keep, in `sort` order (`reverse`: backwards; every
    order ends with the id, so its reverse is exact, and the same index serves it read backwards)."""
    keys = select(Claim.id, *columns).select_from(Claim)
    if sort == "rating":
        keys = keys.join(Rating, Rating.id == Claim.rating_id, isouter=True)
    if sort == "priority" and filters.due == "overdue" and filters.without("status", "due") == ClaimFilters():
        # the overdue claims in queue order, a walk that stops at the page (migration 0011), where SQLite's
        # sampled statistics chose ix_claim_status_due and a sort of all of them (6,000 at 100,000 claims)
        keys = indexed_by(keys, "ix_claim_overdue_queue_order")
    order = SORTS[sort][1]
    return filters.apply(keys, actor=actor).order_by(*(map(_backwards, order) if reverse else order))


def _backwards(term):
    """An ORDER BY term in the other direction: x DESC -> x ASC, x (ASC) -> x DESC."""
    expression, descending = _ascending(term)
    return expression.asc() if descending else expression.desc()


def _search_page(
    session: Session, filters: ClaimFilters, actor: User | None, sort: str, page: int, per_page: int
) -> tuple[dict[str, int], list[int]]:
    """(count per status, the page's ids) of a text search, from one pass over its matches.

    The text match is the cost of a search (at 100,000 claims, "Malakal" matches 2,500): counting per status and
    then reading the page ran it twice. Here one statement finds the matches once (every filter but the status
    applied; a common table expression used twice, which both databases materialise), each with its status and
    the page's order columns, and answers with a row per status (its count) followed by the page's ids: a few
    dozen rows, not one per match. On SQLite, for the orders made of the claim's id, status, priority and
    created_at, the matches are read off ix_claim_search_keys (migration 0011) rather than the table: with the
    exact match proved by the trigram one (claim_filters.WordMatch), no match's row is read at all.

    A search with no filter besides its words and status, in an order of the claim's own columns, is answered
    from services.kept_searches instead: every match's id and status in order, read once and kept up to date with
    the claims' changes (asked again, the next page, another tab or the other door: one small statement when no
    claim changed, three after a few changes, the search again when a claim joined it or moved in the order).
    """
    if kept_searches.keeps(session) and sort != "rating" and filters.without("q", "status") == ClaimFilters():
        found = kept_searches.found(
            session,
            (filters.q, sort),
            catch_up=sort in _CAUGHT_UP_SORTS,
            read=lambda limit: _all_matches(session, filters, sort, limit),
            recheck=lambda ids: _matching(session, filters, ids),
        )
        if found is not None:
            return found.counts(), found.page(filters.status, (page - 1) * per_page, per_page)
    order = SORTS[sort][1]
    terms = [_ascending(term) for term in order]
    keys = select(
        Claim.id, Claim.status, *(expression.label(f"k{n}") for n, (expression, _desc) in enumerate(terms))
    ).select_from(Claim)
    if sort == "rating":
        keys = keys.join(Rating, Rating.id == Claim.rating_id, isouter=True)
    if sort in _KEYED_SORTS and filters.without("q", "status") == ClaimFilters() and _indexed_word(filters):
        keys = indexed_by(keys, SEARCH_KEYS_INDEX)
    matches = filters.without("status").apply(keys, actor=actor).cte("matches")
    ids = select(matches.c.id).order_by(
        *(
            matches.c[f"k{n}"].desc() if desc else matches.c[f"k{n}"]
            for n, (_expression, desc) in enumerate(terms)
        )
    )
    ids = ids.offset((page - 1) * per_page).limit(per_page)
    if filters.status:
        ids = ids.where(matches.c.status == filters.status)
    ids = ids.subquery()
    answer = union_all(
        select(matches.c.status, func.count(), null()).group_by(matches.c.status),
        select(null(), null(), ids.c.id),
    )
    counts = {status: 0 for status in STATUSES}
    wanted = []
    for status, count, claim_id in session.execute(answer):
        if claim_id is None:
            counts[status] = count
        else:
            wanted.append(claim_id)
    return counts, wanted


def _all_matches(session: Session, filters: ClaimFilters, sort: str, limit: int) -> list[tuple[int, str]]:
    """(id, status) of the claims a search with no other filter than its words finds (every status), in `sort`
    order, at most `limit` (services.kept_searches keeps them)."""
    keys = select(Claim.id, Claim.status).select_from(Claim)
    if sort in _KEYED_SORTS and _indexed_word(filters):
        keys = indexed_by(keys, SEARCH_KEYS_INDEX)
    query = filters.without("status").apply(keys).order_by(*SORTS[sort][1]).limit(limit)
    return session.connection().execute(query).fetchall()


def _matching(session: Session, filters: ClaimFilters, ids: list[int]) -> list[tuple[int, str]]:
    """(id, status) of the claims of `ids` a search with no other filter than its words matches."""
    query = select(Claim.id, Claim.status).where(Claim.id.in_(ids), *exact_words(filters.q))
    return session.connection().execute(query).all()


# the orders a kept search catches up in: made of the columns whose changes claim_change marks as moves
def _columns(order) -> set[str]:
    """The names of the columns an ORDER BY reads (of the claim, or of a joined table)."""
    terms = (getattr(term, "__clause_element__", lambda t=term: t)() for term in order)
    return {element.name for term in terms for element in iterate(term) if isinstance(element, Column)}


_CAUGHT_UP_SORTS = tuple(
    name for name, (_label, order) in SORTS.items() if _columns(order) <= kept_searches.MOVED_COLUMNS
)
# the orders ix_claim_search_keys (id, status, priority, created_at) holds every column of
_KEYED_SORTS = ("priority", "oldest", "newest", "status")


def _indexed_word(filters: ClaimFilters) -> bool:
    """Whether a word of the search is found through the trigram index (then the matches are a few lookups)."""
    return any(len(word) >= TRIGRAM for word in filters.q.split()[:MAX_WORDS])


def _ascending(term):
    """(expression, descending) of an ORDER BY term: x DESC -> (x, True), x / x ASC -> (x, False)."""
    modifier = getattr(term, "modifier", None)
    if modifier in (operators.desc_op, operators.asc_op):
        return term.element, modifier is operators.desc_op
    return term, False


def status_counts(session: Session, *, filters: ClaimFilters, actor: User | None = None) -> dict[str, int]:
    """How many claims matching `filters` are in each status (every status a key), in one statement.

    Unfiltered, the sums of claim_status_count (migration 0010), which triggers keep as claims come, change
    status and go: a few hundred rows whatever the archive's size, where counting the archive read 100,000
    index entries per request. Filtered, a count per status, each `status = ? AND filters` an index range the
    planner can count without the table (ix_claim_status_queue_order for a priority, ix_claim_status_due for
    the due dates, ...): a GROUP BY status stepped through every matching row, reading the status from the
    table when the filter's index does not carry it. A text search (`q`) keeps the GROUP BY: its trigram
    match would run once per status.
    """
    counts = {status: 0 for status in STATUSES}
    if filters.q:
        query = filters.apply(select(Claim.status, func.count()).group_by(Claim.status), actor=actor)
        counts.update(dict(session.exec(query).all()))
        return counts
    if not filters.conditions(actor=actor):
        counts.update(
            (status, int(n)) for status, n in session.execute(_TALLY).all() if status in counts and n
        )
        return counts
    columns = [
        filters.apply(
            select(func.count()).select_from(Claim).where(Claim.status == status), actor=actor
        ).scalar_subquery()
        for status in STATUSES
    ]
    counts.update(zip(STATUSES, session.exec(select(*columns)).one(), strict=True))
    return counts


# the per-status deltas of migration 0010, summed (the table is not a model: services.schema.KEPT_BY_TRIGGERS)
_TALLY = text("SELECT status, sum(n) FROM claim_status_count GROUP BY status")


def _joined(query):
    """`query` over claims joined with their article, holder and current verdict's rating."""
    return (
        query.select_from(Claim)
        .join(Article, Article.id == Claim.article_id)
        .join(User, User.id == Claim.assignee_id, isouter=True)
        .join(Verdict, Verdict.id == Claim.verdict_id, isouter=True)
        .join(Rating, Rating.id == Verdict.rating_id, isouter=True)
    )


def neighbours(session: Session, *, claim: Claim) -> tuple[int | None, int | None]:
    """The previous and next claim ids around `claim` in the queue's default order (j/k on the screen).

    Two keyset queries, one per side, each reading a few index entries (ix_claim_queue_order) whatever the
    archive's size, sent as one statement. SQLite reads the claim's own place in the statement, as the order
    is (its stored created_at text, which a bound value need not match character for character). PostgreSQL
    takes it from `claim` as this session read it, bound as values (its timestamps compare as values):
    reading it again there (ten subqueries) cost ~2 ms of planning on every claim screen, more than running
    it. (None, None) when there is no such claim.
    """
    bound = session.get_bind().dialect.name == "postgresql"
    place = {"claim_id": claim.id} | (
        {"priority": claim.priority, "created_at": claim.created_at} if bound else {}
    )
    found = session.execute(_neighbours_query(bound), place).first()
    return (found[0], found[1]) if found else (None, None)


@functools.cache
def _neighbours_query(bound: bool):
    stored = select(Claim.id).where(Claim.id == bindparam("claim_id", type_=Integer)).exists()
    return select(
        _neighbour_query(True, bound).scalar_subquery(), _neighbour_query(False, bound).scalar_subquery()
    ).where(stored)  # no row for a claim that is not stored


@functools.cache
def _neighbour_query(before: bool, bound: bool = False):
    """The claim just before (or after) :claim_id in the default order (priority desc, created_at, id).

    The order mixes directions, so no single row comparison expresses "after"; it is the first of two
    index-ordered candidates: the same priority with a later (created_at, id), compared as a row, and a lower
    priority (mirrored for "before"). Each is one LIMIT 1 over the index. Built once per side, the id a bound
    parameter: building it per request (an alias, a union of subqueries and its columns) cost more than running
    it; and PostgreSQL plans it on every claim screen (two parts, where three cost ~0.9 ms of planning).
    """
    claim_id = bindparam("claim_id", type_=Integer)
    if bound:  # the place as values, :priority and :created_at (see neighbours)
        priority = bindparam("priority", type_=Claim.priority.type)
        created = bindparam("created_at", type_=Claim.created_at.type)
    else:
        me = aliased(Claim, name="me")
        priority = select(me.priority).where(me.id == claim_id).scalar_subquery()
        created = select(me.created_at).where(me.id == claim_id).scalar_subquery()
    columns = (Claim.id, Claim.priority, Claim.created_at)
    place = tuple_(created, claim_id)
    if before:  # the default order reversed: priority asc, created_at desc, id desc
        parts = [
            select(*columns)
            .where(Claim.priority == priority, tuple_(Claim.created_at, Claim.id) < place)
            .order_by(Claim.created_at.desc(), Claim.id.desc()),
            select(*columns)
            .where(Claim.priority > priority)
            .order_by(Claim.priority, Claim.created_at.desc(), Claim.id.desc()),
        ]
    else:
        parts = [
            select(*columns)
            .where(Claim.priority == priority, tuple_(Claim.created_at, Claim.id) > place)
            .order_by(Claim.created_at, Claim.id),
            select(*columns)
            .where(Claim.priority < priority)
            .order_by(Claim.priority.desc(), Claim.created_at, Claim.id),
        ]
    candidates = union_all(*(select(part.limit(1).subquery()) for part in parts)).subquery()
    order = (
        (candidates.c.priority, candidates.c.created_at.desc(), candidates.c.id.desc())
        if before
        else (candidates.c.priority.desc(), candidates.c.created_at, candidates.c.id)
    )
    return select(candidates.c.id).order_by(*order).limit(1)


# --- take next ---------------------------------------------------------------------------------


def take_next(session: Session, *, actor: User) -> Claim | None:
    """Hand `actor` the highest-priority, oldest open claim, now in progress and held by them.

    Safe under concurrency: two callers never get the same claim (PostgreSQL: SELECT ... FOR UPDATE
    SKIP LOCKED; SQLite: one atomic conditional UPDATE ... RETURNING). Contention is retried, never
    reported. A claim that repeats one being worked on (services.similar.busy_duplicate: linked "same as",
    or the same claim in other words) is passed over, up to MAX_SKIPPED of them. Returns None when nothing
    is open (or nothing but such repeats).
    :raise Forbidden: a viewer.
    """
    require_role(actor, "write", "take a claim")
    pick = _pick_postgres if session.get_bind().dialect.name == "postgresql" else _pick_sqlite

    def attempt() -> Claim | None:
        if not session.new and not session.dirty and not session.deleted:
            session.rollback()  # start from a fresh snapshot: our write must not rest on a stale read
        skipped: list[int] = []
        while True:
            claim_id = pick(session, skipped)
            if claim_id is None or len(skipped) > MAX_SKIPPED:
                session.rollback()
                return None
            claim = session.exec(
                select(Claim).where(Claim.id == claim_id).execution_options(populate_existing=True)
            ).one()
            if not _still_repeats(session, claim) and _busy_twin(session, claim) is None:
                break
            skipped.append(claim_id)
            session.rollback()  # gives it back: SQLite's UPDATE undone, PostgreSQL's row lock released
        before = snapshot(session, claim) | {"status": "open", "assignee": None}
        claim.status, claim.assignee_id = "in_progress", actor.id
        touch(claim, actor)
        audit.record(
            session,
            actor=actor,
            action="claim.take",
            object_type="claim",
            object_id=claim.id,
            claim_id=claim.id,
            before=before,
            after=snapshot(session, claim) | {"via": "take_next"},
        )
        session.commit()
        return claim

    return run_with_retry(session, attempt, tries=50)


MAX_SKIPPED = 25  # repeats of claims being worked on that one take-next passes over

# Repeats found by take-next, in this process: claim id -> (its version and text, the busy claim it repeats,
# that claim's version and text). A repeat heads the open queue until its twin is done, so every take-next
# met it again and scored it again (services.similar: 20-80 ms each, several per take under load). While
# neither claim has changed (same versions and texts: same words, same links) and the twin is still being
# worked on, it still repeats it.
_REPEATS: OrderedDict[int, tuple[int, str, int, int, str]] = OrderedDict()
_REPEATS_KEPT = 2000
_REPEATS_LOCK = threading.Lock()


def _still_repeats(session: Session, claim: Claim) -> bool:
    """`claim` was found repeating a busy claim, and nothing has changed since (one primary-key read)."""
    with _REPEATS_LOCK:
        known = _REPEATS.get(claim.id)
    if known is None or known[:2] != (claim.version, claim.text):
        return False
    twin = session.exec(select(Claim.status, Claim.version, Claim.text).where(Claim.id == known[2])).first()
    return (
        twin is not None and twin.status in similar.BUSY_STATUSES and (twin.version, twin.text) == known[3:]
    )


def _busy_twin(session: Session, claim: Claim) -> Claim | None:
    """services.similar.busy_duplicate, remembered when it finds one."""
    twin = similar.busy_duplicate(session, claim=claim)
    with _REPEATS_LOCK:
        if twin is None:
            _REPEATS.pop(claim.id, None)
        else:
            _REPEATS[claim.id] = (claim.version, claim.text, twin.id, twin.version, twin.text)
            _REPEATS.move_to_end(claim.id)
            while len(_REPEATS) > _REPEATS_KEPT:
                _REPEATS.popitem(last=False)
    return twin


def _open_ids(skipped: list[int]):
    query = select(Claim.id).where(Claim.status == "open")
    if skipped:
        query = query.where(Claim.id.not_in(skipped))
    return query.order_by(*SORTS["priority"][1]).limit(1)


def _pick_postgres(session: Session, skipped: list[int]) -> int | None:
    return session.exec(_open_ids(skipped).with_for_update(skip_locked=True)).first()


def _pick_sqlite(session: Session, skipped: list[int]) -> int | None:
    # One statement: choosing and claiming happen under the same write lock.
    result = session.execute(
        update(Claim)
        .where(Claim.id == _open_ids(skipped).scalar_subquery(), Claim.status == "open")
        .values(status="in_progress")
        .returning(Claim.id)
    )
    return result.scalar_one_or_none()


# --- editors' bulk changes ---------------------------------------------------------------------


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def bulk_assign(session: Session, *, claim_ids: list[int], assignee: str, actor: User) -> BulkResult:
    """Assign each claim to `assignee` through the workflow's assign move; refusals are reported per claim.

    :raise Forbidden: not an editor.
    """
    require_role(actor, "edit", "assign claims")
    return _each(
        claim_ids, lambda cid: workflow.assign(session, claim_id=cid, assignee=assignee, actor=actor)
    )


def bulk_priority(session: Session, *, claim_ids: list[int], priority: int, actor: User) -> BulkResult:
    """Set the priority (1..4) of each claim. :raise Forbidden: not an editor. :raise Invalid: bad priority."""
    require_role(actor, "edit", "set priorities")
    if isinstance(priority, bool) or priority not in PRIORITIES:
        raise Invalid("Choose a priority.", fields={"priority": "one of 1, 2, 3, 4"})
    return _each(claim_ids, lambda cid: _plan(session, cid, actor, priority=priority))


def bulk_due(session: Session, *, claim_ids: list[int], due_date: date | None, actor: User) -> BulkResult:
    """Set (or clear, with None) the due date of each claim. :raise Forbidden: not an editor."""
    require_role(actor, "edit", "set due dates")
    return _each(claim_ids, lambda cid: _plan(session, cid, actor, due_date=due_date))


def _plan(session: Session, claim_id: int, actor: User, **changes) -> None:
    claim = get_claim(session, claim_id=claim_id)
    update_claim(session, claim_id=claim_id, version=claim.version, actor=actor, **changes)


def _each(claim_ids: list[int], do) -> BulkResult:
    result = BulkResult()
    for claim_id in dict.fromkeys(claim_ids):
        try:
            do(claim_id)
        except DomainError as error:
            result.refused[claim_id] = error.message
        else:
            result.done.append(claim_id)
    return result

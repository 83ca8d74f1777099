"""The verdict CSV and the evidence CSV (API.md): one producer for the browser, the API and the CLI.

Both are generators of encoded chunks that open their own Session from the engine (so a response that streams
after the request has ended still has a live connection) and read the claims in keyset-paginated batches: memory
stays flat whether the file has ten rows or a million, and the BOM and header leave before the first query.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from ..db import read_engine
from ..models import Article, Claim, Evidence, Rating, Source, User, Verdict
from ..timeutil import iso
from .claim_filters import ClaimFilters

VERDICT_COLUMNS = (
    "claim_id",
    "article_id",
    "article_title",
    "article_url",
    "claim",
    "claimant",
    "status",
    "rating",
    "rating_label",
    "rationale",
    "reviewer",
    "approver",
    "published_at",
    "supporting_sources",
    "contradicting_sources",
    "context_sources",
)
EVIDENCE_COLUMNS = (
    "claim_id",
    "claim",
    "source_title",
    "publisher",
    "kind",
    "document_symbol",
    "url",
    "stance",
    "quote",
    "locator",
    "reliability",
    "added_by",
    "added_at",
)
# A spreadsheet treats a cell that starts with one of these as a formula (or mangles it): API.md's rule.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
BOM = "\ufeff"
BATCH_SIZE = 500
DEFAULT_STATUS = "published"  # API.md: an export without a status covers the published claims


def safe_cell(value: object) -> str:
    """One CSV cell as text, with a leading `'` when it would start a formula (API.md). None is empty."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_chunk(rows: Iterable[Iterable[object]]) -> bytes:
    """Rows written as RFC 4180 CSV (every field quoted, CRLF), each cell through safe_cell, UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _bind(source: Engine | Session) -> Engine:
    return source if isinstance(source, Engine) else source.get_bind()


def _source_label(title: str, url: str | None, symbol: str | None) -> str:
    where = url or symbol
    return f"{title} ({where})" if where else title


def _sources_by_claim(session: Session, claim_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    rows = (
        session.connection()
        .execute(  # Core rows: no ORM loading per row
            select(Evidence.claim_id, Evidence.stance, Source.title, Source.url, Source.document_symbol)
            .join(Source, Source.id == Evidence.source_id)
            .where(Evidence.claim_id.in_(claim_ids))
            .order_by(Evidence.claim_id, Evidence.id)
        )
        .all()
    )
    found: dict[int, dict[str, list[str]]] = {}
    for claim_id, stance, title, url, symbol in rows:
        labels = found.setdefault(claim_id, {}).setdefault(stance, [])
        label = _source_label(title, url, symbol)
        if label not in labels:  # one source quoted twice (two passages) is listed once
            labels.append(label)
    return found


def _verdict_query(filters: ClaimFilters, actor: User | None):
    reviewer = aliased(User)
    approver = aliased(User)
    query = (
        select(
            Claim.id,
            Claim.article_id,
            Article.title,
            Article.url,
            Claim.text,
            Claim.claimant,
            Claim.status,
            Rating.slug,
            Rating.label,
            Verdict.rationale,
            reviewer.username,
            approver.username,
            Verdict.decided_at,
            Verdict.state,
        )
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Verdict, Verdict.id == Claim.verdict_id)  # the current verdict (services.claims)
        .outerjoin(Rating, Rating.id == Verdict.rating_id)
        .outerjoin(reviewer, reviewer.id == Verdict.proposed_by_id)
        .outerjoin(approver, approver.id == Verdict.decided_by_id)
    )
    return filters.apply(query, actor=actor)


def claim_batches(session: Session, query, batch_size: int) -> Iterator[list]:
    """The rows of `query` (a select whose first column is `Claim.id`) in batches of `batch_size`, in claim id
    order, each fetched by keyset (`claim.id > the last one`): every batch costs the same however deep."""
    last_id = 0
    while True:
        batch = (
            session.connection()
            .execute(query.where(Claim.id > last_id).order_by(Claim.id).limit(batch_size))
            .all()
        )
        if not batch:
            return
        yield batch
        last_id = batch[-1][0]
        if len(batch) < batch_size:
            return


def _verdict_rows(
    session: Session, filters: ClaimFilters, actor: User | None, batch_size: int
) -> Iterator[bytes]:
    for batch in claim_batches(session, _verdict_query(filters, actor), batch_size):
        sources = _sources_by_claim(session, [row[0] for row in batch])
        rows = []
        for (
            cid,
            aid,
            title,
            url,
            text,
            claimant,
            status,
            slug,
            label,
            rationale,
            rev,
            appr,
            at,
            state,
        ) in batch:
            published = state == "published"
            by_stance = sources.get(cid, {})
            rows.append(
                (
                    cid,
                    aid,
                    title,
                    url,
                    text,
                    claimant,
                    status,
                    slug,
                    label,
                    rationale,
                    rev,
                    appr if published else None,
                    iso(at) if published else None,
                    " | ".join(by_stance.get("supports", ())),
                    " | ".join(by_stance.get("contradicts", ())),
                    " | ".join(by_stance.get("context", ())),
                )
            )
        yield csv_chunk(rows)


def _evidence_rows(
    session: Session, filters: ClaimFilters, actor: User | None, batch_size: int
) -> Iterator[bytes]:
    added_by = aliased(User)
    query = (
        select(
            Evidence.id,
            Claim.id,
            Claim.text,
            Source.title,
            Source.publisher,
            Source.kind,
            Source.document_symbol,
            Source.url,
            Evidence.stance,
            Evidence.quote,
            Evidence.locator,
            Source.reliability,
            added_by.username,
            Evidence.created_at,
        )
        .join(Claim, Claim.id == Evidence.claim_id)
        .join(Source, Source.id == Evidence.source_id)
        .outerjoin(added_by, added_by.id == Evidence.created_by_id)
    )
    # Driven by the evidence ids, in three single-minded steps per batch: the next `batch_size` evidence ids
    # (a range of the primary key), which of their claims the filters keep (a primary-key lookup of at most
    # that many claims), then the rows of the evidence kept. Asking at once for "the next rows that match"
    # lets the database start from the claims instead (say every published one) and sort them again at
    # every step: quadratic in the archive. This way every step costs the same and the whole is linear.
    last_id = 0
    while True:
        window = (
            session.connection()
            .execute(
                select(Evidence.id, Evidence.claim_id)
                .where(Evidence.id > last_id)
                .order_by(Evidence.id)
                .limit(batch_size)
            )
            .all()
        )
        if not window:
            return
        claim_ids = sorted({claim_id for _id, claim_id in window})
        kept = set(
            session.connection()
            .execute(filters.apply(select(Claim.id).where(Claim.id.in_(claim_ids)), actor=actor))
            .scalars()
        )
        wanted = [evidence_id for evidence_id, claim_id in window if claim_id in kept]
        if wanted:
            batch = (
                session.connection().execute(query.where(Evidence.id.in_(wanted)).order_by(Evidence.id)).all()
            )
            yield csv_chunk((*row[1:13], iso(row[13])) for row in batch)
        last_id = window[-1][0]
        if len(window) < batch_size:
            return


def _stream(engine: Engine, header: tuple[str, ...], body, filters: ClaimFilters, actor, batch_size: int):
    yield BOM.encode("utf-8") + csv_chunk([header])
    session = Session(engine)
    try:
        yield from body(session, filters, actor, batch_size)
    finally:
        session.close()  # also when the client goes away and the generator is closed early


def verdict_csv(
    source: Engine | Session,
    filters: ClaimFilters | None = None,
    *,
    actor: User | None = None,
    batch_size: int = BATCH_SIZE,
    **named,
) -> Iterator[bytes]:
    """The verdict CSV (API.md) as a generator of UTF-8 chunks: BOM and header first, then one row per claim
    in claim id order, each claim with its current verdict (services.claims): none, so no rating, while
    returned or reopened.

    Which claims: `filters` (services.claim_filters; `mine` means the claims `actor` holds), or the same
    given by name (`status="all"`, `rating="false"`, ...), where the status defaults to "published". The
    filters are checked before anything is produced, so an error is raised here, never in the middle of a
    download. The generator opens and closes its own Session on the engine (a Session passed in only lends
    its engine).
    :raise Invalid: a bad filter (unknown status, rating or assignee, a reversed date range, ...).
    """
    return _export(source, VERDICT_COLUMNS, _verdict_rows, batch_size, filters, actor, named)


def _export(
    source: Engine | Session, columns, row_maker, batch_size: int, filters, actor, named
) -> Iterator[bytes]:
    """Check the filters now (so a bad one raises before any byte), then stream the rows."""
    if filters is None:
        filters = ClaimFilters.of(default_status=DEFAULT_STATUS, **named)
    elif named:
        raise TypeError("give the filters either as a ClaimFilters or by name, not both")
    engine = read_engine(_bind(source))  # read-only: on SQLite, never hold the write lock while streaming
    with Session(engine) as session:
        filters.check(session, actor=actor)
    return _stream(engine, columns, row_maker, filters, actor, batch_size)


def evidence_csv(
    source: Engine | Session,
    filters: ClaimFilters | None = None,
    *,
    actor: User | None = None,
    batch_size: int = BATCH_SIZE,
    **named,
) -> Iterator[bytes]:
    """The evidence CSV: one row per claim-source link of the claims the same filters select as verdict_csv,
    in evidence order, with the same BOM, quoting and formula escaping.

    :raise Invalid: a bad filter, as verdict_csv.
    """
    return _export(source, EVIDENCE_COLUMNS, _evidence_rows, batch_size, filters, actor, named)

"""The verdict CSV and the evidence CSV (API.md): one producer for the browser, the API and the CLI.

Both are generators of encoded chunks that open their own Session from the engine (so a response that streams
after the request has ended still has a live connection) and read the claims in keyset-paginated batches: memory
stays flat whether the file has ten rows or a million, and the BOM and header leave before the first query.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from ..errors import Invalid
from ..models import STATUSES, Article, Claim, Evidence, Rating, Source, User, Verdict
from ..timeutil import iso

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


@dataclass(frozen=True)
class ExportFilters:
    """Which claims an export covers. status None means every status."""

    status: str | None = "published"
    article_id: int | None = None
    rating_id: int | None = None
    assignee_id: int | None = None
    q: str | None = None
    published_from: date | None = None
    published_to: date | None = None


def _bind(source: Engine | Session) -> Engine:
    return source if isinstance(source, Engine) else source.get_bind()


def resolve_filters(
    session: Session,
    *,
    status: str | None = "published",
    article_id: int | None = None,
    rating: str | None = None,
    assignee: str | None = None,
    q: str | None = None,
    published_from: date | None = None,
    published_to: date | None = None,
) -> ExportFilters:
    """Check the filters and turn names (rating slug, assignee username) into ids.

    :raise Invalid: unknown status, rating or assignee, or a date range that ends before it starts.
    """
    fields: dict[str, str] = {}
    status = status or "published"
    if status != "all" and status not in STATUSES:
        fields["status"] = "one of all, " + ", ".join(STATUSES)
    rating_id = None
    if rating:
        rating_id = session.exec(select(Rating.id).where(Rating.slug == rating)).first()
        if rating_id is None:
            fields["rating"] = f"no rating {rating!r} on the scale"
    assignee_id = None
    if assignee:
        assignee_id = session.exec(select(User.id).where(User.username == assignee)).first()
        if assignee_id is None:
            fields["assignee"] = f"no team member {assignee!r}"
    if published_from and published_to and published_to < published_from:
        fields["published_to"] = "ends before published_from"
    if fields:
        raise Invalid(
            "The export filters are not valid: " + "; ".join(f"{k}: {v}" for k, v in fields.items()),
            fields=fields,
        )
    return ExportFilters(
        status=None if status == "all" else status,
        article_id=article_id,
        rating_id=rating_id,
        assignee_id=assignee_id,
        q=(q or "").strip() or None,
        published_from=published_from,
        published_to=published_to,
    )


def filters_from_query(args: Mapping[str, str]) -> dict:
    """Keyword arguments for verdict_csv / evidence_csv from query parameters (web and API share this).

    :raise Invalid: article_id not a whole number, or a date not YYYY-MM-DD.
    """
    fields: dict[str, str] = {}
    out: dict = {"status": args.get("status") or "published"}
    raw_article = (args.get("article_id") or "").strip()
    if raw_article:
        if raw_article.isdigit():
            out["article_id"] = int(raw_article)
        else:
            fields["article_id"] = "not a whole number"
    for name in ("rating", "assignee", "q"):
        if args.get(name):
            out[name] = args[name]
    for name in ("published_from", "published_to"):
        raw = (args.get(name) or "").strip()
        if raw:
            try:
                out[name] = date.fromisoformat(raw)
            except ValueError:
                fields[name] = "a date (YYYY-MM-DD)"
    if fields:
        raise Invalid(
            "The export filters are not valid: " + "; ".join(f"{k}: {v}" for k, v in fields.items()),
            fields=fields,
        )
    return out


def _current_verdict_id():
    """Correlated subquery: the id of the claim's newest verdict (its current one)."""
    newest = aliased(Verdict)
    return select(func.max(newest.id)).where(newest.claim_id == Claim.id).correlate(Claim).scalar_subquery()


def _apply_filters(query, filters: ExportFilters):
    if filters.status:
        query = query.where(Claim.status == filters.status)
    if filters.article_id is not None:
        query = query.where(Claim.article_id == filters.article_id)
    if filters.rating_id is not None:
        query = query.where(Verdict.rating_id == filters.rating_id)
    if filters.assignee_id is not None:
        query = query.where(Claim.assignee_id == filters.assignee_id)
    if filters.q:
        query = query.where(
            or_(
                Claim.text.icontains(filters.q, autoescape=True),
                Claim.claimant.icontains(filters.q, autoescape=True),
            )
        )
    if filters.published_from or filters.published_to:
        query = query.where(Verdict.state == "published")
        if filters.published_from:
            query = query.where(Verdict.decided_at >= datetime.combine(filters.published_from, time(), UTC))
        if filters.published_to:
            end = datetime.combine(filters.published_to + timedelta(days=1), time(), UTC)
            query = query.where(Verdict.decided_at < end)
    return query


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


def _verdict_query(filters: ExportFilters):
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
        .outerjoin(Verdict, Verdict.id == _current_verdict_id())
        .outerjoin(Rating, Rating.id == Verdict.rating_id)
        .outerjoin(reviewer, reviewer.id == Verdict.proposed_by_id)
        .outerjoin(approver, approver.id == Verdict.decided_by_id)
    )
    return _apply_filters(query, filters)


def _verdict_rows(session: Session, filters: ExportFilters, batch_size: int) -> Iterator[bytes]:
    query = _verdict_query(filters)
    last_id = 0
    while True:
        batch = (
            session.connection()
            .execute(query.where(Claim.id > last_id).order_by(Claim.id).limit(batch_size))
            .all()
        )
        if not batch:
            return
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
        last_id = batch[-1][0]
        if len(batch) < batch_size:
            return


def _evidence_rows(session: Session, filters: ExportFilters, batch_size: int) -> Iterator[bytes]:
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
    if filters.rating_id is not None or filters.published_from or filters.published_to:
        query = query.outerjoin(Verdict, Verdict.id == _current_verdict_id())
    query = _apply_filters(query, filters)
    last_id = 0
    while True:
        batch = (
            session.connection()
            .execute(query.where(Evidence.id > last_id).order_by(Evidence.id).limit(batch_size))
            .all()
        )
        if not batch:
            return
        yield csv_chunk((*row[1:13], iso(row[13])) for row in batch)
        last_id = batch[-1][0]
        if len(batch) < batch_size:
            return


def _stream(engine: Engine, header: tuple[str, ...], body, filters: ExportFilters, batch_size: int):
    yield BOM.encode("utf-8") + csv_chunk([header])
    session = Session(engine)
    try:
        yield from body(session, filters, batch_size)
    finally:
        session.close()  # also when the client goes away and the generator is closed early


def verdict_csv(
    source: Engine | Session,
    *,
    status: str | None = "published",
    article_id: int | None = None,
    rating: str | None = None,
    assignee: str | None = None,
    q: str | None = None,
    published_from: date | None = None,
    published_to: date | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[bytes]:
    """The verdict CSV (API.md) as a generator of UTF-8 chunks: BOM and header first, then one row per claim
    in claim id order, each claim with its current (newest) verdict.

    status: a claim status, or "all" (default "published"). The filters are checked before anything is
    produced, so an error is raised here, never in the middle of a download. The generator opens and closes
    its own Session on the engine (a Session passed in only lends its engine).
    :raise Invalid: unknown status, rating or assignee, or a reversed date range.
    """
    return _export(
        source,
        VERDICT_COLUMNS,
        _verdict_rows,
        batch_size,
        status=status,
        article_id=article_id,
        rating=rating,
        assignee=assignee,
        q=q,
        published_from=published_from,
        published_to=published_to,
    )


def _export(source: Engine | Session, columns, row_maker, batch_size: int, **filters) -> Iterator[bytes]:
    """Check the filters now (so a bad one raises before any byte), then stream the rows."""
    engine = _bind(source)
    with Session(engine) as session:
        resolved = resolve_filters(session, **filters)
    return _stream(engine, columns, row_maker, resolved, batch_size)


def evidence_csv(
    source: Engine | Session,
    *,
    status: str | None = "published",
    article_id: int | None = None,
    rating: str | None = None,
    assignee: str | None = None,
    q: str | None = None,
    published_from: date | None = None,
    published_to: date | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[bytes]:
    """The evidence CSV: one row per claim-source link of the claims the same filters select as verdict_csv,
    in evidence order, with the same BOM, quoting and formula escaping.

    :raise Invalid: unknown status, rating or assignee, or a reversed date range.
    """
    return _export(
        source,
        EVIDENCE_COLUMNS,
        _evidence_rows,
        batch_size,
        status=status,
        article_id=article_id,
        rating=rating,
        assignee=assignee,
        q=q,
        published_from=published_from,
        published_to=published_to,
    )

"""The `similar` CSV: one row per claim an editor linked to an earlier verdict ("same as #N").

A separate file, so the verdict CSV's columns (API.md) stay as they are. Same producer habits as
services.exports: the claim filters (the status defaults to every status: a claim linked by reference is often
still open), keyset batches on a read-only session, BOM, every field quoted, formula starts escaped.
"""

from collections.abc import Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from ..models import Claim, Rating, User, Verdict
from ..timeutil import iso
from .claim_filters import ALL, ClaimFilters
from .exports import BATCH_SIZE, _export, claim_batches, csv_chunk

SIMILAR_COLUMNS = (
    "claim_id",
    "article_id",
    "claim",
    "status",
    "same_as_claim_id",
    "same_as_claim",
    "same_as_status",
    "same_as_rating",
    "same_as_rating_label",
    "same_as_published_at",
)
DEFAULT_STATUS = ALL


def _rows(session: Session, filters: ClaimFilters, actor: User | None, batch_size: int) -> Iterator[bytes]:
    earlier = aliased(Claim)
    query = filters.apply(
        select(
            Claim.id,
            Claim.article_id,
            Claim.text,
            Claim.status,
            earlier.id,
            earlier.text,
            earlier.status,
            Rating.slug,
            Rating.label,
            Verdict.decided_at,
            Verdict.state,
        )
        .join(earlier, earlier.id == Claim.same_as_id)
        .outerjoin(Verdict, Verdict.id == earlier.verdict_id)  # the earlier claim's current verdict
        .outerjoin(Rating, Rating.id == Verdict.rating_id),
        actor=actor,
    )
    for batch in claim_batches(session, query, batch_size):
        yield csv_chunk((*row[:9], iso(row[9]) if row[10] == "published" else None) for row in batch)


def similar_csv(
    source: Engine | Session,
    filters: ClaimFilters | None = None,
    *,
    actor: User | None = None,
    batch_size: int = BATCH_SIZE,
    **named,
) -> Iterator[bytes]:
    """The `similar` CSV as UTF-8 chunks: each linked claim the filters keep, in claim id order, with the
    earlier claim it repeats and that claim's current verdict (`same_as_published_at` once published).

    :raise Invalid: a bad filter (as services.exports.verdict_csv).
    """
    if filters is None:
        filters = ClaimFilters.of(default_status=DEFAULT_STATUS, **named)
        named = {}
    return _export(source, SIMILAR_COLUMNS, _rows, batch_size, filters, actor, named)

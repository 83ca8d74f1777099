"""The queue's count per status: over the whole archive it is read as plain counts (the archive's size, and
each status but "published", which is the difference); filtered, as a GROUP BY. Both must give what a
GROUP BY over the matching claims gives."""

import pytest
from sqlalchemy import func
from sqlmodel import select

from factcheck.models import STATUSES, Claim
from factcheck.services import queue
from factcheck.services.claim_filters import ClaimFilters

from .workflow_helpers import make_article, make_claim


def grouped(db, filters: ClaimFilters, actor=None) -> dict[str, int]:
    query = filters.apply(select(Claim.status, func.count()).group_by(Claim.status), actor=actor)
    return {status: 0 for status in STATUSES} | dict(db.exec(query).all())


def test_counts_per_status_match_a_group_by_with_and_without_filters(db, team):
    assert queue.status_counts(db, filters=ClaimFilters()) == dict.fromkeys(STATUSES, 0)
    article = make_article(db, team["reviewer"])
    plan = {"open": 3, "in_progress": 2, "in_review": 1, "published": 4, "not_checkable": 1}
    for status, many in plan.items():
        for n in range(many):
            make_claim(
                db, team["reviewer"], status=status, article_id=article.id, text=f"{status} claim {n}."
            )
    unfiltered = queue.status_counts(db, filters=ClaimFilters())
    assert unfiltered == plan == grouped(db, ClaimFilters())
    page = queue.list_claims(db)
    assert page.counts == plan and page.total == sum(plan.values())
    for filters in (
        ClaimFilters(rating="false"),
        ClaimFilters(assignee="none"),
        ClaimFilters(priority=2),
        ClaimFilters(q="review claim"),  # the text search keeps the GROUP BY
        ClaimFilters(article_id=article.id, priority=2),
    ):
        assert queue.status_counts(db, filters=filters) == grouped(db, filters), filters
    mine = ClaimFilters(mine=True)
    held = queue.status_counts(db, filters=mine, actor=team["reviewer"])
    assert held == grouped(db, mine, team["reviewer"]) and held["open"] == 0 < held["in_progress"]


def test_the_text_search_reads_the_trigram_indexes_on_postgresql(db, team):
    """PostgreSQL's pg_trgm indexes (migration 0009) are on lower(text) and lower(coalesce(claimant, '')): the
    search must compare those expressions for the planner to use them (an ILIKE on the bare column read every
    claim). A word with no run of three letters or digits gives pg_trgm no trigram and is not sent to it."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plan")
    article = make_article(db, team["reviewer"])
    for text in ("Malakal camp grew.", "Goma 50% figure.", "Nothing here."):
        make_claim(db, team["reviewer"], article_id=article.id, text=text)

    def plan(q: str) -> str:
        query = ClaimFilters(q=q).apply(select(Claim.id))
        sql = str(query.compile(db.get_bind(), compile_kwargs={"literal_binds": True}))
        connection = db.connection()
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a few rows: it would read them all
        return "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + sql))

    assert "ix_claim_text_trigram" in plan("alakal") and "ix_claim_claimant_trigram" in plan("alakal")
    assert "trigram" not in plan("50%")
    for q, found in (("alakal", 1), ("MALAKAL camp", 1), ("50%", 1), ("5_%", 0), ("camp goma", 0)):
        assert queue.list_claims(db, filters=ClaimFilters(q=q)).total == found, q

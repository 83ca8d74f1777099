"""Arranging claims in any lifecycle state for the workflow, queue and API tests."""

from sqlmodel import Session

from factcheck.models import Claim, Evidence, Source, User, Verdict
from factcheck.services import articles, claims, workflow
from factcheck.services.ratings import get_rating
from factcheck.timeutil import utcnow

ARTICLE_TEXT = (
    "The council said 300 homes were built last year.\n\n"
    "A report by the housing agency said rents rose by 12 percent. Critics disagreed."
)


def make_article(db: Session, actor: User, title: str = "Housing"):
    return articles.create_article(db, title=title, text=ARTICLE_TEXT, actor=actor)


def make_claim(
    db: Session,
    actor: User,
    *,
    status: str = "open",
    holder: User | None = None,
    proposer: User | None = None,
    approver: User | None = None,
    rating: str = "false",
    evidence: tuple[str, ...] = ("contradicts",),
    article_id: int | None = None,
    priority: int = 2,
    text: str = "Rents rose by 12 percent.",
) -> Claim:
    """A claim in `status`, arranged directly in the database (not through the moves under test)."""
    if article_id is None:
        article_id = make_article(db, actor).id
    claim = claims.create_claim(db, article_id=article_id, text=text, actor=actor, priority=priority)
    for stance in evidence:
        add_evidence(db, claim, actor, stance)
    claim.status = status
    if status == "in_progress":
        claim.assignee_id = (holder or actor).id
    if status in ("in_review", "published"):
        by = proposer or holder or actor
        claim.assignee_id = by.id
        published = status == "published"
        insert_verdict(
            db,
            claim,
            rating_id=get_rating(db, slug=rating).id,
            rationale="Because the agency's own table says so.",
            proposed_by_id=by.id,
            state="published" if published else "proposed",
            decided_by_id=(approver or actor).id if published else None,
            decided_at=utcnow() if published else None,
        )
    db.add(claim)
    db.commit()
    return claim


def insert_verdict(db: Session, claim: Claim, **fields) -> Verdict:
    """A verdict row on `claim` written straight into the database (not through a move), keeping the claim's
    current verdict right the way the workflow does. Every test factory that makes verdicts goes through here.
    Commits."""
    verdict = Verdict(claim_id=claim.id, **fields)
    db.add(verdict)
    workflow.settle_current_verdict(db, claim)
    db.add(claim)
    db.commit()
    return verdict


def add_evidence(db: Session, claim: Claim, actor: User, stance: str) -> Evidence:
    source = Source(title=f"Agency table ({stance})", url="https://example.org/table", created_by_id=actor.id)
    db.add(source)
    db.flush()
    row = Evidence(
        claim_id=claim.id, source_id=source.id, stance=stance, quote="p. 4", created_by_id=actor.id
    )
    db.add(row)
    db.commit()
    return row

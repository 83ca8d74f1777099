"""Test factory for exports and reports: published claims made directly with the models, not the workflow.

(Named test_exports_* so it sits with the export tests; it holds no tests itself.)
"""

from datetime import datetime

from sqlmodel import Session, select

from factcheck.models import Claim, Evidence, Rating, Source, User, Verdict
from factcheck.services import articles, claims
from factcheck.timeutil import utcnow

from .workflow_helpers import insert_verdict


def make_article(db: Session, actor: User, *, title="Report on recruits", text=None, **kw):
    text = text or "The panel said 500 fighters were sent. Officials denied it. Prices rose 3% in May."
    return articles.create_article(db, title=title, text=text, actor=actor, **kw)


def make_source(db: Session, *, title="UN panel report", url=None, symbol=None, **kw) -> Source:
    source = Source(title=title, url=url, document_symbol=symbol, **kw)
    db.add(source)
    db.commit()
    return source


def rating_id(db: Session, slug: str) -> int:
    return db.exec(select(Rating.id).where(Rating.slug == slug)).one()


def make_claim(db: Session, article, actor: User, text: str, *, status="open", **kw) -> Claim:
    claim = claims.create_claim(db, article_id=article.id, text=text, actor=actor, **kw)
    if status != "open":
        claim.status = status
        db.add(claim)
        db.commit()
    return claim


def add_verdict(
    db: Session,
    claim: Claim,
    *,
    rating: str,
    reviewer: User,
    approver: User | None = None,
    state: str = "published",
    rationale: str = "Checked against the sources.",
    decided_at: datetime | None = None,
    correction_note: str = "",
) -> Verdict:
    return insert_verdict(
        db,
        claim,
        rating_id=rating_id(db, rating),
        rationale=rationale,
        state=state,
        proposed_by_id=reviewer.id,
        decided_by_id=approver.id if approver else None,
        decided_at=(decided_at or utcnow()) if approver else None,
        correction_note=correction_note,
    )


def link(
    db: Session, claim: Claim, source: Source, stance: str, *, quote="", locator="", actor=None
) -> Evidence:
    evidence = Evidence(
        claim_id=claim.id,
        source_id=source.id,
        stance=stance,
        quote=quote,
        locator=locator,
        created_by_id=actor.id if actor else None,
    )
    db.add(evidence)
    db.commit()
    return evidence


def publish(
    db: Session,
    article,
    text: str,
    *,
    reviewer: User,
    approver: User,
    rating: str = "false",
    rationale: str = "Checked against the sources.",
    decided_at: datetime | None = None,
    created_at: datetime | None = None,
    **claim_kw,
) -> Claim:
    """A claim with status "published" whose newest verdict is the published one (opened at `created_at`)."""
    claim = make_claim(db, article, reviewer, text, **claim_kw)
    if created_at is not None:
        claim.created_at = created_at
    add_verdict(
        db,
        claim,
        rating=rating,
        reviewer=reviewer,
        approver=approver,
        rationale=rationale,
        decided_at=decided_at,
    )
    claim.status = "published"
    db.add(claim)
    db.commit()
    return claim


def offsets(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part)}

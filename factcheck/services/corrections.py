"""The public correction log: published verdicts that a later correction superseded."""

import json

from sqlmodel import Session, select

from ..models import AuditEvent, Claim, Rating, User, Verdict


def corrections(session: Session, *, article_id: int | None = None) -> list[dict]:
    """Every superseded (once published) verdict with its correction note, newest first.

    Each item: `{claim_id, article_id, claim, current_claim, rating, rating_label, rationale, proposed_by,
    published_at, note, corrected_at, corrected_by}` (times aware UTC datetimes, people by display name).
    `claim` is the wording the verdict was published on (kept by the reopen); `current_claim` is the claim's
    wording now, or None when it is unchanged. Only verdicts that were published and then reopened appear;
    returned proposals never do.
    """
    query = (
        select(Verdict, Claim, Rating)
        .join(Claim, Claim.id == Verdict.claim_id)
        .join(Rating, Rating.id == Verdict.rating_id)
        .where(Verdict.state == "superseded")
        .order_by(Verdict.id.desc())
    )
    if article_id is not None:
        query = query.where(Claim.article_id == article_id)
    items = []
    for verdict, claim, rating in session.exec(query).all():
        event = _reopen_event(session, verdict)
        published_text = _after(event).get("published_text") or claim.text
        items.append(
            {
                "claim_id": claim.id,
                "article_id": claim.article_id,
                "claim": published_text,
                "current_claim": claim.text if claim.text != published_text else None,
                "rating": rating.slug,
                "rating_label": rating.label,
                "rationale": verdict.rationale,
                "proposed_by": _name(session, verdict.proposed_by_id),
                "published_at": verdict.decided_at,
                "note": verdict.correction_note,
                "corrected_at": event.at if event else None,
                "corrected_by": _name(session, event.actor_id) if event else None,
            }
        )
    return items


def _reopen_event(session: Session, verdict: Verdict) -> AuditEvent | None:
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.claim_id == verdict.claim_id, AuditEvent.action == "claim.reopen")
        .order_by(AuditEvent.id)
    ).all()
    for event in events:
        if _after(event).get("superseded_verdict_id") == verdict.id:
            return event
    return None


def _after(event: AuditEvent | None) -> dict:
    return json.loads(event.after) if event is not None and event.after else {}


def _name(session: Session, user_id: int | None) -> str | None:
    user = session.get(User, user_id) if user_id else None
    return user.name if user else None

"""The public correction log: published verdicts that a later correction superseded."""

import json

from sqlmodel import Session, select

from ..models import AuditEvent, Claim, Rating, Verdict
from .users import display_names


def corrections(session: Session, *, article_id: int | None = None, with_names: bool = True) -> list[dict]:
    """Every superseded (once published) verdict with its correction note, newest first.

    Each item: `{claim_id, article_id, claim, current_claim, rating, rating_label, rationale, proposed_by,
    published_at, note, corrected_at, corrected_by, reopened}` (times aware UTC datetimes, people by display
    name; `reopened`: the claim is being checked again, not published now).
    `claim` is the wording the verdict was published on (kept by the reopen); `current_claim` is the claim's
    wording now, or None when it is unchanged. Only verdicts that were published and then reopened appear;
    returned proposals never do. Without `with_names`, `proposed_by` and `corrected_by` are None (one
    statement fewer, for a page that shows no names).
    """
    query = (
        select(Verdict, Claim, Rating)
        .join(Claim, Claim.id == Verdict.claim_id)
        .join(Rating, Rating.id == Verdict.rating_id)
        .where(Verdict.state == "superseded")
        .order_by(Verdict.id.desc())
    )
    superseded = select(Verdict.claim_id).where(Verdict.state == "superseded")
    if article_id is not None:
        query = query.where(Claim.article_id == article_id)
        superseded = superseded.join(Claim, Claim.id == Verdict.claim_id).where(
            Claim.article_id == article_id
        )
    rows = session.exec(query).all()
    events = _reopen_events(session, superseded) if rows else {}
    found = {verdict.id: _reopen_event(events.get(verdict.claim_id, ()), verdict) for verdict, *_ in rows}
    names = (
        display_names(
            session,
            {verdict.proposed_by_id for verdict, *_ in rows}
            | {event.actor_id for event in found.values() if event is not None},
        )
        if with_names
        else {}
    )
    items = []
    for verdict, claim, rating in rows:
        event = found[verdict.id]
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
                "proposed_by": names.get(verdict.proposed_by_id),
                "published_at": verdict.decided_at,
                "note": verdict.correction_note,
                "corrected_at": event.at if event else None,
                "corrected_by": names.get(event.actor_id) if event else None,
                "reopened": claim.status != "published",
            }
        )
    return items


def _reopen_events(session: Session, claim_ids) -> dict[int, list[AuditEvent]]:
    """The `claim.reopen` events of the claims `claim_ids` (a subquery) selects, oldest first, by claim: one
    statement however many corrections the log holds (it was one per correction, and two more for names)."""
    events: dict[int, list[AuditEvent]] = {}
    for event in session.exec(
        select(AuditEvent)
        .where(AuditEvent.claim_id.in_(claim_ids), AuditEvent.action == "claim.reopen")
        .order_by(AuditEvent.id)
    ).all():
        events.setdefault(event.claim_id, []).append(event)
    return events


def _reopen_event(events, verdict: Verdict) -> AuditEvent | None:
    """Of its claim's reopen events, the first that superseded `verdict`."""
    for event in events:
        if _after(event).get("superseded_verdict_id") == verdict.id:
            return event
    return None


def _after(event: AuditEvent | None) -> dict:
    return json.loads(event.after) if event is not None and event.after else {}

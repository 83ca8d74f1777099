"""Writing and reading the append-only history."""

import json
from typing import Any

from sqlmodel import Session, select

from ..models import AuditEvent, User
from ..timeutil import iso


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int | None,
    claim_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Add one audit event to the session (committed with the change it describes)."""
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        claim_id=claim_id,
        before=_dump(before),
        after=_dump(after),
    )
    session.add(event)
    return event


def claim_history(session: Session, *, claim_id: int) -> list[dict]:
    """Every event about one claim, oldest first, as `{at, actor, action, before, after}`."""
    rows = session.exec(
        select(AuditEvent, User.username)
        .join(User, User.id == AuditEvent.actor_id, isouter=True)
        .where(AuditEvent.claim_id == claim_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    return [event_dict(event, username) for event, username in rows]


def event_dict(event: AuditEvent, username: str | None) -> dict:
    return {
        "id": event.id,
        "at": iso(event.at),
        "actor": username,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "before": json.loads(event.before) if event.before else None,
        "after": json.loads(event.after) if event.after else None,
    }

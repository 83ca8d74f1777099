"""The rules every writer of a claim shares: who may change its content now, and its version stamp.

Kept apart from services.claims and services.workflow so that articles (re-anchoring), claims (edits),
evidence and the workflow all import one definition without importing each other.
"""

from sqlmodel import Session

from ..errors import Conflict, Forbidden, Invalid
from ..models import Claim, User
from ..timeutil import iso, utcnow
from .roles import may, require_role

STATUS_LABELS = {
    "open": "open",
    "in_progress": "in progress",
    "in_review": "in review",
    "published": "published",
    "not_checkable": "not checkable",
}

# A claim in one of these states is the desk's word in public (published) or its decision not to check it:
# its wording, claimant, anchor and evidence are frozen until an editor reopens it, which the history and
# the public corrections list record.
FROZEN_STATES = ("published", "not_checkable")
_REOPEN_MOVE = {"published": "reopen it for correction", "not_checkable": "reopen it"}


def _refusal(claim: Claim, actor: User | None) -> str | None:
    """Why `actor` may not change `claim`'s content now ("role", "frozen", "in_review"), or None: the rule
    itself, decided without the database (check_content_change words the refusal)."""
    if not may(actor, "write"):
        return "role"
    if claim.status in FROZEN_STATES:
        return "frozen"
    if claim.status == "in_review" and claim.assignee_id != actor.id and not may(actor, "edit"):
        return "in_review"
    return None


def check_content_change(session: Session, claim: Claim, actor: User | None, what: str) -> None:
    """May `actor` change `claim`'s wording, claimant, anchor or evidence now? `what` names the change.

    Published and not-checkable claims are frozen (only a reopen thaws them); a claim in review may be
    changed only by the reviewer who holds it and by editors, so nobody rewrites a verdict under review.
    :raise Forbidden: a viewer, or someone else's claim in review.
    :raise Conflict: the claim is frozen (code `claim_frozen`).
    """
    refusal = _refusal(claim, actor)
    if refusal == "role":
        require_role(actor, "write", what)
    if refusal == "frozen":
        raise Conflict(
            f"Claim {claim.id} is {STATUS_LABELS[claim.status]}: its wording, claimant, anchor and evidence "
            f"are frozen. An editor must {_REOPEN_MOVE[claim.status]} first, which the history and the "
            "public corrections list record.",
            code="claim_frozen",
        )
    if refusal == "in_review":
        holder = session.get(User, claim.assignee_id) if claim.assignee_id else None
        raise Forbidden(
            f"Claim {claim.id} is in review: only {holder.name if holder else 'its reviewer'} or an editor "
            f"may {what} now.",
            code="claim_in_review",
        )


def may_change_content(session: Session, claim: Claim, actor: User | None) -> bool:
    """Whether `check_content_change` would let `actor` change `claim` now (to show or hide controls).
    Sends no statement (the split screen asks it for every claim of the article)."""
    return _refusal(claim, actor) is None


def check_version(session: Session, claim: Claim, version) -> None:
    """:raise Conflict: `version` is not the claim's current version (someone saved meanwhile)."""
    if isinstance(version, bool) or not isinstance(version, int):
        raise Invalid(
            "Send the version you based your change on.", fields={"version": "required, a whole number"}
        )
    if version != claim.version:
        who = session.get(User, claim.updated_by_id) if claim.updated_by_id else None
        name = who.name if who else "someone"
        raise Conflict(
            f"This claim was changed by {name} at {iso(claim.updated_at)} (version {claim.version}; "
            f"you edited version {version}). Reload to see their change; yours was not saved.",
            fields={"version": f"current version is {claim.version}"},
            code="stale_version",
        )


def touch(claim: Claim, actor: User) -> None:
    """Mark a claim as changed by `actor` now: bumps the version used for optimistic locking."""
    claim.version += 1
    claim.updated_at = utcnow()
    claim.updated_by_id = actor.id

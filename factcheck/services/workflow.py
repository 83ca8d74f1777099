"""The claim lifecycle: one explicit state machine used by the browser, the API and the CLI.

`TRANSITIONS` is DOMAIN.md's lifecycle table as data: (action, from, to, capability, who may). Each public
move loads the claim (locked on PostgreSQL), checks role, version, state and the finer rules, applies the
change, bumps the claim's version, writes one audit event with before/after and commits. A refused move
raises Forbidden (wrong role, not the holder, own verdict), Conflict (wrong state, stale version) or
Invalid (missing rating, rationale, evidence, comment) with a message saying why; nothing is half-written.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, select

from ..errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from ..models import Claim, Comment, Evidence, Rating, User, Verdict
from ..models.claims import MAX_COMMENT
from ..models.verdicts import MAX_NOTE, MAX_RATIONALE, MAX_REASON
from ..timeutil import utcnow
from . import audit, inbox
from .claim_rules import (  # noqa: F401  (part of this module's surface)
    FROZEN_STATES,
    STATUS_LABELS,
    check_content_change,
    check_version,
    may_change_content,
    touch,
)
from .claims import CURRENT_VERDICT_STATES, current_verdict, get_claim, update_claim
from .ratings import get_rating
from .roles import may, require_role


@dataclass(frozen=True)
class Transition:
    """One row of the lifecycle table."""

    action: str
    source: str
    target: str
    capability: str  # permissions.CAPABILITIES key: write (reviewer+) or edit (editor+)
    who: str  # any | holder | holder_or_editor | not_proposer
    label: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition("take", "open", "in_progress", "write", "any", "Take"),
    Transition("assign", "open", "in_progress", "edit", "any", "Assign"),
    Transition("assign", "in_progress", "in_progress", "edit", "any", "Reassign"),
    Transition("release", "in_progress", "open", "write", "holder_or_editor", "Release"),
    Transition("propose", "in_progress", "in_review", "write", "holder", "Propose verdict"),
    Transition("return", "in_review", "in_progress", "edit", "any", "Return"),
    Transition("approve", "in_review", "published", "edit", "not_proposer", "Approve"),
    Transition("reopen", "published", "in_progress", "edit", "any", "Reopen for correction"),
    Transition("not_checkable", "open", "not_checkable", "write", "any", "Not checkable"),
    Transition("not_checkable", "in_progress", "not_checkable", "write", "holder_or_editor", "Not checkable"),
    Transition("reopen_not_checkable", "not_checkable", "open", "edit", "any", "Reopen"),
)
ACTIONS = tuple(dict.fromkeys(t.action for t in TRANSITIONS))
_CAPABILITY = {t.action: t.capability for t in TRANSITIONS}
_VERBS = {
    "take": "take a claim",
    "assign": "assign a claim",
    "release": "release a claim",
    "propose": "propose a verdict",
    "return": "return a verdict",
    "approve": "approve a verdict",
    "reopen": "reopen a published verdict",
    "not_checkable": "mark a claim not checkable",
    "reopen_not_checkable": "reopen a not-checkable claim",
}


class VerdictContradictsEvidence(Invalid):
    """The proposed rating goes against the claim's evidence: a warning the reviewer may override."""

    code = "verdict_contradicts_evidence"


# --- checking a move ---------------------------------------------------------------------------


def _role_check(action: str, actor: User) -> None:
    if action not in _CAPABILITY:
        raise NotFound(f"There is no workflow action {action!r}.")
    require_role(actor, _CAPABILITY[action], _VERBS[action])


def transition_for(action: str, status: str) -> Transition | None:
    """The table row for `action` from `status`, if that move exists."""
    for row in TRANSITIONS:
        if row.action == action and row.source == status:
            return row
    return None


def check_move(session: Session, claim: Claim, action: str, actor: User) -> Transition:
    """The transition `actor` may make with `action` on `claim` now (input checks aside).

    :raise NotFound: unknown action.
    :raise Forbidden: wrong role, not the holder, or approving one's own verdict.
    :raise Conflict: the claim is not in a state this action starts from.
    """
    _role_check(action, actor)
    row = transition_for(action, claim.status)
    if row is None:
        sources = [STATUS_LABELS[t.source] for t in TRANSITIONS if t.action == action]
        raise Conflict(
            f"Cannot {_VERBS[action]}: claim {claim.id} is {STATUS_LABELS.get(claim.status, claim.status)}, "
            f"and this needs it to be {' or '.join(sources)}.",
            code="wrong_state",
        )
    holder = claim.assignee_id == actor.id
    if row.who == "holder" and not holder:
        raise Forbidden(f"Only the reviewer holding claim {claim.id} may {_VERBS[action]}; take it first.")
    if row.who == "holder_or_editor" and not holder and not may(actor, "edit"):
        raise Forbidden(
            f"Claim {claim.id} is held by someone else: only they or an editor may {_VERBS[action]}."
        )
    if row.who == "not_proposer":
        verdict = _verdict_in_state(session, claim, "proposed")
        if verdict is not None and verdict.proposed_by_id == actor.id:
            raise Forbidden(
                "You proposed this verdict, so someone else must approve it (four eyes).", code="own_verdict"
            )
    return row


def allowed_actions(session: Session, claim: Claim, actor: User | None) -> list[str]:
    """The actions `actor` could take on `claim` now (before any input checks), in table order."""
    if actor is None:
        return []
    allowed = []
    for action in ACTIONS:
        try:
            check_move(session, claim, action, actor)
        except DomainError:
            continue
        allowed.append(action)
    return allowed


# --- running a move ----------------------------------------------------------------------------

T = TypeVar("T")


def run_with_retry(session: Session, attempt: Callable[[], T], *, tries: int = 12) -> T:
    """Run `attempt` (which commits) again when the database reports contention, never failing on it.

    SQLite answers a write on a stale snapshot with "database is locked"; PostgreSQL may report a
    deadlock or serialisation failure. Each retry starts a fresh transaction. A DomainError rolls
    back and propagates (nothing half-written).
    """
    for number in range(tries):
        try:
            return attempt()
        except DomainError:
            session.rollback()
            raise
        except (OperationalError, DBAPIError) as error:
            session.rollback()
            if number == tries - 1 or not _is_contention(error):
                raise
            time.sleep(0.01 * (number + 1))
        except Exception:
            session.rollback()
            raise
    raise AssertionError("unreachable")


def _is_contention(error: DBAPIError) -> bool:
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    if code in ("40001", "40P01", "55P03"):
        return True
    text = str(error.orig).lower()
    return "locked" in text or "busy" in text


def snapshot(session: Session, claim: Claim) -> dict:
    """The audited state of a claim: status, assignee (username) and its current verdict's rating (slug)."""
    session.flush()
    assignee = session.get(User, claim.assignee_id) if claim.assignee_id else None
    verdict = current_verdict(session, claim)
    rating = session.get(Rating, verdict.rating_id) if verdict else None
    return {
        "status": claim.status,
        "assignee": assignee.username if assignee else None,
        "rating": rating.slug if rating else None,
    }


def settle_current_verdict(session: Session, claim: Claim) -> None:
    """Point `claim.verdict_id` at the claim's current verdict (services.claims: its newest proposed or
    published verdict), or None when it has none; and copy its figures the queue and the dashboard count by:
    `rating_id`, and while it is published, `published_at` (its decision) and `hours_to_publish` (from the
    claim's creation).

    The one writer of those columns: every move runs it after changing verdicts (propose, return, approve,
    reopen), and so must anything else that adds a verdict row or changes a verdict's state.
    """
    session.flush()
    verdict = session.exec(
        select(Verdict)
        .where(Verdict.claim_id == claim.id, Verdict.state.in_(CURRENT_VERDICT_STATES))
        .order_by(Verdict.id.desc())
    ).first()
    published = verdict is not None and verdict.state == "published" and verdict.decided_at is not None
    claim.verdict_id = verdict.id if verdict else None
    claim.rating_id = verdict.rating_id if verdict else None
    claim.published_at = verdict.decided_at if published else None
    claim.hours_to_publish = (
        (verdict.decided_at - claim.created_at).total_seconds() / 3600 if published else None
    )


def _move(
    session: Session,
    *,
    claim_id: int,
    action: str,
    actor: User,
    version: int | None,
    apply: Callable[[Claim, Transition], dict | None] | None = None,
) -> Claim:
    _role_check(action, actor)

    def attempt() -> Claim:
        claim = get_claim(session, claim_id=claim_id, for_update=True)
        if version is not None:
            check_version(session, claim, version)
        row = check_move(session, claim, action, actor)
        before = snapshot(session, claim)
        extra = apply(claim, row) if apply else None
        settle_current_verdict(session, claim)
        claim.status = row.target
        touch(claim, actor)
        after = snapshot(session, claim) | (extra or {})
        audit.record(
            session,
            actor=actor,
            action=f"claim.{action}",
            object_type="claim",
            object_id=claim.id,
            claim_id=claim.id,
            before=before,
            after=after,
        )
        session.commit()
        return claim

    return run_with_retry(session, attempt)


def _text(value, name: str, limit: int, *, required: bool = True, what: str = "") -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise Invalid(what or f"A {name} is required.", fields={name: "required"})
    if len(text) > limit:
        raise Invalid(f"The {name} is too long (at most {limit} characters).", fields={name: "too long"})
    return text


def _comment(session: Session, claim: Claim, actor: User, body: str, kind: str) -> None:
    session.add(Comment(claim_id=claim.id, author_id=actor.id, body=body, kind=kind))


def _verdict_in_state(session: Session, claim: Claim, state: str) -> Verdict | None:
    return session.exec(
        select(Verdict)
        .where(Verdict.claim_id == claim.id, Verdict.state == state)
        .order_by(Verdict.id.desc())
    ).first()


def assignable_people(session: Session) -> list[User]:
    """Everyone a claim may be assigned to: active reviewers, editors and admins, by username."""
    return assignable(session.exec(select(User).where(User.active.is_(True)).order_by(User.username)).all())


def assignable(users: list[User]) -> list[User]:
    """Those of `users` a claim may be assigned to (active, and may write), in the order given: for a caller
    that has read the team already."""
    return [user for user in users if user.active and may(user, "write")]


def assignable_user(session: Session, username) -> User:
    """The active reviewer+ called `username`. :raise Invalid: unknown, inactive or a viewer."""
    name = username.strip().lower() if isinstance(username, str) else ""
    user = session.exec(select(User).where(User.username == name)).first() if name else None
    if user is None or not user.active:
        raise Invalid(f"There is no active team member {username!r}.", fields={"assignee": "unknown user"})
    if not may(user, "write"):
        raise Invalid(
            f"{user.username} is a {user.role} and cannot work on claims.",
            fields={"assignee": "not a reviewer"},
        )
    return user


# --- the moves ---------------------------------------------------------------------------------


def take(session: Session, *, claim_id: int, actor: User, version: int | None = None) -> Claim:
    """An open claim becomes in progress, held by `actor` (two people never hold the same claim).

    :raise NotFound: no such claim. :raise Forbidden: a viewer. :raise Conflict: not open, or stale.
    """

    def apply(claim: Claim, _row: Transition) -> None:
        claim.assignee_id = actor.id

    return _move(session, claim_id=claim_id, action="take", actor=actor, version=version, apply=apply)


def assign(
    session: Session, *, claim_id: int, assignee: str, actor: User, version: int | None = None
) -> Claim:
    """An editor hands an open or in-progress claim to `assignee` (a username); it is then in progress.

    :raise Forbidden: not an editor. :raise Invalid: unknown, inactive or viewer assignee.
    :raise Conflict: the claim is in review, published or not checkable, or the version is stale.
    """
    _role_check("assign", actor)
    person = assignable_user(session, assignee)

    def apply(claim: Claim, _row: Transition) -> None:
        if claim.status == "in_progress" and claim.assignee_id == person.id:
            raise Conflict(f"{person.username} already holds claim {claim.id}.", code="no_change")
        claim.assignee_id = person.id
        inbox.on_assigned(session, claim=claim, assignee=person, actor=actor)

    return _move(session, claim_id=claim_id, action="assign", actor=actor, version=version, apply=apply)


def release(session: Session, *, claim_id: int, actor: User, version: int | None = None) -> Claim:
    """The holder (or an editor) puts an in-progress claim back in the queue, open and unheld.

    :raise Forbidden: someone else holds it and `actor` is not an editor. :raise Conflict: not in progress.
    """

    def apply(claim: Claim, _row: Transition) -> None:
        claim.assignee_id = None

    return _move(session, claim_id=claim_id, action="release", actor=actor, version=version, apply=apply)


def propose(
    session: Session,
    *,
    claim_id: int,
    rating: str,
    rationale: str,
    actor: User,
    override_reason: str | None = None,
    version: int | None = None,
) -> Claim:
    """The holder proposes a verdict (rating slug + Markdown rationale); the claim goes in review.

    Needs at least one evidence item unless the rating is the scale's "unproven" kind.
    :raise Forbidden: not the holder. :raise Conflict: not in progress, or stale.
    :raise Invalid: unknown rating, empty rationale, no evidence.
    :raise VerdictContradictsEvidence: the rating goes against all the evidence (e.g. True with only
        contradicting sources) and no `override_reason` was given.
    """
    _role_check("propose", actor)
    fields = {}
    found = get_rating(session, slug=rating.strip()) if isinstance(rating, str) and rating.strip() else None
    if found is None:
        fields["rating"] = "choose a rating from the desk's scale"
    text = rationale.strip() if isinstance(rationale, str) else ""
    if not text:
        fields["rationale"] = "required"
    elif len(text) > MAX_RATIONALE:
        fields["rationale"] = f"at most {MAX_RATIONALE} characters"
    if fields:
        raise Invalid(
            "The verdict needs " + " and ".join(f"{k} ({v})" for k, v in fields.items()) + ".", fields=fields
        )
    reason = _text(override_reason, "override_reason", MAX_REASON, required=False)

    def apply(claim: Claim, _row: Transition) -> dict:
        stances = list(session.exec(select(Evidence.stance).where(Evidence.claim_id == claim.id)).all())
        if not stances and not found.is_unproven:
            raise Invalid(
                f"A verdict of {found.label} needs at least one evidence item; add the sources first "
                "(only an Unproven verdict may stand without evidence).",
                fields={"evidence": "at least one evidence item"},
                code="evidence_required",
            )
        warning = contradiction(found, stances)
        if warning and not reason:
            raise VerdictContradictsEvidence(
                warning + " Give a reason to propose it anyway.",
                fields={"override_reason": "required to propose a verdict against the evidence"},
            )
        verdict = Verdict(
            claim_id=claim.id,
            rating_id=found.id,
            rationale=text,
            override_reason=reason if warning else "",
            proposed_by_id=actor.id,
        )
        session.add(verdict)
        session.flush()
        extra = {"verdict_id": verdict.id, "rationale": text}
        if warning:
            extra["override_reason"] = reason
        return extra

    return _move(session, claim_id=claim_id, action="propose", actor=actor, version=version, apply=apply)


def contradiction(rating: Rating, stances: list[str]) -> str | None:
    """Why `rating` goes against evidence with these stances, or None when it does not.

    A rating at the top of the scale (value 4..5: True, Mostly true) with only contradicting evidence,
    or at the bottom (value 1..2: Mostly false, False) with only supporting evidence.
    """
    supports, contradicts = stances.count("supports"), stances.count("contradicts")
    if rating.value is None:
        return None
    if rating.value >= 4 and contradicts and not supports:
        return (
            f"You rate this claim {rating.label}, but all {contradicts} stance-taking evidence item(s) "
            "contradict it."
        )
    if rating.value <= 2 and supports and not contradicts:
        return f"You rate this claim {rating.label}, but all {supports} stance-taking evidence item(s) support it."
    return None


def return_verdict(
    session: Session, *, claim_id: int, comment: str, actor: User, version: int | None = None
) -> Claim:
    """An editor sends a proposed verdict back to the same reviewer, saying what is missing.

    :raise Forbidden: not an editor. :raise Conflict: not in review, or stale. :raise Invalid: no comment.
    """
    _role_check("return", actor)
    body = _text(
        comment, "comment", MAX_COMMENT, what="Say what is missing: a comment is required to return it."
    )

    def apply(claim: Claim, _row: Transition) -> dict:
        verdict = _verdict_in_state(session, claim, "proposed")
        if verdict is not None:
            verdict.state, verdict.decided_by_id, verdict.decided_at = "returned", actor.id, utcnow()
            claim.assignee_id = verdict.proposed_by_id
        _comment(session, claim, actor, body, "return")
        proposer = verdict.proposed_by_id if verdict else None
        inbox.on_returned(session, claim=claim, proposer_id=proposer, reason=body, actor=actor)
        return {"comment": body}

    return _move(session, claim_id=claim_id, action="return", actor=actor, version=version, apply=apply)


def approve(session: Session, *, claim_id: int, actor: User, version: int | None = None) -> Claim:
    """An editor who did not propose it publishes the proposed verdict.

    :raise Forbidden: not an editor, or the actor proposed it (four eyes). :raise Conflict: not in review.
    """

    def apply(claim: Claim, _row: Transition) -> dict:
        verdict = _verdict_in_state(session, claim, "proposed")
        if verdict is None:
            raise Conflict(f"Claim {claim.id} has no proposed verdict to approve.", code="wrong_state")
        verdict.state, verdict.decided_by_id, verdict.decided_at = "published", actor.id, utcnow()
        inbox.on_approved(session, claim=claim, proposer_id=verdict.proposed_by_id, actor=actor)
        return {"verdict_id": verdict.id}

    return _move(session, claim_id=claim_id, action="approve", actor=actor, version=version, apply=apply)


def reopen(session: Session, *, claim_id: int, note: str, actor: User, version: int | None = None) -> Claim:
    """An editor reopens a published verdict for correction: it becomes "superseded" with the note (kept in
    the history and the public corrections list) and the claim goes back to its last reviewer.

    :raise Forbidden: not an editor. :raise Conflict: not published. :raise Invalid: no correction note.
    """
    _role_check("reopen", actor)
    body = _text(note, "note", MAX_NOTE, what="A correction note is required to reopen a published verdict.")

    def apply(claim: Claim, _row: Transition) -> dict:
        verdict = _verdict_in_state(session, claim, "published")
        if verdict is not None:
            verdict.state, verdict.correction_note = "superseded", body
            claim.assignee_id = verdict.proposed_by_id
        _comment(session, claim, actor, body, "reopen")
        proposer = verdict.proposed_by_id if verdict else None
        inbox.on_reopened(session, claim=claim, proposer_id=proposer, note=body, actor=actor)
        # the wording the verdict was published on, for the corrections list once the claim is reworded
        return {
            "note": body,
            "superseded_verdict_id": verdict.id if verdict else None,
            "published_text": claim.text,
            "published_claimant": claim.claimant,
        }

    return _move(session, claim_id=claim_id, action="reopen", actor=actor, version=version, apply=apply)


def mark_not_checkable(
    session: Session, *, claim_id: int, reason: str, actor: User, version: int | None = None
) -> Claim:
    """An open or in-progress claim is set aside as not checkable (opinion, prediction, unverifiable).

    :raise Forbidden: a viewer, or someone else holds it and `actor` is not an editor.
    :raise Conflict: wrong state. :raise Invalid: no reason.
    """
    _role_check("not_checkable", actor)
    body = _text(reason, "reason", MAX_REASON, what="Say why it cannot be checked: a reason is required.")

    def apply(claim: Claim, _row: Transition) -> dict:
        claim.assignee_id = None
        _comment(session, claim, actor, body, "not_checkable")
        return {"reason": body}

    return _move(
        session, claim_id=claim_id, action="not_checkable", actor=actor, version=version, apply=apply
    )


def reopen_not_checkable(
    session: Session, *, claim_id: int, actor: User, version: int | None = None
) -> Claim:
    """An editor puts a not-checkable claim back in the queue as open.

    :raise Forbidden: not an editor. :raise Conflict: not "not checkable", or stale.
    """
    return _move(session, claim_id=claim_id, action="reopen_not_checkable", actor=actor, version=version)


def verdicts(session: Session, *, claim_id: int) -> list[Verdict]:
    """Every verdict row of a claim, oldest first (returned and superseded ones included)."""
    return list(session.exec(select(Verdict).where(Verdict.claim_id == claim_id).order_by(Verdict.id)).all())


def plan(
    session: Session,
    *,
    claim_id: int,
    version: int,
    actor: User,
    **changes,
) -> Claim:
    """An editor sets a claim's priority and/or due date (services.claims.update_claim does the rest).

    :raise Forbidden: not an editor. :raise Conflict: stale version. :raise Invalid: bad values.
    """
    require_role(actor, "edit", "set priority and due dates")
    unknown = set(changes) - {"priority", "due_date"}
    if unknown:
        raise Invalid(
            "Only priority and due date can be planned.", fields={k: "not allowed" for k in unknown}
        )
    get_claim(session, claim_id=claim_id)
    return update_claim(session, claim_id=claim_id, version=version, actor=actor, **changes)


_UNSET = object()


def patch_claim(
    session: Session,
    *,
    claim_id: int,
    version: int,
    actor: User,
    assignee: str | None | object = _UNSET,
    **changes,
) -> Claim:
    """Change a claim's wording, claimant or priority and/or its assignee in one request (the API's PATCH).

    `assignee` a username assigns the claim (an editor's move), None or "" releases it; left out, the
    holder is untouched. Everything is checked before anything is saved, so nothing is half-written.
    :raise Forbidden: priority or a non-empty assignee without an editor; the content or move rules.
    :raise Conflict: stale version, frozen claim or wrong state. :raise Invalid: bad values.
    """
    require_role(actor, "write", "change a claim")
    if "priority" in changes:
        require_role(actor, "edit", "set priorities")
    if assignee is not _UNSET and assignee:
        require_role(actor, "edit", "assign claims")
    claim = get_claim(session, claim_id=claim_id)
    if assignee is not _UNSET:
        check_version(session, claim, version)
        check_move(session, claim, "assign" if assignee else "release", actor)
        if assignee:
            assignable_user(session, assignee)
    if changes:
        claim = update_claim(session, claim_id=claim_id, version=version, actor=actor, **changes)
        version = claim.version
    if assignee is not _UNSET:
        if assignee:
            return assign(session, claim_id=claim_id, assignee=assignee, actor=actor, version=version)
        return release(session, claim_id=claim_id, actor=actor, version=version)
    if not changes:
        check_version(session, claim, version)
    return claim

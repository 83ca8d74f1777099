"""Claims: creating them from an article, loading them, their current verdict, and the API's claim object.

**A claim's current verdict** is its newest verdict that is proposed or published. A returned verdict is not
current: an editor rejected it, and the claim carries the editor's reason instead (`returned_notes`). A
superseded verdict is not current: a reopen replaced it (it stays in the history and the corrections list).
So a claim that was returned or reopened has no current verdict, no rating and no rationale until a new
proposal. The column `claim.verdict_id` holds it; `services.workflow.settle_current_verdict` is its only
writer, and every reader (queue, CSV exports, dashboard, ClaimReview, claim screen, API, history snapshots,
sources' citing claims) joins on that column instead of working it out again.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from ..errors import Invalid, NotFound
from ..models import PRIORITIES, Claim, Comment, Evidence, Rating, User, Verdict
from ..models.claims import DEFAULT_PRIORITY, MAX_CLAIM_TEXT, MAX_CLAIMANT
from ..timeutil import iso
from . import audit
from .anchoring import make_anchor
from .articles import current_revision, get_article
from .claim_rules import (  # noqa: F401  (part of this module's surface)
    check_content_change,
    check_version,
    touch,
)
from .roles import require_role

MAX_CLAIM_CHARS = MAX_CLAIM_TEXT  # (the name the other modules know)


def create_claim(
    session: Session,
    *,
    article_id: int,
    text: str,
    actor: User,
    start: int | None = None,
    end: int | None = None,
    claimant: str | None = None,
    priority: int | None = None,
) -> Claim:
    """Add an open claim to an article, anchored to text[start:end] of its current revision when given.

    :raise Forbidden: a viewer, or a priority other than the default without an editor.
    :raise NotFound: no such article.
    :raise Invalid: empty text, bad priority, or an anchor outside the text (end before start, etc.).
    """
    require_role(actor, "write", "add claims")
    if priority is not None and priority != DEFAULT_PRIORITY:
        require_role(actor, "edit", "set priorities")
    get_article(session, article_id=article_id)
    fields: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        fields["text"] = "required"
    elif len(text) > MAX_CLAIM_CHARS:
        fields["text"] = f"at most {MAX_CLAIM_CHARS} characters"
    if priority is None:
        priority = DEFAULT_PRIORITY
    elif not isinstance(priority, int) or isinstance(priority, bool) or priority not in PRIORITIES:
        fields["priority"] = "one of " + ", ".join(f"{k} ({v})" for k, v in PRIORITIES.items())
    if (start is None) != (end is None):
        fields["start" if start is None else "end"] = "give both start and end, or neither"
    revision = current_revision(session, article_id=article_id)
    anchor = None
    if start is not None and end is not None and "start" not in fields and "end" not in fields:
        if (
            not isinstance(start, int)
            or not isinstance(end, int)
            or isinstance(start, bool)
            or isinstance(end, bool)
        ):
            fields["start"] = "start and end are character offsets (whole numbers)"
        else:
            try:
                anchor = make_anchor(revision.text, start, end)
            except ValueError as error:
                fields["start"] = str(error)
    if claimant is not None and len(claimant) > MAX_CLAIMANT:
        fields["claimant"] = f"at most {MAX_CLAIMANT} characters"
    if fields:
        raise Invalid.of_fields("The claim cannot be added", fields)
    claim = Claim(
        article_id=article_id,
        revision_id=revision.id if anchor else None,
        text=text,
        claimant=(claimant or "").strip() or None,
        priority=priority,
        created_by_id=actor.id,
        updated_by_id=actor.id,
    )
    if anchor:
        claim.start, claim.end = anchor.start, anchor.end
        claim.quote, claim.prefix, claim.suffix = anchor.quote, anchor.prefix, anchor.suffix
    session.add(claim)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="claim.create",
        object_type="claim",
        object_id=claim.id,
        claim_id=claim.id,
        after={"text": claim.text, "start": claim.start, "end": claim.end, "claimant": claim.claimant},
    )
    session.commit()
    return claim


def get_claim(session: Session, *, claim_id: int, for_update: bool = False) -> Claim:
    """The claim; with `for_update`, re-read and locked until the transaction ends (PostgreSQL; on SQLite
    a writing transaction already holds the database's write lock), so that two changes made at once
    cannot both pass the version check or both bump the version from the same number.

    :raise NotFound: no such claim.
    """
    if for_update:
        claim = session.exec(
            select(Claim)
            .where(Claim.id == claim_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
    else:
        claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"There is no claim {claim_id}.")
    return claim


# The verdict states that can be current (see the module docstring).
CURRENT_VERDICT_STATES = ("proposed", "published")
# A returned claim is back with a reviewer (or, released, in the queue): the editor's reason still stands.
RETURNED_STATUSES = ("in_progress", "open")


def current_verdict(session: Session, claim: Claim) -> Verdict | None:
    """The claim's current verdict (module docstring), or None."""
    return session.get(Verdict, claim.verdict_id) if claim.verdict_id is not None else None


def last_proposal(session: Session, *, claim_id: int) -> Verdict | None:
    """The claim's newest verdict row in any state: what the reviewer proposed last, e.g. to prefill the
    form after a return. Not the current verdict (see current_verdict)."""
    return session.exec(
        select(Verdict).where(Verdict.claim_id == claim_id).order_by(Verdict.id.desc())
    ).first()


@dataclass(frozen=True)
class ReturnNote:
    """Why an editor returned a claim's last proposal: the comment, who returned it and when."""

    reason: str
    by: User | None
    at: datetime | None

    def as_dict(self) -> dict:
        """The API's `returned` object."""
        return {"reason": self.reason, "by": self.by.username if self.by else None, "at": iso(self.at)}


def returned_notes(session: Session, claims: list[Claim]) -> dict[int, ReturnNote]:
    """The claims among `claims` that are returned now, by id, each with the editor's reason.

    Returned: open or in progress, no current verdict, and the last proposal was returned (not superseded).
    A handful of queries for the whole list, whatever its length (a page of the queue, say).
    """
    ids = [c.id for c in claims if c.verdict_id is None and c.status in RETURNED_STATUSES]
    if not ids:
        return {}
    newest = select(func.max(Verdict.id)).where(Verdict.claim_id.in_(ids)).group_by(Verdict.claim_id)
    # one statement: each returned verdict with the editor who returned it and their last return comment
    last_return = (
        select(func.max(Comment.id))
        .where(Comment.claim_id == Verdict.claim_id, Comment.kind == "return")
        .correlate(Verdict)
        .scalar_subquery()
    )
    rows = session.exec(
        select(Verdict, Comment.body, User)
        .where(Verdict.id.in_(newest), Verdict.state == "returned")
        .outerjoin(Comment, Comment.id == last_return)
        .outerjoin(User, User.id == Verdict.decided_by_id)
    ).all()
    return {
        verdict.claim_id: ReturnNote(reason=reason or "", by=editor, at=verdict.decided_at)
        for verdict, reason, editor in rows
    }


def returned_note(
    session: Session, claim: Claim, *, verdicts: list[Verdict] | None = None
) -> ReturnNote | None:
    """Why the claim was returned, while it is (see returned_notes); None otherwise. `verdicts`: the claim's
    verdict rows, oldest first, when the caller has read them: unless the newest was returned, no statement."""
    if verdicts is not None and (not verdicts or verdicts[-1].state != "returned"):
        return None
    return returned_notes(session, [claim]).get(claim.id)


def claim_dict(session: Session, claim: Claim, *, with_evidence: bool = True) -> dict:
    """The API's claim object (API.md). `rating`, `rationale`, `proposed_by` and `approved_by` describe the
    current verdict (null when there is none, e.g. while returned); `returned` is the editor's reason
    `{reason, by, at}` while the claim is returned, else null. One claim's `claim_dicts`."""
    return claim_dicts(session, [claim], with_evidence=with_evidence)[0]


def evidence_dict(evidence: Evidence) -> dict:
    return {
        "id": evidence.id,
        "claim_id": evidence.claim_id,
        "source_id": evidence.source_id,
        "stance": evidence.stance,
        "quote": evidence.quote,
        "locator": evidence.locator,
        "version": evidence.version,
        "created_at": iso(evidence.created_at),
    }


def _usernames(session: Session, ids: list[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.exec(select(User.id, User.username).where(User.id.in_(wanted))).all())


def claim_dicts(
    session: Session,
    claims: list[Claim],
    *,
    with_evidence: bool = True,
    returned: dict[int, "ReturnNote"] | None = None,
) -> list[dict]:
    """The API's claim object (see `claim_dict`) of each of `claims`, in order, built with a fixed number of
    queries whatever their number (current verdicts with their ratings, usernames, evidence, and returned
    notes unless `returned` — what returned_notes gave for these claims — is passed in)."""
    if not claims:
        return []
    verdict_ids = {c.verdict_id for c in claims if c.verdict_id is not None}
    verdicts: dict[int, tuple[Verdict, str | None]] = {}
    if verdict_ids:
        for verdict, slug in session.exec(
            select(Verdict, Rating.slug)
            .join(Rating, Rating.id == Verdict.rating_id, isouter=True)
            .where(Verdict.id.in_(verdict_ids))
        ).all():
            verdicts[verdict.id] = (verdict, slug)
    if returned is None:
        returned = returned_notes(session, [c for c in claims if c.verdict_id is None])
    people: list[int | None] = []
    for c in claims:
        people.append(c.assignee_id)
        if c.verdict_id in verdicts:
            verdict = verdicts[c.verdict_id][0]
            people += [verdict.proposed_by_id, verdict.decided_by_id]
    names = _usernames(session, people)
    evidence: dict[int, list[dict]] = {}
    if with_evidence:
        for row in session.exec(
            select(Evidence)
            .where(Evidence.claim_id.in_([c.id for c in claims]))
            .order_by(Evidence.claim_id, Evidence.id)
        ).all():
            evidence.setdefault(row.claim_id, []).append(evidence_dict(row))
    items = []
    for claim in claims:
        verdict, slug = verdicts.get(claim.verdict_id, (None, None))
        note = returned.get(claim.id) if verdict is None else None
        data = {
            "id": claim.id,
            "article_id": claim.article_id,
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
            "quote": claim.quote,
            "claimant": claim.claimant,
            "status": claim.status,
            "priority": claim.priority,
            "due_date": claim.due_date.isoformat() if claim.due_date else None,
            "assignee": names.get(claim.assignee_id),
            "rating": slug if verdict else None,
            "rationale": verdict.rationale if verdict else None,
            "proposed_by": names.get(verdict.proposed_by_id) if verdict else None,
            "approved_by": names.get(verdict.decided_by_id)
            if verdict and verdict.state == "published"
            else None,
            "returned": note.as_dict() if note else None,
            "anchor_lost": claim.anchor_lost,
            "version": claim.version,
            "created_at": iso(claim.created_at),
            "updated_at": iso(claim.updated_at),
        }
        if with_evidence:
            data["evidence"] = evidence.get(claim.id, [])
        items.append(data)
    return items


def claims_for_article(session: Session, *, article_id: int) -> list[Claim]:
    """An article's claims in reading order (anchored ones by position, then the rest)."""
    rows = session.exec(select(Claim).where(Claim.article_id == article_id)).all()
    return sorted(rows, key=lambda c: (c.start is None, c.start or 0, c.id))


EDITABLE_FIELDS = ("text", "claimant", "priority", "due_date")


def update_claim(session: Session, *, claim_id: int, version: int, actor: User, **changes) -> Claim:
    """Change a claim's wording, claimant, priority or due date, if `version` is still the current one.

    Assignment is a workflow move (services.workflow), not an edit. Wording and claimant follow the
    workflow's content rule (frozen once published or not checkable; in review, the holder's and editors'
    only); priority and due date are an editor's planning and may change in any state.
    :raise NotFound: no such claim.
    :raise Forbidden: the actor's role or the content rule refuses the change.
    :raise Conflict: someone saved a newer version meanwhile ("changed by NAME at TIME"), or the claim is
        frozen.
    :raise Invalid: an unknown field or a bad value.
    """
    require_role(actor, "write", "edit claims")
    claim = get_claim(session, claim_id=claim_id, for_update=True)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise Invalid(
            f"These fields cannot be edited: {', '.join(sorted(unknown))}.",
            fields={k: "not editable" for k in unknown},
        )
    if {"priority", "due_date"} & set(changes):
        require_role(actor, "edit", "set priority and due dates")
    if {"text", "claimant"} & set(changes):
        check_content_change(session, claim, actor, "change its wording or claimant")
    check_version(session, claim, version)
    fields: dict[str, str] = {}
    if "text" in changes:
        text = (changes["text"] or "").strip() if isinstance(changes["text"], str) else ""
        if not text:
            fields["text"] = "required"
        elif len(text) > MAX_CLAIM_CHARS:
            fields["text"] = f"at most {MAX_CLAIM_CHARS} characters"
        changes["text"] = text
    if "claimant" in changes:
        claimant = changes["claimant"]
        if claimant is not None and not isinstance(claimant, str):
            fields["claimant"] = "must be text"
        elif claimant and len(claimant) > MAX_CLAIMANT:
            fields["claimant"] = f"at most {MAX_CLAIMANT} characters"
        else:
            changes["claimant"] = (claimant or "").strip() or None
    if "priority" in changes:
        priority = changes["priority"]
        if isinstance(priority, bool) or priority not in PRIORITIES:
            fields["priority"] = "one of " + ", ".join(f"{k} ({v})" for k, v in PRIORITIES.items())
    if (
        "due_date" in changes
        and changes["due_date"] is not None
        and not isinstance(changes["due_date"], date)
    ):
        fields["due_date"] = "a date (YYYY-MM-DD)"
    if fields:
        raise Invalid.of_fields("The claim cannot be saved", fields)
    before = {name: _plain(getattr(claim, name)) for name in changes}
    for name, value in changes.items():
        setattr(claim, name, value)
    after = {name: _plain(getattr(claim, name)) for name in changes}
    if before == after:
        return claim
    touch(claim, actor)
    audit.record(
        session,
        actor=actor,
        action="claim.edit",
        object_type="claim",
        object_id=claim.id,
        claim_id=claim.id,
        before=before,
        after=after,
    )
    session.commit()
    return claim


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value

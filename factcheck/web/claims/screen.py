"""Everything the claim screen shows besides the evidence panel: article context, workflow, history."""

from dataclasses import dataclass

from markupsafe import Markup
from sqlmodel import Session, select

from ...models import PRIORITIES, Article, ArticleRevision, Claim, Rating, User, Verdict
from ...services import audit, claims, comments, queue, ratings, workflow
from ...timeutil import iso
from ..options import option_tags
from .forms import (
    AssignForm,
    CommentForm,
    NotCheckableForm,
    PlanForm,
    ReopenForm,
    ReturnForm,
    VerdictForm,
    VersionForm,
)


@dataclass
class ArticleContext:
    """The claim's sentence inside its paragraph: before + quote (highlighted) + after."""

    before: str
    quote: str
    after: str


def article_context(claim: Claim, revision: ArticleRevision | None) -> ArticleContext | None:
    """The paragraph around the claim's anchor in `revision`, the one it was anchored to, or None."""
    if claim.revision_id is None or claim.start is None or claim.end is None:
        return None
    if revision is None or claim.end > len(revision.text):
        return None
    text = revision.text
    start = text.rfind("\n", 0, claim.start) + 1
    end = text.find("\n", claim.end)
    end = len(text) if end == -1 else end
    return ArticleContext(text[start : claim.start], text[claim.start : claim.end], text[claim.end : end])


@dataclass
class HistoryItem:
    at: str
    actor: str
    action: str
    summary: str
    detail: str


ACTION_WORDS = {
    "claim.create": "added the claim",
    "claim.edit": "edited the claim",
    "claim.take": "took the claim",
    "claim.assign": "assigned the claim",
    "claim.release": "released the claim",
    "claim.propose": "proposed a verdict",
    "claim.return": "returned the verdict",
    "claim.approve": "approved and published the verdict",
    "claim.reopen": "reopened it for correction",
    "claim.not_checkable": "marked it not checkable",
    "claim.reopen_not_checkable": "put it back in the queue",
    "claim.same_as": "linked it to an earlier verdict",
    "comment.add": "commented",
    "evidence.add": "added evidence",
    "evidence.edit": "edited evidence",
    "evidence.remove": "removed evidence",
}


def history(session: Session, claim: Claim, *, scale: list[Rating], team: list[User]) -> list[HistoryItem]:
    """The claim's audit events as sentences: who, when, what (with the comment or note); `scale` and `team`
    (every user) name the ratings and the people."""
    events = audit.claim_history(session, claim_id=claim.id)
    names = {user.username: user.display_name for user in team}
    labels = {r.slug: r.label for r in scale}
    items = []
    for event in events:
        after, before = event["after"] or {}, event["before"] or {}
        summary = ACTION_WORDS.get(event["action"], event["action"].replace(".", " ").replace("_", " "))
        detail = ""
        if event["action"] == "claim.propose":
            summary += f": {labels.get(after.get('rating'), after.get('rating'))}"
            detail = (
                after.get("override_reason", "")
                and f"Against the evidence because: {after['override_reason']}"
            )
        elif event["action"] == "claim.assign":
            summary += f" to {names.get(after.get('assignee')) or after.get('assignee')}"
        elif event["action"] == "claim.edit":
            summary += " (" + ", ".join(sorted(after)) + ")"
        elif event["action"] == "claim.same_as":
            summary = (
                f"linked it: same as #{after['same_as']}"
                if after.get("same_as")
                else "removed its same-as link"
            )
        detail = (
            detail
            or after.get("comment")
            or after.get("note")
            or after.get("reason")
            or after.get("body")
            or ""
        )
        if before.get("status") and after.get("status") and before["status"] != after["status"]:
            summary += f" ({workflow.STATUS_LABELS.get(before['status'])} → {workflow.STATUS_LABELS.get(after['status'])})"
        items.append(
            HistoryItem(
                at=event["at"],
                actor=names.get(event["actor"]) or event["actor"] or "system",
                action=event["action"],
                summary=summary,
                detail=detail,
            )
        )
    return items


def current_state(session: Session, claim: Claim) -> dict:
    """The claim as it is now, in words, for the "see both versions" panel after a stale save."""
    verdict = claims.current_verdict(session, claim)
    rating = session.get(Rating, verdict.rating_id) if verdict else None
    holder = session.get(User, claim.assignee_id) if claim.assignee_id else None
    return {
        "Status": workflow.STATUS_LABELS.get(claim.status, claim.status),
        "Held by": holder.name if holder else "nobody",
        "Priority": PRIORITIES.get(claim.priority, claim.priority),
        "Due date": claim.due_date.isoformat() if claim.due_date else "",
        "Rating": rating.label if rating else "",
        "Rationale": verdict.rationale if verdict else "",
        "Version": claim.version,
        "Changed": iso(claim.updated_at),
    }


class LazyForm:
    """A form built on first use: the claim screen offers eight, and shows the few the person may use now
    (services.workflow.allowed_actions), so most are never touched. Reads pass through to the form."""

    __slots__ = ("_make", "_form")

    def __init__(self, make):
        self._make, self._form = make, None

    def __getattr__(self, name):
        if self._form is None:
            try:
                self._form = self._make()
            except AttributeError as error:  # not "no such attribute": Jinja would take it for one
                raise RuntimeError(f"building the form failed: {error}") from error
        return getattr(self._form, name)


def screen_context(session: Session, claim: Claim, actor: User, forms: dict | None = None) -> dict:
    """Template variables for templates/claims/show.html (forms given override the fresh ones)."""
    # the ratings and every team member read once; session.get then finds them in the session (the history's
    # names, proposers and approvers, the assignee menu)
    scale = ratings.list_ratings(session)
    team = session.exec(select(User).order_by(User.username)).all()
    rows = workflow.verdicts(session, claim_id=claim.id)  # oldest first; the current one among them
    verdict = claims.current_verdict(session, claim)
    discussion = comments.list_comments(session, claim_id=claim.id)
    returned = claims.returned_note(session, claim, verdicts=rows)
    proposal = rows[-1] if returned and rows else None  # claims.last_proposal: the newest verdict row
    version = {"version": claim.version}

    def verdict_form():
        # after a return, the reviewer starts again from what they proposed
        again = (
            {"rating": session.get(Rating, proposal.rating_id).slug, "rationale": proposal.rationale}
            if proposal
            else {}
        )
        return VerdictForm(scale, formdata=None, data=version | again)

    fresh = {
        "move_form": LazyForm(lambda: VersionForm(formdata=None, data=version)),
        "assign_form": LazyForm(lambda: AssignForm(formdata=None, data=version)),
        "verdict_form": LazyForm(verdict_form),
        "return_form": LazyForm(lambda: ReturnForm(formdata=None, data=version)),
        "reopen_form": LazyForm(lambda: ReopenForm(formdata=None, data=version)),
        "not_checkable_form": LazyForm(lambda: NotCheckableForm(formdata=None, data=version)),
        "plan_form": LazyForm(
            lambda: PlanForm(
                formdata=None, data=version | {"priority": str(claim.priority), "due_date": claim.due_date}
            )
        ),
        "comment_form": LazyForm(lambda: CommentForm(formdata=None)),
    }
    fresh.update(forms or {})
    previous, following = queue.neighbours(session, claim=claim)
    article, revision = _article_and_revision(session, claim)
    return fresh | {
        "claim": claim,
        "article": article,
        "context": article_context(claim, revision),
        "verdict": verdict,
        "verdict_rating": session.get(Rating, verdict.rating_id) if verdict else None,
        "verdict_proposer": session.get(User, verdict.proposed_by_id) if verdict else None,
        "verdict_approver": session.get(User, verdict.decided_by_id)
        if verdict and verdict.decided_by_id
        else None,
        "returned": returned,
        "verdicts": _verdict_rows(session, rows),
        "allowed": workflow.allowed_actions(session, claim, actor),
        "holder": session.get(User, claim.assignee_id) if claim.assignee_id else None,
        "history": history(session, claim, scale=scale, team=team),
        "comments": discussion,
        "previous_id": previous,
        "next_id": following,
        "people": workflow.assignable(team),
        "priorities": PRIORITIES,
        "status_labels": workflow.STATUS_LABELS,
    }


def _article_and_revision(session: Session, claim: Claim) -> tuple[Article | None, ArticleRevision | None]:
    """The claim's article and the revision its anchor is in (None when it has none), in one statement."""
    row = session.exec(
        select(Article, ArticleRevision)
        .outerjoin(ArticleRevision, ArticleRevision.id == claim.revision_id)
        .where(Article.id == claim.article_id)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def _verdict_rows(session: Session, verdicts: list[Verdict]) -> list[dict]:
    rows = []
    for verdict in verdicts:
        rows.append(
            {
                "verdict": verdict,
                "rating": session.get(Rating, verdict.rating_id),
                "proposed_by": session.get(User, verdict.proposed_by_id),
                "decided_by": session.get(User, verdict.decided_by_id) if verdict.decided_by_id else None,
            }
        )
    return rows


def picker_options(field) -> Markup:
    """The <option>s of the evidence panel's source picker (up to web/sources/panel.py's PICKER_LIMIT)."""
    return option_tags(((choice.value, choice.label) for choice in field.choices), field.data)

"""The claim screen's POST endpoints: one per workflow move, each a thin layer over services.workflow.

Every form carries the claim version it was based on. A stale save answers 409 with the claim screen
showing "changed by NAME at TIME" and both versions side by side; any other refusal re-renders the
screen with the message and the person's input kept.
"""

from flask import flash, redirect, render_template, request, url_for

from ...db import get_session
from ...errors import Conflict, DomainError
from ...models import Article, Rating, User
from ...permissions import current_actor, requires
from ...services import claims, comments, evidence, markdown, ratings, workflow
from . import bp, render_screen
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
from .screen import current_state

FORM_KEYS = {
    VersionForm: "move_form",
    AssignForm: "assign_form",
    VerdictForm: "verdict_form",
    ReturnForm: "return_form",
    ReopenForm: "reopen_form",
    NotCheckableForm: "not_checkable_form",
    PlanForm: "plan_form",
    CommentForm: "comment_form",
}


def _act(claim_id: int, form, do, done: str):
    """Validate `form`, run `do(form)`, then redirect to the claim (or re-render it with why not)."""
    key = FORM_KEYS[type(form)]
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            flash("The form expired; please try again.", "error")
        else:
            flash(
                "Please correct the form: " + "; ".join(e for errs in form.errors.values() for e in errs),
                "error",
            )
        return render_screen(claim_id, forms={key: form}, status=422)
    try:
        do(form)
    except Conflict as error:
        if error.code != "stale_version":
            flash(error.message, "error")
            return render_screen(claim_id, forms={key: form}, status=409)
        yours = {
            field.label.text: field.data
            for field in form
            if field.name not in ("csrf_token", "version") and field.data not in (None, "")
        }
        yours["Version"] = form.version.data
        current = current_state(get_session(), claims.get_claim(get_session(), claim_id=claim_id))
        form.version.data = current["Version"]  # resubmitting now means "I have seen their change"
        stale = {"message": error.message, "yours": yours, "current": current}
        return render_screen(claim_id, forms={key: form}, stale=stale, status=409)
    except DomainError as error:
        flash(error.message, "warning" if isinstance(error, workflow.VerdictContradictsEvidence) else "error")
        forms = {key: form}
        if isinstance(error, workflow.VerdictContradictsEvidence):
            form.override_reason.flags.warned = True
        return render_screen(claim_id, forms=forms, status=error.status)
    flash(done, "info")
    return redirect(url_for("claims.show", claim_id=claim_id))


def _common(claim_id: int) -> dict:
    return {"session": get_session(), "claim_id": claim_id, "actor": current_actor()}


@bp.route("/claims/<int:claim_id>/take", methods=["POST"])
@requires("write")
def take(claim_id: int):
    return _act(
        claim_id,
        VersionForm(),
        lambda f: workflow.take(**_common(claim_id), version=f.version.data),
        "The claim is yours now.",
    )


@bp.route("/claims/<int:claim_id>/release", methods=["POST"])
@requires("write")
def release(claim_id: int):
    return _act(
        claim_id,
        VersionForm(),
        lambda f: workflow.release(**_common(claim_id), version=f.version.data),
        "Released: the claim is back in the queue.",
    )


@bp.route("/claims/<int:claim_id>/assign", methods=["POST"])
@requires("edit")
def assign(claim_id: int):
    return _act(
        claim_id,
        AssignForm(),
        lambda f: workflow.assign(**_common(claim_id), assignee=f.assignee.data, version=f.version.data),
        "Assigned.",
    )


@bp.route("/claims/<int:claim_id>/verdict", methods=["POST"])
@requires("write")
def propose(claim_id: int):
    return _act(
        claim_id,
        VerdictForm(ratings.list_ratings(get_session())),
        lambda f: workflow.propose(
            **_common(claim_id),
            rating=f.rating.data,
            rationale=f.rationale.data,
            override_reason=f.override_reason.data,
            version=f.version.data,
        ),
        "Verdict proposed: an editor will review it.",
    )


@bp.route("/claims/<int:claim_id>/return", methods=["POST"])
@requires("edit")
def return_verdict(claim_id: int):
    return _act(
        claim_id,
        ReturnForm(),
        lambda f: workflow.return_verdict(
            **_common(claim_id), comment=f.comment.data, version=f.version.data
        ),
        "Returned to the reviewer with your comment.",
    )


@bp.route("/claims/<int:claim_id>/approve", methods=["GET"])
@requires("edit")
def approve_confirm(claim_id: int):
    """The step before publishing: what the public will read (rating, claim, rationale, sources) and what
    publishing means, with the one button that publishes."""
    return _approve_confirmation(claim_id)


def _confirmation(claim_id: int, move: str, template: str, **extra):
    """The step before a move the public sees (approve publishes, reopen unpublishes): the claim, its current
    verdict and who proposed it, rendered by `template` with the one button that makes the move; or the
    claim screen with the reason when the move is not allowed now (services.workflow.check_move)."""
    db = get_session()
    claim = claims.get_claim(db, claim_id=claim_id)
    try:
        workflow.check_move(db, claim, move, current_actor())
    except DomainError as error:
        flash(error.message, "error")
        return render_screen(claim_id, status=error.status)
    verdict = claims.current_verdict(db, claim)
    return render_template(
        template,
        claim=claim,
        verdict=verdict,
        rating=db.get(Rating, verdict.rating_id) if verdict else None,
        proposer=db.get(User, verdict.proposed_by_id) if verdict else None,
        article=db.get(Article, claim.article_id),
        **extra,
    )


def _approve_confirmation(claim_id: int):
    """What the public will read (rating, claim, rationale, sources) and what publishing means."""
    sources = evidence.evidence_for_claim(get_session(), claim_id=claim_id)
    return _confirmation(
        claim_id, "approve", "claims/approve.html", sources=sources, render_markdown=markdown.render
    )


@bp.route("/claims/<int:claim_id>/approve", methods=["POST"])
@requires("edit")
def approve(claim_id: int):
    if request.form.get("confirm") != "1":  # one click never publishes: show the confirmation first
        return _approve_confirmation(claim_id)
    return _act(
        claim_id,
        VersionForm(),
        lambda f: workflow.approve(**_common(claim_id), version=f.version.data),
        "Approved: the verdict is published.",
    )


def _reopen_confirmation(claim_id: int, form: ReopenForm):
    """What reopening undoes in public (the report, the ClaimReview feed, the corrections list with this note)
    and who gets the claim back."""
    return _confirmation(claim_id, "reopen", "claims/reopen.html", form=form)


@bp.route("/claims/<int:claim_id>/reopen", methods=["POST"])
@requires("edit")
def reopen(claim_id: int):
    if request.form.get("confirm") != "1":  # one click never unpublishes: say what it does first
        form = ReopenForm()
        if form.validate_on_submit():
            return _reopen_confirmation(claim_id, form)
        # a missing note or an expired form: the claim screen says why, as before
        return _act(claim_id, form, lambda f: None, "")
    return _act(
        claim_id,
        ReopenForm(),
        lambda f: workflow.reopen(**_common(claim_id), note=f.note.data, version=f.version.data),
        "Reopened for correction; the earlier verdict stays in the history and the corrections list.",
    )


@bp.route("/claims/<int:claim_id>/not-checkable", methods=["POST"])
@requires("write")
def not_checkable(claim_id: int):
    return _act(
        claim_id,
        NotCheckableForm(),
        lambda f: workflow.mark_not_checkable(
            **_common(claim_id), reason=f.reason.data, version=f.version.data
        ),
        "Marked not checkable.",
    )


@bp.route("/claims/<int:claim_id>/reopen-not-checkable", methods=["POST"])
@requires("edit")
def reopen_not_checkable(claim_id: int):
    return _act(
        claim_id,
        VersionForm(),
        lambda f: workflow.reopen_not_checkable(**_common(claim_id), version=f.version.data),
        "Back in the queue.",
    )


@bp.route("/claims/<int:claim_id>/plan", methods=["POST"])
@requires("edit")
def plan(claim_id: int):
    return _act(
        claim_id,
        PlanForm(),
        lambda f: workflow.plan(
            **_common(claim_id),
            priority=int(f.priority.data),
            due_date=f.due_date.data,
            version=f.version.data,
        ),
        "Priority and due date saved.",
    )


@bp.route("/claims/<int:claim_id>/comments", methods=["POST"])
@requires("write")
def comment(claim_id: int):
    return _act(
        claim_id,
        CommentForm(),
        lambda f: comments.add_comment(**_common(claim_id), body=f.body.data),
        "Comment added.",
    )

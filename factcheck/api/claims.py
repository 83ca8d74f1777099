"""API: claims, the queue and the workflow moves (API.md). Thin: parse, call services.workflow/queue, answer."""

from typing import TypeVar

from flask import Response, request
from pydantic import BaseModel

from ..db import get_session
from ..models.claims import (
    Assignment,
    ClaimPage,
    ClaimPublic,
    ClaimUpdate,
    CommentCreate,
    CommentPublic,
    History,
    Move,
)
from ..models.fields import MAX_PAGE
from ..models.verdicts import NotCheckable, Reopening, VerdictProposal, VerdictReturn
from ..permissions import requires
from ..services import audit, claims, comments, queue, workflow
from ..services.claim_filters import ClaimFilters
from . import bp
from .common import caller, given, parse_body, query_int
from .queries import ClaimListQuery
from .spec import operation

M = TypeVar("M", bound=BaseModel)
STALE = "Stale `version`, or the move is not allowed in the claim's status"


def _claim(claim_id: int):
    db = get_session()
    return claims.claim_dict(db, claims.get_claim(db, claim_id=claim_id))


def _body(claim_id: int, model: type[M], *, optional: bool = False) -> M:
    """The request's body checked by `model`, after making sure the claim exists (an unknown id is 404 first)."""
    claims.get_claim(get_session(), claim_id=claim_id)
    return parse_body(model, optional=optional)


@bp.get("/claims")
@requires("read")
@operation(
    "The queue: claims by filters, sorted, one page", tag="claims", query=ClaimListQuery, ok={200: ClaimPage}
)
def claim_list():
    """Query: the claim filters (services.claim_filters; no status means every status), sort, page, per_page."""
    filters = ClaimFilters.from_args(request.args)
    page = queue.list_claims(
        get_session(),
        filters=filters,
        actor=caller(),
        sort=request.args.get("sort", "priority"),
        page=query_int("page", 1, maximum=MAX_PAGE),
        per_page=query_int("per_page", 25, maximum=queue.MAX_PER_PAGE),
    )
    db = get_session()
    return {
        "items": claims.claim_dicts(
            db,
            [row.claim for row in page.items],
            returned={row.claim.id: row.returned for row in page.items if row.returned},
        ),
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "counts": page.counts,
    }


@bp.get("/claims/<int:claim_id>")
@requires("read")
@operation("A claim with its evidence", tag="claims", ok={200: ClaimPublic})
def claim_detail(claim_id: int):
    return _claim(claim_id)


@bp.patch("/claims/<int:claim_id>")
@requires("write")
@operation(
    "Change a claim's wording, claimant, priority or assignee (optimistic locking)",
    tag="claims",
    body=ClaimUpdate,
    ok={200: ClaimPublic},
    conflict="`version` is not the current one (someone saved meanwhile), or the claim is frozen",
    description="Priority and a non-empty assignee need an editor. `assignee` null or empty releases the claim.",
)
def claim_patch(claim_id: int):
    sent = given(_body(claim_id, ClaimUpdate))
    db = get_session()
    claim = workflow.patch_claim(db, claim_id=claim_id, actor=caller(), **sent)
    return claims.claim_dict(db, claim)


@bp.post("/queue/next")
@requires("write")
@operation(
    "Take the next open claim of the queue",
    tag="workflow",
    ok={200: ClaimPublic, 204: None},
    description="200: the claim, now in progress and held by the caller; 204 when nothing is open.",
)
def queue_next():
    db = get_session()
    claim = queue.take_next(db, actor=caller())
    if claim is None:
        return Response(status=204)
    return claims.claim_dict(db, claim)


@bp.post("/claims/<int:claim_id>/take")
@requires("write")
@operation(
    "Take an open claim", tag="workflow", body=Move, body_optional=True, ok={200: ClaimPublic}, conflict=STALE
)
def claim_take(claim_id: int):
    body = _body(claim_id, Move, optional=True)
    workflow.take(get_session(), claim_id=claim_id, actor=caller(), version=body.version)
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/assign")
@requires("edit")
@operation(
    "Assign or reassign a claim", tag="workflow", body=Assignment, ok={200: ClaimPublic}, conflict=STALE
)
def claim_assign(claim_id: int):
    body = _body(claim_id, Assignment)
    workflow.assign(
        get_session(), claim_id=claim_id, assignee=body.assignee, actor=caller(), version=body.version
    )
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/release")
@requires("write")
@operation(
    "Put a claim back in the queue, open", tag="workflow", body=Move, body_optional=True, ok={200: ClaimPublic},
    conflict=STALE,
)  # fmt: skip
def claim_release(claim_id: int):
    body = _body(claim_id, Move, optional=True)
    workflow.release(get_session(), claim_id=claim_id, actor=caller(), version=body.version)
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/verdict")
@requires("write")
@operation(
    "Propose a verdict: the claim goes in review",
    tag="workflow",
    body=VerdictProposal,
    ok={200: ClaimPublic},
    conflict=STALE + "; or the rating goes against all the evidence and no `override_reason` was given",
)
def claim_verdict(claim_id: int):
    body = _body(claim_id, VerdictProposal)
    workflow.propose(
        get_session(),
        claim_id=claim_id,
        rating=body.rating,
        rationale=body.rationale,
        override_reason=body.override_reason,
        actor=caller(),
        version=body.version,
    )
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/approve")
@requires("edit")
@operation(
    "Publish the proposed verdict (403 for the editor who proposed it)", tag="workflow", body=Move,
    body_optional=True, ok={200: ClaimPublic}, conflict=STALE,
)  # fmt: skip
def claim_approve(claim_id: int):
    body = _body(claim_id, Move, optional=True)
    workflow.approve(get_session(), claim_id=claim_id, actor=caller(), version=body.version)
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/return")
@requires("edit")
@operation(
    "Return the proposed verdict to its reviewer", tag="workflow", body=VerdictReturn, ok={200: ClaimPublic},
    conflict=STALE,
)  # fmt: skip
def claim_return(claim_id: int):
    body = _body(claim_id, VerdictReturn)
    workflow.return_verdict(
        get_session(), claim_id=claim_id, comment=body.comment, actor=caller(), version=body.version
    )
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/reopen")
@requires("edit")
@operation(
    "Reopen a published verdict for correction", tag="workflow", body=Reopening, ok={200: ClaimPublic},
    conflict=STALE,
)  # fmt: skip
def claim_reopen(claim_id: int):
    body = _body(claim_id, Reopening)
    workflow.reopen(get_session(), claim_id=claim_id, note=body.note, actor=caller(), version=body.version)
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/not-checkable")
@requires("write")
@operation(
    "Set a claim aside as not checkable", tag="workflow", body=NotCheckable, ok={200: ClaimPublic},
    conflict=STALE,
)  # fmt: skip
def claim_not_checkable(claim_id: int):
    body = _body(claim_id, NotCheckable)
    workflow.mark_not_checkable(
        get_session(), claim_id=claim_id, reason=body.reason, actor=caller(), version=body.version
    )
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/comments")
@requires("write")
@operation("Comment on a claim", tag="claims", body=CommentCreate, ok={201: CommentPublic})
def claim_comment(claim_id: int):
    body = _body(claim_id, CommentCreate)
    db = get_session()
    comment = comments.add_comment(db, claim_id=claim_id, body=body.body, actor=caller())
    view = next(v for v in comments.list_comments(db, claim_id=claim_id) if v.comment.id == comment.id)
    return comments.comment_dict(view), 201


@bp.get("/claims/<int:claim_id>/history")
@requires("read")
@operation("A claim's history, oldest first", tag="claims", ok={200: History})
def claim_history(claim_id: int):
    db = get_session()
    claims.get_claim(db, claim_id=claim_id)
    events = audit.claim_history(db, claim_id=claim_id)
    return {
        "events": [
            {
                key: event[key]
                for key in ("at", "actor", "action", "before", "after", "object_type", "object_id")
            }
            for event in events
        ]
    }

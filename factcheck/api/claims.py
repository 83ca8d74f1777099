"""API: claims, the queue and the workflow moves (API.md). Thin: parse, call services.workflow/queue, answer."""

from flask import Response, request

from ..db import get_session
from ..errors import Invalid
from ..permissions import requires
from ..services import audit, claims, comments, queue, workflow
from ..services.claim_filters import ClaimFilters
from . import bp
from .common import caller, json_body, query_int


def _claim(claim_id: int):
    db = get_session()
    return claims.claim_dict(db, claims.get_claim(db, claim_id=claim_id))


def _version(body: dict) -> int | None:
    """The optional `version` a move is based on (required for PATCH)."""
    version = body.get("version")
    if version is None:
        return None
    if isinstance(version, bool) or not isinstance(version, int):
        raise Invalid("version must be a whole number.", fields={"version": "a whole number"})
    return version


def _body(claim_id: int, *, optional: bool = False) -> dict:
    """The request's JSON object, after making sure the claim exists (an unknown id is 404 first)."""
    claims.get_claim(get_session(), claim_id=claim_id)
    if optional and not request.get_data():
        return {}
    return json_body()


@bp.get("/claims")
@requires("read")
def claim_list():
    """Query: the claim filters (services.claim_filters; no status means every status), sort, page, per_page."""
    filters = ClaimFilters.from_args(request.args)
    page = queue.list_claims(
        get_session(),
        filters=filters,
        actor=caller(),
        sort=request.args.get("sort", "priority"),
        page=query_int("page", 1),
        per_page=query_int("per_page", 25, maximum=queue.MAX_PER_PAGE),
    )
    db = get_session()
    return {
        "items": [claims.claim_dict(db, row.claim) for row in page.items],
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "counts": page.counts,
    }


@bp.get("/claims/<int:claim_id>")
@requires("read")
def claim_detail(claim_id: int):
    return _claim(claim_id)


@bp.patch("/claims/<int:claim_id>")
@requires("write")
def claim_patch(claim_id: int):
    body = _body(claim_id)
    db = get_session()
    actor = caller()
    version = body.get("version")
    if version is None:
        raise Invalid("Send the version you based your change on.", fields={"version": "required"})
    version = _version(body)
    unknown = set(body) - {"version", "text", "claimant", "priority", "assignee"}
    if unknown:
        raise Invalid(
            f"These fields cannot be changed here: {', '.join(sorted(unknown))}.",
            fields={name: "not editable" for name in unknown},
        )
    if "priority" in body:
        workflow.require_role(actor, "edit", "set priorities")
    if body.get("assignee"):
        workflow.require_role(actor, "edit", "assign claims")
    changes = {name: body[name] for name in ("text", "claimant", "priority") if name in body}
    claim = claims.get_claim(db, claim_id=claim_id)
    if "assignee" in body:  # check the move before saving anything, so nothing is half-written
        claims.check_version(db, claim, version)
        workflow.check_move(db, claim, "assign" if body["assignee"] else "release", actor)
        if body["assignee"]:
            workflow.assignable_user(db, body["assignee"])
    if changes:
        claim = claims.update_claim(db, claim_id=claim_id, version=version, actor=actor, **changes)
        version = claim.version
    if "assignee" in body:
        if body["assignee"]:
            claim = workflow.assign(
                db, claim_id=claim_id, assignee=body["assignee"], actor=actor, version=version
            )
        else:
            claim = workflow.release(db, claim_id=claim_id, actor=actor, version=version)
    elif not changes:
        claims.check_version(db, claim, version)
    return claims.claim_dict(db, claim)


@bp.post("/queue/next")
@requires("write")
def queue_next():
    db = get_session()
    claim = queue.take_next(db, actor=caller())
    if claim is None:
        return Response(status=204)
    return claims.claim_dict(db, claim)


@bp.post("/claims/<int:claim_id>/take")
@requires("write")
def claim_take(claim_id: int):
    body = _body(claim_id, optional=True)
    workflow.take(get_session(), claim_id=claim_id, actor=caller(), version=_version(body))
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/assign")
@requires("edit")
def claim_assign(claim_id: int):
    body = _body(claim_id)
    workflow.assign(
        get_session(),
        claim_id=claim_id,
        assignee=body.get("assignee"),
        actor=caller(),
        version=_version(body),
    )
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/release")
@requires("write")
def claim_release(claim_id: int):
    body = _body(claim_id, optional=True)
    workflow.release(get_session(), claim_id=claim_id, actor=caller(), version=_version(body))
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/verdict")
@requires("write")
def claim_verdict(claim_id: int):
    body = _body(claim_id)
    workflow.propose(
        get_session(),
        claim_id=claim_id,
        rating=body.get("rating"),
        rationale=body.get("rationale"),
        override_reason=body.get("override_reason"),
        actor=caller(),
        version=_version(body),
    )
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/approve")
@requires("edit")
def claim_approve(claim_id: int):
    body = _body(claim_id, optional=True)
    workflow.approve(get_session(), claim_id=claim_id, actor=caller(), version=_version(body))
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/return")
@requires("edit")
def claim_return(claim_id: int):
    body = _body(claim_id)
    workflow.return_verdict(
        get_session(), claim_id=claim_id, comment=body.get("comment"), actor=caller(), version=_version(body)
    )
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/reopen")
@requires("edit")
def claim_reopen(claim_id: int):
    body = _body(claim_id)
    workflow.reopen(
        get_session(), claim_id=claim_id, note=body.get("note"), actor=caller(), version=_version(body)
    )
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/not-checkable")
@requires("write")
def claim_not_checkable(claim_id: int):
    body = _body(claim_id)
    workflow.mark_not_checkable(
        get_session(), claim_id=claim_id, reason=body.get("reason"), actor=caller(), version=_version(body)
    )
    return _claim(claim_id)


@bp.post("/claims/<int:claim_id>/comments")
@requires("write")
def claim_comment(claim_id: int):
    body = _body(claim_id)
    db = get_session()
    comment = comments.add_comment(db, claim_id=claim_id, body=body.get("body"), actor=caller())
    view = next(v for v in comments.list_comments(db, claim_id=claim_id) if v.comment.id == comment.id)
    return comments.comment_dict(view), 201


@bp.get("/claims/<int:claim_id>/history")
@requires("read")
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

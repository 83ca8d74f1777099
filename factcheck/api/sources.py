"""API: the source library and evidence (API.md: POST/GET /sources, POST /claims/{id}/evidence; beside
them GET /sources/{id}, PATCH and DELETE /claims/{id}/evidence/{evidence_id})."""

from flask import jsonify, request

from ..db import get_session
from ..errors import Invalid
from ..permissions import requires
from ..services import claims, evidence, sources
from ..timeutil import iso
from . import bp
from .common import caller, json_body, query_int

SOURCE_BODY = set(sources.SOURCE_FIELDS)
EVIDENCE_BODY = {"source_id", "stance", "quote", "locator", "version"}


def _refuse_unknown(body: dict, allowed: set[str]) -> None:
    unknown = set(body) - allowed
    if unknown:
        raise Invalid(
            f"Unknown fields: {', '.join(sorted(unknown))}.",
            fields=dict.fromkeys(sorted(unknown), "unknown field"),
        )


@bp.route("/sources", methods=["POST"])
@requires("write")
def create_source():
    body = json_body()
    _refuse_unknown(body, SOURCE_BODY)
    details = {k: v for k, v in body.items() if k != "title"}
    source = sources.create_source(get_session(), actor=caller(), title=body.get("title"), **details)
    return jsonify(sources.source_dict(source)), 201


@bp.route("/sources", methods=["GET"])
@requires("read")
def list_sources():
    limit = query_int("limit", sources.SEARCH_LIMIT, maximum=200)
    found = sources.search_sources(get_session(), q=request.args.get("q", ""), limit=limit)
    return jsonify({"items": [sources.source_dict(source) for source in found]})


@bp.route("/sources/<int:source_id>", methods=["GET"])
@requires("read")
def get_source(source_id: int):
    db = get_session()
    source = sources.get_source(db, source_id=source_id)
    data = sources.source_dict(source)
    data["files"] = [
        {
            "id": row.id,
            "filename": row.filename,
            "content_type": row.content_type,
            "size": row.size,
            "sha256": row.sha256,
            "uploaded_at": iso(row.uploaded_at),
        }
        for row in sources.files_for_source(db, source_id=source.id)
    ]
    data["cited_by"] = [
        {
            "claim_id": c.claim.id,
            "evidence_id": c.evidence.id,
            "stance": c.evidence.stance,
            "status": c.claim.status,
            "rating": c.rating.slug if c.rating else None,
        }
        for c in evidence.claims_citing(db, source_id=source.id)
    ]
    return jsonify(data)


@bp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@requires("write")
def add_evidence(claim_id: int):
    body = json_body()
    _refuse_unknown(body, EVIDENCE_BODY)
    db = get_session()
    claims.get_claim(db, claim_id=claim_id)
    item = evidence.add_evidence(
        db,
        claim_id=claim_id,
        source_id=body.get("source_id"),
        stance=body.get("stance"),
        quote=body.get("quote", ""),
        locator=body.get("locator", ""),
        version=body.get("version"),
        actor=caller(),
    )
    return jsonify(claims.evidence_dict(item)), 201


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>", methods=["PATCH"])
@requires("write")
def edit_evidence(claim_id: int, evidence_id: int):
    body = json_body()
    _refuse_unknown(body, EVIDENCE_BODY)
    changes = {k: v for k, v in body.items() if k != "version"}
    item = evidence.edit_evidence(
        get_session(),
        claim_id=claim_id,
        evidence_id=evidence_id,
        version=body.get("version"),
        actor=caller(),
        **changes,
    )
    return jsonify(claims.evidence_dict(item))


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>", methods=["DELETE"])
@requires("write")
def remove_evidence(claim_id: int, evidence_id: int):
    """The item's `version` comes in the JSON body or as the query parameter `version`."""
    if request.args.get("version") is not None:
        version = query_int("version", maximum=2**63 - 1)
    else:
        version = json_body().get("version") if request.get_data() else None
    evidence.remove_evidence(
        get_session(), claim_id=claim_id, evidence_id=evidence_id, version=version, actor=caller()
    )
    return "", 204

"""API: the source library and evidence (API.md: POST/GET /sources, POST /claims/{id}/evidence; beside
them GET /sources/{id}, PATCH and DELETE /claims/{id}/evidence/{evidence_id})."""

from flask import jsonify, request

from ..db import get_session
from ..models.sources import (
    EvidenceCreate,
    EvidencePublic,
    EvidenceRemoval,
    EvidenceRemovalQuery,
    EvidenceUpdate,
    SourceCreate,
    SourceDetail,
    SourceList,
    SourcePublic,
    SourceQuery,
)
from ..permissions import requires
from ..services import claims, evidence, sources
from ..timeutil import iso
from . import bp
from .common import caller, given, parse_body, parse_query
from .spec import operation

STALE = "Stale `version`, or the claim is frozen (published, not checkable)"


@bp.route("/sources", methods=["POST"])
@requires("write")
@operation(
    "Add a source to the library",
    tag="sources",
    body=SourceCreate,
    ok={201: SourcePublic},
    conflict="The library already holds it (same address or document symbol): `fields.existing_id` names it",
)
def create_source():
    details = given(parse_body(SourceCreate))
    source = sources.create_source(get_session(), actor=caller(), title=details.pop("title"), **details)
    return jsonify(sources.source_dict(source)), 201


@bp.route("/sources", methods=["GET"])
@requires("read")
@operation("Search the source library", tag="sources", query=SourceQuery, ok={200: SourceList})
def list_sources():
    query = parse_query(SourceQuery)
    found = sources.search_sources(get_session(), q=query.q, limit=query.limit)
    return jsonify({"items": [sources.source_dict(source) for source in found]})


@bp.route("/sources/<int:source_id>", methods=["GET"])
@requires("read")
@operation("A source, its uploaded files and the claims that cite it", tag="sources", ok={200: SourceDetail})
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
@operation(
    "Cite a source on a claim",
    tag="evidence",
    body=EvidenceCreate,
    ok={201: EvidencePublic},
    conflict=STALE + " (`version`, when given, is the claim's)",
)
def add_evidence(claim_id: int):
    db = get_session()
    claims.get_claim(db, claim_id=claim_id)
    body = parse_body(EvidenceCreate)
    item = evidence.add_evidence(db, claim_id=claim_id, actor=caller(), **given(body))
    return jsonify(claims.evidence_dict(item)), 201


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>", methods=["PATCH"])
@requires("write")
@operation(
    "Change an evidence item",
    tag="evidence",
    body=EvidenceUpdate,
    ok={200: EvidencePublic},
    conflict=STALE + " (`version` is the item's)",
)
def edit_evidence(claim_id: int, evidence_id: int):
    db = get_session()
    evidence.get_evidence(db, claim_id=claims.get_claim(db, claim_id=claim_id).id, evidence_id=evidence_id)
    changes = given(parse_body(EvidenceUpdate))
    version = changes.pop("version")
    item = evidence.edit_evidence(
        db, claim_id=claim_id, evidence_id=evidence_id, version=version, actor=caller(), **changes
    )
    return jsonify(claims.evidence_dict(item))


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>", methods=["DELETE"])
@requires("write")
@operation(
    "Take an evidence item off a claim (the history keeps it)",
    tag="evidence",
    description="The item's `version` comes as the query parameter `version` or in the JSON body.",
    query=EvidenceRemovalQuery,
    body=EvidenceRemoval,
    body_optional=True,
    ok={204: None},
    conflict=STALE + " (`version` is the item's)",
)
def remove_evidence(claim_id: int, evidence_id: int):
    db = get_session()
    evidence.get_evidence(db, claim_id=claims.get_claim(db, claim_id=claim_id).id, evidence_id=evidence_id)
    version = parse_query(EvidenceRemovalQuery).version
    if version is None or request.get_data():  # a body sent is checked even beside the query parameter
        from_body = parse_body(EvidenceRemoval).version
        version = from_body if version is None else version
    evidence.remove_evidence(db, claim_id=claim_id, evidence_id=evidence_id, version=version, actor=caller())
    return "", 204

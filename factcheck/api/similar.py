"""API: has this been checked before? Similar claims for a text or a claim, and the "same as" link."""

from flask import current_app, jsonify, request, url_for

from ..db import get_session
from ..models.claims import ClaimPublic
from ..models.similar import SameAsLink, SimilarLimitQuery, SimilarList, SimilarQuery
from ..permissions import requires
from ..services import claims, similar, similar_export
from ..services.claim_filters import ClaimFilters
from ..web.reports import csv_response
from . import bp
from .common import caller, parse_body, parse_query
from .exports import CSV
from .queries import ClaimFilterQuery
from .spec import operation

SCORE = (
    "One list ranked by `score`, best first (0..1: shared wording, less where numbers, dates or names differ; "
    "`differs` says where), at most `limit` entries in all. The desk's own claims (any status) carry "
    "`claim_id`, with `rating` and `verdict_at` describing each one's current verdict and `url` its screen; "
    "reviews imported from other desks (`import-claimreview`) carry `external_id` instead, `status` null, "
    "`rating` as the other desk wrote it and `url` its review. On equal scores the desk's claims come first."
)


def _ranked(matches, external, limit: int | None) -> list[dict]:
    """The desk's matches and the other desks' in one list by score (the desk's first on a tie)."""
    link = lambda claim_id: url_for("claims.show", claim_id=claim_id)  # noqa: E731
    found = [(m.score, 0, similar.match_dict(m, link=link)) for m in matches]
    found += [(m.score, 1, similar.external_dict(m)) for m in external]
    found.sort(key=lambda row: (-row[0], row[1]))
    return [item for _, _, item in found][: limit or similar.DEFAULT_LIMIT]


@bp.get("/similar")
@requires("read")
@operation(
    "The archive's claims most like a text", tag="claims", query=SimilarQuery, ok={200: SimilarList},
    description=SCORE,
)  # fmt: skip
def similar_to_text():
    query = parse_query(SimilarQuery)
    db = get_session()
    return jsonify(
        _ranked(
            similar.similar_to_text(db, text=query.text, limit=query.limit),
            similar.similar_external(db, text=query.text, limit=query.limit),
            query.limit,
        )
    )


@bp.get("/claims/<int:claim_id>/similar")
@requires("read")
@operation(
    "The claims most like this one (itself left out)", tag="claims", query=SimilarLimitQuery,
    ok={200: SimilarList}, description=SCORE,
)  # fmt: skip
def similar_to_claim(claim_id: int):
    db = get_session()
    claims.get_claim(db, claim_id=claim_id)  # an unknown claim is 404 before the query is read
    query = parse_query(SimilarLimitQuery)
    claim = claims.get_claim(db, claim_id=claim_id)
    return jsonify(
        _ranked(
            similar.similar_to_claim(db, claim_id=claim_id, limit=query.limit),
            similar.similar_external(db, text=claim.text, limit=query.limit),
            query.limit,
        )
    )


@bp.post("/claims/<int:claim_id>/same-as")
@requires("edit")
@operation(
    "Link a claim to an earlier one whose verdict answers it (same as #N), or remove the link",
    tag="workflow",
    body=SameAsLink,
    ok={200: ClaimPublic},
    conflict="`version` is not the current one, or other claims are linked to this one as their original",
    description="`same_as_id` null removes the link. The claim's history records the change (`claim.same_as`).",
)
def claim_same_as(claim_id: int):
    db = get_session()
    claims.get_claim(db, claim_id=claim_id)
    body = parse_body(SameAsLink)
    claim = similar.link_same_as(
        db, claim_id=claim_id, same_as_id=body.same_as_id, actor=caller(), version=body.version
    )
    return claims.claim_dict(db, claim)


@bp.get("/export/similar.csv")
@requires("read")
@operation(
    "The `similar` CSV: each claim linked to an earlier verdict (same as #N), with that verdict",
    tag="export",
    query=ClaimFilterQuery,
    ok={200: CSV},
    description="Columns: " + ", ".join(similar_export.SIMILAR_COLUMNS) + ". No status means every status.",
)
def export_similar():
    filters = ClaimFilters.from_args(request.args, default_status=similar_export.DEFAULT_STATUS)
    engine = current_app.extensions["factcheck_engine"]
    return csv_response(similar_export.similar_csv(engine, filters, actor=caller()), "similar.csv")

"""API: the verdict and evidence CSV (API.md), and ClaimReview JSON-LD per article."""

from flask import current_app, jsonify

from ..db import get_session
from ..permissions import requires
from ..services import claimreview, exports
from ..web.reports import csv_response, desk, export_filters, report_url
from . import bp
from .common import caller
from .queries import ExportQuery
from .spec import Content, operation

CSV = Content(
    "text/csv", {"type": "string"}, "UTF-8 CSV with a BOM, every field quoted, one header row (API.md)"
)


@bp.route("/export/verdicts.csv")
@requires("read")
@operation("The verdict CSV (API.md columns)", tag="export", query=ExportQuery, ok={200: CSV})
def export_verdicts():
    """Query status (default published; all), article_id, rating and the other claim filters
    (services.claim_filters): the same bytes as the browser's export."""
    engine = current_app.extensions["factcheck_engine"]
    return csv_response(exports.verdict_csv(engine, export_filters(), actor=caller()), "verdicts.csv")


@bp.route("/export/evidence.csv")
@requires("read")
@operation("The evidence CSV: one row per evidence item", tag="export", query=ExportQuery, ok={200: CSV})
def export_evidence():
    engine = current_app.extensions["factcheck_engine"]
    return csv_response(exports.evidence_csv(engine, export_filters(), actor=caller()), "evidence.csv")


@bp.route("/articles/<int:article_id>/claimreview")
@requires("read")
@operation(
    "schema.org ClaimReview JSON-LD of the article's published claims",
    tag="export",
    ok={200: Content("application/ld+json", {"type": "array", "items": {"type": "object"}})},
)
def article_claimreview(article_id: int):
    """200 with the JSON-LD list of ClaimReview objects of the article's published claims; 404 unknown article."""
    data = claimreview.claim_reviews(get_session(), desk=desk(), report_url=report_url, article_id=article_id)
    response = jsonify(data)
    response.mimetype = "application/ld+json"
    return response

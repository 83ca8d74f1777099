"""Reports: CSV downloads, ClaimReview JSON-LD, the public report page of an article, the editors' dashboard."""

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    stream_with_context,
)

from ...db import get_session
from ...permissions import current_actor, requires
from ...services import claimreview, exports
from ...services import dashboard as dashboard_service
from ...services.claim_filters import ClaimFilters
from ...urls import public_url

bp = Blueprint("reports", __name__)


def csv_response(chunks, filename: str) -> Response:
    """A streamed CSV download (the generator opened its own Session; it outlives this request)."""
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def desk() -> claimreview.Desk:
    return claimreview.desk_of(current_app.config)


def report_url(article_id: int) -> str:
    """The absolute URL of an article's public report page (under PUBLIC_URL: factcheck/urls.py)."""
    return public_url("reports.public_report", article_id=article_id)


def json_download(data, filename: str) -> Response:
    response = jsonify(data)
    response.mimetype = "application/ld+json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_filters() -> ClaimFilters:
    """The export's filters from the query string (services.claim_filters; the status defaults to published)."""
    return ClaimFilters.from_args(request.args, default_status=exports.DEFAULT_STATUS)


@bp.route("/export/verdicts.csv")
@requires("read")
def export_verdicts():
    """The verdict CSV for the filters in the query string: the queue's "Export CSV" link carries its own."""
    engine = current_app.extensions["factcheck_engine"]
    chunks = exports.verdict_csv(engine, export_filters(), actor=current_actor())
    return csv_response(chunks, "verdicts.csv")


@bp.route("/export/evidence.csv")
@requires("read")
def export_evidence():
    engine = current_app.extensions["factcheck_engine"]
    chunks = exports.evidence_csv(engine, export_filters(), actor=current_actor())
    return csv_response(chunks, "evidence.csv")


@bp.route("/articles/<int:article_id>/claimreview.json")
@requires("public")
def claimreview_article(article_id: int):
    """ClaimReview JSON-LD of one article's published verdicts (public, like the report page)."""
    data = claimreview.claim_reviews(get_session(), desk=desk(), report_url=report_url, article_id=article_id)
    return json_download(data, f"claimreview-article-{article_id}.json")


@bp.route("/claimreview.json")
@requires("public")
def claimreview_desk():
    """ClaimReview JSON-LD of every published verdict of the desk."""
    data = claimreview.claim_reviews(get_session(), desk=desk(), report_url=report_url)
    return json_download(data, "claimreview.json")


@bp.route("/dashboard")
@requires("edit")
def dashboard():
    figures = dashboard_service.dashboard(get_session())
    return render_template("reports/dashboard.html", figures=figures)


from . import public  # noqa: E402,F401  (the public report page and its stylesheet register on bp)

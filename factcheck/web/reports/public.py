"""The public report page of an article (no sign-in) and the stylesheet of the rating colours.

What the page shows is gathered by services.public_report; this view only renders it."""

from flask import Response, current_app, render_template
from markupsafe import Markup

from ...db import get_session
from ...permissions import requires
from ...services import claimreview
from ...services.public_report import public_report as build_report
from ...services.rating_scale import COLOUR, SLUG
from ...services.ratings import list_ratings
from . import bp, desk, report_url


@bp.route("/report/<int:article_id>")
@requires("public")
def public_report(article_id: int):
    """An article with its published verdicts in place, a summary of them, its corrections and its
    ClaimReview JSON-LD. Readers need no sign-in, no script and no cookie."""
    report = build_report(
        get_session(),
        article_id=article_id,
        desk=desk(),
        report_url=report_url,
        show_names=bool(current_app.config.get("REPORT_SHOW_NAMES")),
    )
    return render_template(
        "reports/public.html",
        report=report,
        article=report.article,
        json_ld=Markup(claimreview.json_for_script(report.reviews)),  # noqa: S704  (<, >, & are \u-escaped)
    )


@bp.route("/ratings.css")
@requires("public")
def rating_css():
    """One class per rating slug with its colour (CSP forbids inline styles, so colours live here)."""
    rules = []
    for rating in list_ratings(get_session()):
        if not SLUG.fullmatch(rating.slug) or not COLOUR.fullmatch(rating.colour or ""):
            continue  # never write a value into CSS that the scale's rules would refuse
        rules.append(f".rating-{rating.slug} {{ --rating: {rating.colour.lower()}; }}")
    response = Response("\n".join(rules) + "\n", mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=60"
    return response

"""Has this been checked before, in the browser: the JSON the split screen and the claim screen load after
the page (so the page itself stays fast), and the editor's "same as #N" link."""

from flask import current_app, flash, jsonify, redirect, request, url_for
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from ...db import get_session
from ...errors import DomainError
from ...models.fields import MAX_ID
from ...permissions import current_actor, requires
from ...services import articles, claims, similar, similar_export
from ...services.claim_filters import ClaimFilters
from ..reports import csv_response
from . import bp, render_screen


class SameAsForm(FlaskForm):
    """Link the claim to an earlier one (empty: remove the link)."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    same_as_id = IntegerField("Same as claim #", validators=[Optional(), NumberRange(1, MAX_ID)])


def _link(claim_id: int) -> str:
    return url_for("claims.show", claim_id=claim_id)


def _item(match: similar.Match) -> dict:
    return similar.match_dict(match, link=_link)


@bp.get("/claims/<int:claim_id>/similar.json")
@requires("read")
def similar_json(claim_id: int):
    """The claim screen's "checked before?" list: the claims most like this one."""
    db = get_session()
    matches = similar.similar_to_claim(db, claim_id=claim_id, limit=similar.DEFAULT_LIMIT)
    claim = claims.get_claim(db, claim_id=claim_id)
    external = similar.similar_external(db, text=claim.text, limit=3)
    return jsonify(
        {"items": [_item(m) for m in matches], "external": [similar.external_dict(m) for m in external]}
    )


@bp.get("/articles/<int:article_id>/checked-before.json")
@requires("read")
def checked_before_json(article_id: int):
    """The split screen's "already checked" lines: for each check-worthy suggested sentence (by its index)
    and each claim of the article (by id), its best match elsewhere in the archive, if one is worth a look."""
    db = get_session()
    articles.get_article(db, article_id=article_id)
    texts = {
        f"s{i}": s.text
        for i, s in enumerate(articles.suggestions(db, article_id=article_id))
        if s.check_worthy
    }
    texts |= {f"c{c.id}": c.text for c in claims.claims_for_article(db, article_id=article_id)}
    found = similar.already_checked(db, texts=texts, exclude_article_id=article_id)
    return jsonify(
        {
            "suggestions": {key[1:]: _item(m) for key, m in found.items() if key[0] == "s"},
            "claims": {key[1:]: _item(m) for key, m in found.items() if key[0] == "c"},
        }
    )


@bp.post("/claims/<int:claim_id>/same-as")
@requires("edit")
def same_as(claim_id: int):
    """Link the claim to an earlier verdict ("same as #N") or remove the link."""
    form = SameAsForm()
    if not form.validate_on_submit():
        flash(
            "The form expired; please try again."
            if "csrf_token" in form.errors
            else "Give the number of an earlier claim.",
            "error",
        )
        return render_screen(claim_id, status=422)
    try:
        claim = similar.link_same_as(
            get_session(),
            claim_id=claim_id,
            same_as_id=form.same_as_id.data,
            actor=current_actor(),
            version=form.version.data,
        )
    except DomainError as error:
        flash(error.message, "error")
        return render_screen(claim_id, status=error.status)
    flash(
        f"Linked: the same claim as #{claim.same_as_id}." if claim.same_as_id else "The link was removed.",
        "info",
    )
    return redirect(url_for("claims.show", claim_id=claim_id) + "#similar")


@bp.get("/export/similar.csv")
@requires("read")
def export_similar():
    """The `similar` CSV (services.similar_export) for the claim filters in the query string."""
    filters = ClaimFilters.from_args(request.args, default_status=similar_export.DEFAULT_STATUS)
    engine = current_app.extensions["factcheck_engine"]
    return csv_response(similar_export.similar_csv(engine, filters, actor=current_actor()), "similar.csv")

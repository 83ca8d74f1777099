"""Articles: the list, adding one (paste, upload, fetch), the split screen where claims are made, corrections.

The split screen answers JSON to its own scripts (Accept: application/json) and redirects plain forms, so
every action works with and without JavaScript.
"""

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from sqlmodel import func, select

from ...db import get_session
from ...errors import DomainError, error_response, wants_json
from ...models import Claim
from ...models.claims import MAX_CLAIM_TEXT, MAX_CLAIMANT
from ...permissions import current_actor, requires
from ...services import articles, claims, duplicates, workflow
from ...services.extraction import ExtractedDocument
from ...services.roles import may
from ..links import url_pattern
from .forms import ArticleForm, ClaimForm, CorrectionForm, EditClaimForm, FetchForm, UploadForm
from .suggestion_items import suggestion_items
from .textview import claimed_counts, score_band, segments

bp = Blueprint("articles", __name__)


@bp.route("/articles")
@requires("read")
def index():
    db = get_session()
    counts = dict(db.exec(select(Claim.article_id, func.count()).group_by(Claim.article_id)).all())
    return render_template("articles/index.html", articles=articles.list_articles(db), counts=counts)


def _new_page(article_form=None, *, status=200, origin=None, duplicate=None):
    return render_template(
        "articles/new.html",
        form=article_form or ArticleForm(formdata=None),
        upload=UploadForm(prefix="upload", formdata=None),
        fetch=FetchForm(prefix="fetch", formdata=None),
        origin=origin,
        duplicate=duplicate,
    ), status


def _confirm_page(document: ExtractedDocument, origin: str):
    form = ArticleForm(
        formdata=None,
        title=document.title,
        outlet=document.outlet,
        url=document.url,
        published_at=document.published_at,
        text=document.text,
    )
    return _new_page(form, origin=origin)


def _form_failure(form, status: int = 422):
    flash("The article was not saved: " + _errors_text(form), "error")
    return _new_page(form, status=status)


def _errors_text(form) -> str:
    return "; ".join(
        f"{getattr(form, name).label.text if hasattr(form, name) else name}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


@bp.route("/articles/new", methods=["GET", "POST"])
@requires("write")
def new():
    """Paste an article (or confirm the text a file or page gave) and store it."""
    if request.method == "GET":
        return _new_page()
    form = ArticleForm()
    if not form.validate():
        return _form_failure(form, 400 if "csrf_token" in form.errors else 422)
    try:
        article = articles.create_article(
            get_session(),
            title=form.title.data,
            text=form.text.data,
            url=form.url.data or None,
            outlet=form.outlet.data,
            published_at=form.published_at.data,
            actor=current_actor(),
            max_chars=current_app.config["MAX_ARTICLE_CHARS"],
            refuse_duplicate=request.form.get("confirm_duplicate") != "1",
        )
    except duplicates.DuplicateArticle as error:  # a confirm step: the same form, with the match
        return _new_page(form, status=error.status, duplicate=error.match)
    except DomainError as error:
        flash(error.message, "error")
        return _new_page(form, status=error.status)
    flash(f"Article {article.id} added. Suggested sentences are marked; make claims from them.", "info")
    return redirect(url_for("articles.show", article_id=article.id))


@bp.route("/articles/new/upload", methods=["POST"])
@requires("write")
def upload():
    """Read an uploaded file and show its text and details to confirm before storing."""
    form = UploadForm(prefix="upload")
    if not form.validate():
        flash("No file was read: " + _errors_text(form), "error")
        return _new_page(status=400 if "csrf_token" in form.errors else 422)
    storage = form.file.data
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    data = storage.stream.read(limit + 1)
    try:
        document = articles.read_upload(
            filename=storage.filename or "",
            data=data,
            max_bytes=limit,
            budget=articles.reading_budget(current_app.config),
        )
    except DomainError as error:
        flash(error.message, "error")
        return _new_page(status=error.status)
    return _confirm_page(document, origin=storage.filename)


@bp.route("/articles/new/fetch", methods=["POST"])
@requires("write")
def fetch():
    """Fetch a web page on the server and show its text and details to confirm before storing."""
    form = FetchForm(prefix="fetch")
    if not form.validate():
        flash("Nothing was fetched: " + _errors_text(form), "error")
        return _new_page(status=400 if "csrf_token" in form.errors else 422)
    config = current_app.config
    try:
        document = articles.read_web_page(
            url=form.url.data,
            timeout=config["FETCH_TIMEOUT"],
            max_bytes=config["MAX_UPLOAD_BYTES"],
            allow_private=config["FETCH_ALLOW_PRIVATE"],
            budget=articles.reading_budget(config),
        )
    except DomainError as error:
        flash(error.message, "error")
        return _new_page(status=error.status)
    return _confirm_page(document, origin=document.url)


def _show_page(article_id: int, *, status: int = 200, claim_form=None):
    db = get_session()
    article = articles.get_article(db, article_id=article_id)
    revision = articles.current_revision(db, article_id=article_id)
    suggestions = articles.suggestions(db, article_id=article_id)
    all_claims = claims.claims_for_article(db, article_id=article_id)
    placed = [
        c for c in all_claims if c.revision_id == revision.id and c.start is not None and not c.anchor_lost
    ]
    actor = current_actor()
    can_write = may(actor, "write")
    claimed = claimed_counts(suggestions, placed)
    return render_template(
        "articles/show.html",
        article=article,
        revision=revision,
        suggestions=suggestions,
        suggestion_items=suggestion_items(
            suggestions,
            claimed,
            text=revision.text,
            title=article.title,
            can_write=can_write,
            add_claim_url=url_for("articles.add_claim", article_id=article.id),
            csrf_token=generate_csrf(),
        ),
        claimed=claimed,
        can_write=can_write,
        claims=all_claims,
        placed={c.id for c in placed},
        segments=segments(revision.text, suggestions, placed),
        score_band=score_band,
        claim_form=claim_form or ClaimForm(formdata=None),
        claim_url=url_pattern("claims.show", "claim_id"),
        edit_claim_url=url_pattern("articles.edit_claim", "claim_id", article_id=article.id),
        # only the claims the workflow lets this person reword get an edit form (written out in the page:
        # EditClaimForm rendered through WTForms for each was a third of the page's time, #10)
        editable={c.id for c in all_claims if workflow.may_change_content(db, c, actor)},
        limits={"text": MAX_CLAIM_TEXT, "claimant": MAX_CLAIMANT},
    ), status


@bp.route("/articles/<int:article_id>")
@requires("read")
def show(article_id: int):
    """The split screen: the article with suggestions and claims marked, the lists beside it."""
    return _show_page(article_id)


def _failure(message: str, fields: dict, status: int, article_id: int, form=None):
    if wants_json():
        return error_response(status, "invalid" if status == 422 else "bad_request", message, fields)
    flash(message, "error")
    return _show_page(article_id, status=status, claim_form=form)


@bp.route("/articles/<int:article_id>/claims", methods=["POST"])
@requires("write")
def add_claim(article_id: int):
    """Make a claim from a suggestion, a selection, or typed wording. JSON answer: 201 {"claim": ...}."""
    db = get_session()
    articles.get_article(db, article_id=article_id)
    form = ClaimForm()
    if not form.validate():
        fields = {name: " ".join(errors) for name, errors in form.errors.items()}
        status = 400 if "csrf_token" in fields else 422
        return _failure("The claim was not added: " + _errors_text(form), fields, status, article_id, form)
    try:
        claim = claims.create_claim(
            db,
            article_id=article_id,
            text=form.text.data,
            start=form.start.data,
            end=form.end.data,
            claimant=form.claimant.data,
            actor=current_actor(),
        )
    except DomainError as error:
        return _failure(error.message, error.fields, error.status, article_id, form)
    if wants_json():
        return jsonify({"claim": claims.claim_dict(db, claim, with_evidence=False)}), 201
    flash(f"Claim {claim.id} added.", "info")
    return redirect(url_for("articles.show", article_id=article_id, _anchor=f"claim-{claim.id}"))


@bp.route("/articles/<int:article_id>/claims/<int:claim_id>", methods=["POST"])
@requires("write")
def edit_claim(article_id: int, claim_id: int):
    """Change a claim's wording (and claimant) so it stands alone; the form carries the version it edits."""
    db = get_session()
    claim = claims.get_claim(db, claim_id=claim_id)
    if claim.article_id != article_id:
        return error_response(404, "not_found", f"Article {article_id} has no claim {claim_id}.")
    form = EditClaimForm(prefix=f"c{claim_id}")
    if not form.validate():
        fields = {name: " ".join(errors) for name, errors in form.errors.items()}
        status = 400 if "csrf_token" in fields else 422
        return _failure("The claim was not saved: " + _errors_text(form), fields, status, article_id)
    try:
        version = int(form.version.data)
    except ValueError:
        return _failure(
            "The form lost the claim's version; reload.", {"version": "whole number"}, 422, article_id
        )
    changes = {"text": form.text.data}
    if f"c{claim_id}-claimant" in request.form:
        changes["claimant"] = form.claimant.data
    try:
        claim = claims.update_claim(db, claim_id=claim_id, version=version, actor=current_actor(), **changes)
    except DomainError as error:
        return _failure(error.message, error.fields, error.status, article_id)
    if wants_json():
        return jsonify({"claim": claims.claim_dict(db, claim, with_evidence=False)})
    flash(f"Claim {claim.id} saved.", "info")
    return redirect(url_for("articles.show", article_id=article_id, _anchor=f"claim-{claim.id}"))


@bp.route("/articles/<int:article_id>/correct", methods=["GET", "POST"])
@requires("write")
def correct(article_id: int):
    """Store a corrected text as a new revision; claims are re-anchored, lost ones flagged."""
    db = get_session()
    article = articles.get_article(db, article_id=article_id)
    revision = articles.current_revision(db, article_id=article_id)
    form = CorrectionForm() if request.method == "POST" else CorrectionForm(formdata=None, text=revision.text)
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                report = articles.add_revision(
                    db,
                    article_id=article_id,
                    text=form.text.data,
                    note=form.note.data,
                    actor=current_actor(),
                    max_chars=current_app.config["MAX_ARTICLE_CHARS"],
                )
            except DomainError as error:
                flash(error.message, "error")
                status = error.status
            else:
                _flash_report(report)
                return redirect(url_for("articles.show", article_id=article_id))
        else:
            flash("The correction was not saved: " + _errors_text(form), "error")
            status = 400 if "csrf_token" in form.errors else 422
    return render_template(
        "articles/correct.html",
        article=article,
        revision=revision,
        revisions=articles.revisions(db, article_id=article_id),
        form=form,
    ), status


def _flash_report(report: articles.CorrectionReport) -> None:
    flash(f"Revision {report.revision.number} saved.", "info")
    if report.moved:
        ids = ", ".join(f"#{c.id}" for c in report.moved)
        flash(f"Re-placed in the corrected text: {len(report.moved)} claim(s) ({ids}).", "info")
    if report.kept:
        flash(f"Unchanged in place: {len(report.kept)} claim(s).", "info")
    if report.lost:
        ids = ", ".join(f"#{c.id}" for c in report.lost)
        flash(
            f"Could not be placed in the corrected text: {len(report.lost)} claim(s) ({ids}). "
            "They are flagged below; check each one.",
            "warning",
        )

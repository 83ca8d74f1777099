"""HTML views of the source library: list and search, add and edit, files (upload, download, search
inside), and the evidence panel's actions on the claim screen (evidence_views)."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from sqlmodel import select

from ...db import get_session
from ...errors import DomainError
from ...models import RELIABILITY, SOURCE_KINDS, Claim
from ...permissions import current_actor, requires
from ...services import evidence, sources
from ...services.extraction import Budget
from .forms import SourceForm, UploadForm

bp = Blueprint("sources", __name__)


def _for_claim() -> int | None:
    """The claim the person is finding evidence for (?claim=N carried through the library's links)."""
    return request.args.get("claim", type=int)


def _template_globals() -> dict:
    return {
        "reliability": RELIABILITY,
        "source_kinds": SOURCE_KINDS,
        "official_url": sources.official_document_url,
        "for_claim": _for_claim(),
    }


def _apply_errors(form: SourceForm, error: DomainError) -> None:
    for name, why in error.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors or []), why]


@bp.route("/sources")
@requires("read")
def index():
    q = request.args.get("q", "")
    found = sources.search_sources(get_session(), q=q)
    return render_template("sources/index.html", found=found, q=q, **_template_globals())


@bp.route("/sources/new", methods=["GET", "POST"])
@requires("write")
def new():
    form = SourceForm()
    if request.method == "GET":
        for name in ("title", "url", "document_symbol"):
            if request.args.get(name):
                getattr(form, name).data = request.args[name]
    status, duplicate = 200, None
    if form.validate_on_submit():
        try:
            source = sources.create_source(get_session(), actor=current_actor(), **form.details())
        except sources.DuplicateSource as error:
            # said once, by the notice above the form (with a link to the copy in the library); the form
            # keeps what was typed
            duplicate, status = error.existing, 409
        except DomainError as error:
            _apply_errors(form, error)
            flash(error.message, "error")
            status = error.status
        else:
            flash(f"Added “{source.title}” to the library.", "info")
            return redirect(url_for("sources.show", source_id=source.id, claim=_for_claim()))
    elif form.errors:
        status = 422
    return render_template(
        "sources/form.html", form=form, source=None, duplicate=duplicate, **_template_globals()
    ), status


@bp.route("/sources/<int:source_id>/edit", methods=["GET", "POST"])
@requires("write")
def edit(source_id: int):
    db = get_session()
    source = sources.get_source(db, source_id=source_id)
    form = SourceForm(obj=source)
    status, duplicate = 200, None
    if form.validate_on_submit():
        try:
            sources.update_source(db, source_id=source.id, actor=current_actor(), **form.details())
        except sources.DuplicateSource as error:
            # said once, by the notice above the form (with a link to the copy in the library); the form
            # keeps what was typed
            duplicate, status = error.existing, 409
        except DomainError as error:
            _apply_errors(form, error)
            flash(error.message, "error")
            status = error.status
        else:
            flash("Saved.", "info")
            return redirect(url_for("sources.show", source_id=source.id))
    elif form.errors:
        status = 422
    return render_template(
        "sources/form.html", form=form, source=source, duplicate=duplicate, **_template_globals()
    ), status


def _render_source(source, *, upload_form: UploadForm | None = None, status: int = 200, **extra):
    db = get_session()
    return render_template(
        "sources/show.html",
        source=source,
        files=sources.files_for_source(db, source_id=source.id),
        citations=evidence.claims_citing(db, source_id=source.id),
        upload_form=upload_form or UploadForm(),
        **_template_globals(),
        **extra,
    ), status


@bp.route("/sources/<int:source_id>")
@requires("read")
def show(source_id: int):
    return _render_source(sources.get_source(get_session(), source_id=source_id))


@bp.route("/sources/<int:source_id>/files", methods=["POST"])
@requires("write")
def upload(source_id: int):
    db = get_session()
    source = sources.get_source(db, source_id=source_id)
    form = UploadForm()
    if not form.validate_on_submit():
        flash("Choose a file to upload.", "error")
        return _render_source(source, upload_form=form, status=422)
    upload = form.file.data
    try:
        row = sources.attach_file(
            db,
            source_id=source.id,
            filename=upload.filename or "",
            data=upload.read(current_app.config["MAX_UPLOAD_BYTES"] + 1),
            actor=current_actor(),
            storage=current_app.extensions["factcheck_storage"],
            max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
            budget=Budget.from_config(current_app.config),
        )
    except DomainError as error:
        db.rollback()
        form.file.errors = [error.message]
        flash(error.message, "error")
        return _render_source(source, upload_form=form, status=error.status)
    count = sources.page_count(db, file_id=row.id)
    flash(f"Uploaded {row.filename} ({count} {'page' if count == 1 else 'pages'} of text).", "info")
    return redirect(url_for("sources.show", source_id=source.id, claim=_for_claim(), _anchor="files"))


@bp.route("/sources/<int:source_id>/files/<int:file_id>")
@requires("read")
def download(source_id: int, file_id: int):
    row = sources.get_file(get_session(), source_id=source_id, file_id=file_id)
    # the same answer from either store: the bytes streamed with their length, ranges and If-None-Match
    stored = current_app.extensions["factcheck_storage"].open(row.sha256)
    response = send_file(
        stored.stream,
        mimetype=sources.safe_download_type(row.content_type),
        as_attachment=True,
        download_name=row.filename,
        conditional=False,
        etag=row.sha256,
    )
    response.content_type = sources.safe_download_type(row.content_type)  # send_file adds a 2nd charset
    response.content_length = stored.size
    response = response.make_conditional(request, accept_ranges=True, complete_length=stored.size)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Even if a browser ignored the attachment, the document could run nothing and load nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/sources/<int:source_id>/search")
@requires("read")
def search_file(source_id: int):
    db = get_session()
    source = sources.get_source(db, source_id=source_id)
    q = " ".join(request.args.get("q", "").split())[:300]
    matches = sources.search_in_source(db, source_id=source.id, phrase=q) if q else []
    held = []
    actor = current_actor()
    if actor is not None:
        held = db.exec(
            select(Claim)
            .where(Claim.assignee_id == actor.id, Claim.status == "in_progress")
            .order_by(Claim.id.desc())
            .limit(50)
        ).all()
    return render_template(
        "sources/search.html",
        source=source,
        q=q,
        matches=matches,
        files=sources.files_for_source(db, source_id=source.id),
        held=held,
        **_template_globals(),
    )


@bp.route("/sources/<int:source_id>/quote")
@requires("read")
def quote(source_id: int):
    """ "Quote this": open a claim's evidence form with this source, passage and page filled in."""
    claim_id = request.args.get("claim_id", type=int)
    if not claim_id or get_session().get(Claim, claim_id) is None:
        flash("Give the number of an existing claim to quote this passage on.", "error")
        return redirect(url_for("sources.search_file", source_id=source_id, q=request.args.get("q", "")))
    return redirect(
        url_for(
            "claims.show",
            claim_id=claim_id,
            source_id=source_id,
            quote=request.args.get("quote", "")[:5000],
            locator=request.args.get("locator", "")[:200],
            _anchor="evidence-form",
        )
    )


from . import evidence_views  # noqa: E402,F401  (routes register on bp)

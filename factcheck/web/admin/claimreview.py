"""Admin screen: import other desks' fact-checks (schema.org ClaimReview) from an address or an uploaded file,
as `flask import-claimreview PATH_OR_URL` does, and show what became of each record."""

from flask import current_app, render_template
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import URLField
from wtforms.validators import Length, Optional

from ...db import get_session
from ...errors import DomainError, Invalid
from ...models.fields import MAX_URL
from ...permissions import current_actor, requires
from ...services import external_reviews
from . import bp


class ClaimReviewImportForm(FlaskForm):
    """One of: the address of a feed or page, or a JSON / JSON-LD / HTML file."""

    url = URLField("Address of a feed or a fact-check page", validators=[Optional(), Length(max=MAX_URL)])
    file = FileField("Or a file (JSON, JSON-LD or an HTML page)")


def _page(form: ClaimReviewImportForm, *, report=None, origin=None, error=None, status=200):
    return render_template(
        "admin/claimreview.html", form=form, report=report, origin=origin, error=error
    ), status


def _read_upload(storage, max_bytes: int) -> bytes:
    data = storage.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Invalid("The file is too large to import.", fields={"file": "too large"})
    if not data.strip():
        raise Invalid("The file is empty.", fields={"file": "empty"})
    return data


@bp.route("/claimreview", methods=["GET", "POST"])
@requires("admin")
def claimreview_import():
    """The form (GET) and an import (POST): records are read one by one, a bad one is reported, never fatal."""
    form = ClaimReviewImportForm()
    if not form.is_submitted():
        return _page(form)
    if not form.validate():
        error = (
            "The form expired; please try again."
            if "csrf_token" in form.errors
            else "; ".join(f"{name}: {', '.join(problems)}" for name, problems in form.errors.items())
        )
        return _page(form, error=error, status=400 if "csrf_token" in form.errors else 422)
    config = current_app.config
    upload = form.file.data if form.file.data and form.file.data.filename else None
    address = (form.url.data or "").strip()
    try:
        if upload and address:
            raise Invalid("Give an address or a file, not both.", fields={"url": "one of the two"})
        if upload:
            origin = upload.filename[:MAX_URL]
            data = _read_upload(upload.stream, config["MAX_UPLOAD_BYTES"])
        elif address:
            origin = address
            data = external_reviews.fetch(
                address,
                timeout=config["FETCH_TIMEOUT"],
                max_bytes=config["MAX_UPLOAD_BYTES"],
                allow_private=config["FETCH_ALLOW_PRIVATE"],
            )
        else:
            raise Invalid("Give the address of a feed or page, or choose a file.", fields={"url": "required"})
        report = external_reviews.import_reviews(
            get_session(), data=data, origin=origin, actor=current_actor()
        )
    except DomainError as error:
        return _page(form, error=error.message, status=error.status)
    return _page(ClaimReviewImportForm(formdata=None), report=report, origin=origin)

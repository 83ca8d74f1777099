"""The review queue: claims waiting for work, filters, "Take next", and editors' bulk changes."""

import functools

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from ...db import get_session
from ...errors import DomainError
from ...models import PRIORITIES, STATUSES
from ...permissions import current_actor, requires, role_has
from ...services import exports, queue, ratings, workflow
from ...services.claim_filters import DUE_FILTERS, FILTER_KEYS, ClaimFilters, article_choices
from ...services.workflow import STATUS_LABELS
from ...timeutil import utcnow
from ..auth.forms import EmptyForm
from ..links import url_pattern
from ..options import option_tags
from .forms import BulkForm

bp = Blueprint("queue", __name__)
VIEW_KEYS = ("sort", "per_page")  # how the page shows the claims, besides which claims (ClaimFilters)


def _cut(text: str, length: int = 48, leeway: int = 5) -> str:
    """Jinja's `truncate(length)`: past length + leeway, cut at the last whole word and add "..."."""
    return text if len(text) <= length + leeway else text[: length - 3].rsplit(" ", 1)[0] + "..."


def article_options(choices: list[tuple[int, str]], chosen: int | None) -> Markup:
    """The article filter's <option>s (up to 500), titles cut as Jinja's `truncate` would."""
    return _article_options(tuple(choices), chosen)


@functools.lru_cache(maxsize=32)
def _article_options(choices: tuple[tuple[int, str], ...], chosen: int | None) -> Markup:
    """Kept per process for the same articles and choice (the key is the whole list: never stale)."""
    return option_tags(((article_id, _cut(title)) for article_id, title in choices), chosen)


@functools.lru_cache(maxsize=64)
def people_options(people: tuple[tuple[str, str], ...], chosen: str | None) -> Markup:
    """The assignee menus' <option>s for `people` ((username, name) of workflow.assignable_people), `chosen`
    selected."""
    return Markup(  # noqa: S704 (every value put in is escaped)
        "".join(
            f'<option value="{escape(username)}"{" selected" if username == chosen else ""}>{escape(name)}</option>'
            for username, name in people
        )
    )


@functools.cache
def bulk_fields() -> dict[str, Markup]:
    """The bulk form's fields as HTML (labels, the operation and priority menus, the date input): the same
    for every page and person, rendered by WTForms once per process rather than built and rendered per
    request. Its CSRF token is the page's (csrf_token() in the template)."""
    form = BulkForm(formdata=None, meta={"csrf": False})
    return {
        "operation": form.operation(id="bulk-operation"),
        "assignee_label": Markup.escape(form.assignee.label.text),
        "priority_label": Markup.escape(form.priority.label.text),
        "priority": form.priority(id="bulk-priority"),
        "due_date_label": Markup.escape(form.due_date.label.text),
        "due_date": form.due_date(id="bulk-due"),
    }


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


@bp.route("/queue")
@requires("read")
def index():
    db = get_session()
    actor = current_actor()
    filters = ClaimFilters.from_args(request.args)
    sort = request.args.get("sort", "priority")
    sort = sort if sort in queue.SORTS else "priority"
    per_page = min(_int_arg("per_page") or 25, queue.MAX_PER_PAGE)
    page = queue.list_claims(
        db, filters=filters, actor=actor, sort=sort, page=_int_arg("page") or 1, per_page=per_page
    )
    export_url = None
    if "reports.export_verdicts" in current_app.view_functions:
        # every filter on screen ("mine" by name); the export's own default status is "published", so a
        # queue showing every status asks for "all"
        shown = filters.for_person(actor).to_args(default_status=exports.DEFAULT_STATUS)
        export_url = url_for("reports.export_verdicts", **shown)
    view = {key: request.args[key] for key in VIEW_KEYS if request.args.get(key)}
    people = tuple((user.username, user.name) for user in workflow.assignable_people(db))
    return render_template(
        "queue/index.html",
        page=page,
        filters=filters,
        sort=sort,
        sorts=queue.SORTS,
        due_filters=DUE_FILTERS,
        statuses=STATUSES,
        status_labels=STATUS_LABELS,
        priorities=PRIORITIES,
        ratings=ratings.list_ratings(db),
        people=people_options(people, filters.assignee),
        bulk_people=people_options(people, None),
        article_options=article_options(article_choices(db, include=filters.article_id), filters.article_id),
        claim_url=url_pattern("claims.show", "claim_id"),
        article_url=url_pattern("queue.index", "article_id"),
        args=filters.to_args() | view,
        export_url=export_url,
        bulk=bulk_fields() if role_has(actor.role, "edit") else None,
        today=utcnow().date(),
        now=utcnow(),
    )


@bp.route("/queue/next", methods=["POST"])
@requires("write")
def take_next():
    if not EmptyForm().validate_on_submit():
        flash("The form expired; please try again.", "error")
        return redirect(url_for("queue.index"))
    claim = queue.take_next(get_session(), actor=current_actor())
    if claim is None:
        flash("Nothing is open right now: the queue is empty.", "info")
        return redirect(url_for("queue.index"))
    flash(f"Claim {claim.id} is yours now.", "info")
    return redirect(url_for("claims.show", claim_id=claim.id))


@bp.route("/queue/bulk", methods=["POST"])
@requires("edit")
def bulk():
    form = BulkForm()
    back = redirect(url_for("queue.index", **_return_filters()))
    if not form.validate_on_submit():
        flash(
            "Check the bulk change: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in form.errors.items()),
            "error",
        )
        return back
    ids = [int(value) for value in request.form.getlist("claim_ids") if value.isdigit()]
    if not ids:
        flash("Tick at least one claim first.", "error")
        return back
    db, actor = get_session(), current_actor()
    try:
        if form.operation.data == "assign":
            result = queue.bulk_assign(db, claim_ids=ids, assignee=form.assignee.data or "", actor=actor)
        elif form.operation.data == "priority":
            result = queue.bulk_priority(
                db, claim_ids=ids, priority=int(form.priority.data or 0), actor=actor
            )
        else:
            result = queue.bulk_due(db, claim_ids=ids, due_date=form.due_date.data, actor=actor)
    except DomainError as error:
        flash(error.message, "error")
        return back
    if result.done:
        flash(f"Changed {len(result.done)} claim(s).", "info")
    for claim_id, why in result.refused.items():
        flash(f"Claim {claim_id}: {why}", "error")
    return back


def _return_filters() -> dict:
    return {key: request.form[key] for key in (*FILTER_KEYS, *VIEW_KEYS) if request.form.get(key)}

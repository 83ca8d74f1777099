"""The inbox screen: what I was assigned, what was returned to me (with the editor's reason), what was
approved, reopened, and where someone @mentioned me; unread first. Marking read is a POST (never on GET):
"Open" marks one read and goes to its claim; "Mark read" and "Mark all read" stay on the inbox."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from ...db import get_session
from ...errors import DomainError
from ...models.fields import MAX_ID, MAX_PAGE
from ...permissions import current_actor, requires, role_has
from ...services import inbox, markdown
from ..auth.forms import EmptyForm

bp = Blueprint("inbox", __name__)
PER_PAGE = 25


@bp.app_context_processor
def _unread_in_nav():
    def inbox_unread() -> int:
        """The signed-in person's unread count for the navigation bar (one indexed count)."""
        actor = current_actor()
        if actor is None or not role_has(actor.role, "read"):
            return 0
        try:
            return inbox.unread_count(get_session(), user=actor)
        except SQLAlchemyError:  # an error page while the database is away still renders
            return 0

    return {"inbox_unread": inbox_unread}


def _whole(raw: str | None, default: int, maximum: int) -> int:
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 19 and 1 <= int(raw) <= maximum:
        return int(raw)
    return default


@bp.route("/inbox")
@requires("read")
def index():
    unread_only = request.args.get("unread", "") in ("1", "true", "yes", "on")
    page = inbox.list_inbox(
        get_session(),
        user=current_actor(),
        unread_only=unread_only,
        page=_whole(request.args.get("page"), 1, MAX_PAGE),
        per_page=PER_PAGE,
    )
    return render_template(
        "inbox/index.html",
        page=page,
        unread_only=unread_only,
        button=EmptyForm(),
        render_markdown=markdown.render,
    )


def _back() -> str:
    return url_for("inbox.index", unread="1" if request.form.get("unread") == "1" else None)


@bp.route("/inbox/read", methods=["POST"])
@requires("read")
def mark_read():
    """Mark the posted `id`s read, or every one with `all=1`."""
    if not EmptyForm().validate_on_submit():
        flash("The form expired; please try again.", "error")
        return redirect(_back())
    raw = request.form.getlist("id")
    everything = request.form.get("all") == "1"
    ids = [_whole(value, 0, MAX_ID) for value in raw]
    try:
        if any(i == 0 for i in ids):
            flash("Those notifications are not in your inbox.", "error")
            return redirect(_back())
        marked = inbox.mark_read(get_session(), user=current_actor(), ids=ids, everything=everything)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(_back())
    flash("Nothing was unread." if not marked else f"Marked {marked} read.", "info")
    return redirect(_back())


@bp.route("/inbox/<int:notification_id>/open", methods=["POST"])
@requires("read")
def open_item(notification_id: int):
    """Mark one notification read and go to its claim."""
    db = get_session()
    if not EmptyForm().validate_on_submit():
        flash("The form expired; please try again.", "error")
        return redirect(url_for("inbox.index"))
    found = inbox.get_notification(db, notification_id=notification_id, user=current_actor())
    claim_id = found.claim_id
    inbox.mark_read(db, user=current_actor(), ids=[notification_id])
    if claim_id is None:
        return redirect(url_for("inbox.index"))
    return redirect(url_for("claims.show", claim_id=claim_id), code=303)

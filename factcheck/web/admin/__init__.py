"""Admin screens: the team (accounts, roles, deactivation) and API tokens (issue, list, revoke)."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for

from ...db import get_session
from ...errors import DomainError
from ...permissions import current_actor, requires
from ...services import queue, users
from ...services.claim_filters import ClaimFilters
from ..auth.forms import EmptyForm
from .forms import AddUserForm, IssueTokenForm, RoleForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"])
@requires("admin")
def user_list():
    form = AddUserForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = users.create_user(
                get_session(),
                username=form.username.data,
                password=form.password.data,
                role=form.role.data,
                display_name=form.display_name.data or "",
                actor=current_actor(),
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except DomainError as error:
            flash(error.message, "error")
            status = error.status
        else:
            flash(f"Added {user.username} as {user.role}.", "info")
            return redirect(url_for("admin.user_list"))
    elif form.errors:
        status = 422
    return _team_page(form, status=status)


def _team_page(form: AddUserForm | None = None, token_form: IssueTokenForm | None = None, status: int = 200):
    db = get_session()
    team = users.list_users(db)
    role_forms = {user.id: RoleForm(prefix=f"u{user.id}", role=user.role) for user in team}
    return render_template(
        "admin/users.html",
        form=form or AddUserForm(formdata=None),
        team=team,
        role_forms=role_forms,
        button=EmptyForm(),
        tokens=users.list_tokens(db),
        token_form=token_form or IssueTokenForm(formdata=None),
    ), status


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@requires("admin")
def change_role(user_id: int):
    form = RoleForm(prefix=f"u{user_id}")
    if form.validate_on_submit():
        user = users.change_role(get_session(), user_id=user_id, role=form.role.data, actor=current_actor())
        flash(f"{user.username} is now {user.role}.", "info")
    else:
        flash("Choose a role from the list.", "error")
    return redirect(url_for("admin.user_list"))


@bp.route("/users/<int:user_id>/deactivate", methods=["GET"])
@requires("admin")
def deactivate_confirm(user_id: int):
    """The step before deactivating a colleague: what it does (signed out everywhere, tokens refused, the
    claims they hold stay theirs until released), with the one button that does it."""
    db = get_session()
    user = users.get_user_by_id(db, user_id=user_id)
    held = queue.list_claims(
        db, filters=ClaimFilters(status="in_progress", assignee=user.username), per_page=1
    ).total
    tokens = [t for t in users.list_tokens(db, user_id=user.id) if t.status == "active"]
    return render_template("admin/deactivate.html", user=user, held=held, tokens=tokens, button=EmptyForm())


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@requires("admin")
def deactivate(user_id: int):
    user = users.set_active(get_session(), user_id=user_id, active=False, actor=current_actor())
    flash(f"{user.username} is deactivated and signed out everywhere.", "info")
    return redirect(url_for("admin.user_list"))


@bp.route("/users/<int:user_id>/activate", methods=["POST"])
@requires("admin")
def activate(user_id: int):
    user = users.set_active(get_session(), user_id=user_id, active=True, actor=current_actor())
    flash(f"{user.username} can sign in again.", "info")
    return redirect(url_for("admin.user_list"))


@bp.route("/users/<int:user_id>/token", methods=["POST"])
@requires("admin")
def issue_token(user_id: int):
    form = IssueTokenForm()
    db = get_session()
    user = users.get_user_by_id(db, user_id=user_id)
    if not form.validate_on_submit():
        flash("No token issued: " + "; ".join(form.expires_days.errors or ["try again"]), "error")
        return _team_page(token_form=form, status=422)
    token = users.create_token(db, user=user, actor=current_actor(), expires_in_days=form.expires_days.data)
    row = users.find_token(db, prefix_or_id=token)
    return render_template("admin/token.html", user=user, token=token, expires_at=row.expires_at)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@requires("admin")
def revoke_token(token_id: int):
    row = users.revoke_token(get_session(), token_id=token_id, actor=current_actor())
    owner = users.get_user_by_id(get_session(), user_id=row.user_id)
    flash(f"Revoked {owner.username}'s API token {row.prefix}…: it no longer works.", "info")
    return redirect(url_for("admin.user_list") + "#api-tokens")


from . import claimreview, ratings  # noqa: E402,F401  (their screens register on bp)

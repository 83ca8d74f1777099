"""Signing in and out, and changing one's own password."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ...db import get_session
from ...errors import DomainError
from ...permissions import current_actor, requires
from ...services import users
from .forms import ChangePasswordForm, EmptyForm, SignInForm

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no //host, /\\host, schemes or control chars)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 32 or ch.isspace() for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@requires("public")
def login():
    form = SignInForm()
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("main.index"))
    status = 200
    if form.validate_on_submit():
        db = get_session()
        config = current_app.config
        remote = request.remote_addr or ""
        try:
            # records the attempt first, then checks the throttle, then the password (services/users.py)
            user = users.authenticate(
                db,
                username=form.username.data,
                password=form.password.data,
                remote_addr=remote,
                failures=config["LOGIN_THROTTLE_FAILURES"],
                minutes=config["LOGIN_THROTTLE_MINUTES"],
                hash_method=config["PASSWORD_HASH_METHOD"],
            )
        except users.Throttled:
            current_app.logger.warning("sign-in throttled for %r from %s", form.username.data, remote)
            flash("Too many failed sign-ins. Wait a few minutes and try again.", "error")
            return render_template("auth/login.html", form=form), 429
        if user is None:
            current_app.logger.warning("failed sign-in for %r from %s", form.username.data, remote)
            flash("Wrong username or password.", "error")
            status = 401
        else:
            session.clear()  # a fresh session on sign-in: nothing from before survives
            user._session_token = users.start_session(db, user=user, remote_addr=remote)
            login_user(user)
            return redirect(next_url or url_for("main.index"))
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@requires("signed_in")
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        token = current_user.get_id()
        if token:
            users.end_session(get_session(), token=token, remote_addr=request.remote_addr or "")
        logout_user()
        session.clear()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires("signed_in")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            users.change_password(
                get_session(),
                user=current_actor(),
                current_password=form.current_password.data,
                new_password=form.new_password.data,
                keep_token=current_user.get_id(),
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except DomainError as error:
            flash(error.message, "error")
            return render_template("auth/password.html", form=form), error.status
        flash("Password changed. Your other sessions have been signed out.", "info")
        return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form), 422 if form.errors else 200

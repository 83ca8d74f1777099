"""Sign-in sessions end after FACTCHECK_SESSION_IDLE_MINUTES unused and FACTCHECK_SESSION_MAX_HOURS after
sign-in. Time moves by editing the session row's timestamps, never by sleeping."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from factcheck.config import default_config
from factcheck.models import LoginSession
from factcheck.services import users
from factcheck.timeutil import utcnow

from .conftest import csrf_token, sign_in

EXPIRED = "Your session expired, please sign in again."


def _open_session(db, user) -> LoginSession:
    """The user's one open sign-in session, read afresh; the test's transaction is ended again (on
    SQLite it would hold the write lock the app's requests wait for)."""
    db.rollback()
    db.expire_all()
    row = db.exec(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    ).one()
    db.commit()
    return row


def _reload(db, row_id: int) -> LoginSession:
    db.rollback()
    db.expire_all()
    row = db.get(LoginSession, row_id)
    db.commit()
    return row


def _set(db, row_id: int, **values) -> None:
    row = db.get(LoginSession, row_id)
    for name, value in values.items():
        setattr(row, name, value)
    db.add(row)
    db.commit()


def _signed_in(client, db, user) -> LoginSession:
    sign_in(client, user.username)
    assert client.get("/").status_code == 200
    return _open_session(db, user)


def _sent_to_sign_in_with_the_message(client, path: str = "/queue") -> None:
    response = client.get(path)
    assert response.status_code == 302 and f"/login?next={path}" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert EXPIRED in page


def test_an_idle_session_expires_ends_and_says_so_once(app, client, db, team):
    row = _signed_in(client, db, team["reviewer"])
    idle = app.config["SESSION_IDLE_MINUTES"]
    _set(db, row.id, last_seen_at=utcnow() - timedelta(minutes=idle, seconds=5))
    _sent_to_sign_in_with_the_message(client)
    assert _reload(db, row.id).ended_at is not None
    response = client.get("/")  # the cookie no longer names the session: a plain redirect, no message
    assert response.status_code == 302
    assert EXPIRED not in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_session_past_its_absolute_limit_expires_however_busy(app, client, db, team):
    row = _signed_in(client, db, team["editor"])
    hours = app.config["SESSION_MAX_HOURS"]
    _set(db, row.id, created_at=utcnow() - timedelta(hours=hours, minutes=1), last_seen_at=utcnow())
    _sent_to_sign_in_with_the_message(client)
    assert _reload(db, row.id).ended_at is not None


def test_a_session_just_inside_both_limits_lives_and_is_refreshed(app, client, db, team):
    row = _signed_in(client, db, team["viewer"])
    idle, hours = app.config["SESSION_IDLE_MINUTES"], app.config["SESSION_MAX_HOURS"]
    nearly = utcnow() - timedelta(minutes=idle - 1)
    _set(db, row.id, created_at=utcnow() - timedelta(hours=hours - 1), last_seen_at=nearly)
    assert client.get("/").status_code == 200
    row = _reload(db, row.id)
    assert row.ended_at is None and row.last_seen_at > utcnow() - timedelta(minutes=1)


def test_last_seen_is_recorded_at_most_once_a_minute(client, db, team):
    row = _signed_in(client, db, team["viewer"])
    assert _reload(db, row.id).last_seen_at is not None  # set by the first request after sign-in
    recent = utcnow() - timedelta(seconds=30)
    _set(db, row.id, last_seen_at=recent)
    assert client.get("/").status_code == 200
    assert _reload(db, row.id).last_seen_at == recent
    old = utcnow() - timedelta(minutes=3)
    _set(db, row.id, last_seen_at=old)
    assert client.get("/").status_code == 200
    assert _reload(db, row.id).last_seen_at > old + timedelta(minutes=2)


def test_the_limits_come_from_the_configuration(app, client, db, team):
    app.config.update(SESSION_IDLE_MINUTES=5, SESSION_MAX_HOURS=1)
    row = _signed_in(client, db, team["reviewer"])
    _set(db, row.id, last_seen_at=utcnow() - timedelta(minutes=4))
    assert client.get("/").status_code == 200
    _set(db, row.id, last_seen_at=utcnow() - timedelta(minutes=6))
    _sent_to_sign_in_with_the_message(client)

    row = _signed_in(client, db, team["reviewer"])  # signing in again works, with a new session
    _set(db, row.id, created_at=utcnow() - timedelta(minutes=61))
    _sent_to_sign_in_with_the_message(client)


def test_the_limits_are_read_from_the_environment(tmp_path, monkeypatch):
    defaults = default_config(tmp_path)
    assert defaults["SESSION_IDLE_MINUTES"] == 480 and defaults["SESSION_MAX_HOURS"] == 168
    monkeypatch.setenv("FACTCHECK_SESSION_IDLE_MINUTES", "30")
    monkeypatch.setenv("FACTCHECK_SESSION_MAX_HOURS", "12")
    configured = default_config(tmp_path)
    assert configured["SESSION_IDLE_MINUTES"] == 30 and configured["SESSION_MAX_HOURS"] == 12


def test_a_post_with_an_expired_session_is_refused_with_401_not_500(app, client, db, team):
    row = _signed_in(client, db, team["reviewer"])
    token = csrf_token(client)
    _set(db, row.id, last_seen_at=utcnow() - timedelta(days=30))
    response = client.post("/account/password", data={"csrf_token": token})
    assert response.status_code == 401
    assert EXPIRED in response.get_data(as_text=True)


def test_an_expired_session_stays_ended_when_its_timestamps_are_fresh_again(app, client, db, team):
    row = _signed_in(client, db, team["editor"])
    copied = client.get_cookie("session").value
    _set(db, row.id, last_seen_at=utcnow() - timedelta(days=2))
    _sent_to_sign_in_with_the_message(client)
    _set(db, row.id, last_seen_at=utcnow(), created_at=utcnow())
    replay = app.test_client()
    replay.set_cookie("session", copied)
    response = replay.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_user_for_session_refuses_and_ends_an_expired_session(app, db, team):
    token = users.start_session(db, user=team["viewer"])
    assert users.user_for_session(db, token=token, idle_minutes=10, max_hours=1).username == "viewer"
    db.commit()
    row = _open_session(db, team["viewer"])
    _set(db, row.id, last_seen_at=utcnow() - timedelta(minutes=11))
    with pytest.raises(users.SessionExpired, match="sign in again"):
        users.user_for_session(db, token=token, idle_minutes=10, max_hours=1)
    with Session(app.extensions["factcheck_engine"]) as other:  # ended in its own, committed transaction
        assert other.get(LoginSession, row.id).ended_at is not None
    assert users.user_for_session(db, token=token, idle_minutes=10, max_hours=1) is None
    assert users.user_for_session(db, token="not a session", idle_minutes=10, max_hours=1) is None

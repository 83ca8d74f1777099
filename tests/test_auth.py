"""Signing in and out, sessions held on the server, throttling, passwords, safe redirects."""

import json

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from factcheck.models import AuditEvent, LoginFailure
from factcheck.services import users
from factcheck.web.auth import safe_next

from .conftest import FAST_HASH, PASSWORD, csrf_token, sign_in


def test_sign_in_and_out(client, team):
    response = sign_in(client, "reviewer")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert b"Reviewer Person" in client.get("/").data
    token = csrf_token(client)
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # back to the sign-in page


def test_wrong_password_is_refused_and_recorded(client, db, team):
    response = sign_in(client, "reviewer", "wrong password!!")
    assert response.status_code == 401
    assert b"Wrong username or password" in response.data
    assert db.exec(select(LoginFailure).where(LoginFailure.username == "reviewer")).first() is not None
    assert client.get("/").status_code == 302


def test_unknown_user_gets_the_same_answer(client, team):
    response = sign_in(client, "nobody", PASSWORD)
    assert response.status_code == 401
    assert b"Wrong username or password" in response.data


def test_an_unknown_name_costs_a_check_with_the_desks_own_hash_method(app, client, team, monkeypatch):
    """A name nobody has is checked against a hash of the desk's PASSWORD_HASH_METHOD, as a known name's
    password is: the same cost, so the answer's time does not tell whether the name exists."""
    methods = []
    check = users.check_password_hash

    def recording(pwhash: str, password: str) -> bool:
        methods.append(pwhash.split("$", 1)[0])
        return check(pwhash, password)

    monkeypatch.setattr(users, "check_password_hash", recording)
    assert app.config["PASSWORD_HASH_METHOD"] == FAST_HASH
    assert sign_in(client, "nobody", PASSWORD).status_code == 401
    assert sign_in(client, "reviewer", "a wrong password").status_code == 401
    assert methods == [FAST_HASH, FAST_HASH]


def test_deactivated_account_cannot_sign_in(client, db, team):
    team["viewer"].active = False
    db.add(team["viewer"])
    db.commit()
    assert sign_in(client, "viewer").status_code == 401


def test_sign_in_starts_a_new_session(client, team):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, "reviewer")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_a_copied_cookie_stops_working_after_sign_out(app, client, team):
    sign_in(client, "editor")
    stolen = client.get_cookie("session").value
    client.post("/logout", data={"csrf_token": csrf_token(client)})

    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_password_change_ends_other_sessions_but_not_this_one(app, client, team):
    other = app.test_client()
    sign_in(other, "reviewer")
    assert other.get("/").status_code == 200
    sign_in(client, "reviewer")
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    fresh = app.test_client()
    assert sign_in(fresh, "reviewer", PASSWORD).status_code == 401
    assert sign_in(fresh, "reviewer", "a brand new passphrase").status_code == 302


@pytest.mark.parametrize("new", ["short", "x" * 129])
def test_password_length_is_enforced(client, team, new):
    sign_in(client, "reviewer")
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": new,
            "confirm": new,
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 422
    assert sign_in(client.application.test_client(), "reviewer", PASSWORD).status_code == 302


def test_password_change_needs_the_current_password(client, team):
    sign_in(client, "reviewer")
    response = client.post(
        "/account/password",
        data={
            "current_password": "not my password",
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 422
    assert b"current password is wrong" in response.data


def test_deactivation_ends_the_users_sessions(app, client, db, team):
    victim = app.test_client()
    sign_in(victim, "reviewer")
    assert victim.get("/").status_code == 200
    sign_in(client, "admin")
    response = client.post(
        f"/admin/users/{team['reviewer'].id}/deactivate", data={"csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302
    assert victim.get("/").status_code == 302
    actions = db.exec(select(AuditEvent.action).where(AuditEvent.object_id == team["reviewer"].id)).all()
    assert "user.deactivate" in actions


def test_repeated_failures_are_throttled_and_logged(app, client, team, caplog):
    limit = app.config["LOGIN_THROTTLE_FAILURES"]
    for _ in range(limit):
        assert sign_in(client, "editor", "wrong password!!").status_code == 401
    response = sign_in(client, "editor", PASSWORD)  # even the right password waits
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.data
    assert any("throttled" in record.getMessage() for record in caplog.records)
    # another account from elsewhere is not affected
    assert sign_in(app.test_client(), "reviewer").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "https://evil.example/",
        "http:/evil.example",
        "/%0d%0aSet-Cookie:x=1",
        "/\t/evil.example",
        " //evil.example",
    ],
)
def test_next_never_leaves_the_site(client, team, target):
    token = csrf_token(client)
    response = client.post(
        "/login?next=" + target, data={"username": "reviewer", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/" or (location.startswith("/") and not location.startswith("//"))
    assert "evil" not in location


def test_next_within_the_site_is_followed(client, team):
    token = csrf_token(client)
    response = client.post(
        "/login?next=/account/password",
        data={"username": "reviewer", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/account/password"


def test_safe_next_rules():
    assert safe_next("/queue?status=open") == "/queue?status=open"
    for bad in ["//x", "/\\x", "javascript:x", "http://x", "", None, "x/y", "/a\nb"]:
        assert safe_next(bad) is None


def test_anonymous_is_sent_to_sign_in_with_next(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert "/login?next=/account/password" in response.headers["Location"]


# --- sign-ins in the history, and the throttle ---------------------------------------------------------


def _auth_events(db) -> list[tuple[str, int | None, int | None, dict]]:
    db.rollback()
    rows = db.exec(select(AuditEvent).where(AuditEvent.action.startswith("auth.")).order_by(AuditEvent.id))
    return [(e.action, e.actor_id, e.object_id, json.loads(e.after)) for e in rows.all()]


def _audit_text(db) -> str:
    """Every column of every audit event, as one string."""
    db.rollback()
    return "\n".join(repr(tuple(row)) for row in db.exec(text("SELECT * FROM audit_event")).all())


def test_sign_in_sign_out_and_failures_are_in_the_history_without_passwords(app, client, db, team):
    reviewer = team["reviewer"]
    assert sign_in(client, "reviewer", "wrong password!!").status_code == 401
    assert sign_in(client, "nobody-here", "another wrong one").status_code == 401
    assert sign_in(client, "reviewer").status_code == 302
    with client.session_transaction() as cookie:
        session_token = cookie["_user_id"]
    assert client.post("/logout", data={"csrf_token": csrf_token(client)}).status_code == 302
    place = {"remote_addr": "127.0.0.1"}
    assert _auth_events(db) == [
        ("auth.sign_in_failed", reviewer.id, reviewer.id, {"username": "reviewer", **place}),
        ("auth.sign_in_failed", None, None, {"username": "nobody-here", **place}),
        ("auth.sign_in", reviewer.id, reviewer.id, {"username": "reviewer", **place}),
        ("auth.sign_out", reviewer.id, reviewer.id, {"username": "reviewer", **place}),
    ]
    history = _audit_text(db)
    for secret in (PASSWORD, "wrong password!!", "another wrong one", session_token):
        assert secret not in history


def test_a_failed_sign_in_of_an_unknown_name_records_it_as_typed_at_most_128_characters(app, db, team):
    typed = "Someone-" + "x" * 300
    assert (
        users.authenticate(
            db, username=typed, password="wrong password!!", remote_addr="10.0.0.9", hash_method=FAST_HASH
        )
        is None
    )
    assert _auth_events(db) == [
        ("auth.sign_in_failed", None, None, {"username": typed[:128], "remote_addr": "10.0.0.9"})
    ]


def test_a_throttled_sign_in_checks_no_password_and_writes_no_failure(app, client, db, team, monkeypatch):
    limit = app.config["LOGIN_THROTTLE_FAILURES"]
    for _ in range(limit):
        assert sign_in(client, "editor", "wrong password!!").status_code == 401
    checked = []
    monkeypatch.setattr(users, "check_password_hash", lambda *args: checked.append(args) or True)
    for _ in range(3):
        assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert checked == []
    assert [action for action, *_ in _auth_events(db)] == ["auth.sign_in_failed"] * limit


def test_attempts_in_flight_count_towards_the_throttle(app, db, team):
    """An attempt counts from the moment it starts: with `limit` others under way, one more is refused."""
    limit = app.config["LOGIN_THROTTLE_FAILURES"]
    db.add_all([LoginFailure(username="editor", remote_addr="10.0.0.1") for _ in range(limit)])
    db.commit()
    with pytest.raises(users.Throttled):
        users.authenticate(db, username="editor", password=PASSWORD, remote_addr="10.0.0.2", failures=limit)
    # from another address, for another name, the same number of attempts is allowed
    user = users.authenticate(
        db, username="reviewer", password=PASSWORD, remote_addr="10.0.0.1", failures=limit
    )
    assert user is not None and user.username == "reviewer"


def test_the_attempt_is_recorded_before_the_password_is_checked_with_no_transaction_open(
    app, db, team, monkeypatch
):
    seen = []

    def check(stored_hash, password):
        db_is_idle = not db.in_transaction()
        db.rollback()  # look from outside: the attempt is already committed
        with Session(app.extensions["factcheck_engine"]) as other:
            recorded = other.exec(select(LoginFailure).where(LoginFailure.username == "editor")).all()
        seen.append((db_is_idle, len(recorded)))
        raise RuntimeError("the check itself fails")

    monkeypatch.setattr(users, "check_password_hash", check)
    with pytest.raises(RuntimeError):
        users.authenticate(db, username="Editor", password=PASSWORD, remote_addr="10.0.0.3", failures=5)
    assert seen == [(True, 1)]
    db.rollback()
    assert (
        db.exec(select(LoginFailure).where(LoginFailure.username == "editor")).one().remote_addr == "10.0.0.3"
    )

"""Signing in and out, sessions held on the server, throttling, passwords, safe redirects."""

import pytest
from sqlmodel import select

from factcheck.models import AuditEvent, LoginFailure
from factcheck.web.auth import safe_next

from .conftest import PASSWORD, csrf_token, sign_in


def test_sign_in_and_out(client, team):
    response = sign_in(client, "reviewer")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert b"Reviewer Person" in client.get("/").data
    token = csrf_token(client, "/")
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
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})

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
            "csrf_token": csrf_token(client, "/"),
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
            "csrf_token": csrf_token(client, "/"),
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
            "csrf_token": csrf_token(client, "/"),
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
        f"/admin/users/{team['reviewer'].id}/deactivate", data={"csrf_token": csrf_token(client, "/")}
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

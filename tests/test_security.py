"""Security every response has: CSRF, headers, cookies, body limits, error bodies, password hashing."""

import pytest
from sqlmodel import select

from factcheck import create_app
from factcheck.models import User

from .conftest import PASSWORD, csrf_token, sign_in


def test_post_without_csrf_token_is_refused_and_changes_nothing(client, db, team):
    sign_in(client, "admin")
    response = client.post(
        "/admin/users", data={"username": "sneaky", "role": "admin", "password": "a long enough password"}
    )
    assert response.status_code == 400
    assert db.exec(select(User).where(User.username == "sneaky")).first() is None


def test_post_with_a_wrong_csrf_token_is_refused(client, team):
    sign_in(client, "admin")
    response = client.post(f"/admin/users/{team['viewer'].id}/deactivate", data={"csrf_token": "forged"})
    assert response.status_code == 400


def test_sign_in_form_needs_csrf_too(client, team):
    response = client.post("/login", data={"username": "reviewer", "password": PASSWORD})
    assert response.status_code == 400


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_session_cookie_flags(client, team):
    response = sign_in(client, "reviewer")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in tests


def test_session_cookie_is_secure_over_https(client, team):
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"username": "reviewer", "password": PASSWORD, "csrf_token": token},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},
    )
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "Secure" in cookie


def test_oversize_body_gets_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    response = client.post("/api/v1/articles", data=b"x" * 5000, headers={"Content-Type": "application/json"})
    assert response.status_code in (401, 413)  # the token check may answer first; never a 500


def test_oversize_json_to_the_api_gets_413_with_an_error_object(app, api):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    client = api("reviewer")
    response = client.post(
        "/api/v1/articles",
        data=b'{"title": "' + b"x" * 5000 + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_unknown_page_is_a_page_not_a_traceback(client, team):
    sign_in(client, "viewer")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Traceback" not in response.data and b"<html" in response.data


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_unexpected_errors_are_logged_not_shown(app, client, team):
    from factcheck.permissions import requires

    @app.route("/boom")
    @requires("public")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    assert response.status_code == 500
    assert b"secret internals" not in response.data and b"Traceback" not in response.data


def test_api_needs_a_valid_bearer_token(client, api, team):
    assert client.get("/api/v1/openapi.json").status_code == 200  # the description is public
    guarded = "/api/v1/claims"
    assert client.get(guarded).status_code == 401
    assert client.get(guarded, headers={"Authorization": "Bearer fc_not-a-real-token"}).status_code == 401
    assert client.get(guarded, headers={"Authorization": "Basic abc"}).status_code == 401
    assert api("viewer").get(guarded).status_code == 200


def test_api_ignores_the_session_cookie(client, team):
    """A signed-in browser cannot be used to call the API across sites (it has no CSRF check)."""
    sign_in(client, "admin")
    assert client.get("/api/v1/claims").status_code == 401


def test_a_deactivated_users_token_stops_working(db, api, team):
    client = api("reviewer")
    assert client.get("/api/v1/claims").status_code == 200
    team["reviewer"].active = False
    db.add(team["reviewer"])
    db.commit()
    assert client.get("/api/v1/claims").status_code == 401


def test_tokens_are_stored_hashed(db, team):
    from factcheck.models import ApiToken
    from factcheck.services import users

    token = users.create_token(db, user=team["viewer"])
    stored = db.exec(select(ApiToken)).one()
    assert token not in (stored.token_hash, stored.prefix) and len(stored.token_hash) == 64


def test_production_password_hashing_is_scrypt_at_owasp_strength(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    app = create_app()
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt:131072:8:1"
    from werkzeug.security import check_password_hash, generate_password_hash

    hashed = generate_password_hash(PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])
    assert hashed.startswith("scrypt:131072:8:1$")
    assert check_password_hash(hashed, PASSWORD)
    app.extensions["factcheck_engine"].dispose()


def test_secret_key_is_generated_once_and_kept_out_of_the_repo(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTCHECK_SECRET_KEY", raising=False)
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    first = create_app()
    second = create_app()
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == (tmp_path / "secret_key").read_text()
    assert len(first.config["SECRET_KEY"]) >= 32
    for app in (first, second):
        app.extensions["factcheck_engine"].dispose()


@pytest.mark.parametrize("method", ["GET"])
def test_sign_out_is_not_possible_with_get(client, team, method):
    sign_in(client, "reviewer")
    assert client.open("/logout", method=method).status_code == 405
    assert client.get("/").status_code == 200


def test_nul_characters_are_refused_everywhere_and_nothing_is_stored(client, db, api, team):
    from factcheck.models import Article

    response = api("reviewer").post("/api/v1/articles", json={"title": "A\x00B", "text": "Some text."})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "invalid_characters"
    assert api("viewer").get("/api/v1/sources?q=%00").status_code == 422
    sign_in(client, "reviewer")
    response = client.post(
        "/articles/new", data={"title": "T", "text": "x\x00y", "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 422
    assert db.exec(select(Article)).first() is None


def test_a_database_error_still_gets_the_error_page_for_a_signed_in_user(app, client, team):
    from factcheck.db import get_session
    from factcheck.models import Comment
    from factcheck.permissions import requires

    @app.route("/broken-write")
    @requires("read")
    def broken_write():
        session = get_session()
        session.add(Comment(claim_id=999_999, author_id=999_999, body="orphan"))  # violates foreign keys
        session.commit()
        return "unreachable"

    sign_in(client, "viewer")
    response = client.get("/broken-write")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong" in html and "Viewer Person" in html  # the page could still read the session
    assert "IntegrityError" not in html and "Traceback" not in html

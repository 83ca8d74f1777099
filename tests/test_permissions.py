"""Every URL rule of the app, walked as every role, compared with the checked-in matrix."""

import re

import pytest
from werkzeug.routing import IntegerConverter

from factcheck.permissions import endpoint_capability, role_has
from factcheck.services import articles, claims

from .conftest import sign_in
from .permission_matrix import MATRIX, URL_ARGUMENTS

ROLES = [None, "viewer", "reviewer", "editor", "admin"]
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def app_routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - IGNORED_METHODS):
            yield rule, method


def test_every_route_is_in_the_matrix_and_declares_the_same_capability(app):
    seen = set()
    for rule, method in app_routes(app):
        key = (rule.endpoint, method)
        seen.add(key)
        assert key in MATRIX, (
            f"{method} {rule.rule} ({rule.endpoint}) is missing from tests/permission_matrix.py"
        )
        assert endpoint_capability(app, rule.endpoint) == MATRIX[key], f"{key} declares another capability"
    assert not set(MATRIX) - seen, f"matrix rows for routes that no longer exist: {set(MATRIX) - seen}"


def test_an_endpoint_without_a_declared_capability_is_refused(app, client, team, login):
    @app.route("/forgotten")
    def forgotten():  # no @requires: the guard must refuse it, even for an admin
        return "should never be seen"

    login(team["admin"])
    response = client.get("/forgotten")
    assert response.status_code == 403
    assert b"should never be seen" not in response.data


def _url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        values[name] = URL_ARGUMENTS.get(name, "1") if not isinstance(converter, IntegerConverter) else 1
    return rule.build(values, append_unknown=False)[1]


def matrix_failures(response, method: str, url: str, role: str | None, capability: str) -> list[str]:
    """What is wrong with `response` for `role` on a route needing `capability` (nothing: empty list)."""
    allowed = role_has(role, capability)
    if response.status_code >= 500:
        return [f"{method} {url}: {response.status_code}"]
    if allowed and _is_role_denial(response):
        return [f"{method} {url}: refused ({response.status_code}) but the matrix allows {role}"]
    if not allowed and not _is_role_denial(response):
        return [f"{method} {url}: answered {response.status_code} but the matrix denies {role}"]
    return []


def _is_role_denial(response) -> bool:
    if response.status_code == 302 and "/login" in response.headers.get("Location", ""):
        return True
    if response.status_code in (401, 403):
        body = response.get_data(as_text=True)
        code = "auth_required" if response.status_code == 401 else "forbidden"
        return f'"{code}"' in body or f'data-error-code="{code}"' in body
    return False


@pytest.fixture
def world(db, team):
    """One row of each kind, so that id 1 exists wherever a route takes an id."""
    article = articles.create_article(
        db, title="A", text="The sky is green, a report said. It rained.", actor=team["reviewer"]
    )
    claims.create_claim(
        db, article_id=article.id, text="The sky is green.", start=0, end=18, actor=team["reviewer"]
    )
    return team


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_each_role_gets_what_the_matrix_says(app, db, world, role):
    from factcheck.services import users

    html = app.test_client()
    api_headers = {}
    if role:
        assert sign_in(html, role).status_code == 302
        api_headers = {"Authorization": f"Bearer {users.create_token(db, user=world[role])}"}
    failures = []
    for rule, method in app_routes(app):
        if rule.endpoint in ("auth.logout", "auth.login"):
            continue  # signing out would end the walk's session; sign-in is public
        capability = MATRIX[(rule.endpoint, method)]
        url = _url(rule)
        headers = api_headers if rule.endpoint.startswith("api.") else {}
        response = html.open(url, method=method, headers=headers)
        response.close()
        failures += matrix_failures(response, method, url, role, capability)
    assert not failures, "\n".join(failures)


def test_anonymous_html_is_sent_to_sign_in_and_api_gets_401(client, world):
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.get("/api/v1/claims/1")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "auth_required"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_matrix_keys_look_like_endpoints():
    for endpoint, method in MATRIX:
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", endpoint), endpoint
        assert method in {"GET", "POST", "PUT", "PATCH", "DELETE"}

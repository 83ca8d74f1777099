"""Issue 6's routes walked as every role against the permission matrix (the full walk lives in
test_permissions; this one checks only this area's rows, so it stays meaningful while other areas are built)."""

import pytest

from factcheck.permissions import endpoint_capability, role_has
from factcheck.services import users

from .conftest import sign_in
from .permission_matrix import MATRIX
from .export_factory import make_article, publish
from .test_permissions import ROLES, _is_role_denial, _url, app_routes

AREA = ("reports.", "admin.rating", "api.export_", "api.article_claimreview")


def area_routes(app):
    return [(rule, method) for rule, method in app_routes(app) if rule.endpoint.startswith(AREA)]


def test_every_route_of_the_area_has_its_matrix_row(app):
    routes = area_routes(app)
    assert len(routes) == 15
    for rule, method in routes:
        assert MATRIX[(rule.endpoint, method)] == endpoint_capability(app, rule.endpoint), rule.endpoint


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_each_role_gets_what_the_matrix_says(app, db, team, role):
    article = make_article(db, team["reviewer"])
    publish(db, article, "A published claim.", reviewer=team["reviewer"], approver=team["editor"])
    client = app.test_client()
    headers = {}
    if role:
        assert sign_in(client, role).status_code == 302
        headers = {"Authorization": f"Bearer {users.create_token(db, user=team[role])}"}
    failures = []
    for rule, method in area_routes(app):
        capability = MATRIX[(rule.endpoint, method)]
        url = _url(rule)
        response = client.open(
            url, method=method, headers=headers if rule.endpoint.startswith("api.") else {}
        )
        response.get_data()
        response.close()
        allowed = role_has(role, capability)
        if response.status_code >= 500:
            failures.append(f"{method} {url}: {response.status_code}")
        elif allowed and _is_role_denial(response):
            failures.append(f"{method} {url}: refused ({response.status_code}) but the matrix allows {role}")
        elif not allowed and not _is_role_denial(response):
            failures.append(f"{method} {url}: answered {response.status_code} but the matrix denies {role}")
        elif allowed and method == "GET" and response.status_code != 200:
            failures.append(f"{method} {url}: {response.status_code} for {role}")
    assert not failures, "\n".join(failures)

"""Issue 6's routes walked as every role against the permission matrix (the full walk lives in
test_permissions; this one checks only this area's rows, so it stays meaningful while other areas are built)."""

import pytest

from factcheck.permissions import endpoint_capability, role_has
from factcheck.services import users

from .conftest import sign_in
from .export_factory import make_article, publish
from .permission_matrix import MATRIX
from .test_permissions import ROLES, _url, app_routes, matrix_failures

AREA = ("reports.", "admin.rating", "api.export_", "api.article_claimreview")


def area_routes(app):
    return [(rule, method) for rule, method in app_routes(app) if rule.endpoint.startswith(AREA)]


def test_every_route_of_the_area_has_its_matrix_row(app):
    routes = area_routes(app)
    assert len(routes) == 16  # with the similar-claims CSV (api.export_similar)
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
        problems = matrix_failures(response, method, url, role, capability)
        if not problems and role_has(role, capability) and method == "GET" and response.status_code != 200:
            problems = [f"{method} {url}: {response.status_code} for {role}"]
        failures += problems
    assert not failures, "\n".join(failures)

"""GET /api/v1/openapi.json describes every API route there is, and nothing that is not."""

import re


def _spec_operations(spec):
    return {(path, method.upper()) for path, item in spec["paths"].items() for method in item}


def test_the_description_lists_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    described = _spec_operations(spec)
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        path = (
            path.replace("{claim_id}", "{id}").replace("{article_id}", "{id}").replace("{source_id}", "{id}")
        )
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method))
    assert routes - described == set(), "routes missing from openapi.json"
    assert described - routes == set(), "openapi.json describes routes that do not exist"


def test_every_operation_documents_its_answers(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            assert operation["responses"], (path, method)
            if path != "/openapi.json":
                assert "401" in operation["responses"], (path, method)

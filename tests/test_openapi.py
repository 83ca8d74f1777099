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


def test_it_is_generated_from_the_routes_and_models_so_no_file_can_drift(app):
    from pathlib import Path

    import factcheck.api

    assert not (Path(factcheck.api.__file__).parent / "openapi.json").exists()


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_ids_and_numbers_carry_their_bounds(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, method, operation in _operations(spec):
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            if parameter["in"] == "path":
                assert schema == {"type": "integer", "format": "int64", "minimum": 1, "maximum": 2**63 - 1}
            elif schema.get("type") == "integer":
                assert {"minimum", "maximum"} <= set(schema), (path, method, parameter)
    schemas = spec["components"]["schemas"]
    for name in ("ClaimUpdate", "EvidenceCreate", "EvidenceUpdate", "Move"):
        version = schemas[name]["properties"]["version"]
        assert (version["minimum"], version["maximum"], version["format"]) == (1, 2**63 - 1, "int64")
    assert schemas["EvidenceCreate"]["properties"]["source_id"]["maximum"] == 2**63 - 1


def test_limits_enums_and_strictness_come_from_the_models(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    claim = schemas["ClaimCreate"]
    assert claim["additionalProperties"] is False and claim["required"] == ["text"]
    assert claim["properties"]["text"]["maxLength"] == 2000 and claim["properties"]["text"]["minLength"] == 1
    assert claim["properties"]["claimant"]["anyOf"][0]["maxLength"] == 300
    assert claim["properties"]["priority"]["enum"] == [1, 2, 3, 4]
    assert schemas["VerdictProposal"]["properties"]["rationale"]["maxLength"] == 20_000
    assert schemas["EvidenceCreate"]["properties"]["quote"]["maxLength"] == 5000
    assert schemas["EvidenceCreate"]["properties"]["stance"]["enum"] == ["supports", "contradicts", "context"]
    assert "un_report" in schemas["SourceCreate"]["properties"]["kind"]["enum"]
    assert schemas["ClaimPublic"]["properties"]["status"]["enum"][0] == "open"


def test_every_operation_documents_the_answers_it_can_give(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    responses = spec["components"]["responses"]
    assert responses["401"]["headers"]["WWW-Authenticate"]["required"] is True
    for path, method, operation in _operations(spec):
        answers = set(operation["responses"])
        assert "422" in answers, (path, method)
        if "{" in path:
            assert "404" in answers, (path, method)
        if method in ("post", "patch", "delete"):
            assert "413" in answers, (path, method)
        if path != "/openapi.json":
            assert {"401", "403"} <= answers and operation["security"] == [{"bearer": []}]
    assert set(spec["paths"]["/queue/next"]["post"]["responses"]) >= {"200", "204"}
    assert "409" in spec["paths"]["/claims/{id}"]["patch"]["responses"]
    assert "409" in spec["paths"]["/sources"]["post"]["responses"]
    assert "201" in spec["paths"]["/articles"]["post"]["responses"]

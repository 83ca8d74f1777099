"""Hostile input found by fuzzing the running API: each is refused with a 4xx and a clear message, never a 500."""

import pytest

from factcheck.guards import MAX_JSON_DEPTH
from factcheck.models.fields import MAX_ID
from factcheck.services import articles, claims, evidence, sources

from .conftest import csrf_token

HUGE = [str(MAX_ID + 1), str(2**64), "9" * 30, "9" * 5000]
API = "/api/v1"


@pytest.fixture
def claim(db, team):
    article = articles.create_article(
        db, title="A", text="The sky is green, a report said. It rained.", actor=team["reviewer"]
    )
    return claims.create_claim(
        db, article_id=article.id, text="The sky is green.", start=0, end=18, actor=team["reviewer"]
    )


@pytest.fixture
def source(db, team):
    return sources.create_source(db, actor=team["reviewer"], title="Panel report")


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"], error
    return error


# --- ids beyond 64 bits ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*HUGE, "0", "007", "-1"])
def test_an_id_out_of_range_in_a_path_is_an_unknown_id(api, claim, client, value):
    reviewer = api("reviewer")
    for method, url in [
        ("GET", f"{API}/claims/{value}"),
        ("PATCH", f"{API}/claims/{value}"),
        ("GET", f"{API}/articles/{value}/suggestions"),
        ("POST", f"{API}/claims/{value}/take"),
        ("DELETE", f"{API}/claims/{claim.id}/evidence/{value}"),
        ("GET", f"{API}/sources/{value}"),
    ]:
        response = reviewer.client.open(
            url, method=method, headers={"Authorization": f"Bearer {reviewer.token}"}
        )
        _error(response, 404, "not_found")
    signed_out = client.get(f"/report/{value}")  # the public report page: no sign-in, same answer
    assert signed_out.status_code == 404


@pytest.mark.parametrize("value", HUGE[:3])
def test_an_id_out_of_range_in_a_query_is_refused_before_anything_runs(api, db, team, claim, source, value):
    reviewer = api("reviewer")
    item = evidence.add_evidence(
        db, claim_id=claim.id, source_id=source.id, stance="context", actor=team["reviewer"]
    )
    error = _error(reviewer.get(f"{API}/claims?article_id={value}"), 422, "invalid")
    assert "article_id" in error["fields"]
    error = _error(reviewer.get(f"{API}/sources?limit={value}"), 422, "invalid")
    assert "limit" in error["fields"]
    error = _error(
        reviewer.delete(f"{API}/claims/{claim.id}/evidence/{item.id}?version={value}"), 422, "invalid"
    )
    assert "version" in error["fields"]


@pytest.mark.parametrize("path", ["verdicts.csv", "evidence.csv"])
def test_the_csv_export_refuses_a_huge_article_id_before_it_starts_streaming(api, path):
    response = api("viewer").get(f"{API}/export/{path}?article_id={MAX_ID + 1}&status=all")
    assert response.mimetype == "application/json"  # a JSON error, not a CSV that breaks off
    assert "article_id" in _error(response, 422, "invalid")["fields"]


def test_a_huge_id_in_a_query_of_a_page_is_ignored_like_any_other_non_number(client, team, login, claim):
    login(team["reviewer"])
    for url in (f"/claims/{claim.id}?source_id={MAX_ID + 1}", f"/sources/1/quote?claim={MAX_ID + 1}"):
        assert client.get(url).status_code < 500


def test_an_id_out_of_range_in_a_body_is_refused(api, claim, source):
    reviewer = api("reviewer")
    url = f"{API}/claims/{claim.id}"
    for big in (MAX_ID + 1, 2**64, 10**30):
        error = _error(
            reviewer.post(url + "/evidence", json={"source_id": big, "stance": "supports"}), 422, "invalid"
        )
        assert error["fields"] == {"source_id": f"at most {MAX_ID}"}
        error = _error(reviewer.patch(url, json={"version": big, "text": "x"}), 422, "invalid")
        assert error["fields"] == {"version": f"at most {MAX_ID}"}
    assert _error(reviewer.post(url + "/take", json={"version": 0}), 422, "invalid")["fields"] == {
        "version": "at least 1"
    }


# --- the wrong JSON type, and empty lists or objects -----------------------------------------------------


def test_a_list_or_an_object_where_text_belongs_is_refused(api, claim):
    reviewer, editor = api("reviewer"), api("editor")
    error = _error(reviewer.post(f"{API}/sources", json={"title": "x", "kind": ["other"]}), 422, "invalid")
    assert set(error["fields"]) == {"kind"}
    error = _error(
        editor.patch(f"{API}/claims/{claim.id}", json={"version": 1, "priority": [1]}), 422, "invalid"
    )
    assert error["fields"] == {"priority": "must be a whole number"}
    error = _error(
        editor.patch(f"{API}/claims/{claim.id}", json={"version": 1, "claimant": ["x"]}), 422, "invalid"
    )
    assert error["fields"] == {"claimant": "must be text, not a list or an object"}
    assert "claimant: must be text" in error["message"]


@pytest.mark.parametrize("empty", [[], {}])
def test_an_empty_list_or_object_is_not_taken_for_a_default(api, db, claim, empty):
    reviewer = api("reviewer")
    cases = [
        (f"{API}/sources", {"title": "x", "kind": empty}, "kind"),
        (f"{API}/sources", {"title": "x", "reliability": empty}, "reliability"),
        (f"{API}/articles", {"title": empty, "text": "Some text."}, "title"),
        (f"{API}/articles/{claim.article_id}/claims", {"text": "x", "claimant": empty}, "claimant"),
        (f"{API}/claims/{claim.id}/comments", {"body": empty}, "body"),
    ]
    for url, body, field in cases:
        error = _error(reviewer.post(url, json=body), 422, "invalid")
        assert set(error["fields"]) == {field}, (url, error)
    assert sources.search_sources(db, q="", limit=10) == []  # nothing was stored


def test_null_is_refused_where_the_field_cannot_be_null(api, claim, source, client):
    reviewer = api("reviewer")
    body = {"source_id": source.id, "stance": "supports", "quote": None}
    error = _error(reviewer.post(f"{API}/claims/{claim.id}/evidence", json=body), 422, "invalid")
    assert error["fields"] == {"quote": "may not be null (leave the field out instead)"}
    spec = client.get(f"{API}/openapi.json").get_json()["components"]["schemas"]
    assert spec["EvidenceCreate"]["properties"]["quote"]["type"] == "string"  # the document says the same
    assert "anyOf" not in spec["EvidenceCreate"]["properties"]["quote"]
    claimant = spec["ClaimCreate"]["properties"]["claimant"]  # where null means "none", it is documented
    assert {"type": "null"} in claimant["anyOf"]
    created = reviewer.post(
        f"{API}/claims/{claim.id}/evidence", json={"source_id": source.id, "stance": "context"}
    )
    assert created.status_code == 201 and created.get_json()["quote"] == ""


# --- deep JSON, bad characters ---------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5000, 100_000])
def test_json_nested_too_deep_is_refused_not_a_recursion_error(api, claim, depth):
    body = '{"a":' * depth + "1" + "}" * depth
    for url in (f"{API}/articles", f"{API}/claims/{claim.id}/take"):
        response = api("reviewer").post(url, data=body, headers={"Content-Type": "application/json"})
        assert "nested too deep" in _error(response, 422, "invalid_json")["message"]
    listed = "[" * depth + "]" * depth
    response = api("reviewer").post(
        f"{API}/articles", data=listed, headers={"Content-Type": "application/json"}
    )
    _error(response, 422, "invalid_json")


def test_json_at_the_depth_limit_is_read(api):
    body = '{"title": "t", "text": ' + "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1) + "}"
    response = api("reviewer").post(
        f"{API}/articles", data=body, headers={"Content-Type": "application/json"}
    )
    assert _error(response, 422, "invalid")["fields"] == {"text": "must be text, not a list or an object"}


def test_deep_json_sent_to_a_page_gets_an_error_page(client, team, login, claim):
    login(team["reviewer"])
    body = '{"a":' * 5000 + "1" + "}" * 5000
    token = csrf_token(client)
    response = client.post(
        f"/claims/{claim.id}/take",
        data=body,
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    "raw, where",
    [
        (rb'{"title": "\ud800", "text": "x"}', "title"),
        (rb'{"title": "ok", "text": "a\udfffb"}', "text"),
        (rb'{"title": "ok", "text": "x", "\udc00": 1}', "\\udc00"),
        (rb'{"title": "ok", "text": "x", "outlet": ["fine", {"deep": "\ud83d"}]}', "outlet[1].deep"),
    ],
)
def test_a_lone_surrogate_is_refused_with_a_clear_message(api, raw, where):
    response = api("reviewer").post(f"{API}/articles", data=raw, headers={"Content-Type": "application/json"})
    error = _error(response, 422, "invalid_characters")
    assert "lone UTF-16 surrogates" in error["message"] and where in error["message"]
    assert list(error["fields"]) == [where]


def test_a_surrogate_pair_is_ordinary_text(api):
    raw = rb'{"title": "Emoji \ud83d\ude00", "text": "Some text."}'
    response = api("reviewer").post(f"{API}/articles", data=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 201 and response.get_json()["title"] == "Emoji \N{GRINNING FACE}"


def test_a_body_that_is_not_utf8_is_refused(api):
    response = api("reviewer").post(
        f"{API}/articles",
        data=b'{"title": "\xff\xfe", "text": "x"}',
        headers={"Content-Type": "application/json"},
    )
    assert "UTF-8" in _error(response, 422, "invalid_characters")["message"]


def test_nul_in_a_query_or_a_form_is_still_refused(api, client, team, login, claim):
    error = _error(api("viewer").get(f"{API}/sources?q=a%00b"), 422, "invalid_characters")
    assert "NUL" in error["message"] and error["fields"] == {"q": "invalid characters"}
    login(team["reviewer"])
    token = csrf_token(client)
    response = client.post(f"/claims/{claim.id}/comments", data={"body": "a\x00b", "csrf_token": token})
    assert response.status_code == 422


# --- 401 and 403 are told apart --------------------------------------------------------------------------


def test_401_says_auth_required_and_names_the_bearer_scheme(client):
    response = client.get(f"{API}/claims")
    assert _error(response, 401, "auth_required")
    assert response.headers["WWW-Authenticate"] == "Bearer"
    response = client.get(f"{API}/claims", headers={"Authorization": "Bearer not-a-token"})
    assert _error(response, 401, "auth_required")
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_403_says_forbidden(api, client, claim):
    response = api("viewer").post(f"{API}/claims/{claim.id}/take")
    _error(response, 403, "forbidden")
    assert "WWW-Authenticate" not in response.headers
    html = client.post(f"/claims/{claim.id}/take")  # signed out, in the browser: sign in first
    assert html.status_code == 401 and 'data-error-code="auth_required"' in html.get_data(as_text=True)


# --- DELETE evidence: 204, documented ----------------------------------------------------------------------


def test_removing_evidence_answers_204_as_documented(api, db, team, claim, source, client):
    workflow_claim = claims.get_claim(db, claim_id=claim.id)
    item = evidence.add_evidence(
        db, claim_id=workflow_claim.id, source_id=source.id, stance="supports", actor=team["reviewer"]
    )
    spec = client.get(f"{API}/openapi.json").get_json()
    answers = spec["paths"]["/claims/{id}/evidence/{evidence_id}"]["delete"]["responses"]
    assert "204" in answers and "200" not in answers
    response = api("reviewer").delete(f"{API}/claims/{claim.id}/evidence/{item.id}?version={item.version}")
    assert response.status_code == 204 and response.data == b""

"""API: POST /articles, GET /articles/{id}, GET /articles/{id}/suggestions, POST /articles/{id}/claims."""

import pytest
from sqlmodel import func, select

from factcheck.models import Article, Claim

TEXT = "Russia recruited 15 fighters in Deir el-Zour, a report by Enab Baladi said.\n\nWill it last?"
BASE = "/api/v1"


def count(db, model):
    return db.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def article_id(api):
    response = api("reviewer").post(f"{BASE}/articles", json={"title": "Recruits", "text": TEXT})
    assert response.status_code == 201
    return response.get_json()["id"]


def test_post_article_returns_the_article_object(api, db):
    response = api("reviewer").post(
        f"{BASE}/articles",
        json={
            "title": "Recruits",
            "text": TEXT,
            "url": "https://news.example/a",
            "outlet": "Daily",
            "published_at": "2020-05-03",
        },
    )
    assert response.status_code == 201
    data = response.get_json()
    assert set(data) >= {"id", "title", "text", "url", "outlet", "published_at", "created_at"}
    assert (data["text"], data["published_at"], data["outlet"]) == (TEXT, "2020-05-03", "Daily")
    assert data["created_at"].endswith("Z") or data["created_at"].endswith("+00:00")


def test_the_text_is_stored_verbatim(api):
    text = "  Line one.\r\nLine two.\t\n"
    response = api("editor").post(f"{BASE}/articles", json={"title": "T", "text": text})
    assert response.get_json()["text"] == text
    got = api("viewer").get(f"{BASE}/articles/{response.get_json()['id']}")
    assert got.get_json()["text"] == text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "T", "text": ""}, "text"),
        ({"title": "T", "text": "   "}, "text"),
        ({"title": "T"}, "text"),
        ({"text": "Some text."}, "title"),
        ({"title": "T", "text": 5}, "text"),
        ({"title": ["T"], "text": "x"}, "title"),
        ({"title": "T", "text": "x" * 200_001}, "text"),
        ({"title": "T", "text": "x", "url": "javascript:alert(1)"}, "url"),
        ({"title": "T", "text": "x", "published_at": "3 May"}, "published_at"),
        ({"title": "T", "text": "x", "published_at": 2020}, "published_at"),
    ],
)
def test_bad_articles_get_422_with_fields_and_store_nothing(api, db, body, field):
    response = api("reviewer").post(f"{BASE}/articles", json=body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]
    assert count(db, Article) == 0


def test_a_body_that_is_not_a_json_object_is_422(api, db):
    response = api("reviewer").post(f"{BASE}/articles", data="title=x", content_type="text/plain")
    assert response.status_code == 422
    assert api("reviewer").post(f"{BASE}/articles", json=["x"]).status_code == 422
    assert count(db, Article) == 0


def test_roles_and_tokens(api, client, article_id):
    assert client.post(f"{BASE}/articles", json={"title": "T", "text": "x"}).status_code == 401
    assert client.get(f"{BASE}/articles/{article_id}").status_code == 401
    viewer = api("viewer")
    assert viewer.post(f"{BASE}/articles", json={"title": "T", "text": "x"}).status_code == 403
    assert viewer.post(f"{BASE}/articles/{article_id}/claims", json={"text": "x"}).status_code == 403
    assert viewer.get(f"{BASE}/articles/{article_id}").status_code == 200
    assert viewer.get(f"{BASE}/articles/{article_id}/suggestions").status_code == 200
    bad = client.get(f"{BASE}/articles/{article_id}", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.get_json()["error"]["code"] == "auth_required"
    assert bad.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_unknown_articles_are_404(api):
    reviewer = api("reviewer")
    for response in (
        reviewer.get(f"{BASE}/articles/999"),
        reviewer.get(f"{BASE}/articles/999/suggestions"),
        reviewer.post(f"{BASE}/articles/999/claims", json={"text": "x"}),
    ):
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


def test_suggestions_are_sentences_with_score_and_claimant(api, article_id):
    response = api("viewer").get(f"{BASE}/articles/{article_id}/suggestions")
    assert response.status_code == 200
    items = response.get_json()["suggestions"]
    assert [TEXT[s["start"] : s["end"]] for s in items] == [s["text"] for s in items]
    first, question = items[0], items[-1]
    assert set(first) == {"start", "end", "text", "score", "check_worthy", "claimant", "atomic_claims"}
    assert first["claimant"] == "Enab Baladi" and first["check_worthy"] is True
    assert 0 <= question["score"] <= 1 and question["check_worthy"] is False


def test_post_claim_anchors_it_and_get_article_lists_it(api, db, article_id):
    reviewer = api("reviewer")
    sentence = "Russia recruited 15 fighters in Deir el-Zour"
    response = api("editor").post(  # a priority other than normal is an editor's planning
        f"{BASE}/articles/{article_id}/claims",
        json={
            "text": "Russia recruited 15 fighters.",
            "start": 0,
            "end": len(sentence),
            "claimant": "Enab Baladi",
            "priority": 3,
        },
    )
    assert response.status_code == 201
    claim = response.get_json()
    assert (claim["quote"], claim["start"], claim["end"], claim["status"]) == (
        sentence,
        0,
        len(sentence),
        "open",
    )
    assert claim["priority"] == 3 and claim["version"] == 1 and claim["evidence"] == []
    unanchored = reviewer.post(
        f"{BASE}/articles/{article_id}/claims", json={"text": "A claim without a place."}
    )
    assert unanchored.status_code == 201 and unanchored.get_json()["start"] is None
    article = api("viewer").get(f"{BASE}/articles/{article_id}").get_json()
    assert article["text"] == TEXT
    assert [c["id"] for c in article["claims"]] == [claim["id"], unanchored.get_json()["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "x", "start": 0, "end": 10_000}, "start"),
        ({"text": "x", "start": 20, "end": 10}, "start"),
        ({"text": "x", "start": -5, "end": 3}, "start"),
        ({"text": "x", "start": "0", "end": "4"}, "start"),
        ({"text": "x", "start": 1.5, "end": 4}, "start"),
        ({"text": "x", "start": True, "end": 4}, "start"),
        ({"text": "x", "start": 3}, "end"),
        ({"text": "", "start": 0, "end": 4}, "text"),
        ({"start": 0, "end": 4}, "text"),
        ({"text": 12}, "text"),
        ({"text": "x", "claimant": 7}, "claimant"),
        ({"text": "x", "priority": 9}, "priority"),
    ],
)
def test_bad_claims_get_422_with_fields_and_store_nothing(api, db, article_id, body, field):
    response = api("reviewer").post(f"{BASE}/articles/{article_id}/claims", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert count(db, Claim) == 0


def test_openapi_describes_the_article_endpoints(client):
    paths = client.get(f"{BASE}/openapi.json").get_json()["paths"]
    assert {"/articles", "/articles/{id}", "/articles/{id}/suggestions", "/articles/{id}/claims"} <= set(
        paths
    )
    assert "201" in paths["/articles"]["post"]["responses"]

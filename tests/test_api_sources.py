"""API: POST/GET /sources, GET /sources/{id}, POST /claims/{id}/evidence, PATCH/DELETE evidence."""

import pytest
from sqlmodel import select

from factcheck.models import Evidence, Source
from factcheck.services import articles, claims


@pytest.fixture
def claim(db, team):
    article = articles.create_article(
        db, title="A", text="The contracts ran for three months.", actor=team["reviewer"]
    )
    return claims.create_claim(
        db, article_id=article.id, text="The contracts ran for three months.", actor=team["reviewer"]
    )


def test_create_and_search_sources(api, db):
    reviewer = api("reviewer")
    response = reviewer.post(
        "/api/v1/sources",
        json={
            "title": "Final report",
            "document_symbol": "s /2021/ 229",
            "publisher": "UN",
            "published_at": "2021-03-08",
            "reliability": "a",
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["document_symbol"] == "S/2021/229"
    assert body["official_url"] == "https://undocs.org/en/S/2021/229"
    assert (body["reliability"], body["kind"], body["published_at"]) == ("A", "un_report", "2021-03-08")
    items = api("viewer").get("/api/v1/sources?q=s/2021/229").get_json()["items"]
    assert [item["id"] for item in items] == [body["id"]]
    assert api("viewer").get("/api/v1/sources?q=nothing+like+it").get_json() == {"items": []}
    detail = api("viewer").get(f"/api/v1/sources/{body['id']}").get_json()
    assert detail["files"] == [] and detail["cited_by"] == []


def test_duplicates_answer_409_with_the_existing_id(api):
    reviewer = api("reviewer")
    first = reviewer.post(
        "/api/v1/sources", json={"title": "Story", "url": "https://example.org/a"}
    ).get_json()
    response = reviewer.post("/api/v1/sources", json={"title": "Story", "url": "http://example.org/a/"})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "duplicate_source"
    assert error["fields"]["existing_id"] == str(first["id"])


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "\tjavascript:alert(1)", "data:,x", "mailto:a@b.c"]
)
def test_non_http_urls_get_422(api, db, url):
    response = api("reviewer").post("/api/v1/sources", json={"title": "Report", "url": url})
    assert response.status_code == 422
    assert "url" in response.get_json()["error"]["fields"]
    assert db.exec(select(Source)).all() == []


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"url": "https://example.org"},
        {"title": 5},
        {"title": "x", "reliability": "Z"},
        {"title": "x", "colour": "red"},
    ],
)
def test_bad_source_bodies_get_422(api, body):
    response = api("reviewer").post("/api/v1/sources", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"]


def test_viewers_may_read_but_not_write(api):
    assert api("viewer").post("/api/v1/sources", json={"title": "x"}).status_code == 403
    assert api("viewer").get("/api/v1/sources").status_code == 200
    assert api("viewer").get("/api/v1/sources/999").status_code == 404


def test_evidence_add_edit_remove(api, db, claim):
    reviewer = api("reviewer")
    source = reviewer.post("/api/v1/sources", json={"title": "Panel report", "reliability": "B"}).get_json()
    response = reviewer.post(
        f"/api/v1/claims/{claim.id}/evidence",
        json={"source_id": source["id"], "stance": "contradicts", "quote": "six months", "locator": "p. 2"},
    )
    assert response.status_code == 201, response.get_json()
    item = response.get_json()
    assert {k: item[k] for k in ("claim_id", "source_id", "stance", "quote", "locator")} == {
        "claim_id": claim.id, "source_id": source["id"], "stance": "contradicts", "quote": "six months", "locator": "p. 2",
    }  # fmt: skip
    cited = api("viewer").get(f"/api/v1/sources/{source['id']}").get_json()["cited_by"]
    assert cited == [
        {
            "claim_id": claim.id,
            "evidence_id": item["id"],
            "stance": "contradicts",
            "status": "open",
            "rating": None,
        }
    ]
    url = f"/api/v1/claims/{claim.id}/evidence/{item['id']}"
    assert item["version"] == 1
    response = reviewer.patch(url, json={"stance": "context"})
    assert response.status_code == 422 and "version" in response.get_json()["error"]["fields"]
    response = reviewer.patch(url, json={"stance": "context", "version": 1})
    assert response.status_code == 200 and response.get_json()["stance"] == "context"
    assert response.get_json()["version"] == 2
    response = reviewer.patch(url, json={"stance": "supports", "version": 1})  # based on what was replaced
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "stale_version"
    assert "changed by" in response.get_json()["error"]["message"]
    assert reviewer.delete(url).status_code == 422
    assert reviewer.delete(url + "?version=1").status_code == 409
    assert reviewer.delete(url + "?version=99999999999999999999").status_code == 422
    assert reviewer.delete(url, json={"version": 2}).status_code == 204
    assert reviewer.delete(url + "?version=2").status_code == 404
    assert db.exec(select(Evidence)).all() == []


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"source_id": 999, "stance": "supports"}, 422, "source_id"),
        ({"stance": "supports"}, 422, "source_id"),
        ({"source_id": 1, "stance": "maybe"}, 422, "stance"),
        ({"source_id": 1, "stance": "supports", "locator": "x" * 201}, 422, "locator"),
        ({"source_id": 1, "stance": "supports", "weight": 3}, 422, "weight"),
    ],
)
def test_bad_evidence_gets_422(api, claim, body, status, field):
    reviewer = api("reviewer")
    reviewer.post("/api/v1/sources", json={"title": "Panel report"})
    response = reviewer.post(f"/api/v1/claims/{claim.id}/evidence", json=body)
    assert response.status_code == status
    assert field in response.get_json()["error"]["fields"]


def test_evidence_on_an_unknown_claim_is_404_and_viewers_get_403(api, claim):
    reviewer = api("reviewer")
    source = reviewer.post("/api/v1/sources", json={"title": "Panel report"}).get_json()
    assert (
        reviewer.post(
            "/api/v1/claims/999/evidence", json={"source_id": source["id"], "stance": "supports"}
        ).status_code
        == 404
    )
    response = api("viewer").post(
        f"/api/v1/claims/{claim.id}/evidence", json={"source_id": source["id"], "stance": "supports"}
    )
    assert response.status_code == 403

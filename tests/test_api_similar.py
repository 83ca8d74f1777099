"""The doors of "has this been checked before": API (similar, same-as), the screens' JSON and the same-as form."""

import csv
import io

from factcheck.models import Claim
from factcheck.services import articles, similar, similar_export, workflow

from .test_similar import HAFTAR, PARAPHRASE
from .workflow_helpers import make_claim


def test_api_similar_to_a_text(db, team, api):
    published = make_claim(db, team["editor"], status="published", text=HAFTAR, rating="mostly-true")
    make_claim(db, team["editor"], text="Rents rose by 12 percent.")
    response = api("viewer").get("/api/v1/similar", query_string={"text": PARAPHRASE, "limit": 3})
    assert response.status_code == 200
    items = response.get_json()
    assert isinstance(items, list) and [i["claim_id"] for i in items] == [published.id]
    item = items[0]
    assert item["status"] == "published" and item["rating"] == "mostly-true" and item["rating_label"]
    assert item["url"] == f"/claims/{published.id}" and 0 < item["score"] <= 1
    assert {"kind": "number", "query": ["Five"], "match": ["Six"]} in item["differs"]


def test_api_similar_to_a_claim_leaves_the_claim_out(db, team, api):
    earlier = make_claim(db, team["editor"], status="published", text=HAFTAR)
    again = make_claim(db, team["editor"], text=PARAPHRASE)
    items = api("viewer").get(f"/api/v1/claims/{again.id}/similar").get_json()
    assert [i["claim_id"] for i in items] == [earlier.id]
    assert api("viewer").get("/api/v1/claims/999999/similar").status_code == 404


def test_api_similar_refuses_bad_queries(db, team, api):
    client = api("viewer")
    for query in ({}, {"text": ""}, {"text": "   "}, {"text": "x" * 2001}, {"text": "a", "limit": "0"},
                  {"text": "a", "limit": "51"}, {"text": "a", "limit": "x"}):  # fmt: skip
        response = client.get("/api/v1/similar", query_string=query)
        assert response.status_code == 422, query
        assert response.get_json()["error"]["code"] == "invalid"
    for hostile in ('"', "NEAR(", "*", "- -", "\u202e", 'a" OR "b'):
        assert client.get("/api/v1/similar", query_string={"text": hostile}).status_code in (200, 422)
    assert client.get("/api/v1/similar", query_string={"text": "x\x00y"}).status_code == 422


def test_api_same_as_link_by_an_editor_with_history(db, team, api):
    earlier = make_claim(db, team["editor"], status="published", text=HAFTAR)
    again = make_claim(db, team["editor"], text=PARAPHRASE)
    assert (
        api("reviewer")
        .post(f"/api/v1/claims/{again.id}/same-as", json={"same_as_id": earlier.id})
        .status_code
        == 403
    )
    editor = api("editor")
    response = editor.post(
        f"/api/v1/claims/{again.id}/same-as", json={"same_as_id": earlier.id, "version": 1}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["version"] == 2
    db.expire_all()
    assert db.get(Claim, again.id).same_as_id == earlier.id
    history = editor.get(f"/api/v1/claims/{again.id}/history").get_json()["events"]
    assert [(e["action"], e["after"]) for e in history][-1] == ("claim.same_as", {"same_as": earlier.id})
    stale = editor.post(f"/api/v1/claims/{again.id}/same-as", json={"same_as_id": None, "version": 1})
    assert stale.status_code == 409
    assert editor.post(f"/api/v1/claims/{again.id}/same-as", json={"same_as_id": again.id}).status_code == 422
    assert editor.post(f"/api/v1/claims/{again.id}/same-as", json={"same_as_id": 999999}).status_code == 404
    assert editor.post(f"/api/v1/claims/{again.id}/same-as", json={}).status_code == 422
    assert editor.post(f"/api/v1/claims/{again.id}/same-as", json={"same_as_id": None}).status_code == 200
    db.expire_all()
    assert db.get(Claim, again.id).same_as_id is None


def test_the_claim_screen_json_and_the_same_as_form(db, team, login, client, post_form):
    earlier = make_claim(db, team["editor"], status="published", text=HAFTAR)
    again = make_claim(db, team["editor"], text=PARAPHRASE)
    login(team["reviewer"])
    page = client.get(f"/claims/{again.id}").get_data(as_text=True)
    assert 'id="similar"' in page and "same-as-form" not in page  # reviewers see the list, not the link
    items = client.get(f"/claims/{again.id}/similar.json").get_json()["items"]
    assert items[0]["claim_id"] == earlier.id
    assert post_form(f"/claims/{again.id}/same-as", {"same_as_id": earlier.id}).status_code == 403
    post_form("/logout")
    login(team["editor"])
    assert 'id="same-as-form"' in client.get(f"/claims/{again.id}").get_data(as_text=True)
    response = post_form(f"/claims/{again.id}/same-as", {"same_as_id": earlier.id, "version": 1})
    assert response.status_code == 302
    page = client.get(f"/claims/{again.id}").get_data(as_text=True)
    assert f'href="/claims/{earlier.id}">#{earlier.id}</a>' in page and "linked it: same as" in page
    assert post_form(f"/claims/{again.id}/same-as", {"same_as_id": again.id}).status_code == 422
    assert post_form(f"/claims/{again.id}/same-as", {"same_as_id": "abc"}).status_code == 422
    assert 'id="same-as-form"' not in client.get(f"/claims/{earlier.id}").get_data(as_text=True)  # frozen


def test_the_split_screen_json_marks_suggestions_checked_before(db, team, login, client):
    text = (
        "Five British ex-soldiers flew helicopters for Haftar, the newspaper said.\n\n"
        "The weather in Benghazi was mild on Tuesday."
    )
    earlier = make_claim(db, team["editor"], status="published", text=HAFTAR)
    article = articles.create_article(db, title="Mercenaries", text=text, actor=team["reviewer"])
    db.commit()
    login(team["viewer"])
    data = client.get(f"/articles/{article.id}/checked-before.json").get_json()
    assert [item["claim_id"] for item in data["suggestions"].values()] == [earlier.id]
    assert data["claims"] == {}
    assert client.get("/articles/999999/checked-before.json").status_code == 404


def test_the_similar_csv_lists_linked_claims_with_the_earlier_verdict(db, team, api, login, client):
    earlier = make_claim(db, team["editor"], status="published", text=HAFTAR, rating="false")
    again = make_claim(db, team["editor"], text="=Five British ex-soldiers flew helicopters for Haftar")
    make_claim(db, team["editor"], text="Rents rose by 12 percent.")
    similar.link_same_as(db, claim_id=again.id, same_as_id=earlier.id, actor=team["editor"])
    response = api("viewer").get("/api/v1/export/similar.csv")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == list(similar_export.SIMILAR_COLUMNS)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["claim_id"] == str(again.id) and row["same_as_claim_id"] == str(earlier.id)
    assert row["claim"].startswith("'=")  # no formula
    assert row["same_as_rating"] == "false" and row["same_as_published_at"].endswith("Z")
    assert (
        api("viewer").get("/api/v1/export/similar.csv?status=published").get_data(as_text=True).count("\n")
        == 1
    )
    assert api("viewer").get("/api/v1/export/similar.csv?status=nonsense").status_code == 422
    login(team["viewer"])
    assert client.get("/export/similar.csv").get_data() == response.get_data()


def test_claimreview_of_a_claim_published_by_reference_is_based_on_the_earlier_review(db, team, api):
    earlier = make_claim(db, team["editor"], status="published", text=HAFTAR)
    again = make_claim(db, team["editor"], status="in_review", text=PARAPHRASE, proposer=team["reviewer"])
    similar.link_same_as(db, claim_id=again.id, same_as_id=earlier.id, actor=team["editor"])  # then publish
    workflow.approve(db, claim_id=again.id, actor=team["editor"])
    reviews = api("viewer").get(f"/api/v1/articles/{again.article_id}/claimreview").get_json()
    assert reviews[0]["isBasedOn"]["@type"] == "ClaimReview"
    based_on = reviews[0]["isBasedOn"]["url"]
    assert based_on.endswith(f"/{earlier.article_id}#claim-{earlier.id}") and based_on.startswith("http")
    original = api("viewer").get(f"/api/v1/articles/{earlier.article_id}/claimreview").get_json()
    assert "isBasedOn" not in original[0]


def test_the_cli_similar_same_as_and_export(db, team, runner):
    earlier = make_claim(db, team["editor"], status="published", text=HAFTAR)
    again = make_claim(db, team["editor"], text=PARAPHRASE)
    result = runner.invoke(args=["similar", PARAPHRASE, "--limit", "3"])
    assert (
        result.exit_code == 0
        and f"#{earlier.id}" in result.output
        and "differs in number: Five / Six" in result.output
    )
    result = runner.invoke(args=["same-as", str(again.id), str(earlier.id), "--by", "reviewer"])
    assert result.exit_code == 1 and "editor" in result.output
    result = runner.invoke(args=["same-as", str(again.id), str(earlier.id), "--by", "editor"])
    assert result.exit_code == 0 and f"same as #{earlier.id}" in result.output
    result = runner.invoke(args=["export-similar"])
    assert result.exit_code == 0 and f'"{again.id}"' in result.output
    assert runner.invoke(args=["similar", "   "]).exit_code == 1


def test_a_published_claim_is_not_linked_by_reference_until_it_is_reopened(db, team, api):
    """The link would change a published fact-check's ClaimReview (isBasedOn) without a reopen."""
    earlier = make_claim(db, team["editor"], status="published", text=HAFTAR)
    again = make_claim(db, team["editor"], status="published", text=PARAPHRASE, proposer=team["reviewer"])
    response = api("editor").post(
        f"/api/v1/claims/{again.id}/same-as", json={"same_as_id": earlier.id, "version": again.version}
    )
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "claim_frozen"
    db.expire_all()
    assert db.get(Claim, again.id).same_as_id is None

"""ClaimReview JSON-LD (Google's fact-check markup): required properties, values from the verdicts, only
published claims."""

import json
from datetime import UTC, date, datetime

import pytest

from factcheck.services import claimreview
from factcheck.services.claimreview import Desk

from .export_factory import add_verdict, make_article, make_claim, publish

DECIDED = datetime(2024, 5, 2, 10, 30, tzinfo=UTC)


@pytest.fixture
def desk(db, team):
    reviewer, editor = team["reviewer"], team["editor"]
    article = make_article(
        db,
        reviewer,
        title="Recruits sent abroad",
        url="https://news.example/recruits",
        outlet="Example News",
        published_at=date(2024, 4, 30),
    )
    rated = publish(
        db,
        article,
        "The panel counted 500 fighters.",
        reviewer=reviewer,
        approver=editor,
        rating="mostly-false",
        claimant="Jane Doe",
        decided_at=DECIDED,
    )
    unproven = publish(
        db, article, "Contracts ran three months.", reviewer=reviewer, approver=editor, rating="unproven"
    )
    reviewing = make_claim(db, article, reviewer, "Officials denied it.", status="in_review")
    add_verdict(db, reviewing, rating="false", reviewer=reviewer)
    reopened = publish(db, article, "Prices rose 3%.", reviewer=reviewer, approver=editor, rating="true")
    add_verdict(db, reopened, rating="false", reviewer=reviewer)  # a newer proposal after a reopen
    reopened.status = "in_review"
    db.add(reopened)
    db.commit()
    return {
        "article": article,
        "rated": rated,
        "unproven": unproven,
        "reviewing": reviewing,
        "reopened": reopened,
    }


def reviews(db, desk_name="Test Desk", article_id=None):
    return claimreview.claim_reviews(
        db,
        desk=Desk(name=desk_name, url="https://desk.example"),
        report_url=lambda aid: f"https://desk.example/report/{aid}",
        article_id=article_id,
    )


def assert_valid_claim_review(item: dict) -> None:
    """Google's required and recommended properties for ClaimReview."""
    assert item["@context"] == "https://schema.org"
    assert item["@type"] == "ClaimReview"
    for name in ("claimReviewed", "reviewRating", "author", "url", "datePublished", "itemReviewed"):
        assert item.get(name), name
    assert item["author"]["@type"] == "Organization" and item["author"]["name"]
    rating = item["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"]
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    claim = item["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"]["@type"] in ("Organization", "Person") and claim["author"]["name"]
    assert claim["appearance"]["@type"] == "CreativeWork"
    datetime.fromisoformat(item["datePublished"].replace("Z", "+00:00"))


def test_every_published_claim_and_nothing_else(db, desk):
    items = reviews(db)
    assert [item["claimReviewed"] for item in items] == [
        "The panel counted 500 fighters.",
        "Contracts ran three months.",
    ]
    for item in items:
        assert_valid_claim_review(item)


def test_values_follow_the_verdict_and_the_article(db, desk):
    item = reviews(db)[0]
    assert item["url"] == f"https://desk.example/report/{desk['article'].id}#claim-{desk['rated'].id}"
    assert item["datePublished"] == "2024-05-02T10:30:00Z"
    assert item["author"] == {"@type": "Organization", "name": "Test Desk", "url": "https://desk.example"}
    assert item["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    claim = item["itemReviewed"]
    assert claim["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert claim["datePublished"] == "2024-04-30"
    assert claim["appearance"]["url"] == "https://news.example/recruits"
    assert claim["appearance"]["headline"] == "Recruits sent abroad"
    assert claim["appearance"]["datePublished"] == "2024-04-30"


def test_unproven_has_its_label_and_no_number(db, desk):
    rating = reviews(db)[1]["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unproven"}


def test_without_a_claimant_the_outlet_is_the_author(db, desk):
    assert reviews(db)[1]["itemReviewed"]["author"] == {"@type": "Organization", "name": "Example News"}


def test_an_organisation_claimant_is_typed_so():
    assert claimreview.claimant_kind("UN Panel of Experts") == "Organization"
    assert claimreview.claimant_kind("Ministry of Defence") == "Organization"
    assert claimreview.claimant_kind("Jane Doe") == "Person"


def test_per_article_and_for_the_desk(db, desk, team):
    other = make_article(db, team["reviewer"], title="Another")
    publish(db, other, "Another claim.", reviewer=team["reviewer"], approver=team["editor"])
    assert len(reviews(db, article_id=desk["article"].id)) == 2
    assert [i["claimReviewed"] for i in reviews(db, article_id=other.id)] == ["Another claim."]
    assert len(reviews(db)) == 3


def test_json_for_script_cannot_end_the_script_element():
    text = claimreview.json_for_script([{"claimReviewed": "</script><script>alert(1)</script> & <!--"}])
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == [{"claimReviewed": "</script><script>alert(1)</script> & <!--"}]


def test_download_routes_and_the_api(app, client, api, db, desk):
    article_id = desk["article"].id
    response = client.get(f"/articles/{article_id}/claimreview.json")  # public, like the report page
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/ld+json")
    assert "attachment" in response.headers["Content-Disposition"]
    items = json.loads(response.data)
    assert [i["claimReviewed"] for i in items] == [i["claimReviewed"] for i in reviews(db)]
    assert items[0]["url"] == f"http://localhost/report/{article_id}#claim-{desk['rated'].id}"
    assert items[0]["author"]["name"] == app.config["DESK_NAME"]
    assert len(json.loads(client.get("/claimreview.json").data)) == 2
    assert client.get("/articles/999/claimreview.json").status_code == 404
    from_api = api("viewer").get(f"/api/v1/articles/{article_id}/claimreview")
    assert from_api.status_code == 200 and from_api.get_json() == items
    missing = api("viewer").get("/api/v1/articles/999/claimreview")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/articles/{article_id}/claimreview").status_code == 401


def test_the_cli_writes_the_desk_file(runner, desk, tmp_path):
    target = tmp_path / "cr.json"
    result = runner.invoke(
        args=["export-claimreview", "--base-url", "https://desk.example/", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    items = json.loads(target.read_text("utf-8"))
    assert len(items) == 2
    assert items[0]["url"].startswith("https://desk.example/report/")
    result = runner.invoke(args=["export-claimreview", "--article-id", "999"])
    assert result.exit_code != 0 and "no article 999" in result.output

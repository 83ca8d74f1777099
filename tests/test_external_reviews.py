"""Other desks' fact-checks: every ClaimReview shape imports, a broken record is reported and skipped, a second
import changes nothing, and the reviews are found beside the desk's own claims, labelled external."""

import json

import pytest
from sqlmodel import select

from factcheck.errors import Forbidden
from factcheck.models import ExternalReview
from factcheck.services import external_reviews, similar

from .workflow_helpers import make_claim


def review(n: int, **extra) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checkers.example.org/reviews/{n}",
        "claimReviewed": f"Six former British servicemen flew assault helicopters for Haftar in Libya ({n})",
        "author": {"@type": "Organization", "name": "Other Desk"},
        "datePublished": "2021-05-0" + str(n % 9 + 1),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 2,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Mostly false",
        },  # fmt: skip
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A spokesman"}},
        **extra,
    }


BROKEN = {"@type": "ClaimReview", "url": "https://checkers.example.org/reviews/x", "author": {"name": "X"}}

SHAPES = {
    "object": json.dumps(review(1)),
    "list": json.dumps([review(1), review(2)]),
    "graph": json.dumps({"@context": "https://schema.org", "@graph": [review(1), review(2)]}),
    "datafeed": json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [
                {"@type": "DataFeedItem", "item": [review(1)]},
                {"@type": "DataFeedItem", "item": review(2)},
                review(3),
            ],
        }
    ),
    "html": "<!doctype html><html><head><title>Fact check</title>"
    f'<script type="application/ld+json">{json.dumps(review(1))}</script></head>'
    f'<body><p>text</p><script type="application/ld+json">{json.dumps([review(2)])}</script></body></html>',
}
COUNTS = {"object": 1, "list": 2, "graph": 2, "datafeed": 3, "html": 2}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_shape_imports_keeping_publisher_rating_date_and_url(db, team, shape):
    report = external_reviews.import_reviews(
        db, data=SHAPES[shape], origin=f"{shape}.json", actor=team["admin"]
    )
    assert (report.added, report.problems) == (COUNTS[shape], [])
    first = db.exec(select(ExternalReview).order_by(ExternalReview.id)).first()
    assert (
        first.publisher == "Other Desk" and first.rating_label == "Mostly false" and first.rating_value == 2
    )
    assert (
        first.url == "https://checkers.example.org/reviews/1"
        and first.reviewed_at.isoformat() == "2021-05-02"
    )
    assert first.claimant == "A spokesman"


def test_a_broken_record_is_reported_and_never_stops_the_import(db, team):
    data = json.dumps(
        [
            review(1),
            BROKEN,
            "just text",
            {"@type": "Article"},
            review(2, url="javascript:alert(1)"),
            review(3, reviewRating={}),
            review(4),
        ]  # fmt: skip
    )
    report = external_reviews.import_reviews(db, data=data, origin="mixed.json", actor=team["admin"])
    assert report.added == 2
    assert [p.split(":")[0] for p in report.problems] == [
        "record 2",
        "record 3",
        "record 4",
        "record 5",
        "record 6",
    ]
    assert "no claimReviewed" in report.problems[0] and "not a ClaimReview" in report.problems[2]
    bad = external_reviews.import_reviews(db, data="{not json", origin="bad.json", actor=team["admin"])
    assert bad.added == 0 and "not valid JSON" in bad.problems[0]


def test_importing_again_changes_nothing_and_a_changed_rating_is_updated(db, team):
    data = SHAPES["datafeed"]
    external_reviews.import_reviews(db, data=data, origin="feed", actor=team["admin"])
    again = external_reviews.import_reviews(db, data=data, origin="feed", actor=team["admin"])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    changed = review(1, reviewRating={"@type": "Rating", "alternateName": "False"})
    third = external_reviews.import_reviews(db, data=json.dumps(changed), origin="feed", actor=team["admin"])
    assert (third.added, third.updated) == (0, 1)
    assert len(db.exec(select(ExternalReview)).all()) == 3


def test_only_an_admin_or_the_command_line_imports(db, team):
    with pytest.raises(Forbidden):
        external_reviews.import_reviews(db, data=SHAPES["object"], origin="x", actor=team["editor"])
    assert external_reviews.import_reviews(db, data=SHAPES["object"], origin="x", actor=None).added == 1


def test_imported_reviews_are_searched_beside_the_desks_claims_and_labelled_external(db, team, api):
    own = make_claim(
        db, team["editor"], status="published", text="Five British ex-soldiers flew helicopters for Haftar"
    )
    external_reviews.import_reviews(db, data=SHAPES["object"], origin="x", actor=None)
    found = similar.similar_external(db, text="6 British ex-servicemen flew helicopters for Haftar")
    assert [m.review.url for m in found] == ["https://checkers.example.org/reviews/1"]
    data = (
        api("viewer")
        .get("/api/v1/similar", query_string={"text": "Six British ex-soldiers flew helicopters for Haftar"})
        .get_json()
    )
    # one list ranked by score: the desk's own claim (five vs six) and the other desk's review (6 = six)
    assert [("claim_id" in i, "external_id" in i) for i in data] == [(False, True), (True, False)]
    external, mine = data
    assert mine["claim_id"] == own.id and mine["status"] == "published" and external["score"] > mine["score"]
    assert external["publisher"] == "Other Desk" and external["rating"] == "Mostly false"
    assert external["url"] == "https://checkers.example.org/reviews/1" and external["status"] is None
    assert external["external_id"] >= 1 and set(external) >= {"text", "score", "differs"}
    one = api("viewer").get(
        "/api/v1/similar",
        query_string={"text": "Six British ex-soldiers flew helicopters for Haftar", "limit": 1},
    )
    assert one.get_json() == [external]  # `limit` bounds the whole list
    again = make_claim(db, team["editor"], text="Six British ex-servicemen flew helicopters for Haftar")
    listed = api("viewer").get(f"/api/v1/claims/{again.id}/similar").get_json()
    assert {i.get("claim_id") for i in listed} == {own.id, None} and len(listed) == 2


def test_the_cli_imports_a_file_and_lists_the_refused_records(db, team, runner, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([review(1), BROKEN]))
    result = runner.invoke(args=["import-claimreview", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output and "record 2: no claimReviewed" in result.output
    result = runner.invoke(args=["import-claimreview", str(path)])
    assert "0 added, 0 updated, 1 unchanged" in result.output
    assert runner.invoke(args=["import-claimreview", str(tmp_path / "missing.json")]).exit_code == 1
    result = runner.invoke(args=["import-claimreview", "http://127.0.0.1:9/feed.json"])
    assert result.exit_code == 1 and "Could not fetch" in result.output

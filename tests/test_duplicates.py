"""Duplicate articles: the same page under another address, or near-identical text, is refused until confirmed
(service, browser form, API, CLI); a different article is not flagged."""

import pytest
from sqlmodel import select

from factcheck.models import Article, ArticleTextBand
from factcheck.services import articles, duplicates

from .conftest import csrf_token

TEXT = " ".join(
    f"Paragraph {i}: the ministry said that {i * 7} families were moved from the river district "
    f"after the floods of spring, and that the new housing would be ready in {2020 + i % 5}."
    for i in range(40)
)
OTHER = " ".join(
    f"Note {i}: the football league fined {i} clubs for breaking spending rules this season, "
    f"the chairman told reporters in the capital on Monday {i}."
    for i in range(40)
)


@pytest.mark.parametrize(
    ("stored", "given"),
    [
        ("https://www.example.org/news/flood-story/", "http://example.org/news/flood-story"),
        (
            "https://example.org/news/flood-story",
            "https://EXAMPLE.org/news/flood-story?utm_source=x&fbclid=abc",
        ),
        ("https://example.org/a?id=3&page=2", "https://example.org/a?page=2&id=3&gclid=1#comments"),
        ("https://example.org/news/flood-story", "https://www.example.org:443/news/flood-story/#top"),
    ],
)
def test_url_variants_of_one_page_have_one_key(stored, given):
    assert duplicates.normalise_url(stored) == duplicates.normalise_url(given)


def test_other_pages_have_other_keys():
    keys = {
        duplicates.normalise_url(u)
        for u in (
            "https://example.org/news/flood-story",
            "https://example.org/news/other-story",
            "https://example.org/news/flood-story?id=2",
            "https://example.com/news/flood-story",
        )
    }
    assert len(keys) == 4


def test_the_same_address_is_refused_until_confirmed(db, team):
    first = articles.create_article(
        db, title="Floods", text=TEXT, url="https://www.example.org/flood/", actor=team["reviewer"]
    )
    with pytest.raises(duplicates.DuplicateArticle) as caught:
        articles.create_article(
            db,
            title="Floods again",
            text=OTHER,
            url="http://example.org/flood?utm_campaign=x",
            actor=team["reviewer"],
            refuse_duplicate=True,
        )
    error = caught.value
    assert error.status == 409 and error.code == "duplicate_article"
    assert error.match.article.id == first.id and error.match.reason == "url"
    assert error.fields["existing_id"] == str(first.id) and f"/articles/{first.id}" in error.message
    again = articles.create_article(
        db, title="Floods again", text=OTHER, url="http://example.org/flood", actor=team["reviewer"]
    )
    assert again.id != first.id


def test_near_identical_text_is_refused_and_a_different_article_is_not(db, team):
    first = articles.create_article(db, title="Floods", text=TEXT, actor=team["reviewer"])
    assert len(db.exec(select(ArticleTextBand).where(ArticleTextBand.article_id == first.id)).all()) == 16
    edited = TEXT.replace("Paragraph 3:", "Para 3 -").replace("spring", "Spring") + " Updated at 10:00."
    assert (
        duplicates.jaccard(duplicates.shingles(TEXT), duplicates.shingles(edited))
        >= duplicates.NEAR_IDENTICAL
    )
    with pytest.raises(duplicates.DuplicateArticle) as caught:
        articles.create_article(db, title="Copy", text=edited, actor=team["reviewer"], refuse_duplicate=True)
    assert caught.value.match.reason == "text" and caught.value.match.article.id == first.id
    other = articles.create_article(
        db, title="Football", text=OTHER, actor=team["reviewer"], refuse_duplicate=True
    )
    assert other.id


def test_a_rewrite_that_shares_half_its_passages_is_not_a_duplicate(db, team):
    articles.create_article(db, title="Floods", text=TEXT, actor=team["reviewer"])
    half = TEXT[: len(TEXT) // 2] + " " + OTHER[: len(OTHER) // 2]
    assert articles.create_article(
        db, title="Mixed", text=half, actor=team["reviewer"], refuse_duplicate=True
    )


def test_the_browser_asks_to_confirm_and_links_the_article(db, team, login, post_form):
    first = articles.create_article(
        db, title="Floods", text=TEXT, url="https://example.org/flood", actor=team["reviewer"]
    )
    db.commit()
    login(team["reviewer"])
    form = {"title": "Floods (copy)", "text": TEXT, "url": "https://www.example.org/flood/?utm_source=tw"}
    response = post_form("/articles/new", form)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'id="duplicate-warning"' in html and f'href="/articles/{first.id}"' in html
    assert 'name="confirm_duplicate"' in html
    assert db.exec(select(Article)).all() == [first]
    response = post_form("/articles/new", {**form, "confirm_duplicate": "1"})
    assert response.status_code == 302
    assert len(db.exec(select(Article)).all()) == 2


def test_the_api_answers_409_duplicate_article_unless_confirmed(db, team, api):
    first = articles.create_article(db, title="Floods", text=TEXT, actor=team["reviewer"])
    db.commit()
    client = api("reviewer")
    body = {"title": "Copy", "text": TEXT + " (updated)"}
    response = client.post("/api/v1/articles", json=body)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "duplicate_article" and error["fields"]["existing_id"] == str(first.id)
    assert client.post("/api/v1/articles", json={**body, "confirm_duplicate": True}).status_code == 201
    assert client.post("/api/v1/articles", json={**body, "confirm_duplicate": "yes"}).status_code == 422


def test_the_cli_refuses_a_duplicate_unless_confirmed(db, team, runner, tmp_path):
    articles.create_article(db, title="Floods", text=TEXT, actor=team["reviewer"])
    db.commit()
    path = tmp_path / "floods.txt"
    path.write_text(TEXT)
    result = runner.invoke(args=["import-article", str(path)])
    assert result.exit_code != 0 and "already has this article" in result.output
    result = runner.invoke(args=["import-article", str(path), "--confirm-duplicate"])
    assert result.exit_code == 0, result.output


def test_csrf_is_required(db, team, login, client):
    login(team["reviewer"])
    csrf_token(client)
    response = client.post("/articles/new", data={"title": "x", "text": TEXT, "confirm_duplicate": "1"})
    assert response.status_code == 400

"""Has this been checked before, in a real browser: the split screen marks a suggested sentence whose claim the
desk already published; the claim screen lists similar claims and an editor links one ("same as #N"); both
fit a 390 px phone without sideways scrolling."""

import json

import pytest

from factcheck.services import articles, external_reviews

from ..test_similar import HAFTAR
from ..workflow_helpers import make_claim
from .conftest import browser_sign_in

ARTICLE = (
    "Five British ex-soldiers flew helicopters for Haftar, the newspaper said.\n\n"
    "The weather in Benghazi was mild on Tuesday, and the market opened late."
)

OTHER_DESK = {
    "@type": "ClaimReview",
    "url": "https://checkers.example.org/haftar-pilots",
    "claimReviewed": "British ex-soldiers flew Haftar's helicopters",
    "author": {"@type": "Organization", "name": "Checkers Weekly"},
    "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
}


@pytest.fixture
def desk(db, team):
    earlier = make_claim(db, team["editor"], status="published", text=HAFTAR, rating="mostly-true")
    article = articles.create_article(db, title="Mercenaries in Libya", text=ARTICLE, actor=team["reviewer"])
    db.commit()
    return {"earlier": earlier, "article": article}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_split_screen_says_already_checked_for_a_published_claim(live_server, page, desk):
    earlier = desk["earlier"]
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/articles/{desk['article'].id}")
    line = page.locator("#s-0 .already-checked")
    line.wait_for()
    assert "Already checked" in line.inner_text() and f"#{earlier.id}" in line.inner_text()
    assert "Mostly true" in line.inner_text()
    assert line.locator("a").get_attribute("href") == f"/claims/{earlier.id}"
    assert "differs" in line.inner_text() and "Five" in line.inner_text()
    assert page.locator("#s-1 .already-checked").count() == 0  # the weather is nobody's claim


def test_claim_screen_lists_similar_and_an_editor_links_one(live_server, page, db, team, desk):
    earlier = desk["earlier"]
    again = make_claim(db, team["editor"], text="Five British ex-soldiers flew helicopters for Haftar")
    external_reviews.import_reviews(db, data=json.dumps(OTHER_DESK), origin="test", actor=None)
    browser_sign_in(page, live_server, "editor")
    page.goto(f"{live_server}/claims/{again.id}")
    other = page.locator("#similar .similar-item.external")
    other.wait_for()
    assert "Other desk" in other.inner_text() and "Checkers Weekly" in other.inner_text()
    assert other.locator("a").get_attribute("href") == OTHER_DESK["url"]
    item = page.locator(f"#similar .similar-item[data-claim-id='{earlier.id}']")
    item.wait_for()
    assert HAFTAR in item.inner_text() and "Mostly true" in item.inner_text()
    assert "number: Five ≠ Six" in item.inner_text()
    item.locator("button.same-as-this").click()
    page.wait_for_selector("#same-as")
    assert f"#{earlier.id}" in page.locator("#same-as").inner_text()
    assert "same as" in page.locator("#history").inner_text()


def test_both_screens_fit_a_phone(live_server, browser, db, team, desk):
    again = make_claim(db, team["editor"], text="Five British ex-soldiers flew helicopters for Haftar")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    phone = context.new_page()
    try:
        browser_sign_in(phone, live_server, "editor")
        phone.goto(f"{live_server}/articles/{desk['article'].id}")
        phone.locator("#s-0 .already-checked").wait_for()
        assert _overflow(phone) <= 0, "the split screen scrolls sideways on a phone"
        phone.goto(f"{live_server}/claims/{again.id}")
        phone.locator("#similar .similar-item").first.wait_for()
        assert _overflow(phone) <= 0, "the claim screen scrolls sideways on a phone"
    finally:
        context.close()

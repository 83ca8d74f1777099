"""In a real browser, on a 390 px phone: an admin opens the ClaimReview import screen from Team, uploads a small
JSON-LD feed with one broken record, and reads what became of each record; nothing scrolls sideways."""

import json

from sqlmodel import select

from factcheck.models import ExternalReview

from ..test_external_reviews import BROKEN, review
from .conftest import browser_sign_in


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_an_admin_uploads_a_json_ld_feed_and_reads_the_report(live_server, phone, db, team):
    page = phone
    browser_sign_in(page, live_server, "admin")
    page.goto(live_server + "/admin/users")
    page.click("#claimreview-import-link")
    page.wait_for_selector("#claimreview-import")
    assert _overflow(page) <= 0
    feed = {"@type": "DataFeed", "dataFeedElement": [review(1), BROKEN, review(2)]}
    name = "other-desks-claimreview-feed-" * 5 + ".jsonld"  # one long word in the report's heading
    page.set_input_files(
        "#file",
        files=[{"name": name, "mimeType": "application/ld+json", "buffer": json.dumps(feed).encode()}],
    )
    page.click("#claimreview-import button[type=submit]")
    page.wait_for_selector("#import-report")
    summary = page.inner_text(".report-summary")
    assert "2 imported" in summary and "1 skipped" in summary
    refused = page.locator("#import-records tr[data-record='2']")
    assert "skipped" in refused.inner_text() and "no claimReviewed" in refused.inner_text()
    assert page.locator("#import-records tr.outcome-added").count() == 2
    assert _overflow(page) <= 0, "the report scrolls sideways at 390 px"
    db.expire_all()
    assert len(db.exec(select(ExternalReview)).all()) == 2

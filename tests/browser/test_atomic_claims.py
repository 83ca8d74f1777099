"""An atomic claim suggested under a sentence becomes an anchored claim in one click, its wording edited first;
the atomic list fits a 390 px phone without sideways scrolling."""

import re

from playwright.sync_api import expect
from sqlmodel import select

from factcheck.models import Claim

from .conftest import browser_sign_in

ARTICLE = (
    "Ferry strike strands thousands\n\n"
    "The harbour board said on Monday that 38 sailings were cancelled and 4,200 passengers were stranded, "
    "including 300 schoolchildren on a trip.\n"
)


def _add_article(page, live_server) -> None:
    page.goto(f"{live_server}/articles/new")
    page.fill("input[name=title]", "Ferry strike strands thousands")
    page.fill("textarea[name=text]", ARTICLE)
    page.click("form.article-form button[type=submit]")
    page.wait_for_url(re.compile(r"/articles/\d+$"))


def test_an_atomic_claim_becomes_an_anchored_claim_in_one_click(live_server, page, db, team):
    browser_sign_in(page, live_server, "reviewer")
    _add_article(page, live_server)
    atomic = page.locator(".suggestion.cw details.atomic").first
    atomic.locator("summary").click()
    forms = atomic.locator("form.atomic-claim")
    assert forms.count() >= 2
    first = forms.first
    wording = first.locator("input[name=text]")
    suggested = wording.input_value()
    assert "38 sailings were cancelled" in suggested
    assert "said" not in suggested  # the attribution went to the claimant field
    start = int(first.locator("input[name=start]").input_value())
    end = int(first.locator("input[name=end]").input_value())
    wording.fill(suggested.replace("38 sailings", "38 ferry sailings"))
    first.locator("button.add-atomic").click()
    expect(page.locator(".claim-item")).to_have_count(1)
    db.rollback()
    claim = db.exec(select(Claim).order_by(Claim.id.desc())).first()
    assert "38 ferry sailings were cancelled" in claim.text
    assert (claim.start, claim.end) == (start, end)
    assert ARTICLE[claim.start : claim.end].count("38 sailings") == 1
    assert claim.claimant and "harbour board" in claim.claimant.lower()


def test_the_atomic_claims_fit_a_phone(live_server, phone, team):
    page = phone
    browser_sign_in(page, live_server, "reviewer")
    _add_article(page, live_server)
    for summary in page.locator("details.atomic > summary").all():
        summary.click()
    expect(page.locator("form.atomic-claim").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    box = page.locator("form.atomic-claim").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390

"""A returned claim in real Chromium: the claim screen opens with the editor's reason (rendered Markdown) above
the claim, and the queue shows it as "in progress · returned" without the rejected rating."""

from playwright.sync_api import expect

from factcheck.services import workflow

from ..workflow_helpers import make_claim
from .conftest import browser_sign_in


def test_a_returned_claim_shows_the_reason_on_its_screen_and_returned_in_the_queue(
    live_server, page, db, team
):
    claim = make_claim(db, team["reviewer"], status="in_progress", holder=team["reviewer"])
    workflow.propose(
        db, claim_id=claim.id, rating="false", rationale="The table says 4 percent.", actor=team["reviewer"]
    )
    workflow.return_verdict(
        db, claim_id=claim.id, comment="Link **the agency's table**, not the blog.", actor=team["editor"]
    )
    db.commit()

    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/claims/{claim.id}")
    notice = page.locator("#returned")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Returned by Editor Person")
    expect(notice.locator(".reason strong")).to_have_text("the agency's table")
    notice_box, claim_box = notice.bounding_box(), page.locator("h1.claim-text").bounding_box()
    assert notice_box["y"] < claim_box["y"]  # at the top of the screen
    expect(page.locator(".verdict-current")).to_have_count(0)  # the returned verdict is not current
    expect(page.locator("#rating")).to_have_value("false")  # the form starts from the last proposal

    page.goto(f"{live_server}/queue")
    row = page.locator(f'tr.queue-row[data-claim-id="{claim.id}"]')
    expect(row.locator("td").nth(1)).to_have_text("in progress · returned")
    expect(row.locator("td").last).to_have_text("")

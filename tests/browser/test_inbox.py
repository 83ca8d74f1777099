"""The inbox in real Chromium: an editor returns a verdict on the claim screen, the reviewer sees the unread
count in the navigation, opens the inbox, reads the editor's reason (rendered), opens the claim (marking it
read) and finds it "returned" with the reason at the top; an @mention reaches a viewer. The claim screen's
clear states: the verdict panel says why it is empty and offers the take, `v` says why there is no form.
Each screen is also checked at 390 px: nothing scrolls sideways."""

import re

from playwright.sync_api import expect

from factcheck.services import workflow

from ..workflow_helpers import make_claim
from .conftest import browser_sign_in, no_sideways_scroll


def test_a_return_reaches_the_reviewers_inbox_and_shows_on_the_claim(
    live_server, page, new_page, phone, db, team
):
    claim = make_claim(db, team["reviewer"], status="in_progress", holder=team["reviewer"])
    workflow.propose(
        db, claim_id=claim.id, rating="false", rationale="The table says 4.", actor=team["reviewer"]
    )
    db.commit()

    editor = new_page()
    browser_sign_in(editor, live_server, "editor")
    editor.goto(f"{live_server}/claims/{claim.id}")
    editor.fill("#return-comment", "Link **the agency's table**, not the blog.")
    editor.click("#return-form button[type=submit]")
    expect(editor.locator("#claim-status")).to_have_text("in progress")

    browser_sign_in(page, live_server, "reviewer", home=True)
    expect(page.locator("#nav-unread")).to_have_text("1")
    page.click("#nav-inbox")
    item = page.locator("#inbox .inbox-item").first
    expect(item).to_have_class(re.compile(r"\bunread\b"))
    expect(item).to_contain_text("Editor Person")
    expect(item).to_contain_text("returned your verdict")
    expect(item.locator(".inbox-body strong")).to_have_text("the agency's table")

    item.locator(".open-form button").click()
    page.wait_for_url(f"**/claims/{claim.id}")
    expect(page.locator("#nav-unread")).to_have_count(0)  # opened: read
    expect(page.locator("#claim-returned")).to_have_text("returned")
    notice = page.locator("#returned")
    expect(notice.locator(".reason strong")).to_have_text("the agency's table")
    assert notice.bounding_box()["y"] < page.locator("h1.claim-text").bounding_box()["y"]
    # the history renders the reason's Markdown instead of showing the asterisks
    history = page.locator('#history li.event[data-action="claim.return"] .detail')
    expect(history.locator("strong")).to_have_text("the agency's table")
    expect(page.locator("#history")).not_to_contain_text("**")

    browser_sign_in(phone, live_server, "reviewer")
    for path in ("/inbox", f"/claims/{claim.id}"):
        phone.goto(f"{live_server}{path}")
        no_sideways_scroll(phone)


def test_a_mention_in_a_comment_reaches_the_mentioned_viewer(live_server, page, new_page, phone, db, team):
    claim = make_claim(db, team["reviewer"])
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/claims/{claim.id}")
    page.fill("#comment-body", "@viewer could you check the **second** figure?")
    page.click(".comment-form button[type=submit]")
    expect(page.locator("#comments")).to_contain_text("could you check")
    expect(page.locator("#nav-unread")).to_have_count(0)  # nobody is told about their own comment

    browser_sign_in(phone, live_server, "viewer", home=True)
    expect(phone.locator("#nav-unread")).to_have_text("1")
    phone.goto(f"{live_server}/inbox")
    item = phone.locator("#inbox .inbox-item").first
    expect(item).to_contain_text("Reviewer Person")
    expect(item).to_contain_text("mentioned you")
    expect(item.locator(".inbox-body strong")).to_have_text("second")
    no_sideways_scroll(phone)
    phone.click("#mark-all-read button")
    expect(phone.locator("#inbox-summary")).to_have_text("Nothing unread")
    expect(phone.locator("#nav-unread")).to_have_count(0)


def test_the_verdict_panel_says_what_to_do_and_v_explains(live_server, page, phone, db, team):
    claim = make_claim(db, team["reviewer"])
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/claims/{claim.id}")
    expect(page.locator("#verdict-next")).to_contain_text("Take this claim first")
    expect(page.locator(".shortcuts")).to_contain_text("take this claim")
    expect(page.locator("#evidence-holder-note")).to_contain_text("Nobody holds this claim")
    page.keyboard.press("v")
    expect(page.locator("#key-message")).to_contain_text("Take this claim first")
    page.click("#verdict-take-form button")
    expect(page.locator("#claim-status")).to_have_text("in progress")
    expect(page.locator("#verdict-form")).to_be_visible()
    expect(page.locator(".shortcuts")).not_to_contain_text("take this claim")
    expect(page.locator("#evidence-holder-note")).to_have_count(0)  # it is mine now

    browser_sign_in(phone, live_server, "viewer")
    phone.goto(f"{live_server}/claims/{claim.id}")
    expect(phone.locator("#verdict-next")).to_contain_text("Reviewer Person holds this claim")
    phone.keyboard.press("v")
    expect(phone.locator("#key-message")).to_contain_text("only they can propose its verdict")
    no_sideways_scroll(phone)

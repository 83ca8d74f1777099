"""No one-click irreversible moves, in real Chromium: "Approve and publish" first shows what readers will see
(the rating, the claim, the rationale) and publishes only on "Publish now"; "Deactivate" on the Team screen
first says what it does; "Reopen…" and an evidence item's "Remove…" say what they undo and
which item of which claim. The steps are plain pages and forms, so they work with and without JavaScript,
and none scrolls sideways at 390 px."""

import re

from playwright.sync_api import expect

from factcheck.services import workflow

from ..workflow_helpers import make_claim
from .conftest import browser_sign_in, no_sideways_scroll


def test_approve_previews_the_public_card_and_publishes_only_when_confirmed(
    live_server, page, phone, db, team
):
    claim = make_claim(db, team["reviewer"], status="in_progress", holder=team["reviewer"])
    workflow.propose(
        db, claim_id=claim.id, rating="false", rationale="The **agency's table** says 4 percent.",
        actor=team["reviewer"],
    )  # fmt: skip
    db.commit()
    browser_sign_in(page, live_server, "editor")
    page.goto(f"{live_server}/claims/{claim.id}")
    page.click("#approve-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/claims/{claim.id}/approve\??$"))
    preview = page.locator("#public-preview")
    expect(preview.locator("#preview-rating")).to_have_text("False")
    expect(preview.locator("#preview-claim")).to_have_text("Rents rose by 12 percent.")
    expect(preview.locator("#preview-rationale strong")).to_have_text("agency's table")
    expect(page.locator(".consequence")).to_contain_text("public correction")

    page.click("#confirm-approve-form a.button")  # Cancel: nothing published
    page.wait_for_url(f"**/claims/{claim.id}")
    expect(page.locator("#claim-status")).to_have_text("in review")

    browser_sign_in(phone, live_server, "admin")
    phone.goto(f"{live_server}/claims/{claim.id}/approve")
    no_sideways_scroll(phone)

    page.click("#approve-form button[type=submit]")
    page.click("#confirm-approve-form button[type=submit]")
    expect(page.locator("#claim-status")).to_have_text("published")
    expect(page.locator(".flash")).to_contain_text("published")


def test_deactivate_says_what_it_does_before_doing_it(live_server, page, phone, db, team):
    make_claim(db, team["reviewer"], status="in_progress", holder=team["reviewer"])
    browser_sign_in(page, live_server, "admin")
    page.goto(f"{live_server}/admin/users")
    row = page.locator('tr[data-username="reviewer"]')
    row.locator("form.deactivate button").click()
    expect(page.locator("h1")).to_contain_text("Deactivate Reviewer Person (reviewer)?")
    expect(page.locator(".consequences")).to_contain_text("signed out everywhere")
    expect(page.locator(".consequences")).to_contain_text("1 claim")
    page.click("#confirm-deactivate-form a.button")  # Cancel
    expect(row.locator('td[data-label="Status"]')).to_have_text("active")

    browser_sign_in(phone, live_server, "admin")
    phone.goto(f"{live_server}/admin/users/{team['reviewer'].id}/deactivate")
    no_sideways_scroll(phone)

    row.locator("form.deactivate button").click()
    page.click("#confirm-deactivate-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("reviewer is deactivated")
    expect(row.locator('td[data-label="Status"]')).to_have_text("deactivated")


def test_reopen_says_what_it_undoes_in_public_before_doing_it(live_server, page, phone, db, team, make_user):
    claim = make_claim(
        db, team["reviewer"], status="published", proposer=team["reviewer"], approver=make_user("editor")
    )
    browser_sign_in(page, live_server, "editor")
    page.goto(f"{live_server}/claims/{claim.id}")
    page.click("details.reopen summary")
    page.fill("#note", "The agency revised its table.")
    page.click("#reopen-form button[type=submit]")
    steps = page.locator("#reopen-consequences")
    expect(page.locator("h1")).to_contain_text("Reopen this published verdict for correction?")
    expect(steps).to_contain_text("superseded")
    expect(steps).to_contain_text("corrections list")
    expect(steps).to_contain_text("The agency revised its table.")
    expect(steps).to_contain_text("Reviewer Person holds it again")
    page.click("#confirm-reopen-form a.button")  # Cancel: still published
    page.wait_for_url(f"**/claims/{claim.id}")
    expect(page.locator("#claim-status")).to_have_text("published")

    browser_sign_in(phone, live_server, "admin")
    phone.goto(f"{live_server}/claims/{claim.id}")
    phone.click("details.reopen summary")
    phone.fill("#note", "A long correction note " * 12)
    phone.click("#reopen-form button[type=submit]")
    expect(phone.locator("#reopen-confirm")).to_be_visible()
    no_sideways_scroll(phone)

    page.click("details.reopen summary")
    page.fill("#note", "The agency revised its table.")
    page.click("#reopen-form button[type=submit]")
    page.click("#confirm-reopen-form button[type=submit]")
    expect(page.locator("#claim-status")).to_have_text("in progress")
    expect(page.locator(".flash")).to_contain_text("Reopened for correction")


def test_remove_evidence_names_the_item_and_the_claim_before_removing(live_server, page, phone, db, team):
    claim = make_claim(db, team["reviewer"], status="in_progress", evidence=("contradicts", "supports"))
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/claims/{claim.id}")
    expect(page.locator(".evidence-item")).to_have_count(2)
    first = page.locator(".evidence-item").first
    first.locator("details.evidence-edit summary").click()
    first.locator("form.remove-evidence button").click()  # no browser dialog: a page says what it does
    expect(page.locator("h1")).to_have_text(f"Remove this evidence from claim {claim.id}?")
    expect(page.locator("#remove-claim")).to_have_text("Rents rose by 12 percent.")
    expect(page.locator("#remove-item")).to_contain_text("Contradicts:")
    expect(page.locator("#remove-consequences")).to_contain_text("1 supporting, 0 contradicting")
    expect(page.locator("#remove-consequences")).to_contain_text("history keeps this item")
    page.click("#confirm-remove-evidence-form a.button")  # Cancel: both items still there
    expect(page.locator(".evidence-item")).to_have_count(2)

    browser_sign_in(phone, live_server, "reviewer")
    phone.goto(f"{live_server}/claims/{claim.id}")
    phone_first = phone.locator(".evidence-item").first
    phone_first.locator("details.evidence-edit summary").click()
    phone_first.locator("form.remove-evidence button").click()
    expect(phone.locator("#remove-evidence-confirm")).to_be_visible()
    no_sideways_scroll(phone)

    first.locator("details.evidence-edit summary").click()
    first.locator("form.remove-evidence button").click()
    page.click("#confirm-remove-evidence-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Evidence removed")
    expect(page.locator(".evidence-item")).to_have_count(1)
    expect(page.locator(".evidence-item")).to_have_attribute("data-stance", "supports")

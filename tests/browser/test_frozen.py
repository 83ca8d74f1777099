"""Published means frozen, in real Chromium: no edit controls on a published claim; an editor reopens it, the
reviewer rewords it on the split screen and proposes again, another editor approves, and the corrections
list shows the earlier wording and verdict beside the new wording."""

import re

from playwright.sync_api import expect

from ..workflow_helpers import make_article, make_claim
from .conftest import browser_sign_in


def test_reopen_reword_and_approve_a_published_claim(live_server, page, new_page, db, team):
    article = make_article(db, team["editor"])
    claim = make_claim(
        db, team["editor"], article_id=article.id, status="published", proposer=team["reviewer"],
        approver=team["admin"], text="Rents rose by 12 percent.",
    )  # fmt: skip

    # the reviewer sees no way to change the published claim, on the split screen or the claim screen
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/articles/{article.id}")
    item = page.locator(f"#claim-{claim.id}")
    expect(item).to_contain_text("published")
    expect(item.locator("details.edit-claim")).to_have_count(0)
    page.goto(f"{live_server}/claims/{claim.id}")
    expect(page.locator("#evidence .evidence-edit")).to_have_count(0)
    expect(page.locator("#evidence")).to_contain_text("frozen until an editor reopens it")

    # an editor reopens it with a correction note
    editor = new_page()
    browser_sign_in(editor, live_server, "editor")
    editor.goto(f"{live_server}/claims/{claim.id}")
    editor.click("details.reopen summary")
    editor.fill("#note", "The agency corrected its table: the rise was 2 percent.")
    editor.click("#reopen-form button[type=submit]")
    editor.click("#confirm-reopen-form button[type=submit]")  # the step that says what reopening does
    expect(editor.locator("#claim-status")).to_have_text("in progress")

    # the reviewer, who holds it again, rewords it on the split screen (saved without a reload)
    page.goto(f"{live_server}/articles/{article.id}")
    page.locator(f"#claim-{claim.id} details.edit-claim summary").click()
    page.fill(f"#claim-{claim.id} textarea[name=c{claim.id}-text]", "Rents rose by 2 percent.")
    page.click(f"#claim-{claim.id} .js-edit-form button[type=submit]")
    expect(page.locator(f"#claim-{claim.id} .claim-link")).to_have_text("Rents rose by 2 percent.")

    # and proposes a verdict on the claim screen
    page.goto(f"{live_server}/claims/{claim.id}")
    page.select_option("#rating", "mostly-true")
    page.fill("#rationale", "The corrected table shows 2 percent.")
    page.click("#verdict-form button[type=submit]")  # its evidence contradicts the earlier figure: warned
    page.fill("#override_reason", "The contradicting item was about the earlier figure.")
    page.click("#verdict-form button[type=submit]")
    expect(page.locator("#claim-status")).to_have_text("in review")

    # the editor approves it: published again, and frozen again
    editor.goto(f"{live_server}/claims/{claim.id}")
    editor.click("#approve-form button[type=submit]")
    editor.click("#confirm-approve-form button[type=submit]")  # the preview of the public card first
    expect(editor.locator("#claim-status")).to_have_text("published")
    page.goto(f"{live_server}/articles/{article.id}")
    expect(page.locator(f"#claim-{claim.id} details.edit-claim")).to_have_count(0)

    # the public corrections list keeps the earlier wording and verdict beside the new wording
    reader = new_page()
    reader.goto(f"{live_server}/corrections")
    entry = reader.locator(f".correction[data-claim-id='{claim.id}']")
    expect(entry).to_contain_text("Rents rose by 12 percent.")
    expect(entry.locator(".reworded")).to_contain_text("Rents rose by 2 percent.")
    expect(entry).to_contain_text("False")
    expect(entry).to_contain_text("the rise was 2 percent")
    assert re.search(r"/corrections$", reader.url)

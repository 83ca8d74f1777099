"""The remaining screens in a real browser: own password, rating scale, correcting an article,
the corrections list."""

import re

from playwright.sync_api import expect

from factcheck.services import articles, claims, evidence, sources, workflow

from .conftest import browser_sign_in

TEXT = (
    "Headline about the port\n\n"
    "The port handled 4.2 million containers in 2023, the port authority said.\n\n"
    "Customs officers seized 300 kilograms of cocaine in March, police said."
)


def test_a_reviewer_changes_their_password(live_server, page, team):
    browser_sign_in(page, live_server, "reviewer", home=True)
    page.click("text=Password")
    page.fill("input[name=current_password]", "correct horse battery")
    page.fill("input[name=new_password]", "a much better passphrase")
    page.fill("input[name=confirm]", "a much better passphrase")
    page.click("main button[type=submit]")  # the header's Sign out is a submit button too
    expect(page.locator(".flashes")).to_contain_text("Password changed")
    page.click("text=Sign out")
    page.wait_for_url("**/login")
    page.fill("input[name=username]", "reviewer")
    page.fill("input[name=password]", "correct horse battery")
    page.click("main button[type=submit]")
    expect(page.locator(".flashes")).to_contain_text("Wrong username or password")
    browser_sign_in(page, live_server, "reviewer", "a much better passphrase", through_form=True)
    expect(page.locator(".account")).to_contain_text("Reviewer Person")


def test_an_admin_renames_a_rating(live_server, page, team):
    browser_sign_in(page, live_server, "admin", home=True)
    page.click("text=Rating scale")
    label = page.locator("input[aria-label='Label of mostly-true']")
    label.fill("Largely true")
    label.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    expect(page.locator("input[aria-label='Label of mostly-true']")).to_have_value("Largely true")


def test_a_correction_keeps_found_claims_and_flags_the_lost_one(live_server, page, db, team):
    article = articles.create_article(db, title="Port story", text=TEXT, actor=team["reviewer"])
    port = TEXT.index("The port handled")
    seized = TEXT.index("Customs officers")
    kept = claims.create_claim(
        db,
        article_id=article.id,
        text="The port handled 4.2 million containers in 2023.",
        start=port,
        end=TEXT.index(" the port authority"),
        actor=team["reviewer"],
    )
    lost = claims.create_claim(
        db,
        article_id=article.id,
        text="Customs seized 300 kg of cocaine in March.",
        start=seized,
        end=len(TEXT),
        actor=team["reviewer"],
    )
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/articles/{article.id}")
    page.click("text=Correct the text")
    corrected = TEXT.replace("Headline about the port", "Headline about the port (corrected)").replace(
        "\n\nCustoms officers seized 300 kilograms of cocaine in March, police said.", ""
    )
    page.fill("textarea[name=text]", corrected)
    page.fill("[name=note]", "Removed the customs paragraph, which was about another port.")
    page.click("button:has-text('Save the correction')")
    page.wait_for_url(re.compile(rf"/articles/{article.id}$"))
    expect(page.locator(f"#claim-{lost.id} .warning")).to_contain_text("Anchor lost")
    expect(page.locator(f"#claim-{kept.id} .warning")).to_have_count(0)
    expect(page.locator(f"#claim-{kept.id}")).to_have_attribute(
        "data-start", str(corrected.index("The port handled"))
    )


def test_a_reopened_verdict_appears_in_the_public_corrections_list(live_server, page, db, team):
    article = articles.create_article(db, title="Port story", text=TEXT, actor=team["reviewer"])
    claim = claims.create_claim(
        db, article_id=article.id, text="The port handled 4.2 million containers.", actor=team["reviewer"]
    )
    source = sources.create_source(
        db, actor=team["reviewer"], title="Port annual report 2023", url="https://port.example/2023"
    )
    workflow.take(db, claim_id=claim.id, actor=team["reviewer"])
    evidence.add_evidence(
        db,
        claim_id=claim.id,
        source_id=source.id,
        stance="supports",
        quote="4.2m TEU",
        locator="p. 3",
        actor=team["reviewer"],
    )
    workflow.propose(
        db, claim_id=claim.id, rating="true", rationale="The annual report says 4.2m.", actor=team["reviewer"]
    )
    workflow.approve(db, claim_id=claim.id, actor=team["editor"])

    browser_sign_in(page, live_server, "editor")
    page.goto(f"{live_server}/claims/{claim.id}")
    page.click("text=Reopen for correction")
    page.fill("#note", "The figure counts TEU, not containers.")
    page.click("#reopen-form button[type=submit]")
    page.click("#confirm-reopen-form button[type=submit]")  # the step that says what reopening does
    expect(page.locator("#claim-status")).to_have_text("in progress")
    page.click("text=Sign out")

    page.goto(f"{live_server}/corrections")  # public, signed out
    item = page.locator("li.correction")
    expect(item).to_contain_text("The port handled 4.2 million containers.")
    expect(item).to_contain_text("The figure counts TEU, not containers.")
    expect(item).to_contain_text("True")

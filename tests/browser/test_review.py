"""The review loop in real Chromium: take next, add evidence, propose; a second person (an editor) returns
it with a comment; the reviewer revises; the editor approves; the history shows every step with names
and times."""

import re

from playwright.sync_api import expect

from factcheck.services import sources

from ..workflow_helpers import make_article, make_claim
from .conftest import browser_sign_in


def test_take_evidence_propose_return_revise_approve(live_server, page, new_page, db, team):
    article = make_article(db, team["editor"])
    claim = make_claim(
        db, team["editor"], article_id=article.id, evidence=(), priority=4, text="Rents rose by 12 percent."
    )
    make_claim(db, team["editor"], article_id=article.id, evidence=(), priority=1, text="Critics disagreed.")
    source = sources.create_source(
        db, actor=team["editor"], title="Housing agency annual table", url="https://example.org/housing-2024"
    )

    # the reviewer takes the next claim from the queue
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/queue")
    expect(page.locator("#queue-table")).to_contain_text("Rents rose by 12 percent.")
    page.click("#take-next")
    page.wait_for_url(re.compile(rf"/claims/{claim.id}$"))
    expect(page.locator("#claim-status")).to_have_text("in progress")

    # adds evidence through the evidence panel (keyboard: e focuses its form)
    page.keyboard.press("e")
    page.select_option("#add-evidence select[name=evidence-source_id]", str(source.id))
    page.check("#add-evidence input[name=evidence-stance][value=contradicts]")
    page.fill("#add-evidence [name=evidence-quote]", "Rents rose by 4 percent in 2024.")
    page.fill("#add-evidence [name=evidence-locator]", "table 3")
    with page.expect_navigation():  # waits for the load event, so the page's scripts are listening again
        page.click("#add-evidence button[type=submit]")
    expect(page.locator("#evidence .evidence-list")).to_contain_text("Housing agency annual table")

    # proposes "False" (keyboard: v goes to the verdict form)
    page.keyboard.press("v")
    expect(page.locator("#rating")).to_be_focused()
    page.select_option("#rating", "false")
    page.fill("#rationale", "The agency's **own table** shows 4 percent, not 12.")
    page.click("#verdict-form button[type=submit]")
    expect(page.locator("#claim-status")).to_have_text("in review")

    # a second person, an editor, returns it with a comment
    editor = new_page()
    browser_sign_in(editor, live_server, "editor")
    editor.goto(f"{live_server}/claims/{claim.id}")
    expect(editor.locator(".verdict-current .rationale strong")).to_have_text("own table")
    editor.click(
        "#return-form button[type=submit]"
    )  # without a comment: refused by the browser or the server
    expect(editor.locator("#claim-status")).to_have_text("in review")
    editor.fill("#return-comment", "Link the table itself, please.")
    editor.click("#return-form button[type=submit]")
    expect(editor.locator("#claim-status")).to_have_text("in progress")

    # the reviewer revises: the returned verdict comes back into the form
    page.reload()
    expect(page.locator("#comments")).to_contain_text("Link the table itself, please.")
    expect(page.locator("#rating")).to_have_value("false")
    page.fill("#rationale", "The agency's table (https://example.org/housing-2024) shows 4 percent, not 12.")
    page.click("#verdict-form button[type=submit]")
    expect(page.locator("#claim-status")).to_have_text("in review")

    # the editor approves
    editor.reload()
    editor.click("#approve-form button[type=submit]")
    editor.click("#confirm-approve-form button[type=submit]")  # the preview of the public card first
    expect(editor.locator("#claim-status")).to_have_text("published")

    # the history shows the five steps, in order, with names and times
    page.reload()
    events = page.locator("#history li.event")
    steps = [
        ("claim.take", "Reviewer Person", "took the claim"),
        ("claim.propose", "Reviewer Person", "proposed a verdict: False"),
        ("claim.return", "Editor Person", "returned the verdict"),
        ("claim.propose", "Reviewer Person", "proposed a verdict: False"),
        ("claim.approve", "Editor Person", "approved and published the verdict"),
    ]
    workflow_events = [
        events.nth(i)
        for i in range(events.count())
        if events.nth(i).get_attribute("data-action") in {s[0] for s in steps}
    ]
    assert len(workflow_events) == 5
    for event, (action, who, what) in zip(workflow_events, steps, strict=True):
        assert event.get_attribute("data-action") == action
        expect(event.locator(".who")).to_have_text(who)
        expect(event.locator(".what")).to_contain_text(what)
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", event.locator("time").get_attribute("datetime")
        )
    expect(workflow_events[2].locator(".detail")).to_have_text("Link the table itself, please.")


def test_an_evidence_item_moves_to_a_source_its_claim_does_not_cite_yet(live_server, page, db, team):
    """The edit form lists the claim's own sources; on first use sources.js adds the library's (rendered once,
    in the add form), so any source can be chosen there, and the choice is saved."""
    claim = make_claim(db, team["reviewer"], status="in_progress", evidence=("supports",))
    other = sources.create_source(db, actor=team["editor"], title="Zebra statistics office yearbook")
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/claims/{claim.id}")
    item = page.locator(".evidence-item").first
    item.locator("details.evidence-edit summary").click()
    picker = item.locator("select.source-choice")
    expect(picker.locator("option")).to_have_count(1)  # the claim's one source, as rendered
    picker.focus()
    expect(picker.locator(f"option[value='{other.id}']")).to_have_count(1)
    picker.select_option(str(other.id))
    with page.expect_navigation():
        item.locator("form.evidence-form button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("Evidence saved")
    expect(page.locator(".evidence-item").first.locator(".source-title")).to_have_text(other.title)

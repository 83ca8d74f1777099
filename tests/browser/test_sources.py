"""A reviewer adds a UN report, uploads its PDF, finds a passage and cites it on a claim as contradicting."""

import re

from playwright.sync_api import expect

from factcheck.services import articles, claims

from ..test_sources import report_pdf
from .conftest import browser_sign_in


def test_reviewer_quotes_a_pdf_page_as_contradicting_evidence(page, live_server, db, team):
    article = articles.create_article(
        db,
        title="Recruits for Libya",
        text="Syrian recruits were paid 1,500 dollars a month, a report said.",
        actor=team["reviewer"],
    )
    claim = claims.create_claim(
        db,
        article_id=article.id,
        text="Syrian recruits were paid 1,500 dollars a month.",
        actor=team["reviewer"],
    )
    browser_sign_in(page, live_server, "reviewer")

    # a new source: a UN symbol typed loosely is tidied and linked to its official page
    page.goto(f"{live_server}/sources/new")
    page.fill("input[name=title]", "Final report of the Panel of Experts on Libya")
    page.fill("input[name=publisher]", "UN Security Council")
    page.fill("input[name=document_symbol]", "s /2021/ 229")
    page.select_option("select[name=reliability]", "B")
    page.click("#source-form button[type=submit]")
    page.wait_for_url(re.compile(r"/sources/\d+$"))
    expect(page.locator("a.symbol")).to_have_text("S/2021/229")
    expect(page.locator("a.symbol")).to_have_attribute("href", "https://undocs.org/en/S/2021/229")
    expect(page.locator(".source-details .grade")).to_have_attribute("title", re.compile("Usually reliable"))

    # upload the report; its text is extracted page by page
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "panel-report.pdf", "mimeType": "application/pdf", "buffer": report_pdf()}],
    )
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("2 pages of text")
    expect(page.locator(".files a")).to_have_text("panel-report.pdf")

    # search a phrase inside it: found on page 2
    page.fill("#inside-q", "paid 2,000 dollars")
    page.click("#search-inside button[type=submit]")
    result = page.locator(".match")
    expect(result).to_have_count(1)
    expect(result).to_have_attribute("data-page", "2")
    expect(result.locator("mark")).to_have_text("paid 2,000 dollars")

    # quote it on the claim: the evidence form opens with source, passage and "p. 2" filled in
    result.locator("input[name=claim_id]").fill(str(claim.id))
    result.locator("button.quote-this").click()
    page.wait_for_url(re.compile(rf"/claims/{claim.id}\?"))
    form = page.locator("#add-evidence")
    expect(form.locator("textarea[name=evidence-quote]")).to_have_value(
        re.compile("fighters were paid 2,000 dollars a month")
    )
    expect(form.locator("input[name=evidence-locator]")).to_have_value("p. 2")
    expect(form.locator("select[name=evidence-source_id] option:checked")).to_contain_text("Panel of Experts")
    expect(page.locator(".side-contradicts .n")).to_have_text("0")
    form.locator("input[name=evidence-stance][value=contradicts]").check()
    form.locator("button[type=submit]").click()

    # the balance shows one contradicting source, graded B, and the quoted passage with its page
    expect(page.locator(".side-contradicts .n")).to_have_text("1")
    expect(page.locator(".side-contradicts .grade")).to_have_text("B")
    expect(page.locator(".side-supports .n")).to_have_text("0")
    item = page.locator(".evidence-item")
    expect(item).to_have_count(1)
    expect(item.locator(".locator")).to_have_text("p. 2")
    expect(item.locator(".quote")).to_contain_text("paid 2,000 dollars a month")

    # the source page now lists the claim that cites it
    item.locator("a.source-title").click()
    expect(page.locator("#citations")).to_contain_text("Syrian recruits were paid 1,500 dollars a month.")
    expect(page.locator("#citations .stance")).to_have_text("contradicts")
    page.goto(f"{live_server}/sources?q=panel+libya")
    expect(page.locator("#sources tbody tr")).to_have_count(1)

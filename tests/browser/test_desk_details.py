"""Small things in a real browser: signing in says it is busy (and works with scripts off), a refused
duplicate source keeps what was typed, the queue's article filter is a list of titles."""

import re

from playwright.sync_api import expect

from factcheck.services import articles, claims, sources

from ..conftest import PASSWORD
from .conftest import browser_sign_in


def fits_a_phone(page) -> bool:
    page.set_viewport_size({"width": 390, "height": 844})
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1400, "height": 900})
    return fits


def test_signing_in_shows_a_busy_button_until_the_desk_answers(page, live_server, team):
    page.goto(f"{live_server}/login")
    assert fits_a_phone(page)
    # What the button shows once the page's own submit handlers have run, kept for the next page to read
    # (a listener on window runs after app.js's on document).
    page.evaluate(
        """() => window.addEventListener('submit', (event) => {
               const b = event.target.querySelector('button[type=submit]');
               sessionStorage.setItem('busy', JSON.stringify([b.textContent, b.disabled, b.getAttribute('aria-busy')]));
           })"""
    )
    page.fill("input[name=username]", "reviewer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    expect(page.locator(".account")).to_contain_text("Reviewer Person")
    assert page.evaluate("JSON.parse(sessionStorage.getItem('busy'))") == ["Signing in…", True, "true"]


def test_signing_in_works_with_scripts_off(browser, live_server, team):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.fill("input[name=username]", "reviewer")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        assert page.locator(".account").count() == 1
    finally:
        context.close()


def test_a_refused_duplicate_source_keeps_what_was_typed(page, live_server, db, team):
    existing = sources.create_source(
        db, actor=team["reviewer"], title="Final report of the Panel", document_symbol="S/2021/229"
    )
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/sources/new")
    expect(page.locator("#source-form")).to_be_visible()
    typed = {
        "input[name=title]": "Panel report, my copy",
        "input[name=publisher]": "UN Security Council",
        "input[name=document_symbol]": "s /2021/ 229",
        "input[name=published_at]": "2021-03-08",
        "textarea[name=notes]": "Annex 4 has the flight list.",
    }
    for selector, value in typed.items():
        page.fill(selector, value)
    page.select_option("select[name=reliability]", "B")
    page.click("#source-form button[type=submit]")
    notice = page.locator("#duplicate")
    expect(notice).to_be_visible()
    expect(notice.locator("a")).to_have_attribute("href", re.compile(rf"/sources/{existing.id}$"))
    expect(page.get_by_text("already in the library")).to_have_count(1)  # said once
    expect(page.locator(".flash")).to_have_count(0)
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(page.locator("select[name=reliability]")).to_have_value("B")
    assert fits_a_phone(page)


def test_the_queue_is_filtered_by_choosing_an_article_title(page, live_server, db, team):
    reviewer = team["reviewer"]
    libya = articles.create_article(db, title="Recruits sent to Libya", text="A said B.", actor=reviewer)
    ports = articles.create_article(db, title="Ports reopen", text="C said D.", actor=reviewer)
    claims.create_claim(db, article_id=libya.id, text="Recruits went to Libya.", actor=reviewer)
    claims.create_claim(db, article_id=ports.id, text="Ports reopened.", actor=reviewer)
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/queue")
    page.select_option("select[name=article_id]", label="Ports reopen")
    page.locator("select[name=article_id]").evaluate("el => el.form.requestSubmit()")
    page.wait_for_url(re.compile(rf"article_id={ports.id}"))
    expect(page.get_by_text("Ports reopened.")).to_be_visible()
    expect(page.get_by_text("Recruits went to Libya.")).to_have_count(0)
    expect(page.locator("select[name=article_id] option:checked")).to_have_text("Ports reopen")
    assert fits_a_phone(page)


def test_a_duplicate_article_is_shown_with_a_link_and_added_only_when_confirmed(phone, live_server, db, team):
    text = "Floods closed 40 schools in the north, the ministry said on Monday.\n\nRoads reopened on Tuesday."
    first = articles.create_article(
        db, title="Floods", text=text, url="https://example.org/flood", actor=team["reviewer"]
    )
    db.commit()
    page = phone
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/articles/new")
    page.fill("input[name=title]", "Floods (copy)")
    page.fill("input[name=url]", "https://www.example.org/flood/?utm_source=tw")
    page.fill("textarea[name=text]", text)
    page.click("form.article-form button[type=submit] >> nth=-1")
    warning = page.locator("#duplicate-warning")
    expect(warning).to_contain_text("already has this article")
    expect(warning.locator(f'a[href="/articles/{first.id}"]')).to_be_visible()
    assert fits_a_phone(page)
    assert page.locator("input[name=title]").input_value() == "Floods (copy)"  # nothing typed is lost
    page.click("button[name=confirm_duplicate]")
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    assert page.url != f"{live_server}/articles/{first.id}"

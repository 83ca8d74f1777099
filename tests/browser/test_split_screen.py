"""The split screen reads well on a desk's wide screen: two panes with one scroll each (the page itself does
not scroll), a suggestion list that shows many at once and can be narrowed to the check-worthy ones, no photo
credit offered as a claim, and the keys keep their place: after `c` the list stays where it was, `e` edits the
claim just made, and the page's old message ("Article added") goes away after the next action."""

import re
from pathlib import Path

from playwright.sync_api import expect
from sqlmodel import select

from factcheck.models import Claim

from .conftest import browser_sign_in

SAMPLE = (Path(__file__).resolve().parents[2] / "factcheck" / "demo" / "sample_article.txt").read_text()

# Where an element sits in the window, and how far its scroll box is scrolled.
TOP = "el => el.getBoundingClientRect().top"
PANE_SCROLL = "() => document.querySelector('.side-pane').scrollTop"


def add_sample_article(page, live_server) -> None:
    page.goto(f"{live_server}/articles/new")
    page.fill("input[name=title]", "Russia tries to recruit mercenaries in eastern Syria")
    page.fill("textarea[name=text]", SAMPLE)
    page.click("form.article-form button[type=submit]")
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    page.wait_for_selector("#article-text .seg.cw")


def test_the_split_screen_keeps_its_place_through_c_and_e(live_server, page, db, team):
    browser_sign_in(page, live_server, "reviewer")
    add_sample_article(page, live_server)
    expect(page.locator(".flashes")).to_contain_text("added")

    # one scroll per pane, none nested: the page does not scroll, the suggestion list has no scroll of its own
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.suggestion-list')).overflowY") == "visible"
    )
    assert page.evaluate("getComputedStyle(document.querySelector('.article-pane')).overflowY") == "auto"
    assert (
        float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('.legend')).fontSize)")) >= 14
    )

    # a photo credit is not a suggestion; the caption's text is still in the article
    assert "(AFP File Photo)" in page.locator("#article-text").text_content()
    texts = page.locator(".suggestion .s-text").all_text_contents()
    assert "(AFP File Photo)" not in texts
    assert len(texts) >= 20

    # many suggestions at once: with the first at the top of the pane, more than five are on screen
    page.evaluate("document.querySelector('.suggestion').scrollIntoView({block: 'start'})")
    shown = page.evaluate(
        """() => {
            const pane = document.querySelector('.side-pane').getBoundingClientRect();
            return [...document.querySelectorAll('.suggestion')].filter(s => {
                const box = s.getBoundingClientRect();
                return box.top >= pane.top - 1 && box.bottom <= pane.bottom + 1;
            }).length;
        }"""
    )
    assert shown > 5, f"only {shown} suggestions on screen"

    # the last suggestion becomes a claim: the claim at the end of the list; the old message is gone
    page.evaluate("document.querySelector('.side-pane').scrollTop = 0")
    page.keyboard.press("k")  # focuses the first
    count = page.locator(".suggestion").count()
    for _ in range(count - 1):
        page.keyboard.press("j")
    page.keyboard.press("c")
    expect(page.locator(".claim-item")).to_have_count(1)
    expect(page.locator(".flashes")).to_have_count(0)

    # back to a suggestion in the middle, scrolled down the pane, and `c`: it stays put on the screen
    for _ in range(count - 9):
        page.keyboard.press("k")
    focused = page.locator(".suggestion.focus")
    key = focused.get_attribute("data-s")
    assert page.evaluate(PANE_SCROLL) > 0
    top_before = focused.evaluate(TOP)
    page.keyboard.press("c")
    expect(page.locator(".claim-item")).to_have_count(2)
    expect(page.locator(f'.suggestion[data-s="{key}"]')).to_have_class(re.compile(r"\bclaimed\b"))
    again = page.locator(".suggestion.focus")
    assert again.get_attribute("data-s") == key
    assert abs(again.evaluate(TOP) - top_before) <= 2, "the list jumped after c"
    assert page.evaluate(PANE_SCROLL) > 0

    # `e` opens the wording of the claim just made, not the last one in the list
    db.rollback()  # a fresh snapshot: the server wrote meanwhile
    newest = db.exec(select(Claim).order_by(Claim.id.desc())).first()
    last_in_list = page.locator(".claim-item").last.get_attribute("data-claim-id")
    assert last_in_list != str(newest.id)
    expect(page.locator(f"#claim-{newest.id}")).to_have_class(re.compile(r"\bjust-added\b"))
    page.keyboard.press("e")
    wording = page.locator(f"#claim-{newest.id} details.edit-claim textarea")
    expect(wording).to_be_focused()
    expect(wording).to_have_value(newest.text)
    assert page.locator(f"#claim-{last_in_list} details.edit-claim[open]").count() == 0


def test_the_suggestion_list_narrows_to_the_check_worthy(live_server, page, team):
    browser_sign_in(page, live_server, "reviewer")
    add_sample_article(page, live_server)
    everything = page.locator(".suggestion").count()
    check_worthy = page.locator(".suggestion.cw").count()
    assert 0 < check_worthy < everything
    page.check("#only-check-worthy")
    expect(page.locator(".suggestion:visible")).to_have_count(check_worthy)
    page.keyboard.press("j")
    first_cw = page.locator(".suggestion.cw").first.get_attribute("data-s")
    assert page.locator(".suggestion.focus").get_attribute("data-s") == first_cw
    # still narrowed after an action refreshes the list
    page.keyboard.press("c")
    expect(page.locator(".claim-item")).to_have_count(1)
    expect(page.locator("#only-check-worthy")).to_be_checked()
    expect(page.locator(".suggestion:visible")).to_have_count(check_worthy)
    page.uncheck("#only-check-worthy")
    expect(page.locator(".suggestion:visible")).to_have_count(everything)

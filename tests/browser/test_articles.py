"""The reviewer's first job in a real browser: article in, claims out, on the split screen."""

import re
from pathlib import Path

from playwright.sync_api import expect
from sqlmodel import select

from factcheck.models import Article, Claim
from factcheck.services import articles

from .conftest import browser_sign_in

SAMPLE = (Path(__file__).resolve().parents[2] / "factcheck" / "demo" / "sample_article.txt").read_text()
PASSAGE = "the second largest group after Hamas in the Gaza Strip"


def claim_count(page) -> int:
    return page.locator(".claim-item").count()


def select_with_mouse(page, passage: str) -> None:
    """Drag the mouse over `passage` in the article text, as a reviewer would."""
    box = page.evaluate(
        """(passage) => {
            const box = document.getElementById("article-text");
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(passage);
                if (at < 0) continue;
                const first = document.createRange();
                first.setStart(node, at); first.setEnd(node, at + 1);
                const last = document.createRange();
                last.setStart(node, at + passage.length - 1); last.setEnd(node, at + passage.length);
                first.startContainer.parentElement.scrollIntoView({block: "center"});
                const a = first.getBoundingClientRect(), b = last.getBoundingClientRect();
                return {x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2};
            }
            return null;
        }""",
        passage,
    )
    assert box, f"{passage!r} not found in one text node"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, box["y2"], steps=5)
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def test_a_reviewer_turns_the_sample_article_into_three_claims(live_server, page, app, db, team):
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/articles/new")
    page.fill("input[name=title]", "Russia tries to recruit mercenaries in eastern Syria")
    page.fill("input[name=outlet]", "Daily Sabah")
    page.fill("textarea[name=text]", SAMPLE)
    page.click("form.article-form button[type=submit]")
    page.wait_for_url(lambda url: "/articles/new" not in url)
    page.wait_for_selector("#article-text .seg.cw")
    page.evaluate("window.stillTheSamePage = true")
    article = db.exec(select(Article)).one()
    assert articles.current_revision(db, article_id=article.id).text == SAMPLE

    # two suggestions, one click each
    for expected in (1, 2):
        page.locator(".suggestion.cw:not(.claimed) .make-claim-button").first.click()
        expect(page.locator(".claim-item")).to_have_count(expected)
    assert page.locator("#article-text a.hl").count() >= 2

    # a third claim from a mouse selection
    select_with_mouse(page, PASSAGE)
    page.click("#selection-button")
    wording = page.locator("#new-claim-form textarea[name=text]")
    assert wording.input_value() == PASSAGE
    start = int(page.input_value("#new-claim-start"))
    end = int(page.input_value("#new-claim-end"))
    assert SAMPLE[start:end] == PASSAGE
    wording.fill("Al-Quds Brigades is the second largest group in Gaza after Hamas.")
    page.click("#new-claim-form button[type=submit]")
    expect(page.locator(".claim-item")).to_have_count(3)

    # edit its wording so it stands alone
    db.rollback()  # a fresh snapshot: the server wrote meanwhile
    third = db.exec(select(Claim).where(Claim.start == start)).one()
    item = page.locator(f"#claim-{third.id}")
    item.locator("summary").click()
    item.locator("textarea").fill(
        "The Palestinian Islamic Jihad's Al-Quds Brigades is the second largest group in Gaza."
    )
    item.locator("button[type=submit]").click()
    expect(item.locator(".claim-link")).to_have_text(re.compile("^The Palestinian Islamic Jihad"))

    # three highlights in the article, each opening its claim; the page was never reloaded
    ids = page.eval_on_selector_all(
        "#article-text a.hl", "els => [...new Set(els.flatMap(e => e.dataset.claims.split(' ')))]"
    )
    assert len(ids) == 3
    assert page.evaluate("window.stillTheSamePage") is True
    db.rollback()  # a fresh snapshot: the server wrote meanwhile
    assert db.get(Claim, third.id).text.startswith("The Palestinian Islamic Jihad")
    page.locator(f'#article-text a.hl[data-claims~="{third.id}"]').first.click()
    page.wait_for_url(f"**/claims/{third.id}")


def test_keyboard_moves_through_suggestions_and_makes_a_claim(live_server, page, db, team):
    article = articles.create_article(db, title="Recruits", text=SAMPLE, actor=team["reviewer"])
    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/articles/{article.id}")
    page.keyboard.press("j")
    page.keyboard.press("j")
    focused = page.locator(".suggestion.focus")
    assert focused.get_attribute("data-s") == "1"
    assert page.locator('#article-text .seg.focus[data-s="1"]').count() >= 1
    text = focused.locator(".s-text").text_content()
    page.keyboard.press("c")
    expect(page.locator(".claim-item")).to_have_count(1)
    assert page.locator(".claim-item .claim-link").text_content() == text
    page.keyboard.press("?")
    assert page.locator("#keyboard-help").get_attribute("open") is not None

"""The public report of the demo article (the sample from the corpus), as a reader sees it: signed out, on a
phone, without scripts, and printed.

The demo publishes one claim; here an editor also approves the demo's waiting verdict (it cites the UN panel
report S/2021/229), and a reviewer publishes a claim anchored to part of the photo caption ("... south of the
capital Tripoli"), the case that once left ", Libya, June 29, 2019." dangling after its verdict card.
"""

import json

from sqlmodel import select

from factcheck.models import Claim
from factcheck.services import claims, demo, evidence, sources, users, workflow

from ..conftest import FAST_HASH

UNDOCS = "https://undocs.org/en/S/2021/229"
AFP = "https://www.afp.example/photo/tajoura-2019-06-29"


def publish_demo(db) -> int:
    """The demo desk with three published claims; returns the article id."""
    article_id = demo.seed_demo(db, hash_method=FAST_HASH).article_id
    reviewer = users.get_user(db, username="reviewer")
    editor = users.get_user(db, username="editor")
    waiting = db.exec(select(Claim).where(Claim.status == "in_review")).one()
    workflow.approve(db, claim_id=waiting.id, actor=editor)
    text = demo.DEMO_DIR.joinpath("sample_article.txt").read_text(encoding="utf-8")
    start = text.index("Smoke plumes rise")
    end = text.index(", Libya, June 29, 2019.")  # part of the caption's one sentence
    caption = claims.create_claim(
        db,
        article_id=article_id,
        text="Forces loyal to Khalifa Haftar carried out an airstrike in Tajoura, Libya, on June 29, 2019.",
        start=start,
        end=end,
        actor=reviewer,
    )
    photo = sources.create_source(
        db, actor=reviewer, title="AFP photo caption, Tajoura", url=AFP, kind="news_report", reliability="B"
    )
    workflow.take(db, claim_id=caption.id, actor=reviewer)
    evidence.add_evidence(
        db, claim_id=caption.id, source_id=photo.id, stance="supports", locator="caption", actor=reviewer
    )
    workflow.propose(
        db,
        claim_id=caption.id,
        rating="true",
        rationale="AFP's caption dates the **airstrike** to June 29, 2019.\n\nSecond paragraph.",
        actor=reviewer,
    )
    workflow.approve(db, claim_id=caption.id, actor=editor)
    db.commit()
    return article_id


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_reader_gets_a_whole_fact_check_of_the_demo_article(page, live_server, db):
    article_id = publish_demo(db)
    published = db.exec(select(Claim).where(Claim.status == "published").order_by(Claim.id)).all()
    assert len(published) == 3
    response = page.goto(f"{live_server}/report/{article_id}")
    assert response.status == 200
    assert "set-cookie" not in response.headers  # a reader gets no session cookie
    assert page.context.cookies() == []
    assert page.locator('meta[name="csrf-token"]').count() == 0
    assert page.locator(".account").count() == 0  # nobody signed in

    # the byline names the desk, with the date it published
    assert page.locator(".byline").inner_text().startswith("By Fact-check desk")
    assert "Published" in page.locator(".dateline").inner_text()

    # every published claim is listed at the top with its rating and links down to its verdict
    summary = page.locator(".summary-item")
    assert summary.count() == 3
    for claim in published:
        item = page.locator(f'.summary-item[data-claim-id="{claim.id}"]')
        label = item.locator(".rating-badge").inner_text()
        assert label.strip().upper() in {"TRUE", "MOSTLY TRUE", "UNPROVEN"}
        assert claim.text in item.inner_text()
        item.locator("a").click()
        page.wait_for_url(f"**#claim-{claim.id}")
        card = page.locator(f"#claim-{claim.id}")
        assert card.is_visible() and claim.text in card.locator(".verdict-claim").inner_text()
        badge = card.locator(".rating-badge.large")
        assert badge.inner_text() == label
        assert float(badge.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 17

    # no highlight, quote or card starts or ends mid-sentence
    fragments = page.evaluate(
        """() => Array.from(document.querySelectorAll('.claim-inline')).map(el => ({
               mark: el.querySelector('mark').textContent,
               after: (el.nextSibling && el.nextSibling.textContent || '').trim().slice(0, 20)}))"""
    )
    assert len(fragments) == 3
    for piece in fragments:
        assert piece["mark"][0].isupper() and piece["mark"].rstrip()[-1] in ".!?”\"'"
        assert piece["after"][:1] not in {",", ";", ":", ".", ")"}, piece
    passages = page.locator(".verdict-card .passage p").all_inner_texts()
    assert len(passages) == 3 and all(p[0].isupper() and p.rstrip()[-1] == "." for p in passages)
    assert any(p.endswith("Tripoli, Libya, June 29, 2019.") for p in passages)

    # sources and UN document symbols are links
    assert page.locator(f'.verdict-card a[href="{UNDOCS}"]').inner_text() == "S/2021/229"
    assert page.locator(f'.verdict-card a[href="{AFP}"]').inner_text() == "AFP photo caption, Tajoura"
    assert page.locator(".rationale strong").inner_text() == "airstrike"  # Markdown rendered

    # the ClaimReview JSON-LD says what the page shows
    reviews = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert len(reviews) == 3
    for review in reviews:
        card = page.locator("#" + review["url"].split("#", 1)[1])
        assert card.locator(".verdict-claim").inner_text() == review["claimReviewed"]
        assert (
            card.locator(".rating-badge").inner_text().lower()
            == review["reviewRating"]["alternateName"].lower()
        )
        assert review["author"]["name"] == "Fact-check desk"

    # a phone: nothing scrolls sideways, closed or with a highlight opened
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/report/{article_id}")
    assert no_sideways_scroll(page)
    first = page.locator(".claim-inline").first
    first.locator("summary").click()
    assert first.locator(".inline-card").is_visible()
    assert no_sideways_scroll(page)

    # print: the summary and the verdicts, not the inline cards
    page.emulate_media(media="print")
    assert not first.locator(".inline-card").is_visible()
    assert page.locator(".verdict-card").first.is_visible()
    assert page.locator(".summary-list").is_visible()


def test_the_report_reads_without_javascript(browser, live_server, db):
    article_id = publish_demo(db)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live_server}/report/{article_id}")
        assert page.locator(".summary-item").count() == 3
        assert page.locator(".verdict-card .rationale").first.is_visible()
        assert no_sideways_scroll(page)
    finally:
        context.close()

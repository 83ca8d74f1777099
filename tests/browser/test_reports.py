"""The public report page in a real browser (signed out), and the dashboard as an editor."""

from pathlib import Path

from ..export_factory import add_verdict, link, make_article, make_claim, make_source, offsets, publish
from .conftest import browser_sign_in

TEXT = (
    "Syrian recruits were sent to Libya on three-month contracts, a monitoring group said.\n\n"
    "The group said 500 fighters arrived in January. The ministry denied any role."
)


def make_desk(db, team):
    reviewer, editor = team["reviewer"], team["editor"]
    article = make_article(db, reviewer, title="Recruits sent to Libya", text=TEXT, outlet="Example News")
    first = publish(
        db,
        article,
        "Syrian recruits were sent to Libya on three-month contracts.",
        reviewer=reviewer,
        approver=editor,
        rating="mostly-true",
        rationale="The UN panel's report confirms the **contracts**; their length varied.",
        **offsets(TEXT, "Syrian recruits were sent to Libya on three-month contracts"),
    )
    source = make_source(
        db, title="UN Panel of Experts report", url="https://un.example/S-2021-229", symbol="S/2021/229"
    )
    link(db, first, source, "supports", quote="three-month contracts", locator="para. 89")
    second = publish(
        db,
        article,
        "500 fighters arrived in January.",
        reviewer=reviewer,
        approver=editor,
        rating="false",
        rationale="Flight records show 200.",
        **offsets(TEXT, "500 fighters arrived in January"),
    )
    link(db, second, source, "contradicts", locator="annex 4")
    pending = make_claim(db, article, reviewer, "The ministry denied any role.", status="in_review")
    add_verdict(db, pending, rating="true", reviewer=reviewer, rationale="DRAFT NOT PUBLIC")
    return article, first


def test_a_reader_signed_out_expands_a_claim_to_its_verdict(page, live_server, db, team):
    article, claim = make_desk(db, team)
    page.goto(f"{live_server}/report/{article.id}")
    assert page.locator(".account").count() == 0  # nobody signed in
    details = page.locator(f"#in-text-{claim.id}")  # the highlighted sentence in the article
    card = details.locator(".inline-card")
    assert not card.is_visible()
    details.locator("summary").click()
    card.wait_for(state="visible")
    assert "Mostly true" in card.inner_text()
    colour = details.locator("mark").evaluate("el => getComputedStyle(el).borderBottomColor")
    assert colour == "rgb(77, 154, 42)"  # Mostly true's colour from /ratings.css
    card.locator(f"a[href='#claim-{claim.id}']").click()  # down to the full verdict
    verdict = page.locator(f"#claim-{claim.id}")
    assert "confirms the contracts" in verdict.locator(".rationale").inner_text()
    assert verdict.locator("a[href='https://un.example/S-2021-229']").is_visible()
    assert verdict.locator("a[href='https://undocs.org/en/S/2021/229']").is_visible()
    assert "para. 89" in verdict.inner_text()
    assert "DRAFT NOT PUBLIC" not in page.content()
    page.set_viewport_size({"width": 380, "height": 800})  # a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 380


def test_an_editor_sees_the_dashboard(page, live_server, db, team):
    make_desk(db, team)
    browser_sign_in(page, live_server, "editor")
    page.goto(f"{live_server}/dashboard")
    assert page.locator("#chart-status svg").is_visible()
    assert page.locator("#chart-weeks rect").count() == 12
    path = Path("/tmp/factcheck-dashboard.png")
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000

"""Every screen fits a phone (390x844) and a desktop (1366x900): nothing scrolls sideways, no element is wider
than the window. On the phone the queue is a list of cards and the claim screen shows the claim, its state and
the next move within the first screen."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from factcheck.services import articles, claims, comments, evidence, sources, users, workflow

from ..test_sources import report_pdf
from ..workflow_helpers import make_claim
from .conftest import browser_sign_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SAMPLE = (Path(__file__).resolve().parents[2] / "factcheck" / "demo" / "sample_article.txt").read_text()
LONG_WORD = "https://www.example.org/a/very/long/address/without/any/place/to/break/it/" + "x" * 60

# The widest thing on the page that sticks out of the window, for the failure message.
OVERFLOW = """() => {
    const width = window.innerWidth;
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.right > width + 0.5 || box.left < -0.5) {
            if (getComputedStyle(el).position === "absolute" && el.closest(".visually-hidden")) continue;
            wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
                (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
                " " + Math.round(box.left) + ".." + Math.round(box.right));
        }
    }
    return {scroll: document.documentElement.scrollWidth, inner: width, wide: wide.slice(0, 8)};
}"""


def overflow(page) -> dict:
    return page.evaluate(OVERFLOW)


def assert_fits(page, what: str) -> None:
    found = overflow(page)
    assert found["scroll"] <= found["inner"] and not found["wide"], (
        f"{what} is wider than the window: {found}"
    )


@pytest.fixture
def desk(db, team, upload_dir):
    return build_desk(db, team, upload_dir)


def build_desk(db, team, upload_dir) -> dict:
    """An article with claims in every state, a source with a PDF, a token, comments: one of each screen."""
    reviewer, editor = team["reviewer"], team["editor"]
    article = articles.create_article(
        db,
        title="Russia tries to recruit mercenaries in eastern Syria",
        text=SAMPLE,
        actor=reviewer,
        outlet="Daily Sabah",
        url=LONG_WORD,
    )
    source = sources.create_source(
        db,
        actor=reviewer,
        title="Final report of the Panel of Experts on Libya established pursuant to resolution 1973 (2011)",
        publisher="UN Security Council",
        document_symbol="S/2021/229",
        url=LONG_WORD,
        notes="Annex 25, " + LONG_WORD,
    )
    sources.attach_file(
        db,
        source_id=source.id,
        filename="panel-report-" + "x" * 60 + ".pdf",
        data=report_pdf(),
        actor=reviewer,
        upload_dir=upload_dir,
        max_bytes=1_000_000,
    )
    long_text = (
        "Russia has started recruiting young fighters in eastern Syria, including some from the Al-Quds "
        "Brigade, to join Gen. Khalifa Haftar's forces against the Government of National Accord in Libya."
    )
    start = SAMPLE.index("Russia has started recruiting")
    open_bare = claims.create_claim(
        db,
        article_id=article.id,
        text=long_text,
        actor=reviewer,
        claimant=LONG_WORD,
        start=start,
        end=SAMPLE.index(", a report said Sunday", start),
    )
    states = {"open": open_bare}
    for status in ("in_progress", "in_review", "published"):
        states[status] = make_claim(
            db,
            editor,
            article_id=article.id,
            status=status,
            holder=reviewer,
            proposer=reviewer,
            text=long_text,
        )
    returned = make_claim(
        db, editor, article_id=article.id, status="in_progress", holder=reviewer, text=long_text
    )
    workflow.propose(
        db, claim_id=returned.id, rating="false", rationale="The table " + LONG_WORD, actor=reviewer
    )
    workflow.return_verdict(
        db, claim_id=returned.id, comment="Cite the **table**: " + LONG_WORD, actor=editor
    )
    states["returned"] = returned
    for claim in states.values():
        claim.due_date = date(2030, 1, 31)
        db.add(claim)
    db.commit()
    evidence.add_evidence(
        db,
        claim_id=states["in_progress"].id,
        source_id=source.id,
        stance="contradicts",
        quote="fighters were paid 2,000 dollars " + LONG_WORD,
        locator="p. 2",
        actor=reviewer,
    )
    for claim in states.values():
        for n in range(6):
            comments.add_comment(db, claim_id=claim.id, body=f"Note {n}: " + LONG_WORD, actor=reviewer)
    users.create_token(db, user=reviewer, actor=team["admin"], expires_in_days=30)
    return {"article": article, "source": source, "claims": states}


def screens(desk) -> list[str]:
    article, source, states = desk["article"], desk["source"], desk["claims"]
    paths = [
        "/",
        "/articles",
        "/articles/new",
        f"/articles/{article.id}",
        f"/articles/{article.id}/correct",
        "/corrections",
        "/queue",
        "/queue?status=open&assignee=none&priority=2&sort=due",
        "/sources",
        "/sources?q=panel+libya",
        f"/sources/{source.id}",
        f"/sources/{source.id}/search?q=paid+2%2C000+dollars",
        "/sources/new",
        f"/sources/{source.id}/edit",
        "/dashboard",
        f"/report/{article.id}",
        "/admin/users",
        "/admin/ratings",
        "/account/password",
        "/claims/999999",
        "/no/such/page",
    ]
    paths += [f"/claims/{claim.id}" for claim in states.values()]
    return paths


def test_no_screen_scrolls_sideways(live_server, page, desk):
    """Each screen is loaded on the phone, measured, then measured again widened to a desk's width (a resize
    lays the page out again, its media queries with it): loading each twice cost the suite ~10 s of
    Chromium's CPU."""
    problems = []

    def measure(name: str) -> None:
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            found = overflow(page)
            if found["scroll"] > found["inner"] or found["wide"]:
                problems.append((f"{name} at {viewport['width']} px", found))
        page.set_viewport_size(PHONE)  # the next screen loads on the phone

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/login")
    measure("sign-in")
    browser_sign_in(page, live_server, "admin")
    for path in screens(desk):
        page.goto(f"{live_server}{path}")
        measure(path)
    # the token screen answers the POST that issues one
    page.goto(f"{live_server}/admin/users")
    page.locator("form.issue-token button").first.click()
    expect(page.locator("pre.token")).to_be_visible()
    measure("token")
    # what readers see, signed out
    page.context.clear_cookies()
    for path in (f"/report/{desk['article'].id}", "/corrections"):
        page.goto(f"{live_server}{path}")
        measure(path + " (signed out)")
    assert not problems, "\n".join(f"{p}: {f}" for p, f in problems)


def _in_reading_order(boxes: list[dict]) -> bool:
    """Boxes (top, left) read left to right, line by line (boxes on one line differ by a few pixels in top)."""
    for a, b in zip(boxes, boxes[1:], strict=False):
        same_line = abs(b["top"] - a["top"]) < 8
        next_line = b["top"] > a["top"] and not same_line
        if not (next_line or (same_line and b["left"] > a["left"])):
            return False
    return True


def test_the_queue_is_a_list_of_cards_on_a_phone_and_a_table_on_a_desk(live_server, page, desk):
    browser_sign_in(page, live_server, "editor")
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server}/queue?status=in_review")
        row = page.locator("tr.queue-row").first
        if viewport is DESKTOP:
            assert row.evaluate("el => getComputedStyle(el).display") == "table-row"
            expect(page.locator("#queue-table thead")).to_be_visible()
            continue
        expect(page.locator("#queue-table thead")).to_be_hidden()
        first = row.locator("a.claim-link").bounding_box()
        assert first["y"] + first["height"] < PHONE["height"], (
            f"the first card is below the first screen: {first}"
        )
        assert row.evaluate("el => getComputedStyle(el).display") != "table-row"
        parts = row.evaluate(
            """row => ["a.claim-link", ".status", ".rating", "td.q-assignee", "td.q-due", "td.q-priority"]
                .map(sel => { const box = row.querySelector(sel).getBoundingClientRect();
                              return {sel, top: box.top, left: box.left, bottom: box.bottom}; })"""
        )
        claim, rest = parts[0], parts[1:]
        assert all(claim["bottom"] <= part["top"] + 1 for part in rest), parts  # the claim first, alone
        assert _in_reading_order(rest), parts  # then status, rating, assignee, due, priority
        assert "Assignee" in row.locator("td.q-assignee").evaluate(
            "el => getComputedStyle(el, '::before').content"
        )
        assert_fits(page, "the queue")


def test_a_claim_screen_on_a_phone_shows_the_next_move_on_the_first_screen(live_server, phone, desk):
    states, page = desk["claims"], phone
    # (who, claim, the move's form, what must be on the first screen)
    for username, state, form, needed in (
        ("reviewer", "open", "#take-form", "button[type=submit]"),
        ("reviewer", "in_progress", "#verdict-form", "select"),
        ("reviewer", "returned", "#verdict-form", "select"),
        ("editor", "in_review", "#approve-form", "button[type=submit]"),
    ):
        browser_sign_in(page, live_server, username)
        page.goto(f"{live_server}/claims/{states[state].id}")
        claim_text = page.locator("h1.claim-text").bounding_box()
        move = page.locator(f"{form} {needed}").first.bounding_box()
        status = page.locator("#claim-status").bounding_box()
        assert claim_text["y"] < status["y"] < move["y"], (state, claim_text, status, move)
        assert move["y"] + move["height"] <= PHONE["height"], (
            f"{state}: {form} is below the first screen: {move}"
        )
        # the comments and history come after the move
        assert page.locator("#comments").bounding_box()["y"] > move["y"]
        page.context.clear_cookies()

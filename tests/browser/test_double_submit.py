"""A form that reaches the server twice acts once (factcheck/idempotency.py), in real Chromium: the first send's
answer is lost on the way back and the same request is sent again (as a retrying proxy or a resubmitting
browser does); the page then shows one comment, the first send's message and that it was not done again. On
a phone nothing scrolls sideways. (Chromium itself merges a double click on a submit button into one send.)"""

from flask import request
from playwright.sync_api import expect
from sqlmodel import select

from factcheck import idempotency
from factcheck.models import Comment

from ..workflow_helpers import make_claim
from .conftest import browser_sign_in


def test_a_comment_sent_twice_is_added_once(app, live_server, new_page, db, team):
    claim = make_claim(db, team["reviewer"], status="in_progress", holder=team["reviewer"])
    db.commit()
    served = []
    app.before_request_funcs.setdefault(None, []).insert(  # first: a replay answers before later hooks
        0, lambda: served.append(request.path) if request.method == "POST" else None
    )
    url = f"{live_server}/claims/{claim.id}/comments"

    def answer_lost_then_sent_again(route):
        route.fetch()  # the server acts; its answer never reaches the page
        route.continue_()  # the same request again, the page gets this answer

    for width in (1400, 390):
        page = new_page()
        page.set_viewport_size({"width": width, "height": 900})
        browser_sign_in(page, live_server, "reviewer")
        page.goto(f"{live_server}/claims/{claim.id}")
        form = page.locator("form.comment-form")
        expect(form.locator('input[name="idempotency_key"]')).to_have_count(1)
        page.route(url, answer_lost_then_sent_again)
        text = f"Called the agency ({width} px)."
        form.locator("textarea").fill(text)
        served.clear()
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert served == [f"/claims/{claim.id}/comments"] * 2, served
        expect(page.locator(".comment-list .markdown", has_text=text)).to_have_count(1)
        expect(page.locator(".flashes")).to_contain_text("Comment added.")
        expect(page.locator(".flashes")).to_contain_text(idempotency.ALREADY_DONE)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    db.expire_all()
    assert len(db.exec(select(Comment).where(Comment.claim_id == claim.id)).all()) == 2  # one per width

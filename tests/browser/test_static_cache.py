"""In a real browser: stylesheets and scripts reach the app once, not again on every page."""

from flask import request

from .conftest import browser_sign_in


def test_a_second_page_asks_the_app_for_no_stylesheet_or_script_it_already_has(live_server, page, app, team):
    served: list[str] = []

    @app.after_request
    def record(response):
        served.append(request.path)
        return response

    browser_sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server}/queue")
    assert {"/static/app.css", "/static/app.js", "/static/review.css", "/static/review.js"} <= set(served)
    served.clear()
    page.goto(f"{live_server}/queue?sort=oldest")
    page.goto(f"{live_server}/articles")
    assert served[0] == "/queue" and "/articles" in served
    assert [path for path in served if path.startswith("/static/")] == ["/static/articles.css"]
    assert "/favicon.ico" not in served

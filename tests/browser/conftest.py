"""Browser tests: the app served on 127.0.0.1 in a thread, driven through Playwright in Debian's Chromium.

Chromium comes from the system (`apt-get install chromium`); Playwright never downloads a browser here.
FACTCHECK_CHROMIUM overrides the executable path.
"""

import os
import threading

import pytest
from werkzeug.serving import make_server
from werkzeug.wsgi import ClosingIterator

from ..conftest import PASSWORD, sign_in

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `apt-get install chromium` (the test command does)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


SERVED: dict = {}  # base URL -> the app a live server serves there (browser_sign_in's test client)


@pytest.fixture
def live_server(app):
    """The test app served over HTTP on a free local port; yields its base URL.

    At the end it waits (5 s at most) for the requests still being answered: a page the test left, or
    emptied, can have a request in flight, and its thread would otherwise go on using the database after the
    test had dropped it (a connection left open, reported by a later test)."""
    answering = threading.Condition()
    in_flight = [0]  # requests begun and not yet closed by the server

    def ended() -> None:
        with answering:
            in_flight[0] -= 1
            answering.notify_all()

    def counted(environ, start_response):
        with answering:
            in_flight[0] += 1
        try:
            body = app(environ, start_response)
        except BaseException:
            ended()
            raise
        return ClosingIterator(body, ended)  # the server closes every answer, a dropped one too

    server = make_server("127.0.0.1", 0, counted, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    SERVED[base_url] = app
    yield base_url
    del SERVED[base_url]
    server.shutdown()
    thread.join(timeout=5)
    with answering:
        answering.wait_for(lambda: in_flight[0] == 0, timeout=5)


DESK = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


class Pages:
    """The worker's browser pages, each in a context of its own (its own cookies: one person at one desk),
    lent to a test and taken back emptied: no cookies, no routes, the mouse up, screen media, back to
    about:blank at desk size.

    A page is kept for the next test because opening one costs Chromium about a quarter of a second of CPU
    (a renderer and Playwright's set-up), as much as loading two screens; the browser tests open ~70. A page
    whose emptying fails is closed, never lent again."""

    def __init__(self, browser) -> None:
        self.browser, self.idle, self.listeners = browser, [], {}

    def lend(self, viewport: dict) -> tuple:
        """(page, the JavaScript errors it reports while lent)."""
        if self.idle:
            page = self.idle.pop()
        else:
            context = self.browser.new_context(viewport=DESK)
            context.set_default_timeout(10_000)
            page = context.new_page()
        if viewport != DESK:
            page.set_viewport_size(viewport)
        errors: list[str] = []

        def report(error) -> None:
            errors.append(str(error))

        self.listeners[page] = report
        page.on("pageerror", report)
        return page, errors

    def take_back(self, page) -> None:
        try:
            page.remove_listener("pageerror", self.listeners.pop(page))
            page.unroute_all(behavior="ignoreErrors")
            page.mouse.up()  # a drag a test began (a text selection) is ended
            page.emulate_media(media="null")  # print, if a test printed
            page.goto("about:blank")
            page.context.clear_cookies()
            page.set_viewport_size(DESK)
        except Exception:  # a page left in a state it cannot be brought back from: a new one next time
            page.context.close()
            return
        self.idle.append(page)


@pytest.fixture(scope="session")
def pages(browser):
    lent = Pages(browser)
    yield lent
    for page in lent.idle:
        page.context.close()


@pytest.fixture
def page(pages):
    page, errors = pages.lend(DESK)
    yield page
    pages.take_back(page)
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def new_page(pages):
    """new_page() -> another page with cookies of its own (a second person at another desk)."""
    lent = []

    def make():
        page, _errors = pages.lend(DESK)
        lent.append(page)
        return page

    yield make
    for page in lent:
        pages.take_back(page)


@pytest.fixture
def phone(pages):
    """A page in a 390x844 viewport: the phone every screen must fit."""
    page, _errors = pages.lend(PHONE)
    yield page
    pages.take_back(page)


def no_sideways_scroll(page) -> None:
    """Fail when the page is wider than its viewport (it would scroll sideways)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at {page.viewport_size['width']} px"


def browser_sign_in(
    page,
    base_url: str,
    username: str,
    password: str = PASSWORD,
    *,
    through_form: bool = False,
    home: bool = False,
) -> None:
    """Sign the page's browser in.

    By default the sign-in form is posted by a test client of the same app (the same POST /login, CSRF token
    and session row) and its session cookie is handed to the browser: a third of a second less than typing
    into the form, which every browser test did first. The page stays where it is (the test opens the screen
    it is about next); home=True opens the home page, where signing in lands. through_form=True types into
    the real form and lands on the home page: the tests of signing in do (test_auth_flow, test_desk_screens)."""
    app = SERVED.get(base_url)
    if app is not None and not through_form:
        client = app.test_client()
        response = sign_in(client, username, password)
        response.get_data()  # read to the end here, not left for Playwright's greenlet to collect
        assert response.status_code == 302, f"sign-in as {username} refused: {response.status_code}"
        cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
        page.context.add_cookies(
            [
                {
                    "name": cookie.key,
                    "value": cookie.value,
                    "url": base_url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )
        if home:
            page.goto(f"{base_url}/")
        return
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)

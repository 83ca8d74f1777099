"""Browser tests: the app served on 127.0.0.1 in a thread, driven through Playwright in Debian's Chromium.

Chromium comes from the system (`apt-get install chromium`); Playwright never downloads a browser here.
FACTCHECK_CHROMIUM overrides the executable path.
"""

import os
import threading

import pytest
from werkzeug.serving import make_server

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
    """The test app served over HTTP on a free local port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    SERVED[base_url] = app
    yield base_url
    del SERVED[base_url]
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def new_page(browser):
    """new_page() -> a page in a fresh browser context (a second person at another desk)."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone(browser):
    """A page in a 390x844 viewport: the phone every screen must fit."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def no_sideways_scroll(page) -> None:
    """Fail when the page is wider than its viewport (it would scroll sideways)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at {page.viewport_size['width']} px"


def browser_sign_in(
    page, base_url: str, username: str, password: str = PASSWORD, *, through_form: bool = False
) -> None:
    """Sign the page's browser in and open the home page, as signing in does.

    By default the sign-in form is posted by a test client of the same app (the same POST /login, CSRF token
    and session row) and its session cookie is handed to the browser: a third of a second less than typing
    into the form, which every browser test did first. through_form=True types into the real form: the tests
    of signing in do (test_auth_flow, test_desk_screens)."""
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
        page.goto(f"{base_url}/")
        return
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)

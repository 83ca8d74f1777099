"""The number of SQL statements a page sends must not grow with the page size or the archive (no query per row).

Seeds two synthetic archives (bench/seed.py: 2,000 and 10,000 claims, SQLite, through the real migrations),
signs in through the real form and counts the statements of each request on the app's engine (bench/common.py).
Claims 1-11 are the same in both archives (a fixed showcase of every status, urgent, so they head the queue),
so the same claim screen can be compared across sizes.
"""

import os

import pytest

from bench import seed
from bench.common import Recorder, make_app, sign_in_client, statements_of

pytestmark = [
    pytest.mark.slow,
    # its archives are SQLite files of its own: once, in the SQLite pass of scripts/test, is enough
    pytest.mark.skipif(
        bool(os.environ.get("FACTCHECK_TEST_DATABASE_URL")), reason="SQLite-only, runs in that pass"
    ),
]

SIZES = (2_000, 10_000)
PAGE_SIZES = (30, 100)
SCREENS = {story: number for number, story in enumerate(seed.SHOWCASE, start=1)}


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    """Per size: (test client signed in as an editor, a cookie-less client, the editor's token, recorder)."""
    made, engines = {}, []
    for size in SIZES:
        folder = tmp_path_factory.mktemp(f"archive{size}")
        url = f"sqlite:///{folder / 'archive.sqlite'}"
        result = seed.seed(url, size, log=lambda _message: None)
        assert not any(result.problems.values()), result.problems  # the history reconciles with the rows
        app = make_app(url, folder / "instance")
        engine = app.extensions["factcheck_engine"]
        engines.append(engine)
        browser = app.test_client()
        sign_in_client(browser, "editor1", seed.PASSWORD)
        token = {"Authorization": f"Bearer {result.token('editor1')}"}
        made[size] = (browser, app.test_client(), token, Recorder().attach(engine))
    yield made
    for engine in engines:
        engine.dispose()


def counts(archives, path_for, *, api: bool = False, page_sizes=PAGE_SIZES) -> dict:
    """{(archive size, page size): statements} for the request `path_for(page_size)`."""
    found = {}
    for size, (browser, anonymous, token, recorder) in archives.items():
        for per_page in page_sizes:
            client, headers = (anonymous, token) if api else (browser, None)
            count, _statements, status, _seconds = statements_of(
                client, recorder, path_for(per_page), headers=headers
            )
            assert status == 200, (size, per_page, status)
            found[(size, per_page)] = count
    return found


def test_api_claim_list_sends_as_many_statements_at_any_page_size_and_archive_size(archives):
    found = counts(archives, lambda per_page: f"/api/v1/claims?per_page={per_page}", api=True)
    assert len(set(found.values())) == 1, found


def test_html_queue_sends_as_many_statements_at_any_page_size_and_archive_size(archives):
    found = counts(archives, lambda per_page: f"/queue?per_page={per_page}")
    assert len(set(found.values())) == 1, found


@pytest.mark.parametrize("query", ["status=open", "priority=4", "due=overdue", "rating=false", "q=Malakal"])
def test_filtered_queue_sends_as_many_statements_at_any_page_size_and_archive_size(archives, query):
    """The count per status is one statement whatever the filter (services.queue.status_counts)."""
    found = counts(archives, lambda per_page: f"/api/v1/claims?{query}&per_page={per_page}", api=True)
    assert len(set(found.values())) == 1, found


@pytest.mark.parametrize("story", ["open", "in_progress_returned", "in_review", "published", "published_corrected",
                                   "not_checkable"])  # fmt: skip
def test_claim_screen_sends_as_many_statements_at_any_archive_size(archives, story):
    found = counts(archives, lambda _per_page: f"/claims/{SCREENS[story]}", page_sizes=(None,))
    assert len(set(found.values())) == 1, found


def test_dashboard_sends_as_many_statements_at_any_archive_size(archives):
    found = counts(archives, lambda _per_page: "/dashboard", page_sizes=(None,))
    assert len(set(found.values())) == 1, found

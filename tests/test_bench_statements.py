"""The number of SQL statements a page sends must not grow with the page size or the archive (no query per row).

Seeds two synthetic archives (bench/seed.py: 2,000 and 10,000 claims, SQLite, through the real migrations),
signs in through the real form and counts the statements of each request on the app's engine (bench/common.py).
Claims 1-11 are the same in both archives (a fixed showcase of every status, urgent, so they head the queue),
so the same claim screen can be compared across sizes.
"""

import fcntl
import os
import sqlite3
from contextlib import closing
from pathlib import Path

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


def seeded_archive(tmp_path_factory, size: int, folder: Path) -> tuple[str, str]:
    """(URL of this worker's copy of the archive of `size` claims, editor1's API token).

    The archive is seeded once per run, by the first of the suite's workers to get here (a lock in the temp
    folder the run's workers share), and copied by the others: the module's tests are shared out among the
    workers, and seeding took each of them ~10 s."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # pytest-xdist: the run's folder, above each worker's own
    original, token_file = shared / f"bench-{size}.sqlite", shared / f"bench-{size}.token"
    with open(shared / f"bench-{size}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not token_file.exists():
            result = seed.seed(f"sqlite:///{original}", size, log=lambda _message: None)
            assert not any(result.problems.values()), result.problems  # the history reconciles with the rows
            token_file.write_text(result.token("editor1"))
    copy = folder / "archive.sqlite"
    with closing(sqlite3.connect(original)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    return f"sqlite:///{copy}", token_file.read_text()


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    """Per size: (test client signed in as an editor, a cookie-less client, the editor's token, recorder)."""
    made, engines = {}, []
    for size in SIZES:
        folder = tmp_path_factory.mktemp(f"archive{size}")
        url, editor_token = seeded_archive(tmp_path_factory, size, folder)
        app = make_app(url, folder / "instance")
        engine = app.extensions["factcheck_engine"]
        engines.append(engine)
        browser = app.test_client()
        sign_in_client(browser, "editor1", seed.PASSWORD)
        token = {"Authorization": f"Bearer {editor_token}"}
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

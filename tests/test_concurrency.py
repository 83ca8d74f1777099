"""Take-next under contention: 20 simultaneous requests from several reviewers at 10 open claims, over real
HTTP (a threaded werkzeug server on 127.0.0.1). Each claim is handed out exactly once, the other 10 get
204 "nothing open", and nobody gets an error. Runs on SQLite and on PostgreSQL."""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest
from sqlmodel import select
from werkzeug.serving import make_server

from factcheck.models import AuditEvent, Claim
from factcheck.services import users

from .workflow_helpers import make_article, make_claim

REQUESTS = 20
OPEN_CLAIMS = 10


@pytest.fixture
def server(app):
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


def take_next(base: str, token: str) -> tuple[int, dict | None]:
    request = urllib.request.Request(
        f"{base}/api/v1/queue/next", method="POST", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            return response.status, json.loads(body) if body else None
    except urllib.error.HTTPError as error:
        return error.code, None


def test_twenty_simultaneous_take_next_requests_hand_each_claim_out_once(server, db, team, make_user):
    article = make_article(db, team["editor"])
    # distinct claims: take-next passes over a claim that repeats one already being worked on (test_similar)
    claims = [
        make_claim(
            db, team["editor"], article_id=article.id, evidence=(), text=f"Rents rose by {n + 3} percent."
        )
        for n in range(OPEN_CLAIMS)
    ]
    reviewers = [make_user("reviewer", username=f"desk{i}") for i in range(5)]
    tokens = [users.create_token(db, user=reviewers[i % len(reviewers)]) for i in range(REQUESTS)]
    barrier = threading.Barrier(REQUESTS)
    results: list[tuple[int, dict | None]] = [None] * REQUESTS  # type: ignore[list-item]

    def worker(index: int) -> None:
        barrier.wait()
        results[index] = take_next(server, tokens[index])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = Counter(status for status, _ in results)
    assert statuses == {200: OPEN_CLAIMS, 204: REQUESTS - OPEN_CLAIMS}, results
    handed = [body["id"] for status, body in results if status == 200]
    assert sorted(handed) == sorted(c.id for c in claims)  # each exactly once
    db.rollback()
    db.expire_all()
    rows = db.exec(select(Claim).where(Claim.id.in_(handed))).all()
    assert all(row.status == "in_progress" and row.version == 2 for row in rows)
    for (status, body), token_owner in zip(results, [reviewers[i % 5] for i in range(REQUESTS)], strict=True):
        if status == 200:
            assert body["assignee"] == token_owner.username
    takes = db.exec(select(AuditEvent).where(AuditEvent.action == "claim.take")).all()
    assert len(takes) == OPEN_CLAIMS

"""Every kind of write at once, over real HTTP (a threaded werkzeug server on 127.0.0.1): 30 concurrent
writers each of API comments, API claims, API sources, API evidence, browser-form claims (signed in, with
CSRF) and sign-ins (wrong and right passwords), released together by one barrier.

Nobody gets a 5xx, nothing accepted is lost (each accepted write is in the database with its audit event),
and the sign-in throttle holds under the burst: no name gets more password checks than the throttle allows,
and every failed check is in the history. Runs on SQLite and on PostgreSQL.
"""

import http.client
import json
import re
import threading
import uuid
from collections import Counter
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from sqlmodel import select
from werkzeug.serving import make_server

from factcheck.models import AuditEvent, Claim, Comment, Evidence, Source
from factcheck.services import users

from .conftest import PASSWORD
from .workflow_helpers import make_article, make_claim

pytestmark = pytest.mark.slow

WRITERS = 30
KINDS = ("comment", "api_claim", "source", "evidence", "form_claim", "sign_in")
# sign-in attempts: (username, password, source address); each name signs in from its own loopback
# address so that the per-address throttle (4x the per-name one) does not mix the groups up
LOCAL = "127.0.0.1"
WRONG_NAME, GHOST_NAME, RIGHT_NAME = "target", "ghost-" + uuid.uuid4().hex[:8], "signer"
SIGN_INS = (
    [(WRONG_NAME, "not the password!!", "127.0.0.2")] * 15
    + [(GHOST_NAME, "not the password!!", "127.0.0.3")] * 10
    + [(RIGHT_NAME, PASSWORD, "127.0.0.4")] * 5
)
assert len(SIGN_INS) == WRITERS


@pytest.fixture
def server(app):
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    httpd.socket.listen(1024)  # every writer connects at once: a longer backlog than werkzeug's 128
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    thread.join(timeout=5)
    httpd.server_close()


def call(port: int, method: str, path: str, *, headers=None, body=None, source: str = LOCAL):
    """(status, headers, body bytes) of one request on its own connection; never follows a redirect."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def _cookie(headers: dict, old: str) -> str:
    jar = SimpleCookie(headers.get("set-cookie", ""))
    return f"session={jar['session'].value}" if "session" in jar else old


def browser_session(port: int, username: str | None = None) -> tuple[str, str]:
    """(Cookie header, CSRF token) of a browser session: anonymous, or signed in as `username`."""
    status, headers, body = call(port, "GET", "/login")
    assert status == 200
    cookie = _cookie(headers, "")
    token = re.search(rb'<meta name="csrf-token" content="([^"]+)"', body).group(1).decode()
    if username is None:
        return cookie, token
    form = urlencode({"username": username, "password": PASSWORD, "csrf_token": token})
    status, headers, _ = call(
        port, "POST", "/login", body=form,
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert status == 302
    cookie = _cookie(headers, cookie)
    status, headers, body = call(port, "GET", "/", headers={"Cookie": cookie})
    assert status == 200
    cookie = _cookie(headers, cookie)
    token = re.search(rb'<meta name="csrf-token" content="([^"]+)"', body).group(1).decode()
    return cookie, token


def test_every_kind_of_write_at_once_loses_nothing_and_the_throttle_holds(app, server, db, team, make_user):
    port = server
    limit = app.config["LOGIN_THROTTLE_FAILURES"]
    make_user("reviewer", username=WRONG_NAME)
    make_user("reviewer", username=RIGHT_NAME)
    editor = team["editor"]
    article = make_article(db, editor)
    talk = make_claim(db, editor, article_id=article.id, evidence=())
    cited = make_claim(db, editor, article_id=article.id, evidence=())
    library = [Source(title=f"Library table {i}", created_by_id=editor.id) for i in range(WRITERS)]
    db.add_all(library)
    db.commit()
    token = users.create_token(db, user=editor)
    form_cookie, form_csrf = browser_session(port, "reviewer")
    anon_cookie, anon_csrf = browser_session(port)
    run = uuid.uuid4().hex[:8]
    api = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    form_type = "application/x-www-form-urlencoded"

    def request_for(kind: str, i: int) -> tuple[str, str, dict, str]:
        """(path, body, headers, source address) of the i-th writer of a kind; every one is a POST."""
        if kind == "comment":
            body = {"body": f"stress comment {run} {i}"}
            return f"/api/v1/claims/{talk.id}/comments", json.dumps(body), api, LOCAL
        if kind == "api_claim":
            text = f"Stress claim {run} number {i} by API."
            return f"/api/v1/articles/{article.id}/claims", json.dumps({"text": text}), api, LOCAL
        if kind == "source":
            body = {"title": f"Stress report {run} {i}", "url": f"https://example.org/{run}/report-{i}"}
            return "/api/v1/sources", json.dumps(body), api, LOCAL
        if kind == "evidence":
            body = {"source_id": library[i].id, "stance": "context", "quote": f"stress quote {run} {i}"}
            return f"/api/v1/claims/{cited.id}/evidence", json.dumps(body), api, LOCAL
        if kind == "form_claim":
            body = urlencode({"text": f"Stress claim {run} number {i} by form.", "csrf_token": form_csrf})
            return (
                f"/articles/{article.id}/claims",
                body,
                {"Cookie": form_cookie, "Content-Type": form_type},
                LOCAL,
            )
        username, password, address = SIGN_INS[i]
        body = urlencode({"username": username, "password": password, "csrf_token": anon_csrf})
        return "/login", body, {"Cookie": anon_cookie, "Content-Type": form_type}, address

    jobs = [(kind, i, *request_for(kind, i)) for kind in KINDS for i in range(WRITERS)]
    barrier = threading.Barrier(len(jobs))
    results: dict[tuple[str, int], tuple] = {}

    def worker(kind: str, i: int, path: str, body: str, headers: dict, address: str) -> None:
        barrier.wait()
        try:
            results[(kind, i)] = call(port, "POST", path, headers=headers, body=body, source=address)
        except OSError as error:  # a dropped connection is a failure too, reported below
            results[(kind, i)] = (0, {}, repr(error).encode())

    threads = [threading.Thread(target=worker, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert len(results) == len(jobs), "some writers never finished"

    # no 5xx, no dropped connection: 2xx or 4xx (3xx only where a browser form redirects)
    expected = {
        "comment": {201},
        "api_claim": {201},
        "source": {201},
        "evidence": {201},
        "form_claim": {302},
        "sign_in": {302, 401, 429},
    }
    wrong = {key: (r[0], r[2][:200]) for key, r in results.items() if r[0] not in expected[key[0]]}
    assert not wrong, (Counter((kind, status) for (kind, _i), (status, _b) in wrong.items()), wrong)
    db.rollback()
    db.expire_all()

    def events(action: str) -> list[AuditEvent]:
        return list(db.exec(select(AuditEvent).where(AuditEvent.action == action)).all())

    # every accepted write is there, with its audit event
    def accepted(kind: str) -> list[dict]:
        return [json.loads(results[(kind, i)][2]) for i in range(WRITERS) if results[(kind, i)][0] == 201]

    comment_ids = {c["id"] for c in accepted("comment")}
    assert len(comment_ids) == WRITERS
    assert set(db.exec(select(Comment.id).where(Comment.claim_id == talk.id)).all()) == comment_ids
    assert {e.object_id for e in events("comment.add")} == comment_ids

    api_claim_ids = {c["id"] for c in accepted("api_claim")}
    form_claim_ids = set()
    for i in range(WRITERS):
        location = results[("form_claim", i)][1]["location"]
        form_claim_ids.add(int(re.search(r"#claim-(\d+)$", location).group(1)))
    new_claims = api_claim_ids | form_claim_ids
    assert len(api_claim_ids) == len(form_claim_ids) == WRITERS and len(new_claims) == 2 * WRITERS
    texts = dict(db.exec(select(Claim.id, Claim.text).where(Claim.id.in_(new_claims))).all())
    assert set(texts) == new_claims
    assert sorted(t for t in texts.values() if t.endswith("by form.")) == sorted(
        f"Stress claim {run} number {i} by form." for i in range(WRITERS)
    )
    assert new_claims <= {e.object_id for e in events("claim.create")}

    source_ids = {s["id"] for s in accepted("source")}
    assert len(source_ids) == WRITERS
    titles = db.exec(select(Source.title).where(Source.id.in_(source_ids))).all()
    assert sorted(titles) == sorted(f"Stress report {run} {i}" for i in range(WRITERS))
    assert source_ids == {e.object_id for e in events("source.create")}

    evidence_ids = {e["id"] for e in accepted("evidence")}
    assert len(evidence_ids) == WRITERS
    rows = db.exec(select(Evidence.source_id).where(Evidence.claim_id == cited.id)).all()
    assert sorted(rows) == sorted(s.id for s in library)
    assert evidence_ids == {e.object_id for e in events("evidence.add")}
    # every accepted change bumped the claim's version once: none was lost to a concurrent one
    db.refresh(cited)
    assert cited.version == 1 + WRITERS

    # the throttle held for every name, and every password check is in the history
    answers = {name: Counter() for name in (WRONG_NAME, GHOST_NAME, RIGHT_NAME)}
    for i, (name, _password, _source) in enumerate(SIGN_INS):
        answers[name][results[("sign_in", i)][0]] += 1
    failed = Counter(json.loads(e.after)["username"] for e in events("auth.sign_in_failed"))
    for name in (WRONG_NAME, GHOST_NAME):
        assert set(answers[name]) <= {401, 429}, answers
        assert failed[name] == answers[name][401] <= limit, (name, failed, answers)
    assert answers[RIGHT_NAME] == {302: 5}, answers  # five at once is within the throttle
    assert failed[RIGHT_NAME] == 0
    signed_in = [json.loads(e.after)["username"] for e in events("auth.sign_in")]
    assert signed_in.count(RIGHT_NAME) == 5

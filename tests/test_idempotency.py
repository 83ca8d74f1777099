"""Idempotency keys (factcheck/idempotency.py, services/idempotency.py): a retried move answers its first
result and acts once, through the API's `Idempotency-Key` header and the forms' hidden `idempotency_key`,
also when two copies arrive at once and when the first answer was lost with its connection."""

import re
import socket
import threading
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, text
from sqlmodel import Session, select
from werkzeug.serving import make_server

from factcheck import idempotency as door
from factcheck.models import AuditEvent, Claim, Comment
from factcheck.models.moves import MAX_IDEMPOTENCY_KEY, IdempotencyKey
from factcheck.services import idempotency, workflow
from factcheck.timeutil import utcnow

from .conftest import PG_URL, ApiClient
from .workflow_helpers import make_article, make_claim


def _count(engine, model, *where) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def _events(engine, claim_id: int, action: str) -> int:
    return _count(engine, AuditEvent, AuditEvent.claim_id == claim_id, AuditEvent.action == action)


def _keyed(key: str) -> dict:
    return {"headers": {"Idempotency-Key": key}}


# --- the API ------------------------------------------------------------------------------------


def test_a_retried_create_answers_the_first_result_and_creates_one_claim(api, db, team, engine):
    article = make_article(db, team["reviewer"])
    reviewer = api("reviewer")
    url, body = f"/api/v1/articles/{article.id}/claims", {"text": "Rents rose by 12 percent."}
    first = reviewer.post(url, json=body, **_keyed("create-1"))
    again = reviewer.post(url, json=body, **_keyed("create-1"))
    assert first.status_code == again.status_code == 201
    assert again.get_data() == first.get_data() and again.content_type == first.content_type
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert _count(engine, Claim, Claim.article_id == article.id) == 1
    assert _count(engine, AuditEvent, AuditEvent.action == "claim.create") == 1
    # without a key each request acts: the same request twice makes two claims
    reviewer.post(url, json=body)
    reviewer.post(url, json=body)
    assert _count(engine, Claim, Claim.article_id == article.id) == 3


def test_a_retried_move_answers_the_first_result_and_moves_once(api, db, team, engine):
    claim = make_claim(db, team["reviewer"], status="in_review")
    editor = api("editor")
    url = f"/api/v1/claims/{claim.id}/approve"
    first = editor.post(url, **_keyed("approve-7"))
    again = editor.post(url, **_keyed("approve-7"))
    assert first.status_code == again.status_code == 200
    assert first.get_json()["status"] == "published" and again.get_json() == first.get_json()
    assert _events(engine, claim.id, "claim.approve") == 1
    history = editor.get(f"/api/v1/claims/{claim.id}/history").get_json()["events"]
    assert [e["action"] for e in history].count("claim.approve") == 1
    assert editor.post(url).status_code == 409  # without the key the retry is refused: already published


def test_a_204_is_replayed_as_a_204(api, team, engine):
    reviewer = api("reviewer")
    first = reviewer.post("/api/v1/queue/next", **_keyed("next-1"))
    again = reviewer.post("/api/v1/queue/next", **_keyed("next-1"))
    assert first.status_code == again.status_code == 204 and again.headers["Idempotent-Replayed"] == "true"


def test_the_same_key_for_another_request_is_refused(api, db, team, engine):
    article = make_article(db, team["reviewer"])
    reviewer = api("reviewer")
    url = f"/api/v1/articles/{article.id}/claims"
    assert reviewer.post(url, json={"text": "One."}, **_keyed("k")).status_code == 201
    other_body = reviewer.post(url, json={"text": "Two."}, **_keyed("k"))
    assert other_body.status_code == 422
    error = other_body.get_json()["error"]
    assert error["code"] == "idempotency_key_reused"
    assert "different body" in error["message"] and error["fields"] == {
        "Idempotency-Key": "already used for another request"
    }
    other_route = reviewer.post("/api/v1/queue/next", **_keyed("k"))
    assert other_route.status_code == 422
    assert f"POST /api/v1/articles/{article.id}/claims" in other_route.get_json()["error"]["message"]
    assert _count(engine, Claim, Claim.article_id == article.id) == 1


def test_keys_are_per_user(api, db, team, engine):
    article = make_article(db, team["reviewer"])
    url = f"/api/v1/articles/{article.id}/claims"
    assert api("reviewer").post(url, json={"text": "One."}, **_keyed("shared")).status_code == 201
    second = api("editor").post(url, json={"text": "One."}, **_keyed("shared"))
    assert second.status_code == 201 and "Idempotent-Replayed" not in second.headers
    assert _count(engine, Claim, Claim.article_id == article.id) == 2


@pytest.mark.parametrize(
    "key",
    ["", "x" * (MAX_IDEMPOTENCY_KEY + 1), "with space", "caf\u00e9", "tab\there"],
    ids=["empty", "too-long", "space", "non-ascii", "control"],
)
def test_a_malformed_key_is_refused_before_anything_happens(api, db, team, engine, key):
    article = make_article(db, team["reviewer"])
    response = api("reviewer").post(
        f"/api/v1/articles/{article.id}/claims",
        json={"text": "One."},
        headers={"Idempotency-Key": key.encode("utf-8").decode("latin-1")},
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_idempotency_key"
    assert f"1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters" in error["message"]
    assert _count(engine, Claim) == 0


def test_the_longest_key_is_accepted(api, db, team, engine):
    article = make_article(db, team["reviewer"])
    key = "~" * MAX_IDEMPOTENCY_KEY
    url = f"/api/v1/articles/{article.id}/claims"
    reviewer = api("reviewer")
    assert reviewer.post(url, json={"text": "One."}, **_keyed(key)).status_code == 201
    assert reviewer.post(url, json={"text": "One."}, **_keyed(key)).headers["Idempotent-Replayed"] == "true"


def test_a_refused_move_keeps_nothing_so_its_retry_can_act_later(api, db, team, engine):
    """A refusal changed nothing: its key is not kept, and the same request acts once it is allowed."""
    claim = make_claim(db, team["editor"], status="in_progress", holder=team["editor"])
    reviewer = api("reviewer")
    url = f"/api/v1/claims/{claim.id}/take"
    refused = reviewer.post(url, **_keyed("take-1"))
    assert refused.status_code == 409
    assert _count(engine, IdempotencyKey) == 0
    workflow.release(db, claim_id=claim.id, actor=team["editor"])
    taken = reviewer.post(url, **_keyed("take-1"))
    assert taken.status_code == 200 and taken.get_json()["assignee"] == "reviewer"
    assert "Idempotent-Replayed" not in taken.headers
    assert _events(engine, claim.id, "claim.take") == 1


def test_keys_expire_after_a_day(api, db, team, engine):
    article = make_article(db, team["reviewer"])
    reviewer = api("reviewer")
    url = f"/api/v1/articles/{article.id}/claims"
    assert reviewer.post(url, json={"text": "One."}, **_keyed("old")).status_code == 201
    with Session(engine) as session:
        row = session.exec(select(IdempotencyKey)).one()
        row.created_at = utcnow() - idempotency.KEEP_FOR - timedelta(minutes=1)
        session.add(row)
        session.commit()
    again = reviewer.post(url, json={"text": "One."}, **_keyed("old"))  # the old key is pruned: it acts
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert _count(engine, Claim, Claim.article_id == article.id) == 2
    assert _count(engine, IdempotencyKey) == 1


# --- two at once --------------------------------------------------------------------------------


def _at_once(count: int, send) -> list:
    """Run send() in `count` threads released together; their answers."""
    barrier = threading.Barrier(count)
    answers: list = [None] * count

    def run(number: int) -> None:
        barrier.wait()
        answers[number] = send()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_duplicates_sent_at_once_act_once(app, api, db, team, engine):
    article = make_article(db, team["reviewer"])
    token = api("reviewer").token
    url, body = f"/api/v1/articles/{article.id}/claims", {"text": "Exports doubled."}

    def send():
        client = ApiClient(app.test_client(), token)
        response = client.post(url, json=body, **_keyed("together"))
        return response.status_code, response.get_data(), response.headers.get("Idempotent-Replayed")

    answers = _at_once(4, send)
    assert _count(engine, Claim, Claim.article_id == article.id) == 1
    assert _count(engine, AuditEvent, AuditEvent.action == "claim.create") == 1
    created = [a for a in answers if a[0] == 201]
    assert created and all(a[0] in (201, 409) for a in answers), answers
    assert len({a[1] for a in created}) == 1  # every one that answered 201 answered the same claim
    assert sum(a[2] is None for a in created) == 1  # one acted, the others replayed its answer


@pytest.mark.skipif(not PG_URL, reason="on SQLite the write lock serialises them: nothing waits on the key")
def test_a_duplicate_that_waits_too_long_is_told_the_first_is_in_progress(
    app, api, db, team, engine, monkeypatch
):
    from factcheck.services import claims

    article = make_article(db, team["reviewer"])
    token = api("reviewer").token
    url, body = f"/api/v1/articles/{article.id}/claims", {"text": "Exports doubled."}
    create, started = claims.create_claim, threading.Event()

    def slow_create(*args, **kwargs):
        made = create(*args, **kwargs)
        started.set()
        time.sleep(1.5)
        return made

    monkeypatch.setattr(claims, "create_claim", slow_create)
    monkeypatch.setattr(idempotency, "WAIT_SECONDS", 0.3)
    first: list = []

    def send_first():
        response = ApiClient(app.test_client(), token).post(url, json=body, **_keyed("slow"))
        first.append((response.status_code, response.get_data()))  # the body read in its own thread

    thread = threading.Thread(target=send_first)
    thread.start()
    assert started.wait(10)
    waiting = ApiClient(app.test_client(), token).post(url, json=body, **_keyed("slow"))
    thread.join(30)
    assert waiting.status_code == 409
    assert waiting.get_json()["error"]["code"] == "idempotency_key_in_progress"
    assert first[0][0] == 201
    again = ApiClient(app.test_client(), token).post(url, json=body, **_keyed("slow"))
    assert again.status_code == 201 and again.get_data() == first[0][1]
    assert _count(engine, Claim, Claim.article_id == article.id) == 1


# --- forms --------------------------------------------------------------------------------------

FORM = re.compile(r'<form\b[^>]*\bmethod="post"[^>]*>.*?</form>', re.S | re.I)
HIDDEN = re.compile(r'<input\b[^>]*\btype="hidden"[^>]*>', re.I)


def _hidden(form_html: str) -> dict[str, str]:
    fields = {}
    for tag in HIDDEN.findall(form_html):
        name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def _form(html: str, action: str) -> dict[str, str]:
    """The hidden fields of the page's (first) form that posts to `action`."""
    forms = [f for f in FORM.findall(html) if f'action="{action}"' in f]
    assert forms, f"no form posts to {action}"
    return _hidden(forms[0])


def test_every_form_of_a_page_carries_its_own_key(client, login, db, team):
    claim = make_claim(db, team["reviewer"], status="in_progress", holder=team["editor"])
    login(team["admin"])
    keys = []
    for path in (f"/claims/{claim.id}", f"/articles/{claim.article_id}", "/queue", "/admin/users", "/"):
        html = client.get(path).get_data(as_text=True)
        forms = FORM.findall(html)
        assert forms, path
        for form in forms:
            fields = _hidden(form)
            assert any(name.endswith("csrf_token") for name in fields), (path, form[:200])
            assert form.count('name="idempotency_key"') == 1, (path, form[:200])
            keys.append(uuid.UUID(fields["idempotency_key"]))
    assert len(keys) == len(set(keys)) > 10  # a new key for each form
    again = _form(client.get(f"/claims/{claim.id}").get_data(as_text=True), f"/claims/{claim.id}/comments")
    assert uuid.UUID(again["idempotency_key"]) not in keys  # and for each rendering


def test_a_form_sent_twice_acts_once_and_says_so(client, login, db, team, engine):
    claim = make_claim(db, team["reviewer"], status="in_progress", holder=team["reviewer"])
    login(team["reviewer"])
    url = f"/claims/{claim.id}/comments"
    data = _form(client.get(f"/claims/{claim.id}").get_data(as_text=True), url) | {
        "body": "Asked the agency."
    }
    first = client.post(url, data=data)
    again = client.post(url, data=data)
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"] == f"/claims/{claim.id}"
    assert _count(engine, Comment, Comment.claim_id == claim.id) == 1
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Comment added." in page and door.ALREADY_DONE in page  # the first's message, and why again


def test_a_form_move_sent_twice_moves_once(client, login, db, team, engine):
    claim = make_claim(db, team["reviewer"])
    login(team["reviewer"])
    url = f"/claims/{claim.id}/take"
    data = _form(client.get(f"/claims/{claim.id}").get_data(as_text=True), url)
    assert client.post(url, data=data).status_code == 302
    again = client.post(url, data=data)
    assert again.status_code == 302 and again.headers["Idempotent-Replayed"] == "true"
    assert _events(engine, claim.id, "claim.take") == 1
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "The claim is yours now." in page and door.ALREADY_DONE in page
    assert "changed by" not in page  # not the stale-version refusal a second take would have met


def test_a_refused_form_is_shown_again_with_a_new_key_and_its_key_stays_free(client, login, db, team, engine):
    claim = make_claim(db, team["reviewer"], status="in_progress", holder=team["reviewer"])
    login(team["reviewer"])
    url = f"/claims/{claim.id}/comments"
    data = _form(client.get(f"/claims/{claim.id}").get_data(as_text=True), url) | {"body": ""}
    refused = client.post(url, data=data)
    assert refused.status_code == 422
    fresh = _form(refused.get_data(as_text=True), url)
    assert fresh["idempotency_key"] != data["idempotency_key"]
    assert _count(engine, IdempotencyKey) == 0
    assert client.post(url, data=data | {"body": "Now with words."}).status_code == 302  # same key: free
    assert _count(engine, Comment, Comment.claim_id == claim.id) == 1


def test_a_page_answering_a_form_is_not_kept(client, login, team, engine):
    """An HTML page answering a form (here the new API token, shown once) is never stored with its key."""
    login(team["admin"])
    url = f"/admin/users/{team['reviewer'].id}/token"
    data = _form(client.get("/admin/users").get_data(as_text=True), url)
    page = client.post(url, data=data)
    assert page.status_code == 200 and 'id="token"' in page.get_data(as_text=True)
    assert _count(engine, IdempotencyKey) == 0


def test_a_form_without_a_key_still_works(post_form, login, db, team, engine):
    claim = make_claim(db, team["reviewer"], status="in_progress", holder=team["reviewer"])
    login(team["reviewer"])
    assert post_form(f"/claims/{claim.id}/comments", {"body": "One."}).status_code == 302
    assert post_form(f"/claims/{claim.id}/comments", {"body": "One."}).status_code == 302
    assert _count(engine, Comment, Comment.claim_id == claim.id) == 2


# --- the answer lost with its connection ("done when" of issue 15) -----------------------------


@pytest.fixture
def served(app):
    """The app on a real HTTP server in a thread; yields its port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(timeout=5)


def _send_and_hang_up(port: int, path: str, token: str, key: str, body: bytes) -> None:
    """Send a POST and close the socket at once, as a client whose connection died: it never reads the answer."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
        f"Idempotency-Key: {key}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head.encode() + body)


def _post(port: int, path: str, token: str, key: str, body: bytes):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key, "Content-Type": "application/json"}
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    answer = (response.status, response.read(), response.getheader("Idempotent-Replayed"))
    connection.close()
    return answer


def _terminate_backends(engine, pid: int | None = None) -> None:
    """pg_terminate_backend: every other connection to the test database, or the one with `pid`."""
    admin = create_engine(engine.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        where = "pid = :pid" if pid else "datname = current_database() AND pid <> pg_backend_pid()"
        connection.execute(
            text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {where}"), {"pid": pid}
        )
    admin.dispose()


def test_a_retry_after_the_answer_was_lost_answers_the_first_result(app, served, api, db, team, engine):
    """The move committed, its answer never reached the client (it hung up; on PostgreSQL the app's
    connections are also terminated right after the COMMIT): the retry with its key acts not again."""
    article = make_article(db, team["reviewer"])
    token = api("reviewer").token
    path, body = f"/api/v1/articles/{article.id}/claims", b'{"text": "Exports doubled."}'
    if PG_URL:  # after every other after_request function: the COMMIT is done, the answer not yet sent
        app.after_request_funcs.setdefault(None, []).insert(0, lambda r: (_terminate_backends(engine), r)[1])
    finished = threading.Event()
    app.teardown_request(lambda _exc: finished.set())
    _send_and_hang_up(served, path, token, "lost-1", body)
    assert finished.wait(15)
    assert _count(engine, IdempotencyKey, IdempotencyKey.status_code == 201) == 1
    status, answer, replayed = _post(served, path, token, "lost-1", body)
    assert (status, replayed) == (201, "true")
    assert _count(engine, Claim, Claim.article_id == article.id) == 1
    assert _count(engine, AuditEvent, AuditEvent.action == "claim.create") == 1
    assert f'"id":{_claim_ids(engine, article.id)[0]}' in answer.decode().replace(" ", "")


def _claim_ids(engine, article_id: int) -> list[int]:
    with Session(engine) as session:
        return list(session.exec(select(Claim.id).where(Claim.article_id == article_id)))


@pytest.mark.skipif(not PG_URL, reason="pg_terminate_backend: PostgreSQL only")
def test_a_connection_terminated_before_the_commit_keeps_nothing_and_the_retry_acts_once(
    app, served, api, db, team, engine, monkeypatch
):
    """The connection dies mid-move (after the service's own commit, inside the request's transaction):
    nothing committed, not the claim and not the key; the retry with the same key acts, once."""
    from factcheck.services import claims

    article = make_article(db, team["reviewer"])
    token = api("reviewer").token
    path, body = f"/api/v1/articles/{article.id}/claims", b'{"text": "Exports doubled."}'
    create, killed = claims.create_claim, []

    def create_then_lose_the_connection(session, **kwargs):
        made = create(session, **kwargs)
        if not killed:
            killed.append(True)
            _terminate_backends(
                engine, session.connection().execute(text("SELECT pg_backend_pid()")).scalar()
            )
        return made

    monkeypatch.setattr(claims, "create_claim", create_then_lose_the_connection)
    status, answer, _ = _post(served, path, token, "cut-1", body)
    assert status >= 500 and answer.startswith(b"{")  # the in-flight request fails, in JSON
    assert _count(engine, Claim, Claim.article_id == article.id) == 0
    assert _count(engine, IdempotencyKey) == 0
    status, answer, replayed = _post(served, path, token, "cut-1", body)
    assert (status, replayed) == (201, None)
    assert _post(served, path, token, "cut-1", body)[1:] == (answer, "true")
    assert _count(engine, Claim, Claim.article_id == article.id) == 1

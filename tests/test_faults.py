"""Fault injection: the desk keeps answering in the right format, and its data stays consistent, when the
database, a worker, the disk or a client misbehaves (issue #15). Marked `faults`; runs in the normal suite
on SQLite and PostgreSQL, each test bounded to a few seconds.

- PostgreSQL ends the app's connections (`pg_terminate_backend`) while moves run: the in-flight requests
  answer 503 `database_unavailable` in JSON, the next ones succeed, the history reconciles with the rows.
- A gunicorn worker is killed (`kill -9`) while moves run: only its in-flight requests are lost (connection
  errors, never a 5xx), the data reconciles.
- The database is not there at start-up: gunicorn's workers wait for it (FACTCHECK_DB_WAIT_SECONDS) and
  serve once it appears.
- The disk is full when a write comes (SQLite: `PRAGMA max_page_count`, the real SQLITE_FULL; PostgreSQL: a
  trigger raising SQLSTATE 53100, what a full disk raises): 507 `storage_full`, nothing half-written, and
  writes work again once there is room. (Uploaded files on a full disk belong to the storage tests.)
- Idle and slow clients: 50 open connections that never finish their request starve gunicorn alone, and
  do not starve it behind nginx configured as deploy/ says (nginx is required under CI=true).
- Bodies larger than the limit, sent chunked without Content-Length: 413 over a real socket, directly to
  the app's server and through nginx.
- Errors where Flask's handlers do not reach (teardown, a failing error page) still answer in the route's
  format with the request id; /healthz never touches the database; /readyz says when it is not ready.
"""

import contextlib
import http.client
import io
import json
import logging
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import OperationalError
from werkzeug.serving import make_server

from bench import reconcile
from factcheck.db import get_session
from factcheck.observability import drain_refused_body
from factcheck.permissions import requires
from factcheck.services import articles, claims, schema, sources, users

from .conftest import PG_URL, sign_in

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SECRET = "faults-secret-key"
JSON_PATHS = ("/api/", "/healthz", "/readyz")
needs_pg = pytest.mark.skipif(
    not PG_URL, reason="pg_terminate_backend is PostgreSQL's; the PostgreSQL run of the suite covers it"
)


# --- HTTP over real sockets ------------------------------------------------------------------------------


@dataclass
class Reply:
    method: str
    path: str
    status: int | None  # None: the connection failed (no answer at all)
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    error: str = ""

    def json(self):
        return json.loads(self.body)


def call(base: str, method: str, path: str, *, token: str | None = None, payload=None,
         headers: dict | None = None, timeout: float = 15) -> Reply:  # fmt: skip
    """One request on a new connection; a failed connection is a Reply with status None."""
    host, port = base.removeprefix("http://").split(":")
    sent = {"Connection": "close", **(headers or {})}
    body = None
    if token:
        sent["Authorization"] = f"Bearer {token}"
    if payload is not None:
        body = json.dumps(payload).encode()
        sent["Content-Type"] = "application/json"
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        return Reply(method, path, response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    except (OSError, http.client.HTTPException) as error:
        return Reply(method, path, None, error=f"{error.__class__.__name__}: {error}")
    finally:
        connection.close()


def assert_right_format(reply: Reply) -> None:
    """An error answer is the API's JSON document (on /api and the probes) with the request id, or an
    HTML page elsewhere; never a server's own plain error page."""
    if reply.status is None or reply.status < 400:
        return
    where = f"{reply.method} {reply.path} -> {reply.status}: {reply.body[:300]!r}"
    if reply.path.startswith(JSON_PATHS):
        assert reply.headers.get("content-type", "").startswith("application/json"), where
        error = reply.json()["error"]
        assert error["code"] and error["message"], where
        assert error["request_id"] == reply.headers["x-request-id"], where
    else:
        assert reply.headers.get("content-type", "").startswith("text/html"), where
    if reply.status == 503:
        assert reply.headers.get("retry-after"), where


def chunked_post(host: str, port: int, path: str, total: int, *, headers: dict | None = None,
                 content_type: str = "application/json", body: bytes | None = None,
                 timeout: float = 20) -> tuple[int, dict, bytes, int]:  # fmt: skip
    """POST `total` bytes with Transfer-Encoding: chunked (no Content-Length) over a raw socket, reading
    the answer whenever it comes: (status, headers, body, bytes the client managed to send)."""
    sock = socket.create_connection((host, port), timeout=timeout)
    head = [f"POST {path} HTTP/1.1", f"Host: {host}", "Transfer-Encoding: chunked",
            f"Content-Type: {content_type}", "Connection: close"]  # fmt: skip
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    sent = 0
    stop = threading.Event()

    def send():
        nonlocal sent
        try:
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
            if body is not None:
                sock.sendall(b"%x\r\n%s\r\n" % (len(body), body))
                sent += len(body)
            chunk = b'{"title": "' + b"x" * 65_000
            while sent < total and not stop.is_set():
                piece = chunk[: min(len(chunk), total - sent)]
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                sent += len(piece)
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server stopped reading and closed: expected once it has answered 413

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    raw = b""
    try:
        while b"\r\n\r\n" not in raw or len(raw.split(b"\r\n\r\n", 1)[1]) < _length(raw):
            data = sock.recv(65536)
            if not data:
                break
            raw += data
    finally:
        stop.set()
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # wakes the sender if it is blocked on a full buffer
        sock.close()
        sender.join(timeout=10)
    head_part, _, answer = raw.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
    return status, headers, answer, sent


def _length(raw: bytes) -> int:
    match = re.search(rb"(?im)^content-length:\s*(\d+)", raw.split(b"\r\n\r\n", 1)[0])
    return int(match.group(1)) if match else 1 << 30


@contextlib.contextmanager
def werkzeug_server(app):
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, tmp_path: Path, *, workers: int = 2, threads: int = 4,
             wait_up: float = 30, env: dict | None = None):  # fmt: skip
    """The real app under gunicorn with deploy/gunicorn.conf.py (counts made small); yields
    (base URL, the master process, the log file)."""
    port = free_port()
    instance = tmp_path / f"gunicorn-{port}"
    instance.mkdir(parents=True)
    log_path = instance / "gunicorn.log"
    environment = os.environ | {
        "FACTCHECK_DATABASE_URL": database_url,
        "FACTCHECK_SECRET_KEY": SECRET,
        "FACTCHECK_INSTANCE_PATH": str(instance),
        "FACTCHECK_BIND": f"127.0.0.1:{port}",
        "FACTCHECK_WORKERS": str(workers),
        "FACTCHECK_THREADS": str(threads),
        "FACTCHECK_LOG_FORMAT": "json",
        "FACTCHECK_GRACEFUL_TIMEOUT": "5",  # a stuck worker is killed by its master within the test's wait
        **(env or {}),
    }
    environment.pop("FACTCHECK_TEST_DATABASE_URL", None)
    with open(log_path, "ab") as log:
        # its own process group: whatever is left of it at the end goes with it (below)
        process = subprocess.Popen(
            [str(GUNICORN), "-c", str(DEPLOY / "gunicorn.conf.py"), "app:app"],
            cwd=ROOT, env=environment, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        if wait_up:
            wait_for(
                lambda: call(base, "GET", "/healthz", timeout=2).status == 200, wait_up, process, log_path
            )
        yield base, process, log_path
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # A gthread worker can deadlock in its quit handler (gunicorn 27: the signal lands while the worker is
        # starting a pool thread under the executor's lock, and the handler's shutdown() waits for that lock);
        # its master kills it after graceful_timeout, but a master killed first leaves it behind, an orphan
        # holding the port (seen after fresh-clone CI runs). The group goes whole.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def wait_for(condition, seconds: float, process=None, log_path=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}: {_tail(log_path)}")
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {_tail(log_path)}")


def _tail(path) -> str:
    return path.read_text(errors="replace")[-3000:] if path and path.exists() else ""


def worker_pids(master: subprocess.Popen) -> list[int]:
    """gunicorn's workers: the master's children (read from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master.pid:
                pids.append(int(entry.name))
    return pids


def database_url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def assert_reconciled(engine) -> None:
    problems = {name: count for name, count in reconcile.check(engine).items() if count}
    assert problems == {}, problems


# --- a desk at work --------------------------------------------------------------------------------------


@dataclass
class Desk:
    reviewer_tokens: list[str]
    editor_token: str
    source_id: int
    claim_ids: list[int]


def make_desk(db, team, make_user, *, claims_count: int = 30, reviewers: int = 4) -> Desk:
    """An article with open claims (made by the services, so the history has their creation), reviewers
    with tokens, an editor's token and a source."""
    editor = team["editor"]
    article = articles.create_article(db, title="Faults", text="One sentence. Another one.", actor=editor)
    made = [
        claims.create_claim(db, article_id=article.id, text=f"Claim number {i}.", actor=editor).id
        for i in range(claims_count)
    ]
    people = [make_user("reviewer", username=f"fault{i}-{uuid.uuid4().hex[:4]}") for i in range(reviewers)]
    source = sources.create_source(db, actor=editor, title="Agency table", url="https://example.org/t")
    desk = Desk(
        [users.create_token(db, user=person) for person in people],
        users.create_token(db, user=editor),
        source.id,
        made,
    )
    db.commit()
    db.close()
    return desk


def reviewer_loop(base: str, desk: Desk, token: str, replies: list, stop: threading.Event,
                  lock: threading.Lock) -> None:  # fmt: skip
    """Take the next claim, add evidence, propose, and have the editor approve it; until nothing is open
    or `stop`. Every reply is kept."""

    def keep(reply: Reply) -> Reply:
        with lock:
            replies.append(reply)
        return reply

    while not stop.is_set():
        taken = keep(call(base, "POST", "/api/v1/queue/next", token=token))
        if taken.status == 204:
            return
        if taken.status != 200:
            continue
        claim_id = taken.json()["id"]
        keep(call(base, "POST", f"/api/v1/claims/{claim_id}/evidence", token=token,
                  payload={"source_id": desk.source_id, "stance": "context", "locator": "p. 4"}))  # fmt: skip
        keep(call(base, "POST", f"/api/v1/claims/{claim_id}/verdict", token=token,
                  payload={"rating": "unproven", "rationale": "Nothing settles it either way."}))  # fmt: skip
        keep(call(base, "POST", f"/api/v1/claims/{claim_id}/approve", token=desk.editor_token))


def run_desk(base: str, desk: Desk, *, seconds: float, fault) -> list[Reply]:
    """The reviewers work for at most `seconds` while `fault(stop)` runs beside them."""
    replies: list[Reply] = []
    stop, lock = threading.Event(), threading.Lock()
    workers = [
        threading.Thread(target=reviewer_loop, args=(base, desk, token, replies, stop, lock), daemon=True)
        for token in desk.reviewer_tokens
    ]
    for worker in workers:
        worker.start()
    faulty = threading.Thread(target=fault, args=(stop,), daemon=True)
    faulty.start()
    deadline = time.monotonic() + seconds
    for worker in workers:
        worker.join(timeout=max(0.1, deadline - time.monotonic()))
    stop.set()
    for worker in workers:
        worker.join(timeout=20)
    faulty.join(timeout=10)
    return replies


def assert_desk_healthy_after(base: str, desk: Desk) -> None:
    """After the fault: no 5xx; reads and a move both work."""
    for path in ("/healthz", "/readyz", "/api/v1/claims?per_page=5"):
        reply = call(base, "GET", path, token=desk.editor_token)
        assert reply.status == 200, (path, reply.status, reply.body[:300])
    reply = call(base, "POST", "/api/v1/queue/next", token=desk.reviewer_tokens[0])
    assert reply.status in (200, 204), reply.body[:300]


# --- 1. PostgreSQL ends the connections under the requests -----------------------------------------------


@needs_pg
def test_connections_terminated_mid_request_answer_503_json_and_the_data_reconciles(
    app, db, team, make_user, engine
):
    desk = make_desk(db, team, make_user, claims_count=40)
    admin = create_engine(database_url(engine), isolation_level="AUTOCOMMIT")
    terminated = []

    def terminate(stop: threading.Event) -> None:
        with admin.connect() as connection:
            for _ in range(16):  # ~3 s of it
                if stop.wait(0.2):
                    return
                ended = connection.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).scalar()
                terminated.append(ended)

    try:
        with werkzeug_server(app) as base:
            replies = run_desk(base, desk, seconds=25, fault=terminate)
            assert sum(terminated) > 0
            for reply in replies:
                assert reply.status is not None, reply.error  # the app's server always answers
                assert_right_format(reply)
            failed = [r for r in replies if r.status >= 500]
            assert {r.status for r in failed} <= {503}, [(r.path, r.status, r.body[:200]) for r in failed]
            assert all(r.json()["error"]["code"] == "database_unavailable" for r in failed)
            # only requests in flight when their connection was ended failed: at most one per ended backend
            assert len(failed) <= sum(terminated)
            assert any(r.status == 200 and r.path.endswith("/approve") for r in replies)
            assert_desk_healthy_after(base, desk)
    finally:
        admin.dispose()
    assert_reconciled(engine)


# --- 2. a session whose connection is gone at teardown ---------------------------------------------------


def test_a_teardown_that_cannot_roll_back_still_answers_and_drops_the_connection(app, client, api, engine):
    """The session's ROLLBACK/close fails in the request's teardown (its connection was ended): the answer
    the view gave still goes out, and the connection never goes back to the pool."""
    from factcheck import db as factcheck_db

    invalidated = []
    event.listen(engine, "invalidate", lambda *args: invalidated.append(args))

    @app.route("/api/v1/test-dies-after-answering")
    @requires("public")
    def dies_after_answering():
        session = get_session()
        session.execute(text("SELECT 1"))
        if PG_URL:  # the real thing: another connection ends this one
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
            killer = create_engine(database_url(engine))
            with killer.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            killer.dispose()
        else:  # SQLite has no server to end it: the close fails as it would on a dead connection
            real_close = session.close

            def dead_close():
                real_close()
                raise OperationalError("ROLLBACK", {}, Exception("server closed the connection unexpectedly"))

            session.close = dead_close
        return {"ok": True}

    response = client.get("/api/v1/test-dies-after-answering")
    assert response.status_code == 200 and response.get_json() == {"ok": True}
    assert response.headers["X-Request-ID"]
    if PG_URL:
        assert invalidated, "the dead connection went back to the pool"
    # the next request gets a working connection
    assert api("viewer").get("/api/v1/claims").status_code == 200
    assert factcheck_db.CONNECT_TIMEOUT_S > 0


def test_an_error_outside_the_handlers_is_answered_in_the_route_format(app, client):
    """A teardown that raises escapes Flask's error handlers: the middleware answers, JSON on /api with
    the request id, a page elsewhere; never the server's own plain 500."""

    @app.teardown_appcontext
    def broken_teardown(_error):
        raise RuntimeError("teardown exploded")

    api_reply = client.get("/api/v1/openapi.json", headers={"X-Request-ID": "probe-42"})
    assert api_reply.status_code == 500
    assert api_reply.get_json() == {
        "error": {
            "code": "server_error",
            "message": "Something went wrong on our side. It has been logged.",
            "request_id": "probe-42",
        }
    }
    assert api_reply.headers["X-Request-ID"] == "probe-42"
    page = client.get("/login")
    assert page.status_code == 500 and page.mimetype == "text/html"
    assert "Something went wrong" in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)


def test_a_database_that_is_gone_answers_503_with_retry_after_in_each_format(app, client, team, tmp_path):
    sign_in(client, "viewer")
    token_client = app.test_client()
    from factcheck.services import users as user_service

    with app.app_context():
        token = user_service.create_token(get_session(), user=team["viewer"])
        get_session().commit()
    gone = create_engine(f"sqlite:///{tmp_path}/no/such/dir/x.sqlite")
    app.extensions["factcheck_engine"] = gone
    app.extensions.pop("factcheck_read_engine", None)

    api_reply = token_client.get("/api/v1/claims", headers={"Authorization": f"Bearer {token}"})
    assert api_reply.status_code == 503
    assert api_reply.get_json()["error"]["code"] == "database_unavailable"
    assert api_reply.get_json()["error"]["request_id"] == api_reply.headers["X-Request-ID"]
    assert api_reply.headers["Retry-After"] == "5"
    page = client.get("/")
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert "database is not reachable" in page.get_data(as_text=True)
    assert page.headers["Retry-After"] == "5"
    gone.dispose()


# --- 3. a worker killed mid-move -------------------------------------------------------------------------


def test_a_worker_killed_mid_move_loses_only_its_requests_and_the_data_reconciles(
    db, team, make_user, engine, tmp_path
):
    # enough claims that the desk is still at work when the kills come (16 were done within a second on a
    # quiet machine, before the first kill)
    desk = make_desk(db, team, make_user, claims_count=60, reviewers=3)
    kills = []

    with gunicorn(database_url(engine), tmp_path, workers=2, threads=2) as (base, master, log_path):

        def kill_workers(stop: threading.Event) -> None:
            for wait in (0.3, 1.0):
                if stop.wait(wait):
                    return
                pids = worker_pids(master)
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    kills.append(pids[0])

        replies = run_desk(base, desk, seconds=30, fault=kill_workers)
        assert kills, "no worker was killed"
        lost = [r for r in replies if r.status is None]
        # a killed worker takes its in-flight requests with it (at most one per client), nothing else
        assert len(lost) <= len(desk.reviewer_tokens) * len(kills), [r.error for r in lost]
        for reply in replies:
            assert reply.status is None or reply.status < 500, (reply.path, reply.status, reply.body[:300])
            assert_right_format(reply)
        wait_for(lambda: len(worker_pids(master)) == 2, 15)  # gunicorn replaced the killed workers
        assert_desk_healthy_after(base, desk)
        statuses = {r.status for r in replies}
        assert 200 in statuses
        # the app's structured log: one JSON line per request, with the id the client was answered
        answered = {r.headers["x-request-id"] for r in replies if r.status}
        lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
        access = [line for line in lines if line.get("logger") == "factcheck.access"]
        assert answered & {line["request_id"] for line in access}
        move = next(line for line in access if line["path"].endswith("/approve") and line["status"] == 200)
        assert move["method"] == "POST" and move["user_id"] == team["editor"].id
        assert isinstance(move["duration_ms"], float)
    assert_reconciled(engine)


# --- 4. the database not there yet at start-up ------------------------------------------------------------


def test_the_app_waits_for_a_database_that_appears_after_start_up(tmp_path):
    if PG_URL:
        name = f"factcheck_late_{uuid.uuid4().hex[:10]}"
        url = PG_URL.rsplit("/", 1)[0] + "/" + name
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")

        def appear():
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            schema.upgrade(url)

        def remove():
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:  # a volume not mounted yet: the database's directory is not there
        folder = tmp_path / "late-volume"
        url = f"sqlite:///{folder}/factcheck.sqlite"

        def appear():
            folder.mkdir()
            schema.upgrade(url)

        def remove():
            pass

    try:
        started = time.monotonic()
        with gunicorn(url, tmp_path, workers=1, threads=2, wait_up=0,
                      env={"FACTCHECK_DB_WAIT_SECONDS": "20"}) as (base, master, log_path):  # fmt: skip
            wait_for(lambda: "waiting up to 20 s" in _tail(log_path), 15, master, log_path)
            time.sleep(1.0)
            assert master.poll() is None  # waiting, not crashed
            appear()
            wait_for(lambda: call(base, "GET", "/readyz", timeout=2).status == 200, 20, master, log_path)
            assert time.monotonic() - started < 30
            log = _tail(log_path)
            assert "database reachable after" in log
            assert "Worker failed to boot" not in log
    finally:
        remove()


# --- 5. the disk full while saving -----------------------------------------------------------------------


@contextlib.contextmanager
def disk_full(engine):
    """Writes that need room fail the way a full disk makes them fail, until the block ends."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

        def cap(dbapi_connection, _record):
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        engine.dispose()
        event.listen(engine, "connect", cap)
        try:
            yield
        finally:
            event.remove(engine, "connect", cap)
            engine.dispose()
    else:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "CREATE FUNCTION faults_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; "
                    "END $$"
                )
            )
            connection.execute(
                text(
                    "CREATE TRIGGER faults_disk_full BEFORE INSERT ON audit_event "
                    "FOR EACH ROW EXECUTE FUNCTION faults_disk_full()"
                )
            )
        try:
            yield
        finally:
            with engine.begin() as connection:
                connection.execute(text("DROP TRIGGER faults_disk_full ON audit_event"))
                connection.execute(text("DROP FUNCTION faults_disk_full()"))


def test_a_full_disk_answers_507_saves_nothing_half_and_recovers(app, db, team, api, engine):
    editor = api("editor")
    db.commit()
    article_id = articles.create_article(db, title="Before", text="Short.", actor=team["editor"]).id
    db.commit()
    big = "A sentence about the budget that someone said. " * 3000  # ~150 KB: needs new pages
    with disk_full(engine):
        reply = editor.post("/api/v1/articles", json={"title": "Full disk", "text": big})
        assert reply.status_code == 507, reply.get_data(as_text=True)[:300]
        error = reply.get_json()["error"]
        assert error["code"] == "storage_full" and error["request_id"] == reply.headers["X-Request-ID"]
        claim = editor.post(f"/api/v1/articles/{article_id}/claims", json={"text": big[:2000]})
        assert claim.status_code in (201, 507)  # a small write may still find room in a page
        assert editor.get(f"/api/v1/articles/{article_id}").status_code == 200  # reads go on
    db.expire_all()
    titles = [row[0] for row in db.execute(text("SELECT title FROM article")).all()]
    assert "Full disk" not in titles  # nothing half-written
    reply = editor.post("/api/v1/articles", json={"title": "Room again", "text": big})
    assert reply.status_code == 201, reply.get_data(as_text=True)[:300]
    assert_reconciled(engine)


# --- 6. slow and idle clients, oversize bodies: gunicorn alone and behind nginx ---------------------------


def nginx_or_skip() -> str:
    if Path(NGINX).exists():
        return NGINX
    if os.environ.get("CI") == "true":
        pytest.fail("nginx is required in CI (scripts/test installs it): apt-get install nginx")
    pytest.skip("nginx is not installed (apt-get install nginx); CI installs it and runs this test")


def nginx_site(gunicorn_port: int, port: int) -> str:
    """deploy/nginx-factcheck.conf as shipped, with a loopback port instead of TLS and port 80."""
    site = (DEPLOY / "nginx-factcheck.conf").read_text()
    site = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", site, flags=re.S)
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    site = re.sub(r"\s*ssl_certificate\S* [^;]+;", "", site)
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{gunicorn_port};")
    site = site.replace("/etc/nginx/factcheck-proxy.conf", str(DEPLOY / "nginx-proxy.conf"))
    site = site.replace("/etc/nginx/factcheck-errors.conf", str(DEPLOY / "nginx-errors.conf"))
    assert "ssl" not in site and f"127.0.0.1:{port}" in site
    return site


@contextlib.contextmanager
def nginx(gunicorn_base: str, tmp_path: Path):
    binary = nginx_or_skip()
    folder = tmp_path / "nginx"
    folder.mkdir()
    folder.chmod(0o777)
    port = free_port()
    gunicorn_port = int(gunicorn_base.rsplit(":", 1)[1])
    (folder / "site.conf").write_text(nginx_site(gunicorn_port, port))
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n access_log off;\n client_body_temp_path {folder}/body;\n proxy_temp_path {folder}/proxy;\n"
        f" fastcgi_temp_path {folder}/fastcgi;\n uwsgi_temp_path {folder}/uwsgi;\n scgi_temp_path {folder}/scgi;\n"
        f" include {folder}/site.conf;\n}}\n"
    )
    check = subprocess.run([binary, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stderr
    with open(folder / "stderr.log", "ab") as log:
        process = subprocess.Popen(
            [binary, "-p", str(folder), "-c", str(folder / "nginx.conf")], stdout=log, stderr=log
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: call(base, "GET", "/healthz", timeout=2).status == 200, 15)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def hold_idle_connections(base: str, count: int) -> list[socket.socket]:
    """`count` connections that start a request and never finish it (slowloris)."""
    host, port = base.removeprefix("http://").split(":")
    held = []
    for _ in range(count):
        sock = socket.create_connection((host, int(port)), timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        held.append(sock)
    return held


IDLE = 50  # the connections the load test held open
THREADS = (
    4  # gunicorn: one worker with these threads (the test keeps it small; the README's counts are larger)
)


def test_idle_clients_starve_gunicorn_alone_but_not_behind_nginx_and_oversize_bodies_are_413(
    app, db, team, engine, tmp_path
):
    token = users.create_token(db, user=team["editor"])
    db.commit()
    auth = {"Authorization": f"Bearer {token}"}
    limit = app.config["MAX_CONTENT_LENGTH"]
    with gunicorn(database_url(engine), tmp_path, workers=1, threads=THREADS) as (direct, _master, _log):
        direct_port = int(direct.rsplit(":", 1)[1])
        # gunicorn alone: a chunked body beyond the limit is 413 in JSON; one within it is read whole
        status, headers, body, _ = chunked_post("127.0.0.1", direct_port, "/api/v1/articles", 25 * 2**20,
                                                headers=auth)  # fmt: skip
        assert status == 413 and json.loads(body)["error"]["code"] == "too_large", body[:300]
        small = json.dumps({"title": "Sent chunked", "text": "Within the limit."}).encode()
        status, _headers, body, _ = chunked_post("127.0.0.1", direct_port, "/api/v1/articles", len(small),
                                                 headers=auth, body=small)  # fmt: skip
        assert status == 201, body[:300]
        with nginx(direct, tmp_path) as proxied:
            port = int(proxied.rsplit(":", 1)[1])
            # behind nginx: beyond nginx's limit, its 413, in JSON on /api
            status, headers, body, _ = chunked_post("127.0.0.1", port, "/api/v1/articles", 25 * 2**20,
                                                    headers=auth)  # fmt: skip
            assert status == 413 and headers["content-type"].startswith("application/json"), body[:300]
            assert json.loads(body)["error"]["code"] == "too_large"
            # between the app's limit (20 MB) and nginx's (21 MB): the app's own 413
            status, headers, body, _ = chunked_post("127.0.0.1", port, "/api/v1/articles", limit + 2**19,
                                                    headers=auth)  # fmt: skip
            assert status == 413 and json.loads(body)["error"]["request_id"] == headers["x-request-id"]
            # idle clients wait in nginx; requests still get through, fast
            held = hold_idle_connections(proxied, IDLE)
            try:
                started = time.monotonic()
                for _ in range(5):
                    reply = call(proxied, "GET", "/healthz", timeout=5)
                    assert reply.status == 200
                login = call(proxied, "GET", "/login", timeout=5)
                assert login.status == 200 and login.headers["x-request-id"]
                assert time.monotonic() - started < 3
            finally:
                for sock in held:
                    sock.close()
        # gunicorn alone: the same idle connections take every thread, nobody else is served
        held = hold_idle_connections(direct, IDLE)
        try:
            time.sleep(0.3)
            reply = call(direct, "GET", "/healthz", timeout=2)
            assert reply.status is None, "gunicorn alone answered despite the idle connections"
        finally:
            for sock in held:
                sock.close()
    assert limit == 20 * 2**20  # the README's numbers


def test_an_oversize_chunked_body_is_413_from_the_apps_own_server(app, db, team):
    """werkzeug's server (flask run, the tests) dechunks too: 413 in the route's format, connection closed."""
    token = users.create_token(db, user=team["editor"])
    db.commit()
    with werkzeug_server(app) as base:
        port = int(base.rsplit(":", 1)[1])
        status, headers, body, _ = chunked_post("127.0.0.1", port, "/api/v1/articles", 25 * 2**20,
                                                headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert status == 413, body[:300]
        assert json.loads(body)["error"]["code"] == "too_large"
        assert headers["connection"].lower() == "close"
        status, headers, body, _ = chunked_post(
            "127.0.0.1", port, "/login", 25 * 2**20, content_type="application/x-www-form-urlencoded"
        )
        assert status == 413 and headers["content-type"].startswith("text/html")


def test_a_body_a_little_over_the_limit_is_read_and_dropped_so_the_connection_serves_the_next_request(
    app, db, team, engine, tmp_path
):
    """Content-Length over the limit by up to a quarter (what nginx lets through): gunicorn answers 413 once
    the body has been read to its end, and the connection serves the next request. Answered before, with the
    body unread, the connection could be reset while nginx was still sending it, and nginx answered 503 in
    place of the 413 (seen under load; observability.drain_refused_body)."""
    token = users.create_token(db, user=team["editor"])
    db.commit()
    length = app.config["MAX_CONTENT_LENGTH"] + 2**19
    with gunicorn(database_url(engine), tmp_path, workers=1, threads=2) as (base, _master, _log):
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=20) as sock:
            head = (f"POST /api/v1/articles HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n")  # fmt: skip
            sock.sendall(head.encode() + b" " * (length // 2))
            answered_early, _, _ = select.select([sock], [], [], 1.0)
            assert not answered_early, "the 413 came before the body was read: the connection will be reset"
            sock.sendall(b" " * (length - length // 2))
            refused = http.client.HTTPResponse(sock)
            refused.begin()
            assert refused.status == 413 and json.loads(refused.read())["error"]["code"] == "too_large"
            sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())  # the same connection
            following = http.client.HTTPResponse(sock)
            following.begin()
            assert following.status == 200


def test_only_a_refused_body_of_known_and_bounded_length_is_drained():
    limit = 1000
    for length, drained in ((1200, True), (1250, True), (1251, False), (900, False)):
        stream = io.BytesIO(b"x" * length + b"NEXT REQUEST")
        environ = {"CONTENT_LENGTH": str(length), "wsgi.input": stream}
        assert drain_refused_body(environ, limit) is drained, length
        assert stream.tell() == (length if drained else 0)  # never a byte past the body
    assert drain_refused_body({"wsgi.input": io.BytesIO(b"x" * 1200)}, limit) is False  # no length: chunked
    short = {"CONTENT_LENGTH": "1200", "wsgi.input": io.BytesIO(b"x" * 100)}  # the client stopped sending
    assert drain_refused_body(short, limit) is False


# --- 7. health, readiness, request ids, the request log ---------------------------------------------------


def test_healthz_answers_without_the_database_or_a_cookie(app, client, engine):
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    connects = []
    event.listen(engine.pool, "checkout", lambda *args: connects.append(1))
    reply = client.get("/healthz")
    assert reply.status_code == 200 and reply.get_json() == {"status": "ok"}
    assert statements == [] and connects == []
    assert "Set-Cookie" not in reply.headers
    assert reply.headers["Cache-Control"] == "no-store"


def test_readyz_checks_the_database_and_its_migrations(app, client, tmp_path):
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.get_data(as_text=True)
    assert ready.get_json()["status"] == "ready" and ready.get_json()["migration"]
    assert "Set-Cookie" not in ready.headers
    app.extensions["factcheck_migration_heads"] = {"9999_from_the_future"}
    pending = client.get("/readyz")
    assert pending.status_code == 503 and pending.headers["Retry-After"] == "5"
    assert pending.get_json()["error"]["code"] == "migrations_pending"
    app.extensions.pop("factcheck_migration_heads")
    app.extensions["factcheck_engine"] = create_engine(f"sqlite:///{tmp_path}/absent/dir/x.sqlite")
    down = client.get("/readyz")
    assert down.status_code == 503
    assert down.get_json()["error"]["code"] == "database_unavailable"
    assert down.get_json()["error"]["request_id"] == down.headers["X-Request-ID"]


def test_probes_go_through_the_trusted_host_check(client):
    assert client.get("/healthz", headers={"Host": "10.0.0.7:8000"}).status_code == 400
    assert client.get("/healthz", headers={"Host": "localhost:8000"}).status_code == 200


def test_probes_by_ip_answer_once_the_address_is_a_trusted_host(app, engine):
    from factcheck import create_app

    probed = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "DATABASE_URL": database_url(engine),
            "TRUSTED_HOSTS": "factcheck.example.org,10.0.0.7",
        }  # fmt: skip
    )
    assert probed.test_client().get("/healthz", headers={"Host": "10.0.0.7:8000"}).status_code == 200
    probed.extensions["factcheck_engine"].dispose()


def test_each_answer_carries_a_request_id_and_is_logged_once(app, client, api, team, caplog):
    viewer = api("viewer")
    with caplog.at_level(logging.INFO, logger="factcheck.access"):
        given = viewer.get("/api/v1/claims", headers={"X-Request-ID": "lb-1234.abc"})
        fresh = client.get("/login")
        hostile = client.get("/login", headers={"X-Request-ID": "bad id <with> spaces" + "x" * 200})
        missing = viewer.get("/api/v1/claims/999999")
        for reply in (given, fresh, hostile, missing):
            reply.get_data()  # the line is written once the body has been sent
    assert given.headers["X-Request-ID"] == "lb-1234.abc"
    assert re.fullmatch(r"[0-9a-f]{32}", fresh.headers["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", hostile.headers["X-Request-ID"])  # not repeated: a new one
    assert missing.get_json()["error"]["request_id"] == missing.headers["X-Request-ID"]
    lines = [record for record in caplog.records if record.name == "factcheck.access"]
    assert len(lines) == 4
    first = lines[0]
    assert (first.method, first.path, first.status, first.request_id) == (
        "GET",
        "/api/v1/claims",
        200,
        "lb-1234.abc",
    )
    assert first.user_id == team["viewer"].id and first.duration_ms >= 0
    assert lines[1].user_id is None and lines[3].status == 404


def test_json_log_lines_carry_the_request_id_and_the_traceback(app, client, caplog):
    from factcheck.observability import JsonFormatter, RequestIdFilter

    @app.route("/api/v1/test-explodes")
    @requires("public")
    def explodes():
        raise ZeroDivisionError("boom")

    with caplog.at_level(logging.INFO):
        reply = client.get("/api/v1/test-explodes", headers={"X-Request-ID": "trace-me"})
    assert reply.status_code == 500 and reply.get_json()["error"]["request_id"] == "trace-me"
    error = next(record for record in caplog.records if record.levelno == logging.ERROR)
    RequestIdFilter().filter(error)
    line = json.loads(JsonFormatter().format(error))
    assert line["request_id"] == "trace-me" and line["level"] == "ERROR"
    assert "ZeroDivisionError: boom" in line["traceback"]

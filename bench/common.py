"""What the benchmarks share: the app on a seeded archive (in process or behind a real server), counting the
SQL statements a request sends, signing in over HTTP, and medians / percentiles."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

SECRET_KEY = "bench-secret-key-not-for-production"
TRIVIAL = "/account/password"  # the cheapest signed-in page: a form, no query beyond the sign-in's own
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


# --- the app ------------------------------------------------------------------------------------------


def make_app(database_url: str, instance: Path):
    """The real app on `database_url` (in process), as production would build it, with a fixed secret key."""
    instance.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("FACTCHECK_INSTANCE_PATH")
    os.environ["FACTCHECK_INSTANCE_PATH"] = str(instance)
    try:
        from factcheck import create_app

        return create_app(
            {
                "SECRET_KEY": SECRET_KEY,
                "DATABASE_URL": database_url,
                "UPLOAD_DIR": str(instance / "files"),
                "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            }
        )
    finally:
        if previous is None:
            os.environ.pop("FACTCHECK_INSTANCE_PATH", None)
        else:
            os.environ["FACTCHECK_INSTANCE_PATH"] = previous


def server_env(database_url: str, instance: Path) -> dict[str, str]:
    instance.mkdir(parents=True, exist_ok=True)
    return os.environ | {
        "FACTCHECK_DATABASE_URL": database_url,
        "FACTCHECK_SECRET_KEY": SECRET_KEY,
        "FACTCHECK_INSTANCE_PATH": str(instance),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, instance: Path, *, workers: int = 1, worker_class: str = "sync", threads: int = 1,
             timeout: int = 600):  # fmt: skip
    """The real app under gunicorn on 127.0.0.1 (a child process); yields its base URL."""
    port = free_port()
    instance.mkdir(parents=True, exist_ok=True)
    log = open(instance / "gunicorn.log", "ab")  # noqa: SIM115
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", worker_class, "--threads", str(threads), "--timeout", str(timeout),
        "--backlog", "2048", "--log-level", "warning", "app:app",
    ]  # fmt: skip
    process = subprocess.Popen(  # its own process group, killed whole at the end (a worker may hang on quit)
        command,
        cwd=ROOT,
        env=server_env(database_url, instance),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # any worker its master left behind
        log.close()


def wait_until_up(base: str, process: subprocess.Popen | None = None, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if request(base, "GET", "/login").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not answer within {seconds} s")


# --- HTTP, one new connection per request ----------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]
    cookies: dict[str, str]
    ttfb: float  # seconds until the status line and headers arrived
    total: float  # seconds until the last byte

    def json(self):
        return json.loads(self.body) if self.body else None


def request(base: str, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 600) -> Answer:  # fmt: skip
    """One request on a new connection (closed after it): status, body, time to first byte and in all."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        ttfb = time.perf_counter() - started
        data = response.read()
        total = time.perf_counter() - started
        cookies = {}
        for raw in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(raw)
            cookies.update({name: morsel.value for name, morsel in jar.items()})
        return Answer(response.status, data, dict(response.headers), cookies, ttfb, total)
    finally:
        connection.close()


class Browser:
    """A signed-in browser over HTTP: keeps the cookies, knows its CSRF token."""

    def __init__(self, base: str):
        self.base, self.cookies, self.csrf = base, {}, ""

    def _headers(self, extra=None) -> dict:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return ({"Cookie": cookie} if cookie else {}) | (extra or {})

    def get(self, path: str, **kw) -> Answer:
        answer = request(self.base, "GET", path, headers=self._headers(), **kw)
        self.cookies.update(answer.cookies)
        return answer

    def post_form(self, path: str, data: dict) -> Answer:
        body = urlencode({**data, "csrf_token": self.csrf}).encode()
        answer = request(self.base, "POST", path, body=body,
                         headers=self._headers({"Content-Type": "application/x-www-form-urlencoded"}))  # fmt: skip
        self.cookies.update(answer.cookies)
        return answer

    def sign_in(self, username: str, password: str) -> None:
        page = self.get("/login")
        self.csrf = CSRF.search(page.body.decode()).group(1)
        answer = self.post_form("/login", {"username": username, "password": password})
        if answer.status != 302:
            raise RuntimeError(f"sign-in as {username} answered {answer.status}")
        page = self.get(TRIVIAL)
        self.csrf = CSRF.search(page.body.decode()).group(1)


class Api:
    """The JSON API over HTTP with one bearer token."""

    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def call(self, method: str, path: str, payload=None, **kw) -> Answer:
        headers = {"Authorization": f"Bearer {self.token}"}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        return request(self.base, method, "/api/v1" + path, body=body, headers=headers, **kw)


# --- counting statements -------------------------------------------------------------------------------


@dataclass
class Statement:
    sql: str
    parameters: object
    seconds: float


@dataclass
class Recorder:
    """Every statement the engine sends while `recording` (a before/after_cursor_execute pair)."""

    statements: list[Statement] = field(default_factory=list)
    active: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def attach(self, engine) -> Recorder:
        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn, cursor, statement, parameters, context, executemany):
            conn.info.setdefault("bench_started", []).append(time.perf_counter())

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn, cursor, statement, parameters, context, executemany):
            started = conn.info["bench_started"].pop()
            if self.active:
                with self._lock:
                    self.statements.append(Statement(statement, parameters, time.perf_counter() - started))

        return self

    @contextmanager
    def recording(self):
        with self._lock:
            self.statements = []
        self.active = True
        try:
            yield self
        finally:
            self.active = False


def shape(sql: str) -> str:
    """A statement with its IN lists folded, to group the same query asked with other values."""
    sql = re.sub(r"\((?:\s*(?:\?|%\([^)]*\)s|__\[POSTCOMPILE_\w+\]|\$\d+)\s*,?)+\)", "(…)", sql)
    sql = " ".join(sql.split())
    # the column lists say little: "SELECT verdict.id, verdict.claim_id, ..., user.id FROM" -> "verdict.*, user.id"
    return re.sub(r"SELECT (.+?) FROM", lambda m: "SELECT " + _columns(m.group(1)) + " FROM", sql, count=1)


def _columns(select_list: str) -> str:
    """Runs of four or more columns of one table as "table.*"."""
    out: list[list[str]] = []  # runs of (table, columns)
    for column in select_list.split(", "):
        table = column.split(".", 1)[0] if "." in column and "(" not in column else None
        if table and out and out[-1][0] == table:
            out[-1][1].append(column)
        else:
            out.append([table, [column]])
    return ", ".join(f"{table}.*" if table and len(cols) >= 4 else ", ".join(cols) for table, cols in out)


def offenders(statements: list[Statement], top: int = 5) -> list[dict]:
    """The statement shapes that cost the most time in a request, with how often each ran."""
    groups: dict[str, list[float]] = defaultdict(list)
    for statement in statements:
        groups[shape(statement.sql)].append(statement.seconds)
    ranked = sorted(groups.items(), key=lambda item: -sum(item[1]))
    return [
        {"times": len(times), "ms": round(sum(times) * 1000, 2), "sql": sql[:240]}
        for sql, times in ranked[:top]
    ]


# --- figures ---------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), linear between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(seconds: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(seconds) * 1000, 2) if seconds else None,
        "p95_ms": round(percentile(seconds, 95) * 1000, 2) if seconds else None,
        "n": len(seconds),
    }


# --- in process ----------------------------------------------------------------------------------------


def sign_in_client(client, username: str, password: str) -> None:
    """Sign a Flask test client in through the real form (CSRF token and all)."""
    page = client.get("/login")
    csrf = CSRF.search(page.get_data(as_text=True)).group(1)
    answer = client.post("/login", data={"username": username, "password": password, "csrf_token": csrf})
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in as {username} answered {answer.status_code}")


def statements_of(client, recorder: Recorder, path: str, *, method: str = "GET", headers: dict | None = None,
                  json_body=None, warm: bool = True, runs: int = 2) -> tuple[int, list[Statement], int, float]:  # fmt: skip
    """(statements, the statements, status, seconds in all) of one request through a Flask test client, the body read to the
    end (a streamed response runs its queries then). Read-only requests are warmed once and counted `runs`
    times, keeping the fewest: the sign-in session's or token's last-use touch (once a minute at most) is
    then not counted as the page's."""

    def once():
        response = client.open(path, method=method, headers=headers or {}, json=json_body)
        response.get_data()
        return response.status_code

    if warm:
        once()
    best = None
    for _ in range(runs):
        with recorder.recording():
            started = time.perf_counter()
            status = once()
            seconds = time.perf_counter() - started
        run = (len(recorder.statements), list(recorder.statements), status, seconds)
        if best is None or run[0] < best[0]:
            best = run
    return best

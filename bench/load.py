"""A bounded load test on loopback: ``python bench/load.py --database sqlite --duration 60``.

Seeds a synthetic archive (bench/seed.py; or reuses ``--database-url``, which it then changes), starts the real
app under gunicorn with the deployment's settings (deploy/gunicorn.conf.py: cores + 1 gthread workers of 4
threads) on 127.0.0.1 and runs, for ``--duration`` seconds, scripted clients on threads, each request on a new
connection:

* ``--reviewers`` (30) reviewers: take the next claim (API), open its claim screen (HTML, signed in), search
  the sources, add 1-2 evidence items, comment on one claim in two, propose a verdict; a claim an editor
  returned to them comes first (one more evidence item, then propose again);
* ``--editors`` (2) editors: list the claims in review (API), approve (4 in 5) or return (1 in 5) one they did
  not propose; every tenth round they also open the queue page and the dashboard;
* one export running meanwhile: the verdict CSV, then the evidence CSV, again and again.

Each client pauses between its steps for a random time averaging ``--think`` seconds (default 2: uniform in
0-4 s). That is a desk working flat out (30 reviewers at one request every two seconds each is about 15 requests
a second, where a real fact-check spends minutes reading between two clicks); ``--think 0.05`` is a stress test
that saturates the machine, where latency measures the queue of waiting requests, not the app.

It prints ONE JSON document: throughput, p50/p95/p99 per endpoint, errors (5xx and connection errors; 4xx are
counted apart as refusals, e.g. two editors deciding the same claim), double hand-outs (a claim handed to two
people by take-next: by the clients' count and by the history), and an audit reconciliation: every accepted
move has exactly one history event of its kind on its claim and nothing else was written, and the whole
archive still reconciles (bench/reconcile.py: claim states agree with their last event, and the rest).

    .venv/bin/python bench/load.py --database postgresql --duration 60
    .venv/bin/python bench/load.py --database-url sqlite:///instance/bench-100000.sqlite --duration 60
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bench import reconcile  # noqa: E402
from bench import seed as seeding  # noqa: E402
from bench.common import Answer, Api, Browser, gunicorn, percentile  # noqa: E402

PG_SERVER = os.environ.get(
    "FACTCHECK_TEST_PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
CORES = os.cpu_count() or 1
TARGET_P95_MS = 150  # issue #10: every workflow request under this at the 95th percentile
NOT_WORKFLOW = ("export_verdicts_csv", "export_evidence_csv")  # downloads that stream for seconds
MOVE_EVENTS = {  # endpoint -> the history event one accepted request writes
    "take_next": "claim.take",
    "add_evidence": "evidence.add",
    "comment": "comment.add",
    "propose": "claim.propose",
    "approve": "claim.approve",
    "return": "claim.return",
}
WORDS = ("Panel", "report", "Goma", "Malakal", "Ministry", "dataset", "S/2021", "Human Rights Watch")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Results:
    """What the clients saw; shared by every thread (under the lock)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    connection_errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    accepted: Counter = field(default_factory=Counter)  # (event action, claim id) -> accepted requests
    handed: dict[int, list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )  # take-next: claim -> people
    started_in_window: Counter = field(default_factory=Counter)  # endpoint -> requests sent before the stop
    returned: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # reviewer -> claim ids

    def record(self, endpoint: str, answer: Answer | None, seconds: float, error: str | None = None,
               in_window: bool = True) -> None:  # fmt: skip
        with self.lock:
            if in_window:
                self.started_in_window[endpoint] += 1
            if answer is None:
                self.connection_errors[endpoint].append(error or "?")
                return
            self.samples[endpoint].append(seconds)
            self.statuses[endpoint][answer.status] += 1


class Client:
    """Times each request and files it under its endpoint; connection errors are recorded, not raised."""

    def __init__(self, results: Results, stop: threading.Event):
        self.results, self.stop = results, stop

    def timed(self, endpoint: str, send) -> Answer | None:
        started = time.perf_counter()
        in_window = not self.stop.is_set()
        try:
            answer = send()
        except OSError as error:  # refused, reset, timed out: the server did not answer
            why = f"{type(error).__name__}: {error}"
            self.results.record(endpoint, None, time.perf_counter() - started, why, in_window)
            return None
        self.results.record(endpoint, answer, answer.total, in_window=in_window)
        return answer

    def accept(self, endpoint: str, claim_id: int) -> None:
        with self.results.lock:
            self.results.accepted[(MOVE_EVENTS[endpoint], claim_id)] += 1


def rating_for(stances: list[str], rng: random.Random) -> str:
    supports, contradicts = stances.count("supports"), stances.count("contradicts")
    if supports > contradicts:
        return rng.choice(("true", "mostly-true"))
    if contradicts > supports:
        return rng.choice(("false", "mostly-false"))
    return "misleading"


def reviewer(name: str, api: Api, browser: Browser, results: Results, stop: threading.Event, think: float,
             seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    client = Client(results, stop)

    def pause():
        if think:
            time.sleep(rng.uniform(0, 2 * think))

    pause()  # a desk does not start at one instant: without this, 30 take-nexts arrived together
    while not stop.is_set():
        with results.lock:
            again = results.returned[name].pop() if results.returned[name] else None
        if again is None:
            answer = client.timed("take_next", lambda: api.call("POST", "/queue/next"))
            if answer is None or answer.status != 200:
                time.sleep(0.5 if answer is not None and answer.status == 204 else 0.1)
                continue
            claim_id = answer.json()["id"]
            client.accept("take_next", claim_id)
            with results.lock:
                results.handed[claim_id].append(name)
            evidence_count = rng.randint(1, 2)
        else:
            claim_id, evidence_count = again, 1
        pause()
        client.timed("claim_screen", lambda cid=claim_id: browser.get(f"/claims/{cid}"))
        pause()
        word = rng.choice(WORDS)
        client.timed("source_search", lambda w=word: api.call("GET", f"/sources?q={w.replace(' ', '+')}"))
        stances = []
        for _ in range(evidence_count):
            if stop.is_set():
                return
            pause()
            stance = rng.choice(("supports", "supports", "contradicts", "context"))
            body = {"source_id": rng.randint(1, seeding.SOURCES), "stance": stance,
                    "quote": "The panel counted the figure in annex 4.", "locator": f"para. {rng.randint(1, 99)}"}  # fmt: skip
            answer = client.timed(
                "add_evidence", lambda b=body, cid=claim_id: api.call("POST", f"/claims/{cid}/evidence", b)
            )
            if answer is not None and answer.status == 201:
                client.accept("add_evidence", claim_id)
                stances.append(stance)
        if rng.random() < 0.5 and not stop.is_set():
            pause()
            body = {"body": "Asked the ministry for the underlying figure."}
            answer = client.timed(
                "comment", lambda b=body, cid=claim_id: api.call("POST", f"/claims/{cid}/comments", b)
            )
            if answer is not None and answer.status == 201:
                client.accept("comment", claim_id)
        if stop.is_set():
            return
        pause()
        body = {"rating": rating_for(stances, rng), "rationale": "Checked against the panel's report.",
                "override_reason": "Load test."}  # fmt: skip
        answer = client.timed(
            "propose", lambda b=body, cid=claim_id: api.call("POST", f"/claims/{cid}/verdict", b)
        )
        if answer is not None and answer.status == 200:
            client.accept("propose", claim_id)


def editor(name: str, api: Api, browser: Browser, results: Results, stop: threading.Event, think: float,
           seed: int, reviewers: set[str]) -> None:  # fmt: skip
    rng = random.Random(seed)
    client = Client(results, stop)
    rounds = 0
    if think:
        time.sleep(rng.uniform(0, 2 * think))  # starts at a moment of its own, as the reviewers do
    while not stop.is_set():
        rounds += 1
        if rounds % 10 == 0:
            client.timed("queue_html", lambda: browser.get("/queue?status=in_review"))
            client.timed("dashboard", lambda: browser.get("/dashboard"))
        page = rng.randint(1, 3)
        answer = client.timed(
            "review_list", lambda p=page: api.call("GET", f"/claims?status=in_review&sort=oldest&page={p}")
        )
        if answer is None or answer.status != 200:
            time.sleep(0.1)
            continue
        items = [item for item in answer.json()["items"] if item.get("proposed_by") != name]
        if not items:
            time.sleep(0.2)
            continue
        item = rng.choice(items)
        if think:
            time.sleep(rng.uniform(0, 2 * think))
        if rng.random() < 0.8:
            answer = client.timed(
                "approve", lambda cid=item["id"]: api.call("POST", f"/claims/{cid}/approve", {})
            )
            if answer is not None and answer.status == 200:
                client.accept("approve", item["id"])
        else:
            body = {"comment": "The second source does not say this; find the original figure."}
            answer = client.timed(
                "return", lambda b=body, cid=item["id"]: api.call("POST", f"/claims/{cid}/return", b)
            )
            if answer is not None and answer.status == 200:
                client.accept("return", item["id"])
                holder = (answer.json() or {}).get("assignee")
                if holder in reviewers:
                    with results.lock:
                        results.returned[holder].append(item["id"])


def exporter(browser: Browser, results: Results, stop: threading.Event) -> None:
    client = Client(results, stop)
    while not stop.is_set():
        for name, path in (
            ("export_verdicts_csv", "/export/verdicts.csv"),
            ("export_evidence_csv", "/export/evidence.csv"),
        ):
            if stop.is_set():
                return
            client.timed(name, lambda p=path: browser.get(p, timeout=600))


# --- the run ---------------------------------------------------------------------------------------------


def history_since(engine, mark: int) -> tuple[Counter, Counter]:
    """Events written after `mark`: (action, claim id) counts, and per action."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT action, claim_id, count(*) FROM audit_event WHERE id > :mark GROUP BY action, claim_id"
            ),
            {"mark": mark},
        ).all()
    pairs = Counter({(action, claim_id): n for action, claim_id, n in rows})
    actions = Counter()
    for (action, _claim), n in pairs.items():
        actions[action] += n
    return pairs, actions


def run(args) -> dict:
    work = Path(tempfile.mkdtemp(prefix="factcheck-load-"))
    throwaway = None
    try:
        if args.database_url:
            url = args.database_url
            tokens = Path(args.tokens) if args.tokens else seeding.tokens_path(url)
            document = json.loads(tokens.read_text())
            members = {u["username"]: u["token"] for u in document["users"]}
            claims = document.get("claims")
            log(f"reusing {url}")
        else:
            if args.database == "postgresql":
                url = PG_SERVER.rsplit("/", 1)[0] + f"/factcheck_load_{uuid.uuid4().hex[:10]}"
            else:
                url = f"sqlite:///{work / 'load.sqlite'}"
            throwaway = url
            log(f"seeding {args.claims:,} claims into {url}")
            result = seeding.seed(url, args.claims, log=lambda m: log("  " + m))
            members = {m.username: m.token for m in result.members}
            claims = args.claims
        engine = create_engine(url)
        reviewer_names = [f"reviewer{i:02d}" for i in range(1, args.reviewers + 1)]
        editor_names = [f"editor{i}" for i in range(1, args.editors + 1)]
        results, stop = Results(), threading.Event()
        workers = f"{args.workers} {args.worker_class} workers" + (
            f" x {args.threads} threads" if args.worker_class == "gthread" else ""
        )
        with gunicorn(url, work / "instance", workers=args.workers, worker_class=args.worker_class,
                      threads=args.threads) as base:  # fmt: skip
            log(
                f"gunicorn ({workers}) at {base}; signing in {len(reviewer_names) + len(editor_names) + 1} people"
            )
            browsers = {}
            for name in [*reviewer_names, *editor_names, "editor3"]:
                browsers[name] = Browser(base)
                browsers[name].sign_in(name, seeding.PASSWORD)
            with engine.connect() as conn:  # sign-ins write history too: start counting after them
                mark = conn.execute(text("SELECT coalesce(max(id), 0) FROM audit_event")).scalar()
            threads = [
                threading.Thread(
                    target=reviewer,
                    name=name,
                    daemon=True,
                    args=(name, Api(base, members[name]), browsers[name], results, stop, args.think, i),
                )  # fmt: skip
                for i, name in enumerate(reviewer_names)
            ]
            threads += [
                threading.Thread(
                    target=editor,
                    name=name,
                    daemon=True,
                    args=(
                        name,
                        Api(base, members[name]),
                        browsers[name],
                        results,
                        stop,
                        args.think,
                        1000 + i,
                        set(reviewer_names),
                    ),
                )  # fmt: skip
                for i, name in enumerate(editor_names)
            ]
            threads.append(threading.Thread(target=exporter, name="export", daemon=True,
                                            args=(browsers["editor3"], results, stop)))  # fmt: skip
            log(f"running {len(threads)} clients for {args.duration} s")
            started = time.perf_counter()
            load_before = os.getloadavg()
            for thread in threads:
                thread.start()
            time.sleep(args.duration)
            stop.set()
            window = time.perf_counter() - started
            for thread in threads:
                thread.join(timeout=600)
            drained = time.perf_counter() - started - window
            stuck = [t.name for t in threads if t.is_alive()]
        log("reconciling")
        pairs, actions = history_since(engine, mark)
        whole = reconcile.check(engine)
        engine.dispose()
    finally:
        if throwaway and not args.keep:
            if seeding.is_postgres(throwaway):
                seeding.drop_pg_database(throwaway)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return report(args, results, pairs, actions, whole, window, drained, claims, workers, stuck, load_before)


def report(args, results: Results, pairs: Counter, actions: Counter, whole: dict, window: float, drained: float,
           claims, workers: str, stuck: list[str], load_before) -> dict:  # fmt: skip
    """Throughput counts the requests sent during the window (the last ones finish while it drains)."""
    endpoints = {}
    total_requests = 0
    for name in sorted(set(results.samples) | set(results.connection_errors)):
        seconds = results.samples.get(name, [])
        statuses = results.statuses.get(name, Counter())
        total_requests += results.started_in_window.get(name, 0)
        endpoints[name] = {
            "requests": len(seconds),
            "per_second": round(results.started_in_window.get(name, 0) / window, 2),
            "p50_ms": round(percentile(seconds, 50) * 1000, 1) if seconds else None,
            "p95_ms": round(percentile(seconds, 95) * 1000, 1) if seconds else None,
            "p99_ms": round(percentile(seconds, 99) * 1000, 1) if seconds else None,
            "max_ms": round(max(seconds) * 1000, 1) if seconds else None,
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "connection_errors": len(results.connection_errors.get(name, [])),
        }
    server_errors = sum(n for e in results.statuses.values() for s, n in e.items() if s >= 500)
    connection_errors = sum(len(v) for v in results.connection_errors.values())
    refusals = sum(n for e in results.statuses.values() for s, n in e.items() if 400 <= s < 500)
    # the history against what the clients were told
    move_actions = set(MOVE_EVENTS.values())
    missing = {
        f"{a} {c}": n - pairs.get((a, c), 0)
        for (a, c), n in results.accepted.items()
        if pairs.get((a, c), 0) < n
    }
    extra = {
        f"{a} {c}": n - results.accepted.get((a, c), 0)
        for (a, c), n in pairs.items()
        if n > results.accepted.get((a, c), 0)
    }
    unexpected_actions = {a: n for a, n in actions.items() if a not in move_actions}
    over = {
        name: figures["p95_ms"]
        for name, figures in endpoints.items()
        if name not in NOT_WORKFLOW and figures["p95_ms"] is not None and figures["p95_ms"] >= TARGET_P95_MS
    }
    doubles_clients = {cid: people for cid, people in results.handed.items() if len(people) > 1}
    doubles_history = sorted(c for (a, c), n in pairs.items() if a == "claim.take" and n > 1)
    accepted_moves = sum(results.accepted.values())
    return {
        "meta": {
            "database": "postgresql"
            if (args.database_url or "").startswith("postgresql")
            or (not args.database_url and args.database == "postgresql")
            else "sqlite",
            "claims": claims,
            "server": f"gunicorn, {workers}, 127.0.0.1, a new connection per request",
            "clients": {
                "reviewers": args.reviewers,
                "editors": args.editors,
                "exports": 1,
                "think_s": args.think,
            },
            "window_s": round(window, 1),
            "drain_s": round(drained, 1),
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_after": os.getloadavg(),
        },
        "throughput": {
            "requests_per_second": round(total_requests / window, 1),
            "accepted_moves_per_second": round(accepted_moves / window, 1),
            "accepted_moves": {
                k: sum(n for (a, _c), n in results.accepted.items() if a == v) for k, v in MOVE_EVENTS.items()
            },
        },
        "p95_target": {"ms": TARGET_P95_MS, "met": not over, "workflow_requests_over": over},
        "errors": {
            "server_5xx": server_errors,
            "connection_errors": connection_errors,
            "connection_error_examples": sorted({e for v in results.connection_errors.values() for e in v})[
                :5
            ],
            "refused_4xx": refusals,
            "clients_still_running": stuck,
        },
        "double_handouts": {
            "by_clients": {str(k): v for k, v in doubles_clients.items()},
            "by_history": doubles_history,
            "count": max(len(doubles_clients), len(doubles_history)),
        },
        "audit": {
            "events_written": sum(actions.values()),
            "accepted_moves": accepted_moves,
            "accepted_without_event": missing,
            "events_without_accepted_move": extra,
            "other_events": unexpected_actions,
            "whole_archive": whole,
            "ok": not missing and not extra and not unexpected_actions and not any(whole.values()),
        },
        "endpoints": endpoints,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--reviewers", type=int, default=30, help="reviewer clients (default 30, at most 40)")
    parser.add_argument("--editors", type=int, default=2, help="editor clients (default 2, at most 3)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", help="reuse this seeded archive (it is changed by the run)")
    parser.add_argument("--tokens", help="the reused archive's tokens file (default: next to it)")
    parser.add_argument(
        "--claims", type=int, default=20_000, help="size of the seeded archive (default 20,000)"
    )
    parser.add_argument(
        "--workers", type=int, default=CORES + 1, help=f"gunicorn workers (default cores + 1 = {CORES + 1})"
    )
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="gthread")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between a client's steps, s")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway archive")
    args = parser.parse_args(argv)
    if not 1 <= args.reviewers <= seeding.REVIEWERS or not 1 <= args.editors <= seeding.EDITORS - 1:
        parser.error(
            f"1..{seeding.REVIEWERS} reviewers and 1..{seeding.EDITORS - 1} editors (one editor exports)"
        )
    document = run(args)
    print(json.dumps(document, indent=1, default=str))
    ok = document["audit"]["ok"] and not document["double_handouts"]["count"]
    ok = ok and not document["errors"]["server_5xx"] and not document["errors"]["connection_errors"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Where the time goes on a large archive: ``python bench/run.py [--sizes 10000,100000] [--repeat 15]``.

For each archive size it seeds a synthetic archive (bench/seed.py; or reuses ``--database-url``), then

1. in process (``app.test_client()``), counts the SQL statements of every request (a ``before/after_cursor_execute``
   pair on the app's engine), list pages at page size 30 and 100, and keeps the most expensive statement shapes;
   it captures the SQL of the queue's list requests and explains it (SQLite ``EXPLAIN QUERY PLAN``, PostgreSQL
   ``EXPLAIN (ANALYZE, BUFFERS)``);
2. starts the real app under gunicorn (one sync worker, a new connection per request, on 127.0.0.1) and times
   every page round-robin with a trivial signed-in page (``GET /account/password``) in every round, so each
   median and p95 comes with its ratio to that page, measured in the same run and process.

It prints ONE JSON document on stdout (progress on stderr). Timed pages: the queue in HTML and JSON, first and
deep page (75% of the way), unfiltered and with each filter (status, assignee, rating, priority, due, q,
article); the claim screen in each status; the article (split) screen; the dashboard; the public report;
take-next and propose (API); source search (HTML and API); both CSV exports (time to first byte and in all).

    .venv/bin/python bench/run.py                       # 10,000 and 100,000 claims, SQLite
    .venv/bin/python bench/run.py --quick               # 2,000 and 5,000 claims, 3 rounds (CI)
    .venv/bin/python bench/run.py --database postgresql # throwaway PostgreSQL databases
    .venv/bin/python bench/run.py --database-url sqlite:///instance/bench-100000.sqlite  # reuse an archive
"""

from __future__ import annotations

import argparse
import fnmatch
import itertools
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bench import seed as seeding  # noqa: E402
from bench.common import (  # noqa: E402
    TRIVIAL,
    Api,
    Browser,
    Recorder,
    gunicorn,
    make_app,
    offenders,
    shape,
    sign_in_client,
    statements_of,
    summary,
)

PG_SERVER = os.environ.get(
    "FACTCHECK_TEST_PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
EDITOR, REVIEWER = "editor1", "reviewer01"
SHOWCASE = {story: number for number, story in enumerate(seeding.SHOWCASE, start=1)}
SCREENS = {  # claim screen per status (and the returned / corrected paths)
    "open": SHOWCASE["open"],
    "in_progress": SHOWCASE["in_progress"],
    "in_progress_returned": SHOWCASE["in_progress_returned"],
    "in_review": SHOWCASE["in_review"],
    "published": SHOWCASE["published"],
    "published_corrected": SHOWCASE["published_corrected"],
    "not_checkable": SHOWCASE["not_checkable"],
}
PAGE_SIZES = (30, 100)
DEFAULT_PAGE = 25  # the app's own page size: what the timings use
DEEP = 0.75  # the deep page: three quarters of the way through


ONLY: list[str] = []  # --only: glob patterns of the page names to measure (empty: every page)


def chosen(name: str) -> bool:
    """Whether page `name` is measured in this run (--only)."""
    return not ONLY or any(fnmatch.fnmatchcase(name, pattern) for pattern in ONLY)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- what to request -----------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    method: str
    path: str
    who: str  # "browser" (signed-in editor), "api" (editor's token), "public"
    group: str  # queue, screen, write, export, other


SEARCH_WORD = "Malakal"  # in about one claim of 40 (bench/seed.py)


def filters(mid_article: int) -> dict[str, dict]:
    return {
        "all": {},
        "status": {"status": "open"},
        "assignee": {"assignee": "reviewer07"},
        "rating": {"rating": "false"},
        "priority": {"priority": "4"},
        "due": {"due": "overdue"},
        "q": {"q": SEARCH_WORD},
        "article": {"article_id": str(mid_article)},
    }


def list_path(door: str, args: dict, page: int, per_page: int | None) -> str:
    query = (
        dict(args)
        | ({"page": str(page)} if page > 1 else {})
        | ({"per_page": str(per_page)} if per_page else {})
    )
    base = "/queue" if door == "html" else "/api/v1/claims"
    return base + ("?" + urlencode(query) if query else "")


def fresh_search(path: str) -> str:
    """`path` with the search word spelt in a case not asked before in this process: the same claims (the search
    is not case-sensitive), but a search the app has not kept (services.kept_searches keeps a search by its
    words as written), so `queue.*.q_new` measures a search's first asking, where `queue.*.q` measures it asked
    again with no claim changed since (the rounds' take-next and propose change claims, so each round's first
    `q` page is a first asking too)."""
    word = "".join(next(_SPELLINGS))
    return path.replace(SEARCH_WORD, word if word != SEARCH_WORD else "".join(next(_SPELLINGS)))


_SPELLINGS = itertools.cycle(itertools.product(*((c.lower(), c.upper()) for c in SEARCH_WORD)))  # 128 of them


def deep_page(total: int, per_page: int) -> int:
    return max(1, math.ceil(math.ceil(total / per_page) * DEEP))


def read_pages(mid_article: int, totals: dict[str, int], per_page: int | None) -> list[Page]:
    """Every read-only page, list pages at `per_page` (None: the app's default)."""
    size = per_page or DEFAULT_PAGE
    pages = []
    for name, args in filters(mid_article).items():
        for door in ("html", "api"):
            who = "browser" if door == "html" else "api"
            pages.append(
                Page(f"queue.{door}.{name}.first", "GET", list_path(door, args, 1, per_page), who, "queue")
            )
            deep = deep_page(totals[name], size)
            pages.append(
                Page(f"queue.{door}.{name}.deep", "GET", list_path(door, args, deep, per_page), who, "queue")
            )
            if name == "q":  # the search as if asked for the first time (see fresh_search)
                pages.append(Page(f"queue.{door}.q_new.first", "GET", list_path(door, args, 1, per_page), who,
                                  "queue"))  # fmt: skip
    for status, claim_id in SCREENS.items():
        pages.append(Page(f"claim_screen.{status}", "GET", f"/claims/{claim_id}", "browser", "screen"))
    pages += [
        Page("api.claim.published", "GET", f"/api/v1/claims/{SHOWCASE['published']}", "api", "screen"),
        Page("article_screen", "GET", f"/articles/{mid_article}", "browser", "screen"),
        Page("dashboard", "GET", "/dashboard", "browser", "other"),
        Page("public_report", "GET", "/report/1", "public", "other"),
        Page("sources.html.search", "GET", "/sources?q=Panel", "browser", "other"),
        Page("sources.api.search", "GET", "/api/v1/sources?q=Panel", "api", "other"),
        Page("home", "GET", "/", "browser", "other"),
    ]
    return pages


EXPORTS = [
    Page("export.verdicts_csv", "GET", "/export/verdicts.csv", "browser", "export"),
    Page("export.evidence_csv", "GET", "/export/evidence.csv", "browser", "export"),
]


# --- 1. statements, in process ------------------------------------------------------------------------


def count_statements(url: str, work: Path, archive: seeding.SeedResult, mid_article: int) -> dict:
    """Per request: statements (min of two runs, so an occasional last-use touch of the session or token does
    not count), the costliest statement shapes, and the plans of the queue's queries."""
    app = make_app(url, work / "instance-inprocess")
    engine = app.extensions["factcheck_engine"]
    recorder = Recorder().attach(engine)
    browser = app.test_client()
    sign_in_client(browser, EDITOR, seeding.PASSWORD)
    public, api = app.test_client(), app.test_client()  # no cookies: anonymous, and the API by token alone
    editor_token = {"Authorization": f"Bearer {archive.token(EDITOR)}"}
    reviewer_token = {"Authorization": f"Bearer {archive.token(REVIEWER)}"}

    def measure(page: Page, headers=None, json_body=None, warm=True):
        client = {"public": public, "api": api}.get(page.who, browser)
        if headers is not None:
            client = api
        headers = headers or (editor_token if page.who == "api" else {})
        return statements_of(client, recorder, page.path, method=page.method, headers=headers,
                             json_body=json_body, warm=warm, runs=2 if warm else 1)  # fmt: skip

    totals = {}
    for name, args in filters(mid_article).items():
        response = api.get(list_path("api", args, 1, DEFAULT_PAGE), headers=editor_token)
        totals[name] = response.get_json()["total"]
    statements: dict[str, dict] = {}
    costly: dict[str, list] = {}
    captured: dict[str, list] = {}
    slowest: dict[str, object] = {}

    def keep_slowest(name: str, recorded: list) -> None:
        plannable = [
            st for st in recorded if st.sql.lstrip().split(" ", 1)[0].upper() in ("SELECT", "WITH", "UPDATE")
        ]
        if plannable:
            slowest[name] = max(plannable, key=lambda statement: statement.seconds)

    for per_page in PAGE_SIZES:
        for page in read_pages(mid_article, totals, per_page):
            if (page.group != "queue" and per_page != PAGE_SIZES[0]) or not chosen(page.name):
                continue
            count, recorded, status, seconds = measure(page)
            entry = statements.setdefault(page.name, {})
            entry[str(per_page) if page.group == "queue" else "any"] = count
            entry.setdefault("status", status)
            if per_page == PAGE_SIZES[0] or page.group != "queue":
                entry["in_process_ms"] = round(seconds * 1000, 1)
                entry["sql_ms"] = round(sum(st.seconds for st in recorded) * 1000, 1)
            if per_page == PAGE_SIZES[-1] or page.group != "queue":
                costly[page.name] = offenders(recorded)
                if page.group != "queue":
                    keep_slowest(page.name, recorded)
            if page.group == "queue" and per_page == PAGE_SIZES[0]:
                if page.name.startswith("queue.api.all.") or page.name.endswith(".first"):
                    captured[page.name] = recorded
    for page in EXPORTS:
        if not chosen(page.name):
            continue
        count, recorded, status, seconds = measure(page, warm=False)
        statements[page.name] = {"any": count, "status": status, "in_process_ms": round(seconds * 1000, 1),
                                 "sql_ms": round(sum(st.seconds for st in recorded) * 1000, 1)}  # fmt: skip
        costly[page.name] = offenders(recorded)
        keep_slowest(page.name, recorded)
    # writes: take next, then (evidence added aside) propose the claim taken
    if not (chosen("take_next") or chosen("propose")):
        plans = explain(engine, captured, slowest)
        engine.dispose()
        return {"totals": totals, "statements": statements, "offenders": costly, "explain": plans}
    api.get("/api/v1/sources", headers=reviewer_token)  # the token's last-use touch happens here, not below
    take = Page("take_next", "POST", "/api/v1/queue/next", "api", "write")
    count, recorded, status, seconds = measure(take, headers=reviewer_token, warm=False)
    statements["take_next"] = {"any": count, "status": status, "in_process_ms": round(seconds * 1000, 1)}
    costly["take_next"] = offenders(recorded)
    keep_slowest("take_next", recorded)
    taken = (api.post(take.path, headers=reviewer_token).get_json(silent=True) or {}).get("id")
    if taken:
        api.post(f"/api/v1/claims/{taken}/evidence", headers=reviewer_token,
                     json={"source_id": 1, "stance": "supports", "quote": "q", "locator": "para. 1"})  # fmt: skip
        propose = Page("propose", "POST", f"/api/v1/claims/{taken}/verdict", "api", "write")
        count, recorded, status, seconds = measure(propose, headers=reviewer_token, warm=False,
                                          json_body={"rating": "true", "rationale": "Bench: supported."})  # fmt: skip
        statements["propose"] = {"any": count, "status": status, "in_process_ms": round(seconds * 1000, 1)}
        costly["propose"] = offenders(recorded)
        keep_slowest("propose", recorded)
    plans = explain(engine, captured, slowest)
    engine.dispose()
    return {"totals": totals, "statements": statements, "offenders": costly, "explain": plans}


def explain(engine, captured: dict[str, list], slowest: dict[str, object]) -> dict:
    """Plans. "queue": each distinct query (by its shape) the queue's list requests sent, sign-in lookups
    aside, with the request that sent it first (a deep page's own kept apart) and its time there. "slowest":
    the slowest statement of every other request. PostgreSQL runs them (EXPLAIN ANALYZE) and rolls back."""
    postgres = engine.dialect.name == "postgresql"
    raw = engine.raw_connection()

    def plan_of(request_name: str, statement) -> dict:
        cursor = raw.cursor()
        try:
            if postgres:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.parameters)
                plan = [row[0] for row in cursor.fetchall()]
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + statement.sql, statement.parameters)
                depth: dict[int, int] = {}
                plan = []
                for node, parent, _unused, detail in cursor.fetchall():
                    depth[node] = depth.get(parent, -1) + 1 if parent else 0
                    plan.append("  " * depth[node] + detail)
        finally:
            cursor.close()
        return {
            "request": request_name,
            "ms": round(statement.seconds * 1000, 2),
            "sql": " ".join(statement.sql.split())[:800],
            "parameters": repr(statement.parameters)[:200],
            "plan": plan,
        }

    plans: dict = {"queue": [], "slowest": {}}
    seen = set()
    try:
        for request_name, recorded in captured.items():
            for statement in recorded:
                sql = statement.sql
                if (
                    not sql.lstrip().upper().startswith(("SELECT", "WITH"))
                    or "api_token" in sql
                    or "login_session" in sql
                ):
                    continue
                key = (shape(sql), request_name if request_name.endswith(".deep") else "")
                if "claim" not in sql or key in seen:
                    continue
                seen.add(key)
                plans["queue"].append(plan_of(request_name, statement))
        for request_name, statement in slowest.items():
            plans["slowest"][request_name] = plan_of(request_name, statement)
        if postgres:
            raw.rollback()
    finally:
        raw.close()
    return plans


# --- 2. timings, over HTTP -----------------------------------------------------------------------------


def time_pages(url: str, work: Path, archive: seeding.SeedResult, mid_article: int, totals: dict, repeat: int,
               export_repeat: int) -> dict:  # fmt: skip
    pages = [page for page in read_pages(mid_article, totals, None) if chosen(page.name)]
    writes = chosen("take_next") or chosen("propose")
    rng = random.Random(5)
    samples: dict[str, list[float]] = {p.name: [] for p in pages}
    samples |= {"take_next": [], "propose": [], "baseline": []}
    exports = {p.name: {"ttfb": [], "total": [], "bytes": 0} for p in EXPORTS if chosen(p.name)}
    statuses: dict[str, set] = {}
    with gunicorn(url, work / "instance-server", workers=1) as base:
        browser = Browser(base)
        browser.sign_in(EDITOR, seeding.PASSWORD)
        editor, reviewer = Api(base, archive.token(EDITOR)), Api(base, archive.token(REVIEWER))
        anonymous = Browser(base)

        def fetch(page: Page):
            path = fresh_search(page.path) if ".q_new." in page.name else page.path
            if page.who == "api":
                return editor.call(page.method, path.removeprefix("/api/v1"))
            return (anonymous if page.who == "public" else browser).get(path)

        def baseline():
            answer = browser.get(TRIVIAL)
            statuses.setdefault("baseline", set()).add(answer.status)
            return answer.total

        for round_number in range(repeat + 1):  # round 0 warms up and is not kept
            order = list(pages)
            rng.shuffle(order)
            kept = round_number > 0
            for page in order:
                answer = fetch(page)
                statuses.setdefault(page.name, set()).add(answer.status)
                base_seconds = baseline()
                if kept:
                    samples[page.name].append(answer.total)
                    samples["baseline"].append(base_seconds)
            if not writes:
                log(f"    round {round_number}/{repeat}")
                continue
            taken = reviewer.call("POST", "/queue/next")
            statuses.setdefault("take_next", set()).add(taken.status)
            if taken.status == 200:
                claim_id = taken.json()["id"]
                reviewer.call("POST", f"/claims/{claim_id}/evidence",
                              {"source_id": 1, "stance": "supports", "quote": "q", "locator": "para. 1"})  # fmt: skip
                proposed = reviewer.call("POST", f"/claims/{claim_id}/verdict",
                                         {"rating": "true", "rationale": "Bench: supported."})  # fmt: skip
                statuses.setdefault("propose", set()).add(proposed.status)
                if kept:
                    samples["take_next"].append(taken.total)
                    samples["propose"].append(proposed.total)
            log(f"    round {round_number}/{repeat}")
        for _ in range(export_repeat):
            for page in [page for page in EXPORTS if page.name in exports]:
                answer = browser.get(page.path)
                statuses.setdefault(page.name, set()).add(answer.status)
                exports[page.name]["ttfb"].append(answer.ttfb)
                exports[page.name]["total"].append(answer.total)
                exports[page.name]["bytes"] = len(answer.body)
                samples["baseline"].append(baseline())
    base_median = statistics.median(samples["baseline"])
    figures = {}
    for name, values in samples.items():
        entry = summary(values)
        if values and name != "baseline":
            entry["ratio"] = round(statistics.median(values) / base_median, 1)
        entry["status"] = sorted(statuses.get(name, []))
        figures[name] = entry
    export_figures = {}
    for name, data in exports.items():
        export_figures[name] = {
            "ttfb": summary(data["ttfb"])
            | {"ratio": round(statistics.median(data["ttfb"]) / base_median, 1)},
            "total": summary(data["total"])
            | {"ratio": round(statistics.median(data["total"]) / base_median, 1)},
            "bytes": data["bytes"],
            "status": sorted(statuses.get(name, [])),
        }
    return {"baseline": figures.pop("baseline"), "pages": figures, "exports": export_figures}


# --- archives ------------------------------------------------------------------------------------------


def archive_for(size: int, args, work: Path) -> tuple[str, seeding.SeedResult, bool]:
    """(url, seed result, throwaway?) for one size: seeded fresh, or the reused --database-url."""
    if args.database_url:
        url = args.database_url
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                claims = conn.execute(text("SELECT count(*) FROM claim")).scalar()
        except Exception:  # noqa: BLE001  (no such database or table yet: seed it)
            claims = 0
        finally:
            engine.dispose()
        if claims:
            tokens = Path(args.tokens) if args.tokens else seeding.tokens_path(url)
            if not tokens.exists():
                raise SystemExit(f"reusing {url}: its team's tokens are not in {tokens} (give --tokens FILE)")
            document = json.loads(tokens.read_text())
            members = [
                seeding.Member(u["id"], u["username"], u["role"], u["token"]) for u in document["users"]
            ]
            log(f"reusing {url} ({claims:,} claims)")
            return url, seeding.SeedResult(url, claims, math.ceil(claims / 50), members, 0.0, {}, []), False
        log(f"seeding {size:,} claims into {url}")
        result = seeding.seed(url, size, log=lambda m: log("  " + m))
        seeding.tokens_path(url).write_text(json.dumps(result.as_json(), indent=2))
        return url, result, False
    if args.database == "postgresql":
        url = PG_SERVER.rsplit("/", 1)[0] + f"/factcheck_bench_{uuid.uuid4().hex[:10]}"
    else:
        url = f"sqlite:///{work / f'bench-{size}.sqlite'}"
    log(f"seeding {size:,} claims into {url}")
    result = seeding.seed(url, size, log=lambda m: log("  " + m))
    if not seeding.is_postgres(url):  # so that a kept archive can be reused (--keep, then --database-url)
        seeding.tokens_path(url).write_text(json.dumps(result.as_json(), indent=2))
    return url, result, True


def git_state() -> dict:
    def run(*command):
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return {
        "commit": run("git", "rev-parse", "--short", "HEAD"),
        "dirty": bool(run("git", "status", "--porcelain")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, help="one archive of this size (instead of --sizes)")
    parser.add_argument("--sizes", default="10000,100000", help="archive sizes, comma-separated")
    parser.add_argument("--repeat", type=int, help="timed rounds per page (default 15; --quick: 3)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                        help="throwaway archives on SQLite files or PostgreSQL databases")  # fmt: skip
    parser.add_argument("--database-url", help="reuse this archive (seeded with --claims when empty)")
    parser.add_argument("--tokens", help="the reused archive's tokens file (default: next to it)")
    parser.add_argument("--quick", action="store_true", help="small archives, 3 rounds: a smoke test for CI")
    parser.add_argument("--no-timings", action="store_true", help="statements and plans only (no server)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway archives")
    parser.add_argument("--only", default="", help="only these pages, comma-separated globs of their names "
                        "(queue.html.*,claim_screen.*,take_next; default: every page)")  # fmt: skip
    args = parser.parse_args(argv)
    ONLY[:] = [pattern.strip() for pattern in args.only.split(",") if pattern.strip()]
    sizes = [args.claims] if args.claims else [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.quick and not args.claims and args.sizes == parser.get_default("sizes"):
        sizes = [2_000, 5_000]
    if args.database_url:
        sizes = sizes[:1] if args.claims else [sizes[-1]]
    repeat = args.repeat or (3 if args.quick else 15)
    export_repeat = max(1, min(5, repeat // 3))
    work = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    document: dict = {
        "meta": {
            "database": "postgresql"
            if (args.database_url or "").startswith("postgresql")
            or (not args.database_url and args.database == "postgresql")
            else "sqlite",
            "sizes": sizes,
            "repeat": repeat,
            "export_repeat": export_repeat,
            "server": "gunicorn, 1 sync worker, 127.0.0.1, a new connection per request",
            "baseline": f"GET {TRIVIAL} (signed in), timed in every round in the same server process",
            "page_size_timed": DEFAULT_PAGE,
            "page_sizes_counted": list(PAGE_SIZES),
            "deep_page": f"{int(DEEP * 100)}% of the way through the list",
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_before": os.getloadavg(),
            "git": git_state(),
            "only": ONLY or "every page",
        },
        "archives": {},
        "timings": {},
        "statements": {},
        "offenders": {},
        "explain": {},
    }
    throwaway: list[str] = []
    try:
        for size in sizes:
            url, archive, disposable = archive_for(size, args, work)
            if disposable:
                throwaway.append(url)
            key = str(archive.claims)
            mid_article = max(1, archive.articles // 2)
            document["archives"][key] = {"seed_seconds": round(archive.seconds, 1), "rows": archive.counts,
                                         "seed_warnings": archive.warnings}  # fmt: skip
            log(f"[{key}] counting statements")
            counted = count_statements(url, work, archive, mid_article)
            for name, entry in counted["statements"].items():
                document["statements"].setdefault(name, {})[key] = entry
            document["offenders"][key] = counted["offenders"]
            document["explain"][key] = counted["explain"]
            if not args.no_timings:
                log(f"[{key}] timing over HTTP ({repeat} rounds)")
                document["timings"][key] = time_pages(url, work, archive, mid_article, counted["totals"], repeat,
                                                      export_repeat)  # fmt: skip
            document["meta"]["load_after"] = os.getloadavg()
    finally:
        if not args.keep:
            for url in throwaway:
                if seeding.is_postgres(url):
                    seeding.drop_pg_database(url)
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept: {work} {throwaway}")
    document["summary"] = summarise(document)
    print(json.dumps(document, indent=1, default=str))
    return 0


def summarise(document: dict) -> dict:
    """The headline figures: per size, each page's median, p95 and ratio; per page, statements."""
    out: dict = {}
    for size, timing in document["timings"].items():
        rows = {"baseline": f"{timing['baseline']['median_ms']} ms (p95 {timing['baseline']['p95_ms']})"}
        for name, entry in timing["pages"].items():
            rows[name] = f"{entry['median_ms']} ms (p95 {entry['p95_ms']}) x{entry.get('ratio')}"
        for name, entry in timing["exports"].items():
            rows[name] = (f"ttfb {entry['ttfb']['median_ms']} ms x{entry['ttfb']['ratio']}, "
                          f"total {entry['total']['median_ms']} ms x{entry['total']['ratio']}")  # fmt: skip
        out[f"timings_{size}"] = rows
    flat = {}
    for name, per_size in document["statements"].items():
        flat[name] = {
            size: {k: v for k, v in entry.items() if k != "status"} for size, entry in per_size.items()
        }
    out["statements"] = flat
    return out


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: export the verdict CSV of 10,000 and of 100,000 published claims with evidence.

Builds a temporary SQLite database (the real migrations, then bulk inserts through SQLAlchemy Core), runs the
real producer (services.exports.verdict_csv), and prints rows per second and peak Python memory (tracemalloc)
for both sizes. Exits 1 when peak memory grows by 10 MB or more from 10,000 to 100,000 rows.

    .venv/bin/python bench/bench_export.py
"""

import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, update  # noqa: E402
from sqlmodel import Session  # noqa: E402

from factcheck.db import make_engine  # noqa: E402
from factcheck.models import (  # noqa: E402
    Article,
    ArticleRevision,
    Claim,
    Evidence,
    Source,
    User,
    Verdict,
)
from factcheck.services import ratings, schema  # noqa: E402

SIZES = (10_000, 100_000)
LIMIT_MB = 10
CLAIMS_PER_ARTICLE = 50
CHUNK = 5_000
STANCES = ("supports", "contradicts", "context")


def populate(engine, first: int, last: int, rating_ids: list[int]) -> None:
    """Published claims first..last-1 (ids), 50 per article, each with a verdict and two evidence links."""
    now = datetime(2024, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        for start in range(first, last, CHUNK):
            end = min(start + CHUNK, last)
            articles = range(start // CLAIMS_PER_ARTICLE + 1, (end - 1) // CLAIMS_PER_ARTICLE + 2)
            new_articles = [a for a in articles if (a - 1) * CLAIMS_PER_ARTICLE >= start]
            if new_articles:
                conn.execute(
                    insert(Article),
                    [
                        {
                            "id": a,
                            "title": f"Article {a}",
                            "url": f"https://news.example/{a}",
                            "outlet": "Example",
                            "created_at": now,
                        }
                        for a in new_articles
                    ],
                )
                conn.execute(
                    insert(ArticleRevision),
                    [
                        {"article_id": a, "number": 1, "text": "x", "note": "", "created_at": now}
                        for a in new_articles
                    ],
                )
            claims, verdicts, evidence = [], [], []
            for i in range(start, end):
                cid = i + 1
                claims.append(
                    {
                        "id": cid,
                        "article_id": i // CLAIMS_PER_ARTICLE + 1,
                        "text": f'Claim {cid}: the report said {cid % 977} fighters were sent, "officials" said.',
                        "claimant": "=cmd" if cid % 100 == 0 else f"Spokesperson {cid % 13}",
                        "priority": 2,
                        "status": "published",
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                        "anchor_lost": False,
                    }
                )
                verdicts.append(
                    {
                        "id": cid,
                        "claim_id": cid,
                        "rating_id": rating_ids[cid % len(rating_ids)],
                        "rationale": f"Checked against two sources.\nSee para. {cid % 90}.",
                        "state": "published",
                        "override_reason": "",
                        "correction_note": "",
                        "proposed_by_id": 1,
                        "proposed_at": now,
                        "decided_by_id": 2,
                        "decided_at": now + timedelta(hours=cid % 500),
                    }
                )
                for k in range(2):
                    evidence.append(
                        {
                            "claim_id": cid,
                            "source_id": (cid * 7 + k) % 1000 + 1,
                            "stance": STANCES[(cid + k) % 3],
                            "quote": "a quoted passage",
                            "locator": f"para. {k + 1}",
                            "created_at": now,
                        }
                    )
            conn.execute(insert(Claim), claims)
            conn.execute(insert(Verdict), verdicts)
            # each claim's current verdict (services.claims): its one published verdict, here id = claim id
            conn.execute(update(Claim).where(Claim.id > start, Claim.id <= end).values(verdict_id=Claim.id))
            conn.execute(insert(Evidence), evidence)


def setup(engine) -> list[int]:
    with Session(engine) as session:
        ratings.ensure_default_scale(session)
        rating_ids = [r.id for r in ratings.list_ratings(session)]
    with engine.begin() as conn:
        conn.execute(
            insert(User),
            [
                {
                    "id": n,
                    "username": name,
                    "display_name": name,
                    "role": role,
                    "active": True,
                    "password_hash": "x",
                }
                for n, name, role in ((1, "reviewer", "reviewer"), (2, "editor", "editor"))
            ],
        )
        conn.execute(
            insert(Source),
            [
                {
                    "id": n,
                    "title": f"Source {n}",
                    "url": f"https://un.example/{n}" if n % 2 else None,
                    "document_symbol": f"S/2021/{n}",
                    "kind": "un_report",
                    "reliability": "B",
                    "notes": "",
                }
                for n in range(1, 1001)
            ],
        )
    return rating_ids


def export(engine) -> tuple[int, int, float]:
    """Run the real export to nowhere; (rows, bytes, seconds)."""
    from factcheck.services.exports import verdict_csv

    started = time.perf_counter()
    size = newlines = 0
    for chunk in verdict_csv(engine, status="published"):
        size += len(chunk)
        newlines += chunk.count(b'"\r\n')  # record ends: these values hold bare \n, never a quote + CRLF
    return newlines - 1, size, time.perf_counter() - started  # minus the header


def peak_memory(engine) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    export(engine)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        schema.upgrade(url)
        engine = make_engine(url)
        rating_ids = setup(engine)
        results = {}
        done = 0
        for size in SIZES:
            started = time.perf_counter()
            populate(engine, done, size, rating_ids)
            done = size
            print(f"inserted claims up to {size:,} in {time.perf_counter() - started:.1f} s", flush=True)
            rows, nbytes, seconds = export(engine)
            assert rows == size, f"exported {rows} rows, expected {size}"
            peak = peak_memory(engine)
            results[size] = (rows, nbytes, seconds, peak)
            print(
                f"{size:>7,} rows: {rows / seconds:,.0f} rows/s ({seconds:.2f} s, {nbytes / 1e6:.1f} MB of CSV), "
                f"peak memory {peak / 1e6:.2f} MB",
                flush=True,
            )
        engine.dispose()
    small, large = results[SIZES[0]][3], results[SIZES[1]][3]
    growth = (large - small) / 1e6
    print(f"peak memory 100k / 10k: {large / small:.2f}x, difference {growth:+.2f} MB (limit {LIMIT_MB} MB)")
    if growth >= LIMIT_MB:
        print("FAIL: memory grows with the number of rows")
        return 1
    print("OK: memory stays flat")
    return 0


if __name__ == "__main__":
    sys.exit(main())

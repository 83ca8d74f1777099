"""How well "has this been checked before?" finds a reworded claim: recall@1 and recall@3 on gold pairs, and
the median query time.

    python bench/eval_similar.py                       # tests/data/similar/dev.json and heldout.json
    python bench/eval_similar.py --archive instance/bench-100000.sqlite   # the same, inside a seeded archive

Each gold file is scored on its own: the archive is every target and distractor of the file (plus, with
--archive, a copy of a `bench/seed.py` archive), and each query's target must come first (recall@1) or among
the first three (recall@3) of `services.similar.similar_to_text`. With --archive it also times lookups of
claim texts drawn from the archive itself. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from factcheck.db import make_engine  # noqa: E402
from factcheck.services import schema, similar  # noqa: E402

GOLD = ROOT / "tests" / "data" / "similar"


def load_gold(path: Path) -> list[dict]:
    return json.loads(path.read_text())


def add_claims(engine, texts: list[str]) -> dict[str, int]:
    """Store `texts` as open claims of one new article; their ids by text."""
    ids: dict[str, int] = {}
    with engine.begin() as conn:
        article = conn.execute(
            text(
                "INSERT INTO article (title, created_at) VALUES ('Gold pairs', CURRENT_TIMESTAMP) RETURNING id"
            )
        ).scalar()
        for claim_text in dict.fromkeys(texts):
            ids[claim_text] = conn.execute(
                text(
                    "INSERT INTO claim (article_id, text, priority, anchor_lost, status, created_at, updated_at, "
                    "version) VALUES (:a, :t, 2, false, 'open', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1) "
                    "RETURNING id"
                ),
                {"a": article, "t": claim_text},
            ).scalar()
    return ids


def fresh_database(archive: str | None, workdir: Path, name: str) -> str:
    path = workdir / f"{name}.sqlite"
    if archive:
        shutil.copyfile(archive, path)
    url = f"sqlite:///{path}"
    schema.upgrade(url)
    return url


def evaluate(url: str, pairs: list[dict]) -> dict:
    engine = make_engine(url)
    texts = [p["target"] for p in pairs] + [d for p in pairs for d in p["distractors"]]
    ids = add_claims(engine, texts)
    hits1 = hits3 = 0
    times, misses = [], []
    with Session(engine) as session:
        for pair in pairs:
            started = time.perf_counter()
            found = similar.similar_to_text(session, text=pair["query"], limit=3)
            times.append((time.perf_counter() - started) * 1000)
            ranked = [m.claim.id for m in found]
            target = ids[pair["target"]]
            hits1 += bool(ranked[:1] == [target])
            hits3 += target in ranked
            if ranked[:1] != [target]:
                misses.append(
                    {"query": pair["query"], "got": found[0].claim.text if found else None, "rank": ranked}
                )
        session.rollback()
    engine.dispose()
    n = len(pairs)
    return {
        "pairs": n,
        "recall@1": round(hits1 / n, 3),
        "recall@3": round(hits3 / n, 3),
        "median_ms": round(statistics.median(times), 2),
        "misses": misses,
    }


def time_archive(url: str, samples: int = 200) -> dict:
    """Median and p95 lookup time of claim texts drawn from the archive (spread over its ids)."""
    engine = make_engine(url)
    with Session(engine) as session:
        total = session.execute(text("SELECT max(id) FROM claim")).scalar() or 0
        step = max(1, total // samples)
        texts = [
            row[0]
            for row in session.execute(
                text("SELECT text FROM claim WHERE id % :step = 0 LIMIT :n"), {"step": step, "n": samples}
            )
        ]
        similar.similar_to_text(session, text=texts[0])  # warm the caches
        times = []
        for claim_text in texts:
            started = time.perf_counter()
            similar.similar_to_text(session, text=claim_text[: similar.MAX_QUERY_CHARS])
            times.append((time.perf_counter() - started) * 1000)
        session.rollback()
    engine.dispose()
    times.sort()
    return {
        "claims": total,
        "lookups": len(times),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", nargs="*", help="gold files (default: dev.json and heldout.json)")
    parser.add_argument(
        "--archive", action="append", default=[], help="a bench/seed.py SQLite archive to add"
    )
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    files = [Path(g) for g in args.gold] or [GOLD / "dev.json", GOLD / "heldout.json"]
    report: dict = {"gold": {}, "archives": []}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for archive in args.archive or [None]:
            for path in files:
                url = fresh_database(archive, workdir, path.stem)
                result = evaluate(url, load_gold(path))
                if not args.show_misses:
                    result.pop("misses")
                report["gold"].setdefault(path.stem, {})[Path(archive).name if archive else "alone"] = result
                Path(url.removeprefix("sqlite:///")).unlink()
            if archive:
                url = fresh_database(archive, workdir, "archive")
                report["archives"].append({"archive": Path(archive).name, **time_archive(url)})
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

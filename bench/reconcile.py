"""Does the history reconcile with the rows? Set-based checks, SQLite and PostgreSQL.

``check(engine)`` returns, per rule, how many claims break it (0 everywhere when all is well):

* ``create_events``: every claim has exactly one ``claim.create`` event;
* ``status_vs_last_event``: a claim's status is the ``after.status`` of its last move (open when it has none);
* ``propose_events`` / ``approve_events`` / ``return_events`` / ``reopen_events``: one ``claim.propose`` per
  verdict row, one ``claim.approve`` per verdict published (or later superseded), one ``claim.return`` per
  returned verdict, one ``claim.reopen`` per superseded verdict;
* ``current_verdict``: ``claim.verdict_id`` is the newest proposed-or-published verdict (when the column exists);
* ``evidence_events``: evidence rows = ``evidence.add`` - ``evidence.remove`` events;
* ``comment_events``: comments of each kind = their events (comment.add, claim.return, claim.reopen, ...);
* ``published_four_eyes``: a published claim's current verdict is published, decided by someone other than
  its proposer; ``holders``: in progress / in review claims are held, open / not checkable ones are not;
* ``versions``: a claim's version is 1 + the moves and evidence changes that touched it (claims whose anchor
  was lost by a correction aside: that touch is conditional).

``python bench/reconcile.py URL`` prints them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, inspect, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

MOVES = (
    "claim.take", "claim.assign", "claim.release", "claim.propose", "claim.return", "claim.approve",
    "claim.reopen", "claim.not_checkable", "claim.reopen_not_checkable",
)  # fmt: skip
TOUCHING = (*MOVES, "claim.edit", "evidence.add", "evidence.edit", "evidence.remove", "claim.reanchor")
COMMENT_KINDS = {
    "comment": "comment.add",
    "return": "claim.return",
    "reopen": "claim.reopen",
    "not_checkable": "claim.not_checkable",
}


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _status_of(engine: Engine, column: str) -> str:
    if engine.dialect.name == "postgresql":
        return f"(({column})::json ->> 'status')"
    return f"json_extract({column}, '$.status')"


def _per_claim_mismatch(rows_sql: str, events_sql: str) -> str:
    """Claims where the rows (`rows_sql`: claim_id, n) and the events (`events_sql`: claim_id, n) differ:
    one pass over both, summed per claim (no join: linear on both databases)."""
    return f"""
        SELECT count(*) FROM (
            SELECT claim_id FROM ({rows_sql} UNION ALL SELECT claim_id, -n FROM ({events_sql}) ev) u
            GROUP BY claim_id HAVING sum(n) <> 0
        ) mismatched
    """


def _events(actions, where: str = "") -> str:
    """One row (claim_id, 1) per event with one of `actions`."""
    return f"SELECT claim_id, 1 AS n FROM audit_event WHERE action IN {_in(actions)} AND claim_id IS NOT NULL {where}"


def _rows(table: str, where: str = "") -> str:
    return f"SELECT claim_id, 1 AS n FROM {table} {'WHERE ' + where if where else ''}"


def queries(engine: Engine) -> dict[str, str]:
    status = _status_of(engine, "e.after")
    checks = {
        "create_events": f"""
            SELECT count(*) FROM claim c
            LEFT JOIN (SELECT claim_id, count(*) AS n FROM ({_events(["claim.create"])}) x GROUP BY claim_id) e
                ON e.claim_id = c.id
            WHERE coalesce(e.n, 0) <> 1""",
        "status_vs_last_event": f"""
            SELECT count(*) FROM claim c
            LEFT JOIN (SELECT claim_id, max(id) AS id FROM audit_event
                       WHERE action IN {_in(MOVES)} AND claim_id IS NOT NULL GROUP BY claim_id) last
                ON last.claim_id = c.id
            LEFT JOIN audit_event e ON e.id = last.id
            WHERE coalesce({status}, 'open') <> c.status""",
        "propose_events": _per_claim_mismatch(_rows("verdict"), _events(["claim.propose"])),
        "approve_events": _per_claim_mismatch(
            _rows("verdict", "state IN ('published', 'superseded')"), _events(["claim.approve"])
        ),
        "return_events": _per_claim_mismatch(
            _rows("verdict", "state = 'returned'"), _events(["claim.return"])
        ),
        "reopen_events": _per_claim_mismatch(
            _rows("verdict", "state = 'superseded'"), _events(["claim.reopen"])
        ),
        "evidence_events": _per_claim_mismatch(
            _rows("evidence"),
            "SELECT claim_id, CASE WHEN action = 'evidence.add' THEN 1 ELSE -1 END AS n FROM audit_event "
            "WHERE action IN ('evidence.add', 'evidence.remove') AND claim_id IS NOT NULL",
        ),
        "published_four_eyes": """
            SELECT count(*) FROM claim c
            WHERE c.status = 'published' AND NOT EXISTS (
                SELECT 1 FROM verdict v WHERE v.claim_id = c.id AND v.state = 'published'
                AND v.decided_by_id IS NOT NULL AND v.decided_by_id <> v.proposed_by_id
                AND v.id = (SELECT max(w.id) FROM verdict w WHERE w.claim_id = c.id
                            AND w.state IN ('proposed', 'published')))""",
        "holders": """
            SELECT count(*) FROM claim
            WHERE (status IN ('in_progress', 'in_review') AND assignee_id IS NULL)
               OR (status IN ('open', 'not_checkable') AND assignee_id IS NOT NULL)""",
        "versions": _per_claim_mismatch(
            "SELECT id AS claim_id, version - 1 AS n FROM claim WHERE NOT EXISTS (SELECT 1 FROM audit_event a "
            "WHERE a.claim_id = claim.id AND a.action = 'claim.anchor_lost')",
            _events(TOUCHING),
        ),
    }
    for kind, action in COMMENT_KINDS.items():
        checks[f"comment_events_{kind}"] = _per_claim_mismatch(
            _rows("comment", f"kind = '{kind}'"), _events([action])
        )
    if "verdict_id" in {c["name"] for c in inspect(engine).get_columns("claim")}:
        checks["current_verdict"] = """
            SELECT count(*) FROM claim c
            WHERE coalesce(c.verdict_id, 0) <> coalesce((SELECT max(v.id) FROM verdict v
                WHERE v.claim_id = c.id AND v.state IN ('proposed', 'published')), 0)"""
    return checks


def check(engine: Engine) -> dict[str, int]:
    """Per rule, the number of claims that break it."""
    with engine.connect() as conn:
        return {name: int(conn.execute(text(sql)).scalar() or 0) for name, sql in queries(engine).items()}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: bench/reconcile.py DATABASE_URL", file=sys.stderr)
        return 2
    engine = create_engine(argv[0])
    problems = check(engine)
    engine.dispose()
    for name, count in problems.items():
        print(f"{name:28} {count}")
    return 1 if any(problems.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

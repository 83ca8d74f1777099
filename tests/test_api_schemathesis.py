"""schemathesis against the test app's own /api/v1/openapi.json (WSGI, in-process), as `schemathesis run
--checks all` would: valid and invalid input generated from the document (examples, coverage, fuzzing and
stateful phases), every answer checked against it. No server error, no answer the document does not describe
(status, content type, headers, body schema), and input the document calls invalid is refused.

positive_data_acceptance is left out: this API refuses valid-looking input for reasons no schema can state
(a rating slug not on the desk's scale, an unknown username, a claim in the wrong status, a stale version).

Slow (a minute or two): marked `slow`, and run on SQLite only (the PostgreSQL run adds time, not coverage).
FACTCHECK_SCHEMATHESIS_EXAMPLES sets the examples per operation and phase.
"""

import os
from collections import Counter

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from schemathesis.transport.wsgi import WSGITransport

from factcheck.services import articles, claims, evidence, sources, users, workflow

from .conftest import PG_URL

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(PG_URL), reason="schemathesis runs on SQLite only (see the module docstring)"),
]

# 10 generated examples per operation and phase: with the coverage phase's boundary cases, ~2,800 cases in
# all (25 gave ~3,500 for ~10 s more of the suite's CPU, the generated ones the cheapest to drop)
EXAMPLES = int(os.environ.get("FACTCHECK_SCHEMATHESIS_EXAMPLES", "10"))
SEED = 20_261_129
PARTS = 3  # the operations are shared out among this many tests, so that the suite's workers run them at once


def in_part(schema, part: int):
    """The schema narrowed to one part's operations: every PARTS-th operation in the order of their labels
    (neighbours in that order, such as the claim routes, are alike in cost, so the parts come out even)."""
    labels = sorted(result.ok().label for result in schema.get_all_operations())
    mine = set(labels[part::PARTS])
    return schema.include(lambda context: context.operation.label in mine)


@pytest.fixture
def desk(db, team):
    """A small desk: two articles, claims in several states, two sources, evidence, a published verdict."""
    reviewer, editor = team["reviewer"], team["editor"]
    first = articles.create_article(
        db,
        title="Budget speech",
        text="Unemployment fell to 4 percent last year, the minister said. Exports doubled. It rained.",
        actor=reviewer,
    )
    articles.create_article(db, title="Second", text="The river is 300 km long.", actor=reviewer)
    made = [
        claims.create_claim(db, article_id=first.id, text=text, actor=reviewer, claimant="The minister")
        for text in ("Unemployment fell to 4 percent.", "Exports doubled.", "It rained.")
    ]
    report = sources.create_source(db, actor=reviewer, title="Labour survey", document_symbol="S/2021/229")
    sources.create_source(db, actor=reviewer, title="Trade figures", url="https://example.org/trade")
    workflow.take(db, claim_id=made[0].id, actor=reviewer)
    evidence.add_evidence(db, claim_id=made[0].id, source_id=report.id, stance="supports", actor=reviewer)
    workflow.propose(db, claim_id=made[0].id, rating="true", rationale="The survey says so.", actor=reviewer)
    workflow.approve(db, claim_id=made[0].id, actor=editor)
    workflow.take(db, claim_id=made[1].id, actor=reviewer)
    return team


def _config(token: str) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "headers": {"Authorization": f"Bearer {token}"},
            "generation": {"max-examples": EXAMPLES, "mode": "all", "database": "none"},
            "checks": {"positive_data_acceptance": {"enabled": False}},
            "warnings": False,
        }
    )


@pytest.fixture
def wsgi_probes(monkeypatch):
    """schemathesis 4.32's auth probe (the ignored_auth check) hands the WSGI transport the socket options
    of a network session (max_redirects, verify, ...) that werkzeug's test client does not take: drop them."""
    send = WSGITransport.send

    def patched(self, case, *, session=None, **kwargs):
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(self, case, session=session, **kwargs)

    monkeypatch.setattr(WSGITransport, "send", patched)


@pytest.mark.filterwarnings("ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning")
@pytest.mark.usefixtures("wsgi_probes")
@pytest.mark.parametrize("part", range(PARTS))
def test_the_api_keeps_its_openapi_contract(app, db, desk, part):
    config = _config(users.create_token(db, user=desk["admin"]))
    schema = in_part(schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config), part)
    failures: list[str] = []
    scenarios: Counter = Counter()
    cases = 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            scenarios[f"{event.phase.value}: {event.status.value}"] += 1
            cases += len(event.recorder.cases)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        info = check.failure_info
                        failures.append(
                            f"{event.label} [{check.name}] {info.failure.title}: {info.failure.message}\n"
                            f"    {info.code_sample}"
                        )
        elif isinstance(event, events.NonFatalError):
            failures.append(f"{event.label}: error {event.value!r}")
        elif isinstance(event, events.FatalError):
            failures.append(f"fatal: {event.exception!r}")
    print(f"\nschemathesis part {part}: {cases} cases; scenarios {dict(sorted(scenarios.items()))}")
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} distinct failures:\n" + "\n".join(unique[:40])
    assert cases > 800  # a few thousand in all (about 2,800 at 10 examples per operation and phase)

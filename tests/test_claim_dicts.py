"""claims.claim_dicts builds a whole page of claim objects at once: each is exactly the object the claim gets alone."""

import json
from datetime import date

from factcheck.models import Claim
from factcheck.services import claims, workflow

from .workflow_helpers import make_article, make_claim


def _page(db, team) -> list[Claim]:
    """A page with a claim in every status, evidence (none, one, several), returned (held and released),
    reopened, a due date and a claimant."""
    reviewer, editor = team["reviewer"], team["editor"]
    article = make_article(db, editor).id
    made = [
        make_claim(db, editor, article_id=article, evidence=()),
        make_claim(db, editor, article_id=article, status="in_progress", holder=reviewer),
        make_claim(db, editor, article_id=article, status="in_review", proposer=reviewer),
        make_claim(
            db,
            editor,
            article_id=article,
            status="published",
            proposer=reviewer,
            approver=editor,
            evidence=("supports", "contradicts", "context"),
        ),  # fmt: skip
        make_claim(db, editor, article_id=article, status="not_checkable", evidence=()),
    ]
    made[0].due_date, made[0].claimant = date(2030, 1, 2), "The council"
    db.add(made[0])
    db.commit()
    returned_held, returned_released, reopened = (
        make_claim(db, editor, article_id=article, status="in_progress", holder=reviewer) for _ in range(3)
    )
    for claim in (returned_held, returned_released, reopened):
        workflow.propose(db, claim_id=claim.id, rating="false", rationale="The table.", actor=reviewer)
    for claim in (returned_held, returned_released):
        workflow.return_verdict(db, claim_id=claim.id, comment="Cite the **table**.", actor=editor)
    workflow.release(db, claim_id=returned_released.id, actor=reviewer)
    workflow.approve(db, claim_id=reopened.id, actor=editor)
    workflow.reopen(db, claim_id=reopened.id, note="Corrected.", actor=editor)
    db.commit()
    return [db.get(Claim, c.id) for c in made + [returned_held, returned_released, reopened]]


def test_claim_dicts_equals_claim_dict_for_every_kind_of_claim(db, team):
    page = _page(db, team)
    expected = [claims.claim_dict(db, claim) for claim in page]
    assert {d["status"] for d in expected} == {
        "open",
        "in_progress",
        "in_review",
        "published",
        "not_checkable",
    }
    assert sum(d["returned"] is not None for d in expected) == 2
    assert any(len(d["evidence"]) == 3 for d in expected)
    got = claims.claim_dicts(db, page)
    assert [json.dumps(d) for d in got] == [json.dumps(d) for d in expected]  # key order too
    short = claims.claim_dicts(db, page, with_evidence=False)
    assert short == [claims.claim_dict(db, claim, with_evidence=False) for claim in page]
    assert claims.claim_dicts(db, []) == []


def test_the_api_list_answers_claim_dict_for_each_item(db, team, api):
    page = _page(db, team)
    body = api("viewer").get("/api/v1/claims?per_page=100&sort=oldest").get_data()
    items = json.loads(body)["items"]
    assert [item["id"] for item in items] == [claim.id for claim in page]
    expected = [claims.claim_dict(db, db.get(Claim, claim.id)) for claim in page]
    assert items == expected  # (the API writes keys sorted: equal dicts are equal bytes)

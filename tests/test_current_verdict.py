"""One current verdict (services.claims): the newest proposed or published one; a returned or superseded verdict
is not current. The queue, the API, the CSV, the claim screen, the history, the dashboard, ClaimReview and the
sources' citing claims all give the same answer, and a returned claim says so with the editor's reason."""

import csv
import io
import re

import pytest
from alembic import command
from sqlmodel import select

from factcheck.models import AuditEvent, Claim, Evidence, Verdict
from factcheck.services import claimreview, claims, dashboard, evidence, queue, schema, workflow
from factcheck.services.claim_filters import ClaimFilters

from .statements import statements_sent
from .workflow_helpers import insert_verdict, make_claim

BOM = "\ufeff"
RETURN_REASON = "Link the **agency's own table**, please: the blog is not enough."


def csv_rows(data: bytes) -> dict[int, dict[str, str]]:
    text = data.decode("utf-8").removeprefix(BOM)
    return {int(row["claim_id"]): row for row in csv.DictReader(io.StringIO(text, newline=""))}


def held_claim(db, team, **kw) -> Claim:
    """A claim in progress, held by the reviewer, with contradicting evidence (so "false" may be proposed)."""
    return make_claim(db, team["reviewer"], status="in_progress", holder=team["reviewer"], **kw)


def propose(db, team, claim, rating="false"):
    return workflow.propose(
        db, claim_id=claim.id, rating=rating, rationale="The table says 4 percent.", actor=team["reviewer"]
    )


@pytest.fixture
def reopened(db, team):
    """A claim published as false, then reopened for correction (its verdict superseded)."""
    claim = held_claim(db, team)
    propose(db, team, claim)
    workflow.approve(db, claim_id=claim.id, actor=team["editor"])
    workflow.reopen(db, claim_id=claim.id, note="The agency corrected its table.", actor=team["editor"])
    db.commit()
    return claim


@pytest.fixture
def returned(db, team):
    """A claim whose proposed verdict (false) an editor returned with a Markdown reason."""
    claim = held_claim(db, team, text="Rents rose by 12 percent, the agency said.")
    propose(db, team, claim)
    workflow.return_verdict(db, claim_id=claim.id, comment=RETURN_REASON, actor=team["editor"])
    db.commit()
    return claim


def test_after_a_reopen_rating_false_gives_the_same_answer_in_the_queue_the_api_and_the_csv(
    db, team, reopened, client, login, api
):
    still_false = make_claim(db, team["reviewer"], status="published", rating="false", text="Still false.")
    expected = [still_false.id]  # the reopened claim's published "false" was superseded: not its rating now

    assert [r.claim.id for r in queue.list_claims(db, filters=ClaimFilters(rating="false")).items] == expected
    viewer = api("viewer")
    listed = viewer.get("/api/v1/claims?rating=false").get_json()
    assert [item["id"] for item in listed["items"]] == expected
    detail = viewer.get(f"/api/v1/claims/{reopened.id}").get_json()
    assert (detail["status"], detail["rating"], detail["rationale"], detail["returned"]) == (
        "in_progress",
        None,
        None,
        None,
    )
    exported = csv_rows(viewer.get("/api/v1/export/verdicts.csv?status=all&rating=false").get_data())
    assert list(exported) == expected
    every = csv_rows(viewer.get("/api/v1/export/verdicts.csv?status=all").get_data())
    assert (every[reopened.id]["rating"], every[reopened.id]["rationale"]) == ("", "")
    login(team["viewer"])
    html = client.get("/queue?rating=false").get_data(as_text=True)
    assert f'data-claim-id="{still_false.id}"' in html and f'data-claim-id="{reopened.id}"' not in html


def test_a_returned_claim_has_no_rating_and_carries_the_editors_reason_everywhere(
    db, team, returned, client, login, api
):
    viewer = api("viewer")
    body = viewer.get(f"/api/v1/claims/{returned.id}").get_json()
    assert (body["status"], body["rating"], body["rationale"], body["proposed_by"]) == (
        "in_progress",
        None,
        None,
        None,
    )
    assert body["returned"]["reason"] == RETURN_REASON
    assert body["returned"]["by"] == "editor" and body["returned"]["at"].endswith("Z")
    listed = viewer.get("/api/v1/claims?status=in_progress").get_json()["items"]
    assert [(item["rating"], item["returned"]["reason"]) for item in listed] == [(None, RETURN_REASON)]
    assert viewer.get("/api/v1/claims?rating=false").get_json()["items"] == []

    row = csv_rows(viewer.get("/api/v1/export/verdicts.csv?status=all").get_data())[returned.id]
    assert (row["status"], row["rating"], row["rating_label"], row["rationale"], row["reviewer"]) == (
        "in_progress",
        "",
        "",
        "",
        "",
    )

    login(team["viewer"])
    html = client.get("/queue").get_data(as_text=True)
    row_html = re.search(rf'<tr class="queue-row" data-claim-id="{returned.id}".*?</tr>', html, re.S).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row_html, re.S)
    status_cell, rating_cell = re.sub(r"<[^>]+>", "", cells[1]), cells[-1]
    assert " ".join(status_cell.split()) == "in progress · returned"
    assert rating_cell.strip() == ""

    screen = client.get(f"/claims/{returned.id}").get_data(as_text=True)
    notice = screen.index('id="returned"')
    assert notice < screen.index('class="claim-text"')  # at the top, above the claim itself
    section = screen[notice : screen.index("</section>", notice)]
    assert "Returned by Editor Person" in section
    assert (
        "<strong>agency&#39;s own table</strong>" in section
        or "<strong>agency's own table</strong>" in section
    )
    assert "**" not in section  # rendered, not shown as typed


def test_a_revised_proposal_ends_the_return_and_becomes_current(db, team, returned):
    prefill = claims.last_proposal(db, claim_id=returned.id)
    assert prefill.state == "returned"  # what the reviewer's form starts from
    propose(db, team, returned, rating="mostly-false")
    db.refresh(returned)
    current = claims.current_verdict(db, returned)
    assert (current.state, claims.returned_note(db, returned)) == ("proposed", None)
    assert claims.claim_dict(db, returned)["rating"] == "mostly-false"


def test_the_column_follows_every_move_and_the_history_records_the_current_rating(db, team):
    claim = held_claim(db, team)
    propose(db, team, claim)
    first = db.exec(select(Verdict).where(Verdict.claim_id == claim.id)).one()
    assert db.get(Claim, claim.id).verdict_id == first.id
    workflow.return_verdict(db, claim_id=claim.id, comment="Add the table.", actor=team["editor"])
    assert db.get(Claim, claim.id).verdict_id is None
    propose(db, team, claim, rating="mostly-false")
    second = db.exec(select(Verdict).where(Verdict.claim_id == claim.id).order_by(Verdict.id.desc())).first()
    assert db.get(Claim, claim.id).verdict_id == second.id
    workflow.approve(db, claim_id=claim.id, actor=team["editor"])
    assert db.get(Claim, claim.id).verdict_id == second.id
    workflow.reopen(db, claim_id=claim.id, note="Corrected.", actor=team["editor"])
    assert db.get(Claim, claim.id).verdict_id is None
    events = {
        e.action: e
        for e in db.exec(select(AuditEvent).where(AuditEvent.claim_id == claim.id).order_by(AuditEvent.id))
    }
    assert '"rating": null' in events["claim.return"].after  # the returned verdict is not the claim's rating
    assert '"rating": "false"' in events["claim.return"].before
    assert '"rating": null' in events["claim.reopen"].after


def test_dashboard_claimreview_and_citing_claims_read_the_current_verdict(db, team, reopened, returned):
    published = make_claim(db, team["reviewer"], status="published", rating="false", text="Still false.")
    by_rating = {bar.key: bar.value for bar in dashboard.claims_by_rating(db)}
    assert by_rating["false"] == 1
    reviewed = claimreview.claim_reviews(
        db, desk=claimreview.Desk("Desk"), report_url=lambda article_id: f"https://desk.example/{article_id}"
    )
    assert [review["claimReviewed"] for review in reviewed] == [published.text]
    source_id = db.exec(select(Evidence.source_id).where(Evidence.claim_id == returned.id)).first()
    citing = {c.claim.id: c for c in evidence.claims_citing(db, source_id=source_id)}
    assert (citing[returned.id].rating, citing[returned.id].verdict_state) == (None, None)


def test_a_test_factory_keeps_the_column_right(db, team):
    claim = make_claim(db, team["reviewer"], status="in_progress")
    old = insert_verdict(
        db, claim, rating_id=1, rationale="Old.", proposed_by_id=team["reviewer"].id, state="superseded"
    )
    assert db.get(Claim, claim.id).verdict_id is None
    new = insert_verdict(db, claim, rating_id=1, rationale="New.", proposed_by_id=team["reviewer"].id)
    assert db.get(Claim, claim.id).verdict_id == new.id != old.id


def test_the_migration_backfills_the_current_verdict(engine, db, team):
    """Drop the column (downgrade to 0003) and add it again: the backfill finds each claim's current verdict
    by the same rule the workflow keeps."""
    reviewer = team["reviewer"]
    states = {
        "proposed": ["returned", "proposed"],
        "published": ["returned", "published"],
        "returned": ["returned"],
        "reopened": ["superseded"],
        "none": [],
    }
    made, expected = {}, {}
    for name, history in states.items():
        claim = make_claim(db, reviewer, status="in_progress", text=f"Claim {name}.")
        rows = [
            insert_verdict(db, claim, rating_id=1, rationale=name, proposed_by_id=reviewer.id, state=state)
            for state in history
        ]
        made[name] = claim.id
        expected[name] = rows[-1].id if history and history[-1] in ("proposed", "published") else None
    db.close()
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    config = schema.alembic_config(url)
    try:
        command.downgrade(config, "0003")
    finally:
        command.upgrade(config, "head")
    found = {name: db.get(Claim, claim_id).verdict_id for name, claim_id in made.items()}
    assert found == expected


def note_and_statements(db, claim, rows):
    """claims.returned_note given the verdict rows, and the statements it sent."""
    found = []
    sent = statements_sent(
        db.get_bind().engine, lambda: found.append(claims.returned_note(db, claim, verdicts=rows))
    )
    return found[0], sent


def test_the_return_note_from_verdict_rows_already_read_is_the_one_read_afresh(db, team, returned, reopened):
    """The claim screen hands returned_note the verdict rows it read: the same answer, and no statement when the
    newest row is not a returned one (no rows, proposed, published, superseded)."""
    fresh = held_claim(db, team, text="Prices fell by 3 percent.")
    proposed = held_claim(db, team, text="Wages rose by 2 percent.")
    propose(db, team, proposed)
    db.commit()
    for claim in (returned, reopened, fresh, proposed):
        rows = workflow.verdicts(db, claim_id=claim.id)
        given, statements = note_and_statements(db, claim, rows)
        assert given == claims.returned_note(db, claim)
        assert (given is not None) == (claim is returned)
        assert len(statements) == (1 if claim is returned else 0), statements

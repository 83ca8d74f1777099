"""Published means frozen: a published or not-checkable claim's wording, claimant, anchor and evidence change
only through a reopen, and a claim in review only by its holder and editors. The rule lives in the workflow
service; the API, the browser forms and the CLI all meet it."""

import re

import pytest
from sqlmodel import select

from factcheck.errors import Conflict, Forbidden
from factcheck.models import AuditEvent, Claim, Evidence
from factcheck.services import articles, claims, corrections, evidence, workflow

from .workflow_helpers import ARTICLE_TEXT, make_article, make_claim

WORDING = "Rents rose by 12 percent."


def _events(db, claim_id: int) -> list[str]:
    db.rollback()  # a fresh snapshot of what the doors committed
    return list(db.exec(select(AuditEvent.action).where(AuditEvent.claim_id == claim_id)).all())


def _public_report(client, article_id: int) -> str:
    """The public report page, less its CSRF token (signed with the time, so it changes every second)."""
    html = client.get(f"/report/{article_id}").get_data(as_text=True)
    return re.sub(r'<meta name="csrf-token" content="[^"]*">', "", html)


def _reload(db, claim: Claim) -> Claim:
    db.rollback()
    db.refresh(claim)
    return claim


@pytest.fixture
def published(db, team):
    return make_claim(
        db, team["editor"], status="published", proposer=team["reviewer"], approver=team["editor"]
    )


@pytest.mark.parametrize("status", ["published", "not_checkable"])
@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
def test_nobody_changes_a_frozen_claim_in_the_services(db, team, status, role):
    claim = make_claim(db, team["editor"], status=status, proposer=team["reviewer"])
    item = db.exec(select(Evidence).where(Evidence.claim_id == claim.id)).one()
    before = _events(db, claim.id)
    actor = team[role]
    attempts = [
        lambda: claims.update_claim(
            db, claim_id=claim.id, version=claim.version, actor=actor, text="Changed."
        ),
        lambda: claims.update_claim(
            db, claim_id=claim.id, version=claim.version, actor=actor, claimant="Someone else"
        ),
        lambda: evidence.add_evidence(
            db, claim_id=claim.id, source_id=item.source_id, stance="supports", actor=actor
        ),
        lambda: evidence.edit_evidence(
            db, claim_id=claim.id, evidence_id=item.id, version=item.version, actor=actor, stance="supports"
        ),
        lambda: evidence.remove_evidence(
            db, claim_id=claim.id, evidence_id=item.id, version=item.version, actor=actor
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Conflict) as error:
            attempt()
        assert error.value.code == "claim_frozen"
        assert "reopen" in error.value.message
        db.rollback()
    claim = _reload(db, claim)
    assert claim.text == WORDING and claim.claimant is None
    assert db.get(Evidence, item.id).stance == "contradicts"
    assert _events(db, claim.id) == before


def test_an_editor_still_plans_a_published_claim(db, team, published):
    claim = claims.update_claim(
        db, claim_id=published.id, version=published.version, actor=team["editor"], priority=4
    )
    assert (claim.priority, claim.status, claim.text) == (4, "published", WORDING)


def test_in_review_only_the_holder_and_editors_change_the_claim(db, team, make_user):
    other = make_user("reviewer", username="other")
    claim = make_claim(db, team["editor"], status="in_review", holder=team["reviewer"])
    item = db.exec(select(Evidence).where(Evidence.claim_id == claim.id)).one()
    with pytest.raises(Forbidden, match="only Reviewer Person or an editor") as error:
        claims.update_claim(
            db, claim_id=claim.id, version=claim.version, actor=other, text="Reworded by other."
        )
    assert error.value.code == "claim_in_review"
    db.rollback()
    with pytest.raises(Forbidden):
        evidence.edit_evidence(
            db, claim_id=claim.id, evidence_id=item.id, version=item.version, actor=other, stance="supports"
        )
    db.rollback()
    with pytest.raises(Forbidden):
        evidence.add_evidence(db, claim_id=claim.id, source_id=item.source_id, stance="supports", actor=other)
    db.rollback()
    claim = claims.update_claim(
        db, claim_id=claim.id, version=claim.version, actor=team["reviewer"], text="Reworded by the holder."
    )
    claim = claims.update_claim(
        db, claim_id=claim.id, version=claim.version, actor=team["editor"], text="Reworded by the editor."
    )
    assert claim.text == "Reworded by the editor."
    assert workflow.may_change_content(db, claim, team["reviewer"])
    assert not workflow.may_change_content(db, claim, other)
    assert not workflow.may_change_content(db, claim, team["viewer"])


def test_a_viewer_changes_nothing(db, team):
    claim = make_claim(db, team["editor"])
    with pytest.raises(Forbidden):
        claims.update_claim(db, claim_id=claim.id, version=claim.version, actor=team["viewer"], text="No.")


def test_the_api_refuses_to_reword_a_published_claim_and_the_public_record_stays(
    app, db, team, api, client, published
):
    reviewer = api("reviewer")
    claimreview_url = f"/api/v1/articles/{published.article_id}/claimreview"
    review_before = reviewer.get(claimreview_url).get_json()
    assert review_before[0]["claimReviewed"] == WORDING
    report_before = _public_report(client, published.article_id)
    for body in (
        {"version": published.version, "text": "Rents rose by 2 percent."},
        {"version": published.version, "claimant": "The council"},
    ):
        response = reviewer.patch(f"/api/v1/claims/{published.id}", json=body)
        assert response.status_code == 409, response.get_json()
        assert response.get_json()["error"]["code"] == "claim_frozen"
    item = db.exec(select(Evidence).where(Evidence.claim_id == published.id)).one()
    response = reviewer.patch(
        f"/api/v1/claims/{published.id}/evidence/{item.id}",
        json={"stance": "supports", "version": item.version},
    )
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "claim_frozen"
    response = reviewer.post(
        f"/api/v1/claims/{published.id}/evidence", json={"source_id": item.source_id, "stance": "supports"}
    )
    assert response.status_code == 409
    assert reviewer.delete(f"/api/v1/claims/{published.id}/evidence/{item.id}?version=1").status_code == 409
    db.rollback()
    assert reviewer.get(claimreview_url).get_json() == review_before
    assert _public_report(client, published.article_id) == report_before
    assert api("viewer").get(f"/api/v1/claims/{published.id}").get_json()["text"] == WORDING


def test_the_api_refuses_another_reviewers_edit_in_review(db, team, api, make_user):
    make_user("reviewer", username="other")
    claim = make_claim(db, team["editor"], status="in_review", holder=team["reviewer"])
    other = api(
        db.exec(select(type(team["reviewer"])).where(type(team["reviewer"]).username == "other")).one()
    )
    response = other.patch(f"/api/v1/claims/{claim.id}", json={"version": claim.version, "text": "Mine now."})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "claim_in_review"
    response = api("reviewer").patch(
        f"/api/v1/claims/{claim.id}", json={"version": claim.version, "text": "Held."}
    )
    assert response.status_code == 200 and response.get_json()["text"] == "Held."


def test_the_split_screen_hides_and_refuses_rewording_a_published_claim(db, team, login, client, post_form):
    article = make_article(db, team["editor"])
    published = make_claim(
        db, team["editor"], status="published", proposer=team["reviewer"], article_id=article.id
    )
    open_claim = make_claim(db, team["editor"], article_id=article.id, text="The council built 300 homes.")
    login(team["reviewer"])
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'action="/articles/{article.id}/claims/{open_claim.id}"' in html
    assert f'action="/articles/{article.id}/claims/{published.id}"' not in html
    response = post_form(
        f"/articles/{article.id}/claims/{published.id}",
        {f"c{published.id}-text": "Rents rose by 2 percent.", f"c{published.id}-version": published.version},
    )
    assert response.status_code == 409
    assert "frozen" in response.get_data(as_text=True)
    assert _reload(db, published).text == WORDING


def test_the_claim_screen_hides_evidence_controls_on_a_published_claim(db, team, login, client, published):
    login(team["editor"])
    html = client.get(f"/claims/{published.id}").get_data(as_text=True)
    assert "evidence-edit" not in html and "Add evidence" not in html
    assert "frozen until an editor reopens it" in html


def test_the_cli_refuses_to_reword_a_published_claim(runner, db, team, published):
    result = runner.invoke(args=["edit-claim", str(published.id), "--by", "editor", "--text", "Changed."])
    assert result.exit_code != 0
    assert "frozen" in result.output and "reopen" in result.output
    assert _reload(db, published).text == WORDING


def test_reopen_then_reword_then_approve_is_on_the_record(runner, db, team, client, published):
    """The only way to change a published claim, through the CLI: reopen, reword, propose, approve."""
    result = runner.invoke(
        args=["reopen", str(published.id), "--by", "editor", "--note", "The rise was 2 percent."]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["edit-claim", str(published.id), "--by", "reviewer", "--text", "Rents rose by 2 percent."]
    )
    assert result.exit_code == 0, result.output
    workflow.propose(
        db, claim_id=published.id, rating="true", rationale="The agency's corrected table.", actor=team["reviewer"],
        override_reason="The contradicting item was about the earlier wording.",
    )  # fmt: skip
    result = runner.invoke(args=["approve", str(published.id), "--by", "reviewer"])
    assert result.exit_code != 0  # four eyes, and a reviewer may not approve at all
    result = runner.invoke(args=["approve", str(published.id), "--by", "editor"])
    assert result.exit_code == 0, result.output
    actions = _events(db, published.id)
    assert actions[-4:] == ["claim.reopen", "claim.edit", "claim.propose", "claim.approve"]
    (item,) = corrections.corrections(db, article_id=published.article_id)
    assert item["claim"] == WORDING and item["current_claim"] == "Rents rose by 2 percent."
    assert item["rating"] == "false" and item["note"] == "The rise was 2 percent."
    page = client.get("/corrections").get_data(as_text=True)
    assert WORDING in page and "Rents rose by 2 percent." in page and "No corrections so far" not in page


def test_a_correction_never_rewords_a_frozen_claims_quote(db, team):
    article = make_article(db, team["editor"])
    start = ARTICLE_TEXT.index("rents rose")
    anchored = []
    for status in ("open", "published"):
        claim = claims.create_claim(
            db, article_id=article.id, text=WORDING, start=start, end=start + len("rents rose by 12 percent"),
            actor=team["reviewer"],
        )  # fmt: skip
        claim.status = status
        db.add(claim)
        db.commit()
        anchored.append(claim)
    corrected = ARTICLE_TEXT.replace("rents rose by 12 percent", "rents rose by 12.5 percent")
    report = articles.add_revision(
        db, article_id=article.id, text=corrected, note="Figure.", actor=team["editor"]
    )
    open_claim, published = anchored
    assert open_claim in report.moved and published in report.lost
    published = _reload(db, published)
    assert published.anchor_lost and published.quote == "rents rose by 12 percent"

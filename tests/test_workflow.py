"""The workflow's finer rules: four eyes, versions, evidence, the contradiction warning, return, reopen."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from factcheck.errors import Conflict, Forbidden, Invalid
from factcheck.models import AuditEvent, Claim, Comment, Verdict
from factcheck.services import audit, comments, corrections, markdown, workflow

from .workflow_helpers import make_claim


@pytest.fixture
def held(db, team):
    """An in-progress claim held by the reviewer, with one contradicting evidence item."""
    return make_claim(db, team["reviewer"], status="in_progress")


def propose_false(db, claim, who, **kw):
    return workflow.propose(
        db,
        claim_id=claim.id,
        rating="false",
        rationale="The agency's table shows 4 percent.",
        actor=who,
        **kw,
    )


def test_four_eyes_the_proposer_cannot_approve_but_another_editor_can(db, team, make_user):
    editor = team["editor"]
    claim = make_claim(db, editor, status="in_progress", holder=editor)
    propose_false(db, claim, editor)
    with pytest.raises(Forbidden) as refused:
        workflow.approve(db, claim_id=claim.id, actor=editor)
    assert refused.value.code == "own_verdict" and "four eyes" in refused.value.message
    assert "approve" not in workflow.allowed_actions(db, claim, editor)
    published = workflow.approve(db, claim_id=claim.id, actor=make_user("editor", username="second"))
    assert published.status == "published"
    verdict = db.exec(select(Verdict).where(Verdict.claim_id == claim.id)).one()
    assert verdict.state == "published" and verdict.decided_by_id != editor.id


def test_a_stale_version_is_refused_with_who_and_when(db, team, held):
    workflow.release(db, claim_id=held.id, actor=team["editor"], version=held.version)
    with pytest.raises(Conflict) as stale:
        workflow.take(db, claim_id=held.id, actor=team["reviewer"], version=held.version - 1)
    assert stale.value.code == "stale_version"
    assert "changed by Editor Person at" in stale.value.message
    db.expire_all()
    assert db.get(Claim, held.id).status == "open"


def test_taking_a_claim_someone_took_meanwhile_is_refused(db, team, make_user):
    claim = make_claim(db, team["reviewer"])
    workflow.take(db, claim_id=claim.id, actor=team["reviewer"])
    with pytest.raises(Conflict) as refused:
        workflow.take(db, claim_id=claim.id, actor=make_user("reviewer"))
    assert "is in progress" in refused.value.message
    assert db.get(Claim, claim.id).assignee_id == team["reviewer"].id


def test_propose_needs_rating_rationale_and_evidence(db, team):
    reviewer = team["reviewer"]
    bare = make_claim(db, reviewer, status="in_progress", evidence=())
    with pytest.raises(Invalid) as missing:
        workflow.propose(db, claim_id=bare.id, rating="", rationale=" ", actor=reviewer)
    assert set(missing.value.fields) == {"rating", "rationale"}
    with pytest.raises(Invalid) as unknown:
        workflow.propose(db, claim_id=bare.id, rating="pants-on-fire", rationale="x", actor=reviewer)
    assert "rating" in unknown.value.fields
    with pytest.raises(Invalid) as no_evidence:
        propose_false(db, bare, reviewer)
    assert no_evidence.value.fields == {"evidence": "at least one evidence item"}
    assert db.exec(select(Verdict).where(Verdict.claim_id == bare.id)).first() is None
    unproven = workflow.propose(
        db, claim_id=bare.id, rating="unproven", rationale="Nothing found.", actor=reviewer
    )
    assert unproven.status == "in_review"


@pytest.mark.parametrize(
    ("rating", "stances", "warns"),
    [
        ("true", ("contradicts",), True),
        ("mostly-true", ("contradicts", "contradicts", "context"), True),
        ("false", ("supports",), True),
        ("mostly-false", ("supports", "context"), True),
        ("true", ("supports", "contradicts"), False),
        ("false", ("contradicts",), False),
        ("misleading", ("supports",), False),
        ("unproven", ("supports",), False),
        ("true", ("context",), False),
    ],
)
def test_the_contradiction_warning(db, team, rating, stances, warns):
    reviewer = team["reviewer"]
    claim = make_claim(db, reviewer, status="in_progress", evidence=stances)
    propose = lambda **kw: workflow.propose(  # noqa: E731
        db, claim_id=claim.id, rating=rating, rationale="Reasons.", actor=reviewer, **kw
    )
    if not warns:
        assert propose().status == "in_review"
        return
    with pytest.raises(workflow.VerdictContradictsEvidence) as warning:
        propose()
    assert warning.value.code == "verdict_contradicts_evidence" and warning.value.status == 422
    assert "override_reason" in warning.value.fields
    assert db.get(Claim, claim.id).status == "in_progress"
    moved = propose(override_reason="The 'contradicting' source is the claimant's rival.")
    assert moved.status == "in_review"
    verdict = db.exec(select(Verdict).where(Verdict.claim_id == claim.id)).one()
    assert verdict.override_reason == "The 'contradicting' source is the claimant's rival."
    assert audit.claim_history(db, claim_id=claim.id)[-1]["after"]["override_reason"]


def test_return_needs_a_comment_and_goes_back_to_the_same_reviewer(db, team, make_user):
    reviewer = team["reviewer"]
    claim = make_claim(db, reviewer, status="in_review", proposer=reviewer)
    with pytest.raises(Invalid) as refused:
        workflow.return_verdict(db, claim_id=claim.id, comment="  ", actor=team["editor"])
    assert refused.value.fields == {"comment": "required"}
    assert db.get(Claim, claim.id).status == "in_review"
    returned = workflow.return_verdict(db, claim_id=claim.id, comment="Which page?", actor=team["editor"])
    assert (returned.status, returned.assignee_id) == ("in_progress", reviewer.id)
    note = db.exec(select(Comment).where(Comment.claim_id == claim.id)).one()
    assert (note.kind, note.body, note.author_id) == ("return", "Which page?", team["editor"].id)
    assert db.exec(select(Verdict).where(Verdict.claim_id == claim.id)).one().state == "returned"
    # the reviewer revises: a new verdict row; the returned one stays
    propose_false(db, claim, reviewer)
    states = [v.state for v in workflow.verdicts(db, claim_id=claim.id)]
    assert states == ["returned", "proposed"]


def test_reopen_keeps_the_earlier_verdict_in_history_and_corrections(db, team, make_user):
    reviewer = team["reviewer"]
    claim = make_claim(db, reviewer, status="published", proposer=reviewer, approver=make_user("editor"))
    with pytest.raises(Invalid):
        workflow.reopen(db, claim_id=claim.id, note="", actor=team["editor"])
    reopened = workflow.reopen(
        db, claim_id=claim.id, note="The agency corrected its table.", actor=team["editor"]
    )
    assert (reopened.status, reopened.assignee_id) == ("in_progress", reviewer.id)
    old = db.exec(select(Verdict).where(Verdict.claim_id == claim.id)).one()
    assert (old.state, old.correction_note) == ("superseded", "The agency corrected its table.")
    log = corrections.corrections(db)
    assert [(c["claim_id"], c["note"], c["rating"]) for c in log] == [
        (claim.id, "The agency corrected its table.", "false")
    ]
    assert log[0]["corrected_by"] == "Editor Person" and log[0]["corrected_at"] is not None
    assert corrections.corrections(db, article_id=claim.article_id + 99) == []
    event = audit.claim_history(db, claim_id=claim.id)[-1]
    assert (event["action"], event["before"]["rating"], event["after"]["rating"]) == (
        "claim.reopen",
        "false",
        None,
    )
    # a new verdict can be proposed and published; the superseded one remains
    propose_false(db, claim, reviewer)
    workflow.approve(db, claim_id=claim.id, actor=team["editor"])
    assert [v.state for v in workflow.verdicts(db, claim_id=claim.id)] == ["superseded", "published"]
    assert len(corrections.corrections(db, article_id=claim.article_id)) == 1


def test_not_checkable_needs_a_reason_and_editors_reopen_it(db, team):
    claim = make_claim(db, team["reviewer"])
    with pytest.raises(Invalid):
        workflow.mark_not_checkable(db, claim_id=claim.id, reason="", actor=team["reviewer"])
    workflow.mark_not_checkable(db, claim_id=claim.id, reason="An opinion.", actor=team["reviewer"])
    assert db.exec(select(Comment.kind, Comment.body)).all() == [("not_checkable", "An opinion.")]
    with pytest.raises(Forbidden):
        workflow.reopen_not_checkable(db, claim_id=claim.id, actor=team["reviewer"])
    assert workflow.reopen_not_checkable(db, claim_id=claim.id, actor=team["editor"]).status == "open"


def test_assign_refuses_viewers_and_unknown_people(db, team, make_user):
    claim = make_claim(db, team["reviewer"])
    for name in ("viewer", "nobody"):
        with pytest.raises(Invalid) as refused:
            workflow.assign(db, claim_id=claim.id, assignee=name, actor=team["editor"])
        assert "assignee" in refused.value.fields
    workflow.assign(db, claim_id=claim.id, assignee="reviewer", actor=team["editor"])
    moved = workflow.assign(db, claim_id=claim.id, assignee="Admin", actor=team["editor"])
    assert moved.assignee_id == team["admin"].id
    event = audit.claim_history(db, claim_id=claim.id)[-1]
    assert (event["before"]["assignee"], event["after"]["assignee"]) == ("reviewer", "admin")


def test_every_move_writes_before_and_after(db, team):
    reviewer = team["reviewer"]
    claim = make_claim(db, reviewer)
    workflow.take(db, claim_id=claim.id, actor=reviewer)
    propose_false(db, claim, reviewer)
    event = audit.claim_history(db, claim_id=claim.id)[-1]
    assert event["before"] == {"status": "in_progress", "assignee": "reviewer", "rating": None}
    assert event["after"]["status"] == "in_review" and event["after"]["rating"] == "false"


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event"],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_change_audit_events(engine, db, team, statement):
    claim = make_claim(db, team["reviewer"])
    workflow.take(db, claim_id=claim.id, actor=team["reviewer"])
    before = db.exec(select(AuditEvent.id, AuditEvent.action).order_by(AuditEvent.id)).all()
    db.commit()  # end the read: on SQLite its transaction holds the write lock the statement below needs
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text(statement))
    db.expire_all()
    assert db.exec(select(AuditEvent.id, AuditEvent.action).order_by(AuditEvent.id)).all() == before


def test_comments_are_stored_and_rendered_safely(db, team):
    claim = make_claim(db, team["reviewer"])
    with pytest.raises(Forbidden):
        comments.add_comment(db, claim_id=claim.id, body="hi", actor=team["viewer"])
    with pytest.raises(Invalid):
        comments.add_comment(db, claim_id=claim.id, body=" ", actor=team["reviewer"])
    comments.add_comment(db, claim_id=claim.id, body="See **p. 4**", actor=team["reviewer"])
    [view] = comments.list_comments(db, claim_id=claim.id)
    assert (view.comment.body, view.author.username, view.label) == ("See **p. 4**", "reviewer", "comment")


@pytest.mark.parametrize(
    ("source", "present", "absent"),
    [
        (
            "**bold** and [link](https://un.org/x)",
            ["<strong>bold</strong>", 'href="https://un.org/x"', 'rel="nofollow noopener"'],
            [],
        ),
        ("<script>alert(1)</script>", ["&lt;script&gt;"], ["<script"]),
        ("[x](javascript:alert(1))", [], ["href="]),
        ("[x](/admin/users)", [], ["href="]),
        ('<img src=x onerror="alert(1)">', [], ["<img"]),
        ("[x](data:text/html,hi)", [], ["href="]),
    ],
)
def test_markdown_is_rendered_safely(source, present, absent):
    html = str(markdown.render(source))
    for piece in present:
        assert piece in html
    for piece in absent:
        assert piece not in html

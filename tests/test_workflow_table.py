"""Every workflow action, from every state, as every role: allowed moves and refusals (DOMAIN.md's table)."""

import pytest

from factcheck.errors import Conflict, Forbidden
from factcheck.services import workflow

from .workflow_helpers import make_claim

ROLES = ("viewer", "reviewer", "editor", "admin")
RANK = {"viewer": 1, "reviewer": 2, "editor": 3, "admin": 4}
# the claim's situation before the move: (status, held by the actor?)
SITUATIONS = {
    "open": ("open", False),
    "in_progress_mine": ("in_progress", True),
    "in_progress_other": ("in_progress", False),
    "in_review": ("in_review", False),
    "published": ("published", False),
    "not_checkable": ("not_checkable", False),
}
TARGET = {
    "take": "in_progress",
    "assign": "in_progress",
    "release": "open",
    "propose": "in_review",
    "return": "in_progress",
    "approve": "published",
    "reopen": "in_progress",
    "not_checkable": "not_checkable",
    "reopen_not_checkable": "open",
}


def expected(action: str, situation: str, role: str) -> str:
    """DOMAIN.md's lifecycle and role tables, written out independently of the service's table."""
    status, mine = SITUATIONS[situation]
    editor = RANK[role] >= RANK["editor"]
    reviewer = RANK[role] >= RANK["reviewer"]
    needs_editor = action in ("assign", "return", "approve", "reopen", "reopen_not_checkable")
    if not reviewer or (needs_editor and not editor):
        return "forbidden"
    sources = {
        "take": ("open",),
        "assign": ("open", "in_progress"),
        "release": ("in_progress",),
        "propose": ("in_progress",),
        "return": ("in_review",),
        "approve": ("in_review",),
        "reopen": ("published",),
        "not_checkable": ("open", "in_progress"),
        "reopen_not_checkable": ("not_checkable",),
    }[action]
    if status not in sources:
        return "conflict"
    if action == "propose" and not mine:
        return "forbidden"
    if action in ("release", "not_checkable") and status == "in_progress" and not mine and not editor:
        return "forbidden"
    return "ok"


CASES = [
    (action, situation, role)
    for action in workflow.ACTIONS
    for situation in SITUATIONS
    for role in ROLES
    if not (role == "viewer" and situation == "in_progress_mine")  # a viewer can never hold a claim
]


def run(db, action: str, claim_id: int, actor, target):
    arguments = {
        "take": lambda: workflow.take(db, claim_id=claim_id, actor=actor),
        "assign": lambda: workflow.assign(db, claim_id=claim_id, assignee=target.username, actor=actor),
        "release": lambda: workflow.release(db, claim_id=claim_id, actor=actor),
        "propose": lambda: workflow.propose(
            db, claim_id=claim_id, rating="false", rationale="The table says otherwise.", actor=actor
        ),
        "return": lambda: workflow.return_verdict(
            db, claim_id=claim_id, comment="Cite the page.", actor=actor
        ),
        "approve": lambda: workflow.approve(db, claim_id=claim_id, actor=actor),
        "reopen": lambda: workflow.reopen(
            db, claim_id=claim_id, note="The agency revised its table.", actor=actor
        ),
        "not_checkable": lambda: workflow.mark_not_checkable(
            db, claim_id=claim_id, reason="A prediction.", actor=actor
        ),
        "reopen_not_checkable": lambda: workflow.reopen_not_checkable(db, claim_id=claim_id, actor=actor),
    }
    return arguments[action]()


@pytest.mark.parametrize(("action", "situation", "role"), CASES, ids=["-".join(c) for c in CASES])
def test_transition(db, team, make_user, action, situation, role):
    actor = team[role]
    other = make_user("reviewer", username="other")
    target = make_user("reviewer", username="target")
    status, mine = SITUATIONS[situation]
    claim = make_claim(
        db,
        team["reviewer"],
        status=status,
        holder=actor if mine else other,
        proposer=other,
        approver=make_user("editor", username="editor2"),
    )
    version = claim.version
    want = expected(action, situation, role)
    if want == "ok":
        moved = run(db, action, claim.id, actor, target)
        assert moved.status == TARGET[action]
        assert moved.version == version + 1
        assert moved.updated_by_id == actor.id
        events = workflow_events(db, claim.id)
        assert events[-1]["action"] == f"claim.{action}"
        assert events[-1]["actor"] == actor.username
        assert events[-1]["before"]["status"] == status
        assert events[-1]["after"]["status"] == TARGET[action]
    else:
        error = Forbidden if want == "forbidden" else Conflict
        with pytest.raises(error) as raised:
            run(db, action, claim.id, actor, target)
        assert raised.value.message  # says why
        db.expire_all()
        unchanged = db.get(type(claim), claim.id)
        assert (unchanged.status, unchanged.version) == (status, version)
        assert action not in workflow.allowed_actions(db, unchanged, actor)


def workflow_events(db, claim_id):
    from factcheck.services import audit

    return [e for e in audit.claim_history(db, claim_id=claim_id) if e["action"].startswith("claim.")]


def test_the_service_table_is_the_domain_table():
    rows = {(t.action, t.source, t.target, t.capability) for t in workflow.TRANSITIONS}
    assert rows == {
        ("take", "open", "in_progress", "write"),
        ("assign", "open", "in_progress", "edit"),
        ("assign", "in_progress", "in_progress", "edit"),
        ("release", "in_progress", "open", "write"),
        ("propose", "in_progress", "in_review", "write"),
        ("return", "in_review", "in_progress", "edit"),
        ("approve", "in_review", "published", "edit"),
        ("reopen", "published", "in_progress", "edit"),
        ("not_checkable", "open", "not_checkable", "write"),
        ("not_checkable", "in_progress", "not_checkable", "write"),
        ("reopen_not_checkable", "not_checkable", "open", "edit"),
    }

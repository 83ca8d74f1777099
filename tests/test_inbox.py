"""The inbox service: who is told what by each move, @mentions (unknown, inactive, self), reading and marking."""

import pytest
from sqlmodel import select

from factcheck.errors import Forbidden, Invalid, NotFound
from factcheck.models import Notification
from factcheck.services import comments, inbox, users, workflow

from .workflow_helpers import make_claim


def told(db, user=None):
    """(username told, kind, claim id, actor's username, body) of every notification, oldest first."""
    db.expire_all()
    rows = db.exec(select(Notification).order_by(Notification.id)).all()
    names = {u.id: u.username for u in users.list_users(db)}
    return [
        (names[n.user_id], n.kind, n.claim_id, names.get(n.actor_id), n.body)
        for n in rows
        if user is None or n.user_id == user.id
    ]


def test_assigning_tells_the_assignee_but_taking_or_assigning_oneself_tells_nobody(db, team):
    first = make_claim(db, team["reviewer"])
    workflow.assign(db, claim_id=first.id, assignee="reviewer", actor=team["editor"])
    assert told(db) == [("reviewer", "assigned", first.id, "editor", None)]
    second = make_claim(db, team["reviewer"])
    workflow.take(db, claim_id=second.id, actor=team["reviewer"])
    workflow.assign(db, claim_id=make_claim(db, team["editor"]).id, assignee="editor", actor=team["editor"])
    assert len(told(db)) == 1


def test_a_return_tells_the_proposer_with_the_editors_reason(db, team):
    claim = make_claim(db, team["reviewer"], status="in_review", proposer=team["reviewer"])
    workflow.return_verdict(db, claim_id=claim.id, comment="Cite **p. 4**.", actor=team["editor"])
    assert told(db) == [("reviewer", "returned", claim.id, "editor", "Cite **p. 4**.")]


def test_an_approval_tells_the_proposer(db, team):
    claim = make_claim(db, team["reviewer"], status="in_review", proposer=team["reviewer"])
    workflow.approve(db, claim_id=claim.id, actor=team["editor"])
    assert told(db) == [("reviewer", "approved", claim.id, "editor", None)]


def test_a_reopening_tells_the_last_proposer_with_the_note(db, team):
    claim = make_claim(
        db, team["reviewer"], status="published", proposer=team["reviewer"], approver=team["admin"]
    )
    workflow.reopen(db, claim_id=claim.id, note="The agency revised it.", actor=team["editor"])
    assert told(db) == [("reviewer", "reopened", claim.id, "editor", "The agency revised it.")]


def test_a_refused_move_tells_nobody(db, team):
    claim = make_claim(db, team["reviewer"], status="in_review", proposer=team["editor"])
    with pytest.raises(Forbidden):  # four eyes
        workflow.approve(db, claim_id=claim.id, actor=team["editor"])
    with pytest.raises(Invalid):
        workflow.return_verdict(db, claim_id=claim.id, comment="  ", actor=team["admin"])
    assert told(db) == []


def test_mentions_in_a_comment_reach_active_people_only_once_and_never_oneself(db, team, make_user):
    claim = make_claim(db, team["reviewer"])
    gone = make_user("reviewer", username="gone.person")
    users.set_active(db, user_id=gone.id, active=False, actor=team["admin"])
    body = (
        "@Editor and @viewer, see this. @editor again; @nobody-here, @gone.person, me @reviewer, "
        "mail reviewer@example.org, https://x.example/@admin, and @admin."
    )
    comments.add_comment(db, claim_id=claim.id, body=body, actor=team["reviewer"])
    assert sorted((who, kind) for who, kind, *_ in told(db)) == [
        ("admin", "mention"),  # "@admin." at the end of the sentence: the full stop is not the name's
        ("editor", "mention"),
        ("viewer", "mention"),  # viewers are told of mentions too
    ]
    assert {body} == {b for *_, b in told(db)}


def test_mention_parsing():
    assert inbox.mentioned_usernames("@Maria, @j.doe. (@x) a@b.c /@path @under_score_") == {
        "maria",
        "j.doe.",
        "j.doe",
        "under_score_",
        "under_score",
    }
    assert inbox.mentioned_usernames("no one here @ all") == set()
    assert inbox.mentioned_usernames(None) == set()


def test_a_return_reason_mentioning_the_proposer_tells_them_once_and_others_by_mention(db, team):
    claim = make_claim(db, team["reviewer"], status="in_review", proposer=team["reviewer"])
    reason = "@reviewer please ask @admin for the table."
    workflow.return_verdict(db, claim_id=claim.id, comment=reason, actor=team["editor"])
    assert sorted((who, kind) for who, kind, *_ in told(db)) == [
        ("admin", "mention"),
        ("reviewer", "returned"),
    ]


def test_the_inbox_lists_unread_first_newest_first_and_counts(db, team):
    first, second, third = (make_claim(db, team["reviewer"]) for _ in range(3))
    for claim in (first, second, third):
        workflow.assign(db, claim_id=claim.id, assignee="reviewer", actor=team["editor"])
    reviewer = team["reviewer"]
    assert inbox.unread_count(db, user=reviewer) == 3
    oldest = inbox.list_inbox(db, user=reviewer).items[-1].notification
    assert inbox.mark_read(db, user=reviewer, ids=[oldest.id]) == 1
    assert inbox.mark_read(db, user=reviewer, ids=[oldest.id]) == 0  # again: nothing changes
    page = inbox.list_inbox(db, user=reviewer)
    assert [i.notification.claim_id for i in page.items] == [third.id, second.id, first.id]
    assert [i.notification.read_at is None for i in page.items] == [True, True, False]
    assert page.unread == 2 and page.total == 3
    assert page.items[0].claim_text == third.text and page.items[0].actor.username == "editor"
    assert page.items[0].what == "assigned you a claim"
    unread = inbox.list_inbox(db, user=reviewer, unread_only=True, per_page=1)
    assert unread.total == 2 and len(unread.items) == 1 and unread.pages == 2
    assert inbox.list_inbox(db, user=team["editor"]).total == 0  # nobody else's
    assert inbox.mark_read(db, user=reviewer, everything=True) == 2
    assert inbox.unread_count(db, user=reviewer) == 0


def test_marking_read_refuses_someone_elses_or_no_ids(db, team):
    claim = make_claim(db, team["reviewer"])
    workflow.assign(db, claim_id=claim.id, assignee="reviewer", actor=team["editor"])
    mine = inbox.list_inbox(db, user=team["reviewer"]).items[0].notification.id
    with pytest.raises(Invalid):
        inbox.mark_read(db, user=team["editor"], ids=[mine])
    with pytest.raises(Invalid):
        inbox.mark_read(db, user=team["reviewer"])
    with pytest.raises(Invalid):
        inbox.mark_read(db, user=team["reviewer"], ids=[mine], everything=True)
    with pytest.raises(NotFound):
        inbox.get_notification(db, notification_id=mine, user=team["editor"])
    with pytest.raises(Invalid):
        inbox.list_inbox(db, user=team["reviewer"], per_page=1000)
    assert inbox.unread_count(db, user=team["reviewer"]) == 1

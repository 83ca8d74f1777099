"""The inbox screen, the unread count in the navigation, the approve and deactivate confirmation steps, and the
claim screen's clear states (returned, why the verdict panel is empty, who holds the claim)."""

import re

from factcheck.models import Claim, User
from factcheck.services import comments, inbox, workflow

from .workflow_helpers import make_claim


def fresh(db, model, id_):
    db.rollback()
    db.expire_all()
    return db.get(model, id_)


def unread_badge(html: str) -> str | None:
    match = re.search(r'<span class="unread-count" id="nav-unread"[^>]*>(\d+)</span>', html)
    return match.group(1) if match else None


def test_a_return_shows_in_the_inbox_rendered_and_in_the_nav_count(client, db, team, login, post_form):
    claim = make_claim(db, team["reviewer"], status="in_review", proposer=team["reviewer"])
    workflow.return_verdict(
        db, claim_id=claim.id, comment="Cite **p. 4** <script>x</script>", actor=team["editor"]
    )
    login(team["reviewer"])
    html = client.get("/queue").get_data(as_text=True)
    assert unread_badge(html) == "1"
    html = client.get("/inbox").get_data(as_text=True)
    assert "returned your verdict" in html and "Editor Person" in html
    assert "<strong>p. 4</strong>" in html and "<script>x" not in html  # Markdown rendered, HTML not
    assert unread_badge(client.get("/inbox").get_data(as_text=True)) == "1"  # a visit (GET) changes nothing
    item = inbox.list_inbox(db, user=team["reviewer"]).items[0].notification
    response = post_form(f"/inbox/{item.id}/open")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/claims/{claim.id}")
    assert unread_badge(client.get("/inbox").get_data(as_text=True)) is None


def test_mark_read_and_mark_all_read_need_a_post_with_csrf(client, db, team, login, post_form):
    for _ in range(3):
        claim = make_claim(db, team["reviewer"])
        workflow.assign(db, claim_id=claim.id, assignee="reviewer", actor=team["editor"])
    login(team["reviewer"])
    ids = [i.notification.id for i in inbox.list_inbox(db, user=team["reviewer"]).items]
    assert client.post("/inbox/read", data={"id": ids[0]}).status_code == 400  # no CSRF token
    assert post_form("/inbox/read", {"id": ids[0]}).status_code == 302
    assert inbox.unread_count(db, user=team["reviewer"]) == 2
    response = post_form("/inbox/read", {"id": "x"}, follow_redirects=True)
    assert "not in your inbox" in response.get_data(as_text=True)
    html = client.get("/inbox?unread=1").get_data(as_text=True)
    assert html.count('class="inbox-item') == 2
    assert post_form("/inbox/read", {"all": "1"}).status_code == 302
    assert inbox.unread_count(db, user=team["reviewer"]) == 0


def test_someone_elses_notification_cannot_be_opened_or_marked(client, db, team, login, post_form):
    claim = make_claim(db, team["reviewer"])
    workflow.assign(db, claim_id=claim.id, assignee="reviewer", actor=team["editor"])
    theirs = inbox.list_inbox(db, user=team["reviewer"]).items[0].notification.id
    login(team["viewer"])
    assert post_form(f"/inbox/{theirs}/open").status_code == 404
    response = post_form("/inbox/read", {"id": theirs}, follow_redirects=True)
    assert f"There is no notification {theirs} in your inbox." in response.get_data(as_text=True)
    assert inbox.unread_count(db, user=team["reviewer"]) == 1


def test_a_viewer_is_told_of_a_mention(client, db, team, login):
    claim = make_claim(db, team["reviewer"])
    comments.add_comment(db, claim_id=claim.id, body="@viewer have a look", actor=team["reviewer"])
    login(team["viewer"])
    html = client.get("/inbox").get_data(as_text=True)
    assert "mentioned you" in html and unread_badge(html) == "1"


def test_approve_asks_first_with_a_preview_and_publishes_only_on_confirmation(
    client, db, team, login, post_form
):
    claim = make_claim(db, team["reviewer"], status="in_review", proposer=team["reviewer"])
    login(team["editor"])
    screen = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert re.search(r'<form method="get" action="/claims/\d+/approve" id="approve-form"', screen)
    page = client.get(f"/claims/{claim.id}/approve").get_data(as_text=True)
    assert 'id="public-preview"' in page and "False" in page and claim.text in page
    assert "own table says so.</p>" in page and 'name="confirm" value="1"' in page
    assert fresh(db, Claim, claim.id).status == "in_review"
    # an old one-click form (no confirm) shows the confirmation, and publishes nothing
    again = post_form(f"/claims/{claim.id}/approve", {"version": 1})
    assert again.status_code == 200 and 'id="public-preview"' in again.get_data(as_text=True)
    assert fresh(db, Claim, claim.id).status == "in_review"
    done = post_form(f"/claims/{claim.id}/approve", {"version": 1, "confirm": "1"})
    assert done.status_code == 302 and fresh(db, Claim, claim.id).status == "published"
    refused = client.get(f"/claims/{claim.id}/approve")  # published now: nothing to approve
    assert refused.status_code == 409


def test_approve_confirmation_refuses_the_proposer_and_reviewers(client, db, team, login):
    claim = make_claim(db, team["editor"], status="in_review", proposer=team["editor"])
    login(team["editor"])
    response = client.get(f"/claims/{claim.id}/approve")
    assert response.status_code == 403 and "four eyes" in response.get_data(as_text=True)


def test_deactivate_asks_first_and_says_what_it_does(client, db, team, login, post_form):
    make_claim(db, team["reviewer"], status="in_progress", holder=team["reviewer"])
    login(team["admin"])
    team_page = client.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{team["reviewer"].id}/deactivate" class="inline deactivate"' in team_page
    page = client.get(f"/admin/users/{team['reviewer'].id}/deactivate").get_data(as_text=True)
    assert "signed out everywhere" in page and "1 claim</strong>" in page
    assert fresh(db, User, team["reviewer"].id).active  # asking changes nothing
    assert post_form(f"/admin/users/{team['reviewer'].id}/deactivate").status_code == 302
    assert not fresh(db, User, team["reviewer"].id).active


def test_the_verdict_panel_says_why_it_is_empty_and_offers_the_take(client, db, team, login, make_user):
    claim = make_claim(db, team["reviewer"])
    login(team["reviewer"])
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'id="verdict-next"' in html and 'id="verdict-take-form"' in html
    assert "Take this claim first" in html and "<dt><kbd>t</kbd></dt>" in html
    assert "Nobody holds this claim: you may add evidence" in html
    other = make_claim(
        db, team["reviewer"], status="in_progress", holder=make_user("reviewer", display_name="Ola")
    )
    html = client.get(f"/claims/{other.id}").get_data(as_text=True)
    assert "Ola holds this claim: only they can propose its verdict." in html
    assert "Ola holds this claim: what you add goes on their claim." in html
    assert 'id="verdict-take-form"' not in html and "<dt><kbd>t</kbd></dt>" not in html


def test_a_returned_claim_says_so_and_the_history_renders_markdown(client, db, team, login):
    claim = make_claim(db, team["reviewer"], status="in_review", proposer=team["reviewer"])
    workflow.return_verdict(db, claim_id=claim.id, comment="Link **the table**.", actor=team["editor"])
    login(team["reviewer"])
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'id="claim-returned"' in html
    assert '<div class="detail markdown"><p>Link <strong>the table</strong>.</p>' in html
    assert "**the table**" not in html.split('id="history"')[1]
    assert "</strong> returned the verdict · <time" in html  # the comment's label, not "returned with ·"

"""The queue: filters, sorting, counts, take-next order, bulk changes, the page and the CLI."""

from datetime import date, timedelta

import pytest

from factcheck.errors import Forbidden, Invalid
from factcheck.models import Claim
from factcheck.services import queue, workflow
from factcheck.services.claim_filters import ClaimFilters
from factcheck.timeutil import utcnow

from .workflow_helpers import make_article, make_claim


@pytest.fixture
def desk(db, team):
    article = make_article(db, team["reviewer"])
    other = make_article(db, team["reviewer"], title="Budget")
    made = {
        # a priority other than normal is an editor's planning (services.claims.create_claim)
        "low": make_claim(db, team["editor"], article_id=article.id, priority=1, text="Low one"),
        "urgent": make_claim(db, team["editor"], article_id=article.id, priority=4, text="Urgent one"),
        "normal": make_claim(db, team["reviewer"], article_id=other.id, priority=2, text="Normal one"),
        "held": make_claim(
            db, team["reviewer"], article_id=article.id, status="in_progress", text="Held one"
        ),
        "review": make_claim(db, team["reviewer"], article_id=other.id, status="in_review", rating="false"),
    }
    return article, other, made


def ids(page):
    return [row.claim.id for row in page.items]


def test_filters_counts_and_order(db, team, desk):
    article, other, made = desk
    page = queue.list_claims(db)
    assert page.total == 5 and page.counts["open"] == 3 and page.counts["in_review"] == 1
    assert ids(page)[:1] == [made["urgent"].id]
    open_page = queue.list_claims(db, filters=ClaimFilters(status="open"))
    assert ids(open_page) == [made["urgent"].id, made["normal"].id, made["low"].id]
    assert open_page.counts["in_progress"] == 1  # counts ignore the status filter
    by_article = queue.list_claims(db, filters=ClaimFilters(article_id=other.id))
    assert ids(by_article) == [made["normal"].id, made["review"].id]
    assert ids(queue.list_claims(db, filters=ClaimFilters(rating="false"))) == [made["review"].id]
    assert ids(queue.list_claims(db, filters=ClaimFilters(assignee="reviewer", status="in_progress"))) == [
        made["held"].id
    ]
    mine = queue.list_claims(db, filters=ClaimFilters(mine=True), actor=team["reviewer"])
    assert ids(mine) == [made["held"].id, made["review"].id]
    assert ids(queue.list_claims(db, filters=ClaimFilters(mine=True), actor=team["editor"])) == []
    assert ids(queue.list_claims(db, filters=ClaimFilters(priority=1))) == [made["low"].id]
    assert ids(queue.list_claims(db, filters=ClaimFilters(q="URGENT"))) == [made["urgent"].id]
    second = queue.list_claims(db, per_page=2, page=2)
    assert second.pages == 3 and len(second.items) == 2
    with pytest.raises(Invalid):
        queue.list_claims(db, filters=ClaimFilters(status="lost"))
    with pytest.raises(Invalid):
        ClaimFilters.of(status="lost")
    with pytest.raises(Invalid):
        queue.list_claims(db, sort="random")


def test_due_filters(db, team, desk):
    _, _, made = desk
    today = utcnow().date()
    queue.bulk_due(db, claim_ids=[made["low"].id], due_date=today - timedelta(days=1), actor=team["editor"])
    queue.bulk_due(
        db, claim_ids=[made["normal"].id], due_date=today + timedelta(days=3), actor=team["editor"]
    )
    assert ids(queue.list_claims(db, filters=ClaimFilters(due="overdue"))) == [made["low"].id]
    assert ids(queue.list_claims(db, filters=ClaimFilters(due="week"))) == [made["normal"].id]
    assert ids(queue.list_claims(db, sort="due"))[:2] == [made["low"].id, made["normal"].id]


def test_take_next_hands_out_highest_priority_then_oldest(db, team, desk):
    _, _, made = desk
    got = [queue.take_next(db, actor=team["reviewer"]).id for _ in range(3)]
    assert got == [made["urgent"].id, made["normal"].id, made["low"].id]
    assert queue.take_next(db, actor=team["reviewer"]) is None
    claim = db.get(Claim, made["urgent"].id)
    assert (claim.status, claim.assignee_id, claim.version) == ("in_progress", team["reviewer"].id, 2)
    with pytest.raises(Forbidden):
        queue.take_next(db, actor=team["viewer"])


def test_bulk_changes_report_refusals_per_claim(db, team, desk):
    _, _, made = desk
    with pytest.raises(Forbidden):
        queue.bulk_priority(db, claim_ids=[made["low"].id], priority=4, actor=team["reviewer"])
    result = queue.bulk_assign(
        db, claim_ids=[made["low"].id, made["review"].id], assignee="reviewer", actor=team["editor"]
    )
    assert result.done == [made["low"].id] and "in review" in result.refused[made["review"].id]
    result = queue.bulk_priority(
        db, claim_ids=[made["low"].id, made["normal"].id], priority=3, actor=team["editor"]
    )
    assert result.done == [made["low"].id, made["normal"].id]
    assert {db.get(Claim, i).priority for i in result.done} == {3}
    with pytest.raises(Invalid):
        queue.bulk_priority(db, claim_ids=[made["low"].id], priority=9, actor=team["editor"])


def test_queue_page_filters_and_takes_next(client, db, team, login, post_form, desk):
    _, _, made = desk
    login(team["reviewer"])
    html = client.get("/queue?status=open").get_data(as_text=True)
    assert "Urgent one" in html and "Held one" not in html and "Take next" in html
    assert 'name="claim_ids"' not in html  # bulk controls are for editors
    response = post_form("/queue/next")
    assert response.status_code == 302 and f"/claims/{made['urgent'].id}" in response.headers["Location"]
    db.expire_all()
    assert db.get(Claim, made["urgent"].id).assignee_id == team["reviewer"].id
    mine = client.get("/queue?mine=1").get_data(as_text=True)
    assert "Urgent one" in mine and "Low one" not in mine


def test_queue_page_bulk_for_editors(client, db, team, login, post_form, desk):
    _, _, made = desk
    login(team["editor"])
    assert 'name="claim_ids"' in client.get("/queue").get_data(as_text=True)
    due = date(2031, 1, 2)
    response = post_form(
        "/queue/bulk",
        {"operation": "due", "due_date": due.isoformat(), "claim_ids": [made["low"].id, made["normal"].id]},
    )
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Claim, made["low"].id).due_date == due
    post_form("/queue/bulk", {"operation": "assign", "assignee": "reviewer", "claim_ids": [made["low"].id]})
    db.rollback()  # end the read snapshot: see the request's commit
    db.expire_all()
    assert db.get(Claim, made["low"].id).assignee_id == team["reviewer"].id


def test_cli_take_next_and_assign(runner, db, team, desk):
    _, _, made = desk
    result = runner.invoke(args=["take-next", "reviewer"])
    assert result.exit_code == 0 and result.output.startswith(f"{made['urgent'].id}\t")
    result = runner.invoke(args=["assign", str(made["low"].id), "admin", "--by", "reviewer"])
    assert result.exit_code != 0 and "editor" in result.output
    result = runner.invoke(args=["assign", str(made["low"].id), "admin", "--by", "editor"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert db.get(Claim, made["low"].id).assignee_id == team["admin"].id
    assert workflow.allowed_actions(db, db.get(Claim, made["low"].id), team["admin"])


def test_the_queue_export_link_carries_the_filters_on_screen(client, db, team, login):
    import re

    login(team["reviewer"])
    html = client.get("/queue").get_data(as_text=True)
    link = re.search(r'href="([^"]*/export/verdicts\.csv[^"]*)" class="export"', html).group(1)
    assert "status=all" in link
    html = client.get("/queue?status=in_review&mine=1").get_data(as_text=True)
    link = (
        re.search(r'href="([^"]*/export/verdicts\.csv[^"]*)" class="export"', html)
        .group(1)
        .replace("&amp;", "&")
    )
    assert "status=in_review" in link and "assignee=reviewer" in link
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "text/csv"

"""The editors' dashboard: the figures (services.dashboard) and the page with its server-side SVG charts."""

from datetime import UTC, datetime, timedelta

import pytest

from factcheck.services import dashboard

from .export_factory import add_verdict, make_article, make_claim, publish

NOW = datetime(2024, 6, 12, 12, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def desk(db, team):
    reviewer, editor = team["reviewer"], team["editor"]
    article = make_article(db, reviewer)
    hours = [10, 30, 50]
    for n, h in enumerate(hours):
        publish(
            db,
            article,
            f"Claim {n}",
            reviewer=reviewer,
            approver=editor,
            rating="false" if n else "true",
            decided_at=NOW - timedelta(days=7 * n),
            created_at=NOW - timedelta(days=7 * n, hours=h),
        )
    held = make_claim(db, article, reviewer, "Held", status="in_progress")
    held.assignee_id = reviewer.id
    waiting = make_claim(db, article, reviewer, "Waiting", status="in_review")
    waiting.assignee_id = reviewer.id
    db.add_all([held, waiting])
    db.commit()
    add_verdict(db, waiting, rating="misleading", reviewer=reviewer)
    make_claim(db, article, reviewer, "Open one")
    return article


def test_claims_by_status_and_rating(db, desk):
    by_status = {bar.key: bar.value for bar in dashboard.claims_by_status(db)}
    assert by_status == {"open": 1, "in_progress": 1, "in_review": 1, "published": 3, "not_checkable": 0}
    by_rating = {bar.key: bar.value for bar in dashboard.claims_by_rating(db)}
    assert by_rating == {
        "true": 1,
        "mostly-true": 0,
        "misleading": 0,
        "mostly-false": 0,
        "false": 2,
        "unproven": 0,
    }


def test_published_per_week_and_median(db, desk):
    weeks = dashboard.published_per_week(db, now=NOW)
    assert len(weeks) == 12
    assert [bar.value for bar in weeks[-3:]] == [1, 1, 1]
    assert weeks[-1].key == "2024-06-10"  # the Monday of NOW's week
    assert sum(bar.value for bar in weeks) == 3
    median, count = dashboard.median_hours_to_publish(db)
    assert (median, count) == (30, 3)


def test_median_is_none_when_nothing_is_published(db, team):
    assert dashboard.median_hours_to_publish(db) == (None, 0)


def test_workload_per_reviewer(db, desk, team):
    load = {w.username: w for w in dashboard.reviewer_workload(db, now=NOW)}
    assert "viewer" not in load
    reviewer = load["reviewer"]
    assert (reviewer.in_progress, reviewer.in_review, reviewer.total_open) == (1, 1, 2)
    assert reviewer.published_recently == 3  # all three within 30 days of NOW
    assert load["editor"].approved_recently == 3
    assert load["editor"].published_recently == 0


def test_the_page_draws_svg_charts_for_editors_only(client, login, team, desk):
    login(team["editor"])
    response = client.get("/dashboard")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<svg") >= 4  # status, rating, weeks, and the workload bars
    assert 'id="chart-status"' in html and 'id="chart-rating"' in html and 'id="chart-weeks"' in html
    assert '<g class="bar" data-key="published" data-value="3">' in html
    assert '<g class="bar" data-key="false" data-value="2">' in html
    assert 'fill="#cf222e"' in html  # the False colour from the scale
    assert 'data-username="reviewer"' in html
    assert "<script" not in html.split("</header>", 1)[1].split("<script src=", 1)[0]


def test_reviewers_may_not_see_the_dashboard(client, login, team):
    login(team["reviewer"])
    assert client.get("/dashboard").status_code == 403

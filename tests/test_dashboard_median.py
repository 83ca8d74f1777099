"""The dashboard's median time to publish, worked out in the database, equals statistics.median over every
published claim (an even count: the mean of the two in the middle; superseded and proposed ones left out)."""

import statistics
from datetime import UTC, datetime, timedelta

from factcheck.services import dashboard

from .export_factory import make_article, publish

NOW = datetime(2024, 6, 12, 12, 0, tzinfo=UTC)


def test_median_of_an_even_count_with_uneven_gaps(db, team):
    article = make_article(db, team["reviewer"])
    hours = [0.25, 100, 3.5, 7, 7, 41.75]
    for n, h in enumerate(hours):
        publish(
            db, article, f"Claim {n}", reviewer=team["reviewer"], approver=team["editor"], rating="false",
            decided_at=NOW - timedelta(days=n), created_at=NOW - timedelta(days=n, hours=h, microseconds=n),
        )  # fmt: skip
    expected = statistics.median(h + n / 3.6e9 for n, h in enumerate(hours))
    median, count = dashboard.median_hours_to_publish(db)
    assert count == len(hours)
    assert abs(median - expected) < 1e-9

"""SQLite's planner statistics: refreshed at start-up, so the planner picks the index that finds the rows."""

import pytest
from sqlalchemy import text

from factcheck import create_app
from factcheck.db import make_engine, refresh_statistics

from .conftest import PG_URL
from .export_factory import make_article, make_claim

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite's ANALYZE (PostgreSQL's autovacuum analyses)")


def _statistics(engine) -> set[str]:
    with engine.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first():
            return set()
        return set(connection.execute(text("SELECT idx FROM sqlite_stat1 WHERE tbl = 'claim'")).scalars())


def test_the_app_refreshes_sqlite_statistics_when_it_starts(engine, db, team, tmp_path):
    article = make_article(db, team["reviewer"])
    for n in range(3):
        make_claim(db, article, team["reviewer"], f"Claim {n}")
    db.commit()
    path = engine.url.database
    assert "ix_claim_rating_queue_order" not in _statistics(engine)
    create_app(
        {"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{path}", "UPLOAD_DIR": str(tmp_path / "files")}
    )
    assert {"ix_claim_rating_queue_order", "ix_claim_status_due"} <= _statistics(engine)


def test_no_statistics_for_a_database_that_does_not_exist_yet(tmp_path):
    missing = tmp_path / "new.sqlite"
    assert refresh_statistics(make_engine(f"sqlite:///{missing}")) is False
    assert not missing.exists()

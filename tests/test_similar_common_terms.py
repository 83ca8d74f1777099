"""Similar-claim lookups count each term's claims to plan the search; a term found common (RARE or more) keeps
its count for COMMON_KEPT_SECONDS, a rare one is counted every time (the next claim may change it)."""

from sqlmodel import Session

from factcheck.services import claims, similar

from .statements import statements_sent
from .workflow_helpers import make_article


def _probes(engine, run) -> int:
    return sum("count(*)" in statement.lower() for statement in statements_sent(engine, run))


def test_a_common_terms_count_is_kept_a_while_and_a_rare_ones_never(db, engine, team, monkeypatch):
    monkeypatch.setattr(similar, "RARE", 3)
    monkeypatch.setattr(similar, "_COMMON", {})
    article = make_article(db, team["editor"])
    for n in range(4):
        claims.create_claim(
            db, article_id=article.id, text=f"Rents rose by {n + 10} percent.", actor=team["editor"]
        )
    claims.create_claim(db, article_id=article.id, text="Harbour fees doubled.", actor=team["editor"])
    db.commit()

    def count():
        return similar._document_frequencies(db, ["rents", "harbour"])

    assert _probes(engine, count) == 2
    assert count() == {"rents": 4, "harbour": 1}
    assert _probes(engine, count) == 1  # "rents" is common: kept; "harbour" counted again

    later = similar._clock() + similar.COMMON_KEPT_SECONDS + 1
    monkeypatch.setattr(similar, "_clock", lambda: later)
    assert _probes(engine, count) == 2  # the window is over: both counted again


def test_the_counts_work_on_a_session_bound_to_a_connection(engine, team, db):
    """The app's requests bind their session to a connection, not to the engine."""
    article = make_article(db, team["editor"])
    claims.create_claim(db, article_id=article.id, text="Rents rose by 12 percent.", actor=team["editor"])
    db.commit()
    with engine.connect() as connection, Session(bind=connection) as session:
        assert similar._document_frequencies(session, ["rents"]) == {"rents": 1}

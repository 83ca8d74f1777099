"""The claim screen's previous / next (queue.neighbours): keyset queries giving what the old walk over every
claim id in the queue's default order gave, ties in priority and created_at included."""

import random
from datetime import timedelta

from sqlmodel import select

from factcheck.models import Claim
from factcheck.services import queue
from factcheck.timeutil import utcnow

from .workflow_helpers import make_article


def _old_neighbours(db, claim_id: int) -> tuple[int | None, int | None]:
    """The behaviour replaced: every id in the default order, then the ones either side."""
    ids = list(db.exec(select(Claim.id).order_by(*queue.SORTS["priority"][1])).all())
    if claim_id not in ids:
        return None, None
    index = ids.index(claim_id)
    return (ids[index - 1] if index > 0 else None, ids[index + 1] if index + 1 < len(ids) else None)


def test_neighbours_match_the_full_ordering_with_ties(db, team):
    article = make_article(db, team["editor"])
    base = utcnow().replace(microsecond=0)
    moments = [base, base, base + timedelta(seconds=1), base - timedelta(hours=3), base + timedelta(days=2)]
    shuffle = random.Random(7)
    for n in range(40):
        db.add(
            Claim(
                article_id=article.id,
                text=f"Claim {n}",
                priority=shuffle.choice((1, 2, 2, 3, 4)),  # ties in priority ...
                created_at=shuffle.choice(moments),  # ... and in created_at: id decides
                created_by_id=team["editor"].id,
                updated_by_id=team["editor"].id,
            )
        )
    db.commit()
    claims = db.exec(select(Claim)).all()
    ordered = list(db.exec(select(Claim.id).order_by(*queue.SORTS["priority"][1])).all())
    assert len(ordered) == 40
    for claim in claims:
        assert queue.neighbours(db, claim=claim) == _old_neighbours(db, claim.id), claim.id
    first, last = db.get(Claim, ordered[0]), db.get(Claim, ordered[-1])
    assert queue.neighbours(db, claim=first) == (None, ordered[1])
    assert queue.neighbours(db, claim=last) == (ordered[-2], None)
    assert queue.neighbours(db, claim=Claim(id=10_000, article_id=article.id, text="gone")) == (None, None)


def test_a_lone_claim_has_no_neighbours(db, team):
    article = make_article(db, team["editor"])
    claim = Claim(article_id=article.id, text="Alone", created_by_id=team["editor"].id)
    db.add(claim)
    db.commit()
    assert queue.neighbours(db, claim=claim) == (None, None)

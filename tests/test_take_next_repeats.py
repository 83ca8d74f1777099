"""Take-next passes over an open claim that repeats one being worked on. It remembers the repeats it found,
so the next take-next does not score the same claim again while nothing has changed, and scores it again
once its twin is done, or either claim changed."""

from factcheck.models import Claim
from factcheck.services import claims, queue, similar

from .test_similar import HAFTAR
from .workflow_helpers import make_claim


def test_a_repeat_is_scored_once_while_its_twin_is_busy(db, team, monkeypatch):
    scored: list[int] = []
    real = similar.busy_duplicate

    def counting(session, *, claim):
        scored.append(claim.id)
        return real(session, claim=claim)

    monkeypatch.setattr(similar, "busy_duplicate", counting)
    busy = make_claim(db, team["editor"], status="in_progress", holder=team["editor"], text=HAFTAR)
    repeat = make_claim(db, team["editor"], priority=4, text=HAFTAR.replace("Six", "6"))
    first = make_claim(db, team["editor"], priority=2, text="Rents rose by 12 percent.")
    second = make_claim(db, team["editor"], priority=2, text="The port handled 40 ships in May.")

    assert queue.take_next(db, actor=team["reviewer"]).id == first.id
    assert scored == [repeat.id, first.id]
    assert queue.take_next(db, actor=team["reviewer"]).id == second.id
    assert scored == [repeat.id, first.id, second.id]  # the repeat was not scored again
    assert queue.take_next(db, actor=team["reviewer"]) is None  # nothing but the repeat is open

    # its wording changed: scored again (and still a repeat)
    edited = claims.update_claim(
        db, claim_id=repeat.id, version=db.get(Claim, repeat.id).version, actor=team["editor"],
        text=HAFTAR.replace("Six", "six"),
    )  # fmt: skip
    scored.clear()
    assert queue.take_next(db, actor=team["reviewer"]) is None
    assert scored == [edited.id]

    # its twin is done: scored again, and handed out
    db.get(Claim, busy.id).status = "published"
    db.commit()
    scored.clear()
    assert queue.take_next(db, actor=team["reviewer"]).id == repeat.id
    assert scored == [repeat.id]

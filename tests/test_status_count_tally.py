"""The count of claims per status that the database keeps (migration 0010, claim_status_count): whatever
happens to the claims (the workflow's moves, writes that bypass it, removals, many changes that fold the
deltas), the unfiltered queue's counts are what a GROUP BY over the claims gives."""

from sqlalchemy import func, text
from sqlmodel import select

from factcheck.models import STATUSES, Claim
from factcheck.services import queue, workflow
from factcheck.services.claim_filters import ClaimFilters

from .workflow_helpers import make_article, make_claim


def grouped(db) -> dict[str, int]:
    return dict.fromkeys(STATUSES, 0) | dict(
        db.exec(select(Claim.status, func.count()).group_by(Claim.status)).all()
    )


def tally_rows(db) -> int:
    return db.execute(text("SELECT count(*) FROM claim_status_count")).scalar_one()


def test_the_kept_counts_follow_moves_direct_writes_and_removals(db, team):
    article = make_article(db, team["reviewer"])
    for status in ("open", "open", "in_progress", "published", "not_checkable"):
        make_claim(db, team["reviewer"], status=status, article_id=article.id, text=f"A {status} claim.")
    assert queue.status_counts(db, filters=ClaimFilters()) == grouped(db)
    taken = queue.take_next(db, actor=team["reviewer"])  # open -> in progress, through the workflow
    assert taken is not None
    assert queue.status_counts(db, filters=ClaimFilters()) == grouped(db)
    assert grouped(db)["in_progress"] == 2
    workflow.release(db, claim_id=taken.id, actor=team["reviewer"])
    # a write that bypasses the services (a repair by hand, say), a rolled-back change, a removal
    db.execute(text("UPDATE claim SET status = 'in_review' WHERE id = :id"), {"id": taken.id})
    db.commit()
    db.execute(text("UPDATE claim SET status = 'open'"))
    db.rollback()
    unchecked = db.exec(select(Claim).where(Claim.status == "not_checkable")).one()
    copy = Claim(**unchecked.model_dump(exclude={"id", "verdict_id", "same_as_id"}))  # nothing refers to it
    db.add(copy)
    db.commit()
    assert queue.status_counts(db, filters=ClaimFilters())["not_checkable"] == 2
    db.execute(text("DELETE FROM claim WHERE id = :id"), {"id": copy.id})
    db.commit()
    counts = queue.status_counts(db, filters=ClaimFilters())
    assert counts == grouped(db) and counts["in_review"] == 1 and counts["not_checkable"] == 1
    page = queue.list_claims(db)
    assert page.counts == counts and page.total == sum(counts.values()) == 5


def test_many_changes_are_folded_into_a_few_rows(db, team):
    """Each change adds a delta row; every 256th folds them into one per status, so the table stays small."""
    article = make_article(db, team["reviewer"])
    ids = [make_claim(db, team["reviewer"], article_id=article.id, text=f"Claim {n}.").id for n in range(4)]
    for round_number in range(100):  # 4 claims x 2 statuses x 100 rounds: 1,600 deltas
        status = "in_progress" if round_number % 2 == 0 else "open"
        for claim_id in ids:
            db.execute(text("UPDATE claim SET status = :s WHERE id = :id"), {"s": status, "id": claim_id})
        db.commit()
    db.execute(text("UPDATE claim SET status = 'published' WHERE id = :id"), {"id": ids[0]})
    db.commit()
    assert queue.status_counts(db, filters=ClaimFilters()) == grouped(db)
    assert grouped(db) == dict.fromkeys(STATUSES, 0) | {"open": 3, "published": 1}
    assert tally_rows(db) < 256 + len(STATUSES)


def test_a_text_search_page_and_counts_come_from_one_pass_over_its_matches(db, team):
    """With q, the counts per status and the page are taken from one list of the matches (services.queue
    _search_page): the same counts, totals and pages, in every sort, as the filters give without it."""
    article = make_article(db, team["reviewer"])
    plan = {"open": 4, "in_progress": 3, "published": 2}
    for status, many in plan.items():
        for n in range(many):
            make_claim(db, team["editor"], status=status, article_id=article.id, text=f"Malakal {status} {n}.",
                       priority=1 + n % 4)  # fmt: skip
    make_claim(db, team["reviewer"], article_id=article.id, text="Juba, elsewhere.")
    for sort in queue.SORTS:
        everything = queue.list_claims(db, filters=ClaimFilters(q="malakal"), sort=sort, per_page=100)
        assert everything.counts == dict.fromkeys(STATUSES, 0) | plan and everything.total == 9
        order = [row.claim.id for row in everything.items]
        assert order == [
            row.claim.id
            for row in queue.list_claims(db, sort=sort, per_page=100).items
            if row.claim.id in order
        ]
        opened = [row.claim.id for row in everything.items if row.claim.status == "open"]
        second = queue.list_claims(
            db, filters=ClaimFilters(q="malakal", status="open"), sort=sort, page=2, per_page=3
        )
        assert [row.claim.id for row in second.items] == opened[3:6] and second.total == 4
        assert second.counts == everything.counts


def test_pages_past_the_middle_read_from_the_end_give_the_same_claims(db, team):
    """A page past the middle of the list is read in the reversed order from the end (services.queue
    list_claims): every page, in every sort and with a filter, holds what the forward order puts there."""
    article = make_article(db, team["reviewer"])
    for n in range(11):
        claim = make_claim(
            db, team["editor"], status=("open", "in_progress", "published")[n % 3], article_id=article.id,
            text=f"Claim {n}.", priority=1 + n % 2,
        )  # fmt: skip
        if n % 4:  # some with a due date (equal ones too), some without: NULLs sort at one end
            db.execute(
                text("UPDATE claim SET due_date = :d WHERE id = :id"),
                {"d": f"2026-0{1 + n % 3}-01", "id": claim.id},
            )
    db.commit()
    for filters in (ClaimFilters(), ClaimFilters(status="open"), ClaimFilters(priority=2)):
        for sort in queue.SORTS:
            whole = [
                row.claim.id for row in queue.list_claims(db, filters=filters, sort=sort, per_page=100).items
            ]
            for per_page in (2, 3, 4):
                for page in range(1, len(whole) // per_page + 3):
                    got = queue.list_claims(db, filters=filters, sort=sort, page=page, per_page=per_page)
                    assert [row.claim.id for row in got.items] == whole[(page - 1) * per_page : page * per_page], (
                        filters, sort, per_page, page,
                    )  # fmt: skip

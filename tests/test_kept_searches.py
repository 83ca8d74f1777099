"""Text searches kept per process (services.kept_searches, SQLite): asked again they are not searched again, and
they are never older than the claims: every insert, update and delete of a claim (migration 0012's change rows),
by any door or connection, is seen by the next search (statuses caught up on, other changes searched again); a
change rolled back leaves nothing behind."""

import random
import re
import threading

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from factcheck.db import read_engine
from factcheck.errors import DomainError
from factcheck.models import STATUSES, Claim
from factcheck.services import claims, kept_searches, queue, workflow
from factcheck.services.claim_filters import ClaimFilters

from .migration_helpers import assert_downgrade_drops_and_upgrade_makes, migration_module
from .statements import statements_sent
from .test_queue_indexes import archive, pages, plain_search  # noqa: F401 (archive: a fixture)


@pytest.fixture(autouse=True)
def nothing_kept():
    kept_searches.forget()
    yield
    kept_searches.forget()


def sqlite_only(db):
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("searches are kept on SQLite only (migration 0012)")


def searches_run(db, action) -> int:
    """How many statements `action` sends that search the archive's text (the trigram table, or a LIKE over every
    claim; not the recheck of a few claims named by id)."""
    return sum(
        "claim_trigram" in statement or (" LIKE " in statement.upper() and "claim.id IN (" not in statement)
        for statement in statements_sent(db.get_bind().engine, action)
    )


def answer(db, q: str, **kw) -> tuple[list[int], dict[str, int], int]:
    return pages(db, ClaimFilters(q=q, status=kw.pop("status", None)), kw.pop("per_page", 7), **kw)


def test_a_search_asked_again_is_not_run_again(db, archive):  # noqa: F811
    first = queue.list_claims(db, filters=ClaimFilters(q="Malakal"))
    assert searches_run(db, lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal"))) == 0
    # another page, another status tab: the same kept matches
    for status, page in ((None, 2), ("open", 1), ("published", 2)):
        assert (
            searches_run(
                db,
                lambda s=status, p=page: queue.list_claims(
                    db, filters=ClaimFilters(q="Malakal", status=s), page=p
                ),
            )
            == 0
        )
    # other words, another order, another filter besides the words: searched
    assert searches_run(db, lambda: queue.list_claims(db, filters=ClaimFilters(q="Kelvin"))) == 1
    assert (
        searches_run(db, lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal"), sort="newest")) == 1
    )
    assert searches_run(db, lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal", priority=2))) == 1
    assert searches_run(db, lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal", priority=2))) == 1
    assert first.total == len(plain_search(db, ["Malakal"]))


@pytest.mark.parametrize("q", ["Malakal", "kelvin", "50%", "ma", "Malakal 40%", "nothing-at-all"])
def test_kept_answers_are_the_answers_searched_afresh(db, archive, q, monkeypatch):  # noqa: F811
    """Every page, status and order, from the kept matches and searched afresh every time, are the same."""
    cases = [dict(status=status) for status in (None, *STATUSES)] + [
        dict(sort=sort, per_page=4) for sort in queue.SORTS
    ]
    kept = [answer(db, q, **dict(case)) for case in cases]
    monkeypatch.setattr(kept_searches, "keeps", lambda session: False)
    afresh = [answer(db, q, **dict(case)) for case in cases]
    assert kept == afresh
    expected = plain_search(db, q.split())
    assert kept[0][0] == expected and kept[0][1] == {
        status: sum(db.get(Claim, i).status == status for i in expected) for status in STATUSES
    }


def edit_text(db, actor, claim_id: int, new: str) -> None:
    claim = db.get(Claim, claim_id)
    claims.update_claim(db, claim_id=claim_id, version=claim.version, actor=actor, text=new)


def test_every_change_to_a_claim_is_seen_by_the_next_search(db, team, archive):  # noqa: F811
    editor = team["editor"]

    def check():
        expected = plain_search(db, ["Malakal"])
        ids, counts, total = answer(db, "Malakal")
        assert (ids, total) == (expected, len(expected))
        assert counts == {s: sum(db.get(Claim, i).status == s for i in expected) for s in STATUSES}
        return expected

    before = check()
    unmatched = db.exec(select(Claim.id).where(Claim.status == "open", Claim.id.not_in(before))).first()
    edit_text(db, editor, unmatched, "Now it names Malakal.")  # matches from now on
    assert unmatched in check()
    edit_text(db, editor, unmatched, "Now it does not.")  # and no longer
    assert unmatched not in check()
    first = check()[0]
    claim = db.get(Claim, first)
    claims.update_claim(db, claim_id=first, version=claim.version, actor=editor, priority=1)  # its place
    assert check()[-1] != first or len(before) == 1
    taken = queue.take_next(db, actor=team["reviewer"])  # a status (open -> in progress)
    check()
    workflow.release(db, claim_id=taken.id, actor=team["reviewer"])
    check()
    added = claims.create_claim(db, article_id=archive.id, text="Malakal, again.", actor=editor)  # a new one
    assert added.id in check()


def test_a_change_through_another_connection_is_seen(db, engine, team, archive):  # noqa: F811
    before, _counts, _total = answer(db, "Malakal")
    outside = db.exec(select(Claim.id).where(Claim.id.not_in(before))).first()
    db.commit()  # ends the test's read transaction, as the end of a request does
    with Session(engine) as other:
        other.execute(
            text("UPDATE claim SET text = 'Malakal, from elsewhere.' WHERE id = :id"), {"id": outside}
        )
        other.commit()
    after, _counts, _total = answer(db, "Malakal")
    assert after == plain_search(db, ["Malakal"]) and outside in after


def test_a_change_rolled_back_leaves_nothing_behind(db, team, archive):  # noqa: F811
    before, _counts, _total = answer(db, "Malakal")
    db.rollback()
    outside = db.exec(select(Claim.id).where(Claim.id.not_in(before))).first()
    db.execute(text("UPDATE claim SET text = 'Malakal, not for long.' WHERE id = :id"), {"id": outside})
    inside, _counts, _total = answer(db, "Malakal")  # searched in the transaction that changed it: kept there
    assert outside in inside
    db.rollback()
    assert answer(db, "Malakal")[0] == before == plain_search(db, ["Malakal"])


def test_every_insert_update_and_delete_of_a_claim_is_a_change_row(db, team, archive):  # noqa: F811
    def newest():
        return db.execute(
            text("SELECT id, claim_id, moved FROM claim_change ORDER BY id DESC LIMIT 1")
        ).first()

    seen = [newest()]
    db.execute(text("UPDATE claim SET status = 'in_review' WHERE id = 1"))
    seen.append(newest())
    db.execute(text("UPDATE claim SET priority = priority WHERE id = 2"))  # a write that changes nothing
    seen.append(newest())
    db.execute(text("UPDATE claim SET priority = 1 + priority % 4 WHERE id = 3"))
    seen.append(newest())
    claim = claims.create_claim(db, article_id=archive.id, text="One more.", actor=team["editor"])
    seen.append(newest())
    db.execute(text("DELETE FROM claim WHERE id = :id"), {"id": claim.id})
    seen.append(newest())
    db.execute(text("UPDATE article SET title = 'Renamed'"))  # not a claim
    seen.append(newest())
    assert [row.id - seen[0].id for row in seen] == [0, 1, 2, 3, 4, 5, 5]
    assert [(row.claim_id, bool(row.moved)) for row in seen[1:6]] == [
        (1, False),
        (2, False),
        (3, True),
        (claim.id, True),
        (claim.id, True),
    ]
    db.rollback()


def test_sqlite_change_rows_carry_a_random_stamp(db, archive):  # noqa: F811
    sqlite_only(db)
    for claim_id in range(1, 11):
        db.execute(text("UPDATE claim SET version = version + 1 WHERE id = :id"), {"id": claim_id})
    stamps = db.execute(text("SELECT stamp FROM claim_change ORDER BY id DESC LIMIT 10")).scalars().all()
    assert len(set(stamps)) == 10
    db.rollback()


def test_the_oldest_changes_are_pruned(db, team, archive):  # noqa: F811
    postgres = db.get_bind().dialect.name == "postgresql"
    kept = 4096 if postgres else 1024
    while db.execute(text("SELECT max(id) FROM claim_change")).scalar_one() < kept + 600:
        db.execute(text("UPDATE claim SET version = version + 1 WHERE id <= 200"))
    rows, span = db.execute(text("SELECT count(*), max(id) - min(id) FROM claim_change")).one()
    assert kept <= rows <= kept + 256 and span == rows - 1
    if postgres:  # the newest transaction id removed is kept, here this transaction's own
        pruned = db.execute(text("SELECT xid = pg_current_xact_id() FROM claim_change_pruned")).scalar_one()
        assert pruned
    db.rollback()


def test_status_changes_are_caught_up_on_without_searching_again(db, team, archive):  # noqa: F811
    ids, counts, _total = answer(db, "Malakal")
    db.commit()
    taken = db.get(Claim, next(i for i in ids if db.get(Claim, i).status == "open"))
    workflow.take(db, claim_id=taken.id, actor=team["reviewer"])
    unmatched = db.exec(select(Claim.id).where(Claim.status == "open", Claim.id.not_in(ids))).first()
    workflow.take(db, claim_id=unmatched, actor=team["reviewer"])
    again = lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal", status="in_progress"))  # noqa: E731
    assert searches_run(db, again) == 0
    assert taken.id in [row.claim.id for row in again().items]
    after = answer(db, "Malakal")
    assert after[0] == ids and after[1] == counts | {
        "open": counts["open"] - 1,
        "in_progress": counts["in_progress"] + 1,
    }
    # an order that a status change moves claims in is searched again
    assert (
        searches_run(db, lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal"), sort="status")) == 1
    )
    workflow.release(db, claim_id=taken.id, actor=team["reviewer"])
    assert (
        searches_run(db, lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal"), sort="status")) == 1
    )


def test_a_change_to_what_a_search_matches_or_orders_by_searches_again(db, team, archive):  # noqa: F811
    ids, _counts, _total = answer(db, "Malakal")
    once = lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal"))  # noqa: E731
    claim = db.get(Claim, ids[0])
    claims.update_claim(db, claim_id=claim.id, version=claim.version, actor=team["editor"], priority=1)
    assert searches_run(db, once) == 1
    assert searches_run(db, once) == 0
    assert answer(db, "Malakal")[0] == plain_search(db, ["Malakal"]) != ids


def test_claims_reworded_added_or_removed_are_caught_up_on_or_searched_again(db, team, archive):  # noqa: F811
    """A claim leaving the search (reworded, removed) or a change elsewhere is caught up on; a claim joining it
    (reworded, added) is not (its place in the order is not known): the search runs again."""
    editor = team["editor"]
    once = lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal"))  # noqa: E731

    def asked(expected_searches: int) -> None:
        db.commit()
        assert searches_run(db, once) == expected_searches
        ids, counts, total = answer(db, "Malakal")
        expected = plain_search(db, ["Malakal"])
        assert (ids, total) == (expected, len(expected))
        assert counts == {s: sum(db.get(Claim, i).status == s for i in expected) for s in STATUSES}
        db.commit()

    held = answer(db, "Malakal")[0]
    db.commit()
    outside = db.exec(select(Claim.id).where(Claim.status == "open", Claim.id.not_in(held))).all()
    inside = db.exec(select(Claim.id).where(Claim.status == "open", Claim.id.in_(held))).all()
    edit_text(db, editor, inside[0], "No longer about that town.")  # leaves
    asked(0)
    edit_text(db, editor, inside[1], "Still Malakal, in other words.")  # stays, in its place
    asked(0)
    edit_text(db, editor, outside[0], "Not that town either.")  # stays out
    asked(0)
    claims.create_claim(db, article_id=archive.id, text="Somewhere else entirely.", actor=editor)  # stays out
    asked(0)
    db.execute(text("DELETE FROM claim WHERE id = :id"), {"id": inside[2]})  # leaves (a claim with no rows)
    asked(0)
    edit_text(db, editor, outside[1], "Now Malakal.")  # joins
    asked(1)
    claims.create_claim(db, article_id=archive.id, text="Malakal, once more.", actor=editor)  # joins
    asked(1)


def test_a_change_to_every_claim_searches_again(db, archive):  # noqa: F811
    """claim_id 0 is every claim (PostgreSQL logs a TRUNCATE so): the search runs again."""
    once = lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal"))  # noqa: E731
    once()
    db.commit()
    stamp = ", stamp" if db.get_bind().dialect.name == "sqlite" else ""
    db.execute(
        text(f"INSERT INTO claim_change (claim_id, moved{stamp}) VALUES (0, false{', 5' if stamp else ''})")
    )
    db.commit()
    assert searches_run(db, once) == 1


def test_after_many_changes_or_lost_ones_the_search_runs_again(db, team, archive, monkeypatch):  # noqa: F811
    once = lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal"))  # noqa: E731
    once()
    db.commit()
    monkeypatch.setattr(kept_searches, "CATCH_UP", 3)
    for claim_id in (1, 2, 3):
        db.execute(text("UPDATE claim SET version = version + 1 WHERE id = :id"), {"id": claim_id})
    db.commit()
    assert searches_run(db, once) == 0  # three changes: caught up on
    db.commit()
    for claim_id in (1, 2, 3, 4):
        db.execute(text("UPDATE claim SET version = version + 1 WHERE id = :id"), {"id": claim_id})
    db.commit()
    assert searches_run(db, once) == 1  # four: searched again
    db.commit()
    db.execute(text("UPDATE claim SET version = version + 1 WHERE id = 1"))
    if db.get_bind().dialect.name == "postgresql":
        # changes pruned up to a transaction the kept search's snapshot had not seen end
        db.execute(
            text(
                "INSERT INTO claim_change_pruned (id, xid) VALUES (1, pg_current_xact_id()) "
                "ON CONFLICT (id) DO UPDATE SET xid = excluded.xid"
            )
        )
    else:
        # the change row last seen, there with another stamp: another copy of the database (a backup restored)
        db.execute(
            text(
                "UPDATE claim_change SET stamp = stamp + 1 WHERE id = (SELECT max(id) - 1 FROM claim_change)"
            )
        )
    db.commit()
    assert searches_run(db, once) == 1
    db.commit()
    if db.get_bind().dialect.name == "sqlite":
        assert searches_run(db, once) == 0
    # (PostgreSQL: a transaction of the cluster still running since before the pruned xid, another test's, keeps
    # the snapshots' xmin at or below it, and the search is run again, rightly, until that transaction ends)
    assert [row.claim.id for row in once().items] == plain_search(db, ["Malakal"])[:25]


def test_postgres_a_transaction_that_has_written_searches_for_itself(db, archive):  # noqa: F811
    """Its own changes, not committed, are not told apart by its snapshot: its searches are neither kept nor
    answered from kept ones."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's snapshots")
    once = lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal"))  # noqa: E731
    once()
    db.commit()
    assert searches_run(db, once) == 0
    db.execute(text("UPDATE claim SET version = version + 1 WHERE id = 1"))
    assert searches_run(db, once) == 1
    assert searches_run(db, once) == 1
    db.rollback()
    assert searches_run(db, once) == 0


def test_a_search_with_too_many_matches_is_searched_every_time(db, archive, monkeypatch):  # noqa: F811
    monkeypatch.setattr(kept_searches, "MOST_MATCHES", 5)
    expected = plain_search(db, ["Malakal"])
    assert len(expected) > 5
    assert answer(db, "Malakal")[0] == expected
    once = lambda: queue.list_claims(db, filters=ClaimFilters(q="Malakal"))  # noqa: E731
    # the first asking reads up to MOST_MATCHES + 1 of them and finds too many: kept as "too many", so that
    # from then on each asking is the one search (not that read and the search)
    kept_searches.forget()
    assert searches_run(db, once) == 2
    assert searches_run(db, once) == 1
    db.execute(text("UPDATE claim SET version = version + 1 WHERE id = 1"))  # a change: still the one search
    db.commit()
    assert searches_run(db, once) == 1
    assert searches_run(db, lambda: queue.list_claims(db, filters=ClaimFilters(q="nothing-at-all"))) == 1
    assert searches_run(db, lambda: queue.list_claims(db, filters=ClaimFilters(q="nothing-at-all"))) == 0


def test_the_api_and_the_queue_page_see_an_edit_made_through_the_api(
    app,
    db,
    api,
    login,
    client,
    team,
    archive,  # noqa: F811
):
    editor = api("editor")
    found = editor.get("/api/v1/claims?q=Malakal&per_page=100").get_json()
    login(team["editor"])
    assert f"{found['total']} claim(s)" in client.get("/queue?q=Malakal").get_data(as_text=True)
    db.rollback()
    matched = plain_search(db, ["Malakal"])
    target = db.exec(select(Claim).where(Claim.status == "open", Claim.id.not_in(matched))).first()
    changed = editor.patch(
        f"/api/v1/claims/{target.id}", json={"version": target.version, "text": "Malakal, said the API."}
    )
    assert changed.status_code == 200, changed.get_json()
    again = editor.get("/api/v1/claims?q=Malakal&per_page=100").get_json()
    assert again["total"] == found["total"] + 1 == len(matched) + 1
    rest = editor.get("/api/v1/claims?q=Malakal&per_page=100&page=2").get_json()
    assert target.id in [item["id"] for item in again["items"] + rest["items"]]
    assert f"{again['total']} claim(s)" in client.get("/queue?q=Malakal").get_data(as_text=True)


def test_the_migration_adds_and_drops_the_change_log(engine, db):
    if engine.dialect.name == "sqlite":
        ours = {"claim_change", *(f"claim_change_{name}" for name in ("insert", "update", "delete", "prune"))}
    else:
        ours = {
            "claim_change",
            "claim_change_pruned",
            "claim_change_log",
            "claim_change_truncate",
            "ix_claim_change_xid",
        }
    assert_downgrade_drops_and_upgrade_makes(engine, db, down_to="0011", ours=ours)


@pytest.mark.slow
def test_kept_searches_stay_true_under_concurrent_writers(engine, db, team, archive):  # noqa: F811
    """Writers reword, reorder, add and move claims between statuses while readers search: every search, kept
    or caught up on, gives what the exact match gives in the reader's own snapshot."""
    editor, article_id = team["editor"], archive.id
    ids = list(db.exec(select(Claim.id)).all())
    db.commit()
    sqlite = engine.dialect.name == "sqlite"
    reading = read_engine(engine) if sqlite else engine.execution_options(isolation_level="REPEATABLE READ")
    start, problems = threading.Barrier(7), []

    def write(seed: int) -> None:
        rng = random.Random(seed)
        with Session(engine, expire_on_commit=False) as session:
            start.wait()
            for _ in range(25):
                claim_id, kind = rng.choice(ids), rng.randrange(4)
                try:
                    if kind == 0:  # the status, as a move would
                        session.execute(
                            text(
                                "UPDATE claim SET status = CASE status WHEN 'open' THEN 'in_review' "
                                "ELSE 'open' END, version = version + 1 WHERE id = :id"
                            ),
                            {"id": claim_id},
                        )
                        session.commit()
                    elif kind == 1:  # in or out of the search
                        claim = claims.get_claim(session, claim_id=claim_id)
                        new = rng.choice(["Malakal again.", "Elsewhere.", "malakal, lower case."])
                        claims.update_claim(
                            session, claim_id=claim_id, version=claim.version, actor=editor, text=new
                        )
                    elif kind == 2:  # its place in the order
                        claim = claims.get_claim(session, claim_id=claim_id)
                        claims.update_claim(
                            session,
                            claim_id=claim_id,
                            version=claim.version,
                            actor=editor,
                            priority=rng.randint(1, 4),
                        )
                    else:
                        text_ = rng.choice(["A new Malakal claim.", "A new claim elsewhere."])
                        claims.create_claim(session, article_id=article_id, text=text_, actor=editor)
                except DomainError:  # frozen, or changed by another writer meanwhile: as at a desk
                    session.rollback()

    def read() -> None:
        with Session(reading, expire_on_commit=False) as session:
            start.wait()
            for round_ in range(25):
                status = (None, "open", "in_review")[round_ % 3]
                page = queue.list_claims(
                    session, filters=ClaimFilters(q="Malakal", status=status), per_page=100
                )
                expected = plain_search(session, ["Malakal"])  # in the same snapshot
                statuses = dict(
                    session.exec(select(Claim.id, Claim.status).where(Claim.id.in_(expected))).all()
                )
                wanted = [i for i in expected if status is None or statuses[i] == status]
                got = [row.claim.id for row in page.items]
                if got != wanted[:100] or page.total != len(wanted):
                    problems.append((status, got[:5], wanted[:5], page.total, len(wanted)))
                session.commit()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    threads += [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not problems, problems[:3]


def test_the_moves_the_change_log_marks_are_the_columns_caught_up_orders_are_made_of():
    """A kept search catches up only in an order made of the columns whose changes claim_change marks `moved`
    (migration 0012 writes them out, as a migration must): the two lists are the same, and the queue's orders
    with the status, updated_at or a rating in them are searched again after any change."""
    migration = migration_module("0012_claim_changes.py")
    assert set(re.findall(r"old\.(\w+) IS NOT new\.\1", migration.MOVED)) == kept_searches.MOVED_COLUMNS
    assert set(queue._CAUGHT_UP_SORTS) == {"priority", "oldest", "newest", "due"}

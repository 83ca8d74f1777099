"""The lists read whole on every page, kept per process under their table's stamp (services.stamped, migration
0013): the claim screen's source picker and the queue's article filter. Kept, they cost one statement; any change
to what they show is in the next one, through any door or connection; a change rolled back leaves nothing."""

import re

import pytest
from sqlalchemy import text
from sqlmodel import Session

from factcheck.services import articles, claims, sources, stamped
from factcheck.services.claim_filters import article_choices

from .migration_helpers import assert_downgrade_drops_and_upgrade_makes, migration_module
from .statements import statements_sent
from .workflow_helpers import make_article


@pytest.fixture(autouse=True)
def nothing_kept():
    stamped.forget()
    yield
    stamped.forget()


def statements(db, action) -> list[str]:
    return statements_sent(db.get_bind().engine, action)


def picker(db) -> list[tuple]:
    return [tuple(row) for row in sources.list_sources(db)]


def fresh_picker(db) -> list[tuple]:
    rows = db.execute(
        text("SELECT id, title, document_symbol, reliability FROM source ORDER BY lower(title), id LIMIT 500")
    )
    return [tuple(row) for row in rows]


def fresh_choices(db) -> list[tuple]:
    rows = db.execute(
        text(
            "SELECT id, title FROM article WHERE EXISTS (SELECT 1 FROM claim WHERE claim.article_id = article.id) "
            "ORDER BY id DESC LIMIT 500"
        )
    )
    return [tuple(row) for row in rows]


def test_the_source_picker_is_kept_until_a_source_changes(db, team):
    editor = team["editor"]
    first = sources.create_source(db, actor=editor, title="Panel report", document_symbol="S/2021/229")
    db.commit()
    assert picker(db) == fresh_picker(db)
    assert [s for s in statements(db, lambda: picker(db)) if "FROM source" in s] == []  # kept: the stamp only
    second = sources.create_source(db, actor=editor, title="Another report")
    assert picker(db) == fresh_picker(db) and second.id in [row[0] for row in picker(db)]
    sources.update_source(db, source_id=first.id, actor=editor, title="A panel report")
    assert picker(db) == fresh_picker(db) and ("A panel report" in [row[1] for row in picker(db)])
    sources.update_source(db, source_id=first.id, actor=editor, reliability="B")
    assert picker(db) == fresh_picker(db)
    sources.update_source(db, source_id=first.id, actor=editor, notes="Only notes: the picker shows none.")
    db.commit()
    assert [s for s in statements(db, lambda: picker(db)) if "FROM source" in s] == []
    db.execute(text("DELETE FROM source WHERE id = :id"), {"id": second.id})
    assert picker(db) == fresh_picker(db) and second.id not in [row[0] for row in picker(db)]
    db.rollback()


def test_a_source_added_through_another_connection_or_rolled_back(db, engine, team):
    editor = team["editor"]
    sources.create_source(db, actor=editor, title="Kept one")
    db.commit()
    before = picker(db)
    db.commit()
    with Session(engine, expire_on_commit=False) as other:
        sources.create_source(other, actor=editor, title="From elsewhere")
    assert picker(db) == fresh_picker(db) != before
    db.commit()
    after = picker(db)
    db.execute(text("INSERT INTO source (title, kind, reliability, notes, created_at) VALUES "
                    "('Not for long', 'other', 'F', '', '2026-01-01')"))  # fmt: skip
    assert picker(db) == fresh_picker(db) != after  # kept under this transaction's own stamp
    db.rollback()
    assert picker(db) == after == fresh_picker(db)


def test_the_article_filter_is_kept_until_which_articles_have_claims_changes(db, team):
    editor = team["editor"]
    with_claims = make_article(db, editor, title="Housing")
    claims.create_claim(db, article_id=with_claims.id, text="Rents rose by 12 percent.", actor=editor)
    empty = make_article(db, editor, title="Transport")
    db.commit()

    def choices():
        return article_choices(db)

    assert choices() == fresh_choices(db) == [(with_claims.id, "Housing")]
    assert [s for s in statements(db, choices) if "FROM article" in s] == []
    claims.create_claim(db, article_id=with_claims.id, text="A second claim.", actor=editor)  # no change
    db.commit()
    assert [s for s in statements(db, choices) if "FROM article" in s] == []
    first = claims.create_claim(db, article_id=empty.id, text="Fares fell.", actor=editor)  # its first claim
    assert choices() == fresh_choices(db) and empty.id in [a for a, _ in choices()]
    articles_renamed = db.execute(
        text("UPDATE article SET title = 'Housing costs' WHERE id = :id"), {"id": with_claims.id}
    )
    assert articles_renamed.rowcount == 1
    assert choices() == fresh_choices(db) and (with_claims.id, "Housing costs") in choices()
    db.execute(text("DELETE FROM claim WHERE id = :id"), {"id": first.id})  # its last claim
    assert choices() == fresh_choices(db) and empty.id not in [a for a, _ in choices()]
    moved = (
        db.execute(text("SELECT id FROM claim WHERE article_id = :id"), {"id": with_claims.id})
        .scalars()
        .first()
    )
    db.execute(text("UPDATE claim SET article_id = :to WHERE id = :id"), {"to": empty.id, "id": moved})
    assert choices() == fresh_choices(db)
    db.rollback()


def test_the_article_filter_still_offers_the_article_in_use(db, team):
    editor = team["editor"]
    empty = articles.create_article(db, title="No claims yet", text="Nothing to check here.", actor=editor)
    db.commit()
    assert empty.id in [a for a, _ in article_choices(db, include=empty.id)]
    assert empty.id not in [a for a, _ in article_choices(db)]


def test_without_a_stamp_the_lists_are_read_every_time(db, team):
    sources.create_source(db, actor=team["editor"], title="Panel report")
    db.execute(text("DELETE FROM table_stamp"))
    assert [s for s in statements(db, lambda: picker(db)) if "FROM source" in s] != []
    assert [s for s in statements(db, lambda: picker(db)) if "FROM source" in s] != []
    assert picker(db) == fresh_picker(db)
    db.rollback()


def test_the_migration_adds_and_drops_the_stamps(engine, db):
    if engine.dialect.name == "sqlite":
        ours = {"table_stamp", "source_stamp_insert", "claim_article_stamp_insert", "article_stamp_update"}
    else:
        ours = {"table_stamp", "source_stamp", "claim_article_choices_stamp", "table_stamp_bump"}
    assert_downgrade_drops_and_upgrade_makes(engine, db, down_to="0012", ours=ours)


def test_the_stamps_follow_the_columns_the_lists_show():
    """Migration 0013 writes out which updates change a stamp (as a migration must): a source's picker columns,
    an article's title (the filter shows ids and titles)."""
    migration = migration_module("0013_table_stamps.py")
    triggers = migration.SQLITE_TRIGGERS

    def watched(trigger: str) -> set[str]:
        return set(re.findall(r"old\.(\w+) IS NOT new\.\1", triggers[trigger]))

    assert watched("source_stamp_update") == {column.name for column in sources.PICKER_COLUMNS} - {"id"}
    assert watched("article_stamp_update") == {"title"}
    postgres = set(re.findall(r"OLD\.(\w+) IS DISTINCT FROM NEW\.\1", migration.POSTGRES_FUNCTIONS))
    assert postgres == watched("source_stamp_update") | {"title", "article_id"}  # (article_id: a claim moved)

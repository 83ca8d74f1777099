"""Stamps of the lists the screens read whole: a random number the database changes whenever the list may have.

The claim screen's source picker reads the first 500 sources by title, and the queue's article filter the newest
500 articles with claims, on every page (at 100,000 claims 0.6 and 0.5 ms on SQLite, about 1 ms each on
PostgreSQL, more than the rest of the page's statements together). They change seldom: a source added or
renamed, an article's first claim. services.stamped keeps each list per process under its stamp, read first in
the request: the same stamp, the same list.

table_stamp (name, stamp), set to a new random number by triggers:
- "source": a source added or removed, or its title, document symbol or reliability changed (what the picker
  shows and orders by);
- "article_choices": an article removed or retitled; an article's first claim added or its last one removed, or
  a claim moved to another article (which articles have claims).
A row written with INSERT OR REPLACE / ON CONFLICT, so a table emptied (TRUNCATE, on PostgreSQL also by statement
triggers) makes its row again on the next change; while a row is missing, nothing is kept. Random rather than a
count, so that a copy of the database (a backup restored) never passes for a state it is not. On PostgreSQL a
writer of one of these tables waits for another's commit on the stamp's row: sources and articles are written
seldom, by people, not in bulk.

Not in the models (services.schema.KEPT_BY_TRIGGERS).

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

NAMES = ("source", "article_choices")


def _sqlite_bump(name: str) -> str:
    return f"INSERT OR REPLACE INTO table_stamp (name, stamp) VALUES ('{name}', random());"


def _no_other_claim(article: str) -> str:
    return f"NOT EXISTS (SELECT 1 FROM claim AS other WHERE other.article_id = {article})"


SQLITE_TRIGGERS = {
    "source_stamp_insert": f"AFTER INSERT ON source BEGIN {_sqlite_bump('source')} END",
    "source_stamp_delete": f"AFTER DELETE ON source BEGIN {_sqlite_bump('source')} END",
    "source_stamp_update": (
        "AFTER UPDATE OF title, document_symbol, reliability ON source "
        "WHEN old.title IS NOT new.title OR old.document_symbol IS NOT new.document_symbol "
        f"OR old.reliability IS NOT new.reliability BEGIN {_sqlite_bump('source')} END"
    ),
    "article_stamp_delete": f"AFTER DELETE ON article BEGIN {_sqlite_bump('article_choices')} END",
    "article_stamp_update": (
        "AFTER UPDATE OF title ON article WHEN old.title IS NOT new.title "
        f"BEGIN {_sqlite_bump('article_choices')} END"
    ),
    "claim_article_stamp_insert": (
        "AFTER INSERT ON claim WHEN NOT EXISTS "
        "(SELECT 1 FROM claim AS other WHERE other.article_id = new.article_id AND other.id <> new.id) "
        f"BEGIN {_sqlite_bump('article_choices')} END"
    ),
    "claim_article_stamp_delete": (
        f"AFTER DELETE ON claim WHEN {_no_other_claim('old.article_id')} "
        f"BEGIN {_sqlite_bump('article_choices')} END"
    ),
    "claim_article_stamp_update": (
        "AFTER UPDATE OF article_id ON claim WHEN old.article_id IS NOT new.article_id "
        f"BEGIN {_sqlite_bump('article_choices')} END"
    ),
}

POSTGRES_FUNCTIONS = """
CREATE FUNCTION table_stamp_bump(stamp_name TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO table_stamp (name, stamp) VALUES (stamp_name, (random() * 9e18)::bigint)
    ON CONFLICT (name) DO UPDATE SET stamp = excluded.stamp
$$;
CREATE FUNCTION source_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        PERFORM table_stamp_bump('source');
    ELSIF OLD.title IS DISTINCT FROM NEW.title OR OLD.document_symbol IS DISTINCT FROM NEW.document_symbol
        OR OLD.reliability IS DISTINCT FROM NEW.reliability THEN
        PERFORM table_stamp_bump('source');
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION article_choices_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM table_stamp_bump('article_choices');
    ELSIF TG_TABLE_NAME = 'article' THEN
        IF TG_OP = 'DELETE' THEN
            PERFORM table_stamp_bump('article_choices');
        ELSIF OLD.title IS DISTINCT FROM NEW.title THEN
            PERFORM table_stamp_bump('article_choices');
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM claim WHERE article_id = NEW.article_id AND id <> NEW.id) THEN
            PERFORM table_stamp_bump('article_choices');
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM claim WHERE article_id = OLD.article_id) THEN
            PERFORM table_stamp_bump('article_choices');
        END IF;
    ELSIF OLD.article_id IS DISTINCT FROM NEW.article_id THEN
        PERFORM table_stamp_bump('article_choices');
    END IF;
    RETURN NULL;
END
$$;
"""
POSTGRES_TRIGGERS = (
    "CREATE TRIGGER source_stamp AFTER INSERT OR DELETE OR UPDATE ON source "
    "FOR EACH ROW EXECUTE FUNCTION source_stamp()",
    "CREATE TRIGGER source_stamp_truncate AFTER TRUNCATE ON source FOR EACH STATEMENT EXECUTE FUNCTION source_stamp()",
    "CREATE TRIGGER article_choices_stamp AFTER DELETE OR UPDATE ON article "
    "FOR EACH ROW EXECUTE FUNCTION article_choices_stamp()",
    "CREATE TRIGGER article_choices_stamp_truncate AFTER TRUNCATE ON article "
    "FOR EACH STATEMENT EXECUTE FUNCTION article_choices_stamp()",
    "CREATE TRIGGER claim_article_choices_stamp AFTER INSERT OR DELETE OR UPDATE OF article_id ON claim "
    "FOR EACH ROW EXECUTE FUNCTION article_choices_stamp()",
    "CREATE TRIGGER claim_article_choices_stamp_truncate AFTER TRUNCATE ON claim "
    "FOR EACH STATEMENT EXECUTE FUNCTION article_choices_stamp()",
)
POSTGRES_DROPS = (
    ("source_stamp", "source"),
    ("source_stamp_truncate", "source"),
    ("article_choices_stamp", "article"),
    ("article_choices_stamp_truncate", "article"),
    ("claim_article_choices_stamp", "claim"),
    ("claim_article_choices_stamp_truncate", "claim"),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute("CREATE TABLE table_stamp (name VARCHAR(40) PRIMARY KEY, stamp BIGINT NOT NULL)")
    if sqlite:
        for name in NAMES:
            op.execute(f"INSERT INTO table_stamp (name, stamp) VALUES ('{name}', random())")
        for trigger, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {trigger} {body}")
    else:
        for name in NAMES:
            op.execute(f"INSERT INTO table_stamp (name, stamp) VALUES ('{name}', (random() * 9e18)::bigint)")
        op.execute(POSTGRES_FUNCTIONS)
        for statement in POSTGRES_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    else:
        for trigger, table in POSTGRES_DROPS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for function in ("article_choices_stamp()", "source_stamp()", "table_stamp_bump(TEXT)"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    op.execute("DROP TABLE IF EXISTS table_stamp")

"""Creating and migrating the database schema with Alembic."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


# What the migrations make that no model declares (migration 0007): SQLite's full-text tables over claim text and
# imported reviews (claim_fts, with its shadow tables claim_fts_data, _idx, _docsize, _config;
# external_review_fts) and PostgreSQL's full-text indexes.
# Comparing the schema with the models (tests/test_schema.py, autogenerate) leaves them out.
# Migration 0009 adds the text search's trigram table (SQLite: claim_trigram) or indexes (PostgreSQL).
FULL_TEXT_TABLES = ("claim_fts", "external_review_fts", "claim_trigram")
# Migration 0010 adds the count of claims per status that triggers keep (claim_status_count); migration 0012 the
# latest changes to claims (claim_change; claim_change_pruned on PostgreSQL); migration 0013 the stamps of the
# lists read whole (table_stamp).
KEPT_BY_TRIGGERS = ("claim_status_count", "claim_change", "claim_change_pruned", "table_stamp")
FULL_TEXT_INDEXES = (
    "ix_claim_text_search",
    "ix_external_review_text_search",
    "ix_claim_text_trigram",
    "ix_claim_claimant_trigram",
    "ix_source_title_order",  # migration 0010: on lower(title), the source picker's order
    # migration 0011, SQLite only: the text search's matches read off an index (services.claim_filters WordMatch)
    "ix_claim_search_keys",
    "ix_claim_text_folds_to_ascii",
)


def modelled(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's `include_name`: False for the full-text tables and indexes that no model declares."""
    if type_ == "table":
        if name in KEPT_BY_TRIGGERS:
            return False
        return not any(name == t or (name or "").startswith(t + "_") for t in FULL_TEXT_TABLES)
    if type_ == "index":
        return name not in FULL_TEXT_INDEXES
    return True


def upgrade(database_url: str) -> None:
    """Bring the schema to the newest migration; safe to run on an up-to-date database."""
    command.upgrade(alembic_config(database_url), "head")


# The history's guards (migrations 0002 and 0003), by database.
SQLITE_HISTORY_TRIGGERS = {"audit_event_no_update", "audit_event_no_delete", "audit_event_no_replace"}
POSTGRES_HISTORY_TRIGGERS = {"audit_event_no_change", "audit_event_no_truncate"}


def history_guard_problems(engine: Engine) -> list[str]:
    """What would let the database role behind `engine` rewrite the history; empty when nothing would.

    Both databases: every append-only trigger present (and enabled). PostgreSQL also: the role is no
    superuser and does not own `audit_event` (either could drop or disable the triggers) and may not
    UPDATE, DELETE or TRUNCATE it. Production runs the app as such a role (README, "Deployment").
    """
    problems = []
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            present = set(
                connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'")
                ).scalars()
            )
            missing = SQLITE_HISTORY_TRIGGERS - present
        else:
            present = set(
                connection.execute(
                    text(
                        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass "
                        "AND NOT tgisinternal AND tgenabled <> 'D'"
                    )
                ).scalars()
            )
            missing = POSTGRES_HISTORY_TRIGGERS - present
            role, superuser, owner = connection.execute(
                text(
                    "SELECT current_user, r.rolsuper, t.tableowner = current_user FROM pg_roles r, pg_tables t "
                    "WHERE r.rolname = current_user AND t.tablename = 'audit_event' AND t.schemaname = 'public'"
                )
            ).one()
            if superuser:
                problems.append(
                    f"the app's database role {role} is a superuser: it can disable the history's triggers"
                )
            elif owner:
                problems.append(
                    f"the app's database role {role} owns audit_event: it can drop the history's triggers"
                )
            rights = [
                right
                for right in ("UPDATE", "DELETE", "TRUNCATE")
                if connection.execute(
                    text("SELECT has_table_privilege('audit_event', :right)"), {"right": right}
                ).scalar()
            ]
            if rights:
                problems.append(f"the app's database role {role} may {', '.join(rights)} audit_event")
    if missing:
        problems.append(
            "the history's append-only triggers are missing or disabled: " + ", ".join(sorted(missing))
        )
    return problems

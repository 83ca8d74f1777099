"""A migration's own objects (tables, triggers, functions, indexes), there after `upgrade`, gone after `downgrade`."""

import importlib.util

from alembic import command
from sqlalchemy import text

from factcheck.services import schema

# every name a migration can make, per database
NAMES = {
    "sqlite": "SELECT name FROM sqlite_master",
    "postgresql": (
        "SELECT tablename FROM pg_tables UNION SELECT indexname FROM pg_indexes UNION SELECT tgname FROM pg_trigger "
        "UNION SELECT proname FROM pg_proc"
    ),
}


def assert_downgrade_drops_and_upgrade_makes(engine, db, *, down_to: str, ours: set[str]) -> None:
    """`ours` are all there at head, none after downgrading to `down_to`, all again after upgrading to head."""
    url = engine.url.render_as_string(hide_password=False)
    db.close()
    engine.dispose()

    def present() -> set[str]:
        with engine.connect() as connection:
            return set(connection.execute(text(NAMES[engine.dialect.name])).scalars()) & ours

    assert present() == ours
    config = schema.alembic_config(url)
    try:
        command.downgrade(config, down_to)
        assert present() == set()
    finally:
        command.upgrade(config, "head")
    assert present() == ours
    engine.dispose()


def migration_module(filename: str):
    """A migration file (factcheck/migrations/versions/FILENAME) as a module, to read the text it writes out."""
    spec = importlib.util.spec_from_file_location(
        filename.removesuffix(".py"), schema.MIGRATIONS / "versions" / filename
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

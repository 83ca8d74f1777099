"""CLI commands for backups: `flask --app app backup PATH` and `flask --app app restore PATH`."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError

from ..db import make_engine
from ..services import backup
from .common import domain_errors


@contextmanager
def _owner_engine() -> Iterator[Engine]:
    """The engine to back up and restore with: MIGRATION_DATABASE_URL's when set (the tables' owner, which
    may read everything and must own what a restore creates), else the app's own."""
    url = current_app.config.get("MIGRATION_DATABASE_URL")
    if not url:
        yield current_app.extensions["factcheck_engine"]
        return
    try:
        engine = make_engine(url)
    except ArgumentError:
        raise click.ClickException("MIGRATION_DATABASE_URL is not a database URL.") from None
    try:
        yield engine
    finally:
        engine.dispose()


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # not reached


def register(cli: AppGroup) -> None:
    """Add this area's commands to `cli` (made once per process, shared by every app: register_cli)."""

    @cli.command("backup")
    @click.argument("path", type=click.Path(path_type=Path))
    @click.option("--force", is_flag=True, help="Replace PATH if it already exists.")
    def backup_command(path, force):
        """Write a consistent backup of the database and the uploaded files to PATH (one file), while the
        desk goes on working."""
        with domain_errors(), _owner_engine() as engine:
            manifest = backup.create_backup(
                engine, current_app.extensions["factcheck_storage"], path, force=force
            )
        rows = sum(manifest["row_counts"].values())
        files = manifest["files"]
        click.echo(
            f"Backup written to {path} ({_size(path.stat().st_size)}): "
            f"{backup.KIND_NAMES[manifest['database']['kind']]} database at revision "
            f"{manifest['alembic_revision']}, {rows:,} rows in {len(manifest['row_counts'])} tables, "
            f"{len(files)} uploaded files ({_size(sum(f['size'] for f in files))})."
        )
        for sha in manifest["missing_files"]:
            click.echo(
                f"Warning: uploaded file {sha} is referred to but missing from the file store.", err=True
            )
        for sha in manifest["damaged_files"]:
            click.echo(f"Warning: uploaded file {sha} no longer matches its hash; it was left out.", err=True)

    @cli.command("restore")
    @click.argument("path", type=click.Path(path_type=Path))
    def restore_command(path):
        """Restore the backup at PATH into the configured database, which must be empty, and its files
        into the file store (the upload folder or the S3 bucket); every hash and row count is checked."""
        with domain_errors(), _owner_engine() as engine:
            report = backup.restore_backup(engine, current_app.extensions["factcheck_storage"], path)
            target = engine.url.render_as_string(hide_password=True)
        manifest = report.manifest
        click.echo(
            f"Restored {path} (made {manifest['created_at']}, revision {manifest['alembic_revision']}) "
            f"into {target}."
        )
        width = max((len(table) for table in report.counts), default=5)
        click.echo(f"  {'table':{width}}  {'backup':>9}  {'restored':>9}")
        for table, (expected, found) in sorted(report.counts.items()):
            mark = "" if expected == found else "  MISMATCH"
            shown = "missing" if found is None else f"{found:,}"
            click.echo(f"  {table:{width}}  {expected:>9,}  {shown:>9}{mark}")
        click.echo(
            f"Files: {report.files_written} restored, {report.files_present} already present, "
            "every SHA-256 checked."
        )
        for note in report.notes:
            click.echo(note)
        if report.mismatches:
            raise click.ClickException(
                f"{len(report.mismatches)} table(s) do not have the row count the backup lists: "
                + ", ".join(sorted(report.mismatches))
            )

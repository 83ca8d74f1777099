"""CLI command for the file store: `flask --app app move-files-to-s3` copies the local upload folder into the
configured S3 bucket (services.storage.move_files)."""

import click
from flask import current_app
from flask.cli import AppGroup

from ..services import source_files, storage
from .common import domain_errors, session


def register(cli: AppGroup) -> None:
    """Add this area's commands to `cli` (made once per process, shared by every app: register_cli)."""

    @cli.command("move-files-to-s3")
    @click.option(
        "--delete-local",
        is_flag=True,
        help="Delete each local file once its copy in the bucket has been read back and checked.",
    )
    def move_files_to_s3_command(delete_local):
        """Copy every uploaded file of the local folder (UPLOAD_DIR) into the S3 bucket that FACTCHECK_STORAGE=s3
        and FACTCHECK_S3_BUCKET name, checking each copy's SHA-256 before counting it. Safe to run again:
        files already in the bucket intact are not copied twice."""
        target = current_app.extensions["factcheck_storage"]
        if target.kind != "s3":
            raise click.ClickException(
                "The configured store is the local folder. Set FACTCHECK_STORAGE=s3 and FACTCHECK_S3_BUCKET "
                "(and FACTCHECK_S3_ENDPOINT_URL for a store other than AWS) for this command, then run it again."
            )
        local = storage.LocalStorage(current_app.config["UPLOAD_DIR"])
        click.echo(f"Moving the files of {local.describe()} to {target.describe()}.")

        def progress(key: str, outcome: str) -> None:
            click.echo(f"  {outcome:8} {key}")

        with session() as db:
            referenced = source_files.referenced_keys(db)
        with domain_errors():
            report = storage.move_files(
                local, target, referenced=referenced, delete_local=delete_local, progress=progress
            )
        click.echo(
            f"Moved {len(report.moved)} file(s); {len(report.present)} already in the bucket; "
            f"{len(report.failed)} failed; {len(report.damaged)} damaged locally (not moved)."
            + (f" Deleted {report.removed} local copies." if delete_local else "")
        )
        for key, why in report.failed.items():
            click.echo(f"Failed: {key}: {why}", err=True)
        for key in report.damaged:
            click.echo(
                f"Damaged: the local file {key} no longer matches its hash; it was left alone.", err=True
            )
        for key in report.missing:
            click.echo(
                f"Missing: uploaded file {key} is referred to but is neither in the folder nor the bucket.",
                err=True,
            )
        if not report.ok:
            raise click.ClickException(
                "Not every file was moved; run the command again once the cause is fixed."
            )

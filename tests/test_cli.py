"""The CLI of API.md: init-db, create-user, create-token, seed-demo."""

import pytest
from sqlmodel import func, select

from factcheck.models import Article, Claim, User
from factcheck.services import users


def test_init_db_is_safe_to_run_twice(runner):
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        assert "up to date" in result.output


def test_create_user_reads_the_password_from_stdin(runner, db):
    result = runner.invoke(
        args=["create-user", "Maria", "--role", "editor", "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = users.get_user(db, username="maria")
    assert user.role == "editor"
    assert (
        users.authenticate(db, username="maria", password="a long enough password", remote_addr="t")
        is not None
    )


def test_create_user_prompts_without_stdin_flag(runner, db):
    result = runner.invoke(
        args=["create-user", "sami", "--role", "viewer"], input="a long enough password\n" * 2
    )
    assert result.exit_code == 0, result.output
    assert users.get_user(db, username="sami").role == "viewer"


def test_create_user_refuses_bad_input_cleanly(runner, db, team):
    result = runner.invoke(
        args=["create-user", "x1", "--role", "viewer", "--password-stdin"], input="short\n"
    )
    assert result.exit_code != 0 and "12 to 128" in result.output
    result = runner.invoke(
        args=["create-user", "admin", "--role", "viewer", "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code != 0 and "taken" in result.output
    result = runner.invoke(
        args=["create-user", "bob", "--role", "boss", "--password-stdin"], input="a long enough password\n"
    )
    assert result.exit_code != 0
    assert db.exec(select(func.count()).select_from(User)).one() == 4


def test_create_token_prints_only_the_token(runner, db, team):
    result = runner.invoke(args=["create-token", "reviewer"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert result.output == token + "\n" and token.startswith("fc_")
    assert users.user_for_token(db, token=token).username == "reviewer"


def test_create_token_for_an_unknown_user_fails(runner):
    result = runner.invoke(args=["create-token", "ghost"])
    assert result.exit_code != 0 and "ghost" in result.output


def test_seed_demo_is_idempotent_and_prints_passwords_once(runner, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "admin" in first.output and "shown once" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert "shown once" not in second.output
    assert db.exec(select(func.count()).select_from(Article)).one() == 1
    assert db.exec(select(func.count()).select_from(Claim)).one() >= 3
    roles = {u.username: u.role for u in db.exec(select(User)).all()}
    assert roles == {"admin": "admin", "editor": "editor", "reviewer": "reviewer", "viewer": "viewer"}


def test_seeded_admin_password_works(runner, db):
    output = runner.invoke(args=["seed-demo"]).output
    line = next(line for line in output.splitlines() if line.strip().startswith("admin "))
    password = line.split()[-1]
    assert users.authenticate(db, username="admin", password=password, remote_addr="t") is not None


def test_the_demo_shows_every_stage(runner, db, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    statuses = sorted(db.exec(select(Claim.status)).all())
    assert (
        statuses.count("published") == 1 and statuses.count("in_review") == 1 and statuses.count("open") >= 3
    )
    report = client.get("/report/1")  # public: no sign-in
    assert report.status_code == 200 and "Unproven" in report.get_data(as_text=True)


@pytest.mark.parametrize(
    "args",
    [
        ["approve", "99999999999999999999", "--by", "editor"],
        ["release", "9223372036854775808", "--by", "editor"],
        ["assign", "9223372036854775808", "reviewer", "--by", "editor"],
        ["edit-claim", "9223372036854775808", "--by", "editor", "--text", "x"],
        ["reopen", "9223372036854775808", "--by", "editor", "--note", "n"],
        ["same-as", "9223372036854775808", "1", "--by", "editor"],
        ["same-as", "1", "9223372036854775808", "--by", "editor"],
        ["export-verdicts", "--article-id", "9223372036854775808"],
    ],
)
def test_ids_past_the_largest_are_a_usage_error_not_a_traceback(runner, team, args):
    result = runner.invoke(args=args)
    assert result.exit_code == 2, result.output
    assert "is not in the range 1<=x<=9223372036854775807" in result.output

"""API tokens: expiry, revocation (service, Team screen, CLI), last use recorded aside, bad input."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from factcheck.errors import Conflict, Forbidden, Invalid, NotFound
from factcheck.models import ApiToken, AuditEvent
from factcheck.services import users
from factcheck.timeutil import utcnow

from .conftest import ApiClient, csrf_token, sign_in


def _row(db, token: str) -> ApiToken:
    """The stored row of `token`, read afresh, with the test's transaction ended again: on SQLite it
    would hold the write lock (db.py) that the app's requests wait for."""
    db.rollback()
    db.expire_all()
    row = users.find_token(db, prefix_or_id=token)
    db.commit()
    return row


def _set(db, row_id: int, **values) -> None:
    row = db.get(ApiToken, row_id)
    for name, value in values.items():
        setattr(row, name, value)
    db.add(row)
    db.commit()


# --- the API honours revocation and expiry ------------------------------------------------------


def test_a_revoked_token_gets_401(app, db, team):
    token = users.create_token(db, user=team["reviewer"])
    client = ApiClient(app.test_client(), token)
    assert client.get("/api/v1/claims").status_code == 200
    row = _row(db, token)
    users.revoke_token(db, token_id=row.id, actor=team["admin"])
    response = client.get("/api/v1/claims")
    assert response.status_code == 401
    assert "valid API token is required" in response.get_json()["error"]["message"]


def test_an_expired_token_gets_401_and_one_before_its_expiry_works(app, db, team):
    token = users.create_token(db, user=team["reviewer"], expires_in_days=30)
    row = _row(db, token)
    assert timedelta(days=29, hours=23) < row.expires_at - utcnow() <= timedelta(days=30)
    client = ApiClient(app.test_client(), token)
    assert client.get("/api/v1/claims").status_code == 200
    _set(db, row.id, expires_at=utcnow() - timedelta(seconds=1))
    assert client.get("/api/v1/claims").status_code == 401
    assert users.user_for_token(db, token=token) is None


def test_last_use_is_recorded_at_most_once_a_minute(app, db, team):
    token = users.create_token(db, user=team["viewer"])
    assert _row(db, token).last_used_at is None
    client = ApiClient(app.test_client(), token)
    before = utcnow()
    assert client.get("/api/v1/claims").status_code == 200
    first = _row(db, token).last_used_at
    assert first is not None and before - timedelta(seconds=1) <= first <= utcnow()

    recent = utcnow() - timedelta(seconds=30)
    _set(db, _row(db, token).id, last_used_at=recent)
    assert client.get("/api/v1/claims").status_code == 200
    assert _row(db, token).last_used_at == recent  # within the minute: not written again

    old = utcnow() - timedelta(minutes=5)
    _set(db, _row(db, token).id, last_used_at=old)
    assert client.get("/api/v1/claims").status_code == 200
    assert _row(db, token).last_used_at > old + timedelta(minutes=4)


def test_last_use_is_written_in_a_transaction_of_its_own(app, db, team):
    """Recording leaves the caller's session clean, and is committed: another session sees it at once."""
    token = users.create_token(db, user=team["viewer"])
    assert users.user_for_token(db, token=token).username == "viewer"
    assert not db.dirty and not db.new
    with Session(app.extensions["factcheck_engine"]) as other:
        stored = other.exec(select(ApiToken).where(ApiToken.prefix == token[:10])).one()
        assert stored.last_used_at is not None


def test_a_failure_to_record_last_use_never_fails_the_request(app, db, team, caplog):
    token = users.create_token(db, user=team["viewer"])
    engine = app.extensions["factcheck_engine"]

    def locked(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("UPDATE API_TOKEN"):
            raise OperationalError(statement, parameters, Exception("database is locked"))

    event.listen(engine, "before_cursor_execute", locked)
    try:
        response = ApiClient(app.test_client(), token).get("/api/v1/claims")
    finally:
        event.remove(engine, "before_cursor_execute", locked)
    assert response.status_code == 200
    assert _row(db, token).last_used_at is None
    assert any("last_used_at" in record.getMessage() for record in caplog.records)


# --- the service: listing, revoking, who may ------------------------------------------------------


def test_list_tokens_shows_prefix_owner_times_and_status(db, team):
    live = users.create_token(db, user=team["editor"], expires_in_days=7)
    gone = users.create_token(db, user=team["editor"])
    other = users.create_token(db, user=team["viewer"])
    users.revoke_token(db, token_id=_row(db, gone).id, actor=team["admin"])
    _set(db, _row(db, other).id, expires_at=utcnow() - timedelta(days=1))

    everyone = users.list_tokens(db)
    assert {t.prefix: (t.username, t.status) for t in everyone} == {
        live[:10]: ("editor", "active"),
        gone[:10]: ("editor", "revoked"),
        other[:10]: ("viewer", "expired"),
    }
    mine = users.list_tokens(db, user_id=team["editor"].id)
    assert [t.prefix for t in mine] == [gone[:10], live[:10]]  # newest first
    first = mine[1]
    assert first.created_at and first.expires_at and first.last_used_at is None and first.revoked_at is None
    assert all(live not in repr(t) for t in everyone)  # never the token itself


def test_revoking_is_audited_and_a_second_revocation_is_a_clear_conflict(db, team):
    token = users.create_token(db, user=team["editor"])
    row_id = _row(db, token).id
    users.revoke_token(db, token_id=row_id, actor=team["admin"])
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "token.revoke")).one()
    assert event.actor_id == team["admin"].id and event.object_id == row_id
    with pytest.raises(Conflict, match="already revoked"):
        users.revoke_token(db, token_id=row_id, actor=team["admin"])
    assert len(db.exec(select(AuditEvent).where(AuditEvent.action == "token.revoke")).all()) == 1


def test_anyone_may_revoke_their_own_token_but_only_an_admin_anyones(db, team):
    editors = users.create_token(db, user=team["editor"])
    reviewers = users.create_token(db, user=team["reviewer"])
    with pytest.raises(Forbidden):
        users.revoke_token(db, token_id=_row(db, editors).id, actor=team["reviewer"])
    assert _row(db, editors).revoked_at is None
    assert users.revoke_token(db, token_id=_row(db, reviewers).id, actor=team["reviewer"]).revoked_at
    assert users.revoke_token(db, token_id=_row(db, editors).id, actor=team["admin"]).revoked_at


@pytest.mark.parametrize("days", [-1, 0, 3651, 10**30])
def test_an_expiry_out_of_range_is_refused(db, team, days):
    with pytest.raises(Invalid, match="1 to 3650"):
        users.create_token(db, user=team["viewer"], expires_in_days=days)
    assert db.exec(select(ApiToken)).first() is None


def test_unknown_or_huge_token_ids_and_prefixes_are_not_found(db, team):
    for ref in ["fc_nothing", "12345", str(2**63), str(10**40), "", "fc_"]:
        with pytest.raises(NotFound):
            users.find_token(db, prefix_or_id=ref)
    for token_id in [0, -1, 2**63, 10**40]:
        with pytest.raises(NotFound):
            users.revoke_token(db, token_id=token_id, actor=team["admin"])


# --- the Team screen ------------------------------------------------------------------------------


def test_team_screen_lists_tokens_and_revokes_one(client, db, team):
    token = users.create_token(db, user=team["editor"], expires_in_days=90)
    row_id = _row(db, token).id
    sign_in(client, "admin")
    html = client.get("/admin/users").get_data(as_text=True)
    row = re.search(
        rf'<tr data-token="{re.escape(token[:10])}" data-owner="editor" id="token-{row_id}">(.*?)</tr>',
        html,
        re.S,
    )
    assert row, "the token's row is missing"
    assert "active" in row.group(1) and "Revoke" in row.group(1) and token not in html

    response = client.post(f"/admin/tokens/{row_id}/revoke", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert _row(db, token).revoked_at is not None
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Revoked editor&#39;s API token" in html
    row = re.search(rf'id="token-{row_id}">(.*?)</tr>', html, re.S).group(1)
    assert "revoked" in row and "Revoke</button>" not in row
    assert users.user_for_token(db, token=token) is None

    again = client.post(f"/admin/tokens/{row_id}/revoke", data={"csrf_token": csrf_token(client)})
    assert again.status_code == 409 and b"already revoked" in again.data


def test_revoking_on_the_team_screen_needs_the_csrf_token(client, db, team):
    token = users.create_token(db, user=team["editor"])
    sign_in(client, "admin")
    response = client.post(f"/admin/tokens/{_row(db, token).id}/revoke")
    assert response.status_code == 400
    assert _row(db, token).revoked_at is None


def test_a_reviewer_cannot_revoke_someone_elses_token_on_the_team_screen(client, db, team):
    token = users.create_token(db, user=team["editor"])
    sign_in(client, "reviewer")
    response = client.post(
        f"/admin/tokens/{_row(db, token).id}/revoke", data={"csrf_token": csrf_token(client)}
    )
    assert response.status_code == 403
    assert _row(db, token).revoked_at is None


def test_revoking_an_unknown_or_huge_id_is_a_404(client, db, team):
    users.create_token(db, user=team["editor"])
    sign_in(client, "admin")
    response = client.post("/admin/tokens/424242/revoke", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 404 and b"No API token with id 424242" in response.data
    for huge in ["9223372036854775808", "99999999999999999999999", "9" * 400]:
        response = client.post(f"/admin/tokens/{huge}/revoke", data={"csrf_token": csrf_token(client)})
        assert response.status_code == 404, huge  # never 500: past 2**63 names no token
    assert users.list_tokens(db)[0].status == "active"


def test_the_team_screen_issues_a_token_with_an_expiry_shown_once(client, db, team):
    sign_in(client, "admin")
    response = client.post(
        f"/admin/users/{team['viewer'].id}/token",
        data={"expires_days": "14", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    token = html.split('id="token">')[1].split("<")[0]
    assert "It expires on" in html
    row = _row(db, token)
    assert timedelta(days=13, hours=23) < row.expires_at - utcnow() <= timedelta(days=14)
    assert users.user_for_token(db, token=token).username == "viewer"
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "token.create")).one()
    assert event.actor_id == team["admin"].id


@pytest.mark.parametrize("days", ["-1", "0", "abc", "99999999999999999999", "1.5"])
def test_the_team_screen_refuses_a_bad_expiry(client, db, team, days):
    sign_in(client, "admin")
    response = client.post(
        f"/admin/users/{team['viewer'].id}/token",
        data={"expires_days": days, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 422
    assert b"No token issued" in response.data
    assert db.exec(select(ApiToken)).first() is None


def test_issuing_for_a_huge_user_id_is_a_404(client, team):
    sign_in(client, "admin")
    response = client.post("/admin/users/9223372036854775808/token", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 404


# --- the command line -----------------------------------------------------------------------------


def test_cli_creates_a_token_with_an_expiry_and_prints_only_it(runner, db, team):
    result = runner.invoke(args=["create-token", "reviewer", "--expires-days", "10"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert result.output == token + "\n" and token.startswith("fc_")
    row = _row(db, token)
    assert timedelta(days=9, hours=23) < row.expires_at - utcnow() <= timedelta(days=10)
    assert users.user_for_token(db, token=token).username == "reviewer"


@pytest.mark.parametrize("days", ["-1", "0", "4000"])
def test_cli_refuses_a_bad_expiry(runner, db, team, days):
    result = runner.invoke(args=["create-token", "reviewer", "--expires-days", days])
    assert result.exit_code == 1 and "1 to 3650 days" in result.output
    assert "Traceback" not in result.output and "fc_" not in result.output
    assert db.exec(select(ApiToken)).first() is None


def test_cli_refuses_a_non_number_expiry(runner, db, team):
    result = runner.invoke(args=["create-token", "reviewer", "--expires-days", "soon"])
    assert result.exit_code == 2 and "not a valid integer" in result.output
    assert db.exec(select(ApiToken)).first() is None


def test_cli_lists_tokens(runner, db, team):
    kept = users.create_token(db, user=team["editor"], expires_in_days=5)
    revoked = users.create_token(db, user=team["viewer"])
    users.revoke_token(db, token_id=_row(db, revoked).id, actor=None)
    result = runner.invoke(args=["list-tokens"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "PREFIX", "OWNER", "CREATED", "LAST", "USED", "EXPIRES", "STATUS"]
    editor_line = next(line for line in lines if kept[:10] in line)
    assert "editor" in editor_line and editor_line.endswith("active") and "never" in editor_line
    assert next(line for line in lines if revoked[:10] in line).endswith("revoked")
    assert kept not in result.output

    only = runner.invoke(args=["list-tokens", "viewer"])
    assert only.exit_code == 0 and revoked[:10] in only.output and kept[:10] not in only.output
    assert runner.invoke(args=["list-tokens", "admin"]).output == "No API tokens.\n"
    ghost = runner.invoke(args=["list-tokens", "ghost"])
    assert ghost.exit_code == 1 and "ghost" in ghost.output


def test_cli_revokes_by_prefix_or_id_once(runner, db, team):
    by_prefix = users.create_token(db, user=team["editor"])
    by_id = users.create_token(db, user=team["editor"])
    result = runner.invoke(args=["revoke-token", by_prefix[:10]])
    assert result.exit_code == 0, result.output
    assert by_prefix[:10] in result.output and "Revoked" in result.output
    assert users.user_for_token(db, token=by_prefix) is None

    row_id = _row(db, by_id).id
    assert runner.invoke(args=["revoke-token", str(row_id)]).exit_code == 0
    assert users.user_for_token(db, token=by_id) is None
    event = db.exec(
        select(AuditEvent).where(AuditEvent.action == "token.revoke", AuditEvent.object_id == row_id)
    ).one()
    assert event.actor_id is None  # the command line
    db.commit()  # end the test's transaction: on SQLite it holds the write lock the command waits for

    again = runner.invoke(args=["revoke-token", str(row_id)])
    assert again.exit_code == 1 and "already revoked" in again.output


@pytest.mark.parametrize("ref", ["fc_unknown", "4242", str(2**63), "99999999999999999999999", "x"])
def test_cli_revoke_of_an_unknown_prefix_or_id_fails_cleanly(runner, team, ref):
    result = runner.invoke(args=["revoke-token", ref])
    assert result.exit_code == 1 and "No API token" in result.output
    assert "Traceback" not in result.output


def test_cli_revoke_of_an_ambiguous_prefix_asks_for_the_id(runner, db, team):
    first = users.create_token(db, user=team["editor"])
    second = users.create_token(db, user=team["viewer"])
    _set(db, _row(db, second).id, prefix=first[:10])
    result = runner.invoke(args=["revoke-token", first[:10]])
    assert result.exit_code == 1 and "give the id" in result.output
    assert users.user_for_token(db, token=first) is not None

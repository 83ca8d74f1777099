"""Admin screens: add users, change roles, deactivate, issue tokens."""

from sqlmodel import select

from factcheck.models import AuditEvent, User
from factcheck.services import users

from .conftest import csrf_token, sign_in


def test_admin_adds_a_reviewer(client, db, team):
    sign_in(client, "admin")
    response = client.post(
        "/admin/users",
        data={
            "username": "Nadia",
            "display_name": "Nadia N.",
            "role": "reviewer",
            "password": "a long enough password",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302
    nadia = users.get_user(db, username="nadia")
    assert nadia.role == "reviewer" and nadia.display_name == "Nadia N."
    event = db.exec(
        select(AuditEvent).where(AuditEvent.action == "user.create", AuditEvent.object_id == nadia.id)
    ).one()
    assert event.actor_id == team["admin"].id


def test_adding_a_taken_username_or_short_password_fails_cleanly(client, db, team):
    sign_in(client, "admin")
    for data, status in [
        ({"username": "editor", "role": "viewer", "password": "a long enough password"}, 409),
        ({"username": "newbie", "role": "viewer", "password": "short"}, 422),
        ({"username": "newbie", "role": "emperor", "password": "a long enough password"}, 422),
    ]:
        response = client.post("/admin/users", data={**data, "csrf_token": csrf_token(client)})
        assert response.status_code == status
    assert db.exec(select(User).where(User.username == "newbie")).first() is None


def test_admin_changes_a_role_and_it_is_audited(client, db, team):
    sign_in(client, "admin")
    uid = team["viewer"].id
    response = client.post(
        f"/admin/users/{uid}/role", data={f"u{uid}-role": "editor", "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302
    db.expire_all()
    assert db.get(User, uid).role == "editor"
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "user.role")).one()
    assert '"viewer"' in event.before and '"editor"' in event.after


def test_admin_cannot_demote_or_deactivate_themselves(client, db, team):
    sign_in(client, "admin")
    uid = team["admin"].id
    response = client.post(
        f"/admin/users/{uid}/role", data={f"u{uid}-role": "viewer", "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 403
    response = client.post(f"/admin/users/{uid}/deactivate", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 403
    db.expire_all()
    admin = db.get(User, uid)
    assert admin.role == "admin" and admin.active


def test_admin_issues_a_token_shown_once(client, db, team):
    sign_in(client, "admin")
    response = client.post(f"/admin/users/{team['editor'].id}/token", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    token = html.split('id="token">')[1].split("<")[0]
    assert users.user_for_token(db, token=token).username == "editor"


def test_user_names_are_escaped_on_the_team_page(client, db, team, make_user):
    make_user("viewer", username="plain", display_name="<script>alert(1)</script>")
    sign_in(client, "admin")
    html = client.get("/admin/users").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

"""Admin edits to the rating scale: validation, order, the one unproven rating, audit events; the admin screen."""

import pytest
from sqlmodel import select

from factcheck.errors import Invalid, NotFound
from factcheck.models import AuditEvent, Rating
from factcheck.services import rating_scale
from factcheck.services.ratings import get_rating, list_ratings

from .conftest import csrf_token


def events(db, action):
    return db.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_update_label_colour_value_with_an_audit_event(db, team):
    rating = get_rating(db, slug="misleading")
    rating_scale.update_rating(
        db,
        rating_id=rating.id,
        actor=team["admin"],
        label="Misleading!",
        colour="#AABBCC",
        value=2,
        description="x",
    )
    db.refresh(rating)
    assert (rating.label, rating.colour, rating.value, rating.description) == (
        "Misleading!",
        "#aabbcc",
        2,
        "x",
    )
    (event,) = events(db, "rating.update")
    assert event.actor_id == team["admin"].id and '"Misleading!"' in event.after


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"label": ""}, "label"),
        ({"label": "False"}, "label"),  # another rating's label
        ({"colour": "red"}, "colour"),
        ({"colour": "#12345"}, "colour"),
        ({"colour": "#1234567"}, "colour"),
        ({"value": 0}, "value"),
        ({"value": 6}, "value"),
        ({"value": None}, "value"),
        ({"value": True}, "value"),
    ],
)
def test_bad_edits_are_refused_and_nothing_changes(db, team, changes, field):
    rating = get_rating(db, slug="misleading")
    values = {"label": "Misleading", "colour": "#bf8700", "value": 3, **changes}
    with pytest.raises(Invalid) as caught:
        rating_scale.update_rating(db, rating_id=rating.id, actor=team["admin"], **values)
    assert field in caught.value.fields
    db.expire_all()
    assert get_rating(db, slug="misleading").label == "Misleading"
    assert not events(db, "rating.update")


def test_the_unproven_rating_has_no_number(db, team):
    unproven = get_rating(db, slug="unproven")
    with pytest.raises(Invalid):
        rating_scale.update_rating(
            db, rating_id=unproven.id, actor=team["admin"], label="Unproven", colour="#6e7781", value=3
        )
    rating_scale.update_rating(
        db, rating_id=unproven.id, actor=team["admin"], label="Not proven", colour="#6e7781", value=None
    )
    assert get_rating(db, slug="unproven").label == "Not proven"


def test_add_at_the_end_with_a_valid_unique_slug(db, team):
    rating = rating_scale.add_rating(
        db, actor=team["admin"], slug="half-true", label="Half true", colour="#123456", value=3
    )
    assert rating.position == 7 and not rating.is_unproven
    assert list_ratings(db)[-1].slug == "half-true"
    assert events(db, "rating.create")
    for slug in ("half-true", "Half True", "", "a_b", "-x"):
        with pytest.raises(Invalid) as caught:
            rating_scale.add_rating(
                db, actor=team["admin"], slug=slug, label="Other", colour="#123456", value=3
            )
        assert "slug" in caught.value.fields


def test_move_up_and_down(db, team):
    false = get_rating(db, slug="false")
    rating_scale.move_rating(db, rating_id=false.id, direction="up", actor=team["admin"])
    assert [r.slug for r in list_ratings(db)] == [
        "true",
        "mostly-true",
        "misleading",
        "false",
        "mostly-false",
        "unproven",
    ]
    first = get_rating(db, slug="true")
    rating_scale.move_rating(
        db, rating_id=first.id, direction="up", actor=team["admin"]
    )  # already first: no change
    assert [r.position for r in list_ratings(db)] == [1, 2, 3, 4, 5, 6]
    assert len(events(db, "rating.reorder")) == 1
    with pytest.raises(Invalid):
        rating_scale.move_rating(db, rating_id=first.id, direction="sideways", actor=team["admin"])
    with pytest.raises(NotFound):
        rating_scale.move_rating(db, rating_id=999, direction="up", actor=team["admin"])


def test_exactly_one_rating_is_unproven(db, team):
    misleading = get_rating(db, slug="misleading")
    with pytest.raises(Invalid) as caught:
        rating_scale.set_unproven(db, rating_id=misleading.id, actor=team["admin"])
    assert "former_value" in caught.value.fields
    rating_scale.set_unproven(db, rating_id=misleading.id, actor=team["admin"], former_value=3)
    db.expire_all()
    unproven = db.exec(select(Rating).where(Rating.is_unproven)).all()
    assert [r.slug for r in unproven] == ["misleading"] and unproven[0].value is None
    assert get_rating(db, slug="unproven").value == 3
    assert events(db, "rating.unproven")


def test_the_admin_screen_edits_adds_moves_and_marks(client, login, team, db):
    login(team["admin"])
    page = client.get("/admin/ratings")
    assert page.status_code == 200 and b'data-slug="unproven"' in page.data
    token = csrf_token(client)
    misleading = get_rating(db, slug="misleading")
    response = client.post(
        f"/admin/ratings/{misleading.id}",
        data={
            f"r{misleading.id}-csrf_token": token,
            f"r{misleading.id}-label": "Missing context",
            f"r{misleading.id}-colour": "#112233",
            f"r{misleading.id}-value": "3",
            f"r{misleading.id}-description": "",
        },
    )
    assert response.status_code == 302
    db.rollback()  # end the read transaction: see the app's commits
    assert get_rating(db, slug="misleading").label == "Missing context"
    bad = client.post(
        f"/admin/ratings/{misleading.id}",
        data={
            f"r{misleading.id}-csrf_token": token,
            f"r{misleading.id}-label": "X",
            f"r{misleading.id}-colour": "blue",
        },
        follow_redirects=True,
    )
    assert b"Not saved" in bad.data
    added = client.post(
        "/admin/ratings/add",
        data={
            "new-csrf_token": token,
            "new-slug": "satire",
            "new-label": "Satire",
            "new-colour": "#abcdef",
            "new-value": "3",
        },
    )
    db.rollback()
    assert added.status_code == 302 and get_rating(db, slug="satire") is not None
    refused = client.post(
        "/admin/ratings/add",
        data={
            "new-csrf_token": token,
            "new-slug": "satire",
            "new-label": "Satire 2",
            "new-colour": "#abcdef",
            "new-value": "3",
        },
    )
    assert refused.status_code == 422 and b"another rating has this slug" in refused.data
    satire = get_rating(db, slug="satire")
    client.post(f"/admin/ratings/{satire.id}/move", data={"csrf_token": token, "direction": "up"})
    db.rollback()  # end the read transaction: see the app's commits
    assert [r.slug for r in list_ratings(db)][-2:] == ["satire", "unproven"]
    client.post(f"/admin/ratings/{satire.id}/unproven", data={"csrf_token": token, "former_value": "2"})
    db.rollback()  # end the read transaction: see the app's commits
    assert get_rating(db, slug="satire").is_unproven and get_rating(db, slug="unproven").value == 2
    css = client.get("/ratings.css").get_data(as_text=True)
    assert ".rating-misleading { --rating: #112233; }" in css


def test_editors_may_not_edit_the_scale(client, login, team, db):
    login(team["editor"])
    assert client.get("/admin/ratings").status_code == 403
    token = csrf_token(client)
    response = client.post("/admin/ratings/add", data={"csrf_token": token, "new-slug": "x"})
    assert response.status_code == 403

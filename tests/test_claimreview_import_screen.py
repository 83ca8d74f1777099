"""The admin screen that imports other desks' ClaimReview: admins only, CSRF, one of an address or a file, a
broken record reported while the rest import, and bad input refused with a 4xx."""

import io
import json

from sqlmodel import select

from factcheck.models import ExternalReview

from .test_external_reviews import BROKEN, review

URL = "/admin/claimreview"


def _upload(post_form, body: bytes, name: str = "feed.json", **extra):
    return post_form(URL, {"file": (io.BytesIO(body), name), **extra}, content_type="multipart/form-data")


def test_only_an_admin_sees_and_uses_the_import_screen(db, team, login, client, post_form):
    login(team["editor"])
    assert client.get(URL).status_code == 403
    assert _upload(post_form, json.dumps(review(1)).encode()).status_code == 403
    assert db.exec(select(ExternalReview)).all() == []
    post_form("/logout")
    login(team["admin"])
    page = client.get(URL).get_data(as_text=True)
    assert 'id="claimreview-import"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="csrf_token"' in page
    assert f'href="{URL}"' in client.get("/admin/users").get_data(as_text=True)  # linked from the admin area


def test_a_file_with_a_broken_record_imports_the_rest_and_reports_the_broken_one(db, team, login, post_form):
    login(team["admin"])
    body = json.dumps({"@type": "DataFeed", "dataFeedElement": [review(1), BROKEN, review(2)]}).encode()
    response = _upload(post_form, body)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="import-report"' in page and "Imported from feed.json" in page
    assert "<strong>2</strong> imported" in page and "<strong>1</strong> skipped" in page
    assert 'class="outcome-refused" data-record="2"' in page and "no claimReviewed" in page
    assert 'class="outcome-added" data-record="1"' in page and 'class="outcome-added" data-record="3"' in page
    stored = db.exec(select(ExternalReview).order_by(ExternalReview.id)).all()
    assert [r.url for r in stored] == [
        "https://checkers.example.org/reviews/1",
        "https://checkers.example.org/reviews/2",
    ]
    assert stored[0].imported_by_id == team["admin"].id and stored[0].imported_from == "feed.json"
    # again, with one review changed: nothing duplicated, the change is an update
    changed = review(2, claimReviewed="Seven former British servicemen flew helicopters for Haftar")
    again = _upload(post_form, json.dumps([review(1), changed]).encode(), name="again.json")
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "<strong>0</strong> imported" in page
    assert (
        'class="outcome-unchanged" data-record="1"' in page
        and 'class="outcome-updated" data-record="2"' in page
    )
    db.expire_all()
    assert len(db.exec(select(ExternalReview)).all()) == 2


def test_an_html_page_with_json_ld_imports(db, team, login, post_form):
    login(team["admin"])
    html = (
        "<html><head><script type='application/ld+json'>" + json.dumps(review(3)) + "</script></head>"
        "<body>A fact-check</body></html>"
    ).encode()
    response = _upload(post_form, html, name="page.html")
    assert response.status_code == 200 and "<strong>1</strong> imported" in response.get_data(as_text=True)


def test_bad_input_is_a_clear_4xx_and_imports_nothing(db, team, login, client, post_form):
    login(team["admin"])
    nothing = post_form(URL, {})
    assert nothing.status_code == 422 and "Give the address" in nothing.get_data(as_text=True)
    empty = _upload(post_form, b"   ")
    assert empty.status_code == 422 and "The file is empty." in empty.get_data(as_text=True)
    both = _upload(post_form, json.dumps(review(1)).encode(), url="https://checkers.example.org/feed")
    assert both.status_code == 422 and "not both" in both.get_data(as_text=True)
    refused = post_form(URL, {"url": "http://127.0.0.1:9/feed.json"})
    assert refused.status_code == 422 and "Could not fetch" in refused.get_data(as_text=True)
    not_an_address = post_form(URL, {"url": "file:///etc/passwd"})
    assert 400 <= not_an_address.status_code < 500
    garbage = _upload(post_form, b"{not json")
    assert garbage.status_code == 200 and "not valid JSON" in garbage.get_data(as_text=True)
    assert "<strong>0</strong> imported" in garbage.get_data(as_text=True)
    no_token = client.post(URL, data={"file": (io.BytesIO(json.dumps(review(1)).encode()), "feed.json")})
    assert no_token.status_code == 400
    assert db.exec(select(ExternalReview)).all() == []

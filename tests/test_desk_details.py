"""Small things a desk trips on (issue 12): a refused duplicate source keeps what was typed and says so once;
the queue filters by an article's title; sizes read as people say them; an empty correction log is a
sentence; sign-in says it is busy; the password rule is shown before the first failure."""

import io
import re
from html import unescape

import pytest

from factcheck.services import articles, claims, sources
from factcheck.services.claim_filters import article_choices
from factcheck.services.users import PASSWORD_RULE
from factcheck.sizes import human_size

TYPED = {
    "title": "Panel report, my copy",
    "publisher": "UN Security Council",
    "kind": "un_report",
    "document_symbol": "s /2021/ 229",
    "published_at": "2021-03-08",
    "archived_url": "https://web.archive.org/web/2021/https://undocs.org/S/2021/229",
    "reliability": "B",
    "notes": "Annex 4 has the flight list.",
}


def test_a_duplicate_source_keeps_what_was_typed_and_says_so_once(client, login, post_form, db, team):
    login(team["reviewer"])
    existing = sources.create_source(
        db, actor=team["reviewer"], title="Final report of the Panel", document_symbol="S/2021/229"
    )
    response = post_form("/sources/new", TYPED)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert html.count("already in the library") == 1  # the notice, no flash repeating it
    assert 'class="flash' not in html
    assert f'href="/sources/{existing.id}"' in html
    form = html.split('id="source-form"', 1)[1]
    for name in ("title", "publisher", "document_symbol", "published_at", "archived_url"):
        assert re.search(rf'name="{name}"[^>]* value="([^"]*)"', form).group(1) == TYPED[name]
    assert '<option selected value="un_report">' in form and '<option selected value="B">' in form
    assert "Annex 4 has the flight list.</textarea>" in form


def test_a_duplicate_on_edit_keeps_the_edit_and_says_so_once(client, login, post_form, db, team):
    login(team["reviewer"])
    sources.create_source(db, actor=team["reviewer"], title="Panel report", document_symbol="S/2021/229")
    mine = sources.create_source(db, actor=team["reviewer"], title="Another report")
    response = post_form(f"/sources/{mine.id}/edit", TYPED)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert html.count("already in the library") == 1 and 'class="flash' not in html
    assert 'value="Panel report, my copy"' in html


@pytest.fixture
def two_articles(db, team):
    reviewer = team["reviewer"]
    first = articles.create_article(db, title="Recruits sent to Libya", text="A said B.", actor=reviewer)
    second = articles.create_article(db, title="Ports reopen <fast>", text="C said D.", actor=reviewer)
    empty = articles.create_article(db, title="No claims here", text="E.", actor=reviewer)
    claims.create_claim(db, article_id=first.id, text="Recruits went to Libya.", actor=reviewer)
    claims.create_claim(db, article_id=second.id, text="Ports reopened.", actor=reviewer)
    return first, second, empty


def test_the_queue_filters_by_an_article_chosen_by_title(client, login, db, team, two_articles):
    first, second, empty = two_articles
    login(team["reviewer"])
    html = client.get("/queue").get_data(as_text=True)
    select_html = html.split('<select name="article_id"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{first.id}">Recruits sent to Libya</option>' in select_html
    assert f'<option value="{second.id}">Ports reopen &lt;fast&gt;</option>' in select_html
    assert "No claims here" not in select_html  # nothing to filter by
    assert 'type="number" name="article_id"' not in html
    html = client.get(f"/queue?article_id={second.id}").get_data(as_text=True)
    assert f'<option selected value="{second.id}">' in html
    assert "Ports reopened." in html and "Recruits went to Libya." not in html


def test_article_choices_are_newest_first_and_keep_the_filter_in_use(db, two_articles):
    first, second, empty = two_articles
    assert article_choices(db) == [
        (second.id, "Ports reopen <fast>"),
        (first.id, "Recruits sent to Libya"),
    ]
    assert article_choices(db, limit=1) == [(second.id, "Ports reopen <fast>")]
    assert article_choices(db, limit=1, include=first.id)[-1] == (first.id, "Recruits sent to Libya")
    assert article_choices(db, include=999) == article_choices(db)


def test_the_api_still_filters_by_article_id(api, db, two_articles):
    first, _second, _empty = two_articles
    response = api("reviewer").get(f"/api/v1/claims?article_id={first.id}")
    assert response.status_code == 200
    assert [item["text"] for item in response.get_json()["items"]] == ["Recruits went to Libya."]


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1,023 bytes"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (20 * 1024 * 1024, "20 MB"),
        (10_000_000, "9.5 MB"),
        (3 * 1024**3, "3 GB"),
    ],
)
def test_sizes_read_as_people_say_them(count, shown):
    assert human_size(count) == shown


def test_upload_limits_are_shown_and_refused_in_megabytes(client, login, post_form, app, db, team):
    login(team["reviewer"])
    html = client.get("/articles/new").get_data(as_text=True)
    assert "At most 20 MB." in html and "20,971,520" not in html
    source = sources.create_source(db, actor=team["reviewer"], title="Panel report")
    html = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert "at most 20 MB." in html
    app.config["MAX_UPLOAD_BYTES"] = 2048
    response = post_form(
        f"/sources/{source.id}/files",
        {"file": (io.BytesIO(b"x" * 3000), "big.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "The file is too large: at most 2 KB." in unescape(response.get_data(as_text=True))


def test_an_empty_correction_log_is_a_sentence_not_a_list(client, login, team):
    login(team["viewer"])
    html = client.get("/corrections").get_data(as_text=True)
    main = html.split('<main id="main">', 1)[1]
    assert '<p class="muted">No corrections so far.</p>' in main
    assert "<ol" not in main and "<li" not in main


def test_sign_in_says_it_is_busy_and_needs_no_script(client, team):
    html = client.get("/login").get_data(as_text=True)
    assert '<button type="submit" class="primary" data-busy="Signing in…">Sign in</button>' in html
    assert '<form method="post"' in html  # a plain form: it signs in with scripts off too


def test_the_password_rule_is_shown_before_any_failure(client, login, team):
    login(team["admin"])
    for path, field in (("/account/password", "new_password"), ("/admin/users", "password")):
        html = client.get(path).get_data(as_text=True)
        assert f'aria-describedby="{field}-hint"' in html
        assert f'<span class="hint field-hint" id="{field}-hint">{PASSWORD_RULE}</span>' in html
        assert "has-error" not in html
    assert PASSWORD_RULE == "12 to 128 characters"

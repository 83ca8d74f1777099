"""The articles pages: adding an article (paste, upload, URL), the split screen, claims, corrections."""

import html
import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import func, select

from factcheck.models import Article, ArticleRevision, Claim
from factcheck.services import articles, claims

SAMPLE = (Path(__file__).resolve().parent.parent / "factcheck" / "demo" / "sample_article.txt").read_text()
TEXT = "Line one has 15 fighters.\r\nThe salary is $1,000, a report by Enab Baladi said.\n\nIs it true?"


def count(db, model):
    return db.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def reviewer(team, login):
    login(team["reviewer"])
    return team["reviewer"]


@pytest.fixture
def article(db, team):
    return articles.create_article(db, title="Recruits <b>bold</b>", text=TEXT, actor=team["reviewer"])


# --- adding an article ---------------------------------------------------------------------------------


def test_pasting_an_article_stores_the_text_and_opens_the_split_screen(client, db, reviewer, post_form):
    response = post_form(
        "/articles/new",
        {
            "title": "Recruits",
            "outlet": "Daily",
            "url": "https://news.example/a",
            "published_at": "2020-05-01",
            "text": SAMPLE.replace("\n", "\r\n"),
        },
    )
    assert response.status_code == 302
    article = db.exec(select(Article)).one()
    assert response.headers["Location"].endswith(f"/articles/{article.id}")
    assert article.published_at.isoformat() == "2020-05-01" and article.outlet == "Daily"
    # the browser's CRLF form encoding is undone: the stored text is the article's own
    assert articles.current_revision(db, article_id=article.id).text == SAMPLE
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Make claim" in page and "Keyboard" in page


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"title": "T", "text": ""}, 422),
        ({"title": "T", "text": "   \r\n  "}, 422),
        ({"title": "", "text": "Some text."}, 422),
        ({"title": "T", "text": "x" * 200_001}, 422),
        ({"title": "T", "text": "Some text.", "url": "javascript:alert(1)"}, 422),
        ({"title": "T", "text": "Some text.", "published_at": "yesterday"}, 422),
    ],
)
def test_bad_pasted_input_is_refused_and_nothing_stored(client, db, reviewer, post_form, data, status):
    response = post_form("/articles/new", data)
    assert response.status_code == status
    assert 'class="flash flash-error"' in response.get_data(as_text=True)
    assert count(db, Article) == 0 and count(db, ArticleRevision) == 0


def test_a_huge_text_says_how_much_is_allowed(client, db, reviewer, post_form):
    response = post_form("/articles/new", {"title": "T", "text": "x" * 200_001})
    assert "at most 200,000 characters" in response.get_data(as_text=True)


def upload(post_form, name, data):
    return post_form(
        "/articles/new/upload",
        {"upload-file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_an_uploaded_file_prefills_the_form_and_is_stored_only_on_confirm(client, db, reviewer, post_form):
    page = (
        b"<html><head><title>Recruits in Syria</title><meta property='og:site_name' content='Naher'></head>"
    )
    page += b"<body><article><p>" + b"Russia has started recruiting young fighters in eastern Syria. " * 5
    page += b"</p></article></body></html>"
    response = upload(post_form, "story.html", page)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'value="Recruits in Syria"' in body and 'value="Naher"' in body
    assert "Russia has started recruiting" in body
    assert count(db, Article) == 0


def test_an_uploaded_text_file_uses_its_first_line_as_title(client, db, reviewer, post_form):
    response = upload(post_form, "sample.txt", SAMPLE.encode())
    assert response.status_code == 200
    assert (
        'value="Russia tries to recruit mercenaries in eastern Syria to fight in Libya"'
        in response.get_data(as_text=True)
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00binary\x00\x00", "binary"),
        ("report.pdf", b"just text pretending", "PDF"),
        ("report.docx", b"PK\x03\x04 not really a zip", "Word"),
        ("tool.exe", b"MZ\x90\x00", "not accepted"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_a_bad_upload_is_refused_with_a_reason(client, db, reviewer, post_form, name, data, message):
    response = upload(post_form, name, data)
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert count(db, Article) == 0


def test_an_upload_over_the_size_limit_is_refused(app, client, db, reviewer, post_form):
    app.config["MAX_UPLOAD_BYTES"] = 100
    response = upload(post_form, "long.txt", b"Words. " * 50)
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert count(db, Article) == 0


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802  (http.server's name)
        if self.path == "/story":
            body = (
                b"<!doctype html><html><head><title>Mercenaries for Libya</title>"
                b"<meta property='article:published_time' content='2020-05-03T10:00:00Z'></head><body><article>"
                + b"<p>Russia has started recruiting young fighters in eastern Syria, a report said Sunday.</p>"
                * 4
                + b"</article></body></html>"
            )
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            body = b"gone"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_a_fetched_page_prefills_the_form(app, client, db, reviewer, post_form, local_site):
    app.config["FETCH_ALLOW_PRIVATE"] = True
    response = post_form("/articles/new/fetch", {"fetch-url": f"{local_site}/story"})
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    body = response.get_data(as_text=True)
    assert 'value="Mercenaries for Libya"' in body and 'value="2020-05-03"' in body
    assert f'value="{local_site}/story"' in body
    assert "Russia has started recruiting young fighters" in body
    assert count(db, Article) == 0


def test_an_unreachable_page_is_refused(app, client, db, reviewer, post_form, local_site):
    app.config["FETCH_ALLOW_PRIVATE"] = True
    response = post_form("/articles/new/fetch", {"fetch-url": f"{local_site}/missing"})
    assert response.status_code == 422
    assert "HTTP 404" in response.get_data(as_text=True)
    assert count(db, Article) == 0


def test_a_private_address_is_refused_unless_configured(app, client, db, reviewer, post_form, local_site):
    app.config["FETCH_ALLOW_PRIVATE"] = False
    response = post_form("/articles/new/fetch", {"fetch-url": f"{local_site}/story"})
    assert response.status_code == 422
    assert "private or reserved address" in response.get_data(as_text=True)
    assert count(db, Article) == 0


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/a"])
def test_other_schemes_are_refused(client, db, reviewer, post_form, url):
    response = post_form("/articles/new/fetch", {"fetch-url": url})
    assert response.status_code == 422
    assert "Only http:// and https://" in response.get_data(as_text=True)


def test_a_viewer_may_read_but_not_add(client, db, team, login, article):
    login(team["viewer"])
    assert client.get(f"/articles/{article.id}").status_code == 200
    assert client.get("/articles").status_code == 200
    assert client.get("/articles/new").status_code == 403
    assert "Make claim" not in client.get(f"/articles/{article.id}").get_data(as_text=True)


# --- the split screen ----------------------------------------------------------------------------------


def segment_text(page: str) -> str:
    inner = re.search(r'<div id="article-text"[^>]*>(.*?)</div>', page, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", inner))


def test_the_split_screen_renders_the_text_exactly_with_offsets(client, db, reviewer, article):
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Recruits &lt;b&gt;bold&lt;/b&gt;" in page  # escaped
    # every segment carries its offsets; together they rebuild the stored text (CRLF as the parser sees it)
    inner = re.search(r'<div id="article-text"[^>]*>(.*?)</div>', page, re.S).group(1)
    spans = re.findall(r'data-start="(\d+)" data-end="(\d+)"[^>]*>([^<]*)<', inner)
    rebuilt = "".join(TEXT[int(s) : int(e)] for s, e, _ in spans)
    assert rebuilt == TEXT
    assert segment_text(page) == TEXT  # the raw page; a browser's parser then reads "\r\n" as "\n"
    assert 'class="seg s-' in page and " cw" in page  # suggestions marked by score


def test_making_a_claim_from_a_suggestion_highlights_it(client, db, reviewer, article, post_form):
    sentence = "The salary is $1,000, a report by Enab Baladi said."
    start = TEXT.index(sentence)
    response = post_form(
        f"/articles/{article.id}/claims",
        {"text": sentence, "start": start, "end": start + len(sentence), "claimant": "Enab Baladi"},
    )
    assert response.status_code == 302
    claim = db.exec(select(Claim)).one()
    assert (claim.start, claim.quote, claim.claimant) == (start, sentence, "Enab Baladi")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'href="/claims/{claim.id}" draggable="false" data-start="{start}"' in page


def test_the_claim_route_answers_json_to_scripts(client, db, reviewer, article, post_form):
    response = post_form(
        f"/articles/{article.id}/claims",
        {"text": "15 fighters", "start": 13, "end": 24},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 201
    assert response.get_json()["claim"]["quote"] == "15 fighters"
    # one sentence may yield several claims
    response = post_form(
        f"/articles/{article.id}/claims",
        {"text": "Line one", "start": 0, "end": 8},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 201 and count(db, Claim) == 2


@pytest.mark.parametrize(
    "data",
    [
        {"text": "x", "start": 0, "end": 10_000},
        {"text": "x", "start": 10, "end": 5},
        {"text": "x", "start": -1, "end": 5},
        {"text": "x", "start": "a", "end": "b"},
        {"text": "x", "start": 3},
        {"text": "", "start": 0, "end": 4},
        {"text": "x", "start": 4, "end": 5},  # only whitespace? no: TEXT[4:5] is a space
    ],
)
def test_bad_claims_are_refused_and_nothing_stored(client, db, reviewer, article, post_form, data):
    assert TEXT[4:5] == " "
    response = post_form(f"/articles/{article.id}/claims", data)
    assert response.status_code == 422
    assert 'class="flash flash-error"' in response.get_data(as_text=True)
    json_response = post_form(f"/articles/{article.id}/claims", data, headers={"Accept": "application/json"})
    assert json_response.status_code == 422 and json_response.get_json()["error"]["fields"]
    assert count(db, Claim) == 0


def test_a_claim_on_an_unknown_article_is_not_found(client, reviewer, post_form):
    assert post_form("/articles/99/claims", {"text": "x"}).status_code == 404


def test_editing_a_claims_wording_checks_the_version(client, db, reviewer, article, post_form):
    claim = claims.create_claim(
        db, article_id=article.id, text="15 fighters", start=13, end=24, actor=reviewer
    )
    url = f"/articles/{article.id}/claims/{claim.id}"
    data = {f"c{claim.id}-text": "Fifteen fighters signed up.", f"c{claim.id}-version": "1"}
    response = post_form(url, data, headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.get_json()["claim"]["version"] == 2
    stale = post_form(url, {**data, f"c{claim.id}-text": "Older edit"})
    assert stale.status_code == 409
    assert "changed by Reviewer Person" in html.unescape(stale.get_data(as_text=True))
    db.expire_all()
    assert db.get(Claim, claim.id).text == "Fifteen fighters signed up."
    empty = post_form(url, {f"c{claim.id}-text": "", f"c{claim.id}-version": "2"})
    assert empty.status_code == 422
    assert post_form(f"/articles/999/claims/{claim.id}", data).status_code == 404


# --- corrections ---------------------------------------------------------------------------------------


def test_a_correction_through_the_page_reports_moved_and_lost_claims(
    client, db, reviewer, article, post_form
):
    kept = claims.create_claim(
        db,
        article_id=article.id,
        text="Salary",
        start=TEXT.index("The salary"),
        end=TEXT.index(" a report"),
        actor=reviewer,
    )
    gone = claims.create_claim(db, article_id=article.id, text="Fifteen", start=0, end=24, actor=reviewer)
    corrected = (
        "Correction appended.\r\nThe salary is $1,000, a report by Enab Baladi said.\r\n\r\nIs it true?"
    )
    response = post_form(f"/articles/{article.id}/correct", {"text": corrected, "note": "removed a line"})
    assert response.status_code == 302
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f"Re-placed in the corrected text: 1 claim(s) (#{kept.id})" in page
    assert f"Could not be placed in the corrected text: 1 claim(s) (#{gone.id})" in page
    assert "Anchor lost" in page
    assert articles.current_revision(db, article_id=article.id).text == corrected.replace("\r\n", "\n")
    # the lost claim is not highlighted in the new text
    assert f'href="/claims/{gone.id}" draggable' not in page
    assert f'href="/claims/{kept.id}" draggable' in page


def test_a_correction_without_a_note_or_change_is_refused(client, db, reviewer, article, post_form):
    assert post_form(f"/articles/{article.id}/correct", {"text": "New text.", "note": ""}).status_code == 422
    plain = articles.create_article(db, title="Plain", text="One line.\nTwo lines.", actor=reviewer)
    same = post_form(f"/articles/{plain.id}/correct", {"text": "One line.\r\nTwo lines.", "note": "nothing"})
    assert same.status_code == 422 and "nothing was corrected" in same.get_data(as_text=True)
    assert len(articles.revisions(db, article_id=article.id)) == 1
    assert len(articles.revisions(db, article_id=plain.id)) == 1


def test_the_article_list_shows_claim_counts(client, db, reviewer, article):
    claims.create_claim(db, article_id=article.id, text="15 fighters", actor=reviewer)
    page = client.get("/articles").get_data(as_text=True)
    assert "Recruits &lt;b&gt;bold&lt;/b&gt;" in page and '<td data-label="Claims">1</td>' in page


# --- CLI -----------------------------------------------------------------------------------------------


def test_import_article_from_a_file(runner, db, team, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(SAMPLE)
    result = runner.invoke(args=["import-article", str(path), "--outlet", "Daily Sabah", "--as", "reviewer"])
    assert result.exit_code == 0, result.output
    article = db.exec(select(Article)).one()
    assert article.title.startswith("Russia tries to recruit") and article.outlet == "Daily Sabah"
    assert f"Imported article {article.id}" in result.output


def test_import_article_refuses_bad_input(runner, db, tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(args=["import-article", str(binary)])
    assert result.exit_code != 0 and "binary" in result.output
    result = runner.invoke(args=["import-article", "http://127.0.0.1:9/x"])
    assert result.exit_code != 0 and "private" in result.output
    assert count(db, Article) == 0

"""The source library's pages and the evidence panel: what the web layer adds (status codes, escaping,
downloads, prefilled forms)."""

import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from factcheck.models import Evidence, Source, SourceFile
from factcheck.services import articles, claims, evidence, sources

from .conftest import sign_in
from .test_sources import REPORT_PAGE_2, report_pdf

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def claim(db, team):
    article = articles.create_article(
        db, title="Recruits", text="Syrian recruits were paid 2,000 dollars a month.", actor=team["reviewer"]
    )
    return claims.create_claim(
        db, article_id=article.id, text="Recruits were paid 2,000 dollars.", actor=team["reviewer"]
    )


@pytest.fixture
def hostile(app, db, team, claim):
    """A source whose every text field tries to inject markup, cited on the claim, with a file."""
    source = sources.create_source(
        db, actor=team["reviewer"], title=SCRIPT, publisher=SCRIPT, notes=SCRIPT, reliability="C",
        document_symbol="S/2021/229",
    )  # fmt: skip
    sources.attach_file(
        db, source_id=source.id, filename=f"{SCRIPT}.txt", data=f"alert text {SCRIPT} here".encode(),
        actor=team["reviewer"], upload_dir=app.config["UPLOAD_DIR"], max_bytes=10_000,
    )  # fmt: skip
    evidence.add_evidence(
        db, claim_id=claim.id, source_id=source.id, stance="supports", quote=SCRIPT, locator=SCRIPT,
        actor=team["reviewer"],
    )  # fmt: skip
    return source


def _upload(post_form, source_id, filename, data):
    return post_form(
        f"/sources/{source_id}/files",
        {"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_a_script_title_is_escaped_on_every_page_that_shows_sources(client, login, team, claim, hostile):
    login(team["reviewer"])
    pages = {
        "library": "/sources",
        "library search": "/sources?q=alert",
        "source page": f"/sources/{hostile.id}",
        "search inside": f"/sources/{hostile.id}/search?q=alert",
        "claim screen": f"/claims/{claim.id}",
        "edit form": f"/sources/{hostile.id}/edit",
    }
    for name, url in pages.items():
        html = client.get(url).get_data(as_text=True)
        assert SCRIPT not in html, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name
    library = client.get("/sources?q=alert").get_data(as_text=True)
    assert f'href="/sources/{hostile.id}"' in library


def test_the_source_page_shows_grade_meaning_official_link_and_citing_claims(
    client, login, team, claim, hostile
):
    login(team["viewer"])
    html = client.get(f"/sources/{hostile.id}").get_data(as_text=True)
    assert 'title="C: Fairly reliable (Admiralty scale)"' in html
    assert 'href="https://undocs.org/en/S/2021/229"' in html
    assert f'href="/claims/{claim.id}#evidence"' in html
    assert "no verdict yet" in html
    assert "upload-form" not in html  # a viewer reads, does not write


def test_adding_an_existing_source_offers_it_instead(client, login, post_form, db, team):
    login(team["reviewer"])
    existing = sources.create_source(
        db, actor=team["reviewer"], title="Panel report", document_symbol="S/2021/229"
    )
    response = post_form(
        "/sources/new",
        {"title": "Copy", "kind": "other", "reliability": "F", "document_symbol": "s /2021/229"},
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'id="duplicate"' in html and f'href="/sources/{existing.id}"' in html
    response = post_form(
        "/sources/new",
        {"title": "Copy", "kind": "other", "reliability": "F", "url": "https://undocs.org/en/S/2021/229"},
    )
    assert response.status_code == 409
    assert len(db.exec(select(Source)).all()) == 1


def test_a_new_source_is_added_and_shown(client, login, post_form, db, team):
    login(team["reviewer"])
    response = post_form(
        "/sources/new",
        {
            "title": "Panel report",
            "kind": "other",
            "reliability": "B",
            "document_symbol": "s/2021/229",
            "published_at": "2021-03-08",
        },
    )
    assert response.status_code == 302
    source = db.exec(select(Source)).one()
    assert (source.document_symbol, source.reliability, source.kind) == ("S/2021/229", "B", "un_report")
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4="]
)
def test_unsafe_links_are_refused_with_a_message(client, login, post_form, db, team, url):
    login(team["reviewer"])
    response = post_form(
        "/sources/new", {"title": "Report", "kind": "other", "reliability": "F", "archived_url": url}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Only http:// and https:// addresses are accepted" in html or "control characters" in html
    # no link a reader could follow to it (the page's own icon, <link rel="icon" href="data:...">, is no link)
    assert not re.search(r'<a\b[^>]*href="\s*(javascript|data):', html, re.IGNORECASE)
    assert db.exec(select(Source)).all() == []


def test_oversize_upload_gives_413(app, client, login, post_form, db, team):
    login(team["reviewer"])
    source = sources.create_source(db, actor=team["reviewer"], title="Report")
    app.config["MAX_UPLOAD_BYTES"] = 1000
    response = _upload(post_form, source.id, "big.txt", b"word " * 400)
    assert response.status_code == 413
    # the whole request over the server's limit is refused before it is read
    app.config["MAX_CONTENT_LENGTH"] = 500
    response = _upload(post_form, source.id, "big.txt", b"word " * 400)
    assert response.status_code == 413
    assert db.exec(select(SourceFile)).all() == []


def test_a_file_that_is_not_what_its_name_says_is_refused(client, login, post_form, db, team):
    login(team["reviewer"])
    source = sources.create_source(db, actor=team["reviewer"], title="Report")
    response = _upload(post_form, source.id, "report.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 422
    assert "not what its name says" in response.get_data(as_text=True)
    assert db.exec(select(SourceFile)).all() == []


def test_uploaded_html_is_served_only_as_an_attachment(app, client, login, post_form, db, team):
    login(team["reviewer"])
    source = sources.create_source(db, actor=team["reviewer"], title="Report")
    page = b"<!doctype html><html><body><p>Evil page</p><script>alert(document.cookie)</script></body></html>"
    assert _upload(post_form, source.id, "page.html", page).status_code == 302
    row = db.exec(select(SourceFile)).one()
    viewer = app.test_client()
    assert sign_in(viewer, "viewer").status_code == 302
    response = viewer.get(f"/sources/{source.id}/files/{row.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "page.html" in response.headers["Content-Disposition"]
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.data == page
    response.close()
    assert viewer.get(f"/sources/{source.id + 1}/files/{row.id}").status_code == 404


def test_search_inside_a_pdf_gives_the_page_and_quote_this_prefills_the_claim(
    client, login, post_form, db, team, claim
):
    login(team["reviewer"])
    source = sources.create_source(db, actor=team["reviewer"], title="Panel report")
    assert _upload(post_form, source.id, "report.pdf", report_pdf()).status_code == 302
    html = client.get(f"/sources/{source.id}/search?q=paid+2,000+dollars").get_data(as_text=True)
    assert 'data-page="2"' in html and 'data-page="1"' not in html
    assert "<mark>paid 2,000 dollars</mark>" in html
    quote = unescape(re.search(r'name="quote" value="([^"]*)"', html).group(1))
    assert "fighters were paid 2,000 dollars a month" in quote
    response = client.get(
        f"/sources/{source.id}/quote", query_string={"claim_id": claim.id, "quote": quote, "locator": "p. 2"}
    )
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.path == f"/claims/{claim.id}"
    assert parse_qs(target.query)["locator"] == ["p. 2"]
    page = client.get(f"{target.path}?{target.query}").get_data(as_text=True)
    assert 'value="p. 2"' in page
    assert f'<option selected value="{source.id}">' in page
    assert "fighters were paid 2,000 dollars a month" in page
    # with ?claim= the library links straight to the claim
    html = client.get(f"/sources/{source.id}/search?q=contracts&claim={claim.id}").get_data(as_text=True)
    assert f"/claims/{claim.id}?source_id={source.id}" in unescape(html)
    assert "The <mark>contracts</mark> ran for six months." in html
    link = unescape(
        re.search(
            r'href="([^"]*)" class="button quote-this"|class="button quote-this" href="([^"]*)"', html
        ).group(2)
    )
    assert parse_qs(urlsplit(link).query)["quote"] == [REPORT_PAGE_2.split("\n")[1]]


def test_evidence_is_added_edited_and_removed_from_the_claim_screen(
    client, login, post_form, db, team, claim
):
    login(team["reviewer"])
    source = sources.create_source(db, actor=team["reviewer"], title="Panel report", reliability="A")
    response = post_form(
        f"/claims/{claim.id}/evidence",
        {
            "evidence-source_id": source.id,
            "evidence-stance": "contradicts",
            "evidence-quote": "Six months.",
            "evidence-locator": "p. 2",
        },
    )
    assert response.status_code == 303
    item = db.exec(select(Evidence)).one()
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'data-stance="contradicts" data-sources="1"' in html
    assert 'class="grade grade-A"' in html
    version = item.version
    response = post_form(
        f"/claims/{claim.id}/evidence/{item.id}",
        {f"evidence-{item.id}-source_id": source.id, f"evidence-{item.id}-stance": "context",
         f"evidence-{item.id}-quote": "Six months.", f"evidence-{item.id}-locator": "p. 3",
         f"evidence-{item.id}-version": version},
    )  # fmt: skip
    assert response.status_code == 303
    assert "Evidence saved." in client.get(response.headers["Location"]).get_data(as_text=True)
    db.rollback()  # end the test session's read snapshot
    db.refresh(item)
    assert (item.stance, item.locator) == ("context", "p. 3")
    # an edit based on an older version of the item is refused, nothing changes
    response = post_form(
        f"/claims/{claim.id}/evidence/{item.id}",
        {f"evidence-{item.id}-source_id": source.id, f"evidence-{item.id}-stance": "supports",
         f"evidence-{item.id}-version": version},
    )  # fmt: skip
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "changed by" in flashed, re.findall(r"flash[^>]*>[^<]*", flashed)
    db.rollback()
    db.refresh(item)
    assert item.stance == "context"
    response = post_form(
        f"/claims/{claim.id}/evidence/{item.id}/remove",
        {f"remove-{item.id}-version": version + 1, "confirm": "1"},
    )
    assert response.status_code == 303
    assert "Evidence removed" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.rollback()
    assert db.exec(select(Evidence)).all() == []


def test_bad_evidence_from_the_form_comes_back_with_a_message_and_the_input(
    client, login, post_form, db, team, claim
):
    login(team["reviewer"])
    response = post_form(
        f"/claims/{claim.id}/evidence",
        {"evidence-source_id": 999, "evidence-stance": "supports", "evidence-quote": "kept text"},
    )
    assert response.status_code == 303
    assert "quote=kept+text" in response.headers["Location"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The evidence was not added" in html and "kept text" in html
    assert db.exec(select(Evidence)).all() == []


def test_a_viewer_sees_evidence_but_no_forms(client, login, team, claim, hostile):
    login(team["viewer"])
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'id="evidence-balance"' in html and "evidence-item" in html
    assert 'id="add-evidence"' not in html and "remove-evidence" not in html

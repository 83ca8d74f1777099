"""Reading a file has a budget: pages (counted before any text is read), characters, seconds, Word paragraphs,
HTML bytes. Over it, an article or source upload is refused with a clear 422 and nothing is kept.

No test here asserts how long anything took: the budgets are shown by what was refused, with which message,
and how many pages were read (a spy counting pypdf's ``PageObject.extract_text`` calls in this process).
"""

import html
import io
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import docx
import pytest
from pypdf import PageObject, PdfWriter
from sqlmodel import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from factcheck.models import Article, AuditEvent, SourceFile, SourcePage
from factcheck.services import child_process, sources
from factcheck.services.extraction import Budget, ExtractionError, extract_file, fetch_url

from .conftest import csrf_token
from .test_extraction import make_pdf

PAGE_MESSAGE = "This PDF has 9,000 pages; the desk reads at most 2,000. Split it or upload the relevant part."


@pytest.fixture(scope="module")
def huge_pdf() -> bytes:
    """9,000 blank pages: the shape of the upload that used to hold a worker until gunicorn killed it."""
    writer = PdfWriter()
    for _ in range(9_000):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def text_pdf(pages: int = 30) -> bytes:
    """A small PDF with a line of real text on every page."""
    return make_pdf(
        [f"Page {n} says the harbour handled {n * 1000} containers." for n in range(1, pages + 1)]
    )


def make_docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def page_reads(monkeypatch):
    """How many times a page's text was extracted in this process (pypdf's PageObject.extract_text)."""
    calls = []
    real = PageObject.extract_text

    def spy(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", spy)
    return calls


def count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def unescaped(response) -> str:
    return html.unescape(response.get_data(as_text=True))


# --- the reader itself ---------------------------------------------------------------------------------------


def test_the_page_count_is_refused_before_any_page_is_read(huge_pdf, page_reads):
    with pytest.raises(ExtractionError) as error:
        extract_file("annex.pdf", huge_pdf, budget=Budget())
    assert str(error.value) == PAGE_MESSAGE
    assert page_reads == []


def test_a_page_count_the_file_understates_is_still_caught_before_reading(page_reads):
    data = text_pdf(12).replace(b"/Count 12", b"/Count 2 ")  # same length: the xref offsets stay right
    with pytest.raises(ExtractionError, match="This PDF has 12 pages; the desk reads at most 10"):
        extract_file("annex.pdf", data, budget=Budget(max_pages=10))
    assert page_reads == []


def test_reading_stops_at_the_deadline_between_pages(monkeypatch):
    reads = []
    real = PageObject.extract_text

    def slow(self, *args, **kwargs):  # every page takes a while; the deadline falls after a few
        reads.append(1)
        time.sleep(0.05)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", slow)
    with pytest.raises(ExtractionError, match=r"took longer than 0\.2 s"):
        extract_file("report.pdf", text_pdf(40), budget=Budget(seconds=0.2))
    assert len(reads) < 40


def test_reading_stops_once_the_text_is_over_the_character_budget(page_reads):
    data = text_pdf(30)
    with pytest.raises(ExtractionError, match=r"more than 200 characters of text \(passed on page 5 of 30\)"):
        extract_file("report.pdf", data, budget=Budget(max_chars=200))
    assert len(page_reads) == 5
    assert len(extract_file("report.pdf", data, budget=Budget(max_chars=10_000)).pages) == 30


def test_word_documents_have_a_paragraph_and_a_character_budget():
    data = make_docx([f"Paragraph {n} of the statement." for n in range(60)])
    with pytest.raises(
        ExtractionError, match="This Word document has 60 paragraphs; the desk reads at most 50"
    ):
        extract_file("statement.docx", data, budget=Budget(max_paragraphs=50))
    with pytest.raises(ExtractionError, match="more than 300 characters"):
        extract_file("statement.docx", data, budget=Budget(max_chars=300))
    assert extract_file("statement.docx", data, budget=Budget()).text.count("\n") == 59


def test_html_is_measured_before_it_is_parsed(monkeypatch):
    import trafilatura

    parsed = []
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: parsed.append(1))
    page = b"<html><body><article><p>" + b"The port reopened. " * 600 + b"</p></article></body></html>"
    with pytest.raises(ExtractionError, match=r"This HTML page is 11\.[0-9] KB; .* at most 4\.9 KB\."):
        extract_file("story.html", page, budget=Budget(max_html_bytes=5_000))
    assert parsed == []
    with pytest.raises(ExtractionError, match="more than 1,000 characters"):
        extract_file("story.html", page, budget=Budget(max_chars=1_000))


def test_text_files_have_a_character_budget():
    with pytest.raises(
        ExtractionError, match="This file has 1,200 characters of text; the desk reads at most 1,000"
    ):
        extract_file("notes.txt", b"a" * 1_200, budget=Budget(max_chars=1_000))
    with pytest.raises(ExtractionError, match="more than 1,000 characters"):
        extract_file("notes.txt", b"a" * 5_000, budget=Budget(max_chars=1_000))
    assert extract_file("notes.txt", b"a" * 1_000, budget=Budget(max_chars=1_000)).text == "a" * 1_000


@pytest.mark.parametrize("in_child", [False, True])
def test_the_same_refusals_come_back_from_a_child_process(huge_pdf, in_child):
    with pytest.raises(ExtractionError) as error:
        extract_file("annex.pdf", huge_pdf, budget=Budget(in_child=in_child))
    assert str(error.value) == PAGE_MESSAGE
    with pytest.raises(ExtractionError, match="took longer than 1e-09 s"):
        extract_file("report.pdf", text_pdf(3), budget=Budget(seconds=1e-9, in_child=in_child))
    document = extract_file("report.pdf", text_pdf(3), budget=Budget(in_child=in_child))
    assert document.pages[2] == "Page 3 says the harbour handled 3000 containers."


# --- the child process that bounds wall time -----------------------------------------------------------------


def _sleep_after_telling(path: str) -> None:
    Path(path).write_text(str(os.getpid()))
    time.sleep(60)


def _exit_without_answer() -> None:
    os._exit(3)


def _raise_extraction_error() -> None:
    raise ExtractionError("told by the child")


def test_a_child_that_runs_past_its_time_is_killed(tmp_path):
    marker = tmp_path / "pid"
    with pytest.raises(child_process.ChildTimeout):  # 5 s: a child starts within it even on a busy machine
        child_process.run(_sleep_after_telling, str(marker), timeout=5.0)
    pid = int(marker.read_text())
    assert pid != os.getpid()
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(pid, 0)


def test_a_child_that_dies_or_raises_is_reported():
    with pytest.raises(child_process.ChildFailed, match="exit code 3"):
        child_process.run(_exit_without_answer, timeout=5)
    with pytest.raises(ExtractionError, match="told by the child"):
        child_process.run(_raise_extraction_error, timeout=5)
    assert child_process.run(sorted, [3, 1, 2], timeout=5) == [1, 2, 3]


# --- uploads through the app ---------------------------------------------------------------------------------


@pytest.fixture
def reviewer(team, login):
    login(team["reviewer"])
    return team["reviewer"]


@pytest.fixture
def source(db, team):
    return sources.create_source(db, actor=team["reviewer"], title="Port authority annual report")


def post_file(client, url: str, field: str, name: str, data: bytes):
    """A browser's multipart upload, encoded here in memory: the test client would spool a body over 500 KB
    to a temporary file that nothing closes (a ResourceWarning)."""
    boundary, body = encode_multipart(
        {"csrf_token": csrf_token(client), field: FileStorage(io.BytesIO(data), filename=name)}
    )
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload_article(client, name: str, data: bytes):
    return post_file(client, "/articles/new/upload", "upload-file", name, data)


def upload_source_file(client, source_id: int, name: str, data: bytes):
    return post_file(client, f"/sources/{source_id}/files", "file", name, data)


def assert_no_file_kept(app, db):
    assert count(db, SourceFile) == 0 and count(db, SourcePage) == 0
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "source.file_add")).all() == []
    files = Path(app.config["UPLOAD_DIR"])
    assert not files.exists() or [p for p in files.rglob("*") if p.is_file()] == []


def test_the_reading_budget_is_in_the_config(app):
    assert app.config["EXTRACT_MAX_PAGES"] == 2_000
    assert app.config["EXTRACT_SECONDS"] == 5
    assert app.config["EXTRACT_IN_CHILD"] is True
    budget = Budget.from_config(app.config, max_chars=app.config["MAX_ARTICLE_CHARS"])
    assert (budget.max_pages, budget.max_chars, budget.in_child) == (2_000, 200_000, True)
    assert Budget.from_config(app.config).max_chars == app.config["EXTRACT_MAX_CHARS"]


@pytest.mark.parametrize("in_child", [True, False])
def test_a_9000_page_pdf_article_is_refused_with_the_page_count(
    app, client, db, reviewer, post_form, huge_pdf, page_reads, in_child
):
    app.config["EXTRACT_IN_CHILD"] = in_child
    response = upload_article(client, "annex.pdf", huge_pdf)
    assert response.status_code == 422
    assert PAGE_MESSAGE in unescaped(response)
    assert count(db, Article) == 0
    assert page_reads == []  # in this process; in a child, none happen here anyway


@pytest.mark.parametrize("in_child", [True, False])
def test_a_9000_page_pdf_source_document_is_refused_and_nothing_is_kept(
    app, client, db, reviewer, post_form, source, huge_pdf, page_reads, in_child
):
    app.config["EXTRACT_IN_CHILD"] = in_child
    response = upload_source_file(client, source.id, "annex.pdf", huge_pdf)
    assert response.status_code == 422
    assert PAGE_MESSAGE in unescaped(response)
    assert page_reads == []
    assert_no_file_kept(app, db)


@pytest.mark.parametrize("in_child", [True, False])
def test_a_pdf_over_the_time_budget_is_refused(app, client, db, reviewer, post_form, source, in_child):
    app.config.update(EXTRACT_SECONDS=1e-9, EXTRACT_IN_CHILD=in_child)
    data = text_pdf(30)
    response = upload_article(client, "report.pdf", data)
    assert response.status_code == 422
    assert "Reading this file took longer than 1e-09 s" in unescaped(response)
    response = upload_source_file(client, source.id, "report.pdf", data)
    assert response.status_code == 422
    assert "Reading this file took longer than 1e-09 s" in unescaped(response)
    assert count(db, Article) == 0
    assert_no_file_kept(app, db)


@pytest.mark.parametrize("in_child", [True, False])
def test_a_pdf_over_the_character_budget_is_refused(app, client, db, reviewer, post_form, source, in_child):
    app.config.update(MAX_ARTICLE_CHARS=500, EXTRACT_MAX_CHARS=800, EXTRACT_IN_CHILD=in_child)
    data = text_pdf(30)
    response = upload_article(client, "report.pdf", data)
    assert response.status_code == 422
    assert "more than 500 characters of text" in unescaped(response)
    response = upload_source_file(client, source.id, "report.pdf", data)
    assert response.status_code == 422
    assert "more than 800 characters of text" in unescaped(response)
    assert count(db, Article) == 0
    assert_no_file_kept(app, db)


def test_a_word_document_source_over_budget_is_refused(app, client, db, reviewer, post_form, source):
    app.config["EXTRACT_MAX_PARAGRAPHS"] = 20
    response = upload_source_file(client, source.id, "minutes.docx", make_docx(["A line."] * 30))
    assert response.status_code == 422
    assert "This Word document has 30 paragraphs; the desk reads at most 20." in unescaped(response)
    assert_no_file_kept(app, db)


def test_pdfs_within_budget_are_read_as_before(app, client, db, reviewer, source):
    data = text_pdf(3)
    response = upload_article(client, "report.pdf", data)
    assert response.status_code == 200
    assert "Page 2 says the harbour handled 2000 containers." in unescaped(response)
    response = upload_source_file(client, source.id, "report.pdf", data)
    assert response.status_code == 302
    pages = db.exec(select(SourcePage).order_by(SourcePage.number)).all()
    assert [page.text for page in pages] == [
        f"Page {n} says the harbour handled {n}000 containers." for n in (1, 2, 3)
    ]


def test_the_import_command_refuses_a_pdf_over_budget(runner, db, tmp_path, huge_pdf):
    path = tmp_path / "annex.pdf"
    path.write_bytes(huge_pdf)
    result = runner.invoke(args=["import-article", str(path)])
    assert result.exit_code != 0
    assert PAGE_MESSAGE in result.output
    assert count(db, Article) == 0


# --- an article fetched from an address ----------------------------------------------------------------------


@pytest.fixture
def pdf_site(huge_pdf):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802  (http.server's name)
            body = huge_pdf if self.path == "/annex.pdf" else text_pdf(3)
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_fetched_pdf_over_budget_is_refused(app, client, db, reviewer, post_form, pdf_site):
    app.config["FETCH_ALLOW_PRIVATE"] = True
    response = post_form("/articles/new/fetch", {"fetch-url": f"{pdf_site}/annex.pdf"})
    assert response.status_code == 422
    assert PAGE_MESSAGE in unescaped(response)
    assert count(db, Article) == 0
    with pytest.raises(ExtractionError, match="took longer than"):
        fetch_url(f"{pdf_site}/report.pdf", allow_private=True, budget=Budget(seconds=1e-9, in_child=True))
    assert fetch_url(f"{pdf_site}/report.pdf", allow_private=True, budget=Budget(in_child=True)).pages[0] == (
        "Page 1 says the harbour handled 1000 containers."
    )

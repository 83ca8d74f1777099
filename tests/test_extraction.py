"""Extraction of uploaded files and fetched pages; every network test stays on 127.0.0.1."""

import datetime
import io
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import docx
import pytest
from pypdf import PdfWriter

from factcheck.services import extraction
from factcheck.services.extraction import (
    ExtractionError,
    extract_file,
    fetch_url,
    is_safe_http_url,
    normalise_http_url,
    sniff_matches,
)

HTML = (
    "<!doctype html><html><head><title>Dockers strike in Rijeka | Adriatic Post</title>"
    '<meta property="og:site_name" content="Adriatic Post">'
    '<meta property="article:published_time" content="2023-04-11T09:30:00Z">'
    "<script>var tracking = 1;</script></head><body><nav>Home | World | Sport</nav>"
    "<article><h1>Dockers strike in Rijeka</h1>"
    "<p>Harbour workers in Rijeka went on strike on Tuesday, the union said.</p>"
    "<p>About 1,400 members stopped work after talks on a 6% pay rise failed, according to the union.</p>"
    "<p>Ships waiting outside the port rose to 23 by the evening, the coast guard said.</p>"
    "</article><footer>© Adriatic Post</footer></body></html>"
).encode()


def make_pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF, written by hand: one Helvetica text line per page, correct xref table."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for line in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_docx(paragraphs: list[str], title: str | None = None) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if title:
        document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- files ---------------------------------------------------------------------------------------------


def test_text_file_verbatim_with_bom_and_crlf_normalised():
    data = "\ufeffDockers strike\r\n\r\nThe union said “1,400” members — in Rijeka — stopped.\r".encode()
    document = extract_file("story.TXT", data)
    assert document.text == "Dockers strike\n\nThe union said “1,400” members — in Rijeka — stopped.\n"
    assert document.pages is None


def test_markdown_title_from_first_heading():
    document = extract_file("story.md", b"# Dockers strike\n\nThe union said so.\n")
    assert document.title == "Dockers strike"
    assert document.text.startswith("# Dockers strike")


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"caf\xe9 au lait", b"MZ\x90\x00\x03"]
)
def test_binary_renamed_txt_is_refused(data):
    with pytest.raises(ExtractionError, match="not a text file"):
        extract_file("notes.txt", data)
    assert not sniff_matches("notes.txt", data)


def test_empty_text_is_refused():
    with pytest.raises(ExtractionError, match="no text"):
        extract_file("empty.txt", b" \n\r\n\t")


def test_html_page_gives_text_title_outlet_and_date():
    document = extract_file("page.html", HTML)
    assert "Harbour workers in Rijeka went on strike on Tuesday, the union said." in document.text
    assert "tracking" not in document.text
    assert "Dockers strike in Rijeka" in (document.title or "")
    assert document.outlet == "Adriatic Post"
    assert document.published_at == datetime.date(2023, 4, 11)


def test_html_fragment_without_article_falls_back_to_plain_text():
    document = extract_file("snippet.htm", b"<div>Short note: the ferry left at 9.</div>")
    assert "the ferry left at 9." in document.text


def test_pdf_is_read_page_by_page():
    data = make_pdf(["Harbour workers went on strike.", "The union said 1,400 stopped work."])
    assert sniff_matches("report.pdf", data)
    document = extract_file("report.pdf", data)
    assert document.pages is not None and len(document.pages) == 2
    assert "Harbour workers went on strike." in document.pages[0]
    assert "1,400" in document.pages[1]
    assert document.text == "\n\n".join(document.pages)


@pytest.mark.parametrize("data", [b"<html>not a pdf</html>", b"", b"PK\x03\x04 zip"])
def test_fake_pdf_is_refused(data):
    assert not sniff_matches("report.pdf", data)
    with pytest.raises(ExtractionError, match="not a PDF"):
        extract_file("report.pdf", data)


def test_broken_pdf_is_refused_clearly():
    with pytest.raises(ExtractionError, match="PDF"):
        extract_file("report.pdf", b"%PDF-1.4\n garbage with no objects")


def test_pdf_without_text_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractionError, match="no extractable text"):
        extract_file("scan.pdf", buffer.getvalue())


def test_encrypted_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractionError, match="password"):
        extract_file("locked.pdf", buffer.getvalue())


def test_docx_paragraphs_and_title():
    data = make_docx(["Dockers strike in Rijeka", "", "The union said 1,400 members stopped work."], "Strike")
    assert sniff_matches("story.docx", data)
    document = extract_file("story.docx", data)
    assert document.text == "Dockers strike in Rijeka\n\nThe union said 1,400 members stopped work."
    assert document.title == "Strike"


def test_fake_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "just a zip")
    for data in (buffer.getvalue(), b"plain text pretending"):
        assert not sniff_matches("story.docx", data)
        with pytest.raises(ExtractionError, match=r"not a Word \(\.docx\) document"):
            extract_file("story.docx", data)


@pytest.mark.parametrize("filename", ["story.exe", "story", "story.doc", "story.pdf.zip"])
def test_unknown_extension_is_refused(filename):
    with pytest.raises(ExtractionError, match="not accepted"):
        extract_file(filename, b"hello")
    assert not sniff_matches(filename, b"hello")


def test_sniff_matches_for_text_and_html():
    assert sniff_matches("a.txt", "café".encode())
    assert sniff_matches("a.html", HTML)
    assert not sniff_matches("a.html", b"just words, no markup")


# --- URLs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("  https://Example.COM/News?id=3#top \n", "https://example.com/News?id=3#top"),
        ("HTTP://example.org", "http://example.org/"),
        ("http://[2001:db8::1]:8080/a", "http://[2001:db8::1]:8080/a"),
    ],
)
def test_normalise_http_url(value, expected):
    assert normalise_http_url(value) == expected
    assert is_safe_http_url(value)


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "ftp://example.org/file",
        "file:///etc/passwd",
        "data:text/html,hi",
        "//example.org/path",
        "https:/example.org",
        "http://",
        "http://exa mple.org/",
        "http://example.org/\nHost: evil",
        "http://example.org/\tx",
        "http://user:pw@example.org/",
        "http://example.org:99999/",
        "http:\\\\example.org",
        "",
        "   ",
    ],
)
def test_unsafe_urls_are_refused(value):
    assert not is_safe_http_url(value)
    with pytest.raises(ValueError):
        normalise_http_url(value)
    with pytest.raises(ExtractionError):
        fetch_url(value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://2130706433/",
        "http://localhost/",
    ],
)
def test_private_and_reserved_addresses_are_refused(url):
    with pytest.raises(ExtractionError, match="private or reserved|does not resolve"):
        fetch_url(url)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def send(self, status: int, body: bytes, content_type: str, length: bool = True, **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        port = self.server.server_address[1]
        routes = {
            "/article": lambda: self.send(200, HTML, "text/html; charset=utf-8"),
            "/report": lambda: self.send(200, make_pdf(["Fetched report text."]), "application/pdf"),
            "/plain": lambda: self.send(
                200, "Línea uno.\r\nLínea dos.".encode("latin-1"), "text/plain; charset=latin-1"
            ),
            "/image": lambda: self.send(200, b"\x89PNG\r\n", "image/png"),
            "/big": lambda: self.send(200, b"x" * 50_000, "text/html"),
            "/moved": lambda: self.send(302, b"", "text/html", Location="/article"),
            "/loop": lambda: self.send(302, b"", "text/html", Location="/loop"),
            "/to-ftp": lambda: self.send(302, b"", "text/html", Location="ftp://127.0.0.1/x"),
            "/to-other": lambda: self.send(
                302, b"", "text/html", Location=f"http://127.0.0.2:{port}/article"
            ),
            "/missing": lambda: self.send(404, b"gone", "text/plain"),
        }
        if self.path == "/stream":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>" + b"y" * 1000 + b"</p>")
            return
        if self.path == "/slow":
            time.sleep(1.5)
            return self.send(200, HTML, "text/html")
        routes.get(self.path, lambda: self.send(404, b"", "text/plain"))()


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_fetch_html_from_local_server(server):
    document = fetch_url(f"{server}/article", allow_private=True)
    assert "the coast guard said." in document.text
    assert document.outlet == "Adriatic Post"
    assert document.url == f"{server}/article"


def test_fetch_follows_a_redirect_and_reports_the_final_url(server):
    document = fetch_url(f"{server}/moved", allow_private=True)
    assert document.url == f"{server}/article"
    assert "Rijeka" in document.text


def test_fetch_pdf_and_plain_text(server):
    assert fetch_url(f"{server}/report", allow_private=True).pages == ["Fetched report text."]
    assert fetch_url(f"{server}/plain", allow_private=True).text == "Línea uno.\nLínea dos."


def test_local_server_refused_without_allow_private(server):
    with pytest.raises(ExtractionError, match="private or reserved"):
        fetch_url(f"{server}/article")


def test_redirect_loop_redirect_to_ftp_and_http_errors_are_refused(server):
    with pytest.raises(ExtractionError, match="redirects"):
        fetch_url(f"{server}/loop", allow_private=True)
    with pytest.raises(ExtractionError, match="http:// and https://"):
        fetch_url(f"{server}/to-ftp", allow_private=True)
    with pytest.raises(ExtractionError, match="HTTP 404"):
        fetch_url(f"{server}/missing", allow_private=True)
    with pytest.raises(ExtractionError, match="unsupported content type image/png"):
        fetch_url(f"{server}/image", allow_private=True)


def test_each_redirect_hop_is_checked_again(server, monkeypatch):
    # Pretend only 127.0.0.1 is public: the hop to 127.0.0.2 must be refused at connect time.
    monkeypatch.setattr(extraction, "_is_public", lambda address: address == "127.0.0.1")
    assert "Rijeka" in fetch_url(f"{server}/article").text
    with pytest.raises(ExtractionError, match="private or reserved"):
        fetch_url(f"{server}/to-other")


def test_oversize_bodies_are_refused(server):
    with pytest.raises(ExtractionError, match="too large"):
        fetch_url(f"{server}/big", allow_private=True, max_bytes=10_000)
    with pytest.raises(ExtractionError, match="too large"):
        fetch_url(f"{server}/stream", allow_private=True, max_bytes=10_000)


def test_slow_server_times_out(server):
    with pytest.raises(ExtractionError, match="timed out"):
        fetch_url(f"{server}/slow", allow_private=True, timeout=0.3)


def test_unreachable_url_gives_extraction_error():
    with pytest.raises(ExtractionError, match="could not fetch"):
        fetch_url("http://127.0.0.1:1/", allow_private=True, timeout=2)

"""Turning an uploaded file or a URL into article text, verbatim, or refusing it with a clear reason.

Text (.txt, .md) must be UTF-8; HTML goes through trafilatura (main text plus title, site name and date) with
a plain lxml fallback; PDF through pypdf page by page; Word through python-docx. Line endings become ``\\n``;
nothing else in the text is changed, because claims are anchored to character offsets in it.

Fetching is guarded against server-side request forgery: http and https only, every address the host
resolves to must be public (unless ``allow_private``), checked again on each redirect hop and at connect
time (so a DNS answer that changes between check and connect is caught), environment proxies are ignored,
and the body is cut off past ``max_bytes`` or ``timeout`` seconds.

Reading a file has a budget (``Budget``): pages (counted before any page's text is read), Word
paragraphs, HTML bytes, characters of text and seconds. What exceeds one is refused with an
``ExtractionError`` that says which and what to do, never cut short silently. With ``Budget.in_child``,
PDF, Word and HTML are parsed in a child process killed at the deadline (see ``child_process``), since
one pathological page cannot be interrupted from inside pypdf.
"""

from __future__ import annotations

import datetime
import http.client
import io
import ipaddress
import logging
import socket
import time
import unicodedata
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit, urlunsplit

from ..sizes import human_size
from . import child_process

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
MAX_DOCX_UNCOMPRESSED = 100_000_000
USER_AGENT = "factcheck-desk/1.0 (+article import)"
TEXT_TYPES = {".txt", ".md"}
HTML_TYPES = {".html", ".htm"}


class ExtractionError(ValueError):
    """The input cannot become article text; the message says why, for the person who supplied it."""


@dataclass(frozen=True)
class Budget:
    """How much of one file the desk reads before refusing it (``extract_file``, ``fetch_url``).

    ``max_pages``: PDF pages, checked before any text is extracted; ``max_paragraphs``: Word paragraphs;
    ``max_html_bytes``: an HTML page's size before it is parsed; ``max_chars``: characters of extracted
    text; ``seconds``: wall time of the parsing; ``in_child``: parse PDF, Word and HTML in a child process
    that is killed at the deadline (otherwise the deadline is checked between pages and paragraphs only).
    """

    max_pages: int = 2_000
    max_chars: int = 5_000_000
    seconds: float = 5.0
    max_paragraphs: int = 100_000
    max_html_bytes: int = 10_000_000
    in_child: bool = False

    @classmethod
    def from_config(cls, config, *, max_chars: int | None = None) -> Budget:
        """The budget an app's config sets (EXTRACT_*); ``max_chars`` overrides EXTRACT_MAX_CHARS."""
        return cls(
            max_pages=config.get("EXTRACT_MAX_PAGES", cls.max_pages),
            max_chars=max_chars if max_chars is not None else config.get("EXTRACT_MAX_CHARS", cls.max_chars),
            seconds=config.get("EXTRACT_SECONDS", cls.seconds),
            max_paragraphs=config.get("EXTRACT_MAX_PARAGRAPHS", cls.max_paragraphs),
            max_html_bytes=config.get("EXTRACT_MAX_HTML_BYTES", cls.max_html_bytes),
            in_child=config.get("EXTRACT_IN_CHILD", cls.in_child),
        )


SPLIT_ADVICE = "Split it or upload the relevant part."


def _too_slow(budget: Budget) -> ExtractionError:
    return ExtractionError(
        f"Reading this file took longer than {budget.seconds:g} s; the desk stops there so that one file "
        f"cannot hold up everyone else. {SPLIT_ADVICE}"
    )


def _check_time(budget: Budget, deadline: float) -> None:
    if time.monotonic() > deadline:
        raise _too_slow(budget)


def _too_much_text(what: str, budget: Budget, where: str = "") -> ExtractionError:
    return ExtractionError(
        f"This {what} has more than {budget.max_chars:,} characters of text{where}; the desk reads at most "
        f"{budget.max_chars:,}. {SPLIT_ADVICE}"
    )


@dataclass
class ExtractedDocument:
    """Article text with what the file or page told about it; ``pages`` holds a PDF's text page by page."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_at: datetime.date | None = None
    pages: list[str] | None = None


# --- URLs ----------------------------------------------------------------------------------------------


def normalise_http_url(value: str) -> str:
    """``value`` as a clean absolute http(s) URL: scheme and host lowercased, surrounding whitespace gone.

    :raise ValueError: whitespace or control characters inside, a scheme other than http/https (in any
        case), no host, a user name or password, or a malformed host or port.
    """
    if not isinstance(value, str):
        raise ValueError("The address must be text.")
    url = value.strip()
    if not url:
        raise ValueError("The address is empty.")
    if any(ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf"} for ch in url):
        raise ValueError("The address contains spaces or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ValueError(f"The address is malformed: {error}.") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValueError("Only http:// and https:// addresses are accepted.")
    if not parts.hostname:
        raise ValueError("The address has no host name.")
    if parts.username is not None or parts.password is not None:
        raise ValueError("Addresses with a user name or password are not accepted.")
    host = parts.hostname
    try:
        host.encode("idna")
    except UnicodeError:
        raise ValueError("The address has an invalid host name.") from None
    if any(ch in host for ch in "\\/@%") or "\\" in url:
        raise ValueError("The address has an invalid host name.")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, parts.fragment))


def is_safe_http_url(value: str) -> bool:
    """Whether ``normalise_http_url`` accepts ``value`` (syntax only: no DNS lookup, no address check)."""
    try:
        normalise_http_url(value)
    except ValueError:
        return False
    return True


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local)


def _resolve(host: str, port: int, *, allow_private: bool) -> list[tuple]:
    """getaddrinfo for ``host``, refused when any address is not public (unless ``allow_private``)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise ExtractionError(f"could not fetch {host}: the host name does not resolve ({error})") from None
    if not allow_private:
        for info in infos:
            if not _is_public(info[4][0]):
                raise ExtractionError(
                    f"could not fetch {host}: it points to a private or reserved address ({info[4][0]}), "
                    "which is refused"
                )
    return infos


def _guarded_connection(base: type, *, allow_private: bool) -> type:
    class Guarded(base):
        def connect(self) -> None:
            # Connect only to an address we checked, so DNS cannot change its answer in between.
            infos = _resolve(self.host, self.port, allow_private=allow_private)
            self._create_connection = lambda *_args, **_kw: _open_socket(infos, self.timeout)
            super().connect()

    return Guarded


def _open_socket(infos: list[tuple], timeout: float | None) -> socket.socket:
    last: OSError | None = None
    for family, socktype, proto, _name, address in infos:
        sock = socket.socket(family, socktype, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(address)
            return sock
        except OSError as error:
            sock.close()
            last = error
    raise last or OSError("no address to connect to")


def _build_opener(*, allow_private: bool) -> urllib.request.OpenerDirector:
    guarded_http = _guarded_connection(http.client.HTTPConnection, allow_private=allow_private)
    guarded_https = _guarded_connection(http.client.HTTPSConnection, allow_private=allow_private)

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(guarded_http, req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(guarded_https, req)

    class RedirectHandler(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            try:
                normalise_http_url(newurl)
            except ValueError as error:
                raise ExtractionError(f"could not fetch {req.full_url}: redirected to {error}") from None
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), HTTPHandler, HTTPSHandler, RedirectHandler
    )


def _read_capped(response, *, max_bytes: int, deadline: float, url: str) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ExtractionError(f"could not fetch {url}: the page is too large (over {human_size(max_bytes)})")
    chunks, size = [], 0
    while True:
        chunk = response.read(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise ExtractionError(
                f"could not fetch {url}: the page is too large (over {human_size(max_bytes)})"
            )
        if time.monotonic() > deadline:
            raise ExtractionError(f"could not fetch {url}: timed out")
        chunks.append(chunk)


def fetch_url(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 5_000_000,
    allow_private: bool = False,
    opener=None,
    budget: Budget | None = None,
) -> ExtractedDocument:
    """Download an article page (HTML, PDF or plain text) and extract it like an uploaded file.

    ``opener`` (an object with ``open(request, timeout=...)``, as urllib's) replaces the guarded default;
    the scheme and address checks on ``url`` itself still apply. ``url`` of the result is the final
    address after redirects. ``budget`` (default ``Budget()``) bounds reading what was downloaded.

    :raise ExtractionError: a refused address, more than ``MAX_REDIRECTS`` redirects, a body over
        ``max_bytes``, a timeout, an HTTP error status, any network failure ("could not fetch URL: reason"),
        or content that cannot be extracted.
    """
    try:
        url = normalise_http_url(url)
    except ValueError as error:
        raise ExtractionError(str(error)) from None
    parts = urlsplit(url)
    _resolve(
        parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), allow_private=allow_private
    )
    opener = opener or _build_opener(allow_private=allow_private)
    # The scheme is http(s) only: normalise_http_url checked it above.
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})  # noqa: S310
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            body = _read_capped(response, max_bytes=max_bytes, deadline=deadline, url=url)
            final_url = response.geturl()
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        error.close()
        if 300 <= error.code < 400:
            raise ExtractionError(f"could not fetch {url}: more than {MAX_REDIRECTS} redirects") from None
        raise ExtractionError(f"could not fetch {url}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, ExtractionError):
            raise reason from None
        raise ExtractionError(f"could not fetch {url}: {reason}") from None
    except TimeoutError:
        raise ExtractionError(f"could not fetch {url}: timed out") from None
    except (OSError, http.client.HTTPException) as error:
        raise ExtractionError(f"could not fetch {url}: {error or type(error).__name__}") from None
    budget = budget or Budget()
    if content_type == "application/pdf" or body.startswith(b"%PDF-"):
        document = _parse("pdf", body, budget)
    elif content_type == "text/plain":
        document = _extract_text(_decode_charset(body, charset, url), ".txt", budget)
    elif content_type in {"text/html", "application/xhtml+xml"} or _looks_like_html(body):
        document = _parse("html", body, budget)
    else:
        raise ExtractionError(f"could not use {url}: unsupported content type {content_type}")
    document.url = final_url
    return document


def _decode_charset(body: bytes, charset: str | None, url: str) -> bytes:
    if not charset or charset.lower().replace("-", "") in {"utf8", "usascii", "ascii"}:
        return body
    try:
        return body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        raise ExtractionError(f"could not use {url}: the text is not valid {charset}") from None


# --- files ---------------------------------------------------------------------------------------------


def _suffix(filename: str) -> str:
    return PurePosixPath(filename.replace("\\", "/")).suffix.lower()


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _require_text(document: ExtractedDocument, what: str) -> ExtractedDocument:
    if not document.text.strip():
        raise ExtractionError(f"The {what} contains no text to review.")
    return document


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        tag in head for tag in (b"<html", b"<head", b"<body", b"<p>", b"<article", b"<div")
    )


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    return "[Content_Types].xml" in names and "word/document.xml" in names


def sniff_matches(filename: str, data: bytes) -> bool:
    """Whether ``data`` is what the name's extension says (.txt/.md, .html/.htm, .pdf, .docx); unknown: False."""
    suffix = _suffix(filename)
    if suffix == ".pdf":
        return data.startswith(b"%PDF-")
    if suffix == ".docx":
        return _is_docx(data)
    if suffix in TEXT_TYPES | HTML_TYPES:
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return suffix in HTML_TYPES and _looks_like_html(data)
        return suffix in TEXT_TYPES or _looks_like_html(data)
    return False


def _extract_text(data: bytes, suffix: str, budget: Budget) -> ExtractedDocument:
    if len(data) > 4 * budget.max_chars + 3:  # UTF-8: at most 4 bytes a character (+ a BOM)
        raise _too_much_text("file", budget)
    if b"\x00" in data:
        raise ExtractionError("This is not a text file (it contains binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError("This is not a text file: it is not valid UTF-8 text.") from None
    text = _normalise_newlines(text)
    if len(text) > budget.max_chars:
        raise ExtractionError(
            f"This file has {len(text):,} characters of text; the desk reads at most {budget.max_chars:,}. "
            + SPLIT_ADVICE
        )
    title = None
    if suffix == ".md":
        first = text.lstrip("\n").split("\n", 1)[0]
        title = first.lstrip("#").strip() if first.startswith("# ") else None
    return _require_text(ExtractedDocument(text=text, title=title), "file")


def _lxml_text(data: bytes) -> ExtractedDocument:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(data)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ExtractionError(f"The HTML page cannot be read: {error}") from None
    for element in root.xpath("//script | //style | //noscript | //template"):
        element.drop_tree()

    def meta(*names: str) -> str | None:
        for name in names:
            found = root.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')
            if found and found[0].strip():
                return found[0].strip()
        return None

    title = meta("og:title") or (root.findtext(".//title") or "").strip() or None
    lines = [" ".join(line.split()) for line in root.text_content().splitlines()]
    return ExtractedDocument(
        text="\n".join(line for line in lines if line),
        title=title,
        outlet=meta("og:site_name", "application-name"),
        published_at=_parse_date(meta("article:published_time", "date", "pubdate", "dc.date")),
    )


def _parse_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _check_html_size(data: bytes, budget: Budget) -> None:
    if len(data) > budget.max_html_bytes:
        raise ExtractionError(
            f"This HTML page is {human_size(len(data))}; the desk reads pages of at most "
            f"{human_size(budget.max_html_bytes)}. Save or upload just the article."
        )


def _extract_html(data: bytes, budget: Budget, deadline: float) -> ExtractedDocument:
    _check_html_size(data, budget)
    try:
        import trafilatura
    except ImportError:  # trafilatura needs lxml_html_clean; the lxml text is a plainer fallback
        trafilatura = None
    try:
        found = trafilatura.bare_extraction(data, with_metadata=True) if trafilatura else None
    except Exception:  # a crash inside a third-party heuristic must not lose the page: use plain text
        found = None
    if found is not None and found.text and found.text.strip():
        document = ExtractedDocument(
            text=_normalise_newlines(found.text),
            title=found.title or None,
            outlet=found.sitename or None,
            published_at=_parse_date(found.date),
        )
    else:
        _check_time(budget, deadline)
        document = _lxml_text(data)
    _check_time(budget, deadline)
    if len(document.text) > budget.max_chars:
        raise _too_much_text("page", budget)
    return _require_text(document, "page")


def _extract_pdf(data: bytes, budget: Budget, deadline: float) -> ExtractedDocument:
    if not data.startswith(b"%PDF-"):
        raise ExtractionError("This is not a PDF file (it does not start with %PDF-).")
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("The PDF is password-protected; upload an unprotected copy.")
        _check_page_count(reader, budget, deadline)
        pages = _pdf_pages(reader, budget, deadline)
        title = reader.metadata.title if reader.metadata else None
    except ExtractionError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, NotImplementedError) as error:
        raise ExtractionError(f"The PDF cannot be read ({type(error).__name__}: {error}).") from None
    if not any(page.strip() for page in pages):
        raise ExtractionError("The PDF has no extractable text (is it a scanned image? run OCR first).")
    return ExtractedDocument(text="\n\n".join(pages), title=title or None, pages=pages)


def _refuse_pages(count: int, budget: Budget) -> None:
    if count > budget.max_pages:
        raise ExtractionError(
            f"This PDF has {count:,} pages; the desk reads at most {budget.max_pages:,}. {SPLIT_ADVICE}"
        )


def _check_page_count(reader, budget: Budget, deadline: float) -> None:
    """Refuse too many pages before any page's text is read: first the count the file declares (cheap),
    then the pages actually found in its page tree (the declared count may lie)."""
    try:
        declared = reader.root_object["/Pages"]["/Count"]
    except Exception:  # only a hint: a broken page tree is judged (and refused) by reading it below
        declared = None
    if isinstance(declared, int):
        _refuse_pages(declared, budget)
    _check_time(budget, deadline)
    _refuse_pages(len(reader.pages), budget)


def _pdf_pages(reader, budget: Budget, deadline: float) -> list[str]:
    """Each page's text, checking the deadline between pages and stopping once the text is too long."""
    pages: list[str] = []
    total = 0
    count = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        _check_time(budget, deadline)
        text = _normalise_newlines(page.extract_text() or "")
        total += len(text) + (2 if pages else 0)  # the text joins pages with a blank line
        if total > budget.max_chars:
            raise _too_much_text("PDF", budget, f" (passed on page {number:,} of {count:,})")
        pages.append(text)
    _check_time(budget, deadline)
    return pages


def _extract_docx(data: bytes, budget: Budget, deadline: float) -> ExtractedDocument:
    if not _is_docx(data):
        raise ExtractionError("This is not a Word (.docx) document.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNCOMPRESSED:
            raise ExtractionError("The Word document is too large once unpacked.")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds (KeyError, XML errors) on a broken package
        raise ExtractionError(f"The Word document cannot be read ({type(error).__name__}).") from None
    _check_time(budget, deadline)
    paragraphs = document.paragraphs
    if len(paragraphs) > budget.max_paragraphs:
        raise ExtractionError(
            f"This Word document has {len(paragraphs):,} paragraphs; the desk reads at most "
            f"{budget.max_paragraphs:,}. {SPLIT_ADVICE}"
        )
    texts: list[str] = []
    total = 0
    for paragraph in paragraphs:
        _check_time(budget, deadline)
        texts.append(paragraph.text)
        total += len(texts[-1]) + (1 if len(texts) > 1 else 0)
        if total > budget.max_chars:
            raise _too_much_text("Word document", budget)
    text = _normalise_newlines("\n".join(texts))
    title = document.core_properties.title or None
    return _require_text(ExtractedDocument(text=text, title=title), "document")


_PARSERS = {"pdf": _extract_pdf, "docx": _extract_docx, "html": _extract_html}


def _parse_here(kind: str, data: bytes, budget: Budget) -> ExtractedDocument:
    """``data`` parsed as ``kind`` in this process; the clock starts now (in a child: once it runs)."""
    return _PARSERS[kind](data, budget, time.monotonic() + budget.seconds)


def _parse(kind: str, data: bytes, budget: Budget) -> ExtractedDocument:
    """``data`` parsed as ``kind`` within ``budget``: in a child process killed at the deadline when
    ``budget.in_child`` (and this system can), else here, checking the deadline between pages."""
    if kind == "html":
        _check_html_size(data, budget)  # before any parsing, and without starting a child
    if not budget.in_child:
        return _parse_here(kind, data, budget)
    try:
        return child_process.run(_parse_here, kind, data, budget, timeout=budget.seconds)
    except child_process.ChildTimeout:
        raise _too_slow(budget) from None
    except child_process.ChildFailed as error:
        log.warning("reading a %s file stopped: %s", kind, error)
        raise ExtractionError(
            "Reading this file failed: the reader stopped unexpectedly (it may need too much memory). "
            + SPLIT_ADVICE
        ) from None


def extract_file(filename: str, data: bytes, *, budget: Budget | None = None) -> ExtractedDocument:
    """The article text of an uploaded file, chosen by its extension and checked against its content.

    ``budget`` (default ``Budget()``: in this process) bounds the pages, characters and time it may take.

    :raise ExtractionError: an unknown extension, content that is not what the name says (a binary renamed
        .txt, a fake .pdf or .docx), an encrypted or image-only PDF, no text at all, or a file over budget.
    """
    budget = budget or Budget()
    suffix = _suffix(filename)
    if suffix in TEXT_TYPES:
        return _extract_text(data, suffix, budget)
    if suffix in HTML_TYPES:
        if b"\x00" in data:
            raise ExtractionError("This is not an HTML page (it contains binary data).")
        return _parse("html", data, budget)
    if suffix == ".pdf":
        if not data.startswith(b"%PDF-"):  # refused here, without starting a child
            raise ExtractionError("This is not a PDF file (it does not start with %PDF-).")
        return _require_text(_parse("pdf", data, budget), "PDF")
    if suffix == ".docx":
        if not _is_docx(data):
            raise ExtractionError("This is not a Word (.docx) document.")
        return _parse("docx", data, budget)
    allowed = ", ".join(sorted(TEXT_TYPES | HTML_TYPES | {".pdf", ".docx"}))
    raise ExtractionError(f"Files of type {suffix or '(none)'} are not accepted; use one of {allowed}.")

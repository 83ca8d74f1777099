"""The source library's services: UN symbols, safe URLs, duplicates, search, uploaded files."""

import hashlib
from datetime import date

import pytest

from factcheck.errors import Conflict, Forbidden, Invalid, NotFound, TooLarge
from factcheck.models import AuditEvent, SourceFile, SourcePage
from factcheck.services import sources
from factcheck.services.sources import DuplicateSource

REPORT_PAGE_2 = (
    "Page two says the fighters were paid 2,000 dollars a month.\nThe contracts ran for six months."
)


def _escape_pdf(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[str]) -> bytes:
    """A small valid PDF with one Helvetica text page per entry (lines split on newlines)."""
    count = len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{4 + 2 * i} 0 R' for i in range(count))}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, text in enumerate(pages):
        lines = " ".join(f"({_escape_pdf(line)}) Tj T*" for line in text.split("\n"))
        stream = f"BT /F1 12 Tf 16 TL 72 720 Td {lines} ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def report_pdf() -> bytes:
    return make_pdf(["Page one is the summary of the panel report.", REPORT_PAGE_2])


@pytest.fixture
def reviewer(team):
    return team["reviewer"]


@pytest.fixture
def attach(upload_dir, db, reviewer):
    def do(source_id: int, filename: str, data: bytes, max_bytes: int = 1_000_000):
        return sources.attach_file(
            db,
            source_id=source_id,
            filename=filename,
            data=data,
            actor=reviewer,
            upload_dir=upload_dir,
            max_bytes=max_bytes,
        )

    return do


# --- document symbols -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("S/2021/229", "S/2021/229"),
        ("s/2021/229", "S/2021/229"),
        ("S/2021/229 ", "S/2021/229"),
        ("S /2021/ 229", "S/2021/229"),
        ("  s / 2021 / 229\t", "S/2021/229"),
        ("a/hrc/46/55", "A/HRC/46/55"),
        ("S/RES/2510 (2020)", "S/RES/2510 (2020)"),
        ("s/res/2510(2020)", "S/RES/2510 (2020)"),
        ("S/RES/2510 ( 2020 )", "S/RES/2510 (2020)"),
        ("e/cn.4/2005/l.10/add.1", "E/CN.4/2005/L.10/Add.1"),
        ("S/2019/914/CORR.1", "S/2019/914/Corr.1"),
        ("CCPR/C/GC/36", "CCPR/C/GC/36"),
    ],
)
def test_un_symbols_are_recognised_and_written_the_un_way(typed, stored):
    assert sources.normalise_symbol(typed) == stored
    assert sources.is_un_symbol(typed)


def test_other_symbols_are_kept_but_not_linked():
    assert sources.normalise_symbol("  ICC-01/04-01/06  ") == "ICC-01/04-01/06"
    assert not sources.is_un_symbol("ICC-01/04-01/06")
    assert sources.official_document_url("ICC-01/04-01/06") is None
    assert not sources.is_un_symbol("S2021229")


def test_official_page_of_a_un_symbol():
    assert sources.official_document_url("s /2021/229") == "https://undocs.org/en/S/2021/229"
    assert sources.official_document_url("S/RES/2510 (2020)") == "https://undocs.org/en/S/RES/2510(2020)"


def test_symbol_is_read_from_an_undocs_address(db, reviewer):
    source = sources.create_source(
        db, actor=reviewer, title="Panel report", url="https://undocs.org/en/S/2021/229"
    )
    assert source.document_symbol == "S/2021/229"
    assert source.kind == "un_report"


@pytest.mark.parametrize("bad", ["", "   ", "S/2021/\x00229", "S/" + "1" * 120])
def test_bad_symbols_are_refused(db, reviewer, bad):
    if not bad.strip():
        assert (
            sources.create_source(db, actor=reviewer, title="x", document_symbol=bad).document_symbol is None
        )
        return
    with pytest.raises(Invalid) as error:
        sources.create_source(db, actor=reviewer, title="x", document_symbol=bad)
    assert "document_symbol" in error.value.fields


# --- adding: URLs, grades, duplicates ---------------------------------------------------------------------------


def test_create_source_keeps_the_details_and_records_it(db, reviewer):
    source = sources.create_source(
        db,
        actor=reviewer,
        title="  Final report of the Panel of Experts on Libya ",
        publisher="UN Security Council",
        document_symbol="s/2021/229",
        published_at="2021-03-08",
        url="HTTPS://Undocs.org/S/2021/229",
        archived_url="https://web.archive.org/web/2021/https://undocs.org/S/2021/229",
        reliability="b",
        notes="Annex 25 lists the contracts.",
    )
    assert source.title == "Final report of the Panel of Experts on Libya"
    assert source.document_symbol == "S/2021/229"
    assert source.url == "https://undocs.org/S/2021/229"
    assert source.published_at == date(2021, 3, 8)
    assert source.reliability == "B"
    assert source.kind == "un_report"
    event = db.exec(AuditEvent.__table__.select().where(AuditEvent.action == "source.create")).first()
    assert event is not None and event.object_id == source.id


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/report.pdf",
        "//example.org/report",
        "https://",
        "https://user:pw@example.org/",
    ],
)
@pytest.mark.parametrize("field", ["url", "archived_url"])
def test_only_http_and_https_addresses_are_accepted(db, reviewer, url, field):
    with pytest.raises(Invalid) as error:
        sources.create_source(db, actor=reviewer, title="Report", **{field: url})
    assert field in error.value.fields
    assert error.value.fields[field]  # a reason a person can read
    assert sources.search_sources(db, q="Report") == []


def test_bad_grade_kind_and_date_are_refused_with_reasons(db, reviewer):
    with pytest.raises(Invalid) as error:
        sources.create_source(
            db, actor=reviewer, title="", reliability="G", kind="rumour", published_at="soon"
        )
    assert set(error.value.fields) == {"title", "reliability", "kind", "published_at"}


def test_a_viewer_may_not_add_sources(db, team):
    with pytest.raises(Forbidden):
        sources.create_source(db, actor=team["viewer"], title="Report")


def test_same_url_is_a_duplicate_even_written_differently(db, reviewer):
    first = sources.create_source(db, actor=reviewer, title="Story", url="https://www.example.org/news/story")
    for again in (
        "https://www.example.org/news/story",
        "http://example.org/news/story/",
        "HTTPS://WWW.EXAMPLE.ORG/news/story",
    ):
        with pytest.raises(DuplicateSource) as error:
            sources.create_source(db, actor=reviewer, title="Story again", url=again)
        assert error.value.existing.id == first.id
        assert error.value.fields["existing_id"] == str(first.id)
        assert isinstance(error.value, Conflict)
    assert len(sources.search_sources(db, q="Story")) == 1


def test_same_symbol_is_a_duplicate_however_typed(db, reviewer):
    first = sources.create_source(db, actor=reviewer, title="Panel report", document_symbol="S/2021/229")
    with pytest.raises(DuplicateSource) as error:
        sources.create_source(db, actor=reviewer, title="Another copy", document_symbol="s / 2021 /229 ")
    assert error.value.existing.id == first.id
    assert "document_symbol" in error.value.fields
    # an undocs.org address of the same document is the same source too
    with pytest.raises(DuplicateSource):
        sources.create_source(db, actor=reviewer, title="Link", url="https://undocs.org/S/2021/229")
    assert sources.find_duplicate(db, document_symbol="S /2021/229")[0].id == first.id
    assert sources.find_duplicate(db, document_symbol="S/2021/230") is None


def test_editing_into_another_sources_symbol_is_refused(db, reviewer):
    a = sources.create_source(db, actor=reviewer, title="A", document_symbol="S/2021/229")
    b = sources.create_source(db, actor=reviewer, title="B", document_symbol="S/2020/1")
    with pytest.raises(DuplicateSource):
        sources.update_source(db, source_id=b.id, actor=reviewer, document_symbol="s/2021/229")
    same = sources.update_source(
        db, source_id=a.id, actor=reviewer, document_symbol="S/2021/229", reliability="A"
    )
    assert same.reliability == "A"


# --- search ----------------------------------------------------------------------------------------------------


@pytest.fixture
def library(db, reviewer):
    make = sources.create_source
    return [
        make(db, actor=reviewer, title="Final report of the Panel of Experts on Libya", publisher="UN Security Council", document_symbol="S/2021/229"),
        make(db, actor=reviewer, title="Syrian mercenaries in Libya", publisher="Enab Baladi", notes="Recruitment by the Sultan Murad division"),
        make(db, actor=reviewer, title="Human rights council report", document_symbol="A/HRC/46/55"),
        make(db, actor=reviewer, title="100% sure_thing", publisher="Odd"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("libya", {0, 1}),
        ("LIBYA panel", {0}),
        ("panel libya", {0}),
        ("enab", {1}),
        ("sultan murad", {1}),  # notes
        ("security council", {0}),  # publisher
        ("S/2021/229", {0}),
        ("s /2021/ 229", {0}),
        ("hrc/46", {2}),
        ("libya nonsense", set()),
        ("100%", {3}),
        ("%", {3}),
        ("_", {3}),
    ],
)
def test_search_is_forgiving_but_every_word_must_match(db, library, q, expected):
    found = {library.index(s) for s in sources.search_sources(db, q=q)}
    assert found == expected


def test_empty_search_lists_the_newest_first(db, library):
    assert [s.id for s in sources.search_sources(db, q="  ")] == [s.id for s in reversed(library)]


# --- files -----------------------------------------------------------------------------------------------------


def test_a_pdf_is_stored_by_hash_and_searchable_page_by_page(upload_dir, db, library, attach):
    data = report_pdf()
    row = attach(library[0].id, "../../etc/Panel report.pdf", data)
    digest = hashlib.sha256(data).hexdigest()
    assert row.sha256 == digest
    assert row.filename == "Panel report.pdf"
    assert row.content_type == "application/pdf"
    stored = sources.file_path(upload_dir, digest)
    assert stored.read_bytes() == data
    assert "Panel report" not in str(stored)
    pages = db.exec(SourcePage.__table__.select().where(SourcePage.file_id == row.id)).all()
    assert len(pages) == 2
    matches = sources.search_in_file(db, file_id=row.id, phrase="paid 2,000 DOLLARS")
    assert [m.page for m in matches] == [2]
    assert matches[0].locator == "p. 2"
    assert matches[0].match.lower() == "paid 2,000 dollars"
    assert "fighters were paid" in matches[0].quote
    # a phrase that runs across a line break is still found
    assert [
        m.page for m in sources.search_in_source(db, source_id=library[0].id, phrase="a month. The contracts")
    ] == [2]
    assert sources.search_in_file(db, file_id=row.id, phrase="not in the document") == []


def test_text_and_html_files_become_page_one(db, library, attach):
    row = attach(library[1].id, "notes.txt", b"Recruits were promised 1,500 dollars.")
    assert [m.page for m in sources.search_in_file(db, file_id=row.id, phrase="promised")] == [1]
    html = b"<!doctype html><html><body><article><p>The militia recruited 300 fighters in May.</p></article></body></html>"
    page = attach(library[1].id, "story.html", html)
    assert page.content_type == "text/html"
    assert sources.search_in_file(db, file_id=page.id, phrase="300 fighters")


def test_oversize_files_are_refused_with_413(db, library, attach):
    with pytest.raises(TooLarge) as error:
        attach(library[0].id, "big.txt", b"x" * 101, max_bytes=100)
    assert error.value.status == 413
    assert db.exec(SourceFile.__table__.select()).all() == []


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("report.pdf", b"<html><body>not a pdf</body></html>"),
        ("report.txt", b"\x89PNG\r\n\x1a\n\x00\x00binary"),
        ("page.html", b"%PDF-1.4 pretending"),
        ("report.exe", b"MZ\x90\x00"),
        ("report", b"plain"),
        ("empty.txt", b""),
    ],
)
def test_files_that_are_not_what_their_name_says_are_refused(db, library, attach, filename, data):
    with pytest.raises(Invalid) as error:
        attach(library[0].id, filename, data)
    assert "file" in error.value.fields
    assert db.exec(SourceFile.__table__.select()).all() == []


def test_the_same_file_twice_on_one_source_is_refused(db, library, attach):
    attach(library[0].id, "a.txt", b"Some text.")
    with pytest.raises(Conflict):
        attach(library[0].id, "b.txt", b"Some text.")
    assert attach(library[1].id, "c.txt", b"Some text.").sha256  # another source may hold it too


def test_upload_needs_a_source_and_a_writer(db, team, library, upload_dir):
    with pytest.raises(NotFound):
        sources.attach_file(
            db, source_id=999, filename="a.txt", data=b"x", actor=team["reviewer"],
            upload_dir=upload_dir, max_bytes=100,
        )  # fmt: skip
    with pytest.raises(Forbidden):
        sources.attach_file(
            db, source_id=library[0].id, filename="a.txt", data=b"x", actor=team["viewer"],
            upload_dir=upload_dir, max_bytes=100,
        )  # fmt: skip


def test_download_types_never_render_as_a_page():
    assert sources.safe_download_type("text/html") == "application/octet-stream"
    assert sources.safe_download_type("text/markdown") == "application/octet-stream"
    assert sources.safe_download_type("image/svg+xml") == "application/octet-stream"
    assert sources.safe_download_type("application/pdf") == "application/pdf"


def test_search_forgives_typos_and_missing_accents(db, team):
    from factcheck.services import sources

    panel = sources.create_source(
        db,
        actor=team["reviewer"],
        title="Final report of the Panel of Experts on Libya",
        publisher="Security Council",
    )
    agency = sources.create_source(
        db, actor=team["reviewer"], title="Demirören News Agency wire", publisher="DHA"
    )
    sources.create_source(db, actor=team["reviewer"], title="Budget statistics 2024", publisher="Treasury")
    assert [s.id for s in sources.search_sources(db, q="panel of experts libia")] == [panel.id]
    assert [s.id for s in sources.search_sources(db, q="demiroren")] == [agency.id]
    assert sources.search_sources(db, q="completely unrelated words") == []

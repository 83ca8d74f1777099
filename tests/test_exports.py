"""The verdict and evidence CSV producers (services.exports): columns, BOM, quoting, formula escaping, filters,
streaming."""

import csv
import io
from datetime import UTC, datetime

import pytest

from factcheck.errors import Invalid
from factcheck.services import exports

from .export_factory import add_verdict, link, make_article, make_claim, make_source, publish

BOM = b"\xef\xbb\xbf"
HEADER = (
    "claim_id,article_id,article_title,article_url,claim,claimant,status,rating,rating_label,rationale,"
    "reviewer,approver,published_at,supporting_sources,contradicting_sources,context_sources"
).split(",")
EVIDENCE_HEADER = (
    "claim_id,claim,source_title,publisher,kind,document_symbol,url,stance,quote,locator,reliability,"
    "added_by,added_at"
).split(",")


def read_csv(data: bytes) -> list[list[str]]:
    """Parse a download like an analyst would, after checking and removing the BOM."""
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def assert_every_field_quoted(data: bytes, rows: list[list[str]]) -> None:
    """The bytes are exactly what csv.QUOTE_ALL writes for the parsed rows: every field is quoted."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    assert data[len(BOM) :].decode("utf-8") == buffer.getvalue()


def produce(engine, **filters) -> bytes:
    return b"".join(exports.verdict_csv(engine, **filters))


@pytest.fixture
def desk(db, team):
    """Two articles: published claims with sources, one in review, one open."""
    reviewer, editor = team["reviewer"], team["editor"]
    article = make_article(db, reviewer, url="https://news.example/recruits", outlet="Example News")
    other = make_article(db, reviewer, title="Other article")
    un = make_source(db, title="UN panel report", url="https://un.example/s-2021-229", symbol="S/2021/229")
    gov = make_source(db, title="Ministry statement", symbol="MFA/12")
    blog = make_source(db, title="A blog")
    first = publish(
        db, article, "The panel counted 500 fighters.", reviewer=reviewer, approver=editor, rating="true"
    )
    link(db, first, un, "supports", quote="500 fighters", locator="para. 89", actor=reviewer)
    link(db, first, un, "supports", quote="again", locator="para. 90", actor=reviewer)
    link(db, first, gov, "contradicts", actor=reviewer)
    link(db, first, blog, "context", actor=reviewer)
    second = publish(db, other, "Prices rose 3%.", reviewer=reviewer, approver=editor, rating="misleading")
    reviewing = make_claim(db, article, reviewer, "Officials denied it.", status="in_review")
    add_verdict(db, reviewing, rating="false", reviewer=reviewer)
    opened = make_claim(db, article, reviewer, "Nobody has looked at this.")
    return {
        "article": article,
        "other": other,
        "first": first,
        "second": second,
        "reviewing": reviewing,
        "open": opened,
    }


def test_header_bom_quoting_and_one_row_per_published_claim(engine, desk):
    data = produce(engine)
    assert data.startswith(BOM + b'"claim_id","article_id","article_title"')
    rows = read_csv(data)
    assert rows[0] == HEADER
    assert [int(row[0]) for row in rows[1:]] == [desk["first"].id, desk["second"].id]
    assert_every_field_quoted(data, rows)


def test_a_row_carries_the_current_verdict_people_time_and_sources(engine, desk, team):
    rows = read_csv(produce(engine))
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row["article_id"] == str(desk["article"].id)
    assert row["article_title"] == "Report on recruits"
    assert row["article_url"] == "https://news.example/recruits"
    assert row["claim"] == "The panel counted 500 fighters."
    assert (row["status"], row["rating"], row["rating_label"]) == ("published", "true", "True")
    assert (row["reviewer"], row["approver"]) == ("reviewer", "editor")
    assert datetime.fromisoformat(row["published_at"].replace("Z", "+00:00")).tzinfo is not None
    # a source quoted twice is listed once; url preferred, symbol when there is no url
    assert row["supporting_sources"] == "UN panel report (https://un.example/s-2021-229)"
    assert row["contradicting_sources"] == "Ministry statement (MFA/12)"
    assert row["context_sources"] == "A blog"


def test_status_all_lists_every_claim_and_unpublished_ones_have_no_approver(engine, desk):
    rows = read_csv(produce(engine, status="all"))
    assert len(rows) == 1 + 4
    by_id = {int(row[0]): dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    reviewing = by_id[desk["reviewing"].id]
    assert (reviewing["status"], reviewing["rating"], reviewing["approver"], reviewing["published_at"]) == (
        "in_review",
        "false",
        "",
        "",
    )
    assert by_id[desk["open"].id]["rating"] == ""


def test_filters_by_status_article_rating_assignee_and_dates(engine, db, desk, team):
    def ids(**filters):
        return [int(row[0]) for row in read_csv(produce(engine, **filters))[1:]]

    assert ids(status="in_review") == [desk["reviewing"].id]
    assert ids(article_id=desk["other"].id) == [desk["second"].id]
    assert ids(rating="misleading") == [desk["second"].id]
    assert ids(status="all", rating="false") == [desk["reviewing"].id]
    desk["open"].assignee_id = team["reviewer"].id
    db.add(desk["open"])
    db.commit()
    assert ids(status="all", assignee="reviewer") == [desk["open"].id]
    assert ids(status="all", q="PRICES") == [desk["second"].id]
    today = datetime.now(UTC).date()
    assert ids(published_from=today, published_to=today) == [desk["first"].id, desk["second"].id]
    assert ids(published_to=today.replace(year=today.year - 1)) == []


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"status": "done"}, "status"),
        ({"rating": "pants-on-fire"}, "rating"),
        ({"assignee": "nobody"}, "assignee"),
    ],
)
def test_unknown_filters_are_refused_before_anything_is_written(engine, desk, filters, field):
    with pytest.raises(Invalid) as caught:
        exports.verdict_csv(engine, **filters)
    assert field in caught.value.fields


HOSTILE = {
    "formula": '=HYPERLINK("http://x","y")',
    "at": "@SUM(1)",
    "plus": "+1",
    "minus": "-1",
    "tab": "\tindented",
    "cr": "\rreturn",
}


def test_hostile_values_come_out_safe_and_otherwise_intact(engine, db, team):
    reviewer, editor = team["reviewer"], team["editor"]
    article = make_article(db, reviewer, title="+1 headline")
    arabic = "قال التقرير إن 500 مقاتل أرسلوا"
    cyrillic = "В докладе говорится о 500 бойцах"
    claims = {}
    for name, value in HOSTILE.items():
        claim = publish(db, article, "placeholder", reviewer=reviewer, approver=editor, claimant="@SUM(1)")
        claim.text = value  # stored as is (the claim service would strip a leading tab)
        db.add(claim)
        claims[name] = claim
    db.commit()
    multi = publish(
        db,
        article,
        'He said "no" twice,\nthen "yes".',
        reviewer=reviewer,
        approver=editor,
        claimant=arabic,
        rationale="-1 is wrong;\nsee " + cyrillic,
    )
    source = make_source(db, title="=cmd|' /C calc'!A0", url="https://x.example/a")
    link(db, multi, source, "supports")
    rows = read_csv(produce(engine))
    by_id = {int(row[0]): dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    for name, claim in claims.items():
        row = by_id[claim.id]
        assert row["claim"] == "'" + HOSTILE[name], name
        assert row["claimant"] == "'@SUM(1)"
        assert row["article_title"] == "'+1 headline"
    row = by_id[multi.id]
    assert row["claim"] == 'He said "no" twice,\nthen "yes".'  # newline and quotes inside survive
    assert row["claimant"] == arabic
    assert row["rationale"] == "'-1 is wrong;\nsee " + cyrillic
    assert row["supporting_sources"] == "'=cmd|' /C calc'!A0 (https://x.example/a)"
    for row in by_id.values():
        for value in row.values():
            assert not value.startswith(exports.FORMULA_STARTS)


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@a", "\t", "\r", "\n", "\x00x"])
def test_safe_cell_prefixes_every_formula_start(value):
    assert exports.safe_cell(value) == "'" + value


@pytest.mark.parametrize(("value", "cell"), [(None, ""), (12, "12"), ("a=b", "a=b"), ("'quoted", "'quoted")])
def test_safe_cell_leaves_the_rest_alone(value, cell):
    assert exports.safe_cell(value) == cell


def test_batches_do_not_change_the_bytes(engine, desk, db, team):
    for n in range(5):
        publish(db, desk["other"], f"Extra claim {n}", reviewer=team["reviewer"], approver=team["editor"])
    assert produce(engine, status="all", batch_size=2) == produce(engine, status="all")
    assert len(read_csv(produce(engine, status="all", batch_size=3))) == 1 + 9


def test_the_header_leaves_before_any_row_is_read_and_an_abandoned_download_frees_its_connection(
    engine, desk
):
    pool = engine.pool
    chunks = exports.verdict_csv(engine, batch_size=1)
    assert next(chunks) == BOM + b",".join(f'"{c}"'.encode() for c in HEADER) + b"\r\n"
    assert pool.checkedout() == 0  # nothing queried yet
    next(chunks)
    assert pool.checkedout() == 1  # one connection, held by the export's own session
    chunks.close()  # the client went away
    assert pool.checkedout() == 0


def test_evidence_csv_has_one_row_per_link_with_the_same_safety(engine, db, desk, team):
    hostile = make_source(db, title="@evil", publisher="-Publisher", kind="un_report", reliability="B")
    link(db, desk["second"], hostile, "contradicts", quote="=1+1", locator="p. 4", actor=team["reviewer"])
    link(db, desk["reviewing"], hostile, "supports", actor=team["reviewer"])  # not published: not listed
    data = b"".join(exports.evidence_csv(engine))
    rows = read_csv(data)
    assert rows[0] == EVIDENCE_HEADER
    assert_every_field_quoted(data, rows)
    assert len(rows) == 1 + 5
    last = dict(zip(EVIDENCE_HEADER, rows[-1], strict=True))
    assert last["claim_id"] == str(desk["second"].id)
    assert (last["source_title"], last["publisher"], last["kind"]) == ("'@evil", "'-Publisher", "un_report")
    assert (last["stance"], last["quote"], last["locator"], last["reliability"]) == (
        "contradicts",
        "'=1+1",
        "p. 4",
        "B",
    )
    assert last["added_by"] == "reviewer" and last["added_at"].endswith("Z")
    first = dict(zip(EVIDENCE_HEADER, rows[1], strict=True))
    assert (first["document_symbol"], first["url"]) == ("S/2021/229", "https://un.example/s-2021-229")
    everything = read_csv(b"".join(exports.evidence_csv(engine, status="all")))
    assert len(everything) == 1 + 6
    assert len(read_csv(b"".join(exports.evidence_csv(engine, rating="misleading")))) == 1 + 1

"""One ClaimFilters (services.claim_filters) behind the queue page, the API list, both CSV exports from every
door and the CLI `queue` command: the same words mean the same claims, the queue's export link carries every
filter on screen, and hostile values are refused with 422, never a 500."""

import csv
import io
import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlmodel import select

from factcheck.errors import Invalid
from factcheck.models import Claim
from factcheck.services import claims, queue
from factcheck.services.claim_filters import ClaimFilters
from factcheck.timeutil import utcnow

from .workflow_helpers import make_article, make_claim

BOM = "\ufeff"


def csv_ids(data: bytes) -> list[int]:
    text = data.decode("utf-8").removeprefix(BOM)
    return [int(row["claim_id"]) for row in csv.DictReader(io.StringIO(text, newline=""))]


def queue_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr class="queue-row" data-claim-id="(\d+)"', html)]


def export_link(html: str) -> str:
    return unescape(re.search(r'href="([^"]*/export/verdicts\.csv[^"]*)" class="export"', html).group(1))


@pytest.fixture
def desk(db, team):
    reviewer = team["reviewer"]
    article = make_article(db, reviewer)
    made = {
        "percent": make_claim(
            db, reviewer, article_id=article.id, status="published", text="Rents rose 12% in May."
        ),
        "underscore": make_claim(
            db, reviewer, article_id=article.id, status="in_review", text="The file a_b leaked."
        ),
        "plain": make_claim(
            db, reviewer, article_id=article.id, status="published", text="Rents rose sharply."
        ),
        "open": make_claim(db, reviewer, article_id=article.id, text="Nobody has looked at this one."),
    }
    db.commit()
    return article, made


@pytest.mark.parametrize(("q", "names"), [("%", ["percent"]), ("_", ["underscore"]), ("rose %", ["percent"])])
def test_q_matches_words_literally_in_the_queue_the_api_the_csv_and_the_cli(
    client, login, api, runner, db, team, desk, q, names
):
    _, made = desk
    expected = sorted(made[name].id for name in names)
    login(team["viewer"])
    in_queue = sorted(queue_ids(client.get("/queue", query_string={"q": q}).get_data(as_text=True)))
    viewer = api("viewer")
    in_api = sorted(
        item["id"] for item in viewer.get("/api/v1/claims", query_string={"q": q}).get_json()["items"]
    )
    in_csv = sorted(
        csv_ids(viewer.get("/api/v1/export/verdicts.csv", query_string={"q": q, "status": "all"}).data)
    )
    in_browser_csv = sorted(
        csv_ids(client.get("/export/verdicts.csv", query_string={"q": q, "status": "all"}).data)
    )
    result = runner.invoke(args=["export-verdicts", "--status", "all", "--q", q])
    in_cli_csv = sorted(csv_ids(result.stdout_bytes))
    result = runner.invoke(args=["queue", "--status", "all", "--q", q])
    in_cli_queue = sorted(int(line.split("\t")[0]) for line in result.output.splitlines())
    assert in_queue == in_api == in_csv == in_browser_csv == in_cli_csv == in_cli_queue == expected


def test_the_queue_export_link_carries_every_filter_on_screen(client, login, db, team, desk):
    article, made = desk
    week = utcnow().date() + timedelta(days=3)
    queue.bulk_due(db, claim_ids=[made["underscore"].id], due_date=week, actor=team["editor"])
    login(team["reviewer"])
    query = {
        "status": "in_review",
        "assignee": "reviewer",
        "article_id": str(article.id),
        "rating": "false",
        "priority": "2",
        "due": "week",
        "q": "a_b",
        "sort": "oldest",
    }
    html = client.get("/queue", query_string=query).get_data(as_text=True)
    link = urlsplit(export_link(html))
    carried = dict(parse_qsl(link.query))
    assert carried == {k: v for k, v in query.items() if k != "sort"}  # every filter, nothing else
    # and it means the same claims: the link's filters (export defaults) equal the queue's (queue defaults)
    assert ClaimFilters.from_args(carried, default_status="published") == ClaimFilters.from_args(query)
    assert queue_ids(html) == [made["underscore"].id]
    assert csv_ids(client.get(f"{link.path}?{link.query}").data) == [made["underscore"].id]


def test_the_export_link_of_a_queue_showing_every_status_asks_for_all_and_names_mine(
    client, login, db, team, desk
):
    _, made = desk
    login(team["reviewer"])
    html = client.get("/queue").get_data(as_text=True)
    carried = dict(parse_qsl(urlsplit(export_link(html)).query))
    assert carried == {"status": "all"}
    shown = sorted(queue_ids(html))
    assert sorted(csv_ids(client.get(export_link(html)).data)) == shown == sorted(c.id for c in made.values())
    html = client.get("/queue?mine=1&status=in_review").get_data(as_text=True)
    assert dict(parse_qsl(urlsplit(export_link(html)).query)) == {
        "status": "in_review",
        "assignee": "reviewer",
    }


HOSTILE = [
    ({"status": "bogus"}, "status"),
    ({"status": "published "}, None),  # surrounding spaces are trimmed: valid
    ({"priority": "0"}, "priority"),
    ({"priority": "5"}, "priority"),
    ({"priority": "high"}, "priority"),
    ({"priority": "9" * 30}, "priority"),
    ({"due": "later"}, "due"),
    ({"article_id": "-1"}, "article_id"),
    ({"article_id": "0"}, "article_id"),
    ({"article_id": "1e3"}, "article_id"),
    ({"article_id": "\u0663"}, "article_id"),  # an Arabic-Indic digit
    ({"article_id": str(2**63)}, "article_id"),
    ({"article_id": "9" * 5000}, "article_id"),
    ({"article_id": str(2**63 - 1)}, None),  # the largest id: valid, finds nothing
    ({"mine": "maybe"}, "mine"),
    ({"q": "x" * 201}, "q"),
    ({"rating": "pants-on-fire"}, "rating"),
    ({"assignee": "ghost"}, "assignee"),
    ({"published_from": "yesterday"}, "published_from"),
    ({"published_from": "2024-02-02", "published_to": "2024-01-01"}, "published_to"),
]
DOORS = ["/queue", "/export/verdicts.csv", "/export/evidence.csv"]
API_DOORS = ["/api/v1/claims", "/api/v1/export/verdicts.csv", "/api/v1/export/evidence.csv"]


@pytest.mark.parametrize(("query", "field"), HOSTILE)
def test_hostile_filter_values_are_refused_with_422_at_every_door(
    client, login, api, team, desk, query, field
):
    login(team["viewer"])
    viewer = api("viewer")
    for door in DOORS:
        response = client.get(door, query_string=query)
        assert response.status_code == (422 if field else 200), (door, query, response.status_code)
        if field:
            assert b'data-error-code="invalid"' in response.data and field.encode() in response.data
        response.close()
    for door in API_DOORS:
        response = viewer.get(door, query_string=query)
        assert response.status_code == (422 if field else 200), (door, query, response.status_code)
        if field:
            assert field in response.get_json()["error"]["fields"], door
        response.close()


def test_the_api_list_refuses_a_page_past_any_offset(api, desk):
    response = api("viewer").get("/api/v1/claims", query_string={"page": str(10**30)})
    assert response.status_code == 422 and "page" in response.get_json()["error"]["fields"]


def test_the_cli_queue_filters_like_the_queue_page(runner, db, team, desk):
    _, made = desk
    result = runner.invoke(args=["queue", "--status", "all", "--q", "rents"])
    assert result.exit_code == 0, result.output
    assert sorted(int(line.split("\t")[0]) for line in result.output.splitlines()) == sorted(
        [made["percent"].id, made["plain"].id]
    )
    result = runner.invoke(args=["queue", "--priority", "9"])
    assert result.exit_code != 0 and "priority" in result.output


def test_to_args_and_from_args_give_the_same_filters_back():
    filters = ClaimFilters(
        status=None,
        assignee="none",
        mine=True,
        article_id=7,
        rating="false",
        priority=4,
        due="overdue",
        q="12% rise",
        published_from=date(2024, 1, 1),
        published_to=date(2024, 2, 1),
    )
    for default in (None, "published"):
        assert (
            ClaimFilters.from_args(filters.to_args(default_status=default), default_status=default) == filters
        )
    assert ClaimFilters().to_args() == {}
    assert ClaimFilters().to_args(default_status="published") == {"status": "all"}
    assert ClaimFilters.from_args({"status": "all"}, default_status="published").status is None
    assert ClaimFilters.from_args({}, default_status="published").status == "published"
    with pytest.raises(Invalid) as error:
        ClaimFilters.of(status="lost", priority=9, due="soon", article_id=0)
    assert set(error.value.fields) == {"status", "priority", "due", "article_id"}


# --- q read off the trigram index (migration 0009) --------------------------------------------------------


def _found(db, actor, q: str) -> set[int]:
    page = queue.list_claims(db, filters=ClaimFilters.of(q=q, status="all"), actor=actor, per_page=100)
    return {row.claim.id for row in page.items}


def test_q_finds_a_word_inside_a_word_in_the_text_or_the_claimant_in_any_case(db, team):
    editor = team["editor"]
    town = make_claim(db, editor, text="Fighters reached Malakal on Monday.", evidence=())
    ministry = make_claim(db, editor, text="Ten clinics closed.", evidence=())
    ministry.claimant = "Ministry of Health"
    db.add(ministry)
    make_claim(db, editor, text="Rents rose by 12 percent.", evidence=())
    db.commit()
    assert _found(db, editor, "alakal") == {town.id}
    assert _found(db, editor, "MINISTRY health") == {ministry.id}
    assert _found(db, editor, "malakal ten") == set()  # every word must be found
    assert _found(db, editor, 'Malakal"') == set() and _found(db, editor, '"') == set()  # quotes are text


def test_q_follows_a_claim_whose_wording_changed(db, team):
    editor = team["editor"]
    claim = make_claim(db, editor, text="Fighters reached Malakal.", evidence=())
    claims.update_claim(
        db, claim_id=claim.id, text="Fighters reached Juba.", version=claim.version, actor=editor
    )
    assert _found(db, editor, "Juba") == {claim.id}
    assert _found(db, editor, "Malakal") == set()


def test_on_sqlite_q_words_of_three_letters_or_more_are_read_off_the_trigram_index(db, engine):
    filters = ClaimFilters.of(q="Malakal to")
    sql = str(filters.apply(select(Claim.id)).compile(engine))
    if engine.dialect.name == "sqlite":
        assert sql.count("claim_trigram MATCH") == 1  # "to" is too short for a trigram: only the exact match
    else:
        assert "claim_trigram" not in sql  # PostgreSQL's planner uses the pg_trgm indexes for the LIKE itself

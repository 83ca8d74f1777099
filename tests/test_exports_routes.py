"""The same verdict CSV from the browser, the API and the CLI; the evidence CSV routes; bad filters."""

import pytest

from .export_factory import add_verdict, link, make_article, make_claim, make_source, publish
from .test_exports import BOM, HEADER, read_csv


@pytest.fixture
def desk(db, team):
    reviewer, editor = team["reviewer"], team["editor"]
    article = make_article(db, reviewer, url="https://news.example/a")
    other = make_article(db, reviewer, title="=Other")
    source = make_source(db, title="UN report", url="https://un.example/r")
    first = publish(db, article, '=HYPERLINK("http://x","y") and more', reviewer=reviewer, approver=editor)
    link(db, first, source, "supports", quote="-quoted", locator="para. 1", actor=reviewer)
    publish(db, other, "Цены выросли на 3%.", reviewer=reviewer, approver=editor, rating="mostly-true")
    pending = make_claim(db, article, reviewer, "Pending claim", status="in_review")
    add_verdict(db, pending, rating="mostly-true", reviewer=reviewer)
    return {"article": article, "other": other}


def cli_bytes(runner, *args) -> bytes:
    result = runner.invoke(args=["export-verdicts", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status": "all"},
        {"status": "in_review"},
        {"rating": "mostly-true"},
        {"status": "all", "rating": "mostly-true"},
        {"article_id": "ARTICLE"},
    ],
)
def test_browser_api_and_cli_give_the_same_file(app, client, login, api, runner, team, desk, query):
    query = {k: (str(desk["article"].id) if v == "ARTICLE" else v) for k, v in query.items()}
    login(team["viewer"])
    browser = client.get("/export/verdicts.csv", query_string=query)
    assert browser.status_code == 200
    assert browser.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert browser.headers["Content-Disposition"] == 'attachment; filename="verdicts.csv"'
    browser_bytes = browser.get_data()  # a streamed body is read before the next request
    from_api = api("viewer").get("/api/v1/export/verdicts.csv", query_string=query)
    assert from_api.status_code == 200
    assert from_api.headers["Content-Type"] == "text/csv; charset=utf-8"
    api_bytes = from_api.get_data()
    args = [item for k, v in query.items() for item in (f"--{k.replace('_', '-')}", v)]
    from_cli = cli_bytes(runner, *args)
    assert browser_bytes == api_bytes == from_cli
    rows = read_csv(browser_bytes)
    assert rows[0] == HEADER and len(rows) >= 2


def test_the_file_has_bom_and_the_escaped_formula(client, login, team, desk):
    login(team["viewer"])
    data = client.get("/export/verdicts.csv").data
    assert data.startswith(BOM)
    rows = read_csv(data)
    assert len(rows) == 3
    assert rows[1][4] == '\'=HYPERLINK("http://x","y") and more'
    assert rows[2][2] == "'=Other" and rows[2][4] == "Цены выросли на 3%."


def test_the_cli_writes_a_file(runner, tmp_path, desk, client, login, team):
    target = tmp_path / "out.csv"
    result = runner.invoke(args=["export-verdicts", "--status", "all", "--output", str(target)])
    assert result.exit_code == 0, result.output
    login(team["viewer"])
    assert target.read_bytes() == client.get("/export/verdicts.csv?status=all").data


def test_the_cli_refuses_an_unknown_status(runner, desk):
    result = runner.invoke(args=["export-verdicts", "--status", "done"])
    assert result.exit_code != 0
    assert "status" in result.output


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "done"}, "status"),
        ({"rating": "pants-on-fire"}, "rating"),
        ({"article_id": "x"}, "article_id"),
        ({"published_from": "yesterday"}, "published_from"),
    ],
)
def test_the_api_answers_422_for_bad_filters(api, desk, query, field):
    response = api("viewer").get("/api/v1/export/verdicts.csv", query_string=query)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    response = api("viewer").get("/api/v1/export/evidence.csv", query_string=query)
    assert response.status_code == 422


def test_the_browser_export_shows_an_error_page_for_bad_filters(client, login, team, desk):
    login(team["viewer"])
    response = client.get("/export/verdicts.csv?rating=nope")
    assert response.status_code == 422
    assert b'data-error-code="invalid"' in response.data


def test_exports_need_an_account(client, desk):
    assert client.get("/export/verdicts.csv").status_code == 302
    assert client.get("/api/v1/export/verdicts.csv").status_code == 401
    assert client.get("/api/v1/export/evidence.csv").status_code == 401


def test_evidence_csv_is_the_same_from_every_door(app, client, login, api, runner, team, desk):
    login(team["viewer"])
    browser = client.get("/export/evidence.csv?status=all")
    assert browser.headers["Content-Disposition"] == 'attachment; filename="evidence.csv"'
    browser_bytes = browser.get_data()
    api_bytes = api("viewer").get("/api/v1/export/evidence.csv?status=all").get_data()
    result = runner.invoke(args=["export-evidence", "--status", "all"])
    assert result.exit_code == 0, result.output
    assert browser_bytes == api_bytes == result.stdout_bytes
    rows = read_csv(browser_bytes)
    assert len(rows) == 2 and rows[1][8] == "'-quoted"

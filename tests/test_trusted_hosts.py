"""Trusted hosts: the Host header (or, behind the proxy, X-Forwarded-Host) is checked on every request, and
absolute URLs are built from PUBLIC_URL, never from whatever host a request names."""

import json
import re

import pytest
from sqlmodel import func, select

from factcheck import create_app
from factcheck.config import default_config
from factcheck.models import Article
from factcheck.urls import host_name, is_trusted, public_url

from .export_factory import make_article, publish

PUBLIC = "https://factcheck.example.org"
HOSTILE = "evil.example"
MALFORMED = [
    "",
    " ",
    "a b",
    "x:99999999",
    "localhost:0",
    "localhost:abc",
    "[::1",
    "local host",
    "évil.example",
]


def configured_app(app, **config):
    """Another app on the same test database, with extra configuration."""
    keys = ("TESTING", "SECRET_KEY", "DATABASE_URL", "PASSWORD_HASH_METHOD", "UPLOAD_DIR")
    return create_app({**{key: app.config[key] for key in keys}, **config})


@pytest.fixture
def app(app):
    """The suite's app, with PUBLIC_URL set (the production setting)."""
    public = configured_app(app, PUBLIC_URL=PUBLIC)
    yield public
    public.extensions["factcheck_engine"].dispose()


@pytest.fixture
def published(db, team):
    article = make_article(db, team["reviewer"], title="Recruits", url="https://news.example/a")
    claim = publish(
        db, article, "The panel counted 500 fighters.", reviewer=team["reviewer"], approver=team["editor"]
    )
    return article, claim


def as_hostile(client):
    """Let the client's session cookie go to requests for the hostile host too (the test client sends
    cookies by host name): a signed-in browser whose requests name another host."""
    cookie = client.get_cookie("session")
    if cookie is not None:
        client.set_cookie("session", cookie.value, domain=HOSTILE)


def assert_refused(response, *, api: bool = False):
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert HOSTILE not in body and HOSTILE not in str(response.headers)
    assert "Location" not in response.headers
    if api:
        assert response.get_json()["error"]["code"] == "untrusted_host"
    else:
        assert response.mimetype == "text/html"
        assert 'data-error-code="untrusted_host"' in body


def test_a_hostile_host_is_refused_on_every_kind_of_route(client, published):
    article, _claim = published
    for path in (
        "/",
        "/login",
        f"/report/{article.id}",
        "/claimreview.json",
        f"/articles/{article.id}/claimreview.json",
        "/ratings.css",
        "/static/app.css",
        "/no-such-page",
        "/export/verdicts.csv",
    ):
        assert_refused(client.get(path, headers={"Host": HOSTILE}))
    assert_refused(client.post("/login", headers={"Host": HOSTILE}))
    assert_refused(client.get("/api/v1/no-such-route", headers={"Host": HOSTILE}), api=True)
    assert_refused(client.get("/api/v1/openapi.json", headers={"Host": HOSTILE}), api=True)


def test_signed_in_requests_for_a_hostile_host_are_refused_and_change_nothing(
    client, db, team, login, post_form, published
):
    article, _claim = published
    login(team["reviewer"])
    as_hostile(client)
    hostile = {"headers": {"Host": HOSTILE}}
    assert_refused(client.get("/export/verdicts.csv?status=all", **hostile))
    assert_refused(client.get("/export/evidence.csv", **hostile))
    assert_refused(client.get(f"/articles/{article.id}", **hostile))
    assert_refused(post_form("/articles/new", {"title": "T", "text": "Some text."}, **hostile))
    assert db.exec(select(func.count()).select_from(Article)).one() == 1
    db.rollback()  # end the read, so the app's next write is not kept waiting
    assert_refused(post_form("/logout", **hostile))
    assert client.get("/").status_code == 200  # still signed in: the refused sign-out did nothing
    # and the same requests for the trusted host redirect to paths on this site, never to a host
    created = post_form("/articles/new", {"title": "T", "text": "Some text."})
    assert created.status_code == 302 and created.headers["Location"].startswith("/articles/")
    signed_out = post_form("/logout")
    assert signed_out.status_code == 302 and signed_out.headers["Location"].startswith("/login")


def test_signing_in_through_a_hostile_host_is_refused(client, db, team):
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").get_data(as_text=True))
    as_hostile(client)
    form = {"username": "reviewer", "password": "correct horse battery", "csrf_token": token.group(1)}
    assert_refused(client.post("/login?next=/queue", data=form, headers={"Host": HOSTILE}))
    signed_in = client.post("/login?next=/queue", data=form)
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/queue"


def test_the_api_refuses_a_hostile_host(api, published):
    article, _claim = published
    viewer = api("viewer")
    hostile = {"headers": {"Host": HOSTILE}}
    assert_refused(viewer.get(f"/api/v1/articles/{article.id}/claimreview", **hostile), api=True)
    assert_refused(viewer.get("/api/v1/export/verdicts.csv", **hostile), api=True)
    assert_refused(viewer.get("/api/v1/export/evidence.csv", **hostile), api=True)


@pytest.mark.parametrize("host", MALFORMED)
def test_malformed_hosts_are_refused(client, host):
    assert_refused(client.get("/login", environ_overrides={"HTTP_HOST": host}))
    assert_refused(client.get("/api/v1/openapi.json", environ_overrides={"HTTP_HOST": host}), api=True)


def test_claimreview_urls_start_with_the_public_url_whatever_the_trusted_host(client, api, published):
    article, claim = published
    expected = f"{PUBLIC}/report/{article.id}#claim-{claim.id}"
    for host in ("localhost", "127.0.0.1:8080", "[::1]:5000", "factcheck.example.org", "LOCALHOST"):
        headers = {"Host": host}
        desk = client.get("/claimreview.json", headers=headers)
        assert desk.status_code == 200 and [i["url"] for i in json.loads(desk.data)] == [expected]
        one = client.get(f"/articles/{article.id}/claimreview.json", headers=headers)
        assert [i["url"] for i in json.loads(one.data)] == [expected]
        from_api = api("viewer").get(f"/api/v1/articles/{article.id}/claimreview", headers=headers)
        assert [i["url"] for i in from_api.get_json()] == [expected]
        page = client.get(f"/report/{article.id}", headers=headers).get_data(as_text=True)
        assert f'<link rel="canonical" href="{PUBLIC}/report/{article.id}">' in page
        json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
        assert [i["url"] for i in json.loads(json_ld)] == [expected]


def test_public_url_keeps_a_path_prefix_and_works_outside_a_request(app):
    prefixed = configured_app(app, PUBLIC_URL="https://News.example/fact-check/")
    try:
        assert prefixed.config["PUBLIC_URL"] == "https://news.example/fact-check"
        with prefixed.app_context():
            url = public_url("reports.public_report", article_id=7, _anchor="claim-3")
        assert url == "https://news.example/fact-check/report/7#claim-3"
    finally:
        prefixed.extensions["factcheck_engine"].dispose()


def test_without_public_url_a_trusted_request_host_is_the_base(app, published):
    article, claim = published
    local = configured_app(app)  # no PUBLIC_URL: localhost, 127.0.0.1 and ::1 on any port
    try:
        client = local.test_client()
        for host in ("127.0.0.1:5000", "[::1]:8000", "localhost"):
            items = json.loads(client.get("/claimreview.json", headers={"Host": host}).data)
            assert items[0]["url"] == f"http://{host}/report/{article.id}#claim-{claim.id}"
        assert_refused(client.get("/claimreview.json", headers={"Host": HOSTILE}))
        assert_refused(client.get("/claimreview.json", headers={"Host": "factcheck.example.org"}))
    finally:
        local.extensions["factcheck_engine"].dispose()


def test_configured_trusted_hosts_replace_the_defaults(app):
    custom = configured_app(app, TRUSTED_HOSTS="desk.example.org, .newsroom.example")
    try:
        client = custom.test_client()
        for host in ("desk.example.org", "newsroom.example:8443", "fact.newsroom.example"):
            assert client.get("/login", headers={"Host": host}).status_code == 200, host
        for host in ("localhost", "example.org", "evilnewsroom.example", HOSTILE):
            assert client.get("/login", headers={"Host": host}).status_code == 400, host
    finally:
        custom.extensions["factcheck_engine"].dispose()


def test_behind_the_proxy_the_forwarded_host_is_checked(app, published):
    article, claim = published
    proxied = configured_app(app, BEHIND_PROXY=True)
    try:
        client = proxied.test_client()
        assert_refused(client.get("/claimreview.json", headers={"X-Forwarded-Host": HOSTILE}))
        assert_refused(client.get("/static/app.css", headers={"X-Forwarded-Host": "a b"}))
        forwarded = {"X-Forwarded-Host": "127.0.0.1:8443", "X-Forwarded-Proto": "https"}
        items = json.loads(client.get("/claimreview.json", headers=forwarded).data)
        assert items[0]["url"] == f"https://127.0.0.1:8443/report/{article.id}#claim-{claim.id}"
    finally:
        proxied.extensions["factcheck_engine"].dispose()


@pytest.mark.parametrize(
    "config",
    [
        {"PUBLIC_URL": "factcheck.example.org"},
        {"PUBLIC_URL": "ftp://factcheck.example.org"},
        {"PUBLIC_URL": "https://"},
        {"PUBLIC_URL": "https://factcheck.example.org/?x=1"},
        {"PUBLIC_URL": "https://fact check.example.org"},
        {"TRUSTED_HOSTS": "good.example, bad host"},
        {"TRUSTED_HOSTS": "x:99999999"},
    ],
)
def test_bad_settings_stop_the_app_at_start(app, config):
    with pytest.raises(ValueError, match="FACTCHECK_"):
        configured_app(app, **config)


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTCHECK_SECRET_KEY", "k")
    monkeypatch.setenv("FACTCHECK_PUBLIC_URL", PUBLIC)
    monkeypatch.setenv("FACTCHECK_TRUSTED_HOSTS", "desk.example.org,localhost")
    config = default_config(tmp_path)
    assert config["PUBLIC_URL"] == PUBLIC
    assert config["TRUSTED_HOSTS"] == "desk.example.org,localhost"


def test_host_names_are_compared_without_case_or_port():
    trusted = ("localhost", "::1", ".newsroom.example")
    assert host_name("LocalHost:5000") == "localhost" and host_name("[0:0::1]:80") == "::1"
    assert is_trusted("[::1]", trusted) and is_trusted("a.b.newsroom.example:1", trusted)
    for bad in (None, "", "a b", "x:99999999", "[::g]", "localhost:65536", "localhost."):
        assert not is_trusted(bad, trusted), bad


def test_the_cli_export_uses_public_url_or_base_url_and_refuses_to_guess(app, runner, published, tmp_path):
    article, claim = published
    target = tmp_path / "cr.json"
    result = runner.invoke(args=["export-claimreview", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text("utf-8"))[0]["url"] == f"{PUBLIC}/report/{article.id}#claim-{claim.id}"
    result = runner.invoke(args=["export-claimreview", "--base-url", "https://other.example/x/"])
    assert json.loads(result.output)[0]["url"].startswith("https://other.example/x/report/")
    result = runner.invoke(args=["export-claimreview", "--base-url", "not a url"])
    assert result.exit_code != 0 and "--base-url must be" in result.output
    local = configured_app(app)
    try:
        result = local.test_cli_runner().invoke(args=["export-claimreview"])
        assert result.exit_code != 0 and "FACTCHECK_PUBLIC_URL" in result.output
    finally:
        local.extensions["factcheck_engine"].dispose()

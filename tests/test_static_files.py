"""Stylesheets and scripts under versioned URLs (factcheck/static_files.py): kept a year, renamed when changed."""

import hashlib
import re
from pathlib import Path

from factcheck.static_files import A_YEAR, Versions

STATIC = Path(__file__).resolve().parent.parent / "static"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def test_pages_name_their_stylesheets_and_scripts_by_content_digest(client, login, team):
    login(team["reviewer"])
    html = client.get("/queue").get_data(as_text=True)
    named = dict(re.findall(r'/static/([\w.]+)\?v=([0-9a-f]+)"', html))
    assert {"app.css", "app.js", "review.css", "review.js"} <= set(named)
    for filename, version in named.items():
        assert version == _digest(STATIC / filename), filename


def test_the_current_version_is_kept_a_year_and_any_other_is_asked_again(client):
    version = _digest(STATIC / "app.css")
    current = client.get(f"/static/app.css?v={version}")
    assert current.status_code == 200
    assert f"max-age={A_YEAR}" in current.headers["Cache-Control"]
    for url in ("/static/app.css", "/static/app.css?v=0123456789ab"):
        answer = client.get(url)
        assert answer.status_code == 200
        assert "max-age=31536000" not in answer.headers.get("Cache-Control", ""), url
        assert "no-cache" in answer.headers["Cache-Control"], url
        answer.close()
    current.close()


def test_a_changed_file_gets_a_new_version(tmp_path):
    (tmp_path / "app.css").write_text("body { color: black; }")
    versions = Versions(str(tmp_path))
    first = versions.of("app.css")
    assert first == _digest(tmp_path / "app.css")
    (tmp_path / "app.css").write_text("body { color: darkred; }")
    assert versions.of("app.css") not in (None, first)


def test_no_version_for_a_missing_file_or_a_path_outside_the_folder(tmp_path):
    (tmp_path / "inner").mkdir()
    (tmp_path / "secret.txt").write_text("not static")
    versions = Versions(str(tmp_path / "inner"))
    assert versions.of("missing.css") is None
    assert versions.of("../secret.txt") is None
    assert versions.of(None) is None

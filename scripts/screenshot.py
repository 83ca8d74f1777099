"""Regenerate docs/screenshot.png (the demo desk's claim screen), docs/public-report.png (the demo article's
public report as a signed-out reader sees it on a phone) and docs/phone-queue.png (a reviewer's queue on a
390x844 phone), in Debian's Chromium.

Usage: .venv/bin/python scripts/screenshot.py   (uses a throwaway instance folder; nothing is kept)
"""

import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    instance = tempfile.mkdtemp(prefix="factcheck-shot-")
    os.environ["FACTCHECK_INSTANCE_PATH"] = instance
    os.environ["FACTCHECK_DATABASE_URL"] = f"sqlite:///{instance}/demo.sqlite"
    from playwright.sync_api import sync_playwright
    from sqlmodel import Session
    from werkzeug.serving import make_server

    from factcheck import create_app
    from factcheck.cli import init_database
    from factcheck.services import demo

    app = create_app()
    init_database(app)
    with Session(app.extensions["factcheck_engine"]) as session:
        seeded = demo.seed_demo(session, hash_method="scrypt:1024:8:1")
        passwords = seeded.created_passwords
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/login")
        page.fill("input[name=username]", "reviewer")
        page.fill("input[name=password]", passwords["reviewer"])
        page.click("button[type=submit]")
        page.goto(f"{base}/articles/1")
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
        reader = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        reader.goto(f"{base}/report/{seeded.article_id}")
        reader.screenshot(path=str(ROOT / "docs" / "public-report.png"))
        phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2).new_page()
        phone.goto(f"{base}/login")
        phone.fill("input[name=username]", "reviewer")
        phone.fill("input[name=password]", passwords["reviewer"])
        phone.click("button[type=submit]")
        phone.goto(f"{base}/queue")
        phone.screenshot(path=str(ROOT / "docs" / "phone-queue.png"))
        browser.close()
    server.shutdown()
    print("wrote docs/screenshot.png, docs/public-report.png and docs/phone-queue.png")


if __name__ == "__main__":
    main()

"""Demo data: the sample article, a demo team and a few claims, so a new desk has something to open."""

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from ..models import Article, User
from . import articles, claims, users

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
DEMO_TEAM = [
    ("admin", "Desk Admin", "admin"),
    ("editor", "Elena Editor", "editor"),
    ("reviewer", "Rami Reviewer", "reviewer"),
    ("viewer", "Vera Viewer", "viewer"),
]


@dataclass
class SeedResult:
    created_passwords: dict[str, str]  # username -> one-time password, only for accounts made now
    article_id: int | None


def seed_demo(session: Session, *, hash_method: str) -> SeedResult:
    """Load the demo team and the sample article with a few claims. Idempotent: a second run adds nothing."""
    passwords: dict[str, str] = {}
    for username, name, role in DEMO_TEAM:
        if session.exec(select(User).where(User.username == username)).first() is None:
            password = secrets.token_urlsafe(12)
            users.create_user(
                session,
                username=username,
                password=password,
                role=role,
                display_name=name,
                hash_method=hash_method,
            )
            passwords[username] = password
    gold = json.loads((DEMO_DIR / "sample_article.gold.json").read_text(encoding="utf-8"))
    text = (DEMO_DIR / "sample_article.txt").read_text(encoding="utf-8")
    existing = session.exec(select(Article).where(Article.title == gold["title"])).first()
    if existing is not None:
        return SeedResult(passwords, existing.id)
    reviewer = users.get_user(session, username="reviewer")
    article = articles.create_article(
        session,
        title=gold["title"],
        text=text,
        outlet="Daily Sabah",
        actor=reviewer,
    )
    # A handful of the gold annotation's atomic claims, anchored to their sentences.
    for sentence in [s for s in gold["sentences"] if s["atomic_claims"]][:4]:
        claims.create_claim(
            session,
            article_id=article.id,
            text=sentence["atomic_claims"][0],
            start=sentence["start"],
            end=sentence["end"],
            claimant=sentence["claimant"],
            actor=reviewer,
        )
    return SeedResult(passwords, article.id)

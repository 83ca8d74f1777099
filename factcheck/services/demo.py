"""Demo data: the sample article, a demo team and a few claims, so a new desk has something to open."""

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from ..models import Article, User
from . import articles, claims, evidence, sources, users, workflow

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
    made = [
        claims.create_claim(
            session,
            article_id=article.id,
            text=sentence["atomic_claims"][0],
            start=sentence["start"],
            end=sentence["end"],
            claimant=sentence["claimant"],
            actor=reviewer,
        )
        for sentence in [s for s in gold["sentences"] if s["atomic_claims"]][:6]
    ]
    _demo_workflow(session, made, reviewer=reviewer, editor=users.get_user(session, username="editor"))
    return SeedResult(passwords, article.id)


def _demo_workflow(session: Session, made: list, *, reviewer: User, editor: User) -> None:
    """Walk two claims through the workflow so the queue, the claim screen and the public report
    have something to show: one verdict waiting for an editor, one published."""
    report = sources.create_source(
        session,
        actor=reviewer,
        title="Final report of the Panel of Experts on Libya established pursuant to resolution 1973 (2011)",
        publisher="United Nations Security Council",
        kind="un_report",
        document_symbol="S/2021/229",
        reliability="A",
        notes="Demo data: the quoted passages attached to demo claims are illustrative. "
        "Check the document itself before relying on them.",
    )
    # made[1]: Russia recruiting in eastern Syria; made[3]: "some 15 fighters ... have agreed" (one anonymous source)
    in_review, published = made[1], made[3]
    for claim, rating, rationale in (
        (
            published,
            "unproven",
            "Demo verdict. The only source is a security source quoted anonymously by a local outlet; "
            "no document we could find names the recruits or the delegate.",
        ),
        (
            in_review,
            "mostly-true",
            "Demo verdict. UN reporting documents foreign fighters in Libya; the article's figures "
            "could not all be matched.",
        ),
    ):
        workflow.take(session, claim_id=claim.id, actor=reviewer)
        if rating != "unproven":
            evidence.add_evidence(
                session,
                claim_id=claim.id,
                source_id=report.id,
                stance="supports",
                quote="(illustrative) The Panel documented foreign fighters deployed to Libya.",
                locator="summary",
                actor=reviewer,
            )
        workflow.propose(session, claim_id=claim.id, rating=rating, rationale=rationale, actor=reviewer)
    workflow.approve(session, claim_id=published.id, actor=editor)

"""Shortcuts the suggestion tests share: the last sentence's suggestion, and the atomic claims' texts."""

from factcheck.services.splitting import suggest_claims
from factcheck.services.suggestions.atomic import atomic_claims


def last_suggestion(text: str):
    """The suggestion for the last sentence of `text` (the earlier ones give it context)."""
    return suggest_claims(text)[-1]


def atomic_texts(sentence: str, earlier: str = "", claimant: str | None = None) -> list[str]:
    """The texts of the atomic claims suggested for `sentence`, read after `earlier`."""
    return [claim.text for claim in atomic_claims(sentence, len(earlier), earlier, claimant)]

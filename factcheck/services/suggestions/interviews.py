"""Find who answers in an interview section ("Q: ... / A: ...").

An answer line belongs to the interviewee: the person an introduction names ("The following exchange with the
minister has been edited", "In an interview with Dr. Jane Roe, ...") or, without one, the article's main
speaker, the person it quotes most. Never to a name that only turns up inside a question ("Q: Critics say
...").
"""

from __future__ import annotations

import re
from collections import Counter

from .references import Mention

_INTRO = re.compile(
    r"\b(?:exchange|interview|conversation|q\s*&\s*a|discussion|talk|sit-down|transcript)s?\s+with\s+"
    r"((?:the|a|an|our)\s+[\w’'-]+(?:\s+[\w’'-]+)?|(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]+)",
    re.IGNORECASE,
)

_AUXILIARIES = {
    "has",
    "have",
    "had",
    "was",
    "were",
    "are",
    "been",
    "will",
    "which",
    "that",
    "who",
    "below",
    "follows",
}


def interviewee_named(sentence: str, history: list[Mention]) -> str | None:
    """The person an interview introduction in ``sentence`` names, resolved against earlier claimants."""
    match = _INTRO.search(sentence)
    if not match:
        return None
    phrase = match.group(1).strip()
    role = re.fullmatch(r"(?i:the|a|an|our)\s+(.+)", phrase)
    if role:  # "the minister": the person quoted earlier with that role
        words = [w for w in role.group(1).lower().split() if len(w) > 2 and w not in _AUXILIARIES]
        for mention in reversed(history):
            described = f"{mention.phrase} {mention.resolved}".lower().split()
            if mention.was_claimant and mention.is_person and any(w in described for w in words):
                return mention.resolved
        return None
    surname = phrase.split()[-1]
    for mention in reversed(history):
        if mention.was_claimant and mention.is_person and mention.resolved.split()[-1] == surname:
            return mention.resolved
    return phrase if len(phrase.split()) > 1 else None


def main_speaker(history: list[Mention]) -> str | None:
    """The person quoted most often so far (the latest of those tied), or None when no person was quoted."""
    people = [m.resolved for m in history if m.was_claimant and m.is_person]
    if not people:
        return None
    counts = Counter(people)
    best = max(counts.values())
    return next(name for name in reversed(people) if counts[name] == best)

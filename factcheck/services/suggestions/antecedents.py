"""Find the latest company or named group an article has mentioned, for "the company" and "the group".

A back-reference in news copy ("the company said", "the group says", "a company spokesperson") points at the
latest body of that kind named in the text before it, whether or not that body has spoken yet. A company is
known by a corporate suffix or an industry word in its name ("X Inc.", "X Semiconductor"), by its shares
("shares of X", "X shares") or by a descriptor before its name ("chipmaker X"); a group by a collective noun
after a name ("Houthi rebels", "the Wagner Group").
"""

from __future__ import annotations

import re

from .patterns import COMPANY_NOUNS, COURTESY_TITLE, DATE_WORDS

_NAME = r"[A-Z][\w&’'.-]*(?:\s+[A-Z][\w&’'.-]*){0,3}"
_SUFFIXES = (
    r"Inc|Corp|Corporation|Co|Ltd|LLC|plc|PLC|AG|SA|GmbH|NV|SE|SpA|Holdings|Semiconductors?|Technolog(?:y|ies)|"
    r"Systems|Motors|Airlines|Airways|Pharmaceuticals|Energy|Electronics|Industries|Software|Networks|Labs|"
    r"Foods|Brands|Telecom|Communications|Logistics|Shipping|Petroleum|Mining|Motor|Rail|Railways?|Ferries|Grid|"
    r"Utilities|Water\s+Services"
)
_COMPANY_NAMES = [
    re.compile(rf"\b({_NAME})\s+(?:{_SUFFIXES})\b\.?"),
    re.compile(rf"\b(?i:shares|stock|shareholders|investors)\s+(?:of|in)\s+({_NAME})"),
    re.compile(rf"\b({_NAME})(?:[’']s)?\s+(?:shares|stock|share\s+price)\b"),
    re.compile(rf"\b(?:{COMPANY_NOUNS})\s+({_NAME})"),
]
_GROUP_NOUNS = (
    r"rebels|militants|insurgents|fighters|militias?|movement|group|organi[sz]ation|alliance|faction|"
    r"coalition|brigades?|front"
)
_GROUP_NAMES = re.compile(rf"\b({_NAME})\s+(?:{_GROUP_NOUNS})\b", re.IGNORECASE)
_LEADING = {"The", "A", "An", "In", "On", "At", "Since", "After", "But", "And", "Shares", "Its", "Their"}


def _tidy(name: str) -> str | None:
    words = name.split()
    while words and (words[0] in _LEADING or words[0].endswith(("’s", "'s")) or words[0] in DATE_WORDS):
        words.pop(0)
    return " ".join(words) or None


def _latest(patterns: list[re.Pattern], earlier: str, whole: bool = False) -> str | None:
    best: tuple[int, str] | None = None
    for pattern in patterns:
        for match in pattern.finditer(earlier):
            name = _tidy(match.group(0) if whole else match.group(1))
            if name and name[:1].isupper() and (best is None or match.start() >= best[0]):
                best = (match.start(), name)
    return best[1] if best else None


def latest_company(earlier: str) -> str | None:
    """The company named last in ``earlier`` ("Shares of Lumex Robotics Inc fell" -> "Lumex Robotics")."""
    return _latest(_COMPANY_NAMES, earlier)


def latest_group(earlier: str) -> str | None:
    """The group named last in ``earlier``, with its collective noun ("Yemen’s Zaydi rebels" -> "Zaydi rebels")."""
    best = None
    for match in _GROUP_NAMES.finditer(earlier):
        if not match.group(1)[:1].isupper() or not re.search(r"\b[A-Z]", match.group(1)):
            continue
        best = _tidy(match.group(0)) or best
    return best


# A person as the subject opening a sentence: "Opposition spokesperson Declan Moore visited ...", "Ms. Roe met
# ...": optional lowercase or capitalised descriptors, a name of two or three capitalised words, then a verb.
_TITLES = rf"{COURTESY_TITLE}\s+"
_SUBJECT_PERSON = re.compile(
    rf"^[\"“‘]?(?:[A-Z][a-z]+\s+)?(?:[a-z][\w-]*\s+){{0,3}}((?:{_TITLES})?[A-Z][a-z][\w’'-]*(?:\s+[A-Z][a-z][\w’'-]*){{1,2}})"
    r"(?:,[^,]{1,80},)?\s+(?:has\s+|had\s+|was\s+|is\s+|also\s+)?(?:[a-z]{3,}ed|went|met|told|took|made|gave|won|"
    r"lost|left|came|spoke|wrote|said|called|urged)\b"
)


def subject_person(sentence: str) -> str | None:
    """The person named as the subject opening ``sentence`` (with titles), or None."""
    match = _SUBJECT_PERSON.match(sentence.lstrip())
    if not match:
        return None
    name = match.group(1)
    words = re.sub(_TITLES, "", name).split()
    if any(w in DATE_WORDS or w in _LEADING for w in words):
        return None
    return name

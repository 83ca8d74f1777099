"""Resolve a claimant that points back to an earlier mention in the article.

He/she take the latest person quoted and it/they the latest claimant, a surname the full name given earlier,
and a definite back-reference ("according to the source", "the report said", "the company said") the earlier
mention it points to. A titled surname ("Ms. Marsh") takes the full name given anywhere earlier in the
article; "the ministry" the latest named ministry or department seen, claimant or not; "the statement" the
body said to have issued one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .antecedents import latest_company, latest_group
from .attribution import is_capitalised, is_descriptor
from .patterns import COURTESY_TITLE, OPENERS, PERSON_TITLES

_PRONOUNS = {"it", "he", "she", "they", "we", "i", "you"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_COMPANY_NOUNS = (
    r"company|companies|firm|corporation|conglomerate|wholesaler|retailer|chain|\w*maker|\w*builder|manufacturer|"
    r"producer|supplier|lender|insurer|airline|carrier|operator|developer|start-?up|giant|brewer|miner|"
    r"utility|exporter|importer|distributor|group"
)
_COMPANY = re.compile(
    rf"\b(?:{_COMPANY_NOUNS})\b|\b(?:Inc|Corp|Co|Ltd|LLC|plc|PLC|AG|SA|GmbH|NV|SE|SpA|Holdings)\b\.?",
)
# "a company spokesperson", "the company’s spokesman": a role of the company named last.
_COMPANY_ROLE = re.compile(
    r"([Aa]n?|[Tt]he)\s+(?:company|firm)(?:[’']s)?\s+(spokes(?:person|man|woman)|official|representative|"
    r"executive|source|statement)"
)
_GROUP_HEADS = re.compile(r"group|militia|movement|organi[sz]ation|alliance|rebel|militant|insurgent|faction")
_ORGANISATION = re.compile(
    r"\b(?:Office|Ministry|Department|Bank|Group|Agency|Organi[sz]ation|Programme|Program|Council|Court|"
    r"Forces|Army|Panel|Committee|Commission|Union|News|Times|Post|Service|Network|Foundation|Institute|"
    r"University|Party|Government|Association|Federation|Fund|Authority|Board|Bureau|Police|Statistics|"
    r"Research|Centre|Center|Project|Nations|House|Street|Project|Alliance|Coalition|Frontières|"
    r"Administration|Parliament|Assembly|Senate|Congress|Cabinet|Press|Media|Television|Radio)\b|"
    r"\b[A-Z]{2,}\b|[()]|^(?:the|a|an)\s|^[a-z]"
)
_TITLED_SURNAME = re.compile(rf"(?:{COURTESY_TITLE}\s+)?([A-Z][\w’'-]+)")
_NOT_GIVEN_NAMES = {
    "The", "A", "An", "In", "On", "At", "But", "And", "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor",
    "Sir", "Dame", "Lord", "Lady", "Judge", "Justice", "President", "Minister", "Mayor", "Senator",
    "Conservative", "Labour", "Liberal", "Democrat", "Republican", "Green", "Councillor", "Chancellor",
}  # fmt: skip
# What a definite "the <head>" may refer back to, by the kind of body.
BODY_KINDS = {
    "ministry": "ministry|department", "department": "department|ministry", "commission": "commission",
    "agency": "agency", "council": "council", "court": "court|tribunal", "tribunal": "tribunal|court",
    "committee": "committee", "panel": "panel", "authority": "authority", "regulator": "regulator|authority",
    "office": "office", "board": "board", "bureau": "bureau", "inquiry": "inquiry", "institute": "institute",
    "university": "university", "police": "police", "force": "police|force", "government": "government",
}  # fmt: skip
_BODY_WORDS = (
    r"Ministry|Department|Commission|Agency|Council|Court|Tribunal|Committee|Panel|Authority|Office|Board|"
    r"Bureau|Inquiry|Institute|University|Police|Service|Regulator|Government|Parliament|Assembly|Senate|"
    r"Congress|Bank|Fund|Foundation|Association|Federation|Union|Organi[sz]ation|Programme|Program"
)
_CAPITAL = r"[A-Z][\w’'.&-]*"
# A named institution: capitalised words (with of/for/and/on/the between them) holding a kind of body.
_BODY_NAME = re.compile(
    rf"(?:{_CAPITAL}\s+(?:(?:of|for|and|on|the|&)\s+)*)*(?:{_BODY_WORDS})(?:\s+(?:(?:of|for|and|on|the|&)\s+)*"
    rf"{_CAPITAL})*"
)
_BODY_IN_TEXT = re.compile(
    rf"(?<![\w’'])(?:{_CAPITAL}\s+(?:(?:of|for|and|on|the|&)\s+)*)*(?:{_BODY_WORDS})\b(?:\s+(?:(?:of|for|and|on|"
    rf"the|&)\s+)*{_CAPITAL})*"
)


def bodies(sentence: str) -> list[str]:
    """Named institutions in ``sentence``, without a leading possessive ("Britain’s") or article."""
    found = []
    for match in _BODY_IN_TEXT.finditer(sentence):
        # A full stop after a whole word ("Buildings.", not "St." or "U.K.") ends a sentence: a run of capitals
        # across it holds two names.
        for piece in re.split(r"(?<=[a-z]{3})\.\s+", match.group()):
            words = piece.split()
            while words and (words[0].endswith(("’s", "'s")) or words[0] in {"The", "A", "An"}):
                words.pop(0)
            while words and words[-1] in {"of", "for", "and", "on", "the", "&"}:
                words.pop()
            if words and _BODY_NAME.fullmatch(" ".join(words)):
                found.append(" ".join(words))
    return found


@dataclass(frozen=True)
class Mention:
    """An earlier claimant or cited source: as written, as resolved, and the sentence it came from."""

    raw: str
    resolved: str
    was_claimant: bool
    phrase: str
    context: str
    body: bool = False  # a named institution merely seen in the text, not a claimant or cited source

    @cached_property
    def is_company(self) -> bool:
        """Named with a corporate suffix or noun ("X Inc.", "chipmaker X"), or introduced by another
        descriptor that is not a person's title ("shipbuilder X")."""
        if _COMPANY.search(self.phrase) or _COMPANY.search(self.resolved):
            return True
        words = self.phrase.split()
        named = self.resolved.split()
        before = words[-len(named) - 1] if named and len(words) > len(named) else ""
        return is_descriptor(before) and before.lower() not in PERSON_TITLES

    @cached_property
    def is_body(self) -> bool:
        """A named institution seen in the text ("Britain’s Department of Health ... welcomed ...")."""
        return self.body or bool(_BODY_NAME.fullmatch(self.resolved))

    @cached_property
    def is_person(self) -> bool:
        """Looks like a person's name: one to five capitalised words, not a company or organisation."""
        name = self.resolved
        words = name.split()
        if self.is_company or _ORGANISATION.search(name) or not words or len(words) > 5:
            return False
        if not all(is_capitalised(w) or w.lower() in {"al", "bin", "de", "van", "von", "da"} for w in words):
            return False
        if len(words) > 1:
            return True
        # One word: a surname, unless it only looks like a name because it opens the sentence.
        return not self.context.lstrip(OPENERS).startswith(name)


def _full_name(surname: str, history: list[Mention], earlier: str) -> str | None:
    """The full name ending in ``surname``: the latest such claimant, else the latest such name in the text."""
    for mention in reversed(history):
        if mention.was_claimant and mention.resolved.endswith(f" {surname}") and mention.is_person:
            return mention.resolved
    for found in reversed(
        list(re.finditer(rf"((?:[A-Z][\w’'-]+\s+){{1,3}}){re.escape(surname)}\b", earlier))
    ):
        given: list[str] = []
        for word in reversed(found.group(1).split()):
            if word.endswith(("’s", "'s")) or word in _NOT_GIVEN_NAMES:
                break
            given.insert(0, word)
        if given:
            return " ".join([*given, surname])
    return None


def _body_kind(head: str) -> re.Pattern | None:
    """The names a definite "the ministry" may refer back to (a ministry is often a Department), or None."""
    kinds = BODY_KINDS.get(head)
    return re.compile(rf"\b(?:{kinds})\b", re.IGNORECASE) if kinds else None


def resolve(claimant: str, history: list[Mention], earlier: str = "") -> str:
    """Pronouns take the latest named claimant (he/she: the latest person); a surname, bare or after a title
    ("Ms. Marsh"), the full name given earlier in the article; "the source" the latest source.

    A definite back-reference ("the report", "the company", "the ministry") takes the latest mention it names
    (a ministry: the latest named ministry or department), else the latest claimant introduced as one
    ("chipmaker X", "X Inc.") or said to have published one ("in its report", "in a statement").
    """
    lowered = claimant.lower()
    role = _COMPANY_ROLE.fullmatch(claimant)
    if role:  # "a company spokesperson": the spokesperson of the company named last
        named = [m for m in reversed(history) if m.was_claimant and m.is_company and m.resolved[:1].isupper()]
        company = named[0].resolved if named else latest_company(earlier)
        return f"{role.group(1)} {company} {role.group(2)}" if company else claimant
    if lowered in _PRONOUNS:
        named = [m for m in reversed(history) if m.was_claimant and m.resolved.lower() not in _PRONOUNS]
        if lowered in _PERSON_PRONOUNS:
            named = [m for m in named if m.is_person] or named
        return named[0].resolved if named else claimant
    surname = _TITLED_SURNAME.fullmatch(claimant)
    if surname:  # a surname takes the full name given earlier
        return _full_name(surname.group(1), history, earlier) or claimant
    definite = re.fullmatch(r"the\s+(?:[a-z-]+\s+)?([a-z-]+)", lowered)
    if not definite:
        return claimant
    head = definite.group(1).rstrip("s")
    plain = bool(re.fullmatch(r"[Tt]he\s+[a-z\s-]+", claimant))
    kind = _body_kind(head) if plain else None
    if kind:  # "the ministry": the latest named body of that kind, else the phrase itself
        for mention in reversed(history):
            named_body = mention.resolved[:1].isupper() and not re.match(
                r"(?:The|An?)\s+[a-z]", mention.resolved
            )
            if mention.raw.lower() != lowered and named_body and kind.search(mention.resolved):
                return mention.resolved
        # "The three-member commission": a compound modifier says what it is like, not which one it is.
        return re.sub(r"^([Tt]he)\s+[a-z]+-[a-z-]+\s+", r"\1 ", claimant)
    if plain and _GROUP_HEADS.fullmatch(head):  # "the group says": the group named last
        group = latest_group(earlier)
        if group:
            return group
    named = re.compile(rf"\b{re.escape(head)}s?\b", re.IGNORECASE)
    for mention in reversed(history):
        if mention.raw.lower() != lowered and named.search(mention.raw) and (plain or not mention.body):
            return mention.resolved
    claimants = [m for m in reversed(history) if m.was_claimant and m.raw.lower() != lowered]
    if re.fullmatch(_COMPANY_NOUNS, head):
        for mention in claimants:
            if mention.is_company:
                return mention.resolved
        company = latest_company(earlier)
        if company:
            return company
    # "a report by X", "in its report", or X "reported": the document comes from X.
    published = re.compile(
        rf"\b(?i:its|their|his|her|a|an|new|latest)\s+(?:[\w-]+\s+)?{re.escape(head)}\b|\b{re.escape(head)}ed\b"
    )
    # A body that spoke before one merely named beside it: "The Warm Homes Programme will ..., the ministry said
    # in a statement": the statement is the ministry's, not the programme's.
    earlier_mentions = [m for m in reversed(history) if m.raw.lower() != lowered]
    issuers = [m for m in earlier_mentions if m.was_claimant] + [
        m for m in earlier_mentions if not m.was_claimant and m.is_body
    ]
    for mention in issuers:
        if published.search(mention.context):
            return mention.resolved
    return claimant

"""Tidy the noun phrase before a reporting verb into the subject that speaks.

News copy wraps a speaker in asides that are not the speaker: an age in apposition ("Maria Fenton, 52,
a tourist, said"), an affiliation after a titled name ("Det. Insp. Sarah Whitlock of the Met’s Westminster
unit said"), a place before a descriptor ("the San Jose, California-based company said"), a subordinate clause
before the real subject ("a week after a report by The Information said"), and a relative pronoun (", which
Bloomberg News reported, ..."). ``attribution`` calls these on the phrase it found; none imports it back.
"""

from __future__ import annotations

import re

from .patterns import COURTESY_TITLE

# An age or other bare number in apposition: "Ana Berg, 45,", "John Smith, aged 34,".
AGE = re.compile(r"(?:aged\s+)?\d{1,3}")
_TRAILING_AGE = re.compile(r",\s*(?:aged\s+)?\d{1,3}\s*$")
# Courtesy and rank titles, abbreviated or not, that may stand before a name.
_TITLE = COURTESY_TITLE
# "<titles> <Name> of|at|from <affiliation>": the person, without the affiliation.
_NAME_WITH_AFFILIATION = re.compile(
    rf"((?:{_TITLE}\s+)*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{1,3}})\s+(?:of|at|from|with)\s+\S.*"
)
# Kinds of body: a phrase ending in one is an organisation's name, not a person's ("Bank of England").
_BODY_HEADS = re.compile(
    r"\b(?:Bank|Office|Ministry|Department|Agency|Council|Court|Committee|Commission|Union|Institute|"
    r"University|Party|Association|Federation|Fund|Authority|Board|Bureau|Police|Service|Foundation|"
    r"Centre|Center|School|College|Group|Club|Society|Trust|Watch|Forces|Army|Navy)$"
)
# "the San Jose, California-based company": the place goes, the kind of body stays.
_BASED = re.compile(r"^(?:[A-Z][\w.’'-]*\s+)*[A-Z][\w.’'-]*-based\s+(?:[a-z][\w-]*\s+){0,2}([a-z][\w-]*)$")
_THE_PLACE = re.compile(r"\b[Tt]he\s+(?:[A-Z][\w.’'-]*\s*)+$")
_THE_BASED = re.compile(r"^([Tt]he)\s+(?:[A-Z][\w.’'-]*\s+)*[\w.’'-]+-based\s+")
# A subordinate clause before the subject: "a week after a report by X said", "as the ministry said".
_SUBORDINATOR = re.compile(
    r"\b(?:after|before|since|when|as|because|while|following|amid|until|once|where)\s+", re.IGNORECASE
)
_RELATIVE = re.compile(r"^(?:which|that|as|what)\s+(?=(?:the\s+)?[A-Z])")
# "by the coalition’s own count", "by X’s estimate": the source of a figure.
OWN_COUNT = re.compile(
    r"\b(?:by|on)\s+((?:the\s+)?(?:[A-Z][\w.&-]*\s+){0,4}?[\w.&-]+)[’']s?\s+(?:own\s+)?(?:count|tally|"
    r"estimates?|calculations?|reckoning|figures|numbers|account|records?)\b"
)
# A line introducing a list: "<Subject> list|outline|identify ... :".
LIST_INTRO = re.compile(
    r"^(?P<subject>(?:[A-Z][\w’'.-]*|[a-z][\w’'-]*)(?:\s+[\w’'.-]+){0,5}?)\s+(?:lists?|listed|outlines?|"
    r"outlined|identif(?:y|ies|ied)|offers?|offered|recommends?|recommended|proposes?|proposed|suggests?|"
    r"suggested|sets?\s+out|names?|named|gives?|gave|cites?|cited|describes?|described)\b[^:]*:\s*$"
)


def without_age(head: str) -> str:
    """``head`` without an age in apposition at its end ("Maria Fenton, 52" -> "Maria Fenton")."""
    return _TRAILING_AGE.sub("", head)


def without_affiliation(chunk: str) -> str:
    """A titled person's name without the affiliation after it; anything else unchanged."""
    match = _NAME_WITH_AFFILIATION.fullmatch(chunk.strip())
    if not match or _BODY_HEADS.search(match.group(1)):
        return chunk
    return match.group(1)


def based_descriptor(chunk: str, before_comma: str) -> str | None:
    """ "the <kind>" for "the San Jose, California-based company" cut at its comma, else None."""
    match = _BASED.match(chunk.strip())
    if match and _THE_PLACE.search(before_comma.rstrip()):
        return f"the {match.group(1)}"
    return None


def without_place(phrase: str) -> str:
    """ "the Paris-based lender" -> "the lender": where a body sits does not name it."""
    return _THE_BASED.sub(r"\1 ", phrase)


def subordinate_tail(chunk: str) -> str | None:
    """The subject after the last subordinator of ``chunk`` ("a week after a report by X" -> "a report by X"),
    when it names someone."""
    found = list(_SUBORDINATOR.finditer(chunk))
    tail = chunk[found[-1].end() :] if found else ""
    # Only a named source or a document by one: "after the chipmaker reported a loss" is an event.
    return tail if re.search(r"\b[A-Z]", tail) else None


def without_relative(chunk: str) -> str:
    """ "which Bloomberg News" -> "Bloomberg News": the relative pronoun is not the speaker."""
    return _RELATIVE.sub("", chunk.strip())

"""Put names for the pronouns and short references that open an atomic claim.

A claim must stand alone, so "It", "They", "He", "She", "I", "We", "the company", "the agency", a possessive
("Its sales fell"), "The 22-year-old" or a bare surname opening it is replaced by the name it stands for, from
the text before the sentence: the speaker for the clause reported right after its attribution, the latest
company or named body for "it", the latest person for "he"/"she", the full name for a surname. ``antecedent``
finds the noun phrase a relative clause or an "including" list hangs on.
"""

from __future__ import annotations

import re
from functools import cache

from .antecedents import latest_company
from .patterns import COMPANY_NOUNS
from .references import BODY_KINDS, bodies

# A pronoun, or "the" and a noun for a company or a public body (the lists of ``patterns`` and ``references``).
_PRONOUN_SUBJECT = re.compile(
    rf"^(It|They|He|She|I|We|The\s+(?:{COMPANY_NOUNS}|{'|'.join(BODY_KINDS)}))\b(?!['’])"
)


def antecedent(before: str) -> str:
    """The noun phrase that ends ``before`` (a name run or a determiner phrase of a few words)."""
    name = re.search(
        # "The Union of Rail Drivers": of/for/and may join the capitalised words of one name.
        r"(?:\b(?:the|The)\s+)?(?:[A-Z][\w’'.&-]*\s+(?:(?:of|for|and|on|de|del)\s+(?=[A-Z]))?){0,4}[A-Z][\w’'.&-]*"
        r"(?:\s+\([A-Z]+\))?$",
        before.strip(),
    )
    if name and not name.group().startswith(("In ", "On ", "At ")):
        return name.group()
    words = before.split()
    taken: list[str] = []
    for word in reversed(words):
        if word.lower() in {"and", "or", "but", "that"} or word.endswith((",", ":", ";")) or len(taken) >= 8:
            break
        taken.insert(0, word)
    while taken and not (taken[0][:1].isupper() or taken[0].lower() in {"the", "a", "an"}):
        taken.pop(0)
    return " ".join(taken)


# Words naming a body, not a person: a pronoun "he"/"she" cannot stand for a speaker with one of them.
_NOT_A_PERSON = (
    r"\b(?:office|ministry|department|agency|company|government|council|spokes(?:man|woman|person)|statement|"
    r"police|union|court|board|group|team)\b"
)


def resolver(earlier: str, claimant: str | None, speaker: str | None = None):
    """A function putting names for a claim's opening pronoun or short reference. ``speaker`` is the claimant
    when the claim is the clause reported right after its attribution ("X said it expects ..."): there the
    pronoun that opens the clause, and a first person anywhere, stand for the speaker."""

    # Looked up only when a claim opens with a pronoun or reference: most claims do not.
    @cache
    def names() -> list[str]:
        return re.findall(r"\b([A-Z][a-z]+(?:\s+[A-Z][\w’'-]+){1,2})\b", earlier)

    @cache
    def company_named() -> str | None:
        company = latest_company(earlier)
        if company:  # with its corporate word: "Halden" -> "Halden Logistics"
            full = re.findall(rf"\b{re.escape(company)}(?:\s+[A-Z][\w&]*)*", earlier)
            company = full[-1] if full else company
        return company

    @cache
    def named_bodies() -> list[str]:
        return bodies(earlier)

    def speaker_for(word: str) -> str | None:
        """The speaker a pronoun stands for; he/she after a body that speaks ("Lindqvist's office said she
        would ...") stand for the person the body belongs to, else the latest person named."""
        if word not in {"he", "she"} or not re.search(_NOT_A_PERSON, speaker):
            return speaker
        owner = re.match(r"(.+?)[’']s\s", speaker)
        if owner:
            full = [p for p in names() if p.endswith(" " + owner.group(1))]
            # "for Syria Hanna Lindqvist": a run of capitals may take in a word before the name; keep two.
            return " ".join(full[-1].split()[-2:]) if full else owner.group(1)
        return names()[-1] if names() else None

    def resolve(text: str) -> str:
        # A possessive opening the claim ("Its sales fell", "Her lawyer said") stands for the same name as the
        # pronoun would: "Kessler Foods's sales fell".
        possessive = re.match(r"(Its|Their|His|Her)\s+(?=[a-z])", text)
        if possessive:
            pronoun = {"its": "It", "their": "They", "his": "He", "her": "She"}[possessive.group(1).lower()]
            named = resolve(f"{pronoun} {text[possessive.end() :]}")
            if not named.startswith(f"{pronoun} "):
                name = named[: len(named) - len(text[possessive.end() :]) - 1].rstrip()
                mark = "'" if name.endswith("s") else "'s"
                return f"{name}{mark} {text[possessive.end() :]}"
            return text
        match = _PRONOUN_SUBJECT.match(text)
        if match:
            word = match.group(1).lower()
            name = None
            if speaker and word in {"it", "they", "he", "she", "i", "we"}:
                name = speaker_for(word)
            elif word in {"i", "we"}:  # the first person is whoever the sentence is attributed to
                name = claimant
            elif word in {"he", "she"}:
                person = claimant if claimant and " " in claimant and claimant[:1].isupper() else None
                name = person or (names()[-1] if names() else None)
            elif re.fullmatch(rf"the\s+(?:{COMPANY_NOUNS})", word) and word.split()[-1] not in BODY_KINDS:
                name = company_named()
            elif word.startswith("the "):
                kind = word.split()[-1]
                # The kind heads the name ("Ministry of Health"), not a place named after it ("Government
                # Buildings").
                found = [
                    b
                    for b in named_bodies()
                    if re.search(rf"\b{kind}(?:\s+(?:of|for|on|and)\b.*)?$", b.lower()) and b.lower() != kind
                ]  # a bare "Government" names no more than "the government"
                name = found[-1] if found else None
            else:
                name = company_named() or (named_bodies()[-1] if named_bodies() else None)
            if name:
                return name + text[match.end() :]
        # "The 22-year-old" stands for the person the article named last.
        aged = re.match(r"The\s+\d{1,3}-year-old\b", text)
        if aged and names():
            return names()[-1] + text[aged.end() :]
        surname = re.match(r"([A-Z][a-z][\w’'-]+)\b(?=\s+[a-z])", text)
        # A capitalised word the article also writes in lowercase is a common noun ("Drivers"), no surname.
        if surname and not re.search(rf"\b{surname.group(1).lower()}\b", earlier):
            full = [p for p in names() if p.endswith(" " + surname.group(1))]
            if full:
                return full[-1] + text[surname.end() :]
        return text

    return resolve

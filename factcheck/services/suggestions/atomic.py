"""Cut a check-worthy sentence into atomic claims: standalone statements of one fact each.

Rules over a light grammar of news sentences, no parser:

- the attribution goes (it is the claimant's field; where it ends is ``reported``): a leading "X said (that)",
  "According to X,", "Figures compiled by X show that", "X disputed ..., saying", "X told <hearer>", and a
  trailing ", X said on Monday", ", according to X", ", citing ...";
- an "including ..." aside becomes its own claim ("<items> were among the <head> that <predicate>"), and leaves
  the main claim;
- a non-restrictive relative clause (", which ...", ", who ...") is a fact about the noun before it, in the
  statement or on the speaker: its own claim, "<noun> <clause>", and it leaves the main claim; so is a
  restrictive one telling a dated event ("a fire that broke out on Sunday has ...");
- an apposition after a name (", a <description>,", an identifying ", the <region's largest> ...,") is "<name>
  is <description>", and leaves the main claim, as do sentence adverbs and examples in commas;
- a coordinated predicate ("has destroyed 140 homes and forced 6,000 people to leave") gives one claim per
  verb, each with the shared subject (a closing deadline holds for each); a list of counted subjects ("420
  firefighters, nine helicopters and two planes were deployed") or objects ("hosted 90 clubs and 60 talks")
  one claim per item; "and that" opens a second reported clause;
- a past event in a closing time or cause clause ("... after a van struck the gates") is its own claim;
- after a closing attribution, a carried clause (", the office said, estimating that ...") and a coordinated one
  (", the operator said, and ticket offices will close ...") go on with the statement;
- a bare verb coordinated after a modal ("can book a court, or bring a guest") takes the modal; a modal
  relative clause on an indefinite object ("oppose a law that would cap ...") is what the object would do; a
  named holder of a place ("the Tolby militia-held Kem province") is a claim; a demand's clause with a bare verb
  ("demanded that the city freeze rents") stays a demand;
- a trailing supplement (``supplements``: "compared with ...", "up from ...", "12% more than ...", "the
  fastest rise since ...", ", saying ...", ", above the 2% target", ", up 8% from a year earlier", ", so that
  ...", ", with the steepest rises in ...", ", a figure the police have not confirmed", ", making X the ...",
  "of its budget of 300 million", a count of days closing a penalty for a gerund) is cut off and, where it
  states a second fact, rewritten as its own claim;
- a pronoun or short reference opening a claim ("It", "Its", "He", "the company", "The 22-year-old", a bare
  surname) is replaced by the name it stands for, from the text before the sentence (``pronouns``);
- a claim with nothing to check (no verb, a short quoted label, an opinion without a figure, a demonstrative
  standing for the clause before) is not suggested.

Words are never reworded beyond that: numbers, dates and hedges ("about", "at least", "probably") stay exactly as
written. Each claim carries the span of the article it rests on (``start``/``end``, end exclusive).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import (
    DATE_WORDS,
    OPENERS,
    REPORTING_VERB,
)
from .pronouns import antecedent, resolver
from .reported import reported_span
from .supplements import CARRIED_CLAUSE, TIME, supplements
from .vocabulary import OPINION, QUOTED_LABEL

_MAX_CLAIMS = 8
_LOOKBACK = 3000


@dataclass(frozen=True)
class AtomicClaim:
    """One standalone claim and the stretch of the article it rests on (``start``/``end``, end exclusive)."""

    text: str
    start: int
    end: int


# A finite verb opening a predicate: an auxiliary, a verb in the past, or a third-person present.
_AUXILIARY = (
    r"is|are|was|were|has|have|had|will|would|can|could|may|might|must|shall|should|did|does|do|remains?|"
    r"continues?|continued"
)
_IRREGULAR = (
    r"took|sent|went|came|began|fought|paid|won|lost|left|met|made|gave|held|led|fled|fell|rose|struck|shot|hit|"
    r"sold|bought|built|brought|caught|kept|seized|spent|grew|stood|found|saw|ran|put|cut|set|told|said|got|"
    r"lent|broke|drove|wrote|spoke|chose|flew|drew|threw|sank|hid|fed|sought|taught|withdrew|upheld|oversaw|"
    r"overtook|froze|stole|shook|rode|dealt|felt|heard|meant|bore|swore|tore|wore|became|forgot|forgave"
)
_PREDICATE_START = re.compile(
    rf"\b(?<![-’'])(?:(?:also|still|now|then|later|since|already|again)\s+)?(?:(?:{_AUXILIARY}|{_IRREGULAR})\b|[a-z]{{3,}}ed\b|"
    r"[a-z]{3,}(?<!ss)(?<!ous)(?<!is)s\b)"
)
_SUBJECT_STOP = re.compile(r"[;:“\"(]|,\s")
_LEAD = re.compile(
    r"^(?:(?:meanwhile|however|but|and|also|separately|still|yet|so|in addition|moreover|further)\b,?\s*)+",
    re.IGNORECASE,
)
# A list of names runs on through its commas ("including Kem, Tolby and Harlow,"): a comma before a capital is
# inside the list, and the aside does not close before "Tolby and Harlow".
_INCLUDING = re.compile(
    r",\s*including\s+((?:[^,;]|,\s+(?=[A-Z]))+?)\s*,(?!\s+[A-Z][^,;]*?\s+(?:and|or)\s+[A-Z])|"
    r"\s+including\s+((?:[^,.;]|,\s+(?=[A-Z]))+)(?=[,.;]|$)"
)
# A comma inside a number ("2,300") is no clause boundary.
_NO_COMMA = r"(?:[^,;]|,(?=\d{3}\b))"
_LIST_RUN = re.compile(
    r"\s*((?:[\w’'-]+(?:\s+[\w’'-]+){0,2},\s+)*[\w’'-]+(?:\s+[\w’'-]+){0,2},?\s+and\s+"
    r"[\w’'-]+(?:\s+[\w’'-]+){0,2}),"
)
_WHERE = re.compile(rf",\s*where\s+({_NO_COMMA}+?)(?:,(?!\d{{3}}\b)|(?=[.;]?$))")
_RELATIVE = re.compile(rf",\s*(which|who)\s+({_NO_COMMA}+?)(?:,(?!\d{{3}}\b)|(?=[.;]?$))")
# A description after a name: "a <noun> ...", or an identifying "the ..." (a superlative, an ordinal, a
# possessive, a place of business: "the bloc's largest economy", "the Paris-based insurer").
_APPOSITION = re.compile(
    r"((?:[A-Z][\w’'.&-]*\s+(?:(?:of|for|and|on|de|del|des|la)\s+(?=[A-Z]))?)*[A-Z][\w’'.&-]*(?:\s+\([A-Z]+\))?),\s+"
    r"(an?\s+(?!\d)[^,;“\"]{3,70}?|the\s+"
    r"(?=[^,;“\"]{0,40}?(?:\w[’']s\s|\b\w+est\b|\b(?:first|second|third|only|main|capital|largest|biggest)\b|"
    r"-based\b))[^,;“\"]{3,60}?),"
)
_ROLE_BEFORE_NAME = re.compile(
    r"(The\s+[a-z][\w’'-]*(?:\s+[a-z][\w-]*){0,2}(?:\s+(?:of|for|at)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}"
    r"(?:[A-Z][\w’'.&-]*\s*|(?:del|de|la|of|and|the)\s+(?=[A-Z]))+)?),\s+"
    r"((?:[A-Z][\w’'.-]*\s+){0,2}[A-Z][\w’'-]+),"
)
_DESCRIBED_WHO = re.compile(
    r"((?:[A-Z][\w’'.-]*\s+){1,2}[A-Z][\w’'-]+),(?:\s+\d{1,3},)?\s+an?\s+[^,;“”]{2,60}?\s+who\s+([^,;“”]+?)(?=[,.;]|$)"
)
# A sentence adverb set off by commas ("Exports, however, fell"), or an example or gloss ("a brisk pace, e.g.
# 100 steps a minute, was ..."): no part of any claim.
_ASIDE_ADVERB = re.compile(
    r",\s+(?:however|meanwhile|though|in\s+turn|for\s+its\s+part|for\s+their\s+part|moreover|"
    r"in\s+contrast|by\s+contrast|too|also|(?:e\.g\.|i\.e\.|such\s+as)\s+[^,;]+),(?=\s)"
    r"(?!\s+(?:which|who|whose|where)\b)",  # a relative clause after the example is about the example
    re.IGNORECASE,
)
# A verb of saying right after a name ends an apposition in the attribution: "X, a group, said".
_SPEECH_AFTER = re.compile(r"\s*(?:" + REPORTING_VERB.pattern + r")")
_COUNTED_ITEM = re.compile(
    r"^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|thousands)\b",
    re.IGNORECASE,
)


# A pointer into a document in brackets ("(para. 45)", "(paras. 47-52)", "(p. 12)"): where the claim is
# sourced, not part of it.
_POINTER = re.compile(
    r"\s*\((?:paras?|pp?|pages?|sections?|art|articles?|annex|chapter)\.?\s+[\w.,\s-]{1,20}\)"
)


def _sentence_case(text: str) -> str:
    text = _POINTER.sub("", text)
    text = " ".join(text.split()).strip(" ,;:—–-")
    text = _LEAD.sub("", text)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    text = re.sub(r"\s*,\s*(?=[.;]|$)", "", text).rstrip(" ,;:")
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    if text[-1] not in ".!?":
        text = text.rstrip(".") + "."
    return text


# A relative pronoun after a noun ("a fire that", not "and that" or a clause opening "That").
_RELATIVE_BEFORE = re.compile(r"\b(?!(?:and|but|or|so)\b)[\w’'-]+\s+(?:that|who|which)\s+$")


def _subject_split(clause: str) -> tuple[str, str] | None:
    """(subject, predicate) at the first finite verb after at least one word, when the subject has no comma."""
    # The verb of a relative clause in the subject ("A fire that broke out ... has destroyed") is not the
    # predicate's.
    matches = [
        m for m in _PREDICATE_START.finditer(clause) if not _RELATIVE_BEFORE.search(clause[: m.start()])
    ]
    # A word in -s may be a plural noun ("The recruits have"): prefer an auxiliary or a past form.
    firm = [m for m in matches if not re.fullmatch(r"[a-z]{3,}s", m.group().split()[-1])]
    for match in firm[:1] or matches[:1]:
        subject = clause[: match.start()].strip()
        items = _split_list(subject)
        counted_list = all(_COUNTED_ITEM.match(item) for item in items)
        # "food, alcohol and tobacco prices rose": a list of short nouns is one subject, its commas no clause.
        noun_list = " and " in subject and len(items) >= 2 and all(len(item.split()) <= 3 for item in items)
        if not subject or subject.lower() in {"the", "a", "an"}:
            return None
        if _SUBJECT_STOP.search(subject) and not (
            (counted_list or noun_list) and not re.search(r"[;:“\"(]", subject)
        ):
            return None
        if len(subject.split()) > (20 if re.search(r"\b(?:that|who|which)\b", subject) else 14):
            return None
        return subject, clause[match.start() :].strip()
    return None


def _split_list(phrase: str) -> list[str]:
    """ "A, B and C" -> [A, B, C]; one item when the phrase is no list."""
    parts = re.split(r",\s+(?:and\s+)?|\s+and\s+", phrase)
    return [p.strip() for p in parts if p.strip()]


# Irregular verbs whose past participle is their past form: "has closed 3 roads and cut power" -> "has cut".
_SAME_PARTICIPLE = (
    r"cut|put|set|hit|shut|spread|paid|sold|bought|built|brought|caught|kept|spent|found|lost|left|led|held|sent|"
    r"made|told|said|won|lent|fed|sought|taught|upheld|dealt|felt|heard|meant"
)


# After a modal, a bare verb coordinated by "and"/"or" with an object of its own ("can claim a refund, or use
# their ticket on another day") takes the modal too: one claim per verb. The word after the conjunction must be
# followed by a determiner, a particle or a number, so that "a refund or a voucher" stays one object.
_MODAL_VERBS = re.compile(
    r",?\s+(?:and|or)\s+(?=(?!(?:a|an|the|its|their|his|her|to|in|on|at|for|by|with|from|more|less|not|also)\b)"
    r"[a-z]{2,}\s+(?:a|an|the|its|their|his|her|our|your|up|out|off|\d)\b)"
)


def _modal_coordinated(predicate: str) -> list[str]:
    """ "can claim a refund, or use their ticket" -> ["can claim a refund", "can use their ticket"]."""
    modal = re.match(r"(?:can|could|may|might|will|would|must|should|shall)\s+(?:also\s+)?", predicate)
    if not modal:
        return [predicate]
    pieces = _MODAL_VERBS.split(predicate)
    return [pieces[0], *(modal.group() + piece for piece in pieces[1:])]


def _coordinated(subject: str, predicate: str) -> list[str]:
    """One predicate per coordinated verb: "has destroyed X and forced Y" -> ["has destroyed X", "forced Y"]."""
    if len(_modal_coordinated(predicate)) > 1:
        return _modal_coordinated(predicate)
    pieces = re.split(r",?\s+(?:and|but)\s+(?=(?:also\s+)?(?:[a-z]{3,}ed|" + _IRREGULAR + r"|has|have|had|is|was|"
                      r"were|are|will|did|does|could|would|can|may|might)\b)", predicate)  # fmt: skip
    if len(pieces) < 2:
        return [predicate]
    auxiliary = re.match(r"(?:has|have|had)\s+", pieces[0])
    out = [pieces[0]]
    for piece in pieces[1:]:
        if auxiliary and re.match(rf"(?:[a-z]{{3,}}ed|{_SAME_PARTICIPLE})\b", piece):
            piece = auxiliary.group() + piece
        out.append(piece)
    # A time closing the last of coordinated verbs holds for them all: "had burned 800 hectares and was 15%
    # contained by Tuesday" -> both by Tuesday; a verb with its own time keeps it.
    closing = _CLOSING_TIME.search(out[-1])
    if closing:
        out = [p if _ANY_TIME.search(p) else f"{p} {closing.group(1)}" for p in out[:-1]] + [out[-1]]
    return out


# A time phrase closing a clause ("by Tuesday morning", "on May 3", "in 2024", "last year"), and any time.
_ANY_TIME = re.compile(rf"{TIME.pattern}|\b(?:{'|'.join(DATE_WORDS)})\b")
# Only a deadline or a period distributes ("by Tuesday", "in 2024", "last year"); "on June 18" or "for June 18"
# after the last verb is often that verb's own date ("... and set a hearing for June 18").
_CLOSING_TIME = re.compile(
    rf"\s+((?=by\s|as\s+of\s|in\s+\d{{4}}|last\s|this\s)(?:{TIME.pattern}|as\s+of\s+\S+)"
    r"(?:\s+(?:morning|afternoon|evening|night))?)\.?$"
)
# A list of counted objects after one verb: "hosted 90 clubs and 60 talks" -> one claim per count. Each item
# needs a noun after its number ("between 10 and 15 people" is one range, not two counts).
_COUNTED = r"(?:\d[\d,.]*%?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}"
_COUNTED_OBJECTS = re.compile(
    rf"^((?:has\s+|have\s+|had\s+)?[a-z]{{3,}}(?:\s+(?:out|up|off|in))?\s+)({_COUNTED}(?:,\s+{_COUNTED})*,?\s+and\s+"
    rf"{_COUNTED})(\s+(?:{TIME.pattern}).*)?$"
)


def _counted_objects(predicate: str) -> list[str]:
    """ "hosted 90 clubs and 60 talks last year" -> ["hosted 90 clubs last year", "hosted 60 talks last year"]."""
    match = _COUNTED_OBJECTS.match(predicate.rstrip(". "))
    if not match or re.search(r"\b(?:between|from)\s+$", match.group(1)):
        return [predicate]
    items = re.split(r",\s+(?:and\s+)?|\s+and\s+(?=" + _COUNTED + ")", match.group(2))
    if len(items) < 2 or not all(re.fullmatch(_COUNTED, item) for item in items):
        return [predicate]
    return [f"{match.group(1)}{item}{match.group(3) or ''}" for item in items]


def _object_list(predicate: str) -> list[str]:
    """ "are supported by A, B, C and D" -> one predicate per name, when three or more names close it. Not after
    an adverb of proportion ("mostly to A, B and C"): that shares one whole among the names, no fact each."""
    match = re.search(r"\b(by|to|from|with|of)\s+((?:the\s+)?[A-Z][^,;]*(?:,\s+(?:the\s+)?[A-Z][^,;]*)+,?\s+and\s+"
                      r"(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)\.?$", predicate)  # fmt: skip
    if not match or re.search(r"\b(?:mostly|mainly|largely|chiefly|primarily|partly)\s+\w+\s+$",
                                  predicate[: match.start(2)]):  # fmt: skip
        return [predicate]
    items = _split_list(match.group(2))
    if len(items) < 3 or any(len(item.split()) > 5 for item in items):
        return [predicate]
    return [predicate[: match.start(2)] + item for item in items]


@dataclass(frozen=True)
class _Cut:
    """Where a conjunction (with any "that" after it) sits between two clauses."""

    lo: int
    hi: int

    def start(self) -> int:
        return self.lo

    def end(self) -> int:
        return self.hi


def _clauses(main: str) -> list[tuple[int, int]]:
    """Spans of the coordinated main clauses of ``main``: "A rose and B fell" -> two, each with its subject."""
    cuts = [0]
    for match in re.finditer(r",?\s+(?:and|but|while|whereas)\s+", main):
        right = main[match.end() :]
        # The subject may be a list of nouns with commas ("while food, alcohol and tobacco prices rose").
        split = _subject_split(re.split(r"[,;]\s", right)[0])
        listed = None if split else _subject_split(re.split(r";\s", right)[0])
        split = split or (listed if listed and re.search(r",.*\band\b", listed[0]) else None)
        # "said X had risen and that Y were wounded": the second reported clause, its "that" left out; not
        # "and that will keep prices high", where "that" is the subject.
        conjunction = re.match(r"that\s+", right)
        after = conjunction and _subject_split(re.split(r"[,;]\s", right[conjunction.end() :])[0])
        if after and split and split[0] == "that":
            pass
        elif after:
            split, right = after, right[conjunction.end() :]
            match = _Cut(match.start(), match.end() + conjunction.end())
        left = main[cuts[-1] : match.start()]  # a list of subjects ("A, B and C were sent") has no verb yet
        if not any(
            not re.fullmatch(r"[a-z]{3,}s", m.group().split()[-1]) for m in _PREDICATE_START.finditer(left)
        ):
            continue
        if re.search(r"\bbetween\s+\S+$", left):  # "between 200 and 300 houses": one range
            continue
        # "will close in 2027 and move its jobs": a bare verb after a modal is the same subject's.
        own = _subject_split(left)
        if own and len(_modal_coordinated(own[1] + main[match.start() :])) > 1:
            continue
        # "in Norway and Denmark who ...": a name with a relative clause after a name is a list of places or
        # people, not a new clause.
        if re.search(r"[A-Z][\w.]*$", left) and re.match(
            r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s+(?:who|which|that)\b", right
        ):
            continue
        # "launched 100 drone and missile attacks": a counted singular noun before "and" and a one-word subject
        # before a plural noun is one noun phrase with two modifiers, not two clauses.
        if (
            split
            and re.fullmatch(r"[a-z]+", split[0])
            and re.match(r"[a-z]{3,}s\b", split[1])
            and re.search(r"\b\d[\d,.]*\s+[a-z]+(?<!s)$", left)
        ):
            continue
        # "and 60 talks, and ...": a plural noun closing the phrase is no verb of a new clause.
        if split and re.fullmatch(r"[a-z]{3,}s", split[1].rstrip(".!?")):
            continue
        if split and len(split[0].split()) <= 6 and not re.match(r"(?:also\s+)?[a-z]{3,}ed\b", right):
            cuts += [match.start(), match.end()]
    cuts.append(len(main))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]


_PROPOSAL = re.compile(
    r"(.*?\b(?:a|an)\s+((?:[\w-]+\s+){0,3}?[\w-]+))\s+(?:that|which)\s+((?:would|will|could|might|may)\s+[a-z]+\b"
    r"[^,;]*?)\.?$"
)
_SUBORDINATE = re.compile(r"(?:,\s*|\s+)(after|when|before|since|because|until|once)\s+([^,;]+)")
_PRONOUNS = {"it", "they", "he", "she", "we", "i", "you", "this", "that"}


def _clause_claims(main: str, start: int, add) -> list[tuple[str, int, int]]:
    """Add the claims of one clause through ``add``; return the derived ones (asides) to add after."""
    end = start + len(main)
    removed: list[tuple[int, int]] = []
    extra: list[tuple[str, int, int]] = []
    subject_predicate = _subject_split(" ".join(re.sub(_INCLUDING, " ", main).split()))
    for match in _INCLUDING.finditer(main):
        items = match.group(1) or match.group(2)
        removed.append((match.start(), match.end()))
        if re.match(r"(?:in|on|at|among|for|from|to|by)\b", items):  # "including in Kem": a place, no member
            continue
        before = main[: match.start()].rstrip(" ,")
        about_subject = subject_predicate and (
            match.start() < len(subject_predicate[0]) + 2
            or re.search(r"\b(?:were|was|are|is)\s+\w+ed$", before)
        )
        if about_subject:
            head = re.sub(r"^(?:\W*(?:at\s+least|about|some|around|more\s+than|nearly|over)\s+)?[\d,.]+\s+", "",
                          subject_predicate[0], flags=re.IGNORECASE)  # fmt: skip
            head = re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.IGNORECASE)
            predicate = re.sub(_INCLUDING, "", subject_predicate[1]).strip(" ,.")
            extra.append((f"{items} were among the {head} that {predicate}", start, end))
        else:
            noun = antecedent(before)
            if noun:
                extra.append(
                    (f"{noun} include {items}", start + match.start() - len(noun) - 1, start + match.end())
                )
    # ", where a third of households rent," after a place: "<clause> in <place>", a fact of its own.
    for match in _WHERE.finditer(main):
        place = re.sub(r"^(?:In|At|On|in|at|on)\s+", "", antecedent(main[: match.start()]))
        if not (place[:1].isupper() or place.startswith("the ")) or not _subject_split(match.group(1)):
            continue
        removed.append((match.start(), match.end()))
        extra.append((f"{match.group(1)} in {place}", start + match.start(), start + match.end()))
    for match in _RELATIVE.finditer(main):
        noun = antecedent(main[: match.start()])
        if not noun or match.group(2).split()[0] in {"is", "was"} and len(match.group(2).split()) < 3:
            continue
        clause, close = match.group(2), match.end()
        # ", which include rents, insurance and meals, rose": the clause runs on through a list of short items.
        more = _LIST_RUN.match(main, match.end()) if main[match.end() - 1 : match.end()] == "," else None
        if more:
            clause, close = f"{clause}, {more.group(1)}", more.end()
        removed.append((match.start(), close))
        extra.append((f"{noun} {clause}", start + match.start() - len(noun), start + close))
    # A time or cause clause with its own subject and verb ("... after a van struck the gates", "since war broke
    # out in 2023") is a fact of its own, and leaves the main claim. Not after a pronoun subject, which would
    # have to be resolved inside the sentence.
    for match in _SUBORDINATE.finditer(main):
        split = _subject_split(match.group(2))
        if not split or len(split[0].split()) > 8 or split[0].lower() in _PRONOUNS or match.start() < 12:
            continue
        # Only a clause closing the sentence, of some length ("after the data were published" says little),
        # whose subject is a noun phrase, not a year or a coordination ("since 2019 but had ...").
        if main[match.end() :].strip(" .") or len(match.group(2).split()) < 5:
            continue
        if re.search(r"\b(?:and|but|or)\b", split[0]) or re.fullmatch(r"\d{4}", split[0]):
            continue
        # A noun phrase opens the subject ("a lorry", "Police", "3 men"), not a gerund or a bare verb ("after
        # discovering that it ...", "since withdraw after ...").
        if not re.match(
            r"(?:the|a|an|its|their|his|her|some|many|most|[A-Z0-9]|[a-z][\w-]*\s+[A-Z])", split[0]
        ):
            continue
        if any(lo <= match.start() < hi or match.start() <= lo < match.end() for lo, hi in removed):
            continue
        if not re.match(rf"(?:had\s+|was\s+|were\s+)?(?:{_IRREGULAR}|[a-z]{{3,}}ed)\b", split[1]):
            continue  # an event in the past: "after a van struck", not "when prices are high"
        removed.append((match.start(), match.end()))
        extra.append((match.group(2), start + match.start(2), start + match.end(2)))
    kept = main
    for lo, hi in sorted(removed, reverse=True):
        kept = kept[:lo] + " " + kept[hi:]
    kept = " ".join(kept.split())
    # "object to a new roster that would add two shifts": a restrictive relative clause with a modal on an
    # indefinite object closing the clause says what the object would do, a fact of its own ("The new roster
    # would add two shifts"); the main claim keeps the object. The clause must not run into a second verb.
    proposal = _PROPOSAL.match(kept)
    if proposal and len(proposal.group(1).split()) > len(proposal.group(2).split()) + 2:
        if not re.search(r"\b(?:was|were|is|are|has|have|had)\b", proposal.group(3)):
            kept = proposal.group(1)
            extra.append((f"The {proposal.group(2)} {proposal.group(3)}", start, end))
    split = _subject_split(kept)
    if split:
        subject, predicate = split
        # A restrictive relative clause telling an event ("A fire that broke out on Sunday has ...") is a fact
        # of its own; the main claim keeps the head noun. Not after a pronoun head ("those who voted").
        relative = re.match(rf"(.+?)\s+(?:that|who|which)\s+((?:{_IRREGULAR}|[a-z]{{3,}}ed)\b.+)$", subject)
        # Only a clause with its own time tells an event; "adults who walked 6,000 steps" defines a class.
        if (
            relative
            and _ANY_TIME.search(relative.group(2))
            and len(relative.group(2).split()) >= 3
            and not re.search(
                r"\b(?:those|anyone|everyone|people|all|one|some|many|most)$",
                relative.group(1),
                re.IGNORECASE,
            )
        ):
            extra.append((f"{relative.group(1)} {relative.group(2)}", start, end))
            subject = relative.group(1)
        # "object to a new roster that would add two shifts": a restrictive relative clause with a modal on an
        # indefinite object closing the clause says what the object would do, a fact of its own ("The new roster
        # would add two shifts"); the main claim keeps the object.
        subjects = _split_list(subject)
        if len(subjects) > 1 and not all(_COUNTED_ITEM.match(s) for s in subjects):
            subjects = [subject]
        for one in subjects:
            for piece in _coordinated(subject, predicate):
                for spread in _object_list(piece):
                    for counted in _counted_objects(spread):
                        add(f"{one} {counted}", start, end)
    elif kept:
        add(kept, start, end)
    return extra


def _checkable(claim: str) -> bool:
    """Whether ``claim`` states something to check: it has a verb, and is no quoted label or opinion ("The cut
    was “worse than feared”", "X called it “a farce”")."""
    # "Are the two streets behind it." (from "and so are ..."): an inverted fragment, no statement.
    if re.match(r"(?:Are|Is|Was|Were|Do|Does|Did|Has|Have|Had|So)\b", claim):
        return False
    if re.search(r"\d", claim):
        return True
    # "Across the border.": a phrase of place or time cut off a sentence, no clause.
    if len(claim.split()) <= 5 and re.match(
        r"(?:Across|Along|Beyond|Inside|Outside|Elsewhere|Meanwhile|In|On|At)\b", claim
    ):
        return False
    if not _PREDICATE_START.search(claim[:1].lower() + claim[1:]) and not re.search(r"\b(?:is|are)\b", claim):
        return False
    label = QUOTED_LABEL.search(claim)
    # A short quoted label closing the claim is a characterisation; a longer quote inside a claim may be a fact.
    if label and len(label.group().split()) <= 6 and not re.search(r"\w", claim[label.end() :]):
        return False
    return not OPINION.search(claim)


_AFTER_ATTRIBUTION = re.compile(r",\s+((?:[\w’'.-]+\s+){0,5}?[\w’'.-]+),?\s+and\s+([^,;]+)$")
# A singular noun for one person: the subject a "he"/"she" after it may stand for.
_PERSON_NOUN = re.compile(
    r"^(?:One|A|An|The)\s+(?:[\w-]+\s+)?(?:man|woman|boy|girl|child|firefighter|officer|worker|driver|passenger|"
    r"patient|victim|suspect|pilot|nurse|doctor|soldier|teacher|student|resident|player|climber|swimmer)$"
)


_HELD = re.compile(
    r"((?:[A-Z][\w’'-]*\s+)*[\w/]+)-(held|controlled|run|occupied)\s+"
    r"((?:[A-Z][\w’'-]*\s+)*[A-Z][\w’'-]*(?:\s+(?:province|region|city|town|area|territory|district|port))?)"
)


# A person's name: two or three capitalised words, not opening with an article ("The Union").
_PERSON = re.compile(r"(?!(?:The|A|An)\s)[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2}")


def atomic_claims(
    sentence: str, offset: int, earlier: str = "", claimant: str | None = None
) -> list[AtomicClaim]:
    """The atomic claims of one sentence at ``offset`` of its article, ``earlier`` the article before it."""
    text = sentence.strip(OPENERS + "”’»")
    shift = offset + sentence.find(text) if text else offset
    start, end = reported_span(text)
    # "X demanded that the government request aid": a demand's clause (its verb bare, the subjunctive) is what X
    # wants, not a fact; the claim is the demand, attribution and all.
    demand = re.search(r"\b(?:demand(?:s|ed)?|propos(?:es|ed)|recommend(?:s|ed)?)\s+that\s+$", text[:start])
    finite = rf"\b(?:{_AUXILIARY}|{_IRREGULAR})\b|\b[a-z]{{3,}}ed\b"
    if demand and not re.search(finite, text[start:end]):
        start = 0
    # The clause reported right after "X said (that)" speaks of X in its pronouns.
    speaker = claimant if start and re.search(r"\b(?:that|said|says|told)\s*$", text[:start]) else None
    # Names are looked for in the few paragraphs before the sentence: enough for a reference, and linear time.
    resolve = resolver(earlier[-_LOOKBACK:], claimant, speaker)
    claims: list[AtomicClaim] = []

    quoted = bool(re.search(r"[“”\"]", sentence)) and not speaker  # a claim out of a direct quote

    def add(words: str, lo: int, hi: int) -> None:
        words = _LEAD.sub("", words.strip())
        words = (
            words[:1].upper() + words[1:] if speaker else words
        )  # "said it expects": the clause opens in lowercase
        # Inside a quote, "it" and "they" point into the quote, not to the latest company or body: such a
        # claim cannot stand alone, and is left to the reviewer.
        if quoted and re.match(r"(?:It|They)\b(?!['’])", words):
            return
        # A demonstrative standing for the clause before ("That will keep prices high") cannot stand alone.
        # "This is not the first time ..." opens an existential statement and stays.
        if re.match(r"[Tt]h(?:at|is)\s+(?:will|would|could|may|might|means?|meant)\b", words):
            return
        # "“My whole street is gone,” said Ada Lind": in a quote of a named person, "my" is the speaker's.
        if quoted and claimant and _PERSON.fullmatch(claimant):
            words = re.sub(r"^[Mm]y\b", f"{claimant}’s", words)
        words = resolve(words)
        words = _sentence_case(words)
        if not _checkable(words):
            return
        if len(words.split()) >= 3 and all(c.text != words for c in claims):
            claims.append(AtomicClaim(words, shift + lo, shift + hi))

    # Appositions anywhere, the attribution included: "X, a Britain-based group, said" is a fact about X.
    blanked = []
    for match in _APPOSITION.finditer(text):
        name, description = match.group(1), match.group(2)
        opening = re.match(r"(?:In|On|At|By|For|From)\s+(?=[A-Z])", name)
        name = name[opening.end() :] if opening else name  # "In Germany, the bloc's largest economy, ..."
        if re.search(rf"\b(?:{_AUXILIARY})\b", description) or not name or name in {"The", "A", "An"}:
            continue
        if name.split()[-1].rstrip(".") in DATE_WORDS:  # "in September, the fastest rise": a ranking, no name
            continue
        add(f"{name} is {description}", match.start(1), match.end(2))
        blanked.append((match.end(1), match.end()))
    # The apposition and sentence adverbs leave the main claim: "Sea-Watch, a charity, disputed it" ->
    # "Sea-Watch disputed it". Blanked with spaces, so offsets into the sentence hold.
    blanked += [(m.start(), m.end()) for m in _ASIDE_ADVERB.finditer(text)]
    for lo, hi in blanked:
        if lo >= start:
            text = text[:lo] + " " * (hi - lo) + text[hi:]

    # A relative clause on the speaker ("X, who chairs the panel, said ...") is a fact about the speaker.
    for match in _RELATIVE.finditer(text[:start]):
        noun = antecedent(text[: match.start()])
        if noun and len(match.group(2).split()) >= 3:
            add(f"{noun} {match.group(2)}", match.start() - len(noun), match.end())
    # The speaker described by a role before the name ("The head of the Tarn Union, Ada Lind, said"): the name
    # holds the role. And "said Ada Lind, 52, a nurse who fled on Sunday": what the relative clause tells of her.
    role = _ROLE_BEFORE_NAME.match(text)
    # Not a role owned through a common noun ("The company's lawyer"): "X is the company's lawyer" needs the
    # company named.
    if role and role.end() <= max(start, 1) + 1 and not re.search(r"\b[a-z][\w-]*[’']s\b", role.group(1)):
        add(f"{role.group(2)} is {role.group(1)[:1].lower()}{role.group(1)[1:]}", role.start(), role.end(2))
    for match in _DESCRIBED_WHO.finditer(text):
        if len(match.group(2).split()) >= 3:
            add(f"{match.group(1)} {match.group(2)}", match.start(1), match.end(2))
    # "in the Tolby militia-held Kem province": who holds a named place is a fact of its own ("Kem province is
    # held by the Tolby militia"); the main claim keeps the adjective.
    for match in _HELD.finditer(text, start, end):
        if not re.search(r"[A-Z]", match.group(1)):  # "rebel-held": no holder named
            continue
        add(f"{match.group(3)} is {match.group(2)} by the {match.group(1)}", match.start(), match.end())
    main, stated = supplements(text[start:end], _subject_split)
    extra: list[tuple[str, int, int]] = [(words, start, end) for words in stated]
    # ", the institute said in a report, estimating that 3,000 homes were sold": a participle after a closing
    # attribution carries a second reported clause on from the speaker.
    carried = CARRIED_CLAUSE.search(text[end:].rstrip(" ."))
    if carried and end < len(text) and _subject_split(carried.group(1)):
        extra.append((carried.group(1), end + carried.start(1), end + carried.end(1)))
    # ", the officer said, and he is in stable condition": a clause coordinated after a closing attribution goes
    # on with the statement. Its "he"/"she" is the reported clause's subject when that is a person ("One
    # worker"), else left to the resolver.
    after = _AFTER_ATTRIBUTION.match(text[end:].rstrip(" ."))
    if after and _subject_split(after.group(2)) and REPORTING_VERB.search(after.group(1)):
        clause = after.group(2)
        own = _subject_split(main)
        person = own and _PERSON_NOUN.search(own[0])
        if person and re.match(r"(?:he|she)\b", clause):
            clause = own[0] + clause[clause.index(" ") :]
        extra.append((clause, end + after.start(2), end + after.end(2)))
    for lo, hi in _clauses(main):
        extra += _clause_claims(main[lo:hi], start + lo, add)
    for words, lo, hi in extra:
        add(words, lo, hi)
    return claims[:_MAX_CLAIMS]

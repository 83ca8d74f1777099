"""Find the claimant a sentence names itself, from the reporting patterns of wire copy.

"..., a report by X said", "X told Reuters", "said X", "said spokesperson X", "X, chief economist at Y,
said", "according to X", "X reported Saturday", "as reported by X", "figures show", "X has denied", with
"citing X" as a fallback. A labelling verb names its subject ("X called the plan “too little”"), and so does a
directive when it carries a figure or continues a statement ("It urged countries to protect 30% ..."); a bare
"reportedly" is put down to media reports. Descriptors are dropped ("local news outlet Naher" -> "Naher"); the name in
apposition to a role ("The returning officer, Mark Ellison, denied") is the subject; "In his view" names the
pronoun, for ``references`` to resolve.
"""

from __future__ import annotations

import re

from .patterns import (
    AMBIGUOUS_VERBS,
    CARRIED_SPEECH,
    DATE_WORDS,
    DAYS,
    DESCRIPTORS,
    DISPUTING_VERB,
    LABEL_OR_DIRECTIVE,
    MEDIA_REPORTS,
    OPENERS,
    PERSON_TITLES,
    REPORTEDLY,
    REPORTING_VERB,
    VALUATION,
)
from .subjects import (
    AGE,
    LIST_INTRO,
    OWN_COUNT,
    based_descriptor,
    subordinate_tail,
    without_affiliation,
    without_age,
    without_place,
    without_relative,
)

# "asked" reports speech only after a quote ("“…?” he asked"); otherwise it is a request.
_AFTER_QUOTE_VERBS = {"ask", "asks", "asked"}
# A reporting verb that cannot be a noun ("estimated", "said"; not "report", "claims").
_SPOKEN = re.compile(r"said|says|told|tells|wrote|writes|[a-z]\w*ed")  # lowercase: "Reed" is a name
_TOLD = {"tell", "tells", "told"}
_DIRECTIVE = re.compile(r"\s+(?:[a-z][\w’'-]*\s+){1,3}?to\s+[a-z]")
# A contrast between two clauses: the first clause's speaker is the sentence's ("Many believe X, but others
# argue Y").
_CONTRAST = re.compile(r"[,;]\s*(?:but|while|whereas|although|though|yet)\b")
_REPORTING_CONTINUES = re.compile(
    rf"\s*(?:that\b|no\s+(?:evidence|sign|signs|proof|indication|trace|record)\b|[,.;:!?”\"]|$|on\s|in\s+(?:an?|its|their|his|her)\s|last\s|(?:{'|'.join(DAYS.split())})\b)"
)
# A determiner or possessive (and at most one modifier with a digit or hyphen, or a plain adjective of
# documents) right before a word that is also a noun: "its report", "a 40-page report", "the annual report".
_NOUN_BEFORE = re.compile(
    r"\b(?:its|their|his|her|our|my|a|an|the|this|that|whose|\w+[’']s)\s+(?:(?:[\w-]*[\d-][\w-]*|annual|"
    r"latest|final|interim|full|draft|official|new|first|second|third|written|weekly|monthly|quarterly)\s+)?$",
    re.IGNORECASE,
)
# "In his view, ...": the opinion of the person the pronoun refers to.
_IN_VIEW = re.compile(
    r"^(?:In|To)\s+(his|her|their|its)\s+(?:own\s+)?(?:view|opinion|words|assessment|mind|judgement|judgment)\b"
)
_PASSIVE = re.compile(r"\b(?:as\s+)?(?:reported|stated|announced|claimed|said|confirmed)\s+by\s+([^,;:]+)")
_ACCORDING = re.compile(r"\baccording\s+to\s+([^,;:]+)", re.IGNORECASE)
_CITING = re.compile(r"\bciting\s+([^,;:]+)", re.IGNORECASE)
_BOUNDARY = re.compile(r"[,;:“”\"—–]|\s-\s")
_AFTER_DETERMINER = re.compile(r"\s+((?:the|an?|its|his|her|their)\s+[^,;:.”\"]{1,60}?)\s*(?:[,;:.]|$)")
_AFTER_NAME = re.compile(r"\s+((?:[A-Z][\w’'-]*\.?\s+)*[A-Z][\w’'-]*)")
# "said spokesperson Jane Doe", "said senior economist Li Wei": lowercase title words, then the name.
_AFTER_TITLE = re.compile(r"\s+((?:[a-z][\w’'-]*\s+){1,3})((?:[A-Z][\w’'-]*\.?\s+)*[A-Z][\w’'-]*)")
_NAME = re.compile(r"(?:[A-Z][\w’'-]*\.?\s+){0,3}[A-Z][\w’'-]+")
_APPOSITIVE = re.compile(r"\s*(?:(?:who|which|whose|the|an?|his|her|their|its|aged)\b|\d)", re.IGNORECASE)
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "its", "his", "her", "their"}
_BAD_END = _DETERMINERS | {"to", "of", "by", "for", "in", "on", "with", "and", "or", "but", "who", "which"}
_BAD_INSIDE = {
    "is", "was", "were", "are", "be", "been", "being", "will", "would", "can", "could", "did", "does",
    "do", "not", "what", "whether", "if", "when", "how", "why", "where", "who", "which", "that", "it's",
}  # fmt: skip
_FUNCTION_WORDS = _BAD_END | _BAD_INSIDE | {
    "at", "from", "into", "after", "before", "during", "since", "as", "about", "over", "under", "near",
    "late", "early", "later", "earlier", "also", "then", "again", "it", "he", "she", "they", "we", "i",
    "you", "there", "here", "last", "next", "this", "on", "off", "up", "down", "out", "via", "while",
}  # fmt: skip
_PREPOSITIONS = {"according", "to", "of", "in", "on", "at", "from", "with", "by", "for", "into", "under"}
_LEAD_WORDS = {"and", "but", "while", "meanwhile", "however", "also", "then", "yet", "so", "now", "as"}
_TRAIL_WORDS = {
    "also", "has", "have", "had", "previously", "later", "earlier", "further", "separately", "recently",
    "reportedly", "then", "first", "initially", "again", "once", "subsequently", "since",
}  # fmt: skip
_CUT = re.compile(
    r"\s+(?:who|which|that|whose|where|prepared|published|obtained|seen|released|written|issued|compiled|"
    r"gathered|provided|on|last|in a|in an|in its|in his|in her|in their)\b.*$"
)
_CARRIER = re.compile(
    r"^(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:report|statement|study|survey|article|investigation|analysis|"
    r"post|tweet|press release|document|letter|leak|assessment|review|interview|poll|audit|census)\s+"
    r"(?:by|from|of|in)\s+(.+)$",
    re.IGNORECASE,
)
# A possessive before a document or a set of figures: "the ministry's own data", "the office's quarterly
# bulletin": the owner is the source.
_OWNED = re.compile(
    r"^(.+?)[’']s?\s+(?:own\s+)?(?:[\w-]+\s+){0,3}?(?:data|figures|numbers|statistics|survey|report|study|"
    r"bulletin|count|tally|estimates?|records?|analysis|review|audit|poll|research|census|statement|"
    r"calculations?|findings|assessment)$",
    re.IGNORECASE,
)
# A partitive subject: "some of the residents", "one of its lawyers": the group they belong to.
_PARTITIVE = re.compile(
    r"^(?:some|many|most|several|one|two|three|four|five|a\s+few|few|a\s+number|dozens|hundreds|all|none|"
    r"each|both|half|a\s+majority|a\s+minority|a\s+third|a\s+quarter)\s+of\s+(?:the\s+)?(?=[\w])",
    re.IGNORECASE,
)
_INFO = re.compile(
    r"^(?:\w+\s+){0,2}?(?:information|data|figures|documents|reports|statements|records|statistics|numbers|"
    r"results|readings|sources?\s+close)\s+"
    r"(?:\w+\s+)?(?:from|by|of)\s+(.+)$",
    re.IGNORECASE,
)
_SOURCE_NOUNS = re.compile(
    r"\b(?:sources?|reports?|officials?|documents?|statements?|data|figures|agency|ministry|witness(?:es)?|"
    r"residents|media|spokes\w+|diplomats?|investigators?)\b",
    re.IGNORECASE,
)


def _carries_quote(sentence: str) -> bool:
    return any(ch in sentence for ch in '“”"«»')


def is_capitalised(token: str) -> bool:
    """Whether ``token``, without brackets and quotes, opens with a capital or a digit (a name, "2019")."""
    core = token.strip("()[]'\"’‘“”")
    return bool(core) and (core[0].isupper() or core[0].isdigit())


def _strip_edges(phrase: str) -> str:
    phrase = phrase.strip(" \t.,;:'\"“”‘’")
    if phrase.startswith("(") and ")" not in phrase:
        phrase = phrase[1:]
    if phrase.endswith(")") and phrase.count("(") < phrase.count(")"):
        phrase = phrase[:-1]
    return phrase.strip()


def is_descriptor(word: str) -> bool:
    """A lowercase noun introducing a name ("chipmaker X", "news outlet X"), not a function word ("of X")."""
    lowered = word.lower()
    return lowered in DESCRIPTORS or (
        word.islower() and bool(re.fullmatch(r"[a-z-]{3,}", word)) and lowered not in _FUNCTION_WORDS
    )


def _clean(phrase: str) -> str:
    """A claimant phrase without leading connectives, trailing adverbs, relative clauses or descriptors."""
    words = _strip_edges(phrase).split()
    while words and words[0].lower() in _LEAD_WORDS:
        words.pop(0)
    while words and (words[-1].lower() in _TRAIL_WORDS or _SPOKEN.fullmatch(words[-1])):
        words.pop()  # "The IMF estimated": the verb is not part of who speaks
    phrase = _PARTITIVE.sub("", without_place(" ".join(words)))
    for pattern in (_CARRIER, _INFO, _OWNED):
        match = pattern.match(phrase)
        if match:
            return _clean(match.group(1))
    words = _strip_edges(_CUT.sub("", phrase)).split()
    run = len(words)
    while run > 0 and is_capitalised(words[run - 1]):
        run -= 1
    if 0 < run < len(words) and is_descriptor(words[run - 1]):
        return " ".join(words[run:])
    return " ".join(words)


def _plausible_subject(chunk: str) -> bool:
    """Whether ``chunk`` reads as the subject of a reporting verb: short, no verb or clause inside it."""
    words = re.sub(r"\([^()]*\)", "", chunk).split()
    lowered = [w.lower().strip(".,'\"’") for w in words]
    while lowered and lowered[-1] in _TRAIL_WORDS:
        lowered.pop()
    # A document or data credited to its source runs longer: "Data compiled by the National Forest Office".
    limit = 14 if _INFO.match(chunk.strip()) or _CARRIER.match(chunk.strip()) else 8
    if not lowered or len(lowered) > limit or lowered[-1] in _BAD_END or AGE.fullmatch(chunk.strip()):
        return False
    if any(w in _BAD_INSIDE for w in lowered) or all(w in _DETERMINERS for w in lowered):
        return False
    if lowered[0] in _PREPOSITIONS:  # "according to the flash estimate": a noun, not a verb
        return False
    return not REPORTING_VERB.fullmatch(words[0])  # "said in its report": the verb of another clause


_DESCRIBED = re.compile(r"(?:An?|The)\s+[a-z]")
_THE_NAME = re.compile(r"(?:the\s+)?(?:[A-Z][\w’'.&-]*\s+)*[A-Z][\w’'.&-]*")
# A possessive pronoun before the source ("its council reported", "as its own accounts show"): the owner is the
# sentence's subject, the noun says which part of it speaks, a document none.
_POSSESSED = re.compile(r"(?:its|their)\s+(?:own\s+)?(.+)", re.IGNORECASE)
_DOCUMENT = re.compile(
    r"(?:[\w-]+\s+){0,2}(?:accounts|data|figures|numbers|statistics|report|records?|statement|website|survey|"
    r"study|bulletin|count|estimates?|analysis|review|audit|findings)"
)
_OPENING_SUBJECT = re.compile(
    r"(?:The|the)\s+[a-z][\w-]*(?=[\s,])|(?:(?:The|the)\s+)?(?:[A-Z][\w’'.&-]*\s+)*[A-Z][\w’'.&-]*(?=[\s,])"
)


def _owner(sentence: str, phrase: str) -> str:
    """``phrase`` with a possessive pronoun put as the sentence's subject: "its council" -> "Vellmar council"."""
    possessed = _POSSESSED.fullmatch(phrase.strip())
    subject = _OPENING_SUBJECT.match(sentence.lstrip(OPENERS))
    if not possessed or not subject or subject.group() in {"It", "They", "He", "She", "We", "I"}:
        return phrase
    if _DOCUMENT.fullmatch(possessed.group(1)):
        return subject.group()
    return f"{subject.group()} {possessed.group(1)}"


def _subject_before(sentence: str, at: int) -> str | None:
    """The noun phrase right before a reporting verb at ``at``, when it looks like a subject (uncleaned).

    Skips one appositive or relative clause and an age: "Ana Berg, 45, said", "The mayor, who took office in
    2019, said", "Li Wei, chief economist at Nordbank, said"; drops a titled name's affiliation, a relative
    pronoun and a subordinate clause before the subject ("a week after a report by X said").
    """
    before = sentence[:at]
    stripped = before.rstrip()
    if stripped.endswith(","):
        head, _comma, aside = stripped[:-1].rpartition(",")
        # "A residents' group from the estate, the Elm Park Tenants, said": the name in apposition to a
        # description is who speaks.
        if _DESCRIBED.match(head.strip()) and _THE_NAME.fullmatch(aside.strip()):
            return aside.strip()
        if head and (_APPOSITIVE.match(aside) or aside.lstrip()[:1].islower()):
            head = without_age(head)
            return _subject_before(head + " ", len(head) + 1)
        # "The council’s returning officer, Mark Ellison, said": the name in apposition to a role.
        described = _subject_before(head + " ", len(head) + 1) if head else None
        role = described and re.match(
            r"(?:the|a|an|its|their)\s+([a-z-]+)(?:\s+([a-z]+))?\b", described, re.I
        )
        role = bool(
            role and PERSON_TITLES & {role.group(1), role.group(2)}
        )  # "The president of X, Ana Ruiz, said"
        if described and _NAME.fullmatch(aside.strip()) and (described.split()[-1].islower() or role):
            return aside.strip()
        return None
    cuts = [m.end() for m in _BOUNDARY.finditer(before)]
    chunk = before[cuts[-1] if cuts else 0 :].strip()
    if cuts:
        kind = based_descriptor(chunk, before[: cuts[-1] - 1])
        if kind:
            return kind
    chunk = without_affiliation(without_relative(chunk))
    if _plausible_subject(chunk):
        return chunk
    tail = subordinate_tail(chunk)
    return tail if tail and _plausible_subject(tail) else None


def _subject_after(sentence: str, at: int) -> str | None:
    """The subject of an inverted "..., said Col. John Smith, a spokesman", "said the mayor" (uncleaned)."""
    after = sentence[at:]
    described = _AFTER_DETERMINER.match(after)
    words = described.group(1).lower().split() if described else []
    if described and len(words) <= 6 and not any(w in _BAD_INSIDE for w in words):
        return described.group(1)
    titled = _AFTER_TITLE.match(after)
    if titled and not any(w.lower() in _FUNCTION_WORDS for w in titled.group(1).split()):
        return titled.group(2)
    named = _AFTER_NAME.match(after)
    if not named or named.group(1) in DATE_WORDS:
        return None
    return named.group(1)


def _is_reporting(sentence: str, verb: re.Match) -> bool:
    word = verb.group()
    if sentence[verb.end() :].lstrip().startswith("by "):
        return False
    if word in AMBIGUOUS_VERBS and _NOUN_BEFORE.search(sentence, 0, verb.start()):
        return False  # "in its 112-page report on Monday": a noun
    if word in _TOLD and _DIRECTIVE.match(sentence, verb.end()):
        return False  # "told customers to plan for delays": an instruction, not a report
    if word in _AFTER_QUOTE_VERBS:
        return any(ch in sentence[: verb.start()] for ch in '”"')
    if VALUATION.match(sentence, verb.start()):
        return True  # "estimated the damage at 5 million": an estimate, its subject's
    return word not in AMBIGUOUS_VERBS or bool(_REPORTING_CONTINUES.match(sentence, verb.end()))


_FINITE_PAST = re.compile(r"\b[a-z]{3,}ed\b|\b[a-z]{3,}s\b")
# A reported clause after "saying", "and says": "that", or a finite verb ("only 40 had signed"); "adding days to
# voyages" has none and reports nothing.
_CLAUSE_FOLLOWS = re.compile(
    r"[^;]*?(?:\bthat\b|\b(?:is|are|was|were|had|has|have|would|will|could|can|did|does|do|must|might|may|"
    r"found|made|took|gave|kept|left|lost|paid|sold|told|won)\b|\b[a-z]{3,}ed\b|[“\"])"
)


def _carried_speaker(sentence: str) -> str | None:
    """The subject of a clause that goes on speaking, or of a valuation: "X disputed the figure, saying ...",
    "X rejects that account and says ...", "X estimated the damage at ...", "X put the toll far higher".

    The speaker is the subject of the first verb before the carried-on speech: a verb of disputing or of the
    lexicon when there is one, else the first verb in the past or third person with a plausible subject.
    """
    carried = CARRIED_SPEECH.search(sentence)
    verbs = []
    if carried and _CLAUSE_FOLLOWS.match(sentence, carried.end()):
        head = sentence[: carried.start()]
        verbs = [m.start() for m in DISPUTING_VERB.finditer(head)] + [
            m.start() for m in REPORTING_VERB.finditer(head)
        ]
        verbs = sorted(verbs) or [m.start() for m in _FINITE_PAST.finditer(head)]
    verbs += [m.start() for m in VALUATION.finditer(sentence)]
    for at in verbs:
        candidate = _subject_before(sentence, at)
        if candidate and _clean(candidate):
            return candidate
    return None


def direct_claimant(sentence: str) -> tuple[str | None, list[str], str | None]:
    """The claimant written in the sentence itself, the other sources it cites, and the claimant as written."""
    mentions = [_clean(m.group(1)) for m in _CITING.finditer(sentence)]
    according = [m.group(1) for m in _ACCORDING.finditer(sentence)]
    if according and _ACCORDING.match(sentence.lstrip(OPENERS)):
        return _clean(according[0]), mentions, according[0]
    view = _IN_VIEW.match(sentence.lstrip(OPENERS))
    if view:
        pronoun = {"his": "he", "her": "she", "their": "they", "its": "it"}[view.group(1)]
        return pronoun, mentions, pronoun
    found, found_at = None, 0
    for verb in REPORTING_VERB.finditer(sentence):
        if not _is_reporting(sentence, verb):
            continue
        candidate = _subject_before(sentence, verb.start())
        if candidate is None and sentence[: verb.start()].rstrip().endswith((",", "”", '"', "?", "!")):
            candidate = _subject_after(sentence, verb.end())
        if found and _CONTRAST.search(sentence, found_at, verb.start()) and not _carries_quote(sentence):
            break  # a contrasting second clause: the first clause's speaker stands
        if candidate and _clean(candidate):
            found, found_at = candidate, verb.end()
    if found and according:  # "..., according to X, though others believe Y": X, the first clause's source
        first = _ACCORDING.search(sentence)
        if _CONTRAST.search(sentence, first.end(), found_at):
            return _clean(according[0]), mentions, according[0]
    if found:
        if _POSSESSED.fullmatch(_clean(found)):
            found = _owner(sentence, _clean(found))
        return _clean(found), mentions, found
    carried = _carried_speaker(sentence)
    if carried:
        return _clean(carried), mentions, carried
    for verb in LABEL_OR_DIRECTIVE.finditer(sentence):
        candidate = _subject_before(sentence, verb.start())
        directive = not verb.group().startswith(("called", "branded", "dubbed", "label", "described"))
        directive = directive or bool(re.match(r"(?:called|calls)\s+(?:for|on)", verb.group()))
        # A bare appeal ("X urged donors to step up") attributes nothing; one carrying a figure or target, or
        # continuing a statement ("It urged countries to protect 30% ..."), attributes it.
        if (
            directive
            and candidate
            and not (re.search(r"\d", sentence) or candidate.lower() in {"it", "they"})
        ):
            continue
        if candidate and _clean(candidate):
            return _clean(candidate), mentions, candidate
    counted = OWN_COUNT.search(sentence)
    intro = LIST_INTRO.match(sentence.strip())
    if not according and (counted or intro):
        phrase = counted.group(1) if counted else intro.group("subject")
        return _clean(phrase), mentions, phrase
    passive = [m.group(1) for m in _PASSIVE.finditer(sentence)]
    if passive or according:
        phrase = (passive or according)[0]
        return _clean(phrase), mentions, phrase
    cited = [m for m in mentions if _SOURCE_NOUNS.search(m) or any(is_capitalised(w) for w in m.split())]
    if not cited and REPORTEDLY.search(sentence):
        return MEDIA_REPORTS, mentions, MEDIA_REPORTS
    return (cited[0] if cited else None), mentions, (cited[0] if cited else None)

"""Suggest the sentences of an article worth checking, and who the article attributes each one to.

Cutting. Every line of the article (headline, caption, credit, paragraph) is cut on its own, so a line break
always ends a segment. Inside a line, pysbd (a rule-based port of the Pragmatic Segmenter, no model to load,
tested on its "golden rules" for abbreviations, initials, amounts, quotes and ellipses) finds the sentence
boundaries. We place pysbd's sentences back onto the line ourselves with a left-to-right search instead of
using its ``char_span`` mode, which re-searches the whole text and can misplace repeated sentences; that keeps
offsets exact whatever the text holds (curly quotes, accents, dashes). Two cheap repairs then undo the cuts
news copy still trips on: after a title abbreviation ("Gen.", "Mr.") and before a lowercase word or digit.

Scoring. A sentence's check-worthiness is a sum of visible features, each one a line in ``reasons``: numbers,
amounts, dates, named actors, event verbs and attributions count for; opinions, predictions, questions, photo
credits, short fragments and headlines count against. ``score >= CHECK_WORTHY_THRESHOLD`` flags it.

Claimant. Reporting patterns of wire copy: "..., a report by X said", "X told Reuters", "said X",
"according to X", "X reported Saturday", "as reported by X", with "citing X" as a fallback. Descriptors are
dropped ("local news outlet Naher" -> "Naher"), pronouns ("it said") take the latest named claimant and a
definite back-reference ("according to the source") takes the earlier mention it points to. None when the
outlet asserts the sentence itself.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pysbd

CHECK_WORTHY_THRESHOLD = 0.5


@dataclass(frozen=True)
class Suggestion:
    """One segment of the article: ``text == article[start:end]`` (end exclusive)."""

    start: int
    end: int
    text: str
    score: float
    check_worthy: bool
    claimant: str | None
    reasons: tuple[str, ...] = ()


# --- cutting -------------------------------------------------------------------------------------------

_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_TITLE_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Gen Lt Col Maj Capt Cmdr Adm Brig Sgt Cpl Pvt Gov Sen Rep Rev Prof St Pres Supt Insp "
    "Amb Atty Hon Messrs No Nos Vol Fig Art Sec Ch Para approx incl esp vs cf ca nos".split()
)
_ENDS_WITH_TITLE = re.compile(r"(?:^|[\s(])([A-Za-z]{1,6})\.$")
_ENDS_WITH_DIGIT_DOT = re.compile(r"\d\.$")
_OPENERS = "\"'“‘([«"
_local = threading.local()


def _segmenter() -> pysbd.Segmenter:
    # pysbd keeps per-call state on the instance, so each thread gets its own.
    segmenter = getattr(_local, "segmenter", None)
    if segmenter is None:
        segmenter = _local.segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter


def _trim(line: str, start: int, end: int) -> tuple[int, int] | None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(stripped)


def _should_join(line: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    before = line[left[0] : left[1]]
    after = line[right[0] : right[1]].lstrip(_OPENERS)
    title = _ENDS_WITH_TITLE.search(before)
    if title and title.group(1) in _TITLE_ABBREVIATIONS:
        return True
    if after[:1].islower():
        return True
    return bool(_ENDS_WITH_DIGIT_DOT.search(before) and after[:1].isdigit())


def _cut_line(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(line):
        found = line.find(piece.strip(), cursor) if piece.strip() else -1
        if found < 0:
            continue
        # Text pysbd skipped over (it should not) is kept with the sentence that follows it.
        start = cursor if line[cursor:found].strip() else found
        span = _trim(line, start, found + len(piece.strip()))
        if span:
            spans.append(span)
        cursor = found + len(piece.strip())
    tail = _trim(line, cursor, len(line))
    if tail:
        spans.append(tail)
    joined: list[tuple[int, int]] = []
    for span in spans:
        if joined and _should_join(line, joined[-1], span):
            joined[-1] = (joined[-1][0], span[1])
        else:
            joined.append(span)
    return joined


def split_sentences(text: str) -> list[tuple[int, int, bool]]:
    """Cut ``text`` into (start, end, whole_line) spans: trimmed, in order, never across a line break."""
    result: list[tuple[int, int, bool]] = []
    for line in _LINE.finditer(text):
        spans = _cut_line(line.group())
        for start, end in spans:
            result.append((line.start() + start, line.start() + end, len(spans) == 1))
    return result


# --- scoring -------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_][\w’'./&-]*")
_MONTHS = "January February March April May June July August September October November December"
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
_DATE_WORDS = frozenset((_MONTHS + " " + _DAYS).split())
_DATE = re.compile(
    rf"\b(?:{'|'.join(_DATE_WORDS)})\b|\b(?:1[89]|20)\d\d\b|\byesterday\b|\b(?:last|earlier this|this)\s+"
    r"(?:week|month|year|spring|summer|autumn|fall|winter)\b"
)
_NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|dozen|dozens|million|millions|billion|half|quarter)\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(r"[$€£¥₺]|%|\b(?:million|billion|trillion|percent|per cent)\b", re.IGNORECASE)
_EVENT = re.compile(
    r"\b(?:has|have|had|was|were|been)\s+\w+|\b\w{3,}ed\b|\b(?:took|sent|told|went|came|began|fought|paid|"
    r"won|lost|left|met|made|gave|held|led|fled|fell|rose|struck|shot|hit|sold|bought|built|brought|"
    r"caught|kept|seized|signed|killed|supports?|provides?|controls?|holds?|owns?|employs?)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|guess|suspect)\b|\bin (?:my|our) (?:view|opinion)\b|"
    r"\b(?:should|ought to|must)\b|\b(?:terrible|disgraceful|shameful|wonderful|awesome|amazing|awful|"
    r"outrageous|ridiculous|absurd|brilliant|horrible|horrendous|pathetic|stupid|fantastic|beautiful|"
    r"ugly|disgusting|excellent|best|worst|nicest|greatest)\b",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\bwill\s+(?:likely|probably|surely|certainly)\b|\b(?:is|are|was|were)\s+(?:expected|likely|"
    r"poised|set|predicted|forecast)\s+to\b|\b(?:could|might|may)\s+(?:well\s+)?\w+|\bin the (?:coming|next)"
    r"\s+(?:days|weeks|months|years)\b"
)
_CREDIT = re.compile(
    r"\((?:[^()]{0,40}\b)?(?:photo|photograph|picture|image|video|file|illustration)s?\b[^()]{0,40}\)|"
    r"^(?:photo|photograph|picture|image|video|illustration)s?\s*(?:by\b|:|credit)|getty images|©|"
    r"\bphoto(?:graph)?\s*(?:by|credit)\b",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]»]*$")


def _named_actors(sentence: str) -> int:
    words = _WORD.findall(sentence)
    names = set()
    for index, word in enumerate(words):
        core = word.strip(".’'-")
        if not core or core in _DATE_WORDS or core == "I":
            continue
        uppers = sum(ch.isupper() for ch in core)
        if uppers >= 2 or (index > 0 and core[0].isupper()):
            names.add(core)
    return len(names)


def score_sentence(
    sentence: str, *, whole_line: bool = False, is_title: bool = False, attributed: bool = False
) -> tuple[float, tuple[str, ...]]:
    """Check-worthiness of one sentence in 0..1, with the features that made it, e.g. ``"+0.15 number"``.

    ``whole_line`` says the sentence is a line of its own (a headline or caption candidate), ``is_title``
    that it repeats the article's title, ``attributed`` that a claimant was found for it.
    """
    parts: list[tuple[float, str]] = [(0.25, "base")]
    words = len(_WORD.findall(sentence))
    terminal = bool(_TERMINAL.search(sentence))
    if terminal and words >= 6 and not sentence.rstrip("\"'”’)]»").endswith("?"):
        parts.append((0.15, "complete sentence"))
    actors = _named_actors(sentence)
    if actors:
        parts.append((0.25 if actors >= 2 else 0.15, "named actors"))
    if _NUMBER.search(sentence):
        parts.append((0.15, "number"))
    if _AMOUNT.search(sentence):
        parts.append((0.1, "amount"))
    if _DATE.search(sentence):
        parts.append((0.1, "date"))
    if _EVENT.search(sentence):
        parts.append((0.1, "event"))
    if attributed:
        parts.append((0.1, "attribution"))
    if _OPINION.search(sentence):
        parts.append((-0.35, "opinion"))
    if _PREDICTION.search(sentence):
        parts.append((-0.3, "prediction"))
    if sentence.rstrip("\"'”’)]»").endswith("?"):
        parts.append((-0.5, "question"))
    if _CREDIT.search(sentence):
        parts.append((-0.8, "photo credit"))
    if words < 5:
        parts.append((-0.3, "short fragment"))
    if whole_line and not terminal:
        parts.append((-0.35, "headline"))
    if is_title:
        parts.append((-0.5, "title"))
    score = round(min(1.0, max(0.0, sum(weight for weight, _ in parts))), 3)
    return score, tuple(f"{weight:+.2f} {name}" for weight, name in parts)


# --- claimant ------------------------------------------------------------------------------------------

_VERBS = (
    r"said|says|say|told|tells|reported|reports|stated|states|announced|announces|claimed|claims|added|"
    r"adds|noted|notes|wrote|writes|tweeted|posted|confirmed|confirms|alleged|alleges|insisted|explained|"
    r"warned|acknowledged|admitted|estimated"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
# Also nouns or plain actions ("insurance claims", "the firm added staff"): a reporting verb only when a
# reported clause or the end of one follows.
_AMBIGUOUS_VERBS = {"claims", "notes", "reports", "states", "added", "noted", "posted", "estimated", "adds"}
_REPORTING_CONTINUES = re.compile(
    rf"\s*(?:that\b|[,.;:!?”\"]|$|on\s|in\s+an?\s|last\s|(?:{'|'.join(_DAYS.split())})\b)"
)
_PASSIVE = re.compile(r"\b(?:as\s+)?(?:reported|stated|announced|claimed|said|confirmed)\s+by\s+([^,;:]+)")
_ACCORDING = re.compile(r"\baccording\s+to\s+([^,;:]+)", re.IGNORECASE)
_CITING = re.compile(r"\bciting\s+([^,;:]+)", re.IGNORECASE)
_BOUNDARY = re.compile(r"[,;:“”\"—–]|\s-\s")
_AFTER_DETERMINER = re.compile(r"\s+((?:the|an?|its|his|her|their)\s+[^,;:.”\"]{1,60}?)\s*(?:[,;:.]|$)")
_AFTER_NAME = re.compile(r"\s+((?:[A-Z][\w’'-]*\.?\s+)*[A-Z][\w’'-]*)")
_APPOSITIVE = re.compile(r"\s*(?:(?:who|which|whose|the|an?|his|her|their|its|aged)\b|\d)", re.IGNORECASE)
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "its", "his", "her", "their"}
_BAD_END = _DETERMINERS | {"to", "of", "by", "for", "in", "on", "with", "and", "or", "but", "who", "which"}
_BAD_INSIDE = {
    "is", "was", "were", "are", "be", "been", "being", "will", "would", "can", "could", "did", "does",
    "do", "not", "what", "whether", "if", "when", "how", "why", "where", "who", "which", "that", "it's",
}  # fmt: skip
_LEAD_WORDS = {"and", "but", "while", "meanwhile", "however", "also", "then", "yet", "so", "now", "as"}
_TRAIL_WORDS = {
    "also", "has", "have", "had", "previously", "later", "earlier", "further", "separately", "recently",
    "reportedly", "then", "first", "initially", "again", "once", "subsequently", "since",
}  # fmt: skip
_PRONOUNS = {"it", "he", "she", "they", "we", "i", "you"}
_CUT = re.compile(
    r"\s+(?:who|which|that|whose|where|prepared|published|obtained|seen|released|written|issued|compiled|"
    r"gathered|provided|on|last|in a|in an|in its|in his|in her|in their)\b.*$"
)
_CARRIER = re.compile(
    r"^(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:report|statement|study|survey|article|investigation|analysis|"
    r"post|tweet|press release|document|letter|leak|assessment|review|interview)\s+(?:by|from|of|in)\s+(.+)$",
    re.IGNORECASE,
)
_INFO = re.compile(
    r"^(?:\w+\s+){0,2}?(?:information|data|figures|documents|reports|statements|sources?\s+close)\s+"
    r"(?:\w+\s+)?(?:from|by|of)\s+(.+)$",
    re.IGNORECASE,
)
_DESCRIPTORS = {
    "outlet", "agency", "newspaper", "daily", "weekly", "channel", "broadcaster", "website", "site",
    "network", "station", "spokesman", "spokeswoman", "spokesperson", "official", "analyst", "researcher",
    "expert", "commander", "journalist", "reporter", "correspondent", "monitor", "group", "watchdog",
    "magazine", "paper", "tabloid", "television", "tv", "outlets", "organization", "organisation",
}  # fmt: skip
_SOURCE_NOUNS = re.compile(
    r"\b(?:sources?|reports?|officials?|documents?|statements?|data|figures|agency|ministry|witness(?:es)?|"
    r"residents|media|spokes\w+|diplomats?|investigators?)\b",
    re.IGNORECASE,
)


def _is_capitalised(token: str) -> bool:
    core = token.strip("()[]'\"’‘“”")
    return bool(core) and (core[0].isupper() or core[0].isdigit())


def _strip_edges(phrase: str) -> str:
    phrase = phrase.strip(" \t.,;:'\"“”‘’")
    if phrase.startswith("(") and ")" not in phrase:
        phrase = phrase[1:]
    if phrase.endswith(")") and phrase.count("(") < phrase.count(")"):
        phrase = phrase[:-1]
    return phrase.strip()


def _clean(phrase: str) -> str:
    """A claimant phrase without leading connectives, trailing adverbs, relative clauses or descriptors."""
    words = _strip_edges(phrase).split()
    while words and words[0].lower() in _LEAD_WORDS:
        words.pop(0)
    while words and words[-1].lower() in _TRAIL_WORDS:
        words.pop()
    phrase = " ".join(words)
    for pattern in (_CARRIER, _INFO):
        match = pattern.match(phrase)
        if match:
            return _clean(match.group(1))
    words = _strip_edges(_CUT.sub("", phrase)).split()
    run = len(words)
    while run > 0 and _is_capitalised(words[run - 1]):
        run -= 1
    if 0 < run < len(words) and words[run - 1].lower() in _DESCRIPTORS:
        return " ".join(words[run:])
    return " ".join(words)


def _subject_before(sentence: str, at: int) -> str | None:
    """The noun phrase right before a reporting verb at ``at``, when it looks like a subject.

    Skips one appositive or relative clause: "Ana Berg, 45, said", "The mayor, who took office in 2019, said".
    """
    before = sentence[:at]
    stripped = before.rstrip()
    if stripped.endswith(","):
        head, _comma, aside = stripped[:-1].rpartition(",")
        if head and _APPOSITIVE.match(aside):
            return _subject_before(head + " ", len(head) + 1)
        return None
    cuts = [m.end() for m in _BOUNDARY.finditer(before)]
    chunk = before[cuts[-1] if cuts else 0 :].strip()
    words = re.sub(r"\([^()]*\)", "", chunk).split()
    lowered = [w.lower().strip(".,'\"’") for w in words]
    while lowered and lowered[-1] in _TRAIL_WORDS:
        lowered.pop()
    if not lowered or len(lowered) > 8 or lowered[-1] in _BAD_END:
        return None
    if any(w in _BAD_INSIDE for w in lowered) or all(w in _DETERMINERS for w in lowered):
        return None
    return _clean(chunk) or None


def _subject_after(sentence: str, at: int) -> str | None:
    """The subject of an inverted "..., said Col. John Smith, a spokesman" or "..., said the mayor"."""
    after = sentence[at:]
    described = _AFTER_DETERMINER.match(after)
    words = described.group(1).lower().split() if described else []
    if described and len(words) <= 6 and not any(w in _BAD_INSIDE for w in words):
        return _clean(described.group(1)) or None
    named = _AFTER_NAME.match(after)
    if not named or named.group(1) in _DATE_WORDS:
        return None
    return _clean(named.group(1)) or None


def _direct_claimant(sentence: str) -> tuple[str | None, list[str]]:
    """The claimant written in the sentence itself, and the other sources it mentions (cited ones)."""
    mentions = [_clean(m.group(1)) for m in _CITING.finditer(sentence)]
    according = [_clean(m.group(1)) for m in _ACCORDING.finditer(sentence)]
    if according and _ACCORDING.match(sentence.lstrip(_OPENERS)):
        return according[0], mentions
    found = None
    for verb in _VERB.finditer(sentence):
        if sentence[verb.end() :].lstrip().startswith("by "):
            continue
        if verb.group() in _AMBIGUOUS_VERBS and not _REPORTING_CONTINUES.match(sentence, verb.end()):
            continue
        candidate = _subject_before(sentence, verb.start())
        if candidate is None and sentence[: verb.start()].rstrip().endswith((",", "”", '"')):
            candidate = _subject_after(sentence, verb.end())
        found = candidate or found
    if found:
        return found, mentions
    passive = [_clean(m.group(1)) for m in _PASSIVE.finditer(sentence)]
    if passive or according:
        return (passive or according)[0], mentions
    cited = [m for m in mentions if _SOURCE_NOUNS.search(m) or any(_is_capitalised(w) for w in m.split())]
    return (cited[0] if cited else None), mentions


def _resolve(claimant: str, history: list[tuple[str, str, bool]]) -> str:
    """Pronouns take the latest named claimant; "the source" takes the latest mention of a source.

    ``history`` holds (as written, resolved, was a claimant) for every earlier claimant and cited source.
    """
    lowered = claimant.lower()
    if lowered in _PRONOUNS:
        for _raw, resolved, was_claimant in reversed(history):
            if was_claimant and resolved.lower() not in _PRONOUNS:
                return resolved
        return claimant
    definite = re.fullmatch(r"the\s+(?:[a-z-]+\s+)?([a-z-]+)", lowered)
    if definite:
        head = definite.group(1).rstrip("s")
        for raw, resolved, _was_claimant in reversed(history):
            if raw.lower() != lowered and re.search(rf"\b{re.escape(head)}s?\b", raw.lower()):
                return resolved
    return claimant


# --- the whole article ---------------------------------------------------------------------------------


def _normal(value: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", value.casefold()).split())


def suggest_claims(text: str, *, title: str | None = None) -> list[Suggestion]:
    """Every segment of ``text`` in order, scored, flagged and attributed.

    Offsets index ``text`` exactly (``text[s.start:s.end] == s.text``, whitespace trimmed). A line break
    always ends a segment; abbreviations and amounts never do. ``title``, when given, marks the segment
    that repeats it as a headline. Pure and fast: no I/O, a 5,000-word article in a fraction of a second.
    """
    suggestions: list[Suggestion] = []
    history: list[tuple[str, str, bool]] = []
    title_key = _normal(title) if title else None
    for start, end, whole_line in split_sentences(text):
        sentence = text[start:end]
        raw, mentions = _direct_claimant(sentence)
        claimant = _resolve(raw, history) if raw else None
        if raw and claimant:
            history.append((raw, claimant, True))
        history.extend((mention, mention, False) for mention in mentions)
        is_title = bool(title_key) and _normal(sentence) == title_key
        if not title_key and not suggestions and whole_line:
            is_title = not _TERMINAL.search(sentence)
        score, reasons = score_sentence(
            sentence, whole_line=whole_line, is_title=is_title, attributed=claimant is not None
        )
        suggestions.append(
            Suggestion(
                start=start,
                end=end,
                text=sentence,
                score=score,
                check_worthy=score >= CHECK_WORTHY_THRESHOLD,
                claimant=claimant,
                reasons=reasons,
            )
        )
    return suggestions

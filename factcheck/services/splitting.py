"""Suggest the sentences of an article worth checking, and who the article attributes each one to.

Cutting. Every line of the article (headline, caption, credit, paragraph) is cut on its own, so a line break
always ends a segment. Inside a line, pysbd (a rule-based port of the Pragmatic Segmenter, no model to load,
tested on its "golden rules" for abbreviations, initials, amounts, quotes and ellipses) finds the sentence
boundaries. We place pysbd's sentences back onto the line ourselves with a left-to-right search instead of
using its ``char_span`` mode, which re-searches the whole text and can misplace repeated sentences; that keeps
offsets exact whatever the text holds (curly quotes, accents, dashes). Two cheap repairs then undo the cuts
news copy still trips on: after a title abbreviation ("Gen.", "Mr.") and before a lowercase word or digit;
and a quoted question or exclamation stays with the attribution after it ("“Why?” Mr. Doyle asked"). A
direct quote of several sentences is cut at its sentence ends, as annotators do (“A. / B,” X said.).

Scoring. A sentence's check-worthiness is a sum of visible features, each one a line in ``reasons``: numbers,
amounts, dates, named actors, event verbs and attributions count for; opinions, predictions, questions, photo
credits, short fragments and headlines count against. ``score >= CHECK_WORTHY_THRESHOLD`` flags it. Rules of
news copy on top: a direct quote is judged on the words inside it, not on who says it (reporting verbs are
attribution, never the event); a forecast (will, would after a reporting verb, could, may, is expected to,
plans to) sinks the sentence unless a past or present fact stands beside it or it is a scheduled event (a
calendar day and an agenda verb: "will vote on Thursday"); evaluative words (too timid, frankly, a gimmick)
mark opinion, more so after a stance verb (argued, accused); "declined to comment" is not an event; and a
photo caption counts only when it shows an event or named people, not a scene in a named place.

Claimant. Reporting patterns of wire copy: "..., a report by X said", "X told Reuters", "said X",
"said spokesperson X", "X, chief economist at Y, said", "according to X", "X reported Saturday", "as reported
by X", "figures show", "X has denied", with "citing X" as a fallback. Descriptors are dropped ("local news
outlet Naher" -> "Naher"), he/she take the latest person quoted and it/they the latest claimant, a surname the
full name given earlier, and a definite back-reference ("according to the source", "the report said", "the
company said") takes the earlier mention it points to. A titled surname ("Ms. Marsh") takes the full name
given anywhere earlier in the article; "the ministry" the latest named ministry or department seen, claimant
or not; "the statement" the body said to have issued one; "In his view" the person last quoted; the name
in apposition to a role ("The returning officer, Mark Ellison, denied") is the subject. A quote cut into
several sentences belongs to the attribution closing it. An actor's announced decision with a figure ("said
it would spend £15 million") is checkable; a conditional, a counterfactual ("would have won") or a verb of
forecasting ("predicted that") is not. A bare quote continues the attribution just before it;
interview answers ("A: ...") belong to the interviewee. None when the outlet asserts the sentence itself, and
for headlines.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cached_property

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
_QUOTED = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"")
_QUOTE_ENDS_ASKING = re.compile(r"[?!][”\"’»]$")
# An attribution clause after a quote: a name or pronoun, then a reporting verb; or a reporting verb, then a
# name ("Mr. Doyle asked", "He said", "Said Ms. Lee" is rare but the same).
_ATTRIBUTION_OPENS = re.compile(
    r"(?:(?:(?:the|a|an)\s+)?(?:[A-Z][\w’'-]*\.?\s+){1,4}|(?:He|She|They|It|We|I)\s+)(?:[a-z]+ly\s+)?"
    r"(?:said|says|asked|asks|added|adds|told|wrote|writes|posted|tweeted|shouted|replied|cried|wondered|"
    r"demanded|insisted|declared|exclaimed|responded|continued|noted)\b|(?:Said|Asked|Added|Wrote)\s+[A-Z]"
)
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
    # A quoted question or exclamation and its attribution are one sentence: “Why?” Mr. Doyle asked.
    if _QUOTE_ENDS_ASKING.search(before) and _ATTRIBUTION_OPENS.match(line, right[0]):
        return True
    return bool(_ENDS_WITH_DIGIT_DOT.search(before) and after[:1].isdigit())


def _quote_cuts(line: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """``span`` cut at the sentence ends inside its direct quotes: “A. B,” X said. -> “A. / B,” X said."""
    start, end = span
    cuts: list[tuple[int, int]] = []
    for quote in _QUOTED.finditer(line, start, end):
        inner_start = quote.start() + 1
        inner = line[inner_start : quote.end() - 1]
        pieces = [piece.strip() for piece in _segmenter().segment(inner) if piece.strip()]
        cursor = 0
        previous: tuple[int, int] | None = None
        for piece in pieces:
            found = inner.find(piece, cursor)
            if found < 0:
                break
            here = (inner_start + found, inner_start + found + len(piece))
            if previous and not _should_join(line, previous, here) and _TERMINAL.search(line[: previous[1]]):
                cuts.append((previous[1], here[0]))
            previous = here
            cursor = found + len(piece)
    if not cuts:
        return [span]
    spans, left = [], start
    for left_end, right_start in cuts:
        spans.append((left, left_end))
        left = right_start
    spans.append((left, end))
    return spans


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
    return [piece for span in joined for piece in _quote_cuts(line, span)]


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
_MONTH_ABBREVIATIONS = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
_DATE_WORDS = frozenset((_MONTHS + " " + _DAYS + " " + _MONTH_ABBREVIATIONS).split())
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
_IRREGULAR_PAST = (
    r"took|sent|told|went|came|began|fought|paid|won|lost|left|met|made|gave|held|led|fled|fell|rose|struck|"
    r"shot|hit|sold|bought|built|brought|caught|kept|seized|signed|killed"
)
_EVENT = re.compile(
    rf"\b(?:has|have|had|was|were|been)\s+\w+|\b\w{{3,}}ed\b|\b(?:{_IRREGULAR_PAST}|supports?|provides?|"
    r"controls?|holds?|owns?|employs?)\b",
    re.IGNORECASE,
)
# Opinion: first-person stance, obligation, and the evaluative vocabulary of comment (quality judgements,
# not legal or political labels, which news copy also uses for facts).
_OPINION = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|guess|suspect)\b|\bin (?:my|our|his|her|their) (?:view|opinion)\b|"
    r"\bit(?:\s+is|\s+was|’s|'s|\s+seems|\s+remains)\s+(?:(?:very|highly|most|quite|\w+ly)\s+)?(?:unlikely|doubtful|improbable|inconceivable|"
    r"unthinkable|hard to (?:see|imagine|believe))\b|"
    r"\b(?:should|ought to|must)\b|\b(?:terrible|disgraceful|shameful|wonderful|awesome|amazing|awful|"
    r"outrageous|ridiculous|absurd|brilliant|horrible|horrendous|pathetic|stupid|fantastic|beautiful|"
    r"ugly|disgusting|excellent|best|worst|nicest|greatest|catastrophic|cruel|unworkable|unacceptable|"
    r"appalling|deplorable|scandalous|shocking|reckless|irresponsible|foolish|naive|misguided|sensible|"
    r"wise|unwise|timid|cowardly|incompetent|inept|hypocritical|cynical|heartless|callous|laughable|"
    r"farcical|pointless|senseless|wasteful|gimmicks?|fiasco|farce|sham|travesty|disgrace|"
    r"shambles|debacle|wast(?:e|es|ed|ing)\s+(?:of\s+)?(?:public\s+|taxpayers[’']?\s+)?(?:money|time|"
    r"resources|funds))\b|"
    r"\b(?:on|of|spreading|spread|tells?|told|telling)\s+lies\b|\btoo\s+(?:\w+ly\s+)?(?!many\b|much\b)\w+|"
    r"(?:^|[,;]\s*)(?:frankly|honestly|clearly|obviously|sadly|unfortunately|regrettably|thankfully|"
    r"hopefully|admittedly|arguably|surely|undoubtedly|shamefully|ironically|mercifully|luckily)\s*,|"
    r"\b(?:simply|blatantly|cynically|shamelessly|recklessly|needlessly|wilfully|willfully)\s+\w+ed\b",
    re.IGNORECASE,
)
# A judgement announced as one: "I think", "in my view", "it is very unlikely".
_JUDGEMENT_FRAME = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|suspect)\b|\bin (?:my|our|his|her|their) (?:view|opinion)\b|"
    r"\bit(?:\s+is|\s+was|’s|'s|\s+seems|\s+remains)\s+(?:(?:very|highly|most|quite|\w+ly)\s+)?(?:unlikely|"
    r"doubtful|improbable|inconceivable|unthinkable)\b",
    re.IGNORECASE,
)
# Verbs of arguing and blaming: with evaluative content, the sentence reports a stance, not a fact.
_STANCE = re.compile(
    r"\b(?:argu(?:e|es|ed|ing)|accus(?:e|es|ed|ing)|criticis(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|"
    r"urg(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+(?:for|on)|warn(?:s|ed|ing)?|condemn(?:s|ed|ing)?|"
    r"slam(?:s|med|ming)?|blast(?:s|ed|ing)?|denounc(?:e|es|ed|ing)|prais(?:e|es|ed|ing)|"
    r"welcom(?:e|es|ed|ing)|lament(?:s|ed|ing)?|complain(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)
# Forecasts hedged by the writer or the source: always a prediction.
_HEDGED = re.compile(
    r"\b(?:will|would)\s+(?:likely|probably|surely|certainly|almost certainly)\b|\b(?:is|are|was|were)\s+"
    r"(?:expected|likely|unlikely|poised|set|predicted|forecast|projected|tipped)\s+to\b|\b(?:could|might|may)"
    r"\s+(?:well\s+)?(?:not\s+)?(?:be\s+|have\s+(?:been\s+)?)?\w+|\bin the (?:coming|next)\s+(?:days|weeks|months|years)\b|\b(?:is|are|was|were)\s+"
    r"(?:expected|predicted|forecast|projected|tipped)\s+(?:in|on|by|before|after|later|next|this|soon)\b|"
    r"\b(?:would|could|might|should)\s+(?:not\s+)?have\s+\w+"
)
# Verbs that announce a forecast: what follows them is a prediction, whoever makes it.
_PREDICTING = re.compile(
    r"\b(?:predict|forecast|project|expect|estimat)(?:s|ed|ing)?\s+(?:that\b|\w+\s+would\b)"
)
# A conditional clause ("if every adult walked more, ..."): its verbs state no fact.
_CONDITIONAL = re.compile(r"\b(?:if|unless)\b(?:[^,;:]|,(?=\d))*", re.IGNORECASE)
# An actor announcing its own decision with a figure or date ("the ministry said it would spend £15 million"):
# that it was announced is checkable, unlike a forecast.
_COMMITMENT = re.compile(
    r"\b(?:said|says|announced|announces|confirmed|confirms|pledged|promised|stated|added|decided|agreed)\s+"
    r"(?:(?:on|last|this)\s+\w+\s+)?(?:that\s+)?(?:it|they|we|he|she)\s+(?:would|will)\s+(?!likely\b|probably\b|"
    r"possibly\b|be\s+(?:able|likely|unlikely)\b)\w+"
)
# Plain future: a plan, promise or outcome that has not happened yet.
_FUTURE = re.compile(
    r"\b(?:will|shall)\s+(?!of\b)\w+|\w[’']ll\b|\b(?:is|are|was|were)\s+going\s+to\b|\b(?:plans?|intends?|"
    r"aims?|vows?|pledges?|promises?|threatens?)\s+to\s+\w+",
    re.IGNORECASE,
)
_WOULD = re.compile(r"\bwould\b")
# "the will of", "the government’s plan to": nouns, not a future.
_NOT_MODAL_WILL = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|our|my|this|that|these|those|free|political|good|ill|popular|new)|"
    r"[’']s|s[’'])\s+$",
    re.IGNORECASE,
)
# A scheduled event: a plain future on a calendar day with an agenda verb ("will meet on Thursday",
# "will be debated next week") is checkable, unlike a forecast ("will rise next year").
_CALENDAR = re.compile(
    rf"\b(?:next|later this)\s+(?:week|month|{'|'.join(_DAYS.split())})\b|\btomorrow\b|\bon\s+(?:"
    rf"{'|'.join(_DATE_WORDS)})\b|\bon\s+\d{{1,2}}\s+(?:{'|'.join(_MONTHS.split())})\b"
)
_AGENDA = re.compile(
    r"\b(?:meets?|meet|vote|convene|hold|hear|rule|decide|sign|visit|travel|open|begin|start|launch|publish|"
    r"release|announce|present|unveil|testify|address|attend|host|resume|expire|sit|debate|discuss|consider|"
    r"take effect|come into force|be\s+(?:held|discussed|debated|heard|considered|published|released|"
    r"signed|unveiled|launched|opened|sworn in|voted on|presented|reviewed|examined|decided))\b",
    re.IGNORECASE,
)
# A past or present fact standing beside a forecast ("have signed contracts and will receive ...").
_FACT = re.compile(
    rf"\b(?:has|have|had)\s+(?!to\b)\w+|\b(?:is|are|was|were)\s+(?!(?:un)?likely\b|expected\b|set\s+to\b|"
    r"due\s+to\b|poised\b|going\s+to\b|about\s+to\b|projected\b|forecast\b|predicted\b|bound\s+to\b|"
    rf"tipped\b)\w+|(?<![\w-])(?<!\bbe\s)(?<!\bbeen\s)(?<!\bto\s)\w{{3,}}ed\b|\b(?:{_IRREGULAR_PAST})\b",
    re.IGNORECASE,
)
_NO_COMMENT = re.compile(
    r"\b(?:declined|refused|did\s+not\s+(?:immediately\s+)?(?:respond|reply|return)|(?:could|can)\s+not\s+"
    r"(?:immediately\s+)?be\s+reached|(?:was|were|is|are)\s+not\s+(?:immediately\s+)?available|had\s+no\s+"
    r"(?:immediate\s+)?)\b[^.]{0,40}\bcomment",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"\((?:[^()]{0,40}\b)?(?:photo|photograph|picture|image|video|file|illustration)s?\b[^()]{0,40}\)|"
    r"^(?:photo|photograph|picture|image|video|illustration)s?\s*(?:by\b|:|credit)|getty images|©|"
    r"\bphoto(?:graph)?\s*(?:by|credit)\b|^\([^()]{0,60}/[^()]{0,60}\)$",
    re.IGNORECASE,
)
# What a photo caption must show to be a claim: a reported event, not a scene ("shoppers walk past").
_CAPTION_EVENT = re.compile(
    r"\b(?:attacks?|air\s?strikes?|strikes?|bomb\w*|shelling|explosions?|blasts?|protest\w*|demonstrat\w*|"
    r"rall(?:y|ies)|clash\w*|meetings?|summit|talks|votes?|voting|elections?|arrest\w*|raids?|funerals?|"
    r"ceremon(?:y|ies)|rescue\w*|evacuat\w*|fires?|floods?|flooding|earthquake|storm|crash\w*|collision|"
    r"trial|hearing|press conference|briefing|signing|inaugurat\w*|parade|riot\w*|fighting|battle|offensive|"
    r"shooting|killed|wounded|injured|destroyed|damaged)\b",
    re.IGNORECASE,
)
_PLACE_PREPOSITIONS = {"in", "near", "at", "outside", "from", "into", "across", "off", "of", "to", "inside"}
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]»]*$")
_QUOTE_OPEN = '“"«‘'
_QUOTE_CLOSE = '”"»’'


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


def _caption_actors(sentence: str) -> int:
    """Named actors of a caption, not counting place names ("in Frankfurt, Germany") and dates."""
    names = set()
    in_place = False
    for index, word in enumerate(_WORD.findall(sentence)):
        core = word.strip(".’'-")
        if not core:
            continue
        if core.lower() in _PLACE_PREPOSITIONS:
            in_place = True
            continue
        if not core[0].isupper():
            in_place = in_place and core.lower() in {"the", "de", "al", "el", "la", "le"}
            continue
        if in_place or core in _DATE_WORDS or index == 0:
            continue
        names.add(core)
    return len(names)


def _quoted_content(sentence: str) -> str | None:
    """The words inside a direct quote that makes up the sentence (``“…,” said X`` or a bare quote)."""
    text = sentence.lstrip()
    if not text or text[0] not in _QUOTE_OPEN:
        return None
    close = max(text.rfind(ch) for ch in '”»"')
    if close <= 0:
        return text[1:]
    return text[1:close]


def _masked(sentence: str) -> str:
    """The sentence with its reporting and stance verbs blanked: they are attribution, not the event."""
    return _STANCE.sub(" ", _REPORTING_VERB.sub(" ", sentence))


def _future(sentence: str) -> tuple[bool, bool]:
    """(hedged forecast, plain future) in ``sentence``; "would" counts after a reporting verb or up front."""
    hedged = bool(_HEDGED.search(sentence))
    plain = any(not _NOT_MODAL_WILL.search(sentence[: m.start()]) for m in _FUTURE.finditer(sentence))
    for would in _WOULD.finditer(sentence):
        before = sentence[: would.start()]
        if _REPORTING_VERB.search(before) or _STANCE.search(before) or len(before.split()) <= 5:
            plain = True
    return hedged, plain


def _forecast_without_fact(sentence: str) -> str | None:
    """Why the sentence is a forecast with nothing checkable beside it, or None when it is not one."""
    hedged, plain = _future(sentence)
    if not hedged and not plain:
        return None
    if not hedged and _CALENDAR.search(sentence) and _AGENDA.search(sentence):
        return "scheduled"
    if not hedged and _COMMITMENT.search(sentence) and (_AMOUNT.search(sentence) or _NUMBER.search(sentence)):
        return "scheduled"
    masked = _masked(_HEDGED.sub(" ", _FUTURE.sub(" ", _CONDITIONAL.sub(" ", sentence))))
    return "anchored" if _FACT.search(masked) else "forecast"


def score_sentence(
    sentence: str,
    *,
    whole_line: bool = False,
    is_title: bool = False,
    attributed: bool = False,
    caption: bool = False,
) -> tuple[float, tuple[str, ...]]:
    """Check-worthiness of one sentence in 0..1, with the features that made it, e.g. ``"+0.15 number"``.

    ``whole_line`` says the sentence is a line of its own (a headline or caption candidate), ``is_title``
    that it repeats the article's title, ``attributed`` that a claimant was found for it, ``caption`` that it
    describes the article's photo. A sentence that is a direct quote is judged on the words inside the quote:
    who says it makes it attributed, not checkable.
    """
    parts: list[tuple[float, str]] = [(0.25, "base")]
    words = len(_WORD.findall(sentence))
    terminal = bool(_TERMINAL.search(sentence))
    quote = _quoted_content(sentence)
    content = quote if quote is not None else sentence
    question = content.rstrip(" \"'”’)]»,").endswith("?") or sentence.rstrip("\"'”’)]»").endswith("?")
    if terminal and words >= 6 and not question:
        parts.append((0.15, "complete sentence"))
    actors = _caption_actors(content) if caption else _named_actors(content)
    if actors:
        parts.append((0.25 if actors >= 2 else 0.15, "named actors" + (" in the quote" if quote else "")))
    if _NUMBER.search(content):
        parts.append((0.15, "number"))
    if _AMOUNT.search(content):
        parts.append((0.1, "amount"))
    if _DATE.search(content):
        parts.append((0.1, "date"))
    event = _EVENT.search(_masked(content))
    if event:
        parts.append((0.1, "event"))
    if attributed:
        parts.append((0.1, "attribution"))
    if quote is not None and not (actors or event or _NUMBER.search(quote) or _DATE.search(quote)):
        parts.append((-0.15, "quote with nothing checkable inside"))
    opinion = _OPINION.search(content)
    if opinion:
        parts.append((-0.35, "opinion"))
        if _JUDGEMENT_FRAME.search(content):
            parts.append((-0.15, "framed as a judgement"))
        if _STANCE.search(sentence):
            parts.append((-0.15, "stance verb with evaluation"))
    forecast = _forecast_without_fact(content)
    if forecast == "forecast":
        parts.append((-0.6, "prediction, no past or present fact"))
        if _PREDICTING.search(sentence):
            parts.append((-0.15, "reported as a prediction"))
    elif forecast == "anchored":
        parts.append((-0.15, "prediction beside a fact"))
    if _NO_COMMENT.search(sentence):
        parts.append((-0.45, "no comment"))
    if question:
        parts.append((-0.5, "question"))
    if _CREDIT.search(sentence):
        parts.append((-0.8, "photo credit"))
    if caption and not actors and not _CAPTION_EVENT.search(sentence):
        parts.append((-0.5, "scene-only caption"))
    if words < 5:
        parts.append((-0.3, "short fragment"))
    if whole_line and not terminal:
        parts.append((-0.35, "headline"))
    if is_title:
        parts.append((-0.5, "title"))
    score = round(min(1.0, max(0.0, sum(weight for weight, _ in parts))), 3)
    return score, tuple(f"{weight:+.2f} {name}" for weight, name in parts)


# --- claimant ------------------------------------------------------------------------------------------

# Reporting verbs: speech, writing, evidence ("figures show", "the study found"), concession, denial and
# accusation. Directives ("urged donors to", "called for") carry no claim and are left out.
_VERBS = (
    r"say|says|said|tell|tells|told|report|reports|reported|state|states|stated|announce|announces|"
    r"announced|claim|claims|claimed|add|adds|added|note|notes|noted|write|writes|wrote|tweet|tweets|"
    r"tweeted|post|posts|posted|confirm|confirms|confirmed|allege|alleges|alleged|insist|insists|insisted|"
    r"explain|explains|explained|warn|warns|warned|acknowledge|acknowledges|acknowledged|admit|admits|"
    r"admitted|estimate|estimates|estimated|show|shows|showed|find|finds|found|accuse|accuses|accused|"
    r"argue|argues|argued|deny|denies|denied|ask|asks|asked|predict|predicts|predicted|conclude|"
    r"concludes|concluded|reveal|reveals|revealed|disclose|discloses|disclosed|maintain|maintains|"
    r"maintained|contend|contends|contended|suggest|suggests|suggested|indicate|indicates|indicated|"
    r"testify|testifies|testified|recall|recalls|recalled|complain|complains|complained|concede|concedes|"
    r"conceded|counter|counters|countered|respond|responds|responded|reply|replies|replied|stress|"
    r"stresses|stressed|emphasise|emphasises|emphasised|emphasize|emphasizes|emphasized|observe|"
    r"observes|observed|remark|remarks|remarked|declare|declares|declared|assert|asserts|asserted|"
    r"boast|boasts|boasted|recount|recounts|recounted"
)
_REPORTING_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_VERB = _REPORTING_VERB
# Also nouns or plain actions ("insurance claims", "the firm added staff", "police found a body"): a
# reporting verb only when a reported clause or the end of one follows.
_AMBIGUOUS_VERBS = {
    "claim", "claims", "note", "notes", "report", "reports", "state", "states", "add", "added", "noted",
    "post", "posts", "posted", "estimate", "estimates", "estimated", "adds", "show", "shows", "showed",
    "find", "finds", "found", "maintain", "maintains", "maintained", "counter", "counters", "countered",
    "recall", "recalls", "recalled", "observe", "observes", "observed", "reveal", "reveals", "revealed",
    "disclose", "discloses", "disclosed", "conclude", "concludes", "concluded", "respond", "responds",
    "responded", "reply", "replies", "replied", "indicate", "indicates", "indicated", "suggest",
    "suggests", "suggested", "stress", "stresses", "stressed", "predict", "predicts", "predicted",
    "confirm", "confirms", "remark", "remarks", "declare", "declares", "declared",
}  # fmt: skip
# "asked" reports speech only after a quote ("“…?” he asked"); otherwise it is a request.
_AFTER_QUOTE_VERBS = {"ask", "asks", "asked"}
_REPORTING_CONTINUES = re.compile(
    rf"\s*(?:that\b|no\s+(?:evidence|sign|signs|proof|indication|trace|record)\b|[,.;:!?”\"]|$|on\s|in\s+an?\s|last\s|(?:{'|'.join(_DAYS.split())})\b)"
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
_PRONOUNS = {"it", "he", "she", "they", "we", "i", "you"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
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
_INFO = re.compile(
    r"^(?:\w+\s+){0,2}?(?:information|data|figures|documents|reports|statements|sources?\s+close)\s+"
    r"(?:\w+\s+)?(?:from|by|of)\s+(.+)$",
    re.IGNORECASE,
)
# Lowercase descriptors dropped before a name: media, roles and job titles, kinds of organisation.
_PERSON_TITLES = {
    "spokesman", "spokeswoman", "spokesperson", "official", "analyst", "researcher", "expert", "commander",
    "journalist", "reporter", "correspondent", "economist", "strategist", "lawyer", "solicitor",
    "attorney", "barrister", "judge", "prosecutor", "leader", "chief", "director", "secretary", "chairman",
    "chairwoman", "chair", "executive", "founder", "professor", "coordinator", "adviser", "advisor",
    "diplomat", "envoy", "ambassador", "senator", "lawmaker", "legislator", "councillor", "mayor",
    "governor", "minister", "investigator", "activist", "campaigner", "doctor", "surgeon", "nurse",
    "resident", "witness", "survivor", "farmer", "teacher", "student", "author", "historian", "scientist",
    "trader", "banker", "manager", "officer", "commissioner", "inspector", "head", "editor", "columnist",
    "president", "chancellor", "premier", "negotiator", "representative", "deputy", "colonel", "general",
}  # fmt: skip
_COMPANY_NOUNS = (
    r"company|companies|firm|corporation|conglomerate|wholesaler|retailer|chain|\w*maker|\w*builder|manufacturer|"
    r"producer|supplier|lender|insurer|airline|carrier|operator|developer|start-?up|giant|brewer|miner|"
    r"utility|exporter|importer|distributor|group"
)
_COMPANY = re.compile(
    rf"\b(?:{_COMPANY_NOUNS})\b|\b(?:Inc|Corp|Co|Ltd|LLC|plc|PLC|AG|SA|GmbH|NV|SE|SpA|Holdings)\b\.?",
)
_ORGANISATION = re.compile(
    r"\b(?:Office|Ministry|Department|Bank|Group|Agency|Organi[sz]ation|Programme|Program|Council|Court|"
    r"Forces|Army|Panel|Committee|Commission|Union|News|Times|Post|Service|Network|Foundation|Institute|"
    r"University|Party|Government|Association|Federation|Fund|Authority|Board|Bureau|Police|Statistics|"
    r"Research|Centre|Center|Project|Nations|House|Street|Project|Alliance|Coalition|Frontières|"
    r"Administration|Parliament|Assembly|Senate|Congress|Cabinet|Press|Media|Television|Radio)\b|"
    r"\b[A-Z]{2,}\b|[()]|^(?:the|a|an)\s|^[a-z]"
)
_DESCRIPTORS = {
    "outlet", "agency", "newspaper", "daily", "weekly", "channel", "broadcaster", "website", "site",
    "network", "station", "monitor", "group", "watchdog", "magazine", "paper", "tabloid", "television",
    "tv", "outlets", "organization", "organisation", "charity", "company", "firm", "wholesaler",
    "retailer", "chipmaker", "carmaker", "automaker", "drugmaker", "manufacturer", "lender", "insurer",
    "airline", "operator", "union", "party", "institute", "think-tank",
} | _PERSON_TITLES  # fmt: skip
_SOURCE_NOUNS = re.compile(
    r"\b(?:sources?|reports?|officials?|documents?|statements?|data|figures|agency|ministry|witness(?:es)?|"
    r"residents|media|spokes\w+|diplomats?|investigators?)\b",
    re.IGNORECASE,
)
_TITLED_SURNAME = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Judge|Justice|Rev|Sen|Rep|Gov|Gen|Col|Capt|"
    r"Lt|Maj|Sgt|Insp|Supt|Det)\.?\s+)?([A-Z][\w’'-]+)"
)
_NOT_GIVEN_NAMES = {
    "The", "A", "An", "In", "On", "At", "But", "And", "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor",
    "Sir", "Dame", "Lord", "Lady", "Judge", "Justice", "President", "Minister", "Mayor", "Senator",
    "Conservative", "Labour", "Liberal", "Democrat", "Republican", "Green", "Councillor", "Chancellor",
}  # fmt: skip
# What a definite "the <head>" may refer back to, by the kind of body.
_BODY_KINDS = {
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


def _bodies(sentence: str) -> list[str]:
    """Named institutions in ``sentence``, without a leading possessive ("Britain’s") or article."""
    found = []
    for match in _BODY_IN_TEXT.finditer(sentence):
        words = match.group().split()
        while words and (words[0].endswith(("’s", "'s")) or words[0] in {"The", "A", "An"}):
            words.pop(0)
        while words and words[-1] in {"of", "for", "and", "on", "the", "&"}:
            words.pop()
        if words and _BODY_NAME.fullmatch(" ".join(words)):
            found.append(" ".join(words))
    return found


_QA = re.compile(r"^\s*(Q|A|Question|Answer)\s*[:.)-]\s")


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


def _is_descriptor(word: str) -> bool:
    """A lowercase noun introducing a name ("chipmaker X", "news outlet X"), not a function word ("of X")."""
    lowered = word.lower()
    return lowered in _DESCRIPTORS or (
        word.islower() and bool(re.fullmatch(r"[a-z-]{3,}", word)) and lowered not in _FUNCTION_WORDS
    )


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
    if 0 < run < len(words) and _is_descriptor(words[run - 1]):
        return " ".join(words[run:])
    return " ".join(words)


def _subject_before(sentence: str, at: int) -> str | None:
    """The noun phrase right before a reporting verb at ``at``, when it looks like a subject (uncleaned).

    Skips one appositive or relative clause: "Ana Berg, 45, said", "The mayor, who took office in 2019, said",
    "Li Wei, chief economist at Nordbank, said".
    """
    before = sentence[:at]
    stripped = before.rstrip()
    if stripped.endswith(","):
        head, _comma, aside = stripped[:-1].rpartition(",")
        if head and (_APPOSITIVE.match(aside) or aside.lstrip()[:1].islower()):
            return _subject_before(head + " ", len(head) + 1)
        # "The council’s returning officer, Mark Ellison, said": the name in apposition to a role.
        described = _subject_before(head + " ", len(head) + 1) if head else None
        if described and _NAME.fullmatch(aside.strip()) and described.split()[-1].islower():
            return aside.strip()
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
    if lowered[0] in _PREPOSITIONS:  # "according to the flash estimate": a noun, not a verb
        return None
    if _REPORTING_VERB.fullmatch(words[0]):  # "said in its report": the verb of another clause
        return None
    return chunk


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
    if not named or named.group(1) in _DATE_WORDS:
        return None
    return named.group(1)


def _is_reporting(sentence: str, verb: re.Match) -> bool:
    word = verb.group()
    if sentence[verb.end() :].lstrip().startswith("by "):
        return False
    if word in _AMBIGUOUS_VERBS and _NOUN_BEFORE.search(sentence, 0, verb.start()):
        return False  # "in its 112-page report on Monday": a noun
    if word in _AFTER_QUOTE_VERBS:
        return any(ch in sentence[: verb.start()] for ch in '”"')
    return word not in _AMBIGUOUS_VERBS or bool(_REPORTING_CONTINUES.match(sentence, verb.end()))


def _direct_claimant(sentence: str) -> tuple[str | None, list[str], str | None]:
    """The claimant written in the sentence itself, the other sources it cites, and the claimant as written."""
    mentions = [_clean(m.group(1)) for m in _CITING.finditer(sentence)]
    according = [m.group(1) for m in _ACCORDING.finditer(sentence)]
    if according and _ACCORDING.match(sentence.lstrip(_OPENERS)):
        return _clean(according[0]), mentions, according[0]
    view = _IN_VIEW.match(sentence.lstrip(_OPENERS))
    if view:
        pronoun = {"his": "he", "her": "she", "their": "they", "its": "it"}[view.group(1)]
        return pronoun, mentions, pronoun
    found = None
    for verb in _VERB.finditer(sentence):
        if not _is_reporting(sentence, verb):
            continue
        candidate = _subject_before(sentence, verb.start())
        if candidate is None and sentence[: verb.start()].rstrip().endswith((",", "”", '"', "?", "!")):
            candidate = _subject_after(sentence, verb.end())
        if candidate and _clean(candidate):
            found = candidate
    if found:
        return _clean(found), mentions, found
    passive = [m.group(1) for m in _PASSIVE.finditer(sentence)]
    if passive or according:
        phrase = (passive or according)[0]
        return _clean(phrase), mentions, phrase
    cited = [m for m in mentions if _SOURCE_NOUNS.search(m) or any(_is_capitalised(w) for w in m.split())]
    return (cited[0] if cited else None), mentions, (cited[0] if cited else None)


@dataclass(frozen=True)
class _Mention:
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
        return _is_descriptor(before) and before.lower() not in _PERSON_TITLES

    @cached_property
    def is_body(self) -> bool:
        """A named institution seen in the text ("Britain’s Department of Health ... welcomed ...")."""
        return self.body or bool(_BODY_NAME.fullmatch(self.resolved))

    @cached_property
    def is_person(self) -> bool:
        name = self.resolved
        words = name.split()
        if self.is_company or _ORGANISATION.search(name) or not words or len(words) > 5:
            return False
        if not all(_is_capitalised(w) or w.lower() in {"al", "bin", "de", "van", "von", "da"} for w in words):
            return False
        if len(words) > 1:
            return True
        # One word: a surname, unless it only looks like a name because it opens the sentence.
        return not self.context.lstrip(_OPENERS).startswith(name)


def _full_name(surname: str, history: list[_Mention], earlier: str) -> str | None:
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
    kinds = _BODY_KINDS.get(head)
    return re.compile(rf"\b(?:{kinds})\b", re.IGNORECASE) if kinds else None


def _resolve(claimant: str, history: list[_Mention], earlier: str = "") -> str:
    """Pronouns take the latest named claimant (he/she: the latest person); a surname, bare or after a title
    ("Ms. Marsh"), the full name given earlier in the article; "the source" the latest source.

    A definite back-reference ("the report", "the company", "the ministry") takes the latest mention it names
    (a ministry: the latest named ministry or department), else the latest claimant introduced as one
    ("chipmaker X", "X Inc.") or said to have published one ("in its report", "in a statement").
    """
    lowered = claimant.lower()
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
    named = re.compile(rf"\b{re.escape(head)}s?\b", re.IGNORECASE)
    for mention in reversed(history):
        if mention.raw.lower() != lowered and named.search(mention.raw) and (plain or not mention.body):
            return mention.resolved
    claimants = [m for m in reversed(history) if m.was_claimant and m.raw.lower() != lowered]
    if re.fullmatch(_COMPANY_NOUNS, head):
        for mention in claimants:
            if mention.is_company:
                return mention.resolved
    published = re.compile(rf"\b(?:its|their|his|her|a|an|new|latest)\s+(?:[\w-]+\s+)?{re.escape(head)}\b")
    issuers = [m for m in reversed(history) if m.raw.lower() != lowered and (m.was_claimant or m.is_body)]
    for mention in issuers:
        if published.search(mention.context):
            return mention.resolved
    return claimant


# --- the whole article ---------------------------------------------------------------------------------


def _normal(value: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", value.casefold()).split())


def _opens_quote(sentence: str) -> bool:
    return sentence.lstrip()[:1] in _QUOTE_OPEN


def _opens_unclosed_quote(sentence: str) -> bool:
    text = sentence.lstrip()
    if text[:1] == "“":
        return text.count("“") > text.count("”")
    return text[:1] == '"' and text.count('"') % 2 == 1


def _closes_quote(sentence: str) -> bool:
    return sentence.count("”") > sentence.count("“") or sentence.count('"') % 2 == 1


def _carries_quote(sentence: str) -> bool:
    return any(ch in sentence for ch in '“”"«»')


def suggest_claims(text: str, *, title: str | None = None) -> list[Suggestion]:
    """Every segment of ``text`` in order, scored, flagged and attributed.

    Offsets index ``text`` exactly (``text[s.start:s.end] == s.text``, whitespace trimmed). A line break
    always ends a segment; abbreviations and amounts never do. ``title``, when given, marks the segment
    that repeats it as a headline. Pure and fast: no I/O, a 5,000-word article in a fraction of a second.

    Beyond what a sentence says itself, a claimant comes from context: a bare quote continues the quote
    attributed just before it (same paragraph, or the paragraph before ending on an attributed quote), and
    an interview's answer lines ("A: …") belong to the latest person quoted. Headlines and questions put by the interviewer have none.
    """
    segments = split_sentences(text)
    sentences = [text[start:end] for start, end, _whole in segments]
    title_key = _normal(title) if title else None
    line_ids: list[int] = []
    line = 0
    for index, (start, _end, _whole) in enumerate(segments):
        if index and re.search(r"[\n\r\u2028\u2029]", text[segments[index - 1][1] : start]):
            line += 1
        line_ids.append(line)
    titles = []
    for index, ((_start, _end, whole_line), sentence) in enumerate(zip(segments, sentences, strict=True)):
        is_title = bool(title_key) and _normal(sentence) == title_key
        if not title_key and index == 0 and whole_line:
            is_title = not _TERMINAL.search(sentence)
        titles.append(is_title)
    credits = [bool(_CREDIT.search(sentence)) for sentence in sentences]
    captions = [
        not credits[i] and not titles[i] and i + 1 < len(sentences) and credits[i + 1]
        for i in range(len(sentences))
    ]

    claimants: list[str | None] = []
    history: list[_Mention] = []
    answer_line: tuple[int, str | None] | None = None
    for index, sentence in enumerate(sentences):
        if titles[index] or credits[index]:
            claimants.append(None)
            continue
        raw, mentions, phrase = _direct_claimant(sentence)
        claimant = _resolve(raw, history, text[: segments[index][0]]) if raw else None
        qa = _QA.match(sentence)
        if qa and qa.group(1)[0] == "A":
            people = [m for m in reversed(history) if m.was_claimant and m.is_person]
            answer_line = (line_ids[index], people[0].resolved if people else None)
        elif qa:
            answer_line = None
        if claimant is None and answer_line and answer_line[0] == line_ids[index]:
            claimant = answer_line[1]
        if claimant is None and _opens_quote(sentence) and index and not _REPORTING_VERB.search(sentence):
            previous, before = sentences[index - 1], claimants[index - 1]
            same_line = line_ids[index - 1] == line_ids[index]
            first_on_line = not same_line and line_ids[index - 1] == line_ids[index] - 1
            if before and _carries_quote(previous) and (same_line or first_on_line):
                claimant = before
        if raw and claimant:
            history.append(_Mention(raw, claimant, True, phrase or raw, sentence))
        history.extend(_Mention(m, m, False, m, sentence) for m in mentions)
        seen = " ".join(filter(None, [raw, claimant, *mentions])).lower()
        history.extend(
            _Mention(b, b, False, b, sentence, body=True) for b in _bodies(sentence) if b.lower() not in seen
        )
        claimants.append(claimant)

    # A quote of several sentences belongs to the attribution closing it: “A. B,” X said. -> both X.
    for index in range(len(sentences) - 1, -1, -1):
        if claimants[index] is None and _opens_unclosed_quote(sentences[index]):
            following = index + 1
            while following < len(sentences) and line_ids[following] == line_ids[index]:
                if _closes_quote(sentences[following]):
                    claimants[index] = claimants[following]
                    break
                following += 1

    suggestions: list[Suggestion] = []
    for index, ((start, end, whole_line), sentence) in enumerate(zip(segments, sentences, strict=True)):
        score, reasons = score_sentence(
            sentence,
            whole_line=whole_line,
            is_title=titles[index],
            attributed=claimants[index] is not None,
            caption=captions[index],
        )
        suggestions.append(
            Suggestion(
                start=start,
                end=end,
                text=sentence,
                score=score,
                check_worthy=score >= CHECK_WORTHY_THRESHOLD,
                claimant=claimants[index],
                reasons=reasons,
            )
        )
    return suggestions

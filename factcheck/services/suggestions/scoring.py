"""Score a sentence's check-worthiness, with the reasons that made the score.

A sentence's check-worthiness is a sum of visible features, each one a line in ``reasons``: numbers, amounts,
dates, named actors, event verbs and attributions count for; opinions, predictions, questions, photo credits,
short fragments and headlines count against. Rules of news copy on top: a direct quote is judged on the words
inside it, not on who says it (reporting verbs are attribution, never the event); a forecast (will, would
after a reporting verb, could, may, is expected to, plans to) sinks the sentence unless a past or present fact
stands beside it or it is a scheduled event (a calendar day and an agenda verb: "will vote on Thursday");
evaluative words (too timid, frankly, a gimmick) mark opinion, more so after a stance verb (argued, accused);
"declined to comment" is not an event; and a photo caption counts only when it shows an event or named
people, not a scene in a named place. An actor's announced decision with a figure ("said it would spend
£15 million") is checkable; a conditional, a counterfactual ("would have won") or a verb of forecasting
("predicted that") is not.
"""

from __future__ import annotations

import re

from .nonclaims import (
    APPEAL,
    EMBEDDED_REPORT,
    IMPRESSION,
    INSTITUTIONAL_ESTIMATE,
    POINTER,
    VAGUE,
    is_instruction,
)
from .patterns import CREDIT, DATE_WORDS, DAYS, MONTHS, QUOTE_OPEN, REPORTING_VERB, TERMINAL

_WORD = re.compile(r"[^\W_][\w’'./&-]*")
_DATE = re.compile(
    rf"\b(?:{'|'.join(DATE_WORDS)})\b|\b(?:1[89]|20)\d\d\b|\byesterday\b|\b(?:last|earlier this|this)\s+"
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
    r"shot|hit|sold|bought|built|brought|caught|kept|seized|signed|killed|stood|grew|spent|totalled|totaled"
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
    rf"\b(?:next|later this)\s+(?:week|month|{'|'.join(DAYS.split())})\b|\btomorrow\b|\bon\s+(?:"
    rf"{'|'.join(DATE_WORDS)})\b|\bon\s+\d{{1,2}}\s+(?:{'|'.join(MONTHS.split())})\b"
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


def _named_actors(sentence: str) -> int:
    words = _WORD.findall(sentence)
    names = set()
    for index, word in enumerate(words):
        core = word.strip(".’'-")
        if not core or core in DATE_WORDS or core == "I":
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
        if in_place or core in DATE_WORDS or index == 0:
            continue
        names.add(core)
    return len(names)


def _quoted_content(sentence: str) -> str | None:
    """The words inside a direct quote that makes up the sentence (``“…,” said X`` or a bare quote)."""
    text = sentence.lstrip()
    if not text or text[0] not in QUOTE_OPEN:
        return None
    close = max(text.rfind(ch) for ch in '”»"')
    if close <= 0:
        return text[1:]
    return text[1:close]


def _masked(sentence: str) -> str:
    """The sentence with its reporting and stance verbs blanked: they are attribution, not the event."""
    return _STANCE.sub(" ", REPORTING_VERB.sub(" ", sentence))


def _future(sentence: str) -> tuple[bool, bool]:
    """(hedged forecast, plain future) in ``sentence``; "would" counts after a reporting verb or up front."""
    hedged = bool(_HEDGED.search(sentence))
    plain = any(not _NOT_MODAL_WILL.search(sentence[: m.start()]) for m in _FUTURE.finditer(sentence))
    for would in _WOULD.finditer(sentence):
        before = sentence[: would.start()]
        if REPORTING_VERB.search(before) or _STANCE.search(before) or len(before.split()) <= 5:
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
    list_item: bool = False,
) -> tuple[float, tuple[str, ...]]:
    """Check-worthiness of one sentence in 0..1, with the features that made it, e.g. ``"+0.15 number"``.

    ``whole_line`` says the sentence is a line of its own (a headline or caption candidate), ``is_title``
    that it repeats the article's title, ``attributed`` that a claimant was found for it, ``caption`` that it
    describes the article's photo, ``list_item`` that it is an item of a list. A sentence that is a direct quote is judged on the words inside the quote:
    who says it makes it attributed, not checkable.
    """
    parts: list[tuple[float, str]] = [(0.25, "base")]
    words = len(_WORD.findall(sentence))
    terminal = bool(TERMINAL.search(sentence))
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
    estimate = bool(INSTITUTIONAL_ESTIMATE.search(sentence) and _NUMBER.search(content))
    if forecast == "forecast" and estimate:
        parts.append((-0.15, "estimate made by a named body"))
    elif forecast == "forecast":
        parts.append((-0.6, "prediction, no past or present fact"))
        if _PREDICTING.search(sentence):
            parts.append((-0.15, "reported as a prediction"))
    elif forecast == "anchored":
        parts.append((-0.15, "prediction beside a fact"))
    no_comment = _NO_COMMENT.search(sentence)
    if no_comment and not EMBEDDED_REPORT.search(sentence, no_comment.end()):
        parts.append((-0.45, "no comment"))
    if APPEAL.search(sentence):
        parts.append((-0.6, "appeal or instruction to readers"))
    if POINTER.search(sentence):
        parts.append((-0.5, "pointer to where data is published"))
    if quote is not None and IMPRESSION.search(content):
        parts.append((-0.35, "eyewitness impression"))
    if VAGUE.search(content) and not re.search(r"\d", content):
        parts.append((-0.35, "vague assessment, no figure"))
    if list_item and is_instruction(sentence) and not re.search(r"\d", sentence):
        parts.append((-0.5, "instruction in a list"))
    if question:
        parts.append((-0.5, "question"))
    if CREDIT.search(sentence):
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

"""Tell a forecast from a fact in a sentence that looks ahead.

A forecast (will, would after a reporting verb, could, may, is expected to, plans to) sinks a sentence unless a
past or present fact stands beside it ("anchored") or it is checkable as announced: a scheduled event (a calendar
day and an agenda verb: "will vote on Thursday"), an actor's own commitment with a figure ("said it would spend
£15 million") or a firm term of a programme ("€1.2bn will come from the EU fund", "grants will cover half").
"Should" before a verb of change ("that wait should fall") is a hedge; "we expect" a forecast.
"""

from __future__ import annotations

import re

from .patterns import DATE_WORDS, DAYS, MONTHS, REPORTING_VERB
from .vocabulary import AMOUNT, IRREGULAR_PAST, NUMBER, STANCE, masked

# Forecasts hedged by the writer or the source: always a prediction.
HEDGED = re.compile(
    r"\b(?:will|would)\s+(?:likely|probably|surely|certainly|almost certainly)\b|\b(?:is|are|was|were)\s+"
    r"(?:expected|likely|unlikely|poised|set|predicted|forecast|projected|tipped)\s+to\b|\b(?:could|might|may)"
    r"\s+(?:well\s+)?(?:not\s+)?(?:be\s+|have\s+(?:been\s+)?)?\w+|\bin the (?:coming|next)\s+(?:days|weeks|months|years)\b|\b(?:is|are|was|were)\s+"
    r"(?:expected|predicted|forecast|projected|tipped)\s+(?:in|on|by|before|after|later|next|this|soon)\b|"
    r"\b(?:would|could|might|should)\s+(?:not\s+)?have\s+\w+|"
    r"\b(?i:I|we)\s+(?:(?:fully|still|now)\s+)?(?:expect|anticipate|hope)\b"
)
# "should" before a verb of change or completion is a hedged expectation ("that wait should fall to under four
# months"), not an obligation or a judgement ("no family should have to choose").
SHOULD_HEDGE = re.compile(
    r"\bshould\s+(?:(?:now|soon|still|then)\s+)?(?:fall|drop|decline|rise|increase|grow|reach|ease|improve|"
    r"double|halve|shrink|narrow|widen|slow|recover|come\s+(?:down|in)|go\s+(?:down|up)|be\s+(?:ready|completed|"
    r"finished|done|available|operational|open|back))\b",
    re.IGNORECASE,
)
# A firm detail of an announced programme in the future tense: where its money comes from, what it offers,
# costs or covers, when it opens, what a service runs ("€1.2bn will come from the EU fund", "grants will cover
# half the cost", "replacement buses will run", "the cap would cover 9,000 homes", reported). Stated as a plan's
# terms, not a guess about the world ("prices will rise").
PROGRAMME_TERMS = re.compile(
    r"\b(?:will|shall|would)\s+(?:(?:also|only|still)\s+)?(?:come\s+from|be\s+(?:funded|financed|paid(?:\s+for)?|"
    r"spent|allocated|ring-?fenced|drawn|met|covered|capped|available|eligible|administered|delivered|"
    r"distributed|awarded|means-tested|compensated|refunded|reimbursed)|cost|fund|cover|offer|provide|pay|"
    r"receive|replace|apply|open|close|run|operate)\b",
    re.IGNORECASE,
)
# Verbs that announce a forecast: what follows them is a prediction, whoever makes it.
PREDICTING = re.compile(
    r"\b(?:predict|forecast|project|expect|estimat)(?:s|ed|ing)?\s+(?:that\b|\w+\s+would\b)"
)
# A conditional clause ("if every adult walked more, ..."): its verbs state no fact.
CONDITIONAL = re.compile(r"\b(?:if|unless)\b(?:[^,;:]|,(?=\d))*", re.IGNORECASE)
# An actor announcing its own decision with a figure or date ("the ministry said it would spend £15 million"):
# that it was announced is checkable, unlike a forecast.
COMMITMENT = re.compile(
    r"\b(?:said|says|announced|announces|confirmed|confirms|pledged|promised|stated|added|decided|agreed)\s+"
    r"(?:(?:on|last|this)\s+\w+\s+)?(?:that\s+)?(?:it|they|we|he|she|the\s+(?:new\s+)?(?:scheme|plan|programme|program|project|policy|"
    r"package|measure|fund|initiative|investment))\s+(?:would|will)\s+(?!likely\b|probably\b|"
    r"possibly\b|be\s+(?:able|likely|unlikely)\b)\w+"
)
# Plain future: a plan, promise or outcome that has not happened yet.
FUTURE = re.compile(
    r"\b(?:will|shall)\s+(?!of\b)\w+|\w[’']ll\b|\b(?:is|are|was|were)\s+going\s+to\b|\b(?:plans?|intends?|"
    r"aims?|vows?|pledges?|promises?|threatens?|planned|intended|aimed)\s+to\s+\w+(?:\s+\w+ed\b)?",
    re.IGNORECASE,
)
# An institution's own spending or hiring plan ("The government will spend €3.5bn", "the council will hire 40
# wardens"): with a figure, what it announced is checkable.
INSTITUTION_PLAN = re.compile(
    r"\b(?:government|ministry|department|council|state|city|company|authority|agency|board|administration|"
    r"executive|commission|firm|bank)\s+(?:will|is\s+to|are\s+to)\s+(?:spend|invest|allocate|provide|fund|build|"
    r"hire|recruit|pay|give|raise|borrow|buy|sell|close|open)\b",
    re.IGNORECASE,
)
WOULD = re.compile(r"\bwould\b")
# "the will of", "the government’s plan to": nouns, not a future.
NOT_MODAL_WILL = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|our|my|this|that|these|those|free|political|good|ill|popular|new)|"
    r"[’']s|s[’'])\s+$",
    re.IGNORECASE,
)
# A scheduled event: a plain future on a calendar day with an agenda verb ("will meet on Thursday",
# "will be debated next week") is checkable, unlike a forecast ("will rise next year").
CALENDAR = re.compile(
    rf"\b(?:next|later this)\s+(?:week|month|{'|'.join(DAYS.split())})\b|\btomorrow\b|\b(?:on|from)\s+(?:"
    rf"{'|'.join(DATE_WORDS)})\b|\bon\s+\d{{1,2}}\s+(?:{'|'.join(MONTHS.split())})\b"
)
AGENDA = re.compile(
    r"\b(?:meets?|meet|vote|convene|hold|hear|rule|decide|sign|visit|travel|open|begin|start|launch|publish|"
    r"release|announce|present|unveil|testify|address|attend|host|resume|expire|sit|debate|discuss|consider|"
    r"strike|walk\s+out|"
    r"take effect|come into force|be\s+(?:held|discussed|debated|heard|considered|published|released|"
    r"signed|unveiled|launched|opened|sworn in|voted on|presented|reviewed|examined|decided))\b",
    re.IGNORECASE,
)
# A past or present fact standing beside a forecast ("have signed contracts and will receive ...").
FACT = re.compile(
    rf"\b(?:has|have|had)\s+(?!to\b)\w+|\b(?:is|are|was|were)\s+(?!(?:un)?likely\b|expected\b|set\s+to\b|"
    r"due\s+to\b|poised\b|going\s+to\b|about\s+to\b|projected\b|forecast\b|predicted\b|bound\s+to\b|"
    rf"tipped\b)\w+|(?<![\w-])(?<!\bbe\s)(?<!\bbeen\s)(?<!\bto\s)\w{{3,}}ed\b|\b(?:{IRREGULAR_PAST})\b",
    re.IGNORECASE,
)


_REPORTING_PERFECT = re.compile(rf"\b(?:has|have|had)\s+(?:also\s+)?(?=(?:{REPORTING_VERB.pattern}))")


def future(sentence: str) -> tuple[bool, bool]:
    """(hedged forecast, plain future) in ``sentence``; "would" counts after a reporting verb or up front."""
    hedged = bool(HEDGED.search(sentence) or SHOULD_HEDGE.search(sentence))
    plain = any(not NOT_MODAL_WILL.search(sentence[: m.start()]) for m in FUTURE.finditer(sentence))
    for would in WOULD.finditer(sentence):
        before = sentence[: would.start()]
        if REPORTING_VERB.search(before) or STANCE.search(before) or len(before.split()) <= 5:
            plain = True
    return hedged, plain


def forecast_without_fact(sentence: str) -> str | None:
    """Why the sentence is a forecast with nothing checkable beside it, or None when it is not one."""
    hedged, plain = future(sentence)
    if not hedged and not plain:
        return None
    if not hedged and CALENDAR.search(sentence) and AGENDA.search(sentence):
        return "scheduled"
    if not hedged and COMMITMENT.search(sentence) and (AMOUNT.search(sentence) or NUMBER.search(sentence)):
        return "scheduled"
    if (
        not hedged
        and INSTITUTION_PLAN.search(sentence)
        and (AMOUNT.search(sentence) or NUMBER.search(sentence))
    ):
        return "scheduled"
    if not hedged and PROGRAMME_TERMS.search(sentence):
        return "scheduled"
    # "has warned that it could ...": the auxiliary of a reporting verb is attribution, not a fact beside it.
    sentence = _REPORTING_PERFECT.sub(" ", sentence)
    rest = masked(HEDGED.sub(" ", FUTURE.sub(" ", CONDITIONAL.sub(" ", sentence))))
    return "anchored" if FACT.search(rest) else "forecast"

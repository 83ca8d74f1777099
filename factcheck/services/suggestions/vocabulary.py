"""The vocabulary of check-worthiness: numbers, dates, events, opinion, stance and the signs around them.

``scoring`` and ``forecasts`` weigh these: a figure, a date, a frequency ("twice a year") or an event proper make
a sentence checkable; evaluative words, stance verbs and quoted labels ("called the plan “a farce”") mark
opinion; a spelled-out number in a rhetorical turn ("how can two officials ...") counts nobody; a participle
after a determiner ("the continued expansion") is an adjective, not an event.
"""

from __future__ import annotations

import re

from .patterns import DATE_WORDS, REPORTING_VERB

DATE = re.compile(
    rf"\b(?:{'|'.join(DATE_WORDS)})\b|\b(?:1[89]|20)\d\d\b|\byesterday\b|\b(?:last|earlier this|this)\s+"
    r"(?:week|month|year|spring|summer|autumn|fall|winter)\b"
)
NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|dozen|dozens|million|millions|billion|half|quarter)\b",
    re.IGNORECASE,
)
AMOUNT = re.compile(r"[$€£¥₺]|%|\b(?:million|billion|trillion|percent|per cent)\b", re.IGNORECASE)
IRREGULAR_PAST = (
    r"took|sent|told|went|came|began|fought|paid|won|lost|left|met|made|gave|held|led|fled|fell|rose|struck|"
    r"shot|hit|sold|bought|built|brought|caught|kept|seized|signed|killed|stood|grew|spent|totalled|totaled"
)
EVENT = re.compile(
    rf"\b(?:has|have|had|was|were|been)\s+\w+|\b\w{{3,}}ed\b|\b(?:{IRREGULAR_PAST}|supports?|provides?|"
    r"controls?|holds?|owns?|employs?)\b",
    re.IGNORECASE,
)
# Opinion: first-person stance, obligation, and the evaluative vocabulary of comment (quality judgements,
# not legal or political labels, which news copy also uses for facts).
OPINION = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|guess|suspect)\b|\bin (?:my|our|his|her|their) (?:view|opinion)\b|"
    r"\bit(?:\s+is|\s+was|’s|'s|\s+seems|\s+remains)\s+(?:(?:very|highly|most|quite|\w+ly)\s+)?(?:unlikely|doubtful|improbable|inconceivable|"
    r"unthinkable|hard to (?:see|imagine|believe))\b|"
    # "must pay 5,000 pounds in costs": an obligation a ruling imposes, not the writer's judgement
    r"\b(?:should|ought to|must(?!\s+(?:also\s+)?(?:pay|repay|refund|serve|forfeit|reimburse|compensate)\b)|"
    r"deserves?|deserved)\b|\b(?:terrible|disgraceful|shameful|wonderful|awesome|amazing|awful|"
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
JUDGEMENT_FRAME = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|suspect)\b|\bin (?:my|our|his|her|their) (?:view|opinion)\b|"
    r"\bit(?:\s+is|\s+was|’s|'s|\s+seems|\s+remains)\s+(?:(?:very|highly|most|quite|\w+ly)\s+)?(?:unlikely|"
    r"doubtful|improbable|inconceivable|unthinkable)\b",
    re.IGNORECASE,
)
# Verbs of arguing and blaming: with evaluative content, the sentence reports a stance, not a fact.
STANCE = re.compile(
    r"\b(?:argu(?:e|es|ed|ing)|accus(?:e|es|ed|ing)|criticis(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|"
    r"urg(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+(?:for|on)|warn(?:s|ed|ing)?|condemn(?:s|ed|ing)?|"
    r"slam(?:s|med|ming)?|blast(?:s|ed|ing)?|denounc(?:e|es|ed|ing)|prais(?:e|es|ed|ing)|"
    r"welcom(?:e|es|ed|ing)|lament(?:s|ed|ing)?|complain(?:s|ed|ing)?|(?:called|branded|dubbed|labell?ed|described)"
    r"(?=\s+[^“\"]{1,60}?[“\"‘][a-z]))\b",
    re.IGNORECASE,
)
# How often something happens or how it is trending ("a once-in-a-decade event", "almost every summer",
# "twice a year", "has doubled"): checkable even without a figure.
FREQUENCY = re.compile(
    r"\bonce-in-an?-\w+|\b(?:once|twice|(?:two|three|four|five|\d+)\s+times)\s+(?:a|an|per|every|each)\s+\w+|"
    r"\b(?:almost|nearly|virtually|practically)\s+every\s+(?:day|week|month|year|summer|winter|spring|autumn|"
    r"season|decade)\b|\b(?:more|less)\s+(?:often|frequent(?:ly)?|common(?:ly)?)\b|\b(?:doubled|tripled|"
    r"quadrupled|halved)\b",
    re.IGNORECASE,
)
# A rhetorical or emotional turn ("I don’t understand how three officials can ...", "How can two people ..."):
# a spelled-out number in it counts nobody.
RHETORICAL = re.compile(
    r"\b(?:I|we)\s+(?:just\s+|simply\s+|really\s+)?(?:don[’']t|do\s+not|can[’']t|cannot|could\s+not|"
    r"couldn[’']t)\s+(?:understand|believe|see|imagine|fathom|accept)\b|^\W*how\s+(?:can|could|dare)\b|!",
    re.IGNORECASE,
)
# An event proper, not a copula or "have" with a noun ("was the main driver", "don’t have time"): a perfect or
# passive with a participle, a progressive, or a verb in the past.
_PARTICIPLES = (
    r"run|done|gone|come|become|put|set|cut|let|begun|shut|spread|bid|dealt|felt|found|heard|met|paid"
)
STRONG_EVENT = re.compile(
    rf"\b(?:has|have|had|was|were|is|are|been)\s+(?:not\s+|never\s+|already\s+|just\s+|also\s+)?(?:been|"
    rf"\w+ed|\w+en|\w+ing|{IRREGULAR_PAST}|{_PARTICIPLES})\b|\b\w{{3,}}ed\b|\b(?:{IRREGULAR_PAST})\b",
    re.IGNORECASE,
)
# A reported characterisation in quotation marks ("said the study was “another alarm bell”", "called the
# plan “too little, too late”", "described it as “a farce”"): a label, not a fact.
QUOTED_LABEL = re.compile(
    r"\b(?i:(?:is|was|are|were|as)\s+|(?:called|branded|dubbed|labell?ed|described)\s+(?:\w+\s+){1,3}?)"
    r"[“\"‘][a-z][^”\"’\d]{2,}[”\"’]"
)
# An interview's line marker ("Q:", "A:"): not part of what is said.
QA_MARKER = re.compile(r"^\s*(?:Q|A|Question|Answer)\s*[:.)-]\s+")
# A past participle used as an adjective after a determiner ("the country’s continued expansion",
# "an updated list"): no event.
ADJECTIVAL = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|our|this|these|those)|[’']s)\s+(?:[a-z]+ly\s+)?\w{3,}ed$",
    re.IGNORECASE,
)


def masked(sentence: str) -> str:
    """The sentence with its reporting and stance verbs blanked: they are attribution, not the event."""
    return STANCE.sub(" ", REPORTING_VERB.sub(" ", sentence))


def has_number(content: str) -> bool:
    """A digit, or a number word outside a rhetorical or emotional turn."""
    if re.search(r"\d", content):
        return True
    return bool(NUMBER.search(content)) and not RHETORICAL.search(content)


def has_event(content: str) -> bool:
    """An event verb in ``content`` (reporting verbs masked), not a participle used as an adjective."""
    text = masked(content)
    for match in EVENT.finditer(text):
        if " " in match.group() or not match.group().lower().endswith("ed"):
            return True
        if not ADJECTIVAL.search(text[: match.end()]):
            return True
    return False


def has_strong_event(content: str) -> bool:
    """An event proper in ``content``, reporting verbs masked, no participle used as an adjective."""
    text = masked(content)
    for match in STRONG_EVENT.finditer(text):
        if " " in match.group() or not ADJECTIVAL.search(text[: match.end()]):
            return True
    return False

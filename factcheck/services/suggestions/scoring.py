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
("predicted that") is not (``forecasts``). Attribution counts only when what is attributed is checkable itself
(a figure, a date, a frequency, an event, a named actor besides the speaker, a finding), and the speaker's name
counts as one actor: "Groups say the plan makes things harder" stays an opinion. Editorial notes ("has been
edited for length") are not claims.
"""

from __future__ import annotations

import re

from .forecasts import PREDICTING, SHOULD_HEDGE, forecast_without_fact
from .nonclaims import (
    APPEAL,
    EDITORIAL_NOTE,
    EMBEDDED_REPORT,
    IMPRESSION,
    INSTITUTIONAL_ESTIMATE,
    POINTER,
    VAGUE,
    is_instruction,
)
from .patterns import CREDIT, DATE_WORDS, FINDING, QUOTE_OPEN, TERMINAL, VALUATION
from .vocabulary import (
    AMOUNT,
    DATE,
    FREQUENCY,
    JUDGEMENT_FRAME,
    NUMBER,
    OPINION,
    QA_MARKER,
    QUOTED_LABEL,
    STANCE,
    has_event,
    has_number,
    has_strong_event,
)

_WORD = re.compile(r"[^\W_][\w’'./&-]*")
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
# An answer introduced by the question it answers: "Asked whether the plant would close, the manager said:
# “...”". The question is the reporter's; only the answer can carry a claim.
_ASKED = re.compile(
    r"^\W*Asked\s+(?:whether|if|about|how|why|when|what|who|where|to)\b[^:“\"]*?,\s*[^,:“\"]{1,80}?\b(?:said|says|"
    r"replied|replies|answered|answers|responded|responds|told\s+[\w ]{1,30}?)\s*[:,]?\s*"
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
    """Named actors of a caption, not counting the capitalised words of a place after a preposition ("in
    <City>, <Country>") and dates."""
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


def _without_claimant(content: str, claimant: str | None) -> str:
    """``content`` with the claimant's name blanked: who speaks is not what can be checked."""
    if not claimant:
        return content
    for word in re.findall(r"[A-Z][\w’'-]+", claimant):
        content = re.sub(rf"\b{re.escape(word)}\b", " ", content)
    return content


def score_sentence(
    sentence: str,
    *,
    whole_line: bool = False,
    is_title: bool = False,
    attributed: bool = False,
    caption: bool = False,
    list_item: bool = False,
    claimant: str | None = None,
) -> tuple[float, tuple[str, ...]]:
    """Check-worthiness of one sentence in 0..1, with the features that made it, e.g. ``"+0.15 number"``.

    ``whole_line`` says the sentence is a line of its own (a headline or caption candidate), ``is_title``
    that it repeats the article's title, ``attributed`` that a claimant was found for it, ``caption`` that it
    describes the article's photo, ``list_item`` that it is an item of a list, ``claimant`` who it is
    attributed to. A sentence that is a direct quote is judged on the words inside the quote: who says it makes
    it attributed, not checkable, and the attribution counts only when what is attributed has something
    checkable of its own (a figure, a date, a frequency, a named actor other than the speaker).
    """
    parts: list[tuple[float, str]] = [(0.25, "base")]
    words = len(_WORD.findall(sentence))
    terminal = bool(TERMINAL.search(sentence))
    quote = _quoted_content(sentence)
    content = quote if quote is not None else sentence
    asked = _ASKED.match(sentence)
    if asked:
        content = sentence[asked.end() :].strip(" “”\"'‘’")
    content = QA_MARKER.sub("", content)
    question = content.rstrip(" \"'”’)]»,").endswith("?") or sentence.rstrip("\"'”’)]»").endswith("?")
    if terminal and words >= 6 and not question:
        parts.append((0.15, "complete sentence"))
    own = _without_claimant(content, claimant)
    if caption:
        actors = _caption_actors(content)
    else:  # the speaker counts once, however many words their name has
        actors = _named_actors(own) + (_named_actors(content) > _named_actors(own))
    if actors:
        parts.append((0.25 if actors >= 2 else 0.15, "named actors" + (" in the quote" if quote else "")))
    number = has_number(content)
    if number:
        parts.append((0.15, "number"))
    if AMOUNT.search(content):
        parts.append((0.1, "amount"))
    if DATE.search(content):
        parts.append((0.1, "date"))
    event = has_event(content)
    if event:
        parts.append((0.1, "event"))
    frequency = bool(FREQUENCY.search(content))
    if frequency:
        parts.append((0.15, "frequency or trend"))
    valuation = not number and bool(VALUATION.search(content))
    if valuation:  # "X put the toll far higher": an estimate of a quantity, checkable against others
        parts.append((0.15, "estimate of a quantity"))
        frequency = True
    strong = has_strong_event(own)
    checkable = number or frequency or strong or AMOUNT.search(content) or DATE.search(content)
    if attributed and (checkable or _named_actors(own) or FINDING.search(sentence)):
        parts.append((0.1, "attribution"))
    if quote is not None and not (actors or strong or number or frequency or DATE.search(quote)):
        parts.append((-0.15, "quote with nothing checkable inside"))
    if asked and not (actors or number or AMOUNT.search(content) or DATE.search(content)):
        parts.append((-0.2, "answer to a question, no figure, name or date"))
    opinion = OPINION.search(SHOULD_HEDGE.sub(" ", content))
    if opinion:
        parts.append((-0.35, "opinion"))
        if JUDGEMENT_FRAME.search(content):
            parts.append((-0.15, "framed as a judgement"))
        if STANCE.search(sentence):
            parts.append((-0.15, "stance verb with evaluation"))
    forecast = forecast_without_fact(content)
    estimate = bool(INSTITUTIONAL_ESTIMATE.search(sentence) and NUMBER.search(content))
    if forecast == "forecast" and estimate:
        parts.append((-0.15, "estimate made by a named body"))
    elif forecast == "forecast":
        parts.append((-0.6, "prediction, no past or present fact"))
        if PREDICTING.search(sentence):
            parts.append((-0.15, "reported as a prediction"))
    elif forecast == "anchored":
        parts.append((-0.15, "prediction beside a fact"))
    no_comment = _NO_COMMENT.search(sentence)
    if no_comment and not EMBEDDED_REPORT.search(sentence, no_comment.end()):
        parts.append((-0.45, "no comment"))
    if quote is None and QUOTED_LABEL.search(sentence) and not (checkable or FINDING.search(sentence)):
        parts.append((-0.15, "quoted characterisation"))
    if EDITORIAL_NOTE.search(sentence):
        parts.append((-0.6, "editorial note"))
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

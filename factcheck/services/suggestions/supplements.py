"""Trailing supplements of a news clause that carry a second fact about the same figure.

News copy hangs a second figure or a ranking on the end of a clause after a comma instead of writing a second
sentence. Each supplement is cut off the clause and, where the grammar allows, rewritten as its own claim:

- a figure for another time: ", compared with 9 euros a year earlier", ", against 12% in 2023" -> the clause
  with the figure and its time swapped in; ", up from 40 a year ago", ", down from 3%" -> "<subject> was 40 a
  year ago";
- a relative amount: ", 12% more than in the previous season", ", twice as many as in 2020" -> the clause with
  its quantity replaced by the relative one and the comparison moved to its end;
- a ranking of a change: "Prices rose 4%, the fastest increase since 2019" -> "The 4% rise in prices was the
  fastest increase since 2019"; a ranking after any other clause is cut off but not rewritten (there is no noun
  for what it ranks).

- and more, each described where its pattern is defined: a change against an earlier time (", up 8% from a year
  earlier"), a result clause (", so that ..."), a superlative placed by "with", a remark on a figure with its
  own subject (", a figure the police have not confirmed"), ", making X the ...", an owned noun measured by a
  second figure, a count of occasions closing a penalty for a gerund.

Numbers, hedges and times are copied as written, never computed.
"""

from __future__ import annotations

import re

from .patterns import DATE_WORDS

_HEDGE = (
    r"(?:(?:about|around|some|nearly|almost|over|under|roughly|approximately|approx\.|an\s+estimated|at\s+least|at\s+most|"
    r"more\s+than|less\s+than|fewer\s+than|up\s+to|just\s+over|just\s+under)\s+)?"
)
_MAGNITUDE = r"(?:\s+(?:million|billion|trillion|thousand|hundred))?"
_FIGURE = rf"{_HEDGE}(?:[$€£¥]\s?)?\d[\d,.]*(?:\s*(?:%|per\s*cent|percent){_MAGNITUDE}|{_MAGNITUDE})"
FIGURE = re.compile(rf"\b{_FIGURE}|(?<!\w){_FIGURE}")
_CALENDAR = "|".join(sorted(DATE_WORDS, key=len, reverse=True))
# A time phrase in a clause: "in October", "on Monday", "in 2024", "last year", "in the year to June",
# "a year earlier". The supplement's own time replaces the clause's.
TIME = re.compile(
    rf"\b(?:(?:in|on|during|by|for|since|until)\s+(?:early\s+|late\s+|mid-)?(?:(?:{_CALENDAR})\b\.?(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|"
    r"\d{4}\b|the\s+(?:year|month|week|quarter)\s+to\s+\w+|the\s+\w+\s+(?:quarter|half)(?:\s+of\s+\d{4})?)|"
    r"(?:last|this|next)\s+(?:year|month|week|spring|summer|autumn|fall|winter)|"
    r"(?:a|one|two|three|four|five|six|ten|\d+)\s+(?:years?|months?|weeks?|days?|decades?)\s+(?:earlier|before|ago))"
)
_COMPARED = re.compile(
    r",\s+(compared\s+(?:with|to)|against|versus|(?:up|down)\s+from)\s+(" + _FIGURE + r")((?:\s+[^,;]*)?)$"
)
_RELATIVE_AMOUNT = re.compile(
    rf",\s+((?:{_FIGURE}|twice|three\s+times|four\s+times|five\s+times|ten\s+times|half|\w+\s+times)\s+"
    r"(?:more|less|fewer|higher|lower|as\s+(?:many|much)))\s+((?:than|as)\s+[^,;]+)$"
)
_RANKING = re.compile(
    r",\s+((?:the|its|their)\s+(?:\w+est|most\s+\w+|least\s+\w+|first|second|third|fourth|fifth|biggest|"
    r"largest|highest|lowest|sharpest|steepest|fastest|slowest|smallest|longest|shortest)\b[^,;]*)$"
)
_CHANGE_NOUNS = {
    "rose": "rise", "fell": "fall", "increased": "increase", "decreased": "decrease", "grew": "growth",
    "dropped": "drop", "jumped": "jump", "climbed": "climb", "declined": "decline", "slumped": "slump",
    "surged": "surge", "soared": "rise", "plunged": "fall", "slipped": "fall", "gained": "gain",
}  # fmt: skip
_CHANGE = re.compile(rf"\s+(?:has\s+|have\s+|had\s+)?({'|'.join(_CHANGE_NOUNS)})\s+(?:by\s+)?({_FIGURE})")


def _swap_time(clause: str, time: str) -> str:
    """``clause`` with its last time phrase replaced by ``time`` (appended when it has none)."""
    time = time.strip()
    if not time:
        return clause
    found = list(TIME.finditer(clause))
    if found:
        last = found[-1]
        return clause[: last.start()] + time + clause[last.end() :]
    return f"{clause} {time}"


def _subject(clause: str, subject_split) -> str | None:
    split = subject_split(clause)
    return split[0] if split else None


# ", saying (that) the plant had closed": a participle carrying a reported clause on from the main verb.
CARRIED_CLAUSE = re.compile(
    r",\s+(?:saying|adding|noting|arguing|insisting|warning|ruling|finding|concluding|stating|estimating|"
    r"reporting|claiming)\s+(?:that\s+)?"
    r"((?:[A-Z0-9]|the\s|a\s|an\s|its\s|their\s|his\s|her\s|it\s|they\s|he\s|she\s)[^;]*)$"
)
# "fell to $4 million from $5 million a year earlier": the figure before the change, after a verb of change
# with no object ("lowered its target to $88 from $104" changes the object, not the subject).
_FROM = re.compile(
    r"\b(?:rose|risen|fell|fallen|slowed|eased|grew|grown|climbed|dropped|declined|increased|decreased|jumped|"
    r"slipped|edged\s+(?:up|down)|accelerated|picked\s+up|cooled|narrowed|widened)\s+(?:by\s+\S+\s+)?"
    rf"to\s+{_FIGURE}.*?\s+from\s+({_FIGURE})((?:\s+[^,;]*)?)$"
)
# ", above the bank's 2% target", ", short of the 3 billion analysts expected": a reference figure.
_REFERENCE = re.compile(
    r",\s+((?:well\s+|just\s+|far\s+)?(?:above|below|short\s+of|ahead\s+of|behind|under|over)\s+"
    r"(?:the|a|an|its|their)\s+[^,;]*?\d[^,;]*)$"
)
# ", most of them from ...", ", many of whom ...": a share of what the clause counted, no new clause of the
# sentence's subject; it is cut off so that its list is not spread over the subject.
_SHARE = re.compile(
    r",\s+(?:most|many|some|all|half|several|none|few|two|three)\s+of\s+(?:them|whom|which)\b.*$"
)


def _plural(subject: str) -> bool:
    """Whether the head of ``subject`` (its last word before "of"/"for"/"in") looks plural ("Bread prices")."""
    head = re.split(r"\s+(?:of|for|in|on|at|from|with)\s+", subject)[0].split()[-1]
    return bool(re.fullmatch(r"[a-z]\w*[^s]s", head))


def _was(subject: str) -> str:
    return "were" if _plural(subject) else "was"


def _finite(clause: str, subject: str) -> str:
    """The copula agreeing with the clause's tense and subject: "was"/"were" after a past, else "is"/"are"."""
    past = re.search(r"\b(?:was|were|had|\w+ed|rose|fell|grew|stood)\b", clause)
    return _was(subject) if past else ("are" if _plural(subject) else "is")


# "has fallen by almost half, to 4.10 euros per kilo, as ...": the level a change arrived at, in commas.
_LEVEL = re.compile(
    rf"\b(has\s+|have\s+|had\s+)?(?:{'|'.join(_CHANGE_NOUNS)}|risen|fallen|grown|dropped|climbed|increased|"
    rf"decreased|declined)\b[^,;]*?(,\s+to\s+({_FIGURE}[^,;]*))(?=,)"
)
# ", as the country prepares for ...": a clause of its own, with a noun subject, closing the sentence.
_AS_CLAUSE = re.compile(r",\s+as\s+((?:the|a|an|its|their)\s+[^,;]+)$")


# A participle clause closing the sentence with the main subject as its own ("..., accounting for 11% of all
# deaths", "..., lagging the 34% rise in the index", "..., forcing 300 people to leave"): a second claim.
_PARTICIPLE = re.compile(
    r",\s+((?:accounting|representing|lagging|outpacing|trailing|beating|exceeding|matching|bringing|"
    r"taking|pushing|raising|lifting|leaving|killing|wounding|injuring|forcing|overturning|ending|marking|"
    r"reversing|doubling|tripling|cutting|causing|affecting|displacing|prompting)\b(?:\s+[^,;]+){2,})$"
)
_IRREGULAR_PAST = {
    "making": "made", "taking": "took", "bringing": "brought", "leaving": "left", "cutting": "cut",
    "selling": "sold", "putting": "put", "letting": "let", "driving": "drove", "running": "ran",
    "building": "built", "keeping": "kept", "spending": "spent", "paying": "paid", "lying": "lied",
}  # fmt: skip


def past_of(participle: str) -> str:
    """The simple past of an "-ing" participle: "accounting" -> "accounted", "making" -> "made"."""
    return _IRREGULAR_PAST.get(participle, participle[:-3] + "ed")


# ", so that many growers barely break even", ", so the plant will close": a result with its own subject and
# verb closing the clause, a fact of its own ("so far", "so much" are no result).
_RESULT = re.compile(r",\s+so\s+(?:that\s+|(?!that\b|far\b|much\b|many\b|long\b|too\b|as\b))([^,;]+)$")


# ", up 12% from a year earlier", ", down 3% on the previous quarter": a change against an earlier time, not an
# earlier figure. After a counted object it is "<clause> with 12% more <object> ... than a year earlier"; after a
# level ("reached", "stood at", "was") it is "<subject> was up 12% ... from a year earlier".
_CHANGE_ON_TIME = re.compile(
    rf",\s+(up|down)\s+({_FIGURE})\s+(?:from|on|compared\s+(?:with|to))\s+"
    r"((?:a|an|the|one|two|three|\d+)\s+[^,;]*?\b(?:earlier|before|ago|year|month|quarter|week|period|season))$"
)
_LEVEL_VERB = re.compile(
    r"\b(?:is|are|was|were|stood\s+at|stands\s+at|reached|reaches|totalled|totaled|totals|hit|rose\s+to|fell\s+to|"
    r"came\s+to|amounted\s+to)\s+$"
)


# ", making Tolby the region's busiest port": the result the clause brings about, "<Tolby> is <the ...>"; a name
# is needed (", making it the ..." would have to be resolved inside the sentence).
_MAKING = re.compile(
    r",\s+making\s+((?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*)\s+(the\s+[^,;]+)$"
)


# "was fined 2 million for dumping waste into the bay on more than 40 days": a count of occasions closing a
# penalty for a gerund tells how often the act happened, not the penalty: "<subject> dumped waste into the bay
# on more than 40 days", and the penalty is cut at the count.
_PENALTY_FOR = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:fined|jailed|sentenced|convicted|penali[sz]ed|"
    r"banned|suspended|charged|prosecuted|sanctioned|censured|ordered\s+to\s+pay\b[^,;]*?)\b(?:[^,;]|,(?=\d{3}))*?\s+for\s+"
    rf"([a-z]{{3,}}ing)\s+((?:[^,;]|,(?=\d{{3}}))+?)\s+((?:on|in|over)\s+{_HEDGE}\d[\d,]*\s+(?:separate\s+)?"
    r"(?:days|occasions|times|nights|weeks|dates)\b[^,;]*)$"
)


# "... less than 1% of the city's annual budget of 610 million euros": an owned noun measured by a figure of its
# own, closing a clause that already has a figure, is "<the city's annual budget> is <figure>", a second fact.
_MEASURED = re.compile(
    r"\b((?:(?:the\s+)?[\w-]+[’']s|its|their|his|her)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s+of\s+"
    rf"({_FIGURE}(?:\s+[a-z]+){{0,3}})$"
)


# "Rents rose in every region, with the sharpest increases in the capital": an absolute "with" phrase placing a
# superlative is "<the sharpest increases> were <in the capital>", a second fact.
_WITH_SUPERLATIVE = re.compile(
    r",\s+with\s+(the\s+(?:\w+est|most\s+\w+|biggest|largest)(?:\s+[a-z][\w-]*){1,3}?)\s+"
    r"((?:in|at|among|on|from)\s+.+)$"
)


# ", a figure the ministry has not confirmed", ", a claim that the report does not mention": a noun in apposition
# to the clause with a relative clause of its own subject, "that" often left out. The relative clause is a fact
# about the noun: "<the ministry> <has not confirmed> the figure (of <the clause's last figure>)".
REMARK_NOUNS = "figure|number|total|sum|estimate|claim|charge|finding|allegation|forecast|projection"
_NOUN_REMARK = re.compile(
    rf",\s+an?\s+({REMARK_NOUNS})\s+"
    r"(?:that\s+|which\s+)?((?:the|a|an|its|their|[A-Z])[^,;]*)$"
)
_IRREGULAR_PAST_FORMS = (
    r"(?:made|took|brought|left|cut|put|set|gave|saw|found|kept|held|told|said|heard|paid)"
)
# The relative clause is a subject and a verb with no object ("the police have not confirmed", "the office
# denies"): the noun is its object.
_REMARK_VERB = re.compile(
    r"(.+?)\s+((?:has|have|had|does|do|did|could|can|would|will|may|is|are|was|were)\s+(?:not\s+|yet\s+)*"
    r"(?:been\s+able\s+to\s+)?[a-z]{3,}|[a-z]{2,}(?:ed|s)|" + _IRREGULAR_PAST_FORMS + r")$"
)
_FIGURE_NOUNS = {"figure", "number", "total", "sum", "estimate", "forecast", "projection"}


# "X is gone, and so are the two streets behind it": the same predicate, said of another subject.
_SO_TOO = re.compile(r",?\s+and\s+so\s+(is|are|was|were|has|have|had|did|does|do)\s+([^,;]+)$")


def supplements(clause: str, subject_split) -> tuple[str, list[str]]:
    """(``clause`` without a trailing supplement, the claims the supplement states). ``subject_split`` cuts a
    clause into (subject, predicate) or None (``atomic._subject_split``)."""
    whole, clause = clause, clause.rstrip(" .")
    level = _LEVEL.search(clause)
    if level:
        # The level becomes "<subject> is|was <level>"; the clause closes up (same length kept for offsets).
        subject = _subject(clause[: level.start()].strip() + " " + clause[level.start() :], subject_split)
        blank = clause[: level.start(2)] + " " * len(level.group(2)) + clause[level.end(2) :]
        core, more = supplements(blank, subject_split)
        if subject:
            copula = ("are" if _plural(subject) else "is") if level.group(1) else _was(subject)
            more = [f"{subject} {copula} {level.group(3)}", *more]
        return core, more
    as_clause = _AS_CLAUSE.search(clause)
    if as_clause and subject_split(as_clause.group(1)):
        core, more = supplements(clause[: as_clause.start()], subject_split)
        return core, [*more, as_clause.group(1)]
    carried = CARRIED_CLAUSE.search(clause)
    if carried and re.search(
        r"\b(?:is|are|was|were|had|has|have|would|will|could|\w+ed)\b", carried.group(1)
    ):
        core, more = supplements(clause[: carried.start()], subject_split)
        return core, [*more, carried.group(1)]
    result = _RESULT.search(clause)
    result_split = result and subject_split(result.group(1))
    if result_split and not re.fullmatch(r"(?:it|they|he|she|this|that|we|i|you)", result_split[0].lower()):
        core, more = supplements(clause[: result.start()], subject_split)
        return core, [*more, result.group(1)]
    measured = _MEASURED.search(clause)
    if measured and FIGURE.search(clause[: measured.start()]):
        core, more = supplements(clause[: measured.end(1)], subject_split)
        owner = measured.group(1)
        # "its debt of ...": the clause's subject owns it ("The firm's debt is ...").
        subject = re.match(r"(?:its|their)\s", owner) and _subject(core, subject_split)
        if subject:
            owner = f"{subject}{'’' if subject.endswith('s') else '’s'} {owner.split(' ', 1)[1]}"
        return core, [*more, f"{owner[:1].upper()}{owner[1:]} {_finite(core, owner)} {measured.group(2)}"]
    placed = _WITH_SUPERLATIVE.search(clause)
    if placed:
        core, more = supplements(clause[: placed.start()], subject_split)
        noun = placed.group(1)
        return core, [*more, f"{noun[:1].upper()}{noun[1:]} {_finite(core, noun)} {placed.group(2)}"]
    remark = _NOUN_REMARK.search(clause)
    remark_split = remark and _REMARK_VERB.match(remark.group(2))
    if remark_split:
        core, more = supplements(clause[: remark.start()], subject_split)
        noun = f"the {remark.group(1)}"
        figures = list(FIGURE.finditer(core))
        if remark.group(1) in _FIGURE_NOUNS and figures:
            unit = re.match(
                r"\s+(?!(?:in|on|at|of|to|from|for|by|a|an|the|and|or)\b)([a-z]+)", core[figures[-1].end() :]
            )
            noun += f" of {figures[-1].group()}" + (f" {unit.group(1)}" if unit else "")
        return core, [*more, f"{remark_split.group(1)} {remark_split.group(2)} {noun}"]
    so_too = _SO_TOO.search(clause)
    if so_too and subject_split(clause[: so_too.start()]):
        core = clause[: so_too.start()]
        _subject_words, predicate = subject_split(core)
        auxiliary, _space, rest = predicate.partition(" ")
        if auxiliary in {"is", "are", "was", "were", "has", "have", "had"} and rest:
            said = f"{so_too.group(2)} {so_too.group(1)} {rest}"
        else:
            said = f"{so_too.group(2)} {predicate}"
        return core, [said]
    penalty = _PENALTY_FOR.search(clause)
    if penalty:
        core = clause[: penalty.start(3)].rstrip()
        subject = _subject(core, subject_split)
        if subject:
            return core, [f"{subject} {past_of(penalty.group(1))} {penalty.group(2)} {penalty.group(3)}"]
    making = _MAKING.search(clause)
    if making:
        core, more = supplements(clause[: making.start()], subject_split)
        return core, [*more, f"{making.group(1)} {_finite(core, making.group(1))} {making.group(2)}"]
    participle = _PARTICIPLE.search(clause)
    if participle:
        core, more = supplements(clause[: participle.start()], subject_split)
        # The participle belongs to the nearest clause: "the army struck after militants attacked posts,
        # killing six soldiers" -> the militants killed them.
        nearest = list(re.finditer(r"\b(?:after|when|as|because|since|while|before)\s+", core))
        subject = (nearest and _subject(core[nearest[-1].end() :], subject_split)) or _subject(
            core, subject_split
        )
        verb, _space, rest = participle.group(1).partition(" ")
        # A time closing the clause holds for its participle too: "... in 2022, accounting for 11% of deaths".
        closing = re.search(rf"\s((?:{TIME.pattern}))$", core)
        if closing and not TIME.search(rest):
            rest = f"{rest} {closing.group(1)}"
        return core, [*more, f"{subject} {past_of(verb)} {rest}"] if subject else more
    share = _SHARE.search(clause)
    if share:
        return clause[: share.start()], []
    reference = _REFERENCE.search(clause)
    if reference:
        core = clause[: reference.start()]
        subject = _subject(core, subject_split)
        if not subject:
            return core, []
        return core, [f"{subject} {_finite(core, subject)} {reference.group(1)}"]
    changed = _FROM.search(clause)
    if changed and not _COMPARED.search(clause):
        core = clause[: changed.start(1)].rstrip()
        core = re.sub(r"\s+from$", "", core)
        subject = _subject(core, subject_split)
        return core, [f"{subject} {_was(subject)} {changed.group(1)}{changed.group(2)}"] if subject else []
    on_time = _CHANGE_ON_TIME.search(clause)
    if on_time:
        core = clause[: on_time.start()]
        figures = list(FIGURE.finditer(core))
        subject = _subject(core, subject_split)
        if not figures or not subject:
            return whole, []
        own = figures[0]
        direction, change, earlier = on_time.groups()
        if _LEVEL_VERB.search(core[: own.start()]):
            when = TIME.search(core[own.end() :])
            at = f" {when.group()}" if when else ""
            return core, [f"{subject} {_was(subject)} {direction} {change}{at} from {earlier}"]
        relative = "more" if direction == "up" else "less"
        return core, [f"{core[: own.start()]}{change} {relative} {core[own.end() :].lstrip()} than {earlier}"]
    compared = _COMPARED.search(clause)
    if compared:
        core = clause[: compared.start()]
        figure, time = compared.group(2), compared.group(3)
        own = FIGURE.search(core)
        if not own:
            return whole, []
        if compared.group(1).startswith(("up", "down")):
            # The nearest clause's subject: "A fell 2%, while B rose 3%, down from 4%" -> B was 4%.
            contrast = list(re.finditer(r",?\s+(?:while|whereas|but)\s+", core))
            subject = (contrast and _subject(core[contrast[-1].end() :], subject_split)) or _subject(
                core, subject_split
            )
            return core, [f"{subject} {_was(subject)} {figure}{time}"] if subject else []
        # "compared with 9 euros a year earlier": the unit is the clause's own, the time replaces the clause's.
        when = TIME.search(time)
        swapped = core[: own.start()] + figure + core[own.end() :]
        return core, [_swap_time(swapped, time[when.start() :] if when else "")]
    relative = _RELATIVE_AMOUNT.search(clause)
    if relative:
        core = clause[: relative.start()]
        own = re.search(rf"(?:{FIGURE.pattern})(?:\s+[a-z]+)?\s+of\s+|(?:{FIGURE.pattern})", core)
        if not own:
            return whole, []
        amount = relative.group(1)
        rewritten = f"{core[: own.start()]}{amount} {core[own.end() :].lstrip()}".rstrip()
        return core, [f"{rewritten} {relative.group(2)}"]
    ranking = _RANKING.search(clause)
    if ranking and FIGURE.search(clause[: ranking.start()]):
        core = clause[: ranking.start()]
        change = _CHANGE.search(core)
        subject = _subject(core, subject_split)
        if not change or not subject or change.start() < len(subject) - 1:
            return core, []
        noun = _CHANGE_NOUNS[change.group(1)]
        figure = change.group(2)
        about = subject[:1].lower() + subject[1:] if not re.match(r"[A-Z]\w*\s+[A-Z]", subject) else subject
        return core, [f"The {figure} {noun} in {about} was {ranking.group(1)}"]
    return whole, []

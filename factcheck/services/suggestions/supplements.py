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

Numbers, hedges and times are copied as written, never computed.
"""

from __future__ import annotations

import re

from .patterns import DATE_WORDS

_HEDGE = (
    r"(?:(?:about|around|some|nearly|almost|over|under|roughly|approximately|an\s+estimated|at\s+least|at\s+most|"
    r"more\s+than|less\s+than|fewer\s+than|up\s+to|just\s+over|just\s+under)\s+)?"
)
_MAGNITUDE = r"(?:\s+(?:million|billion|trillion|thousand|hundred))?"
_FIGURE = rf"{_HEDGE}(?:[$€£¥]\s?)?\d[\d,.]*(?:\s*(?:%|per\s*cent|percent){_MAGNITUDE}|{_MAGNITUDE})"
FIGURE = re.compile(rf"\b{_FIGURE}|(?<!\w){_FIGURE}")
_CALENDAR = "|".join(sorted(DATE_WORDS, key=len, reverse=True))
# A time phrase in a clause: "in October", "on Monday", "in 2024", "last year", "in the year to June",
# "a year earlier". The supplement's own time replaces the clause's.
TIME = re.compile(
    rf"\b(?:(?:in|on|during|by|for)\s+(?:early\s+|late\s+|mid-)?(?:(?:{_CALENDAR})\b\.?(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|"
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


def supplements(clause: str, subject_split) -> tuple[str, list[str]]:
    """(``clause`` without a trailing supplement, the claims the supplement states). ``subject_split`` cuts a
    clause into (subject, predicate) or None (``atomic._subject_split``)."""
    whole, clause = clause, clause.rstrip(" .")
    compared = _COMPARED.search(clause)
    if compared:
        core = clause[: compared.start()]
        figure, time = compared.group(2), compared.group(3)
        own = FIGURE.search(core)
        if not own:
            return whole, []
        if compared.group(1).startswith(("up", "down")):
            subject = _subject(core, subject_split)
            return core, [f"{subject} was {figure}{time}"] if subject else []
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

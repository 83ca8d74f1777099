"""Where a sentence's attribution ends and the statement it reports begins.

"X said (on Monday) (that) ...", "According to X, ...", "X disputed ..., saying ...", "X told <hearer> ..."
open a statement; ", X said on Monday", ", according to X", ", citing ..." and, after a closing quote, a verb of
saying among the first words ("“…,” said X, a …") close one. ``reported_span`` gives the (start, end) of the
statement inside the sentence; the attribution itself is the claimant's field.
"""

from __future__ import annotations

import re

from .patterns import AMBIGUOUS_VERBS, CARRIED_SPEECH, DISPUTING_VERB, REPORTING_VERB
from .supplements import REMARK_NOUNS


def _ends_attribution(tail: str) -> bool:
    """Whether ``tail`` (after a comma, to the sentence end) is a closing "X said on Monday"."""
    # ", a figure the police have not confirmed": a remark on the clause, whose verb is no attribution.
    if re.match(rf"an?\s+(?:{REMARK_NOUNS})\b", tail):
        return False
    for verb in REPORTING_VERB.finditer(tail):
        before, after = tail[: verb.start()], tail[verb.end() :]
        if len(before.split()) > 8 or "," in before:
            return False
        if before.strip() and _DETERMINED.search(before):  # "disputed that estimate,": a noun, no verb
            continue
        if not before.strip() and (len(after.split()) > 8 or not re.match(r"\s+(?:[A-Z]|the\s)", after)):
            return False  # "X, a chain, said sales fell": the verb opens the statement, it does not close it
        if re.match(
            r"\s+(?:(?:on|last|this|in|earlier)\s+\w+\s+)?(?:that\b|the\s+\w+\s+(?:is|was|had|has|were)\b)",
            after,
        ):
            return False
        if verb.group() not in AMBIGUOUS_VERBS or re.match(
            r"\s*(?:[,.;]|$|on\b|in\b|last\b|\w+day\b)", after
        ):
            return True
    return False


# What stands between a verb of saying and the clause it reports: a time ("on Monday"), a medium ("in a
# statement"), the hearer ("told reporters that"), and "that".
_REPORTED_OPENING = re.compile(
    r"\s*(?:(?:on|last|this)\s+\w+\s+|in\s+an?\s+\w+(?:\s+\w+)?\s+|(?:reporters|the\s+court|\w+)\s+(?=that\b))*"
    r"(?:that\s+)?"
)
# "told state television the talks would ...": after "told", the hearer (a few words, a place, a day) comes
# before the reported clause, which opens with a determiner, a pronoun or a name.
_HEARER = re.compile(
    r"\s+(?:[\w.’'-]+\s+){1,3}?(?:in\s+[A-Z][\w-]*\s+)?(?:on\s+\w+day\s+)?(?:that\s+)?"
    r"(?=(?:the|a|an|its|his|her|their|it|he|she|they|we|I|[A-Z0-9])\b)"
)
# A determiner or possessive right before a word: the word is a noun ("the dispute", "its challenge").
_DETERMINED = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that|our|[\w]+[’']s)\s+$", re.IGNORECASE)


def reported_span(sentence: str) -> tuple[int, int]:
    """(start, end) of what the sentence states, the attribution cut off both ends."""
    start, end = 0, len(sentence.rstrip())
    body = sentence[:end]
    # ", X said on Monday." / ", according to X." / ", citing ..." at the end.
    for match in re.finditer(r",[”\"’]?\s+", body):  # ", X said" and “...,” X said
        tail = body[match.end() :]
        words = tail.split()
        if re.match(r"(?:according\s+to|citing|as\s+reported\s+by)\b", tail, re.IGNORECASE):
            end = match.start()
            break
        if len(words) <= 25 and _ends_attribution(tail):
            end = match.start()
            break
        # “…,” said X, a senior analyst at …: after a closing quote, a verb of saying among the first words
        # is the attribution, however long the speaker's description.
        quoted = re.search(r"[”\"’]", match.group())
        verb = REPORTING_VERB.search(tail)
        if quoted and verb and len(tail[: verb.start()].split()) <= 5 and "“" not in tail:
            end = match.start()
            break
    head = body[:end]
    according = re.match(r"\W*According\s+to\s+[^,]+,\s*", head)
    if according:
        return according.end(), end
    carried = CARRIED_SPEECH.search(head)
    # A verb of disputing, not its noun: "the dispute, said ..." is an aside before the speech verb.
    disputing = next(
        (m for m in DISPUTING_VERB.finditer(head) if not _DETERMINED.search(head[: m.start()])), None
    )
    if carried and disputing and disputing.start() < carried.start():
        rest = _REPORTED_OPENING.match(head[carried.end() :])
        return carried.end() + rest.end(), end
    for verb in REPORTING_VERB.finditer(head):
        before = head[: verb.start()]
        last_clause = re.split(r",\s+", before)[-1]
        if (
            len(last_clause.split()) > 10
            or len(before.split()) > 16
            or re.search(r"[“\"]", before)
            or not before.strip()
        ):
            break
        if re.match(rf"an?\s+(?:{REMARK_NOUNS})\b", last_clause):  # ", a figure the police confirmed"
            continue
        # "reported that", "reported last week that": a verb that is also a noun reports when "that" follows.
        if verb.group() in AMBIGUOUS_VERBS and not re.match(
            r"\s+(?:(?:on|last|this|in|earlier)\s+\w+\s+)?that\b", head[verb.end() :]
        ):
            if verb.group() not in {"show", "shows", "showed", "found", "finds", "find"}:
                continue
        rest = _REPORTED_OPENING.match(head[verb.end() :])
        hearer = verb.group() in {"told", "tells", "tell"} and _HEARER.match(head[verb.end() :])
        if hearer and not head[verb.end() : verb.end() + rest.end()].strip():
            return verb.end() + hearer.end(), end
        return verb.end() + rest.end(), end
    return start, end

"""Attribute every sentence of an article to its claimant, using the sentences around it.

A sentence's own attribution comes first (``attribution``), resolved against what came before
(``references``). Then context: a bare quote continues the attribution just before it, interview answers
("A: ...") belong to the interviewee (``interviews``), and a quote cut into several sentences belongs to the attribution
closing it, and so does every sentence said while a quote opened earlier in the paragraph is still open. The
items of a list belong to whoever its introduction ("Industry groups list three options:") names. In a
piece labelled as opinion, what the writer asserts unattributed is the writer's (the byline's name). None when the outlet asserts the sentence itself, and for headlines and photo credits.
"""

from __future__ import annotations

import re

from .antecedents import subject_person
from .attribution import direct_claimant
from .interviews import interviewee_named, main_speaker
from .patterns import QUOTE_OPEN, REPORTING_VERB
from .references import Mention, bodies, resolve

_QA = re.compile(r"^\s*(Q|A|Question|Answer)\s*[:.)-]\s")
# The label of an opinion piece on a line of its own near the top ("Opinion", "Comment | Op-ed"), and its
# byline ("By Jane Doe", "By Jane Doe, a former judge").
_OPINION_LABEL = re.compile(
    r"^[ \t]*(?:opinion|comment|commentary|op-?ed|guest\s+(?:column|essay|opinion)|column|viewpoint|"
    r"perspective|letter)s?\b[^\n.]{0,40}$",
    re.IGNORECASE | re.MULTILINE,
)
_BYLINE = re.compile(r"^[ \t]*By\s+((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]+)\b[^\n]{0,80}$", re.MULTILINE)
_HEAD_LINES = 6


def opinion_writer(text: str) -> tuple[str, int] | None:
    """(writer, end of the byline) when ``text`` is labelled an opinion piece near its top and has a byline."""
    lines = re.match(rf"(?:[^\n]*\n){{0,{_HEAD_LINES}}}", text)
    head = lines.group() if lines else text
    byline = _BYLINE.search(head)
    if not byline or not _OPINION_LABEL.search(head):
        return None
    return byline.group(1), byline.end()


def _opens_quote(sentence: str) -> bool:
    return sentence.lstrip()[:1] in QUOTE_OPEN


def _opens_unclosed_quote(sentence: str) -> bool:
    text = sentence.lstrip()
    if text[:1] == "“":
        return text.count("“") > text.count("”")
    return text[:1] == '"' and text.count('"') % 2 == 1


def _closes_quote(sentence: str) -> bool:
    return sentence.count("”") > sentence.count("“") or sentence.count('"') % 2 == 1


def _inside_quote(before: str) -> bool:
    """Whether a quote opened in ``before`` (the paragraph up to a sentence) is still open there."""
    if "“" in before or "”" in before:
        return before.count("“") > before.count("”")
    return before.count('"') % 2 == 1


def _carries_quote(sentence: str) -> bool:
    return any(ch in sentence for ch in '“”"«»')


def attribute_claimants(
    text: str,
    spans: list[tuple[int, int]],
    *,
    line_ids: list[int],
    skipped: list[bool],
    list_items: list[bool] | None = None,
) -> list[str | None]:
    """The claimant of each span of ``text`` (``text[start:end]``), in order; None where there is none.

    ``line_ids`` numbers the line each span sits on, ``skipped`` marks spans that never have a claimant
    (headlines, photo credits); they are left out of the history too. Beyond what a sentence says itself,
    a bare quote continues the quote attributed just before it (same line, or the line before ending on an
    attributed quote), an interview's answer lines ("A: …") belong to the latest person quoted, and a quote
    of several sentences on one line belongs to the attribution closing it. ``list_items`` marks the items
    of a list: they take the claimant of the line introducing the list when it ends with a colon.
    """
    sentences = [text[start:end] for start, end in spans]
    claimants: list[str | None] = []
    history: list[Mention] = []
    answer_line: tuple[int, str | None] | None = None
    interviewee: str | None = None  # the person an interview introduction names
    line_starts: dict[int, int] = {}
    intro: str | None = None  # the claimant of the latest line introducing a list
    for index, sentence in enumerate(sentences):
        line_starts.setdefault(line_ids[index], spans[index][0])
        if list_items and list_items[index]:
            claimants.append(intro)
            continue
        if skipped[index]:
            claimants.append(None)
            continue
        raw, mentions, phrase = direct_claimant(sentence)
        claimant = resolve(raw, history, text[: spans[index][0]]) if raw else None
        if raw and raw.lower() in {"he", "she"} and index and not skipped[index - 1]:
            # "He said ...": the person the previous sentence is about, before anyone quoted earlier.
            subject = subject_person(sentences[index - 1])
            mention = Mention(subject, subject, False, subject, sentences[index - 1]) if subject else None
            if mention and mention.is_person and subject != claimants[index - 1]:
                claimant = resolve(subject.split()[-1], history, text[: spans[index][0]])
                claimant = claimant if claimant.endswith(subject.split()[-1]) and " " in claimant else subject
        qa = _QA.match(sentence)
        interviewee = interviewee_named(sentence, history) or interviewee
        if qa and qa.group(1)[0] == "A":
            answer_line = (line_ids[index], interviewee or main_speaker(history))
        elif qa:
            answer_line = None
        if claimant is None and answer_line and answer_line[0] == line_ids[index]:
            claimant = answer_line[1]
        if claimant is None and _opens_quote(sentence) and index and not REPORTING_VERB.search(sentence):
            previous, before = sentences[index - 1], claimants[index - 1]
            same_line = line_ids[index - 1] == line_ids[index]
            first_on_line = not same_line and line_ids[index - 1] == line_ids[index] - 1
            if before and _carries_quote(previous) and (same_line or first_on_line):
                claimant = before
        paragraph = text[line_starts[line_ids[index]] : spans[index][0]]
        if claimant is None and index and line_ids[index - 1] == line_ids[index] and _inside_quote(paragraph):
            claimant = claimants[index - 1]
        if qa and qa.group(1)[0] == "Q":  # the interviewer's question: its names answer nothing
            claimants.append(claimant)
            intro = None
            continue
        if raw and claimant:
            history.append(Mention(raw, claimant, True, phrase or raw, sentence))
        history.extend(Mention(m, m, False, m, sentence) for m in mentions)
        seen = " ".join(filter(None, [raw, claimant, *mentions])).lower()
        history.extend(
            Mention(b, b, False, b, sentence, body=True) for b in bodies(sentence) if b.lower() not in seen
        )
        claimants.append(claimant)
        intro = claimant if sentence.rstrip().endswith(":") else None

    # A quote of several sentences belongs to the attribution closing it: “A. B,” X said. -> both X.
    for index in range(len(sentences) - 1, -1, -1):
        paragraph = text[spans[index][0] - len(text[: spans[index][0]].split("\n")[-1]) : spans[index][0]]
        open_quote = _opens_unclosed_quote(sentences[index]) or _inside_quote(paragraph)
        if claimants[index] is None and not skipped[index] and open_quote:
            following = index + 1
            while following < len(sentences) and line_ids[following] == line_ids[index]:
                if _closes_quote(sentences[following]):
                    claimants[index] = claimants[following]
                    break
                following += 1
    return claimants


def with_writer(
    text: str, spans: list[tuple[int, int]], claimants: list[str | None], skipped: list[bool]
) -> list[str | None]:
    """``claimants`` with the writer of an opinion piece (``opinion_writer``) put on every sentence after the
    byline that names no one else: the piece speaks in its writer's voice. Unchanged for any other article."""
    writer = opinion_writer(text)
    if not writer:
        return claimants
    name, byline_end = writer
    return [
        claimant or (None if skipped[i] or spans[i][0] < byline_end else name)
        for i, claimant in enumerate(claimants)
    ]
